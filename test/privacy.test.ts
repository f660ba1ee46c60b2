import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newLineUserId, newMessageId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { type ChatUser, chatUser, JPEG, textOf } from "./support/chat";
import { useBot } from "./support/harness";

const t = useBot();

async function file(user: ChatUser, track: "ร้องทุกข์ทั่วไป" | "ร้องเรียนการทุจริต") {
  await user.say("ร้องเรียน");
  if (user.labels().includes("ยินยอม")) await user.tap("ยินยอม");
  await user.tap(track);
  if (track === "ร้องทุกข์ทั่วไป") await user.tap("ไฟฟ้าส่องสว่าง");
  await user.say("ไฟหน้าบ้านเลขที่ 12/3 ดับ บ้านของนายสมชาย");
  await user.send({ type: "location", latitude: 14.1, longitude: 99.5, address: "12/3 หมู่ 4" });
  const messageId = newMessageId();
  t.line.double.setContent(messageId, JPEG, "image/jpeg");
  await user.send({ type: "image", messageId });
  await user.tap("เสร็จ");
  if (track === "ร้องเรียนการทุจริต") await user.tap("เปิดเผยตัวตน");
  const receipt = await user.tap("ยืนยัน");
  return /[RC]\d{4}-\d{5}/.exec(textOf(receipt.at(-1)))?.[0] as string;
}

/** Every place the database could still hold the id: a full-text search of every table. */
async function tablesMentioning(needle: string): Promise<string[]> {
  const tables = await t.bot.deps.db.all<{ name: string }>(
    sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`,
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const rows = await t.bot.deps.db.all(sql.raw(`SELECT * FROM "${name}"`));
    if (JSON.stringify(rows).includes(needle)) found.push(name);
  }
  return found;
}

describe("ลบข้อมูลของฉัน", () => {
  it("removes every trace of the person while the complaints keep their statistics", async () => {
    const userId = newLineUserId();
    t.line.double.setProfile(userId, { displayName: "สมชาย ใจดี" });
    const user = chatUser(t.bot, t.line, userId);
    const general = await file(user, "ร้องทุกข์ทั่วไป");
    const corruption = await file(user, "ร้องเรียนการทุจริต");
    await user.say("ประเมิน");
    for (let i = 0; i < 9; i++) await user.tap(user.labels()[0] as string);
    expect(await tablesMentioning(userId)).not.toEqual([]);

    const asked = await user.say("ลบข้อมูลของฉัน");
    expect(textOf(asked[0])).toContain("สิ่งที่จะถูกลบ");
    expect(user.labels()).toEqual(["ยืนยัน", "ยกเลิก"]);
    const done = await user.tap("ยืนยัน");
    expect(textOf(done[0])).toContain("ลบข้อมูลส่วนบุคคลของคุณเรียบร้อยแล้ว");
    // Until the periodic pass runs, only the erasure record and the confirmation's delivery name them.
    expect((await tablesMentioning(userId)).sort()).toEqual(["inbox_events", "outbox", "privacy_erasures"]);
    await t.bot.tick();

    // The confirmation itself went out; after that the id is nowhere but in LINE's own request log.
    expect(await tablesMentioning(userId)).toEqual([]);
    expect(await tablesMentioning("สมชาย ใจดี")).toEqual([]);
    const blobs = join(dirname(t.bot.deps.config.databasePath), "blobs");
    const files = existsSync(blobs) ? readdirSync(blobs, { recursive: true, withFileTypes: true }) : [];
    expect(files.filter((f) => f.isFile())).toEqual([]);

    // The complaints stay, for the case and the statistics, without place or photos.
    for (const code of [general, corruption]) {
      const detail = (await adminApi(t.bot, "GET", `/complaints/${code}`)).json;
      expect(detail).toMatchObject({ trackingCode: code, status: "received", location: null, photos: [] });
    }
    const summary = (await adminApi(t.bot, "GET", "/eit/summary")).json;
    expect(summary.respondents).toBe(0);
    // The erasure is on record, under a pseudonym.
    const audit = await t.bot.deps.db.all<{ actor: string }>(
      sql`SELECT actor FROM audit_log WHERE action = 'privacy.erase'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor).toMatch(/^erased:[0-9a-f]{24}$/);
    // The person is a stranger to the bot now: their old codes are not theirs any more.
    const track = await user.say(`ติดตามเรื่อง ${general}`);
    expect(textOf(track[0])).toContain("ไม่พบเรื่อง");
  });

  it("still answers the messages sent just before the confirmation", async () => {
    const userId = newLineUserId();
    const user = chatUser(t.bot, t.line, userId);
    await file(user, "ร้องทุกข์ทั่วไป");
    await user.say("ลบข้อมูลของฉัน");
    // The answer to the stray message is still waiting (LINE failed it once) when the erasure
    // commits: the person asked for it before confirming, so it goes out all the same.
    t.line.double.injectFault({ endpoint: "reply", kind: "500", times: 1 });
    const before = t.line.double.deliveries({ userId }).length;
    expect((await t.bot.send(userId, { type: "text", text: "เสร็จ" })).status).toBe(200);
    expect((await t.bot.send(userId, { type: "text", text: "ยืนยัน" })).status).toBe(200);
    await t.bot.settle();
    t.clock.advance(2_000); // past the failed reply's backoff
    await t.bot.tick();
    await t.bot.settle();
    const answers = t.line.double
      .deliveries({ userId })
      .slice(before)
      .map((d) => textOf(d.messages[0]));
    expect(answers).toHaveLength(2);
    expect(answers[0]).toContain('กด "ยืนยัน" เพื่อลบข้อมูล');
    expect(answers[1]).toContain("ลบข้อมูลส่วนบุคคลของคุณเรียบร้อยแล้ว");
    await t.bot.tick();
    expect(await tablesMentioning(userId)).toEqual([]);
  });

  it("cancel keeps everything", async () => {
    const user = chatUser(t.bot, t.line, newLineUserId());
    const code = await file(user, "ร้องทุกข์ทั่วไป");
    await user.say("ลบข้อมูลของฉัน");
    await user.tap("ยกเลิก");
    const track = await user.say(`ติดตามเรื่อง ${code}`);
    expect(textOf(track.at(-1))).toContain(code);
    expect((await adminApi(t.bot, "GET", `/complaints/${code}`)).json.photos).toHaveLength(1);
  });
});
