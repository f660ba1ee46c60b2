import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** The organisation's settings by key (EIT drive, seeded holiday years, …), each a JSON value. */
export const orgSettings = sqliteTable("org_settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull().$type<unknown>(),
  updatedAt: integer("updated_at").notNull(),
});

/** The organisation's days off besides weekends: complaint deadlines count working days. */
export const holidays = sqliteTable("holidays", {
  /** `YYYY-MM-DD` */
  date: text("date").primaryKey(),
  name: text("name").notNull(),
});

export type Holiday = typeof holidays.$inferSelect;
