/**
 * A measure's period as offices write it, read into `YYYY-MM` months (Christian era): one month per
 * cell (`เริ่ม`/`สิ้นสุด`) or a whole period in one cell (`ระยะเวลาดำเนินการ`), in any common form:
 *
 * - `2026-10` (Christian era) or `2570-09` (Buddhist era: a year from 2400 is read as B.E.);
 * - a Thai month, abbreviated or in full, with its B.E. year: `ก.ย. 2570`, `ก.ย. ๒๕๗๐`, `กันยายน 2570`,
 *   `ก.ย. พ.ศ. 2570`, or the two-digit year (`ก.ย. 70`);
 * - a range, the year written once at the end: `ม.ค. – ก.ย. ๒๕๖๙`, `ต.ค. ๒๕๖๘ – ก.ย. ๒๕๖๙`,
 *   `ต.ค. – ก.ย. 2569` (October then falls in 2568), or several ranges in one cell (seed 004's
 *   `ม.ค. ๖๕- มี.ค. ๖๕ ธ.ค. ๖๔- ส.ค. ๖๕`): the period runs from the earliest month to the latest;
 * - the whole fiscal year: `ตลอดปีงบประมาณ`, `ตลอดปี`, `ทั้งปีงบประมาณ` (optionally with its year).
 *
 * Months written without any year take the fiscal year's (October–December in the year before).
 */
import { asciiDigits } from "../../domain/thai-digits";
import { fiscalYearRange, THAI_MONTHS, thaiMonthNumber } from "../../domain/thai-time";

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };
export const good = <T>(value: T): Checked<T> => ({ ok: true, value });
export const bad = (message: string): Checked<never> => ({ ok: false, message });

export const MONTH_FORMS =
  "ต้องเป็นเดือนกับปี เช่น ต.ค. 2569, ตุลาคม 2569, 2569-10 หรือช่วงเดือน เช่น ต.ค. 2569 – ก.ย. 2570";

const FULL_NAMES = THAI_MONTHS.map(([full]) => full);
const SHORT_NAMES = THAI_MONTHS.map(([, short]) => short);

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Full names (the silent mark optional), then abbreviations with their dots and spaces optional. */
const MONTH_NAME = [
  ...FULL_NAMES.map((name) => literal(name).replace(/\u0E4C/g, "\u0E4C?")),
  ...[...SHORT_NAMES]
    .sort((a, b) => b.length - a.length)
    .map((name) =>
      name
        .split(".")
        .filter(Boolean)
        .map((part) => literal(part))
        .join("\\.?\\s*")
        .concat("\\.?"),
    ),
].join("|");

const TOKEN = new RegExp(
  `(\\d{4})\\s*-\\s*(\\d{1,2})(?!\\d)|(${MONTH_NAME})\\s*(?:พ\\.?\\s*ศ\\.?\\s*)?(\\d{4}|\\d{2})?(?!\\d)`,
  "g",
);
const WHOLE_YEAR = /(?:ตลอด|ทั้ง)\s*(?:ทั้ง)?\s*ปี(?:งบประมาณ)?\s*(?:พ\.?\s*ศ\.?\s*)?(\d{4})?/;

interface Written {
  month: number;
  /** Buddhist era, when written. */
  year?: number;
  /** As written, for messages. */
  text: string;
}

const pad = (month: number) => String(month).padStart(2, "0");
const ceMonth = (buddhistYear: number, month: number) => `${buddhistYear - 543}-${pad(month)}`;

function monthsWritten(text: string): Checked<Written[]> {
  const found: Written[] = [];
  for (const match of text.matchAll(TOKEN)) {
    if (match[1] && match[2]) {
      const year = Number(match[1]);
      const month = Number(match[2]);
      if (month < 1 || month > 12) return bad(`"${match[0]}": ไม่มีเดือนที่ ${month}`);
      if (year < 1900) return bad(`"${match[0]}": ไม่ใช่เดือนในช่วงปีปัจจุบัน`);
      found.push({ month, year: year >= 2400 ? year : year + 543, text: match[0] });
      continue;
    }
    const month = thaiMonthNumber(match[3] ?? "");
    if (month === undefined) continue;
    const digits = match[4];
    const year =
      digits === undefined ? undefined : digits.length === 2 ? 2500 + Number(digits) : Number(digits);
    if (year !== undefined && (year < 2400 || year > 2800)) {
      return bad(`"${match[0].trim()}": ปีหลังชื่อเดือนต้องเป็นปี พ.ศ. เช่น ต.ค. 2568`);
    }
    found.push({ month, year, text: match[0].trim() });
  }
  return good(found);
}

/** The months a cell spans, first and last, as `YYYY-MM` (C.E.). */
export interface MonthSpan {
  start: string;
  end: string;
  /** The fiscal year the span starts in, when the cell wrote a year (B.E.). */
  fiscalYear?: number;
}

/**
 * Read a period cell (or a month cell): the earliest and the latest month it names. `fiscalYear` gives
 * the year of months written without one; without it such a cell is refused.
 */
export function parsePeriod(value: unknown, fiscalYear?: number): Checked<MonthSpan> {
  if (typeof value !== "string" || value.trim() === "") return bad("ต้องกรอก");
  const shown = value.trim().replace(/\s+/g, " ");
  const text = asciiDigits(value).replace(/\s+/g, " ").trim();
  const written = monthsWritten(text);
  if (!written.ok) return written;
  const months = written.value;
  if (months.length === 0) {
    const whole = WHOLE_YEAR.exec(text);
    if (whole) {
      const year = whole[1] ? Number(whole[1]) : fiscalYear;
      if (year === undefined) return bad(`"${shown}": ไม่ทราบปีงบประมาณ โปรดระบุ เช่น ตลอดปีงบประมาณ 2570`);
      const range = fiscalYearRange(year);
      return good({ start: range.start.slice(0, 7), end: range.end.slice(0, 7), fiscalYear: year });
    }
    return bad(`"${shown}": ${MONTH_FORMS}`);
  }
  // A month without a year takes the next written year (earlier in that year, else the year before).
  const resolved: Array<{ month: number; year: number }> = [];
  let wroteYear = false;
  for (let i = 0; i < months.length; i++) {
    const current = months[i] as Written;
    if (current.year !== undefined) {
      wroteYear = true;
      resolved.push({ month: current.month, year: current.year });
      continue;
    }
    const next = months.slice(i + 1).find((m) => m.year !== undefined);
    if (next?.year !== undefined) {
      resolved.push({ month: current.month, year: current.month > next.month ? next.year - 1 : next.year });
    } else if (fiscalYear !== undefined) {
      resolved.push({ month: current.month, year: current.month >= 10 ? fiscalYear - 1 : fiscalYear });
    } else {
      return bad(`"${current.text}": ไม่มีปี โปรดเขียนปี พ.ศ. ด้วย เช่น ${current.text} 2569`);
    }
  }
  const keys = resolved.map(({ year, month }) => ceMonth(year, month)).sort();
  const start = keys[0] as string;
  const end = keys.at(-1) as string;
  const first = resolved.find((m) => ceMonth(m.year, m.month) === start);
  return good({
    start,
    end,
    fiscalYear: wroteYear && first ? (first.month >= 10 ? first.year + 1 : first.year) : undefined,
  });
}

/** One month cell (`เริ่ม`, `สิ้นสุด`, or a JSON month) as `YYYY-MM` (C.E.). */
export function parseMonthCell(
  value: unknown,
  fiscalYear?: number,
  which: "start" | "end" = "start",
): Checked<string> {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    return bad("ต้องกรอก");
  }
  if (typeof value !== "string") return bad(MONTH_FORMS);
  const span = parsePeriod(value, fiscalYear);
  if (!span.ok) return span;
  return good(which === "start" ? span.value.start : span.value.end);
}
