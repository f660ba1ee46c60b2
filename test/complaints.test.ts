import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { count, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { complaintContacts, complaintPhotos, complaints, conversations, users } from "../src/db/schema";
import type { Logger } from "../src/deps";
import { newLineUserId, newMessageId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { startTestBot, type TestBot } from "./support/bot";
import { actionsOf, type ChatUser, chatUser, GIF, JPEG, PNG, textOf } from "./support/chat";
import { createTestClock } from "./support/clock";
import { type RunningDouble, startDouble } from "./support/double";

let line: RunningDouble;
let bot: TestBot;
const logLines: string[] = [];
const capturingLog: Logger = {
  debug: (m, f) => logLines.push(JSON.stringify({ m, ...f })),
  info: (m, f) => logLines.push(JSON.stringify({ m, ...f })),
  warn: (m, f) => logLines.push(JSON.stringify({ m, ...f })),
  error: (m, f) => logLines.push(JSON.stringify({ m, ...f })),
};
const clock = createTestClock();

beforeEach(async () => {
  logLines.length = 0;
  line = await startDouble();
  bot = await startTestBot(line, { log: capturingLog, clock });
});
afterEach(async () => {
  await bot.close();
  // Every message the bot sent is valid against LINE's OpenAPI spec and documented limits.
  expect(line.double.invalidRequests()).toEqual([]);
  await line.close();
});

function citizen(id = newLineUserId()): ChatUser {
  return chatUser(bot, line, id);
}

async function sendPhoto(user: ChatUser, bytes: Uint8Array, type = "image/jpeg") {
  const messageId = newMessageId();
  line.double.setContent(messageId, bytes, type);
  return user.send({ type: "image", messageId });
}

/** Consent, then through the general track up to the summary. */
async function generalUpToSummary(user: ChatUser, description = "ถนนหน้าบ้านเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย") {
  await user.say("ร้องเรียน");
  if (user.labels().includes("ยินยอม")) await user.tap("ยินยอม");
  await user.tap("ร้องทุกข์ทั่วไป");
  await user.tap("ถนน/ทางเท้า");
  await user.say(description);
  await user.tap("ข้าม");
  await user.tap("ข้าม");
}

async function corruptionUpToSummary(user: ChatUser, anonymity: "ไม่ประสงค์ออกนาม" | "เปิดเผยตัวตน") {
  await user.say("ร้องเรียน");
  if (user.labels().includes("ยินยอม")) await user.tap("ยินยอม");
  await user.tap("ร้องเรียนการทุจริต");
  await user.say("เจ้าหน้าที่กองคลังเรียกเงินเพิ่ม 2,000 บาท เพื่อเร่งอนุมัติใบอนุญาต");
  await user.tap("ข้าม");
  await user.tap("ข้าม");
  await user.tap(anonymity);
}

const codeIn = (text: string) => /[RC]\d{4}-\d{5}/.exec(text)?.[0];

describe("general track", () => {
  it("files end to end with a location and two photos, and gives a receipt with the tracking code", async () => {
    const user = citizen();
    const consent = await user.say("ร้องเรียน");
    expect(textOf(consent.at(-1))).toContain("คุ้มครองข้อมูลส่วนบุคคล");
    expect(user.labels()).toEqual(["ยินยอม", "ไม่ยินยอม"]);
    await user.tap("ยินยอม");
    expect(user.labels()).toContain("ร้องเรียนการทุจริต");
    await user.tap("ร้องทุกข์ทั่วไป");
    expect(user.labels()).toEqual(
      expect.arrayContaining(["ถนน/ทางเท้า", "ไฟฟ้าส่องสว่าง", "น้ำประปา", "ขยะและสิ่งแวดล้อม"]),
    );
    await user.tap("ไฟฟ้าส่องสว่าง");
    await user.say("ไฟถนนซอย 5 ดับมาหนึ่งสัปดาห์แล้ว กลางคืนมืดมาก");
    expect(actionsOf(user.last()).map((a) => a.type)).toContain("location");
    await user.send({ type: "location", latitude: 13.7563, longitude: 100.5018, address: "ซอย 5 หมู่ 3" });
    expect(user.labels()).toContain("ข้าม");
    // The photo step opens the phone's camera or gallery from LINE's own quick replies.
    expect(actionsOf(user.last()).map((a) => a.type)).toEqual(["camera", "cameraRoll", "message", "message"]);
    const first = await sendPhoto(user, JPEG);
    expect(textOf(first.at(-1))).toContain("ได้รับรูปที่ 1");
    expect(user.labels()).toEqual(["ถ่ายรูป", "เลือกรูป", "เสร็จ", "ยกเลิก"]);
    await sendPhoto(user, PNG, "image/png");
    expect(user.lastText()).toContain("ได้รับรูปที่ 2");
    const summary = await user.tap("เสร็จ");
    expect(textOf(summary.at(-1))).toContain("กองช่าง");
    expect(user.labels()).toContain("ยืนยัน");
    const receipt = await user.tap("ยืนยัน");
    const text = textOf(receipt.at(-1));
    expect(receipt.at(-1)?.type).toBe("flex");
    const code = codeIn(text);
    expect(code).toMatch(/^R25\d\d-00001$/);
    expect(text).toContain("กองช่าง");
    expect(text).toMatch(/ตอบภายใน\n\d{1,2} [ก-๙.]+ 25\d\d/);

    const { status, json } = await adminApi(bot, "GET", `/complaints/${code}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      trackingCode: code,
      track: "general",
      category: "ไฟฟ้าส่องสว่าง",
      status: "received",
      location: { latitude: 13.7563, longitude: 100.5018, address: "ซอย 5 หมู่ 3" },
      routedTo: { unitName: "กองช่าง" },
      anonymous: false,
      reopenCount: 0,
      rating: null,
    });
    expect(json.photos).toHaveLength(2);
    expect(json.createdAt).toMatch(/\+07:00$/);
    expect(json.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The photos were fetched from LINE's content API and are served back from blob storage.
    const photo = await fetch(`${bot.url}${json.photos[1].url}`, {
      headers: { authorization: "Bearer test-admin-token-0123456789" },
    });
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(PNG);
    const stored = await bot.deps.db.select({ n: count() }).from(complaintPhotos).get();
    expect(stored?.n).toBe(2);
  });

  it("asks for consent only once, and a refusal files nothing and points elsewhere (1567)", async () => {
    const user = citizen();
    await user.say("ร้องเรียน");
    const refused = await user.tap("ไม่ยินยอม");
    expect(textOf(refused.at(-1))).toContain("1567");
    expect(await complaintCount()).toBe(0);
    await user.say("ร้องเรียน");
    expect(user.labels()).toContain("ยินยอม"); // still not consented: asked again
    await user.tap("ยินยอม");
    await user.say("ยกเลิก");
    await user.say("ร้องเรียน");
    expect(user.labels()).toContain("ร้องทุกข์ทั่วไป"); // consent remembered
  });

  it("cancel mid-flow stores nothing", async () => {
    const user = citizen();
    await user.say("ร้องเรียน");
    await user.tap("ยินยอม");
    await user.tap("ร้องทุกข์ทั่วไป");
    await user.tap("น้ำประปา");
    await user.say("น้ำไม่ไหลมาสามวัน");
    await sendPhoto(user, JPEG);
    const cancelled = await user.say("ยกเลิก");
    expect(textOf(cancelled.at(-1))).toContain("ยกเลิกแล้ว");
    expect(await complaintCount()).toBe(0);
    const left = await bot.deps.db.select({ n: count() }).from(conversations).get();
    expect(left?.n).toBe(0);
    // The photo fetched mid-flow is gone from blob storage too.
    const blobs = join(dirname(bot.deps.config.databasePath), "blobs");
    const files = existsSync(blobs) ? readdirSync(blobs, { recursive: true, withFileTypes: true }) : [];
    expect(files.filter((f) => f.isFile())).toEqual([]);
  });

  it("re-asks a step given a sticker or a photo where text is asked, then carries on", async () => {
    const user = citizen();
    await user.say("ร้องเรียน");
    const sticker = await user.send({ type: "sticker" });
    expect(textOf(sticker[0])).toContain("ยินยอม");
    expect(user.labels()).toEqual(["ยินยอม", "ไม่ยินยอม"]);
    await user.tap("ยินยอม");
    await user.tap("ร้องทุกข์ทั่วไป");
    await user.tap("ขยะและสิ่งแวดล้อม");
    const photo = await sendPhoto(user, JPEG);
    expect(textOf(photo[0])).toContain("โปรดพิมพ์รายละเอียด");
    const short = await user.say("ขยะ");
    expect(textOf(short[0])).toContain("สั้นเกินไป");
    await user.say("ขยะไม่ถูกเก็บมาสองสัปดาห์ ส่งกลิ่นเหม็น");
    const typed = await user.say("หน้าตลาด");
    expect(textOf(typed[0])).toContain("ส่งตำแหน่ง");
    await user.tap("ข้าม");
    const gif = await sendPhoto(user, GIF, "image/gif");
    expect(textOf(gif[0])).toContain("JPEG");
    await user.tap("ข้าม");
    await user.tap("ยืนยัน");
    expect(codeIn(user.lastText())).toMatch(/^R/);
    expect(await complaintCount()).toBe(1);
  });

  it("stops offering เสร็จ after the fifth photo and moves on", async () => {
    const user = citizen();
    await user.say("ร้องเรียน");
    await user.tap("ยินยอม");
    await user.tap("ร้องทุกข์ทั่วไป");
    await user.tap("อื่น ๆ");
    await user.say("ต้นไม้ล้มขวางทางเดินริมคลอง");
    await user.tap("ข้าม");
    for (let i = 1; i <= 4; i++) {
      await sendPhoto(user, JPEG);
      expect(user.labels()).toContain("เสร็จ");
    }
    const fifth = await sendPhoto(user, JPEG);
    expect(fifth.map(textOf).join("\n")).toContain("ครบ 5 รูป");
    expect(user.labels()).toContain("ยืนยัน");
  });

  it("refuses a sixth complaint on the same day, politely", async () => {
    const user = citizen();
    for (let i = 0; i < 5; i++) {
      await generalUpToSummary(user, `ถนนชำรุดจุดที่ ${i + 1} หน้าโรงเรียน`);
      await user.tap("ยืนยัน");
    }
    expect(await complaintCount()).toBe(5);
    const refused = await user.say("ร้องเรียน");
    expect(textOf(refused[0])).toContain("ครบ 5 เรื่อง");
    expect(await complaintCount()).toBe(5);
  });
});

async function complaintCount() {
  return (await bot.deps.db.select({ n: count() }).from(complaints).get())?.n ?? 0;
}

describe("tracking codes", () => {
  it("40 concurrent filings get 40 distinct, sequential codes", async () => {
    const people = Array.from({ length: 40 }, () => citizen());
    for (const person of people) await generalUpToSummary(person);
    // All 40 confirmations in one webhook delivery, handled side by side.
    const events = people.map((person) => bot.event(person.userId, { type: "text", text: "ยืนยัน" }));
    expect((await bot.postEvents(events)).status).toBe(200);
    await bot.settle();
    const codes = people.map((person) => codeIn(person.lastText()));
    expect(new Set(codes).size).toBe(40);
    const numbers = codes.map((code) => Number(code?.slice(-5))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("numbers corruption complaints on their own C sequence", async () => {
    const a = citizen();
    await generalUpToSummary(a);
    await a.tap("ยืนยัน");
    const b = citizen();
    await corruptionUpToSummary(b, "ไม่ประสงค์ออกนาม");
    await b.tap("ยืนยัน");
    expect(codeIn(a.lastText())).toMatch(/^R\d{4}-00001$/);
    expect(codeIn(b.lastText())).toMatch(/^C\d{4}-00001$/);
  });
});

describe("corruption track: complainant protection", () => {
  it("an anonymous complaint reveals its complainant in no API answer or log line", async () => {
    const userId = newLineUserId();
    line.double.setProfile(userId, { displayName: "สมชาย ใจกล้า" });
    const user = citizen(userId);
    await corruptionUpToSummary(user, "ไม่ประสงค์ออกนาม");
    expect(user.lastText()).toContain("ไม่ประสงค์ออกนาม");
    const receipt = await user.tap("ยืนยัน");
    const code = codeIn(textOf(receipt.at(-1))) as string;
    expect(code).toMatch(/^C/);
    expect(textOf(receipt.at(-1))).toContain("ตรวจสอบภายใน");

    const detail = await adminApi(bot, "GET", `/complaints/${code}`);
    expect(detail.json).toMatchObject({ track: "corruption", routedTo: "integrity", anonymous: true });
    const list = await adminApi(bot, "GET", "/complaints?type=corruption");
    expect(list.json.items).toHaveLength(1);
    const changed = await adminApi(bot, "POST", `/complaints/${code}/status`, {
      status: "in_progress",
      note: "รับไว้ตรวจสอบข้อเท็จจริง",
    });
    expect(changed.status).toBe(200);
    await bot.settle();
    const everything = JSON.stringify([detail.json, list.json, changed.json, logLines]);
    expect(everything).not.toContain(userId);
    expect(everything).not.toContain("สมชาย");
    // Only the sealed contact knows, and it is what delivered the status push.
    expect(user.lastText()).toContain(code);
    const contact = await bot.deps.db.select().from(complaintContacts).get();
    expect(contact?.displayName).toBeNull();
  });

  it("an identified corruption complaint keeps no name: LINE is not even asked, the API shows only the choice", async () => {
    const userId = newLineUserId();
    line.double.setProfile(userId, { displayName: "สมหญิง กล้าหาญ" });
    const user = citizen(userId);
    await corruptionUpToSummary(user, "เปิดเผยตัวตน");
    await user.tap("ยืนยัน");
    const code = codeIn(user.lastText()) as string;
    const contact = await bot.deps.db.select().from(complaintContacts).get();
    expect(contact?.displayName).toBeNull();
    expect(line.double.requests().some((r) => r.path.includes("/profile/"))).toBe(false);
    const detail = await adminApi(bot, "GET", `/complaints/${code}`);
    expect(detail.json.anonymous).toBe(false);
    expect(JSON.stringify([detail.json, logLines])).not.toMatch(/สมหญิง|U[0-9a-f]{32}/);
  });

  it("tells integrity officers about a corruption complaint, and no unit staff or executive", async () => {
    const integrity = newLineUserId();
    const staff = newLineUserId();
    const executive = newLineUserId();
    const unit = (await adminApi(bot, "GET", "/units")).json.items.find(
      (u: { name: string }) => u.name === "กองคลัง",
    );
    await bot.deps.db.insert(users).values([
      { lineUserId: integrity, role: "integrity", createdAt: 0, lastSeenAt: 0 },
      { lineUserId: staff, role: "staff", unitId: unit.id, createdAt: 0, lastSeenAt: 0 },
      { lineUserId: executive, role: "executive", createdAt: 0, lastSeenAt: 0 },
    ]);
    const user = citizen();
    await corruptionUpToSummary(user, "ไม่ประสงค์ออกนาม");
    await user.tap("ยืนยัน");
    const code = codeIn(user.lastText()) as string;
    expect(line.double.messagesFor(integrity).map(textOf).join()).toContain(code);
    expect(line.double.messagesFor(staff)).toEqual([]);
    expect(line.double.messagesFor(executive)).toEqual([]);
    expect(line.double.messagesFor(integrity).map(textOf).join()).not.toContain(user.userId);
  });
});

describe("tracking", () => {
  it("lists your complaints, shows one with its history, and reveals nothing of someone else's", async () => {
    const owner = citizen();
    await generalUpToSummary(owner);
    await owner.tap("ยืนยัน");
    const code = codeIn(owner.lastText()) as string;

    const list = await owner.say("ติดตามเรื่อง");
    expect(list.at(-1)?.type).toBe("flex");
    expect(textOf(list.at(-1))).toContain(code);
    expect(textOf(list.at(-1))).toContain("รับเรื่องแล้ว");
    const one = await owner.say(`  ติดตามเรื่อง ${code.toLowerCase()}  `);
    expect(textOf(one.at(-1))).toContain("ความคืบหน้า");
    expect(textOf(one.at(-1))).toContain("รับเรื่องผ่าน LINE");

    const stranger = citizen();
    const answer = await stranger.say(`ติดตามเรื่อง ${code}`);
    expect(textOf(answer.at(-1))).toContain("ไม่พบเรื่อง");
    expect(textOf(answer.at(-1))).not.toContain("ถนน");
    const missing = await stranger.say("ติดตามเรื่อง R2570-99999");
    expect(textOf(missing.at(-1))).toBe(textOf(answer.at(-1)).replace(code, "R2570-99999"));
    const none = await stranger.say("ติดตามเรื่อง");
    expect(textOf(none.at(-1))).toContain("ยังไม่มีเรื่อง");
    // A stranger tapping the owner's feedback button gets nothing either.
    const forged = await stranger.send({ type: "postback", data: `a=fix&c=${code}&v=no` });
    expect(textOf(forged.at(-1))).toContain("ใช้ไม่ได้");
    expect((await adminApi(bot, "GET", `/complaints/${code}`)).json.reopenCount).toBe(0);
  });
});

describe("status changes", () => {
  it("pushes each change to the complainant with the code, the Thai status and the note", async () => {
    const user = citizen();
    await generalUpToSummary(user);
    await user.tap("ยืนยัน");
    const code = codeIn(user.lastText()) as string;
    const changed = await adminApi(bot, "POST", `/complaints/${code}/status`, {
      status: "in_progress",
      note: "ส่งช่างออกสำรวจวันพรุ่งนี้",
    });
    expect(changed.status).toBe(200);
    expect(changed.json.history.map((h: { status: string }) => h.status)).toEqual([
      "received",
      "in_progress",
    ]);
    expect(changed.json.history[1]).toMatchObject({ note: "ส่งช่างออกสำรวจวันพรุ่งนี้", by: "ผู้ดูแลระบบ" });
    await bot.settle();
    const push = line.double.deliveries({ userId: user.userId }).at(-1);
    expect(push?.kind).toBe("push");
    const text = textOf(push?.messages[0]);
    expect(text).toContain(code);
    expect(text).toContain("กำลังดำเนินการ");
    expect(text).toContain("ส่งช่างออกสำรวจวันพรุ่งนี้");
  });

  it("enforces the rules: resolve needs a result and an after-photo or reason; closed stays closed", async () => {
    const user = citizen();
    await generalUpToSummary(user);
    await user.tap("ยืนยัน");
    const code = codeIn(user.lastText()) as string;
    const post = (body: unknown) => adminApi(bot, "POST", `/complaints/${code}/status`, body);
    expect((await post({ status: "done" })).json.field).toBe("status");
    expect((await post({ status: "resolved" })).json.field).toBe("note");
    const noPhoto = await post({ status: "resolved", note: "ซ่อมแล้ว" });
    expect(noPhoto.status).toBe(400);
    expect(noPhoto.json.field).toBe("noPhotoReason");
    expect((await post({ status: "rejected" })).json.field).toBe("note");
    const badPhoto = await post({ status: "resolved", note: "ซ่อมแล้ว", photo: { base64: btoa("GIF89a") } });
    expect(badPhoto.json.field).toBe("photo");
    const ok = await post({
      status: "resolved",
      note: "ซ่อมแล้ว",
      photo: { base64: btoa(String.fromCharCode(...JPEG)) },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.photos.map((p: { kind: string }) => p.kind)).toEqual(["result"]);
    const again = await post({ status: "in_progress", note: "x" });
    expect(again.status).toBe(409);
    expect(
      (await adminApi(bot, "POST", "/complaints/R2570-99999/status", { status: "in_progress" })).status,
    ).toBe(404);
    expect((await adminApi(bot, "GET", "/complaints/R2570-99999")).status).toBe(404);
  });

  it("resolved → not fixed → reopened (counted, the unit told); then resolved → fixed → rated", async () => {
    const staff = newLineUserId();
    const unit = (await adminApi(bot, "GET", "/units")).json.items.find(
      (u: { name: string }) => u.name === "กองช่าง",
    );
    await bot.deps.db.insert(users).values({
      lineUserId: staff,
      role: "staff",
      unitId: unit.id,
      createdAt: 0,
      lastSeenAt: 0,
    });
    const user = citizen();
    await generalUpToSummary(user);
    await user.tap("ยืนยัน");
    const code = codeIn(user.lastText()) as string;
    expect(line.double.messagesFor(staff).map(textOf).join()).toContain(code); // told of the new complaint

    await adminApi(bot, "POST", `/complaints/${code}/status`, {
      status: "resolved",
      note: "ปะผิวถนนเรียบร้อย",
      noPhotoReason: "ช่างลืมถ่ายภาพ",
    });
    await bot.settle();
    expect(user.lastText()).toContain("ปัญหาได้รับการแก้ไขแล้วหรือไม่");
    expect(user.labels()).toEqual(["แก้ไขแล้ว", "ยังไม่แก้ไข"]);
    const reopened = await user.tap("ยังไม่แก้ไข");
    expect(textOf(reopened[0])).toContain("เปิดเรื่อง");
    let detail = (await adminApi(bot, "GET", `/complaints/${code}`)).json;
    expect(detail).toMatchObject({ status: "in_progress", reopenCount: 1 });
    expect(detail.history.at(-1)).toMatchObject({ status: "in_progress", by: "ผู้ร้อง" });
    expect(line.double.messagesFor(staff).map(textOf).at(-1)).toContain("ถูกเปิดอีกครั้ง");
    // The old button cannot reopen it twice.
    await user.send({ type: "postback", data: `a=fix&c=${code}&v=no` });
    expect((await adminApi(bot, "GET", `/complaints/${code}`)).json.reopenCount).toBe(1);

    await adminApi(bot, "POST", `/complaints/${code}/status`, {
      status: "resolved",
      note: "ปะผิวถนนใหม่ทั้งช่วง",
      photo: { base64: btoa(String.fromCharCode(...JPEG)) },
    });
    await bot.settle();
    await user.tap("แก้ไขแล้ว");
    expect(user.labels()).toContain("5 ดีมาก");
    await user.tap("4 ดี");
    detail = (await adminApi(bot, "GET", `/complaints/${code}`)).json;
    expect(detail).toMatchObject({ status: "resolved", reopenCount: 1, rating: 4, fixed: true });
  });
});

describe("admin API lists", () => {
  it("filters by status and type and pages with a cursor", async () => {
    for (let i = 0; i < 3; i++) {
      const user = citizen();
      await generalUpToSummary(user);
      await user.tap("ยืนยัน");
    }
    const page1 = await adminApi(bot, "GET", "/complaints?limit=2");
    expect(page1.json.items).toHaveLength(2);
    expect(page1.json.nextCursor).toEqual(expect.any(String));
    const page2 = await adminApi(bot, "GET", `/complaints?limit=2&cursor=${page1.json.nextCursor}`);
    expect(page2.json.items).toHaveLength(1);
    expect(page2.json.nextCursor).toBeNull();
    const codes = [...page1.json.items, ...page2.json.items].map(
      (c: { trackingCode: string }) => c.trackingCode,
    );
    expect(new Set(codes).size).toBe(3);
    expect((await adminApi(bot, "GET", "/complaints?status=resolved")).json.items).toEqual([]);
    expect((await adminApi(bot, "GET", "/complaints?type=general")).json.items).toHaveLength(3);
    const bad = await adminApi(bot, "GET", "/complaints?status=closed");
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe("status");
    expect((await adminApi(bot, "GET", "/complaints?limit=5000")).json.field).toBe("limit");
  });

  it("needs the admin token", async () => {
    const response = await fetch(`${bot.url}/api/admin/complaints`);
    expect(response.status).toBe(401);
  });
});

describe("data at rest", () => {
  it("keeps no complainant identity in the complaints table", async () => {
    const user = citizen();
    await generalUpToSummary(user);
    await user.tap("ยืนยัน");
    const row = await bot.deps.db.all(sql`SELECT * FROM complaints`);
    expect(JSON.stringify(row)).not.toContain(user.userId);
    const contacts = await bot.deps.db
      .select()
      .from(complaintContacts)
      .where(eq(complaintContacts.lineUserId, user.userId));
    expect(contacts).toHaveLength(1);
  });
});
