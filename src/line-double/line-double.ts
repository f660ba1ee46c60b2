/**
 * A LINE Messaging API platform double: a Hono app that behaves like
 * api.line.me and api-data.line.me on one origin (the SDK keeps only the
 * origin of a base URL), recording every request.
 */
import type { messagingApi } from "@line/bot-sdk";
import { Hono, type Next } from "hono";
import { registerChatRoutes } from "./chat.routes";
import { registerControlRoutes } from "./control.routes";
import { type DoubleContext, type DoubleDeps, type DoubleEnv, NOT_FOUND } from "./double-context";
import {
  createDoubleStore,
  type Delivery,
  type DeliveryListener,
  type DoubleStats,
  type Profile,
  type RecordedRequest,
} from "./double-store";
import { type ActiveFault, createFaultQueue, endpointOf, type FaultSpec } from "./faults";
import { INVALID_REPLY_TOKEN, issueReplyToken, registerMessagingRoutes } from "./messaging.routes";
import { createOpenApiValidator } from "./openapi-validator";
import { registerRichMenuRoutes } from "./rich-menu.routes";

export type { Delivery, DeliveryListener, DoubleStats, Profile, RecordedRequest } from "./double-store";
export type { FaultSpec } from "./faults";

export interface LineDoubleOptions {
  channelAccessToken: string;
  /** LINE's Messaging API OpenAPI document (see `loadMessagingApiSpec`). */
  spec: object;
  now?: () => number;
  /** How many requests/deliveries `requests()` and `deliveries()` keep (counters stay exact). Default 50,000. */
  maxRecords?: number;
  /** How many messages `messagesFor()` keeps per user (default: `maxRecords`). */
  maxMessagesPerUser?: number;
  /** What `GET /v2/bot/info` answers (LINE's `BotInfoResponse`); `basicId` is the OA's LINE ID. */
  botInfo?: Partial<BotInfo>;
}

export interface BotInfo {
  userId: string;
  basicId: string;
  displayName: string;
  chatMode: "chat" | "bot";
  markAsReadMode: "auto" | "manual";
}

const DEFAULT_BOT_INFO: BotInfo = {
  userId: "U0000000000000000000000000000d0be",
  basicId: "@123prongsai",
  displayName: "โปร่งใส",
  chatMode: "bot",
  markAsReadMode: "auto",
};

/** The rich menu a user sees: theirs when one is linked, otherwise the channel's default. */
export interface ShownRichMenu {
  richMenuId: string;
  request: Record<string, unknown>;
  image?: { bytes: Uint8Array; contentType: string };
}

export interface RichMenuLinks {
  defaultRichMenuId: string | null;
  /** userId → richMenuId */
  links: Record<string, string>;
}

export interface LineDouble {
  app: Hono<DoubleEnv>;
  requests(): RecordedRequest[];
  invalidRequests(): RecordedRequest[];
  deliveries(filter?: { userId?: string }): Delivery[];
  messagesFor(userId: string): messagingApi.Message[];
  issueReplyToken(userId: string): string;
  injectFault(fault: FaultSpec): void;
  setProfile(userId: string, profile: Profile | null): void;
  setContent(messageId: string, bytes: Uint8Array, contentType: string): void;
  richMenuLinks(): RichMenuLinks;
  /** The menu LINE would show the user below the chat, or undefined when there is none. */
  richMenuOf(userId: string): ShownRichMenu | undefined;
  subscribe(listener: DeliveryListener): () => void;
  stats(): DoubleStats;
  reset(): void;
}

const AUTH_FAILED = {
  message: "Authentication failed. Confirm that the access token in the authorization header is valid.",
} as const;
const FAULT_ANSWERS = {
  "500": { status: 500, body: { message: "Internal server error" } },
  "429": { status: 429, body: { message: "You have reached your monthly limit." } },
  invalidReplyToken: { status: 400, body: INVALID_REPLY_TOKEN },
} as const;

function recordedHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name] = name === "authorization" ? value.replace(/^(Bearer\s+).*$/i, "$1<redacted>") : value;
  });
  return result;
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/(.+\+)?json\b/i.test(contentType);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createLineDouble(options: LineDoubleOptions): LineDouble {
  const now = options.now ?? Date.now;
  const store = createDoubleStore({
    maxRecords: options.maxRecords ?? 50_000,
    maxMessagesPerUser: options.maxMessagesPerUser,
  });
  const faults = createFaultQueue();
  const deps: DoubleDeps = { store, validator: createOpenApiValidator(options.spec), now };
  const expectedAuthorization = `Bearer ${options.channelAccessToken}`;
  const app = new Hono<DoubleEnv>();

  /** Answers before the route runs (auth, unparsable JSON, injected faults), or undefined to go on. */
  async function answerEarly(
    c: DoubleContext,
    record: RecordedRequest,
    fault?: ActiveFault,
  ): Promise<Response | undefined> {
    if (c.req.header("authorization") !== expectedAuthorization) return c.json(AUTH_FAILED, 401);
    c.set("json", null);
    if (isJson(c.req.header("content-type")) && (c.req.method === "POST" || c.req.method === "PUT")) {
      const text = await c.req.text();
      if (text !== "") {
        try {
          record.body = JSON.parse(text);
          c.set("json", record.body);
        } catch {
          record.issues = [{ property: "", message: "The request body is not valid JSON" }];
          return c.json({ message: "The request body is not valid JSON" }, 400);
        }
      }
    }
    if (fault && fault.kind in FAULT_ANSWERS) {
      const answer = FAULT_ANSWERS[fault.kind as keyof typeof FAULT_ANSWERS];
      return c.json(answer.body, answer.status);
    }
    return undefined;
  }

  async function lineApi(c: DoubleContext, next: Next): Promise<void> {
    const endpoint = endpointOf(c.req.method, c.req.path);
    const record: RecordedRequest = {
      id: crypto.randomUUID(),
      method: c.req.method,
      path: c.req.path,
      headers: recordedHeaders(c.req.raw.headers),
      body: null,
      retryKey: c.req.header("x-line-retry-key") ?? null,
      status: 0,
      at: now(),
      issues: [],
      endpoint,
    };
    c.set("record", record);
    const authorized = c.req.header("authorization") === expectedAuthorization;
    const fault = authorized ? faults.take(endpoint) : undefined;

    const early = await answerEarly(c, record, fault);
    if (early) {
      c.res = early;
    } else {
      await next();
      if (fault?.kind === "acceptThen500" && c.res.status < 300) {
        c.res = c.json(FAULT_ANSWERS["500"].body, 500);
      }
      if (fault?.kind === "timeout") await sleep(fault.delayMs);
    }
    c.res.headers.set("x-line-request-id", record.id);
    record.status = c.res.status;
    store.record(record);
  }

  app.use("/v2/*", lineApi);
  const botInfo: BotInfo = { ...DEFAULT_BOT_INFO, ...options.botInfo };
  app.get("/v2/bot/info", (c) => c.json(botInfo));
  registerMessagingRoutes(app, deps);
  registerChatRoutes(app, deps);
  registerRichMenuRoutes(app, deps);
  registerControlRoutes(app, deps, faults);
  app.notFound((c) => c.json(NOT_FOUND, 404));
  app.onError((_error, c) => c.json(FAULT_ANSWERS["500"].body, 500));

  return {
    app,
    requests: () => store.requests(),
    invalidRequests: () => store.invalidRequests(),
    deliveries: (filter) => store.deliveries(filter?.userId),
    messagesFor: (userId) => store.messagesFor(userId),
    issueReplyToken: (userId) => issueReplyToken(deps, userId),
    injectFault: (fault) => faults.inject(fault),
    setProfile: (userId, profile) => {
      store.profiles.set(userId, profile === null ? null : { ...profile });
    },
    setContent: (messageId, bytes, contentType) => {
      store.contents.set(messageId, { bytes: bytes.slice(), contentType });
    },
    richMenuLinks: () => ({
      defaultRichMenuId: store.defaultRichMenuId,
      links: Object.fromEntries(store.richMenuLinks),
    }),
    richMenuOf: (userId) => {
      const richMenuId = store.richMenuLinks.get(userId) ?? store.defaultRichMenuId;
      const menu = richMenuId ? store.richMenus.get(richMenuId) : undefined;
      return menu ? { richMenuId: menu.richMenuId, request: menu.request, image: menu.image } : undefined;
    },
    subscribe: (listener) => store.subscribe(listener),
    stats: () => store.stats(),
    reset: () => {
      store.clear();
      faults.clear();
    },
  };
}
