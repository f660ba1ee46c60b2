/**
 * The flow engine on its own: a typed two-step flow driven through real contexts over an in-memory
 * database (each event's statements committed as the inbox job would).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { choiceOf } from "../../src/bot/choices";
import { type BotContext, createContext } from "../../src/bot/context";
import { atomic } from "../../src/db/client";
import { findConversation } from "../../src/db/repos/conversations.repo";
import { newUser } from "../../src/db/repos/users.repo";
import { conversations } from "../../src/db/schema";
import {
  type AnyFlow,
  abandonFlow,
  continueFlow,
  type FlowDefinition,
  type FlowInput,
  ok,
  reask,
  type StepResult,
  startFlow,
  stepsOf,
} from "../../src/flows/engine";
import { textMessage } from "../../src/line/messages";
import { handledEventSchema } from "../../src/line/webhook.schema";
import { newLineUserId, webhookEvent } from "../../src/simulator/webhook-events";
import { type ServiceDeps, serviceDeps } from "../support/services";

/** Pick a size, then a quantity for it: the quantity step's data holds the size, typed. */
type Order = { size: Record<string, never>; quantity: { size: "S" | "L" } };
const step = stepsOf<Order>();
const applied: string[] = [];
const finished: Array<{ size: string; quantity: number }> = [];
const discarded: unknown[] = [];

const size = step("size", {
  schema: z.object({}).strict() as z.ZodType<Record<string, never>>,
  prompt: () => [textMessage("ขนาดใด", [{ label: "S" }, { label: "L" }])],
  parse(_ctx, _data, input) {
    const chosen = choiceOf(input, ["S", "L"] as const);
    return chosen ? ok(chosen) : reask("เลือก S หรือ L");
  },
  apply(_ctx, _data, chosen): StepResult<Order> {
    applied.push(chosen);
    return { next: "quantity", data: { size: chosen } };
  },
});

const quantity = step("quantity", {
  schema: z.object({ size: z.enum(["S", "L"]) }),
  prompt: (_ctx, data) => [textMessage(`ขนาด ${data.size} กี่ชิ้น`)],
  parse(_ctx, _data, input) {
    const n = input.kind === "text" ? Number(input.text) : Number.NaN;
    return Number.isInteger(n) && n > 0 ? ok(n) : reask("พิมพ์จำนวนเป็นตัวเลข");
  },
  apply(ctx, data, n) {
    finished.push({ size: data.size, quantity: n });
    ctx.reply(textMessage("รับแล้ว"));
    return { done: true };
  },
});

const orderFlow: FlowDefinition<Order, "size"> = {
  name: "order",
  version: 2,
  first: "size",
  initial: () => ({}),
  steps: { size, quantity },
  async discard(_ctx, data) {
    discarded.push(data);
  },
};
const flows = new Map<string, AnyFlow>([[orderFlow.name, orderFlow]]);

// Compile-time checks (tsc runs over test/): a step's result names a step of the flow with that
// step's data, and a step's parsed value is what its `apply` receives.
step("size", {
  schema: z.object({}).strict() as z.ZodType<Record<string, never>>,
  prompt: () => [],
  parse: () => ok("S" as const),
  // @ts-expect-error: "checkout" is not a step of this flow
  apply: () => ({ next: "checkout", data: {} }),
});
step("size", {
  schema: z.object({}).strict() as z.ZodType<Record<string, never>>,
  prompt: () => [],
  parse: () => ok("S" as const),
  // @ts-expect-error: the quantity step needs its size
  apply: () => ({ next: "quantity", data: {} }),
});
step("quantity", {
  schema: z.object({ size: z.enum(["S", "L"]) }),
  prompt: () => [],
  parse: () => ok(3),
  // @ts-expect-error: the parsed value is a number
  apply: (_ctx, _data, n: string) => ({ next: "quantity", data: { size: n } }),
});

/** One event: a context over the stored state, `run` on it, then its statements committed. */
async function event(deps: ServiceDeps, userId: string, run: (ctx: BotContext) => Promise<unknown>) {
  const now = deps.clock.now();
  const stored = await findConversation(deps.db, userId);
  const { ctx, outcome } = createContext({
    deps,
    event: handledEventSchema.parse(webhookEvent({ type: "text", text: "-" }, { userId, timestamp: now })),
    user: newUser(userId, now),
    now,
    conversation: stored ?? null,
    silent: false,
    showLoading: async () => {},
    abandon: (c, state) => abandonFlow(c, flows, state),
  });
  const result = await run(ctx);
  await atomic(deps.db, outcome().statements);
  const texts = outcome().replies.map((m) => (m.type === "text" ? m.text : m.type));
  return { result, texts };
}

const text = (value: string): FlowInput => ({ kind: "text", text: value });

describe("typed flows", () => {
  it("re-asks the same step on an unexpected answer, without applying it, and keeps its data", async () => {
    const deps = await serviceDeps();
    const user = newLineUserId();
    applied.length = 0;
    expect((await event(deps, user, (ctx) => startFlow(ctx, orderFlow))).texts).toEqual(["ขนาดใด"]);
    const sticker = await event(deps, user, (ctx) =>
      continueFlow(ctx, flows, { kind: "other", type: "sticker" }),
    );
    expect(sticker.texts).toEqual(["เลือก S หรือ L", "ขนาดใด"]);
    const wrong = await event(deps, user, (ctx) => continueFlow(ctx, flows, text("XL")));
    expect(wrong.texts).toEqual(["เลือก S หรือ L", "ขนาดใด"]);
    expect(applied).toEqual([]);
    expect(await findConversation(deps.db, user)).toMatchObject({
      flow: "order",
      version: 2,
      step: "size",
      data: {},
    });
  });

  it("moves to the typed next step with its data, and ends there", async () => {
    const deps = await serviceDeps();
    const user = newLineUserId();
    finished.length = 0;
    await event(deps, user, (ctx) => startFlow(ctx, orderFlow));
    expect((await event(deps, user, (ctx) => continueFlow(ctx, flows, text("L")))).texts).toEqual([
      "ขนาด L กี่ชิ้น",
    ]);
    expect(await findConversation(deps.db, user)).toMatchObject({
      step: "quantity",
      data: { size: "L" },
    });
    expect((await event(deps, user, (ctx) => continueFlow(ctx, flows, text("0")))).texts[0]).toBe(
      "พิมพ์จำนวนเป็นตัวเลข",
    );
    expect((await event(deps, user, (ctx) => continueFlow(ctx, flows, text("3")))).texts).toEqual(["รับแล้ว"]);
    expect(finished).toEqual([{ size: "L", quantity: 3 }]);
    expect(await findConversation(deps.db, user)).toBeUndefined();
  });

  it("starts at a later step with that step's data", async () => {
    const deps = await serviceDeps();
    const user = newLineUserId();
    const started = await event(deps, user, (ctx) =>
      startFlow(ctx, orderFlow, { next: "quantity", data: { size: "S" } }),
    );
    expect(started.texts).toEqual(["ขนาด S กี่ชิ้น"]);
    expect(await findConversation(deps.db, user)).toMatchObject({ step: "quantity" });
  });

  it("drops a state stored by an older version, or of another shape, or at an unknown step", async () => {
    const deps = await serviceDeps();
    const user = newLineUserId();
    discarded.length = 0;
    const stale: Array<Partial<typeof conversations.$inferInsert>> = [
      { version: 1 },
      { step: "quantity", data: { size: "XXL" } },
      { step: "checkout" },
    ];
    for (const change of stale) {
      await event(deps, user, (ctx) => startFlow(ctx, orderFlow, { next: "quantity", data: { size: "S" } }));
      await deps.db.update(conversations).set(change).where(eq(conversations.lineUserId, user));
      const { result, texts } = await event(deps, user, (ctx) => continueFlow(ctx, flows, text("3")));
      expect(result).toBe(false);
      expect(texts).toEqual([]);
      expect(await findConversation(deps.db, user)).toBeUndefined();
    }
    // A state that no longer fits is dropped without its flow's discard (its data cannot be trusted).
    expect(discarded).toEqual([]);
  });

  it("abandoning a flow discards what its valid state kept", async () => {
    const deps = await serviceDeps();
    const user = newLineUserId();
    discarded.length = 0;
    await event(deps, user, (ctx) => startFlow(ctx, orderFlow, { next: "quantity", data: { size: "L" } }));
    await event(deps, user, (ctx) => ctx.abandonFlow());
    expect(discarded).toEqual([{ size: "L" }]);
    expect(await findConversation(deps.db, user)).toBeUndefined();
  });
});
