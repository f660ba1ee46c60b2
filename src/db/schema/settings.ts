import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organizations } from "./organizations";

/** Per-organisation settings by key (EIT drive, seeded holiday years, …), each a JSON value. */
export const orgSettings = sqliteTable(
  "org_settings",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id),
    key: text("key").notNull(),
    value: text("value", { mode: "json" }).notNull().$type<unknown>(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);

/** The organisation's days off besides weekends: complaint deadlines count working days. */
export const holidays = sqliteTable(
  "holidays",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id),
    /** `YYYY-MM-DD` */
    date: text("date").notNull(),
    name: text("name").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.date] })],
);

export type Holiday = typeof holidays.$inferSelect;
