/**
 * The measures report (รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน) as
 * plain data: the heading and one row per measure with the seeds' columns, its results written from
 * the progress entries of the round with their Thai dates. The .docx and .xlsx builders only lay it out.
 */
import type { CannotDoReason, MeasureStatus } from "../db/schema";
import { CANNOT_DO_REASON_LABELS, indicatorsText, MEASURE_STATUS_LABELS } from "../domain/measures";
import { type IsoDate, localDate, thaiLongDate, thaiMonthYear } from "../domain/thai-time";
import {
  DEFAULT_DOCUMENT_SETTINGS,
  type DocumentSettings,
  type Signer,
} from "../features/reports/document-settings";
import { earlierDay, PERIOD_LABELS, periodRange, type ReportPeriod, thaiMonthSpan } from "./periods";

export const MEASURES_REPORT_TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน";

export const MEASURES_REPORT_COLUMNS = [
  "ลำดับ",
  "มาตรการ/แนวทาง",
  "วิธีการดำเนินการ",
  "ผู้รับผิดชอบ",
  "ระยะเวลา",
  "ผลการดำเนินการ",
  "ข้อเสนอแนะ",
] as const;

export interface ProgressForReport {
  /** `YYYY-MM-DD`, the day the work was done: the rounds go by it, not by when it was logged. */
  performedOn: string;
  text: string;
  percent: number;
  status: MeasureStatus;
  /** e-PlanNACC's reason when it cannot be done; the text is `reason` (required for `other`). */
  reasonCode?: CannotDoReason | null;
  reason: string | null;
  suggestion: string | null;
  /** Evidence photos attached to the entry. */
  photos: number;
}

export interface MeasureForReport {
  title: string;
  method: string;
  indicators: readonly number[];
  /** `YYYY-MM` */
  startMonth: string;
  endMonth: string;
  /** Names of the responsible units. */
  units: readonly string[];
  /** The success indicator (ตัวชี้วัดความสำเร็จ), when the measure has one. */
  kpi?: string | null;
  /** Budget and amount spent (baht), when recorded. */
  budget?: number | null;
  spent?: number | null;
  /** Its standing progress entries in the order the work was done (the report keeps those of the round). */
  progress: readonly ProgressForReport[];
}

export interface MeasuresReportInput {
  orgName: string;
  fiscalYear: number;
  period: ReportPeriod;
  timeZone: string;
  /** When the report is made: a round still running is reported as of that day. */
  generatedAt: number;
  measures: readonly MeasureForReport[];
  /** อำเภอ/จังหวัด, the opening, the signers, Thai numerals (default: none set). */
  documents?: DocumentSettings;
}

/** One signature of the report: its role in the document, the signer's name and position. */
export interface ReportSigner extends Signer {
  /** "ผู้รายงาน", "ผู้ตรวจสอบ", "ผู้บริหาร" */
  role: string;
}

export interface MeasuresReportRow {
  number: number;
  /** The title, then the ITA indicators it addresses. */
  title: string[];
  method: string[];
  units: string[];
  /** "ต.ค. 2569 – ก.ย. 2570" */
  duration: string;
  /** One paragraph per progress entry of the round, then the status at the end of the round. */
  results: string[];
  suggestions: string[];
  status: MeasureStatus;
  statusLabel: string;
  percent: number;
  entries: number;
  photos: number;
}

export interface MeasuresReport {
  title: string;
  orgName: string;
  /** "อำเภอเมืองอุบลราชธานี จังหวัดอุบลราชธานี" ("" when neither is set). */
  place: string;
  /** The opening paragraphs before the table (none when not set). */
  opening: string[];
  /** ผู้รายงาน, ผู้ตรวจสอบ (หัวหน้าหน่วยงาน), ผู้บริหาร: always all three, blank to be written by hand. */
  signers: ReportSigner[];
  /** Write every numeral in Thai digits (the layouts pass every string through `numeralsOf`). */
  thaiNumerals: boolean;
  fiscalYear: number;
  period: ReportPeriod;
  periodLabel: string;
  /** "ประจำปีงบประมาณ พ.ศ. 2570 รอบ 6 เดือน (1 ตุลาคม 2569 – 31 มีนาคม 2570)" */
  subtitle: string;
  columns: readonly string[];
  rows: MeasuresReportRow[];
  /** The day the statuses are taken at: the round's last day, or the day of the report while it runs. */
  asOf: IsoDate;
  /** "สรุป: มาตรการทั้งหมด 12 มาตรการ …" */
  summary: string;
  /** "ข้อมูล ณ วันที่ 1 เมษายน 2570" (no product name: the document is the organisation's) */
  footnote: string;
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

const numbered = (items: string[]) =>
  items.length > 1 ? items.map((item, i) => `${i + 1}. ${item}`) : items;

/**
 * Why an entry cannot be done, as e-PlanNACC words it: its reason ("ไม่มีงบประมาณ"), the officer's
 * words after it, or for "อื่น ๆ" the words alone ("อื่น ๆ (…)"). Undefined when neither was given.
 */
export function cannotDoReason(entry: Pick<ProgressForReport, "reasonCode" | "reason">): string | undefined {
  const text = entry.reason?.trim() ?? "";
  if (!entry.reasonCode) return text || undefined;
  const label = CANNOT_DO_REASON_LABELS[entry.reasonCode];
  return text ? `${label} (${text})` : label;
}

/** "50,000" or "12,500.50" baht. */
export function baht(amount: number): string {
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(amount);
}

/** The measure's success indicator and budget, under its method (nothing when it has neither). */
function planLines(measure: MeasureForReport): string[] {
  const result: string[] = [];
  const kpi = measure.kpi?.trim();
  if (kpi) result.push(`ตัวชี้วัดความสำเร็จ: ${kpi}`);
  if (measure.budget === 0) result.push("งบประมาณ: ไม่ใช้งบประมาณ");
  else if (measure.budget != null) result.push(`งบประมาณ: ${baht(measure.budget)} บาท`);
  return result;
}

/** What was spent, after the status (nothing when it was not recorded). */
function spentLine(measure: MeasureForReport): string[] {
  if (measure.spent == null) return [];
  const share =
    measure.budget != null && measure.budget > 0
      ? ` (ร้อยละ ${Math.round((measure.spent / measure.budget) * 1000) / 10} ของงบประมาณ)`
      : "";
  return [`ใช้จ่ายงบประมาณแล้ว ${baht(measure.spent)} บาท${share}`];
}

const SIGNER_ROLES = [
  ["reporter", "ผู้รายงาน"],
  ["checker", "ผู้ตรวจสอบ"],
  ["executive", "ผู้บริหาร"],
] as const;

/** "อำเภอ… จังหวัด…", whether or not the officer typed the words อำเภอ/จังหวัด (or อ./จ.) themselves. */
export function placeLine(documents: Pick<DocumentSettings, "district" | "province">): string {
  const district = documents.district.replace(/^(อำเภอ|อ\.)\s*/, "").trim();
  const province = documents.province.replace(/^(จังหวัด|จ\.)\s*/, "").trim();
  return [district && `อำเภอ${district}`, province && `จังหวัด${province}`].filter(Boolean).join(" ");
}

function entryText(entry: ProgressForReport): string {
  const parts = [
    `เมื่อวันที่ ${thaiLongDate(entry.performedOn)} ${entry.text.trim()}`,
    `(ร้อยละ ${entry.percent} ${MEASURE_STATUS_LABELS[entry.status]})`,
  ];
  const why = entry.status === "cannot_do" ? cannotDoReason(entry) : undefined;
  if (why) parts.push(`เหตุผลที่ไม่สามารถดำเนินการได้: ${why}`);
  if (entry.photos > 0) parts.push(`ภาพประกอบ ${entry.photos} ภาพ`);
  return parts.join(" ");
}

/** The report of a round, from the fiscal year's measures and their progress entries. Pure. */
export function buildMeasuresReport(input: MeasuresReportInput): MeasuresReport {
  const { timeZone } = input;
  const documents = input.documents ?? DEFAULT_DOCUMENT_SETTINGS;
  const range = periodRange(input.fiscalYear, input.period, timeZone);
  const today = localDate(input.generatedAt, timeZone);
  const asOf = earlierDay(today, range.end);
  const lastMonth = range.months.at(-1) ?? range.end.slice(0, 7);
  const counts: Record<MeasureStatus, number> = { not_started: 0, in_progress: 0, done: 0, cannot_do: 0 };

  const rows = input.measures.map((measure, index): MeasuresReportRow => {
    const upToEnd = measure.progress.filter((entry) => entry.performedOn <= range.end);
    const inRound = upToEnd.filter((entry) => entry.performedOn >= range.start);
    const last = upToEnd.at(-1);
    const status: MeasureStatus = last?.status ?? "not_started";
    const percent = last?.percent ?? 0;
    counts[status]++;
    const results = numbered(inRound.map(entryText));
    if (results.length === 0) {
      results.push(
        measure.startMonth > lastMonth
          ? `ยังไม่ถึงระยะเวลาดำเนินการ (เริ่ม ${thaiMonthYear(measure.startMonth)})`
          : "ยังไม่มีการรายงานผลการดำเนินการในรอบนี้",
      );
    }
    const why = status === "cannot_do" && last ? cannotDoReason(last) : undefined;
    results.push(
      `สถานะ ณ วันที่ ${thaiLongDate(asOf)}: ${MEASURE_STATUS_LABELS[status]} (ร้อยละ ${percent})${why ? ` เหตุผล: ${why}` : ""}`,
      ...spentLine(measure),
    );
    const suggestions = numbered([
      ...new Set(inRound.map((entry) => entry.suggestion?.trim() ?? "").filter(Boolean)),
    ]);
    return {
      number: index + 1,
      title: [
        measure.title.trim(),
        ...(measure.indicators.length ? [`(ตัวชี้วัดที่ ${indicatorsText(measure.indicators)})`] : []),
      ],
      method: [...lines(measure.method), ...planLines(measure)],
      units: [...measure.units],
      duration: thaiMonthSpan(measure.startMonth, measure.endMonth),
      results,
      suggestions,
      status,
      statusLabel: MEASURE_STATUS_LABELS[status],
      percent,
      entries: inRound.length,
      photos: inRound.reduce((sum, entry) => sum + entry.photos, 0),
    };
  });

  const summary = [
    `สรุปผล: มาตรการทั้งหมด ${rows.length} มาตรการ`,
    ...(["done", "in_progress", "not_started", "cannot_do"] as const).map(
      (status) => `${MEASURE_STATUS_LABELS[status]} ${counts[status]} มาตรการ`,
    ),
  ].join(" ");

  return {
    title: MEASURES_REPORT_TITLE,
    orgName: input.orgName,
    place: placeLine(documents),
    opening: lines(documents.opening),
    signers: SIGNER_ROLES.map(([key, role]) => ({ role, ...documents[key] })),
    thaiNumerals: documents.thaiNumerals,
    fiscalYear: input.fiscalYear,
    period: input.period,
    periodLabel: PERIOD_LABELS[input.period],
    subtitle: `ประจำปีงบประมาณ พ.ศ. ${input.fiscalYear} ${PERIOD_LABELS[input.period]} (${range.span})`,
    columns: MEASURES_REPORT_COLUMNS,
    rows,
    asOf,
    summary,
    footnote: `ข้อมูล ณ วันที่ ${thaiLongDate(today)}`,
  };
}
