import { Cron } from "croner";
import type { AppDeps, Logger } from "../deps";
import { runScheduledMinute } from "../jobs/scheduled.job";
import type { TenantRegistry } from "../platform/tenants";

/**
 * The schedule on Node: croner ticks every minute in the organisation's time zone and the core decides
 * what is due (reminders, the retention purge); the Worker's Cron Trigger calls the same jobs. A tick never
 * overlaps the previous one; a run twice in a minute sends nothing twice.
 */
export function startReminderSchedule(deps: AppDeps, deliver: (recipients: string[]) => Promise<void>) {
  const job = new Cron("* * * * *", { timezone: deps.config.timeZone, protect: true }, () =>
    runScheduledMinute(deps, deps.clock.now(), deliver),
  );
  return { stop: () => job.stop() };
}

/**
 * The same minute for every organisation of the platform registry, one after another (each in its own
 * database, with its own LINE channel), in the HTTP process that handles their events.
 */
export function startTenantsSchedule(tenants: TenantRegistry, timeZone: string, log: Logger) {
  const job = new Cron("* * * * *", { timezone: timeZone, protect: true }, async () => {
    try {
      for (const tenant of await tenants.all()) {
        await runScheduledMinute(tenant.deps, tenant.deps.clock.now(), tenant.app.pipeline.delivery.deliver);
      }
    } catch (error) {
      log.error("organisations' reminder run failed", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
  return { stop: () => job.stop() };
}
