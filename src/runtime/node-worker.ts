/**
 * The processing thread of the Node runtime: the HTTP thread stores and acknowledges webhook events,
 * this thread handles them for every organisation (its own SQLite connections to the same files, WAL)
 * and delivers the answers. Messages in: `{ type: "kick", org }` (new events), `{ type: "deliver",
 * org, recipients }` (a commit's pushes), "stop". Messages out: "ready", "stopped".
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "../config";
import { systemClock } from "../deps";
import { loadBot } from "../features/registry";
import { createProcessor } from "../jobs/processor";
import { createTenantRegistry } from "../platform/tenants";
import { createNodeDeps, createTracker, nodeTenantRuntime } from "./node-deps";
import { createNodeLineTransport } from "./node-line-transport";
import { createJsonLogger } from "./node-logger";
import { startProcessingHost } from "./processing-host";

export type ProcessingMessage =
  | { type: "kick"; org: string }
  | { type: "deliver"; org: string; recipients: string[] }
  | "stop";

const { config, tickMs, primary, features } = workerData as {
  config: Config;
  tickMs: number;
  primary: boolean;
  features: string;
};

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
const runtime = { log, clock: systemClock, defer: tracker.defer, side: "processing" as const, lineTransport };
const bot = await loadBot(features);
const defaultOrg = await createNodeDeps(config, runtime);
const organizations = createTenantRegistry({
  platform: defaultOrg.deps,
  runtime: config.platform ? nodeTenantRuntime(config, runtime) : undefined,
  build: (deps) => createProcessor({ deps, bot }),
});
const host = await startProcessingHost({
  organizations,
  processorOf: (processor) => processor,
  log,
  tracker,
  clock: systemClock,
  tickMs,
  timeZone: config.timeZone,
  primary,
});

parentPort?.on("message", async (message: ProcessingMessage) => {
  if (message === "stop") {
    await host.stop();
    await organizations.close();
    defaultOrg.close();
    await lineTransport.close();
    parentPort?.postMessage("stopped");
  } else if (message.type === "kick") {
    host.kick(message.org);
  } else if (message.type === "deliver") {
    host.deliver(message.org, message.recipients);
  }
});
parentPort?.postMessage("ready");
