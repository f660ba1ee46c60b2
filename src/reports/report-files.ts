/**
 * The report files the OIT checklist asks for, built from what was logged: one entry point for the
 * admin API and for download links sent in chat. Queries here; layout in the pure builders beside.
 */
import { holidaySet } from "../db/repos/holidays.repo";
import { findItaResult } from "../db/repos/ita.repo";
import {
  complaintsOfYear,
  measuresOfYear,
  photosOfRound,
  progressOfYear,
  statusHistoryOfYear,
  unitNamesOfYear,
} from "../db/repos/reports.repo";
import type { AppDeps } from "../deps";
import type { ComplaintStatus } from "../domain/complaints";
import { codedError } from "../domain/errors";
import { addDays, fiscalYearRange, localDate } from "../domain/thai-time";
import { eitSummary } from "../features/eit/eit-summary";
import { analyseStored } from "../features/ita/ita.feature";
import { itaResultJson } from "../features/ita/ita-result";
import { type DocumentSettings, documentSettings } from "../features/reports/document-settings";
import { complaintsChartSvg, SVG_CONTENT_TYPE } from "./chart";
import { type ComplaintFact, type ComplaintStats, complaintStats } from "./complaint-stats";
import { complaintsXlsx } from "./complaints-xlsx";
import { eitXlsx } from "./eit-xlsx";
import { imageSize } from "./image-size";
import { buildItaAnalysisDocument, type ItaAnalysisDocument } from "./ita-analysis";
import { itaAnalysisDocx } from "./ita-analysis-docx";
import {
  DOCX_CONTENT_TYPE,
  type MeasurePhotos,
  measuresDocx,
  PHOTOS_PER_MEASURE,
  type ReportPhoto,
} from "./measures-docx";
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
  "ita-analysis.docx",
  "measures-plan.docx",
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportRequest {
  kind: ReportKind;
  /** B.E. fiscal year, e.g. 2570. */
  fiscalYear: number;
  /** The measures report's round (default `year`); the other reports cover the whole year. */
  period?: ReportPeriod;
  /** The measures .docx with its appendix of evidence photos (a few per measure). */
  photos?: boolean;
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
  documents?: DocumentSettings,
): Promise<MeasuresReport> {
  const { db } = deps;
  const settings = documents ?? (await documentSettings(deps));
  const range = periodRange(fiscalYear, period, deps.config.timeZone);
  const [measures, unitNames, progress] = await Promise.all([
    measuresOfYear(db, fiscalYear),
    unitNamesOfYear(db, fiscalYear),
    progressOfYear(db, fiscalYear, range.end),
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
    documents: settings,
    measures: measures.map((measure) => ({
      title: measure.title,
      method: measure.method,
      indicators: measure.indicators,
      startMonth: measure.startMonth,
      endMonth: measure.endMonth,
      // As the organisation wrote them (`ทุกส่วนราชการ`), not six lines of unit names.
      units: measure.unitsLabel ? [measure.unitsLabel] : (unitNames.get(measure.id) ?? []),
      kpi: measure.kpi,
      budget: measure.budget,
      spent: measure.spent,
      progress: byMeasure.get(measure.id) ?? [],
    })),
  });
}

/**
 * The appendix of a round's evidence photos: up to `PHOTOS_PER_MEASURE` per measure from the blob
 * store, in the order the work was done; a photo gone from the store, or not a JPEG or PNG, is left out.
 */
export async function loadReportPhotos(
  deps: AppDeps,
  fiscalYear: number,
  period: ReportPeriod,
): Promise<MeasurePhotos[]> {
  const { db } = deps;
  const range = periodRange(fiscalYear, period, deps.config.timeZone);
  const [measures, rows] = await Promise.all([
    measuresOfYear(db, fiscalYear),
    photosOfRound(db, fiscalYear, range.start, range.end, PHOTOS_PER_MEASURE),
  ]);
  const byMeasure = new Map<string, ReportPhoto[]>();
  for (const row of rows) {
    const blob = await deps.blobs.get(row.blobKey);
    const size = blob ? imageSize(blob.bytes) : undefined;
    if (!blob || !size) continue;
    const list = byMeasure.get(row.measureId) ?? [];
    list.push({ bytes: blob.bytes, ...size, performedOn: row.performedOn });
    byMeasure.set(row.measureId, list);
  }
  return measures.flatMap((measure, index) => {
    const photos = byMeasure.get(measure.id);
    return photos ? [{ number: index + 1, title: measure.title.trim(), photos }] : [];
  });
}

/** The measures plan of a fiscal year (its measures as announced, archived ones left out), from the database. */
export async function loadMeasuresPlan(deps: AppDeps, fiscalYear: number): Promise<MeasuresPlan> {
  const { db } = deps;
  const [measures, unitNames, settings] = await Promise.all([
    measuresOfYear(db, fiscalYear),
    unitNamesOfYear(db, fiscalYear),
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
  const { db } = deps;
  const { timeZone } = deps.config;
  const range = fiscalYearRange(fiscalYear);
  const today = localDate(deps.clock.now(), timeZone);
  const [rows, history, holidays] = await Promise.all([
    complaintsOfYear(db, fiscalYear),
    statusHistoryOfYear(db, fiscalYear),
    holidaySet(db, addDays(range.start, -1), addDays(range.end, 1)),
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

/**
 * The analysis document of a fiscal year's ITA result, worded with the organisation's place and
 * numerals; a coded 404 (`ita.result_not_found`) when no result is recorded for that year.
 */
export async function loadItaAnalysisDocument(
  deps: AppDeps,
  fiscalYear: number,
): Promise<ItaAnalysisDocument> {
  const result = await findItaResult(deps.db, fiscalYear);
  if (!result) throw codedError("ita.result_not_found", { fiscalYear });
  const [analysis, settings] = await Promise.all([analyseStored(deps, result), documentSettings(deps)]);
  const json = itaResultJson(result, deps.config.timeZone);
  return buildItaAnalysisDocument({
    orgName: deps.config.orgName,
    place: placeLine(settings.district, settings.province),
    analysis,
    indicators: json.indicators,
    items: json.items,
    numerals: numeralsOf(settings.thaiNumerals),
    thaiNumerals: settings.thaiNumerals,
    preparer: settings.reporter,
  });
}

/** `อำเภอกุดรัง จังหวัดมหาสารคาม` from the settings' district and province, written either way. */
export function placeLine(district: string, province: string): string {
  const part = (value: string, prefixes: readonly string[], prefix: string) => {
    const text = value.trim();
    if (!text) return "";
    return prefixes.some((p) => text.startsWith(p)) ? text : `${prefix}${text}`;
  };
  return [part(district, ["อำเภอ", "เขต", "อ."], "อำเภอ"), part(province, ["จังหวัด", "จ.", "กรุงเทพ"], "จังหวัด")]
    .filter(Boolean)
    .join(" ");
}

const PERIOD_ASCII: Record<ReportPeriod, string> = { h1: "h1", year: "year" };

/** Build one report file. */
export async function buildReportFile(deps: AppDeps, request: ReportRequest): Promise<ReportFile> {
  const { fiscalYear } = request;
  const orgName = deps.config.orgName;
  const documents = await documentSettings(deps);
  const { thaiNumerals } = documents;
  switch (request.kind) {
    case "measures.docx":
    case "measures.xlsx": {
      const period = request.period ?? "year";
      const report = await loadMeasuresReport(deps, fiscalYear, period, documents);
      const docx = request.kind === "measures.docx";
      const extension = docx ? "docx" : "xlsx";
      const photos = docx && request.photos ? await loadReportPhotos(deps, fiscalYear, period) : [];
      return {
        bytes: docx ? await measuresDocx(report, { photos }) : await measuresXlsx(report),
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
        bytes: await complaintsXlsx({
          orgName,
          stats: await loadComplaintStats(deps, fiscalYear),
          thaiNumerals,
        }),
        contentType: XLSX_CONTENT_TYPE,
        filename: `สถิติเรื่องร้องเรียน ปีงบประมาณ ${fiscalYear}.xlsx`,
        asciiFilename: `complaint-statistics-${fiscalYear}.xlsx`,
      };
    case "complaints-chart.svg":
      return {
        bytes: new TextEncoder().encode(
          complaintsChartSvg({ orgName, stats: await loadComplaintStats(deps, fiscalYear), thaiNumerals }),
        ),
        contentType: `${SVG_CONTENT_TYPE}; charset=utf-8`,
        filename: `กราฟเรื่องร้องเรียนรายเดือน ปีงบประมาณ ${fiscalYear}.svg`,
        asciiFilename: `complaints-chart-${fiscalYear}.svg`,
      };
    case "ita-analysis.docx":
      return {
        bytes: await itaAnalysisDocx(await loadItaAnalysisDocument(deps, fiscalYear)),
        contentType: DOCX_CONTENT_TYPE,
        filename: `รายงานการวิเคราะห์ผลการประเมิน ITA ปีงบประมาณ ${fiscalYear}.docx`,
        asciiFilename: `ita-analysis-${fiscalYear}.docx`,
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
          thaiNumerals,
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
