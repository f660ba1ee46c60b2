import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, inboxEvents, organizations, tenants } from "../src/db/schema";
import { createSecretBox, sha256Hex } from "../src/platform/secrets";
import { RECHECK_MS, sealContext } from "../src/platform/tenants";
import { newLineUserId, webhookBody } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import {
  startTestBot,
  TEST_ADMIN_TOKEN,
  TEST_PLATFORM_KEY,
  TEST_PLATFORM_TOKEN,
  type TestBot,
  tempDatabasePath,
} from "./support/bot";
import { chatUser, textOf } from "./support/chat";
import { createTestClock } from "./support/clock";
import {
  addressesOf,
  CONSOLE_PASSWORD,
  consoleBrowser,
  csrfOf,
  signedInConsole,
} from "./support/console-forms";
import { type RunningDouble, startDouble, TEST_ACCESS_TOKEN } from "./support/double";
import {
  consoleRootOf,
  createOrg,
  ORG_A,
  ORG_B,
  orgAdminApi,
  orgBot,
  platformApi,
  signedInOrgConsole,
  type TestOrg,
  tenantOf,
} from "./support/platform";

const A = ORG_A;
const B = ORG_B;

let line: RunningDouble;
let bot: TestBot;
let databasePath: string;

beforeEach(async () => {
  line = await startDouble();
  databasePath = tempDatabasePath();
  bot = await startTestBot(line, { platform: true, databasePath });
});
afterEach(async () => {
  await bot.close();
  expect(line.double.invalidRequests()).toEqual([]);
  await line.close();
});

const newOrgBody = (org: TestOrg) => ({
  id: org.id,
  name: org.name,
  channelSecret: org.channelSecret,
  channelAccessToken: TEST_ACCESS_TOKEN,
  adminToken: org.adminToken,
});

async function storedEvents(b: TestBot | { deps: TestBot["deps"] }) {
  return (await b.deps.db.select({ n: count() }).from(inboxEvents).get())?.n ?? 0;
}

describe("the platform API", () => {
  it("answers 401 without the platform token, and is off without PLATFORM_TOKEN", async () => {
    expect((await fetch(`${bot.url}/api/platform/orgs`)).status).toBe(401);
    expect((await platformApi(bot, "GET", "/orgs", undefined, "wrong-platform-token-0000")).status).toBe(401);
    expect((await platformApi(bot, "GET", "/orgs", undefined, TEST_ADMIN_TOKEN)).status).toBe(401);
    expect((await platformApi(bot, "POST", "/orgs", newOrgBody(A), "nope")).status).toBe(401);
    expect((await platformApi(bot, "GET", "/orgs")).status).toBe(200);

    const single = await startTestBot(line);
    try {
      expect((await platformApi(single, "GET", "/orgs")).status).toBe(401);
      // Without the platform, /webhook/:org and /o/:org are not served at all.
      expect((await fetch(`${single.url}/webhook/${A.id}`, { method: "POST", body: "{}" })).status).toBe(404);
      expect((await fetch(`${single.url}/o/${A.id}/transparency`)).status).toBe(404);
    } finally {
      await single.close();
    }
  });

  it("creates organisations (201, 409 on a taken id, 400 naming the field) and lists them without secrets", async () => {
    const created = await createOrg(bot, A);
    expect(created.json).toEqual({
      id: A.id,
      name: A.name,
      webhookUrl: `${bot.deps.config.publicUrl}/webhook/${A.id}`,
    });
    await createOrg(bot, B);

    expect((await platformApi(bot, "POST", "/orgs", { ...newOrgBody(A), name: "อื่น" })).status).toBe(409);
    const taken = await platformApi(bot, "POST", "/orgs", { ...newOrgBody(A), id: "default" });
    expect(taken).toMatchObject({ status: 409, json: { field: "id" } });

    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...newOrgBody(A), id: "Alpha!" }, "id"],
      [{ ...newOrgBody(A), id: "x" }, "id"],
      [{ ...newOrgBody(A), id: "x".repeat(41) }, "id"],
      [{ ...newOrgBody(A), id: "new-org", name: " " }, "name"],
      [{ ...newOrgBody(A), id: "new-org", channelSecret: undefined }, "channelSecret"],
      [{ ...newOrgBody(A), id: "new-org", channelAccessToken: 5 }, "channelAccessToken"],
      [{ ...newOrgBody(A), id: "new-org", adminToken: "short" }, "adminToken"],
    ];
    for (const [body, field] of cases) {
      const answer = await platformApi(bot, "POST", "/orgs", body);
      expect(answer.status, field).toBe(400);
      expect(answer.json.field).toBe(field);
    }
    const notJson = await fetch(`${bot.url}/api/platform/orgs`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_PLATFORM_TOKEN}`, "content-type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);

    const list = await platformApi(bot, "GET", "/orgs");
    expect(list.status).toBe(200);
    expect(list.json.nextCursor).toBeNull();
    expect(list.json.items.map((item: Record<string, unknown>) => Object.keys(item).sort())).toEqual([
      ["createdAt", "id", "name"],
      ["createdAt", "id", "name"],
    ]);
    expect(list.json.items.map((item: { id: string }) => item.id)).toEqual([A.id, B.id]);
    expect(list.json.items[0].createdAt).toMatch(/\+07:00$/);
    const text = JSON.stringify(list.json);
    for (const secret of [A.channelSecret, B.channelSecret, A.adminToken, B.adminToken, TEST_ACCESS_TOKEN]) {
      expect(text).not.toContain(secret);
    }

    // Audited in the default organisation's database.
    const audit = await bot.deps.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "platform.org.create"))
      .all();
    expect(audit.map((row) => [row.actor, row.subject])).toEqual([
      ["platform-api", A.id],
      ["platform-api", B.id],
    ]);
    expect(JSON.stringify(audit)).not.toContain(A.channelSecret);
  });

  it("keeps the LINE credentials sealed and only the admin token's hash: no raw secret in the default database", async () => {
    await createOrg(bot, A);
    await createOrg(bot, B);
    const rows = await bot.deps.db.select().from(tenants).all();
    expect(rows).toHaveLength(2);
    const box = await createSecretBox(TEST_PLATFORM_KEY);
    for (const [row, org] of [
      [rows[0], A],
      [rows[1], B],
    ] as const) {
      expect(row?.channelSecretSealed).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
      expect(row?.adminTokenSha256).toBe(await sha256Hex(org.adminToken));
      expect(await box.open(row?.channelSecretSealed ?? "", `tenant/${org.id}/channelSecret`)).toBe(
        org.channelSecret,
      );
      // Bound to its place: a sealed secret does not open as another organisation's.
      await expect(box.open(row?.channelSecretSealed ?? "", "tenant/other/channelSecret")).rejects.toThrow();
    }
    // Two seals of the same token differ (a fresh IV each time).
    expect(rows[0]?.channelAccessTokenSealed).not.toBe(rows[1]?.channelAccessTokenSealed);

    await bot.close();
    const files = [databasePath, `${databasePath}-wal`].filter(existsSync);
    const bytes = files.map((file) => readFileSync(file).toString("latin1")).join("\n");
    expect(bytes).toContain("v1."); // the sealed values are there
    for (const secret of [A.channelSecret, B.channelSecret, A.adminToken, B.adminToken, TEST_ACCESS_TOKEN]) {
      expect(bytes).not.toContain(secret);
    }
    bot = await startTestBot(line, { platform: true, databasePath });
  });

  it("gives each organisation its own database file and blob folder, seeded with its name and defaults", async () => {
    await createOrg(bot, A);
    const dir = dirname(databasePath);
    expect(existsSync(join(dir, "orgs", `${A.id}.sqlite`))).toBe(true);
    const tenant = await tenantOf(bot, A);
    expect(tenant.deps.orgId).toBe(A.id);
    expect(tenant.deps.config.databasePath).toBe(join(dir, "orgs", `${A.id}.sqlite`));
    expect(tenant.deps.config.publicUrl).toBe(`${bot.deps.config.publicUrl}/o/${A.id}`);
    expect(tenant.deps.config.adminToken).toBeUndefined();
    expect(tenant.deps.config.platform).toBeUndefined();
    expect(await tenant.deps.db.select().from(organizations).all()).toMatchObject([
      { id: A.id, name: A.name },
    ]);
    expect(await bot.deps.db.select().from(organizations).all()).toMatchObject([{ id: "default" }]);
    const units = await orgAdminApi(bot, A, "GET", "/units");
    expect(units.status).toBe(200);
    expect(units.json.items.map((u: { name: string }) => u.name)).toContain("กองช่าง");
  });
});

describe("routing by organisation", () => {
  it("POST /webhook/:org answers with that organisation's bot; an unknown one gets 404 and nothing is stored", async () => {
    await createOrg(bot, A);
    await createOrg(bot, B);
    const alpha = chatUser(await orgBot(bot, A), line, newLineUserId());
    const menu = await alpha.say("เมนู");
    expect(textOf(menu.at(-1))).toContain(A.name);
    expect(textOf(menu.at(-1))).not.toContain(B.name);
    const beta = chatUser(await orgBot(bot, B), line, newLineUserId());
    expect(textOf((await beta.say("เมนู")).at(-1))).toContain(B.name);

    // Each event went to its organisation's inbox, none to the default one.
    expect(await storedEvents(await tenantOf(bot, A))).toBe(1);
    expect(await storedEvents(await tenantOf(bot, B))).toBe(1);
    expect(await storedEvents(bot)).toBe(0);

    const userId = newLineUserId();
    const body = webhookBody([bot.event(userId, { type: "text", text: "เมนู" })]);
    for (const org of ["nobody", "UPPER", "a"]) {
      const response = await (await orgBot(bot, { ...A, id: org })).postRaw(body);
      expect(response.status, org).toBe(404);
      expect(await response.json()).toEqual({ message: "unknown organisation" });
    }
    // The default organisation is an organisation like any other: its webhook checks its own secret.
    expect((await (await orgBot(bot, { ...A, id: "default" })).postRaw(body)).status).toBe(401);
    // Verify (an empty batch) works per organisation, and the default webhook still does.
    expect((await (await orgBot(bot, A)).postRaw(webhookBody([]))).status).toBe(200);
    expect((await bot.postRaw(webhookBody([]))).status).toBe(200);
    await bot.settle();
    expect(await storedEvents(await tenantOf(bot, A))).toBe(1);
    expect(await storedEvents(bot)).toBe(0);
    expect(line.double.messagesFor(userId)).toEqual([]);
  });

  it("an organisation's admin API takes only its own admin token; its console is served at /o/:org/admin", async () => {
    await createOrg(bot, A);
    await createOrg(bot, B);
    const units = (token: string, org = A) =>
      fetch(`${bot.url}/o/${org.id}/api/admin/units`, { headers: { authorization: `Bearer ${token}` } });
    expect((await units(A.adminToken)).status).toBe(200);
    expect((await units(B.adminToken)).status).toBe(401);
    expect((await units(TEST_ADMIN_TOKEN)).status).toBe(401);
    expect((await units(TEST_PLATFORM_TOKEN)).status).toBe(401);
    expect((await units(B.adminToken, B)).status).toBe(200);
    // The organisation's token opens nothing of the default organisation.
    expect((await adminApi(bot, "GET", "/units")).status).toBe(200);
    const defaultWithA = await fetch(`${bot.url}/api/admin/units`, {
      headers: { authorization: `Bearer ${A.adminToken}` },
    });
    expect(defaultWithA.status).toBe(401);

    // The console is the organisation's, under its prefix: sign-in first, its name, its own addresses.
    const console = await fetch(`${bot.url}/o/${A.id}/admin`, { redirect: "manual" });
    expect(console.status).toBe(303);
    expect(console.headers.get("location")).toBe(`/o/${A.id}/admin/sign-in`);
    const signIn = await fetch(`${bot.url}/o/${A.id}/admin/sign-in`);
    expect(signIn.status).toBe(200);
    const html = await signIn.text();
    expect(html).toContain(A.name);
    expect(html).not.toContain(B.name);
    expect(addressesOf(html).sort()).toEqual([
      `/o/${A.id}/admin/assets/console.css`,
      `/o/${A.id}/admin/sign-in`,
      `/o/${A.id}/admin/sign-in/token`,
    ]);
    expect(signIn.headers.getSetCookie()).toEqual([expect.stringContaining(`Path=/o/${A.id}/admin;`)]);
    expect((await fetch(`${bot.url}/o/${A.id}/admin/assets/console.css`)).status).toBe(200);
    expect((await fetch(`${bot.url}/o/nobody/admin`)).status).toBe(404);
    expect((await fetch(`${bot.url}/o/nobody/transparency`)).status).toBe(404);
    const page = await fetch(`${bot.url}/o/${A.id}/transparency`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(A.name);
    expect((await fetch(`${bot.url}/o/${A.id}/healthz`)).status).toBe(200);
    // `/` of an organisation leads to its own health check.
    const home = await fetch(`${bot.url}/o/${A.id}/`, { redirect: "manual" });
    expect(home.headers.get("location")).toBe(`/o/${A.id}/healthz`);
  });

  it("serves the organisations again after a restart, from the sealed credentials", async () => {
    await createOrg(bot, A);
    const userId = newLineUserId();
    const alpha = chatUser(await orgBot(bot, A), line, userId);
    await alpha.say("เมนู");
    await bot.close();

    bot = await startTestBot(line, { platform: true, databasePath });
    const again = chatUser(await orgBot(bot, A), line, userId);
    expect(textOf((await again.say("เมนู")).at(-1))).toContain(A.name);
    expect(await storedEvents(await tenantOf(bot, A))).toBe(2);
    expect((await platformApi(bot, "GET", "/orgs")).json.items).toHaveLength(1);
  });

  it("refuses a webhook signed with another organisation's secret", async () => {
    await createOrg(bot, A);
    await createOrg(bot, B);
    const userId = newLineUserId();
    const body = webhookBody([bot.event(userId, { type: "text", text: "เมนู" })]);
    const signedByA = await (await orgBot(bot, A)).postRaw(body);
    expect(signedByA.status).toBe(200);
    await bot.settle();
    // Signed with A's secret, posted to B's webhook.
    const misrouted = await (await orgBot(bot, { ...B, channelSecret: A.channelSecret })).postRaw(body);
    expect(misrouted.status).toBe(401);
    expect(await storedEvents(await tenantOf(bot, B))).toBe(0);
    // The default channel's secret does not open an organisation's webhook either.
    expect(
      (await (await orgBot(bot, { ...B, channelSecret: "8c570fa6dd201bb328f1c1eac23a96d8" })).postRaw(body))
        .status,
    ).toBe(401);
  });
});

describe("each organisation's console", () => {
  const rootA = consoleRootOf(A);
  const rootB = consoleRootOf(B);

  it("signs in with the organisation's admin token, shows its data and not another's, every link under /o/:org/", async () => {
    await createOrg(bot, A);
    await createOrg(bot, B);
    // Another organisation's admin token, or the default one's, does not open the first session.
    const stranger = consoleBrowser(bot);
    for (const token of [B.adminToken, TEST_ADMIN_TOKEN, TEST_PLATFORM_TOKEN]) {
      const refused = await stranger.post(`${rootA}/sign-in/token`, { token }, { from: `${rootA}/sign-in` });
      expect(refused.status).toBe(401);
      expect(stranger.jar.has("prongsai_admin")).toBe(false);
    }

    const a = await signedInOrgConsole(bot, A);
    // The session cookie lives at A's console only.
    const cookies = (await a.post(`${rootA}/sign-out`, {}, { from: rootA })).headers.getSetCookie();
    expect(cookies.join("\n")).toContain(`Path=${rootA}`);
    const signIn = await a.post(
      `${rootA}/sign-in`,
      { username: `admin-${A.id}`, password: CONSOLE_PASSWORD },
      { from: `${rootA}/sign-in` },
    );
    expect(signIn.headers.getSetCookie()).toEqual([
      expect.stringMatching(
        new RegExp(`^prongsai_admin=[\\w-]{43}; Max-Age=28800; Path=${rootA}; HttpOnly; SameSite=Strict$`),
      ),
      expect.stringContaining(`Path=${rootA}`),
    ]);

    // A unit made in A's console is A's; B's own unit (through B's admin API) is not shown in A.
    const made = await a.post(`${rootA}/units`, { name: "กองอัลฟาจากคอนโซล" }, { from: `${rootA}/units` });
    expect(made).toMatchObject({ status: 303, location: `${rootA}/units?notice=created` });
    expect((await orgAdminApi(bot, B, "POST", "/units", { name: "กองเบตาเท่านั้น" })).status).toBe(201);
    const unitsPage = (await a.get(`${rootA}/units`)).html;
    expect(unitsPage).toContain("กองอัลฟาจากคอนโซล");
    expect(unitsPage).not.toContain("กองเบตาเท่านั้น");
    expect(unitsPage).toContain(A.name);
    expect(unitsPage).not.toContain(B.name);
    const inA = (await orgAdminApi(bot, A, "GET", "/units")).json.items.map((u: { name: string }) => u.name);
    const inB = (await orgAdminApi(bot, B, "GET", "/units")).json.items.map((u: { name: string }) => u.name);
    expect(inA).toContain("กองอัลฟาจากคอนโซล");
    expect(inB).not.toContain("กองอัลฟาจากคอนโซล");
    expect(
      (await adminApi(bot, "GET", "/units")).json.items.map((u: { name: string }) => u.name),
    ).not.toContain("กองอัลฟาจากคอนโซล");

    // Every page of the menu links, posts and loads under A's console (or within the page itself).
    for (const path of [
      "",
      "/complaints",
      "/measures",
      "/ita",
      "/eit",
      "/reports",
      "/units",
      "/categories",
      "/holidays",
      "/invites",
      "/settings",
      "/accounts",
      "/measures/new",
      "/measures/import",
    ]) {
      const page = await a.get(`${rootA}${path}`);
      expect(page.status, path).toBe(200);
      const outside = addressesOf(page.html).filter(
        (address) => !address.startsWith(`${rootA}/`) && address !== rootA && !/^[?#]/.test(address),
      );
      expect(outside, `${rootA}${path}`).toEqual([]);
    }
  });

  it("refuses A's session at B's console and at the default organisation's, and B's account at A's", async () => {
    await createOrg(bot, A);
    await createOrg(bot, B);
    const a = await signedInOrgConsole(bot, A);
    const b = await signedInOrgConsole(bot, B);
    // Sent where a browser would never send it (its Path is A's console): still no session there.
    for (const root of [rootB, "/admin"]) {
      const page = await a.get(`${root}/units`);
      expect(page, root).toMatchObject({ status: 303, location: `${root}/sign-in` });
      const csrf = csrfOf((await a.get(`${rootA}/units`)).html);
      const post = await a.post(`${root}/units`, { name: "แทรกจากอัลฟา" }, { csrf });
      expect(post.status, root).toBe(401);
    }
    expect(
      (await orgAdminApi(bot, B, "GET", "/units")).json.items.map((u: { name: string }) => u.name),
    ).not.toContain("แทรกจากอัลฟา");
    // Nor does the default organisation's session open A's console.
    const own = await signedInConsole(bot);
    expect((await own.get("/admin/units")).status).toBe(200);
    expect(await own.get(`${rootA}/units`)).toMatchObject({ status: 303, location: `${rootA}/sign-in` });
    // Accounts are the organisation's: B's username and password do not sign in at A's console.
    const crossed = consoleBrowser(bot);
    const refused = await crossed.post(
      `${rootA}/sign-in`,
      { username: `admin-${B.id}`, password: CONSOLE_PASSWORD },
      { from: `${rootA}/sign-in` },
    );
    expect(refused.status).toBe(401);
    expect((await b.get(rootB)).status).toBe(200);
    // Signing out of A ends A's session only.
    await a.post(`${rootA}/sign-out`, {}, { from: rootA });
    expect((await b.get(`${rootB}/units`)).status).toBe(200);
  });

  it("serves the default organisation's console at /admin; /o/default/admin leads there", async () => {
    const own = await fetch(`${bot.url}/admin`, { redirect: "manual" });
    expect(own.headers.get("location")).toBe("/admin/sign-in");
    const aliased = await fetch(`${bot.url}/o/default/admin`, { redirect: "manual" });
    expect(aliased.headers.get("location")).toBe("/admin/sign-in");
    const html = await (await fetch(`${bot.url}/o/default/admin/sign-in`)).text();
    expect(addressesOf(html).every((address) => address.startsWith("/admin/"))).toBe(true);
  });
});

describe("changing an organisation", () => {
  const unitsWith = (token: string) =>
    fetch(`${bot.url}/o/${A.id}/api/admin/units`, { headers: { authorization: `Bearer ${token}` } });

  it("rotates its LINE secret, access token and admin token: the old ones stop working at once", async () => {
    await createOrg(bot, A);
    const before = await bot.deps.db.select().from(tenants).where(eq(tenants.id, A.id)).get();
    const rotated = {
      channelSecret: "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3",
      adminToken: "alpha-rotated-token-0123456789",
    };
    const answer = await platformApi(bot, "PATCH", `/orgs/${A.id}`, {
      ...rotated,
      channelAccessToken: TEST_ACCESS_TOKEN,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      id: A.id,
      name: A.name,
      webhookUrl: expect.stringContaining(`/webhook/${A.id}`),
    });
    expect(JSON.stringify(answer.json)).not.toContain(rotated.channelSecret);

    const userId = newLineUserId();
    const body = webhookBody([bot.event(userId, { type: "text", text: "เมนู" })]);
    expect((await (await orgBot(bot, A)).postRaw(body)).status).toBe(401);
    const fresh = chatUser(await orgBot(bot, { ...A, ...rotated }), line, newLineUserId());
    expect(textOf((await fresh.say("เมนู")).at(-1))).toContain(A.name);
    expect((await unitsWith(A.adminToken)).status).toBe(401);
    expect((await unitsWith(rotated.adminToken)).status).toBe(200);

    // Sealed anew, the raw values nowhere; the audit names the fields, not their values.
    const after = await bot.deps.db.select().from(tenants).where(eq(tenants.id, A.id)).get();
    expect(after?.channelSecretSealed).not.toBe(before?.channelSecretSealed);
    expect(after?.adminTokenSha256).toBe(await sha256Hex(rotated.adminToken));
    expect(JSON.stringify(after)).not.toContain(rotated.channelSecret);
    expect(after?.updatedAt).toBeGreaterThan(before?.updatedAt ?? 0);
    const audit = await bot.deps.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "platform.org.update"))
      .all();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).toContain("channelSecret");
    expect(JSON.stringify(audit)).not.toContain(rotated.channelSecret);
    expect(JSON.stringify(audit)).not.toContain(rotated.adminToken);
  });

  it("renames it: the list, its messages and its transparency page use the new name", async () => {
    await createOrg(bot, A);
    const renamed = "องค์การบริหารส่วนตำบลอัลฟาใหม่";
    expect((await platformApi(bot, "PATCH", `/orgs/${A.id}`, { name: renamed })).status).toBe(200);
    expect((await platformApi(bot, "GET", "/orgs")).json.items).toEqual([
      { id: A.id, name: renamed, createdAt: expect.any(String) },
    ]);
    const user = chatUser(await orgBot(bot, A), line, newLineUserId());
    expect(textOf((await user.say("เมนู")).at(-1))).toContain(renamed);
    expect(await (await fetch(`${bot.url}/o/${A.id}/transparency`)).text()).toContain(renamed);
  });

  it("answers 404 for an unknown organisation and 400 naming the field for a bad change", async () => {
    await createOrg(bot, A);
    expect((await platformApi(bot, "PATCH", "/orgs/abt-nowhere", { name: "ใหม่" })).status).toBe(404);
    expect((await platformApi(bot, "PATCH", "/orgs/default", { name: "ใหม่" })).status).toBe(404);
    const empty = await platformApi(bot, "PATCH", `/orgs/${A.id}`, {});
    expect(empty.status).toBe(400);
    const blank = await platformApi(bot, "PATCH", `/orgs/${A.id}`, { channelSecret: "  " });
    expect(blank.status).toBe(400);
    expect(blank.json.field).toBe("channelSecret");
    const short = await platformApi(bot, "PATCH", `/orgs/${A.id}`, { adminToken: "short" });
    expect(short.json.field).toBe("adminToken");
    // The id is not changeable.
    expect((await platformApi(bot, "PATCH", `/orgs/${A.id}`, { id: "abt-other" })).status).toBe(400);
    expect(
      (await platformApi(bot, "PATCH", `/orgs/${A.id}`, { name: "x" }, "wrong-platform-token-0000")).status,
    ).toBe(401);
    // Nothing changed.
    expect((await (await orgBot(bot, A)).postRaw(webhookBody([]))).status).toBe(200);
    expect((await unitsWith(A.adminToken)).status).toBe(200);
  });

  it("a change made by another instance is served here within 30 seconds", async () => {
    await bot.close();
    const clock = createTestClock();
    bot = await startTestBot(line, { platform: true, databasePath, clock });
    await createOrg(bot, A);
    expect((await (await orgBot(bot, A)).postRaw(webhookBody([]))).status).toBe(200);

    // Another process rotates the secret in the shared registry.
    const rotated = "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4";
    const box = await createSecretBox(TEST_PLATFORM_KEY);
    await bot.deps.db
      .update(tenants)
      .set({
        channelSecretSealed: await box.seal(rotated, sealContext(A.id, "channelSecret")),
        updatedAt: clock.now() + 1,
      })
      .where(eq(tenants.id, A.id));
    const withNew = await orgBot(bot, { ...A, channelSecret: rotated });
    // Until this instance looks again it serves what it has.
    expect((await withNew.postRaw(webhookBody([]))).status).toBe(401);
    clock.advance(RECHECK_MS + 1);
    expect((await withNew.postRaw(webhookBody([]))).status).toBe(200);
    expect((await (await orgBot(bot, A)).postRaw(webhookBody([]))).status).toBe(401);
  });
});
