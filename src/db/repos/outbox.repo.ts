import { and, eq, inArray, sql } from "drizzle-orm";
import { retryWhenBusy } from "../busy";
import { type AppDb, type Statement, statement } from "../client";
import { jsonRowsInsert } from "../json-rows";
import { type OutboxRow, type OutboxStatus, outbox } from "../schema";

/** What a new batch is written with; the rest (status, attempts, lease…) starts at its default. */
const NEW_BATCH_COLUMNS = [
  "to",
  "replyToken",
  "replyDeadline",
  "messages",
  "retryKey",
  "sourceEventId",
  "answersEventAt",
  "nextAttemptAt",
  "createdAt",
] as const;

export type NewOutboxRow = Pick<typeof outbox.$inferInsert, (typeof NEW_BATCH_COLUMNS)[number]>;

/** New batches as statements for `atomic`, in the order given (a recipient's batches go out in id order). */
export const insertOutbox: (db: AppDb, rows: NewOutboxRow[]) => Statement[] = jsonRowsInsert(
  outbox,
  NEW_BATCH_COLUMNS,
);

/** Literal, not bound, so SQLite can use the partial indexes over open rows. */
const OPEN = sql`${outbox.status} IN ('pending', 'sending')`;

const RETURNING = sql.raw(`RETURNING id, to_id AS "to", reply_token AS replyToken,
  reply_deadline AS replyDeadline, messages, retry_key AS retryKey, source_event_id AS sourceEventId, status,
  attempts, next_attempt_at AS nextAttemptAt, lease_until AS leaseUntil, last_status AS lastStatus,
  last_error AS lastError, last_attempt_at AS lastAttemptAt, created_at AS createdAt, sent_at AS sentAt`);

/** Recipients per claim statement: D1 binds at most 100 parameters. */
const RECIPIENTS_PER_CLAIM = 90;

/**
 * Take, for each recipient, their oldest undelivered batch, in one statement per 90 recipients:
 * batches to a user go out in order. A recipient whose oldest batch is not due, or is held by
 * another worker, gets nothing this time.
 */
export async function claimOldestOutbox(
  db: AppDb,
  recipients: string[],
  now: number,
  leaseMs: number,
): Promise<OutboxRow[]> {
  const claimed: OutboxRow[] = [];
  for (let i = 0; i < recipients.length; i += RECIPIENTS_PER_CLAIM) {
    const part = recipients.slice(i, i + RECIPIENTS_PER_CLAIM);
    const rows = await retryWhenBusy(() =>
      db.all<OutboxRow>(sql`
      UPDATE outbox SET status = 'sending', lease_until = ${now + leaseMs}, attempts = attempts + 1,
        last_attempt_at = ${now}
      WHERE id IN (
        SELECT min(id) FROM outbox
        WHERE to_id IN (${sql.join(part, sql`, `)}) AND status IN ('pending', 'sending')
        GROUP BY to_id
      )
        AND next_attempt_at <= ${now}
        AND (status = 'pending' OR lease_until < ${now})
      ${RETURNING}`),
    );
    claimed.push(...rows);
  }
  return claimed;
}

export interface OutboxOutcome {
  status: OutboxStatus;
  lastStatus?: number | null;
  error?: string | null;
  at: number;
}

/** The end of batches' lives (sent, skipped, failed) with one outcome, as statements for `atomic`. */
export function finishOutbox(db: AppDb, ids: number[], outcome: OutboxOutcome) {
  const statements = [];
  for (let i = 0; i < ids.length; i += 90) {
    statements.push(
      statement(
        db
          .update(outbox)
          .set({
            status: outcome.status,
            lastStatus: outcome.lastStatus ?? null,
            lastError: outcome.error?.slice(0, 1000) ?? null,
            sentAt: outcome.status === "sent" ? outcome.at : null,
            leaseUntil: 0,
          })
          .where(inArray(outbox.id, ids.slice(i, i + 90))),
      ),
    );
  }
  return statements;
}

/** Put a batch back for another try, as a statement; a reply whose token is gone becomes a push. */
export function retryOutbox(
  db: AppDb,
  id: number,
  retry: { at: number; lastStatus: number | null; error: string; dropReplyToken: boolean },
) {
  return statement(
    db
      .update(outbox)
      .set({
        status: "pending",
        nextAttemptAt: retry.at,
        lastStatus: retry.lastStatus,
        lastError: retry.error.slice(0, 1000),
        leaseUntil: 0,
        ...(retry.dropReplyToken ? { replyToken: null } : {}),
      })
      .where(eq(outbox.id, id)),
  );
}

/** Recipients with a batch due now (for the periodic delivery sweep). */
export async function dueOutboxRecipients(db: AppDb, now: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ to: outbox.to })
    .from(outbox)
    .where(
      and(
        OPEN,
        sql`((${outbox.status} = 'pending' AND ${outbox.nextAttemptAt} <= ${now}) OR (${outbox.status} = 'sending' AND ${outbox.leaseUntil} < ${now}))`,
      ),
    )
    .limit(limit);
  return rows.map((r) => r.to);
}

/**
 * When the outbox next has work (ms): the earliest retry of a pending batch or lease end of one being
 * sent, or null when nothing is undelivered (the partial index over open batches).
 */
export async function nextOutboxDueAt(db: AppDb): Promise<number | null> {
  const row = await db.get<{ due: number | null }>(sql`
    SELECT min(CASE WHEN status = 'pending' THEN next_attempt_at ELSE lease_until END) AS due
    FROM outbox INDEXED BY outbox_open_idx
    WHERE status IN ('pending', 'sending')`);
  return row?.due ?? null;
}

/** The mark of a reply that was being sent when the process died (see settleInterruptedOutbox). */
export const INTERRUPTED_REPLY = "interrupted while replying";

/**
 * A reply that was being sent when the process died cannot be checked: LINE gives no way to ask
 * whether a reply token was used. But a reply token can be used only once, so while it is fresh the
 * reply is simply tried again — LINE answers "Invalid reply token" if the first one got through — and
 * it is never turned into a push (which could answer twice). Past its deadline it is `unknown`.
 */
export async function settleInterruptedOutbox(db: AppDb, now: number) {
  await retryWhenBusy(() => settleInterrupted(db, now));
}

async function settleInterrupted(db: AppDb, now: number) {
  // The literal IN lets SQLite use the partial indexes over open batches.
  await db.run(sql`
    UPDATE outbox SET status = 'unknown', lease_until = 0, last_error = ${INTERRUPTED_REPLY}
    WHERE status IN ('pending', 'sending') AND status = 'sending'
      AND reply_token IS NOT NULL AND coalesce(reply_deadline, 0) <= ${now}`);
  await db.run(sql`
    UPDATE outbox SET status = 'pending', lease_until = 0, next_attempt_at = ${now},
      last_error = ${INTERRUPTED_REPLY}
    WHERE status IN ('pending', 'sending') AND status = 'sending'
      AND reply_token IS NOT NULL`);
  await db.run(sql`
    UPDATE outbox SET status = 'pending', lease_until = 0, next_attempt_at = ${now}
    WHERE status IN ('pending', 'sending') AND status = 'sending'`);
}

/** The setting that remembers when LINE last answered 429 (rate limit, or the month's quota spent). */
export const RATE_LIMITED_KEY = "line_rate_limited_at";

export interface OutboxHealth {
  pending: number;
  failed: number;
  oldestPendingAt: number | null;
  lastRateLimitedAt: number | null;
}

export async function outboxHealth(db: AppDb): Promise<OutboxHealth> {
  const row = await db.get<OutboxHealth>(sql`
    SELECT
      coalesce(sum(status IN ('pending', 'sending')), 0) AS pending,
      coalesce(sum(status = 'failed'), 0) AS failed,
      min(CASE WHEN status IN ('pending', 'sending') THEN created_at END) AS oldestPendingAt,
      (SELECT CAST(value AS INTEGER) FROM org_settings WHERE key = ${RATE_LIMITED_KEY})
        AS lastRateLimitedAt
    FROM outbox`);
  return row ?? { pending: 0, failed: 0, oldestPendingAt: null, lastRateLimitedAt: null };
}
