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
    const line = (error as { lines?: unknown }).lines;
    return {
      ok: false,
      errors: [
        {
          row: typeof line === "number" ? line : 0,
          field: "file",
          message: `not a readable CSV: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    };
  }
}
