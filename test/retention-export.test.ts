import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { newLineUserId, newMessageId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { type ChatUser, chatUser, JPEG, textOf } from "./support/chat";
import { useBot } from "./support/harness";

const t = useBot();
const DAY = 24 * 60 * 60 * 1000;

async function file(user: ChatUser, track: "ร้องทุกข์ทั่วไป" | "ร้องเรียนการทุจริต") {
  await user.say("ร้องเรียน");
  if (user.labels().includes("ยินยอม")) await user.tap("ยินยอม");
  await user.tap(track);
  if (track === "ร้องทุกข์ทั่วไป") await user.tap("ถนน/ทางเท้า");
  await user.say("ถนนหน้าบ้านเลขที่ 5 พังเป็นหลุม");
  await user.send({ type: "location", latitude: 13.1, longitude: 100.2, address: "5 หมู่ 1" });
  const messageId = newMessageId();
  t.line.double.setContent(messageId, JPEG, "image/jpeg");
  await user.send({ type: "image", messageId });
  await user.tap("เสร็จ");
  if (track === "ร้องเรียนการทุจริต") await user.tap("ไม่ประสงค์ออกนาม");
  return /[RC]\d{4}-\d{5}/.exec(textOf((await user.tap("ยืนยัน")).at(-1)))?.[0] as string;
}

const blobFiles = () => {
  const dir = join(dirname(t.bot.deps.config.databasePath), "blobs");
  return existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile())
    : [];
};

describe("retention", () => {
  it("after the period, closed complaints lose photos, contact and place but stay counted", async () => {
    const user = chatUser(t.bot, t.line, newLineUserId());
    const closed = await file(user, "ร้องทุกข์ทั่วไป");
    const open = await file(user, "ร้องทุกข์ทั่วไป");
    await adminApi(t.bot, "POST", `/complaints/${closed}/status`, {
      status: "rejected",
      note: "ซ้ำกับเรื่องเดิม",
    });
    expect(blobFiles().length).toBeGreaterThan(0);
    expect((await adminApi(t.bot, "PUT", "/settings/retention", { closedComplaintDays: 5 })).json.field).toBe(
      "closedComplaintDays",
    );
    await adminApi(t.bot, "PUT", "/settings/retention", { closedComplaintDays: 365 });

    const early = new Date(t.bot.deps.clock.now() + 300 * DAY).toISOString();
    expect((await adminApi(t.bot, "POST", `/retention/run?at=${early}`)).json).toEqual({
      complaints: 0,
      photos: 0,
    });
    const late = new Date(t.bot.deps.clock.now() + 366 * DAY).toISOString();
    expect((await adminApi(t.bot, "POST", `/retention/run?at=${late}`)).json).toEqual({
      complaints: 1,
      photos: 1,
    });

    const purged = (await adminApi(t.bot, "GET", `/complaints/${closed}`)).json;
    expect(purged).toMatchObject({ status: "rejected", location: null, photos: [] });
    const kept = (await adminApi(t.bot, "GET", `/complaints/${open}`)).json;
    expect(kept.photos).toHaveLength(1);
    expect(kept.location).not.toBeNull();
    expect(blobFiles().filter((f) => !f.name.endsWith(".type"))).toHaveLength(1);
    // The complainant no longer tracks the purged one (the contact is gone), still tracks the open one.
    expect(textOf((await user.say(`ติดตามเรื่อง ${closed}`)).at(-1))).toContain("ไม่พบเรื่อง");
    expect(textOf((await user.say(`ติดตามเรื่อง ${open}`)).at(-1))).toContain(open);
    expect((await adminApi(t.bot, "POST", `/retention/run?at=${late}`)).json.complaints).toBe(0);
  });
});

describe("access request export", () => {
  it("returns what is held about a person, without their corruption complaints", async () => {
    const userId = newLineUserId();
    const user = chatUser(t.bot, t.line, userId);
    const general = await file(user, "ร้องทุกข์ทั่วไป");
    const corruption = await file(user, "ร้องเรียนการทุจริต");
    const exported = await adminApi(t.bot, "GET", `/privacy/users/${userId}`);
    expect(exported.status).toBe(200);
    expect(exported.json.user).toMatchObject({ role: "citizen" });
    expect(exported.json.user.consentedAt).toMatch(/\+07:00$/);
    expect(exported.json.complaints.map((k: { trackingCode: string }) => k.trackingCode)).toEqual([general]);
    expect(JSON.stringify(exported.json)).not.toContain(corruption);
    expect((await adminApi(t.bot, "GET", "/privacy/users/nobody")).json.field).toBe("lineUserId");
    expect((await adminApi(t.bot, "GET", `/privacy/users/${newLineUserId()}`)).status).toBe(404);
  });
});
