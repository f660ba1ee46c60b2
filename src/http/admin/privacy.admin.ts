import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import { check } from "../../domain/validation";
import { retentionPolicy, retentionSchema, runRetention } from "../../jobs/retention.job";
import { commitPlanned } from "../../services/commit";
import { ADMIN_API_ACTOR } from "../../services/plan";
import { lineUserIdSchema, planAccessExport, planRetentionPolicy } from "../../services/privacy.service";
import { badRequest, errorResponse, parseJson, parseQuery } from "../validation";

const runQuery = z.object({
  at: z.iso
    .datetime({ offset: true, error: "ต้องเป็นวันเวลาแบบ ISO-8601 เช่น 2027-09-30T00:00:00+07:00" })
    .optional(),
});

/**
 * Privacy duties (PDPA): a person's data for an access request, the retention policy and its purge.
 * The export leaves out corruption complaints (see `planAccessExport`).
 */
export function privacyAdmin(deps: AppDeps) {
  const app = new Hono();

  app.get("/privacy/users/:lineUserId", async (c) => {
    const id = check(lineUserIdSchema, c.req.param("lineUserId"));
    if (!id.ok)
      return badRequest(
        c,
        id.problems.map((problem) => ({ ...problem, field: "lineUserId" })),
      );
    const done = await commitPlanned(
      deps,
      await planAccessExport(deps, { lineUserId: id.data }, ADMIN_API_ACTOR),
      ADMIN_API_ACTOR,
    );
    return done.ok ? c.json(done.value) : errorResponse(c, done.error);
  });

  app.get("/settings/retention", async (c) => c.json(await retentionPolicy(deps)));
  app.put("/settings/retention", async (c) => {
    const body = await parseJson(c, retentionSchema);
    if (!body.ok) return body.response;
    const done = await commitPlanned(
      deps,
      await planRetentionPolicy(deps, body.data, ADMIN_API_ACTOR),
      ADMIN_API_ACTOR,
    );
    return done.ok ? c.json(done.value) : errorResponse(c, done.error);
  });

  /** Run the retention purge as if the clock read `at` (default now). */
  app.post("/retention/run", async (c) => {
    const query = parseQuery(c, runQuery);
    if (!query.ok) return query.response;
    return c.json(await runRetention(deps, query.data.at ? Date.parse(query.data.at) : deps.clock.now()));
  });

  return app;
}

/**
 * A person's own export behind the link `ข้อมูลของฉัน` sends them (`signedAccessExportLink`): mounted
 * under the signed-link prefix, so only a valid, unexpired signature for this very path gets through.
 * The download is audited as taken by the person.
 */
export function accessExportLink(deps: AppDeps) {
  const app = new Hono();
  app.get("/privacy/users/:lineUserId", async (c) => {
    const id = check(lineUserIdSchema, c.req.param("lineUserId"));
    if (!id.ok) return c.json({ message: "invalid link" }, 403);
    const actor = { audit: id.data, display: "เจ้าของข้อมูล" };
    const done = await commitPlanned(
      deps,
      await planAccessExport(deps, { lineUserId: id.data }, actor),
      actor,
    );
    if (!done.ok) return errorResponse(c, done.error);
    c.header("content-disposition", 'attachment; filename="my-data.json"');
    c.header("cache-control", "no-store");
    return c.json(done.value);
  });
  return app;
}
