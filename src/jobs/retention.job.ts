import { z } from "zod";
import { atomic } from "../db/client";
import { auditStatement } from "../db/repos/audit.repo";
import { purgeComplaintsStatements, retentionDue } from "../db/repos/privacy.repo";
import { getSetting } from "../db/repos/settings.repo";
import type { AppDeps } from "../deps";

export const RETENTION_KEY = "retention";
export const retentionSchema = z.object({
  /** Days after a complaint is closed that its photos, contact and place are kept (PDPA). */
  closedComplaintDays: z
    .number()
    .int("ต้องเป็นจำนวนวันเต็ม")
    .min(30, "ต้องไม่น้อยกว่า 30 วัน")
    .max(3650, "ต้องไม่เกิน 3,650 วัน"),
});
export type Retention = z.infer<typeof retentionSchema>;
export const DEFAULT_RETENTION: Retention = { closedComplaintDays: 730 };

/** The organisation's retention policy, or the default (2 years). */
export async function retentionPolicy(deps: Pick<AppDeps, "db">): Promise<Retention> {
  return (await getSetting(deps.db, RETENTION_KEY, retentionSchema)) ?? DEFAULT_RETENTION;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention (PDPA): photos, the complainant's contact and the place of complaints closed longer ago
 * than the organisation's period (default 2 years) are removed; the complaints stay for the
 * statistics. Runs in batches of 500 complaints; audited with counts.
 */
export async function runRetention(
  deps: AppDeps,
  at: number,
): Promise<{ complaints: number; photos: number }> {
  const policy = await retentionPolicy(deps);
  const before = at - policy.closedComplaintDays * DAY_MS;
  const due = await retentionDue(deps.db, before);
  if (due.complaintIds.length === 0) return { complaints: 0, photos: 0 };
  await atomic(deps.db, [
    ...purgeComplaintsStatements(deps.db, due.complaintIds),
    auditStatement(deps.db, {
      at,
      actor: "retention",
      action: "privacy.retention",
      detail: {
        complaints: due.complaintIds.length,
        photos: due.photoKeys.length,
        days: policy.closedComplaintDays,
      },
    }),
  ]);
  await Promise.all(due.photoKeys.map((key) => deps.blobs.delete(key)));
  return { complaints: due.complaintIds.length, photos: due.photoKeys.length };
}
