import { Hono } from "hono";
import { z } from "zod";
import { findItaResult, listMeasureTemplates } from "../../db/repos/ita.repo";
import type { MeasureTemplate } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { codedError } from "../../domain/errors";
import { fiscalYearQuery } from "../../domain/fiscal-year";
import { ITA_INDICATOR_NAMES } from "../../domain/ita-catalogue";
import { analyseStored } from "../../features/ita/ita.feature";
import { INDICATOR_MESSAGE, itaResultJson } from "../../features/ita/ita-result";
import { commitPlanned } from "../../services/commit";
import {
  adoptSchema,
  itaResultSchema,
  newTemplateSchema,
  planAdoptSuggestions,
  planCreateTemplate,
  planImportItaResult,
  planSaveItaResult,
  planUpdateTemplate,
  type StoredItaResult,
  templatePatchSchema,
} from "../../services/ita.service";
import { ADMIN_API_ACTOR } from "../../services/plan";
import { errorResponse, parseJson, parseQuery } from "../validation";
import { mediaType } from "./measures.admin";

const yearParams = z.object({ fiscalYear: fiscalYearQuery });

const templateQuery = z.object({
  indicator: z.coerce
    .number({ error: INDICATOR_MESSAGE })
    .int(INDICATOR_MESSAGE)
    .min(1, INDICATOR_MESSAGE)
    .max(10, INDICATOR_MESSAGE)
    .optional(),
  active: z.enum(["true", "false"], { error: "ต้องเป็น true หรือ false" }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,6}$/, "ต้องเป็นตำแหน่งที่ได้จากหน้าก่อนหน้า")
    .optional(),
});

const templateJson = (template: MeasureTemplate) => ({
  id: template.id,
  indicator: template.indicator,
  indicatorName: ITA_INDICATOR_NAMES[template.indicator] ?? "",
  title: template.title,
  method: template.method,
  unitName: template.unitName,
  sortOrder: template.sortOrder,
  active: template.active,
});

/**
 * Admin API over ITA results and the measure templates: a year's result (JSON or CSV, stored or
 * replaced), the result and its analysis, adopting the suggestions as next year's measures, and
 * the templates catalogue. Each write is a plan of `services/ita.service.ts`, committed with its
 * audit row.
 */
export function itaAdmin(deps: AppDeps) {
  const app = new Hono();
  const { db } = deps;
  const { timeZone } = deps.config;
  const actor = ADMIN_API_ACTOR;

  /** 201 for a first result of the year, 200 when it replaced one. */
  const stored = (c: Parameters<typeof errorResponse>[0], value: StoredItaResult) =>
    c.json(itaResultJson(value.result, timeZone), value.replaced ? 200 : 201);

  app.post("/ita-results", async (c) => {
    const body = await parseJson(c, itaResultSchema);
    if (!body.ok) return body.response;
    const done = await commitPlanned(deps, await planSaveItaResult(deps, body.data, actor), actor);
    return done.ok ? stored(c, done.value) : errorResponse(c, done.error);
  });

  /** `?fiscalYear=` and a `text/csv` or `text/plain` (UTF-8) body laid out as in ita-import.ts; all rows or none. */
  app.post("/ita-results/import", async (c) => {
    const year = fiscalYearQuery.safeParse(c.req.query("fiscalYear"));
    if (!year.success) {
      const message = year.error.issues[0]?.message ?? "";
      return errorResponse(
        c,
        codedError("ita.import_invalid", { count: 1 }, "fiscalYear", [
          { row: 0, field: "fiscalYear", message },
        ]),
      );
    }
    // The score CSV, or the document's text as pasted (tab-separated tables between paragraphs).
    if (!["text/csv", "text/plain"].includes(mediaType(c.req.header("content-type")) ?? "")) {
      return c.json({ message: "ส่งผลคะแนนเป็น text/csv หรือ text/plain แบบ UTF-8" }, 415);
    }
    const csv = new Uint8Array(await c.req.arrayBuffer());
    const planned = await planImportItaResult(deps, { fiscalYear: year.data, csv }, actor);
    const done = await commitPlanned(deps, planned, actor);
    return done.ok ? stored(c, done.value) : errorResponse(c, done.error);
  });

  app.get("/ita-results/:fiscalYear", async (c) => {
    const params = yearParams.safeParse(c.req.param());
    if (!params.success) return errorResponse(c, fiscalYearRefusal(params.error));
    const result = await findItaResult(db, params.data.fiscalYear);
    if (!result) return errorResponse(c, codedError("ita.result_not_found", params.data));
    return c.json(itaResultJson(result, timeZone));
  });

  app.get("/ita-results/:fiscalYear/analysis", async (c) => {
    const params = yearParams.safeParse(c.req.param());
    if (!params.success) return errorResponse(c, fiscalYearRefusal(params.error));
    const result = await findItaResult(db, params.data.fiscalYear);
    if (!result) return errorResponse(c, codedError("ita.result_not_found", params.data));
    return c.json(await analyseStored(deps, result));
  });

  /** `{templateIds?}` (or no body): next year's measures from the templates (default: every suggested one). */
  app.post("/ita-results/:fiscalYear/adopt", async (c) => {
    const params = yearParams.safeParse(c.req.param());
    if (!params.success) return errorResponse(c, fiscalYearRefusal(params.error));
    let templateIds: string[] | undefined;
    if ((await c.req.text()).trim() !== "") {
      const body = await parseJson(c, adoptSchema);
      if (!body.ok) return body.response;
      templateIds = body.data.templateIds;
    }
    const planned = await planAdoptSuggestions(deps, { ...params.data, templateIds }, actor);
    const done = await commitPlanned(deps, planned, actor);
    if (!done.ok) return errorResponse(c, done.error);
    const { fiscalYear, created, skipped } = done.value;
    return c.json(
      { fiscalYear, created: created.length, measures: created, skipped },
      created.length > 0 ? 201 : 200,
    );
  });

  app.get("/measure-templates", async (c) => {
    const query = parseQuery(c, templateQuery);
    if (!query.ok) return query.response;
    const { limit, cursor } = query.data;
    const all = await listMeasureTemplates(db, {
      indicators: query.data.indicator !== undefined ? [query.data.indicator] : undefined,
      active: query.data.active === undefined ? undefined : query.data.active === "true",
    });
    const offset = cursor ? Number(cursor) : 0;
    const page = all.slice(offset, offset + limit);
    return c.json({
      items: page.map(templateJson),
      nextCursor: offset + limit < all.length ? String(offset + limit) : null,
    });
  });

  app.post("/measure-templates", async (c) => {
    const body = await parseJson(c, newTemplateSchema);
    if (!body.ok) return body.response;
    const done = await commitPlanned(deps, await planCreateTemplate(deps, body.data, actor), actor);
    return done.ok ? c.json(templateJson(done.value), 201) : errorResponse(c, done.error);
  });

  app.patch("/measure-templates/:id", async (c) => {
    const body = await parseJson(c, templatePatchSchema);
    if (!body.ok) return body.response;
    const planned = await planUpdateTemplate(deps, { id: c.req.param("id"), patch: body.data }, actor);
    const done = await commitPlanned(deps, planned, actor);
    return done.ok ? c.json(templateJson(done.value)) : errorResponse(c, done.error);
  });

  return app;
}

/** A malformed `:fiscalYear`: 400 naming the field. */
function fiscalYearRefusal(error: z.ZodError) {
  const message = error.issues[0]?.message ?? "";
  return codedError("request.invalid", {}, "fiscalYear", [{ field: "fiscalYear", message }]);
}
