/**
 * What every Word document the product writes shares, so they look like one organisation's papers:
 * A4 with 1.5 cm margins, TH Sarabun New (Sarabun as its alternative name, so Word and LibreOffice
 * substitute the open font when the government one is missing) at 16 pt, an 18 pt title, thin black
 * table borders, and the font table naming that fallback. `docx` itself is loaded by each builder on
 * first use (it is large and the webhook never needs it).
 */

export const DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The Thai government font, with the open Sarabun (Google Fonts) as its alternative. */
export const REPORT_FONT = "TH Sarabun New";
export const REPORT_FONT_FALLBACK = "Sarabun";

/** Half-points: 16 pt body, 18 pt title. */
export const BODY_SIZE = 32;
export const TITLE_SIZE = 36;

/** A4 in twips (1/1440 in), and 1.5 cm margins. */
export const A4_SHORT = 11906;
export const A4_LONG = 16838;
export const MARGIN = 851;
/** The text width of a landscape page (16838 − 2 × 851). */
export const LANDSCAPE_TEXT_WIDTH = A4_LONG - 2 * MARGIN;

/** The font table, naming the fallback so Word and LibreOffice substitute Sarabun when TH Sarabun New is missing. */
export const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:font w:name="${REPORT_FONT}"><w:altName w:val="${REPORT_FONT_FALLBACK}"/><w:charset w:val="DE"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font><w:font w:name="${REPORT_FONT_FALLBACK}"><w:charset w:val="DE"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>`;

/** The parts `Packer` replaces in every document: the font table above. */
export const DOCX_OVERRIDES = [{ path: "word/fontTable.xml", data: FONT_TABLE }];

/** The document's default run: the Thai font at body size, Thai language. */
export const DOCUMENT_STYLES = {
  default: {
    document: {
      run: { font: REPORT_FONT, size: BODY_SIZE, language: { value: "th-TH", bidirectional: "th-TH" } },
    },
  },
};

/** Landscape A4 page margins, header and footer distances (twips). */
export const PAGE_MARGINS = {
  top: MARGIN,
  bottom: MARGIN,
  left: MARGIN,
  right: MARGIN,
  header: 425,
  footer: 425,
};

/** "ต.ค. 2569" over "– ก.ย. 2570", with no-break spaces: a month never breaks inside. */
export function durationLines(duration: string): string[] {
  return duration.split(" – ").map((part, i) => (i > 0 ? `– ${part}` : part).replace(/ /g, "\u00a0"));
}

type Docx = typeof import("docx");

/** Thin black lines around a table and between its cells, as the seeds' tables are drawn. */
export function gridBorders(docx: Pick<Docx, "BorderStyle">) {
  const line = { style: docx.BorderStyle.SINGLE, size: 4, color: "000000" };
  return {
    top: line,
    bottom: line,
    left: line,
    right: line,
    insideHorizontal: line,
    insideVertical: line,
  };
}

/**
 * The footer's page number, and the section's numbering. In Thai digits the section formats the
 * number (Word draws ๑, ๒ …; LibreOffice 7.4 still draws Arabic digits) and the count is left out:
 * Word's `NUMPAGES \* ThaiArabic` switch comes out as Thai letters (ก / ฐ) in LibreOffice.
 */
export function pageNumbering(docx: Pick<Docx, "NumberFormat" | "PageNumber">, thaiNumerals: boolean) {
  const { NumberFormat, PageNumber } = docx;
  return {
    section: thaiNumerals ? { formatType: NumberFormat.THAI_NUMBERS } : undefined,
    footer: thaiNumerals
      ? ["หน้า ", PageNumber.CURRENT]
      : ["หน้า ", PageNumber.CURRENT, " / ", PageNumber.TOTAL_PAGES],
  };
}
