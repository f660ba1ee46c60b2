import { describe, expect, it } from "vitest";
import { PRIVACY_NOTICE } from "../src/features/complaints/complaint.flow";
import { newLineUserId } from "../src/simulator/webhook-events";
import { type ChatUser, chatUser, textOf } from "./support/chat";
import { useBot } from "./support/harness";

const t = useBot();

async function fileGeneral(user: ChatUser, description: string) {
  await user.say("ร้องเรียน");
  if (user.labels().includes("ยินยอม")) await user.tap("ยินยอม");
  await user.tap("ร้องทุกข์ทั่วไป");
  await user.tap("ถนน/ทางเท้า");
  await user.say(description);
  await user.tap("ข้าม");
  await user.tap("ข้าม");
  const receipt = await user.tap("ยืนยัน");
  return /R\d{4}-\d{5}/.exec(textOf(receipt.at(-1)))?.[0] as string;
}

const linkIn = (text: string) => new URL(/https?:\/\/\S+\/r\/privacy\/\S+/.exec(text)?.[0] as string);
const local = (url: URL) => `${t.bot.url}${url.pathname}${url.search}`;

describe("ข้อมูลของฉัน", () => {
  it("is offered in the privacy notice and the menu", async () => {
    expect(PRIVACY_NOTICE).toContain('"ข้อมูลของฉัน"');
    const user = chatUser(t.bot, t.line, newLineUserId());
    expect(JSON.stringify(await user.say("เมนู"))).toContain("ข้อมูลของฉัน");
  });

  it("sums up what is held and links to that person's export only, for 24 hours", async () => {
    const user = chatUser(t.bot, t.line, newLineUserId());
    const other = chatUser(t.bot, t.line, newLineUserId());
    const code = await fileGeneral(user, "ถนนหน้าโรงเรียนเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย");
    const otherCode = await fileGeneral(other, "ไฟถนนหน้าตลาดดับทั้งซอยมาสามวันแล้ว");
    await user.say("ประเมิน");
    for (let i = 0; i < 9; i++) await user.tap(user.labels()[0] as string);

    const [summary] = await user.say("ข้อมูลของฉัน");
    const text = textOf(summary);
    for (const part of ["ความยินยอม: ให้ไว้เมื่อ", "บทบาท: ประชาชน", code, "รับเรื่องแล้ว", "ปีงบประมาณ 2570 1 ชุด"]) {
      expect(text).toContain(part);
    }
    expect(text).not.toContain(otherCode);

    // The link works without admin credentials and names only this person.
    const link = linkIn(text);
    expect(link.pathname).toBe(`/r/privacy/users/${user.userId}`);
    const download = await fetch(local(link));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain("attachment");
    const body = await download.text();
    const exported = JSON.parse(body);
    expect(exported.lineUserId).toBe(user.userId);
    expect(exported.complaints.map((k: { trackingCode: string }) => k.trackingCode)).toEqual([code]);
    expect(exported.eitAnswers).toHaveLength(1);
    expect(body).not.toContain(other.userId);
    expect(body).not.toContain(otherCode);

    // Another person's path with this signature, a changed expiry, or no signature: 403.
    const swapped = new URL(link);
    swapped.pathname = `/r/privacy/users/${other.userId}`;
    expect((await fetch(local(swapped))).status).toBe(403);
    const later = new URL(link);
    later.searchParams.set("exp", String(Number(later.searchParams.get("exp")) + 86_400_000));
    expect((await fetch(local(later))).status).toBe(403);
    const unsigned = new URL(link);
    unsigned.searchParams.delete("sig");
    expect((await fetch(local(unsigned))).status).toBe(403);
    // Expired after 24 hours.
    t.clock.advance(25 * 60 * 60 * 1000);
    expect((await fetch(local(link))).status).toBe(403);
  });

  it("answers a newcomer plainly: nothing held but the role", async () => {
    const user = chatUser(t.bot, t.line, newLineUserId());
    const text = textOf((await user.say("ข้อมูลของฉัน"))[0]);
    expect(text).toContain("ความยินยอม: ยังไม่ได้ให้");
    expect(text).toContain("เรื่องที่แจ้ง: ไม่มี");
    expect(text).toContain("คำตอบแบบวัด EIT: ไม่มี");
  });
});
