/**
 * Complaint statistics for the OIT item on complaint statistics (สถิติเรื่องร้องเรียน): plain data in,
 * plain data out. Complaints are counted in the month they were received (by the organisation's
 * time zone); their status is the one they had at the end of `asOf` (the fiscal year's last day, or
 * the day of the report while the year runs), read from their history, so a closed year's report
 * never changes.
 *
 * Per group: received; by status at `asOf` — in progress (received or in progress), forwarded,
 * resolved, rejected (these four add up to received); reopened (resolved, then reopened by the
 * complainant, at least once); working days to resolve (resolved ones: average, and the 90th
 * percentile by the nearest-rank method — the smallest value with at least 90% of values at or
 * below it); answered within the deadline (resolved or rejected on or before the due date) as a share
 * of those whose outcome is known (closed, or past their due date). Working days skip weekends and
 * the organisation's holidays, as `workingDaysBetween` counts them.
 *
 * The corruption track is counts only: no category, no timing (a small office's few cases could be
 * recognised by them), and nothing about any complainant — the input has no such field.
 */
import { CLOSED_STATUSES, type ComplaintStatus, TRACK_LABELS, type Track } from "../domain/complaints";
import { addDays, type IsoDate, localDate, thaiMonthYear } from "../domain/thai-time";
import { isWorkingDay } from "../domain/working-days";
import { fiscalMonths, PERIOD_LABELS, type ReportPeriod, startOfLocalDay, thaiMonthSpan } from "./periods";

export interface ComplaintFact {
  track: Track;
  /** The category's name when filed (general track); ignored for the corruption track. */
  category: string;
  createdAt: number;
  /** `YYYY-MM-DD` */
  dueDate: IsoDate;
  /** Its status changes, oldest first, the filing (`received`) included. */
  history: ReadonlyArray<{ status: ComplaintStatus; at: number }>;
}

export interface ComplaintStatsInput {
  fiscalYear: number;
  timeZone: string;
  holidays: ReadonlySet<IsoDate>;
  /** Statuses are taken as they stood at the end of this local day. */
  asOf: IsoDate;
  complaints: readonly ComplaintFact[];
}

export interface StatsRow {
  received: number;
  inProgress: number;
  forwarded: number;
  resolved: number;
  rejected: number;
  reopened: number;
  /** Working days from filing to resolution (resolved ones); null when none or not reported. */
  averageDays: number | null;
  p90Days: number | null;
  /** Closed on or before the due date, of `dueKnown` (closed, or past the due date). */
  withinDeadline: number | null;
  dueKnown: number | null;
  /** withinDeadline / dueKnown as a percentage with one decimal. */
  withinDeadlineShare: number | null;
}

export interface TrackStats {
  track: Track;
  label: string;
  total: StatsRow;
  /** General track: per category, most received first. Corruption track: none. */
  categories: Array<{ category: string; stats: StatsRow }>;
}

export interface StatsBlock {
  /** `YYYY-MM`, `h1` or `year` */
  key: string;
  /** "ต.ค. 2569", "รอบ 6 เดือน (ต.ค. 2569 – มี.ค. 2570)" */
  label: string;
  /** Both tracks: counts only (the corruption track's timing is not reported). */
  total: StatsRow;
  tracks: TrackStats[];
}

export interface ComplaintStats {
  fiscalYear: number;
  asOf: IsoDate;
  months: StatsBlock[];
  periods: StatsBlock[];
}

/** The nearest-rank percentile of values (any order); null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Working days in (a, b], from cumulative counts over a span of days (fast for many complaints). */
function workingDayCounter(from: IsoDate, to: IsoDate, holidays: ReadonlySet<IsoDate>) {
  const cumulative = new Map<IsoDate, number>();
  let count = 0;
  for (let date = from; date <= to; date = addDays(date, 1)) {
    if (isWorkingDay(date, holidays)) count++;
    cumulative.set(date, count);
  }
  const at = (date: IsoDate): number => {
    const known = cumulative.get(date);
    if (known !== undefined) return known;
    // Outside the span (it covers every date the input can produce): count directly.
    let n = date < from ? 0 : count;
    if (date < from)
      for (let d = addDays(date, 1); d < from; d = addDays(d, 1)) n -= isWorkingDay(d, holidays) ? 1 : 0;
    else for (let d = addDays(to, 1); d <= date; d = addDays(d, 1)) n += isWorkingDay(d, holidays) ? 1 : 0;
    return n;
  };
  return (a: IsoDate, b: IsoDate) => (b <= a ? 0 : at(b) - at(a));
}

/** `localDate` memoised per quarter hour (every zone's offset is a multiple of 15 minutes). */
function localDates(timeZone: string) {
  const cache = new Map<number, IsoDate>();
  return (ms: number): IsoDate => {
    const slot = Math.floor(ms / 900_000);
    let date = cache.get(slot);
    if (date === undefined) {
      date = localDate(ms, timeZone);
      cache.set(slot, date);
    }
    return date;
  };
}

interface Outcome {
  month: number;
  track: Track;
  category: string;
  status: ComplaintStatus;
  reopened: boolean;
  /** Working days to resolve (resolved only). */
  days: number | null;
  dueKnown: boolean;
  onTime: boolean;
}

function summarise(outcomes: readonly Outcome[], timing: boolean): StatsRow {
  const row: StatsRow = {
    received: outcomes.length,
    inProgress: 0,
    forwarded: 0,
    resolved: 0,
    rejected: 0,
    reopened: 0,
    averageDays: null,
    p90Days: null,
    withinDeadline: null,
    dueKnown: null,
    withinDeadlineShare: null,
  };
  const days: number[] = [];
  let due = 0;
  let onTime = 0;
  for (const outcome of outcomes) {
    if (outcome.status === "resolved") row.resolved++;
    else if (outcome.status === "rejected") row.rejected++;
    else if (outcome.status === "forwarded") row.forwarded++;
    else row.inProgress++;
    if (outcome.reopened) row.reopened++;
    if (outcome.days !== null) days.push(outcome.days);
    if (outcome.dueKnown) due++;
    if (outcome.onTime) onTime++;
  }
  if (!timing) return row;
  row.averageDays = days.length ? round1(days.reduce((a, b) => a + b, 0) / days.length) : null;
  row.p90Days = percentile(days, 90);
  row.withinDeadline = onTime;
  row.dueKnown = due;
  row.withinDeadlineShare = due ? round1((onTime / due) * 100) : null;
  return row;
}

function block(key: string, label: string, outcomes: readonly Outcome[]): StatsBlock {
  const general = outcomes.filter((o) => o.track === "general");
  const corruption = outcomes.filter((o) => o.track === "corruption");
  const byCategory = new Map<string, Outcome[]>();
  for (const outcome of general) {
    const list = byCategory.get(outcome.category);
    if (list) list.push(outcome);
    else byCategory.set(outcome.category, [outcome]);
  }
  const categories = [...byCategory]
    .map(([category, list]) => ({ category, stats: summarise(list, true) }))
    .sort((a, b) => b.stats.received - a.stats.received || a.category.localeCompare(b.category, "th"));
  return {
    key,
    label,
    total: summarise(outcomes, false),
    tracks: [
      { track: "general", label: TRACK_LABELS.general, total: summarise(general, true), categories },
      {
        track: "corruption",
        label: TRACK_LABELS.corruption,
        total: summarise(corruption, false),
        categories: [],
      },
    ],
  };
}

export function complaintStats(input: ComplaintStatsInput): ComplaintStats {
  const { timeZone, holidays, asOf } = input;
  const months = fiscalMonths(input.fiscalYear);
  const monthStarts = months.map((month) => startOfLocalDay(`${month}-01`, timeZone));
  const cutoff = startOfLocalDay(addDays(asOf, 1), timeZone);
  const dateOf = localDates(timeZone);
  const spanStart = addDays(`${months[0]}-01`, -1);
  const spanEnd = addDays(asOf, 1);
  const workingDays = workingDayCounter(spanStart, spanEnd, holidays);

  const outcomes: Outcome[] = [];
  for (const complaint of input.complaints) {
    let month = -1;
    for (let i = monthStarts.length - 1; i >= 0; i--) {
      if (complaint.createdAt >= (monthStarts[i] ?? 0)) {
        month = i;
        break;
      }
    }
    if (month < 0) month = 0; // filed before the year's first instant: counted in its first month
    let status: ComplaintStatus = "received";
    let closedAt: number | null = null;
    let reopened = false;
    let previous: ComplaintStatus | null = null;
    for (const entry of complaint.history) {
      if (entry.at >= cutoff) break;
      if (previous === "resolved" && entry.status !== "resolved") reopened = true;
      status = entry.status;
      closedAt = CLOSED_STATUSES.has(entry.status) ? entry.at : null;
      previous = entry.status;
    }
    const filed = dateOf(complaint.createdAt);
    const closedDate = closedAt === null ? null : dateOf(closedAt);
    outcomes.push({
      month,
      track: complaint.track,
      category: complaint.category,
      status,
      reopened,
      days: status === "resolved" && closedDate ? workingDays(filed, closedDate) : null,
      dueKnown: closedDate !== null || complaint.dueDate < asOf,
      onTime: closedDate !== null && closedDate <= complaint.dueDate,
    });
  }

  const periodLabel = (period: ReportPeriod, count: number) =>
    `${PERIOD_LABELS[period]} (${thaiMonthSpan(months[0] ?? "", months[count - 1] ?? "")})`;
  return {
    fiscalYear: input.fiscalYear,
    asOf,
    months: months.map((month, i) =>
      block(
        month,
        thaiMonthYear(month),
        outcomes.filter((o) => o.month === i),
      ),
    ),
    periods: [
      block(
        "h1",
        periodLabel("h1", 6),
        outcomes.filter((o) => o.month < 6),
      ),
      block("year", periodLabel("year", 12), outcomes),
    ],
  };
}
