import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { AppDb } from "../../src/db/client";
import { createSignatureVerifier } from "../../src/line/signature";
import { type LocalWorker, startLocalWorker } from "../../src/runtime/worker-local";
import {
  type EventBase,
  type UserAction,
  webhookBody,
  webhookEvent,
} from "../../src/simulator/webhook-events";
import { adminApi } from "./admin";
import { startTestBot, TEST_ADMIN_TOKEN, TEST_PLATFORM_KEY, TEST_PLATFORM_TOKEN, TEST_SECRET } from "./bot";
import { type RunningDouble, TEST_ACCESS_TOKEN } from "./double";

process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
process.env.WRANGLER_SEND_METRICS ??= "false";

/**
 * Prongsai as the outside sees it, on either runtime: a URL, signed webhooks, the database, and the
 * periodic work. The same scenarios drive the Node server and the local Worker through this.
 */
export interface BotUnderTest {
  runtime: "node" | "worker";
  url: string;
  /** The bot's database, as the core sees it (SQLite on Node, the Worker's D1 from Node). */
  db: AppDb;
  postRaw(body: string, signature?: string | null): Promise<Response>;
  event(userId: string, action: UserAction, base?: Partial<EventBase>): Record<string, unknown>;
  postEvents(events: Array<Record<string, unknown>>): Promise<Response>;
  send(userId: string, ...actions: UserAction[]): Promise<Response>;
  /** Wait until the work started after responses (handling, deliveries) has finished. */
  settle(): Promise<void>;
  /** The periodic pass: the Worker's scheduled handler; Node's pipeline tick. */
  tick(): Promise<void>;
  /** Reminders as the minute's schedule would run them at `at`: the Cron Trigger, or the admin API on Node. */
  runReminders(at: number): Promise<void>;
  /** An organisation of the platform registry's own database (started with `platform`). */
  orgDb(orgId: string): Promise<AppDb>;
  close(): Promise<void>;
}

/** How a runtime under test starts: `platform` sets PLATFORM_TOKEN and PLATFORM_SECRET_KEY. */
export interface StartOptions {
  platform?: {
    /** The organisations that will be registered (a Worker needs a D1 database bound for each). */
    orgs: string[];
  };
}

/** The variables both runtimes start with (as `npm start` / `npm run start:worker` read them). */
export function testEnvironment(line: RunningDouble): Record<string, string> {
  return {
    LINE_CHANNEL_SECRET: TEST_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    LINE_API_BASE_URL: line.origin,
    LINE_DATA_API_BASE_URL: line.origin,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ORG_NAME: "เทศบาลตำบลทดสอบ",
    LOG_LEVEL: "error",
    CHAT_RATE_LIMIT: "0",
  };
}

/** Call the admin API with the test token (the same helper as for the Node server). */
export const admin = adminApi;

async function signedPoster(url: string) {
  const signer = await createSignatureVerifier(TEST_SECRET);
  return async (body: string, signature?: string | null) =>
    fetch(`${url}/webhook`, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        ...(signature === null ? {} : { "x-line-signature": signature ?? (await signer.sign(body)) }),
      },
      body,
    });
}

function eventMaker(line: RunningDouble) {
  return (userId: string, action: UserAction, base: Partial<EventBase> = {}) =>
    webhookEvent(action, {
      userId,
      timestamp: Date.now(),
      replyToken: action.type === "unfollow" ? undefined : line.double.issueReplyToken(userId),
      ...base,
    });
}

/** The Node server of `npm start` (inline processing, no timers), through `startTestBot`. */
export async function startNodeUnderTest(
  line: RunningDouble,
  options: StartOptions = {},
): Promise<BotUnderTest> {
  const bot = await startTestBot(line, { platform: options.platform !== undefined });
  return {
    runtime: "node",
    url: bot.url,
    db: bot.deps.db,
    postRaw: bot.postRaw,
    event: bot.event,
    postEvents: bot.postEvents,
    send: bot.send,
    settle: bot.settle,
    tick: bot.tick,
    async runReminders(at) {
      const run = await admin(
        bot,
        "POST",
        `/reminders/run?at=${encodeURIComponent(new Date(at).toISOString())}`,
      );
      if (run.status !== 200) throw new Error(`reminders run answered ${run.status}`);
      await bot.settle();
    },
    async orgDb(orgId) {
      const tenant = await bot.organizations.get(orgId);
      if (!tenant) throw new Error(`organisation ${orgId} is not registered`);
      return tenant.deps.db;
    },
    close: bot.close,
  };
}

/** Rows still to be worked on now: events to handle, answers to deliver (later retries excluded). */
async function openWork(db: AppDb): Promise<number> {
  const now = Date.now();
  const row = await db.get<{ inbox: number; outbox: number }>(sql`
    SELECT
      (SELECT count(*) FROM inbox_events
        WHERE status = 'processing' OR (status = 'pending' AND next_attempt_at <= ${now})) AS inbox,
      (SELECT count(*) FROM outbox
        WHERE status = 'sending' OR (status = 'pending' AND next_attempt_at <= ${now})) AS outbox`);
  return (row?.inbox ?? 0) + (row?.outbox ?? 0);
}

export interface TestWorker extends BotUnderTest {
  local: LocalWorker;
}

/**
 * The Worker as `npm run start:worker` starts it (startLocalWorker: the bundle in workerd, local D1
 * with the migrations, local R2), on a free port, with fresh state, talking to the double. Work
 * after the 200 runs in `ctx.waitUntil`, out of the test's reach, so `settle` watches the database
 * until nothing is left to handle or deliver.
 */
export async function startTestWorker(line: RunningDouble, options: StartOptions = {}): Promise<TestWorker> {
  const stateDir = mkdtempSync(join(tmpdir(), "prongsai-worker-"));
  const orgs = options.platform?.orgs ?? [];
  const local = await startLocalWorker({
    env: {
      ...testEnvironment(line),
      ...(options.platform
        ? { PLATFORM_TOKEN: TEST_PLATFORM_TOKEN, PLATFORM_SECRET_KEY: TEST_PLATFORM_KEY }
        : {}),
    },
    port: 0,
    stateDir,
    cron: false,
    orgs,
  });
  const db = await local.db();
  // Work after the 200 may be in the default database or in any organisation's.
  const dbs = [db, ...(await Promise.all(orgs.map((orgId) => local.db(orgId))))];
  const postRaw = await signedPoster(local.url);
  const event = eventMaker(line);
  const postEvents = (events: Array<Record<string, unknown>>) => postRaw(webhookBody(events));
  const settle = async () => {
    const deadline = Date.now() + 15_000;
    let quiet = 0;
    // Two quiet looks in a row: a delivery round may be between its commit and its claim.
    while (quiet < 2) {
      if (Date.now() > deadline) throw new Error("the Worker did not settle within 15 s");
      const open = await Promise.all(dbs.map(openWork));
      quiet = open.every((n) => n === 0) ? quiet + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  };
  return {
    runtime: "worker",
    local,
    url: local.url,
    db,
    postRaw,
    event,
    postEvents,
    send: (userId, ...actions) => postEvents(actions.map((action) => event(userId, action))),
    settle,
    tick: () => local.scheduled(),
    async runReminders(at) {
      await local.scheduled(at);
      await settle();
    },
    orgDb: (orgId) => local.db(orgId),
    async close() {
      await local.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
