/** The measures report as one sheet: the same columns as the .docx, header row frozen, text wrapped. */
import type { MeasuresReport } from "./measures-report";
import { type Cell, columnLetter, xlsxBytes } from "./xlsx";

const WIDTHS = [5, 18, 20, 11, 10, 42, 14] as const;

export async function measuresXlsx(report: MeasuresReport): Promise<Uint8Array> {
  const last = columnLetter(report.columns.length - 1);
  const rows: Cell[][] = [
    [{ value: report.title, style: "title" }],
    [{ value: `${report.orgName} ${report.subtitle}`, style: "subtitle" }],
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
    [{ value: report.summary, style: "plain" }],
    [{ value: report.footnote, style: "plain" }],
  ];
  const tail = 3 + report.rows.length;
  return xlsxBytes([
    {
      name: `รายงานผลมาตรการ ${report.periodLabel}`,
      widths: WIDTHS,
      rows,
      merges: [
        ["A1", `${last}1`],
        ["A2", `${last}2`],
        [`A${tail + 2}`, `${last}${tail + 2}`],
        [`A${tail + 3}`, `${last}${tail + 3}`],
      ],
      freezeRows: 3,
      printTitles: [3, 3],
    },
  ]);
}
