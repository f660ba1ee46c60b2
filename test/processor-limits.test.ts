/**
 * A processing run's batch cap (`batchesPerRun`: a Durable Object's alarm run is one invocation, and
 * D1 allows so many queries per invocation): a run stops after its batches and the next one goes on
 * where it stopped; nothing is handled twice or skipped. A real SQLite file and the LINE double over
 * HTTP; the bot's own periodic pass is kept out of the way.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { createBot } from "../src/bot/bot";
import { createInboxWriter, inboxCounts } from "../src/db/repos/inbox.repo";
import { coreFeatures } from "../src/features/common.feature";
import { createProcessor } from "../src/jobs/processor";
import { webhookBodySchema } from "../src/line/webhook.schema";
import { newLineUserId, webhookEvent } from "../src/simulator/webhook-events";
import { startTestBot, type TestBot } from "./support/bot";
import { type RunningDouble, startDouble } from "./support/double";

let line: RunningDouble;
let bot: TestBot;

beforeEach(async () => {
  line = await startDouble();
  bot = await startTestBot(line, { tickMs: 3_600_000 });
});
afterEach(async () => {
  await bot.close();
  await line.close();
});

/** `เมนู` from `count` new users, stored in the inbox as the webhook stores them; the users. */
async function storeMenuEvents(count: number): Promise<string[]> {
  const users = Array.from({ length: count }, () => newLineUserId());
  const events = webhookBodySchema.parse({
    destination: "Ubot",
    events: users.map((userId) =>
      webhookEvent(
        { type: "text", text: "เมนู" },
        { userId, timestamp: bot.deps.clock.now(), replyToken: line.double.issueReplyToken(userId) },
      ),
    ),
  }).events;
  await createInboxWriter(bot.deps.db, 1500).store(events, bot.deps.clock.now());
  return users;
}

it("stops a run after its batches; the next run handles the rest, each event once", async () => {
  const users = await storeMenuEvents(10);
  const processor = createProcessor({
    deps: bot.deps,
    bot: createBot(coreFeatures()),
    limits: { batchSize: 2, batchesPerRun: 2 },
  });

  await processor.kick();
  expect(await inboxCounts(bot.deps.db)).toEqual({ done: 4, pending: 6 });
  expect(await processor.nextDueAt()).toBeLessThanOrEqual(bot.deps.clock.now());
  await processor.kick();
  await processor.kick();
  expect(await inboxCounts(bot.deps.db)).toEqual({ done: 10 });
  await processor.kick(); // nothing left: nothing more is sent
  for (const user of users) expect(line.double.messagesFor(user)).toHaveLength(1);
});

it("gives the thread back to its host between any two events of a batch, every lane waiting, and answers all", async () => {
  const users = await storeMenuEvents(12);
  let turns = 0;
  let handledDuringTurn = 0;
  let inTurn = false;
  const handlingBot = createBot(coreFeatures());
  const processor = createProcessor({
    deps: bot.deps,
    bot: {
      ...handlingBot,
      handle: (...args) => {
        if (inTurn) handledDuringTurn++;
        return handlingBot.handle(...args);
      },
    },
    limits: { concurrency: 8 },
    yieldToHost: async () => {
      turns++;
      inTurn = true;
      await new Promise((resolve) => setTimeout(resolve, 5));
      inTurn = false;
    },
  });

  await processor.kick();
  expect(await inboxCounts(bot.deps.db)).toEqual({ done: 12 });
  for (const user of users) expect(line.double.messagesFor(user)).toHaveLength(1);
  expect(turns).toBe(11);
  // No lane starts an event while the host has the thread.
  expect(handledDuringTurn).toBe(0);
});
