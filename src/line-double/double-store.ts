/** In-memory state of the LINE double: recorded requests, deliveries, tokens, keys, users, rich menus and aliases. */
import type { messagingApi } from "@line/bot-sdk";
import type { Endpoint } from "./faults";
import type { ValidationIssue } from "./openapi-validator";

export interface RecordedRequest {
  id: string;
  method: string;
  path: string;
  /** Lower-cased header names; the bearer token is redacted. */
  headers: Record<string, string>;
  /** Parsed JSON body, or null (no body, or not JSON). */
  body: unknown;
  retryKey: string | null;
  status: number;
  at: number;
  issues: ValidationIssue[];
  endpoint: Endpoint;
}

export interface SentMessage {
  id: string;
  quoteToken?: string;
}

export type DeliveryKind = "reply" | "push" | "multicast";

export interface Delivery {
  kind: DeliveryKind;
  /** x-line-request-id of the request that delivered the messages. */
  requestId: string;
  /** Recipients; for a reply, the user the token was issued for (empty when the token was not issued by the double). */
  to: string[];
  replyToken?: string;
  retryKey?: string;
  messages: messagingApi.Message[];
  sentMessages: SentMessage[];
  at: number;
}

export type DeliveryListener = (delivery: Delivery) => void;

export interface DoubleStats {
  requests: number;
  deliveries: number;
  invalid: number;
  byEndpoint: Record<string, number>;
}

export interface Profile {
  displayName: string;
  pictureUrl?: string | undefined;
}

export interface StoredContent {
  bytes: Uint8Array;
  contentType: string;
}

export interface RichMenu {
  richMenuId: string;
  request: Record<string, unknown>;
  image?: StoredContent;
}

export interface AcceptedRetryKey {
  requestId: string;
  at: number;
  sentMessages?: SentMessage[];
}

export interface DoubleStore {
  readonly replyTokens: Map<string, { userId: string; issuedAt: number }>;
  readonly usedReplyTokens: Set<string>;
  readonly retryKeys: Map<string, AcceptedRetryKey>;
  /** `null` marks a user who is not a friend (profile → 404). */
  readonly profiles: Map<string, Profile | null>;
  readonly contents: Map<string, StoredContent>;
  readonly richMenus: Map<string, RichMenu>;
  readonly richMenuLinks: Map<string, string>;
  /** richMenuAliasId → richMenuId */
  readonly richMenuAliases: Map<string, string>;
  defaultRichMenuId: string | null;
  record(request: RecordedRequest): void;
  requests(): RecordedRequest[];
  invalidRequests(): RecordedRequest[];
  deliver(delivery: Delivery): void;
  deliveries(userId?: string): Delivery[];
  messagesFor(userId: string): messagingApi.Message[];
  subscribe(listener: DeliveryListener): () => void;
  nextMessageId(): string;
  stats(): DoubleStats;
  clear(): void;
}

/** Keeps the last `limit` items; trims in batches so pushing stays O(1) amortised. */
function pushBounded<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit + Math.ceil(limit / 10)) list.splice(0, list.length - limit);
}

function lastItems<T>(list: T[], limit: number): T[] {
  return list.length > limit ? list.slice(list.length - limit) : list.slice();
}

export function createDoubleStore(options: { maxRecords: number; maxMessagesPerUser?: number }): DoubleStore {
  const limit = options.maxRecords;
  const perUser = options.maxMessagesPerUser ?? limit;
  const listeners = new Set<DeliveryListener>();
  let recorded: RecordedRequest[] = [];
  let invalid: RecordedRequest[] = [];
  let delivered: Delivery[] = [];
  let byUser = new Map<string, messagingApi.Message[]>();
  let counters = { requests: 0, deliveries: 0, invalid: 0, byEndpoint: {} as Record<string, number> };
  let messageSequence = 0;

  const store: DoubleStore = {
    replyTokens: new Map(),
    usedReplyTokens: new Set(),
    retryKeys: new Map(),
    profiles: new Map(),
    contents: new Map(),
    richMenus: new Map(),
    richMenuLinks: new Map(),
    richMenuAliases: new Map(),
    defaultRichMenuId: null,

    record(request) {
      counters.requests++;
      counters.byEndpoint[request.endpoint] = (counters.byEndpoint[request.endpoint] ?? 0) + 1;
      pushBounded(recorded, request, limit);
      if (request.issues.length > 0) {
        counters.invalid++;
        pushBounded(invalid, request, limit);
      }
    },
    requests: () => lastItems(recorded, limit),
    invalidRequests: () => lastItems(invalid, limit),

    deliver(delivery) {
      counters.deliveries++;
      pushBounded(delivered, delivery, limit);
      for (const userId of delivery.to) {
        const messages = byUser.get(userId) ?? [];
        for (const message of delivery.messages) pushBounded(messages, message, perUser);
        byUser.set(userId, messages);
      }
      for (const listener of listeners) {
        try {
          listener(delivery);
        } catch {
          // A failing listener must not turn a delivery into an error.
        }
      }
    },
    deliveries(userId) {
      const all = lastItems(delivered, limit);
      return userId === undefined ? all : all.filter((d) => d.to.includes(userId));
    },
    messagesFor: (userId) => lastItems(byUser.get(userId) ?? [], perUser),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    nextMessageId() {
      messageSequence++;
      return `5${String(messageSequence).padStart(17, "0")}`;
    },
    stats: () => ({ ...counters, byEndpoint: { ...counters.byEndpoint } }),

    clear() {
      recorded = [];
      invalid = [];
      delivered = [];
      byUser = new Map();
      counters = { requests: 0, deliveries: 0, invalid: 0, byEndpoint: {} };
      messageSequence = 0;
      store.replyTokens.clear();
      store.usedReplyTokens.clear();
      store.retryKeys.clear();
      store.profiles.clear();
      store.contents.clear();
      store.richMenus.clear();
      store.richMenuLinks.clear();
      store.richMenuAliases.clear();
      store.defaultRichMenuId = null;
    },
  };
  return store;
}
