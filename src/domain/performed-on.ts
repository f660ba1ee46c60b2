/**
 * The day a piece of work was done (`performedOn`), as people type it: Thai (`10 ม.ค. 2570`,
 * `10 มกราคม 2570`, `๑๐ ม.ค. ๒๕๗๐`, `10/1/2570`) or ISO (`2027-01-10`), with a Buddhist- or
 * Christian-era year (a year above 2400 is B.E.), and the bounds every entry keeps: not in the future,
 * not before its measure's fiscal year began (1 October).
 */
import { asciiDigits } from "./thai-digits";
import {
  addDays,
  fiscalYearRange,
  type IsoDate,
  isIsoDate,
  thaiMonthNumber,
  thaiShortDate,
} from "./thai-time";

const BE_OFFSET = 543;

const pad = (n: number) => String(n).padStart(2, "0");

/** A C.E. year from what was typed: above 2400 is B.E.; two digits are B.E. 25xx (`70` → 2570). */
function ceYear(digits: string): number | undefined {
  const year = Number(digits);
  if (digits.length === 2) return 2500 + year - BE_OFFSET;
  if (digits.length !== 4) return undefined;
  return year > 2400 ? year - BE_OFFSET : year;
}

function dayOf(year: number | undefined, month: number, day: number): IsoDate | undefined {
  if (year === undefined || year < 1900 || year > 2300) return undefined;
  const date = `${year}-${pad(month)}-${pad(day)}`;
  return isIsoDate(date) ? date : undefined;
}

/**
 * A typed date as `YYYY-MM-DD`, or undefined when it is not one. A Thai date without a year
 * (`10 ม.ค.`) is the latest such day up to `today`, when `today` is given.
 */
export function parseTypedDate(typed: string, today?: IsoDate): IsoDate | undefined {
  const text = asciiDigits(typed)
    .trim()
    .replace(/^(?:วันที่|เมื่อ(?:วันที่)?)\s*/, "")
    .replace(/\s+/g, " ");
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return dayOf(ceYear(iso[1] ?? ""), Number(iso[2]), Number(iso[3]));
  const slashed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text);
  if (slashed) return dayOf(ceYear(slashed[3] ?? ""), Number(slashed[2]), Number(slashed[1]));
  const thai = /^(\d{1,2}) ?([\u0E00-\u0E7F. ]+?) ?(?:(?:พ\.? ?ศ\.?|ค\.? ?ศ\.?) ?)?(\d{2}|\d{4})?$/.exec(
    text,
  );
  const month = thai?.[2] ? thaiMonthNumber(thai[2]) : undefined;
  if (!thai || month === undefined) return undefined;
  const day = Number(thai[1]);
  if (thai[3] !== undefined) {
    const written = /ค\.? ?ศ/.test(text) ? Number(thai[3]) : ceYear(thai[3]);
    return dayOf(written, month, day);
  }
  if (!today) return undefined;
  const thisYear = Number(today.slice(0, 4));
  const candidate = dayOf(thisYear, month, day);
  return candidate && candidate <= today ? candidate : dayOf(thisYear - 1, month, day);
}

/** The first day an entry of a measure of `fiscalYear` may be dated: 1 October before it. */
export function earliestPerformedOn(fiscalYear: number): IsoDate {
  return fiscalYearRange(fiscalYear).start;
}

export type PerformedOnProblem = "future" | "before_fiscal_year";

/** Why a day cannot be an entry's `performedOn`, if it cannot. */
export function performedOnProblem(
  date: IsoDate,
  bounds: { today: IsoDate; fiscalYear: number },
): PerformedOnProblem | undefined {
  if (date > bounds.today) return "future";
  if (date < earliestPerformedOn(bounds.fiscalYear)) return "before_fiscal_year";
  return undefined;
}

/** The same, in Thai, for the person who typed it. */
export function performedOnProblemThai(
  problem: PerformedOnProblem,
  bounds: { today: IsoDate; fiscalYear: number },
): string {
  return problem === "future"
    ? `วันที่ดำเนินการต้องไม่เกินวันนี้ (${thaiShortDate(bounds.today)})`
    : `วันที่ดำเนินการต้องอยู่ในปีงบประมาณ ${bounds.fiscalYear} คือตั้งแต่ ${thaiShortDate(earliestPerformedOn(bounds.fiscalYear))} เป็นต้นไป`;
}

/** Yesterday, for the `เมื่อวาน` choice. */
export const dayBefore = (today: IsoDate): IsoDate => addDays(today, -1);
