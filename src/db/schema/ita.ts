import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** An organisation's ITA result for a fiscal year, as the NACC published it. */
export const itaResults = sqliteTable("ita_results", {
  fiscalYear: integer("fiscal_year").primaryKey(),
  total: real("total").notNull(),
  /** AA, A, B, C, D, E, F */
  level: text("level"),
  /** Indicator 1–10 → score 0–100. */
  indicators: text("indicators", { mode: "json" })
    .notNull()
    .$type<Array<{ indicator: number; score: number }>>(),
  /** Item code (i1…, e1…, o1…) → score 0–100, when known. */
  items: text("items", { mode: "json" }).notNull().$type<Array<{ code: string; score: number }>>(),
  updatedAt: integer("updated_at").notNull(),
});

export type ItaResult = typeof itaResults.$inferSelect;

/**
 * The catalogue of standard measures per ITA indicator, suggested for weak indicators: seeded from
 * what the seeds' organisations chose, editable by the admin.
 */
export const measureTemplates = sqliteTable("measure_templates", {
  id: text("id").primaryKey(),
  indicator: integer("indicator").notNull(),
  title: text("title").notNull(),
  method: text("method").notNull(),
  /** The unit usually responsible, by name (matched to the organisation's units when adopted). */
  unitName: text("unit_name"),
  sortOrder: integer("sort_order").notNull().default(0),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at").notNull(),
});

export type MeasureTemplate = typeof measureTemplates.$inferSelect;
