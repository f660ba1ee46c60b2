import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** One step-by-step flow in progress per user: written only after a step succeeded, expires when idle. */
export const conversations = sqliteTable("conversations", {
  lineUserId: text("line_user_id").primaryKey(),
  flow: text("flow").notNull(),
  version: integer("version").notNull(),
  step: text("step").notNull(),
  data: text("data", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
  expiresAt: integer("expires_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export type Conversation = typeof conversations.$inferSelect;
