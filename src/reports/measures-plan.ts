/**
 * The measures plan (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน) as plain data: the document
 * an organisation announces at the start of the fiscal year, before any progress, laid out as the
 * seeds 001 and 004 publish it — the title and year, the organisation with its อำเภอ/จังหวัด, one row
 * per measure (number, measure, the analysis when any measure has one, method, period, responsible
 * units as written, ITA indicators, the success indicator and budget when any measure has them), and
 * the executive's signature under "ประกาศ ณ วันที่ …". Every string passes through `numerals`, so a
 * document in Thai digits has no Arabic ones. `measures-plan-docx.ts` only lays it out.
 */
import { ITA_INDICATOR_NAMES } from "../domain/ita-catalogue";
import { type IsoDate, THAI_MONTHS, thaiMonthYear } from "../domain/thai-time";
import type { Numerals } from "./numerals";

export const MEASURES_PLAN_TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน";

/** The plan's columns, in order; `optional` ones appear only when some measure fills them. */
export const PLAN_COLUMNS = [
  { key: "number", title: "ที่", weight: 500 },
  { key: "title", title: "มาตรการ/แนวทาง", weight: 2500 },
  { key: "analysis", title: "ผลการวิเคราะห์", weight: 2700, optional: true },
  { key: "method", title: "ขั้นตอน/วิธีการดำเนินการ", weight: 3000 },
  { key: "period", title: "ระยะเวลาดำเนินการ", weight: 1600 },
  { key: "units", title: "ผู้รับผิดชอบ", weight: 1500 },
  { key: "indicators", title: "ตัวชี้วัด ITA", weight: 1500, optional: true },
  { key: "kpi", title: "ตัวชี้วัดความสำเร็จ", weight: 1800, optional: true },
  { key: "budget", title: "งบประมาณ (บาท)", weight: 1100, optional: true },
] as const;
export type PlanColumnKey = (typeof PLAN_COLUMNS)[number]["key"];

export interface MeasureForPlan {
  title: string;
  analysis: string | null;
  method: string;
  /** `YYYY-MM` */
  startMonth: string;
  endMonth: string;
  /** Names of the responsible units, in the organisation's order. */
  units: readonly string[];
  /** The units as the organisation wrote them (`ทุกส่วนราชการ`), printed instead of the names. */
  unitsLabel: string | null;
  indicators: readonly number[];
  kpi: string | null;
  budget: number | null;
}

export interface Signer {
  name: string;
  position: string;
}

export interface MeasuresPlanInput {
  orgName: string;
  district: string;
  province: string;
  fiscalYear: number;
  measures: readonly MeasureForPlan[];
  executive: Signer;
  /** The day the plan is announced (the document's date line). */
  announcedOn: IsoDate;
  numerals: Numerals;
  /** Whether `numerals` writes Thai digits (the page numbers follow). */
  thaiNumerals: boolean;
}

export interface MeasuresPlanColumn {
  key: PlanColumnKey;
  title: string;
  /** Its share of the table's width, relative to the others. */
  weight: number;
}

export interface MeasuresPlan {
  /** Heading lines, centred: title with the year, the organisation, its อำเภอ/จังหวัด. */
  heading: string[];
  columns: MeasuresPlanColumn[];
  /** One row per measure: each cell's lines, in the columns' order. */
  rows: string[][][];
  /** "ประกาศ ณ วันที่ 3 ธันวาคม พ.ศ. 2569" */
  dateLine: string;
  /** The signature block's lines: the signing line, the name in brackets, the position. */
  signature: string[];
  /** File metadata. */
  documentTitle: string;
  orgName: string;
  thaiNumerals: boolean;
}

/** "3 ธันวาคม พ.ศ. 2569", as announcements date themselves. */
export function announcementDate(day: IsoDate): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return `${date} ${THAI_MONTHS[month - 1]?.[0]} พ.ศ. ${year + 543}`;
}

/**
 * A period as the seeds write it: one month (`ก.ย. 2570`), a span within one year with the year once
 * (`ม.ค. – ก.ย. 2569`), or across years in full (`ต.ค. 2568 – ก.ย. 2569`).
 */
export function planPeriod(startMonth: string, endMonth: string): string {
  if (startMonth === endMonth) return thaiMonthYear(startMonth);
  const start = thaiMonthYear(startMonth);
  const end = thaiMonthYear(endMonth);
  if (startMonth.slice(0, 4) === endMonth.slice(0, 4)) {
    const month = start.replace(/\s*\d{4}$/, "");
    return `${month} – ${end}`;
  }
  return `${start} – ${end}`;
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");

const baht = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function buildMeasuresPlan(input: MeasuresPlanInput): MeasuresPlan {
  const n = input.numerals;
  const { measures } = input;
  const present = (key: PlanColumnKey) => {
    switch (key) {
      case "analysis":
        return measures.some((m) => m.analysis);
      case "indicators":
        return measures.some((m) => m.indicators.length > 0);
      case "kpi":
        return measures.some((m) => m.kpi);
      case "budget":
        return measures.some((m) => m.budget !== null);
      default:
        return true;
    }
  };
  const columns: MeasuresPlanColumn[] = PLAN_COLUMNS.filter((column) => present(column.key)).map(
    ({ key, title, weight }) => ({ key, title: n(title), weight }),
  );
  const cell = (measure: MeasureForPlan, index: number, key: PlanColumnKey): string[] => {
    switch (key) {
      case "number":
        return [`${index + 1}`];
      case "title":
        return lines(measure.title);
      case "analysis":
        return measure.analysis ? lines(measure.analysis) : ["-"];
      case "method":
        return lines(measure.method);
      case "period":
        return [planPeriod(measure.startMonth, measure.endMonth)];
      case "units":
        return measure.unitsLabel ? [measure.unitsLabel] : measure.units.length ? [...measure.units] : ["-"];
      case "indicators":
        return measure.indicators.length
          ? measure.indicators.map((i) =>
              ITA_INDICATOR_NAMES[i] ? `${i}. ${ITA_INDICATOR_NAMES[i]}` : `${i}`,
            )
          : ["-"];
      case "kpi":
        return measure.kpi ? lines(measure.kpi) : ["-"];
      case "budget":
        return [measure.budget === null ? "-" : baht.format(measure.budget)];
    }
  };
  const place = [input.district && `อำเภอ${input.district}`, input.province && `จังหวัด${input.province}`]
    .filter(Boolean)
    .join(" ");
  const heading = [
    `${MEASURES_PLAN_TITLE}`,
    `ประจำปีงบประมาณ พ.ศ. ${input.fiscalYear}`,
    input.orgName,
    ...(place ? [place] : []),
  ];
  const { executive } = input;
  const signature = [
    "(ลงชื่อ).................................................",
    executive.name ? `(${executive.name})` : "(.................................................)",
    executive.position || "ตำแหน่ง.................................................",
  ];
  return {
    heading: heading.map(n),
    columns,
    rows: measures.map((measure, index) => columns.map((column) => cell(measure, index, column.key).map(n))),
    dateLine: n(`ประกาศ ณ วันที่ ${announcementDate(input.announcedOn)}`),
    signature: signature.map(n),
    documentTitle: n(`${MEASURES_PLAN_TITLE} ประจำปีงบประมาณ พ.ศ. ${input.fiscalYear}`),
    orgName: n(input.orgName),
    thaiNumerals: input.thaiNumerals,
  };
}
