/**
 * The measures report as a Word document an officer can publish as is: A4 landscape, TH Sarabun New
 * (Sarabun as its alternative name) at 16 pt, the organisation with its อำเภอ/จังหวัด, the opening
 * paragraph, the table's header row repeated on every page, the summary, then the signatures as Thai
 * official documents lay them out (ผู้รายงาน left, ผู้ตรวจสอบ right, ผู้บริหาร centred below, kept on
 * one page), page numbers in the footer; evidence photos, when asked for, as an appendix. Every
 * string passes through the document's numerals (Thai digits when the organisation writes them, the
 * page numbers too). `docx` is loaded on first use (it is large and the webhook never needs it); it
 * zips synchronously in plain JavaScript, so the same code runs on Node and on Workers.
 */
import { thaiLongDate } from "../domain/thai-time";
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
import type { MeasuresReport, ReportSigner } from "./measures-report";
import { numeralsOf } from "./numerals";

/** One evidence photo for the appendix: its bytes, kind and size in pixels, and the day of its entry. */
export interface ReportPhoto {
  bytes: Uint8Array;
  type: "jpg" | "png";
  width: number;
  height: number;
  /** `YYYY-MM-DD`: the day the work was done (the caption). */
  performedOn: string;
}

/** A measure's photos in the appendix: at most `PHOTOS_PER_MEASURE`. */
export interface MeasurePhotos {
  /** The measure's number in the table. */
  number: number;
  title: string;
  photos: readonly ReportPhoto[];
}

export const PHOTOS_PER_MEASURE = 3;

export interface MeasuresDocxOptions {
  /** The appendix of evidence photos; none when absent or empty. */
  photos?: readonly MeasurePhotos[];
}

/** A blank to sign or write on by hand. */
export const DOTS = "........................................";

export {
  DOCX_CONTENT_TYPE,
  durationLines,
  FONT_TABLE,
  REPORT_FONT,
  REPORT_FONT_FALLBACK,
} from "./docx-layout";

/** Widths of the seven columns, summing to the text width (16838 − 2 × 851). */
const COLUMN_WIDTHS = [950, 2400, 2700, 1650, 2100, 3536, 1800] as const;

/** A signature as the document prints it: the line to sign with the role, the name, the position. */
export function signatureLines(signer: ReportSigner, dots = DOTS): string[] {
  const position = signer.position.trim();
  return [`ลงชื่อ ${dots} ${signer.role}`, `(${signer.name.trim() || dots})`, position || `ตำแหน่ง ${dots}`];
}

/** A photo's size in pixels scaled to fit a box, never enlarged. */
export function fitInside(width: number, height: number, box: { width: number; height: number }) {
  const scale = Math.min(1, box.width / width, box.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** A photo in the appendix is at most this big (pixels at 96 dpi: a third of the text width). */
const PHOTO_BOX = { width: 300, height: 225 };

/** The report as .docx bytes. */
export async function measuresDocx(
  report: MeasuresReport,
  options: MeasuresDocxOptions = {},
): Promise<Uint8Array> {
  const docx = await import("docx");
  const {
    AlignmentType,
    BorderStyle,
    Document,
    Footer,
    ImageRun,
    Packer,
    PageBreak,
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
  const n = numeralsOf(report.thaiNumerals);

  const paragraph = (
    text: string,
    options: { bold?: boolean; size?: number; center?: boolean; keepNext?: boolean; indent?: boolean } = {},
  ) =>
    new Paragraph({
      alignment: options.center
        ? AlignmentType.CENTER
        : options.indent
          ? AlignmentType.JUSTIFIED
          : AlignmentType.LEFT,
      spacing: { before: 0, after: 0 },
      keepNext: options.keepNext,
      keepLines: options.keepNext,
      indent: options.indent ? { firstLine: 1134 } : undefined,
      children: [new TextRun({ text: n(text), bold: options.bold, size: options.size })],
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
  const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
  const noBorders = {
    top: none,
    bottom: none,
    left: none,
    right: none,
    insideHorizontal: none,
    insideVertical: none,
  };
  const textWidth = LANDSCAPE_TEXT_WIDTH;
  const table = new Table({
    layout: TableLayoutType.FIXED,
    width: { size: COLUMN_WIDTHS.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: [...COLUMN_WIDTHS],
    borders: gridBorders(docx),
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

  // The signatures: ผู้รายงาน and ผู้ตรวจสอบ side by side, ผู้บริหาร centred below; every line kept
  // with the next, and no row split, so the block stays whole on one page.
  const half = Math.floor(textWidth / 2);
  const signatureCell = (signer: ReportSigner | undefined, span: number) =>
    new TableCell({
      width: { size: half * span, type: WidthType.DXA },
      columnSpan: span,
      borders: { top: none, bottom: none, left: none, right: none },
      children: ["", ...(signer ? signatureLines(signer) : [])].map((text) =>
        paragraph(text, { center: true, keepNext: true }),
      ),
    });
  const [reporter, checker, executive] = report.signers;
  const signatures = new Table({
    layout: TableLayoutType.FIXED,
    width: { size: half * 2, type: WidthType.DXA },
    columnWidths: [half, half],
    borders: noBorders,
    rows: [
      new TableRow({ cantSplit: true, children: [signatureCell(reporter, 1), signatureCell(checker, 1)] }),
      new TableRow({ cantSplit: true, children: [signatureCell(executive, 2)] }),
    ],
  });

  const appendix = (options.photos ?? []).filter((measure) => measure.photos.length > 0);
  const third = Math.floor(textWidth / PHOTOS_PER_MEASURE);
  const photoCell = (photo: ReportPhoto | undefined) =>
    new TableCell({
      width: { size: third, type: WidthType.DXA },
      borders: { top: none, bottom: none, left: none, right: none },
      children: photo
        ? [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              keepNext: true,
              children: [
                new ImageRun({
                  type: photo.type,
                  data: photo.bytes,
                  transformation: fitInside(photo.width, photo.height, PHOTO_BOX),
                  altText: {
                    name: "photo",
                    title: "ภาพประกอบ",
                    description: n(thaiLongDate(photo.performedOn)),
                  },
                }),
              ],
            }),
            paragraph(`วันที่ ${thaiLongDate(photo.performedOn)}`, { center: true }),
          ]
        : [paragraph("")],
    });
  const appendixChildren = appendix.length
    ? [
        new Paragraph({ children: [new PageBreak()] }),
        paragraph("ภาคผนวก ภาพประกอบผลการดำเนินการ", { bold: true, size: TITLE_SIZE, center: true }),
        paragraph(""),
        ...appendix.flatMap((measure) => [
          paragraph(`${measure.number}. ${measure.title}`, { bold: true, keepNext: true }),
          new Table({
            layout: TableLayoutType.FIXED,
            width: { size: third * PHOTOS_PER_MEASURE, type: WidthType.DXA },
            columnWidths: Array.from({ length: PHOTOS_PER_MEASURE }, () => third),
            borders: noBorders,
            rows: [
              new TableRow({
                cantSplit: true,
                children: Array.from({ length: PHOTOS_PER_MEASURE }, (_, i) => photoCell(measure.photos[i])),
              }),
            ],
          }),
          paragraph(""),
        ]),
      ]
    : [];

  const heading = [
    paragraph(report.title, { bold: true, size: TITLE_SIZE, center: true }),
    paragraph(report.orgName, { bold: true, size: TITLE_SIZE, center: true }),
    ...(report.place ? [paragraph(report.place, { bold: true, center: true })] : []),
    paragraph(report.subtitle, { bold: true, center: true }),
    paragraph(""),
    ...report.opening.map((text) => paragraph(text, { indent: true })),
    ...(report.opening.length ? [paragraph("")] : []),
  ];

  const document = new Document({
    creator: report.orgName,
    title: n(`${report.title} ${report.subtitle}`),
    styles: DOCUMENT_STYLES,
    sections: [
      {
        properties: {
          page: {
            size: { width: A4_SHORT, height: A4_LONG, orientation: PageOrientation.LANDSCAPE },
            margin: PAGE_MARGINS,
            pageNumbers: pageNumbering(docx, report.thaiNumerals).section,
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({
                    children: pageNumbering(docx, report.thaiNumerals).footer,
                  }),
                ],
              }),
            ],
          }),
        },
        children: [
          ...heading,
          table,
          paragraph(""),
          paragraph(report.summary, { keepNext: true }),
          paragraph(report.footnote, { keepNext: true }),
          signatures,
          ...appendixChildren,
        ],
      },
    ],
  });

  const bytes = await Packer.toArrayBuffer(document, false, DOCX_OVERRIDES);
  return new Uint8Array(bytes);
}
