import { Cron } from "croner";
import type { AppDeps } from "../deps";
import { runReminders } from "../jobs/reminders.job";

/**
 * The reminder schedule on Node: croner ticks every minute in the organisation's time zone and the
 * core decides what is due (the Worker's Cron Trigger will call the same `runReminders`). A tick never
 * overlaps the previous one; a run twice in a minute sends nothing twice.
 */
export function startReminderSchedule(deps: AppDeps, deliver: (recipients: string[]) => Promise<void>) {
  const job = new Cron("* * * * *", { timezone: deps.config.timeZone, protect: true }, async () => {
    try {
      const run = await runReminders(deps, deps.clock.now(), deliver);
      if (run.sent.length > 0) deps.log.info("reminders sent", { count: run.sent.length });
    } catch (error) {
      deps.log.error("reminder run failed", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
  return { stop: () => job.stop() };
}
