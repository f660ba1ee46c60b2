/** Reply, push and multicast: validation, reply tokens, retry keys, deliveries. */

import type { messagingApi } from "@line/bot-sdk";
import type { Hono } from "hono";
import {
  type DoubleContext,
  type DoubleDeps,
  type DoubleEnv,
  invalidBody,
  randomHex,
} from "./double-context";
import type { DeliveryKind, SentMessage } from "./double-store";
import { checkMessageLimits } from "./message-limits";
import { isPlainObject, uniqueIssues, type ValidationIssue } from "./openapi-validator";

export const REPLY_TOKEN_TTL_MS = 60_000;
export const RETRY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const QUOTABLE_TYPES = new Set(["text", "textV2", "sticker", "image", "video"]);

export const INVALID_REPLY_TOKEN = { message: "Invalid reply token" } as const;

interface SendRequest {
  messages: messagingApi.Message[];
  to?: string | string[];
  replyToken?: string;
}

function validateSendRequest(deps: DoubleDeps, schemaName: string, body: unknown): ValidationIssue[] {
  const issues = deps.validator.validate(schemaName, body);
  if (isPlainObject(body)) issues.push(...checkMessageLimits(body.messages));
  return uniqueIssues(issues);
}

function sentMessagesFor(deps: DoubleDeps, messages: messagingApi.Message[]): SentMessage[] {
  return messages.map((message) => {
    const id = deps.store.nextMessageId();
    return QUOTABLE_TYPES.has(message.type) ? { id, quoteToken: randomHex(24) } : { id };
  });
}

export function issueReplyToken(deps: DoubleDeps, userId: string): string {
  const token = randomHex(16);
  deps.store.replyTokens.set(token, { userId, issuedAt: deps.now() });
  return token;
}

function handleReply(c: DoubleContext, deps: DoubleDeps): Response {
  const { store, now } = deps;
  if (c.req.header("x-line-retry-key") !== undefined) {
    return c.json({ message: "The X-Line-Retry-Key header is not supported for this API" }, 400);
  }
  const body = c.get("json");
  const issues = validateSendRequest(deps, "ReplyMessageRequest", body);
  if (issues.length > 0) return invalidBody(c, issues);
  const request = body as SendRequest & { replyToken: string };

  const token = request.replyToken;
  const issued = store.replyTokens.get(token);
  if (store.usedReplyTokens.has(token) || (issued && now() - issued.issuedAt > REPLY_TOKEN_TTL_MS)) {
    return c.json(INVALID_REPLY_TOKEN, 400);
  }
  store.usedReplyTokens.add(token);
  store.replyTokens.delete(token);

  const sentMessages = sentMessagesFor(deps, request.messages);
  store.deliver({
    kind: "reply",
    requestId: c.get("record").id,
    to: issued ? [issued.userId] : [],
    replyToken: token,
    messages: request.messages,
    sentMessages,
    at: now(),
  });
  return c.json({ sentMessages }, 200);
}

function handleSendWithRetryKey(
  c: DoubleContext,
  deps: DoubleDeps,
  kind: Exclude<DeliveryKind, "reply">,
): Response {
  const { store, now } = deps;
  const retryKey = c.req.header("x-line-retry-key");
  if (retryKey !== undefined && !UUID.test(retryKey)) {
    return c.json({ message: "The value of the X-Line-Retry-Key header must be a UUID" }, 400);
  }
  if (retryKey !== undefined) {
    const accepted = store.retryKeys.get(retryKey);
    if (accepted && now() - accepted.at < RETRY_KEY_TTL_MS) {
      c.header("x-line-accepted-request-id", accepted.requestId);
      const answer =
        kind === "push"
          ? { message: "The retry key is already accepted", sentMessages: accepted.sentMessages ?? [] }
          : { message: "The retry key is already accepted" };
      return c.json(answer, 409);
    }
  }

  const body = c.get("json");
  const issues = validateSendRequest(deps, kind === "push" ? "PushMessageRequest" : "MulticastRequest", body);
  if (issues.length > 0) return invalidBody(c, issues);
  const request = body as SendRequest;

  const requestId = c.get("record").id;
  const sentMessages = sentMessagesFor(deps, request.messages);
  store.deliver({
    kind,
    requestId,
    to: Array.isArray(request.to) ? [...request.to] : [String(request.to)],
    ...(retryKey !== undefined ? { retryKey } : {}),
    messages: request.messages,
    sentMessages,
    at: now(),
  });
  if (retryKey !== undefined) {
    store.retryKeys.set(retryKey, { requestId, at: now(), ...(kind === "push" ? { sentMessages } : {}) });
  }
  return kind === "push" ? c.json({ sentMessages }, 200) : c.json({}, 200);
}

export function registerMessagingRoutes(app: Hono<DoubleEnv>, deps: DoubleDeps): void {
  app.post("/v2/bot/message/reply", (c) => handleReply(c, deps));
  app.post("/v2/bot/message/push", (c) => handleSendWithRetryKey(c, deps, "push"));
  app.post("/v2/bot/message/multicast", (c) => handleSendWithRetryKey(c, deps, "multicast"));
}
