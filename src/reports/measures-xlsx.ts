/**
 * The measures report as one sheet: the same heading, opening, columns and signatures as the .docx,
 * header row frozen, text wrapped; Thai digits throughout when the organisation writes them.
 */
import { signatureLines } from "./measures-docx";
import type { MeasuresReport } from "./measures-report";
import { type Cell, columnLetter, xlsxBytes } from "./xlsx";

const WIDTHS = [5, 18, 20, 11, 10, 42, 14] as const;
/** The blank to sign on, short enough that "ลงชื่อ … ผู้รายงาน" takes one line over columns A–C. */
const XLSX_DOTS = ".........................";

export async function measuresXlsx(report: MeasuresReport): Promise<Uint8Array> {
  const last = columnLetter(report.columns.length - 1);
  const rows: Cell[][] = [];
  const merges: Array<[string, string]> = [];
  /** A line of text over the whole width. */
  const line = (value: string, style: "title" | "subtitle" | "plain" | "signature") => {
    rows.push([{ value, style }]);
    merges.push([`A${rows.length}`, `${last}${rows.length}`]);
  };
  line(report.title, "title");
  line([report.orgName, report.place, report.subtitle].filter(Boolean).join(" "), "subtitle");
  for (const paragraph of report.opening) line(paragraph, "plain");
  const header = rows.length + 1;
  rows.push(
    report.columns.map((title) => ({ value: title, style: "header" as const })),
    ...report.rows.map((row): Cell[] => [
      row.number,
      row.title.join("\n"),
      row.method.join("\n"),
      row.units.join("\n"),
      row.duration,
      row.results.join("\n"),
      row.suggestions.join("\n"),
    ]),
    [],
  );
  const closing = rows.length + 1;
  line(report.summary, "plain");
  line(report.footnote, "plain");
  rows.push([]);
  // ผู้รายงาน (A–C) and ผู้ตรวจสอบ (E–G) side by side, ผู้บริหาร centred in the next row, as in the
  // .docx: each signature one cell of three lines, so no signature breaks over a page.
  const [reporter, checker, executive] = report.signers.map((signer) =>
    signatureLines(signer, XLSX_DOTS).join("\n"),
  );
  const blank: Cell = { value: null, style: "signature" };
  rows.push([
    { value: reporter ?? "", style: "signature" },
    blank,
    blank,
    blank,
    { value: checker ?? "", style: "signature" },
  ]);
  merges.push([`A${rows.length}`, `C${rows.length}`], [`E${rows.length}`, `${last}${rows.length}`]);
  line(`\n${executive ?? ""}`, "signature");
  return xlsxBytes(
    [
      {
        name: `รายงานผลมาตรการ ${report.periodLabel}`,
        widths: WIDTHS,
        rows,
        merges,
        freezeRows: header,
        printTitles: [header, header],
        // The summary and the signatures on one page.
        keepTogether: [closing, rows.length],
      },
    ],
    { thaiNumerals: report.thaiNumerals },
  );
}
