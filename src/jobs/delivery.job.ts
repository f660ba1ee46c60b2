import { atomic, type Statement } from "../db/client";
import {
  type CounterIncrement,
  incrementCounters,
  LINE_CALL_BUCKETS,
  observe,
} from "../db/repos/metrics.repo";
import {
  claimOldestOutbox,
  dueOutboxRecipients,
  finishOutbox,
  INTERRUPTED_REPLY,
  RATE_LIMITED_KEY,
  retryOutbox,
} from "../db/repos/outbox.repo";
import { setSetting } from "../db/repos/settings.repo";
import { unreachableAmong } from "../db/repos/users.repo";
import type { OutboxRow } from "../db/schema";
import type { AppDeps } from "../deps";
import { LineApiError, LineTimeoutError } from "../line/gateway";
import { lineActionOf } from "../line/line-actions";
import type { Message } from "../line/messages";
import { linkMenuForRole } from "../line/rich-menus";

export const DELIVERY = {
  leaseMs: 30_000,
  /** LINE calls in flight at once. */
  concurrency: 32,
  /** LINE remembers a retry key for 24 h; after that a retry could send twice, so we stop. */
  giveUpAfterMs: 23 * 60 * 60 * 1000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 5 * 60 * 1000,
  rateLimitBaseMs: 60_000,
  rateLimitMaxMs: 60 * 60 * 1000,
} as const;

type SendResult =
  | { kind: "sent"; status: number }
  | { kind: "invalidReplyToken" }
  | { kind: "retry"; status: number | null; error: string }
  | { kind: "rateLimited"; error: string }
  | { kind: "rejected"; status: number; error: string };

/**
 * What a failed LINE call means for its batch. A call that timed out (the gateway's deadline, 10 s) is
 * retried with its retry key, so a push LINE did take is not sent twice (409).
 */
function classify(error: unknown): SendResult {
  if (error instanceof LineApiError) {
    const { status, body } = error;
    if (status === 409) return { kind: "sent", status };
    if (status === 400 && body.includes("Invalid reply token")) return { kind: "invalidReplyToken" };
    if (status === 429) return { kind: "rateLimited", error: `429 ${body.slice(0, 200)}` };
    if (status >= 500) return { kind: "retry", status, error: `${status} ${body.slice(0, 200)}` };
    return { kind: "rejected", status, error: `${status} ${body.slice(0, 500)}` };
  }
  if (error instanceof LineTimeoutError) return { kind: "retry", status: null, error: error.message };
  return {
    kind: "retry",
    status: null,
    error: `network: ${error instanceof Error ? error.message : String(error)}`,
  };
}

function requestIdOf(error: unknown): string | undefined {
  return error instanceof LineApiError ? error.requestId : undefined;
}

type Endpoint = "reply" | "push" | "richmenu" | "loading";

/** The LINE endpoint a batch goes to now: a rich-menu action, a reply while its token is good, else a push. */
function endpointOf(row: OutboxRow, now: number): Endpoint {
  if (row.messages.startsWith("{")) return "richmenu";
  return row.replyToken !== null && (row.replyDeadline ?? 0) > now ? "reply" : "push";
}

function statusClass(result: SendResult): string {
  const status =
    result.kind === "invalidReplyToken" ? 400 : result.kind === "rateLimited" ? 429 : result.status;
  return status === null ? "error" : `${Math.floor(status / 100)}xx`;
}

/** One LINE call as counters: calls by endpoint and status class, and its latency. */
function lineCallCounters(endpoint: Endpoint, result: SendResult, seconds: number): CounterIncrement[] {
  return [
    { name: "prongsai_line_api_calls_total", labels: { endpoint, status: statusClass(result) }, by: 1 },
    ...observe("prongsai_line_api_request_duration_seconds", LINE_CALL_BUCKETS, seconds, { endpoint }),
  ];
}

export interface Delivery {
  /** Send every due batch to these recipients, each recipient's oldest first. */
  deliver(recipients: Iterable<string>): Promise<void>;
  /** Deliver everything that is due (the periodic sweep, and at start). */
  sweep(): Promise<void>;
  showLoading(chatId: string, seconds: number): Promise<void>;
}

/** Run `work` over `items` with at most `limit` at once. */
export async function eachLimited<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}

const isInterruptedReply = (row: OutboxRow) => row.lastError === INTERRUPTED_REPLY && row.replyToken !== null;

function backoff(attempts: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

/**
 * The outbox worker: replies by token, falls back to push, retries pushes with one retry key each.
 * It works in rounds: claim each recipient's oldest batch (one statement), call LINE for all of
 * them, record every result (one atomic write), then go on with the recipients that have more.
 */
export function createDelivery(deps: AppDeps): Delivery {
  const { db, log, line } = deps;

  async function send(row: OutboxRow, endpoint: Endpoint): Promise<SendResult> {
    const stored: unknown = JSON.parse(row.messages);
    const action = lineActionOf(stored);
    const messages = stored as Message[];
    const useReply = endpoint === "reply";
    try {
      if (action) {
        const linked = await linkMenuForRole(line, row.to, action.linkMenuFor);
        if (linked.outcome === "not-set-up") log.info("rich menus not set up; run npm run richmenu");
      } else if (useReply) {
        await line.reply(row.replyToken as string, messages);
      } else {
        await line.push(row.to, messages, row.retryKey);
      }
      return { kind: "sent", status: 200 };
    } catch (error) {
      const result = classify(error);
      if (result.kind !== "sent") {
        log.warn("line api call failed", {
          call: endpoint,
          outboxId: row.id,
          result: result.kind,
          requestId: requestIdOf(error),
          error: "error" in result ? result.error : undefined,
        });
      }
      return result;
    }
  }

  /**
   * What to record for one send (undefined: sent, recorded with the round's other sent batches);
   * `more` when the recipient may have a next batch ready now.
   */
  function record(row: OutboxRow, result: SendResult, at: number): { statement?: Statement; more: boolean } {
    // A reply a crash cut off may have reached LINE: tried again only as a reply (its token works
    // once), never as a push. A refused token — or any doubt — leaves it `unknown`, not sent twice.
    if (isInterruptedReply(row) && (result.kind === "invalidReplyToken" || result.kind === "retry")) {
      return {
        statement: finishOutbox(db, [row.id], { status: "unknown", error: INTERRUPTED_REPLY, at })[0],
        more: true,
      };
    }
    switch (result.kind) {
      case "sent":
        return { more: true };
      case "invalidReplyToken":
        return {
          statement: retryOutbox(db, row.id, {
            at,
            lastStatus: 400,
            error: "invalid reply token",
            dropReplyToken: true,
          }),
          more: true,
        };
      case "rejected":
        return {
          statement: finishOutbox(db, [row.id], {
            status: "failed",
            lastStatus: result.status,
            error: result.error,
            at,
          })[0],
          more: true,
        };
      case "rateLimited":
      case "retry": {
        if (at - row.createdAt > DELIVERY.giveUpAfterMs) {
          log.error("push abandoned after 23 h of retries", { outboxId: row.id });
          return {
            statement: finishOutbox(db, [row.id], { status: "failed", error: result.error, at })[0],
            more: true,
          };
        }
        const limited = result.kind === "rateLimited";
        if (limited) {
          log.warn("LINE answered 429: rate limit or the month's message quota is spent", {
            outboxId: row.id,
          });
        }
        const wait = limited
          ? backoff(row.attempts, DELIVERY.rateLimitBaseMs, DELIVERY.rateLimitMaxMs)
          : backoff(row.attempts, DELIVERY.backoffBaseMs, DELIVERY.backoffMaxMs);
        return {
          statement: retryOutbox(db, row.id, {
            at: at + wait,
            lastStatus: limited ? 429 : result.status,
            error: result.error,
            dropReplyToken: row.replyToken !== null,
          }),
          more: false, // the recipient's later batches wait behind this one
        };
      }
    }
  }

  async function round(recipients: string[]): Promise<string[]> {
    const now = deps.clock.now();
    const rows = await claimOldestOutbox(db, recipients, now, DELIVERY.leaseMs);
    if (rows.length === 0) return [];
    const pushes = rows.filter((row) => row.replyToken === null || (row.replyDeadline ?? 0) <= now);
    const blocked = pushes.length
      ? await unreachableAmong(
          db,
          pushes.map((row) => row.to),
        )
      : new Set();
    const statements: Statement[] = [];
    const calls: CounterIncrement[] = [];
    const sent: number[] = [];
    const skipped: number[] = [];
    const more: string[] = [];
    await eachLimited(rows, DELIVERY.concurrency, async (row) => {
      if (blocked.has(row.to) && pushes.includes(row)) {
        skipped.push(row.id);
        more.push(row.to);
        return;
      }
      // An interrupted reply whose token has expired since: it may have arrived; never pushed.
      if (isInterruptedReply(row) && pushes.includes(row)) {
        statements.push(
          ...finishOutbox(db, [row.id], { status: "unknown", error: INTERRUPTED_REPLY, at: now }),
        );
        more.push(row.to);
        return;
      }
      const started = performance.now();
      const endpoint = endpointOf(row, now);
      const result = await send(row, endpoint);
      calls.push(...lineCallCounters(endpoint, result, (performance.now() - started) / 1000));
      const recordedAt = deps.clock.now();
      const recorded = record(row, result, recordedAt);
      if (recorded.statement) statements.push(recorded.statement);
      // Kept apart from the batch (whose last status a later success overwrites): admins are alerted.
      if (result.kind === "rateLimited")
        statements.push(setSetting(db, RATE_LIMITED_KEY, recordedAt, recordedAt));
      // Only a batch LINE took is marked sent: a failed one keeps no `sent_at` and waits for its retry.
      if (result.kind === "sent") sent.push(row.id);
      if (recorded.more) more.push(row.to);
    });
    const at = deps.clock.now();
    await atomic(db, [
      ...incrementCounters(db, calls),
      ...finishOutbox(db, sent, { status: "sent", lastStatus: 200, at }),
      ...finishOutbox(db, skipped, { status: "skipped", error: "user unfollowed", at }),
      ...statements,
    ]);
    return more;
  }

  async function deliver(recipients: Iterable<string>): Promise<void> {
    let pending = [...new Set(recipients)];
    while (pending.length > 0) pending = await round(pending);
  }

  return {
    deliver,
    async sweep() {
      await deliver(await dueOutboxRecipients(db, deps.clock.now(), 500));
    },
    async showLoading(chatId, seconds) {
      const started = performance.now();
      let status: number | null = 202;
      try {
        await line.showLoading(chatId, Math.min(60, Math.max(5, seconds)));
      } catch (error) {
        status = error instanceof LineApiError ? error.status : null;
        log.warn("loading animation failed", { status: status ?? undefined });
      }
      // Counted like every other LINE call (best effort: the animation is not worth a retry).
      const result: SendResult =
        status === 202 ? { kind: "sent", status } : { kind: "retry", status, error: "loading animation" };
      await atomic(
        db,
        incrementCounters(db, lineCallCounters("loading", result, (performance.now() - started) / 1000)),
      ).catch((error: unknown) => log.warn("loading animation not counted", { error: String(error) }));
    },
  };
}
