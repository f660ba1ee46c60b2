import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { AppDb } from "../client";
import { type OutboxRow, type OutboxStatus, outbox } from "../schema";

export type NewOutboxRow = typeof outbox.$inferInsert;

export function insertOutbox(db: AppDb, rows: NewOutboxRow[]) {
  return db.insert(outbox).values(rows);
}

const OPEN: OutboxStatus[] = ["pending", "sending"];

/** The oldest undelivered batch for one recipient: batches to a user go out in order. */
export async function oldestOpenOutbox(db: AppDb, orgId: string, to: string): Promise<OutboxRow | undefined> {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.orgId, orgId), eq(outbox.to, to), inArray(outbox.status, OPEN)))
    .orderBy(asc(outbox.id))
    .limit(1)
    .get();
}

/** Take one batch for sending; fails (undefined) when another worker holds it or it is not due. */
export async function claimOutbox(
  db: AppDb,
  id: number,
  now: number,
  leaseMs: number,
): Promise<OutboxRow | undefined> {
  const rows = await db
    .update(outbox)
    .set({
      status: "sending",
      leaseUntil: now + leaseMs,
      attempts: sql`${outbox.attempts} + 1`,
      lastAttemptAt: now,
    })
    .where(
      and(
        eq(outbox.id, id),
        sql`${outbox.nextAttemptAt} <= ${now}`,
        sql`(${outbox.status} = 'pending' OR (${outbox.status} = 'sending' AND ${outbox.leaseUntil} < ${now}))`,
      ),
    )
    .returning();
  return rows[0];
}

export async function finishOutbox(
  db: AppDb,
  id: number,
  outcome: { status: OutboxStatus; lastStatus?: number | null; error?: string | null; at: number },
) {
  await db
    .update(outbox)
    .set({
      status: outcome.status,
      lastStatus: outcome.lastStatus ?? null,
      lastError: outcome.error?.slice(0, 1000) ?? null,
      sentAt: outcome.status === "sent" ? outcome.at : null,
      leaseUntil: 0,
    })
    .where(eq(outbox.id, id));
}

/** Put a batch back for another try; a reply whose token is gone becomes a push. */
export async function retryOutbox(
  db: AppDb,
  id: number,
  retry: { at: number; lastStatus: number | null; error: string; dropReplyToken: boolean },
) {
  await db
    .update(outbox)
    .set({
      status: "pending",
      nextAttemptAt: retry.at,
      lastStatus: retry.lastStatus,
      lastError: retry.error.slice(0, 1000),
      leaseUntil: 0,
      ...(retry.dropReplyToken ? { replyToken: null } : {}),
    })
    .where(eq(outbox.id, id));
}

/** Recipients with a batch due now (for the periodic delivery sweep). */
export async function dueOutboxRecipients(
  db: AppDb,
  orgId: string,
  now: number,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ to: outbox.to })
    .from(outbox)
    .where(
      and(
        eq(outbox.orgId, orgId),
        sql`(${outbox.status} = 'pending' AND ${outbox.nextAttemptAt} <= ${now}) OR (${outbox.status} = 'sending' AND ${outbox.leaseUntil} < ${now})`,
      ),
    )
    .limit(limit);
  return rows.map((r) => r.to);
}

/**
 * A reply that was being sent when the process died cannot be checked: LINE gives no way to ask
 * whether a reply token was used. It is marked `unknown` rather than sent again.
 */
export async function settleInterruptedOutbox(db: AppDb, orgId: string, now: number) {
  await db
    .update(outbox)
    .set({ status: "unknown", leaseUntil: 0, lastError: "interrupted while replying" })
    .where(and(eq(outbox.orgId, orgId), eq(outbox.status, "sending"), sql`${outbox.replyToken} IS NOT NULL`));
  await db
    .update(outbox)
    .set({ status: "pending", leaseUntil: 0, nextAttemptAt: now })
    .where(and(eq(outbox.orgId, orgId), eq(outbox.status, "sending")));
}

export interface OutboxHealth {
  pending: number;
  failed: number;
  oldestPendingAt: number | null;
  lastRateLimitedAt: number | null;
}

export async function outboxHealth(db: AppDb, orgId: string): Promise<OutboxHealth> {
  const row = await db.get<OutboxHealth>(sql`
    SELECT
      coalesce(sum(status IN ('pending', 'sending')), 0) AS pending,
      coalesce(sum(status = 'failed'), 0) AS failed,
      min(CASE WHEN status IN ('pending', 'sending') THEN created_at END) AS oldestPendingAt,
      max(CASE WHEN last_status = 429 THEN last_attempt_at END) AS lastRateLimitedAt
    FROM outbox WHERE org_id = ${orgId}`);
  return row ?? { pending: 0, failed: 0, oldestPendingAt: null, lastRateLimitedAt: null };
}
