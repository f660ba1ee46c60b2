import { readTogether } from "../db/client";
import { conversationsAmong, findConversation } from "../db/repos/conversations.repo";
import { findUser, LAST_SEEN_GRANULARITY_MS, newUser, touchUser, usersAmong } from "../db/repos/users.repo";
import type { Conversation, User } from "../db/schema";
import type { AppDeps } from "../deps";
import { type AnyFlow, abandonFlow, continueFlow, type FlowInput } from "../flows/engine";
import type { Message } from "../line/messages";
import { textMessage } from "../line/messages";
import type { HandledEvent } from "../line/webhook.schema";
import { type Command, matchCommand, matchPostback, type Postback } from "./commands";
import { type BotContext, createContext, type Outcome } from "./context";
import { createRateLimiter, type RateLimiter } from "./rate-limit";

export interface BotFeatures {
  commands: readonly Command[];
  flows: readonly AnyFlow[];
  onFollow(ctx: BotContext): void | Promise<void>;
  onUnfollow(ctx: BotContext): void | Promise<void>;
  /** Postbacks by their `a` parameter (e.g. `a=menu`), each with the roles that may use it. */
  postbacks: readonly Postback[];
  /**
   * Text that is neither a keyword nor a step of a flow in progress, tried before the fallback (e.g. a
   * typed answer to a question whose buttons are gone): true when it was handled.
   */
  pendingAnswer?(ctx: BotContext, text: string): Promise<boolean>;
  /** Anything not understood: a short answer pointing to `เมนู`. */
  fallback(ctx: BotContext): void;
  /** A keyword the user's role may not use. */
  refuse(ctx: BotContext, command: Command): void;
  /** A button the user's role may not use (e.g. a staff card forwarded to a citizen). */
  refusePostback(ctx: BotContext, postback: Postback): void;
  /** The previous flow expired before this message. */
  expiredNotice(): Message;
  /** The chat sends faster than the rate limit allows (said once, then its events are dropped). */
  tooFast(): Message;
}

/** What a one-to-one chat's next event starts from: its user and flow in progress, as stored. */
export interface ChatState {
  user: User | undefined;
  conversation: Conversation | undefined;
}

/** Chats' states by LINE user id, read together before a batch of their events is handled. */
export type ChatStates = ReadonlyMap<string, ChatState>;

export interface Bot {
  /**
   * The states of the chats `chatIds`, read in one round trip (a batch holds at most one event per
   * chat, so each state is still current when its event is handled).
   */
  load(deps: AppDeps, chatIds: readonly string[]): Promise<ChatStates>;
  /** Handle one event; a one-to-one chat's state comes from `loaded` when it is there, else is read. */
  handle(
    deps: AppDeps,
    event: HandledEvent,
    showLoading: (seconds: number) => Promise<void>,
    loaded?: ChatStates,
  ): Promise<Outcome>;
}

/** Chats read per statement: D1 binds at most 100 parameters a statement. */
const CHATS_PER_READ = 90;

/** `Bot.load`: users and flows in progress of `chatIds`, every part of the read in one round trip. */
export async function loadChats(deps: AppDeps, chatIds: readonly string[]): Promise<ChatStates> {
  const ids = [...new Set(chatIds)];
  const parts: string[][] = [];
  for (let i = 0; i < ids.length; i += CHATS_PER_READ) parts.push(ids.slice(i, i + CHATS_PER_READ));
  const read = await readTogether(
    deps.db,
    parts.flatMap((part) => [usersAmong(deps.db, part), conversationsAmong(deps.db, part)]),
  );
  const states = new Map<string, ChatState>(
    ids.map((id) => [id, { user: undefined, conversation: undefined }]),
  );
  read.forEach((rows, i) => {
    for (const row of rows as Array<User | Conversation>) {
      const state = states.get(row.lineUserId);
      if (!state) continue;
      if (i % 2 === 0) state.user = row as User;
      else state.conversation = row as Conversation;
    }
  });
  return states;
}

function inputOf(event: HandledEvent): FlowInput {
  if (event.type === "postback") {
    const params = Object.entries(event.postback.params ?? {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    );
    return params.length
      ? { kind: "postback", data: event.postback.data, params: Object.fromEntries(params) }
      : { kind: "postback", data: event.postback.data };
  }
  if (event.type !== "message") return { kind: "other", type: event.type };
  const message = event.message;
  if (message.type === "text" && "text" in message) return { kind: "text", text: String(message.text) };
  if (message.type === "image") return { kind: "image", messageId: message.id };
  if (message.type === "location" && "latitude" in message) {
    return {
      kind: "location",
      latitude: Number(message.latitude),
      longitude: Number(message.longitude),
      address: typeof message.address === "string" ? message.address : null,
      title: typeof message.title === "string" ? message.title : null,
    };
  }
  return { kind: "other", type: message.type };
}

/**
 * The conversation engine: load the user and their flow once, then route — lifecycle events,
 * keywords (checked against the user's role), the flow in progress, postbacks, or the fallback.
 */
export function createBot(features: BotFeatures): Bot {
  const flows = new Map(features.flows.map((flow) => [flow.name, flow]));
  let limiter: RateLimiter | undefined;

  async function route(ctx: BotContext, input: FlowInput): Promise<void> {
    const { event } = ctx;
    if (event.type === "follow") return features.onFollow(ctx);
    if (event.type === "unfollow") return features.onUnfollow(ctx);

    if (input.kind === "text") {
      const match = matchCommand(features.commands, input.text);
      if (match) {
        if (!match.command.roles.includes(ctx.user.role)) return features.refuse(ctx, match.command);
        return match.command.run(ctx, match.argument);
      }
    }
    if (ctx.conversation && (await continueFlow(ctx, flows, input))) return;
    if (input.kind === "postback") {
      const match = matchPostback(features.postbacks, input.data);
      if (match) {
        if (!match.postback.roles.includes(ctx.user.role))
          return features.refusePostback(ctx, match.postback);
        return match.postback.run(ctx, match.params);
      }
    }
    if (input.kind === "text" && features.pendingAnswer && (await features.pendingAnswer(ctx, input.text)))
      return;
    features.fallback(ctx);
  }

  return {
    load: loadChats,
    async handle(deps, event, showLoading, loaded) {
      const now = deps.clock.now();
      const userId = event.source?.userId;
      const oneToOne = event.source?.type === "user" && userId !== undefined;
      const lineUserId = userId ?? event.source?.groupId ?? event.source?.roomId ?? "-";
      // Only a one-to-one chat's state is taken from the batch's read: a user's events in groups may
      // share a batch with each other, their one-to-one chat's may not.
      const preloaded = oneToOne ? loaded?.get(lineUserId) : undefined;
      const [found, stored] = preloaded
        ? [preloaded.user, preloaded.conversation]
        : await Promise.all([
            findUser(deps.db, lineUserId),
            oneToOne ? findConversation(deps.db, lineUserId) : undefined,
          ]);
      const expired = stored !== undefined && stored.expiresAt <= now;
      const { ctx, outcome } = createContext({
        deps,
        event,
        user: found ?? newUser(lineUserId, now),
        now,
        conversation: stored && !expired ? stored : null,
        silent: event.mode === "standby" || !oneToOne,
        showLoading,
        abandon: (c, state) => abandonFlow(c, flows, state),
      });
      if (!oneToOne) return outcome();
      limiter ??= createRateLimiter(deps.config.chatRateLimit);
      const rate = event.type === "unfollow" ? "ok" : limiter.check(lineUserId, event.timestamp);
      if (rate !== "ok") {
        if (rate === "limited") ctx.reply(features.tooFast());
        return outcome();
      }
      if (!found || now - found.lastSeenAt >= LAST_SEEN_GRANULARITY_MS) {
        ctx.write(touchUser(deps.db, lineUserId, now));
      }
      if (expired && stored) {
        await abandonFlow(ctx, flows, stored);
        ctx.reply(features.expiredNotice());
      }
      await route(ctx, inputOf(event));
      return outcome();
    },
  };
}

export const tooFastNotice = () =>
  textMessage("คุณส่งข้อความถี่เกินไป โปรดรอสักครู่แล้วส่งใหม่ ข้อความที่ส่งระหว่างนี้จะไม่ได้รับการตอบ");

export const expiredFlowNotice = () =>
  textMessage("ขั้นตอนที่ทำค้างไว้หมดเวลาแล้ว (ไม่มีการตอบเกิน 30 นาที) ข้อมูลที่กรอกไว้ยังไม่ถูกบันทึก");
