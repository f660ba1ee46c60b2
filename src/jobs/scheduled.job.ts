import type { AppDeps } from "../deps";
import { type ClosureRun, runClosure } from "./closure.job";
import { type ReminderRun, runReminders } from "./reminders.job";
import { runRetention } from "./retention.job";

/**
 * What the schedule does each minute, on any runtime (croner on Node, a Cron Trigger on Workers): the
 * reminders that are due, the "was it fixed?" question asked again or closed unanswered, and the
 * retention purge (cheap when there is nothing to purge).
 */
export async function runScheduledJobs(
  deps: AppDeps,
  at: number,
  deliver: (recipients: string[]) => Promise<void>,
): Promise<{
  reminders: ReminderRun;
  closure: ClosureRun;
  retention: { complaints: number; photos: number };
}> {
  const reminders = await runReminders(deps, at, deliver);
  const closure = await runClosure(deps, at, deliver);
  const retention = await runRetention(deps, at);
  return { reminders, closure, retention };
}

/** The minute's jobs for one organisation, with what they did logged; a failure is logged, never thrown. */
export async function runScheduledMinute(
  deps: AppDeps,
  at: number,
  deliver: (recipients: string[]) => Promise<void>,
): Promise<void> {
  try {
    const run = await runScheduledJobs(deps, at, deliver);
    if (run.reminders.sent.length > 0) deps.log.info("reminders sent", { count: run.reminders.sent.length });
    const { askedAgain, unconfirmed } = run.closure;
    if (askedAgain.length + unconfirmed.length > 0) {
      deps.log.info("complaint closure", { askedAgain: askedAgain.length, unconfirmed: unconfirmed.length });
    }
    if (run.retention.complaints > 0) deps.log.info("retention purge", run.retention);
  } catch (error) {
    deps.log.error("scheduled run failed", { error: error instanceof Error ? error.message : String(error) });
  }
}
