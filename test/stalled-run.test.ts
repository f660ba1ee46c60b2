/**
 * On Workers a processing run has a budget and later kicks join the run in progress. A run that
 * stalls (its request's context gone) must not stop the isolate's processing: once it is well past
 * its budget, the next kick starts another run. A real SQLite file and the LINE double over HTTP;
 * the bot's handler hangs for one chat.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../src/bot/bot";
import { createInboxWriter } from "../src/db/repos/inbox.repo";
import { inboxEvents } from "../src/db/schema";
import { coreFeatures } from "../src/features/common.feature";
import { createProcessor } from "../src/jobs/processor";
import { type WebhookEvent, webhookBodySchema } from "../src/line/webhook.schema";
import { newLineUserId, webhookEvent } from "../src/simulator/webhook-events";
import { startTestBot, type TestBot } from "./support/bot";
import { createTestClock } from "./support/clock";
import { type RunningDouble, startDouble } from "./support/double";

let line: RunningDouble;
let bot: TestBot;
const clock = createTestClock();

beforeEach(async () => {
  line = await startDouble();
  bot = await startTestBot(line, { clock });
});
afterEach(async () => {
  await bot.close();
  await line.close();
});

const textFrom = (userId: string): WebhookEvent[] =>
  webhookBodySchema.parse({
    destination: "Ubot",
    events: [
      webhookEvent(
        { type: "text", text: "เมนู" },
        { userId, timestamp: clock.now(), replyToken: line.double.issueReplyToken(userId) },
      ),
    ],
  }).events;

describe("a stalled processing run", () => {
  it("is joined within its budget, and no longer once it is well past it", async () => {
    const stuck = newLineUserId();
    const waiting = newLineUserId();
    const real = createBot(coreFeatures());
    const hanging: Bot = {
      load: real.load,
      handle: (deps, event, showLoading, loaded) =>
        event.source?.type === "user" && event.source.userId === stuck
          ? new Promise(() => {})
          : real.handle(deps, event, showLoading, loaded),
    };
    const pipeline = createProcessor({ deps: bot.deps, bot: hanging, limits: { budgetMs: 1_000 } });
    const inbox = createInboxWriter(bot.deps.db, 1500);
    const status = async (userId: string) =>
      (
        await bot.deps.db
          .select({ status: inboxEvents.status })
          .from(inboxEvents)
          .where(eq(inboxEvents.chatKey, userId))
          .get()
      )?.status;

    await inbox.store(textFrom(stuck), clock.now());
    void pipeline.kick(); // hangs on the stuck chat's event
    await new Promise((r) => setTimeout(r, 100));
    expect(await status(stuck)).toBe("processing");

    await inbox.store(textFrom(waiting), clock.now());
    // Within the budget (and its grace) a kick joins the run in progress: nothing new is handled.
    void pipeline.kick();
    await new Promise((r) => setTimeout(r, 200));
    expect(await status(waiting)).toBe("pending");

    // Well past it, the next kick starts another run, which handles the waiting chat.
    clock.advance(1_000 + 15_001);
    await pipeline.kick();
    expect(await status(waiting)).toBe("done");
    expect(line.double.messagesFor(waiting)).toHaveLength(1);
    // The stuck event stays with its run, under its lease: nobody handles it twice.
    expect(await status(stuck)).toBe("processing");
    expect(line.double.messagesFor(stuck)).toEqual([]);
  });
});
