import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import { fiscalYearQuery } from "../../domain/fiscal-year";
import { fiscalYearOf } from "../../domain/thai-time";
import { REPORT_PERIODS } from "../../reports/periods";
import type { ReportKind } from "../../reports/report-files";
import { parseQuery } from "../validation";

const fiscalYear = fiscalYearQuery.optional();

const yearQuery = z.object({ fiscalYear });
const roundQuery = z.object({
  fiscalYear,
  period: z
    .enum(REPORT_PERIODS, { error: "ต้องเป็น h1 (รอบ 6 เดือน 1 ต.ค. – 31 มี.ค.) หรือ year (รอบ 12 เดือน)" })
    .default("year"),
});

/**
 * The reports the OIT checklist asks an organisation to publish, as files to download: the measures
 * report (.docx, .xlsx) of the six-month (`period=h1`) or twelve-month (`year`) round, the complaint
 * statistics (.xlsx) with their monthly chart (.svg), the EIT pulse summary (.xlsx), and the measures
 * plan as announced at the start of the year (`measures-plan.docx`). `fiscalYear`
 * defaults to the current one. The builders and their libraries load on the first request.
 */
export function reportsAdmin(deps: AppDeps) {
  const app = new Hono();

  async function send(kind: ReportKind, request: { fiscalYear?: number; period?: "h1" | "year" }) {
    const { buildReportFile, contentDisposition } = await import("../../reports/report-files");
    const file = await buildReportFile(deps, {
      kind,
      fiscalYear: request.fiscalYear ?? fiscalYearOf(deps.clock.now(), deps.config.timeZone),
      period: request.period,
    });
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

  for (const kind of ["measures.docx", "measures.xlsx"] as const) {
    app.get(`/reports/${kind}`, async (c) => {
      const query = parseQuery(c, roundQuery);
      return query.ok ? send(kind, query.data) : query.response;
    });
  }
  for (const kind of ["complaints.xlsx", "complaints-chart.svg", "eit.xlsx", "measures-plan.docx"] as const) {
    app.get(`/reports/${kind}`, async (c) => {
      const query = parseQuery(c, yearQuery);
      return query.ok ? send(kind, query.data) : query.response;
    });
  }
  return app;
}
