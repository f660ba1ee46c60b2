/**
 * Tenant isolation through `createPlatform`, on both runtimes: the Node server (a SQLite file per
 * organisation) and the Worker in workerd (a D1 database per organisation). Two organisations, A and
 * B, each file a complaint with a photo through their own signed webhook (`/webhook/:org`) and get an
 * executive by invite; then every surface an organisation has — its admin API, its console (sign-in
 * included), its transparency page, its reports, its metrics and the signed links its chat hands out
 * — is asked with A's credentials and links: it shows A's data only, B's ids name nothing there, and
 * nothing of A's reaches B or the default organisation, whose own credentials open neither.
 *
 * test/isolation.test.ts goes through every route on Node alone; this suite takes the surfaces that
 * matter and runs them on both runtimes, the consoles included.
 */
import { count } from "drizzle-orm";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complaints } from "../src/db/schema";
import { fiscalYearOf } from "../src/domain/thai-time";
import { newLineUserId, newMessageId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import type { TestBot } from "./support/bot";
import { actionsOf, type ChatUser, chatUser, JPEG, textOf } from "./support/chat";
import {
  addressesOf,
  type ConsoleBrowser,
  consoleBrowser,
  csrfOf,
  signedInConsole,
} from "./support/console-forms";
import { type RunningDouble, startDouble } from "./support/double";
import {
  consoleRootOf,
  createOrg,
  ORG_A,
  ORG_B,
  orgAdminApi,
  orgBot,
  signedInOrgConsole,
  type TestOrg,
} from "./support/platform";
import { type BotUnderTest, startNodeUnderTest, startTestWorker } from "./support/worker";

interface OrgPlan extends TestOrg {
  track: "ร้องทุกข์ทั่วไป" | "ร้องเรียนการทุจริต";
  /** Counted in `prongsai_complaints_filed_total` under this label. */
  metricTrack: "general" | "corruption";
  /** Strings only this organisation's data contains. */
  description: string;
  unit: string;
}

const A: OrgPlan = {
  ...ORG_A,
  track: "ร้องทุกข์ทั่วไป",
  metricTrack: "general",
  description: "เรื่องของ A ท่อระบายน้ำหน้าโรงเรียนอัลฟาอุดตัน น้ำท่วมขังทุกครั้งที่ฝนตก",
  unit: "กองสาธารณสุขอัลฟา",
};

const B: OrgPlan = {
  ...ORG_B,
  // The other track, so the two tracking codes differ (R… and C…): each organisation numbers its own.
  track: "ร้องเรียนการทุจริต",
  metricTrack: "corruption",
  description: "เรื่องของ B เจ้าหน้าที่เบตาเรียกรับเงินสามพันบาทเพื่อเร่งใบอนุญาตก่อสร้าง",
  unit: "กองสวัสดิการเบตา",
};

/** What one organisation made, and its console signed in. */
interface World {
  plan: OrgPlan;
  root: string;
  citizen: ChatUser;
  executive: ChatUser;
  /** Works the complaint: a staff member of its unit (general), an integrity officer (corruption). */
  handler: ChatUser;
  trackingCode: string;
  photoId: string;
  console: ConsoleBrowser;
}

const runtimes = [
  { name: "node", start: startNodeUnderTest },
  { name: "worker", start: startTestWorker },
] as const;

const decoder = new TextDecoder();

/** A response as searchable text: HTML or JSON as is; a .docx/.xlsx unzipped, XML and its bare text. */
async function readable(response: Response): Promise<string> {
  const type = response.headers.get("content-type") ?? "";
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!type.includes("openxmlformats")) return decoder.decode(bytes);
  const xml = Object.values(unzipSync(bytes))
    .map((entry) => decoder.decode(entry))
    .join("\n");
  return `${xml}\n${xml.replace(/<[^>]+>/g, "")}`;
}

/** What marks an organisation's data. */
const markersOf = (world: World) => [
  world.plan.name,
  world.plan.description,
  world.plan.unit,
  world.trackingCode,
  world.photoId,
  world.citizen.userId,
];

describe.each(runtimes)("isolation between organisations on $name", ({ start }) => {
  let line: RunningDouble;
  let bot: BotUnderTest;
  let a: World;
  let b: World;
  /** Everything the tests below saw through each organisation, to search for the other's markers. */
  const seen = new Map<string, Array<{ where: string; text: string }>>();
  const saw = (world: World, where: string, text: string) => seen.get(world.plan.id)?.push({ where, text });
  const url = (path: string) => `${bot.url}${path}`;

  /** One organisation's life: its unit, a complaint with a photo and an executive, all its own. */
  async function live(plan: OrgPlan): Promise<World> {
    await createOrg(bot, plan);
    const own = (await orgBot(bot, plan)) as unknown as TestBot;
    const unit = await orgAdminApi(bot, plan, "POST", "/units", { name: plan.unit });
    expect(unit.status).toBe(201);

    const citizen = chatUser(own, line, newLineUserId());
    await citizen.say("ร้องเรียน");
    await citizen.tap("ยินยอม");
    await citizen.tap(plan.track);
    if (plan.track === "ร้องทุกข์ทั่วไป") await citizen.tap("ถนน/ทางเท้า");
    await citizen.say(plan.description);
    await citizen.tap("ข้าม");
    const messageId = newMessageId();
    line.double.setContent(messageId, JPEG, "image/jpeg");
    await citizen.send({ type: "image", messageId });
    await citizen.tap("เสร็จ");
    if (plan.track === "ร้องเรียนการทุจริต") await citizen.tap("เปิดเผยตัวตน");
    const receipt = await citizen.tap("ยืนยัน");
    const trackingCode = /[RC]\d{4}-\d{5}/.exec(textOf(receipt.at(-1)))?.[0] ?? "";
    expect(trackingCode).not.toBe("");
    const filed = await orgAdminApi(bot, plan, "GET", `/complaints/${trackingCode}`);
    expect(filed.json.description).toBe(plan.description);

    const units = (await orgAdminApi(bot, plan, "GET", "/units")).json.items as Array<{
      id: string;
      name: string;
    }>;
    const roads = units.find((u) => u.name === "กองช่าง")?.id;
    const register = async (invite: Record<string, unknown>) => {
      const made = await orgAdminApi(bot, plan, "POST", "/invites", invite);
      expect(made.status).toBe(201);
      const member = chatUser(own, line, newLineUserId());
      expect(textOf((await member.say(`ลงทะเบียน ${made.json.code}`))[0])).toContain(plan.name);
      return member;
    };
    const executive = await register({ role: "executive" });
    const handler = await register(
      plan.track === "ร้องทุกข์ทั่วไป" ? { role: "staff", unitId: roads } : { role: "integrity" },
    );

    const world: World = {
      plan,
      root: consoleRootOf(plan),
      citizen,
      executive,
      handler,
      trackingCode,
      photoId: filed.json.photos[0].id,
      console: await signedInOrgConsole(bot, plan),
    };
    seen.set(plan.id, [{ where: "GET /api/admin/complaints/:code", text: JSON.stringify(filed.json) }]);
    return world;
  }

  beforeAll(async () => {
    line = await startDouble();
    bot = await start(line, { platform: { orgs: [A.id, B.id] } });
    a = await live(A);
    b = await live(B);
  }, 180_000);

  afterAll(async () => {
    await bot?.close();
    expect(line.double.invalidRequests()).toEqual([]);
    await line?.close();
  });

  const pairs = () =>
    [
      [a, b],
      [b, a],
    ] as const;

  it("keeps each organisation's complaint in its own database, none in the default one", async () => {
    for (const world of [a, b]) {
      const db = await bot.orgDb(world.plan.id);
      expect((await db.select({ n: count() }).from(complaints).get())?.n).toBe(1);
    }
    expect((await bot.db.select({ n: count() }).from(complaints).get())?.n).toBe(0);
    expect(a.trackingCode).toMatch(/^R\d{4}-00001$/);
    expect(b.trackingCode).toMatch(/^C\d{4}-00001$/);
  });

  it("admin API: each token opens its own organisation only, and the other's ids name nothing", async () => {
    for (const [world, other] of pairs()) {
      const theirs = (path: string, token: string) =>
        fetch(url(`/o/${other.plan.id}/api/admin${path}`), { headers: { authorization: `Bearer ${token}` } });
      expect((await theirs("/complaints", world.plan.adminToken)).status).toBe(401);
      const defaultWith = await fetch(url("/api/admin/complaints"), {
        headers: { authorization: `Bearer ${world.plan.adminToken}` },
      });
      expect(defaultWith.status).toBe(401);

      const list = await orgAdminApi(bot, world.plan, "GET", "/complaints");
      expect(list.json.items.map((c: { trackingCode: string }) => c.trackingCode)).toEqual([
        world.trackingCode,
      ]);
      saw(world, "GET /api/admin/complaints", JSON.stringify(list.json));
      expect((await orgAdminApi(bot, world.plan, "GET", `/complaints/${other.trackingCode}`)).status).toBe(
        404,
      );
      const photo = await fetch(url(`/o/${world.plan.id}/api/admin/photos/${other.photoId}`), {
        headers: { authorization: `Bearer ${world.plan.adminToken}` },
      });
      expect(photo.status).toBe(404);
      const moved = await orgAdminApi(bot, world.plan, "POST", `/complaints/${other.trackingCode}/status`, {
        status: "rejected",
        note: "ปิดจากอีกองค์กร",
      });
      expect(moved.status).toBe(404);
    }
    // The default organisation's token opens neither, and its own API has neither's complaint.
    for (const world of [a, b]) {
      expect(
        (
          await orgAdminApi(
            bot,
            { ...world.plan, adminToken: "test-admin-token-0123456789" },
            "GET",
            "/units",
          )
        ).status,
      ).toBe(401);
    }
    expect((await adminApi(bot, "GET", "/complaints")).json.items).toEqual([]);
    for (const world of [a, b]) {
      expect(
        (await orgAdminApi(bot, world.plan, "GET", `/complaints/${world.trackingCode}`)).json.status,
      ).toBe("received");
    }
  });

  it("console: signs in with the organisation's token, shows its data only, every address under its prefix", async () => {
    for (const [world, other] of pairs()) {
      const pages = [
        world.root,
        `${world.root}/complaints`,
        `${world.root}/complaints/${world.trackingCode}`,
        `${world.root}/units`,
        `${world.root}/reports`,
        `${world.root}/measures`,
      ];
      for (const path of pages) {
        const page = await world.console.get(path);
        expect(page.status, path).toBe(200);
        expect(page.html, path).toContain(world.plan.name);
        saw(world, `console ${path}`, page.html);
        const outside = addressesOf(page.html).filter(
          (address) =>
            !address.startsWith(`${world.root}/`) && address !== world.root && !/^[?#]/.test(address),
        );
        expect(outside, path).toEqual([]);
      }
      const list = (await world.console.get(`${world.root}/complaints`)).html;
      expect(list).toContain(world.trackingCode);
      expect(list).not.toContain(other.trackingCode);
      const detail = (await world.console.get(`${world.root}/complaints/${world.trackingCode}`)).html;
      expect(detail).toContain(world.plan.description);
      expect(detail).toContain(`${world.root}/photos/${world.photoId}`);

      // Its photo is served to its session; the other's ids name nothing here.
      const photo = await fetch(url(`${world.root}/photos/${world.photoId}`), {
        headers: { cookie: cookieOf(world.console) },
      });
      expect(photo.status).toBe(200);
      expect(new Uint8Array(await photo.arrayBuffer())).toEqual(JPEG);
      expect((await world.console.get(`${world.root}/complaints/${other.trackingCode}`)).status).toBe(404);
      expect((await world.console.get(`${world.root}/photos/${other.photoId}`)).status).toBe(404);
      const moved = await world.console.post(
        `${world.root}/complaints/${other.trackingCode}/status`,
        { status: "rejected", note: "ปิดจากอีกองค์กร" },
        { from: `${world.root}/complaints` },
      );
      expect(moved.status).toBe(404);
    }
    for (const world of [a, b]) {
      expect(
        (await orgAdminApi(bot, world.plan, "GET", `/complaints/${world.trackingCode}`)).json.status,
      ).toBe("received");
    }
  });

  it("console: a session, a token and an account open their own organisation only", async () => {
    const own = await signedInConsole(bot, "default-admin");
    for (const [world, other] of pairs()) {
      // The session cookie is scoped to the organisation's console; sent elsewhere anyway, it is no session.
      for (const root of [other.root, "/admin"]) {
        const page = await world.console.get(`${root}/complaints`);
        expect(page, root).toMatchObject({ status: 303, location: `${root}/sign-in` });
        const csrf = csrfOf((await world.console.get(`${world.root}/units`)).html);
        const post = await world.console.post(`${root}/units`, { name: "กองที่แทรกจากอีกองค์กร" }, { csrf });
        expect(post.status, root).toBe(401);
      }
      // The default organisation's session does not open an organisation's console either.
      expect(await own.get(`${world.root}/complaints`)).toMatchObject({
        status: 303,
        location: `${world.root}/sign-in`,
      });
      // Another organisation's admin token does not open the first session; its account does not sign in.
      const stranger = consoleBrowser(bot);
      const token = await stranger.post(
        `${world.root}/sign-in/token`,
        { token: other.plan.adminToken },
        { from: `${world.root}/sign-in` },
      );
      expect(token.status).toBe(401);
      const account = await stranger.post(
        `${world.root}/sign-in`,
        { username: `admin-${other.plan.id}`, password: "ยาวพอสมควร-2570" },
        { from: `${world.root}/sign-in` },
      );
      expect(account.status).toBe(401);
      expect(stranger.jar.has("prongsai_admin")).toBe(false);
      // Now that an account exists, the organisation's own token no longer opens a session.
      const again = await stranger.post(
        `${world.root}/sign-in/token`,
        { token: world.plan.adminToken },
        { from: `${world.root}/sign-in` },
      );
      expect(again.status).toBe(401);
    }
    const defaultPage = (await own.get("/admin/complaints")).html;
    for (const world of [a, b]) expect(defaultPage).not.toContain(world.trackingCode);
    for (const world of [a, b]) {
      const units = (await orgAdminApi(bot, world.plan, "GET", "/units")).json.items;
      expect(units.map((u: { name: string }) => u.name)).not.toContain("กองที่แทรกจากอีกองค์กร");
    }
    expect(
      (await adminApi(bot, "GET", "/units")).json.items.map((u: { name: string }) => u.name),
    ).not.toContain("กองที่แทรกจากอีกองค์กร");
  });

  it("reports: the console's and the API's files carry the organisation's own complaints only", async () => {
    const year = fiscalYearOf(Date.now(), "Asia/Bangkok");
    for (const [world, other] of pairs()) {
      const fromConsole = await fetch(url(`${world.root}/reports/complaints.xlsx?fiscalYear=${year}`), {
        headers: { cookie: cookieOf(world.console) },
      });
      expect(fromConsole.status).toBe(200);
      const xlsx = await readable(fromConsole);
      // (The statistics name no corruption complaint: the name is what every organisation's file carries.)
      expect(xlsx).toContain(world.plan.name);
      expect(xlsx).not.toContain(other.plan.name);
      expect(xlsx).not.toContain(other.trackingCode);
      saw(world, "console complaints.xlsx", xlsx);
      const fromApi = await fetch(
        url(`/o/${world.plan.id}/api/admin/reports/complaints.xlsx?fiscalYear=${year}`),
        {
          headers: { authorization: `Bearer ${world.plan.adminToken}` },
        },
      );
      saw(world, "API complaints.xlsx", await readable(fromApi));
      // Its session does not download the other's.
      const crossed = await fetch(url(`${other.root}/reports/complaints.xlsx?fiscalYear=${year}`), {
        headers: { cookie: cookieOf(world.console) },
        redirect: "manual",
      });
      expect(crossed.status).toBe(303);
    }
  });

  it("transparency and metrics: each organisation's own figures, the default's neither", async () => {
    for (const [world, other] of pairs()) {
      const page = await (await fetch(url(`/o/${world.plan.id}/transparency`))).text();
      expect(page).toContain(world.plan.name);
      expect(page).not.toContain(other.plan.name);
      saw(world, "transparency", page);
      // Its links stay on the page (a year, a section) or leave for LINE: none points at another path here.
      expect(addressesOf(page).filter((address) => address.startsWith("/"))).toEqual([]);
      const metrics = await (await fetch(url(`/o/${world.plan.id}/metrics`))).text();
      expect(metrics).toContain(
        `prongsai_complaints_filed_total{org="${world.plan.id}",track="${world.plan.metricTrack}"} 1`,
      );
      expect(metrics).not.toContain(`track="${other.plan.metricTrack}"`);
      expect(metrics).not.toContain(`org="${other.plan.id}"`);
    }
    const page = await (await fetch(url("/transparency"))).text();
    const metrics = await (await fetch(url("/metrics"))).text();
    expect(metrics).not.toMatch(/^prongsai_complaints_filed_total\{/m);
    for (const world of [a, b]) {
      expect(page).not.toContain(world.plan.name);
      expect(metrics).not.toContain(`org="${world.plan.id}"`);
    }
  });

  it("signed links: the chat's report and photo links open under their organisation only", async () => {
    /** A link as this test server serves it (`PUBLIC_URL` may name another host). */
    const local = (link: URL, path = link.pathname) => url(`${path}${link.search}`);
    for (const [world, other] of pairs()) {
      const answer = await world.executive.say("รายงาน");
      const links = actionsOf(answer[0]).flatMap((action) =>
        action.type === "uri" ? [new URL((action as { uri: string }).uri)] : [],
      );
      await world.handler.say("งานร้องเรียน");
      const images = (await world.handler.tap("ดูภาพ")).flatMap((message) =>
        message.type === "image" ? [new URL(message.originalContentUrl)] : [],
      );
      expect(links.length).toBeGreaterThan(0);
      expect(images).toHaveLength(1);
      for (const link of [...links, ...images]) {
        const prefix = `/o/${world.plan.id}/`;
        expect(link.pathname.startsWith(`${prefix}r/`), link.pathname).toBe(true);
        const response = await fetch(local(link));
        expect(response.status, link.pathname).toBe(200);
        saw(world, `signed link ${link.pathname}`, await readable(response));
        // The same signature under the other organisation, or the default one, is refused.
        const rest = link.pathname.slice(prefix.length - 1);
        expect((await fetch(local(link, `/o/${other.plan.id}${rest}`))).status).toBe(403);
        expect((await fetch(local(link, rest))).status).toBe(403);
      }
    }
  });

  it("nothing any surface of one organisation answered contains the other's data", () => {
    for (const [world, other] of pairs()) {
      const outputs = seen.get(world.plan.id) ?? [];
      expect(outputs.length).toBeGreaterThan(10);
      const all = outputs.map((output) => output.text).join("\n");
      for (const marker of [world.plan.description, world.trackingCode]) expect(all).toContain(marker);
      const leaks = outputs.flatMap((output) =>
        markersOf(other)
          .filter((marker) => output.text.includes(marker))
          .map((marker) => `${output.where}: ${marker}`),
      );
      expect(leaks).toEqual([]);
    }
  });
});

/** The cookie header a console browser sends. */
function cookieOf(browser: ConsoleBrowser): string {
  return [...browser.jar].map(([name, value]) => `${name}=${value}`).join("; ");
}
