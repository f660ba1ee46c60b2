import type { z } from "zod";
import type { BotContext } from "../bot/context";
import { deleteConversation, saveConversation } from "../db/repos/conversations.repo";
import type { Conversation } from "../db/schema";
import type { Message } from "../line/messages";
import { textMessage } from "../line/messages";

/** A flow is abandoned after this long without input. */
export const FLOW_IDLE_MS = 30 * 60 * 1000;

/** What the user sent, as a flow step sees it. */
export type FlowInput =
  | { kind: "text"; text: string }
  | { kind: "postback"; data: string }
  | { kind: "location"; latitude: number; longitude: number; address: string | null; title: string | null }
  | { kind: "image"; messageId: string }
  | { kind: "other"; type: string };

export type StepResult<D> =
  /** Move on to `next` with the new data (written only now that the step succeeded). */
  | { next: string; data: D }
  /** The flow is complete; its records were queued with `ctx.write` and its answer with `ctx.reply`. */
  | { done: true }
  /** The input did not fit: say why and ask the same step again. */
  | { reask: string };

export interface FlowStep<D> {
  /** What the step asks; may read the database (e.g. the choices of the moment). */
  prompt(ctx: BotContext, data: D): Message[] | Promise<Message[]>;
  handle(ctx: BotContext, data: D, input: FlowInput): StepResult<D> | Promise<StepResult<D>>;
}

/** An explicit, versioned step machine. Its state lives in the database, validated on every read. */
export interface FlowDefinition<D> {
  name: string;
  version: number;
  schema: z.ZodType<D>;
  first: string;
  initial(ctx: BotContext): D;
  steps: Record<string, FlowStep<D>>;
  /** Undo what steps kept outside the flow state (e.g. uploaded photos) when the flow is abandoned. */
  discard?(ctx: BotContext, data: D): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds flows of every data type
export type AnyFlow = FlowDefinition<any>;

function persist<D>(ctx: BotContext, flow: FlowDefinition<D>, step: string, data: D) {
  ctx.write(
    saveConversation(ctx.deps.db, {
      orgId: ctx.deps.orgId,
      lineUserId: ctx.user.lineUserId,
      flow: flow.name,
      version: flow.version,
      step,
      data: data as Record<string, unknown>,
      expiresAt: ctx.now + FLOW_IDLE_MS,
      updatedAt: ctx.now,
    }),
  );
}

function stepOf<D>(flow: FlowDefinition<D>, name: string): FlowStep<D> {
  const step = flow.steps[name];
  if (!step) throw new Error(`flow ${flow.name} has no step ${name}`);
  return step;
}

/**
 * Drop a stored flow (cancelled, expired or replaced): its state row goes with the event's writes, and
 * whatever its steps kept elsewhere is discarded. Nothing of an unfinished flow stays behind.
 */
export async function abandonFlow(
  ctx: BotContext,
  flows: ReadonlyMap<string, AnyFlow>,
  state: Conversation,
): Promise<void> {
  ctx.write(deleteConversation(ctx.deps.db, ctx.deps.orgId, ctx.user.lineUserId));
  const flow = flows.get(state.flow);
  const parsed = flow && flow.version === state.version ? flow.schema.safeParse(state.data) : undefined;
  if (flow?.discard && parsed?.success) {
    try {
      await flow.discard(ctx, parsed.data);
    } catch (error) {
      ctx.deps.log.warn("discarding an abandoned flow failed", { flow: flow.name, error: String(error) });
    }
  }
}

/**
 * Begin a flow at its first step (or at `at`, e.g. past a consent already given), with its initial
 * data (or `data`, e.g. the record a tapped button named); replaces any other flow in progress.
 */
export async function startFlow<D>(
  ctx: BotContext,
  flow: FlowDefinition<D>,
  at: string = flow.first,
  data: D = flow.initial(ctx),
): Promise<void> {
  if (ctx.conversation) await ctx.abandonFlow();
  persist(ctx, flow, at, data);
  ctx.reply(...(await stepOf(flow, at).prompt(ctx, data)));
}

/**
 * Feed one input to the user's flow in progress. Returns false when the stored state no longer
 * fits the flow (changed version or shape); the state is then dropped and the caller answers.
 */
export async function continueFlow(ctx: BotContext, flows: ReadonlyMap<string, AnyFlow>, input: FlowInput) {
  const state = ctx.conversation;
  if (!state) return false;
  const flow = flows.get(state.flow);
  const parsed = flow && flow.version === state.version ? flow.schema.safeParse(state.data) : undefined;
  const step = flow?.steps[state.step];
  if (!flow || !parsed?.success || !step) {
    ctx.write(deleteConversation(ctx.deps.db, ctx.deps.orgId, ctx.user.lineUserId));
    return false;
  }
  const result = await step.handle(ctx, parsed.data, input);
  if ("reask" in result) {
    const prompt = await step.prompt(ctx, parsed.data);
    const [first, ...rest] = prompt;
    // Keep the step's own choices (quick replies) on the last message by putting the reason first.
    ctx.reply(textMessage(result.reask), ...(first ? [first, ...rest] : []));
    persist(ctx, flow, state.step, parsed.data);
  } else if ("next" in result) {
    persist(ctx, flow, result.next, result.data);
    ctx.reply(...(await stepOf(flow, result.next).prompt(ctx, result.data)));
  } else {
    ctx.write(deleteConversation(ctx.deps.db, ctx.deps.orgId, ctx.user.lineUserId));
  }
  return true;
}
