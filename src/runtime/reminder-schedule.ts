import { Cron } from "croner";
import type { Logger } from "../deps";

export interface Schedule {
  stop(): void;
}

/**
 * The minute's schedule on Node: croner ticks every minute in the deployment's time zone and the
 * core decides what is due (reminders, closure questions, the retention purge); the Worker's Cron
 * Trigger calls the same jobs. A tick never overlaps the previous one; a run twice in a minute sends
 * nothing twice.
 */
export function everyMinute(timeZone: string, log: Logger, run: () => Promise<void>): Schedule {
  const job = new Cron("* * * * *", { timezone: timeZone, protect: true }, async () => {
    try {
      await run();
    } catch (error) {
      log.error("scheduled run failed", { error: error instanceof Error ? error.message : String(error) });
    }
  });
  return { stop: () => job.stop() };
}
