import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { messagingApi } from "@line/bot-sdk";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type MeasureCardView,
  measureCarousel,
  progressSavedCard,
  progressSummaryCard,
} from "../flex-templates/measure.flex";
import { atomic } from "../src/db/client";
import { findMeasure, insertMeasures, type NewMeasure, progressOf } from "../src/db/repos/measures.repo";
import { conversations, measureProgress, users } from "../src/db/schema";
import {
  byUrgency,
  isMeasureOverdue,
  isMeasureStale,
  parsePercent,
  progressAuthor,
} from "../src/domain/measures";
import type { Role } from "../src/domain/roles";
import { STAFF } from "../src/domain/roles";
import { fiscalYearOf, thaiMonthYear } from "../src/domain/thai-time";
import { coreCommands } from "../src/features/common.feature";
import { validateMessages } from "../src/line-double/message-limits";
import {
  createOpenApiValidator,
  loadMessagingApiSpec,
  type OpenApiValidator,
} from "../src/line-double/openapi-validator";
import { newLineUserId, newMessageId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { startTestBot, type TestBot } from "./support/bot";
import { type ChatUser, chatUser, JPEG, PNG, textOf } from "./support/chat";
import { createTestClock } from "./support/clock";
import { type RunningDouble, startDouble } from "./support/double";

const TZ = "Asia/Bangkok";
const DAY = 24 * 60 * 60 * 1000;
const LOG = "บันทึกความก้าวหน้า";

let line: RunningDouble;
let bot: TestBot;
let clock: ReturnType<typeof createTestClock>;
/** The C.E. year of the 15 November the tests start on (10:00 in Bangkok): fiscal year `year + 544`. */
let year: number;
let units: Map<string, string>;

beforeEach(async () => {
  clock = createTestClock();
  // Start on the next 15 November, so that the fiscal year and the months around are known.
  const now = Date.now();
  year = new Date(now).getUTCFullYear();
  if (Date.UTC(year, 10, 15, 3) <= now) year += 1;
  clock.advance(Date.UTC(year, 10, 15, 3) - now);
  line = await startDouble();
  bot = await startTestBot(line, { clock });
  const { json } = await adminApi(bot, "GET", "/units");
  units = new Map(json.items.map((unit: { id: string; name: string }) => [unit.name, unit.id]));
});
afterEach(async () => {
  await bot.close();
  // Every message the bot sent is valid against LINE's OpenAPI spec and documented limits.
  expect(line.double.invalidRequests()).toEqual([]);
  await line.close();
});

const fiscalYear = () => fiscalYearOf(clock.now(), TZ);

function unitId(name: string): string {
  const id = units.get(name);
  if (!id) throw new Error(`no unit ${name}`);
  return id;
}

async function staff(unit: string | null, displayName: string | null = "สมศรี", role: Role = "staff") {
  const lineUserId = newLineUserId();
  await bot.deps.db.insert(users).values({
    lineUserId,
    role,
    unitId: unit ? unitId(unit) : null,
    displayName,
    createdAt: 0,
    lastSeenAt: 0,
  });
  return chatUser(bot, line, lineUserId);
}

let measureCount = 0;
async function measure(fields: Partial<NewMeasure> & { unit?: string } = {}): Promise<string> {
  const { unit = "กองช่าง", ...rest } = fields;
  const id = `m-${++measureCount}-${newMessageId()}`;
  await atomic(
    bot.deps.db,
    insertMeasures(bot.deps.db, [
      {
        id,
        fiscalYear: fiscalYear(),
        title: `มาตรการที่ ${measureCount} เผยแพร่ข้อมูลการจัดซื้อจัดจ้างบนเว็บไซต์`,
        indicators: [2, 9],
        method: "ประกาศผลการจัดซื้อจัดจ้างทุกเดือน",
        startMonth: `${year}-10`,
        endMonth: `${year + 1}-09`,
        createdAt: clock.now(),
        unitIds: [unitId(unit)],
        ...rest,
      },
    ]),
  );
  return id;
}

/** The carousel's bubbles, each as the text a person reads on it, with its button's postback. */
function bubbles(message: messagingApi.Message | undefined): Array<{ text: string; data: string }> {
  if (message?.type !== "flex" || message.contents.type !== "carousel") throw new Error("not a carousel");
  return message.contents.contents.map((bubble) => {
    const text = textOf({ type: "flex", altText: "", contents: bubble });
    const button = bubble.footer?.contents[0];
    const action = button?.type === "button" ? button.action : undefined;
    return { text, data: action?.type === "postback" ? (action.data ?? "") : "" };
  });
}

/** Tap the log-progress button of one measure on the latest carousel. */
async function tapMeasure(user: ChatUser, id: string) {
  const carousel = [...user.messages()]
    .reverse()
    .find((m) => m.type === "flex" && m.contents.type === "carousel");
  const card = bubbles(carousel).find((bubble) => bubble.data === `a=measure&id=${id}`);
  if (!card) throw new Error(`measure ${id} is not on the carousel`);
  return user.send({ type: "postback", data: card.data });
}

async function sendPhoto(user: ChatUser, bytes: Uint8Array, type = "image/jpeg") {
  const messageId = newMessageId();
  line.double.setContent(messageId, bytes, type);
  return user.send({ type: "image", messageId });
}

async function stateOf(user: ChatUser) {
  return bot.deps.db.select().from(conversations).where(eq(conversations.lineUserId, user.userId)).get();
}

function blobFiles(): string[] {
  const blobs = join(dirname(bot.deps.config.databasePath), "blobs");
  if (!existsSync(blobs)) return [];
  return readdirSync(blobs, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => f.name);
}

describe("มาตรการ: the unit's measures", () => {
  it("shows the unit's measures of the fiscal year with status, percent, indicators and due month", async () => {
    const mine = await measure({ title: "ประชุมชี้แจงแนวทางปฏิบัติเรื่องผลประโยชน์ทับซ้อน" });
    await measure({ unit: "กองคลัง", title: "มาตรการของกองคลัง" });
    await measure({ title: "มาตรการปีที่แล้ว", fiscalYear: fiscalYear() - 1 });
    const user = await staff("กองช่าง");
    const [answer] = await user.say("มาตรการ");
    expect(answer?.type).toBe("flex");
    const cards = bubbles(answer);
    expect(cards).toHaveLength(1);
    const [card] = cards;
    expect(card?.data).toBe(`a=measure&id=${mine}`);
    expect(card?.text).toContain("ประชุมชี้แจงแนวทางปฏิบัติเรื่องผลประโยชน์ทับซ้อน");
    expect(card?.text).toContain("ยังไม่เริ่ม");
    expect(card?.text).toContain("0%");
    expect(card?.text).toContain("2 การใช้งบประมาณ, 9 การเปิดเผยข้อมูล");
    expect(card?.text).toContain(`ก.ย. ${year + 1 + 543}`);
    expect(card?.text).toContain("ยังไม่มีการบันทึก");
    expect(card?.text).not.toContain("เกินกำหนด");
    expect(textOf(answer)).not.toContain("กองคลัง");
    expect(user.labels()).toContain(LOG);
  });

  it("answers plainly when the user has no unit, or the unit has no measures", async () => {
    const noUnit = await staff(null, null);
    await noUnit.say("มาตรการ");
    expect(noUnit.lastText()).toContain("ยังไม่ได้ผูกกับหน่วยงาน");
    // Integrity officers work the corruption track, not a unit's measures (workScopeOf), unit or not.
    for (const unit of [null, "กองช่าง"]) {
      await measure();
      const integrity = await staff(unit, null, "integrity");
      await integrity.say("มาตรการ");
      expect(integrity.lastText()).toContain("เจ้าหน้าที่ตรวจสอบภายในดูแลเรื่องร้องเรียนการทุจริต");
    }
    const empty = await staff("กองคลัง");
    await empty.say("มาตรการ");
    expect(empty.lastText()).toContain(`ยังไม่มีมาตรการของกองคลังในปีงบประมาณ ${fiscalYear()}`);
  });

  it("marks overdue and stale measures, by a controlled clock", async () => {
    // 15 Nov: one ended in October (overdue, not stale), one ends in November (neither yet),
    // one done long ago (never overdue or stale).
    const october = await measure({ title: "สิ้นสุดตุลาคม", endMonth: `${year}-10` });
    const november = await measure({ title: "สิ้นสุดพฤศจิกายน", endMonth: `${year}-11` });
    const done = await measure({
      title: "เสร็จแล้ว",
      endMonth: `${year}-10`,
      status: "done",
      percent: 100,
      lastProgressAt: clock.now() - 60 * DAY,
      createdAt: clock.now() - 90 * DAY,
    });
    const user = await staff("กองช่าง");
    let cards = bubbles((await user.say("มาตรการ"))[0]);
    expect(cards.map((c) => c.data)).toEqual([october, november, done].map((id) => `a=measure&id=${id}`));
    expect(cards[0]?.text).toContain(`เกินกำหนด (สิ้นสุด ต.ค. ${year + 543})`);
    expect(cards[0]?.text).not.toContain("ไม่มีความคืบหน้า");
    expect(cards[1]?.text).not.toContain("เกินกำหนด");
    expect(cards[1]?.text).not.toContain("ไม่มีความคืบหน้า");
    expect(cards[2]?.text).not.toMatch(/เกินกำหนด|ไม่มีความคืบหน้า/);

    // 29 days on: November has passed, nothing is stale yet.
    clock.advance(29 * DAY);
    cards = bubbles((await user.say("มาตรการ"))[0]);
    expect(cards[1]?.text).toContain("เกินกำหนด");
    expect(cards.some((c) => c.text.includes("ไม่มีความคืบหน้า"))).toBe(false);

    // 31 days after they were created: both open measures are stale too.
    clock.advance(2 * DAY);
    const [answer] = await user.say("มาตรการ");
    cards = bubbles(answer);
    expect(cards[0]?.text).toContain("ไม่มีความคืบหน้าเกิน 30 วัน");
    expect(cards[1]?.text).toContain("ไม่มีความคืบหน้าเกิน 30 วัน");
    expect(cards[2]?.text).not.toMatch(/เกินกำหนด|ไม่มีความคืบหน้า/);
    expect(answer?.type === "flex" && answer.altText).toContain("เกินกำหนด 2");
  });

  it("shows the 12 most urgent of more than 12, and says how many more", async () => {
    const far: string[] = [];
    for (let i = 0; i < 12; i++) far.push(await measure({ endMonth: `${year + 1}-0${(i % 9) + 1}` }));
    const stale = await measure({ title: "ไม่คืบหน้า", createdAt: clock.now() - 40 * DAY });
    const overdue = await measure({ title: "เกินกำหนด", endMonth: `${year}-10`, lastProgressAt: clock.now() });
    const done = await measure({ title: "เสร็จ", status: "done", percent: 100, endMonth: `${year}-10` });
    const user = await staff("กองช่าง");
    const [carousel, more] = await user.say("มาตรการ");
    const cards = bubbles(carousel);
    expect(cards).toHaveLength(12);
    expect(cards[0]?.data).toBe(`a=measure&id=${overdue}`);
    expect(cards[1]?.data).toBe(`a=measure&id=${stale}`);
    // Then the nearest end month first; the done one and the furthest end months are left out.
    expect(cards.map((c) => c.data)).not.toContain(`a=measure&id=${done}`);
    expect(cards[2]?.text).toContain(`ม.ค. ${year + 1 + 543}`);
    expect(textOf(more)).toContain("จากทั้งหมด 15 มาตรการ");
    expect(textOf(more)).toContain("ยังมีอีก 3 มาตรการ");
  });
});

describe("logging progress", () => {
  it("runs the whole flow with a photo, and the measure follows the entry", async () => {
    const id = await measure({ title: "ประชาสัมพันธ์ช่องทางร้องเรียนการทุจริต" });
    const user = await staff("กองช่าง");
    await user.say("มาตรการ");
    const start = await tapMeasure(user, id);
    expect(textOf(start.at(-1))).toContain("ประชาสัมพันธ์ช่องทางร้องเรียนการทุจริต");
    expect(textOf(start.at(-1))).toContain("ดำเนินการอะไรไปแล้วบ้าง");
    expect(user.labels()).toEqual(["ยกเลิก"]);

    await user.say("ติดป้ายประชาสัมพันธ์ช่องทางร้องเรียน 5 จุด และลงเว็บไซต์แล้ว");
    expect(user.lastText()).toContain("ดำเนินการเมื่อวันที่เท่าไร");
    expect(user.labels()).toEqual(["วันนี้", "เมื่อวาน", "เลือกวันที่", "ยกเลิก"]);
    await user.tap("เมื่อวาน");
    expect(user.labels()).toEqual(["25%", "50%", "75%", "100%", "ยกเลิก"]);
    await user.say("60");
    expect(user.labels()).toEqual(["กำลังดำเนินการ", "ดำเนินการแล้วเสร็จ", "ไม่สามารถดำเนินการได้", "ยกเลิก"]);
    await user.tap("กำลังดำเนินการ");
    expect(user.lastText()).toContain("ส่งรูปภาพหลักฐานได้สูงสุด 5 รูป");
    expect(user.labels()).toEqual(["ถ่ายรูป", "เลือกรูป", "ข้าม", "ยกเลิก"]);
    const photo = await sendPhoto(user, JPEG);
    expect(textOf(photo.at(-1))).toContain("ได้รับรูปที่ 1");
    expect(user.labels()).toEqual(["ถ่ายรูป", "เลือกรูป", "เสร็จ", "ยกเลิก"]);
    await sendPhoto(user, PNG, "image/png");
    expect(user.lastText()).toContain("ได้รับรูปที่ 2");
    await user.tap("เสร็จ");
    expect(user.lastText()).toContain("ข้อเสนอแนะ");
    expect(user.labels()).toEqual(["ข้าม", "ยกเลิก"]);
    const [summary] = await user.say("ควรเพิ่มป้ายที่ศูนย์พัฒนาเด็กเล็ก");
    expect(summary?.type).toBe("flex");
    const summaryText = textOf(summary);
    for (const part of [
      "ตรวจสอบก่อนบันทึก",
      `วันที่ดำเนินการ\n14 พฤศจิกายน ${year + 543}`,
      "60%",
      "กำลังดำเนินการ",
      "2 รูป",
      "ควรเพิ่มป้าย",
      "สมศรี (กองช่าง)",
    ]) {
      expect(summaryText).toContain(part);
    }
    expect(summary?.quickReply?.items?.map((item) => item.action?.label)).toEqual(["ยืนยัน", "ยกเลิก"]);
    expect(await progressOf(bot.deps.db, id)).toEqual([]);

    const [saved] = await user.tap("ยืนยัน");
    expect(saved?.type).toBe("flex");
    expect(textOf(saved)).toContain("บันทึกความก้าวหน้าแล้ว");
    expect(textOf(saved)).toContain("60%");
    expect(textOf(saved)).toContain(`14 พฤศจิกายน ${year + 543}`);

    const [entry, ...others] = await progressOf(bot.deps.db, id);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      text: "ติดป้ายประชาสัมพันธ์ช่องทางร้องเรียน 5 จุด และลงเว็บไซต์แล้ว",
      performedOn: `${year}-11-14`,
      percent: 60,
      status: "in_progress",
      reason: null,
      suggestion: "ควรเพิ่มป้ายที่ศูนย์พัฒนาเด็กเล็ก",
      by: "สมศรี (กองช่าง)",
      authorId: user.userId,
    });
    expect(entry?.photos.map((p) => p.contentType)).toEqual(["image/jpeg", "image/png"]);
    for (const p of entry?.photos ?? []) expect(await bot.deps.blobs.get(p.blobKey)).not.toBeNull();
    const after = await findMeasure(bot.deps.db, id);
    expect(after).toMatchObject({ status: "in_progress", percent: 60, lastProgressAt: entry?.at });
    expect(Math.abs((entry?.at ?? 0) - clock.now())).toBeLessThan(60_000);
    expect(await stateOf(user)).toBeUndefined();
    // Read back through the admin API, photos included, with no author id.
    const api = (await adminApi(bot, "GET", `/measures/${id}`)).json;
    expect(api).toMatchObject({ status: "in_progress", percent: 60 });
    expect(api.progress).toHaveLength(1);
    expect(api.progress[0]).toMatchObject({
      by: "สมศรี (กองช่าง)",
      percent: 60,
      suggestion: "ควรเพิ่มป้ายที่ศูนย์พัฒนาเด็กเล็ก",
    });
    expect(api.progress[0].photos).toHaveLength(2);
    const served = await fetch(`${bot.url}${api.progress[0].photos[1].url}`, {
      headers: { authorization: "Bearer test-admin-token-0123456789" },
    });
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(JSON.stringify(api)).not.toContain(user.userId);
    // The author's LINE id is for audit only: it is on no message.
    expect(JSON.stringify(user.messages())).not.toContain(user.userId);

    // The carousel shows the new state.
    const [carousel] = await user.tap("ดูมาตรการทั้งหมด");
    const [card] = bubbles(carousel);
    expect(card?.text).toContain("กำลังดำเนินการ");
    expect(card?.text).toContain("60%");
    expect(card?.text).not.toContain("ยังไม่มีการบันทึก");
    // A second `ยืนยัน` (a double tap) saves nothing more.
    await user.say("ยืนยัน");
    expect(await progressOf(bot.deps.db, id)).toHaveLength(1);
  });

  it("asks when the work was done: วันนี้, เมื่อวาน, the date picker or a typed date, within the year", async () => {
    const id = await measure();
    const user = await staff("กองช่าง");
    const be = year + 543;
    /** Log one entry up to the date step, answer it with `answer`, and return the stored day. */
    async function dated(answer: () => Promise<unknown>) {
      await user.say("มาตรการ");
      await tapMeasure(user, id);
      await user.say("ประชุมชี้แจงแนวทางปฏิบัติ");
      await answer();
      const state = await stateOf(user);
      expect(state?.step).toBe("percent");
      await user.say("ยกเลิก");
      return (state?.data as { performedOn?: string } | undefined)?.performedOn;
    }
    expect(await dated(() => user.tap("วันนี้"))).toBe(`${year}-11-15`);
    expect(await dated(() => user.tap("เมื่อวาน"))).toBe(`${year}-11-14`);
    expect(await dated(() => user.pick("เลือกวันที่", `${year}-10-20`))).toBe(`${year}-10-20`);
    for (const typed of [
      `3 พ.ย. ${be}`,
      `๓ พฤศจิกายน ๒๕${String(be).slice(2)}`,
      `3/11/${be}`,
      `${year}-11-03`,
    ]) {
      expect(await dated(() => user.say(typed)), typed).toBe(`${year}-11-03`);
    }

    // The picker: a date, from 1 October of the measure's fiscal year up to today.
    await user.say("มาตรการ");
    await tapMeasure(user, id);
    await user.say("ประชุมชี้แจงแนวทางปฏิบัติ");
    const picker = (user.last()?.quickReply?.items ?? [])
      .map((item) => item.action)
      .find((action) => action?.type === "datetimepicker");
    expect(picker).toEqual({
      type: "datetimepicker",
      label: "เลือกวันที่",
      data: "a=performed-on",
      mode: "date",
      initial: `${year}-11-15`,
      max: `${year}-11-15`,
      min: `${year}-10-01`,
    });
    // In the future, before the fiscal year, or not a date: said why, and asked again.
    const future = await user.say(`16 พ.ย. ${be}`);
    expect(textOf(future[0])).toContain(`ต้องไม่เกินวันนี้ (15 พ.ย. ${be})`);
    expect(user.labels()).toEqual(["วันนี้", "เมื่อวาน", "เลือกวันที่", "ยกเลิก"]);
    const picked = await user.send({
      type: "postback",
      data: "a=performed-on",
      params: { date: `${year + 1}-01-01` },
    });
    expect(textOf(picked[0])).toContain("ต้องไม่เกินวันนี้");
    const early = await user.say(`30 ก.ย. ${be}`);
    expect(textOf(early[0])).toContain(`ปีงบประมาณ ${fiscalYear()} คือตั้งแต่ 1 ต.ค. ${be}`);
    for (const wrong of ["พรุ่งนี้", "31 ก.พ. 2570", "60"]) {
      expect(textOf((await user.say(wrong))[0]), wrong).toContain("ไม่เข้าใจวันที่นี้");
    }
    expect(textOf((await user.send({ type: "sticker" }))[0])).toContain("ไม่เข้าใจวันที่นี้");
    const state = await stateOf(user);
    expect(state?.step).toBe("performedOn");
    expect(state?.data).not.toHaveProperty("performedOn");
    expect(await bot.deps.db.select().from(measureProgress)).toEqual([]);
  });

  it("reads typed percents (Thai digits too) and re-asks anything else; done means 100%", async () => {
    const id = await measure();
    const user = await staff("กองช่าง", null);
    await user.say("มาตรการ");
    await tapMeasure(user, id);
    // A sticker or a photo where text is asked: the same step again.
    const sticker = await user.send({ type: "sticker" });
    expect(textOf(sticker[0])).toContain("โปรดพิมพ์ผลการดำเนินการ");
    expect(textOf(sticker.at(-1))).toContain("ดำเนินการอะไรไปแล้วบ้าง");
    const photo = await sendPhoto(user, JPEG);
    expect(textOf(photo[0])).toContain("โปรดพิมพ์ผลการดำเนินการ");
    expect(blobFiles()).toEqual([]);
    expect(textOf((await user.say("ok"))[0])).toContain("สั้นเกินไป");
    expect(textOf((await user.say("ก".repeat(2001)))[0])).toContain("ยาวเกิน");
    await user.say("จัดอบรมบุคลากรเรื่องประมวลจริยธรรม");
    await user.tap("วันนี้");

    for (const wrong of ["150", "abc", "-5", "12.5"]) {
      const answer = await user.say(wrong);
      expect(textOf(answer[0])).toContain("0 ถึง 100");
      expect(user.labels()).toContain("75%");
    }
    await user.send({ type: "sticker" });
    expect((await stateOf(user))?.step).toBe("percent");
    await user.say("๘๐");
    expect((await stateOf(user))?.data).toMatchObject({ percent: 80 });
    expect((await stateOf(user))?.step).toBe("status");
    // An old carousel button mid-flow: finish or cancel first.
    const busy = await user.send({ type: "postback", data: `a=measure&id=${id}` });
    expect(textOf(busy[0])).toContain("กำลังบันทึกความก้าวหน้ามาตรการนี้อยู่");
    expect(textOf((await user.say("เสร็จแล้ว"))[0])).toContain("โปรดเลือกสถานะ");

    const done = await user.tap("ดำเนินการแล้วเสร็จ");
    expect(textOf(done[0])).toContain("ปรับความก้าวหน้าจาก 80% เป็น 100%");
    await user.tap("ข้าม");
    await user.tap("ข้าม");
    expect(textOf(user.last())).toContain("100%");
    await user.tap("ยืนยัน");
    const [entry] = await progressOf(bot.deps.db, id);
    expect(entry).toMatchObject({
      percent: 100,
      status: "done",
      suggestion: null,
      by: "เจ้าหน้าที่ (กองช่าง)",
      performedOn: `${year}-11-15`,
    });
    expect(entry?.photos).toEqual([]);
    expect(await findMeasure(bot.deps.db, id)).toMatchObject({ status: "done", percent: 100 });
  });

  it("takes 60% typed with a sign, and ไม่สามารถดำเนินการได้ asks why until it is told", async () => {
    const id = await measure();
    const user = await staff("กองช่าง");
    await user.say("มาตรการ");
    await tapMeasure(user, id);
    await user.say("ติดต่อวิทยากรแล้วแต่ยังไม่ได้วันอบรม");
    await user.say("1 พ.ย.");
    await user.say(" 60 % ");
    expect((await stateOf(user))?.data).toMatchObject({ percent: 60, performedOn: `${year}-11-01` });
    const why = await user.tap("ไม่สามารถดำเนินการได้");
    expect(textOf(why.at(-1))).toContain("เหตุใดจึงไม่สามารถดำเนินการได้");
    expect(user.labels()).toEqual(["ไม่มีงบประมาณ", "นโยบายผู้บริหารเปลี่ยน", "บุคลากรไม่เพียงพอ", "อื่น ๆ", "ยกเลิก"]);
    for (const action of [
      { type: "sticker" as const },
      { type: "text" as const, text: "ข้าม" },
      { type: "text" as const, text: "ไม่มีงบ" },
    ]) {
      const again = await user.send(action);
      expect(textOf(again[0])).toContain("โปรดเลือกเหตุผลจากปุ่ม");
      expect((await stateOf(user))?.step).toBe("reason");
    }
    await user.tap("อื่น ๆ");
    expect(user.lastText()).toContain("โปรดพิมพ์เหตุผล");
    expect(textOf((await sendPhoto(user, JPEG))[0])).toContain("โปรดพิมพ์เหตุผล");
    expect(textOf((await user.say("ข้าม"))[0])).toContain("ข้ามไม่ได้");
    expect(textOf((await user.say("ไม่"))[0])).toContain("สั้นเกินไป");
    await user.say("ไม่ได้รับจัดสรรงบประมาณในปีนี้");
    expect(user.labels()).toEqual(["ถ่ายรูป", "เลือกรูป", "ข้าม", "ยกเลิก"]);
    await user.tap("ข้าม");
    await user.say("เสนอตั้งงบประมาณในปีถัดไป");
    expect(textOf(user.last())).toContain("ไม่ได้รับจัดสรรงบประมาณ");
    await user.tap("ยืนยัน");
    const [entry] = await progressOf(bot.deps.db, id);
    expect(entry).toMatchObject({
      status: "cannot_do",
      percent: 60,
      reasonCode: "other",
      reason: "ไม่ได้รับจัดสรรงบประมาณในปีนี้",
      suggestion: "เสนอตั้งงบประมาณในปีถัดไป",
    });
    expect(await findMeasure(bot.deps.db, id)).toMatchObject({ status: "cannot_do", percent: 60 });
  });

  it("takes five photos at most, then moves on", async () => {
    const id = await measure();
    const user = await staff("กองช่าง");
    await user.say("มาตรการ");
    await tapMeasure(user, id);
    await user.say("จัดทำคู่มือการปฏิบัติงาน");
    await user.tap("วันนี้");
    await user.tap("50%");
    await user.tap("กำลังดำเนินการ");
    for (let i = 1; i <= 4; i++) {
      await sendPhoto(user, JPEG);
      expect(user.labels()).toContain("เสร็จ");
    }
    const fifth = await sendPhoto(user, JPEG);
    expect(textOf(fifth[0])).toContain("ได้รับรูปครบ 5 รูปแล้ว");
    expect(textOf(fifth.at(-1))).toContain("ข้อเสนอแนะ");
    await user.tap("ข้าม");
    await user.tap("ยืนยัน");
    const [entry] = await progressOf(bot.deps.db, id);
    expect(entry?.photos).toHaveLength(5);
    expect(entry?.percent).toBe(50);
  });

  it("ยกเลิก mid-flow saves nothing and deletes the uploaded photo", async () => {
    const id = await measure();
    const user = await staff("กองช่าง");
    await user.say("มาตรการ");
    await tapMeasure(user, id);
    await user.say("ประชุมคณะทำงาน");
    await user.tap("วันนี้");
    await user.tap("25%");
    await user.tap("กำลังดำเนินการ");
    await sendPhoto(user, JPEG);
    const draft = (await stateOf(user))?.data as { photos: Array<{ blobKey: string }> } | undefined;
    const [photo] = draft?.photos ?? [];
    expect(await bot.deps.blobs.get(photo?.blobKey ?? "")).not.toBeNull();
    const cancelled = await user.say("ยกเลิก");
    expect(textOf(cancelled.at(-1))).toContain("ยกเลิกแล้ว");
    expect(await bot.deps.blobs.get(photo?.blobKey ?? "")).toBeNull();
    expect(blobFiles()).toEqual([]);
    expect(await stateOf(user)).toBeUndefined();
    expect(await bot.deps.db.select().from(measureProgress)).toEqual([]);
    expect(await findMeasure(bot.deps.db, id)).toMatchObject({
      status: "not_started",
      percent: 0,
      lastProgressAt: null,
    });
  });
});

describe("only the unit's own staff", () => {
  it("a citizen typing มาตรการ is refused by the command registry", async () => {
    expect(coreCommands().find((c) => c.keyword === "มาตรการ")?.roles).toEqual(STAFF);
    await measure({ title: "มาตรการลับเฉพาะหน่วยงาน" });
    const citizen = chatUser(bot, line, newLineUserId());
    const [answer] = await citizen.say("มาตรการ");
    expect(textOf(answer)).toContain("ใช้ได้เฉพาะเจ้าหน้าที่");
    expect(textOf(answer)).not.toContain("มาตรการลับ");
  });

  it("a citizen or another unit's staff tapping a measure's button gets a refusal and no data", async () => {
    const id = await measure({ title: "มาตรการลับเฉพาะหน่วยงาน" });
    const citizen = chatUser(bot, line, newLineUserId());
    const other = await staff("กองคลัง");
    const noUnit = await staff(null);
    // Roles route postbacks too: a former staff member (now a citizen) or an executive keeps no access.
    const demoted = await staff("กองช่าง", "อดีตเจ้าหน้าที่", "citizen");
    const executive = await staff("กองช่าง", "นายก", "executive");
    for (const user of [citizen, other, noUnit, demoted, executive]) {
      const answer = await user.send({ type: "postback", data: `a=measure&id=${id}` });
      expect(answer).toHaveLength(1);
      expect(textOf(answer[0])).toContain("ปุ่มนี้ใช้ได้เฉพาะเจ้าหน้าที่ของหน่วยงานที่รับผิดชอบมาตรการนี้");
      expect(JSON.stringify(answer)).not.toContain("มาตรการลับ");
      expect(await stateOf(user)).toBeUndefined();
    }
    // An unknown id reads the same as another unit's.
    const [unknown] = await other.send({ type: "postback", data: "a=measure&id=nope" });
    expect(textOf(unknown)).toContain("ปุ่มนี้ใช้ได้เฉพาะเจ้าหน้าที่");
    expect(await bot.deps.db.select().from(measureProgress)).toEqual([]);
  });

  it("a measure moved to another unit mid-flow is not saved, and its photos go", async () => {
    const id = await measure();
    const user = await staff("กองช่าง");
    await user.say("มาตรการ");
    await tapMeasure(user, id);
    await user.say("ตรวจสอบการใช้รถราชการ");
    await user.tap("วันนี้");
    await user.tap("75%");
    await user.tap("กำลังดำเนินการ");
    await sendPhoto(user, JPEG);
    await user.tap("เสร็จ");
    await user.tap("ข้าม");
    await bot.deps.db
      .update(users)
      .set({ unitId: unitId("กองคลัง") })
      .where(eq(users.lineUserId, user.userId));
    const [answer] = await user.tap("ยืนยัน");
    expect(textOf(answer)).toContain("ปุ่มนี้ใช้ได้เฉพาะเจ้าหน้าที่");
    expect(await bot.deps.db.select().from(measureProgress)).toEqual([]);
    expect(blobFiles()).toEqual([]);
    expect(await stateOf(user)).toBeUndefined();
  });
});

describe("measure domain", () => {
  it("parses percents", () => {
    expect(["60", "60%", " 60 % ", "๖๐", "๘๐%", "ร้อยละ 60", "60 เปอร์เซ็นต์"].map(parsePercent)).toEqual([
      60, 60, 60, 60, 80, 60, 60,
    ]);
    expect(["0", "100", "๑๐๐%"].map(parsePercent)).toEqual([0, 100, 100]);
    for (const wrong of ["150", "101", "abc", "-1", "12.5", "", "%", "60%%", "1000"]) {
      expect(parsePercent(wrong)).toBeUndefined();
    }
  });

  it("overdue by the end month in the organisation's time zone; stale after 30 days", () => {
    const base = { status: "in_progress" as const, endMonth: "2026-11", lastProgressAt: null, createdAt: 0 };
    // 30 Nov 2026 17:30 UTC is already 1 Dec in Bangkok.
    const lateNovemberUtc = Date.UTC(2026, 10, 30, 17, 30);
    expect(isMeasureOverdue(base, lateNovemberUtc, "UTC")).toBe(false);
    expect(isMeasureOverdue(base, lateNovemberUtc, TZ)).toBe(true);
    expect(isMeasureOverdue({ ...base, status: "done" }, lateNovemberUtc, TZ)).toBe(false);
    expect(isMeasureOverdue({ ...base, status: "cannot_do" }, lateNovemberUtc, TZ)).toBe(true);
    const at = Date.UTC(2026, 10, 1);
    expect(isMeasureStale({ ...base, createdAt: at }, at + 29 * DAY)).toBe(false);
    expect(isMeasureStale({ ...base, createdAt: at }, at + 30 * DAY)).toBe(true);
    expect(isMeasureStale({ ...base, createdAt: 0, lastProgressAt: at }, at + 10 * DAY)).toBe(false);
    expect(isMeasureStale({ ...base, status: "done", createdAt: at }, at + 90 * DAY)).toBe(false);
  });

  it("orders by urgency: overdue, stale, nearest end month; done last", () => {
    const now = Date.UTC(2026, 11, 15);
    const m = (id: string, fields: Partial<Parameters<typeof isMeasureStale>[0]>) => ({
      id,
      status: "in_progress" as const,
      endMonth: "2027-09",
      lastProgressAt: now,
      createdAt: now,
      ...fields,
    });
    const sorted = byUrgency(
      [
        m("far", {}),
        m("done", { status: "done", endMonth: "2026-10" }),
        m("near", { endMonth: "2027-01" }),
        m("stale", { lastProgressAt: now - 31 * DAY }),
        m("overdue-late", { endMonth: "2026-11" }),
        m("overdue-early", { endMonth: "2026-10" }),
      ],
      now,
      TZ,
    );
    expect(sorted.map((x) => x.id)).toEqual([
      "overdue-early",
      "overdue-late",
      "stale",
      "near",
      "far",
      "done",
    ]);
  });

  it("formats months and authors", () => {
    expect(thaiMonthYear("2027-09")).toBe("ก.ย. 2570");
    expect(thaiMonthYear("2026-10")).toBe("ต.ค. 2569");
    expect(progressAuthor("สมศรี", "กองช่าง")).toBe("สมศรี (กองช่าง)");
    expect(progressAuthor(null, "กองช่าง")).toBe("เจ้าหน้าที่ (กองช่าง)");
    expect(progressAuthor("  ", null)).toBe("เจ้าหน้าที่");
  });
});

describe("measure flex templates with worst-case lengths", () => {
  let validator: OpenApiValidator;
  beforeAll(async () => {
    validator = createOpenApiValidator(await loadMessagingApiSpec());
  });
  const longText = "ประชุมชี้แจงบุคลากรเรื่องผลประโยชน์ทับซ้อน ".repeat(120).slice(0, 5000);
  const thaiMarks = "กิ่".repeat(2000); // 2000 characters as people count them, 6000 code units
  const card: MeasureCardView = {
    title: longText,
    indicators:
      "1 การปฏิบัติหน้าที่, 2 การใช้งบประมาณ, 3 การใช้อำนาจ, 4 การใช้ทรัพย์สินของราชการ, 5 การแก้ไขปัญหาการทุจริต, 6 คุณภาพการดำเนินงาน, 7 ประสิทธิภาพการสื่อสาร, 8 การปรับปรุงการทำงาน, 9 การเปิดเผยข้อมูล, 10 การป้องกันการทุจริต",
    percent: 100,
    status: "cannot_do",
    statusLabel: "ไม่สามารถดำเนินการได้",
    lastUpdate: "30 ก.ย. 2570",
    due: "ก.ย. 2570",
    overdue: true,
    stale: true,
    log: { data: `a=measure&id=${"x".repeat(36)}`, displayText: `บันทึกความก้าวหน้า: ${longText}` },
  };

  it("a full carousel of the longest measures, at every percent", () => {
    const carousel = measureCarousel(
      Array.from({ length: 15 }, (_, i) => ({ ...card, percent: i * 7, overdue: i % 2 === 0 })),
      { unitName: "กองสาธารณสุขและสิ่งแวดล้อม".repeat(5), fiscalYear: 2570 },
    );
    expect(validateMessages(validator, [carousel])).toEqual([]);
    expect(carousel.contents.type === "carousel" && carousel.contents.contents).toHaveLength(12);
    const zero = measureCarousel([{ ...card, percent: 0, overdue: false, stale: false }], {
      unitName: "กองช่าง",
      fiscalYear: 2570,
    });
    expect(validateMessages(validator, [zero])).toEqual([]);
  });

  it("the summary and the saved card with the longest texts", () => {
    const view = {
      measureTitle: longText,
      text: thaiMarks,
      performedOn: "30 กันยายน 2570",
      percent: 100,
      status: "cannot_do" as const,
      statusLabel: "ไม่สามารถดำเนินการได้",
      reason: thaiMarks,
      suggestion: longText,
      photoCount: 5,
      by: `${"ชื่อยาวมาก".repeat(30)} (กองสาธารณสุขและสิ่งแวดล้อม)`,
    };
    const cards = [
      progressSummaryCard(view),
      progressSummaryCard({ ...view, reason: null, suggestion: null, photoCount: 0, percent: 0 }),
      progressSavedCard({
        ...view,
        at: "30 ก.ย. 2570 23:59 น.",
        edit: { data: `a=progress-edit&m=${"x".repeat(36)}&e=${"y".repeat(36)}` },
      }),
    ];
    for (const c of cards) expect(validateMessages(validator, [c])).toEqual([]);
  });
});
