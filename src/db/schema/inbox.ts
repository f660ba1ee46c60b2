import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const INBOX_STATUSES = ["pending", "processing", "done", "failed"] as const;

/** Durable webhook inbox: every verified event is stored here before LINE gets its 200. */
export const inboxEvents = sqliteTable(
  "inbox_events",
  {
    /** Arrival order (rowid; rows are never deleted from the end, so ids only grow). */
    id: integer("id").primaryKey(),
    webhookEventId: text("webhook_event_id").notNull(),
    /** The chat the event belongs to (user, group or room id); events of one chat are handled in order. */
    chatKey: text("chat_key").notNull(),
    type: text("type").notNull(),
    /** Event time from LINE (ms); order within a chat is (eventAt, id). */
    eventAt: integer("event_at").notNull(),
    payload: text("payload").notNull(),
    receivedAt: integer("received_at").notNull(),
    status: text("status", { enum: INBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    leaseUntil: integer("lease_until").notNull().default(0),
    lastError: text("last_error"),
    handledAt: integer("handled_at"),
  },
  // The dedupe key, and a covering partial index over open events only: the processing thread finds
  // its work from the low watermark below without reading payloads (done events leave the index).
  (t) => [
    uniqueIndex("inbox_event_uq").on(t.webhookEventId),
    index("inbox_open_idx")
      .on(t.id, t.chatKey, t.eventAt, t.nextAttemptAt, t.leaseUntil, t.status)
      .where(sql`status IN ('pending', 'processing')`),
  ],
);

export type InboxEvent = typeof inboxEvents.$inferSelect;

/** Every inbox event with an id below `lowId` is finished (done or failed): one row, `id` 1. */
export const inboxWatermarks = sqliteTable("inbox_watermarks", {
  id: integer("id").primaryKey(),
  lowId: integer("low_id").notNull(),
});
