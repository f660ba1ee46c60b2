import { Worker } from "node:worker_threads";
import { type ServerType, serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Hono } from "hono";
import { type AppOptions, createApp, type ProcessingPort } from "../app";
import type { Config } from "../config";
import { createInboxWriter } from "../db/repos/inbox.repo";
import { type AppDeps, type Clock, type Logger, systemClock } from "../deps";
import { CORE_FEATURES, loadBot } from "../features/registry";
import type { SimulatorBackend } from "../http/simulator.route";
import { createProcessor, type Processor } from "../jobs/processor";
import { createPlatform } from "../platform/platform";
import { createTenantRegistry, DEFAULT_ORG_ID, type TenantRegistry } from "../platform/tenants";
import { createNodeDeps, createTracker, type NodeRuntime, nodeTenantRuntime } from "./node-deps";
import { createNodeLineTransport } from "./node-line-transport";
import { createJsonLogger } from "./node-logger";
import { createNodeSignatureVerifier } from "./node-signature";
import type { ProcessingMessage } from "./node-worker";
import { startProcessingHost } from "./processing-host";

export { DEFAULT_ORG_ID };

export interface NodeServerOptions {
  config: Config;
  log?: Logger;
  clock?: Clock;
  /**
   * `worker` (the `npm start` default): every organisation's events are handled on a processing
   * thread, so acknowledging LINE never waits behind processing. `inline`: one thread, for tests.
   */
  processing?: "inline" | "worker";
  /** The bot's features by name (src/features/registry.ts): `core`, or a module URL (tests). */
  features?: string;
  /**
   * Simulator mode: builds the web chat's backend; `dispatch` sends a request into this server, `deps`
   * are the default organisation's (the simulator reads roles and writes demo data through them).
   */
  simulator?: (dispatch: (request: Request) => Promise<Response>, deps: AppDeps) => SimulatorBackend;
  /** How often due retries are swept (ms); 0 turns the sweep and the minute's schedule off. */
  tickMs?: number;
  /** Inline only: where work after the response runs; a test drops it to play a crash after the 200. */
  defer?: AppDeps["defer"];
  hostname?: string;
}

/** An organisation as the HTTP side serves it: its app, and (inline) its processor. */
export interface ServedOrg {
  fetch: Hono["fetch"];
  app: Hono;
  /** Inline processing only: the organisation's processor, for tests that drive it. */
  processor?: Processor;
}

export interface NodeServer {
  url: string;
  /** The default organisation's deps. */
  deps: AppDeps;
  /** Every organisation of this server (`default` first), as served. */
  organizations: TenantRegistry<ServedOrg>;
  /** Inline processing: wait for work started after responses (processing, deliveries). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `ProcessingPort.accept` for a host that shares the organisation's database with this app (the processing
 * thread, inline processing): the events stored here (group commit per turn), then `kick`.
 */
function storeThenKick(deps: AppDeps, kick: () => void | Promise<void>): ProcessingPort["accept"] {
  // LINE gives up after 2 s and redelivers; the dedupe key makes that safe.
  const inbox = createInboxWriter(deps.db, 1500);
  return async (events, receivedAt) => {
    await inbox.store(events, receivedAt);
    await kick();
  };
}

/** Where the organisations' processors run, as the HTTP side sees it. */
interface ProcessingHosting {
  /** The organisation has new events in its inbox. */
  kick(orgId: string): void;
  /** A commit queued messages for these recipients. */
  deliver(orgId: string, recipients: string[]): Promise<void>;
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const KICK_INTERVAL_MS = 5;

/** The processing thread(s): every organisation's processor, reached by messages. */
async function threadHosting(options: NodeServerOptions): Promise<ProcessingHosting> {
  // Under tsx (dev, tests) the worker loads its .ts source through tsx; the built bundle has a .js beside it.
  const entry = import.meta.url.endsWith(".ts") ? "./node-worker.dev.mjs" : "./node-worker.js";
  const spawn = (primary: boolean) => {
    const worker = new Worker(new URL(entry, import.meta.url), {
      // Bounded heap: the thread holds one batch of events at a time, not a backlog.
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 },
      workerData: {
        config: options.config,
        tickMs: options.tickMs ?? 1000,
        primary,
        features: options.features ?? CORE_FEATURES,
      },
    });
    const ready = new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", reject);
    });
    return { worker, ready };
  };
  // The first takes back what a crash left and runs the schedule; then the others only claim (the
  // claim leaves a chat with an event in hand to whoever holds it: one chat, one thread).
  const first = spawn(true);
  await first.ready;
  const others = Array.from({ length: options.config.processingThreads - 1 }, () => spawn(false));
  await Promise.all(others.map((other) => other.ready));
  const workers = [first.worker, ...others.map((other) => other.worker)];
  const post = (message: ProcessingMessage) => {
    for (const worker of workers) worker.postMessage(message);
  };

  // The threads drain everything that is due on each kick, so under load one kick per organisation
  // every few milliseconds is enough; a quiet chat still gets its kick at once.
  const windows = new Map<string, { again: boolean }>();
  const kick = (org: string) => {
    const open = windows.get(org);
    if (open) {
      open.again = true;
      return;
    }
    const window = { again: false };
    windows.set(org, window);
    post({ type: "kick", org });
    const close = () => {
      if (window.again) {
        window.again = false;
        post({ type: "kick", org });
        setTimeout(close, KICK_INTERVAL_MS);
      } else {
        windows.delete(org);
      }
    };
    setTimeout(close, KICK_INTERVAL_MS);
  };
  return {
    kick,
    // One thread delivers (a recipient's batches go out in order whichever thread claims them).
    deliver: async (org, recipients) => first.worker.postMessage({ type: "deliver", org, recipients }),
    idle: async () => {},
    async stop() {
      await Promise.all(
        workers.map(async (worker) => {
          const stopped = new Promise<void>((resolve) => {
            worker.on("message", (m) => m === "stopped" && resolve());
            worker.once("exit", () => resolve());
          });
          worker.postMessage("stop");
          await Promise.race([stopped, new Promise((r) => setTimeout(r, 5000))]);
          await worker.terminate();
        }),
      );
    },
  };
}

/** One thread does everything (tests): the organisations' processors run after the responses. */
async function inlineHosting(
  options: NodeServerOptions,
  organizations: TenantRegistry<ServedOrg>,
  runtime: { log: Logger; tracker: ReturnType<typeof createTracker>; clock: Clock },
): Promise<ProcessingHosting> {
  const host = await startProcessingHost({
    organizations,
    processorOf: (served) => {
      if (!served.processor) throw new Error("inline processing builds a processor per organisation");
      return served.processor;
    },
    ...runtime,
    defer: options.defer,
    tickMs: options.tickMs ?? 1000,
    timeZone: options.config.timeZone,
    primary: true,
  });
  return {
    kick: (org) => host.kick(org),
    deliver: async (org, recipients) => host.deliver(org, recipients),
    idle: host.idle,
    stop: host.stop,
  };
}

/**
 * The Node runtime: every organisation's app behind `createPlatform` on `@hono/node-server`, with
 * their processors on the processing thread (or inline, in tests).
 */
export async function startNodeServer(options: NodeServerOptions): Promise<NodeServer> {
  const { config } = options;
  const log = options.log ?? createJsonLogger(config.logLevel);
  const inline = options.processing !== "worker";
  const tracker = createTracker(log);
  // This thread's LINE calls (the processing threads have their own: node-worker.ts).
  const lineTransport = createNodeLineTransport();
  const runtime: NodeRuntime = {
    lineTransport,
    log,
    clock: options.clock ?? systemClock,
    defer: tracker.defer,
    side: inline ? undefined : "http",
  };
  // The default organisation's database is migrated here, before a processing thread opens it.
  const defaultOrg = await createNodeDeps(config, runtime);
  const bot = inline ? await loadBot(options.features) : undefined;
  const hosting: { current?: ProcessingHosting } = {};

  const dispatch = async (request: Request) => server.fetch(request);
  const appOptions = (deps: AppDeps, processing: ProcessingPort): AppOptions => ({
    processing,
    simulator: deps.orgId === DEFAULT_ORG_ID ? options.simulator?.(dispatch, deps) : undefined,
    peerAddress: (c) => getConnInfo(c).remote.address,
    signatures: createNodeSignatureVerifier,
  });
  const organizations = createTenantRegistry<ServedOrg>({
    platform: defaultOrg.deps,
    runtime: config.platform ? nodeTenantRuntime(config, runtime) : undefined,
    build(deps) {
      // Handed over lazily: the host starts once the organisations can be opened.
      const port: ProcessingPort = {
        accept: storeThenKick(deps, () => hosting.current?.kick(deps.orgId)),
        deliver: async (recipients) => hosting.current?.deliver(deps.orgId, recipients),
      };
      const app = createApp(deps, appOptions(deps, port));
      return { fetch: app.fetch, app, processor: bot && createProcessor({ deps, bot }) };
    },
  });
  const server = createPlatform({ deps: defaultOrg.deps, organizations });
  hosting.current = inline
    ? await inlineHosting(options, organizations, { log, tracker, clock: runtime.clock })
    : await threadHosting(options);

  const listening: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: server.fetch, port: config.port, hostname: options.hostname }, () => resolve(s));
  });
  const address = listening.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const processing = hosting.current;

  return {
    url: `http://127.0.0.1:${port}`,
    deps: defaultOrg.deps,
    organizations,
    idle: () => processing.idle(),
    async close() {
      await new Promise<void>((resolve) => listening.close(() => resolve()));
      await processing.stop();
      await organizations.close();
      defaultOrg.close();
      await lineTransport.close();
    },
  };
}
