import { Cron } from "croner";
import type { AppDeps } from "../deps";
import { runScheduledJobs } from "../jobs/scheduled.job";

/**
 * The schedule on Node: croner ticks every minute in the organisation's time zone and the core decides
 * what is due (reminders, the retention purge); the Worker's Cron Trigger calls the same jobs. A tick never
 * overlaps the previous one; a run twice in a minute sends nothing twice.
 */
export function startReminderSchedule(deps: AppDeps, deliver: (recipients: string[]) => Promise<void>) {
  const job = new Cron("* * * * *", { timezone: deps.config.timeZone, protect: true }, async () => {
    try {
      const run = await runScheduledJobs(deps, deps.clock.now(), deliver);
      if (run.reminders.sent.length > 0)
        deps.log.info("reminders sent", { count: run.reminders.sent.length });
      if (run.retention.complaints > 0) deps.log.info("retention purge", run.retention);
    } catch (error) {
      deps.log.error("reminder run failed", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
  return { stop: () => job.stop() };
}
