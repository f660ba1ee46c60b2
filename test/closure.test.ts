/**
 * Honest closure in chat: the "was it fixed?" answer survives a detour (quick replies vanish once
 * another message arrives; the cards keep the buttons and typed answers work), several pending
 * answers are told apart, and keywords and flows in progress are never taken for answers.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { users } from "../src/db/schema";
import { newLineUserId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { startTestBot, type TestBot } from "./support/bot";
import { type ChatUser, chatUser, JPEG, textOf } from "./support/chat";
import { createTestClock } from "./support/clock";
import { type RunningDouble, startDouble } from "./support/double";
import { expectThai } from "./support/thai";

let line: RunningDouble;
let bot: TestBot;
const clock = createTestClock();

beforeEach(async () => {
  line = await startDouble();
  bot = await startTestBot(line, { clock });
});
afterEach(async () => {
  await bot.close();
  // Every message the bot sent is valid against LINE's OpenAPI spec and documented limits.
  expect(line.double.invalidRequests()).toEqual([]);
  await line.close();
});

const codeIn = (text: string) => /[RC]\d{4}-\d{5}/.exec(text)?.[0] as string;

async function file(user: ChatUser, description = "ถนนหน้าบ้านเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย"): Promise<string> {
  await user.say("ร้องเรียน");
  if (user.labels().includes("ยินยอม")) await user.tap("ยินยอม");
  await user.tap("ร้องทุกข์ทั่วไป");
  await user.tap("ถนน/ทางเท้า");
  await user.say(description);
  await user.tap("ข้าม");
  await user.tap("ข้าม");
  await user.tap("ยืนยัน");
  return codeIn(user.lastText());
}

async function resolve(code: string, note = "ปะผิวถนนเรียบร้อย") {
  const answer = await adminApi(bot, "POST", `/complaints/${code}/status`, {
    status: "resolved",
    note,
    photo: { base64: btoa(String.fromCharCode(...JPEG)) },
  });
  expect(answer.status).toBe(200);
  await bot.settle();
}

async function staffOf(unitName: string): Promise<string> {
  const staff = newLineUserId();
  const unit = (await adminApi(bot, "GET", "/units")).json.items.find(
    (u: { name: string }) => u.name === unitName,
  );
  await bot.deps.db.insert(users).values({
    lineUserId: staff,
    role: "staff",
    unitId: unit.id,
    createdAt: 0,
    lastSeenAt: 0,
  });
  return staff;
}

const detail = async (code: string) => (await adminApi(bot, "GET", `/complaints/${code}`)).json;

describe("closure in chat", () => {
  it("the detour: details first, then a typed no reopens it; resolved again, the card's yes, then a rating", async () => {
    const staff = await staffOf("กองช่าง");
    const user = chatUser(bot, line, newLineUserId());
    const code = await file(user);
    await resolve(code);
    expect(user.labels()).toEqual(["แก้ไขแล้ว", "ยังไม่แก้ไข"]); // the question's quick replies

    // Details first: the quick replies are gone in LINE, but the detail card carries the buttons.
    await user.tap("ดูรายละเอียด");
    expect(user.lastText()).toContain("ปัญหาได้รับการแก้ไขแล้วหรือไม่");
    expect(user.labels()).toEqual(["แก้ไขแล้ว", "ยังไม่แก้ไข", "ดูภาพ"]); // and the after-photo
    // And so does the status card of `ติดตามเรื่อง`.
    await user.say("ติดตามเรื่อง");
    expect(user.labels()).toEqual(["แก้ไขแล้ว", "ยังไม่แก้ไข", "ดูรายละเอียด"]);

    const reopened = await user.say("ยังไม่แก้ไข");
    expect(textOf(reopened[0])).toContain(`เปิดเรื่อง ${code} อีกครั้ง`);
    expect(await detail(code)).toMatchObject({ status: "in_progress", reopenCount: 1 });
    expect(textOf(line.double.messagesFor(staff).at(-1))).toContain("ถูกเปิดอีกครั้ง");
    // Nothing awaits an answer now: the same words are not understood, and the card has no buttons.
    expect(textOf((await user.say("ยังไม่แก้ไข"))[0])).toContain("ไม่เข้าใจ");
    await user.say(`ติดตามเรื่อง ${code}`);
    expect(user.labels()).toEqual(["ดูภาพ"]);

    await resolve(code, "ปะผิวถนนใหม่ทั้งช่วง");
    await user.say(`ติดตามเรื่อง ${code}`);
    expect(user.labels()).toEqual(["แก้ไขแล้ว", "ยังไม่แก้ไข", "ดูภาพ"]);
    const thanks = await user.tap("แก้ไขแล้ว");
    expect(textOf(thanks[0])).toContain("ขอบคุณที่ยืนยัน");
    await user.say(`ติดตามเรื่อง ${code}`);
    expect(user.labels()).toEqual(["ให้คะแนนความพึงพอใจ", "ดูภาพ"]);
    await user.tap("ให้คะแนนความพึงพอใจ");
    expect(user.labels()).toContain("4 ดี");
    await user.tap("4 ดี");
    expect(user.lastText()).toContain("ขอบคุณสำหรับคะแนน 4 จาก 5");
    expect(await detail(code)).toMatchObject({ status: "resolved", reopenCount: 1, rating: 4, fixed: true });
    expect((await detail(code)).history.at(-1)).toMatchObject({ status: "resolved", by: "ผู้ร้อง" });
    await user.say(`ติดตามเรื่อง ${code}`);
    expect(user.labels()).toEqual(["ดูภาพ"]);
  });

  it("with two pending, a typed answer asks which; the choice or a typed code answers", async () => {
    const user = chatUser(bot, line, newLineUserId());
    const first = await file(user);
    const second = await file(user, "ไฟถนนดับทั้งซอยมาหนึ่งสัปดาห์แล้ว");
    await resolve(first);
    await resolve(second);

    const which = await user.say("ใช่");
    expectThai(textOf(which[0]));
    expect(textOf(which[0])).toContain("เรื่องใด");
    expect(user.labels().sort()).toEqual([first, second].sort());
    await user.tap(first);
    expect(user.lastText()).toContain(`ขอบคุณที่ยืนยัน โปรดให้คะแนนความพึงพอใจต่อการแก้ไขเรื่อง ${first}`);
    expect(await detail(first)).toMatchObject({ fixed: true });

    // One pending now: a plain answer is its answer.
    await user.say("ไม่");
    expect(await detail(second)).toMatchObject({ status: "in_progress", reopenCount: 1 });
    expect(await detail(first)).toMatchObject({ status: "resolved", reopenCount: 0 });
  });

  it("never takes a keyword or a flow's step for an answer", async () => {
    const user = chatUser(bot, line, newLineUserId());
    const code = await file(user);
    await resolve(code);
    await user.say("ร้องเรียน");
    await user.tap("ร้องทุกข์ทั่วไป");
    await user.tap("ถนน/ทางเท้า");
    // The description step: "ไม่" is a (too short) description, not an answer.
    const reask = await user.say("ไม่");
    expect(textOf(reask[0])).not.toContain("เปิดเรื่อง");
    await user.say("ยกเลิก");
    expect(await detail(code)).toMatchObject({ status: "resolved", fixed: null });
    await user.say("เมนู");
    expect(await detail(code)).toMatchObject({ status: "resolved", fixed: null });
  });
});
