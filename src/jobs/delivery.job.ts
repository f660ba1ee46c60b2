import { HTTPFetchError } from "@line/bot-sdk";
import { claimNextOutbox, dueOutboxRecipients, finishOutbox, retryOutbox } from "../db/repos/outbox.repo";
import { isReachable } from "../db/repos/users.repo";
import type { OutboxRow } from "../db/schema";
import type { AppDeps } from "../deps";
import type { Message } from "../line/messages";

export const DELIVERY = {
  /** A LINE call that has not answered by then is treated as a timeout (and retried with its key). */
  timeoutMs: 10_000,
  leaseMs: 30_000,
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

class TimeoutError extends Error {}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer from LINE within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function classify(error: unknown): SendResult {
  if (error instanceof HTTPFetchError) {
    const status = error.status;
    const body = typeof error.body === "string" ? error.body : "";
    if (status === 409) return { kind: "sent", status };
    if (status === 400 && body.includes("Invalid reply token")) return { kind: "invalidReplyToken" };
    if (status === 429) return { kind: "rateLimited", error: `429 ${body.slice(0, 200)}` };
    if (status >= 500) return { kind: "retry", status, error: `${status} ${body.slice(0, 200)}` };
    return { kind: "rejected", status, error: `${status} ${body.slice(0, 500)}` };
  }
  if (error instanceof TimeoutError) return { kind: "retry", status: null, error: error.message };
  return {
    kind: "retry",
    status: null,
    error: `network: ${error instanceof Error ? error.message : String(error)}`,
  };
}

function requestIdOf(error: unknown): string | undefined {
  return error instanceof HTTPFetchError ? (error.headers.get("x-line-request-id") ?? undefined) : undefined;
}

export interface Delivery {
  /** Send every due batch to one recipient, oldest first; stops at the first one that must wait. */
  deliverTo(to: string): Promise<void>;
  /** Deliver everything that is due (the periodic sweep, and at start). */
  sweep(): Promise<void>;
  showLoading(chatId: string, seconds: number): Promise<void>;
}

/** The outbox worker: replies by token, falls back to push, retries pushes with one retry key each. */
export function createDelivery(deps: AppDeps): Delivery {
  const { db, orgId, log, line } = deps;

  async function send(row: OutboxRow, now: number): Promise<SendResult> {
    const messages = JSON.parse(row.messages) as Message[];
    const useReply = row.replyToken !== null && (row.replyDeadline ?? 0) > now;
    try {
      if (useReply) {
        await withTimeout(
          line.messaging.replyMessage({ replyToken: row.replyToken as string, messages }),
          DELIVERY.timeoutMs,
        );
      } else {
        await withTimeout(
          line.messaging.pushMessage({ to: row.to, messages }, row.retryKey),
          DELIVERY.timeoutMs,
        );
      }
      return { kind: "sent", status: 200 };
    } catch (error) {
      const result = classify(error);
      if (result.kind !== "sent") {
        log.warn("line api call failed", {
          call: useReply ? "reply" : "push",
          outboxId: row.id,
          result: result.kind,
          requestId: requestIdOf(error),
          error: "error" in result ? result.error : undefined,
        });
      }
      return result;
    }
  }

  function backoff(attempts: number, base: number, max: number): number {
    return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  }

  async function deliverOne(row: OutboxRow): Promise<boolean> {
    const now = deps.clock.now();
    const pushing = row.replyToken === null || (row.replyDeadline ?? 0) <= now;
    if (pushing && !(await isReachable(db, orgId, row.to))) {
      await finishOutbox(db, row.id, { status: "skipped", error: "user unfollowed", at: now });
      return true;
    }
    const result = await send(row, now);
    const after = deps.clock.now();
    switch (result.kind) {
      case "sent":
        await finishOutbox(db, row.id, { status: "sent", lastStatus: result.status, at: after });
        return true;
      case "invalidReplyToken":
        await retryOutbox(db, row.id, {
          at: after,
          lastStatus: 400,
          error: "invalid reply token",
          dropReplyToken: true,
        });
        return true;
      case "rejected":
        await finishOutbox(db, row.id, {
          status: "failed",
          lastStatus: result.status,
          error: result.error,
          at: after,
        });
        return true;
      case "rateLimited":
      case "retry": {
        if (after - row.createdAt > DELIVERY.giveUpAfterMs) {
          await finishOutbox(db, row.id, {
            status: "failed",
            lastStatus: null,
            error: result.error,
            at: after,
          });
          log.error("push abandoned after 23 h of retries", { outboxId: row.id });
          return true;
        }
        const limited = result.kind === "rateLimited";
        if (limited)
          log.warn("LINE answered 429: rate limit or the month's message quota is spent", {
            outboxId: row.id,
          });
        const wait = limited
          ? backoff(row.attempts, DELIVERY.rateLimitBaseMs, DELIVERY.rateLimitMaxMs)
          : backoff(row.attempts, DELIVERY.backoffBaseMs, DELIVERY.backoffMaxMs);
        await retryOutbox(db, row.id, {
          at: after + wait,
          lastStatus: limited ? 429 : result.status,
          error: result.error,
          dropReplyToken: row.replyToken !== null,
        });
        return false;
      }
    }
  }

  const inFlight = new Map<string, Promise<void>>();

  async function drainRecipient(to: string): Promise<void> {
    for (;;) {
      const claimed = await claimNextOutbox(db, orgId, to, deps.clock.now(), DELIVERY.leaseMs);
      if (!claimed) return; // nothing open, not due yet, or another worker has it
      if (!(await deliverOne(claimed))) return;
    }
  }

  function deliverTo(to: string): Promise<void> {
    {
      // One drain per recipient at a time keeps their messages in order; a second call joins the first
      // and then runs again for what arrived meanwhile.
      const previous = inFlight.get(to) ?? Promise.resolve();
      const run = previous.catch(() => undefined).then(() => drainRecipient(to));
      const tracked = run.finally(() => {
        if (inFlight.get(to) === tracked) inFlight.delete(to);
      });
      inFlight.set(to, tracked);
      return tracked;
    }
  }

  return {
    deliverTo,
    async sweep() {
      const recipients = await dueOutboxRecipients(db, orgId, deps.clock.now(), 500);
      await Promise.all(recipients.map(deliverTo));
    },
    async showLoading(chatId, seconds) {
      try {
        await withTimeout(
          line.messaging.showLoadingAnimation({ chatId, loadingSeconds: Math.min(60, Math.max(5, seconds)) }),
          DELIVERY.timeoutMs,
        );
      } catch (error) {
        log.warn("loading animation failed", {
          status: error instanceof HTTPFetchError ? error.status : undefined,
        });
      }
    },
  };
}
