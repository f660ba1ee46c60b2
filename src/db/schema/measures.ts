import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { units } from "./units";

export const MEASURE_STATUSES = ["not_started", "in_progress", "done", "cannot_do"] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/** e-PlanNACC's reasons a measure cannot be done (labels in `domain/measures.ts`). */
export const CANNOT_DO_REASONS = ["no_budget", "policy_changed", "not_enough_staff", "other"] as const;
export type CannotDoReason = (typeof CANNOT_DO_REASONS)[number];

/**
 * An integrity measure (มาตรการส่งเสริมคุณธรรมและความโปร่งใส) of a fiscal year: what, for which ITA
 * indicators, how, by which units, when. Its latest state (status, percent) follows its progress.
 */
export const measures = sqliteTable(
  "measures",
  {
    id: text("id").primaryKey(),
    fiscalYear: integer("fiscal_year").notNull(),
    title: text("title").notNull(),
    /** ITA indicators 1–10 the measure addresses. */
    indicators: text("indicators", { mode: "json" }).notNull().$type<number[]>(),
    method: text("method").notNull(),
    /** `YYYY-MM` */
    startMonth: text("start_month").notNull(),
    endMonth: text("end_month").notNull(),
    /** The success indicator (ตัวชี้วัดความสำเร็จ). */
    kpi: text("kpi"),
    budget: real("budget"),
    /** Amount spent so far, when the officer records it (baht). */
    spent: real("spent"),
    /** The units as the officer wrote them (`ทุกส่วนราชการ`, `สำนักปลัด /งาน IT`); printed as is. */
    unitsLabel: text("units_label"),
    /** The seeds' analysis column (ผลการวิเคราะห์ / ประเด็นที่ต้องพัฒนา), printed in the plan. */
    analysis: text("analysis"),
    /** Archived (DELETE): gone from lists, chat and reports, kept for audit. */
    archivedAt: integer("archived_at"),
    updatedAt: integer("updated_at"),
    status: text("status", { enum: MEASURE_STATUSES }).notNull().default("not_started"),
    percent: integer("percent").notNull().default(0),
    lastProgressAt: integer("last_progress_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("measures_year_idx").on(t.fiscalYear)],
);

export type Measure = typeof measures.$inferSelect;

/** The units responsible for a measure (one or more). */
export const measureUnits = sqliteTable(
  "measure_units",
  {
    measureId: text("measure_id")
      .notNull()
      .references(() => measures.id),
    unitId: text("unit_id")
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.unitId] }), index("measure_units_unit_idx").on(t.unitId)],
);

/** Append-only progress entries: what was done, how far, with evidence. */
export const measureProgress = sqliteTable(
  "measure_progress",
  {
    id: text("id").primaryKey(),
    measureId: text("measure_id")
      .notNull()
      .references(() => measures.id),
    /** When the entry was saved. */
    at: integer("at").notNull(),
    /** `YYYY-MM-DD`, the day the work was done: rounds and reports go by it. */
    performedOn: text("performed_on").notNull().default(""),
    /** Who logged it, as people see it (unit and role), never a LINE id. */
    by: text("by").notNull(),
    /** The author's LINE id, for audit only; never shown. */
    authorId: text("author_id"),
    text: text("text").notNull(),
    percent: integer("percent").notNull(),
    status: text("status", { enum: MEASURE_STATUSES }).notNull(),
    /** Why it cannot be done (status `cannot_do`): e-PlanNACC's reason, with text for `other`. */
    reasonCode: text("reason_code", { enum: CANNOT_DO_REASONS }),
    reason: text("reason"),
    suggestion: text("suggestion"),
    /** The webhook event that logged it: a retried event does not log twice. */
    sourceEventId: text("source_event_id"),
    /** Last corrected (the earlier versions are in `measure_progress_revisions`). */
    updatedAt: integer("updated_at"),
    /** Withdrawn: gone from the reports and the measure's state, kept for audit. */
    withdrawnAt: integer("withdrawn_at"),
    withdrawnBy: text("withdrawn_by"),
  },
  (t) => [
    index("measure_progress_idx").on(t.measureId, t.at),
    index("measure_progress_performed_idx").on(t.performedOn),
  ],
);

export type MeasureProgress = typeof measureProgress.$inferSelect;

/**
 * The history of a progress entry: each correction or withdrawal keeps the entry as it was before,
 * who changed it (as people see them) and when.
 */
export const measureProgressRevisions = sqliteTable(
  "measure_progress_revisions",
  {
    id: text("id").primaryKey(),
    progressId: text("progress_id")
      .notNull()
      .references(() => measureProgress.id),
    kind: text("kind", { enum: ["corrected", "withdrawn"] }).notNull(),
    at: integer("at").notNull(),
    by: text("by").notNull(),
    /** The entry's fields before the change. */
    before: text("before", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
  },
  (t) => [index("measure_progress_revisions_idx").on(t.progressId, t.at)],
);

export type MeasureProgressRevision = typeof measureProgressRevisions.$inferSelect;

export const measurePhotos = sqliteTable(
  "measure_photos",
  {
    id: text("id").primaryKey(),
    progressId: text("progress_id")
      .notNull()
      .references(() => measureProgress.id),
    blobKey: text("blob_key").notNull(),
    contentType: text("content_type").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("measure_photos_idx").on(t.progressId)],
);

export type MeasurePhoto = typeof measurePhotos.$inferSelect;
