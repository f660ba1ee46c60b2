import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations } from "./organizations";

export const INBOX_STATUSES = ["pending", "processing", "done", "failed"] as const;

/** Durable webhook inbox: every verified event is stored here before LINE gets its 200. */
export const inboxEvents = sqliteTable(
  "inbox_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id),
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
  (t) => [
    uniqueIndex("inbox_event_uq").on(t.orgId, t.webhookEventId),
    // A partial index over the open events only: the table grows, the work queue stays small, and
    // the webhook's insert maintains one index besides the dedupe key.
    index("inbox_open_chat_idx")
      .on(t.orgId, t.chatKey, t.eventAt, t.id)
      .where(sql`status IN ('pending', 'processing')`),
  ],
);

export type InboxEvent = typeof inboxEvents.$inferSelect;
