import { and, eq, inArray } from "drizzle-orm";
import { type AppDb, statement } from "../client";
import { reminderLog } from "../schema";

/** Recipients who already had this kind of reminder on this day. */
export async function remindedOn(db: AppDb, kind: string, day: string): Promise<Set<string>> {
  const rows = await db
    .select({ recipient: reminderLog.recipient })
    .from(reminderLog)
    .where(and(eq(reminderLog.kind, kind), eq(reminderLog.day, day)));
  return new Set(rows.map((row) => row.recipient));
}

/** Which of `keys` (the `day` column) this kind of reminder already went out under. */
export async function remindedKeys(db: AppDb, kind: string, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 90) {
    const rows = await db
      .select({ day: reminderLog.day })
      .from(reminderLog)
      .where(and(eq(reminderLog.kind, kind), inArray(reminderLog.day, keys.slice(i, i + 90))));
    for (const row of rows) found.add(row.day);
  }
  return found;
}

/**
 * The reminder's record, as a statement for `atomic` with its outbox rows. A plain insert: if another
 * run recorded the same recipient, kind and day first, the whole write fails and nothing is sent twice.
 */
export function recordReminder(
  db: AppDb,
  entry: { recipient: string; kind: string; day: string; at: number; summary: string },
) {
  return statement(
    db.insert(reminderLog).values({
      recipient: entry.recipient,
      kind: entry.kind,
      day: entry.day,
      sentAt: entry.at,
      summary: entry.summary,
    }),
  );
}
