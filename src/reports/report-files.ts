/**
 * The report files the OIT checklist asks for, built from what was logged: one entry point for the
 * admin API and for download links sent in chat. Queries here; layout in the pure builders beside.
 */
import { holidaySet } from "../db/repos/holidays.repo";
import {
  complaintsOfYear,
  measuresOfYear,
  progressOfYear,
  statusHistoryOfYear,
  unitNamesOfYear,
} from "../db/repos/reports.repo";
import type { AppDeps } from "../deps";
import type { ComplaintStatus } from "../domain/complaints";
import { addDays, fiscalYearRange, localDate } from "../domain/thai-time";
import { eitSummary } from "../features/eit/eit-summary";
import { documentSettings } from "../features/reports/document-settings";
import { complaintsChartSvg, SVG_CONTENT_TYPE } from "./chart";
import { type ComplaintFact, type ComplaintStats, complaintStats } from "./complaint-stats";
import { complaintsXlsx } from "./complaints-xlsx";
import { eitXlsx } from "./eit-xlsx";
import { DOCX_CONTENT_TYPE, measuresDocx } from "./measures-docx";
import { buildMeasuresPlan, type MeasuresPlan } from "./measures-plan";
import { measuresPlanDocx } from "./measures-plan-docx";
import { buildMeasuresReport, type MeasuresReport } from "./measures-report";
import { measuresXlsx } from "./measures-xlsx";
import { numeralsOf } from "./numerals";
import { earlierDay, PERIOD_LABELS, periodRange, type ReportPeriod } from "./periods";
import { XLSX_CONTENT_TYPE } from "./xlsx";

export const REPORT_KINDS = [
  "measures.docx",
  "measures.xlsx",
  "complaints.xlsx",
  "complaints-chart.svg",
  "eit.xlsx",
  "measures-plan.docx",
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportRequest {
  kind: ReportKind;
  /** B.E. fiscal year, e.g. 2570. */
  fiscalYear: number;
  /** The measures report's round (default `year`); the other reports cover the whole year. */
  period?: ReportPeriod;
}

export interface ReportFile {
  bytes: Uint8Array;
  contentType: string;
  /** Thai, as officers keep it: "รายงานผลการดำเนินการตามมาตรการ ปีงบประมาณ 2570 รอบ 6 เดือน.docx" */
  filename: string;
  /** ASCII, for clients that ignore `filename*`: "measures-report-2570-h1.docx" */
  asciiFilename: string;
}

/** The measures report of a round, from the database. */
export async function loadMeasuresReport(
  deps: AppDeps,
  fiscalYear: number,
  period: ReportPeriod,
): Promise<MeasuresReport> {
  const { db, orgId } = deps;
  const range = periodRange(fiscalYear, period, deps.config.timeZone);
  const [measures, unitNames, progress] = await Promise.all([
    measuresOfYear(db, orgId, fiscalYear),
    unitNamesOfYear(db, orgId, fiscalYear),
    progressOfYear(db, orgId, fiscalYear, range.end),
  ]);
  const byMeasure = new Map<string, typeof progress>();
  for (const entry of progress) {
    const list = byMeasure.get(entry.measureId);
    if (list) list.push(entry);
    else byMeasure.set(entry.measureId, [entry]);
  }
  return buildMeasuresReport({
    orgName: deps.config.orgName,
    fiscalYear,
    period,
    timeZone: deps.config.timeZone,
    generatedAt: deps.clock.now(),
    measures: measures.map((measure) => ({
      title: measure.title,
      method: measure.method,
      indicators: measure.indicators,
      startMonth: measure.startMonth,
      endMonth: measure.endMonth,
      units: unitNames.get(measure.id) ?? [],
      progress: byMeasure.get(measure.id) ?? [],
    })),
  });
}

/** The measures plan of a fiscal year (its measures as announced, archived ones left out), from the database. */
export async function loadMeasuresPlan(deps: AppDeps, fiscalYear: number): Promise<MeasuresPlan> {
  const { db, orgId } = deps;
  const [measures, unitNames, settings] = await Promise.all([
    measuresOfYear(db, orgId, fiscalYear),
    unitNamesOfYear(db, orgId, fiscalYear),
    documentSettings(deps),
  ]);
  return buildMeasuresPlan({
    orgName: deps.config.orgName,
    district: settings.district,
    province: settings.province,
    fiscalYear,
    executive: settings.executive,
    announcedOn: localDate(deps.clock.now(), deps.config.timeZone),
    numerals: numeralsOf(settings.thaiNumerals),
    thaiNumerals: settings.thaiNumerals,
    measures: measures.map((measure) => ({
      title: measure.title,
      analysis: measure.analysis,
      method: measure.method,
      startMonth: measure.startMonth,
      endMonth: measure.endMonth,
      units: unitNames.get(measure.id) ?? [],
      unitsLabel: measure.unitsLabel,
      indicators: measure.indicators,
      kpi: measure.kpi,
      budget: measure.budget,
    })),
  });
}

/** A fiscal year's complaint statistics: each period's statuses as at its last day (or today while it runs). */
export async function loadComplaintStats(deps: AppDeps, fiscalYear: number): Promise<ComplaintStats> {
  const { db, orgId } = deps;
  const { timeZone } = deps.config;
  const range = fiscalYearRange(fiscalYear);
  const today = localDate(deps.clock.now(), timeZone);
  const [rows, history, holidays] = await Promise.all([
    complaintsOfYear(db, orgId, fiscalYear),
    statusHistoryOfYear(db, orgId, fiscalYear),
    holidaySet(db, orgId, addDays(range.start, -1), addDays(range.end, 1)),
  ]);
  const changes = new Map<number, Array<{ status: ComplaintStatus; at: number }>>();
  for (const entry of history) {
    const list = changes.get(entry.complaintId);
    if (list) list.push(entry);
    else changes.set(entry.complaintId, [entry]);
  }
  const complaints: ComplaintFact[] = rows.map((row) => ({
    trackingCode: row.trackingCode,
    track: row.track,
    category: row.category,
    unit: row.unit,
    createdAt: row.createdAt,
    dueDate: row.dueDate,
    history: changes.get(row.id) ?? [],
    confirmation:
      row.fixedConfirmedAt !== null
        ? { kind: "fixed" as const, at: row.fixedConfirmedAt }
        : row.unconfirmedAt !== null
          ? { kind: "unconfirmed" as const, at: row.unconfirmedAt }
          : null,
  }));
  return complaintStats({ fiscalYear, timeZone, holidays, today, complaints });
}

const PERIOD_ASCII: Record<ReportPeriod, string> = { h1: "h1", year: "year" };

/** Build one report file. */
export async function buildReportFile(deps: AppDeps, request: ReportRequest): Promise<ReportFile> {
  const { fiscalYear } = request;
  const orgName = deps.config.orgName;
  switch (request.kind) {
    case "measures.docx":
    case "measures.xlsx": {
      const period = request.period ?? "year";
      const report = await loadMeasuresReport(deps, fiscalYear, period);
      const docx = request.kind === "measures.docx";
      const extension = docx ? "docx" : "xlsx";
      return {
        bytes: docx ? await measuresDocx(report) : await measuresXlsx(report),
        contentType: docx ? DOCX_CONTENT_TYPE : XLSX_CONTENT_TYPE,
        filename: `รายงานผลการดำเนินการตามมาตรการ ปีงบประมาณ ${fiscalYear} ${PERIOD_LABELS[period]}.${extension}`,
        asciiFilename: `measures-report-${fiscalYear}-${PERIOD_ASCII[period]}.${extension}`,
      };
    }
    case "measures-plan.docx":
      return {
        bytes: await measuresPlanDocx(await loadMeasuresPlan(deps, fiscalYear)),
        contentType: DOCX_CONTENT_TYPE,
        filename: `มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ปีงบประมาณ ${fiscalYear}.docx`,
        asciiFilename: `measures-plan-${fiscalYear}.docx`,
      };
    case "complaints.xlsx":
      return {
        bytes: await complaintsXlsx({ orgName, stats: await loadComplaintStats(deps, fiscalYear) }),
        contentType: XLSX_CONTENT_TYPE,
        filename: `สถิติเรื่องร้องเรียน ปีงบประมาณ ${fiscalYear}.xlsx`,
        asciiFilename: `complaint-statistics-${fiscalYear}.xlsx`,
      };
    case "complaints-chart.svg":
      return {
        bytes: new TextEncoder().encode(
          complaintsChartSvg({ orgName, stats: await loadComplaintStats(deps, fiscalYear) }),
        ),
        contentType: `${SVG_CONTENT_TYPE}; charset=utf-8`,
        filename: `กราฟเรื่องร้องเรียนรายเดือน ปีงบประมาณ ${fiscalYear}.svg`,
        asciiFilename: `complaints-chart-${fiscalYear}.svg`,
      };
    case "eit.xlsx": {
      const summary = await eitSummary(deps, fiscalYear);
      const range = fiscalYearRange(fiscalYear);
      const today = localDate(deps.clock.now(), deps.config.timeZone);
      return {
        bytes: await eitXlsx({
          orgName,
          fiscalYear,
          asOf: earlierDay(today, range.end),
          respondents: summary.respondents,
          sampleTarget: summary.drive.sampleTarget,
          invited: summary.drive.invited,
          serviceUsers: summary.drive.serviceUsers,
          indicators: summary.indicators,
          items: summary.items,
        }),
        contentType: XLSX_CONTENT_TYPE,
        filename: `สรุปผล EIT ปีงบประมาณ ${fiscalYear}.xlsx`,
        asciiFilename: `eit-summary-${fiscalYear}.xlsx`,
      };
    }
  }
}

/** `attachment` with the ASCII name and the Thai one (RFC 6266 / RFC 8187). */
export function contentDisposition(file: Pick<ReportFile, "filename" | "asciiFilename">): string {
  const encoded = encodeURIComponent(file.filename).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const ascii = file.asciiFilename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
