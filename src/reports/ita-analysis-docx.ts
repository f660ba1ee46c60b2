/**
 * The ITA analysis as a Word document an officer can attach: A4 portrait, the measures report's
 * conventions (TH Sarabun New with Sarabun as its alternative, 16 pt, header rows repeated, page
 * numbers in the footer), laid out like the seeds' analysis sections: centred title lines, numbered
 * sections, the indicators table, the items below the pass mark, the proposals, who prepared it.
 */
import {
  A4_LONG,
  A4_SHORT,
  BODY_SIZE,
  DOCUMENT_STYLES,
  DOCX_OVERRIDES,
  gridBorders,
  pageNumbering,
  TITLE_SIZE,
} from "./docx-layout";
import type { ItaAnalysisDocument, ItaAnalysisTable } from "./ita-analysis";

/** Portrait, unlike the tables of measures: 3 cm left (binding), 2 cm elsewhere (twips). */
const MARGIN = 1134;
const MARGIN_LEFT = 1701;
const TEXT_WIDTH = A4_SHORT - MARGIN - MARGIN_LEFT;
/** A paragraph's first line, and each level of a proposal's indent. */
const INDENT = 709;
/** How far a numbered line's wrapped lines hang under its text. */
const HANG = 360;

/** Column widths of the indicators' and the items' tables, summing to the text width. */
const WIDTHS: Record<ItaAnalysisTable["kind"], readonly number[]> = {
  indicators: [1300, TEXT_WIDTH - 1300 - 1300 - 2000, 1300, 2000],
  items: [900, TEXT_WIDTH - 900 - 1300 - 1200, 1300, 1200],
};

export async function itaAnalysisDocx(doc: ItaAnalysisDocument): Promise<Uint8Array> {
  const docx = await import("docx");
  const {
    AlignmentType,
    Document,
    Footer,
    Packer,
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

  /**
   * A text as runs, numbers in runs of their own marked as not Thai: LibreOffice's Thai line breaking
   * otherwise splits a score across lines ("9" / "1.76").
   */
  const runs = (text: string, style: { bold?: boolean; size?: number }) =>
    text
      .split(/([0-9๐-๙]+(?:[.,][0-9๐-๙]+)*)/)
      .filter((part) => part !== "")
      .map((part) =>
        /^[0-9๐-๙]/.test(part)
          ? new TextRun({ text: part, ...style, language: { value: "en-US" } })
          : new TextRun({ text: part, ...style }),
      );

  const line = (
    text: string,
    options: {
      bold?: boolean;
      size?: number;
      center?: boolean;
      firstLine?: number;
      left?: number;
      hanging?: number;
      before?: number;
    } = {},
  ) =>
    new Paragraph({
      alignment: options.center ? AlignmentType.CENTER : AlignmentType.BOTH,
      spacing: { before: options.before ?? 0, after: 0 },
      indent: { firstLine: options.firstLine, left: options.left, hanging: options.hanging },
      children: runs(text, { bold: options.bold, size: options.size }),
    });

  /**
   * Leading groups of four spaces are indent levels (a proposal's measures under its indicator); a
   * numbered line hangs, so its wrapped lines stay under its text.
   */
  const prose = (text: string) => {
    const depth = Math.floor((/^ */.exec(text)?.[0].length ?? 0) / 4);
    if (!depth) return line(text, { firstLine: INDENT });
    const numbered = /^\s*[\d๐-๙]+\.\s/.test(text);
    return numbered
      ? line(text.trim(), { left: depth * INDENT + HANG, hanging: HANG })
      : line(text.trim(), { left: depth * INDENT });
  };
  const table = (data: ItaAnalysisTable) => {
    const widths = WIDTHS[data.kind];
    const cell = (text: string, column: number, header: boolean, last: boolean) =>
      new TableCell({
        width: { size: widths[column] ?? 1000, type: WidthType.DXA },
        verticalAlign: header ? VerticalAlign.CENTER : VerticalAlign.TOP,
        margins: { top: 0, bottom: 0, left: 80, right: 80 },
        shading: header ? { type: ShadingType.CLEAR, color: "auto", fill: "D9E2F3" } : undefined,
        children: [
          new Paragraph({
            alignment: header || column !== 1 ? AlignmentType.CENTER : AlignmentType.LEFT,
            children: [new TextRun({ text, bold: header || last })],
          }),
        ],
      });
    return new Table({
      layout: TableLayoutType.FIXED,
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: [...widths],
      borders: gridBorders(docx),
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: data.head.map((text, column) => cell(text, column, true, false)),
        }),
        ...data.rows.map(
          (row, index) =>
            new TableRow({
              cantSplit: true,
              children: row.map((text, column) =>
                cell(text, column, false, data.kind === "indicators" && index === data.rows.length - 1),
              ),
            }),
        ),
      ],
    });
  };

  const body = [
    ...doc.heading.map((text, index) =>
      line(text, { bold: true, size: index < 2 ? TITLE_SIZE : BODY_SIZE, center: true }),
    ),
    ...doc.sections.flatMap((section, index) => [
      line(section.title, { bold: true, before: index === 0 ? 240 : 200 }),
      ...section.paragraphs.map(prose),
      ...(section.table ? [line(""), table(section.table), line("")] : []),
      ...(section.after ?? []).map(prose),
    ]),
    ...(doc.signature.length ? [line(""), line("")] : []),
    ...doc.signature.map((text) => line(text, { center: true })),
  ];

  const document = new Document({
    creator: doc.orgName,
    title: doc.title,
    styles: DOCUMENT_STYLES,
    sections: [
      {
        properties: {
          page: {
            size: { width: A4_SHORT, height: A4_LONG },
            pageNumbers: pageNumbering(docx, doc.thaiNumerals).section,
            margin: {
              top: MARGIN,
              bottom: MARGIN,
              left: MARGIN_LEFT,
              right: MARGIN,
              header: 567,
              footer: 567,
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({
                    children: pageNumbering(docx, doc.thaiNumerals).footer,
                  }),
                ],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  const bytes = await Packer.toArrayBuffer(document, false, DOCX_OVERRIDES);
  return new Uint8Array(bytes);
}
