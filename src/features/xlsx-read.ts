/**
 * The first sheet of an uploaded .xlsx as rows of cell text, for imports that take a spreadsheet as
 * officers keep it (Excel, LibreOffice, Google Sheets downloads). Plain JavaScript over `fflate`, so
 * it runs on Node and Workers alike. Strings (shared or inline, rich text joined), numbers as
 * written in the file, booleans; formulas by their cached value; merged cells as their first cell.
 */
import { strFromU8, unzipSync } from "fflate";
import type { CsvProblem } from "./csv";

export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A row of the sheet: its number as the spreadsheet shows it, and its cells from column A. */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** Whether bytes are a zip (an .xlsx is one): "PK\x03\x04". */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decode = (text: string) =>
  text
    .replace(/&(amp|lt|gt|quot|apos);|&#(\d+);|&#x([0-9a-f]+);/gi, (all, name, dec, hex) =>
      name ? (ENTITIES[name] ?? all) : String.fromCodePoint(dec ? Number(dec) : Number.parseInt(hex, 16)),
    )
    .replace(/_x([0-9A-F]{4})_/g, (_all, code) => String.fromCharCode(Number.parseInt(code, 16)));

/** The text of every `<t>` inside `xml` (a shared string's rich-text runs, an inline string). */
const textOf = (xml: string) =>
  [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((match) => decode(match[1] ?? "")).join("");

const columnIndex = (ref: string) => {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? "A";
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
};

const UNREADABLE = "อ่านไฟล์ Excel ไม่ได้ โปรดบันทึกเป็น .xlsx หรือ CSV แบบ UTF-8 แล้วส่งอีกครั้ง";

export function readXlsx(
  bytes: Uint8Array,
): { ok: true; rows: SheetRow[] } | { ok: false; errors: CsvProblem[] } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) =>
        (file.name.startsWith("xl/") && file.name.endsWith(".xml")) || file.name.endsWith(".rels"),
    });
  } catch {
    return { ok: false, errors: [{ row: 0, field: "file", message: UNREADABLE }] };
  }
  const text = (path: string) => (files[path] ? strFromU8(files[path]) : undefined);
  const workbook = text("xl/workbook.xml");
  const rels = text("xl/_rels/workbook.xml.rels") ?? "";
  const firstSheetId = workbook ? /<sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook)?.[1] : undefined;
  const target = firstSheetId
    ? (new RegExp(`<Relationship\\b[^>]*Id="${firstSheetId}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
      new RegExp(`<Relationship\\b[^>]*Target="([^"]+)"[^>]*Id="${firstSheetId}"`).exec(rels)?.[1])
    : undefined;
  const sheetPath = target
    ? target.startsWith("/")
      ? target.slice(1)
      : `xl/${target}`
    : Object.keys(files)
        .filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name))
        .sort()[0];
  const sheet = sheetPath ? text(sheetPath) : undefined;
  if (!sheet) return { ok: false, errors: [{ row: 0, field: "file", message: UNREADABLE }] };
  const shared = [...(text("xl/sharedStrings.xml") ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((match) =>
    textOf(match[1] ?? ""),
  );
  const rows: SheetRow[] = [];
  for (const rowMatch of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const number = Number(/\br="(\d+)"/.exec(rowMatch[1] ?? "")?.[1] ?? rows.length + 1);
    const cells: string[] = [];
    for (const cell of (rowMatch[2] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attributes = cell[1] ?? "";
      const body = cell[2] ?? "";
      const ref = /\br="([A-Z]+\d+)"/.exec(attributes)?.[1];
      const index = ref ? columnIndex(ref) : cells.length;
      const type = /\bt="([^"]+)"/.exec(attributes)?.[1];
      const value = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let content = "";
      if (type === "s") content = shared[Number(value)] ?? "";
      else if (type === "inlineStr") content = textOf(body);
      else if (type === "b") content = value === "1" ? "TRUE" : value === undefined ? "" : "FALSE";
      else if (value !== undefined) content = decode(value);
      while (cells.length < index) cells.push("");
      cells[index] = content;
    }
    rows.push({ row: number, cells });
  }
  return { ok: true, rows };
}
