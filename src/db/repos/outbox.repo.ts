import { and, eq, sql } from "drizzle-orm";
import type { AppDb } from "../client";
import { type OutboxRow, type OutboxStatus, outbox } from "../schema";

export type NewOutboxRow = typeof outbox.$inferInsert;

export function insertOutbox(db: AppDb, rows: NewOutboxRow[]) {
  return db.insert(outbox).values(rows);
}

/** Literal, not bound, so SQLite can use the partial indexes over open rows. */
const OPEN = sql`${outbox.status} IN ('pending', 'sending')`;

const RETURNING = sql.raw(`RETURNING id, org_id AS orgId, to_id AS "to", reply_token AS replyToken,
  reply_deadline AS replyDeadline, messages, retry_key AS retryKey, source_event_id AS sourceEventId, status,
  attempts, next_attempt_at AS nextAttemptAt, lease_until AS leaseUntil, last_status AS lastStatus,
  last_error AS lastError, last_attempt_at AS lastAttemptAt, created_at AS createdAt, sent_at AS sentAt`);

/**
 * Take the oldest undelivered batch for one recipient, in one statement: batches to a user go out
 * in order. Undefined when it is not due yet, another worker holds it, or there is none.
 */
export async function claimNextOutbox(
  db: AppDb,
  orgId: string,
  to: string,
  now: number,
  leaseMs: number,
): Promise<OutboxRow | undefined> {
  const rows = await db.all<OutboxRow>(sql`
    UPDATE outbox SET status = 'sending', lease_until = ${now + leaseMs}, attempts = attempts + 1,
      last_attempt_at = ${now}
    WHERE id = (
      SELECT id FROM outbox WHERE org_id = ${orgId} AND to_id = ${to} AND status IN ('pending', 'sending')
      ORDER BY id LIMIT 1
    )
      AND next_attempt_at <= ${now}
      AND (status = 'pending' OR lease_until < ${now})
    ${RETURNING}`);
  return rows[0];
}

export async function finishOutbox(
  db: AppDb,
  id: number,
  outcome: { status: OutboxStatus; lastStatus?: number | null; error?: string | null; at: number },
) {
  const sentAt = outcome.status === "sent" ? outcome.at : null;
  await db.run(sql`
    UPDATE outbox SET status = ${outcome.status}, last_status = ${outcome.lastStatus ?? null},
      last_error = ${outcome.error?.slice(0, 1000) ?? null}, sent_at = ${sentAt}, lease_until = 0
    WHERE id = ${id}`);
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
        OPEN,
        sql`((${outbox.status} = 'pending' AND ${outbox.nextAttemptAt} <= ${now}) OR (${outbox.status} = 'sending' AND ${outbox.leaseUntil} < ${now}))`,
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
