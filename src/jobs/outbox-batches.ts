import type { NewOutboxRow } from "../db/repos/outbox.repo";
import type { AppDeps } from "../deps";
import type { Message } from "../line/messages";

/** LINE takes at most 5 messages per call. */
export const MESSAGES_PER_CALL = 5;

export interface OutboxBatchInput {
  to: string;
  messages: Message[];
  now: number;
  /** A reply: the event's token (only the first batch can use it) and until when it is good. */
  reply?: { token: string; deadline: number };
  sourceEventId?: number;
}

/** Messages for one recipient as outbox rows of at most 5, each with its own retry key. */
export function outboxBatches(deps: Pick<AppDeps, "ids">, input: OutboxBatchInput): NewOutboxRow[] {
  const rows: NewOutboxRow[] = [];
  for (let i = 0; i < input.messages.length; i += MESSAGES_PER_CALL) {
    const first = i === 0 && input.reply !== undefined;
    rows.push({
      sourceEventId: input.sourceEventId ?? null,
      createdAt: input.now,
      nextAttemptAt: input.now,
      to: input.to,
      messages: JSON.stringify(input.messages.slice(i, i + MESSAGES_PER_CALL)),
      retryKey: deps.ids.uuid(),
      replyToken: first ? (input.reply?.token ?? null) : null,
      replyDeadline: first ? (input.reply?.deadline ?? null) : null,
    });
  }
  return rows;
}
