/**
 * The Cloudflare Workers entry: the same Hono apps and core as on Node, over D1 (drizzle-orm/d1), an
 * R2 bucket for photos and LINE's HTTP API. Everything is built once per isolate, on its first event
 * (never at import time), from the Worker's env bindings through the same `parseConfig` as `npm start`.
 *
 * Processing: one Durable Object per organisation (`OrgProcessor`, binding `PROCESSOR`, named by the
 * organisation's id) is the only processor of that organisation. The webhook, once the signature and
 * the body hold, hands the events to the organisation's object, which stores them in D1 (the events of
 * every webhook arriving while its write is in flight go into the next write together: a D1 call is a
 * round trip) and sets its alarm, durably, before LINE gets its 200; the object handles the events in
 * its alarm, giving way to webhooks being accepted (ack-priority.ts), so under a burst the answers
 * catch up after it. When the object starts (after a crash, an
 * eviction, a deploy) its first alarm takes back what was interrupted: it is the only one that could
 * have been holding it, so there is no lease to wait out. After each run it sets its alarm to the
 * next due time (an outbox retry at 1 s, 2 s, 4 s…, an event's retry), so only the minute's schedule
 * (reminders, retention) waits for the Cron Trigger, which wakes each organisation's object for it.
 */

import { DurableObject } from "cloudflare:workers";
import { AsyncLocalStorage } from "node:async_hooks";
import type {
  D1Database,
  DurableObjectNamespace,
  ExecutionContext,
  R2Bucket,
  ScheduledController,
} from "@cloudflare/workers-types";
import type { Hono } from "hono";
import { createApp, type ProcessingPort } from "../app";
import { type Config, ConfigError } from "../config";
import { createInboxWriter, type InboxWriter } from "../db/repos/inbox.repo";
import { ensureOrganization, seedOrganizationDefaults } from "../db/repos/organizations.repo";
import { type AppDeps, type BlobStore, type Logger, systemClock, webIds } from "../deps";
import { localDate } from "../domain/thai-time";
import { loadBot } from "../features/registry";
import { createProcessor, type Processor } from "../jobs/processor";
import { runScheduledMinute } from "../jobs/scheduled.job";
import { createLineGateway } from "../line/gateway";
import type { WebhookEvent } from "../line/webhook.schema";
import { createPlatform } from "../platform/platform";
import {
  createTenantRegistry,
  DEFAULT_ORG_ID,
  type TenantRegistry,
  type TenantRuntime,
  tenantLogger,
} from "../platform/tenants";
import { createAckPriority } from "./ack-priority";
import { openD1 } from "./d1";
import { createR2BlobStore } from "./r2-blob-store";
import { tenantBinding, WorkerStartError, workerConfig } from "./worker-config";
import { createWorkerLogger } from "./worker-logger";

/** The bindings of wrangler.toml plus the same variables as `npm start` (vars and secrets). */
export interface WorkerEnv {
  DB: D1Database;
  BLOBS: R2Bucket;
  PROCESSOR: DurableObjectNamespace;
  [variable: string]: unknown;
}

const isD1 = (binding: unknown): binding is D1Database =>
  typeof binding === "object" && binding !== null && "prepare" in binding && "batch" in binding;

/** One organisation's deps over its D1 database (its organisation row ensured and defaults seeded). */
async function openOrganization(
  d1: D1Database,
  blobs: BlobStore,
  orgId: string,
  config: Config,
  log: Logger,
  defer: AppDeps["defer"],
): Promise<AppDeps> {
  const db = openD1(d1);
  const now = systemClock.now();
  await ensureOrganization(db, orgId, config.orgName, now);
  await seedOrganizationDefaults(db, {
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
    defer,
  };
}

/**
 * The organisations of the platform registry on a Worker: each its own D1 database, bound as
 * `tenantBinding(id)` in wrangler.toml (bindings are fixed at deploy time, so an organisation is
 * registered only once its database is bound), and its photos under `orgs/<id>/` in the one R2 bucket.
 */
function workerTenantRuntime(env: WorkerEnv, log: Logger, defer: AppDeps["defer"]): TenantRuntime {
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
      const deps = await openOrganization(d1, blobs, orgId, config, tenantLogger(log, orgId), defer);
      return { deps, close() {} };
    },
  };
}

/** Every organisation of this deployment over the Worker's bindings, built into `T` on this side. */
async function workerOrganizations<T>(
  env: WorkerEnv,
  defer: AppDeps["defer"],
  build: (deps: AppDeps) => T | Promise<T>,
): Promise<{ organizations: TenantRegistry<T>; deps: AppDeps }> {
  const config = workerConfig(env);
  const log: Logger = createWorkerLogger(config.logLevel);
  if (!env.DB || !env.BLOBS || !env.PROCESSOR) {
    throw new WorkerStartError(
      "the Worker needs its DB (D1), BLOBS (R2) and PROCESSOR (Durable Object) bindings",
    );
  }
  const deps = await openOrganization(
    env.DB,
    createR2BlobStore(env.BLOBS),
    DEFAULT_ORG_ID,
    config,
    log,
    defer,
  );
  const organizations = createTenantRegistry({
    platform: deps,
    runtime: config.platform ? workerTenantRuntime(env, log, defer) : undefined,
    build,
  });
  return { organizations, deps };
}

/** What the Worker calls on an organisation's Durable Object (RPC). */
interface OrgProcessorStub {
  accept(orgId: string, events: WebhookEvent[], receivedAt: number): Promise<void>;
  wake(orgId: string): Promise<void>;
  minute(orgId: string, at: number): Promise<void>;
}

/** The organisation's Durable Object (the same object for the same id, wherever it is asked for). */
const processorOf = (env: WorkerEnv, orgId: string) =>
  env.PROCESSOR.get(env.PROCESSOR.idFromName(orgId)) as unknown as OrgProcessorStub;

/**
 * What one alarm run takes on: at most 20 s (an alarm run has 30 s of CPU by default, Durable Objects
 * limits), and at most 50 batches — a batch is about ten D1 calls (claim, the chats' read, the commit,
 * deliveries), and D1 allows 1,000 queries per invocation on Workers Paid (D1 limits). What is left
 * is due at once, so the run's alarm is set again for it.
 */
const ALARM_RUN_LIMITS = { budgetMs: 20_000, batchesPerRun: 50 };

/** A Durable Object never waits for an alarm sooner than this after a run (a guard against spinning). */
const MIN_ALARM_GAP_MS = 50;

/**
 * The only processor of one organisation. Its alarm is its work loop: set (durably) by `wake` when
 * events arrive, by itself for the next due retry, and kept when a run ends with an earlier one set.
 */
export class OrgProcessor extends DurableObject<WorkerEnv> implements OrgProcessorStub {
  #org: Promise<{ processor: Processor; deps: AppDeps; inbox: InboxWriter } | null> | undefined;
  #recovered = false;
  /** Webhooks go ahead of answers on this object's thread (see ack-priority.ts for the figures). */
  #acks = createAckPriority({ acksPerTurn: 8, maxPolls: 200 });
  /** The organisation's id as stored (read or written once per instance). */
  #orgId: string | undefined;

  /**
   * A verified webhook's events for `orgId`: stored in its inbox (in one D1 write with those of every
   * call that arrives while one is in flight), then the alarm set. Resolves once both are durable.
   * Counted as in flight meanwhile: the alarm's processing gives way to it.
   */
  accept(orgId: string, events: WebhookEvent[], receivedAt: number): Promise<void> {
    return this.#acks.accepting(async () => {
      await this.#remember(orgId);
      const org = await this.#open();
      if (!org) throw new Error(`organisation ${orgId} cannot be opened here`);
      await org.inbox.store(events, receivedAt);
      await this.#alarmNow();
    });
  }

  /** A commit's pushes for `orgId` (or events stored elsewhere): set the alarm now. */
  async wake(orgId: string): Promise<void> {
    await this.#remember(orgId);
    await this.#alarmNow();
  }

  /** The alarm set to now, unless it is already due. */
  async #alarmNow() {
    const alarm = await this.ctx.storage.getAlarm();
    const now = Date.now();
    if (alarm === null || alarm > now) await this.ctx.storage.setAlarm(now);
  }

  /** The Cron Trigger's minute: due retries, the outbox sweep, then reminders, closure and retention. */
  async minute(orgId: string, at: number): Promise<void> {
    await this.#remember(orgId);
    const org = await this.#open();
    if (!org) return;
    await this.#run(org.processor);
    await runScheduledMinute(org.deps, at, org.processor.delivery.deliver);
    await this.#scheduleNext(org.processor);
  }

  override async alarm(): Promise<void> {
    const org = await this.#open();
    if (!org) return;
    await this.#run(org.processor);
    await this.#scheduleNext(org.processor);
  }

  /** The first run of this instance takes back what a crash interrupted; later runs do the periodic pass. */
  async #run(processor: Processor) {
    if (this.#recovered) return processor.tick();
    this.#recovered = true;
    await processor.recover();
  }

  async #scheduleNext(processor: Processor) {
    const due = await processor.nextDueAt();
    if (due === null) return;
    const at = Math.max(due, Date.now() + MIN_ALARM_GAP_MS);
    // During the alarm handler getAlarm() is null unless a wake() set one meanwhile: keep the earlier.
    const set = await this.ctx.storage.getAlarm();
    if (set === null || at < set) await this.ctx.storage.setAlarm(at);
  }

  async #remember(orgId: string) {
    if (this.#orgId === orgId) return;
    if ((await this.ctx.storage.get<string>("org")) !== orgId) await this.ctx.storage.put("org", orgId);
    this.#orgId = orgId;
  }

  #open() {
    this.#org ??= (async () => {
      const orgId = await this.ctx.storage.get<string>("org");
      if (!orgId) return null;
      const defer: AppDeps["defer"] = (work) => {
        // Inside the object: its work keeps it running, with no request context to attach to.
        void work().catch((error) =>
          console.error(`background work failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      };
      const bot = await loadBot();
      const { organizations } = await workerOrganizations(this.env, defer, (deps) => ({
        processor: createProcessor({
          deps,
          bot,
          limits: ALARM_RUN_LIMITS,
          yieldToHost: () => this.#acks.turn(),
        }),
        deps,
        // LINE gives up after 2 s and redelivers; the dedupe key makes that safe.
        inbox: createInboxWriter(deps.db, 1500),
      }));
      const org = await organizations.get(orgId);
      return org ? org.built : null;
    })().catch((error) => {
      this.#org = undefined;
      throw error;
    });
    return this.#org;
  }
}

/**
 * One wake of the organisation's object for every webhook of this isolate whose events were stored
 * before it started: callers arriving while a wake is in flight get the next one (their events may
 * have landed after the object's run began), so every acknowledged event is covered by an alarm set
 * after it was stored, with one call to the object per burst instead of one per webhook.
 */
function coalescedWake(wake: () => Promise<void>): () => Promise<void> {
  let next: Promise<void> | undefined;
  let inFlight: Promise<void> | undefined;
  return () => {
    next ??= (async () => {
      await inFlight?.catch(() => {});
      next = undefined;
      const current = wake();
      inFlight = current;
      return current;
    })();
    return next;
  };
}

interface Isolate {
  server: Hono;
  organizations: TenantRegistry<{ fetch: Hono["fetch"] }>;
}

let isolate: Promise<Isolate> | undefined;
// The execution context of the event being handled, so `deps.defer` reaches its `waitUntil`.
let events: AsyncLocalStorage<ExecutionContext> | undefined;

async function startIsolate(env: WorkerEnv, contexts: AsyncLocalStorage<ExecutionContext>): Promise<Isolate> {
  const defer: AppDeps["defer"] = (work) => {
    const running = work().catch((error) =>
      console.error(`background work failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    const ctx = contexts.getStore();
    if (ctx) ctx.waitUntil(running);
  };
  const port = (orgId: string): ProcessingPort => {
    const wake = coalescedWake(() => processorOf(env, orgId).wake(orgId));
    return {
      // The object stores the events (with those of concurrent webhooks, in one D1 call) and sets its
      // alarm: one call to it per webhook instead of a D1 write and a wake.
      accept: (events, receivedAt) => processorOf(env, orgId).accept(orgId, events, receivedAt),
      deliver: wake,
    };
  };
  const { organizations, deps } = await workerOrganizations(env, defer, (orgDeps) => {
    const app = createApp(orgDeps, {
      processing: port(orgDeps.orgId),
      peerAddress: (c) => c.req.header("cf-connecting-ip"),
    });
    return { fetch: app.fetch };
  });
  if (typeof env.PUBLIC_URL !== "string") {
    deps.log.warn("PUBLIC_URL is not set: links sent in chat point to localhost", {
      publicUrl: deps.config.publicUrl,
    });
  }
  return { server: createPlatform({ deps, organizations }), organizations };
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

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const started = await running(env);
    if ("failed" in started) {
      return new Response(`${started.failed}\n`, { status: 500, headers: { "content-type": "text/plain" } });
    }
    return started.contexts.run(ctx, () => started.isolate.server.fetch(request, env));
  },

  /** Every minute: each organisation's object runs its minute (one after another, each in its own database). */
  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const started = await running(env);
    if ("failed" in started) return;
    await started.contexts.run(ctx, async () => {
      const registered = await started.isolate.organizations.list();
      for (const orgId of [DEFAULT_ORG_ID, ...registered.map((org) => org.id)]) {
        try {
          await processorOf(env, orgId).minute(orgId, controller.scheduledTime);
        } catch (error) {
          console.error(
            `scheduled run of ${orgId} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    });
  },
};
