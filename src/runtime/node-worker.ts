/**
 * The processing thread of the Node runtime: the HTTP thread stores and acknowledges webhook events,
 * this thread handles them (its own SQLite connection, same file, WAL) and delivers the answers.
 * Messages in: "kick" (new events), "stop". Messages out: "ready", "stopped".
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { createBot } from "../bot/bot";
import type { Config } from "../config";
import { systemClock } from "../deps";
import { coreFeatures } from "../features/common.feature";
import { createPipeline } from "../jobs/inbox.job";
import { createNodeDeps, createTracker, startTicker } from "./node-deps";
import { createNodeLineTransport } from "./node-line-transport";
import { createJsonLogger } from "./node-logger";
import { startReminderSchedule } from "./reminder-schedule";

const { config, tickMs, primary } = workerData as { config: Config; tickMs: number; primary: boolean };

/**
 * LINE wants its 200 within 2 s; handling can wait a moment. On Linux this thread lowers its own
 * scheduling priority, so under a burst the HTTP thread acknowledges first and handling catches up.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid)) setPriority(tid, config.workerNice);
  } catch {
    // Not Linux, or not allowed: stay at normal priority.
  }
}
if (config.workerNice > 0) lowerPriority();

const log = createJsonLogger(config.logLevel);
const tracker = createTracker(log);
const lineTransport = createNodeLineTransport();
const node = await createNodeDeps(config, { log, clock: systemClock, defer: tracker.defer, lineTransport });
const pipeline = createPipeline(node.deps, createBot(coreFeatures()));
if (primary) await pipeline.recover();
// From here on a locked database never sleeps this thread (it has LINE responses to read):
// writes retry after yielding (db/busy.ts).
node.setBusyTimeout(0);
const ticker = startTicker(pipeline.tick, tickMs);
const reminders = primary ? startReminderSchedule(node.deps, pipeline.delivery.deliver) : undefined;

parentPort?.on("message", async (message: unknown) => {
  if (message === "kick") {
    tracker.defer(pipeline.kick);
  } else if (message === "stop") {
    ticker.stop();
    reminders?.stop();
    await tracker.idle(ticker.current);
    node.close();
    await lineTransport.close();
    parentPort?.postMessage("stopped");
  }
});
parentPort?.postMessage("ready");
