import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newLineUserId, newMessageId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { type ChatUser, chatUser, JPEG, textOf } from "./support/chat";
import { useBot } from "./support/harness";

const t = useBot();
const MINUTE = 60_000;

async function fileComplaint(user: ChatUser) {
  await user.say("ร้องเรียน");
  if (user.labels().includes("ยินยอม")) await user.tap("ยินยอม");
  await user.tap("ร้องทุกข์ทั่วไป");
  await user.tap("ถนน/ทางเท้า");
  await user.say("ถนนทรุดตัวหน้าวัด");
  await user.tap("ข้าม");
  await user.tap("ข้าม");
  return /R\d{4}-\d{5}/.exec(textOf((await user.tap("ยืนยัน")).at(-1)))?.[0] as string;
}

/** Let the periodic pass run while time moves on (backoffs pass), until `done` or the budget ends. */
async function tickUntil(done: () => boolean | Promise<boolean>, minutes: number) {
  for (let i = 0; i < minutes * 6 && !(await done()); i++) {
    t.clock.advance(MINUTE / 6);
    await t.bot.tick();
  }
}

describe("faults", () => {
  it("a push LINE refused is not marked sent while it waits for its retry; sent_at is when LINE took it", async () => {
    const user = chatUser(t.bot, t.line, newLineUserId());
    const code = await fileComplaint(user);
    t.line.double.injectFault({ endpoint: "push", kind: "500", times: 1 });
    const change = { status: "in_progress", note: "รับเรื่องแล้ว กำลังตรวจสอบ" };
    expect((await adminApi(t.bot, "POST", `/complaints/${code}/status`, change)).status).toBe(200);
    await t.bot.settle();
    const push = async () =>
      (
        await t.bot.deps.db.all<{ status: string; sentAt: number | null; attempts: number }>(
          sql`SELECT status, sent_at AS sentAt, attempts FROM outbox
            WHERE to_id = ${user.userId} AND reply_token IS NULL ORDER BY id DESC LIMIT 1`,
        )
      )[0];
    // Refused once: waiting for its retry, with no sent_at (the old code marked it sent first).
    expect(await push()).toMatchObject({ status: "pending", sentAt: null, attempts: 1 });
    const before = t.clock.now();
    await tickUntil(async () => (await push())?.status === "sent", 5);
    const sent = await push();
    expect(sent?.status).toBe("sent");
    expect(sent?.sentAt).toBeGreaterThan(before);
  });

  it("LINE failing for minutes (500s, then 429s): pushes back off, nothing is lost, order is kept", async () => {
    const user = chatUser(t.bot, t.line, newLineUserId());
    const code = await fileComplaint(user);
    const pushed = () => t.line.double.deliveries({ userId: user.userId }).filter((d) => d.kind === "push");
    t.line.double.injectFault({ endpoint: "push", kind: "500", times: 8 });
    t.line.double.injectFault({ endpoint: "push", kind: "429", times: 2 });
    for (const [status, note] of [
      ["in_progress", "ขั้นที่ 1: รับเรื่อง"],
      ["forwarded", "ขั้นที่ 2: ส่งต่อแขวงทางหลวง"],
      ["in_progress", "ขั้นที่ 3: แขวงทางหลวงรับดำเนินการ"],
    ] as const) {
      expect((await adminApi(t.bot, "POST", `/complaints/${code}/status`, { status, note })).status).toBe(
        200,
      );
    }
    await t.bot.settle();
    expect(pushed()).toHaveLength(0); // LINE is down
    await tickUntil(() => pushed().length === 3, 300);
    const notes = pushed().map((d) => textOf(d.messages[0]));
    expect(notes[0]).toContain("ขั้นที่ 1");
    expect(notes[1]).toContain("ขั้นที่ 2");
    expect(notes[2]).toContain("ขั้นที่ 3");
    // Every failed call was retried with the batch's own key; each batch went out once.
    const calls = t.line.double.requests().filter((r) => r.path === "/v2/bot/message/push");
    expect(calls.filter((r) => r.status === 500)).toHaveLength(8);
    expect(calls.filter((r) => r.status === 429)).toHaveLength(2);
    expect(new Set(calls.filter((r) => r.status === 200).map((r) => r.retryKey)).size).toBe(3);
    const alert = (await adminApi(t.bot, "GET", "/delivery")).json.alerts;
    expect(alert.map((a: { kind: string }) => a.kind)).toContain("line_rate_limited");
  });

  it("the content API failing while a photo is fetched: the step asks again, the flow goes on", async () => {
    const user = chatUser(t.bot, t.line, newLineUserId());
    await user.say("ร้องเรียน");
    await user.tap("ยินยอม");
    await user.tap("ร้องทุกข์ทั่วไป");
    await user.tap("น้ำประปา");
    await user.say("น้ำไม่ไหลทั้งซอย");
    await user.tap("ข้าม");
    t.line.double.injectFault({ endpoint: "content", kind: "500", times: 1 });
    const messageId = newMessageId();
    t.line.double.setContent(messageId, JPEG, "image/jpeg");
    const failed = await user.send({ type: "image", messageId });
    expect(textOf(failed[0])).toContain("ไม่สามารถรับรูปภาพนี้ได้");
    expect(user.labels()).toContain("ข้าม");
    const again = await user.send({ type: "image", messageId });
    expect(textOf(again[0])).toContain("ได้รับรูปที่ 1");
  });

  it("a full database: the webhook answers 5xx (LINE redelivers), the server keeps serving, the event is handled later", async () => {
    const user = chatUser(t.bot, t.line, newLineUserId());
    const sqlite = t.bot.deps.db;
    const pages =
      (await sqlite.all<{ n: number }>(sql`SELECT page_count AS n FROM pragma_page_count()`))[0]?.n ?? 0;
    await sqlite.run(sql.raw(`PRAGMA max_page_count = ${pages}`));
    // Thirty events of 24 KB: far more than the free pages left inside the limit.
    const events = Array.from({ length: 30 }, () =>
      t.bot.event(user.userId, { type: "text", text: "ก".repeat(8_000) }),
    );
    const full = await t.bot.postEvents(events);
    expect(full.status).toBeGreaterThanOrEqual(500);
    expect((await fetch(`${t.bot.url}/healthz`)).status).toBe(200);
    await sqlite.run(sql.raw("PRAGMA max_page_count = 1073741823"));
    const stored = await sqlite.all<{ n: number }>(sql`SELECT count(*) AS n FROM inbox_events`);
    expect(stored[0]?.n).toBe(0); // nothing half-stored
    const redelivered = await t.bot.postEvents(
      events.map((e) => ({ ...e, deliveryContext: { isRedelivery: true } })),
    );
    expect(redelivered.status).toBe(200);
    await t.bot.settle();
    expect(t.line.double.deliveries({ userId: user.userId })).toHaveLength(30);
  });
});
