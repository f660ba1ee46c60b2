import type { Bot } from "../bot/bot";
import type { Outcome } from "../bot/context";
import { atomic } from "../db/client";
import {
  claimInboxEvents,
  markInboxDone,
  markInboxFailed,
  releaseInboxEvents,
  resetInterruptedInbox,
} from "../db/repos/inbox.repo";
import { insertOutbox, type NewOutboxRow, settleInterruptedOutbox } from "../db/repos/outbox.repo";
import type { InboxEvent } from "../db/schema";
import type { AppDeps } from "../deps";
import type { Message } from "../line/messages";
import { HANDLED_EVENT_TYPES, handledEventSchema } from "../line/webhook.schema";
import { createDelivery, type Delivery } from "./delivery.job";

export const INBOX = {
  batchSize: 200,
  leaseMs: 60_000,
  maxAttempts: 5,
  retryBaseMs: 2_000,
  /** LINE: a reply token is good for about a minute after the webhook; keep a margin. */
  replyWindowMs: 50_000,
  /** LINE takes at most 5 messages per call. */
  messagesPerCall: 5,
} as const;

export interface Pipeline {
  /** Handle whatever is due in the inbox; concurrent calls coalesce into one more pass. */
  kick(): Promise<void>;
  /** The periodic pass: due retries in the inbox and the outbox. */
  tick(): Promise<void>;
  /** At start: take back work a crash interrupted, then handle it. */
  recover(): Promise<void>;
  delivery: Delivery;
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** The inbox worker: each claimed event is handled and its answers committed with its state, once. */
export function createPipeline(deps: AppDeps, bot: Bot): Pipeline {
  const delivery = createDelivery(deps);
  const { db, orgId, log } = deps;

  function outboxRows(event: InboxEvent, replyToken: string | undefined, outcome: Outcome): NewOutboxRow[] {
    const now = deps.clock.now();
    const base = { orgId, sourceEventId: event.id, createdAt: now, nextAttemptAt: now };
    const batches = (to: string, messages: Message[], token?: string) =>
      chunk(messages, INBOX.messagesPerCall).map((part, index) => ({
        ...base,
        to,
        messages: JSON.stringify(part),
        retryKey: deps.ids.uuid(),
        // Only the first batch can use the reply token; LINE accepts one reply per token.
        replyToken: index === 0 && token ? token : null,
        replyDeadline: index === 0 && token ? event.receivedAt + INBOX.replyWindowMs : null,
      }));
    return [
      ...batches(event.chatKey, outcome.replies, replyToken),
      ...outcome.pushes.flatMap((push) => batches(push.to, push.messages)),
    ];
  }

  /** Returns the recipients to deliver to, or throws to have the event retried. */
  async function handleOne(event: InboxEvent): Promise<string[]> {
    const payload: unknown = JSON.parse(event.payload);
    const now = deps.clock.now();
    if (!HANDLED_EVENT_TYPES.has(event.type)) {
      await markInboxDone(db, event.id, now); // kept, and ignored
      return [];
    }
    const parsed = handledEventSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      await markInboxFailed(
        db,
        event.id,
        `malformed ${event.type}: ${issue?.path.join(".")} ${issue?.message}`,
        null,
      );
      return [];
    }
    const handled = parsed.data;
    const outcome = await bot.handle(deps, handled, (seconds) =>
      delivery.showLoading(event.chatKey, seconds),
    );
    const replyToken =
      "replyToken" in handled && typeof handled.replyToken === "string" ? handled.replyToken : undefined;
    const rows = outboxRows(event, replyToken, outcome);
    await atomic(db, [
      ...outcome.statements,
      ...(rows.length ? [insertOutbox(db, rows)] : []),
      markInboxDone(db, event.id, deps.clock.now()),
    ]);
    return [...new Set(rows.map((row) => row.to))];
  }

  async function handleChat(events: InboxEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as InboxEvent;
      try {
        const recipients = await handleOne(event);
        await Promise.all(recipients.map((to) => delivery.deliverTo(to)));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const retry = event.attempts < INBOX.maxAttempts;
        const retryAt = retry ? deps.clock.now() + INBOX.retryBaseMs * 2 ** (event.attempts - 1) : null;
        log.error("event handling failed", {
          eventId: event.webhookEventId,
          inboxId: event.id,
          attempt: event.attempts,
          willRetry: retry,
          error: message,
        });
        await markInboxFailed(db, event.id, message, retryAt);
        // Later events of this chat wait for this one, to keep the chat in order.
        if (retry)
          await releaseInboxEvents(
            db,
            events.slice(i + 1).map((e) => e.id),
          );
        if (retry) return;
      }
    }
  }

  async function passOnce(): Promise<number> {
    const claimed = await claimInboxEvents(db, orgId, deps.clock.now(), INBOX.leaseMs, INBOX.batchSize);
    const chats = new Map<string, InboxEvent[]>();
    for (const event of claimed) {
      const list = chats.get(event.chatKey);
      if (list) list.push(event);
      else chats.set(event.chatKey, [event]);
    }
    await Promise.all([...chats.values()].map(handleChat));
    return claimed.length;
  }

  let running: Promise<void> | null = null;
  let again = false;

  function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          while ((await passOnce()) > 0) {}
        } while (again);
      } catch (error) {
        log.error("inbox pass failed", { error: error instanceof Error ? error.message : String(error) });
      } finally {
        running = null;
      }
    })();
    return running;
  }

  return {
    kick,
    delivery,
    async tick() {
      await kick();
      await delivery.sweep();
    },
    async recover() {
      await resetInterruptedInbox(db, orgId);
      await settleInterruptedOutbox(db, orgId, deps.clock.now());
      await kick();
      await delivery.sweep();
    },
  };
}
