import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed", "skipped", "unknown"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Every message batch the bot sends. A reply carries its reply token; when the token is gone the same
 * batch goes out as a push with `retryKey`, which stays the same across retries so LINE sends it once.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    to: text("to_id").notNull(),
    replyToken: text("reply_token"),
    /** After this (ms), the reply token is presumed expired and the batch is pushed instead. */
    replyDeadline: integer("reply_deadline"),
    messages: text("messages").notNull(),
    retryKey: text("retry_key").notNull(),
    sourceEventId: integer("source_event_id"),
    /**
     * On the first batch answering an event in its own chat: when that event was acknowledged (ms).
     * Its delivery feeds the acknowledgement-to-answer histogram (a trigger, migrations/0010).
     */
    answersEventAt: integer("answers_event_at"),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    leaseUntil: integer("lease_until").notNull().default(0),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    lastAttemptAt: integer("last_attempt_at"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [
    // Partial indexes over undelivered batches only: sent rows never slow the queue down.
    index("outbox_open_idx").on(t.nextAttemptAt).where(sql`status IN ('pending', 'sending')`),
    index("outbox_open_to_idx").on(t.to, t.id).where(sql`status IN ('pending', 'sending')`),
  ],
);

export type OutboxRow = typeof outbox.$inferSelect;
