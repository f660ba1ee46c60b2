import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "../src/db/schema";
import { newLineUserId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { TEST_ADMIN_TOKEN } from "./support/bot";
import { type ChatUser, chatUser, JPEG, textOf } from "./support/chat";
import { useBot } from "./support/harness";

const t = useBot();

const PASSWORD = "ยาวพอสมควร-2570";
const LINE_ID = /U[0-9a-f]{32}/;

/** A browser as far as the console cares: a cookie jar, no redirects followed, forms posted. */
function browser(headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  let lastSetCookies: string[] = [];
  async function request(method: string, path: string, body?: URLSearchParams | FormData, extra = {}) {
    const response = await fetch(`${t.bot.url}${path}`, {
      method,
      redirect: "manual",
      headers: {
        ...headers,
        ...extra,
        ...(jar.size ? { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; ") } : {}),
      },
      body,
    });
    lastSetCookies = response.headers.getSetCookie();
    for (const line of lastSetCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const [name = "", value = ""] = pair.split("=");
      const cleared = attributes.some((a) => /^\s*max-age=0$/i.test(a)) || value === "";
      if (cleared) jar.delete(name.trim());
      else jar.set(name.trim(), value.trim());
    }
    return {
      status: response.status,
      location: response.headers.get("location"),
      headers: response.headers,
      html: await response.text(),
    };
  }
  return {
    jar,
    setCookies: () => lastSetCookies,
    get: (path: string, extra: Record<string, string> = {}) => request("GET", path, undefined, extra),
    /** Post fields; the `_csrf` is taken from the page at `from` unless given (null: none at all). */
    async post(
      path: string,
      fields: Record<string, string | Blob>,
      options: {
        from?: string;
        csrf?: string | null;
        headers?: Record<string, string>;
        multipart?: boolean;
      } = {},
    ) {
      let csrf = options.csrf;
      if (csrf === undefined) csrf = csrfOf((await request("GET", options.from ?? "/admin")).html);
      const all = { ...fields, ...(csrf === null ? {} : { _csrf: csrf }) };
      let body: URLSearchParams | FormData;
      if (options.multipart || Object.values(all).some((v) => typeof v !== "string")) {
        body = new FormData();
        for (const [name, value] of Object.entries(all)) body.append(name, value);
      } else {
        body = new URLSearchParams(all as Record<string, string>);
      }
      return request("POST", path, body, options.headers);
    },
  };
}
type Browser = ReturnType<typeof browser>;

function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`no CSRF field in: ${html.slice(0, 300)}`);
  return match[1];
}

async function createAccount(username = "somchai", password = PASSWORD) {
  const created = await adminApi(t.bot, "POST", "/accounts", {
    username,
    password,
    displayName: "สมชาย ผู้ดูแล",
  });
  expect(created.status).toBe(201);
  return { username, password };
}

async function signIn(b: Browser, username: string, password: string) {
  return b.post("/admin/sign-in", { username, password }, { from: "/admin/sign-in" });
}

async function signedIn(username = "somchai"): Promise<Browser> {
  const account = await createAccount(username);
  const b = browser();
  const answer = await signIn(b, account.username, account.password);
  expect(answer.status).toBe(303);
  expect(answer.location).toBe("/admin");
  return b;
}

async function fileComplaint(user: ChatUser, track: "ร้องทุกข์ทั่วไป" | "ร้องเรียนการทุจริต", description: string) {
  await user.say("ร้องเรียน");
  if (user.labels().includes("ยินยอม")) await user.tap("ยินยอม");
  await user.tap(track);
  if (track === "ร้องทุกข์ทั่วไป") await user.tap("ถนน/ทางเท้า");
  await user.say(description);
  await user.tap("ข้าม");
  await user.tap("ข้าม");
  if (track === "ร้องเรียนการทุจริต") await user.tap("เปิดเผยตัวตน");
  const receipt = await user.tap("ยืนยัน");
  const code = /[RC]\d{4}-\d{5}/.exec(textOf(receipt.at(-1)))?.[0];
  if (!code) throw new Error("no tracking code in the receipt");
  return code;
}

const audits = (action: string) =>
  t.bot.deps.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

const GET_ROUTES = [
  "/admin",
  "/admin/complaints",
  "/admin/complaints?track=general&overdue=1",
  "/admin/complaints/R2570-00001",
  "/admin/photos/some-photo",
  "/admin/measures",
  "/admin/measures/import",
  "/admin/measures/some-measure",
  "/admin/measure-photos/some-photo",
  "/admin/ita",
  "/admin/eit",
  "/admin/reports",
  "/admin/reports/complaints.xlsx",
  "/admin/reports/measures.docx?period=h1",
  "/admin/units",
  "/admin/categories",
  "/admin/holidays",
  "/admin/invites",
  "/admin/settings",
  "/admin/accounts",
  "/admin/accounts/new",
  "/admin/no-such-page",
];
const POST_ROUTES = [
  "/admin/complaints/R2570-00001/status",
  "/admin/measures/import",
  "/admin/units",
  "/admin/categories",
  "/admin/categories/some-category",
  "/admin/holidays",
  "/admin/holidays/2026-12-05/delete",
  "/admin/invites",
  "/admin/settings/eit-drive",
  "/admin/settings/reminders",
  "/admin/settings/report-deadlines",
  "/admin/accounts",
  "/admin/sign-out",
];

describe("without a session", () => {
  it("every page redirects to the sign-in page and every form post gets 401", async () => {
    const b = browser();
    for (const path of GET_ROUTES) {
      const answer = await b.get(path);
      expect({ path, status: answer.status, location: answer.location }).toEqual({
        path,
        status: 303,
        location: "/admin/sign-in",
      });
    }
    for (const path of POST_ROUTES) {
      const answer = await b.post(path, { name: "x" }, { csrf: "whatever" });
      expect({ path, status: answer.status }).toEqual({ path, status: 401 });
    }
    // A made-up or expired session cookie is no session.
    b.jar.set("prongsai_admin", "A".repeat(43));
    expect((await b.get("/admin")).location).toBe("/admin/sign-in");
  });

  it("console pages carry the security headers; no inline script is allowed", async () => {
    const page = await browser().get("/admin/sign-in");
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    expect(page.html).not.toContain("<script");
    expect(page.html).toContain('data-testid="sign-in-form"');
    const redirect = await browser().get("/admin/complaints");
    expect(redirect.headers.get("x-frame-options")).toBe("DENY");
    const css = await browser().get("/admin/assets/console.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
  });
});

describe("accounts and signing in", () => {
  it("the first account is made with ADMIN_TOKEN, which can do nothing else, then the account signs in", async () => {
    const b = browser();
    const page = await b.get("/admin/sign-in");
    expect(page.html).toContain('data-testid="token-form"');
    const wrong = await b.post(
      "/admin/sign-in/token",
      { token: "not-the-token-at-all" },
      { from: "/admin/sign-in" },
    );
    expect(wrong.status).toBe(401);
    const token = await b.post(
      "/admin/sign-in/token",
      { token: TEST_ADMIN_TOKEN },
      { from: "/admin/sign-in" },
    );
    expect(token.status).toBe(303);
    expect(token.location).toBe("/admin/accounts/new");
    const tokenCookie = b.jar.get("prongsai_admin");
    expect(tokenCookie).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // A token session may only create accounts.
    expect((await b.get("/admin")).location).toBe("/admin/accounts/new");
    expect((await b.get("/admin/complaints")).location).toBe("/admin/accounts/new");
    expect((await b.post("/admin/units", { name: "กองใหม่" }, { from: "/admin/accounts/new" })).status).toBe(
      403,
    );
    const form = await b.get("/admin/accounts/new");
    expect(form.status).toBe(200);
    expect(form.html).toContain('data-testid="account-form"');

    const short = await b.post(
      "/admin/accounts",
      { username: "somsri", password: "short" },
      { from: "/admin/accounts/new" },
    );
    expect(short.status).toBe(400);
    expect(short.html).toContain("รหัสผ่าน");
    const created = await b.post(
      "/admin/accounts",
      { username: "Somsri", password: PASSWORD, displayName: "สมศรี" },
      { from: "/admin/accounts/new" },
    );
    expect(created.status).toBe(303);
    expect(created.location).toBe("/admin/sign-in?notice=account-created");
    expect(b.jar.has("prongsai_admin")).toBe(false);
    const created2 = await audits("admin-account.create");
    expect(created2).toMatchObject([{ actor: "console:admin-token", subject: "somsri" }]);

    // The token session is over, and the token cannot open another one now that an account exists.
    const stale = browser();
    stale.jar.set("prongsai_admin", tokenCookie as string);
    expect((await stale.get("/admin")).location).toBe("/admin/sign-in");
    const again = await b.get(created.location as string);
    expect(again.html).toContain("สร้างบัญชีผู้ดูแลแล้ว");
    expect(again.html).not.toContain('data-testid="token-form"');
    expect(
      (await b.post("/admin/sign-in/token", { token: TEST_ADMIN_TOKEN }, { from: "/admin/sign-in" })).status,
    ).toBe(401);

    const signed = await signIn(b, "somsri", PASSWORD);
    expect(signed.status).toBe(303);
    const overview = await b.get("/admin");
    expect(overview.status).toBe(200);
    expect(overview.html).toContain("ภาพรวม");
    expect(overview.html).toContain("สมศรี");
    expect(overview.headers.get("cache-control")).toBe("no-store");
    expect(await audits("console.sign-in")).toHaveLength(2);
  });

  it("the session cookie is HttpOnly, SameSite=Strict, Path=/admin, 8 hours; Secure behind HTTPS", async () => {
    await createAccount();
    const b = browser();
    await signIn(b, "somchai", PASSWORD);
    const cookie = b.setCookies().find((line) => line.startsWith("prongsai_admin="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/admin(;|$)/);
    expect(cookie).toMatch(/; Max-Age=28800/);
    expect(cookie).not.toMatch(/; Secure/);
    // The session itself ends after 8 hours, whatever the browser keeps.
    t.clock.advance(8 * 60 * 60 * 1000 - 60_000);
    expect((await b.get("/admin")).status).toBe(200);
    t.clock.advance(60_000);
    expect((await b.get("/admin")).location).toBe("/admin/sign-in");

    const proxied = browser({ "x-forwarded-proto": "https" });
    await signIn(proxied, "somchai", PASSWORD);
    expect(proxied.setCookies().find((line) => line.startsWith("prongsai_admin="))).toMatch(/; Secure/);
  });

  it("accounts through the admin API: 201, 409 on a taken username, 400 on a short password", async () => {
    await createAccount("manee");
    const taken = await adminApi(t.bot, "POST", "/accounts", { username: "MANEE", password: PASSWORD });
    expect(taken.status).toBe(409);
    const short = await adminApi(t.bot, "POST", "/accounts", { username: "mana", password: "elevenchars" });
    expect(short.status).toBe(400);
    expect(short.json.field).toBe("password");
    const list = await adminApi(t.bot, "GET", "/accounts");
    expect(list.json.items).toEqual([
      expect.objectContaining({ username: "manee", displayName: "สมชาย ผู้ดูแล" }),
    ]);
    expect(JSON.stringify(list.json)).not.toContain("$2");
    expect((await audits("admin-account.create"))[0]?.actor).toBe("admin-api");
  });

  it("5 wrong passwords in a row lock the account for 15 minutes, with the same message as an unknown user", async () => {
    await createAccount();
    const b = browser();
    const unknown = await signIn(b, "nobody", PASSWORD);
    expect(unknown.status).toBe(401);
    expect(unknown.html).toContain("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง");
    for (let i = 0; i < 5; i++) {
      const wrong = await signIn(b, "somchai", "wrong-password-123");
      expect(wrong.status).toBe(401);
      expect(wrong.html).toContain("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง");
    }
    const locked = await signIn(b, "somchai", PASSWORD);
    expect(locked.status).toBe(401);
    expect(locked.html).toContain("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง");
    expect(b.jar.has("prongsai_admin")).toBe(false);
    expect(await audits("admin-account.lock")).toHaveLength(1);
    t.clock.advance(14 * 60 * 1000);
    expect((await signIn(b, "somchai", PASSWORD)).status).toBe(401);
    t.clock.advance(60 * 1000 + 1);
    const open = await signIn(b, "somchai", PASSWORD);
    expect(open.status).toBe(303);
    expect((await b.get("/admin")).status).toBe(200);
  });

  it("an admin unlocks a locked account and removes another, never their own; both audited", async () => {
    const admin = await signedIn("somsri");
    await createAccount("somchai");
    await createAccount("manee");
    const b = browser();
    for (let i = 0; i < 5; i++) await signIn(b, "somchai", "wrong-password-123");
    expect((await signIn(b, "somchai", PASSWORD)).status).toBe(401);
    const list = await admin.get("/admin/accounts");
    const unlock = /action="(\/admin\/accounts\/[^"]+\/unlock)"/.exec(list.html)?.[1];
    expect(unlock).toBeDefined();
    expect((await admin.post(unlock as string, {}, { from: "/admin/accounts" })).location).toContain(
      "unlocked",
    );
    expect((await signIn(b, "somchai", PASSWORD)).status).toBe(303);
    // A post without the CSRF token changes nothing.
    const removes = [
      ...(await admin.get("/admin/accounts")).html.matchAll(/action="(\/admin\/accounts\/[^"]+\/remove)"/g),
    ];
    expect(removes).toHaveLength(2); // the other two accounts, not the signed-in one
    expect((await admin.post(removes[0]?.[1] as string, {}, { csrf: null })).status).toBe(403);
    expect((await admin.post(removes[0]?.[1] as string, {}, { from: "/admin/accounts" })).location).toContain(
      "removed",
    );
    const accounts = (await adminApi(t.bot, "GET", "/accounts")).json.items as Array<{ username: string }>;
    expect(accounts).toHaveLength(2);
    expect(await audits("console.account.unlock")).toHaveLength(1);
    expect(await audits("console.account.remove")).toHaveLength(1);
  });

  it("allows at most 20 sign-in attempts per client address per 15 minutes", async () => {
    await createAccount();
    const attacker = browser({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" });
    for (let i = 0; i < 20; i++) {
      expect((await signIn(attacker, `guess${i}`, "wrong-password-123")).status).toBe(401);
    }
    const refused = await signIn(attacker, "somchai", PASSWORD);
    expect(refused.status).toBe(429);
    // Another address is not held back.
    expect((await signIn(browser({ "x-forwarded-for": "198.51.100.4" }), "somchai", PASSWORD)).status).toBe(
      303,
    );
    t.clock.advance(15 * 60 * 1000 + 1);
    expect((await signIn(attacker, "somchai", PASSWORD)).status).toBe(303);
  });

  it("refuses form posts without the right CSRF token or from another origin (403)", async () => {
    const b = await signedIn();
    const csrf = csrfOf((await b.get("/admin/units")).html);
    expect((await b.post("/admin/units", { name: "กองทดสอบ" }, { csrf: null })).status).toBe(403);
    expect((await b.post("/admin/units", { name: "กองทดสอบ" }, { csrf: "A".repeat(43) })).status).toBe(403);
    const crossSite = await b.post(
      "/admin/units",
      { name: "กองทดสอบ" },
      { csrf, headers: { origin: "https://evil.example" } },
    );
    expect(crossSite.status).toBe(403);
    const fetchMeta = await b.post(
      "/admin/units",
      { name: "กองทดสอบ" },
      { csrf, headers: { "sec-fetch-site": "cross-site" } },
    );
    expect(fetchMeta.status).toBe(403);
    expect(await audits("unit.create")).toEqual([]);
    const sameOrigin = await b.post(
      "/admin/units",
      { name: "กองทดสอบ" },
      { csrf, headers: { origin: t.bot.url, "sec-fetch-site": "same-origin" } },
    );
    expect(sameOrigin.status).toBe(303);
    expect((await b.get("/admin/units")).html).toContain("กองทดสอบ");
    expect(await audits("unit.create")).toMatchObject([{ actor: "console:somchai" }]);

    // The sign-in form has its own token too.
    await createAccount("other");
    const fresh = browser();
    await fresh.get("/admin/sign-in");
    expect(
      (await fresh.post("/admin/sign-in", { username: "other", password: PASSWORD }, { csrf: null })).status,
    ).toBe(403);
  });

  it("signing out ends the session", async () => {
    const b = await signedIn();
    const cookie = b.jar.get("prongsai_admin") as string;
    const out = await b.post("/admin/sign-out", {});
    expect(out.status).toBe(303);
    expect(out.location).toBe("/admin/sign-in?notice=signed-out");
    expect(b.jar.has("prongsai_admin")).toBe(false);
    const replay = browser();
    replay.jar.set("prongsai_admin", cookie);
    expect((await replay.get("/admin")).location).toBe("/admin/sign-in");
    expect(await audits("console.sign-out")).toMatchObject([{ actor: "console:somchai" }]);
  });
});

describe("complaints in the console", () => {
  it("lists a complaint filed in chat, shows it, and a status change pushes the complainant and is audited", async () => {
    const citizen = chatUser(t.bot, t.line, newLineUserId());
    const description = "ถนนหน้าบ้านเป็นหลุม <script>alert(1)</script> รถล้มบ่อย";
    const code = await fileComplaint(citizen, "ร้องทุกข์ทั่วไป", description);
    const b = await signedIn();

    for (const path of [
      "/admin/complaints",
      "/admin/complaints?track=general&status=received",
      `/admin/complaints/${code}`,
    ]) {
      const page = await b.get(path);
      expect(page.status).toBe(200);
      expect(page.html).not.toContain("<script>alert(1)</script>");
      expect(page.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
    const list = await b.get("/admin/complaints");
    expect(list.html).toContain(`data-testid="complaint-row" data-code="${code}"`);
    expect((await b.get("/admin/complaints?track=corruption")).html).not.toContain(code);
    expect((await b.get("/admin/complaints?overdue=1")).html).not.toContain(code);

    const detail = await b.get(`/admin/complaints/${code}`);
    expect(detail.html).toContain('data-testid="status-form"');
    expect(detail.html).toContain("กองช่าง");

    // The same rules as in chat: resolving needs a note.
    const refused = await b.post(
      `/admin/complaints/${code}/status`,
      { status: "resolved", note: "" },
      { from: `/admin/complaints/${code}` },
    );
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("การปิดเรื่องต้องมีผลการดำเนินการ");

    const changed = await b.post(
      `/admin/complaints/${code}/status`,
      { status: "in_progress", note: "ส่งช่างไปตรวจสอบพรุ่งนี้" },
      { from: `/admin/complaints/${code}` },
    );
    expect(changed.status).toBe(303);
    expect(changed.location).toBe(`/admin/complaints/${code}?notice=status`);
    await t.bot.settle();
    const pushed = textOf(citizen.last());
    expect(pushed).toContain(code);
    expect(pushed).toContain("กำลังดำเนินการ");
    expect(pushed).toContain("ส่งช่างไปตรวจสอบพรุ่งนี้");
    expect(await audits("complaint.status")).toMatchObject([
      { actor: "console:somchai", subject: code, detail: { from: "received", to: "in_progress" } },
    ]);
    const after = await b.get(`/admin/complaints/${code}?notice=status`);
    expect(after.html).toContain("บันทึกสถานะแล้ว");
    expect(after.html).toContain("ส่งช่างไปตรวจสอบพรุ่งนี้");

    // Resolved with an after-photo (multipart), served back to the session only.
    const resolved = await b.post(
      `/admin/complaints/${code}/status`,
      { status: "resolved", note: "ซ่อมเรียบร้อย", photo: new Blob([JPEG], { type: "image/jpeg" }) },
      { from: `/admin/complaints/${code}` },
    );
    expect(resolved.status).toBe(303);
    await t.bot.settle();
    expect(citizen.messages().map(textOf).join("\n")).toContain("ซ่อมเรียบร้อย");
    expect(citizen.messages().some((m) => m.type === "image")).toBe(true); // the after-photo itself
    const closed = await b.get(`/admin/complaints/${code}`);
    expect(closed.html).not.toContain('data-testid="status-form"');
    // Before and after, each under its own heading: here the complainant sent none.
    expect(closed.html).toContain("<h2>ภาพหลังดำเนินการ</h2>");
    expect(closed.html).toContain('data-testid="complaint-photos-result"');
    expect(closed.html).not.toContain("ภาพจากผู้ร้อง");
    const photo = /src="(\/admin\/photos\/[^"]+)"/.exec(closed.html)?.[1] as string;
    expect(photo).toBeDefined();
    const image = await fetch(`${t.bot.url}${photo}`, {
      headers: { cookie: `prongsai_admin=${b.jar.get("prongsai_admin")}` },
    });
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/jpeg");
    expect((await browser().get(photo)).location).toBe("/admin/sign-in");
    const late = await b.post(
      `/admin/complaints/${code}/status`,
      { status: "rejected", note: "ซ้ำ" },
      { from: "/admin/complaints" },
    );
    expect(late.status).toBe(409);
  });

  it("a corruption complaint's pages carry no LINE id anywhere", async () => {
    const whistleblower = chatUser(t.bot, t.line, newLineUserId());
    t.line.double.setProfile(whistleblower.userId, { displayName: "ผู้แจ้งลับ" });
    const code = await fileComplaint(
      whistleblower,
      "ร้องเรียนการทุจริต",
      "เจ้าหน้าที่เรียกเงินเพิ่ม 2,000 บาทเพื่อเร่งอนุมัติใบอนุญาต",
    );
    expect(code).toMatch(/^C/);
    const b = await signedIn();
    const pages = [
      "/admin",
      "/admin/complaints",
      "/admin/complaints?track=corruption",
      `/admin/complaints/${code}`,
    ];
    for (const path of pages) {
      const page = await b.get(path);
      expect(page.status).toBe(200);
      expect(page.html).not.toMatch(LINE_ID);
      expect(page.html).not.toContain("ผู้แจ้งลับ");
    }
    const detail = await b.get(`/admin/complaints/${code}`);
    expect(detail.html).toContain("เรียกเงินเพิ่ม");
    expect(detail.html).toContain("เจ้าหน้าที่ตรวจสอบภายใน");
    await b.post(
      `/admin/complaints/${code}/status`,
      { status: "in_progress", note: "ตั้งกรรมการสอบข้อเท็จจริง" },
      { from: `/admin/complaints/${code}` },
    );
    await t.bot.settle();
    expect(textOf(whistleblower.last())).toContain("ตั้งกรรมการสอบข้อเท็จจริง");
    expect((await b.get(`/admin/complaints/${code}`)).html).not.toMatch(LINE_ID);
  });
});

describe("the other pages", () => {
  it("imports measures from CSV (every bad row listed, or all imported) and shows them", async () => {
    const b = await signedIn();
    const header = "ปีงบประมาณ,มาตรการ/แนวทาง,ตัวชี้วัด,วิธีการดำเนินการ,ผู้รับผิดชอบ,เริ่ม,สิ้นสุด,ตัวชี้วัดความสำเร็จ,งบประมาณ";
    const bad = [
      header,
      "2570,มาตรการดี,9,วิธีการ,สำนักปลัด,ต.ค. 2569,ก.ย. 2570,,",
      "2570,มาตรการเสีย,9,วิธีการ,กองที่ไม่มี,ต.ค. 2569,ก.ย. 2570,,",
    ].join("\n");
    const refused = await b.post(
      "/admin/measures/import",
      { csv: bad },
      { from: "/admin/measures/import", multipart: true },
    );
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('data-testid="import-error"');
    expect(refused.html).toContain("กองที่ไม่มี");
    const good = [
      header,
      "2570,เผยแพร่ข้อมูล <b>ข่าวสาร</b>,9,ประกาศทุกเดือน,สำนักปลัด,ต.ค. 2569,ก.ย. 2570,ร้อยละ 100,5000",
    ].join("\n");
    const file = new Blob([`\ufeff${good}`], { type: "text/csv" });
    const imported = await b.post("/admin/measures/import", { file }, { from: "/admin/measures/import" });
    expect(imported.status).toBe(303);
    expect(imported.location).toBe("/admin/measures/import?imported=1");
    expect(await audits("measures.import")).toMatchObject([
      { actor: "console:somchai", detail: { count: 1 } },
    ]);
    const list = await b.get("/admin/measures?fiscalYear=2570&indicator=9");
    expect(list.html).toContain('data-testid="measure-row"');
    expect(list.html).toContain("&lt;b&gt;ข่าวสาร&lt;/b&gt;");
    expect((await b.get("/admin/measures?fiscalYear=2570&indicator=1")).html).not.toContain(
      'data-testid="measure-row"',
    );
    const id = /data-testid="measure-row" data-id="([^"]+)"/.exec(list.html)?.[1];
    const detail = await b.get(`/admin/measures/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.html).toContain("ประกาศทุกเดือน");
    expect(detail.html).toContain("ยังไม่มีการรายงานความคืบหน้า");
  });

  it("units, categories, holidays, invites, settings, ITA, EIT and reports", async () => {
    const b = await signedIn();
    const invite = await b.post(
      "/admin/invites",
      { role: "executive", unitId: "" },
      { from: "/admin/invites" },
    );
    expect(invite.status).toBe(201);
    const code = /data-testid="invite-code">([^<]+)</.exec(invite.html)?.[1];
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(
      (await b.post("/admin/invites", { role: "staff", unitId: "" }, { from: "/admin/invites" })).status,
    ).toBe(400);

    const holiday = await b.post(
      "/admin/holidays",
      { date: "2026-12-05", name: "วันพ่อแห่งชาติ" },
      { from: "/admin/holidays" },
    );
    expect(holiday.status).toBe(303);
    expect((await b.get("/admin/holidays?fiscalYear=2570")).html).toContain("วันพ่อแห่งชาติ");
    expect((await b.post("/admin/holidays/2026-12-05/delete", {}, { from: "/admin/holidays" })).status).toBe(
      303,
    );
    expect((await b.get("/admin/holidays?fiscalYear=2570")).html).not.toContain("วันพ่อแห่งชาติ");

    const categories = await b.get("/admin/categories");
    expect(categories.html).toContain("ถนน/ทางเท้า");
    const units = (await adminApi(t.bot, "GET", "/units")).json.items as Array<{ id: string; name: string }>;
    const added = await b.post(
      "/admin/categories",
      { name: "ต้นไม้ล้ม", unitId: units[0]?.id as string, deadlineDays: "7", sortOrder: "5" },
      { from: "/admin/categories" },
    );
    expect(added.status).toBe(303);
    const listed = (await adminApi(t.bot, "GET", "/categories")).json.items;
    expect(listed).toContainEqual(expect.objectContaining({ name: "ต้นไม้ล้ม", deadlineDays: 7, active: true }));

    const badTime = await b.post(
      "/admin/settings/reminders",
      { digestWeekday: "1", digestTime: "25:00", nudgeTime: "09:00" },
      { from: "/admin/settings" },
    );
    expect(badTime.status).toBe(400);
    const saved = await b.post(
      "/admin/settings/reminders",
      { digestWeekday: "2", digestTime: "07:45", nudgeTime: "09:30" },
      { from: "/admin/settings" },
    );
    expect(saved.status).toBe(303);
    expect((await adminApi(t.bot, "GET", "/settings/reminders")).json).toEqual({
      digestWeekday: 2,
      digestTime: "07:45",
      nudgeTime: "09:30",
    });
    const drive = await b.post(
      "/admin/settings/eit-drive",
      { url: "https://itas.nacc.go.th/go/eit/abc", startDate: "2027-05-01", endDate: "2027-06-30" },
      { from: "/admin/settings" },
    );
    expect(drive.status).toBe(303);
    expect(
      await t.bot.deps.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actor, "console:somchai"), eq(auditLog.action, "settings.eit-drive")))
        .all(),
    ).toHaveLength(1);

    expect((await b.get("/admin/ita")).html).toContain("ยังไม่มีผลการประเมิน ITA");
    const scores = [95, 90, 88, 92, 80, 85, 70, 75, 60, 90];
    await adminApi(t.bot, "POST", "/ita-results", {
      fiscalYear: 2569,
      total: 82.5,
      indicators: scores.map((score, index) => ({ indicator: index + 1, score })),
    });
    const ita = await b.get("/admin/ita");
    expect(ita.html).toContain("82.50");
    expect(ita.html).toContain("ต่ำกว่าเกณฑ์");
    expect((await b.get("/admin/eit")).status).toBe(200);

    const reports = await b.get("/admin/reports?fiscalYear=2570");
    expect(reports.html).toContain('href="/admin/reports/measures.docx?fiscalYear=2570&amp;period=h1"');
    const xlsx = await b.get("/admin/reports/complaints.xlsx?fiscalYear=2570");
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    expect((await b.get("/admin/accounts")).html).toContain("somchai");
  });
});
