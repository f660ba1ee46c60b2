/**
 * Many organisations on both runtimes: the Node server (one SQLite file per organisation) and the
 * Worker in workerd (one D1 database per organisation, bound as `ORG_<ID>`, photos under
 * `orgs/<id>/` in the one R2 bucket). The same signed scenarios: registration through the platform
 * API, a complaint with a photo through `/webhook/:org`, the organisation's admin API, refusals, and
 * the executives' digest on the minute's tick.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { d1DatabaseNames } from "../scripts/deploy";
import { complaints, inboxEvents } from "../src/db/schema";
import { tenantBinding } from "../src/runtime/worker-config";
import { WRANGLER_TOML, wranglerSettings } from "../src/runtime/worker-local";
import { newLineUserId, newMessageId, webhookBody } from "../src/simulator/webhook-events";
import type { TestBot } from "./support/bot";
import { chatUser, PNG, textOf } from "./support/chat";
import { type RunningDouble, startDouble } from "./support/double";
import { createOrg, orgAdminApi, orgBot, platformApi, type TestOrg } from "./support/platform";
import {
  admin,
  type BotUnderTest,
  type StartOptions,
  startNodeUnderTest,
  startTestWorker,
} from "./support/worker";

const ALPHA: TestOrg = {
  id: "abt-alpha",
  name: "องค์การบริหารส่วนตำบลอัลฟา",
  channelSecret: "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
  adminToken: "alpha-admin-token-0123456789",
};

/** Monday 14 December 2026, 08:45 in Bangkok: the default digest (Monday 08:30) is due. */
const DIGEST_DUE = Date.parse("2026-12-14T08:45:00+07:00");

const runtimes = [
  { name: "node", start: startNodeUnderTest },
  { name: "worker", start: startTestWorker },
] as const;

const codeIn = (text: string) => /[RC]\d{4}-\d{5}/.exec(text)?.[0] ?? "";

describe.each(runtimes)("many organisations on $name", ({ name, start }) => {
  let line: RunningDouble;
  let bot: BotUnderTest;
  let alpha: BotUnderTest;

  beforeEach(async () => {
    line = await startDouble();
    const options: StartOptions = { platform: { orgs: [ALPHA.id] } };
    bot = await start(line, options);
    await createOrg(bot, ALPHA);
    alpha = await orgBot(bot, ALPHA);
  });
  afterEach(async () => {
    await bot.close();
    expect(line.double.invalidRequests()).toEqual([]);
    await line.close();
  });

  const person = (userId = newLineUserId()) => chatUser(alpha as unknown as TestBot, line, userId);
  const events = async (db: BotUnderTest["db"]) =>
    (await db.select({ n: count() }).from(inboxEvents).get())?.n ?? 0;

  it("registers organisations through the platform API and lists them without secrets", async () => {
    const list = await platformApi(bot, "GET", "/orgs");
    expect(list.status).toBe(200);
    expect(list.json.items).toEqual([{ id: ALPHA.id, name: ALPHA.name, createdAt: expect.any(String) }]);
    expect(JSON.stringify(list.json)).not.toContain(ALPHA.channelSecret);
    expect((await platformApi(bot, "GET", "/orgs", undefined, "not-the-platform-token-000")).status).toBe(
      401,
    );

    const again = await platformApi(bot, "POST", "/orgs", {
      id: ALPHA.id,
      name: "ซ้ำ",
      channelSecret: "c".repeat(32),
      channelAccessToken: "token",
      adminToken: "another-admin-token-0123",
    });
    expect(again.status).toBe(409);
    expect(again.json.field).toBe("id");
  });

  it("registers an organisation only where its storage exists (a Worker names the D1 binding to add)", async () => {
    const unbound = await platformApi(bot, "POST", "/orgs", {
      id: "tt-unbound",
      name: "เทศบาลตำบลไม่มีฐานข้อมูล",
      channelSecret: "d".repeat(32),
      channelAccessToken: "token",
      adminToken: "unbound-admin-token-0123",
    });
    const ids = async () =>
      (await platformApi(bot, "GET", "/orgs")).json.items.map((o: { id: string }) => o.id);
    if (name === "node") {
      // Node creates the organisation's SQLite file on registration.
      expect(unbound.status).toBe(201);
      expect(await ids()).toEqual([ALPHA.id, "tt-unbound"]);
      return;
    }
    expect(unbound.status).toBe(409);
    expect(unbound.json).toMatchObject({ field: "id" });
    expect(unbound.json.message).toContain("ORG_TT_UNBOUND");
    expect(await ids()).toEqual([ALPHA.id]);
  });

  it("files a complaint with a photo through /webhook/:org into the organisation's own database", async () => {
    const user = person();
    await user.say("ร้องเรียน");
    await user.tap("ยินยอม");
    await user.tap("ร้องทุกข์ทั่วไป");
    await user.tap("ไฟฟ้าส่องสว่าง");
    await user.say("ไฟถนนหน้าวัดอัลฟาดับทั้งซอย");
    await user.tap("ข้าม");
    const messageId = newMessageId();
    line.double.setContent(messageId, PNG, "image/png");
    expect(textOf((await user.send({ type: "image", messageId })).at(-1))).toContain("ได้รับรูปที่ 1");
    await user.tap("เสร็จ");
    const receipt = await user.tap("ยืนยัน");
    const code = codeIn(textOf(receipt.at(-1)));
    expect(code).toMatch(/^R25\d\d-00001$/);
    expect(textOf(receipt.at(-1))).toContain(ALPHA.name);

    const orgDb = await bot.orgDb(ALPHA.id);
    expect((await orgDb.select({ n: count() }).from(complaints).get())?.n).toBe(1);
    expect((await bot.db.select({ n: count() }).from(complaints).get())?.n).toBe(0);
    expect(await events(bot.db)).toBe(0);

    // Its admin API, with its own token, has the complaint and the photo; the default one has neither.
    const found = await orgAdminApi(bot, ALPHA, "GET", `/complaints/${code}`);
    expect(found.status).toBe(200);
    expect(found.json).toMatchObject({ trackingCode: code, category: "ไฟฟ้าส่องสว่าง" });
    const photo = await fetch(`${bot.url}/o/${ALPHA.id}${found.json.photos[0].url}`, {
      headers: { authorization: `Bearer ${ALPHA.adminToken}` },
    });
    expect(photo.status).toBe(200);
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(PNG);
    expect((await admin(bot, "GET", `/complaints/${code}`)).status).toBe(404);
    expect(
      (
        await fetch(`${bot.url}/o/${ALPHA.id}/api/admin/complaints/${code}`, {
          headers: { authorization: "Bearer test-admin-token-0123456789" },
        })
      ).status,
    ).toBe(401);

    // A status change from its admin API reaches the complainant through its channel.
    const before = line.double.deliveries({ userId: user.userId }).length;
    const moved = await orgAdminApi(bot, ALPHA, "POST", `/complaints/${code}/status`, {
      status: "in_progress",
      note: "ส่งช่างไฟฟ้าออกตรวจแล้ว",
    });
    expect(moved.status).toBe(200);
    await bot.settle();
    const pushes = line.double.deliveries({ userId: user.userId }).slice(before);
    expect(pushes).toHaveLength(1);
    expect(textOf(pushes[0]?.messages[0])).toContain(code);
  });

  it("refuses a webhook signed with another secret (401) or for an unknown organisation (404), storing nothing", async () => {
    const userId = newLineUserId();
    const body = webhookBody([bot.event(userId, { type: "text", text: "เมนู" })]);
    const forged = await orgBot(bot, { ...ALPHA, channelSecret: "8c570fa6dd201bb328f1c1eac23a96d8" });
    expect((await forged.postRaw(body)).status).toBe(401);
    expect((await alpha.postRaw(body, null)).status).toBe(401);
    const unknown = await orgBot(bot, { ...ALPHA, id: "abt-nowhere" });
    expect((await unknown.postRaw(body)).status).toBe(404);
    await bot.settle();
    expect(await events(await bot.orgDb(ALPHA.id))).toBe(0);
    expect(await events(bot.db)).toBe(0);
    expect(line.double.requests()).toEqual([]);
  });

  it("rotates the organisation's channel secret and admin token: the old ones are refused at once", async () => {
    const rotated = {
      channelSecret: "e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5",
      adminToken: "alpha-rotated-token-0123456789",
    };
    expect((await platformApi(bot, "PATCH", `/orgs/${ALPHA.id}`, rotated)).status).toBe(200);
    const userId = newLineUserId();
    const body = webhookBody([bot.event(userId, { type: "text", text: "เมนู" })]);
    expect((await alpha.postRaw(body)).status).toBe(401);
    const renewed = await orgBot(bot, { ...ALPHA, ...rotated });
    expect((await renewed.postRaw(body)).status).toBe(200);
    await bot.settle();
    expect(line.double.messagesFor(userId)).toHaveLength(1);
    expect((await orgAdminApi(bot, ALPHA, "GET", "/units")).status).toBe(401);
    expect((await orgAdminApi(bot, { ...ALPHA, ...rotated }, "GET", "/units")).status).toBe(200);
  });

  it("sends the organisation's executives their digest on the minute's tick, once", async () => {
    const invite = await orgAdminApi(bot, ALPHA, "POST", "/invites", { role: "executive" });
    expect(invite.status).toBe(201);
    const executive = person();
    expect(textOf((await executive.say(`ลงทะเบียน ${invite.json.code}`)).at(-1))).toContain("ลงทะเบียนสำเร็จ");
    const before = line.double.deliveries({ userId: executive.userId }).length;

    // The Worker's Cron Trigger runs every organisation; on Node the organisation's own admin API.
    const tick = async (at: number) => {
      if (bot.runtime === "worker") return bot.runReminders(at);
      const iso = encodeURIComponent(new Date(at).toISOString());
      expect((await orgAdminApi(bot, ALPHA, "POST", `/reminders/run?at=${iso}`)).status).toBe(200);
      await bot.settle();
    };
    await tick(DIGEST_DUE);
    const pushes = line.double.deliveries({ userId: executive.userId }).slice(before);
    expect(pushes).toHaveLength(1);
    expect(textOf(pushes[0]?.messages[0])).toContain("ภาพรวม ปีงบประมาณ 2570");
    await tick(DIGEST_DUE + 5 * 60_000);
    expect(line.double.deliveries({ userId: executive.userId }).slice(before)).toHaveLength(1);
  });
});

describe("organisations' databases in wrangler.toml", () => {
  const toml = `
name = "prongsai"
[[d1_databases]]
binding = "DB"
database_name = "prongsai"
migrations_dir = "migrations"

# [[d1_databases]]
# binding = "ORG_COMMENTED_OUT"
# database_name = "prongsai-commented-out"

[[d1_databases]]
binding = "ORG_ABT_NONGBUA"
database_name = "prongsai-abt-nongbua"
database_id = "1"

[[r2_buckets]]
binding = "BLOBS"
bucket_name = "prongsai-blobs"
`;

  it("start:worker binds each organisation's database; deploy migrates every database", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "prongsai-toml-")), "wrangler.toml");
    writeFileSync(path, `compatibility_date = "2026-11-01"\n${toml}`);
    expect((await wranglerSettings(path)).tenantBindings).toEqual(["ORG_ABT_NONGBUA"]);
    expect(d1DatabaseNames(toml)).toEqual(["prongsai", "prongsai-abt-nongbua"]);
    expect(tenantBinding("abt-nong-bua-2")).toBe("ORG_ABT_NONG_BUA_2");
    // The shipped file binds the default database only.
    expect(d1DatabaseNames(readFileSync(WRANGLER_TOML, "utf8"))).toEqual(["prongsai"]);
  });
});
