/**
 * Read-only queries for the published reports: the fiscal year's measures with their units and
 * progress entries (photo counts, never the author's LINE id), and the complaints' figures with their
 * status history (no description, no note, no contact: nothing that identifies a complainant).
 */
import { and, asc, eq, gte, isNull, lte, sql } from "drizzle-orm";
import type { AppDb } from "../client";
import {
  type CannotDoReason,
  complaintHistory,
  complaints,
  type Measure,
  type MeasureStatus,
  measurePhotos,
  measureProgress,
  measures,
  measureUnits,
  units,
} from "../schema";

/** A fiscal year's measures in the order they were stored (an import keeps its file's order). */
export async function measuresOfYear(db: AppDb, fiscalYear: number): Promise<Measure[]> {
  return db
    .select()
    .from(measures)
    .where(and(eq(measures.fiscalYear, fiscalYear), isNull(measures.archivedAt)))
    .orderBy(sql`${measures}.rowid`);
}

/** The names of each measure's units (in the order they were given for it), by measure id. */
export async function unitNamesOfYear(db: AppDb, fiscalYear: number): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ measureId: measureUnits.measureId, name: units.name })
    .from(measureUnits)
    .innerJoin(measures, eq(measures.id, measureUnits.measureId))
    .innerJoin(units, eq(units.id, measureUnits.unitId))
    .where(eq(measures.fiscalYear, fiscalYear))
    .orderBy(sql`${measureUnits}.rowid`);
  const result = new Map<string, string[]>();
  for (const row of rows) {
    const list = result.get(row.measureId);
    if (list) list.push(row.name);
    else result.set(row.measureId, [row.name]);
  }
  return result;
}

export interface ReportProgressRow {
  measureId: string;
  at: number;
  /** `YYYY-MM-DD`, the day the work was done: the rounds go by it. */
  performedOn: string;
  reasonCode: CannotDoReason | null;
  text: string;
  percent: number;
  status: MeasureStatus;
  reason: string | null;
  suggestion: string | null;
  photos: number;
}

/**
 * The standing (not withdrawn) progress entries of a fiscal year's measures done on or before
 * `throughDay`, in the order the work was done, with photo counts.
 */
export async function progressOfYear(
  db: AppDb,
  fiscalYear: number,
  throughDay: string,
): Promise<ReportProgressRow[]> {
  return db
    .select({
      measureId: measureProgress.measureId,
      at: measureProgress.at,
      performedOn: measureProgress.performedOn,
      reasonCode: measureProgress.reasonCode,
      text: measureProgress.text,
      percent: measureProgress.percent,
      status: measureProgress.status,
      reason: measureProgress.reason,
      suggestion: measureProgress.suggestion,
      photos: sql<number>`(SELECT count(*) FROM ${measurePhotos} WHERE ${measurePhotos.progressId} = ${measureProgress.id})`,
    })
    .from(measureProgress)
    .innerJoin(measures, eq(measures.id, measureProgress.measureId))
    .where(
      and(
        eq(measures.fiscalYear, fiscalYear),
        lte(measureProgress.performedOn, throughDay),
        isNull(measureProgress.withdrawnAt),
      ),
    )
    .orderBy(asc(measureProgress.performedOn), asc(measureProgress.at), sql`${measureProgress}.rowid`);
}

/**
 * What the statistics and the register show, per complaint of a fiscal year: code, track, category,
 * the routed unit's name, dates. No description, place, contact or note.
 */
export async function complaintsOfYear(db: AppDb, fiscalYear: number) {
  return db
    .select({
      id: complaints.id,
      trackingCode: complaints.trackingCode,
      track: complaints.track,
      category: complaints.category,
      unit: units.name,
      createdAt: complaints.createdAt,
      dueDate: complaints.dueDate,
      fixedConfirmedAt: complaints.fixedConfirmedAt,
      unconfirmedAt: complaints.unconfirmedAt,
    })
    .from(complaints)
    .leftJoin(units, eq(units.id, complaints.routedUnitId))
    .where(eq(complaints.fiscalYear, fiscalYear))
    .orderBy(asc(complaints.id));
}

/** The status history (status and time only) of a fiscal year's complaints, in order. */
export async function statusHistoryOfYear(db: AppDb, fiscalYear: number) {
  return db
    .select({
      complaintId: complaintHistory.complaintId,
      status: complaintHistory.status,
      at: complaintHistory.at,
    })
    .from(complaintHistory)
    .innerJoin(complaints, eq(complaints.id, complaintHistory.complaintId))
    .where(eq(complaints.fiscalYear, fiscalYear))
    .orderBy(asc(complaintHistory.complaintId), asc(complaintHistory.id));
}

export interface ReportPhotoRow {
  measureId: string;
  performedOn: string;
  blobKey: string;
  contentType: string;
}

/**
 * The evidence photos of a round's standing entries (done from `fromDay` through `throughDay`), in
 * the order the work was done: at most `perMeasure` for each measure, for the report's appendix.
 */
export async function photosOfRound(
  db: AppDb,
  fiscalYear: number,
  fromDay: string,
  throughDay: string,
  perMeasure: number,
): Promise<ReportPhotoRow[]> {
  const rows = await db
    .select({
      measureId: measureProgress.measureId,
      performedOn: measureProgress.performedOn,
      blobKey: measurePhotos.blobKey,
      contentType: measurePhotos.contentType,
    })
    .from(measurePhotos)
    .innerJoin(measureProgress, eq(measureProgress.id, measurePhotos.progressId))
    .innerJoin(measures, eq(measures.id, measureProgress.measureId))
    .where(
      and(
        eq(measures.fiscalYear, fiscalYear),
        isNull(measures.archivedAt),
        isNull(measureProgress.withdrawnAt),
        gte(measureProgress.performedOn, fromDay),
        lte(measureProgress.performedOn, throughDay),
      ),
    )
    .orderBy(asc(measureProgress.performedOn), asc(measureProgress.at), asc(measurePhotos.createdAt));
  const taken = new Map<string, number>();
  return rows.filter((row) => {
    const count = taken.get(row.measureId) ?? 0;
    taken.set(row.measureId, count + 1);
    return count < perMeasure;
  });
}
