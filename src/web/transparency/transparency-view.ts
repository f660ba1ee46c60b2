import { listCategories } from "../../db/repos/categories.repo";
import { listMeasures, unitsOfMeasures } from "../../db/repos/measures.repo";
import { listUnits } from "../../db/repos/units.repo";
import { complaints, type MeasureStatus, measures as measuresTable } from "../../db/schema";
import type { AppDeps } from "../../deps";
import {
  COMPLAINT_STATUSES,
  type ComplaintStatus,
  DEFAULT_DEADLINE_DAYS,
  STATUS_LABELS,
  TRACK_CHOICES,
  TRACK_LABELS,
} from "../../domain/complaints";
import { MEASURE_STATUS_LABELS } from "../../domain/measures";
import { ROLE_LABELS } from "../../domain/roles";
import { fiscalYearRange, thaiDateTime, thaiLongDate } from "../../domain/thai-time";
import type { StatsBlock, StatsRow } from "../../reports/complaint-stats";
import { thaiMonthSpan } from "../../reports/periods";
import { loadComplaintStats } from "../../reports/report-files";
import { type LineOaContact, lineOaContact } from "./line-oa";

export interface CategoryRule {
  name: string;
  unitName: string;
  deadlineDays: number;
}

export interface StatusStep {
  status: ComplaintStatus;
  label: string;
}

/** One round's statistics: the figures of each track and of both together. */
export interface RoundStats {
  key: string;
  /** "รอบ 6 เดือน (ต.ค. 2569 – มี.ค. 2570)" */
  label: string;
  general: StatsRow;
  corruption: StatsRow;
  total: StatsRow;
  /** General track, by category (most received first). */
  categories: Array<{ category: string; stats: StatsRow }>;
}

export interface MonthFigure {
  /** "ต.ค. 2569" */
  label: string;
  received: number;
  resolved: number;
}

export interface MeasureLine {
  title: string;
  units: string[];
  /** "ต.ค. 2569 – ก.ย. 2570" */
  months: string;
  status: MeasureStatus;
  statusLabel: string;
  percent: number;
}

export interface TransparencyView {
  orgName: string;
  fiscalYear: number;
  /** "1 ตุลาคม 2569 – 30 กันยายน 2570" */
  yearSpan: string;
  /** When the data was read: "15 ต.ค. 2570 10:00 น." */
  readAt: string;
  /** The day statuses are counted at: the year's last day, or today while it runs. */
  statusAsOf: string;
  /** Years to offer as links: those with complaints or measures, and this one; newest first. */
  years: number[];
  /** How to add the Official Account: its LINE ID, link and QR code; null when the ID is not known. */
  oa: LineOaContact | null;
  channel: {
    keyword: string;
    generalChoice: string;
    corruptionChoice: string;
    generalLabel: string;
    corruptionLabel: string;
    corruptionHandler: string;
    corruptionDeadlineDays: number;
  };
  categories: CategoryRule[];
  steps: StatusStep[];
  rounds: RoundStats[];
  months: MonthFigure[];
  measures: MeasureLine[];
  measureCounts: Array<{ status: MeasureStatus; label: string; count: number }>;
}

function round(block: StatsBlock): RoundStats {
  const general = block.tracks.find((track) => track.track === "general");
  const corruption = block.tracks.find((track) => track.track === "corruption");
  if (!general || !corruption) throw new Error("complaint statistics without both tracks");
  return {
    key: block.key,
    label: block.label,
    general: general.total,
    corruption: corruption.total,
    total: block.total,
    categories: general.categories,
  };
}

/** The B.E. fiscal years that have something to show: a complaint received in it, or a measure. */
export async function fiscalYearsWithData(deps: AppDeps): Promise<number[]> {
  const { db } = deps;
  const [measureYears, complaintYears] = await Promise.all([
    db.selectDistinct({ year: measuresTable.fiscalYear }).from(measuresTable),
    db.selectDistinct({ year: complaints.fiscalYear }).from(complaints),
  ]);
  const years = new Set([...measureYears, ...complaintYears].map((row) => row.year));
  return [...years].sort((a, b) => b - a);
}

/** The page's figures for a B.E. fiscal year, read now; `basicId` is the OA's LINE ID when known. */
export async function loadTransparencyView(
  deps: AppDeps,
  fiscalYear: number,
  basicId?: string | null,
): Promise<TransparencyView> {
  const { db } = deps;
  const { timeZone } = deps.config;
  const now = deps.clock.now();
  const [stats, categories, units, measures, yearsWithData] = await Promise.all([
    loadComplaintStats(deps, fiscalYear),
    listCategories(db, { activeOnly: true }),
    listUnits(db),
    listMeasures(db, { fiscalYear }),
    fiscalYearsWithData(deps),
  ]);
  const measureUnits = await unitsOfMeasures(
    db,
    measures.map((measure) => measure.id),
  );
  const unitName = new Map(units.map((unit) => [unit.id, unit.name]));
  const range = fiscalYearRange(fiscalYear);
  // Months after the day statuses are counted at have nothing yet: shown only once the year is over.
  const asOfMonth = stats.asOf.slice(0, 7);
  const months = stats.months.filter((month) => month.key <= asOfMonth);

  return {
    orgName: deps.config.orgName,
    fiscalYear,
    yearSpan: `${thaiLongDate(range.start)} – ${thaiLongDate(range.end)}`,
    readAt: thaiDateTime(now, timeZone),
    statusAsOf: thaiLongDate(stats.asOf),
    years: [...new Set([fiscalYear, ...yearsWithData])].sort((a, b) => b - a),
    oa: lineOaContact(basicId),
    channel: {
      keyword: "ร้องเรียน",
      generalChoice: TRACK_CHOICES.general,
      corruptionChoice: TRACK_CHOICES.corruption,
      generalLabel: TRACK_LABELS.general,
      corruptionLabel: TRACK_LABELS.corruption,
      corruptionHandler: ROLE_LABELS.integrity,
      corruptionDeadlineDays: DEFAULT_DEADLINE_DAYS,
    },
    categories: categories.map((category) => ({
      name: category.name,
      unitName: unitName.get(category.unitId) ?? "",
      deadlineDays: category.deadlineDays,
    })),
    steps: COMPLAINT_STATUSES.map((status) => ({ status, label: STATUS_LABELS[status] })),
    rounds: stats.periods.map(round),
    months: months.map((month) => ({
      label: month.label,
      received: month.total.received,
      resolved: month.total.resolved,
    })),
    measures: measures.map((measure) => ({
      title: measure.title,
      units: (measureUnits.get(measure.id) ?? []).map((id) => unitName.get(id) ?? "").filter(Boolean),
      months: thaiMonthSpan(measure.startMonth, measure.endMonth),
      status: measure.status,
      statusLabel: MEASURE_STATUS_LABELS[measure.status],
      percent: measure.percent,
    })),
    measureCounts: (Object.keys(MEASURE_STATUS_LABELS) as MeasureStatus[]).map((status) => ({
      status,
      label: MEASURE_STATUS_LABELS[status],
      count: measures.filter((measure) => measure.status === status).length,
    })),
  };
}
