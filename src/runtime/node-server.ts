import { Worker } from "node:worker_threads";
import { type ServerType, serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { type App, createApp } from "../app";
import type { BotFeatures } from "../bot/bot";
import type { Config } from "../config";
import { type AppDeps, type Clock, type Logger, systemClock } from "../deps";
import type { SimulatorBackend } from "../http/simulator.route";
import type { TenantRegistry } from "../platform/tenants";
import { createNodeDeps, createTracker, nodeTenantRuntime, startTicker } from "./node-deps";
import { createNodeLineTransport } from "./node-line-transport";
import { createJsonLogger } from "./node-logger";
import { createNodeSignatureVerifier } from "./node-signature";
import { type Schedule, startReminderSchedule, startTenantsSchedule } from "./reminder-schedule";

export { DEFAULT_ORG_ID } from "./node-deps";

export interface NodeServerOptions {
  config: Config;
  log?: Logger;
  clock?: Clock;
  /**
   * `worker` (the `npm start` default): events are handled on a second thread, so acknowledging
   * LINE never waits behind processing. `inline`: one thread, for tests and custom `features`.
   */
  processing?: "inline" | "worker";
  features?: BotFeatures;
  /**
   * Simulator mode: builds the web chat's backend; `dispatch` sends a request into this app, `deps` are
   * the app's (the simulator reads roles and writes demo data through them).
   */
  simulator?: (dispatch: (request: Request) => Promise<Response>, deps: AppDeps) => SimulatorBackend;
  /** How often due retries are swept (ms); 0 turns the sweep off. */
  tickMs?: number;
  /** Inline only: where work after the response runs; a test drops it to play a crash after the 200. */
  defer?: AppDeps["defer"];
  hostname?: string;
}

export interface NodeServer {
  url: string;
  deps: AppDeps;
  app: App;
  /** Inline processing (and always for the organisations of the platform registry): wait for work started after responses (processing, deliveries). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface Processor {
  defer: AppDeps["defer"];
  start(app: App, deps: AppDeps): Promise<void>;
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Work done in this process after the responses: tracked deferred work, a periodic pass every
 * `tickMs` and, unless `tickMs` is 0 (tests turn the periodic work off and run reminders through
 * the admin API), the minute's schedule.
 */
function inProcessWork(log: Logger, defer?: AppDeps["defer"]) {
  const tracker = createTracker(log);
  let ticker: ReturnType<typeof startTicker> | undefined;
  let schedule: Schedule | undefined;
  const idle = () => tracker.idle(() => ticker?.current() ?? null);
  return {
    defer: defer ?? tracker.defer,
    run(tick: () => Promise<void>, tickMs: number, startSchedule: () => Schedule) {
      ticker = startTicker(tick, tickMs);
      if (tickMs > 0) schedule = startSchedule();
    },
    idle,
    async stop() {
      ticker?.stop();
      schedule?.stop();
      await Promise.race([idle(), new Promise((r) => setTimeout(r, 5000))]);
    },
  };
}

function inlineProcessor(options: NodeServerOptions, log: Logger): Processor {
  const work = inProcessWork(log, options.defer);
  return {
    defer: work.defer,
    async start(app, deps) {
      await app.pipeline.recover();
      work.run(app.pipeline.tick, options.tickMs ?? 1000, () =>
        startReminderSchedule(deps, app.pipeline.delivery.deliver),
      );
    },
    idle: work.idle,
    stop: work.stop,
  };
}

/**
 * The organisations of the platform registry (`PLATFORM_TOKEN`): their events are handled in this
 * process, after the response (a tracked promise, as the inline processor does); the periodic pass and
 * the minute's scheduled jobs run here for each of them. At start every registered organisation is
 * opened, which takes back what a crash interrupted.
 */
function tenantsProcessor(log: Logger) {
  const work = inProcessWork(log);
  return {
    defer: work.defer,
    async start(tenants: TenantRegistry, tickMs: number, timeZone: string) {
      await tenants.all();
      work.run(
        async () => {
          for (const tenant of await tenants.all()) await tenant.app.pipeline.tick();
        },
        tickMs,
        () => startTenantsSchedule(tenants, timeZone, log),
      );
    },
    idle: work.idle,
    stop: work.stop,
  };
}

const KICK_INTERVAL_MS = 5;

function workerProcessor(options: NodeServerOptions): Processor {
  // Under tsx (dev, tests) the worker loads its .ts source through tsx; the built bundle has a .js beside it.
  const entry = import.meta.url.endsWith(".ts") ? "./node-worker.dev.mjs" : "./node-worker.js";
  const spawn = (primary: boolean) => {
    const worker = new Worker(new URL(entry, import.meta.url), {
      // Bounded heap: the thread holds one batch of events at a time, not a backlog.
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 },
      workerData: { config: options.config, tickMs: options.tickMs ?? 1000, primary },
    });
    const ready = new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", reject);
    });
    return { worker, ready };
  };
  const workers: Worker[] = [];
  const kick = () => {
    for (const worker of workers) worker.postMessage("kick");
  };
  let kickPending = false;
  let kickAgain = false;
  return {
    // The workers drain everything that is due on each kick, so under load one kick every few
    // milliseconds is enough; a quiet chat still gets its kick at once.
    defer() {
      if (kickPending) {
        kickAgain = true;
        return;
      }
      kickPending = true;
      kick();
      const window = () => {
        if (kickAgain) {
          kickAgain = false;
          kick();
          setTimeout(window, KICK_INTERVAL_MS);
        } else {
          kickPending = false;
        }
      };
      setTimeout(window, KICK_INTERVAL_MS);
    },
    async start() {
      // The first takes back what a crash left and runs the schedule; then the others only claim
      // (the claim leaves a chat with an event in hand to whoever holds it: one chat, one thread).
      const first = spawn(true);
      await first.ready;
      workers.push(first.worker);
      const others = Array.from({ length: options.config.processingThreads - 1 }, () => spawn(false));
      await Promise.all(others.map((other) => other.ready));
      workers.push(...others.map((other) => other.worker));
    },
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

/** The Node runtime: the one app on `@hono/node-server`, with inline or worker-thread processing. */
export async function startNodeServer(options: NodeServerOptions): Promise<NodeServer> {
  const { config } = options;
  const log = options.log ?? createJsonLogger(config.logLevel);
  // The database is migrated here before a processing thread opens it.
  let processor: Processor | undefined;
  // This thread's LINE calls (the processing threads have their own: node-worker.ts).
  const lineTransport = createNodeLineTransport();
  const node = await createNodeDeps(config, {
    log,
    clock: options.clock ?? systemClock,
    defer: (work) => processor?.defer(work),
    lineTransport,
  });
  processor = options.processing === "worker" ? workerProcessor(options) : inlineProcessor(options, log);
  const started = processor;
  const tenantWork = tenantsProcessor(log);

  const ref: { current?: App } = {};
  const dispatch = async (request: Request) => {
    if (!ref.current) throw new Error("app not ready");
    return ref.current.app.fetch(request);
  };
  const app = createApp(node.deps, {
    features: options.features,
    simulator: options.simulator?.(dispatch, node.deps),
    peerAddress: (c) => getConnInfo(c).remote.address,
    signatures: createNodeSignatureVerifier,
    tenants: config.platform
      ? nodeTenantRuntime(config, { log, clock: node.deps.clock, defer: tenantWork.defer, lineTransport })
      : undefined,
  });
  ref.current = app;

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.app.fetch, port: config.port, hostname: options.hostname }, () =>
      resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  await started.start(app, node.deps);
  if (app.tenants) await tenantWork.start(app.tenants, options.tickMs ?? 1000, config.timeZone);
  // With a processing thread writing too, the HTTP thread never sleeps on a locked database:
  // the webhook's single write retries after yielding (see db/busy.ts).
  // The processing thread's connection also runs the WAL checkpoints, so no acknowledgement waits on one.
  if (options.processing === "worker") {
    node.setBusyTimeout(0);
    node.setAutoCheckpoint(0);
  }

  return {
    url: `http://127.0.0.1:${port}`,
    deps: node.deps,
    app,
    async idle() {
      await started.idle();
      await tenantWork.idle();
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tenantWork.stop();
      await started.stop();
      await app.tenants?.close();
      node.close();
      await lineTransport.close();
    },
  };
}
