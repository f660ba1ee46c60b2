import { Hono } from "hono";
import { z } from "zod";
import { atomic } from "../../db/client";
import { auditStatement } from "../../db/repos/audit.repo";
import {
  findItaResult,
  findMeasureTemplate,
  insertMeasureTemplate,
  listMeasureTemplates,
  updateMeasureTemplate,
} from "../../db/repos/ita.repo";
import type { MeasureTemplate } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { ITA_INDICATOR_NAMES } from "../../domain/ita-catalogue";
import { adoptSuggestions, analyseStored, storeItaResult } from "../../features/ita/ita.feature";
import { itaResultFromCsv } from "../../features/ita/ita-import";
import { FISCAL_YEAR_MESSAGE, itaResultBody, itaResultJson } from "../../features/ita/ita-result";
import { METHOD_MAX, TITLE_MAX } from "../../features/measures/measure-import";
import { badRequest, parseJson, parseQuery } from "../validation";

const fiscalYear = z.coerce
  .number({ error: FISCAL_YEAR_MESSAGE })
  .int(FISCAL_YEAR_MESSAGE)
  .min(2500, FISCAL_YEAR_MESSAGE)
  .max(2700, FISCAL_YEAR_MESSAGE);
const indicator = z
  .number({ error: "must be an indicator number 1–10" })
  .int("must be an indicator number 1–10")
  .min(1, "must be an indicator number 1–10")
  .max(10, "must be an indicator number 1–10");

const templateFields = {
  title: z.string().trim().min(1, "must not be empty").max(TITLE_MAX),
  method: z.string().trim().min(1, "must not be empty").max(METHOD_MAX),
  unitName: z
    .string()
    .trim()
    .max(200)
    .nullable()
    .transform((value) => (value === "" ? null : value)),
  sortOrder: z.number().int().min(0).max(100000),
  active: z.boolean(),
};
const templateBody = z.object({
  indicator,
  title: templateFields.title,
  method: templateFields.method,
  unitName: templateFields.unitName.optional().transform((value) => value ?? null),
  sortOrder: templateFields.sortOrder.optional(),
  active: templateFields.active.default(true),
});
const templatePatch = z
  .strictObject(templateFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "must change at least one field");

const templateQuery = z.object({
  indicator: z.coerce.number().pipe(indicator).optional(),
  active: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,6}$/, "must be a cursor from a previous page")
    .optional(),
});

const adoptBody = z.object({
  templateIds: z
    .array(z.string().min(1).max(100), { error: "must be an array of template ids" })
    .min(1, "must hold at least one template id (or leave it out: every suggested template)")
    .max(200)
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

/** The media type of a request, without parameters: `text/csv; charset=utf-8` → `text/csv`. */
const mediaType = (header: string | undefined) => (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

/**
 * Admin API over ITA results and the measure templates: a year's result (JSON or CSV, stored or
 * replaced), the result and its analysis, adopting the suggestions as next year's measures, and
 * the templates catalogue. Every write is audited in the same `atomic`.
 */
export function itaAdmin(deps: AppDeps) {
  const app = new Hono();
  const { db, orgId } = deps;
  const { timeZone } = deps.config;

  /** `:fiscalYear` as a B.E. fiscal year; undefined when it is not one. */
  function yearParam(value: string | undefined) {
    const parsed = fiscalYear.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }

  app.post("/ita-results", async (c) => {
    const body = await parseJson(c, itaResultBody);
    if (!body.ok) return body.response;
    const { replaced, result } = await storeItaResult(deps, body.data, "ita-result.save");
    return c.json(itaResultJson(result, timeZone), replaced ? 200 : 201);
  });

  /** `text/csv` (UTF-8) laid out as in ita-import.ts; all rows or none. */
  app.post("/ita-results/import", async (c) => {
    const refuse = (errors: Array<{ row: number; field: string; message: string }>) =>
      c.json({ message: `nothing was stored: ${errors.length} problem(s), every row listed`, errors }, 400);
    const year = fiscalYear.safeParse(c.req.query("fiscalYear"));
    if (!year.success) {
      return refuse([
        { row: 0, field: "fiscalYear", message: year.error.issues[0]?.message ?? FISCAL_YEAR_MESSAGE },
      ]);
    }
    if (mediaType(c.req.header("content-type")) !== "text/csv") {
      return c.json({ message: "send the scores as text/csv (UTF-8)" }, 415);
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await c.req.arrayBuffer());
    } catch {
      return refuse([
        { row: 0, field: "file", message: "must be UTF-8 text: in Excel, save as “CSV UTF-8”" },
      ]);
    }
    const parsed = itaResultFromCsv(text, year.data);
    if (!parsed.ok) return refuse(parsed.errors);
    const { replaced, result } = await storeItaResult(deps, parsed.result, "ita-result.import");
    return c.json(itaResultJson(result, timeZone), replaced ? 200 : 201);
  });

  app.get("/ita-results/:fiscalYear", async (c) => {
    const year = yearParam(c.req.param("fiscalYear"));
    if (year === undefined) return badRequest(c, [{ field: "fiscalYear", message: FISCAL_YEAR_MESSAGE }]);
    const result = await findItaResult(db, orgId, year);
    if (!result) return c.json({ message: `no ITA result recorded for ${year}` }, 404);
    return c.json(itaResultJson(result, timeZone));
  });

  app.get("/ita-results/:fiscalYear/analysis", async (c) => {
    const year = yearParam(c.req.param("fiscalYear"));
    if (year === undefined) return badRequest(c, [{ field: "fiscalYear", message: FISCAL_YEAR_MESSAGE }]);
    const result = await findItaResult(db, orgId, year);
    if (!result) return c.json({ message: `no ITA result recorded for ${year}` }, 404);
    return c.json(await analyseStored(deps, result));
  });

  /** `{templateIds?}`: next year's measures from the templates (default: every suggested one). */
  app.post("/ita-results/:fiscalYear/adopt", async (c) => {
    const year = yearParam(c.req.param("fiscalYear"));
    if (year === undefined) return badRequest(c, [{ field: "fiscalYear", message: FISCAL_YEAR_MESSAGE }]);
    let json: unknown = {};
    const raw = await c.req.text();
    if (raw.trim() !== "") {
      try {
        json = JSON.parse(raw);
      } catch {
        return badRequest(c, [{ field: "body", message: "must be JSON" }]);
      }
    }
    const body = adoptBody.safeParse(json);
    if (!body.success) {
      return badRequest(
        c,
        body.error.issues.map((issue) => ({ field: issue.path.join(".") || "body", message: issue.message })),
      );
    }
    const outcome = await adoptSuggestions(deps, year, body.data.templateIds);
    if (!outcome.ok) {
      return outcome.status === 400
        ? badRequest(c, outcome.errors)
        : c.json({ message: outcome.message }, outcome.status);
    }
    return c.json(
      {
        fiscalYear: outcome.fiscalYear,
        created: outcome.created.length,
        measures: outcome.created,
        skipped: outcome.skipped,
      },
      outcome.created.length > 0 ? 201 : 200,
    );
  });

  app.get("/measure-templates", async (c) => {
    const query = parseQuery(c, templateQuery);
    if (!query.ok) return query.response;
    const { limit, cursor } = query.data;
    const all = await listMeasureTemplates(db, orgId, {
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
    const body = await parseJson(c, templateBody);
    if (!body.ok) return body.response;
    const now = deps.clock.now();
    const sortOrder =
      body.data.sortOrder ??
      Math.max(
        0,
        ...(await listMeasureTemplates(db, orgId, { indicators: [body.data.indicator] })).map(
          (t) => t.sortOrder,
        ),
      ) + 10;
    const template: MeasureTemplate = { id: deps.ids.uuid(), orgId, ...body.data, sortOrder, createdAt: now };
    await atomic(db, [
      insertMeasureTemplate(db, template),
      auditStatement(db, {
        orgId,
        at: now,
        actor: "admin-api",
        action: "measure-template.create",
        subject: template.id,
        detail: { indicator: template.indicator, title: template.title },
      }),
    ]);
    return c.json(templateJson(template), 201);
  });

  app.patch("/measure-templates/:id", async (c) => {
    const id = c.req.param("id");
    const body = await parseJson(c, templatePatch);
    if (!body.ok) return body.response;
    if (!(await findMeasureTemplate(db, orgId, id))) return c.json({ message: "template not found" }, 404);
    const now = deps.clock.now();
    await atomic(db, [
      updateMeasureTemplate(db, orgId, id, body.data),
      auditStatement(db, {
        orgId,
        at: now,
        actor: "admin-api",
        action: "measure-template.update",
        subject: id,
        detail: body.data,
      }),
    ]);
    const template = await findMeasureTemplate(db, orgId, id);
    if (!template) return c.json({ message: "template not found" }, 404);
    return c.json(templateJson(template));
  });

  return app;
}
