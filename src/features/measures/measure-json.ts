import type { Measure, MeasurePhoto, MeasureProgress } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { isMeasureOverdue, isMeasureStale } from "../../domain/measures";
import { isoWithOffset } from "../../domain/thai-time";

export interface MeasureDetails {
  /** The measure's responsible units, as stored. */
  unitIds: string[];
  /** Unit names by id: the organisation's units, in their order. */
  unitNames: ReadonlyMap<string, string>;
  /** Its standing progress entries (withdrawn ones are left out), oldest first, each with its photos. */
  progress: Array<MeasureProgress & { photos: MeasurePhoto[] }>;
}

/**
 * A measure as the admin API answers it (CONTRACT.md › Shapes), with its units' names and whether it
 * is overdue or stale now. Progress entries say who logged them as people see it (`by`); the
 * author's LINE id is never part of the answer.
 */
export function measureJson(deps: AppDeps, measure: Measure, details: MeasureDetails) {
  const { timeZone } = deps.config;
  const now = deps.clock.now();
  const at = (ms: number) => isoWithOffset(ms, timeZone);
  // In the organisation's order of units, whatever order the links came back in.
  const rank = new Map([...details.unitNames.keys()].map((id, index) => [id, index]));
  const unitIds = [...details.unitIds].sort(
    (a, b) => (rank.get(a) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b) ?? Number.MAX_SAFE_INTEGER),
  );
  return {
    id: measure.id,
    fiscalYear: measure.fiscalYear,
    title: measure.title,
    indicators: measure.indicators,
    method: measure.method,
    unitIds,
    units: unitIds.map((id) => ({ id, name: details.unitNames.get(id) ?? null })),
    startMonth: measure.startMonth,
    endMonth: measure.endMonth,
    kpi: measure.kpi,
    budget: measure.budget,
    spent: measure.spent,
    unitsLabel: measure.unitsLabel,
    analysis: measure.analysis,
    archivedAt: measure.archivedAt === null ? null : at(measure.archivedAt),
    status: measure.status,
    percent: measure.percent,
    lastProgressAt: measure.lastProgressAt === null ? null : at(measure.lastProgressAt),
    overdue: isMeasureOverdue(measure, now, timeZone),
    stale: isMeasureStale(measure, now),
    progress: details.progress.map((entry) => ({
      id: entry.id,
      at: at(entry.at),
      performedOn: entry.performedOn,
      by: entry.by,
      text: entry.text,
      percent: entry.percent,
      status: entry.status,
      reasonCode: entry.reasonCode,
      reason: entry.reason,
      suggestion: entry.suggestion,
      /** When it was last corrected (its earlier versions: `GET …/progress/:entryId`); null if never. */
      updatedAt: entry.updatedAt === null ? null : at(entry.updatedAt),
      photos: entry.photos.map((photo) => ({ id: photo.id, url: `/api/admin/measure-photos/${photo.id}` })),
    })),
  };
}

export type MeasureJson = ReturnType<typeof measureJson>;
