/**
 * Progress entries once logged: one entry, an author's recent entries, an entry's history, and the
 * statements that correct or withdraw it (keeping the entry as it was in `measure_progress_revisions`)
 * and bring the measure's state back in line with the entries that still stand.
 */
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { type AppDb, changedOrFail, movedOn, rawStatement, type Statement, statement } from "../client";
import {
  type Measure,
  type MeasureProgress,
  type MeasureProgressRevision,
  measureProgress,
  measureProgressRevisions,
  measures,
} from "../schema";

export async function findProgressEntry(
  db: AppDb,
  measureId: string,
  entryId: string,
): Promise<MeasureProgress | undefined> {
  return db
    .select()
    .from(measureProgress)
    .where(and(eq(measureProgress.measureId, measureId), eq(measureProgress.id, entryId)))
    .get();
}

/** An author's latest standing entries (newest saved first), each with its measure. */
export async function recentEntriesOf(
  db: AppDb,
  authorId: string,
  limit: number,
): Promise<Array<{ entry: MeasureProgress; measure: Measure }>> {
  return db
    .select({ entry: measureProgress, measure: measures })
    .from(measureProgress)
    .innerJoin(measures, eq(measures.id, measureProgress.measureId))
    .where(
      and(
        eq(measureProgress.authorId, authorId),
        isNull(measureProgress.withdrawnAt),
        isNull(measures.archivedAt),
      ),
    )
    .orderBy(desc(measureProgress.at), desc(sql`${measureProgress}.rowid`))
    .limit(limit);
}

/** An entry's earlier versions, oldest first. */
export async function revisionsOf(db: AppDb, progressId: string): Promise<MeasureProgressRevision[]> {
  return db
    .select()
    .from(measureProgressRevisions)
    .where(eq(measureProgressRevisions.progressId, progressId))
    .orderBy(asc(measureProgressRevisions.at), sql`rowid`);
}

/**
 * The measure's status and percent from its latest standing entry (by the day the work was done,
 * then when it was saved), and its last progress as the latest time a standing entry was saved;
 * `not_started`, 0 and none when no entry stands.
 */
export function recomputeMeasureStatement(db: AppDb, measureId: string): Statement {
  const latest = sql`FROM measure_progress WHERE measure_id = ${measureId} AND withdrawn_at IS NULL
    ORDER BY performed_on DESC, at DESC, rowid DESC LIMIT 1`;
  return rawStatement(
    db,
    sql`UPDATE measures SET
        status = COALESCE((SELECT status ${latest}), 'not_started'),
        percent = COALESCE((SELECT percent ${latest}), 0),
        last_progress_at = (SELECT MAX(at) FROM measure_progress WHERE measure_id = ${measureId} AND withdrawn_at IS NULL)
      WHERE id = ${measureId}`,
  );
}

/** The fields of an entry that a correction may change (and a revision keeps). */
export type ProgressFields = Pick<
  MeasureProgress,
  "text" | "performedOn" | "percent" | "status" | "reasonCode" | "reason" | "suggestion"
>;

export function progressFieldsOf(entry: MeasureProgress): ProgressFields {
  const { text, performedOn, percent, status, reasonCode, reason, suggestion } = entry;
  return { text, performedOn, percent, status, reasonCode, reason, suggestion };
}

interface Change {
  revisionId: string;
  entry: MeasureProgress;
  at: number;
  /** Who changed it, as people see them. */
  by: string;
}

/** The entry as it was, kept — only while it still stands (a withdrawal meanwhile keeps nothing). */
function revision(db: AppDb, change: Change, kind: "corrected" | "withdrawn"): Statement {
  const before = {
    ...progressFieldsOf(change.entry),
    by: change.entry.by,
    updatedAt: change.entry.updatedAt,
  };
  return rawStatement(
    db,
    sql`INSERT INTO measure_progress_revisions (id, progress_id, kind, at, by, before)
      SELECT ${change.revisionId}, id, ${kind}, ${change.at}, ${change.by}, ${JSON.stringify(before)}
      FROM measure_progress WHERE id = ${change.entry.id} AND withdrawn_at IS NULL`,
  );
}

/**
 * The entry still as it was read: standing, and not corrected since (`updated_at`, null until the
 * first correction). A change that lost a race fails its whole commit (`changedOrFail`).
 */
function asRead(change: Change) {
  return and(
    eq(measureProgress.id, change.entry.id),
    isNull(measureProgress.withdrawnAt),
    sql`${measureProgress.updatedAt} IS ${change.entry.updatedAt}`,
  );
}

/** A correction: the entry as it was kept, the new fields, the measure recomputed. */
export function correctProgressStatements(db: AppDb, change: Change, fields: ProgressFields): Statement[] {
  return [
    revision(db, change, "corrected"),
    statement(
      db
        .update(measureProgress)
        .set({ ...fields, updatedAt: movedOn(measureProgress.updatedAt, change.at) })
        .where(asRead(change)),
    ),
    changedOrFail(db, measureProgress, measureProgress.id, change.entry.id),
    recomputeMeasureStatement(db, change.entry.measureId),
  ];
}

/** A withdrawal: the entry as it was kept, marked withdrawn, the measure recomputed without it. */
export function withdrawProgressStatements(db: AppDb, change: Change): Statement[] {
  return [
    revision(db, change, "withdrawn"),
    statement(
      db
        .update(measureProgress)
        .set({ withdrawnAt: change.at, withdrawnBy: change.by })
        .where(asRead(change)),
    ),
    changedOrFail(db, measureProgress, measureProgress.id, change.entry.id),
    recomputeMeasureStatement(db, change.entry.measureId),
  ];
}
