import type { messagingApi } from "@line/bot-sdk";
import { describe, expect, it } from "vitest";
import { newLineUserId, newMessageId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { actionsOf, type ChatUser, chatUser, JPEG, textOf } from "./support/chat";
import { signedInConsole } from "./support/console-forms";
import { useBot } from "./support/harness";

const t = useBot();

/** Two different pictures, so a link can be shown to serve the right one. */
const BEFORE = JPEG;
const AFTER = new Uint8Array([...JPEG.slice(0, -2), 1, 2, 3, 0xff, 0xd9]);
const PLACE = { latitude: 13.756331, longitude: 100.501762, address: "หน้าวัดโพธิ์ ถนนสนามไชย" };

async function unitId(name: string): Promise<string> {
  const units = (await adminApi(t.bot, "GET", "/units")).json.items as Array<{ id: string; name: string }>;
  const unit = units.find((u) => u.name === name);
  if (!unit) throw new Error(`no unit ${name}`);
  return unit.id;
}

async function registered(role: string, unit?: string, name = "เจ้าหน้าที่ทดสอบ"): Promise<ChatUser> {
  const invite = await adminApi(t.bot, "POST", "/invites", {
    role,
    ...(unit ? { unitId: await unitId(unit) } : {}),
  });
  const id = newLineUserId();
  t.line.double.setProfile(id, { displayName: name });
  const member = chatUser(t.bot, t.line, id);
  await member.say(`ลงทะเบียน ${invite.json.code}`);
  return member;
}

async function sendPhoto(user: ChatUser, bytes: Uint8Array) {
  const messageId = newMessageId();
  t.line.double.setContent(messageId, bytes, "image/jpeg");
  return user.send({ type: "image", messageId });
}

/** File a complaint with a place and a photo; returns its tracking code. */
async function fileWithEvidence(user: ChatUser, track: "ร้องทุกข์ทั่วไป" | "ร้องเรียนการทุจริต") {
  await user.say("ร้องเรียน");
  if (user.labels().includes("ยินยอม")) await user.tap("ยินยอม");
  await user.tap(track);
  if (track === "ร้องทุกข์ทั่วไป") await user.tap("ถนน/ทางเท้า");
  await user.say("ถนนหน้าวัดเป็นหลุมลึก น้ำขังเวลาฝนตก");
  await user.send({ type: "location", ...PLACE });
  await sendPhoto(user, BEFORE);
  await user.tap("เสร็จ");
  if (track === "ร้องเรียนการทุจริต") await user.tap("เปิดเผยตัวตน");
  const receipt = await user.tap("ยืนยัน");
  const code = /[RC]\d{4}-\d{5}/.exec(textOf(receipt.at(-1)))?.[0];
  if (!code) throw new Error(`no receipt: ${textOf(receipt.at(-1))}`);
  return code;
}

const images = (messages: messagingApi.Message[]) =>
  messages.filter((m): m is messagingApi.ImageMessage => m.type === "image");

/** A link the bot sent, fetched from the test server (the bot signs links under its PUBLIC_URL). */
function local(link: string): string {
  const url = new URL(link);
  return `${t.bot.url}${url.pathname}${url.search}`;
}

async function bytesAt(link: string): Promise<{ status: number; bytes: Uint8Array; type: string | null }> {
  const response = await fetch(local(link));
  return {
    status: response.status,
    bytes: new Uint8Array(await response.arrayBuffer()),
    type: response.headers.get("content-type"),
  };
}

const tapPostback = (user: ChatUser, data: string) => user.send({ type: "postback", data });

describe("signed photo links", () => {
  it("serve the photo while valid; a tampered, unsigned, re-pointed or expired link gets 403", async () => {
    const staff = await registered("staff", "กองช่าง");
    const code = await fileWithEvidence(chatUser(t.bot, t.line, newLineUserId()), "ร้องทุกข์ทั่วไป");
    const shown = images(await tapPostback(staff, `a=photos&c=${code}`));
    expect(shown).toHaveLength(1);
    const link = shown[0]?.originalContentUrl as string;
    expect(shown[0]?.previewImageUrl).toBe(link);
    expect(new URL(link).pathname).toMatch(/^\/r\/photos\/[^/]+$/);
    expect(new URL(link).searchParams.get("sig")).toBeTruthy();

    const ok = await bytesAt(link);
    expect(ok.status).toBe(200);
    expect(ok.type).toBe("image/jpeg");
    expect(ok.bytes).toEqual(BEFORE);

    const tampered = new URL(link);
    tampered.searchParams.set("sig", `${tampered.searchParams.get("sig")?.slice(0, -2)}AA`);
    expect((await bytesAt(tampered.toString())).status).toBe(403);
    const unsigned = new URL(link);
    unsigned.searchParams.delete("sig");
    expect((await bytesAt(unsigned.toString())).status).toBe(403);
    const later = new URL(link);
    later.searchParams.set("exp", String(Number(later.searchParams.get("exp")) + 86_400_000));
    expect((await bytesAt(later.toString())).status).toBe(403);
    const elsewhere = new URL(link);
    elsewhere.pathname = "/r/photos/another-photo";
    expect((await bytesAt(elsewhere.toString())).status).toBe(403);

    t.clock.advance(8 * 24 * 60 * 60 * 1000); // past the week a photo link lasts
    const expired = await fetch(local(link));
    expect(expired.status).toBe(403);
    expect(await expired.text()).not.toContain("\xff\xd8");
  });
});

describe("the complainant sees the after-photo", () => {
  it("the resolution push carries it as an image message; ดูภาพ sends it again, to the complainant only", async () => {
    const staff = await registered("staff", "กองช่าง", "สมศรี ใจดี");
    const complainant = chatUser(t.bot, t.line, newLineUserId());
    const code = await fileWithEvidence(complainant, "ร้องทุกข์ทั่วไป");
    await staff.say(`งานร้องเรียน ${code}`);
    await staff.tap("ดำเนินการแล้วเสร็จ");
    await staff.say("ปะซ่อมหลุมเรียบร้อยแล้ว");
    const before = complainant.messages().length;
    await sendPhoto(staff, AFTER);
    await staff.tap("ยืนยัน");

    const push = complainant.messages().slice(before);
    expect(push[0]?.type).toBe("flex");
    expect(textOf(push[0])).toContain("ภาพหลังดำเนินการ");
    expect(actionsOf(push[0]).map((a) => a.label)).toContain("ดูภาพ");
    const pushed = images(push);
    expect(pushed).toHaveLength(1);
    expect(push.indexOf(pushed[0] as messagingApi.Message)).toBe(1); // right under the card
    expect(textOf(push.at(-1))).toContain("ปัญหาได้รับการแก้ไขแล้วหรือไม่");
    const served = await bytesAt(pushed[0]?.originalContentUrl as string);
    expect(served.status).toBe(200);
    expect(served.bytes).toEqual(AFTER);

    // ดูภาพ on the status card, and on the detail card.
    const again = await complainant.tap("ดูภาพ");
    expect(textOf(again[0])).toContain(`ภาพหลังดำเนินการ เรื่อง ${code}`);
    expect((await bytesAt(images(again)[0]?.originalContentUrl as string)).bytes).toEqual(AFTER);
    const detail = await complainant.say(`ติดตามเรื่อง ${code}`);
    expect(textOf(detail[0])).toContain("ภาพหลังดำเนินการ");
    expect(actionsOf(detail[0]).map((a) => a.label)).toContain("ดูภาพ");

    // Anyone else's tap on the same button shows nothing.
    const stranger = chatUser(t.bot, t.line, newLineUserId());
    const refused = await tapPostback(stranger, `a=after&c=${code}`);
    expect(images(refused)).toEqual([]);
    expect(textOf(refused[0])).toContain("ใช้ไม่ได้");
    expect(images(await tapPostback(staff, `a=after&c=${code}`))).toEqual([]);

    // The console labels the two: the complainant's photo, then the officer's.
    const page = (await (await signedInConsole(t.bot)).get(`/admin/complaints/${code}`)).html;
    const report = page.indexOf("<h2>ภาพจากผู้ร้อง</h2>");
    const result = page.indexOf("<h2>ภาพหลังดำเนินการ</h2>");
    expect(report).toBeGreaterThan(0);
    expect(result).toBeGreaterThan(report);
    expect(
      page.match(/data-testid="complaint-photos-report"[\s\S]*?<\/div>/)?.[0].match(/<img/g),
    ).toHaveLength(1);
  });

  it("an after-photo sent through the admin API reaches the complainant the same way", async () => {
    const complainant = chatUser(t.bot, t.line, newLineUserId());
    const code = await fileWithEvidence(complainant, "ร้องทุกข์ทั่วไป");
    const before = complainant.messages().length;
    const answer = await adminApi(t.bot, "POST", `/complaints/${code}/status`, {
      status: "resolved",
      note: "ซ่อมแล้ว",
      photo: { base64: Buffer.from(AFTER).toString("base64") },
    });
    expect(answer.status).toBe(200);
    await t.bot.settle();
    const pushed = images(complainant.messages().slice(before));
    expect(pushed).toHaveLength(1);
    expect((await bytesAt(pushed[0]?.originalContentUrl as string)).bytes).toEqual(AFTER);
  });

  it("a status change without an after-photo has no photo row, no button and no image", async () => {
    const complainant = chatUser(t.bot, t.line, newLineUserId());
    const code = await fileWithEvidence(complainant, "ร้องทุกข์ทั่วไป");
    const before = complainant.messages().length;
    await adminApi(t.bot, "POST", `/complaints/${code}/status`, { status: "in_progress", note: "" });
    await t.bot.settle();
    const push = complainant.messages().slice(before);
    expect(push).toHaveLength(1);
    expect(textOf(push[0])).not.toContain("ภาพหลังดำเนินการ");
    expect(actionsOf(push[0]).map((a) => a.label)).not.toContain("ดูภาพ");
  });
});

describe("field staff see what the citizen sent", () => {
  it("the work list counts photos; ดูภาพ and ดูตำแหน่ง answer with images and a location", async () => {
    const staff = await registered("staff", "กองช่าง");
    const code = await fileWithEvidence(chatUser(t.bot, t.line, newLineUserId()), "ร้องทุกข์ทั่วไป");
    const list = await staff.say("งานร้องเรียน");
    expect(textOf(list[0])).toContain("1 รูป");
    expect(textOf(list[0])).not.toContain("รูปภาพ\nไม่มี");
    expect(actionsOf(list[0]).map((a) => a.label)).toEqual(["จัดการเรื่องนี้", "ดูภาพ", "ดูตำแหน่ง"]);

    const photos = await staff.tap("ดูภาพ");
    expect(textOf(photos[0])).toContain(`ภาพจากผู้ร้อง เรื่อง ${code} (1 ภาพ)`);
    expect((await bytesAt(images(photos)[0]?.originalContentUrl as string)).bytes).toEqual(BEFORE);

    const place = await staff.tap("ดูตำแหน่ง");
    expect(place).toHaveLength(1);
    expect(place[0]).toMatchObject({
      type: "location",
      latitude: PLACE.latitude,
      longitude: PLACE.longitude,
      address: PLACE.address,
    });
    expect((place[0] as messagingApi.LocationMessage).title).toContain(code);

    // The card of one complaint offers the same two buttons.
    const opened = await staff.tap("จัดการเรื่องนี้");
    expect(textOf(opened[0])).toContain("1 รูป");
    expect(actionsOf(opened[0]).map((a) => a.label)).toEqual(["ดูภาพ", "ดูตำแหน่ง"]);
  });

  it("another unit's staff and a citizen are refused, and shown nothing", async () => {
    const other = await registered("staff", "กองคลัง");
    const citizen = chatUser(t.bot, t.line, newLineUserId());
    const code = await fileWithEvidence(chatUser(t.bot, t.line, newLineUserId()), "ร้องทุกข์ทั่วไป");
    for (const user of [other, citizen]) {
      for (const action of ["photos", "place"]) {
        const answer = await tapPostback(user, `a=${action}&c=${code}`);
        expect(answer).toHaveLength(1);
        expect(textOf(answer[0])).toContain("ไม่มีสิทธิ์");
        expect(JSON.stringify(answer)).not.toMatch(/หน้าวัด|\/r\/photos|100\.5/);
      }
    }
  });

  it("งานร้องเรียน <code> opens that complaint; someone else's or a malformed code is refused", async () => {
    const staff = await registered("staff", "กองช่าง");
    const other = await registered("staff", "กองคลัง");
    const code = await fileWithEvidence(chatUser(t.bot, t.line, newLineUserId()), "ร้องทุกข์ทั่วไป");
    const opened = await staff.say(`  งานร้องเรียน ${code.toLowerCase()} `);
    expect(textOf(opened[0])).toContain(code);
    expect(textOf(opened[0])).toContain("หน้าวัด");
    expect(staff.labels()).toContain("ดำเนินการแล้วเสร็จ");
    await staff.tap("ยกเลิก");
    expect(textOf((await other.say(`งานร้องเรียน ${code}`))[0])).toContain("ไม่มีสิทธิ์");
    expect(textOf((await staff.say("งานร้องเรียน xyz"))[0])).toContain("ไม่มีสิทธิ์");
    // The bare keyword still lists the work.
    expect((await staff.say("งานร้องเรียน"))[0]?.type).toBe("flex");
  });

  it("a corruption complaint's photos and place reach integrity officers only, with nothing identifying the complainant", async () => {
    const integrity = await registered("integrity", undefined, "วิไล ตรวจสอบ");
    const unitStaff = await registered("staff", "กองช่าง");
    const executive = await registered("executive");
    const complainant = chatUser(t.bot, t.line, newLineUserId());
    t.line.double.setProfile(complainant.userId, { displayName: "ผู้แจ้งลับ" });
    const code = await fileWithEvidence(complainant, "ร้องเรียนการทุจริต");

    const list = await integrity.say("งานร้องเรียน");
    expect(textOf(list[0])).toContain("1 รูป");
    const photos = await integrity.tap("ดูภาพ");
    expect(images(photos)).toHaveLength(1);
    expect((await bytesAt(images(photos)[0]?.originalContentUrl as string)).bytes).toEqual(BEFORE);
    const place = await integrity.tap("ดูตำแหน่ง");
    expect(place[0]).toMatchObject({ type: "location", latitude: PLACE.latitude });
    expect(JSON.stringify(integrity.messages())).not.toMatch(new RegExp(`${complainant.userId}|ผู้แจ้งลับ`));

    for (const user of [unitStaff, executive, chatUser(t.bot, t.line, newLineUserId())]) {
      for (const action of ["photos", "place"]) {
        const answer = await tapPostback(user, `a=${action}&c=${code}`);
        expect(images(answer)).toEqual([]);
        expect(answer.some((m) => m.type === "location")).toBe(false);
      }
      expect(JSON.stringify(user.messages())).not.toContain("/r/photos/");
    }
  });
});
