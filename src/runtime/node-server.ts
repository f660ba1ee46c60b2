import { dirname, join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { messagingApi } from "@line/bot-sdk";
import { type App, createApp } from "../app";
import type { BotFeatures } from "../bot/bot";
import type { Config } from "../config";
import { ensureOrganization } from "../db/repos/organizations.repo";
import { type AppDeps, type Clock, type Logger, systemClock, webIds } from "../deps";
import type { SimulatorBackend } from "../http/simulator.route";
import { createFolderBlobStore } from "./folder-blob-store";
import { createJsonLogger } from "./node-logger";
import { openSqlite } from "./sqlite";

export const DEFAULT_ORG_ID = "default";

export interface NodeServerOptions {
  config: Config;
  log?: Logger;
  clock?: Clock;
  features?: BotFeatures;
  /** Simulator mode: builds the web chat's backend; `dispatch` sends a request into this app. */
  simulator?: (dispatch: (request: Request) => Promise<Response>) => SimulatorBackend;
  /** How often due retries are swept (ms); 0 turns the sweep off. */
  tickMs?: number;
  /** Where work after the response runs; a test can drop it to play a crash right after the 200. */
  defer?: AppDeps["defer"];
  /** Listen address; defaults to all interfaces. */
  hostname?: string;
}

export interface NodeServer {
  url: string;
  deps: AppDeps;
  app: App;
  /** Wait for work started after responses (processing, deliveries). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** The Node runtime: better-sqlite3, a blob folder, the LINE SDK clients and `@hono/node-server`. */
export async function startNodeServer(options: NodeServerOptions): Promise<NodeServer> {
  const { config } = options;
  const log = options.log ?? createJsonLogger();
  const sqlite = openSqlite(config.databasePath);
  const clock = options.clock ?? systemClock;
  await ensureOrganization(sqlite.db, DEFAULT_ORG_ID, config.orgName, clock.now());

  const pending = new Set<Promise<unknown>>();
  const track = (work: () => Promise<unknown>) => {
    const running = work()
      .catch((error) => log.error("background work failed", { error: String(error) }))
      .finally(() => pending.delete(running));
    pending.add(running);
  };
  const token = config.line.channelAccessToken ?? "";
  const deps: AppDeps = {
    config,
    db: sqlite.db,
    orgId: DEFAULT_ORG_ID,
    line: {
      messaging: new messagingApi.MessagingApiClient({
        channelAccessToken: token,
        baseURL: config.line.apiBaseUrl,
      }),
      blob: new messagingApi.MessagingApiBlobClient({
        channelAccessToken: token,
        baseURL: config.line.dataApiBaseUrl,
      }),
    },
    clock,
    ids: webIds,
    blobs: createFolderBlobStore(join(dirname(config.databasePath), "blobs")),
    log,
    defer: options.defer ?? track,
  };

  const ref: { current?: App } = {};
  const dispatch = async (request: Request) => {
    if (!ref.current) throw new Error("app not ready");
    return ref.current.app.fetch(request);
  };
  const built = createApp(deps, { features: options.features, simulator: options.simulator?.(dispatch) });
  ref.current = built;

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: built.app.fetch, port: config.port, hostname: options.hostname }, () =>
      resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://127.0.0.1:${port}`;

  await built.pipeline.recover();
  const tickMs = options.tickMs ?? 1000;
  let ticking: Promise<void> | null = null;
  const timer =
    tickMs > 0
      ? setInterval(() => {
          ticking ??= built.pipeline.tick().finally(() => {
            ticking = null;
          });
        }, tickMs)
      : undefined;

  const idle = async () => {
    while (pending.size > 0 || ticking) await Promise.allSettled([...pending, ticking]);
  };

  return {
    url,
    deps,
    app: built,
    idle,
    async close() {
      if (timer) clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.race([idle(), new Promise((r) => setTimeout(r, 5000))]);
      sqlite.close();
    },
  };
}
