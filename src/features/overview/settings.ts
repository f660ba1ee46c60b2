import { z } from "zod";
import { getSetting } from "../../db/repos/settings.repo";
import type { AppDeps } from "../../deps";

const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "ต้องเป็นเดือน-วันในรูปแบบ ดด-วว เช่น 04-30");
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "ต้องเป็นเวลาแบบ 24 ชั่วโมงในรูปแบบ ชช:นน เช่น 08:30");
const WEEKDAY_RANGE = "ต้องเป็นวันในสัปดาห์ 0 (อาทิตย์) ถึง 6 (เสาร์)";

/** When the measures reports are due: the six-month round in April, the twelve-month round in October. */
export const reportDeadlinesSchema = z.object({ sixMonth: monthDay, twelveMonth: monthDay });
export type ReportDeadlines = z.infer<typeof reportDeadlinesSchema>;
export const REPORT_DEADLINES_KEY = "report_deadlines";
export const DEFAULT_REPORT_DEADLINES: ReportDeadlines = { sixMonth: "04-30", twelveMonth: "10-31" };

/** When reminders go out, in the organisation's time zone: the executives' weekly digest, staff nudges. */
export const reminderScheduleSchema = z.object({
  /** 0 = Sunday … 6 = Saturday. */
  digestWeekday: z.number().int(WEEKDAY_RANGE).min(0, WEEKDAY_RANGE).max(6, WEEKDAY_RANGE),
  digestTime: time,
  nudgeTime: time,
});
export type ReminderSchedule = z.infer<typeof reminderScheduleSchema>;
export const REMINDER_SCHEDULE_KEY = "reminder_schedule";
export const DEFAULT_REMINDER_SCHEDULE: ReminderSchedule = {
  digestWeekday: 1,
  digestTime: "08:30",
  nudgeTime: "09:00",
};

export async function reportDeadlines(deps: AppDeps): Promise<ReportDeadlines> {
  return (await getSetting(deps.db, REPORT_DEADLINES_KEY, reportDeadlinesSchema)) ?? DEFAULT_REPORT_DEADLINES;
}

export async function reminderSchedule(deps: AppDeps): Promise<ReminderSchedule> {
  return (
    (await getSetting(deps.db, REMINDER_SCHEDULE_KEY, reminderScheduleSchema)) ?? DEFAULT_REMINDER_SCHEDULE
  );
}
