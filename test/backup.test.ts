import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { backupDatabase, restoreDatabase } from "../src/runtime/backup";
import { newLineUserId, newMessageId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { startTestBot, type TestBot, tempDatabasePath } from "./support/bot";
import { chatUser, JPEG, textOf } from "./support/chat";
import { type RunningDouble, startDouble } from "./support/double";

let line: RunningDouble | undefined;
const bots: TestBot[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.close();
  await line?.close();
});

describe("backup and restore", () => {
  it("an online backup taken while the bot runs restores every complaint and photo", async () => {
    line = await startDouble();
    const databasePath = tempDatabasePath();
    const bot = await startTestBot(line, { databasePath });
    bots.push(bot);
    const user = chatUser(bot, line, newLineUserId());
    await user.say("ร้องเรียน");
    await user.tap("ยินยอม");
    await user.tap("ร้องทุกข์ทั่วไป");
    await user.tap("น้ำประปา");
    await user.say("ท่อประปาแตกหน้าโรงเรียน น้ำไหลทั้งวัน");
    await user.tap("ข้าม");
    const messageId = newMessageId();
    line.double.setContent(messageId, JPEG, "image/jpeg");
    await user.send({ type: "image", messageId });
    await user.tap("เสร็จ");
    const receipt = await user.tap("ยืนยัน");
    const code = /R\d{4}-\d{5}/.exec(textOf(receipt.at(-1)))?.[0] as string;

    // Taken while the bot is running.
    const backup = await backupDatabase(databasePath, mkdtempSync(join(tmpdir(), "prongsai-backups-")));
    expect(backup.photos).toBe(1);
    expect(backup.bytes).toBeGreaterThan(0);

    // After the backup: another complaint, which the restore must roll back.
    await user.say("ร้องเรียน");
    await user.tap("ร้องทุกข์ทั่วไป");
    await user.tap("อื่น ๆ");
    await user.say("เรื่องหลังการสำรองข้อมูล ไม่ควรอยู่ในข้อมูลที่กู้คืน");
    await user.tap("ข้าม");
    await user.tap("ข้าม");
    await user.tap("ยืนยัน");
    await bot.close();
    bots.pop();

    const restored = restoreDatabase(backup.dir, databasePath);
    expect(restored.photos).toBe(1);
    const again = await startTestBot(line, { databasePath });
    bots.push(again);
    const list = (await adminApi(again, "GET", "/complaints")).json.items as Array<{ trackingCode: string }>;
    expect(list.map((c) => c.trackingCode)).toEqual([code]);
    const detail = (await adminApi(again, "GET", `/complaints/${code}`)).json;
    const photo = await fetch(`${again.url}${detail.photos[0].url}`, {
      headers: { authorization: "Bearer test-admin-token-0123456789" },
    });
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(JPEG);
    // The restored bot carries on: the complainant can still track it.
    const track = await chatUser(again, line, user.userId).say(`ติดตามเรื่อง ${code}`);
    expect(textOf(track.at(-1))).toContain(code);
  });

  it("refuses a damaged backup and leaves the live database alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prongsai-bad-backup-"));
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(dir, "prongsai.sqlite"), "not a database at all".repeat(100));
    expect(() => restoreDatabase(dir, tempDatabasePath())).toThrow();
  });
});
