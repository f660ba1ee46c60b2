/**
 * Test-only features, loaded by name (src/features/registry.ts) like the product's own: the core
 * commands plus a two-step note flow and commands that are slow, instant or failing.
 */

import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import type { BotContext } from "../../src/bot/context";
import { statement } from "../../src/db/client";
import { coreCommands, coreFeatures } from "../../src/features/common.feature";
import { type FlowDefinition, ok, reask, startFlow, stepsOf } from "../../src/flows/engine";
import { textMessage } from "../../src/line/messages";

/** Where the processor finds these features (the `features` option of the Node server). */
export const NOTE_FEATURES = import.meta.url;

/** A two-step flow that saves a note on confirm: enough to exercise the engine. */
export const notes = sqliteTable("notes", {
  userId: text("user_id").notNull(),
  text: text("text").notNull(),
});
type NoteData = { text: Record<string, never>; confirm: { text: string } };
const noteStep = stepsOf<NoteData>();
const noteFlow: FlowDefinition<NoteData, "text"> = {
  name: "note",
  version: 1,
  first: "text",
  initial: () => ({}),
  steps: {
    text: noteStep("text", {
      schema: z.object({}).strict() as z.ZodType<Record<string, never>>,
      prompt: () => [textMessage("พิมพ์บันทึก")],
      parse: (_ctx, _data, input) => (input.kind === "text" ? ok(input.text) : reask("ขอเป็นข้อความ")),
      apply: (_ctx, _data, text) => ({ next: "confirm", data: { text } }),
    }),
    confirm: noteStep("confirm", {
      schema: z.object({ text: z.string() }),
      prompt: (_ctx, data) => [textMessage(`บันทึก "${data.text}"?`, [{ label: "ยืนยัน" }, { label: "ยกเลิก" }])],
      parse: (_ctx, _data, input) =>
        input.kind === "text" && input.text.trim() === "ยืนยัน" ? ok(true) : reask("กด ยืนยัน หรือ ยกเลิก"),
      apply: (ctx, data) => {
        // The flow's record is queued as a statement and committed with the answer.
        ctx.write(
          statement(ctx.deps.db.insert(notes).values({ userId: ctx.user.lineUserId, text: data.text })),
        );
        ctx.reply(textMessage("บันทึกแล้ว"));
        return { done: true };
      },
    }),
  },
};

export function features() {
  const commands = coreCommands();
  commands.unshift({
    keyword: "บันทึก",
    roles: ["citizen"],
    run: (ctx: BotContext) => startFlow(ctx, noteFlow),
  });
  commands.unshift({
    keyword: "ช้า",
    roles: ["citizen"],
    run: async (ctx: BotContext) => {
      await ctx.showLoading(5);
      await new Promise((resolve) => setTimeout(resolve, 1300)); // slower than the animation's threshold
      ctx.reply(textMessage("เสร็จแล้ว"));
    },
  });
  commands.unshift({
    keyword: "เร็ว",
    roles: ["citizen"],
    run: async (ctx: BotContext) => {
      await ctx.showLoading(5);
      ctx.reply(textMessage("เสร็จทันที"));
    },
  });
  commands.unshift({
    keyword: "พัง",
    roles: ["citizen"],
    run: () => {
      throw new Error("handler exploded");
    },
  });
  return coreFeatures({ commands, flows: [noteFlow] });
}
