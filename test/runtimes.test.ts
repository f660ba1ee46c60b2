/**
 * The same signed scenarios against both runtimes: the Node server (`npm start`) and the Worker in
 * workerd (`npm run start:worker`: local D1 with the migrations, local R2, the Cron Trigger fired by
 * hand). The LINE double runs in this process; workerd reaches it on 127.0.0.1. If workerd cannot
 * run here, the Worker half fails: it is never skipped.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { count } from "drizzle-orm";
import { Miniflare } from "miniflare";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { queryOf, type Statement } from "../src/db/client";
import { insertMeasures } from "../src/db/repos/measures.repo";
import { inboxEvents, outbox } from "../src/db/schema";
import { DEFAULT_ORG_ID } from "../src/runtime/node-deps";
import { openSqlite } from "../src/runtime/sqlite";
import { SIMULATOR_IS_NODE_ONLY, WORKER_ORG_ID, WorkerStartError } from "../src/runtime/worker-config";
import { bundleWorker, startLocalWorker, WRANGLER_TOML } from "../src/runtime/worker-local";
import { newLineUserId, newMessageId, webhookBody } from "../src/simulator/webhook-events";
import type { TestBot } from "./support/bot";
import { chatUser, PNG, textOf } from "./support/chat";
import { type RunningDouble, startDouble } from "./support/double";
import {
  admin,
  type BotUnderTest,
  startNodeUnderTest,
  startTestWorker,
  testEnvironment,
} from "./support/worker";

const runtimes = [
  { name: "node", start: startNodeUnderTest },
  { name: "worker", start: startTestWorker },
] as const;

/** Monday 14 December 2026, 08:45 in Bangkok: the default digest (Monday 08:30) is due. */
const DIGEST_DUE = Date.parse("2026-12-14T08:45:00+07:00");

const codeIn = (text: string) => /[RC]\d{4}-\d{5}/.exec(text)?.[0] ?? "";

describe.each(runtimes)("on $name", ({ start }) => {
  let line: RunningDouble;
  let bot: BotUnderTest;

  beforeEach(async () => {
    line = await startDouble();
    bot = await start(line);
  });
  afterEach(async () => {
    await bot.close();
    // Every message the bot sent is valid against LINE's OpenAPI spec and documented limits.
    expect(line.double.invalidRequests()).toEqual([]);
    await line.close();
  });

  // chatUser drives a bot through `send` and `settle` only, which both runtimes have.
  const citizen = (userId = newLineUserId()) => chatUser(bot as unknown as TestBot, line, userId);
  const storedEvents = async () => (await bot.db.select({ n: count() }).from(inboxEvents).get())?.n ?? 0;

  it("answers /healthz from its database", async () => {
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
  });

  it("files a complaint end to end: consent → type → category → description → skip → skip → ยืนยัน", async () => {
    const user = citizen();
    await user.say("ร้องเรียน");
    expect(user.labels()).toEqual(["ยินยอม", "ไม่ยินยอม"]);
    await user.tap("ยินยอม");
    await user.tap("ร้องทุกข์ทั่วไป");
    await user.tap("ถนน/ทางเท้า");
    await user.say("ถนนหน้าโรงเรียนเป็นหลุมลึก น้ำขังทุกครั้งที่ฝนตก");
    await user.tap("ข้าม");
    await user.tap("ข้าม");
    expect(user.labels()).toContain("ยืนยัน");
    const receipt = await user.tap("ยืนยัน");
    expect(receipt.at(-1)?.type).toBe("flex");
    const code = codeIn(textOf(receipt.at(-1)));
    expect(code).toMatch(/^R25\d\d-00001$/);

    const { status, json } = await admin(bot, "GET", `/complaints/${code}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      trackingCode: code,
      track: "general",
      category: "ถนน/ทางเท้า",
      status: "received",
      routedTo: { unitName: "กองช่าง" },
      anonymous: false,
      photos: [],
    });
    expect(json.createdAt).toMatch(/\+07:00$/);

    // A status change answers at once and is pushed to the complainant after the response.
    const before = line.double.deliveries({ userId: user.userId }).length;
    const moved = await admin(bot, "POST", `/complaints/${code}/status`, {
      status: "in_progress",
      note: "ส่งช่างออกสำรวจแล้ว",
    });
    expect(moved.status).toBe(200);
    await bot.settle();
    const pushes = line.double.deliveries({ userId: user.userId }).slice(before);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ kind: "push" });
    expect(textOf(pushes[0]?.messages[0])).toContain(code);
  });

  it("keeps a photo in blob storage (a folder on Node, R2 on the Worker) and serves it back", async () => {
    const user = citizen();
    await user.say("ร้องเรียน");
    await user.tap("ยินยอม");
    await user.tap("ร้องทุกข์ทั่วไป");
    await user.tap("ไฟฟ้าส่องสว่าง");
    await user.say("ไฟถนนซอย 5 ดับมาหนึ่งสัปดาห์แล้ว");
    await user.tap("ข้าม");
    const messageId = newMessageId();
    line.double.setContent(messageId, PNG, "image/png");
    expect(textOf((await user.send({ type: "image", messageId })).at(-1))).toContain("ได้รับรูปที่ 1");
    await user.tap("เสร็จ");
    const code = codeIn(textOf((await user.tap("ยืนยัน")).at(-1)));
    const { json } = await admin(bot, "GET", `/complaints/${code}`);
    expect(json.photos).toHaveLength(1);
    const photo = await fetch(`${bot.url}${json.photos[0].url}`, {
      headers: { authorization: "Bearer test-admin-token-0123456789" },
    });
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect(photo.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(PNG);
  });

  it("handles a redelivered event once", async () => {
    const userId = newLineUserId();
    const event = bot.event(userId, { type: "text", text: "เมนู" });
    expect((await bot.postEvents([event])).status).toBe(200);
    await bot.settle();
    const redelivery = { ...event, deliveryContext: { isRedelivery: true } };
    expect((await bot.postEvents([redelivery])).status).toBe(200);
    expect((await bot.postEvents([redelivery])).status).toBe(200);
    await bot.settle();
    expect(await storedEvents()).toBe(1);
    expect(line.double.deliveries({ userId })).toHaveLength(1);
  });

  it("stores and answers 30 events of one webhook (writes chunked for D1's 100 bound parameters)", async () => {
    const userIds = Array.from({ length: 30 }, () => newLineUserId());
    const response = await bot.postEvents(userIds.map((u) => bot.event(u, { type: "text", text: "เมนู" })));
    expect(response.status).toBe(200);
    await bot.settle();
    expect(await storedEvents()).toBe(30);
    for (const userId of userIds) expect(line.double.deliveries({ userId })).toHaveLength(1);
  });

  it("acknowledges 40 concurrent webhooks, stores every event and answers each once", async () => {
    const userIds = Array.from({ length: 40 }, () => newLineUserId());
    const responses = await Promise.all(
      userIds.map((userId) => bot.send(userId, { type: "text", text: "เมนู" })),
    );
    expect(responses.map((r) => r.status)).toEqual(userIds.map(() => 200));
    await bot.settle();
    expect(await storedEvents()).toBe(40);
    for (const userId of userIds) expect(line.double.deliveries({ userId })).toHaveLength(1);
  });

  it("answers a bad signature with 401 and stores nothing", async () => {
    const userId = newLineUserId();
    const body = webhookBody([bot.event(userId, { type: "text", text: "เมนู" })]);
    expect((await bot.postRaw(body, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")).status).toBe(401);
    expect((await bot.postRaw(body, null)).status).toBe(401);
    await bot.settle();
    expect(await storedEvents()).toBe(0);
    expect(line.double.requests()).toEqual([]);
  });

  it("retries a push that failed twice with 500: it arrives once, with one retry key", async () => {
    const userId = newLineUserId();
    line.double.injectFault({ endpoint: "reply", kind: "invalidReplyToken", times: 1 });
    line.double.injectFault({ endpoint: "push", kind: "500", times: 2 });
    expect((await bot.send(userId, { type: "text", text: "เมนู" })).status).toBe(200);
    await bot.settle();
    for (let i = 0; i < 60 && line.double.deliveries({ userId }).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      await bot.tick();
    }
    const pushes = line.double.requests().filter((r) => r.path === "/v2/bot/message/push");
    expect(pushes.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(pushes.map((r) => r.retryKey)).size).toBe(1);
    expect(line.double.deliveries({ userId })).toHaveLength(1);
    expect(await bot.db.select({ status: outbox.status, attempts: outbox.attempts }).from(outbox)).toEqual([
      { status: "sent", attempts: 4 },
    ]);
  });

  it("sends the executives' digest on the minute's tick, once", async () => {
    const invite = await admin(bot, "POST", "/invites", { role: "executive" });
    expect(invite.status).toBe(201);
    const executive = citizen();
    expect(textOf((await executive.say(`ลงทะเบียน ${invite.json.code}`)).at(-1))).toContain("ลงทะเบียนสำเร็จ");
    const before = line.double.deliveries({ userId: executive.userId }).length;

    await bot.runReminders(DIGEST_DUE);
    const pushes = line.double.deliveries({ userId: executive.userId }).slice(before);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ kind: "push" });
    expect(textOf(pushes[0]?.messages[0])).toContain("ภาพรวม ปีงบประมาณ 2570");

    await bot.runReminders(DIGEST_DUE + 5 * 60_000);
    expect(line.double.deliveries({ userId: executive.userId }).slice(before)).toHaveLength(1);
  });
});

describe("the Worker build and D1", () => {
  it("bundles for workerd with no better-sqlite3 and no file system", async () => {
    const { code, inputs } = await bundleWorker();
    expect(inputs.filter((input) => /better-sqlite3|@hono\/node-server|croner/.test(input))).toEqual([]);
    expect(inputs.filter((input) => /src\/runtime\/(node|sqlite|folder-blob|backup)/.test(input))).toEqual(
      [],
    );
    expect(code).not.toContain("better-sqlite3");
    const imports = new Set(
      [...code.matchAll(/(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*"([^"]+)"/g)].map((m) => m[1]),
    );
    // Only what nodejs_compat provides and workerd's own module (Durable Objects), and no file system.
    for (const specifier of imports)
      expect(specifier).toMatch(/^((node:)?(buffer|stream|async_hooks|crypto)|cloudflare:workers)$/);
    expect(code).toMatch(
      /OrgProcessor = class extends DurableObject|class OrgProcessor extends DurableObject/,
    );
    expect(code).not.toMatch(/from\s*"(node:)?fs(\/promises)?"/);
  });

  it("wrangler.toml names the entry, the bindings, the migrations and the Cron Trigger", () => {
    const toml = readFileSync(WRANGLER_TOML, "utf8");
    expect(toml).toMatch(/^main = "src\/runtime\/worker\.ts"$/m);
    expect(toml).toMatch(/^compatibility_flags = \["nodejs_compat"\]$/m);
    expect(toml).toMatch(/binding = "DB"[\s\S]*migrations_dir = "migrations"/);
    expect(toml).toMatch(/\[\[r2_buckets\]\]\s*\nbinding = "BLOBS"/);
    expect(toml).toMatch(/\[triggers\]\s*\ncrons = \["\* \* \* \* \*"\]/);
  });

  // The outbox and the inbox insert their rows as one JSON parameter (src/db/json-rows.ts), checked
  // on D1 itself by the contract suite; the measures still go through drizzle's multi-row insert.
  it("keeps the measures' bulk insert within D1's 100 bound parameters (drizzle binds column defaults too)", () => {
    const sqlite = openSqlite(":memory:");
    try {
      const paramsOf = (statement: Statement) =>
        (queryOf(statement) as unknown as { toSQL(): { params: unknown[] } }).toSQL().params.length;
      const plans = Array.from({ length: 30 }, (_, i) => ({
        id: `m${i}`,
        fiscalYear: 2570,
        title: "มาตรการ",
        indicators: [1, 2],
        method: "วิธี",
        unitIds: ["u1", "u2", "u3"],
        startMonth: "2026-10",
        endMonth: "2027-09",
        kpi: "ร้อยละ 100",
        budget: 1000,
        status: "in_progress" as const,
        percent: 10,
        lastProgressAt: 1,
        createdAt: 1,
      }));
      const statements = insertMeasures(sqlite.db, plans);
      expect(statements.length).toBeGreaterThan(1);
      for (const statement of statements) expect(paramsOf(statement)).toBeLessThanOrEqual(100);
    } finally {
      sqlite.close();
    }
  });

  it("keeps the organisation id of the Node runtime", () => {
    expect(WORKER_ORG_ID).toBe(DEFAULT_ORG_ID);
  });

  it("refuses to start without LINE credentials, in one line (simulator mode is Node-only)", async () => {
    await expect(startLocalWorker({ env: {}, port: 0 })).rejects.toThrow(WorkerStartError);
    const run = promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/start-worker.ts"], {
      env: { PATH: process.env.PATH, CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    });
    const failure = await run.then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim()).toBe(SIMULATOR_IS_NODE_ONLY);

    // A Worker deployed without the secrets answers every request with that line.
    const mf = new Miniflare({
      modules: [
        { type: "ESModule", path: join(process.cwd(), "worker.js"), contents: (await bundleWorker()).code },
      ],
      compatibilityDate: "2026-04-01",
      compatibilityFlags: ["nodejs_compat"],
      d1Databases: { DB: "refuse" },
      r2Buckets: { BLOBS: "refuse" },
      cf: false,
    });
    try {
      const response = await mf.dispatchFetch("http://localhost/healthz");
      expect(response.status).toBe(500);
      expect((await response.text()).trim()).toBe(SIMULATOR_IS_NODE_ONLY);
    } finally {
      await mf.dispose();
    }
  });

  it("opens its port only once every migration is applied (a health check never races them)", async () => {
    const line = await startDouble();
    const stateDir = mkdtempSync(join(tmpdir(), "prongsai-worker-"));
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const migrations = readdirSync(join(process.cwd(), "migrations")).filter((name) => name.endsWith(".sql"));
    const starting = startLocalWorker({ env: testEnvironment(line), port, stateDir, cron: false });
    try {
      // Poll as `npm run bench` and deploy checks do, from the moment the start begins.
      let first: Response | undefined;
      for (let i = 0; i < 600 && !first; i++) {
        first = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        if (!first) await new Promise((r) => setTimeout(r, 10));
      }
      expect(first?.status).toBe(200);
      // Right after the first answer every table is there: the metrics read the newest one.
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
      const worker = await starting;
      const applied = await (await worker.d1())
        .prepare("SELECT count(*) AS n FROM d1_migrations")
        .first<{ n: number }>();
      expect(applied?.n).toBe(migrations.length);
      await worker.close();
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
      await line.close();
    }
  });

  it("applies the migrations once and keeps D1 between starts", async () => {
    const line = await startDouble();
    const stateDir = mkdtempSync(join(tmpdir(), "prongsai-worker-"));
    try {
      const env = testEnvironment(line);
      const first = await startLocalWorker({ env, port: 0, stateDir, cron: false });
      expect(first.migrated.length).toBeGreaterThan(0);
      const unit = await admin(first, "POST", "/units", { name: "กองสาธารณสุข" });
      expect(unit.status).toBe(201);
      await first.close();
      const second = await startLocalWorker({ env, port: 0, stateDir, cron: false });
      try {
        expect(second.migrated).toEqual([]);
        const units = await admin(second, "GET", "/units");
        expect(units.json.items.map((u: { name: string }) => u.name)).toContain("กองสาธารณสุข");
      } finally {
        await second.close();
      }
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
      await line.close();
    }
  });
});
