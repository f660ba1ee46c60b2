import { Hono } from "hono";
import { z } from "zod";
import { atomic } from "../../db/client";
import { auditStatement } from "../../db/repos/audit.repo";
import {
  findMeasure,
  findMeasurePhoto,
  insertMeasures,
  pageMeasures,
  progressOfMeasures,
  unitsOfMeasures,
} from "../../db/repos/measures.repo";
import { listUnits } from "../../db/repos/units.repo";
import type { Measure } from "../../db/schema";
import type { AppDeps } from "../../deps";
import {
  type ImportResult,
  importFromCsv,
  importFromJson,
  type MeasureFields,
  measureFromJson,
  type UnitRef,
} from "../../features/measures/measure-import";
import { measureJson } from "../../features/measures/measure-json";
import { photoResponse } from "../blob-response";
import { badRequest, parseQuery } from "../validation";

const listQuery = z.object({
  fiscalYear: z.coerce
    .number()
    .int()
    .min(2500, "must be a Buddhist-era year such as 2570")
    .max(2700, "must be a Buddhist-era year such as 2570")
    .optional(),
  unitId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, "must be a cursor from a previous page")
    .optional(),
});

/** The media type of a request, without parameters: `text/csv; charset=utf-8` → `text/csv`. */
const mediaType = (header: string | undefined) => (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

/**
 * Admin API over the integrity measures: create one, import many (CSV or JSON, all or none), list,
 * read one with its progress, and the progress photos. Every write is audited in the same `atomic`.
 */
export function measuresAdmin(deps: AppDeps) {
  const app = new Hono();
  const { db, orgId } = deps;

  async function orgUnits(): Promise<UnitRef[]> {
    return (await listUnits(db, orgId)).map((unit) => ({ id: unit.id, name: unit.name }));
  }

  async function answer(measures: Measure[], units: UnitRef[]) {
    const ids = measures.map((measure) => measure.id);
    const [links, progress] = await Promise.all([unitsOfMeasures(db, ids), progressOfMeasures(db, ids)]);
    const unitNames = new Map(units.map((unit) => [unit.id, unit.name]));
    return measures.map((measure) =>
      measureJson(deps, measure, {
        unitIds: links.get(measure.id) ?? [],
        unitNames,
        progress: progress.get(measure.id) ?? [],
      }),
    );
  }

  /** Store measures with their audit row, all or none; their new ids in the given order. */
  async function store(list: MeasureFields[], action: "measures.create" | "measures.import") {
    const now = deps.clock.now();
    const rows = list.map((measure) => ({ ...measure, id: deps.ids.uuid(), createdAt: now }));
    await atomic(db, [
      ...insertMeasures(db, orgId, rows),
      auditStatement(db, {
        orgId,
        at: now,
        actor: "admin-api",
        action,
        subject: action === "measures.create" ? rows[0]?.id : null,
        detail: { count: rows.length },
      }),
    ]);
    return rows.map((row) => row.id);
  }

  app.post("/measures", async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return badRequest(c, [{ field: "body", message: "must be JSON" }]);
    }
    const units = await orgUnits();
    const checked = measureFromJson(body, units);
    if (!checked.ok) return badRequest(c, checked.errors);
    const [id] = await store([checked.measure], "measures.create");
    const measure = id ? await findMeasure(db, orgId, id) : undefined;
    if (!measure) throw new Error("a measure just stored could not be read back");
    const [json] = await answer([measure], units);
    return c.json(json, 201);
  });

  /** `text/csv` (UTF-8) or `application/json` `{"measures": [...]}`; all rows or none. */
  app.post("/measures/import", async (c) => {
    const type = mediaType(c.req.header("content-type"));
    const refuse = (errors: Array<{ row: number; field: string; message: string }>) =>
      c.json({ message: `nothing was imported: ${errors.length} problem(s), every row listed`, errors }, 400);
    let result: ImportResult;
    if (type === "text/csv") {
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(await c.req.arrayBuffer());
      } catch {
        return refuse([
          { row: 0, field: "file", message: "must be UTF-8 text: in Excel, save as “CSV UTF-8”" },
        ]);
      }
      result = importFromCsv(text, await orgUnits());
    } else if (type === "application/json") {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return refuse([{ row: 0, field: "body", message: "must be JSON" }]);
      }
      result = importFromJson(body, await orgUnits());
    } else {
      return c.json({ message: "send the measures as text/csv (UTF-8) or application/json" }, 415);
    }
    if (!result.ok) return refuse(result.errors);
    await store(result.measures, "measures.import");
    return c.json({ imported: result.measures.length });
  });

  app.get("/measures", async (c) => {
    const query = parseQuery(c, listQuery);
    if (!query.ok) return query.response;
    const { fiscalYear, unitId, limit, cursor } = query.data;
    const [page, units] = await Promise.all([
      pageMeasures(db, orgId, { fiscalYear, unitId, limit, after: cursor ? Number(cursor) : undefined }),
      orgUnits(),
    ]);
    return c.json({ items: await answer(page.measures, units), nextCursor: page.nextCursor });
  });

  app.get("/measures/:id", async (c) => {
    const measure = await findMeasure(db, orgId, c.req.param("id"));
    if (!measure) return c.json({ message: "measure not found" }, 404);
    const [json] = await answer([measure], await orgUnits());
    return c.json(json);
  });

  app.get("/measure-photos/:id", async (c) =>
    photoResponse(c, deps, (await findMeasurePhoto(db, orgId, c.req.param("id")))?.blobKey),
  );

  return app;
}
