import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import { isCodedError } from "../../domain/errors";
import { fiscalYearQuery } from "../../domain/fiscal-year";
import { fiscalYearOf } from "../../domain/thai-time";
import { REPORT_PERIODS } from "../../reports/periods";
import type { ReportFile, ReportKind } from "../../reports/report-files";
import { errorResponse, parseQuery } from "../validation";

const fiscalYear = fiscalYearQuery.optional();

const yearQuery = z.object({ fiscalYear });
const roundQuery = z.object({
  fiscalYear,
  period: z
    .enum(REPORT_PERIODS, { error: "ต้องเป็น h1 (รอบ 6 เดือน 1 ต.ค. – 31 มี.ค.) หรือ year (รอบ 12 เดือน)" })
    .default("year"),
});
/** `photos=1`: the measures .docx (alone or in the OIT zip) with its appendix of evidence photos. */
const photosFlag = z
  .enum(["0", "1"], { error: "ต้องเป็น 1 (แนบภาพประกอบ) หรือ 0 (ไม่แนบ)" })
  .optional()
  .transform((value) => value === "1");
const docxQuery = roundQuery.extend({ photos: photosFlag });

/**
 * The reports the OIT checklist asks an organisation to publish, as files to download: the measures
 * report (.docx, .xlsx) of the six-month (`period=h1`) or twelve-month (`year`) round, the complaint
 * statistics (.xlsx) with their monthly chart (.svg), the EIT pulse summary (.xlsx), the measures
 * plan as announced at the start of the year (`measures-plan.docx`), the ITA analysis; all of a
 * round's documents at once, named after that year's OIT items (`oit.zip`). `fiscalYear` defaults to
 * the current one. The builders and their libraries load on the first request.
 */
export function reportsAdmin(deps: AppDeps) {
  const app = new Hono();

  type Asked = { fiscalYear?: number; period?: "h1" | "year"; photos?: boolean };
  const yearOf = (request: Asked) =>
    request.fiscalYear ?? fiscalYearOf(deps.clock.now(), deps.config.timeZone);

  async function send(kind: ReportKind | "oit.zip", request: Asked) {
    const { buildReportFile, contentDisposition } = await import("../../reports/report-files");
    let file: ReportFile;
    if (kind === "oit.zip") {
      const { buildOitZip } = await import("../../reports/oit-zip");
      file = await buildOitZip(deps, {
        fiscalYear: yearOf(request),
        period: request.period ?? "year",
        photos: request.photos,
      });
    } else {
      file = await buildReportFile(deps, { kind, fiscalYear: yearOf(request), ...request });
    }
    // Never a SharedArrayBuffer: the builders make fresh bytes.
    return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        "content-type": file.contentType,
        "content-disposition": contentDisposition(file),
        "content-length": String(file.bytes.byteLength),
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      },
    });
  }

  for (const kind of ["measures.docx", "oit.zip"] as const) {
    app.get(`/reports/${kind}`, async (c) => {
      const query = parseQuery(c, docxQuery);
      return query.ok ? send(kind, query.data) : query.response;
    });
  }
  app.get("/reports/measures.xlsx", async (c) => {
    const query = parseQuery(c, roundQuery);
    return query.ok ? send("measures.xlsx", query.data) : query.response;
  });
  for (const kind of ["complaints.xlsx", "complaints-chart.svg", "eit.xlsx", "measures-plan.docx"] as const) {
    app.get(`/reports/${kind}`, async (c) => {
      const query = parseQuery(c, yearQuery);
      return query.ok ? send(kind, query.data) : query.response;
    });
  }
  /** The analysis of the year's ITA result; 404 in Thai when none is recorded. */
  app.get("/reports/ita-analysis.docx", async (c) => {
    const query = parseQuery(c, yearQuery);
    if (!query.ok) return query.response;
    try {
      return await send("ita-analysis.docx", query.data);
    } catch (error) {
      if (isCodedError(error)) return errorResponse(c, error);
      throw error;
    }
  });
  return app;
}
