import { Hono } from "hono";
import { z } from "zod";
import {
  findMeasure,
  findMeasurePhoto,
  pageMeasures,
  progressOfMeasures,
  unitsOfMeasures,
} from "../../db/repos/measures.repo";
import { listUnits } from "../../db/repos/units.repo";
import type { Measure } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { codedError } from "../../domain/errors";
import { fiscalYearQuery } from "../../domain/fiscal-year";
import { isoWithOffset } from "../../domain/thai-time";
import { measureJson } from "../../features/measures/measure-json";
import { XLSX_MEDIA_TYPE } from "../../features/xlsx-read";
import { commitPlanned } from "../../services/commit";
import {
  type MeasuresImport,
  planArchiveMeasure,
  planCreateMeasure,
  planImportMeasures,
  planUpdateMeasure,
} from "../../services/measures.service";
import { ADMIN_API_ACTOR } from "../../services/plan";
import { photoResponse } from "../blob-response";
import { errorResponse, parseJson, parseQuery } from "../validation";

const importQuery = z.object({ fiscalYear: fiscalYearQuery.optional() });

const listQuery = z.object({
  fiscalYear: fiscalYearQuery.optional(),
  unitId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, "ต้องเป็นตำแหน่งที่ได้จากหน้าก่อนหน้า")
    .optional(),
});

/** Any JSON object: the measures service checks its fields, every one, in Thai. */
const jsonObject = z.record(z.string(), z.unknown());

/** The media type of a request, without parameters: `text/csv; charset=utf-8` → `text/csv`. */
export const mediaType = (header: string | undefined) =>
  (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

/**
 * Admin API over the integrity measures: create one, import many (CSV or JSON, all or none), list,
 * read one with its progress, and the progress photos. Writes are `services/measures.service.ts`
 * plans, committed with their audit row.
 */
export function measuresAdmin(deps: AppDeps) {
  const app = new Hono();
  const { db } = deps;
  const actor = ADMIN_API_ACTOR;

  async function answer(measures: Measure[]) {
    const ids = measures.map((measure) => measure.id);
    const [links, progress, units] = await Promise.all([
      unitsOfMeasures(db, ids),
      progressOfMeasures(db, ids),
      listUnits(db),
    ]);
    const unitNames = new Map(units.map((unit) => [unit.id, unit.name]));
    return measures.map((measure) =>
      measureJson(deps, measure, {
        unitIds: links.get(measure.id) ?? [],
        unitNames,
        progress: progress.get(measure.id) ?? [],
      }),
    );
  }

  app.post("/measures", async (c) => {
    const body = await parseJson(c, jsonObject);
    if (!body.ok) return body.response;
    const done = await commitPlanned(deps, await planCreateMeasure(deps, body.data, actor), actor);
    if (!done.ok) return errorResponse(c, done.error);
    const [json] = await answer([done.value.measure]);
    return c.json(json, 201);
  });

  /**
   * `text/csv` (UTF-8), an .xlsx (its first sheet) or `application/json` `{"measures": [...]}`; all rows or none. A CSV without a
   * ปีงบประมาณ column takes `?fiscalYear=` (else the year its periods fall in).
   */
  app.post("/measures/import", async (c) => {
    const type = mediaType(c.req.header("content-type"));
    const query = parseQuery(c, importQuery);
    if (!query.ok) return query.response;
    let input: MeasuresImport;
    if (type === "text/csv") {
      input = {
        format: "csv",
        csv: new Uint8Array(await c.req.arrayBuffer()),
        fiscalYear: query.data.fiscalYear,
      };
    } else if (type === XLSX_MEDIA_TYPE) {
      input = {
        format: "xlsx",
        bytes: new Uint8Array(await c.req.arrayBuffer()),
        fiscalYear: query.data.fiscalYear,
      };
    } else if (type === "application/json") {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        const problem = { row: 0, field: "body", message: "ต้องเป็น JSON" };
        return errorResponse(c, codedError("measures.import_invalid", { count: 1 }, "body", [problem]));
      }
      input = { format: "json", body };
    } else {
      return c.json(
        { message: "ส่งมาตรการเป็น text/csv แบบ UTF-8, ไฟล์ Excel ชนิด xlsx หรือ application/json" },
        415,
      );
    }
    const done = await commitPlanned(deps, await planImportMeasures(deps, input, actor), actor);
    return done.ok ? c.json(done.value) : errorResponse(c, done.error);
  });

  app.get("/measures", async (c) => {
    const query = parseQuery(c, listQuery);
    if (!query.ok) return query.response;
    const { fiscalYear, unitId, limit, cursor } = query.data;
    const page = await pageMeasures(db, {
      fiscalYear,
      unitId,
      limit,
      after: cursor ? Number(cursor) : undefined,
    });
    return c.json({ items: await answer(page.measures), nextCursor: page.nextCursor });
  });

  app.get("/measures/:id", async (c) => {
    const measure = await findMeasure(db, c.req.param("id"));
    if (!measure) return errorResponse(c, codedError("measure.not_found"));
    const [json] = await answer([measure]);
    return c.json(json);
  });

  /** Any field of the import; the same rules. 400 naming the field, 404 unknown, 409 archived. */
  app.patch("/measures/:id", async (c) => {
    const body = await parseJson(c, jsonObject);
    if (!body.ok) return body.response;
    const done = await commitPlanned(
      deps,
      await planUpdateMeasure(deps, { id: c.req.param("id"), changes: body.data }, actor),
      actor,
    );
    if (!done.ok) return errorResponse(c, done.error);
    const [json] = await answer([done.value.measure]);
    return c.json(json);
  });

  /** Archives: gone from lists, chat and reports, kept for audit. */
  app.delete("/measures/:id", async (c) => {
    const done = await commitPlanned(
      deps,
      await planArchiveMeasure(deps, { id: c.req.param("id") }, actor),
      actor,
    );
    if (!done.ok) return errorResponse(c, done.error);
    return c.json({
      id: done.value.id,
      archivedAt: isoWithOffset(done.value.archivedAt, deps.config.timeZone),
    });
  });

  app.get("/measure-photos/:id", async (c) =>
    photoResponse(c, deps, (await findMeasurePhoto(db, c.req.param("id")))?.blobKey),
  );

  return app;
}
