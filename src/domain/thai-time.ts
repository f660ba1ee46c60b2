/**
 * Dates as Thai offices write them: local days in the organisation's time zone, Buddhist-era years
 * (B.E. = C.E. + 543, from `Intl`'s `buddhist` calendar), and fiscal years (1 Oct – 30 Sep, named by
 * the B.E. year they end in: 1 Oct 2026 – 30 Sep 2027 is 2570).
 */

/** A calendar day, `YYYY-MM-DD`. */
export type IsoDate = string;

const DAY_MS = 24 * 60 * 60 * 1000;
const BE_OFFSET = 543;

const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** The calendar day an instant falls on in `timeZone`. */
export function localDate(ms: number, timeZone: string): IsoDate {
  return dayFormat(timeZone).format(new Date(ms));
}

/** Noon UTC of a calendar day: a stable instant for weekday and formatting arithmetic. */
function noonOf(date: IsoDate): Date {
  return new Date(`${date}T12:00:00Z`);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(noonOf(date).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  return noonOf(date).getUTCDay();
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const noon = noonOf(value);
  return !Number.isNaN(noon.getTime()) && noon.toISOString().slice(0, 10) === value;
}

/** The B.E. fiscal year of a calendar day. */
export function fiscalYearOfDate(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return (month >= 10 ? year + 1 : year) + BE_OFFSET;
}

export function fiscalYearOf(ms: number, timeZone: string): number {
  return fiscalYearOfDate(localDate(ms, timeZone));
}

/** First and last day of a B.E. fiscal year, and of its first half (the six-month round). */
export function fiscalYearRange(fiscalYear: number): { start: IsoDate; end: IsoDate; firstHalfEnd: IsoDate } {
  const ce = fiscalYear - BE_OFFSET;
  return { start: `${ce - 1}-10-01`, end: `${ce}-09-30`, firstHalfEnd: `${ce}-03-31` };
}

const shortThai = new Intl.DateTimeFormat("th-TH", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const longThai = new Intl.DateTimeFormat("th-TH", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "15 ม.ค. 2569" */
export function thaiShortDate(date: IsoDate): string {
  return shortThai.format(noonOf(date));
}

/** "11 มกราคม 2565" */
export function thaiLongDate(date: IsoDate): string {
  return longThai.format(noonOf(date));
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
/** "15 ม.ค. 2569 14:05 น." in the organisation's time zone. */
export function thaiDateTime(ms: number, timeZone: string): string {
  let format = timeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    });
    timeFormats.set(timeZone, format);
  }
  return `${thaiShortDate(localDate(ms, timeZone))} ${format.format(new Date(ms))} น.`;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
/** ISO-8601 with the zone's offset, e.g. `2026-12-01T18:05:00+07:00` (CONTRACT.md timestamps). */
export function isoWithOffset(ms: number, timeZone: string): string {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "longOffset",
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(new Date(ms)).map((part) => [part.type, part.value] as const),
  );
  const offset = (parts.timeZoneName ?? "GMT").replace("GMT", "") || "+00:00";
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

const monthYearThai = new Intl.DateTimeFormat("th-TH", { month: "short", year: "numeric", timeZone: "UTC" });

/** A month `YYYY-MM` as Thai offices write it: "ก.ย. 2570". */
export function thaiMonthYear(month: string): string {
  const noon = noonOf(`${month}-15`);
  return /^\d{4}-\d{2}$/.test(month) && !Number.isNaN(noon.getTime()) ? monthYearThai.format(noon) : month;
}

/** Milliseconds the zone is ahead of UTC at `ms` (Bangkok: 7 h). */
function offsetAt(ms: number, timeZone: string): number {
  const match = /([+-])(\d{2}):(\d{2})$/.exec(isoWithOffset(ms, timeZone));
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === "-" ? -minutes : minutes) * 60_000;
}

/** The instant a local day begins in `timeZone` (00:00 local time). */
export function startOfLocalDay(date: IsoDate, timeZone: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const guess = utcMidnight - offsetAt(utcMidnight, timeZone);
  // Once more at the guess: the offset may differ there (a daylight-saving change that night).
  return utcMidnight - offsetAt(guess, timeZone);
}

/** The Thai months, January first: the full name and the abbreviation as offices write them. */
export const THAI_MONTHS: ReadonlyArray<readonly [full: string, short: string]> = [
  ["มกราคม", "ม.ค."],
  ["กุมภาพันธ์", "ก.พ."],
  ["มีนาคม", "มี.ค."],
  ["เมษายน", "เม.ย."],
  ["พฤษภาคม", "พ.ค."],
  ["มิถุนายน", "มิ.ย."],
  ["กรกฎาคม", "ก.ค."],
  ["สิงหาคม", "ส.ค."],
  ["กันยายน", "ก.ย."],
  ["ตุลาคม", "ต.ค."],
  ["พฤศจิกายน", "พ.ย."],
  ["ธันวาคม", "ธ.ค."],
];

/** A month name as written, compared without dots, spaces or the silent mark (์). */
const monthKey = (text: string) => text.replace(/[.\s\u0E4C]/g, "");
const MONTH_BY_KEY = new Map(
  THAI_MONTHS.flatMap(([full, short], index) => [
    [monthKey(full), index + 1] as const,
    [monthKey(short), index + 1] as const,
  ]),
);

/** The month number (1–12) of a Thai month name, full or abbreviated, dots and spaces as they come. */
export function thaiMonthNumber(name: string): number | undefined {
  return MONTH_BY_KEY.get(monthKey(name));
}
