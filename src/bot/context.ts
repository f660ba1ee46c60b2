import type { Statement } from "../db/client";
import type { Conversation, User } from "../db/schema";
import type { AppDeps } from "../deps";
import type { Message } from "../line/messages";
import type { HandledEvent } from "../line/webhook.schema";
import { type Actor, emptyPlan, type Plan } from "../services/plan";

/**
 * What handling one event decided: a plan (statements, pushes, audit rows, LINE actions) and the
 * replies, written to the database together in the event's one commit (jobs/processor.ts).
 */
export interface Outcome extends Plan {
  replies: Message[];
}

export interface BotContext {
  readonly deps: AppDeps;
  readonly event: HandledEvent;
  readonly user: User;
  /** The user as a service's actor: audit rows of the event's commit name this LINE user. */
  readonly actor: Actor;
  /** The clock reading for this event: one `now` for everything it does. */
  readonly now: number;
  /** The user's flow in progress, if any and not expired. */
  readonly conversation: Conversation | null;
  /** Answer the user (by reply token, or push when the token is gone). Nothing is sent before commit. */
  reply(...messages: Message[]): void;
  /** Notify someone else, through the outbox. */
  push(to: string, ...messages: Message[]): void;
  /** A write that must succeed or fail together with the answers. */
  write(...statements: Statement[]): void;
  /** A service's plan, committed with the event (its audit rows name this user as the actor). */
  apply(plan: Plan): void;
  /** Show LINE's loading animation before slow work (best effort, 1:1 chats only). */
  showLoading(seconds?: number): Promise<void>;
  /** Drop the flow in progress, and whatever its steps kept outside its state. */
  abandonFlow(): Promise<void>;
}

export interface ContextInit {
  deps: AppDeps;
  event: HandledEvent;
  user: User;
  now: number;
  conversation: Conversation | null;
  /** `standby` events and non-1:1 chats get no answer. */
  silent: boolean;
  showLoading(seconds: number): Promise<void>;
  abandon(ctx: BotContext, state: Conversation): Promise<void>;
}

export function createContext(init: ContextInit): { ctx: BotContext; outcome(): Outcome } {
  const outcome: Outcome = { ...emptyPlan(), replies: [] };
  const ctx: BotContext = {
    deps: init.deps,
    event: init.event,
    user: init.user,
    actor: { audit: init.user.lineUserId, display: init.user.displayName ?? "ผู้ใช้" },
    now: init.now,
    conversation: init.conversation,
    reply(...messages) {
      if (!init.silent) outcome.replies.push(...messages);
    },
    push(to, ...messages) {
      outcome.pushes.push({ to, messages });
    },
    write(...statements) {
      outcome.statements.push(...statements);
    },
    apply(plan) {
      outcome.statements.push(...plan.statements);
      outcome.pushes.push(...plan.pushes);
      outcome.audit.push(...plan.audit);
      outcome.lineActions.push(...plan.lineActions);
    },
    async showLoading(seconds = 10) {
      if (!init.silent) await init.showLoading(seconds);
    },
    async abandonFlow() {
      if (init.conversation) await init.abandon(ctx, init.conversation);
    },
  };
  return { ctx, outcome: () => outcome };
}
