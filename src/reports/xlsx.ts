/**
 * Workbooks for the reports: plain sheet descriptions in, .xlsx bytes out, every cell in the Thai
 * report font. The OOXML parts come from `excel-builder-vanilla` (maintained, TypeScript, no Node
 * APIs); they are zipped here with fflate's synchronous `zipSync`, because the library's own packer
 * calls fflate's asynchronous `zip`, which starts a Web Worker (a worker thread on Node) for any
 * part over 160 kB — there is no `Worker` on Cloudflare Workers. Both libraries load on first use.
 */
import { REPORT_FONT } from "./measures-docx";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export type CellStyle =
  | "title"
  | "subtitle"
  | "header"
  | "text"
  | "number"
  | "total"
  | "totalNumber"
  | "plain";
export type CellValue = string | number | null | undefined;
export type Cell = CellValue | { value: CellValue; style: CellStyle };

export interface SheetSpec {
  /** At most 31 characters, none of []:*?/\ (replaced). */
  name: string;
  /** Column widths, in characters. */
  widths: readonly number[];
  rows: ReadonlyArray<ReadonlyArray<Cell>>;
  /** The style of plain values in body rows (default `text`). */
  defaultStyle?: CellStyle;
  merges?: ReadonlyArray<readonly [string, string]>;
  /** Rows kept in view while scrolling (the header row and what is above it). */
  freezeRows?: number;
  landscape?: boolean;
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

/** Thai marks above and below a consonant take no width of their own. */
const ZERO_WIDTH = /[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/g;
/** Points per line of 16 pt TH Sarabun New, and characters per unit of column width (about). */
const LINE_POINTS = 26;
const CHARS_PER_WIDTH = 1;

/**
 * A row's height in points for its wrapped text: spreadsheet programs do not grow rows to fit when they
 * open a file, so the height is estimated from the longest cell (title rows keep one line).
 */
function rowHeight(
  row: ReadonlyArray<{ value: CellValue; style: CellStyle }>,
  widths: readonly number[],
): number {
  let lines = 1;
  row.forEach(({ value, style }, column) => {
    if (style === "title" || style === "subtitle" || style === "plain" || typeof value !== "string") return;
    const perLine = Math.max(1, Math.floor((widths[column] ?? 10) * CHARS_PER_WIDTH));
    const count = value
      .split("\n")
      .reduce((sum, line) => sum + Math.max(1, Math.ceil(line.replace(ZERO_WIDTH, "").length / perLine)), 0);
    lines = Math.max(lines, count);
  });
  return lines * LINE_POINTS + 4;
}

/** A workbook's bytes. The first sheet's frozen rows are also printed atop every page. */
export async function xlsxBytes(sheets: readonly SheetSpec[]): Promise<Uint8Array> {
  const [{ Workbook }, { strToU8, zipSync }] = await Promise.all([
    import("excel-builder-vanilla"),
    import("fflate"),
  ]);
  const workbook = new Workbook();
  const styles = workbook.getStyleSheet();
  const font = (extra: { bold?: boolean; size?: number } = {}) => ({
    fontName: REPORT_FONT,
    size: 16,
    ...extra,
  });
  const thin = { style: "thin" as const, color: "FF000000" };
  const box = { top: thin, bottom: thin, left: thin, right: thin };
  const top = { vertical: "top" as const, wrapText: true };
  const ids: Record<CellStyle, number> = {
    title: styles.createFormat({ font: font({ bold: true, size: 18 }) }).id,
    subtitle: styles.createFormat({ font: font({ bold: true }) }).id,
    header: styles.createFormat({
      font: font({ bold: true }),
      border: box,
      fill: { type: "pattern", patternType: "solid", fgColor: "FFD9E2F3" },
      alignment: { horizontal: "center", vertical: "center", wrapText: true },
    }).id,
    text: styles.createFormat({ font: font(), border: box, alignment: top }).id,
    number: styles.createFormat({ font: font(), border: box, alignment: { ...top, horizontal: "right" } }).id,
    total: styles.createFormat({ font: font({ bold: true }), border: box, alignment: top }).id,
    totalNumber: styles.createFormat({
      font: font({ bold: true }),
      border: box,
      alignment: { ...top, horizontal: "right" },
    }).id,
    plain: styles.createFormat({ font: font(), alignment: top }).id,
  };

  sheets.forEach((spec, index) => {
    const name = sheetName(spec.name);
    const sheet = workbook.createWorksheet({ name });
    const fallback = spec.defaultStyle ?? "text";
    const rows = spec.rows.map((row) =>
      row.map((cell): { value: CellValue; style: CellStyle } =>
        cell !== null && typeof cell === "object"
          ? cell
          : { value: cell, style: typeof cell === "number" ? "number" : fallback },
      ),
    );
    // The library writes a null cell as the text "null": empty cells are empty strings.
    sheet.setData(
      rows.map((row) =>
        row.map(({ value, style }) => ({ value: value ?? "", metadata: { style: ids[style] } })),
      ),
    );
    rows.forEach((row, index) => {
      sheet.setRowInstructions(index, { height: rowHeight(row, spec.widths) });
    });
    sheet.setColumns(spec.widths.map((width) => ({ width })));
    for (const [from, to] of spec.merges ?? []) sheet.mergeCells(from, to);
    if (spec.freezeRows) {
      const cell = `A${spec.freezeRows + 1}`;
      sheet.freezePane(0, spec.freezeRows, cell);
      // Worksheet.freezePane leaves the pane's own record unset (it then fails to export): set it too.
      sheet.sheetView.pane.freezePane(0, spec.freezeRows, cell);
    }
    if (spec.landscape) sheet.setPageOrientation("landscape");
    workbook.addWorksheet(sheet);
    if (index === 0 && spec.freezeRows) {
      // Quoted, as a Thai name with spaces needs; the library then scopes it to the first sheet.
      workbook.setPrintTitleTop(`'${name.replace(/'/g, "''")}'`, spec.freezeRows);
    }
  });

  const parts = await workbook.generateFiles();
  const files: Record<string, Uint8Array> = {};
  for (const [path, xml] of Object.entries(parts)) files[path.replace(/^\//, "")] = strToU8(String(xml));
  return zipSync(files, { level: 6 });
}
