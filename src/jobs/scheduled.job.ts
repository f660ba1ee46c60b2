import { pruneLineCalls } from "../db/repos/outbox.repo";
import type { AppDeps } from "../deps";
import { type ReminderRun, runReminders } from "./reminders.job";
import { runRetention } from "./retention.job";

/**
 * What the schedule does each minute, on any runtime (croner on Node, a Cron Trigger on Workers): the
 * reminders that are due, the retention purge (cheap when there is nothing to purge), and pruning the
 * week-old LINE API figures.
 */
export async function runScheduledJobs(
  deps: AppDeps,
  at: number,
  deliver: (recipients: string[]) => Promise<void>,
): Promise<{ reminders: ReminderRun; retention: { complaints: number; photos: number } }> {
  const reminders = await runReminders(deps, at, deliver);
  const retention = await runRetention(deps, at);
  await pruneLineCalls(deps.db, deps.orgId, at);
  return { reminders, retention };
}
