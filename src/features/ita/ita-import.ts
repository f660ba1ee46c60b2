/**
 * An ITA result from a CSV laid out like the score tables the NACC's results come in (seeds 001 and
 * 004): rows of `ตัวชี้วัด/ข้อ, หัวข้อ/ชื่อ, คะแนน`. UTF-8, with or without a BOM, RFC 4180 quoting;
 * only the first three columns are read (a fourth such as ระดับค่าเป้าหมาย or ผลการประเมิน is
 * ignored); Thai digits are read wherever a number is; HTML tags pasted from a document are dropped.
 *
 * What a row is, by its first cell (A), second (B) and score (C; or B when C is empty, for
 * two-column files):
 * - **total**: A is (or starts with) คะแนนรวม, คะแนนภาพรวม, คะแนนเฉลี่ย; or is ระดับคะแนน (as seed 004
 *   words it), รวม or total; the score is the total. A level in B rides along (`คะแนนรวม, B, 75.36`). Required, once.
 * - **level**: A is ระดับ, ระดับผลการประเมิน, ผลการประเมิน or level, and B (or C) is AA–F or a label
 *   starting ผ่าน / ไม่ผ่าน. Optional.
 * - **item**: A is an item code, `i1`, `e๑`, `o๐๑`, `O12` (letter required, leading zeros ignored);
 *   B is its text (not read: the texts come from that year's catalogue). A code the year's form
 *   does not have is a bad row.
 * - **indicator**: B names an indicator (`การปฏิบัติหน้าที่`; variants such as
 *   `การใช้ทรัพย์สินของทางราชการ` accepted) — the name decides, so a number in A may be a rank as in
 *   seed 004's ranking table; or B is empty and A is its number (`9`, `๙`, `ตัวชี้วัดที่ ๙`); or A is
 *   its name. A number in A beside a B that names no indicator is a bad row (an OIT item written
 *   `๐๑` without its letter would otherwise pass for indicator 1).
 * - anything else without a score is a header or a section heading (`IIT ๑ การปฏิบัติหน้าที่`,
 *   `OIT ข้อมูลพื้นฐาน`, `อันดับ, ตัวชี้วัด, คะแนน`) and is skipped; with a score it is a bad row.
 * An indicator or item given twice is a bad row. Scores are 0–100. Every bad row is reported as
 * `{row, field, message}` — the row is the line in the file where the record starts; the field is
 * `ตัวชี้วัด/ข้อ`, `หัวข้อ/ชื่อ`, `คะแนน` or `ระดับ`; row 0 is the file as a whole — and nothing is stored
 * unless every row is good.
 */

import { indicatorByName, normaliseItemCode } from "../../domain/ita-catalogue";
import { asciiDigits } from "../../domain/thai-digits";
import { readCsv } from "../csv";
import type { ImportError } from "../measures/measure-import";
import {
  type ItaResultInput,
  itemCodeProblem,
  LEVELS,
  MAX_ITEMS,
  parseLevel,
  parseScore,
} from "./ita-result";

export const ITA_CSV_FIELDS = {
  key: "ตัวชี้วัด/ข้อ",
  name: "หัวข้อ/ชื่อ",
  score: "คะแนน",
  level: "ระดับ",
} as const;

export const MAX_CSV_RECORDS = 1000;

const TOTAL_WORDS = new Set([
  "คะแนนรวม",
  "คะแนนภาพรวม",
  "คะแนนเฉลี่ย",
  "ระดับคะแนน",
  "ผลคะแนนรวม",
  "รวม",
  "total",
]);
/** `คะแนนรวม ITA`, `คะแนนเฉลี่ยรวม` too. */
const isTotal = (key: string) =>
  TOTAL_WORDS.has(key) || ["คะแนนรวม", "คะแนนภาพรวม", "คะแนนเฉลี่ย"].some((word) => key.startsWith(word));
const LEVEL_WORDS = new Set(["ระดับ", "ระดับผลการประเมิน", "ผลการประเมิน", "level"]);

export type ItaCsvResult = { ok: true; result: ItaResultInput } | { ok: false; errors: ImportError[] };

/** A cell as read: tags, zero-width characters and surrounding space gone. */
const clean = (cell: string | undefined) =>
  (cell ?? "")
    .replace(/<[^>]*>/g, " ")
    .replace(/[\u200b-\u200d\ufeff\u00a0]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
const wordKey = (text: string) => text.replace(/\s+/g, "").toLowerCase();
const lineBreaks = (text: string) => text.match(/\n/g)?.length ?? 0;

/** `9`, `๙`, `๙.`, `ตัวชี้วัดที่ ๙` → 9; `01` → "leading zero"; anything else undefined. */
function indicatorNumber(text: string): number | "leading-zero" | undefined {
  const match = /^(?:ตัวชี้วัดที่)?(\d{1,2})\.?$/.exec(asciiDigits(text).replace(/\s+/g, ""));
  if (!match?.[1]) return undefined;
  if (match[1].startsWith("0")) return "leading-zero";
  return Number(match[1]);
}

export function itaResultFromCsv(text: string, fiscalYear: number): ItaCsvResult {
  const csv = readCsv(text);
  if (!csv.ok) return csv;
  const { records } = csv;
  if (records.length > MAX_CSV_RECORDS) {
    return {
      ok: false,
      errors: [
        { row: 0, field: "file", message: `ไฟล์มีได้ไม่เกิน ${MAX_CSV_RECORDS} แถว (มี ${records.length} แถว)` },
      ],
    };
  }

  const errors: ImportError[] = [];
  const indicators = new Map<number, { score: number; row: number }>();
  const items = new Map<string, { score: number; row: number }>();
  let total: { score: number; row: number } | undefined;
  let level: { value: string; row: number } | undefined;

  let line = 1;
  for (const record of records) {
    const row = line;
    line += 1 + record.reduce((sum, cell) => sum + lineBreaks(cell), 0);
    const [a, b, c] = [clean(record[0]), clean(record[1]), clean(record[2])];
    if (a === "" && b === "" && c === "") continue;
    const bad = (field: string, message: string) => errors.push({ row, field, message });
    // The score: the third cell, or the second in a two-column file.
    const scoreCell = c !== "" ? c : parseScore(b) !== undefined ? b : "";
    const readScore = (): number | undefined => {
      if (scoreCell === "") {
        bad(ITA_CSV_FIELDS.score, "ต้องกรอกคะแนน 0 ถึง 100");
        return undefined;
      }
      const score = parseScore(scoreCell);
      if (score === undefined) bad(ITA_CSV_FIELDS.score, `"${scoreCell}" ไม่ใช่คะแนน 0 ถึง 100`);
      return score;
    };
    const keyA = wordKey(a);

    if (isTotal(keyA) || (a === "" && isTotal(wordKey(b)))) {
      const levelInRow = scoreCell !== b && b !== "" ? parseLevel(b) : undefined;
      // `ระดับคะแนน, B` alone: seed 004's wording carries the level.
      if (scoreCell === "" && keyA === "ระดับคะแนน" && parseLevel(b) !== undefined) {
        level = setOnce(level, { value: parseLevel(b) ?? "", row }, bad, ITA_CSV_FIELDS.level, "ระดับ");
        continue;
      }
      const score = readScore();
      if (score !== undefined) total = setOnce(total, { score, row }, bad, ITA_CSV_FIELDS.score, "คะแนนรวม");
      if (levelInRow !== undefined) {
        level = setOnce(level, { value: levelInRow, row }, bad, ITA_CSV_FIELDS.level, "ระดับ");
      }
      continue;
    }

    if (LEVEL_WORDS.has(keyA)) {
      const value = b !== "" ? b : c;
      const parsed = parseLevel(value);
      if (parsed === undefined) {
        bad(ITA_CSV_FIELDS.level, value === "" ? `ต้องกรอก${LEVELS}` : `"${value}" ไม่ใช่${LEVELS}`);
      } else level = setOnce(level, { value: parsed, row }, bad, ITA_CSV_FIELDS.level, "ระดับ");
      continue;
    }

    const code = normaliseItemCode(a);
    if (code !== undefined) {
      const problem = itemCodeProblem(fiscalYear, code);
      if (problem) bad(ITA_CSV_FIELDS.key, problem);
      const score = readScore();
      const earlier = items.get(code);
      if (earlier) bad(ITA_CSV_FIELDS.key, `ข้อ ${code} มีแล้วในแถวที่ ${earlier.row}`);
      else if (score !== undefined && !problem) items.set(code, { score, row });
      continue;
    }

    const number = indicatorNumber(a);
    const byName = b !== "" ? indicatorByName(b) : undefined;
    let indicator: number | undefined;
    let byNumber = false;
    if (byName !== undefined) indicator = byName;
    else if (number !== undefined) {
      if (number === "leading-zero") {
        bad(ITA_CSV_FIELDS.key, `"${a}" ไม่ใช่หมายเลขตัวชี้วัด 1–10 ถ้าเป็นข้อ OIT ให้เขียนตัวอักษรนำหน้า เช่น o1`);
        continue;
      }
      if (b !== "") {
        bad(
          ITA_CSV_FIELDS.name,
          `"${b}" ไม่ใช่ชื่อตัวชี้วัด โปรดเขียนชื่อตัวชี้วัด หรือเขียนรหัสข้อ (i1, e1, o1) ในช่อง ${ITA_CSV_FIELDS.key}`,
        );
        continue;
      }
      indicator = number;
      byNumber = true;
    } else if (a !== "") indicator = indicatorByName(a);

    if (indicator === undefined) {
      if (scoreCell !== "" && parseScore(scoreCell) !== undefined) {
        bad(ITA_CSV_FIELDS.key, `"${a || b}" ไม่ใช่ตัวชี้วัด (1–10 หรือชื่อตัวชี้วัด) รหัสข้อ (i1, e1, o1) หรือคะแนนรวม`);
      }
      continue; // a header or a section heading
    }
    if (indicator < 1 || indicator > 10) {
      bad(ITA_CSV_FIELDS.key, `"${a}" ไม่ใช่หมายเลขตัวชี้วัด 1–10`);
      continue;
    }
    if (!byNumber && scoreCell === "") continue; // a heading that names an indicator ("IIT ๑ การปฏิบัติหน้าที่")
    const score = readScore();
    const earlier = indicators.get(indicator);
    if (earlier) bad(ITA_CSV_FIELDS.key, `ตัวชี้วัดที่ ${indicator} มีแล้วในแถวที่ ${earlier.row}`);
    else if (score !== undefined) indicators.set(indicator, { score, row });
  }

  if (!total) {
    errors.push({
      row: 0,
      field: ITA_CSV_FIELDS.score,
      message: "ไม่มีคะแนนรวม: ต้องมีแถว คะแนนรวม พร้อมคะแนน",
    });
  }
  if (indicators.size === 0 && !errors.some((error) => error.field === ITA_CSV_FIELDS.key)) {
    errors.push({
      row: 0,
      field: ITA_CSV_FIELDS.key,
      message: "ไม่มีแถวตัวชี้วัด: ต้องมีคะแนนของตัวชี้วัดทั้ง 10 ตัว",
    });
  }
  if (items.size > MAX_ITEMS) {
    errors.push({
      row: 0,
      field: ITA_CSV_FIELDS.key,
      message: `มีข้อได้ไม่เกิน ${MAX_ITEMS} ข้อ (มี ${items.size} ข้อ)`,
    });
  }
  if (errors.length || !total) return { ok: false, errors: errors.sort((x, y) => x.row - y.row) };
  return {
    ok: true,
    result: {
      fiscalYear,
      total: total.score,
      level: level?.value ?? null,
      indicators: [...indicators]
        .sort(([x], [y]) => x - y)
        .map(([indicator, { score }]) => ({ indicator, score })),
      items: [...items].map(([code, { score }]) => ({ code, score })),
    },
  };
}

/** A value given once: a second one is a bad row naming the first. */
function setOnce<T extends { row: number }>(
  current: T | undefined,
  next: T,
  bad: (field: string, message: string) => void,
  field: string,
  what: string,
): T {
  if (current) {
    bad(field, `${what}มีแล้วในแถวที่ ${current.row}`);
    return current;
  }
  return next;
}
