/**
 * Workbooks for the reports: plain sheet descriptions in, .xlsx bytes out, every cell in the Thai
 * report font, every sheet set up to print: A4 landscape, one page wide (as many pages down as it
 * takes), its header rows repeated atop every page, page numbers in the footer, and each row tall
 * enough for its wrapped text (spreadsheet programs do not grow rows to fit when they open a file).
 *
 * The OOXML parts come from `excel-builder-vanilla` (maintained, TypeScript, no Node APIs): the
 * package, styles, shared strings, sheet views, columns, merges, margins, footer, print titles. Two
 * things are written here instead: each sheet's `<sheetData>` (the library builds a DOM node per cell
 * and takes seconds over a year's register of 20,000 complaints; as strings it takes milliseconds),
 * and what it cannot write — the paper size, fit-to-width and its `<sheetPr>` flag — patched into
 * each sheet's XML after generation; and the shared strings, numbered as the cells are written. The
 * parts are zipped here with fflate's synchronous streaming `Zip` (a sheet's cells go in piece by
 * piece, never held as one string), because the library's own packer calls fflate's asynchronous
 * `zip`, which starts a Web Worker (a worker thread on Node) for any part over 160 kB — there is no
 * `Worker` on Cloudflare Workers. Both libraries load on first use.
 */

import { thaiDigits } from "../domain/thai-digits";
import { REPORT_FONT } from "./measures-docx";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export type CellStyle =
  | "title"
  | "subtitle"
  | "header"
  | "text"
  | "number"
  | "centred"
  | "total"
  | "totalNumber"
  | "plain"
  | "signature";
export type CellValue = string | number | null | undefined;
export type Cell = CellValue | { value: CellValue; style: CellStyle };

export interface SheetSpec {
  /** At most 31 characters, none of []:*?/\ (replaced). */
  name: string;
  /** Column widths, in characters of the report font (a Thai letter with its marks is one). */
  widths: readonly number[];
  rows: ReadonlyArray<ReadonlyArray<Cell>>;
  /** The style of plain values in body rows (default `text`). */
  defaultStyle?: CellStyle;
  /** Ranges within one row ("A1", "G1"): their text wraps over the columns' widths together. */
  merges?: ReadonlyArray<readonly [string, string]>;
  /** Rows kept in view while scrolling (the header row and what is above it). */
  freezeRows?: number;
  /** The rows (1-based, first and last, as in `rows`) printed atop every page: the table's header. */
  printTitles: readonly [number, number];
  /** Rows (1-based, as in `rows`) that start a new page when printed. */
  pageBreaksBefore?: readonly number[];
  /**
   * Rows (1-based, first and last, as in `rows`) printed on one page: when the estimated page ends
   * inside them, the page breaks before them instead (a report's summary and signatures).
   */
  keepTogether?: readonly [number, number];
}

export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, "-").slice(0, 31);
}

/** A1-style column letters of a 0-based index. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** 0-based column index of A1-style letters. */
function columnIndex(letters: string): number {
  let n = 0;
  for (const letter of letters) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n - 1;
}

/** The report font's size in points, per style. */
const FONT_SIZE: Record<CellStyle, number> = {
  title: 18,
  subtitle: 16,
  header: 16,
  text: 16,
  number: 16,
  centred: 16,
  total: 16,
  totalNumber: 16,
  plain: 16,
  signature: 16,
};
/**
 * Points per line of 16 pt TH Sarabun New (its ascenders and descenders make its lines tall), and
 * the row's padding. A column's width counts the workbook's default font's digits, which is the
 * report font too, so a Thai letter (with its marks) takes about one unit; the programs break Thai
 * lines between words, which leaves a line about a tenth short of full, and a unit goes to the
 * cell's padding. Checked against LibreOffice's rendering with Laksaman (TH Sarabun's metrics):
 * estimates come out a little taller than the text, never shorter.
 */
const LINE_POINTS = 25;
const ROW_PADDING = 3;
const LINE_FILL = 0.9;
/**
 * A row taller than this many lines is split over continuation rows of at most `PIECE_LINES` each,
 * its borders open between them so they read as one: pages then break between pieces rather than
 * leaving half a page empty before a tall row (and no row passes Excel's tallest, 409.5 pt).
 */
const SPLIT_LINES = 12;
const PIECE_LINES = 6;
/** Excel's tallest row, 409.5 pt, in lines. */
const MAX_LINES = Math.floor((409 - ROW_PADDING) / LINE_POINTS);

/** Letters per line of a column `width` units wide in a font of `size` points. */
function lineCapacity(width: number, size: number): number {
  return Math.max(1, Math.floor((width * LINE_FILL * 16) / size) - 1);
}

/**
 * Code units drawn with no width of their own: Thai vowels and tone marks above and below a
 * consonant, combining accents, joiners and variation selectors, and the second half of a surrogate
 * pair. Counting the others counts letters as they take room (graphemes, as far as layout goes: a
 * consonant with its marks is one); it is what `Intl.Segmenter` would say for Thai, without its cost
 * over a year's register or 200 measures.
 */
function isMark(code: number): boolean {
  return (
    code === 0x0e31 ||
    (code >= 0x0e34 && code <= 0x0e3a) ||
    (code >= 0x0e47 && code <= 0x0e4e) ||
    (code >= 0x0300 && code <= 0x036f) ||
    (code >= 0xdc00 && code <= 0xdfff) ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0x200b && code <= 0x200d)
  );
}

/** Letters as they take room on a line: a Thai consonant with its marks above and below is one. */
export function letterCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (!isMark(text.charCodeAt(i))) count++;
  return count;
}

/** A run cut into pieces of at most `size` letters, never between a letter and its marks. */
function cutLetters(run: string, size: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let letters = 0;
  for (let i = 0; i < run.length; i++) {
    if (isMark(run.charCodeAt(i))) continue;
    if (letters === size) {
      pieces.push(run.slice(start, i));
      start = i;
      letters = 0;
    }
    letters++;
  }
  pieces.push(run.slice(start));
  return pieces;
}

/** A run of Thai letters: the programs break it between words, so a line takes part of it. */
const THAI = /[\u0e01-\u0e5b]/;
/** The least of a Thai run worth starting at the end of a line (a short word). */
const SHORTEST_WORD = 2;

/**
 * One paragraph broken into the lines a spreadsheet program would draw: at spaces, and within Thai
 * runs (Thai writes no spaces between words; the programs break between words, which this
 * approximates by letters — `LINE_FILL` allows for the difference). The lines joined give the
 * paragraph back.
 */
export function wrapLines(paragraph: string, capacity: number): string[] {
  if (paragraph.length <= capacity) return [paragraph];
  const lines: string[] = [];
  let line = "";
  let used = 0;
  paragraph.split(" ").forEach((word, i) => {
    let rest = word;
    let size = letterCount(word);
    if (i > 0) {
      if (used + 1 + size <= capacity) {
        line += ` ${word}`;
        used += 1 + size;
        return;
      }
      const room = capacity - used - 1;
      if (room >= SHORTEST_WORD && THAI.test(word)) {
        const [head = "", ...tail] = cutLetters(word, room);
        lines.push(`${line} ${head}`);
        rest = tail.join("");
        size -= letterCount(head);
      } else {
        lines.push(`${line} `);
      }
    }
    if (size <= capacity) {
      line = rest;
      used = size;
      return;
    }
    const pieces = cutLetters(rest, capacity);
    line = pieces.pop() ?? "";
    lines.push(...pieces);
    used = letterCount(line);
  });
  lines.push(line);
  return lines;
}

/** The lines a cell's text takes, paragraph by paragraph. */
function cellLines(text: string, capacity: number): string[][] {
  return text.split("\n").map((paragraph) => wrapLines(paragraph, capacity));
}

/** Where a piece of a split row sits: its borders are drawn only at the ends of the whole. */
type Edge = "first" | "middle" | "last";

interface LaidCell {
  value: CellValue;
  style: CellStyle;
  edge?: Edge;
}

/**
 * A cell's text in pieces for continuation rows: whole paragraphs, as many as fit in `PIECE_LINES`
 * lines (a longer paragraph alone); only a paragraph past Excel's tallest row is cut, between lines.
 */
function pieces(text: string, capacity: number): string[] {
  const result: string[] = [];
  let current: string[] = [];
  let lines = 0;
  const flush = () => {
    if (current.length > 0) result.push(current.join("\n"));
    current = [];
    lines = 0;
  };
  for (const paragraph of cellLines(text, capacity)) {
    if (lines > 0 && lines + paragraph.length > PIECE_LINES) flush();
    if (paragraph.length <= MAX_LINES) {
      current.push(paragraph.join(""));
      lines += paragraph.length;
      continue;
    }
    for (let i = 0; i < paragraph.length; i += MAX_LINES) {
      current.push(
        paragraph
          .slice(i, i + MAX_LINES)
          .join("")
          .trimEnd(),
      );
      flush();
    }
  }
  flush();
  return result.length > 0 ? result : [""];
}

/**
 * The rows as written: each with its height in points, a tall row split into continuation rows
 * (each cell's text continuing down its column); and where each given row starts (1-based), to
 * move merges and titles along.
 */
function layOut(
  rows: LaidCell[][],
  widths: readonly number[],
  spans: ReadonlyMap<number, ReadonlyMap<number, number>>,
): { rows: LaidCell[][]; heights: number[]; startOf: (row: number) => number } {
  const out: LaidCell[][] = [];
  const heights: number[] = [];
  const starts: number[] = [];
  // A register repeats its categories, units and statuses thousands of times: count each once.
  const known = new Map<string, number>();
  const lineCount = (value: CellValue, capacity: number) => {
    if (typeof value !== "string") return 1;
    if (value.length <= capacity && !value.includes("\n")) return 1;
    const key = `${capacity}\u0000${value}`;
    let count = known.get(key);
    if (count === undefined) {
      count = cellLines(value, capacity).reduce((sum, lines) => sum + lines.length, 0);
      known.set(key, count);
    }
    return count;
  };
  // A loop per cell, not arrays per row: a year's register is 100,000 rows.
  rows.forEach((row, r) => {
    starts.push(out.length + 1);
    const merged = spans.get(r);
    const capacities: number[] = [];
    let tallest = 1;
    let scale = 1;
    for (let c = 0; c < row.length; c++) {
      const { style, value } = row[c] as LaidCell;
      const capacity = lineCapacity(merged?.get(c) ?? widths[c] ?? 10, FONT_SIZE[style]);
      capacities.push(capacity);
      tallest = Math.max(tallest, lineCount(value, capacity));
      scale = Math.max(scale, FONT_SIZE[style] / 16);
    }
    if (tallest <= SPLIT_LINES) {
      out.push(row);
      heights.push(Math.ceil(tallest * LINE_POINTS * scale) + ROW_PADDING);
      return;
    }
    const split = row.map(({ value }, c) =>
      typeof value === "string" ? pieces(value, capacities[c] ?? 1) : [value],
    );
    const count = Math.max(...split.map((list) => list.length));
    for (let i = 0; i < count; i++) {
      const edge: Edge = i === 0 ? "first" : i === count - 1 ? "last" : "middle";
      const part = row.map(({ style }, c) => ({ value: split[c]?.[i] ?? "", style, edge }));
      const lines = part.map(({ value }, c) => lineCount(value, capacities[c] ?? 1));
      out.push(part);
      heights.push(Math.ceil(Math.max(1, ...lines) * LINE_POINTS * scale) + ROW_PADDING);
    }
  });
  return {
    rows: out,
    heights,
    startOf: (row) => starts[row - 1] ?? row + out.length - rows.length,
  };
}

const CELL_REF = /^([A-Z]+)(\d+)$/;

/**
 * The width of each merged range's first cell (its columns' widths added), by row and column
 * (0-based): looked up for every cell of every row, so without building a key per cell.
 */
function mergeSpans(
  merges: ReadonlyArray<readonly [string, string]>,
  widths: readonly number[],
): Map<number, Map<number, number>> {
  const spans = new Map<number, Map<number, number>>();
  for (const [from, to] of merges) {
    const a = CELL_REF.exec(from);
    const b = CELL_REF.exec(to);
    if (!a || !b) throw new Error(`xlsx: bad merge ${from}:${to}`);
    const first = columnIndex(a[1] ?? "A");
    const last = columnIndex(b[1] ?? "A");
    let width = 0;
    for (let c = first; c <= last; c++) width += widths[c] ?? 10;
    const row = Number(a[2]) - 1;
    spans.set(row, (spans.get(row) ?? new Map()).set(first, width));
  }
  return spans;
}

/** A cell reference moved to where its row was written. */
function moveRef(ref: string, startOf: (row: number) => number): string {
  const match = CELL_REF.exec(ref);
  if (!match) throw new Error(`xlsx: bad cell reference ${ref}`);
  return `${match[1]}${startOf(Number(match[2]))}`;
}

/**
 * Printed size estimates, to keep rows together: a column `w` wide takes about `w × 8.6 + 4` points at
 * 100% (the report font's digit width and the cell padding; checked against LibreOffice's pages),
 * and the sheet is scaled down to the printable width of A4 landscape. A tenth is kept in hand.
 */
const COLUMN_UNIT_POINTS = 8.6;
const COLUMN_PADDING_POINTS = 4;
const A4_LANDSCAPE_POINTS = { width: 841.9, height: 595.3 };
const PAGE_SAFETY = 0.9;

/**
 * Where a manual break keeps `[first, last]` (rows as written) on one page, if one is needed:
 * pages are filled row by row by the estimate (the print titles atop each page after the first,
 * the sheet's own breaks honoured); the range stays where it is only if it ends on the page it
 * starts on with a tenth of the page to spare (the estimate is not exact), else its page starts
 * with it.
 */
function keepTogetherBreak(
  heights: readonly number[],
  widths: readonly number[],
  titles: readonly [number, number],
  breaks: readonly number[],
  range: readonly [number, number],
): number | undefined {
  const sheetWidth = widths.reduce((sum, w) => sum + w * COLUMN_UNIT_POINTS + COLUMN_PADDING_POINTS, 0);
  const printable = {
    width: A4_LANDSCAPE_POINTS.width - (MARGINS.left + MARGINS.right) * 72,
    height: A4_LANDSCAPE_POINTS.height - (MARGINS.top + MARGINS.bottom) * 72,
  };
  const scale = Math.min(1, printable.width / sheetWidth);
  const capacity = printable.height / scale;
  let titleHeight = 0;
  for (let r = titles[0]; r <= titles[1]; r++) titleHeight += heights[r - 1] ?? 0;
  let used = 0;
  let pageStart = 1;
  let startPage = -1;
  let page = 0;
  for (let r = 1; r <= heights.length; r++) {
    const height = heights[r - 1] ?? 0;
    if (r > 1 && (breaks.includes(r - 1) || used + height > capacity)) {
      page++;
      pageStart = r;
      used = titleHeight;
    }
    if (r === range[0]) startPage = page;
    used += height;
    if (r === range[1]) {
      const fits = page === startPage && used <= capacity * PAGE_SAFETY;
      return fits || range[0] === pageStart ? undefined : range[0] - 1;
    }
  }
  return undefined;
}

/** Margins in inches: room for the footer's page number, and for binding on the left. */
const MARGINS = { top: 0.6, bottom: 0.6, left: 0.5, right: 0.4, header: 0.3, footer: 0.3 };
/** What the library writes for a landscape sheet, and what it becomes: A4 (9), one page wide. */
const LIBRARY_PAGE_SETUP = '<pageSetup orientation="landscape"/>';
const PAGE_SETUP = '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>';
const SHEET_PROPERTIES = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';

/**
 * A sheet's XML as the library wrote it, given no cells, cut where its cells go: before them, with
 * the page setup the library cannot write, and after them, with the page breaks.
 */
function sheetFrame(xml: string, path: string, frame: SheetFrame): { head: string; tail: string } {
  const open = /<worksheet\b[^>]*>/.exec(xml);
  const checks = [LIBRARY_PAGE_SETUP, LIBRARY_SHEET_DATA, LIBRARY_DIMENSION, LIBRARY_FOOTER_END];
  if (!open || checks.some((part) => !xml.includes(part)) || xml.includes("<sheetPr")) {
    throw new Error(`xlsx: unexpected sheet XML from the library in ${path}`);
  }
  const at = open.index + open[0].length;
  const patched = `${xml.slice(0, at)}${SHEET_PROPERTIES}${xml.slice(at)}`
    .replace(LIBRARY_DIMENSION, `<dimension ref="${frame.dimension}"/>`)
    .replace(LIBRARY_PAGE_SETUP, PAGE_SETUP)
    .replace(LIBRARY_FOOTER_END, `${LIBRARY_FOOTER_END}${rowBreaks(frame.breaks)}`);
  const cut = patched.indexOf(LIBRARY_SHEET_DATA);
  return { head: patched.slice(0, cut), tail: patched.slice(cut + LIBRARY_SHEET_DATA.length) };
}

/** Manual page breaks, each after the row before a page's first (`<rowBreaks>` follows the footer). */
function rowBreaks(after: readonly number[]): string {
  if (after.length === 0) return "";
  const breaks = after.map((row) => `<brk id="${row}" max="16383" man="1"/>`).join("");
  return `<rowBreaks count="${after.length}" manualBreakCount="${after.length}">${breaks}</rowBreaks>`;
}

/** What is written here for a sheet, beside what the library writes. */
interface SheetFrame {
  rows: LaidCell[][];
  heights: number[];
  dimension: string;
  /** Rows (as written) after which a page breaks. */
  breaks: number[];
}

/** What the library writes for a sheet given no cells: they are written here. */
const LIBRARY_SHEET_DATA = "<sheetData/>";
const LIBRARY_DIMENSION = '<dimension ref="A1"/>';
const LIBRARY_FOOTER_END = "</headerFooter>";
const SHARED_STRINGS = "xl/sharedStrings.xml";

/**
 * Rows per piece of `<sheetData>` handed to the zip: a year's register is 100,000 rows and 30 MB of
 * XML, which is never held whole (as one string it took about a second to patch and encode, and
 * several hundred MB at its peak).
 */
const ROWS_PER_PIECE = 2000;

/**
 * A sheet's `<sheetData>`, in pieces: every row with its height, every cell with its style; text
 * through the workbook's shared strings, an empty cell as its style alone (its borders still drawn).
 * Only ASCII is written here (text is a shared string's number), so each piece encodes quickly.
 */
function* sheetDataXml(
  rows: ReadonlyArray<ReadonlyArray<LaidCell>>,
  heights: readonly number[],
  style: (cell: LaidCell) => number,
  stringId: (text: string) => number,
): Generator<string> {
  const letters = Array.from({ length: rows.reduce((most, row) => Math.max(most, row.length), 0) }, (_, c) =>
    columnLetter(c),
  );
  let piece = "<sheetData>";
  for (let r = 0; r < rows.length; r++) {
    const n = r + 1;
    piece += `<row r="${n}" ht="${heights[r] ?? LINE_POINTS}" customHeight="1">`;
    const row = rows[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c] as LaidCell;
      const attributes = `r="${letters[c]}${n}" s="${style(cell)}"`;
      const { value } = cell;
      if (typeof value === "number" && Number.isFinite(value))
        piece += `<c ${attributes}><v>${value}</v></c>`;
      else if (value === null || value === undefined || value === "") piece += `<c ${attributes}/>`;
      else piece += `<c ${attributes} t="s"><v>${stringId(String(value))}</v></c>`;
    }
    piece += "</row>";
    if (n % ROWS_PER_PIECE === 0) {
      yield piece;
      piece = "";
    }
  }
  yield `${piece}</sheetData>`;
}

/** XML text as the library escapes it. */
const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** The shared strings part, as the library writes it (its own is written before the cells are). */
function* sharedStringsXml(strings: readonly string[]): Generator<string> {
  let piece = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">`;
  for (let i = 0; i < strings.length; i++) {
    const text = strings[i] as string;
    piece += /\s/.test(text)
      ? `<si><t xml:space="preserve">${escapeXml(text)}</t></si>`
      : `<si><t>${escapeXml(text)}</t></si>`;
    if ((i + 1) % ROWS_PER_PIECE === 0) {
      yield piece;
      piece = "";
    }
  }
  yield `${piece}</sst>`;
}

export interface WorkbookOptions {
  /**
   * Every numeral in Thai digits: text (cells, sheet names) and numbers, which are then written as
   * text in Thai digits in their number style (right-aligned). No number format shows Thai digits in
   * both readers: Excel's `[$-D07041E]0` prints ASCII digits in LibreOffice, LibreOffice's
   * `[NatNum1]` is unknown to Excel. The footer then has no page numbers (`&P` prints ASCII digits).
   */
  thaiNumerals?: boolean;
}

/** A number as the document writes it: Thai digits when asked (as text), else the number itself. */
function numberValue(value: CellValue, thai: boolean): CellValue {
  if (typeof value === "string") return thai ? thaiDigits(value) : value;
  return thai && typeof value === "number" && Number.isFinite(value) ? thaiDigits(String(value)) : value;
}

/** A workbook's bytes. */
export async function xlsxBytes(
  sheets: readonly SheetSpec[],
  options: WorkbookOptions = {},
): Promise<Uint8Array> {
  const [{ Workbook }, { strToU8, Zip, ZipDeflate }] = await Promise.all([
    import("excel-builder-vanilla"),
    import("fflate"),
  ]);
  const workbook = new Workbook();
  const styles = workbook.getStyleSheet();
  // The default font (style 0's, and the one column widths are measured in) is the report font, and
  // the first fill says "none" (the library writes it as an empty <fill/>, which openpyxl refuses).
  styles.fonts[0] = { fontName: REPORT_FONT, size: 16 };
  styles.fills[0] = { type: "pattern", patternType: "none" };
  const thin = { style: "thin" as const, color: "FF000000" };
  const open = {};
  const boxes: Record<Edge | "whole", object> = {
    whole: { top: thin, bottom: thin, left: thin, right: thin },
    first: { top: thin, bottom: open, left: thin, right: thin },
    middle: { top: open, bottom: open, left: thin, right: thin },
    last: { top: open, bottom: thin, left: thin, right: thin },
  };
  const top = { vertical: "top" as const, wrapText: true };
  const right = { ...top, horizontal: "right" as const };
  const looks: Record<CellStyle, { bold?: boolean; boxed?: boolean; alignment: object; fill?: object }> = {
    title: { bold: true, alignment: top },
    subtitle: { bold: true, alignment: top },
    header: {
      bold: true,
      boxed: true,
      fill: { type: "pattern", patternType: "solid", fgColor: "FFD9E2F3" },
      alignment: { horizontal: "center", vertical: "center", wrapText: true },
    },
    text: { boxed: true, alignment: top },
    number: { boxed: true, alignment: right },
    centred: { boxed: true, alignment: { ...top, horizontal: "center" } },
    total: { bold: true, boxed: true, alignment: top },
    totalNumber: { bold: true, boxed: true, alignment: right },
    plain: { alignment: top },
    signature: { alignment: { ...top, horizontal: "center" } },
  };
  const thai = options.thaiNumerals === true;
  // One format per style, and per piece of a split row for the boxed ones (created as first used).
  const formats = new Map<string, number>();
  const styleId = ({ style, edge }: LaidCell): number => {
    const look = looks[style];
    const key = look.boxed && edge ? `${style}:${edge}` : style;
    let id = formats.get(key);
    if (id === undefined) {
      id = styles.createFormat({
        font: { fontName: REPORT_FONT, size: FONT_SIZE[style], bold: look.bold },
        alignment: look.alignment,
        ...(look.boxed ? { border: boxes[look.boxed && edge ? edge : "whole"] } : {}),
        ...(look.fill ? { fill: look.fill } : {}),
      }).id as number;
      formats.set(key, id);
    }
    return id;
  };

  // The shared strings, numbered as first written (a Map: a cell may read "constructor").
  const strings = new Map<string, number>();
  const stringId = (text: string) => {
    let id = strings.get(text);
    if (id === undefined) {
      id = strings.size;
      strings.set(text, id);
    }
    return id;
  };
  const frames: SheetFrame[] = [];

  sheets.forEach((spec, index) => {
    const name = sheetName(thai ? thaiDigits(spec.name) : spec.name);
    const sheet = workbook.createWorksheet({ name });
    const fallback = spec.defaultStyle ?? "text";
    const given = spec.rows.map((row) =>
      row.map(
        (cell): LaidCell =>
          cell !== null && typeof cell === "object"
            ? thai
              ? { ...cell, value: numberValue(cell.value, thai) }
              : cell
            : {
                value: numberValue(cell, thai),
                style: typeof cell === "number" ? "number" : fallback,
              },
      ),
    );
    const merges = spec.merges ?? [];
    const laid = layOut(given, spec.widths, mergeSpans(merges, spec.widths));
    // Not Math.max(...rows): past about 120,000 arguments it overflows the stack.
    const columns = laid.rows.reduce((most, row) => Math.max(most, row.length), 1);
    const [titleFirst, titleLast] = spec.printTitles;
    const withKept = (breaks: number[]) => {
      if (!spec.keepTogether) return breaks;
      const [first, last] = spec.keepTogether;
      const at = keepTogetherBreak(
        laid.heights,
        spec.widths,
        [laid.startOf(titleFirst), laid.startOf(titleLast + 1) - 1],
        breaks,
        [laid.startOf(first), laid.startOf(last + 1) - 1],
      );
      return at === undefined ? breaks : [...breaks, at].sort((a, b) => a - b);
    };
    // Every format the cells use exists before the library writes the styles (in the order first used).
    for (const row of laid.rows) for (const cell of row) styleId(cell);
    frames.push({
      rows: laid.rows,
      heights: laid.heights,
      dimension: `A1:${columnLetter(columns - 1)}${Math.max(1, laid.rows.length)}`,
      breaks: withKept(
        (spec.pageBreaksBefore ?? []).map((row) => laid.startOf(row) - 1).filter((row) => row > 0),
      ),
    });
    sheet.setColumns(spec.widths.map((width) => ({ width })));
    for (const [from, to] of merges) sheet.mergeCells(moveRef(from, laid.startOf), moveRef(to, laid.startOf));
    if (spec.freezeRows) {
      const rows = laid.startOf(spec.freezeRows + 1) - 1;
      const cell = `A${rows + 1}`;
      sheet.freezePane(0, rows, cell);
      // Worksheet.freezePane leaves the pane's own record unset (it then fails to export): set it too.
      sheet.sheetView.pane.freezePane(0, rows, cell);
    }
    sheet.setPageOrientation("landscape");
    sheet.setPageMargin(MARGINS);
    // Page numbers print in ASCII digits whatever the format: with Thai digits the footer has none.
    sheet.setFooter(["", thai ? "" : "หน้า &P / &N", ""]);
    workbook.addWorksheet(sheet);
    const [first, last] = spec.printTitles;
    // Quoted, as a Thai name with spaces needs; scoped to its sheet, as Excel writes it.
    workbook.addDefinedName(
      "_xlnm.Print_Titles",
      `='${name.replace(/'/g, "''")}'!$${laid.startOf(first)}:$${laid.startOf(last + 1) - 1}`,
      index,
    );
  });

  const parts = await workbook.generateFiles();
  // Zipped as written, part by part and a sheet's cells piece by piece: only the zipped bytes are
  // held whole. fflate's `Zip` with `ZipDeflate` runs synchronously, without a Worker.
  const zipped: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure ??= error;
    else zipped.push(chunk);
  });
  const add = (name: string, ...texts: Array<Iterable<string>>) => {
    // Level 3: half the time of level 6 over a year's register, for a file about 5% larger.
    const file = new ZipDeflate(name, { level: 3 });
    zip.add(file);
    for (const pieces of texts) for (const piece of pieces) file.push(strToU8(piece));
    file.push(new Uint8Array(0), true);
    if (failure) throw failure;
  };
  for (const [path, xml] of Object.entries(parts)) {
    const name = path.replace(/^\//, "");
    const sheet = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name);
    if (name === SHARED_STRINGS) continue;
    if (!sheet) {
      add(name, [String(xml)]);
      continue;
    }
    const frame = frames[Number(sheet[1]) - 1];
    if (!frame) throw new Error(`xlsx: no cells for ${name}`);
    const { head, tail } = sheetFrame(String(xml), name, frame);
    add(name, [head], sheetDataXml(frame.rows, frame.heights, styleId, stringId), [tail]);
  }
  // Last: the library wrote its part before the cells were numbered (its own table is empty).
  add(SHARED_STRINGS, sharedStringsXml([...strings.keys()]));
  zip.end();
  if (failure) throw failure;
  const bytes = new Uint8Array(zipped.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let at = 0;
  for (const chunk of zipped) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
