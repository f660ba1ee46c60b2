/**
 * The measures plan as a Word document an organisation announces as is: A4 landscape in the shared
 * look (`docx-layout.ts`), the heading centred, the table with its header row repeated on every page
 * and rows that do not split, then the date line and the executive's signature block on the right.
 */
import {
  A4_LONG,
  A4_SHORT,
  DOCUMENT_STYLES,
  DOCX_OVERRIDES,
  durationLines,
  gridBorders,
  LANDSCAPE_TEXT_WIDTH,
  PAGE_MARGINS,
  pageNumbering,
  TITLE_SIZE,
} from "./docx-layout";
import type { MeasuresPlan } from "./measures-plan";

/** The table at 14 pt (half-points): the plan's many columns fit a landscape page as the seeds print them. */
const TABLE_SIZE = 28;

/** The plan as .docx bytes. */
export async function measuresPlanDocx(plan: MeasuresPlan): Promise<Uint8Array> {
  const docx = await import("docx");
  const {
    AlignmentType,
    Document,
    Footer,
    Packer,
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
  } = docx;

  const paragraph = (
    text: string,
    options: { bold?: boolean; size?: number; align?: "left" | "center" | "right"; indentLeft?: number } = {},
  ) =>
    new Paragraph({
      alignment:
        options.align === "center"
          ? AlignmentType.CENTER
          : options.align === "right"
            ? AlignmentType.RIGHT
            : AlignmentType.LEFT,
      indent: options.indentLeft ? { left: options.indentLeft } : undefined,
      spacing: { before: 0, after: 0 },
      children: [new TextRun({ text, bold: options.bold, size: options.size })],
    });

  const total = plan.columns.reduce((sum, column) => sum + column.weight, 0);
  const widths = plan.columns.map((column) => Math.floor((column.weight / total) * LANDSCAPE_TEXT_WIDTH));
  const centred = new Set(["number", "period", "budget"]);

  const cell = (texts: readonly string[], column: number, header = false) => {
    const key = plan.columns[column]?.key ?? "";
    return new TableCell({
      width: { size: widths[column] ?? 1000, type: WidthType.DXA },
      verticalAlign: header ? VerticalAlign.CENTER : VerticalAlign.TOP,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      shading: header ? { type: ShadingType.CLEAR, color: "auto", fill: "D9E2F3" } : undefined,
      children: (texts.length ? texts : [""]).map((text) =>
        paragraph(text, {
          bold: header,
          size: TABLE_SIZE,
          align: header || centred.has(key) ? "center" : key === "budget" ? "right" : "left",
        }),
      ),
    });
  };
  const table = new Table({
    layout: TableLayoutType.FIXED,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    borders: gridBorders(docx),
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: plan.columns.map((column, index) => cell([column.title], index, true)),
      }),
      ...plan.rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: row.map((texts, index) =>
              cell(plan.columns[index]?.key === "period" ? texts.flatMap(durationLines) : texts, index),
            ),
          }),
      ),
    ],
  });

  // The signature block sits in the right half, its lines centred on one another.
  const signatureIndent = Math.floor(LANDSCAPE_TEXT_WIDTH * 0.55);
  const signed = (text: string) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      indent: { left: signatureIndent },
      spacing: { before: 0, after: 0 },
      children: [new TextRun({ text })],
    });

  const document = new Document({
    creator: plan.orgName,
    title: plan.documentTitle,
    styles: DOCUMENT_STYLES,
    sections: [
      {
        properties: {
          page: {
            size: { width: A4_SHORT, height: A4_LONG, orientation: PageOrientation.LANDSCAPE },
            margin: PAGE_MARGINS,
            pageNumbers: pageNumbering(docx, plan.thaiNumerals).section,
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ children: pageNumbering(docx, plan.thaiNumerals).footer })],
              }),
            ],
          }),
        },
        children: [
          ...plan.heading.map((line, index) =>
            paragraph(line, { bold: true, size: index < 2 ? TITLE_SIZE : undefined, align: "center" }),
          ),
          paragraph(""),
          table,
          paragraph(""),
          signed(plan.dateLine),
          paragraph(""),
          paragraph(""),
          ...plan.signature.map(signed),
        ],
      },
    ],
  });

  const bytes = await Packer.toArrayBuffer(document, false, DOCX_OVERRIDES);
  return new Uint8Array(bytes);
}
