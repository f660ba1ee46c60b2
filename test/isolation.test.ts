/**
 * Two organisations, A and B, served by one deployment: nothing of one ever reaches the other. Each
 * gets the same life through its own LINE channel and admin API — a complaint, staff and an executive
 * registered by invite, an imported measure with progress and a photo, an ITA result, EIT answers,
 * a status change, reminders — and then everything A can be asked for (every GET route of its app,
 * enumerated from the app itself, with its own ids and with B's; its transparency page; its reports,
 * unzipped; the report links its chat hands out; its reminders run; every chat message its users got)
 * is searched for B's distinctive strings, tracking codes, ids and LINE user ids, and the other way
 * round.
 */

import { count } from "drizzle-orm";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complaints, inboxEvents, measureProgress, organizations, users } from "../src/db/schema";
import { newLineUserId, newMessageId, webhookBody } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { startTestBot, type TestBot } from "./support/bot";
import { actionsOf, type ChatUser, chatUser, JPEG, PNG, textOf } from "./support/chat";
import { createTestClock } from "./support/clock";
import { type RunningDouble, startDouble } from "./support/double";
import { createOrg, orgAdminApi, orgBot, type TestOrg, tenantOf } from "./support/platform";

/** Thursday 3 December 2026, 10:00 in Bangkok: fiscal year 2570. */
const NOW = Date.parse("2026-12-03T10:00:00+07:00");
const FISCAL_YEAR = "2570";
/** Monday 7 December 2026, after the digest (08:30) and the nudge (09:00). */
const REMINDERS_AT = "2026-12-07T09:05:00+07:00";

interface OrgPlan extends TestOrg {
  track: "ร้องทุกข์ทั่วไป" | "ร้องเรียนการทุจริต";
  /** Strings only this organisation's data contains. */
  description: string;
  address: string;
  unit: string;
  measureTitle: string;
  measureMethod: string;
  progressText: string;
  suggestion: string;
  statusNote: string;
  staffName: string;
  executiveName: string;
}

const PLAN_A: OrgPlan = {
  id: "abt-alpha",
  name: "องค์การบริหารส่วนตำบลอัลฟา",
  channelSecret: "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
  adminToken: "alpha-admin-token-0123456789",
  track: "ร้องทุกข์ทั่วไป",
  description: "เรื่องของ A ท่อระบายน้ำหน้าโรงเรียนอัลฟาอุดตัน น้ำท่วมขังทุกครั้งที่ฝนตก",
  address: "ซอยอัลฟาพัฒนา 9",
  unit: "กองสาธารณสุขอัลฟา",
  measureTitle: "มาตรการของ A เปิดเผยสัญญาจัดซื้อจัดจ้างอัลฟาทุกฉบับ",
  measureMethod: "วิธีของ A ประกาศบนเว็บไซต์อัลฟาภายในสามวัน",
  progressText: "ความคืบหน้าของ A ติดประกาศที่ศาลาอัลฟาแล้ว",
  suggestion: "ข้อเสนอของ A เพิ่มป้ายที่ตลาดอัลฟา",
  statusNote: "บันทึกของ A ส่งช่างอัลฟาออกตรวจแล้ว",
  staffName: "สมชาย อัลฟาช่าง",
  executiveName: "นายกอัลฟา ใจดี",
};

const PLAN_B: OrgPlan = {
  id: "tt-beta",
  name: "เทศบาลตำบลเบตา",
  channelSecret: "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2",
  adminToken: "beta-admin-token-0123456789",
  // The other track, so the two organisations' tracking codes differ (R… and C…): each numbers its own.
  track: "ร้องเรียนการทุจริต",
  description: "เรื่องของ B เจ้าหน้าที่เบตาเรียกรับเงินสามพันบาทเพื่อเร่งใบอนุญาตก่อสร้าง",
  address: "ถนนเบตาสัมพันธ์ 4",
  unit: "กองสวัสดิการเบตา",
  measureTitle: "มาตรการของ B อบรมจริยธรรมเจ้าหน้าที่เบตาทุกไตรมาส",
  measureMethod: "วิธีของ B จัดอบรมที่หอประชุมเบตา",
  progressText: "ความคืบหน้าของ B อบรมรุ่นแรกที่เบตาแล้ว",
  suggestion: "ข้อเสนอของ B เชิญวิทยากรจากเบตา",
  statusNote: "บันทึกของ B ตั้งกรรมการสอบข้อเท็จจริงเบตาแล้ว",
  staffName: "สมหญิง เบตาคลัง",
  executiveName: "นายกเบตา มั่นคง",
};

/** Everything one organisation produced, and what it was asked for. */
interface World {
  plan: OrgPlan;
  bot: TestBot;
  citizen: ChatUser;
  staff: ChatUser;
  executive: ChatUser;
  trackingCode: string;
  inviteCodes: string[];
  unitId: string;
  measureId: string;
  complaintPhotoId: string;
  measurePhotoId: string;
  progressEntryId: string;
  /** Every answer and message seen, with where it came from. */
  outputs: Array<{ where: string; text: string }>;
}

let line: RunningDouble;
let bot: TestBot;
const clock = createTestClock();
clock.advance(NOW - clock.now());
let A: World;
let B: World;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const decoder = new TextDecoder();

/** A response as searchable text: JSON, HTML or SVG as is; a .docx/.xlsx unzipped, XML and its bare text. */
async function readable(response: Response): Promise<string> {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("openxmlformats")) return response.text();
  const entries = unzipSync(new Uint8Array(await response.arrayBuffer()));
  const xml = Object.values(entries)
    .map((bytes) => decoder.decode(bytes))
    .join("\n");
  // Word and Excel may split a sentence into runs: search the text without tags too.
  return `${xml}\n${xml.replace(/<[^>]+>/g, "")}`;
}

async function request(world: World, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${bot.url}/o/${world.plan.id}${path}`, {
    ...init,
    redirect: "manual",
    headers: { authorization: `Bearer ${world.plan.adminToken}`, ...init.headers },
  });
}

async function admin(world: World, method: string, path: string, body?: unknown) {
  const answer = await orgAdminApi(bot, world.plan, method, path, body);
  world.outputs.push({ where: `${method} /api/admin${path}`, text: JSON.stringify(answer.json) });
  return answer;
}

async function sendPhoto(user: ChatUser, bytes: Uint8Array, type: string) {
  const messageId = newMessageId();
  line.double.setContent(messageId, bytes, type);
  return user.send({ type: "image", messageId });
}

async function register(
  world: Omit<World, "staff" | "executive">,
  name: string,
  role: string,
  unitId?: string,
) {
  const invite = await admin(world as World, "POST", "/invites", { role, ...(unitId ? { unitId } : {}) });
  expect(invite.status).toBe(201);
  world.inviteCodes.push(invite.json.code);
  const userId = newLineUserId();
  line.double.setProfile(userId, { displayName: name });
  const member = chatUser(world.bot, line, userId);
  const welcome = await member.say(`ลงทะเบียน ${invite.json.code}`);
  expect(textOf(welcome[0])).toContain("ลงทะเบียนสำเร็จ");
  expect(textOf(welcome[0])).toContain(world.plan.name);
  return member;
}

/** One organisation's life, all through its own webhook and admin API. */
async function live(plan: OrgPlan): Promise<World> {
  await createOrg(bot, plan);
  const orgTestBot = await orgBot(bot, plan);
  const world = {
    plan,
    bot: orgTestBot,
    citizen: chatUser(orgTestBot, line, newLineUserId()),
    inviteCodes: [] as string[],
    outputs: [] as World["outputs"],
  } as unknown as World;

  const unit = await admin(world, "POST", "/units", { name: plan.unit });
  expect(unit.status).toBe(201);
  world.unitId = unit.json.id;
  const units = (await admin(world, "GET", "/units")).json.items as Array<{ id: string; name: string }>;
  const roads = units.find((u) => u.name === "กองช่าง")?.id as string;
  world.staff = await register(world, plan.staffName, "staff", roads);
  world.executive = await register(world, plan.executiveName, "executive");
  // An integrity officer receives corruption complaints; one more invite stays open.
  await register(world, `ผู้ตรวจ ${plan.staffName}`, "integrity");
  world.inviteCodes.push((await admin(world, "POST", "/invites", { role: "admin" })).json.code);

  const imported = await admin(world, "POST", "/measures/import", {
    measures: [
      {
        fiscalYear: Number(FISCAL_YEAR),
        title: plan.measureTitle,
        indicators: [2, 9],
        method: plan.measureMethod,
        unitNames: ["กองช่าง", plan.unit],
        startMonth: "2026-10",
        endMonth: "2026-11",
        kpi: "ร้อยละ 100",
        budget: 0,
      },
    ],
  });
  expect(imported).toMatchObject({ status: 200, json: { imported: 1 } });
  const measures = await admin(world, "GET", `/measures?fiscalYear=${FISCAL_YEAR}`);
  world.measureId = measures.json.items[0].id;

  const drive = await admin(world, "PUT", "/settings/eit-drive", {
    url: `https://itas.nacc.go.th/go/eit/${plan.id}`,
    startDate: "2027-05-01",
    endDate: "2027-06-30",
  });
  expect(drive.status).toBe(200);
  const ita = await admin(world, "POST", "/ita-results", {
    fiscalYear: 2569,
    total: plan === PLAN_A ? 71.25 : 88.5,
    indicators: Array.from({ length: 10 }, (_, i) => ({ indicator: i + 1, score: 60 + i * 3 })),
  });
  expect(ita.status).toBe(201);

  // The citizen files a complaint with a place and a photo.
  const { citizen } = world;
  await citizen.say("ร้องเรียน");
  await citizen.tap("ยินยอม");
  await citizen.tap(plan.track);
  if (plan.track === "ร้องทุกข์ทั่วไป") await citizen.tap("ถนน/ทางเท้า");
  await citizen.say(plan.description);
  await citizen.send({ type: "location", latitude: 14.1, longitude: 100.6, address: plan.address });
  await sendPhoto(citizen, JPEG, "image/jpeg");
  await citizen.tap("เสร็จ");
  if (plan.track === "ร้องเรียนการทุจริต") await citizen.tap("เปิดเผยตัวตน");
  const receipt = await citizen.tap("ยืนยัน");
  world.trackingCode = /[RC]\d{4}-\d{5}/.exec(textOf(receipt.at(-1)))?.[0] as string;
  expect(world.trackingCode).toBeDefined();
  const complaint = await admin(world, "GET", `/complaints/${world.trackingCode}`);
  expect(complaint.json.description).toBe(plan.description);
  world.complaintPhotoId = complaint.json.photos[0].id;
  const changed = await admin(world, "POST", `/complaints/${world.trackingCode}/status`, {
    status: "in_progress",
    note: plan.statusNote,
  });
  expect(changed.status).toBe(200);
  await world.bot.settle();
  await citizen.say("ติดตามเรื่อง");
  await citizen.say(`ติดตามเรื่อง ${world.trackingCode}`);

  // The staff member logs progress on the measure, with an evidence photo.
  const { staff } = world;
  await staff.say("มาตรการ");
  await staff.send({ type: "postback", data: `a=measure&id=${world.measureId}` });
  await staff.say(plan.progressText);
  await staff.tap("วันนี้");
  await staff.tap("50%");
  await staff.tap("กำลังดำเนินการ");
  await sendPhoto(staff, PNG, "image/png");
  await staff.tap("เสร็จ");
  await staff.say(plan.suggestion);
  const saved = await staff.tap("ยืนยัน");
  expect(textOf(saved[0])).toContain("บันทึกความก้าวหน้าแล้ว");
  await staff.say("งานร้องเรียน");
  const measure = await admin(world, "GET", `/measures/${world.measureId}`);
  world.measurePhotoId = measure.json.progress[0].photos[0].id;
  world.progressEntryId = measure.json.progress[0].id;

  // The EIT pulse survey.
  await citizen.say("ประเมิน");
  for (let i = 1; i <= 9; i++) await citizen.tap(citizen.labels().includes("มาก") ? "มาก" : "เคย");
  expect(citizen.lastText()).toContain(FISCAL_YEAR);

  // The executive's overview, and the report links the chat hands out.
  await world.executive.say("ภาพรวม");
  await world.executive.say("เมนู");
  return world;
}

beforeAll(async () => {
  line = await startDouble();
  bot = await startTestBot(line, { platform: true, clock });
  A = await live(PLAN_A);
  B = await live(PLAN_B);
}, 120_000);

afterAll(async () => {
  await bot?.close();
  expect(line.double.invalidRequests()).toEqual([]);
  await line?.close();
});

/** What marks an organisation's data: its distinctive strings, tracking code, invite codes and users. */
function markersOf(world: World): string[] {
  const { plan } = world;
  return [
    plan.name,
    plan.description,
    plan.address,
    plan.unit,
    plan.measureTitle,
    plan.measureMethod,
    plan.progressText,
    plan.suggestion,
    plan.statusNote,
    plan.staffName,
    plan.executiveName,
    `https://itas.nacc.go.th/go/eit/${plan.id}`,
    world.trackingCode,
    ...world.inviteCodes,
    world.citizen.userId,
    world.staff.userId,
    world.executive.userId,
    world.unitId,
    world.measureId,
    world.complaintPhotoId,
    world.measurePhotoId,
  ];
}

/** The GET routes of an organisation's app, from the app itself (the console and signed links aside). */
async function getRoutes(world: World): Promise<string[]> {
  const tenant = await tenantOf(bot, world.plan);
  const paths = tenant.built.app.routes
    .filter((route) => route.method === "GET")
    .map((route) => route.path)
    .filter((path) => !/^\/(admin|r|simulator)(\/|$)/.test(path));
  return [...new Set(paths)].sort();
}

/** A realistic value for a route parameter, from `world`'s data. A new kind of parameter must be added here. */
function param(world: World, path: string, name: string): string {
  if (name === "code") return world.trackingCode;
  if (name === "entryId") return world.progressEntryId;
  if (name === "fiscalYear") return "2569";
  if (name === "lineUserId") return world.citizen.userId;
  if (name === "id" && path.includes("/measure-photos/")) return world.measurePhotoId;
  if (name === "id" && path.includes("/measures/")) return world.measureId;
  if (name === "id" && path.includes("/photos/")) return world.complaintPhotoId;
  throw new Error(`no realistic value for :${name} of GET ${path}: add one to param() in this test`);
}

/** Every GET route of `world`'s app, its parameters filled from `from` (its own data, or the other's). */
async function askEverything(world: World, from: World) {
  const answers: Array<{ path: string; status: number; text: string }> = [];
  for (const route of await getRoutes(world)) {
    const path = route.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(param(from, route, name)));
    // The ITA result on record is last year's (the year the analysis reads); everything else is this year's.
    const year = route.includes("ita-analysis") ? "2569" : FISCAL_YEAR;
    const response = await request(world, `${path}?fiscalYear=${year}`);
    const text = await readable(response);
    answers.push({ path: route, status: response.status, text });
    world.outputs.push({ where: `GET ${path} (with ${from.plan.id}'s ids)`, text });
  }
  return answers;
}

/** The report links an executive or admin gets in chat for `รายงาน`. */
async function reportLinks(world: World): Promise<URL[]> {
  const answer = await world.executive.say("รายงาน");
  world.outputs.push({ where: "chat รายงาน", text: JSON.stringify(answer) });
  return actionsOf(answer[0]).flatMap((a) => (a.type === "uri" ? [new URL((a as { uri: string }).uri)] : []));
}

const local = (url: URL) => `${bot.url}${url.pathname}${url.search}`;

function leaks(world: World, other: World): string[] {
  const markers = markersOf(other);
  const otherUuids = new Set(other.outputs.flatMap((o) => o.text.match(UUID) ?? []));
  const found: string[] = [];
  for (const output of world.outputs) {
    for (const marker of markers) if (output.text.includes(marker)) found.push(`${output.where}: ${marker}`);
    for (const id of output.text.match(UUID) ?? [])
      if (otherUuids.has(id)) found.push(`${output.where}: ${other.plan.id}'s id ${id}`);
  }
  return found;
}

describe("isolation between organisations", () => {
  it("each organisation's data is in its own database, none in the default one", async () => {
    for (const world of [A, B]) {
      const tenant = await tenantOf(bot, world.plan);
      expect((await tenant.deps.db.select({ n: count() }).from(complaints).get())?.n).toBe(1);
      expect((await tenant.deps.db.select({ n: count() }).from(measureProgress).get())?.n).toBe(1);
      // The database knows one organisation: its own (its profile row; no row carries an organisation).
      const profile = await tenant.deps.db.select({ id: organizations.id }).from(organizations).all();
      expect(profile).toEqual([{ id: world.plan.id }]);
    }
    expect((await bot.deps.db.select({ n: count() }).from(complaints).get())?.n).toBe(0);
    expect((await bot.deps.db.select({ n: count() }).from(users).get())?.n).toBe(0);
    expect(A.trackingCode).toMatch(/^R2570-00001$/);
    expect(B.trackingCode).toMatch(/^C2570-00001$/);
  });

  it("covers every GET route of an organisation's app, with realistic parameters", async () => {
    const routes = await getRoutes(A);
    // The enumeration is the app's own: whatever route is added is asked below.
    for (const known of [
      "/api/admin/complaints",
      "/api/admin/complaints/:code",
      "/api/admin/photos/:id",
      "/api/admin/measures/:id",
      "/api/admin/measure-photos/:id",
      "/api/admin/reports/measures.docx",
      "/api/admin/reports/complaints.xlsx",
      "/api/admin/eit/summary",
      "/api/admin/ita-results/:fiscalYear/analysis",
      "/api/admin/privacy/users/:lineUserId",
      "/api/admin/overview",
      "/api/admin/delivery",
      "/transparency",
    ]) {
      expect(routes).toContain(known);
    }
    expect(routes).toEqual(await getRoutes(B));
    for (const [world, other] of [
      [A, B],
      [B, A],
    ] as const) {
      const own = await askEverything(world, world);
      for (const answer of own) {
        // `/` redirects to the health check; everything else answers with the organisation's data.
        expect(answer.status, `GET ${answer.path} in ${world.plan.id}`).toBe(answer.path === "/" ? 302 : 200);
      }
      const crossed = await askEverything(world, other);
      for (const answer of crossed) {
        if (/:(code|id|lineUserId)\b/.test(answer.path)) {
          // The other organisation's ids name nothing here.
          expect(answer.status, `GET ${answer.path} in ${world.plan.id} with ${other.plan.id}'s id`).toBe(
            404,
          );
        }
      }
    }
  });

  it("the reports, transparency page and report links carry the organisation's own data only", async () => {
    for (const [world, other] of [
      [A, B],
      [B, A],
    ] as const) {
      const docx = await readable(
        await request(world, `/api/admin/reports/measures.docx?fiscalYear=${FISCAL_YEAR}`),
      );
      expect(docx).toContain(world.plan.measureTitle);
      expect(docx).toContain(world.plan.progressText);
      expect(docx).not.toContain(other.plan.measureTitle);
      const xlsx = await readable(
        await request(world, `/api/admin/reports/complaints.xlsx?fiscalYear=${FISCAL_YEAR}`),
      );
      expect(xlsx).toContain(world.plan.name);
      expect(xlsx).not.toContain(other.plan.name);
      const page = await (await fetch(`${bot.url}/o/${world.plan.id}/transparency`)).text();
      expect(page).toContain(world.plan.name);
      expect(page).toContain(world.plan.measureTitle);
      world.outputs.push({ where: "transparency", text: page });

      const links = await reportLinks(world);
      expect(links).toHaveLength(5);
      for (const link of links) {
        expect(link.pathname.startsWith(`/o/${world.plan.id}/r/reports/`)).toBe(true);
        const response = await fetch(local(link));
        expect(response.status).toBe(200);
        world.outputs.push({ where: `report link ${link.pathname}`, text: await readable(response) });
        // The same signed link under the other organisation is refused: its key is that organisation's.
        const replayed = new URL(link);
        replayed.pathname = link.pathname.replace(`/o/${world.plan.id}/`, `/o/${other.plan.id}/`);
        expect((await fetch(local(replayed))).status).toBe(403);
      }
    }
  });

  it("reminders go to the organisation's own people with its own numbers", async () => {
    for (const world of [A, B]) {
      const run = await admin(world, "POST", `/reminders/run?at=${encodeURIComponent(REMINDERS_AT)}`);
      expect(run.status).toBe(200);
      await bot.settle();
      const recipients = (run.json.sent as Array<{ to: string; kind: string }>).map((s) => s.to);
      expect(recipients).toContain(world.executive.userId);
      expect(recipients).toContain(world.staff.userId);
      const own = new Set([world.executive.userId, world.staff.userId, world.citizen.userId]);
      const tenant = await tenantOf(bot, world.plan);
      const people = new Set((await tenant.deps.db.select().from(users).all()).map((u) => u.lineUserId));
      for (const to of recipients) expect(own.has(to) || people.has(to)).toBe(true);
    }
  });

  it("a webhook signed with A's secret posted to B's webhook is refused and stores nothing", async () => {
    const tenantB = await tenantOf(bot, B.plan);
    const before = (await tenantB.deps.db.select({ n: count() }).from(inboxEvents).get())?.n;
    const intruder = newLineUserId();
    const body = webhookBody([bot.event(intruder, { type: "text", text: "ติดตามเรื่อง" })]);
    const misrouted = await (await orgBot(bot, { ...B.plan, channelSecret: A.plan.channelSecret })).postRaw(
      body,
    );
    expect(misrouted.status).toBe(401);
    await bot.settle();
    expect((await tenantB.deps.db.select({ n: count() }).from(inboxEvents).get())?.n).toBe(before);
    expect(line.double.messagesFor(intruder)).toEqual([]);
    // A's admin token opens nothing of B's.
    expect(
      (
        await fetch(`${bot.url}/o/${B.plan.id}/api/admin/complaints`, {
          headers: { authorization: `Bearer ${A.plan.adminToken}` },
        })
      ).status,
    ).toBe(401);
  });

  it("every write route that names a record refuses the other organisation's ids and changes nothing", async () => {
    const tenant = await tenantOf(bot, A.plan);
    const writes = tenant.built.app.routes
      .filter((route) => route.method !== "GET" && route.method !== "ALL" && route.path.includes("/:"))
      .filter((route) => !/^\/(admin|r|simulator|webhook)(\/|$)/.test(route.path))
      .map((route) => `${route.method} ${route.path}`);
    // A date or a fiscal year names no organisation's record: the same value is every organisation's own.
    const NOT_IDS = new Set([
      "DELETE /api/admin/holidays/:date",
      "POST /api/admin/ita-results/:fiscalYear/adopt",
    ]);
    for (const [world, other] of [
      [A, B],
      [B, A],
    ] as const) {
      const theirs = {
        category: (await admin(other, "GET", "/categories")).json.items[0],
        template: (await admin(other, "GET", "/measure-templates")).json.items[0],
      };
      expect(theirs.category?.id).toBeTruthy();
      expect(theirs.template?.id).toBeTruthy();
      /** The other organisation's id for a route's parameter, and a body the route would accept. */
      const attempt = (route: string): { path: string; body: unknown } => {
        if (route === "POST /api/admin/complaints/:code/status") {
          return {
            path: `/complaints/${other.trackingCode}/status`,
            body: { status: "rejected", note: "ปิดจากอีกองค์กร" },
          };
        }
        if (route === "PATCH /api/admin/categories/:id") {
          return { path: `/categories/${theirs.category.id}`, body: { name: "หมวดที่ถูกแก้จากอีกองค์กร" } };
        }
        if (route === "PATCH /api/admin/measure-templates/:id") {
          return { path: `/measure-templates/${theirs.template.id}`, body: { title: "แก้จากอีกองค์กร" } };
        }
        if (route.endsWith(" /api/admin/measures/:id/progress/:entryId")) {
          return {
            path: `/measures/${other.measureId}/progress/${other.progressEntryId}`,
            body: { percent: 10 },
          };
        }
        if (route === "PATCH /api/admin/measures/:id") {
          return { path: `/measures/${other.measureId}`, body: { title: "แก้จากอีกองค์กร" } };
        }
        if (route === "DELETE /api/admin/measures/:id") {
          return { path: `/measures/${other.measureId}`, body: undefined };
        }
        throw new Error(`no attempt with another organisation's id for ${route}: add one to this test`);
      };
      for (const route of writes) {
        if (NOT_IDS.has(route)) continue;
        const { path, body } = attempt(route);
        const method = route.split(" ")[0] as string;
        const answer = await admin(world, method, path, body);
        expect(answer.status, `${route} in ${world.plan.id} with ${other.plan.id}'s id`).toBe(404);
      }
      // The other organisation's records are as they were.
      expect((await admin(other, "GET", `/complaints/${other.trackingCode}`)).json.status).not.toBe(
        "rejected",
      );
      const categories = (await admin(other, "GET", "/categories")).json.items;
      expect(categories.find((c: { id: string }) => c.id === theirs.category.id)?.name).toBe(
        theirs.category.name,
      );
      const measure = (await admin(other, "GET", `/measures/${other.measureId}`)).json;
      expect(measure).toMatchObject({ title: other.plan.measureTitle, archivedAt: null });
      const templates = (await admin(other, "GET", "/measure-templates")).json.items;
      expect(templates.find((t: { id: string }) => t.id === theirs.template.id)?.title).toBe(
        theirs.template.title,
      );
    }
    expect(writes.length).toBeGreaterThanOrEqual(5);
  });

  it("no answer, report, page, reminder or chat message of one organisation contains the other's data", async () => {
    for (const world of [A, B]) {
      for (const user of [world.citizen, world.staff, world.executive]) {
        world.outputs.push({
          where: `chat of ${user.userId}`,
          text: JSON.stringify(line.double.messagesFor(user.userId)),
        });
      }
    }
    // The tests above filled the outputs; every marker of each organisation shows up in its own.
    for (const world of [A, B]) {
      const all = world.outputs.map((o) => o.text).join("\n");
      // (An executive's LINE name is kept but shown nowhere: it is only searched for in the other's.)
      const missing = markersOf(world).filter(
        (marker) => marker !== world.plan.executiveName && !all.includes(marker),
      );
      expect(missing, `${world.plan.id}'s own outputs`).toEqual([]);
      expect(world.outputs.length).toBeGreaterThan(80);
    }
    expect(leaks(A, B)).toEqual([]);
    expect(leaks(B, A)).toEqual([]);

    // The default organisation sees neither.
    const defaults: string[] = [];
    for (const path of ["/complaints", "/measures", "/units", "/overview", "/eit/summary"]) {
      defaults.push(JSON.stringify((await adminApi(bot, "GET", path)).json));
    }
    defaults.push(await (await fetch(`${bot.url}/transparency`)).text());
    const text = defaults.join("\n");
    for (const marker of [...markersOf(A), ...markersOf(B)]) expect(text).not.toContain(marker);
  });
});
