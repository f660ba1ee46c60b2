import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** An organisation's units (สำนักปลัด, กองช่าง, …): staff belong to one, complaints are routed to one. */
export const units = sqliteTable(
  "units",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("units_name_uq").on(t.name)],
);

export type Unit = typeof units.$inferSelect;
