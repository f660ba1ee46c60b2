/**
 * Measures as admins bring them in (CONTRACT.md › Measures import): one JSON object, a JSON list, or a
 * CSV saved from the spreadsheet the organisation already keeps, with the Thai column headers.
 * Every row is checked and every problem reported in Thai, row by row and field by field; nothing is
 * stored unless every row is good (`measures.service.ts` plans them as one write).
 *
 * Cells, in CSV and JSON alike (Thai digits ๐–๙ are read wherever a number is):
 * - ปีงบประมาณ / fiscalYear: a Buddhist-era fiscal year, 2500–2700.
 * - ตัวชี้วัด / indicators: ITA indicator numbers 1–10, separated by commas (`1, 9`; `ตัวชี้วัดที่ ๙`
 *   also reads as 9); in JSON an array of numbers.
 * - เริ่ม, สิ้นสุด / startMonth, endMonth: `YYYY-MM` with the Christian-era year, or a Thai month with
 *   its Buddhist-era year: `ต.ค. 2568`, `ตุลาคม 2568`, `ต.ค. พ.ศ. 2568`, and the two-digit year offices
 *   write (`ต.ค. 68`, read as 2568: every two-digit B.E. year maps to a single 25xx year). Both months
 *   lie within the fiscal year (1 Oct – 30 Sep) and the start is not after the end.
 * - ผู้รับผิดชอบ / unitNames: unit names separated by commas or `/`; `ทุกส่วนราชการ`, `ทุกกอง` and
 *   `ทุกหน่วยงาน` mean every unit. In JSON, `unitIds` (an array of ids) or `unitNames` (an array, or
 *   one string as in the CSV). An unknown unit is a bad row that names it.
 * - งบประมาณ / budget: a number of baht, commas allowed; `-` or empty for none.
 * - มาตรการ/แนวทาง (title, ≤ 500), วิธีการดำเนินการ (method, ≤ 5,000) required;
 *   ตัวชี้วัดความสำเร็จ (kpi, ≤ 1,000) optional.
 *
 * Rows: for JSON the 1-based position in `measures`; for CSV the line in the file where the record
 * starts (the header is line 1; a quoted cell with line breaks spans several lines). Row 0 is the
 * request as a whole (not JSON, too many rows, …).
 */

import { FISCAL_YEAR_MAX, FISCAL_YEAR_MESSAGE, FISCAL_YEAR_MIN } from "../../domain/fiscal-year";
import { asciiDigits } from "../../domain/thai-digits";
import { fiscalYearRange, thaiMonthYear } from "../../domain/thai-time";
import { type CsvProblem, readCsv } from "../csv";

export const MAX_IMPORT_ROWS = 2000;
export const TITLE_MAX = 500;
export const METHOD_MAX = 5000;
export const KPI_MAX = 1000;

/** A measure's fields after validation: what `insertMeasures` takes, less id and timestamps. */
export interface MeasureFields {
  fiscalYear: number;
  title: string;
  indicators: number[];
  method: string;
  unitIds: string[];
  /** `YYYY-MM`, Christian era. */
  startMonth: string;
  endMonth: string;
  kpi: string | null;
  budget: number | null;
}

/** A bad row's problem: its row, the field (a Thai column header for CSV), the Thai message. */
export type ImportError = CsvProblem;

export type ImportResult = { ok: true; measures: MeasureFields[] } | { ok: false; errors: ImportError[] };

export interface UnitRef {
  id: string;
  name: string;
}

type Field = keyof Omit<MeasureFields, "unitIds"> | "units";
type FieldNames = Record<Field, string>;

/** The CSV's column headers, by field. */
export const CSV_HEADERS: FieldNames = {
  fiscalYear: "ปีงบประมาณ",
  title: "มาตรการ/แนวทาง",
  indicators: "ตัวชี้วัด",
  method: "วิธีการดำเนินการ",
  units: "ผู้รับผิดชอบ",
  startMonth: "เริ่ม",
  endMonth: "สิ้นสุด",
  kpi: "ตัวชี้วัดความสำเร็จ",
  budget: "งบประมาณ",
};
const OPTIONAL_COLUMNS: readonly Field[] = ["kpi", "budget"];

const JSON_FIELDS: FieldNames = {
  fiscalYear: "fiscalYear",
  title: "title",
  indicators: "indicators",
  method: "method",
  units: "unitIds",
  startMonth: "startMonth",
  endMonth: "endMonth",
  kpi: "kpi",
  budget: "budget",
};

/** One measure as given, before checking: cell text (CSV) or JSON values. */
type RawMeasure = Partial<Record<Field, unknown>>;

const REQUIRED = "ต้องกรอก";
const MONTH_FORMS = "ต้องเป็นเดือนแบบ ค.ศ. เช่น 2026-10 หรือชื่อเดือนไทยกับปี พ.ศ. เช่น ต.ค. 2569";

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };
const good = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (message: string): Checked<never> => ({ ok: false, message });

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
  const text = numberText(value);
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

function checkIndicators(value: unknown): Checked<number[]> {
  if (isBlank(value) || (Array.isArray(value) && value.length === 0)) return bad(REQUIRED);
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === "string") items = value.split(/[,，]/).filter((item) => item.trim() !== "");
  else if (typeof value === "number") items = [value];
  else return bad("ต้องเป็นหมายเลขตัวชี้วัด 1–10 คั่นด้วยจุลภาค เช่น 1, 9");
  const numbers = new Set<number>();
  for (const item of items) {
    const text = numberText(item)?.replace(/^ตัวชี้วัดที่\s*/, "");
    if (text === undefined || !/^\d{1,2}$/.test(text) || Number(text) < 1 || Number(text) > 10) {
      return bad(`"${String(item).trim()}" ไม่ใช่หมายเลขตัวชี้วัด 1–10`);
    }
    numbers.add(Number(text));
  }
  return good([...numbers].sort((a, b) => a - b));
}

const THAI_MONTHS: ReadonlyArray<readonly [full: string, short: string]> = [
  ["มกราคม", "มค"],
  ["กุมภาพันธ์", "กพ"],
  ["มีนาคม", "มีค"],
  ["เมษายน", "เมย"],
  ["พฤษภาคม", "พค"],
  ["มิถุนายน", "มิย"],
  ["กรกฎาคม", "กค"],
  ["สิงหาคม", "สค"],
  ["กันยายน", "กย"],
  ["ตุลาคม", "ตค"],
  ["พฤศจิกายน", "พย"],
  ["ธันวาคม", "ธค"],
];
/** A Thai month name as written, compared without dots, spaces or the silent mark (์). */
const monthKey = (text: string) => text.replace(/[.\s\u0E4C]/g, "");
const MONTH_BY_KEY = new Map(
  THAI_MONTHS.flatMap(([full, short], index) => [
    [monthKey(full), index + 1] as const,
    [short, index + 1] as const,
  ]),
);

const pad = (month: number) => String(month).padStart(2, "0");

/** `YYYY-MM` (C.E.) or a Thai month with its B.E. year, as `YYYY-MM` (C.E.). */
export function parseMonthCell(value: unknown): Checked<string> {
  if (isBlank(value)) return bad(REQUIRED);
  if (typeof value !== "string") return bad(MONTH_FORMS);
  const text = asciiDigits(value).trim();
  const iso = /^(\d{4})-(\d{1,2})$/.exec(text);
  if (iso) {
    const year = Number(iso[1]);
    const month = Number(iso[2]);
    if (month < 1 || month > 12) return bad(`"${value.trim()}": ไม่มีเดือนที่ ${month}`);
    if (year >= 2400) {
      return bad(
        `"${value.trim()}": เดือนแบบตัวเลขใช้ปี ค.ศ. โปรดเขียน ${year - 543}-${pad(month)} หรือ ${THAI_MONTHS[month - 1]?.[0]} ${year}`,
      );
    }
    if (year < 1900) return bad(`"${value.trim()}": ไม่ใช่เดือนในช่วงปีปัจจุบัน`);
    return good(`${year}-${pad(month)}`);
  }
  const thai = /^(.*?)\s*(?:พ\.\s*ศ\.)?\s*(\d{2}|\d{4})$/.exec(text);
  const month = thai?.[1] ? MONTH_BY_KEY.get(monthKey(thai[1])) : undefined;
  if (!thai?.[2] || month === undefined) {
    return bad(`"${value.trim()}": ${MONTH_FORMS}`);
  }
  const digits = thai[2];
  const buddhistYear = digits.length === 2 ? 2500 + Number(digits) : Number(digits);
  if (buddhistYear < 2400 || buddhistYear > 2800) {
    return bad(`"${value.trim()}": ปีหลังชื่อเดือนต้องเป็นปี พ.ศ. เช่น ต.ค. 2568`);
  }
  return good(`${buddhistYear - 543}-${pad(month)}`);
}

function checkBudget(value: unknown): Checked<number | null> {
  if (isBlank(value)) return good(null);
  const text = numberText(value)?.replace(/บาท$/, "").replace(/[,\s]/g, "");
  if (text === undefined) return bad("ต้องเป็นจำนวนเงิน (บาท)");
  if (/^[-–—]$/.test(text)) return good(null);
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return bad(`"${String(value).trim()}" ไม่ใช่จำนวนเงิน (บาท)`);
  const budget = Number(text);
  if (budget > 1e12) return bad("จำนวนเงินมากเกินไป");
  return good(budget);
}

/** Names meaning "every unit" in the responsible-unit cell. */
const ALL_UNITS = new Set(["ทุกส่วนราชการ", "ทุกกอง", "ทุกหน่วยงาน"]);
const nameKey = (name: string) => name.replace(/\s+/g, " ").trim();

function checkUnitNames(value: unknown, units: readonly UnitRef[]): Checked<string[]> {
  let names: string[];
  if (typeof value === "string") names = value.split(/[,，/]/);
  else if (Array.isArray(value) && value.every((name) => typeof name === "string")) names = value;
  else return bad("ต้องเป็นชื่อหน่วยงาน คั่นด้วยจุลภาค (,) หรือ /");
  names = names.map(nameKey).filter((name) => name !== "");
  if (names.length === 0) return bad(REQUIRED);
  const byName = new Map(units.map((unit) => [nameKey(unit.name), unit.id]));
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    if (ALL_UNITS.has(name)) ids.push(...units.map((unit) => unit.id));
    else {
      const id = byName.get(name);
      if (id) ids.push(id);
      else unknown.push(name);
    }
  }
  if (unknown.length) {
    return bad(
      `ไม่พบหน่วยงาน ${unknown.map((name) => `"${name}"`).join(", ")} โปรดเพิ่มหน่วยงานก่อน หรือแก้ชื่อให้ตรงกับที่มีอยู่`,
    );
  }
  return good([...new Set(ids)]);
}

function checkUnitIds(value: unknown, units: readonly UnitRef[]): Checked<string[]> {
  if (!Array.isArray(value) || !value.every((id) => typeof id === "string")) {
    return bad("ต้องเป็นรายการรหัสหน่วยงาน");
  }
  if (value.length === 0) return bad(REQUIRED);
  const known = new Set(units.map((unit) => unit.id));
  const unknown = value.filter((id) => !known.has(id));
  if (unknown.length) return bad(`ไม่พบหน่วยงานรหัส ${unknown.map((id) => `"${id}"`).join(", ")}`);
  return good([...new Set(value as string[])]);
}

/**
 * Check one measure; every failing field is reported under the name the caller knows it by.
 * `unitsBy` says how the units were given: by id (JSON `unitIds`) or by name.
 */
function checkMeasure(
  raw: RawMeasure,
  names: FieldNames,
  unitsBy: "ids" | "names",
  units: readonly UnitRef[],
): { ok: true; measure: MeasureFields } | { ok: false; errors: Array<{ field: string; message: string }> } {
  const errors: Array<{ field: string; message: string }> = [];
  const take = <T>(field: Field, checked: Checked<T>): T | undefined => {
    if (checked.ok) return checked.value;
    errors.push({ field: names[field], message: checked.message });
    return undefined;
  };
  const fiscalYear = take("fiscalYear", checkFiscalYear(raw.fiscalYear));
  const title = take("title", checkText(raw.title, TITLE_MAX, true));
  const indicators = take("indicators", checkIndicators(raw.indicators));
  const method = take("method", checkText(raw.method, METHOD_MAX, true));
  const unitIds = take(
    "units",
    isBlank(raw.units)
      ? bad(unitsBy === "ids" ? "ต้องระบุหน่วยงานที่รับผิดชอบ (รหัสหรือชื่อหน่วยงาน)" : REQUIRED)
      : unitsBy === "ids"
        ? checkUnitIds(raw.units, units)
        : checkUnitNames(raw.units, units),
  );
  let startMonth = take("startMonth", parseMonthCell(raw.startMonth));
  let endMonth = take("endMonth", parseMonthCell(raw.endMonth));
  const kpi = take("kpi", checkText(raw.kpi, KPI_MAX, false));
  const budget = take("budget", checkBudget(raw.budget));

  if (fiscalYear !== undefined) {
    const range = fiscalYearRange(fiscalYear);
    const first = range.start.slice(0, 7);
    const last = range.end.slice(0, 7);
    const outside = (month: string) =>
      `${thaiMonthYear(month)} อยู่นอกปีงบประมาณ ${fiscalYear} (${thaiMonthYear(first)} ถึง ${thaiMonthYear(last)})`;
    if (startMonth !== undefined && (startMonth < first || startMonth > last)) {
      errors.push({ field: names.startMonth, message: outside(startMonth) });
      startMonth = undefined;
    }
    if (endMonth !== undefined && (endMonth < first || endMonth > last)) {
      errors.push({ field: names.endMonth, message: outside(endMonth) });
      endMonth = undefined;
    }
  }
  if (startMonth !== undefined && endMonth !== undefined && startMonth > endMonth) {
    errors.push({
      field: names.endMonth,
      message: `เดือนสิ้นสุด ${thaiMonthYear(endMonth)} อยู่ก่อนเดือนเริ่ม ${thaiMonthYear(startMonth)}`,
    });
  }
  if (
    errors.length ||
    fiscalYear === undefined ||
    !title ||
    !indicators ||
    !method ||
    !unitIds ||
    !startMonth ||
    !endMonth ||
    kpi === undefined ||
    budget === undefined
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    measure: { fiscalYear, title, indicators, method, unitIds, startMonth, endMonth, kpi, budget },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * One measure given as JSON (`POST /measures`, or a row of a JSON import):
 * `{fiscalYear, title, indicators, method, unitIds | unitNames, startMonth, endMonth, kpi?, budget?}`.
 */
export function measureFromJson(
  value: unknown,
  units: readonly UnitRef[],
): { ok: true; measure: MeasureFields } | { ok: false; errors: Array<{ field: string; message: string }> } {
  if (!isObject(value)) return { ok: false, errors: [{ field: "body", message: "ต้องเป็นชุดข้อมูลของมาตรการ" }] };
  if (value.unitIds !== undefined && value.unitNames !== undefined) {
    return {
      ok: false,
      errors: [{ field: "unitIds", message: "ระบุหน่วยงานด้วยรหัสหรือด้วยชื่ออย่างใดอย่างหนึ่ง ไม่ใช่ทั้งสองอย่าง" }],
    };
  }
  const byNames = value.unitNames !== undefined;
  const raw: RawMeasure = {
    fiscalYear: value.fiscalYear,
    title: value.title,
    indicators: value.indicators,
    method: value.method,
    units: byNames ? value.unitNames : value.unitIds,
    startMonth: value.startMonth,
    endMonth: value.endMonth,
    kpi: value.kpi,
    budget: value.budget,
  };
  return byNames
    ? checkMeasure(raw, { ...JSON_FIELDS, units: "unitNames" }, "names", units)
    : checkMeasure(raw, JSON_FIELDS, "ids", units);
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
const headerKey = (header: string) => header.replace(/\s+/g, "");
const FIELD_BY_HEADER = new Map(
  (Object.entries(CSV_HEADERS) as Array<[Field, string]>).map(([field, header]) => [
    headerKey(header),
    field,
  ]),
);

const lineBreaks = (text: string) => text.match(/\n/g)?.length ?? 0;

/**
 * A CSV import (UTF-8, with or without a BOM; RFC 4180 quoting, so a method may hold commas, line
 * breaks and doubled quotes). Columns are found by their Thai headers, in any order; other columns
 * are ignored; rows whose cells are all empty are skipped.
 */
export function importFromCsv(text: string, units: readonly UnitRef[]): ImportResult {
  const csv = readCsv(text);
  if (!csv.ok) return csv;
  const { records } = csv;
  // The line each record starts on: a record spans one line plus the breaks inside its quoted cells.
  const starts: number[] = [];
  let line = 1;
  for (const record of records) {
    starts.push(line);
    line += 1 + record.reduce((sum, cell) => sum + lineBreaks(cell), 0);
  }
  const header = records[0];
  if (!header || header.every((cell) => cell.trim() === "")) {
    return { ok: false, errors: [{ row: 1, field: "file", message: "ไฟล์ว่าง: ไม่มีแถวหัวคอลัมน์" }] };
  }
  const columns = new Map<Field, number>();
  const headerErrors: ImportError[] = [];
  header.forEach((cell, index) => {
    const field = FIELD_BY_HEADER.get(headerKey(cell));
    if (!field) return;
    if (columns.has(field)) {
      headerErrors.push({ row: 1, field: CSV_HEADERS[field], message: "คอลัมน์นี้ซ้ำ" });
    } else columns.set(field, index);
  });
  for (const [field, name] of Object.entries(CSV_HEADERS) as Array<[Field, string]>) {
    if (!columns.has(field) && !OPTIONAL_COLUMNS.includes(field)) {
      headerErrors.push({ row: 1, field: name, message: "ไม่มีคอลัมน์นี้" });
    }
  }
  if (headerErrors.length) return { ok: false, errors: headerErrors };

  const rows = records
    .map((record, index) => ({ record, row: starts[index] ?? 0 }))
    .slice(1)
    .filter(({ record }) => record.some((cell) => cell.trim() !== ""));
  if (rows.length === 0) {
    return { ok: false, errors: [{ row: 0, field: "measures", message: "ไม่มีมาตรการใต้แถวหัวคอลัมน์" }] };
  }
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, errors: [tooMany(rows.length)] };
  const measures: MeasureFields[] = [];
  const errors: ImportError[] = [];
  for (const { record, row } of rows) {
    const raw: RawMeasure = {};
    for (const [field, index] of columns) raw[field] = record[index];
    const checked = checkMeasure(raw, CSV_HEADERS, "names", units);
    if (checked.ok) measures.push(checked.measure);
    else errors.push(...checked.errors.map((error) => ({ row, ...error })));
  }
  return errors.length ? { ok: false, errors } : { ok: true, measures };
}
