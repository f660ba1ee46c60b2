import { parse as parseCsvText } from "csv-parse/sync";

export interface CsvProblem {
  row: number;
  field: string;
  message: string;
}

/**
 * An uploaded CSV as records (UTF-8, with or without a BOM; RFC 4180 quoting, so a cell may hold
 * commas, line breaks and doubled quotes). Line breaks are made one kind first, so line numbers hold
 * whatever the spreadsheet wrote. An unreadable file is one problem at the line it broke on.
 */
export function readCsv(
  text: string,
): { ok: true; records: string[][] } | { ok: false; errors: CsvProblem[] } {
  try {
    return {
      ok: true,
      records: parseCsvText(text.replace(/\r\n?/g, "\n"), { bom: true, relax_column_count: true }),
    };
  } catch (error) {
    const { lines, code } = error as { lines?: unknown; code?: unknown };
    return {
      ok: false,
      errors: [
        {
          row: typeof lines === "number" ? lines : 0,
          field: "file",
          message: CSV_PROBLEMS[String(code)] ?? UNREADABLE,
        },
      ],
    };
  }
}

const UNREADABLE = "อ่านไฟล์ CSV ไม่ได้ โปรดบันทึกจาก Excel เป็นชนิด CSV แบบ UTF-8 แล้วส่งอีกครั้ง";

/** csv-parse's error codes, in Thai (its own messages are English). */
const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'มีเครื่องหมายคำพูด (") เปิดไว้แต่ไม่ได้ปิด',
  CSV_INVALID_CLOSING_QUOTE: 'มีตัวอักษรต่อท้ายเครื่องหมายคำพูดปิด (") ในช่องเดียวกัน',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'มีตัวอักษรต่อท้ายเครื่องหมายคำพูดปิด (") ในช่องเดียวกัน',
};

/**
 * An upload's bytes as UTF-8 text (a BOM is kept for `readCsv`); a problem in Thai when they are not
 * UTF-8 (Excel's plain "CSV" on a Thai Windows writes TIS-620).
 */
export function utf8Text(
  bytes: Uint8Array | string,
): { ok: true; text: string } | { ok: false; errors: CsvProblem[] } {
  if (typeof bytes === "string") return { ok: true, text: bytes };
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return {
      ok: false,
      errors: [
        { row: 0, field: "file", message: "ไฟล์ต้องเป็นข้อความ UTF-8 โปรดบันทึกจาก Excel เป็นชนิด CSV แบบ UTF-8" },
      ],
    };
  }
}
