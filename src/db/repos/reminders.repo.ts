import { and, eq } from "drizzle-orm";
import { type AppDb, statement } from "../client";
import { reminderLog } from "../schema";

/** Recipients who already had this kind of reminder on this day. */
export async function remindedOn(db: AppDb, orgId: string, kind: string, day: string): Promise<Set<string>> {
  const rows = await db
    .select({ recipient: reminderLog.recipient })
    .from(reminderLog)
    .where(and(eq(reminderLog.orgId, orgId), eq(reminderLog.kind, kind), eq(reminderLog.day, day)));
  return new Set(rows.map((row) => row.recipient));
}

/**
 * The reminder's record, as a statement for `atomic` with its outbox rows. A plain insert: if another
 * run recorded the same recipient, kind and day first, the whole write fails and nothing is sent twice.
 */
export function recordReminder(
  db: AppDb,
  entry: { orgId: string; recipient: string; kind: string; day: string; at: number; summary: string },
) {
  return statement(
    db.insert(reminderLog).values({
      orgId: entry.orgId,
      recipient: entry.recipient,
      kind: entry.kind,
      day: entry.day,
      sentAt: entry.at,
      summary: entry.summary,
    }),
  );
}
