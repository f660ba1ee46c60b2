/**
 * Complaint statistics for the OIT item on complaint statistics (สถิติเรื่องร้องเรียน): plain data in,
 * plain data out. Complaints are counted in the month they were received (by the organisation's
 * time zone); their status is the one they had at the end of their block's `asOf` day, read from their
 * history. Each block holds still: a period's `asOf` is its own last day (the six-month round's is
 * 31 March, whenever it is downloaded), or the day of the report while the period runs; a period not
 * yet begun has none (its figures are shown as "–").
 *
 * - `periods`: the six-month and the twelve-month round, each with its months, all as at the round's
 *   `asOf`.
 * - `months`: the twelve months as at the twelve-month round's `asOf` (the year so far, as the chart
 *   and the public page show it); `monthEnds`: each month on its own, as at its last day.
 * - `register`: the general track's complaints one by one (code, dates, category, unit, status,
 *   working days): nothing about who filed them — the input has no such field.
 *
 * Per group: received; by status at `asOf` — in progress (received or in progress), forwarded,
 * resolved, rejected (these four add up to received); reopened (resolved, then reopened by the
 * complainant, at least once); working days to resolve (resolved ones: average, and the 90th
 * percentile by the nearest-rank method — the smallest value with at least 90% of values at or
 * below it); of the resolved, confirmed fixed by the complainant and closed "not confirmed" (no answer
 * within 10 working days) — apart, the rest still awaiting the answer; answered within the deadline (resolved or rejected on or before the due date) as a share
 * of those whose outcome is known (closed, or past their due date). Working days skip weekends and
 * the organisation's holidays, as `workingDaysBetween` counts them.
 *
 * The corruption track is counts only: no category, no timing (a small office's few cases could be
 * recognised by them), and no register.
 */
import { CLOSED_STATUSES, type ComplaintStatus, TRACK_LABELS, type Track } from "../domain/complaints";
import { addDays, fiscalYearRange, type IsoDate, localDate, thaiMonthYear } from "../domain/thai-time";
import { isWorkingDay } from "../domain/working-days";
import {
  earlierDay,
  fiscalMonths,
  lastDayOfMonth,
  PERIOD_LABELS,
  type ReportPeriod,
  startOfLocalDay,
  thaiMonthSpan,
} from "./periods";

export interface ComplaintFact {
  /** `R2570-00001`: shown in the register (general track only). */
  trackingCode: string;
  track: Track;
  /** The category's name when filed (general track); ignored for the corruption track. */
  category: string;
  /** The name of the unit it is routed to (general track); null when none. */
  unit: string | null;
  createdAt: number;
  /** `YYYY-MM-DD` */
  dueDate: IsoDate;
  /**
   * Its status changes, oldest first, the filing (`received`) included. An entry with the status it
   * already had is a note (e.g. the complainant's answer), not a change.
   */
  history: ReadonlyArray<{ status: ComplaintStatus; at: number }>;
  /** The complainant's answer to its last resolution: confirmed fixed, or closed unanswered; when. */
  confirmation?: { kind: "fixed" | "unconfirmed"; at: number } | null;
}

export interface ComplaintStatsInput {
  fiscalYear: number;
  timeZone: string;
  holidays: ReadonlySet<IsoDate>;
  /** The day of the report (local): a period still running is counted as at the end of this day. */
  today: IsoDate;
  complaints: readonly ComplaintFact[];
}

export interface StatsRow {
  received: number;
  inProgress: number;
  forwarded: number;
  resolved: number;
  rejected: number;
  /** Of `resolved`: confirmed fixed by the complainant. */
  confirmedFixed: number;
  /** Of `resolved`: closed "not confirmed" (no answer in time). Never a confirmed fix. */
  notConfirmed: number;
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
  /**
   * Statuses are as they stood at the end of this day: the period's last day, or the day of the
   * report while the period runs. Null while it has not begun: nothing to count yet (shown as "–").
   */
  asOf: IsoDate | null;
  /** Both tracks: counts only (the corruption track's timing is not reported). */
  total: StatsRow;
  tracks: TrackStats[];
}

export interface PeriodStats extends StatsBlock {
  /** The round's months, each as at the round's `asOf` (null for a month not yet begun). */
  months: StatsBlock[];
}

/** One line of the general track's register (ทะเบียนรับเรื่อง): nothing that identifies anyone. */
export interface RegisterEntry {
  trackingCode: string;
  /** The local day it was filed. */
  received: IsoDate;
  category: string;
  unit: string | null;
  /** As at the twelve-month round's `asOf`. */
  status: ComplaintStatus;
  /** Working days from filing to closing, or to `asOf` while it is still open. */
  workingDays: number;
  dueDate: IsoDate;
}

export interface ComplaintStats {
  fiscalYear: number;
  /** The twelve-month round's day: the year's last day, or the day of the report while it runs. */
  asOf: IsoDate;
  /** The year's months as at `asOf` (the same blocks as the twelve-month round's months). */
  months: StatsBlock[];
  /** Each month on its own, as at its last day (or the day of the report while it runs). */
  monthEnds: StatsBlock[];
  /** The six-month round, then the twelve-month round. */
  periods: PeriodStats[];
  /** The general track's complaints, in the order they were filed. */
  register: RegisterEntry[];
}

/** The nearest-rank percentile of values (any order); null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numerically without a comparator call per comparison.
  const sorted = Float64Array.from(values).sort();
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
function memoisedLocalDate(timeZone: string) {
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

/**
 * `localDate` for many instants: within `from`…`to`, a binary search among the days' first instants
 * (found once per day); outside it, or in a zone where a day's first instant does not check out with
 * `localDate`, `localDate` itself (memoised). A year's filings and closings are some 200,000
 * instants, nearly each in its own quarter hour: formatting each with Intl was most of the
 * statistics' time.
 */
function localDates(timeZone: string, from: IsoDate, to: IsoDate) {
  const slow = memoisedLocalDate(timeZone);
  const days: IsoDate[] = [];
  const starts: number[] = [];
  for (let date = from; date <= addDays(to, 1); date = addDays(date, 1)) {
    days.push(date);
    starts.push(startOfLocalDay(date, timeZone));
  }
  const exact = starts.every(
    (start, i) =>
      (i === 0 || start > (starts[i - 1] ?? start)) &&
      localDate(start, timeZone) === days[i] &&
      localDate(start - 1, timeZone) === addDays(days[i] ?? from, -1),
  );
  const first = starts[0] ?? 0;
  const end = starts[starts.length - 1] ?? 0;
  return (ms: number): IsoDate => {
    if (!exact || ms < first || ms >= end) return slow(ms);
    // The last day whose first instant is at or before `ms`.
    let low = 0;
    let high = starts.length - 2;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= ms) low = middle;
      else high = middle - 1;
    }
    return days[low] ?? slow(ms);
  };
}

interface Outcome {
  month: number;
  track: Track;
  category: string;
  status: ComplaintStatus;
  confirmation: "fixed" | "unconfirmed" | null;
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
    confirmedFixed: 0,
    notConfirmed: 0,
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
    if (outcome.confirmation === "fixed") row.confirmedFixed++;
    else if (outcome.confirmation === "unconfirmed") row.notConfirmed++;
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

function block(key: string, label: string, asOf: IsoDate | null, outcomes: readonly Outcome[]): StatsBlock {
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
    asOf,
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

/** A period's `asOf`: its last day, or `today` while it runs; null before it begins. */
function periodAsOf(first: IsoDate, last: IsoDate, today: IsoDate): IsoDate | null {
  return today < first ? null : earlierDay(today, last);
}

/** Outcomes by month index (0 = October). */
function byMonth(outcomes: readonly Outcome[]): Outcome[][] {
  const months: Outcome[][] = Array.from({ length: 12 }, () => []);
  for (const outcome of outcomes) months[outcome.month]?.push(outcome);
  return months;
}

export function complaintStats(input: ComplaintStatsInput): ComplaintStats {
  const { timeZone, holidays, today } = input;
  const range = fiscalYearRange(input.fiscalYear);
  const months = fiscalMonths(input.fiscalYear);
  const monthStarts = months.map((month) => startOfLocalDay(`${month}-01`, timeZone));
  const asOf = earlierDay(today, range.end);
  const yearAsOf = periodAsOf(range.start, range.end, today);
  const h1AsOf = periodAsOf(range.start, range.firstHalfEnd, today);
  const monthAsOf = months.map((month) => periodAsOf(`${month}-01`, lastDayOfMonth(month), today));
  const dateOf = localDates(timeZone, addDays(range.start, -1), addDays(range.end, 1));
  const workingDays = workingDayCounter(addDays(range.start, -1), addDays(asOf, 1), holidays);
  const cutoffs = new Map<IsoDate, number>();
  const cutoffOf = (day: IsoDate) => {
    let cutoff = cutoffs.get(day);
    if (cutoff === undefined) {
      cutoff = startOfLocalDay(addDays(day, 1), timeZone);
      cutoffs.set(day, cutoff);
    }
    return cutoff;
  };

  /** A complaint as it stood at the end of `day`. */
  const outcomeAt = (complaint: ComplaintFact, month: number, day: IsoDate) => {
    const cutoff = cutoffOf(day);
    let status: ComplaintStatus = "received";
    let closedAt: number | null = null;
    let reopened = false;
    let previous: ComplaintStatus | null = null;
    for (const entry of complaint.history) {
      if (entry.at >= cutoff) break;
      if (entry.status === previous) continue; // a note, not a change
      if (previous === "resolved" && entry.status !== "resolved") reopened = true;
      status = entry.status;
      closedAt = CLOSED_STATUSES.has(entry.status) ? entry.at : null;
      previous = entry.status;
    }
    const filed = dateOf(complaint.createdAt);
    const closedDate = closedAt === null ? null : dateOf(closedAt);
    const outcome: Outcome = {
      month,
      track: complaint.track,
      category: complaint.category,
      status,
      confirmation:
        status === "resolved" && complaint.confirmation && complaint.confirmation.at < cutoff
          ? complaint.confirmation.kind
          : null,
      reopened,
      days: status === "resolved" && closedDate ? workingDays(filed, closedDate) : null,
      dueKnown: closedDate !== null || complaint.dueDate < day,
      onTime: closedDate !== null && closedDate <= complaint.dueDate,
    };
    return { outcome, filed, closedDate };
  };

  const year: Outcome[] = [];
  const h1: Outcome[] = [];
  const monthEnd: Outcome[] = [];
  const register: RegisterEntry[] = [];
  for (const complaint of input.complaints) {
    let month = -1;
    for (let i = monthStarts.length - 1; i >= 0; i--) {
      if (complaint.createdAt >= (monthStarts[i] ?? 0)) {
        month = i;
        break;
      }
    }
    if (month < 0) month = 0; // filed before the year's first instant: counted in its first month
    const { outcome, filed, closedDate } = outcomeAt(complaint, month, yearAsOf ?? asOf);
    year.push(outcome);
    if (month < 6) h1.push(outcomeAt(complaint, month, h1AsOf ?? asOf).outcome);
    monthEnd.push(outcomeAt(complaint, month, monthAsOf[month] ?? asOf).outcome);
    if (complaint.track === "general") {
      register.push({
        trackingCode: complaint.trackingCode,
        received: filed,
        category: complaint.category,
        unit: complaint.unit,
        status: outcome.status,
        workingDays: workingDays(filed, closedDate ?? yearAsOf ?? asOf),
        dueDate: complaint.dueDate,
      });
    }
  }
  register.sort((a, b) => (a.received < b.received ? -1 : a.received > b.received ? 1 : 0));

  const monthBlocks = (outcomes: readonly Outcome[], periodDay: IsoDate | null, count: number) =>
    byMonth(outcomes)
      .slice(0, count)
      .map((list, i) =>
        block(
          months[i] ?? "",
          thaiMonthYear(months[i] ?? ""),
          monthAsOf[i] === null ? null : periodDay,
          list,
        ),
      );
  const periodLabel = (period: ReportPeriod, count: number) =>
    `${PERIOD_LABELS[period]} (${thaiMonthSpan(months[0] ?? "", months[count - 1] ?? "")})`;
  const yearMonths = monthBlocks(year, yearAsOf, 12);
  return {
    fiscalYear: input.fiscalYear,
    asOf,
    months: yearMonths,
    monthEnds: byMonth(monthEnd).map((list, i) =>
      block(months[i] ?? "", thaiMonthYear(months[i] ?? ""), monthAsOf[i] ?? null, list),
    ),
    periods: [
      { ...block("h1", periodLabel("h1", 6), h1AsOf, h1), months: monthBlocks(h1, h1AsOf, 6) },
      { ...block("year", periodLabel("year", 12), yearAsOf, year), months: yearMonths },
    ],
    register,
  };
}
