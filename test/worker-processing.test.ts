import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newLineUserId } from "../src/simulator/webhook-events";
import { startTestBot, type TestBot } from "./support/bot";
import { type RunningDouble, startDouble } from "./support/double";

async function until(check: () => boolean, ms = 10_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * `npm start` handles events on processing threads (PRONGSAI_PROCESSING_THREADS, default 1); the
 * same guarantees hold there, with one thread or several claiming from the same inbox.
 */
describe.each([1, 3])("worker-thread processing with %i thread(s)", (threads) => {
  let line: RunningDouble;
  let bot: TestBot;

  beforeAll(async () => {
    line = await startDouble();
    bot = await startTestBot(line, { processing: "worker", tickMs: 200, processingThreads: threads });
  });
  afterAll(async () => {
    await bot.close();
    expect(line.double.invalidRequests()).toEqual([]);
    await line.close();
  });

  it("answers events acknowledged by the HTTP thread, once each, in order", async () => {
    const users = Array.from({ length: 20 }, () => newLineUserId());
    for (const u of users) {
      const event = bot.event(u, { type: "text", text: "เมนู" });
      expect((await bot.postEvents([event])).status).toBe(200);
      expect((await bot.postEvents([{ ...event, deliveryContext: { isRedelivery: true } }])).status).toBe(
        200,
      );
      expect((await bot.send(u, { type: "text", text: "สวัสดี" })).status).toBe(200);
    }
    await until(() => users.every((u) => line.double.messagesFor(u).length >= 2));
    await new Promise((r) => setTimeout(r, 300));
    for (const u of users) {
      expect(line.double.messagesFor(u).map((m) => m.type)).toEqual(["flex", "text"]);
    }
  });

  it("answers a burst from 30 chats at once, each chat's four events once and in order", async () => {
    const users = Array.from({ length: 30 }, () => newLineUserId());
    const texts = ["เมนู", "สวัสดี", "เมนู", "สวัสดี"];
    await Promise.all(
      users.map(async (u) => {
        // One webhook after another per chat (as LINE sends them), all chats at the same time.
        for (const text of texts) expect((await bot.send(u, { type: "text", text })).status).toBe(200);
      }),
    );
    await until(() => users.every((u) => line.double.messagesFor(u).length >= 4));
    await new Promise((r) => setTimeout(r, 300));
    for (const u of users) {
      expect(line.double.messagesFor(u).map((m) => m.type)).toEqual(["flex", "text", "flex", "text"]);
    }
  });
});
