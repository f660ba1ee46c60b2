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
  /** `params`: what a picker chose (LINE's datetimepicker sends `date`, `time` or `datetime`). */
  | { kind: "postback"; data: string; params?: Readonly<Record<string, string>> }
  | { kind: "location"; latitude: number; longitude: number; address: string | null; title: string | null }
  | { kind: "image"; messageId: string }
  | { kind: "other"; type: string };

/**
 * A flow's data by step: `{ consent: {}; category: { track: "general" }; … }`. Each step names the
 * data it needs, so a later step's data holds every answer the steps before it collected and a
 * flow's end reads them without fallbacks. Flows whose steps all share one shape use `SameData`.
 */
export type StepName<D> = keyof D & string;

/** Every step of `S` holds the same data `T`. */
export type SameData<S extends string, T> = { [K in S]: T };

/** Go to step `next` with the data that step needs (written only now that the step succeeded). */
export type Next<D> = { [S in StepName<D>]: { next: S; data: D[S] } }[StepName<D>];

/** The input did not fit (or no longer fits): say why and ask the same step again. */
export interface Reask {
  reask: string;
}

/** The flow is complete; its records were queued (`ctx.apply`/`ctx.write`) and its answer replied. */
export interface Done {
  done: true;
}

export type StepResult<D> = Next<D> | Done | Reask;

/** What a step made of the input: a value for `apply`, or why it must ask again. */
export type Parsed<V> = { ok: V } | Reask;

/**
 * A step's answers, made with these two (not written as object literals, whose unions TypeScript
 * widens with `ok?: undefined`, which would leak `undefined` into the value `apply` receives).
 */
export const ok = <V>(value: V): { ok: V } => ({ ok: value });
export const reask = (message: string): Reask => ({ reask: message });

/**
 * One step: what it asks (`prompt`), what it accepts (`parse`: anything else re-asks the same step,
 * with the step's choices again), and what it does with an accepted answer (`apply`: the next step
 * and its data, or the end). `schema` validates the step's stored data on every read.
 */
export interface FlowStep<D, S extends StepName<D>, V = unknown> {
  name: S;
  schema: z.ZodType<D[S]>;
  /** May read the database (e.g. the choices of the moment). */
  prompt(ctx: BotContext, data: D[S]): Message[] | Promise<Message[]>;
  parse(ctx: BotContext, data: D[S], input: FlowInput): Parsed<V> | Promise<Parsed<V>>;
  apply(ctx: BotContext, data: D[S], value: V): StepResult<D> | Promise<StepResult<D>>;
}

/**
 * The steps of a flow with data `D`, one at a time: `step("consent", { schema, prompt, parse, apply })`
 * ties the step to its name, its data to `D[name]`, and `apply`'s value to what `parse` returns.
 */
export function stepsOf<D>() {
  return <S extends StepName<D>, V>(name: S, step: Omit<FlowStep<D, S, V>, "name">): FlowStep<D, S, V> => ({
    name,
    ...step,
  });
}

/** An explicit, versioned step machine. Its state lives in the database, validated on every read. */
export interface FlowDefinition<D, F extends StepName<D> = StepName<D>> {
  name: string;
  /** Bump it when the stored data of any step changes shape: older states are then dropped. */
  version: number;
  first: F;
  /** The first step's data; flows started only with their data (`startFlow(ctx, flow, start)`) omit it. */
  initial?(ctx: BotContext): D[F];
  // biome-ignore lint/suspicious/noExplicitAny: each step's parsed value is its own (see `stepsOf`)
  steps: { [S in StepName<D>]: FlowStep<D, S, any> };
  /** Undo what steps kept outside the flow state (e.g. uploaded photos) when the flow is abandoned. */
  discard?(ctx: BotContext, data: D[StepName<D>]): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds flows of every data type
export type AnyFlow = FlowDefinition<any, any>;

/** The engine's view of a step once its types are erased (the registry holds flows of every shape). */
interface LooseStep {
  schema: z.ZodType;
  prompt(ctx: BotContext, data: unknown): Message[] | Promise<Message[]>;
  parse(ctx: BotContext, data: unknown, input: FlowInput): Parsed<unknown> | Promise<Parsed<unknown>>;
  apply(ctx: BotContext, data: unknown, value: unknown): Loose | Promise<Loose>;
}
type Loose = { next: string; data: unknown } | Done | Reask;

function stepOf(flow: AnyFlow, name: string): LooseStep | undefined {
  return Object.hasOwn(flow.steps, name) ? (flow.steps[name] as LooseStep) : undefined;
}

function persist(ctx: BotContext, flow: AnyFlow, step: string, data: unknown) {
  ctx.write(
    saveConversation(ctx.deps.db, {
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

/** A stored state read back: its flow, step and data if they still fit (same version, valid data). */
function restore(flows: ReadonlyMap<string, AnyFlow>, state: Conversation) {
  const flow = flows.get(state.flow);
  if (!flow || flow.version !== state.version) return undefined;
  const step = stepOf(flow, state.step);
  const parsed = step?.schema.safeParse(state.data);
  return step && parsed?.success ? { flow, step, data: parsed.data } : undefined;
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
  ctx.write(deleteConversation(ctx.deps.db, ctx.user.lineUserId));
  const restored = restore(flows, state);
  if (!restored?.flow.discard) return;
  try {
    await restored.flow.discard(ctx, restored.data);
  } catch (error) {
    ctx.deps.log.warn("discarding an abandoned flow failed", {
      flow: restored.flow.name,
      error: String(error),
    });
  }
}

/**
 * Begin a flow at its first step with its initial data, or at `start` (e.g. past a consent already
 * given, or with the record a tapped button named); replaces any other flow in progress.
 */
export async function startFlow<D, F extends StepName<D>>(
  ctx: BotContext,
  flow: FlowDefinition<D, F>,
  start?: Next<D>,
): Promise<void> {
  const at: Loose = start ?? { next: flow.first, data: flow.initial?.(ctx) };
  if (!("next" in at) || at.data === undefined) throw new Error(`flow ${flow.name} needs its start data`);
  const step = stepOf(flow as AnyFlow, at.next);
  if (!step) throw new Error(`flow ${flow.name} has no step ${at.next}`);
  if (ctx.conversation) await ctx.abandonFlow();
  persist(ctx, flow as AnyFlow, at.next, at.data);
  ctx.reply(...(await step.prompt(ctx, at.data)));
}

/**
 * Feed one input to the user's flow in progress: the step parses it (or re-asks), then applies it.
 * Returns false when the stored state no longer fits the flow (changed version, unknown step, data
 * of another shape); the state is then dropped and the caller answers.
 */
export async function continueFlow(ctx: BotContext, flows: ReadonlyMap<string, AnyFlow>, input: FlowInput) {
  const state = ctx.conversation;
  if (!state) return false;
  const restored = restore(flows, state);
  if (!restored) {
    ctx.write(deleteConversation(ctx.deps.db, ctx.user.lineUserId));
    return false;
  }
  const { flow, step, data } = restored;
  const parsed = await step.parse(ctx, data, input);
  const result = "reask" in parsed ? parsed : await step.apply(ctx, data, parsed.ok);
  if ("reask" in result) {
    const [first, ...rest] = await step.prompt(ctx, data);
    // Keep the step's own choices (quick replies) on the last message by putting the reason first.
    ctx.reply(textMessage(result.reask), ...(first ? [first, ...rest] : []));
    persist(ctx, flow, state.step, data);
  } else if ("next" in result) {
    const next = stepOf(flow, result.next);
    if (!next) throw new Error(`flow ${flow.name} has no step ${result.next}`);
    persist(ctx, flow, result.next, result.data);
    ctx.reply(...(await next.prompt(ctx, result.data)));
  } else {
    ctx.write(deleteConversation(ctx.deps.db, ctx.user.lineUserId));
  }
  return true;
}
