/**
 * The analysis of a year's ITA result (รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส) as plain
 * data, worded as the seeds' analysis sections are (001, 004): the result, the indicators table with
 * each one's standing against the pass mark, the highest and lowest indicators with ties named
 * together ("ตัวชี้วัดที่ 2, 3 และ 5 … ได้คะแนนสูงสุดเท่ากัน 100 คะแนน"), the items below the pass mark
 * (every item that scored 0 among them), the level and whether the organisation passed, and the
 * measures proposed for the weak indicators. Every string has passed through the organisation's
 * numerals; `ita-analysis-docx.ts` only lays it out.
 */
import { catalogueFor, ITA_INDICATORS, ITA_PASS_MARK } from "../domain/ita-catalogue";
import type { IndicatorScore, ItaAnalysis } from "../features/ita/ita-result";
import type { Numerals } from "./numerals";

export const ITA_ANALYSIS_TITLE =
  "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)";

export interface ItaAnalysisInput {
  orgName: string;
  /** `อำเภอ… จังหวัด…`, or "" when the settings have neither. */
  place: string;
  analysis: ItaAnalysis;
  /** Every indicator's score, with its name (the analysis keeps only the extremes and the weak ones). */
  indicators: readonly IndicatorScore[];
  /** Every item score of the result (the analysis keeps only the weakest). */
  items: ReadonlyArray<{ code: string; text: string; score: number }>;
  numerals: Numerals;
  /** Whether `numerals` writes Thai digits (the page numbers follow). */
  thaiNumerals?: boolean;
  /** Who prepared it (ผู้จัดทำ), from the document settings; left out when it has no name. */
  preparer?: { name: string; position: string };
}

export interface ItaAnalysisTable {
  kind: "indicators" | "items";
  head: string[];
  rows: string[][];
}

export interface ItaAnalysisDocument {
  /** The title lines, the organisation and its place. */
  heading: string[];
  sections: Array<{
    title: string;
    paragraphs: string[];
    table?: ItaAnalysisTable;
    /** Paragraphs after the table. */
    after?: string[];
  }>;
  signature: string[];
  /** Page numbers in Thai digits. */
  thaiNumerals: boolean;
  /** For the document's properties. */
  orgName: string;
  title: string;
}

/** Scores as the seeds print them in tables: `100.00`, `74.00`. */
export const tableScore = (score: number) => score.toFixed(2);
/** Scores in a sentence: `100`, `74`, `91.76`. */
export const proseScore = (score: number) => (Number.isInteger(score) ? String(score) : score.toFixed(2));

/** `2`, `2 และ 3`, `2, 3 และ 5`. */
export function thaiList(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} และ ${parts.at(-1)}`;
}

/** Item codes as the seeds write them: `i1`, `e1`, and the OIT's with a capital, `O22`. */
export const itemLabel = (code: string) => (code.startsWith("o") ? `O${code.slice(1)}` : code);

/** "ตัวชี้วัดที่ 2, 3 และ 5 (การใช้งบประมาณ การใช้อำนาจ และการแก้ไขปัญหาการทุจริต)" or "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล". */
function indicatorsPhrase(entries: readonly IndicatorScore[]): string {
  if (entries.length === 1 && entries[0]) return `ตัวชี้วัดที่ ${entries[0].indicator} ${entries[0].name}`;
  const numbers = thaiList(entries.map((entry) => String(entry.indicator)));
  const names = entries.map((entry) => entry.name);
  const nameList = `${names.slice(0, -1).join(" ")} และ${names.at(-1)}`;
  return `ตัวชี้วัดที่ ${numbers} (${nameList})`;
}

/** "ได้คะแนนสูงสุด 93.57 คะแนน", or for a tie "ได้คะแนนสูงสุดเท่ากัน 100 คะแนน". */
function extremeSentence(entries: readonly IndicatorScore[], word: "สูงสุด" | "ต่ำสุด"): string {
  const score = entries[0]?.score ?? 0;
  const tie = entries.length > 1 ? "เท่ากัน" : "";
  return `${indicatorsPhrase(entries)} ได้คะแนน${word}${tie} ${proseScore(score)} คะแนน`;
}

/** The tool an indicator is assessed by, for the items table. */
const TOOL_OF = new Map(ITA_INDICATORS.map((entry) => [entry.indicator, entry.tool]));

export function buildItaAnalysisDocument(input: ItaAnalysisInput): ItaAnalysisDocument {
  const { analysis, numerals: n } = input;
  const year = analysis.fiscalYear;
  const all = [...input.indicators].sort((a, b) => a.indicator - b.indicator);
  const below = new Set(analysis.belowTarget.map((entry) => entry.indicator));
  const pass = ITA_PASS_MARK;

  const levelWords = analysis.level
    ? /^[A-F]{1,2}$/.test(analysis.level)
      ? ` อยู่ในระดับ ${analysis.level}`
      : ` อยู่ในระดับ "${analysis.level}"`
    : "";
  const result =
    `สำนักงาน ป.ป.ช. ได้ประมวลผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ` +
    `ประจำปีงบประมาณ พ.ศ. ${year} เรียบร้อยแล้ว ${input.orgName}ได้คะแนนในภาพรวม ${proseScore(analysis.total)} คะแนน` +
    `${levelWords} ซึ่ง${analysis.passed ? "ผ่าน" : "ยังไม่ผ่าน"}เกณฑ์ ${pass} คะแนน พิจารณาเป็นรายตัวชี้วัด ได้ดังนี้`;

  const indicatorTable: ItaAnalysisTable = {
    kind: "indicators",
    head: ["ตัวชี้วัดที่", "รายละเอียดตัวชี้วัด", "คะแนน", "ผลการประเมิน"],
    rows: [
      ...all.map((entry) => [
        String(entry.indicator),
        entry.name,
        tableScore(entry.score),
        below.has(entry.indicator) ? "ต่ำกว่าเกณฑ์" : "ผ่านเกณฑ์",
      ]),
      ["", "คะแนนในภาพรวม", tableScore(analysis.total), analysis.passed ? "ผ่านเกณฑ์" : "ยังไม่ผ่านเกณฑ์"],
    ],
  };

  const reading = [
    `${extremeSentence(analysis.highestTied, "สูงสุด")} และ${extremeSentence(analysis.lowestTied, "ต่ำสุด")}`,
    analysis.belowTarget.length
      ? `มีตัวชี้วัดที่มีคะแนนไม่ผ่านเกณฑ์ (${pass} คะแนน) ${analysis.belowTarget.length} ตัวชี้วัดจาก ${all.length} ตัวชี้วัด ได้แก่ ${thaiList(
          analysis.belowTarget.map(
            (entry) => `ตัวชี้วัดที่ ${entry.indicator} ${entry.name} (${proseScore(entry.score)} คะแนน)`,
          ),
        )}`
      : `ทุกตัวชี้วัดมีคะแนนผ่านเกณฑ์ ${pass} คะแนน`,
  ];

  // Items: every one under the pass mark (each 0 among them), the lowest first.
  const weak = [...input.items].filter((item) => item.score < pass).sort((a, b) => a.score - b.score);
  const catalogue = catalogueFor(year);
  const itemsSection: ItaAnalysisDocument["sections"][number] = {
    title: `ข้อที่ได้คะแนนต่ำกว่าเกณฑ์ ${pass} คะแนน`,
    paragraphs: [],
  };
  if (input.items.length === 0) {
    itemsSection.paragraphs.push("ผลการประเมินที่บันทึกไว้ไม่มีคะแนนรายข้อ จึงวิเคราะห์ได้เฉพาะรายตัวชี้วัด");
  } else if (weak.length === 0) {
    itemsSection.paragraphs.push(`ทุกข้อของแบบวัดได้คะแนนตั้งแต่ ${pass} คะแนนขึ้นไป`);
  } else {
    const zeros = weak.filter((item) => item.score === 0);
    itemsSection.paragraphs.push(
      `มีข้อที่ได้คะแนนต่ำกว่าเกณฑ์ ${weak.length} ข้อ` +
        (zeros.length
          ? ` ในจำนวนนี้ได้ 0 คะแนน ${zeros.length} ข้อ ได้แก่ ${thaiList(zeros.map((item) => itemLabel(item.code)))} ซึ่งควรเร่งจัดทำและเผยแพร่ให้ครบถ้วนตามหลักเกณฑ์`
          : ""),
    );
    itemsSection.table = {
      kind: "items",
      head: ["ข้อ", "หัวข้อการประเมิน", "ตัวชี้วัด", "คะแนน"],
      rows: weak.map((item) => {
        const indicator = catalogue?.indicatorOf(item.code);
        const tool = indicator ? TOOL_OF.get(indicator) : undefined;
        return [
          itemLabel(item.code),
          item.text,
          indicator ? `${tool ?? ""} ${indicator}`.trim() : "",
          tableScore(item.score),
        ];
      }),
    };
  }

  const proposals: string[] = [];
  if (analysis.suggestions.length === 0) {
    proposals.push(
      `ทุกตัวชี้วัดผ่านเกณฑ์ ควรรักษามาตรฐานการดำเนินงาน และดำเนินมาตรการส่งเสริมคุณธรรมและความโปร่งใสต่อเนื่องในปีงบประมาณ พ.ศ. ${year + 1}`,
    );
  } else {
    proposals.push(`เพื่อยกระดับผลการประเมินในปีงบประมาณ พ.ศ. ${year + 1} เสนอมาตรการสำหรับตัวชี้วัดที่ยังไม่ผ่านเกณฑ์ ดังนี้`);
    for (const suggestion of analysis.suggestions) {
      const entry = analysis.belowTarget.find((candidate) => candidate.indicator === suggestion.indicator);
      proposals.push(`ตัวชี้วัดที่ ${suggestion.indicator} ${entry?.name ?? ""}`.trim());
      if (suggestion.measures.length === 0) {
        proposals.push("    (ยังไม่มีมาตรการที่เสนอ ผู้บริหารและเจ้าหน้าที่ร่วมกันพิจารณากำหนด)");
      }
      suggestion.measures.forEach((measure, index) => {
        proposals.push(`    ${index + 1}. ${measure.title}`);
        if (measure.method.trim()) {
          for (const line of measure.method.split(/\n+/))
            if (line.trim()) proposals.push(`        ${line.trim()}`);
        }
      });
    }
  }

  const strengths = analysis.highestTied.map((entry) => entry.name);
  const summary =
    `ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ${year} ของ${input.orgName}${levelWords} (${proseScore(analysis.total)} คะแนน) ` +
    `${analysis.passed ? "ผ่าน" : "ยังไม่ผ่าน"}เกณฑ์ ${pass} คะแนน โดยมีจุดแข็งด้าน${thaiList(strengths)}` +
    (analysis.belowTarget.length
      ? ` ขณะที่ประเด็นที่ควรพัฒนา ได้แก่ ${thaiList(analysis.belowTarget.map((entry) => entry.name))} เพื่อยกระดับผลการประเมินในปีงบประมาณ พ.ศ. ${year + 1} ให้สูงขึ้นต่อไป`
      : ` ควรรักษามาตรฐานไว้ในปีงบประมาณ พ.ศ. ${year + 1}`);

  const signature = input.preparer?.name.trim()
    ? [
        `(ลงชื่อ) ...................................................... ผู้จัดทำ`,
        `(${input.preparer.name.trim()})`,
        ...(input.preparer.position.trim() ? [input.preparer.position.trim()] : []),
      ]
    : [];

  const doc: ItaAnalysisDocument = {
    title: `${ITA_ANALYSIS_TITLE} ประจำปีงบประมาณ พ.ศ. ${year}`,
    orgName: input.orgName,
    heading: [
      ITA_ANALYSIS_TITLE,
      `ประจำปีงบประมาณ พ.ศ. ${year}`,
      input.orgName,
      ...(input.place ? [input.place] : []),
    ],
    sections: [
      { title: `1. ผลคะแนน ITA ประจำปีงบประมาณ พ.ศ. ${year}`, paragraphs: [result], table: indicatorTable },
      { title: "2. การวิเคราะห์ผลการประเมินรายตัวชี้วัด", paragraphs: reading },
      { ...itemsSection, title: `3. ${itemsSection.title}` },
      { title: "4. ข้อเสนอแนะและมาตรการที่เสนอ", paragraphs: proposals },
      { title: "5. สรุปภาพรวม", paragraphs: [summary] },
    ],
    signature,
    thaiNumerals: input.thaiNumerals ?? false,
  };
  return applyNumerals(doc, n);
}

function applyNumerals(doc: ItaAnalysisDocument, n: Numerals): ItaAnalysisDocument {
  const table = (t?: ItaAnalysisTable) =>
    t && { kind: t.kind, head: t.head.map(n), rows: t.rows.map((row) => row.map(n)) };
  return {
    ...doc,
    title: n(doc.title),
    heading: doc.heading.map(n),
    sections: doc.sections.map((section) => ({
      title: n(section.title),
      paragraphs: section.paragraphs.map(n),
      table: table(section.table),
      after: section.after?.map(n),
    })),
    signature: doc.signature.map(n),
  };
}
