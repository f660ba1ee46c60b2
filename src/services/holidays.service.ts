import { z } from "zod";
import { deleteHoliday, findHoliday, putHoliday } from "../db/repos/holidays.repo";
import type { Holiday } from "../db/schema";
import type { AppDeps } from "../deps";
import { isoDateSchema } from "../domain/validation";
import { type Actor, type Planned, planned, refused } from "./plan";

/** Which holiday: its date. */
export const holidayDateSchema = z.object({ date: isoDateSchema });
export type HolidayDateInput = z.infer<typeof holidayDateSchema>;

export const holidaySchema = z.object({
  date: isoDateSchema,
  name: z.string().trim().min(1, "ต้องไม่ว่าง").max(100, "ยาวเกิน 100 ตัวอักษร"),
});
export type HolidayInput = z.infer<typeof holidaySchema>;

/** Add a holiday, or rename the one on that date. */
export async function planPutHoliday(
  deps: AppDeps,
  input: HolidayInput,
  _actor: Actor,
): Promise<Planned<HolidayInput>> {
  const holiday: Holiday = { ...input };
  return planned(input, {
    statements: [putHoliday(deps.db, holiday)],
    audit: [{ action: "holiday.put", subject: input.date, detail: input }],
  });
}

/** Remove the holiday on a date; there must be one. */
export async function planDeleteHoliday(
  deps: AppDeps,
  input: HolidayDateInput,
  _actor: Actor,
): Promise<Planned<undefined>> {
  if (!(await findHoliday(deps.db, input.date))) return refused("holiday.not_found");
  return planned(undefined, {
    statements: [deleteHoliday(deps.db, input.date)],
    audit: [{ action: "holiday.delete", subject: input.date, detail: {} }],
  });
}
