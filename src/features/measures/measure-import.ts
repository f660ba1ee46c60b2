/**
 * Measures as admins bring them in (CONTRACT.md › Measures import): one JSON object, a JSON list, or a
 * CSV saved from the spreadsheet the organisation already keeps — the product's template or the
 * table of a published measures plan as the seeds lay it out (001, 004). Every row is checked and
 * every problem reported in Thai, row by row and field by field; nothing is stored unless every row
 * is good (`measures.service.ts` plans them as one write).
 *
 * Columns are found by their header text (spaces and line breaks ignored), in any order; other
 * columns (ลำดับ, ที่, …) are ignored. Accepted headers, by field:
 * - ปีงบประมาณ: a Buddhist-era fiscal year, 2500–2700. Optional: without it the year is the one the
 *   request names (`fiscalYear`), else the one the period's months fall in (`ต.ค. ๒๕๖๘ – ก.ย. ๒๕๖๙`
 *   → 2569).
 * - มาตรการ/แนวทาง, มาตรการ, มาตรการ/โครงการ/กิจกรรม, โครงการ/กิจกรรม (title, ≤ 500; a leading
 *   row number such as `๑.` is dropped: the documents number the rows).
 * - ผลการวิเคราะห์…, ประเด็น… (analysis, optional, ≤ 5,000): the seeds' analysis column.
 * - วิธีการดำเนินการ, ขั้นตอน/วิธีการดำเนินการ, วิธีการแก้ไข (method, ≤ 5,000).
 * - เริ่ม and สิ้นสุด (one month each), or one ระยะเวลาดำเนินการ cell for the whole period, in any
 *   common form (`measure-periods.ts`). Both months lie within the fiscal year, the start not after
 *   the end.
 * - ผู้รับผิดชอบ, หน่วยงานที่รับผิดชอบ: unit names (`measure-units.ts`); `ทุกส่วนราชการ`/`ทุกกอง`
 *   mean every unit, kept as written with sub-sections (`สำนักปลัด /งาน IT`) in `unitsLabel`.
 * - ตัวชี้วัด: ITA indicator numbers 1–10 separated by commas (`1, 9`; `ตัวชี้วัดที่ ๙`). Optional:
 *   without the column the indicators are read from the analysis (`ตัวชี้วัดที่ ๑ …`) or the title,
 *   by number or by name, and may be none.
 * - ตัวชี้วัดความสำเร็จ, การติดตามผล (kpi, optional, ≤ 1,000); งบประมาณ (budget, baht, commas
 *   allowed; `-` or empty for none); งบประมาณที่ใช้ไป (spent, likewise).
 * Thai digits ๐–๙ are read wherever a number is.
 *
 * Rows: for JSON the 1-based position in `measures`; for CSV the line in the file where the record
 * starts (the header is line 1; a quoted cell with line breaks spans several lines). Row 0 is the
 * request as a whole (not JSON, too many rows, …). The field of a CSV problem is its header as the
 * file writes it.
 */

import { FISCAL_YEAR_MAX, FISCAL_YEAR_MESSAGE, FISCAL_YEAR_MIN } from "../../domain/fiscal-year";
import { ITA_INDICATOR_NAMES } from "../../domain/ita-catalogue";
import { asciiDigits } from "../../domain/thai-digits";
import { fiscalYearRange, thaiMonthYear } from "../../domain/thai-time";
import { type CsvProblem, readCsv } from "../csv";
import { readXlsx, type SheetRow } from "../xlsx-read";
import { bad, type Checked, good, type MonthSpan, parseMonthCell, parsePeriod } from "./measure-periods";
import { readUnitCell, type UnitRef, unitNameKey } from "./measure-units";

export type { UnitRef };
export { parseMonthCell };

export const MAX_IMPORT_ROWS = 2000;
export const TITLE_MAX = 500;
export const METHOD_MAX = 5000;
export const ANALYSIS_MAX = 5000;
export const KPI_MAX = 1000;
export const UNITS_LABEL_MAX = 300;

/** A measure's fields after validation: what `insertMeasures` takes, less id and timestamps. */
export interface MeasureFields {
  fiscalYear: number;
  title: string;
  indicators: number[];
  method: string;
  unitIds: string[];
  /** The units as written, when the cell said more than names (`ทุกส่วนราชการ`); none when absent. */
  unitsLabel?: string | null;
  /** `YYYY-MM`, Christian era. */
  startMonth: string;
  endMonth: string;
  kpi: string | null;
  budget: number | null;
  spent?: number | null;
  analysis?: string | null;
}

/** A bad row's problem: its row, the field (a Thai column header for CSV), the Thai message. */
export type ImportError = CsvProblem;

export type ImportResult = { ok: true; measures: MeasureFields[] } | { ok: false; errors: ImportError[] };

export type Field =
  | "fiscalYear"
  | "title"
  | "indicators"
  | "method"
  | "units"
  | "startMonth"
  | "endMonth"
  | "period"
  | "kpi"
  | "budget"
  | "spent"
  | "analysis";
type FieldNames = Record<Field, string>;

/** The template's column headers, by field (the product's own layout). */
export const CSV_HEADERS = {
  fiscalYear: "ปีงบประมาณ",
  title: "มาตรการ/แนวทาง",
  indicators: "ตัวชี้วัด",
  method: "วิธีการดำเนินการ",
  units: "ผู้รับผิดชอบ",
  startMonth: "เริ่ม",
  endMonth: "สิ้นสุด",
  kpi: "ตัวชี้วัดความสำเร็จ",
  budget: "งบประมาณ",
} as const;

/** Headers for the fields the template does not carry, as messages name them. */
const OTHER_HEADERS = {
  period: "ระยะเวลาดำเนินการ",
  spent: "งบประมาณที่ใช้ไป",
  analysis: "ผลการวิเคราะห์",
} as const;

const DEFAULT_NAMES: FieldNames = { ...CSV_HEADERS, ...OTHER_HEADERS };

const JSON_FIELDS: FieldNames = {
  fiscalYear: "fiscalYear",
  title: "title",
  indicators: "indicators",
  method: "method",
  units: "unitIds",
  startMonth: "startMonth",
  endMonth: "endMonth",
  period: "period",
  kpi: "kpi",
  budget: "budget",
  spent: "spent",
  analysis: "analysis",
};

/** One measure as given, before checking: cell text (CSV) or JSON values. */
type RawMeasure = Partial<Record<Field, unknown>> & { unitsLabel?: unknown };

const REQUIRED = "ต้องกรอก";

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/** Text as a number would be read: Thai digits as ASCII, surrounding space gone. */
function numberText(value: unknown): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === "string") return asciiDigits(value).trim();
  return undefined;
}

function checkFiscalYear(value: unknown): Checked<number> {
  if (isBlank(value)) return bad(REQUIRED);
  const text = numberText(value)?.replace(/^(?:พ\.?\s*ศ\.?)\s*/, "");
  const year = text !== undefined && /^\d{4}$/.test(text) ? Number(text) : undefined;
  if (year === undefined || year < FISCAL_YEAR_MIN || year > FISCAL_YEAR_MAX) return bad(FISCAL_YEAR_MESSAGE);
  return good(year);
}

function checkText(value: unknown, max: number, required: boolean): Checked<string | null> {
  if (isBlank(value)) return required ? bad(REQUIRED) : good(null);
  if (typeof value !== "string") return bad("ต้องเป็นข้อความ");
  const text = value.trim();
  if (text.length > max) return bad(`ยาวเกิน ${max} ตัวอักษร (มี ${text.length} ตัวอักษร)`);
  return good(text);
}

/** A title without the row number the table gave it ("๑. จัดอบรม…" → "จัดอบรม…"). */
const withoutRowNumber = (value: unknown) =>
  typeof value === "string" ? value.replace(/^\s*[0-9๐-๙]{1,3}\s*[.)](?![0-9๐-๙])\s*/, "") : value;

function checkIndicators(value: unknown): Checked<number[]> {
  if (isBlank(value) || (Array.isArray(value) && value.length === 0)) return bad(REQUIRED);
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === "string") items = value.split(/[,，]/).filter((item) => item.trim() !== "");
  else if (typeof value === "number") items = [value];
  else return bad("ต้องเป็นหมายเลขตัวชี้วัด 1–10 คั่นด้วยจุลภาค เช่น 1, 9");
  const numbers = new Set<number>();
  for (const item of items) {
    const text = numberText(item)?.replace(/^ตัวชี้วัด(?:ที่)?\s*/, "");
    if (text === undefined || !/^\d{1,2}$/.test(text) || Number(text) < 1 || Number(text) > 10) {
      return bad(`"${String(item).trim()}" ไม่ใช่หมายเลขตัวชี้วัด 1–10`);
    }
    numbers.add(Number(text));
  }
  return good([...numbers].sort((a, b) => a - b));
}

/**
 * The indicators a text names: "ตัวชี้วัดที่ ๙" by number, else the indicators' names
 * ("การเปิดเผยข้อมูล"). Used when the file has no indicator column (the seeds' layout).
 */
export function indicatorsNamedIn(text: string | null | undefined): number[] {
  if (!text) return [];
  const plain = asciiDigits(text);
  const numbers = new Set<number>();
  for (const match of plain.matchAll(/ตัวชี้วัด(?:ที่)?\s*(\d{1,2})(?!\d)/g)) {
    const n = Number(match[1]);
    if (n >= 1 && n <= 10) numbers.add(n);
  }
  if (numbers.size === 0) {
    for (const [n, name] of Object.entries(ITA_INDICATOR_NAMES)) {
      if (plain.includes(name)) numbers.add(Number(n));
    }
  }
  return [...numbers].sort((a, b) => a - b);
}

function checkAmount(value: unknown): Checked<number | null> {
  if (isBlank(value)) return good(null);
  const text = numberText(value)?.replace(/บาท$/, "").replace(/[,\s]/g, "");
  if (text === undefined) return bad("ต้องเป็นจำนวนเงิน (บาท)");
  if (/^[-–—]$/.test(text)) return good(null);
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return bad(`"${String(value).trim()}" ไม่ใช่จำนวนเงิน (บาท)`);
  const amount = Number(text);
  if (amount > 1e12) return bad("จำนวนเงินมากเกินไป");
  return good(amount);
}

function checkUnitNames(
  value: unknown,
  units: readonly UnitRef[],
): Checked<{ ids: string[]; label: string | null }> {
  let cell: string;
  if (typeof value === "string") cell = value;
  else if (Array.isArray(value) && value.every((name) => typeof name === "string")) {
    cell = value.map(unitNameKey).join(", ");
  } else return bad("ต้องเป็นชื่อหน่วยงาน คั่นด้วยจุลภาค (,) หรือ /");
  const read = readUnitCell(cell, units);
  if (!read.ok) return read;
  const label = read.value.label;
  if (label && label.length > UNITS_LABEL_MAX) return bad(`ยาวเกิน ${UNITS_LABEL_MAX} ตัวอักษร`);
  return good({ ids: read.value.unitIds, label });
}

function checkUnitIds(value: unknown, units: readonly UnitRef[]): Checked<{ ids: string[]; label: null }> {
  if (!Array.isArray(value) || !value.every((id) => typeof id === "string")) {
    return bad("ต้องเป็นรายการรหัสหน่วยงาน");
  }
  if (value.length === 0) return bad(REQUIRED);
  const known = new Set(units.map((unit) => unit.id));
  const unknown = value.filter((id) => !known.has(id));
  if (unknown.length) return bad(`ไม่พบหน่วยงานรหัส ${unknown.map((id) => `"${id}"`).join(", ")}`);
  return good({ ids: [...new Set(value as string[])], label: null });
}

export interface CheckOptions {
  /** How the units were given: by id (JSON `unitIds`) or by name. */
  unitsBy: "ids" | "names";
  /** The fiscal year of rows that do not say theirs. */
  fiscalYear?: number;
  /** Every row says its fiscal year (JSON). */
  fiscalYearRequired?: boolean;
  /** Read the indicators from the analysis or title when none are given (the seeds' layout). */
  inferIndicators?: boolean;
}

type Checks =
  | { ok: true; measure: MeasureFields }
  | { ok: false; errors: Array<{ field: string; message: string }> };

/** Check one measure; every failing field is reported under the name the caller knows it by. */
function checkMeasure(
  raw: RawMeasure,
  names: FieldNames,
  unitRefs: readonly UnitRef[],
  options: CheckOptions,
): Checks {
  const errors: Array<{ field: string; message: string }> = [];
  const take = <T>(field: Field, checked: Checked<T>): T | undefined => {
    if (checked.ok) return checked.value;
    errors.push({ field: names[field], message: checked.message });
    return undefined;
  };
  // The fiscal year: the row's, else the request's, else the one the period's months fall in.
  let fiscalYear: number | undefined;
  const yearGiven = !isBlank(raw.fiscalYear);
  if (yearGiven || options.fiscalYearRequired)
    fiscalYear = take("fiscalYear", checkFiscalYear(raw.fiscalYear));
  else fiscalYear = options.fiscalYear;
  const yearKnown = fiscalYear !== undefined || yearGiven || options.fiscalYearRequired === true;

  const title = take("title", checkText(withoutRowNumber(raw.title), TITLE_MAX, true));
  const analysis = take("analysis", checkText(raw.analysis, ANALYSIS_MAX, false));
  const named = indicatorsNamedIn(analysis);
  const indicators =
    options.inferIndicators && isBlank(raw.indicators)
      ? named.length
        ? named
        : indicatorsNamedIn(title)
      : take("indicators", checkIndicators(raw.indicators));
  const method = take("method", checkText(raw.method, METHOD_MAX, true));
  const units = take(
    "units",
    isBlank(raw.units)
      ? bad(options.unitsBy === "ids" ? "ต้องระบุหน่วยงานที่รับผิดชอบ (รหัสหรือชื่อหน่วยงาน)" : REQUIRED)
      : options.unitsBy === "ids"
        ? checkUnitIds(raw.units, unitRefs)
        : checkUnitNames(raw.units, unitRefs),
  );

  let startMonth: string | undefined;
  let endMonth: string | undefined;
  let monthsField: { start: string; end: string };
  const usesPeriod = raw.period !== undefined && raw.startMonth === undefined && raw.endMonth === undefined;
  if (usesPeriod) {
    monthsField = { start: names.period, end: names.period };
    const span: MonthSpan | undefined = take("period", parsePeriod(raw.period, fiscalYear));
    if (span) {
      startMonth = span.start;
      endMonth = span.end;
      if (!yearKnown) fiscalYear = span.fiscalYear;
    }
  } else {
    monthsField = { start: names.startMonth, end: names.endMonth };
    startMonth = take("startMonth", parseMonthCell(raw.startMonth, fiscalYear, "start"));
    endMonth = take("endMonth", parseMonthCell(raw.endMonth, fiscalYear, "end"));
    if (!yearKnown && startMonth) fiscalYear = fiscalYearOfMonth(startMonth);
  }
  const kpi = take("kpi", checkText(raw.kpi, KPI_MAX, false));
  const budget = take("budget", checkAmount(raw.budget));
  const spent = take("spent", checkAmount(raw.spent));
  if (fiscalYear === undefined && !yearKnown && errors.every((e) => e.field !== monthsField.start)) {
    errors.push({ field: names.fiscalYear, message: REQUIRED });
  }

  if (fiscalYear !== undefined) {
    const range = fiscalYearRange(fiscalYear);
    const first = range.start.slice(0, 7);
    const last = range.end.slice(0, 7);
    const outside = (month: string) =>
      `${thaiMonthYear(month)} อยู่นอกปีงบประมาณ ${fiscalYear} (${thaiMonthYear(first)} ถึง ${thaiMonthYear(last)})`;
    if (startMonth !== undefined && (startMonth < first || startMonth > last)) {
      errors.push({ field: monthsField.start, message: outside(startMonth) });
      startMonth = undefined;
    }
    if (endMonth !== undefined && (endMonth < first || endMonth > last)) {
      if (monthsField.end !== monthsField.start || startMonth !== undefined) {
        errors.push({ field: monthsField.end, message: outside(endMonth) });
      }
      endMonth = undefined;
    }
  }
  if (startMonth !== undefined && endMonth !== undefined && startMonth > endMonth) {
    errors.push({
      field: monthsField.end,
      message: `เดือนสิ้นสุด ${thaiMonthYear(endMonth)} อยู่ก่อนเดือนเริ่ม ${thaiMonthYear(startMonth)}`,
    });
  }
  let unitsLabel = units?.label ?? null;
  if (raw.unitsLabel !== undefined) {
    const label = take("units", checkText(raw.unitsLabel, UNITS_LABEL_MAX, false));
    if (label !== undefined) unitsLabel = label;
  }
  if (
    errors.length ||
    fiscalYear === undefined ||
    !title ||
    !indicators ||
    !method ||
    !units ||
    !startMonth ||
    !endMonth ||
    kpi === undefined ||
    budget === undefined ||
    spent === undefined ||
    analysis === undefined
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    measure: {
      fiscalYear,
      title,
      indicators,
      method,
      unitIds: units.ids,
      unitsLabel,
      startMonth,
      endMonth,
      kpi,
      budget,
      spent,
      analysis,
    },
  };
}

/** The B.E. fiscal year a `YYYY-MM` (C.E.) month falls in. */
function fiscalYearOfMonth(month: string): number {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return year + 543 + (m >= 10 ? 1 : 0);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The JSON keys a measure may carry (`POST /measures`, a JSON import row, `PATCH /measures/:id`). */
export const MEASURE_JSON_KEYS = [
  "fiscalYear",
  "title",
  "indicators",
  "method",
  "unitIds",
  "unitNames",
  "unitsLabel",
  "startMonth",
  "endMonth",
  "kpi",
  "budget",
  "spent",
  "analysis",
] as const;

/**
 * One measure given as JSON (`POST /measures`, or a row of a JSON import):
 * `{fiscalYear, title, indicators, method, unitIds | unitNames, startMonth, endMonth, kpi?, budget?,
 * spent?, analysis?, unitsLabel?}`.
 */
export function measureFromJson(value: unknown, units: readonly UnitRef[]): Checks {
  if (!isObject(value)) return { ok: false, errors: [{ field: "body", message: "ต้องเป็นชุดข้อมูลของมาตรการ" }] };
  if (value.unitIds !== undefined && value.unitNames !== undefined) {
    return {
      ok: false,
      errors: [{ field: "unitIds", message: "ระบุหน่วยงานด้วยรหัสหรือด้วยชื่ออย่างใดอย่างหนึ่ง ไม่ใช่ทั้งสองอย่าง" }],
    };
  }
  const byNames = value.unitNames !== undefined;
  const raw: RawMeasure = {
    fiscalYear: value.fiscalYear ?? null,
    title: value.title,
    indicators: value.indicators,
    method: value.method,
    units: byNames ? value.unitNames : value.unitIds,
    unitsLabel: value.unitsLabel,
    startMonth: value.startMonth ?? null,
    endMonth: value.endMonth ?? null,
    kpi: value.kpi,
    budget: value.budget,
    spent: value.spent,
    analysis: value.analysis,
  };
  return byNames
    ? checkMeasure(raw, { ...JSON_FIELDS, units: "unitNames" }, units, {
        unitsBy: "names",
        fiscalYearRequired: true,
      })
    : checkMeasure(raw, JSON_FIELDS, units, { unitsBy: "ids", fiscalYearRequired: true });
}

function tooMany(count: number): ImportError {
  return {
    row: 0,
    field: "measures",
    message: `นำเข้าได้ครั้งละไม่เกิน ${MAX_IMPORT_ROWS} มาตรการ (มี ${count}) โปรดแบ่งไฟล์`,
  };
}

/** A JSON import: `{"measures": [...]}`. */
export function importFromJson(body: unknown, units: readonly UnitRef[]): ImportResult {
  const list = isObject(body) ? body.measures : undefined;
  if (!Array.isArray(list)) {
    return { ok: false, errors: [{ row: 0, field: "measures", message: "ต้องเป็นรายการมาตรการ" }] };
  }
  if (list.length === 0) {
    return { ok: false, errors: [{ row: 0, field: "measures", message: "ต้องมีอย่างน้อยหนึ่งมาตรการ" }] };
  }
  if (list.length > MAX_IMPORT_ROWS) return { ok: false, errors: [tooMany(list.length)] };
  const measures: MeasureFields[] = [];
  const errors: ImportError[] = [];
  list.forEach((item, index) => {
    if (!isObject(item)) {
      errors.push({ row: index + 1, field: "measures", message: "ต้องเป็นชุดข้อมูลของมาตรการ" });
      return;
    }
    const checked = measureFromJson(item, units);
    if (checked.ok) measures.push(checked.measure);
    else errors.push(...checked.errors.map((error) => ({ row: index + 1, ...error })));
  });
  return errors.length ? { ok: false, errors } : { ok: true, measures };
}

/** A header as written, compared without spaces or line breaks ("มาตรการ/\nแนวทาง" still matches). */
const headerKey = (header: string) => asciiDigits(header).replace(/\s+/g, "").toLowerCase();

/** Headers read exactly (after `headerKey`), then by how they begin. */
const EXACT_HEADERS: ReadonlyArray<readonly [string, Field]> = (
  [
    ...(Object.entries(CSV_HEADERS) as Array<[Field, string]>).map(
      ([field, header]) => [header, field] as const,
    ),
    ["มาตรการ", "title"],
    ["มาตรการ/โครงการ/กิจกรรม", "title"],
    ["โครงการ/กิจกรรม", "title"],
    ["ชื่อมาตรการ", "title"],
    ["มาตรการ/โครงการ", "title"],
    ["ตัวชี้วัดita", "indicators"],
    ["ตัวชี้วัดที่", "indicators"],
    ["เดือนเริ่ม", "startMonth"],
    ["เดือนสิ้นสุด", "endMonth"],
    ["ระยะเวลา", "period"],
    ["ระยะเวลาดำเนินการ", "period"],
    ["งบประมาณที่ใช้ไป", "spent"],
    ["ใช้จ่ายจริง", "spent"],
    ["เบิกจ่าย", "spent"],
    ["การติดตามผล", "kpi"],
    ["ตัวชี้วัดผลสำเร็จ", "kpi"],
  ] as ReadonlyArray<readonly [string, Field]>
).map(([header, field]) => [headerKey(header), field] as const);
const EXACT = new Map(EXACT_HEADERS);
const PREFIXES: ReadonlyArray<readonly [string, Field]> = [
  ["ผลการวิเคราะห์", "analysis"],
  ["ประเด็น", "analysis"],
  ["การวิเคราะห์", "analysis"],
  ["ขั้นตอน", "method"],
  ["วิธีการ", "method"],
  ["ระยะเวลา", "period"],
  ["ผู้รับผิดชอบ", "units"],
  ["หน่วยงานที่รับผิดชอบ", "units"],
  ["หน่วยงานรับผิดชอบ", "units"],
  ["ตัวชี้วัดความสำเร็จ", "kpi"],
  ["การติดตาม", "kpi"],
  ["งบประมาณที่ใช้", "spent"],
  ["งบประมาณ", "budget"],
  ["มาตรการ", "title"],
  ["โครงการ", "title"],
];

/** The field a header names, if any. */
export function fieldOfHeader(header: string): Field | undefined {
  const key = headerKey(header);
  if (key === "") return undefined;
  return EXACT.get(key) ?? PREFIXES.find(([prefix]) => key.startsWith(headerKey(prefix)))?.[1];
}

const lineBreaks = (text: string) => text.match(/\n/g)?.length ?? 0;

export interface CsvImportOptions {
  /** The fiscal year of rows that do not say theirs (no ปีงบประมาณ column, or an empty cell). */
  fiscalYear?: number;
}

/**
 * A CSV import (UTF-8, with or without a BOM; RFC 4180 quoting, so a method may hold commas, line
 * breaks and doubled quotes): the template's layout or the seeds'. Rows whose cells are all empty are
 * skipped, and so are rows that repeat the header (a table split over pages).
 */
export function importFromCsv(
  text: string,
  units: readonly UnitRef[],
  options: CsvImportOptions = {},
): ImportResult {
  const csv = readCsv(text);
  if (!csv.ok) return csv;
  // The line each record starts on: a record spans one line plus the breaks inside its quoted cells.
  const table: SheetRow[] = [];
  let line = 1;
  for (const record of csv.records) {
    table.push({ row: line, cells: record });
    line += 1 + record.reduce((sum, cell) => sum + lineBreaks(cell), 0);
  }
  return importFromTable(table, units, options);
}

/**
 * An .xlsx import: the first sheet, read as the CSV is (the same headers and rules); rows are named by
 * the sheet's row numbers.
 */
export function importFromXlsx(
  bytes: Uint8Array,
  units: readonly UnitRef[],
  options: CsvImportOptions = {},
): ImportResult {
  const sheet = readXlsx(bytes);
  return sheet.ok ? importFromTable(sheet.rows, units, options) : sheet;
}

/**
 * The header row: the first row (of the first 20) naming both a measure and a method column, so a
 * document's title lines above the table are passed over; else the first row with any text.
 */
function headerIndex(table: readonly SheetRow[]): number {
  const fields = (row: SheetRow) => new Set(row.cells.map(fieldOfHeader));
  const named = table.slice(0, 20).findIndex((row) => fields(row).has("title") && fields(row).has("method"));
  if (named >= 0) return named;
  return table.findIndex((row) => row.cells.some((cell) => cell.trim() !== ""));
}

/** Rows of cells (CSV records, sheet rows) with their numbers, checked as one import. */
function importFromTable(
  table: readonly SheetRow[],
  units: readonly UnitRef[],
  options: CsvImportOptions,
): ImportResult {
  const at = headerIndex(table);
  const header = at >= 0 ? table[at]?.cells : undefined;
  const headerRow = at >= 0 ? (table[at]?.row ?? 1) : 1;
  if (!header || header.every((cell) => cell.trim() === "")) {
    return { ok: false, errors: [{ row: 1, field: "file", message: "ไฟล์ว่าง: ไม่มีแถวหัวคอลัมน์" }] };
  }
  const columns = new Map<Field, number>();
  const names: FieldNames = { ...DEFAULT_NAMES };
  const headerErrors: ImportError[] = [];
  header.forEach((cell, index) => {
    const field = fieldOfHeader(cell);
    if (!field) return;
    const written = cell.replace(/\s+/g, " ").trim();
    if (columns.has(field)) {
      headerErrors.push({ row: headerRow, field: written, message: `คอลัมน์นี้ซ้ำกับคอลัมน์ "${names[field]}"` });
    } else {
      columns.set(field, index);
      names[field] = written;
    }
  });
  for (const field of ["title", "method", "units"] as const) {
    if (!columns.has(field)) {
      headerErrors.push({ row: headerRow, field: names[field], message: "ไม่มีคอลัมน์นี้" });
    }
  }
  const hasPeriod = columns.has("period");
  const hasMonths = columns.has("startMonth") || columns.has("endMonth");
  if (hasPeriod && hasMonths) {
    headerErrors.push({
      row: headerRow,
      field: names.period,
      message: `ใช้คอลัมน์ "${names.period}" หรือคอลัมน์ "${names.startMonth}" กับ "${names.endMonth}" อย่างใดอย่างหนึ่ง`,
    });
  } else if (!hasPeriod) {
    for (const field of ["startMonth", "endMonth"] as const) {
      if (!columns.has(field)) {
        headerErrors.push({
          row: headerRow,
          field: names[field],
          message: hasMonths ? "ไม่มีคอลัมน์นี้" : `ไม่มีคอลัมน์นี้ (หรือใช้คอลัมน์ "${names.period}" ช่องเดียว)`,
        });
      }
    }
  }
  if (headerErrors.length) return { ok: false, errors: headerErrors };

  const headerKeys = header.map(headerKey);
  const rows = table
    .slice(at + 1)
    .map(({ cells, row }) => ({ record: cells, row }))
    .filter(({ record }) => record.some((cell) => cell.trim() !== ""))
    .filter(({ record }) => !record.every((cell, i) => headerKey(cell) === (headerKeys[i] ?? "")));
  if (rows.length === 0) {
    return { ok: false, errors: [{ row: 0, field: "measures", message: "ไม่มีมาตรการใต้แถวหัวคอลัมน์" }] };
  }
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, errors: [tooMany(rows.length)] };
  const measures: MeasureFields[] = [];
  const errors: ImportError[] = [];
  const checkOptions: CheckOptions = {
    unitsBy: "names",
    fiscalYear: options.fiscalYear,
    inferIndicators: !columns.has("indicators"),
  };
  for (const { record, row } of rows) {
    const raw: RawMeasure = {};
    for (const [field, index] of columns) raw[field] = record[index] ?? "";
    if (!hasPeriod) {
      raw.startMonth ??= "";
      raw.endMonth ??= "";
    }
    const checked = checkMeasure(raw, names, units, checkOptions);
    if (checked.ok) measures.push(checked.measure);
    else errors.push(...checked.errors.map((error) => ({ row, ...error })));
  }
  return errors.length ? { ok: false, errors } : { ok: true, measures };
}
