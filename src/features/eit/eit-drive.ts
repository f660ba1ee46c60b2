import { z } from "zod";
import { eitInvitationCard } from "../../../flex-templates/eit.flex";
import type { Statement } from "../../db/client";
import { recordEitInvitation, wasInvited } from "../../db/repos/eit.repo";
import { getSetting } from "../../db/repos/settings.repo";
import type { Complaint } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { fiscalYearOf, isIsoDate, localDate, thaiShortDate } from "../../domain/thai-time";
import { isoDateSchema } from "../../domain/validation";
import type { Message } from "../../line/messages";

export const EIT_DRIVE_KEY = "eit_drive";

/** The official EIT link and the assessment window, set by an admin. */
export const eitDriveSchema = z
  .object({
    url: z
      .url({
        protocol: /^https$/,
        error: (issue) =>
          issue.input === undefined || issue.input === "" ? "ต้องกรอก" : "ต้องเป็นลิงก์ที่ขึ้นต้นด้วย https://",
      })
      .max(1000, "ยาวเกิน 1000 ตัวอักษร"),
    startDate: isoDateSchema,
    endDate: isoDateSchema,
  })
  // Compared only when both dates are real: a wrong start date is its own problem, not the end's.
  .refine(
    (drive) => !isIsoDate(drive.startDate) || !isIsoDate(drive.endDate) || drive.startDate <= drive.endDate,
    {
      path: ["endDate"],
      message: "วันสิ้นสุดต้องไม่ก่อนวันเริ่มเชิญ",
    },
  );

export type EitDrive = z.infer<typeof eitDriveSchema>;

export function getEitDrive(deps: AppDeps): Promise<EitDrive | undefined> {
  return getSetting(deps.db, EIT_DRIVE_KEY, eitDriveSchema);
}

/**
 * When a general complaint is closed during the assessment window, its complainant gets one invitation
 * to the official EIT per fiscal year. Corruption complainants are not invited: their sealed contact
 * serves their case only.
 */
export async function eitInvitationFor(
  deps: AppDeps,
  complaint: Complaint,
  lineUserId: string,
  at: number,
): Promise<{ statements: Statement[]; messages: Message[] } | null> {
  if (complaint.track !== "general") return null;
  const drive = await getEitDrive(deps);
  if (!drive) return null;
  const today = localDate(at, deps.config.timeZone);
  if (today < drive.startDate || today > drive.endDate) return null;
  const fiscalYear = fiscalYearOf(at, deps.config.timeZone);
  if (await wasInvited(deps.db, fiscalYear, lineUserId)) return null;
  return {
    statements: [recordEitInvitation(deps.db, { fiscalYear, lineUserId, at })],
    messages: [
      eitInvitationCard({
        orgName: deps.config.orgName,
        url: drive.url,
        endDate: thaiShortDate(drive.endDate),
      }),
    ],
  };
}
