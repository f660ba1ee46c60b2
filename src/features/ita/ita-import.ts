/**
 * An ITA result from the score tables as the NACC's results and the organisations' analyses lay them
 * out (seeds 001 and 004): either a CSV (UTF-8, with or without a BOM, RFC 4180 quoting) or the text
 * of the document pasted as it is — tables copied from Word arrive as tab-separated lines between the
 * paragraphs. Only the first three cells of a row are read (`ตัวชี้วัด/ข้อ, หัวข้อ/ชื่อ, คะแนน`; a
 * fourth such as ระดับค่าเป้าหมาย or ผลการประเมิน is ignored); Thai digits are read wherever a number
 * is; HTML tags and Markdown emphasis pasted from a document are dropped.
 *
 * What a row is, by its first cell (A), second (B) and score (C; or B when C is empty, for
 * two-column files):
 * - **a paragraph** (one cell): read for the total and the level as the documents word them
 *   (`มีคะแนนในภาพรวมอยู่ที่ ๙๑.๗๖ คะแนน`, `ระดับคะแนน ๗๕.๓๖ คะแนน ระดับ ผลการประเมิน B`,
 *   `อยู่ในระดับ ผ่านดี`), and for the assessment tool it introduces (`… IIT (…)`, `- EitPublic`,
 *   `OIT ๙. การเปิดเผยข้อมูล`, `<b>IIT ๑ การปฏิบัติหน้าที่</b>`).
 * - **a header row** (`ตัวชี้วัดที่, รายละเอียดตัวชี้วัด, คะแนน`, `อันดับ, ตัวชี้วัด, คะแนน`,
 *   `ข้อ, หัวข้อการประเมิน, ระดับคะแนน`): starts a new table; `ข้อ` starts an items table.
 * - **total**: A is (or starts with) คะแนนรวม, คะแนนภาพรวม, คะแนนเฉลี่ย; or is ระดับคะแนน (as seed 004
 *   words it), รวม or total; the score is the total. A level in B rides along (`คะแนนรวม, B, 75.36`).
 *   A total row wins over a total read from a paragraph. Required, once.
 * - **level**: A is ระดับ, ระดับผลการประเมิน, ผลการประเมิน or level, and B (or C) is AA–F or a label
 *   starting ผ่าน / ไม่ผ่าน. Optional.
 * - the seeds' summary lines (`คะแนนสูงสุด ๑๐๐ คะแนน`, `คะแนนต่ำสุด`) are skipped: the analysis
 *   derives them.
 * - **item**: A is an item code, `i1`, `e๑`, `o๐๑`, `O12` (letter required, leading zeros ignored);
 *   or, in an items table under an IIT/EIT/OIT heading, its number as the seeds print it: under OIT
 *   `๐๑`, `๐๑๒`, `๑๐` (the letter O typed as a zero, or dropped), under EIT `๑`, under IIT `๑๑` …
 *   `1๑๕` when every number there starts with a 1 (the letter i typed as a one) or else `1` … `15`.
 *   B is its text (not read: the texts come from that year's catalogue). A code the year's form
 *   does not have is a bad row. The two EIT tables of the 2568 form (EitPublic and EitSurvey) give
 *   each EIT item twice: its score is their mean, as the NACC's indicator scores are.
 * - **indicator**: B names an indicator (`การปฏิบัติหน้าที่`; variants such as
 *   `การใช้ทรัพย์สินของทางราชการ` accepted) — the name decides, so a number in A may be a rank as in
 *   seed 004's ranking table; or B is empty and A is its number (`9`, `๙`, `ตัวชี้วัดที่ ๙`); or A is
 *   its name. A number in A beside a B that names no indicator is a bad row (an OIT item written
 *   `๐๑` without its letter would otherwise pass for indicator 1).
 * - anything else without a score is a heading and is skipped; with a score it is a bad row.
 * An indicator or item given twice in one table is a bad row; given again in a later table (the
 * seeds repeat the indicator table beside their analysis) the first score counts, and a different
 * later score is a note the officer sees before saving. Scores are 0–100. Every bad row is reported
 * as `{row, field, message}` — the row is the line of the text where the record starts; the field is
 * `ตัวชี้วัด/ข้อ`, `หัวข้อ/ชื่อ`, `คะแนน` or `ระดับ`; row 0 is the text as a whole — and nothing is
 * stored unless every row is good.
 */

import { compareItemCodes, indicatorByName, normaliseItemCode } from "../../domain/ita-catalogue";
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
/** First cells of a table's header row (spaces removed). */
const HEADER_WORDS = new Set(["ตัวชี้วัดที่", "ตัวชี้วัด", "อันดับ", "ตัวชี้วัด/ข้อ", "ตัวชี้วัดของการประเมินita"]);
const ITEMS_HEADER = "ข้อ";
/** The seeds' summary lines under a table, derived by the analysis. */
const SUMMARY_LINE = /คะแนน(?:สูงสุด|ต่ำสุด)/;

/** Something the officer should see before saving, though it does not stop the import. */
export interface ItaImportNote {
  row: number;
  message: string;
}

export type ItaCsvResult =
  | { ok: true; result: ItaResultInput; notes: ItaImportNote[] }
  | { ok: false; errors: ImportError[] };

/** A cell as read: tags, Markdown emphasis, zero-width characters and surrounding space gone. */
const clean = (cell: string | undefined) =>
  (cell ?? "")
    .replace(/<[^>]*>/g, " ")
    .replace(/\*\*|__/g, "")
    .replace(/[\u200b-\u200d\ufeff\u00a0]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
const wordKey = (text: string) => text.replace(/\s+/g, "").toLowerCase();
const lineBreaks = (text: string) => text.match(/\n/g)?.length ?? 0;
const two = (score: number) => score.toFixed(2);

/** `9`, `๙`, `๙.`, `ตัวชี้วัดที่ ๙` → 9; `01` → "leading zero"; anything else undefined. */
function indicatorNumber(text: string): number | "leading-zero" | undefined {
  const match = /^(?:ตัวชี้วัดที่)?(\d{1,2})\.?$/.exec(asciiDigits(text).replace(/\s+/g, ""));
  if (!match?.[1]) return undefined;
  if (match[1].startsWith("0")) return "leading-zero";
  return Number(match[1]);
}

/** A record with the line it starts on. */
interface Line {
  row: number;
  cells: string[];
}

/**
 * The text's records: tab-separated lines when any line has a tab (a document's text, pasted or
 * saved as .txt), else CSV.
 */
function readRecords(text: string): { ok: true; lines: Line[] } | { ok: false; errors: ImportError[] } {
  const plain = text.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
  if (plain.includes("\t")) {
    return {
      ok: true,
      lines: plain.split("\n").map((line, index) => ({ row: index + 1, cells: line.split("\t") })),
    };
  }
  const csv = readCsv(plain);
  if (!csv.ok) return csv;
  const lines: Line[] = [];
  let row = 1;
  for (const record of csv.records) {
    lines.push({ row, cells: record });
    row += 1 + record.reduce((sum, cell) => sum + lineBreaks(cell), 0);
  }
  return { ok: true, lines };
}

type Tool = "IIT" | "EIT" | "OIT";

/** The tool a heading introduces (`… IIT (…)`, `- EitSurvey`, `OIT ๙. การเปิดเผยข้อมูล`); undefined otherwise. */
function toolOf(text: string): Tool | undefined {
  const match = /(?:^|[^a-z])(iit|eit|oit)(?:$|[^a-z]|public|survey)/i.exec(text);
  return match?.[1] ? (match[1].toUpperCase() as Tool) : undefined;
}

/** The total a paragraph states (`คะแนนในภาพรวมอยู่ที่ ๙๑.๗๖ คะแนน`, `ระดับคะแนน ๗๕.๓๖ คะแนน`). */
function totalIn(text: string): number | undefined {
  const match =
    /(?:คะแนน(?:ใน)?ภาพรวม|คะแนนเฉลี่ย(?:รวม)?|คะแนนรวม|ระดับคะแนน)\s*(?:ITA\s*)?(?:อยู่ที่|เท่ากับ|ได้|คือ)?\s*(\d{1,3}(?:\.\d+)?)\s*คะแนน/.exec(
      asciiDigits(text),
    );
  return match?.[1] ? parseScore(match[1]) : undefined;
}

/** The levels a paragraph states: `ระดับ ผลการประเมิน B`, `อยู่ในระดับ "ผ่าน"`, `อยู่ในระดับ ผ่านดี`. */
function levelsIn(text: string): string[] {
  const levels: string[] = [];
  for (const match of text.matchAll(/ระดับ\s*(?:ผลการประเมิน)?\s*["“”']?\s*(AA|[A-F])(?![A-Za-z])/g)) {
    if (match[1]) levels.push(match[1]);
  }
  for (const match of text.matchAll(/อยู่ในระดับ\s*["“”']?\s*((?:ไม่)?ผ่าน[ก-์]*)/g)) {
    if (match[1]) levels.push(match[1]);
  }
  return levels;
}

interface Scored {
  score: number;
  row: number;
  table: number;
}

export function itaResultFromCsv(text: string, fiscalYear: number): ItaCsvResult {
  const read = readRecords(text);
  if (!read.ok) return read;
  const lines = read.lines.filter((line) => line.cells.some((cell) => clean(cell) !== ""));
  if (lines.length > MAX_CSV_RECORDS) {
    return {
      ok: false,
      errors: [
        { row: 0, field: "file", message: `ข้อความมีได้ไม่เกิน ${MAX_CSV_RECORDS} แถว (มี ${lines.length} แถว)` },
      ],
    };
  }

  const errors: ImportError[] = [];
  const notes: ItaImportNote[] = [];
  const indicators = new Map<number, Scored>();
  const items = new Map<string, Scored[]>();
  /** IIT items given by number only: read once every IIT number of the text is known. */
  const iitNumbers: Array<{
    digits: string;
    cell: string;
    score: number | undefined;
    row: number;
    table: number;
  }> = [];
  let total: { score: number; row: number } | undefined;
  let proseTotal: { score: number; row: number } | undefined;
  let level: { value: string; row: number } | undefined;
  let proseLevel: { value: string; row: number } | undefined;
  let table = 0;
  let itemsTable = false;
  let tool: Tool | undefined;

  const addItem = (code: string, score: number, row: number, at: number) => {
    const earlier = items.get(code);
    const same = earlier?.find((entry) => entry.table === at);
    if (same) {
      errors.push({ row, field: ITA_CSV_FIELDS.key, message: `ข้อ ${code} มีแล้วในแถวที่ ${same.row}` });
    } else if (earlier) earlier.push({ score, row, table: at });
    else items.set(code, [{ score, row, table: at }]);
  };

  for (const { row, cells } of lines) {
    const [a, b, c] = [clean(cells[0]), clean(cells[1]), clean(cells[2])];
    const filled = cells.map(clean).filter((cell) => cell !== "");
    const bad = (field: string, message: string) => errors.push({ row, field, message });

    // A paragraph, or a heading on a row of its own.
    if (filled.length === 1) {
      const only = filled[0] ?? "";
      const stated = totalIn(only);
      if (stated !== undefined) {
        if (!proseTotal) proseTotal = { score: stated, row };
        else if (stated !== proseTotal.score) {
          notes.push({
            row,
            message: `ข้อความระบุคะแนนรวม ${two(stated)} ต่างจากแถวที่ ${proseTotal.row} (${two(proseTotal.score)}) ใช้ค่าแรก`,
          });
        }
      }
      for (const value of levelsIn(only)) {
        if (!proseLevel || value.startsWith(proseLevel.value)) proseLevel = { value, row };
      }
      const heading = toolOf(only);
      if (heading) tool = heading;
      // A row of the product's template with one cell filled (`e1` without its score) is still read.
      const keyed =
        only === a &&
        (normaliseItemCode(a) !== undefined ||
          isTotal(wordKey(a)) ||
          LEVEL_WORDS.has(wordKey(a)) ||
          indicatorNumber(a) !== undefined);
      if (stated !== undefined || heading || !keyed) continue;
    }
    if (a === "" && b === "" && c === "") continue;
    if (filled.some((cell) => SUMMARY_LINE.test(cell)) && !isTotal(wordKey(a))) continue;

    // A header row starts a table.
    const keyA = wordKey(a);
    if (
      (HEADER_WORDS.has(keyA) || keyA === ITEMS_HEADER) &&
      parseScore(b) === undefined &&
      parseScore(c) === undefined
    ) {
      table += 1;
      itemsTable = keyA === ITEMS_HEADER;
      continue;
    }
    // An in-table heading (`<b>IIT ๑ การปฏิบัติหน้าที่</b>`, `OIT ข้อมูลพื้นฐาน`) names its tool.
    if (b === "" && c === "" && toolOf(a)) {
      tool = toolOf(a);
      continue;
    }

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

    const explicit = normaliseItemCode(a);
    const digits = /^0*\d{1,4}\.?$/.test(asciiDigits(a).replace(/\s+/g, ""))
      ? asciiDigits(a).replace(/[\s.]+/g, "")
      : undefined;
    const numbered = explicit === undefined && itemsTable && tool !== undefined && digits !== undefined;
    if (explicit !== undefined || numbered) {
      if (numbered && tool === "IIT" && digits !== undefined) {
        const score = readScore();
        iitNumbers.push({ digits, cell: a, score, row, table });
        continue;
      }
      const code =
        explicit ??
        `${tool === "EIT" ? "e" : "o"}${Number(digits)}`; /* OIT: a leading zero is the letter O */
      const problem = Number(code.slice(1)) === 0 ? `"${a}" ไม่ใช่รหัสข้อ` : itemCodeProblem(fiscalYear, code);
      if (problem) bad(ITA_CSV_FIELDS.key, problem);
      const score = readScore();
      if (score !== undefined && !problem) addItem(code, score, row, table);
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
    if (score === undefined) continue;
    const earlier = indicators.get(indicator);
    if (!earlier) indicators.set(indicator, { score, row, table });
    else if (earlier.table === table)
      bad(ITA_CSV_FIELDS.key, `ตัวชี้วัดที่ ${indicator} มีแล้วในแถวที่ ${earlier.row}`);
    else if (earlier.score !== score) {
      notes.push({
        row,
        message: `ตัวชี้วัดที่ ${indicator} ได้ ${two(score)} ต่างจากแถวที่ ${earlier.row} (${two(earlier.score)}) ใช้ค่าแรก`,
      });
    }
  }

  // IIT numbers: `๑๑` … `1๑๕` read as i1 … i15 when every one starts with a 1 (the letter i).
  const prefixed =
    iitNumbers.length > 0 &&
    iitNumbers.every(({ digits }) => digits.length >= 2 && digits.startsWith("1") && digits[1] !== "0");
  for (const entry of iitNumbers) {
    const code = `i${Number(prefixed ? entry.digits.slice(1) : entry.digits)}`;
    const problem = code === "i0" ? `"${entry.cell}" ไม่ใช่รหัสข้อ` : itemCodeProblem(fiscalYear, code);
    if (problem) errors.push({ row: entry.row, field: ITA_CSV_FIELDS.key, message: problem });
    else if (entry.score !== undefined) addItem(code, entry.score, entry.row, entry.table);
  }

  // A total row wins; else the total the text states.
  if (!total && proseTotal) total = proseTotal;
  if (!level && proseLevel) level = proseLevel;

  if (!total) {
    errors.push({
      row: 0,
      field: ITA_CSV_FIELDS.score,
      message: "ไม่มีคะแนนรวม: ต้องมีแถว คะแนนรวม พร้อมคะแนน หรือข้อความ เช่น มีคะแนนในภาพรวมอยู่ที่ 91.76 คะแนน",
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

  const averaged: string[] = [];
  let averagedRow = 0;
  const itemScores = [...items]
    .sort(([x], [y]) => compareItemCodes(x, y))
    .map(([code, entries]) => {
      const [first] = entries;
      if (entries.length === 1 || !first) return { code, score: first?.score ?? 0 };
      if (code.startsWith("e")) {
        // EitPublic and EitSurvey: the item's score is their mean, as the indicator's is.
        averaged.push(code);
        averagedRow ||= first.row;
        return { code, score: round2(entries.reduce((sum, entry) => sum + entry.score, 0) / entries.length) };
      }
      for (const later of entries.slice(1)) {
        if (later.score !== first.score) {
          notes.push({
            row: later.row,
            message: `ข้อ ${code} ได้ ${two(later.score)} ต่างจากแถวที่ ${first.row} (${two(first.score)}) ใช้ค่าแรก`,
          });
        }
      }
      return { code, score: first.score };
    });
  if (averaged.length) {
    notes.push({
      row: averagedRow,
      message: `ข้อ ${averaged.join(", ")} มีคะแนนในสองตาราง (EitPublic และ EitSurvey) ใช้ค่าเฉลี่ยของทั้งสองตาราง เช่นเดียวกับคะแนนรายตัวชี้วัด`,
    });
  }
  if (indicators.size < 10) {
    const missing = Array.from({ length: 10 }, (_, i) => i + 1).filter((n) => !indicators.has(n));
    notes.push({ row: 0, message: `ไม่มีคะแนนของตัวชี้วัดที่ ${missing.join(", ")}` });
  }

  return {
    ok: true,
    notes: notes.sort((x, y) => x.row - y.row),
    result: {
      fiscalYear,
      total: total.score,
      level: level?.value ?? null,
      indicators: [...indicators]
        .sort(([x], [y]) => x - y)
        .map(([indicator, { score }]) => ({ indicator, score })),
      items: itemScores,
    },
  };
}

/** The same reader under the name the text import goes by. */
export const itaResultFromText = itaResultFromCsv;

/** Two decimals, half up (97.275 → 97.28, whatever binary makes of it). */
const round2 = (value: number) => Math.round(value * 100 + 1e-9) / 100;

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
