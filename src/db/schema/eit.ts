import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** One answer set per user and fiscal year (answering again replaces it): scores 0–100 by item. */
export const eitResponses = sqliteTable(
  "eit_responses",
  {
    fiscalYear: integer("fiscal_year").notNull(),
    lineUserId: text("line_user_id").notNull(),
    scores: text("scores", { mode: "json" }).notNull().$type<Record<string, number>>(),
    answeredAt: integer("answered_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.fiscalYear, t.lineUserId] })],
);

/** EIT drive: the one invitation to the official assessment a complainant gets per fiscal year. */
export const eitInvitations = sqliteTable(
  "eit_invitations",
  {
    fiscalYear: integer("fiscal_year").notNull(),
    lineUserId: text("line_user_id").notNull(),
    sentAt: integer("sent_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.fiscalYear, t.lineUserId] })],
);
