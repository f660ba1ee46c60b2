import { Hono } from "hono";
import { z } from "zod";
import { atomic } from "../../db/client";
import { auditStatement } from "../../db/repos/audit.repo";
import { setSetting } from "../../db/repos/settings.repo";
import type { AppDeps } from "../../deps";
import { computeOverview } from "../../features/overview/overview";
import {
  REMINDER_SCHEDULE_KEY,
  REPORT_DEADLINES_KEY,
  reminderSchedule,
  reminderScheduleSchema,
  reportDeadlines,
  reportDeadlinesSchema,
} from "../../features/overview/settings";
import { runReminders } from "../../jobs/reminders.job";
import { parseJson, parseQuery } from "../validation";
import type { AdminRouteOptions } from "./complaints.admin";

const runQuery = z.object({
  at: z.iso
    .datetime({ offset: true, error: "ต้องเป็นวันเวลาแบบ ISO 8601 เช่น 2026-12-07T08:30:00+07:00" })
    .optional(),
});

/** Admin API for what executives see and get: the overview, reminders and their schedule, report deadlines. */
export function oversightAdmin(deps: AppDeps, options: AdminRouteOptions) {
  const app = new Hono();

  app.get("/overview", async (c) => c.json(await computeOverview(deps, deps.clock.now())));

  /** Evaluate and send reminders as if the clock read `at` (default: now). */
  app.post("/reminders/run", async (c) => {
    const query = parseQuery(c, runQuery);
    if (!query.ok) return query.response;
    const at = query.data.at ? Date.parse(query.data.at) : deps.clock.now();
    const run = await runReminders(deps, at, async (recipients) => {
      deps.defer(() => options.deliver(recipients));
    });
    return c.json(run);
  });

  const settings = [
    {
      path: "/settings/reminders",
      key: REMINDER_SCHEDULE_KEY,
      schema: reminderScheduleSchema,
      read: reminderSchedule,
    },
    {
      path: "/settings/report-deadlines",
      key: REPORT_DEADLINES_KEY,
      schema: reportDeadlinesSchema,
      read: reportDeadlines,
    },
  ] as const;
  for (const setting of settings) {
    app.get(setting.path, async (c) => c.json(await setting.read(deps)));
    app.put(setting.path, async (c) => {
      const body = await parseJson(c, setting.schema as z.ZodType<Record<string, unknown>>);
      if (!body.ok) return body.response;
      const now = deps.clock.now();
      await atomic(deps.db, [
        setSetting(deps.db, deps.orgId, setting.key, body.data, now),
        auditStatement(deps.db, {
          orgId: deps.orgId,
          at: now,
          actor: "admin-api",
          action: `settings.${setting.key}`,
          subject: setting.key,
          detail: body.data,
        }),
      ]);
      return c.json(body.data);
    });
  }

  return app;
}
