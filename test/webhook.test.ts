import { count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inboxEvents, outbox } from "../src/db/schema";
import { createSignatureVerifier } from "../src/line/signature";
import { newLineUserId, webhookBody } from "../src/simulator/webhook-events";
import { startTestBot, type TestBot, tempDatabasePath } from "./support/bot";
import { type RunningDouble, startDouble } from "./support/double";

let line: RunningDouble;
let bot: TestBot;

beforeEach(async () => {
  line = await startDouble();
  bot = await startTestBot(line);
});
afterEach(async () => {
  await bot.close();
  // Every message the bot sent in the run is valid against LINE's OpenAPI spec and documented limits.
  expect(line.double.invalidRequests()).toEqual([]);
  await line.close();
});

async function storedEvents(b: TestBot = bot) {
  const [row] = await b.deps.db.select({ n: count() }).from(inboxEvents);
  return row?.n ?? 0;
}

const textsTo = (userId: string) =>
  line.double.messagesFor(userId).flatMap((m) => (m.type === "text" ? [m.text] : [`[${m.type}]`]));

describe("signature", () => {
  it("matches LINE's documented example", async () => {
    const verifier = await createSignatureVerifier("8c570fa6dd201bb328f1c1eac23a96d8");
    const body = new TextEncoder().encode('{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}');
    expect(await verifier.verify(body, "GhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs=")).toBe(true);
    expect(await verifier.verify(body, "HhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs=")).toBe(false);
  });

  it.each([
    ["missing", null],
    ["wrong", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="],
    ["not base64", "not a signature!"],
  ])("a %s signature gets 401 and nothing is stored", async (_name, signature) => {
    const userId = newLineUserId();
    const body = webhookBody([bot.event(userId, { type: "text", text: "เมนู" })]);
    const response = await bot.postRaw(body, signature);
    expect(response.status).toBe(401);
    await bot.settle();
    expect(await storedEvents()).toBe(0);
    expect(line.double.messagesFor(userId)).toEqual([]);
  });

  it("a tampered body (signature of the original) gets 401", async () => {
    const userId = newLineUserId();
    const body = webhookBody([bot.event(userId, { type: "text", text: "เมนู" })]);
    const signature = await (await createSignatureVerifier("8c570fa6dd201bb328f1c1eac23a96d8")).sign(body);
    const response = await bot.postRaw(body.replace("เมนู", "ยกเลิก"), signature);
    expect(response.status).toBe(401);
    expect(await storedEvents()).toBe(0);
  });

  it("verifies the raw bytes: emoji escapes are not re-serialised", async () => {
    const userId = newLineUserId();
    const body = webhookBody([bot.event(userId, { type: "text", text: "PLACEHOLDER" })]).replace(
      "PLACEHOLDER",
      "\\uD83E\\uDD28 สวัสดี",
    );
    expect((await bot.postRaw(body)).status).toBe(200);
    await bot.settle();
    expect(await storedEvents()).toBe(1);
  });
});

describe("body", () => {
  it("malformed JSON with a valid signature gets 400 and the server keeps serving", async () => {
    expect((await bot.postRaw('{"destination":"U1","events":[')).status).toBe(400);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const userId = newLineUserId();
    expect((await bot.send(userId, { type: "text", text: "เมนู" })).status).toBe(200);
    await bot.settle();
    expect(textsTo(userId)).toEqual(["[flex]"]);
  });

  it("a wrong shape gets 400 naming the field", async () => {
    const response = await bot.postRaw(JSON.stringify({ destination: "U1", events: [{ type: "message" }] }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: "events.0.timestamp" });
    expect(await storedEvents()).toBe(0);
  });

  it("an empty events array (the console's Verify button) gets 200", async () => {
    const response = await bot.postRaw('{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}');
    expect(response.status).toBe(200);
    expect(await storedEvents()).toBe(0);
  });

  it("a body over 1 MB gets 413", async () => {
    const response = await bot.postRaw(
      JSON.stringify({ destination: "U1", events: [], pad: "x".repeat(1_000_001) }),
    );
    expect(response.status).toBe(413);
  });

  it("unknown event types are kept and ignored", async () => {
    const userId = newLineUserId();
    const base = bot.event(userId, { type: "text", text: "x" });
    const { message: _m, replyToken: _r, ...common } = base;
    const unknown = { ...common, type: "someFutureEvent", futureField: { a: 1 } };
    expect((await bot.postEvents([unknown])).status).toBe(200);
    await bot.settle();
    const [row] = await bot.deps.db.select().from(inboxEvents);
    expect(row).toMatchObject({ type: "someFutureEvent", status: "done" });
    expect(line.double.requests()).toEqual([]);
  });

  it("stores a large batch in one atomic write (chunked for D1's 100 bound parameters)", async () => {
    const users = Array.from({ length: 30 }, () => newLineUserId());
    const response = await bot.postEvents(users.map((u) => bot.event(u, { type: "text", text: "เมนู" })));
    expect(response.status).toBe(200);
    await bot.settle();
    expect(await storedEvents()).toBe(30);
    for (const u of users) expect(textsTo(u)).toEqual(["[flex]"]);
  });
});

describe("delivery guarantees", () => {
  it("a redelivered event is handled once", async () => {
    const userId = newLineUserId();
    const event = bot.event(userId, { type: "text", text: "เมนู" });
    expect((await bot.postEvents([event])).status).toBe(200);
    await bot.settle();
    const redelivery = { ...event, deliveryContext: { isRedelivery: true } };
    expect((await bot.postEvents([redelivery])).status).toBe(200);
    expect((await bot.postEvents([redelivery])).status).toBe(200);
    await bot.settle();
    expect(await storedEvents()).toBe(1);
    expect(line.double.deliveries({ userId })).toHaveLength(1);
  });

  it("a crash right after the 200 loses nothing: the next start handles the event", async () => {
    const databasePath = tempDatabasePath();
    const first = await startTestBot(line, { databasePath, defer: () => {} });
    const userId = newLineUserId();
    expect((await first.send(userId, { type: "text", text: "เมนู" })).status).toBe(200);
    await first.close();
    expect(line.double.messagesFor(userId)).toEqual([]);

    const second = await startTestBot(line, { databasePath });
    await second.settle();
    expect(line.double.messagesFor(userId).map((m) => m.type)).toEqual(["flex"]);
    const [row] = await second.deps.db.select().from(inboxEvents);
    expect(row?.status).toBe("done");
    await second.close();
  });

  it("an invalid reply token falls back to a push with a retry key", async () => {
    const userId = newLineUserId();
    line.double.injectFault({ endpoint: "reply", kind: "invalidReplyToken", times: 1 });
    await bot.send(userId, { type: "text", text: "เมนู" });
    await bot.settle();
    const deliveries = line.double.deliveries({ userId });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ kind: "push", to: [userId] });
    expect(deliveries[0]?.retryKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a push that fails twice with 500 arrives once, with one retry key", async () => {
    const userId = newLineUserId();
    line.double.injectFault({ endpoint: "reply", kind: "invalidReplyToken", times: 1 });
    line.double.injectFault({ endpoint: "push", kind: "500", times: 2 });
    await bot.send(userId, { type: "text", text: "เมนู" });
    await bot.settle();
    for (let i = 0; i < 40 && line.double.deliveries({ userId }).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      await bot.tick();
    }
    const pushes = line.double.requests().filter((r) => r.path === "/v2/bot/message/push");
    expect(pushes.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(pushes.map((r) => r.retryKey)).size).toBe(1);
    expect(line.double.deliveries({ userId })).toHaveLength(1);
    const [row] = await bot.deps.db.select().from(outbox);
    expect(row).toMatchObject({ status: "sent", attempts: 4 });
  });

  it("a push LINE accepted but answered 500 is retried with the same key: 409 counts as sent", async () => {
    const userId = newLineUserId();
    line.double.injectFault({ endpoint: "reply", kind: "invalidReplyToken", times: 1 });
    line.double.injectFault({ endpoint: "push", kind: "acceptThen500", times: 1 });
    await bot.send(userId, { type: "text", text: "เมนู" });
    await bot.settle();
    for (let i = 0; i < 20 && (await bot.deps.db.select().from(outbox))[0]?.status !== "sent"; i++) {
      await new Promise((r) => setTimeout(r, 200));
      await bot.tick();
    }
    const pushes = line.double.requests().filter((r) => r.path === "/v2/bot/message/push");
    expect(pushes.map((r) => r.status)).toEqual([500, 409]);
    expect(line.double.deliveries({ userId })).toHaveLength(1);
    expect((await bot.deps.db.select().from(outbox))[0]?.status).toBe("sent");
  });

  it("a 429 backs off longer and is surfaced to admins", async () => {
    const userId = newLineUserId();
    line.double.injectFault({ endpoint: "reply", kind: "invalidReplyToken", times: 1 });
    line.double.injectFault({ endpoint: "push", kind: "429", times: 1 });
    await bot.send(userId, { type: "text", text: "เมนู" });
    await bot.settle();
    const [row] = await bot.deps.db.select().from(outbox);
    expect(row).toMatchObject({ status: "pending", lastStatus: 429 });
    expect((row?.nextAttemptAt ?? 0) - bot.deps.clock.now()).toBeGreaterThan(30_000);

    const unauthorised = await fetch(`${bot.url}/api/admin/delivery`);
    expect(unauthorised.status).toBe(401);
    const health = await fetch(`${bot.url}/api/admin/delivery`, {
      headers: { authorization: "Bearer test-admin-token-0123456789" },
    });
    const body = await health.json();
    expect(body.outbox.pending).toBe(1);
    expect(body.alerts[0]).toMatchObject({ kind: "line_rate_limited" });
  });

  it("events in standby mode get no reply", async () => {
    const userId = newLineUserId();
    await bot.postEvents([bot.event(userId, { type: "text", text: "เมนู" }, { mode: "standby" })]);
    await bot.settle();
    expect(line.double.requests()).toEqual([]);
    const [row] = await bot.deps.db.select().from(inboxEvents).where(eq(inboxEvents.type, "message"));
    expect(row?.status).toBe("done");
  });

  it("one user's events are handled in order", async () => {
    const userId = newLineUserId();
    const t = bot.deps.clock.now();
    // Sent in reverse: LINE may deliver out of order; the event time decides.
    const events = ["ยกเลิก", "เมนู", "สวัสดี"].map((text, i) =>
      bot.event(userId, { type: "text", text }, { timestamp: t + i }),
    );
    await bot.postEvents(events.reverse());
    await bot.settle();
    const answers = line.double.messagesFor(userId);
    expect(answers.map((m) => m.type)).toEqual(["text", "flex", "text"]);
    expect(textsTo(userId)[0]).toContain("ไม่มีรายการที่ทำค้าง");
    expect(textsTo(userId)[2]).toContain("ไม่เข้าใจ");
  });
});
