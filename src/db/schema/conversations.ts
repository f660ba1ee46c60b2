import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organizations } from "./organizations";

/** One step-by-step flow in progress per user: written only after a step succeeded, expires when idle. */
export const conversations = sqliteTable(
  "conversations",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id),
    lineUserId: text("line_user_id").notNull(),
    flow: text("flow").notNull(),
    version: integer("version").notNull(),
    step: text("step").notNull(),
    data: text("data", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    expiresAt: integer("expires_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.lineUserId] })],
);

export type Conversation = typeof conversations.$inferSelect;
