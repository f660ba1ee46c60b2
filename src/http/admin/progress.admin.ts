import { Hono } from "hono";
import { z } from "zod";
import { findMeasure, progressOf, unitsOfMeasures } from "../../db/repos/measures.repo";
import { findProgressEntry, revisionsOf } from "../../db/repos/progress.repo";
import { listUnits } from "../../db/repos/units.repo";
import type { Measure } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { codedError } from "../../domain/errors";
import { isoWithOffset } from "../../domain/thai-time";
import { measureJson } from "../../features/measures/measure-json";
import { commitPlanned } from "../../services/commit";
import { ADMIN_API_ACTOR } from "../../services/plan";
import { planCorrectProgress, planWithdrawProgress } from "../../services/progress.service";
import { errorResponse, parseJson } from "../validation";

/** Any JSON object: the progress service checks its fields, every one, in Thai. */
const jsonObject = z.record(z.string(), z.unknown());

/**
 * Admin API over one progress entry (CONTRACT.md): read it with its history, correct it (`PATCH`,
 * the same rules as logging it), withdraw it (`DELETE`: it leaves the reports and the measure's
 * state, kept with its history for audit). Corrections and withdrawals answer the measure as
 * `GET /measures/:id` does, its state recomputed; withdrawn entries are not in its `progress`.
 */
export function progressAdmin(deps: AppDeps) {
  const app = new Hono();
  const { db } = deps;
  const actor = ADMIN_API_ACTOR;
  const at = (ms: number) => isoWithOffset(ms, deps.config.timeZone);

  async function measureAnswer(measure: Measure) {
    const [links, progress, units] = await Promise.all([
      unitsOfMeasures(db, [measure.id]),
      progressOf(db, measure.id),
      listUnits(db),
    ]);
    return measureJson(deps, measure, {
      unitIds: links.get(measure.id) ?? [],
      unitNames: new Map(units.map((unit) => [unit.id, unit.name])),
      progress,
    });
  }

  /** After a change: the measure as it now stands. */
  async function answerFor(measureId: string) {
    const measure = await findMeasure(db, measureId);
    return measure ? measureAnswer(measure) : null;
  }

  app.get("/measures/:id/progress/:entryId", async (c) => {
    const measure = await findMeasure(db, c.req.param("id"));
    if (!measure) return errorResponse(c, codedError("measure.not_found"));
    const entry = await findProgressEntry(db, measure.id, c.req.param("entryId"));
    if (!entry) return errorResponse(c, codedError("progress.entry_not_found"));
    const history = await revisionsOf(db, entry.id);
    return c.json({
      id: entry.id,
      measureId: measure.id,
      at: at(entry.at),
      performedOn: entry.performedOn,
      by: entry.by,
      text: entry.text,
      percent: entry.percent,
      status: entry.status,
      reasonCode: entry.reasonCode,
      reason: entry.reason,
      suggestion: entry.suggestion,
      updatedAt: entry.updatedAt === null ? null : at(entry.updatedAt),
      withdrawnAt: entry.withdrawnAt === null ? null : at(entry.withdrawnAt),
      withdrawnBy: entry.withdrawnBy,
      history: history.map((revision) => ({
        kind: revision.kind,
        at: at(revision.at),
        by: revision.by,
        before: revision.before,
      })),
    });
  });

  app.patch("/measures/:id/progress/:entryId", async (c) => {
    const body = await parseJson(c, jsonObject);
    if (!body.ok) return body.response;
    const input = {
      measureId: c.req.param("id"),
      entryId: c.req.param("entryId"),
      changes: body.data,
      editor: "admin" as const,
    };
    const done = await commitPlanned(deps, await planCorrectProgress(deps, input, actor), actor);
    if (!done.ok) return errorResponse(c, done.error);
    return c.json(await answerFor(done.value.measure.id));
  });

  app.delete("/measures/:id/progress/:entryId", async (c) => {
    const input = { measureId: c.req.param("id"), entryId: c.req.param("entryId"), editor: "admin" as const };
    const done = await commitPlanned(deps, await planWithdrawProgress(deps, input, actor), actor);
    if (!done.ok) return errorResponse(c, done.error);
    return c.json(await answerFor(done.value.measure.id));
  });

  return app;
}
