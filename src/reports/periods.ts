/**
 * The report rounds of a fiscal year as Thai offices name them: the six-month round (รอบ 6 เดือน,
 * 1 Oct – 31 Mar) and the twelve-month round (รอบ 12 เดือน, the whole year), with their boundaries as
 * instants in the organisation's time zone (an entry at 23:30 on 31 March local time is in the
 * six-month round; one at 00:10 on 1 April is not).
 */
import {
  addDays,
  fiscalYearRange,
  type IsoDate,
  startOfLocalDay,
  thaiLongDate,
  thaiMonthYear,
} from "../domain/thai-time";

export { startOfLocalDay };

export const REPORT_PERIODS = ["h1", "year"] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export const PERIOD_LABELS: Record<ReportPeriod, string> = {
  h1: "รอบ 6 เดือน",
  year: "รอบ 12 เดือน",
};

export interface PeriodRange {
  fiscalYear: number;
  period: ReportPeriod;
  /** First and last local day (inclusive). */
  start: IsoDate;
  end: IsoDate;
  /** The instants of local midnight starting `start` and ending `end` (exclusive). */
  startMs: number;
  endMs: number;
  /** The months `YYYY-MM` it covers, in order. */
  months: string[];
  /** "รอบ 6 เดือน" */
  label: string;
  /** "1 ตุลาคม 2569 – 31 มีนาคม 2570" */
  span: string;
}

/** The twelve months `YYYY-MM` of a B.E. fiscal year, October first. */
export function fiscalMonths(fiscalYear: number): string[] {
  const ce = fiscalYear - 543;
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((9 + i) % 12) + 1;
    return `${month >= 10 ? ce - 1 : ce}-${String(month).padStart(2, "0")}`;
  });
}

/** The last day of a month `YYYY-MM`. */
export function lastDayOfMonth(month: string): IsoDate {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, "0")}-01`;
  return addDays(next, -1);
}

export function periodRange(fiscalYear: number, period: ReportPeriod, timeZone: string): PeriodRange {
  const range = fiscalYearRange(fiscalYear);
  const end = period === "h1" ? range.firstHalfEnd : range.end;
  const months = fiscalMonths(fiscalYear).slice(0, period === "h1" ? 6 : 12);
  return {
    fiscalYear,
    period,
    start: range.start,
    end,
    startMs: startOfLocalDay(range.start, timeZone),
    endMs: startOfLocalDay(addDays(end, 1), timeZone),
    months,
    label: PERIOD_LABELS[period],
    span: `${thaiLongDate(range.start)} – ${thaiLongDate(end)}`,
  };
}

/** "ต.ค. 2569 – ก.ย. 2570"; one month alone when both are the same. */
export function thaiMonthSpan(startMonth: string, endMonth: string): string {
  return startMonth === endMonth
    ? thaiMonthYear(startMonth)
    : `${thaiMonthYear(startMonth)} – ${thaiMonthYear(endMonth)}`;
}

/** The earlier of two days: a report's "as of" day is its round's last day, or today while it runs. */
export function earlierDay(a: IsoDate, b: IsoDate): IsoDate {
  return [a, b].sort()[0] ?? a;
}
