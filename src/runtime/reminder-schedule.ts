import { Cron } from "croner";
import type { AppDeps, Logger } from "../deps";
import { runScheduledMinute } from "../jobs/scheduled.job";
import type { TenantRegistry } from "../platform/tenants";

export interface Schedule {
  stop(): void;
}

/**
 * The schedule on Node: croner ticks every minute in the organisation's time zone and the core decides
 * what is due (reminders, the retention purge); the Worker's Cron Trigger calls the same jobs. A tick never
 * overlaps the previous one; a run twice in a minute sends nothing twice.
 */
function everyMinute(timeZone: string, log: Logger, run: () => Promise<void>): Schedule {
  const job = new Cron("* * * * *", { timezone: timeZone, protect: true }, async () => {
    try {
      await run();
    } catch (error) {
      log.error("scheduled run failed", { error: error instanceof Error ? error.message : String(error) });
    }
  });
  return { stop: () => job.stop() };
}

/** One organisation's minute (the default organisation's, on its processing thread). */
export function startReminderSchedule(
  deps: AppDeps,
  deliver: (recipients: string[]) => Promise<void>,
): Schedule {
  return everyMinute(deps.config.timeZone, deps.log, () =>
    runScheduledMinute(deps, deps.clock.now(), deliver),
  );
}

/**
 * The same minute for every organisation of the platform registry, one after another (each in its own
 * database, with its own LINE channel), in the HTTP process that handles their events.
 */
export function startTenantsSchedule(tenants: TenantRegistry, timeZone: string, log: Logger): Schedule {
  return everyMinute(timeZone, log, async () => {
    for (const tenant of await tenants.all()) {
      await runScheduledMinute(tenant.deps, tenant.deps.clock.now(), tenant.app.pipeline.delivery.deliver);
    }
  });
}
