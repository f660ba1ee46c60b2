/**
 * The measures report as a Word document an officer can publish as is: A4 landscape, TH Sarabun New
 * (Sarabun as its alternative name) at 16 pt, the table's header row repeated on every page, page
 * numbers in the footer. `docx` is loaded on first use (it is large and the webhook never needs it);
 * it zips synchronously in plain JavaScript, so the same code runs on Node and on Workers.
 */
import type { MeasuresReport } from "./measures-report";

export const DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The Thai government font, with the open Sarabun (Google Fonts) as its alternative. */
export const REPORT_FONT = "TH Sarabun New";
export const REPORT_FONT_FALLBACK = "Sarabun";

/** Half-points: 16 pt body, 18 pt title. */
const BODY_SIZE = 32;
const TITLE_SIZE = 36;

/** A4 in twips (1/1440 in), and 1.5 cm margins. */
const A4_SHORT = 11906;
const A4_LONG = 16838;
const MARGIN = 851;
/** Widths of the seven columns, summing to the text width (16838 − 2 × 851). */
const COLUMN_WIDTHS = [950, 2400, 2700, 1650, 1850, 3786, 1800] as const;

/** The font table, naming the fallback so Word and LibreOffice substitute Sarabun when TH Sarabun New is missing. */
export const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:font w:name="${REPORT_FONT}"><w:altName w:val="${REPORT_FONT_FALLBACK}"/><w:charset w:val="DE"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font><w:font w:name="${REPORT_FONT_FALLBACK}"><w:charset w:val="DE"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>`;

/** "ต.ค. 2569" over "– ก.ย. 2570", with no-break spaces: a month never breaks inside. */
export function durationLines(duration: string): string[] {
  return duration.split(" – ").map((part, i) => (i > 0 ? `– ${part}` : part).replace(/ /g, "\u00a0"));
}

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
    styles: {
      default: {
        document: {
          run: { font: REPORT_FONT, size: BODY_SIZE, language: { value: "th-TH", bidirectional: "th-TH" } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4_SHORT, height: A4_LONG, orientation: PageOrientation.LANDSCAPE },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 425, footer: 425 },
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

  const bytes = await Packer.toArrayBuffer(document, false, [
    { path: "word/fontTable.xml", data: FONT_TABLE },
  ]);
  return new Uint8Array(bytes);
}
