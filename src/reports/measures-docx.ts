/**
 * The measures report as a Word document an officer can publish as is: A4 landscape, TH Sarabun New
 * (Sarabun as its alternative name) at 16 pt, the table's header row repeated on every page, page
 * numbers in the footer. `docx` is loaded on first use (it is large and the webhook never needs it);
 * it zips synchronously in plain JavaScript, so the same code runs on Node and on Workers.
 */
import {
  A4_LONG,
  A4_SHORT,
  DOCUMENT_STYLES,
  DOCX_OVERRIDES,
  durationLines,
  PAGE_MARGINS,
  TITLE_SIZE,
} from "./docx-layout";
import type { MeasuresReport } from "./measures-report";

export { DOCX_CONTENT_TYPE, durationLines, REPORT_FONT, REPORT_FONT_FALLBACK } from "./docx-layout";

/** Widths of the seven columns, summing to the text width (16838 − 2 × 851). */
const COLUMN_WIDTHS = [950, 2400, 2700, 1650, 1850, 3786, 1800] as const;

/** The report as .docx bytes. */
export async function measuresDocx(report: MeasuresReport): Promise<Uint8Array> {
  const {
    AlignmentType,
    BorderStyle,
    Document,
    Footer,
    Packer,
    PageNumber,
    PageOrientation,
    Paragraph,
    ShadingType,
    Table,
    TableCell,
    TableLayoutType,
    TableRow,
    TextRun,
    VerticalAlign,
    WidthType,
  } = await import("docx");

  const paragraph = (text: string, options: { bold?: boolean; size?: number; center?: boolean } = {}) =>
    new Paragraph({
      alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT,
      spacing: { before: 0, after: 0 },
      children: [new TextRun({ text, bold: options.bold, size: options.size })],
    });

  const cell = (texts: readonly string[], column: number, header = false) =>
    new TableCell({
      width: { size: COLUMN_WIDTHS[column] ?? 1000, type: WidthType.DXA },
      verticalAlign: header ? VerticalAlign.CENTER : VerticalAlign.TOP,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      shading: header ? { type: ShadingType.CLEAR, color: "auto", fill: "D9E2F3" } : undefined,
      children: (texts.length ? texts : [""]).map((text) =>
        paragraph(text, { bold: header, center: header || column === 0 }),
      ),
    });

  const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
  const table = new Table({
    layout: TableLayoutType.FIXED,
    width: { size: COLUMN_WIDTHS.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: [...COLUMN_WIDTHS],
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: report.columns.map((title, column) => cell([title], column, true)),
      }),
      ...report.rows.map(
        (row) =>
          new TableRow({
            children: [
              cell([String(row.number)], 0),
              cell(row.title, 1),
              cell(row.method, 2),
              cell(row.units, 3),
              cell(durationLines(row.duration), 4),
              cell(row.results, 5),
              cell(row.suggestions, 6),
            ],
          }),
      ),
    ],
  });

  const document = new Document({
    creator: report.orgName,
    title: `${report.title} ${report.subtitle}`,
    styles: DOCUMENT_STYLES,
    sections: [
      {
        properties: {
          page: {
            size: { width: A4_SHORT, height: A4_LONG, orientation: PageOrientation.LANDSCAPE },
            margin: PAGE_MARGINS,
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({ children: ["หน้า ", PageNumber.CURRENT, " / ", PageNumber.TOTAL_PAGES] }),
                ],
              }),
            ],
          }),
        },
        children: [
          paragraph(report.title, { bold: true, size: TITLE_SIZE, center: true }),
          paragraph(report.orgName, { bold: true, size: TITLE_SIZE, center: true }),
          paragraph(report.subtitle, { bold: true, center: true }),
          paragraph(""),
          table,
          paragraph(""),
          paragraph(report.summary),
          paragraph(report.footnote),
        ],
      },
    ],
  });

  const bytes = await Packer.toArrayBuffer(document, false, DOCX_OVERRIDES);
  return new Uint8Array(bytes);
}
