/**
 * `npm run start:worker`: the Worker entry (src/runtime/worker.ts) served on PORT by workerd through
 * Miniflare's API, with a local D1 database and R2 bucket persisted under `data/worker/`, the SQL
 * migrations of `migrations/` applied at start, the same environment variables as `npm start` as
 * its bindings, and the Cron Trigger played every minute. Node-side tooling (miniflare is a dev
 * dependency): nothing here is part of the Worker bundle.
 */
import { readdir, readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { D1Database } from "@cloudflare/workers-types";
import { Cron } from "croner";
import { build } from "esbuild";
import { Log, LogLevel, Miniflare, MiniflareCoreError, supportedCompatibilityDate } from "miniflare";
import { envSchema } from "../config";
import type { AppDb } from "../db/client";
import { openD1 } from "./d1";
import {
  isMixedOrganisations,
  MixedOrganisationsError,
  ROWS_BY_ORGANISATION_QUERIES,
  sumByOrganisation,
} from "./one-organisation";
import { tenantBinding, workerConfig } from "./worker-config";

const root = fileURLToPath(new URL("../../", import.meta.url));
export const WORKER_ENTRY = join(root, "src/runtime/worker.ts");
export const MIGRATIONS_DIR = join(root, "migrations");
export const WRANGLER_TOML = join(root, "wrangler.toml");
export const DEFAULT_WORKER_STATE = "./data/worker";

/**
 * Where `npm run start:worker` keeps the local D1 databases, R2 bucket and Durable Objects:
 * WORKER_STATE_DIR, else beside DATABASE_PATH (`./x/bot.sqlite` → `./x/bot.worker/`), so two runs
 * with different DATABASE_PATHs never share a database; else `./data/worker`.
 */
export function workerStateDir(env: Record<string, string | undefined>): string {
  if (env.WORKER_STATE_DIR) return env.WORKER_STATE_DIR;
  if (env.DATABASE_PATH) return `${env.DATABASE_PATH.replace(/\.(sqlite3?|db)$/, "")}.worker`;
  return DEFAULT_WORKER_STATE;
}

/** Node's built-in modules: external in the bundle, as wrangler treats them under nodejs_compat. */
const NODE_BUILTINS = [
  "node:*",
  "cloudflare:*",
  "crypto",
  "buffer",
  "stream",
  "async_hooks",
  "events",
  "util",
];

/**
 * Bundle the Worker as wrangler does (browser platform, the `workerd`/`worker`/`browser` export
 * conditions, Node built-ins left to nodejs_compat). Returns the module's source and its inputs.
 */
export async function bundleWorker(entry = WORKER_ENTRY): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    external: NODE_BUILTINS,
    metafile: true,
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error("esbuild produced no Worker bundle");
  return { code: file.text, inputs: Object.keys(result.metafile.inputs) };
}

let bundled: Promise<string> | undefined;

/** Settings of wrangler.toml that the local runtime must share with the deployed one. */
export async function wranglerSettings(path = WRANGLER_TOML): Promise<{
  compatibilityDate: string;
  compatibilityFlags: string[];
  /** The D1 bindings besides `DB`: the organisations' databases (`ORG_…`). */
  tenantBindings: string[];
}> {
  const toml = await readFile(path, "utf8");
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1];
  if (!date) throw new Error(`${path} names no compatibility_date`);
  return {
    compatibilityDate: date,
    compatibilityFlags: [...(flags ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1] as string),
    tenantBindings: [...toml.matchAll(/^binding\s*=\s*"(ORG_[A-Z0-9_]+)"/gm)].map((m) => m[1] as string),
  };
}

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE,
  applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
)`;

/**
 * Apply the SQL files of `dir` in name order through a D1 binding, each file all-or-nothing in one
 * `batch` together with its row in `d1_migrations` (wrangler's tracking table, so `wrangler d1
 * migrations apply` agrees on what is applied). Returns the names applied now. Throws
 * MixedOrganisationsError, changing nothing, for a database (named `database` in the message) with
 * rows of more than one organisation (migrations/0015).
 */
export async function applyD1Migrations(
  d1: D1Database,
  dir = MIGRATIONS_DIR,
  database = "DB",
): Promise<string[]> {
  await d1.prepare(MIGRATIONS_TABLE).run();
  const applied = new Set(
    (await d1.prepare("SELECT name FROM d1_migrations").all<{ name: string }>()).results.map((r) => r.name),
  );
  const files = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  const now: string[] = [];
  for (const name of files) {
    if (applied.has(name)) continue;
    const statements = (await readFile(join(dir, name), "utf8"))
      .split("--> statement-breakpoint")
      .map((statement) => statement.trim())
      .filter(Boolean);
    try {
      await d1.batch([
        ...statements.map((statement) => d1.prepare(statement)),
        d1.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(name),
      ]);
    } catch (error) {
      if (!isMixedOrganisations(error)) throw error;
      // The batch rolled back: the database is as it was, org_id columns included.
      const answers = await d1.batch<{ orgId: string; n: number }>(
        ROWS_BY_ORGANISATION_QUERIES.map((query) => d1.prepare(query)),
      );
      const rows = sumByOrganisation(answers.map((answer) => answer.results));
      throw new MixedOrganisationsError(`${database} (D1)`, rows);
    }
    now.push(name);
  }
  return now;
}

export interface LocalWorkerOptions {
  /** The environment, as `npm start` reads it (process.env); only Prongsai's variables become bindings. */
  env: Record<string, string | undefined>;
  /** Port to listen on (0: a free one); default PORT from `env`. */
  port?: number;
  host?: string;
  /** Where D1 and R2 keep their data between runs (default `./data/worker`). */
  stateDir?: string;
  /** Play the Cron Trigger every minute (`npm run start:worker`); tests fire it themselves. */
  cron?: boolean;
  /** workerd's own log level (the app logs through console at LOG_LEVEL). */
  runtimeLog?: LogLevel;
  /**
   * Organisations of the platform registry to give a local D1 database (bound as `ORG_<ID>`), besides
   * those bound in wrangler.toml.
   */
  orgs?: string[];
  /** Open workerd's V8 inspector on this port (for CPU profiles: scripts/profile-worker.ts). */
  inspectorPort?: number;
}

export interface LocalWorker {
  url: string;
  /** Where a GET fires the scheduled handler by hand, as the Cron Trigger would (Miniflare's entry). */
  scheduledUrl: string;
  /** Fire the scheduled handler as the Cron Trigger would, for the minute `at` (ms; default now). */
  scheduled(at?: number): Promise<void>;
  /** The Worker's D1 database (or an organisation's: `orgId`), reached from Node (for tests and tools). */
  d1(orgId?: string): Promise<D1Database>;
  /** The same database through drizzle, as the core sees it. */
  db(orgId?: string): Promise<AppDb>;
  /** Migrations applied by this start. */
  migrated: string[];
  /**
   * Stop the Cron Trigger and wait (up to `timeoutMs`) until no event is being handled and no
   * message is being sent in any organisation's database: what a graceful stop waits for.
   */
  drain(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The Worker's bindings from the environment: Prongsai's variables only, never the whole of process.env. */
function bindingsOf(env: Record<string, string | undefined>, port: number): Record<string, string> {
  const names = new Set(Object.keys(envSchema.shape));
  const bindings: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (names.has(name) && value !== undefined && value !== "") bindings[name] = value;
  }
  // Links in chat default to this server's own address, as on Node.
  bindings.PORT = String(port);
  return bindings;
}

/** A port nobody listens on now: the Worker's PORT variable must name the port it is served on. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Apply the migrations to every local D1 database before the Worker serves anything: in a workerd of
 * its own (a stub script on a free port), sharing the databases' folder, so the Worker's port only
 * opens once its tables exist. Returns the names applied to `DB`.
 */
async function migrateLocalDatabases(
  databases: Record<string, string>,
  d1Persist: string,
  host: string,
  log: Log,
): Promise<string[]> {
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch: () => new Response(null, { status: 404 }) };",
    d1Databases: databases,
    d1Persist,
    host,
    port: 0,
    cf: false,
    log,
  });
  try {
    await mf.ready;
    const migrated = await applyD1Migrations(await mf.getD1Database("DB"));
    for (const binding of Object.keys(databases).filter((name) => name !== "DB")) {
      await applyD1Migrations(await mf.getD1Database(binding), MIGRATIONS_DIR, binding);
    }
    return migrated;
  } finally {
    await mf.dispose();
  }
}

/** Start the Worker locally in workerd. Throws ConfigError / WorkerStartError on a bad environment. */
export async function startLocalWorker(options: LocalWorkerOptions): Promise<LocalWorker> {
  const config = workerConfig(options.env);
  const host = options.host ?? "127.0.0.1";
  const stateDir = options.stateDir ?? DEFAULT_WORKER_STATE;
  const requested = options.port ?? config.port;
  bundled ??= bundleWorker().then((b) => b.code);
  const [script, settings] = await Promise.all([bundled, wranglerSettings()]);
  // Each database by binding: the default organisation's (and the registry's) and one per organisation.
  const databases: Record<string, string> = { DB: "prongsai" };
  for (const binding of [...settings.tenantBindings, ...(options.orgs ?? []).map(tenantBinding)]) {
    databases[binding] = `prongsai-${binding.slice("ORG_".length).toLowerCase().replaceAll("_", "-")}`;
  }
  const log = new Log(options.runtimeLog ?? LogLevel.WARN);
  const d1Persist = join(stateDir, "d1");
  const migrated = await migrateLocalDatabases(databases, d1Persist, host, log);
  const launch = (port: number) =>
    new Miniflare({
      name: "prongsai",
      // The bundle as one named module: Miniflare need not parse 3 MB of script to find its imports.
      modules: [{ type: "ESModule", path: join(root, "worker.js"), contents: script }],
      // The deployed date may be newer than this workerd knows; locally use the newest it supports.
      compatibilityDate: [settings.compatibilityDate, supportedCompatibilityDate].sort()[0],
      compatibilityFlags: settings.compatibilityFlags,
      d1Databases: databases,
      r2Buckets: { BLOBS: "prongsai-blobs" },
      // One object per organisation: its processor (src/runtime/worker.ts). Its alarms are kept on
      // disk with its storage, so a restarted workerd runs the alarm a killed one had set.
      durableObjects: { PROCESSOR: { className: "OrgProcessor", useSQLite: true } },
      bindings: bindingsOf(options.env, port),
      d1Persist,
      r2Persist: join(stateDir, "r2"),
      durableObjectsPersist: join(stateDir, "do"),
      // The Worker listens on `port` itself. Miniflare's own entry (on a free port; it plays the Cron
      // Trigger and serves /cdn-cgi/handler/scheduled) would put two more Workers in front of every
      // request, which Cloudflare's edge does not: about 0.4 ms of workerd's one thread a webhook,
      // measured with scripts/profile-worker.ts.
      unsafeDirectSockets: [{ host, port }],
      // Likewise Miniflare's Worker that strips CF-Connecting-IP from every outgoing fetch (each LINE
      // call went through it): the Worker never sets that header on a fetch of its own.
      stripCfConnectingIp: false,
      host,
      port: 0,
      // No request.cf download: start offline and fast.
      cf: false,
      unsafeTriggerHandlers: true,
      ...(options.inspectorPort === undefined ? {} : { inspectorPort: options.inspectorPort }),
      log,
    });
  // A free port picked here can be taken before workerd binds it (by another process, or by
  // workerd's own entry socket, which binds an ephemeral port first): then pick another. A port the
  // caller named is theirs to free.
  let port = requested === 0 ? await freePort(host) : requested;
  let mf = launch(port);
  let url: URL;
  for (let attempt = 1; ; attempt++) {
    try {
      url = await mf.ready;
      break;
    } catch (error) {
      await mf.dispose();
      const taken = error instanceof MiniflareCoreError && error.code === "ERR_ADDRESS_IN_USE";
      if (requested !== 0 || !taken || attempt >= 5) throw error;
      port = await freePort(host);
      mf = launch(port);
    }
  }
  const origin = `http://${host}:${port}`;
  const worker = () => mf.getWorker();
  const scheduled = async (at = Date.now()) => {
    await (await worker()).scheduled({ scheduledTime: new Date(at), cron: "* * * * *" });
  };
  // As the Cron Trigger: every minute, in UTC (the core decides what is due in TZ_NAME).
  const cron =
    options.cron === false
      ? undefined
      : new Cron("* * * * *", { timezone: "UTC", protect: true }, async () => {
          try {
            await scheduled();
          } catch (error) {
            console.error(`scheduled run failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        });
  const bindingOf = (orgId?: string) => (orgId === undefined ? "DB" : tenantBinding(orgId));
  const dbs = new Map<string, AppDb>();
  return {
    url: origin,
    scheduledUrl: `http://${host}:${url.port}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`,
    scheduled,
    d1: (orgId) => mf.getD1Database(bindingOf(orgId)),
    async db(orgId) {
      const binding = bindingOf(orgId);
      let db = dbs.get(binding);
      if (!db) {
        db = openD1(await mf.getD1Database(binding));
        dbs.set(binding, db);
      }
      return db;
    },
    migrated,
    async drain(timeoutMs) {
      cron?.stop();
      const until = Date.now() + timeoutMs;
      let quietRounds = 0;
      while (Date.now() < until) {
        let busy = 0;
        for (const binding of Object.keys(databases)) {
          const d1 = await mf.getD1Database(binding);
          const row = await d1
            .prepare(
              `SELECT (SELECT count(*) FROM inbox_events WHERE status IN ('pending', 'processing') AND status = 'processing')
                + (SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending') AND status = 'sending') AS n`,
            )
            .first<{ n: number }>();
          busy += row?.n ?? 0;
        }
        // Twice quiet in a row: a run between two claims is not mistaken for the end of the work.
        quietRounds = busy === 0 ? quietRounds + 1 : 0;
        if (quietRounds >= 2) return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    },
    async close() {
      cron?.stop();
      await mf.dispose();
    },
  };
}
