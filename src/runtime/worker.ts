/**
 * The Cloudflare Workers entry: the same Hono app and core as on Node, over D1 (drizzle-orm/d1), an R2
 * bucket for photos and the LINE gateway over the platform's `fetch`. Everything is built once per isolate, on
 * its first event (never at import time), from the Worker's env bindings through the same
 * `parseConfig` as `npm start`. Work after a response goes to `ctx.waitUntil`; the Cron Trigger
 * (every minute, UTC) runs the periodic pass and the reminders, and the core decides what is due in
 * the organisation's time zone.
 *
 * Unlike Node there is no `recover()` at start: several isolates share one database, so work an
 * isolate left half-done is taken back through its lease by the next pass (the cron tick at the
 * latest), never by resetting what another isolate is holding.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { D1Database, ExecutionContext, R2Bucket, ScheduledController } from "@cloudflare/workers-types";
import { drizzle } from "drizzle-orm/d1";
import { type App, createApp } from "../app";
import { type Config, ConfigError } from "../config";
import type { AppDb } from "../db/client";
import { ensureOrganization, seedOrganizationDefaults } from "../db/repos/organizations.repo";
import * as schema from "../db/schema";
import { type AppDeps, type BlobStore, type Logger, systemClock, webIds } from "../deps";
import { localDate } from "../domain/thai-time";
import { runScheduledMinute } from "../jobs/scheduled.job";
import { createLineGateway } from "../line/gateway";
import { type TenantRuntime, tenantLogger } from "../platform/tenants";
import { createR2BlobStore } from "./r2-blob-store";
import { tenantBinding, WORKER_ORG_ID, WorkerStartError, workerConfig } from "./worker-config";
import { createWorkerLogger } from "./worker-logger";

/** The bindings of wrangler.toml plus the same variables as `npm start` (vars and secrets). */
export interface WorkerEnv {
  DB: D1Database;
  BLOBS: R2Bucket;
  [variable: string]: unknown;
}

interface Isolate {
  app: App;
  deps: AppDeps;
}

let isolate: Promise<Isolate> | undefined;
// The execution context of the event being handled, so `deps.defer` reaches its `waitUntil`.
let events: AsyncLocalStorage<ExecutionContext> | undefined;

const isD1 = (binding: unknown): binding is D1Database =>
  typeof binding === "object" && binding !== null && "prepare" in binding && "batch" in binding;

/** One organisation's deps over its D1 database (its organisation row ensured and defaults seeded). */
async function openOrganization(
  d1: D1Database,
  blobs: BlobStore,
  orgId: string,
  config: Config,
  log: Logger,
  contexts: AsyncLocalStorage<ExecutionContext>,
): Promise<AppDeps> {
  const db = drizzle(d1, { schema }) as unknown as AppDb;
  const now = systemClock.now();
  await ensureOrganization(db, orgId, config.orgName, now);
  await seedOrganizationDefaults(db, orgId, {
    now,
    yearCe: Number(localDate(now, config.timeZone).slice(0, 4)),
    newId: webIds.uuid,
  });
  return {
    config,
    db,
    orgId,
    // The platform's own `fetch` (the gateway's default transport).
    line: createLineGateway({
      channelAccessToken: config.line.channelAccessToken ?? "",
      apiBaseUrl: config.line.apiBaseUrl,
      dataApiBaseUrl: config.line.dataApiBaseUrl,
    }),
    clock: systemClock,
    ids: webIds,
    blobs,
    log,
    defer(work) {
      const running = work().catch((error) =>
        log.error("background work failed", {
          error: error instanceof Error ? error.message : String(error),
        }),
      );
      const ctx = contexts.getStore();
      if (ctx) ctx.waitUntil(running);
      else log.warn("background work started outside an event: it may be cut short");
    },
  };
}

/**
 * The organisations of the platform registry on a Worker: each its own D1 database, bound as
 * `tenantBinding(id)` in wrangler.toml (bindings are fixed at deploy time, so an organisation is
 * registered only once its database is bound), and its photos under `orgs/<id>/` in the one R2 bucket.
 */
function workerTenantRuntime(
  env: WorkerEnv,
  log: Logger,
  contexts: AsyncLocalStorage<ExecutionContext>,
): TenantRuntime {
  return {
    unavailable(orgId) {
      const binding = tenantBinding(orgId);
      return isD1(env[binding])
        ? undefined
        : `no D1 database is bound as ${binding}: create one (wrangler d1 create prongsai-${orgId}), add it to wrangler.toml as binding "${binding}", apply the migrations and deploy, then register the organisation`;
    },
    async open({ orgId, config }) {
      const d1 = env[tenantBinding(orgId)];
      if (!isD1(d1)) throw new Error(`no D1 database is bound as ${tenantBinding(orgId)}`);
      const blobs = createR2BlobStore(env.BLOBS, `orgs/${orgId}/`);
      const deps = await openOrganization(d1, blobs, orgId, config, tenantLogger(log, orgId), contexts);
      return { deps, close() {} };
    },
  };
}

async function startIsolate(env: WorkerEnv, contexts: AsyncLocalStorage<ExecutionContext>): Promise<Isolate> {
  const config = workerConfig(env);
  const log: Logger = createWorkerLogger(config.logLevel);
  if (!env.DB || !env.BLOBS)
    throw new WorkerStartError("the Worker needs its DB (D1) and BLOBS (R2) bindings");
  if (typeof env.PUBLIC_URL !== "string") {
    log.warn("PUBLIC_URL is not set: links sent in chat point to localhost", { publicUrl: config.publicUrl });
  }
  const deps = await openOrganization(
    env.DB,
    createR2BlobStore(env.BLOBS),
    WORKER_ORG_ID,
    config,
    log,
    contexts,
  );
  // A processing run stops after 20 s (Cloudflare ends waitUntil work ~30 s after the response); what
  // is left is taken by the next webhook or the next minute's Cron Trigger.
  return {
    app: createApp(deps, {
      pipeline: { budgetMs: 20_000 },
      peerAddress: (c) => c.req.header("cf-connecting-ip"),
      tenants: config.platform ? workerTenantRuntime(env, log, contexts) : undefined,
    }),
    deps,
  };
}

function isolateFor(env: WorkerEnv): {
  ready: Promise<Isolate>;
  contexts: AsyncLocalStorage<ExecutionContext>;
} {
  events ??= new AsyncLocalStorage<ExecutionContext>();
  const contexts = events;
  isolate ??= startIsolate(env, contexts).catch((error) => {
    // Bad configuration stays bad until a new deployment; anything else (D1 busy) is tried again.
    if (!(error instanceof ConfigError || error instanceof WorkerStartError)) isolate = undefined;
    throw error;
  });
  return { ready: isolate, contexts };
}

/**
 * The isolate, started on first use; a start that fails on configuration is logged in one line and
 * answered as `failed` (anything else is thrown, and the next event tries again).
 */
async function running(
  env: WorkerEnv,
): Promise<{ isolate: Isolate; contexts: AsyncLocalStorage<ExecutionContext> } | { failed: string }> {
  const { ready, contexts } = isolateFor(env);
  try {
    return { isolate: await ready, contexts };
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof WorkerStartError)) throw error;
    console.error(error.message);
    return { failed: error.message };
  }
}

/** The Cron Trigger's work: due retries, the outbox sweep, finished erasures, then reminders and retention. */
async function scheduledWork({ app, deps }: Isolate, at: number): Promise<void> {
  try {
    await app.pipeline.tick();
  } catch (error) {
    deps.log.error("periodic pass failed", { error: error instanceof Error ? error.message : String(error) });
  }
  await runScheduledMinute(deps, at, app.pipeline.delivery.deliver);
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const started = await running(env);
    if ("failed" in started) {
      return new Response(`${started.failed}\n`, { status: 500, headers: { "content-type": "text/plain" } });
    }
    return started.contexts.run(ctx, () => started.isolate.app.app.fetch(request, env, ctx));
  },

  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const started = await running(env);
    if ("failed" in started) return;
    await started.contexts.run(ctx, async () => {
      await scheduledWork(started.isolate, controller.scheduledTime);
      // The organisations of the platform registry, one after another, each in its own database.
      for (const tenant of (await started.isolate.app.tenants?.all()) ?? []) {
        await scheduledWork(tenant, controller.scheduledTime);
      }
    });
  },
};
