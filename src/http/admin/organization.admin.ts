import { Hono } from "hono";
import { z } from "zod";
import { atomic } from "../../db/client";
import { auditStatement } from "../../db/repos/audit.repo";
import { createCategory, listCategories, updateCategory } from "../../db/repos/categories.repo";
import { deleteHoliday, listHolidays, putHoliday } from "../../db/repos/holidays.repo";
import { setSetting } from "../../db/repos/settings.repo";
import { findUnit, listUnits } from "../../db/repos/units.repo";
import type { ComplaintCategory } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { DEFAULT_DEADLINE_DAYS } from "../../domain/complaints";
import { fiscalYearOf, fiscalYearRange, isIsoDate } from "../../domain/thai-time";
import { EIT_DRIVE_KEY, eitDriveSchema, getEitDrive } from "../../features/eit/eit-drive";
import { eitSummary } from "../../features/eit/eit-summary";
import { commitPlanned } from "../../services/commit";
import { ADMIN_API_ACTOR } from "../../services/plan";
import { newUnitSchema, planCreateUnit } from "../../services/units.service";
import { badRequest, errorResponse, parseJson, parseQuery } from "../validation";

const name = z.string().trim().min(1, "must not be empty").max(100);
const isoDate = z.string().refine(isIsoDate, "must be a date YYYY-MM-DD");
const fiscalYearQuery = z.object({
  fiscalYear: z.coerce
    .number()
    .int()
    .min(2500, "must be a Buddhist-era year such as 2570")
    .max(2700)
    .optional(),
});

const categoryBody = z.object({
  name,
  unitId: z.string().min(1),
  deadlineDays: z.number().int().min(1).max(90).default(DEFAULT_DEADLINE_DAYS),
  sortOrder: z.number().int().min(0).max(1000).default(100),
});
const categoryPatch = z
  .object({
    name,
    unitId: z.string().min(1),
    deadlineDays: z.number().int().min(1).max(90),
    sortOrder: z.number().int().min(0).max(1000),
    active: z.boolean(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "must change at least one field");

const categoryJson = (category: ComplaintCategory) => ({
  id: category.id,
  name: category.name,
  unitId: category.unitId,
  deadlineDays: category.deadlineDays,
  sortOrder: category.sortOrder,
  active: category.active,
});

/** Admin API over the organisation's set-up: units, complaint categories, holidays, EIT drive. */
export function organizationAdmin(deps: AppDeps) {
  const app = new Hono();
  const { db, orgId } = deps;
  const currentFiscalYear = () => fiscalYearOf(deps.clock.now(), deps.config.timeZone);
  const audit = (action: string, subject: string, detail: Record<string, unknown>) =>
    auditStatement(db, { orgId, at: deps.clock.now(), actor: "admin-api", action, subject, detail });

  app.get("/units", async (c) => {
    const units = await listUnits(db, orgId);
    return c.json({ items: units.map((unit) => ({ id: unit.id, name: unit.name })), nextCursor: null });
  });

  app.post("/units", async (c) => {
    const body = await parseJson(c, newUnitSchema);
    if (!body.ok) return body.response;
    const done = await commitPlanned(
      deps,
      await planCreateUnit(deps, body.data, ADMIN_API_ACTOR),
      ADMIN_API_ACTOR,
    );
    if (!done.ok) return errorResponse(c, done.error);
    return c.json({ id: done.value.id, name: done.value.name }, 201);
  });

  app.get("/categories", async (c) => {
    const categories = await listCategories(db, orgId);
    return c.json({ items: categories.map(categoryJson), nextCursor: null });
  });

  app.post("/categories", async (c) => {
    const body = await parseJson(c, categoryBody);
    if (!body.ok) return body.response;
    if (!(await findUnit(db, orgId, body.data.unitId))) {
      return badRequest(c, [{ field: "unitId", message: "unknown unit" }]);
    }
    const category = await createCategory(db, { id: deps.ids.uuid(), orgId, ...body.data, active: true });
    if (!category) return c.json({ message: "a category with this name exists", field: "name" }, 409);
    await atomic(db, [audit("category.create", category.id, categoryJson(category))]);
    return c.json(categoryJson(category), 201);
  });

  app.patch("/categories/:id", async (c) => {
    const body = await parseJson(c, categoryPatch);
    if (!body.ok) return body.response;
    if (body.data.unitId && !(await findUnit(db, orgId, body.data.unitId))) {
      return badRequest(c, [{ field: "unitId", message: "unknown unit" }]);
    }
    try {
      const category = await updateCategory(db, orgId, c.req.param("id"), body.data);
      if (!category) return c.json({ message: "category not found" }, 404);
      await atomic(db, [audit("category.update", category.id, body.data)]);
      return c.json(categoryJson(category));
    } catch {
      return c.json({ message: "a category with this name exists", field: "name" }, 409);
    }
  });

  app.get("/holidays", async (c) => {
    const query = parseQuery(c, fiscalYearQuery);
    if (!query.ok) return query.response;
    const range = fiscalYearRange(query.data.fiscalYear ?? currentFiscalYear());
    const holidays = await listHolidays(db, orgId, range.start, range.end);
    return c.json({ items: holidays.map((h) => ({ date: h.date, name: h.name })), nextCursor: null });
  });

  app.post("/holidays", async (c) => {
    const body = await parseJson(c, z.object({ date: isoDate, name }));
    if (!body.ok) return body.response;
    await atomic(db, [
      putHoliday(db, { orgId, ...body.data }),
      audit("holiday.put", body.data.date, body.data),
    ]);
    return c.json(body.data, 201);
  });

  app.delete("/holidays/:date", async (c) => {
    const date = c.req.param("date");
    if (!isIsoDate(date)) return badRequest(c, [{ field: "date", message: "must be a date YYYY-MM-DD" }]);
    if (!(await deleteHoliday(db, orgId, date))) return c.json({ message: "holiday not found" }, 404);
    await atomic(db, [audit("holiday.delete", date, {})]);
    return c.body(null, 204);
  });

  app.get("/settings/eit-drive", async (c) => {
    const drive = await getEitDrive(deps);
    return drive ? c.json(drive) : c.json({ message: "EIT drive not set" }, 404);
  });

  app.put("/settings/eit-drive", async (c) => {
    const body = await parseJson(c, eitDriveSchema);
    if (!body.ok) return body.response;
    await atomic(db, [
      setSetting(db, orgId, EIT_DRIVE_KEY, body.data, deps.clock.now()),
      audit("settings.eit-drive", EIT_DRIVE_KEY, body.data),
    ]);
    return c.json(body.data);
  });

  app.get("/eit/summary", async (c) => {
    const query = parseQuery(c, fiscalYearQuery);
    if (!query.ok) return query.response;
    return c.json(await eitSummary(deps, query.data.fiscalYear ?? currentFiscalYear()));
  });

  return app;
}
