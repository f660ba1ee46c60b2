import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { type AppDb, rawStatement, type Statement, statement } from "../client";
import {
  type CannotDoReason,
  type Measure,
  type MeasurePhoto,
  type MeasureProgress,
  type MeasureStatus,
  measurePhotos,
  measureProgress,
  measures,
  measureUnits,
} from "../schema";
import { recomputeMeasureStatement } from "./progress.repo";

/** Rows per INSERT: D1 binds at most 100 parameters per statement. */
const MEASURES_PER_INSERT = 5; // 18 columns
const UNIT_LINKS_PER_INSERT = 30; // 2 columns

export type NewMeasure = typeof measures.$inferInsert & { id: string; unitIds: string[] };

/** New measures with their units, as statements for `atomic` (all or none). */
export function insertMeasures(db: AppDb, rows: NewMeasure[]): Statement[] {
  const statements: Statement[] = [];
  const values = rows.map(({ unitIds: _units, ...measure }) => measure);
  for (let i = 0; i < values.length; i += MEASURES_PER_INSERT) {
    statements.push(statement(db.insert(measures).values(values.slice(i, i + MEASURES_PER_INSERT))));
  }
  const links = rows.flatMap((row) =>
    [...new Set(row.unitIds)].map((unitId) => ({ measureId: row.id, unitId })),
  );
  for (let i = 0; i < links.length; i += UNIT_LINKS_PER_INSERT) {
    statements.push(statement(db.insert(measureUnits).values(links.slice(i, i + UNIT_LINKS_PER_INSERT))));
  }
  return statements;
}

/** Fields an admin may change on a measure (PATCH), as stored. */
export type MeasureChanges = Partial<
  Pick<
    Measure,
    | "fiscalYear"
    | "title"
    | "indicators"
    | "method"
    | "startMonth"
    | "endMonth"
    | "kpi"
    | "budget"
    | "spent"
    | "unitsLabel"
    | "analysis"
  >
>;

/**
 * A measure changed (not archived), and its units replaced when given, as statements for `atomic`.
 */
export function updateMeasureStatements(
  db: AppDb,
  id: string,
  changes: MeasureChanges,
  unitIds: string[] | undefined,
  at: number,
): Statement[] {
  const statements: Statement[] = [
    statement(
      db
        .update(measures)
        .set({ ...changes, updatedAt: at })
        .where(and(eq(measures.id, id), isNull(measures.archivedAt))),
    ),
  ];
  if (unitIds) {
    statements.push(statement(db.delete(measureUnits).where(eq(measureUnits.measureId, id))));
    const links = [...new Set(unitIds)].map((unitId) => ({ measureId: id, unitId }));
    for (let i = 0; i < links.length; i += UNIT_LINKS_PER_INSERT) {
      statements.push(statement(db.insert(measureUnits).values(links.slice(i, i + UNIT_LINKS_PER_INSERT))));
    }
  }
  return statements;
}

/** A measure archived: gone from lists, chat and reports; kept (with its progress) for audit. */
export function archiveMeasureStatement(db: AppDb, id: string, at: number): Statement {
  return statement(
    db
      .update(measures)
      .set({ archivedAt: at, updatedAt: at })
      .where(and(eq(measures.id, id), isNull(measures.archivedAt))),
  );
}

/** A measure by id, archived or not (the admin's detail page marks an archived one). */
export async function findMeasure(db: AppDb, id: string): Promise<Measure | undefined> {
  return db.select().from(measures).where(eq(measures.id, id)).get();
}

/** A fiscal year's measures (of one unit, when given), in the order they were created; never archived ones. */
export async function listMeasures(
  db: AppDb,
  filter: { fiscalYear?: number; unitId?: string },
): Promise<Measure[]> {
  const conditions = and(
    isNull(measures.archivedAt),
    filter.fiscalYear !== undefined ? eq(measures.fiscalYear, filter.fiscalYear) : undefined,
  );
  if (!filter.unitId) {
    return db.select().from(measures).where(conditions).orderBy(asc(measures.createdAt), asc(measures.title));
  }
  const rows = await db
    .select({ measure: measures })
    .from(measureUnits)
    .innerJoin(measures, eq(measures.id, measureUnits.measureId))
    .where(and(conditions, eq(measureUnits.unitId, filter.unitId)))
    .orderBy(asc(measures.createdAt), asc(measures.title));
  return rows.map((row) => row.measure);
}

/** The units of each measure, by measure id. */
export async function unitsOfMeasures(db: AppDb, measureIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (let i = 0; i < measureIds.length; i += 90) {
    const rows = await db
      .select()
      .from(measureUnits)
      .where(inArray(measureUnits.measureId, measureIds.slice(i, i + 90)));
    for (const row of rows) result.set(row.measureId, [...(result.get(row.measureId) ?? []), row.unitId]);
  }
  return result;
}

/** A measure's standing progress entries (withdrawn ones left out), oldest first, each with its photos. */
export async function progressOf(
  db: AppDb,
  measureId: string,
): Promise<Array<MeasureProgress & { photos: MeasurePhoto[] }>> {
  const entries = await db
    .select()
    .from(measureProgress)
    .where(and(eq(measureProgress.measureId, measureId), isNull(measureProgress.withdrawnAt)))
    .orderBy(asc(measureProgress.at), sql`rowid`);
  if (entries.length === 0) return [];
  const photos = await db
    .select()
    .from(measurePhotos)
    .where(
      inArray(
        measurePhotos.progressId,
        entries.map((entry) => entry.id),
      ),
    )
    .orderBy(sql`rowid`);
  return entries.map((entry) => ({
    ...entry,
    photos: photos.filter((photo) => photo.progressId === entry.id),
  }));
}

export async function latestProgress(db: AppDb, measureId: string): Promise<MeasureProgress | undefined> {
  return db
    .select()
    .from(measureProgress)
    .where(eq(measureProgress.measureId, measureId))
    .orderBy(desc(measureProgress.at))
    .limit(1)
    .get();
}

export interface NewProgress {
  id: string;
  measureId: string;
  at: number;
  by: string;
  authorId: string | null;
  text: string;
  percent: number;
  status: MeasureStatus;
  /** `YYYY-MM-DD`, the day the work was done. */
  performedOn: string;
  reasonCode?: CannotDoReason | null;
  reason: string | null;
  suggestion: string | null;
  sourceEventId: string | null;
  photos: Array<{ id: string; blobKey: string; contentType: string }>;
}

/**
 * A progress entry as statements for `atomic`: the entry, its photos, and the measure's state recomputed.
 * A retried event (same `sourceEventId`) adds nothing the second time.
 */
export function logProgressStatements(db: AppDb, entry: NewProgress): Statement[] {
  const fresh = entry.sourceEventId
    ? sql`NOT EXISTS (SELECT 1 FROM measure_progress WHERE measure_id = ${entry.measureId} AND source_event_id = ${entry.sourceEventId})`
    : sql`1`;
  return [
    rawStatement(
      db,
      sql`INSERT INTO measure_progress (id, measure_id, at, performed_on, by, author_id, text, percent, status,
          reason_code, reason, suggestion, source_event_id)
        SELECT ${entry.id}, ${entry.measureId}, ${entry.at}, ${entry.performedOn}, ${entry.by},
          ${entry.authorId}, ${entry.text}, ${entry.percent}, ${entry.status}, ${entry.reasonCode ?? null},
          ${entry.reason}, ${entry.suggestion}, ${entry.sourceEventId}
        WHERE ${fresh}`,
    ),
    // Only with the entry just added (a retried event added none; D1 enforces the foreign key).
    ...entry.photos.map((photo) =>
      rawStatement(
        db,
        sql`INSERT INTO measure_photos (id, progress_id, blob_key, content_type, created_at)
          SELECT ${photo.id}, id, ${photo.blobKey}, ${photo.contentType}, ${entry.at}
          FROM measure_progress WHERE id = ${entry.id}`,
      ),
    ),
    // The measure follows its latest standing entry by the day the work was done (an entry dated
    // before another leaves the state to the later one).
    recomputeMeasureStatement(db, entry.measureId),
  ];
}

/** A measure that `unitId` is responsible for; undefined when missing, archived or another unit's. */
export async function findMeasureOfUnit(
  db: AppDb,
  measureId: string,
  unitId: string,
): Promise<Measure | undefined> {
  const row = await db
    .select({ measure: measures })
    .from(measureUnits)
    .innerJoin(measures, eq(measures.id, measureUnits.measureId))
    .where(
      and(
        eq(measureUnits.measureId, measureId),
        eq(measureUnits.unitId, unitId),
        isNull(measures.archivedAt),
      ),
    )
    .get();
  return row?.measure;
}

export interface MeasurePageFilter {
  fiscalYear?: number;
  unitId?: string;
  /** The cursor of the previous page. */
  after?: number;
  limit: number;
}

/**
 * A page of measures (archived ones left out) in the order they were stored (an import keeps its file's order), with the
 * cursor of the next page (null on the last). The cursor is the row's rowid: stable, unique, and
 * it keeps that order even for the many measures of one import (same `createdAt`).
 */
export async function pageMeasures(
  db: AppDb,
  filter: MeasurePageFilter,
): Promise<{ measures: Measure[]; nextCursor: string | null }> {
  const seq = sql<number>`${measures}.rowid`;
  const conditions = and(
    isNull(measures.archivedAt),
    filter.fiscalYear !== undefined ? eq(measures.fiscalYear, filter.fiscalYear) : undefined,
    filter.after !== undefined ? sql`${measures}.rowid > ${filter.after}` : undefined,
  );
  const rows = filter.unitId
    ? await db
        .select({ seq, measure: measures })
        .from(measureUnits)
        .innerJoin(measures, eq(measures.id, measureUnits.measureId))
        .where(and(conditions, eq(measureUnits.unitId, filter.unitId)))
        .orderBy(seq)
        .limit(filter.limit + 1)
    : await db
        .select({ seq, measure: measures })
        .from(measures)
        .where(conditions)
        .orderBy(seq)
        .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    measures: page.map((row) => row.measure),
    nextCursor: rows.length > filter.limit && last ? String(last.seq) : null,
  };
}

/** The standing progress entries (oldest first, each with its photos) of several measures, by measure id. */
export async function progressOfMeasures(
  db: AppDb,
  measureIds: string[],
): Promise<Map<string, Array<MeasureProgress & { photos: MeasurePhoto[] }>>> {
  const entries: MeasureProgress[] = [];
  for (let i = 0; i < measureIds.length; i += 90) {
    entries.push(
      ...(await db
        .select()
        .from(measureProgress)
        .where(
          and(
            inArray(measureProgress.measureId, measureIds.slice(i, i + 90)),
            isNull(measureProgress.withdrawnAt),
          ),
        )
        .orderBy(asc(measureProgress.at), sql`rowid`)),
    );
  }
  const photos = new Map<string, MeasurePhoto[]>();
  for (let i = 0; i < entries.length; i += 90) {
    const rows = await db
      .select()
      .from(measurePhotos)
      .where(
        inArray(
          measurePhotos.progressId,
          entries.slice(i, i + 90).map((entry) => entry.id),
        ),
      )
      .orderBy(sql`rowid`);
    for (const photo of rows) photos.set(photo.progressId, [...(photos.get(photo.progressId) ?? []), photo]);
  }
  const result = new Map<string, Array<MeasureProgress & { photos: MeasurePhoto[] }>>();
  for (const entry of entries) {
    const list = result.get(entry.measureId) ?? [];
    list.push({ ...entry, photos: photos.get(entry.id) ?? [] });
    result.set(entry.measureId, list);
  }
  return result;
}

export async function findMeasurePhoto(db: AppDb, id: string): Promise<MeasurePhoto | undefined> {
  return db.select().from(measurePhotos).where(eq(measurePhotos.id, id)).get();
}
