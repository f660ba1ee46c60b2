/**
 * The year's OIT evidence in one download: every document of a round, each named after the OIT item
 * of the ITA form it is published for ("O28 รายงานผลการดำเนินการตามมาตรการ … .docx" — the numbering
 * moves every year, so the codes come from the catalogue of that assessment year), and an index page
 * (index.html, and index.txt for any reader) listing each item with its file. The six-month round is
 * published for the assessment of its own fiscal year; the twelve-month round after the year ends,
 * for the next one (whose form asks for "รายงานผล… ประจำปี" of the year before). Zipped with fflate's
 * synchronous `zipSync` (no Worker threads: the same code runs on Node and on Workers).
 */
import type { AppDeps } from "../deps";
import { isCodedError } from "../domain/errors";
import { type OitTopic, oitItemFor } from "../domain/ita-catalogue";
import { documentSettings } from "../features/reports/document-settings";
import { numeralsOf } from "./numerals";
import { PERIOD_LABELS, type ReportPeriod } from "./periods";
import { buildReportFile, type ReportFile, type ReportKind } from "./report-files";

export const ZIP_CONTENT_TYPE = "application/zip";

/**
 * The documents of the rounds, in the order the index lists them, with the OIT topic each answers
 * (`null`: no OIT item; it goes in as supporting material) and the rounds it belongs to (default
 * both). Adding a document is one line here.
 */
export const OIT_DOCUMENTS: ReadonlyArray<{
  kind: ReportKind;
  topic: OitTopic | null;
  rounds?: readonly ReportPeriod[];
  /**
   * `previous`: the document of the fiscal year before (the plan rests on the analysis of last year's
   * ITA result, as seeds 001 and 004 do); left out, not failed, when that year has nothing recorded.
   */
  year?: "previous";
}> = [
  // The year's measures as announced, and the analysis they rest on, answer the assessment of their
  // own year: the six-month round.
  { kind: "measures-plan.docx", topic: "measures-plan", rounds: ["h1"] },
  { kind: "ita-analysis.docx", topic: "measures-plan", rounds: ["h1"], year: "previous" },
  { kind: "measures.docx", topic: "measures-report" },
  { kind: "measures.xlsx", topic: "measures-report" },
  { kind: "complaints.xlsx", topic: "complaint-statistics" },
  { kind: "complaints-chart.svg", topic: "complaint-statistics" },
  { kind: "eit.xlsx", topic: null },
];

export interface OitEntry {
  /** "O28", or null for supporting material. */
  code: string | null;
  /** The item's text in that year's form ("" for supporting material). */
  item: string;
  /** The name of the file in the zip. */
  file: string;
}

/** "o28" → "O28", as the NACC's form and officers write the codes. */
const displayCode = (code: string) => code.toUpperCase();

/** A file's name in the zip: its item's code first, so the files sort by item. */
export function oitFileName(code: string | null, file: Pick<ReportFile, "filename">): string {
  return code ? `${code} ${file.filename}` : `ประกอบ ${file.filename}`;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The index page: which item each file answers. Codes and file names as they are (they name files). */
export function oitIndexHtml(input: {
  orgName: string;
  heading: string;
  note: string;
  entries: readonly OitEntry[];
  thaiNumerals: boolean;
}): string {
  const n = numeralsOf(input.thaiNumerals);
  const rows = input.entries
    .map(
      (entry) =>
        `<tr><td>${escapeHtml(entry.code ?? "–")}</td><td>${escapeHtml(entry.code ? n(entry.item) : "เอกสารประกอบ (ไม่ใช่ข้อ OIT)")}</td><td><a href="${encodeURI(entry.file)}">${escapeHtml(entry.file)}</a></td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<title>${escapeHtml(n(input.heading))}</title>
<style>body{font-family:'TH Sarabun New',Sarabun,Tahoma,sans-serif;font-size:18px;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px;vertical-align:top;text-align:left}</style>
</head>
<body>
<h1>${escapeHtml(n(input.heading))}</h1>
<p>${escapeHtml(input.orgName)}</p>
<p>${escapeHtml(n(input.note))}</p>
<table>
<thead><tr><th>ข้อ</th><th>รายการตามแบบวัด OIT</th><th>ไฟล์</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}

function oitIndexText(input: {
  orgName: string;
  heading: string;
  note: string;
  entries: readonly OitEntry[];
  thaiNumerals: boolean;
}): string {
  const n = numeralsOf(input.thaiNumerals);
  const lines = [n(input.heading), input.orgName, n(input.note), ""];
  for (const entry of input.entries) {
    lines.push(
      entry.code ? `${entry.code} ${n(entry.item)}` : "เอกสารประกอบ (ไม่ใช่ข้อ OIT)",
      `    ไฟล์: ${entry.file}`,
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** The ITA assessment a round's documents are published for. */
export function assessmentYearOf(fiscalYear: number, period: ReportPeriod): number {
  return period === "year" ? fiscalYear + 1 : fiscalYear;
}

/** The zip of a round's documents with its index. */
export async function buildOitZip(
  deps: AppDeps,
  request: { fiscalYear: number; period: ReportPeriod; photos?: boolean },
): Promise<ReportFile> {
  const { fiscalYear, period } = request;
  const { strToU8, zipSync } = await import("fflate");
  const { thaiNumerals } = await documentSettings(deps);
  const assessment = assessmentYearOf(fiscalYear, period);
  const files: Record<string, Uint8Array> = {};
  const entries: OitEntry[] = [];
  for (const { kind, topic, rounds, year } of OIT_DOCUMENTS) {
    if (rounds && !rounds.includes(period)) continue;
    const documentYear = year === "previous" ? fiscalYear - 1 : fiscalYear;
    let file: ReportFile;
    try {
      file = await buildReportFile(deps, { kind, fiscalYear: documentYear, period, photos: request.photos });
    } catch (error) {
      if (year === "previous" && isCodedError(error) && error.kind === "not_found") continue;
      throw error;
    }
    const item = topic ? oitItemFor(assessment, topic) : undefined;
    const code = item ? displayCode(item.code) : null;
    const name = oitFileName(code, file);
    files[name] = file.bytes;
    entries.push({ code, item: item?.text ?? "", file: name });
  }
  const round = PERIOD_LABELS[period];
  const index = {
    orgName: deps.config.orgName,
    heading: `หลักฐานตามแบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT) ปีงบประมาณ พ.ศ. ${fiscalYear} ${round}`,
    note: `ชื่อไฟล์ขึ้นต้นด้วยข้อของแบบวัด OIT ในการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ${assessment} ที่เอกสารนั้นตอบ`,
    entries,
    thaiNumerals,
  };
  files["index.html"] = strToU8(oitIndexHtml(index));
  files["index.txt"] = strToU8(oitIndexText(index));
  return {
    bytes: zipSync(files, { level: 6, mtime: new Date(deps.clock.now()) }),
    contentType: ZIP_CONTENT_TYPE,
    filename: `หลักฐาน OIT ปีงบประมาณ ${fiscalYear} ${round}.zip`,
    asciiFilename: `oit-evidence-${fiscalYear}-${period}.zip`,
  };
}
