import { type AppDb, statement } from "../client";
import { auditLog } from "../schema";

export interface AuditEntry {
  at: number;
  /** `admin-api`, or the acting user's LINE id (kept for audit, never shown). */
  actor: string;
  action: string;
  subject?: string | null;
  detail?: Record<string, unknown> | null;
}

/** An audit row, as a statement for `atomic`: written together with what it records. */
export function auditStatement(db: AppDb, entry: AuditEntry) {
  return statement(
    db.insert(auditLog).values({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject ?? null,
      detail: entry.detail ?? null,
    }),
  );
}
