import { Hono } from "hono";
import { z } from "zod";
import { listCategories } from "../../db/repos/categories.repo";
import { listHolidays } from "../../db/repos/holidays.repo";
import { listUnits } from "../../db/repos/units.repo";
import type { ComplaintCategory } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { codedError } from "../../domain/errors";
import { fiscalYearOf, fiscalYearRange } from "../../domain/thai-time";
import { check } from "../../domain/validation";
import { getEitDrive } from "../../features/eit/eit-drive";
import { eitSummary } from "../../features/eit/eit-summary";
import * as categories from "../../services/categories.service";
import { commitPlanned } from "../../services/commit";
import * as holidays from "../../services/holidays.service";
import { type Actor, ADMIN_API_ACTOR, type Planned } from "../../services/plan";
import { eitDriveSchema, planSetEitDrive } from "../../services/settings.service";
import { newUnitSchema, planCreateUnit } from "../../services/units.service";
import { badRequest, errorResponse, parseJson, parseQuery } from "../validation";

const fiscalYearQuery = z.object({
  fiscalYear: z.coerce
    .number()
    .int("ต้องเป็นปี พ.ศ. เช่น 2570")
    .min(2500, "ต้องเป็นปี พ.ศ. เช่น 2570")
    .max(2700, "ต้องเป็นปี พ.ศ. เช่น 2570")
    .optional(),
});

const categoryJson = (category: ComplaintCategory) => ({
  id: category.id,
  ...categories.categoryView(category),
});

/** Admin API over the organisation's set-up: units, complaint categories, holidays, EIT drive. */
export function organizationAdmin(deps: AppDeps) {
  const app = new Hono();
  const { db } = deps;
  const currentFiscalYear = () => fiscalYearOf(deps.clock.now(), deps.config.timeZone);
  const act = async <I, T>(
    service: (deps: AppDeps, input: I, actor: Actor) => Promise<Planned<T>>,
    input: I,
  ) => commitPlanned(deps, await service(deps, input, ADMIN_API_ACTOR), ADMIN_API_ACTOR);

  app.get("/units", async (c) => {
    const units = await listUnits(db);
    return c.json({ items: units.map((unit) => ({ id: unit.id, name: unit.name })), nextCursor: null });
  });

  app.post("/units", async (c) => {
    const body = await parseJson(c, newUnitSchema);
    if (!body.ok) return body.response;
    const done = await act(planCreateUnit, body.data);
    if (!done.ok) return errorResponse(c, done.error);
    return c.json({ id: done.value.id, name: done.value.name }, 201);
  });

  app.get("/categories", async (c) => {
    const items = (await listCategories(db)).map(categoryJson);
    return c.json({ items, nextCursor: null });
  });

  app.post("/categories", async (c) => {
    const body = await parseJson(c, categories.newCategorySchema);
    if (!body.ok) return body.response;
    const done = await act(categories.planCreateCategory, body.data);
    if (!done.ok) return errorResponse(c, done.error);
    return c.json(categoryJson(done.value), 201);
  });

  app.patch("/categories/:id", async (c) => {
    const body = await parseJson(c, categories.categoryChangeSchema);
    if (!body.ok) return body.response;
    const done = await act(categories.planUpdateCategory, { id: c.req.param("id"), ...body.data });
    if (!done.ok) return errorResponse(c, done.error);
    return c.json(categoryJson(done.value));
  });

  app.get("/holidays", async (c) => {
    const query = parseQuery(c, fiscalYearQuery);
    if (!query.ok) return query.response;
    const range = fiscalYearRange(query.data.fiscalYear ?? currentFiscalYear());
    const items = await listHolidays(db, range.start, range.end);
    return c.json({ items: items.map((h) => ({ date: h.date, name: h.name })), nextCursor: null });
  });

  app.post("/holidays", async (c) => {
    const body = await parseJson(c, holidays.holidaySchema);
    if (!body.ok) return body.response;
    const done = await act(holidays.planPutHoliday, body.data);
    if (!done.ok) return errorResponse(c, done.error);
    return c.json(done.value, 201);
  });

  app.delete("/holidays/:date", async (c) => {
    const param = check(holidays.holidayDateSchema, { date: c.req.param("date") });
    if (!param.ok) return badRequest(c, param.problems);
    const done = await act(holidays.planDeleteHoliday, param.data);
    if (!done.ok) return errorResponse(c, done.error);
    return c.body(null, 204);
  });

  app.get("/settings/eit-drive", async (c) => {
    const drive = await getEitDrive(deps);
    return drive ? c.json(drive) : errorResponse(c, codedError("settings.eit_drive_unset"));
  });

  app.put("/settings/eit-drive", async (c) => {
    const body = await parseJson(c, eitDriveSchema);
    if (!body.ok) return body.response;
    const done = await act(planSetEitDrive, body.data);
    if (!done.ok) return errorResponse(c, done.error);
    return c.json(done.value);
  });

  app.get("/eit/summary", async (c) => {
    const query = parseQuery(c, fiscalYearQuery);
    if (!query.ok) return query.response;
    return c.json(await eitSummary(deps, query.data.fiscalYear ?? currentFiscalYear()));
  });

  return app;
}
