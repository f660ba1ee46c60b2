import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import { computeOverview } from "../../features/overview/overview";
import {
  reminderSchedule,
  reminderScheduleSchema,
  reportDeadlines,
  reportDeadlinesSchema,
} from "../../features/overview/settings";
import { documentSettings } from "../../features/reports/document-settings";
import { runClosure } from "../../jobs/closure.job";
import { runReminders } from "../../jobs/reminders.job";
import { commitPlanned } from "../../services/commit";
import { ADMIN_API_ACTOR } from "../../services/plan";
import {
  documentSettingsSchema,
  planSetDocumentSettings,
  planSetReminderSchedule,
  planSetReportDeadlines,
} from "../../services/settings.service";
import { errorResponse, parseJson, parseQuery } from "../validation";
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

  /**
   * Evaluate and send reminders as if the clock read `at` (default: now): the executives' and staff's,
   * and the complainants' "was it fixed?" asked again or closed unanswered (the minute schedule's).
   */
  app.post("/reminders/run", async (c) => {
    const query = parseQuery(c, runQuery);
    if (!query.ok) return query.response;
    const at = query.data.at ? Date.parse(query.data.at) : deps.clock.now();
    const deliver = async (recipients: string[]) => {
      deps.defer(() => options.deliver(recipients));
    };
    const run = await runReminders(deps, at, deliver);
    const closure = await runClosure(deps, at, deliver);
    return c.json({ ...run, sent: [...run.sent, ...closure.sent] });
  });

  app.get("/settings/reminders", async (c) => c.json(await reminderSchedule(deps)));
  app.put("/settings/reminders", async (c) => {
    const body = await parseJson(c, reminderScheduleSchema);
    if (!body.ok) return body.response;
    const planned = await planSetReminderSchedule(deps, body.data, ADMIN_API_ACTOR);
    const done = await commitPlanned(deps, planned, ADMIN_API_ACTOR);
    return done.ok ? c.json(done.value) : errorResponse(c, done.error);
  });

  app.get("/settings/report-deadlines", async (c) => c.json(await reportDeadlines(deps)));
  app.put("/settings/report-deadlines", async (c) => {
    const body = await parseJson(c, reportDeadlinesSchema);
    if (!body.ok) return body.response;
    const planned = await planSetReportDeadlines(deps, body.data, ADMIN_API_ACTOR);
    const done = await commitPlanned(deps, planned, ADMIN_API_ACTOR);
    return done.ok ? c.json(done.value) : errorResponse(c, done.error);
  });

  // How documents are signed and worded: อำเภอ/จังหวัด, opening, signers, Thai numerals.
  app.get("/settings/documents", async (c) => c.json(await documentSettings(deps)));
  app.put("/settings/documents", async (c) => {
    const body = await parseJson(c, documentSettingsSchema);
    if (!body.ok) return body.response;
    const planned = await planSetDocumentSettings(deps, body.data, ADMIN_API_ACTOR);
    const done = await commitPlanned(deps, planned, ADMIN_API_ACTOR);
    return done.ok ? c.json(done.value) : errorResponse(c, done.error);
  });

  return app;
}
