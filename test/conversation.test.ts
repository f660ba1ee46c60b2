import { spawnSync } from "node:child_process";
import { count, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atomic } from "../src/db/client";
import { insertOutbox } from "../src/db/repos/outbox.repo";
import { conversations, inboxEvents, outbox, users } from "../src/db/schema";
import { textMessage } from "../src/line/messages";
import { newLineUserId } from "../src/simulator/webhook-events";
import { startTestBot, type TestBot, tempDatabasePath } from "./support/bot";
import { createTestClock } from "./support/clock";
import { type RunningDouble, startDouble } from "./support/double";
import { NOTE_FEATURES } from "./support/note-features";

let line: RunningDouble;
let bot: TestBot;
const clock = createTestClock();

async function openBot(databasePath = tempDatabasePath()) {
  const b = await startTestBot(line, { databasePath, features: NOTE_FEATURES, clock });
  b.deps.db.run(sql`CREATE TABLE IF NOT EXISTS notes (user_id TEXT, text TEXT)`);
  return b;
}
async function savedNotes(b: TestBot) {
  return (await b.deps.db.all<{ text: string }>(sql`SELECT text FROM notes`)).map((r) => r.text);
}
const lastText = (userId: string) => {
  const m = line.double.messagesFor(userId).at(-1);
  return m?.type === "text" ? m.text : m?.type;
};
async function say(userId: string, text: string, b = bot) {
  await b.send(userId, { type: "text", text });
  await b.settle();
  return lastText(userId);
}

beforeEach(async () => {
  line = await startDouble();
  bot = await openBot();
});
afterEach(async () => {
  await bot.close();
  expect(line.double.invalidRequests()).toEqual([]);
  await line.close();
});

describe("flows", () => {
  it("runs step by step and saves only on confirm", async () => {
    const u = newLineUserId();
    expect(await say(u, "บันทึก")).toBe("พิมพ์บันทึก");
    expect(await say(u, "ไฟดับที่ซอย 3")).toBe('บันทึก "ไฟดับที่ซอย 3"?');
    expect(await savedNotes(bot)).toEqual([]);
    expect(await say(u, "ยืนยัน")).toBe("บันทึกแล้ว");
    expect(await savedNotes(bot)).toEqual(["ไฟดับที่ซอย 3"]);
    expect(await bot.deps.db.select().from(conversations)).toEqual([]);
  });

  it("re-asks the same step on an unexpected message", async () => {
    const u = newLineUserId();
    await say(u, "บันทึก");
    await bot.send(u, { type: "sticker" });
    await bot.settle();
    const texts = line.double.messagesFor(u).map((m) => (m.type === "text" ? m.text : m.type));
    expect(texts.slice(-2)).toEqual(["ขอเป็นข้อความ", "พิมพ์บันทึก"]);
    const [state] = await bot.deps.db.select().from(conversations);
    expect(state?.step).toBe("text");
  });

  it("ยกเลิก leaves the flow with nothing half-saved", async () => {
    const u = newLineUserId();
    await say(u, "บันทึก");
    await say(u, "ข้อความที่ไม่ต้องการ");
    expect(await say(u, "  ยกเลิก  ")).toContain("ยกเลิกแล้ว");
    expect(await bot.deps.db.select().from(conversations)).toEqual([]);
    expect(await savedNotes(bot)).toEqual([]);
    expect(await say(u, "ยืนยัน")).toContain("ไม่เข้าใจ");
  });

  it("state lives in the database and survives a restart", async () => {
    const databasePath = tempDatabasePath();
    const first = await openBot(databasePath);
    const u = newLineUserId();
    await say(u, "บันทึก", first);
    await say(u, "ถนนชำรุด", first);
    await first.close();
    const second = await openBot(databasePath);
    expect(await say(u, "ยืนยัน", second)).toBe("บันทึกแล้ว");
    expect(await savedNotes(second)).toEqual(["ถนนชำรุด"]);
    await second.close();
  });

  it("expires after 30 idle minutes and says so", async () => {
    const u = newLineUserId();
    await say(u, "บันทึก");
    await say(u, "ทดสอบ");
    clock.advance(31 * 60 * 1000);
    await bot.send(u, { type: "text", text: "ยืนยัน" });
    await bot.settle();
    const texts = line.double.messagesFor(u).map((m) => (m.type === "text" ? m.text : m.type));
    expect(texts.at(-2)).toContain("หมดเวลา");
    expect(texts.at(-1)).toContain("ไม่เข้าใจ");
    expect(await savedNotes(bot)).toEqual([]);
    expect(await bot.deps.db.select().from(conversations)).toEqual([]);
  });

  it("drops state whose flow version changed", async () => {
    const u = newLineUserId();
    await say(u, "บันทึก");
    await bot.deps.db.update(conversations).set({ version: 99 });
    expect(await say(u, "อะไรก็ได้")).toContain("ไม่เข้าใจ");
    expect(await bot.deps.db.select().from(conversations)).toEqual([]);
  });
});

describe("routing", () => {
  it("เมนู answers with a Flex card of what a citizen can do", async () => {
    const u = newLineUserId();
    await say(u, "เมนู");
    const [card] = line.double.messagesFor(u);
    expect(card?.type).toBe("flex");
    const json = JSON.stringify(card);
    for (const keyword of ["ร้องเรียน", "ติดตามเรื่อง", "ประเมิน", "ลบข้อมูลของฉัน"]) expect(json).toContain(keyword);
    expect(json).not.toContain("มาตรการ");
    expect(json).toContain("ประชาชน");
  });

  it("a staff member's menu lists staff keywords", async () => {
    const u = newLineUserId();
    await say(u, "เมนู");
    await bot.deps.db.update(users).set({ role: "staff", unitId: "u1" }).where(eq(users.lineUserId, u));
    await say(u, "เมนู");
    const json = JSON.stringify(line.double.messagesFor(u).at(-1));
    expect(json).toContain("มาตรการ");
    expect(json).toContain("งานร้องเรียน");
  });

  it("a citizen typing a staff keyword is refused politely and gets no data", async () => {
    const u = newLineUserId();
    expect(await say(u, "มาตรการ")).toContain("เฉพาะเจ้าหน้าที่");
  });

  it("anything not understood points to เมนู", async () => {
    const u = newLineUserId();
    const answer = await say(u, "สวัสดีครับ");
    expect(answer).toContain("เมนู");
    const last = line.double.messagesFor(u).at(-1);
    expect(last?.quickReply?.items?.[0]?.action).toMatchObject({ type: "message", label: "เมนู" });
  });

  it("a postback that was never issued gets a clean answer", async () => {
    const u = newLineUserId();
    await bot.send(u, { type: "postback", data: "a=deleteEverything&id=1" });
    await bot.settle();
    expect(lastText(u)).toContain("ปุ่มนี้ใช้ไม่ได้แล้ว");
  });

  it("follow sends the welcome card with the privacy notice; unfollow stops pushes", async () => {
    const u = newLineUserId();
    await bot.send(u, { type: "follow" });
    await bot.settle();
    const welcome = JSON.stringify(line.double.messagesFor(u)[0]);
    expect(welcome).toContain("ยินดีต้อนรับ");
    expect(welcome).toContain("ลบข้อมูลของฉัน");
    await bot.send(u, { type: "unfollow" });
    await bot.settle();
    const [user] = await bot.deps.db.select().from(users).where(eq(users.lineUserId, u));
    expect(user?.reachable).toBe(false);

    const before = line.double.requests().length;
    const now = bot.deps.clock.now();
    await atomic(
      bot.deps.db,
      insertOutbox(bot.deps.db, [
        {
          to: u,
          messages: JSON.stringify([textMessage("แจ้งสถานะ")]),
          retryKey: crypto.randomUUID(),
          createdAt: now,
          nextAttemptAt: now,
        },
      ]),
    );
    await bot.tick();
    expect(line.double.requests().length).toBe(before);
    const [row] = await bot.deps.db
      .select()
      .from(outbox)
      .where(eq(outbox.to, u))
      .orderBy(sql`id DESC`)
      .limit(1);
    expect(row?.status).toBe("skipped");
  });
});

describe("loading animation", () => {
  it("a slow step shows LINE's loading animation in the user's chat, then answers", async () => {
    const u = newLineUserId();
    expect(await say(u, "ช้า")).toBe("เสร็จแล้ว");
    const loading = line.double.requests().filter((r) => r.path === "/v2/bot/chat/loading/start");
    expect(loading.map((r) => [r.status, r.body])).toEqual([[202, { chatId: u, loadingSeconds: 5 }]]);
    // Counted with the other LINE calls.
    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).toMatch(
      /prongsai_line_api_calls_total\{[^}]*endpoint="loading"[^}]*status="2xx"[^}]*\} [1-9]/,
    );
    // Still what Prometheus accepts (Debian's promtool, where installed).
    if (spawnSync("promtool", ["--version"]).status === 0) {
      const check = spawnSync("promtool", ["check", "metrics"], { input: metrics, encoding: "utf8" });
      expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
    }
  });

  it("is not worth its LINE call when the answer comes within a second", async () => {
    const u = newLineUserId();
    expect(await say(u, "เร็ว")).toBe("เสร็จทันที");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(line.double.requests().filter((r) => r.path === "/v2/bot/chat/loading/start")).toEqual([]);
  });

  it("is not shown for standby events", async () => {
    const u = newLineUserId();
    await bot.postEvents([bot.event(u, { type: "text", text: "ช้า" }, { mode: "standby" })]);
    await bot.settle();
    expect(line.double.requests()).toEqual([]);
  });
});

describe("failures", () => {
  it("a failing event is recorded and retried a bounded number of times without blocking other users", async () => {
    const a = newLineUserId();
    const b = newLineUserId();
    await bot.postEvents([
      bot.event(a, { type: "text", text: "พัง" }),
      bot.event(b, { type: "text", text: "เมนู" }),
    ]);
    await bot.settle();
    expect(line.double.messagesFor(b).map((m) => m.type)).toEqual(["flex"]);
    const failing = async () =>
      (await bot.deps.db.select().from(inboxEvents).where(eq(inboxEvents.chatKey, a)))[0];
    expect(await failing()).toMatchObject({ status: "pending", attempts: 1, lastError: "handler exploded" });

    // A's next message waits behind the failing one, so A's chat stays in order.
    await bot.send(a, { type: "text", text: "เมนู" });
    await bot.settle();
    expect(line.double.messagesFor(a)).toEqual([]);

    for (let i = 0; i < 6; i++) {
      clock.advance(10 * 60 * 1000);
      await bot.tick();
    }
    expect(await failing()).toMatchObject({ status: "failed", attempts: 5 });
    // Given up on the broken event, A's later message is answered.
    expect(line.double.messagesFor(a).map((m) => m.type)).toEqual(["flex"]);
    const [{ n } = { n: 0 }] = await bot.deps.db
      .select({ n: count() })
      .from(inboxEvents)
      .where(eq(inboxEvents.status, "done"));
    expect(n).toBe(2);
  });
});
