import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, users } from "../src/db/schema";
import { newLineUserId, newMessageId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { type ChatUser, chatUser, JPEG, textOf } from "./support/chat";
import { useBot } from "./support/harness";

const t = useBot();

async function unitId(name: string): Promise<string> {
  const units = (await adminApi(t.bot, "GET", "/units")).json.items as Array<{ id: string; name: string }>;
  const unit = units.find((u) => u.name === name);
  if (!unit) throw new Error(`no unit ${name}`);
  return unit.id;
}

async function invite(role: string, unit?: string): Promise<string> {
  const created = await adminApi(t.bot, "POST", "/invites", {
    role,
    ...(unit ? { unitId: await unitId(unit) } : {}),
  });
  expect(created.status).toBe(201);
  return created.json.code;
}

async function roleOf(lineUserId: string) {
  return t.bot.deps.db.select().from(users).where(eq(users.lineUserId, lineUserId)).get();
}

/** A registered staff member of a unit, with a LINE name. */
async function staffOf(unit: string, name: string, role = "staff"): Promise<ChatUser> {
  const id = newLineUserId();
  t.line.double.setProfile(id, { displayName: name });
  const member = chatUser(t.bot, t.line, id);
  await member.say(`ลงทะเบียน ${await invite(role, role === "staff" ? unit : undefined)}`);
  return member;
}

async function fileComplaint(user: ChatUser, track: "ร้องทุกข์ทั่วไป" | "ร้องเรียนการทุจริต" = "ร้องทุกข์ทั่วไป") {
  await user.say("ร้องเรียน");
  if (user.labels().includes("ยินยอม")) await user.tap("ยินยอม");
  await user.tap(track);
  if (track === "ร้องทุกข์ทั่วไป") await user.tap("ถนน/ทางเท้า");
  await user.say("ถนนหน้าวัดเป็นหลุมลึก น้ำขังเวลาฝนตก");
  await user.tap("ข้าม");
  await user.tap("ข้าม");
  if (track === "ร้องเรียนการทุจริต") await user.tap("ไม่ประสงค์ออกนาม");
  const receipt = await user.tap("ยืนยัน");
  return /[RC]\d{4}-\d{5}/.exec(textOf(receipt.at(-1)))?.[0] as string;
}

describe("roles by invite", () => {
  it("an invite is redeemed once; used, unknown and expired codes are refused and change nothing", async () => {
    const code = await invite("staff", "กองช่าง");
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const somchai = newLineUserId();
    t.line.double.setProfile(somchai, { displayName: "สมชาย ช่างดี" });
    const first = chatUser(t.bot, t.line, somchai);
    const welcome = await first.say(`ลงทะเบียน ${code.toLowerCase().replace("-", "")}`);
    expect(textOf(welcome[0])).toContain("ลงทะเบียนสำเร็จ");
    expect(textOf(welcome[0])).toContain("กองช่าง");
    expect(await roleOf(somchai)).toMatchObject({
      role: "staff",
      unitId: await unitId("กองช่าง"),
      displayName: "สมชาย ช่างดี",
    });
    const audit = await t.bot.deps.db.select().from(auditLog).where(eq(auditLog.action, "role.change")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toMatchObject({ from: "citizen", to: "staff" });

    const second = chatUser(t.bot, t.line, newLineUserId());
    expect(textOf((await second.say(`ลงทะเบียน ${code}`))[0])).toContain("ถูกใช้ไปแล้ว");
    expect(textOf((await second.say("ลงทะเบียน ZZZZ-9999"))[0])).toContain("ไม่พบรหัส");
    const old = await invite("executive");
    t.clock.advance(8 * 24 * 60 * 60 * 1000);
    expect(textOf((await second.say(`ลงทะเบียน ${old}`))[0])).toContain("หมดอายุ");
    expect((await roleOf(second.userId))?.role).toBe("citizen");
    expect(textOf((await second.say("ลงทะเบียน"))[0])).toContain("ตามด้วยรหัส");
  });

  it("validates invite requests", async () => {
    expect((await adminApi(t.bot, "POST", "/invites", { role: "staff" })).json.field).toBe("unitId");
    expect((await adminApi(t.bot, "POST", "/invites", { role: "king" })).json.field).toBe("role");
    expect((await adminApi(t.bot, "POST", "/invites", { role: "staff", unitId: "nope" })).json.field).toBe(
      "unitId",
    );
    await invite("admin");
    const list = await adminApi(t.bot, "GET", "/invites");
    expect(list.json.items).toHaveLength(1);
    expect(list.json.items[0].expiresAt).toMatch(/\+07:00$/);
  });

  it("a citizen is refused staff and executive actions, and old staff buttons reveal nothing", async () => {
    const citizen = chatUser(t.bot, t.line, newLineUserId());
    const complainant = chatUser(t.bot, t.line, newLineUserId());
    const code = await fileComplaint(complainant);
    for (const keyword of ["มาตรการ", "งานร้องเรียน", "ภาพรวม"]) {
      const answer = await citizen.say(keyword);
      expect(textOf(answer[0])).toContain("ขออภัย");
    }
    const tapped = await citizen.send({ type: "postback", data: `a=work&c=${code}` });
    expect(textOf(tapped[0])).toContain("ไม่มีสิทธิ์");
    expect(JSON.stringify(tapped)).not.toContain("หน้าวัด");
  });
});

describe("complaint work in chat", () => {
  it("staff take, forward and resolve a complaint; the complainant gets every change", async () => {
    const staff = await staffOf("กองช่าง", "สมศรี ใจดี");
    const complainant = chatUser(t.bot, t.line, newLineUserId());
    const code = await fileComplaint(complainant);
    expect(staff.lastText()).toContain(code); // told of the new complaint

    const list = await staff.say("งานร้องเรียน");
    expect(textOf(list[0])).toContain(code);
    expect(textOf(list[0])).toContain("หน้าวัด");
    expect(JSON.stringify(list)).not.toContain(complainant.userId);

    await staff.tap("จัดการเรื่องนี้");
    expect(staff.labels()).toEqual([
      "กำลังดำเนินการ",
      "ส่งต่อหน่วยงานอื่น",
      "ดำเนินการแล้วเสร็จ",
      "ไม่รับพิจารณา",
      "ยกเลิก",
    ]);
    await staff.tap("กำลังดำเนินการ");
    await staff.tap("ข้าม");
    await staff.tap("ยืนยัน");
    expect(staff.lastText()).toContain("บันทึกแล้ว");
    expect(complainant.lastText()).toContain("กำลังดำเนินการ");

    await staff.say("งานร้องเรียน");
    await staff.tap("จัดการเรื่องนี้");
    await staff.tap("ส่งต่อหน่วยงานอื่น");
    await staff.say("แขวงทางหลวงชนบท เพราะเป็นถนนของกรมทางหลวงชนบท");
    await staff.tap("ยืนยัน");
    expect(complainant.lastText()).toContain("แขวงทางหลวงชนบท");

    await staff.say("งานร้องเรียน");
    await staff.tap("จัดการเรื่องนี้");
    await staff.tap("ดำเนินการแล้วเสร็จ");
    const askPhoto = await staff.say("ปะซ่อมหลุมเรียบร้อยแล้ว");
    expect(textOf(askPhoto.at(-1))).toContain("ภาพหลังดำเนินการ");
    const sticker = await staff.send({ type: "sticker" });
    expect(textOf(sticker[0])).toContain("โปรดส่งภาพ");
    const messageId = newMessageId();
    t.line.double.setContent(messageId, JPEG, "image/jpeg");
    await staff.send({ type: "image", messageId });
    await staff.tap("ยืนยัน");
    expect(complainant.lastText()).toContain("ปัญหาได้รับการแก้ไขแล้วหรือไม่");
    expect(complainant.messages().map(textOf).join("\n")).toContain("ปะซ่อมหลุมเรียบร้อยแล้ว");

    const detail = (await adminApi(t.bot, "GET", `/complaints/${code}`)).json;
    expect(detail.history.map((h: { status: string }) => h.status)).toEqual([
      "received",
      "in_progress",
      "forwarded",
      "resolved",
    ]);
    expect(detail.history[1].by).toBe("สมศรี ใจดี (กองช่าง)");
    expect(detail.photos.map((p: { kind: string }) => p.kind)).toEqual(["result"]);
    expect((await staff.say("งานร้องเรียน"))[0]).toMatchObject({ type: "text" }); // nothing open now
  });

  it("resolving without a photo needs a reason; staff of another unit cannot touch the complaint", async () => {
    const staff = await staffOf("กองช่าง", "สมศรี ใจดี");
    const other = await staffOf("กองคลัง", "มานะ ขยัน");
    const code = await fileComplaint(chatUser(t.bot, t.line, newLineUserId()));
    expect((await other.say("งานร้องเรียน"))[0]).toMatchObject({ type: "text" });
    const refused = await other.send({ type: "postback", data: `a=work&c=${code}` });
    expect(textOf(refused[0])).toContain("ไม่มีสิทธิ์");

    await staff.say("งานร้องเรียน");
    await staff.tap("จัดการเรื่องนี้");
    await staff.tap("ดำเนินการแล้วเสร็จ");
    await staff.say("เกลี่ยหลุมแล้ว");
    await staff.tap("ไม่มีภาพ");
    const empty = await staff.send({ type: "sticker" });
    expect(textOf(empty[0])).toContain("เหตุผล");
    await staff.say("กล้องโทรศัพท์เสีย");
    await staff.tap("ยืนยัน");
    const detail = (await adminApi(t.bot, "GET", `/complaints/${code}`)).json;
    expect(detail.status).toBe("resolved");
    expect(detail.history.at(-1).note).toContain("กล้องโทรศัพท์เสีย");
  });

  it("integrity officers work the corruption track only, and never see who filed", async () => {
    const integrity = await staffOf("", "วิไล ตรวจสอบ", "integrity");
    const unitStaff = await staffOf("กองคลัง", "มานะ ขยัน");
    const complainant = chatUser(t.bot, t.line, newLineUserId());
    t.line.double.setProfile(complainant.userId, { displayName: "ผู้แจ้งลับ" });
    const code = await fileComplaint(complainant, "ร้องเรียนการทุจริต");
    const generalCode = await fileComplaint(chatUser(t.bot, t.line, newLineUserId()));
    const list = await integrity.say("งานร้องเรียน");
    expect(textOf(list[0])).toContain(code);
    expect(textOf(list[0])).not.toContain(generalCode);
    expect(JSON.stringify(integrity.messages())).not.toMatch(new RegExp(`${complainant.userId}|ผู้แจ้งลับ`));
    expect(JSON.stringify(unitStaff.messages())).not.toContain(code);
    await integrity.tap("จัดการเรื่องนี้");
    await integrity.tap("ไม่รับพิจารณา");
    await integrity.say("ข้อมูลไม่เพียงพอที่จะตรวจสอบ");
    await integrity.tap("ยืนยัน");
    expect(complainant.lastText()).toContain("ไม่รับพิจารณา");
  });
});
