import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../src/config";
import type { Clock } from "../../src/deps";
import { createSignatureVerifier } from "../../src/line/signature";
import { type NodeServer, type NodeServerOptions, startNodeServer } from "../../src/runtime/node-server";
import {
  type EventBase,
  type UserAction,
  webhookBody,
  webhookEvent,
} from "../../src/simulator/webhook-events";
import type { RunningDouble } from "./double";
import { TEST_ACCESS_TOKEN } from "./double";

export const TEST_SECRET = "8c570fa6dd201bb328f1c1eac23a96d8";
export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";
export const TEST_PLATFORM_TOKEN = "test-platform-token-0123456789";
/** A fixed 32-byte PLATFORM_SECRET_KEY (base64). */
export const TEST_PLATFORM_KEY = Buffer.alloc(32, 7).toString("base64");

const silent = { debug() {}, info() {}, warn() {}, error() {} };

export function tempDatabasePath(): string {
  return join(mkdtempSync(join(tmpdir(), "prongsai-")), "prongsai.sqlite");
}

export interface TestBot extends NodeServer {
  /** Sign and POST a raw body to /webhook. */
  postRaw(body: string, signature?: string | null): Promise<Response>;
  /** Sign and POST events built from user actions; each gets a reply token issued by the double. */
  send(userId: string, ...actions: UserAction[]): Promise<Response>;
  event(userId: string, action: UserAction, base?: Partial<EventBase>): Record<string, unknown>;
  postEvents(events: Array<Record<string, unknown>>): Promise<Response>;
  /** Wait until processing and delivery started by requests so far have finished. */
  settle(): Promise<void>;
  /** The default organisation's periodic pass (inline processing): due retries, the outbox sweep. */
  tick(): Promise<void>;
}

export interface TestBotOptions extends Partial<Omit<NodeServerOptions, "config">> {
  databasePath?: string;
  /** CHAT_RATE_LIMIT (events a minute per chat); off by default in tests. */
  chatRateLimit?: string;
  clock?: Clock;
  /** PLATFORM_TOKEN and PLATFORM_SECRET_KEY set: the platform API and many organisations (test/support/platform.ts). */
  platform?: boolean;
  /** PRONGSAI_PROCESSING_THREADS (with `processing: "worker"`). */
  processingThreads?: number;
}

/** Prongsai's real Node server on a free port, with a real SQLite file, talking to the double. */
export async function startTestBot(running: RunningDouble, options: TestBotOptions = {}): Promise<TestBot> {
  const config = parseConfig({
    PORT: "1",
    DATABASE_PATH: options.databasePath ?? tempDatabasePath(),
    LINE_CHANNEL_SECRET: TEST_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    LINE_API_BASE_URL: running.origin,
    LINE_DATA_API_BASE_URL: running.origin,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ORG_NAME: "เทศบาลตำบลทดสอบ",
    LOG_LEVEL: "error",
    // Tests chat far faster than a person; the limit has its own test.
    CHAT_RATE_LIMIT: options.chatRateLimit ?? "0",
    PRONGSAI_PROCESSING_THREADS: String(options.processingThreads ?? 1),
    ...(options.platform
      ? { PLATFORM_TOKEN: TEST_PLATFORM_TOKEN, PLATFORM_SECRET_KEY: TEST_PLATFORM_KEY }
      : {}),
  });
  const server = await startNodeServer({
    tickMs: 0,
    log: silent,
    hostname: "127.0.0.1",
    ...options,
    config: { ...config, port: 0 },
  });
  const signer = await createSignatureVerifier(TEST_SECRET);
  const clock = server.deps.clock;

  const postRaw = async (body: string, signature?: string | null) =>
    fetch(`${server.url}/webhook`, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        ...(signature === null ? {} : { "x-line-signature": signature ?? (await signer.sign(body)) }),
      },
      body,
    });
  const event = (userId: string, action: UserAction, base: Partial<EventBase> = {}) =>
    webhookEvent(action, {
      userId,
      timestamp: clock.now(),
      replyToken: action.type === "unfollow" ? undefined : running.double.issueReplyToken(userId),
      ...base,
    });
  const postEvents = (events: Array<Record<string, unknown>>) => postRaw(webhookBody(events));

  const processor = (await server.organizations.get("default"))?.built.processor;
  return {
    ...server,
    async tick() {
      if (!processor) throw new Error("tick() drives inline processing only");
      await processor.tick();
    },
    postRaw,
    event,
    postEvents,
    send: (userId, ...actions) => postEvents(actions.map((action) => event(userId, action))),
    async settle() {
      await server.idle();
    },
  };
}
