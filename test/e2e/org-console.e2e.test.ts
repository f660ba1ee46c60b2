/**
 * An organisation's console at `/o/:org/admin`, in headless Chromium: its first admin signs in with
 * the organisation's admin token, creates an account, signs in with it and finds the complaint filed
 * through the organisation's own webhook. Every link, form, stylesheet and picture the pages use stays
 * under `/o/<org>/admin`; the session cookie is scoped there, so the other organisation's console and
 * the default one's ask for a sign-in. Screenshots go to test-results/screenshots/.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { newLineUserId, newMessageId } from "../../src/simulator/webhook-events";
import { startTestBot, type TestBot } from "../support/bot";
import {
  type BrowserSession,
  describeInBrowser,
  launchBrowser,
  saveScreenshot,
  VIEWPORTS,
  visibleText,
} from "../support/browser";
import { chatUser, textOf } from "../support/chat";
import { type RunningDouble, startDouble } from "../support/double";
import { consoleRootOf, createOrg, ORG_A, ORG_B, orgAdminApi, orgBot } from "../support/platform";

const A = ORG_A;
const B = ORG_B;
const DESCRIPTION = "ไฟถนนหน้าวัดอัลฟาดับทั้งซอยมาสามคืนแล้ว";
const PASSWORD = "a-long-passphrase-2570";

let line: RunningDouble;
let bot: TestBot;
let browser: BrowserSession;
let code = "";

/** Every address the page uses: links, form actions, the stylesheet, pictures. */
const addresses = (page: Page) =>
  page.$$eval("[href], [action], [src]", (elements) =>
    elements.map((e) => e.getAttribute("href") ?? e.getAttribute("action") ?? e.getAttribute("src") ?? ""),
  );

describeInBrowser("an organisation's console under /o/:org/admin", () => {
  beforeAll(async () => {
    line = await startDouble();
    bot = await startTestBot(line, { platform: true });
    await createOrg(bot, A);
    await createOrg(bot, B);
    expect((await orgAdminApi(bot, B, "POST", "/units", { name: "กองเบตาเท่านั้น" })).status).toBe(201);
    // A complaint with a photo, through A's own webhook.
    const citizen = chatUser(await orgBot(bot, A), line, newLineUserId());
    await citizen.say("ร้องเรียน");
    await citizen.tap("ยินยอม");
    await citizen.tap("ร้องทุกข์ทั่วไป");
    await citizen.tap("ไฟฟ้าส่องสว่าง");
    await citizen.say(DESCRIPTION);
    await citizen.tap("ข้าม");
    const messageId = newMessageId();
    // A real picture (the chat's own menu image), so the browser can draw it.
    const picture = readFileSync(new URL("../../assets/richmenu/citizen.png", import.meta.url));
    line.double.setContent(messageId, new Uint8Array(picture), "image/png");
    await citizen.send({ type: "image", messageId });
    await citizen.tap("เสร็จ");
    code = /R\d{4}-\d{5}/.exec(textOf((await citizen.tap("ยืนยัน")).at(-1)))?.[0] ?? "";
    expect(code).not.toBe("");
    browser = await launchBrowser({ allowedOrigin: bot.url });
  });

  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await line?.close();
  });

  it("signs in with A's admin token, shows A's complaint, and never leaves /o/abt-alpha/admin", async () => {
    const root = consoleRootOf(A);
    const page = await browser.open(`${bot.url}${root}`, VIEWPORTS.desktop);
    expect(new URL(page.url()).pathname).toBe(`${root}/sign-in`);
    expect(await visibleText(page.locator("main"))).toContain(A.name);
    await saveScreenshot(page, "org-console-1-sign-in");

    // The first account, through A's admin token; then a normal sign-in.
    await page.locator('[data-testid="token-form"] input[name="token"]').fill(A.adminToken);
    await page.locator('[data-testid="token-submit"]').click();
    expect(new URL(page.url()).pathname).toBe(`${root}/accounts/new`);
    await page.locator('[data-testid="account-form"] input[name="username"]').fill("somsri");
    await page.locator('[data-testid="account-form"] input[name="password"]').fill(PASSWORD);
    await page.locator('[data-testid="account-submit"]').click();
    expect(new URL(page.url()).pathname).toBe(`${root}/sign-in`);
    await page.locator('[data-testid="sign-in-form"] input[name="username"]').fill("somsri");
    await page.locator('[data-testid="sign-in-form"] input[name="password"]').fill(PASSWORD);
    await page.locator('[data-testid="sign-in-submit"]').click();
    expect(new URL(page.url()).pathname).toBe(root);
    expect(await visibleText(page.locator("header.top"))).toContain(A.name);
    // The stylesheet came from A's console and applies (the menu is laid out as a bar, not a list).
    expect(await page.evaluate(() => document.styleSheets[0]?.href ?? "")).toBe(
      `${bot.url}${root}/assets/console.css`,
    );
    await saveScreenshot(page, "org-console-2-overview");
    for (const address of await addresses(page)) expect(address.startsWith(`${root}`), address).toBe(true);

    // Through the menu to A's complaint, its photo shown from A's console.
    await page.locator("nav.main a", { hasText: "เรื่องร้องเรียน" }).click();
    expect(new URL(page.url()).pathname).toBe(`${root}/complaints`);
    await page.locator(`a[href="${root}/complaints/${code}"]`).click();
    expect(await visibleText(page.locator('[data-testid="complaint-description"]'))).toContain(DESCRIPTION);
    const photo = page.locator(`img[src^="${root}/photos/"]`);
    await photo.waitFor();
    await expect
      .poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(2500);
    await saveScreenshot(page, "org-console-3-complaint");
    for (const address of await addresses(page)) expect(address.startsWith(`${root}`), address).toBe(true);

    // A's units page has none of B's.
    await page.locator("nav.main a", { hasText: "หน่วยงาน" }).click();
    expect(await visibleText(page.locator("main"))).not.toContain("กองเบตาเท่านั้น");

    // The session cookie is A's console's only: B's console and the default one ask for a sign-in.
    const cookies = (await browser.context.cookies()).filter((cookie) => cookie.name === "prongsai_admin");
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({
      path: root,
      httpOnly: true,
      sameSite: "Strict",
    });
    for (const other of [consoleRootOf(B), "/admin"]) {
      await page.goto(`${bot.url}${other}/units`);
      expect(new URL(page.url()).pathname).toBe(`${other}/sign-in`);
    }
    await page.goto(`${bot.url}${consoleRootOf(B)}`);
    expect(await visibleText(page.locator("main"))).toContain(B.name);
    await saveScreenshot(page, "org-console-4-other-org-sign-in");
    await page.close();

    expect(browser.consoleErrors).toEqual([]);
    expect(browser.blockedRequests).toEqual([]);
  });
});
