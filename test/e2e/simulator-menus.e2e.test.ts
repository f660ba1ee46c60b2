/**
 * The simulator as a newcomer meets it, in headless Chromium at phone width against `npm start`'s
 * simulator mode: the citizen's rich menu below the chat, a tap on it sends its keyword, an invite typed
 * in chat turns the citizen into staff (badge and menu follow, also after a reload), and the transparency
 * page shows how to add the OA. Screenshots go to test-results/screenshots/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RICH_MENU_KEYWORDS } from "../../src/line/rich-menus";
import {
  type BrowserSession,
  describeInBrowser,
  launchBrowser,
  saveScreenshot,
  VIEWPORTS,
  visibleText,
} from "../support/browser";
import { pickPort, type SimulatorServer, startSimulatorServer } from "../support/simulator-server";

const ADMIN_TOKEN = "e2e-admin-token-menus-0123456789";
const PORT = pickPort();
const ORIGIN = `http://localhost:${PORT}`;

let server: SimulatorServer | undefined;
let browser: BrowserSession;

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${ORIGIN}/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

const areaLabels = (page: Page) =>
  page
    .locator('[data-testid="pane-1"] [data-testid="menu-area"]')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-label")));

describeInBrowser("a newcomer's first hour in the simulator", () => {
  beforeAll(async () => {
    server = await startSimulatorServer({ port: PORT, adminToken: ADMIN_TOKEN, orgName: "เทศบาลตำบลทดลอง" });
    browser = await launchBrowser({ allowedOrigin: ORIGIN });
  });

  afterAll(async () => {
    await browser?.close();
    server?.stop();
  });

  it("prints the simulator, console and transparency addresses", async () => {
    const stdout = () => server?.stdout() ?? "";
    await expect.poll(stdout, { timeout: 10_000 }).toContain("/transparency");
    expect(stdout()).toContain(`http://localhost:${PORT}/simulator`);
    expect(stdout()).toContain(`http://localhost:${PORT}/admin`);
    expect(stdout()).toContain(`http://localhost:${PORT}/transparency`);
  });

  it("draws the citizen menu, sends a tapped keyword, and follows a role given by invite", async () => {
    const page = await browser.open(`${ORIGIN}/simulator`, VIEWPORTS.phone);
    const pane = page.locator('[data-testid="pane-1"]');
    await pane.locator('[data-testid="new-user-name"]').fill("สมหญิง ใจดี");
    await pane.locator('[data-testid="new-user-submit"]').click();
    const menu = pane.locator('[data-testid="rich-menu"]');
    await menu.waitFor({ state: "visible" });
    await expect.poll(() => areaLabels(page)).toEqual([...RICH_MENU_KEYWORDS.citizen]);
    await expect.poll(() => visibleText(pane.locator('[data-testid="role-badge"]'))).toBe("ประชาชน");
    // The image has loaded and fills the pane's width.
    await expect
      .poll(() => menu.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(2500);
    const box = await menu.locator("img").boundingBox();
    expect(Math.round(box?.width ?? 0)).toBe(VIEWPORTS.phone.width);
    await pane.locator('[data-testid="message"][data-from="bot"]').first().waitFor();
    await saveScreenshot(page, "simulator-citizen-menu-phone");

    // A tap on a tile sends its keyword as the user, and the bot answers it.
    const bot = pane.locator('[data-testid="message"][data-from="bot"]');
    const before = await bot.count();
    await pane.locator('[data-testid="menu-area"][data-label="ติดตามเรื่อง"]').click();
    await expect
      .poll(() => pane.locator('[data-testid="message"][data-from="user"]').last().textContent())
      .toBe("ติดตามเรื่อง");
    await expect.poll(() => bot.count()).toBeGreaterThan(before);

    // The menu bar folds the menu away and back, as LINE's chat bar does.
    await pane.locator('[data-testid="menu-bar"]').click();
    await expect.poll(() => pane.locator('[data-testid="rich-menu-board"]').isVisible()).toBe(false);
    await pane.locator('[data-testid="menu-bar"]').click();
    await expect.poll(() => pane.locator('[data-testid="rich-menu-board"]').isVisible()).toBe(true);

    // An admin's invite, typed in chat: the badge and the menu become the staff member's.
    const units = (await admin("GET", "/units")) as { items: Array<{ id: string; name: string }> };
    const unit = units.items.find((u) => u.name === "กองช่าง");
    const invite = (await admin("POST", "/invites", { role: "staff", unitId: unit?.id })) as { code: string };
    await pane.locator('[data-testid="text-input"]').fill(`ลงทะเบียน ${invite.code}`);
    await pane.locator('[data-testid="send-button"]').click();
    await expect
      .poll(() => visibleText(pane.locator('[data-testid="role-badge"]')), { timeout: 15_000 })
      .toBe("เจ้าหน้าที่ · กองช่าง");
    await expect.poll(() => areaLabels(page), { timeout: 15_000 }).toEqual([...RICH_MENU_KEYWORDS.staff]);
    // The newest message is in view.
    const log = pane.locator('[data-testid="chat-log"]');
    await expect
      .poll(() => log.evaluate((node) => node.scrollHeight - node.scrollTop - node.clientHeight))
      .toBeLessThan(4);
    await saveScreenshot(page, "simulator-staff-menu-phone");

    await page.reload();
    await expect
      .poll(() => visibleText(page.locator('[data-testid="pane-1"] [data-testid="role-badge"]')))
      .toBe("เจ้าหน้าที่ · กองช่าง");
    await expect.poll(() => areaLabels(page)).toEqual([...RICH_MENU_KEYWORDS.staff]);
    expect(browser.consoleErrors).toEqual([]);
    await page.close();
  });

  it("the demo set-up gives the staff member measures to open from the menu", async () => {
    const page = await browser.open(`${ORIGIN}/simulator`, VIEWPORTS.desktop);
    await page.locator('[data-testid="demo-setup"]').click();
    const staff = page.locator('[data-testid="pane-2"]');
    await expect
      .poll(() => visibleText(staff.locator('[data-testid="role-badge"]')), { timeout: 15_000 })
      .toBe("เจ้าหน้าที่ · กองช่าง");
    await expect
      .poll(() => staff.locator('[data-testid="menu-area"]').count(), { timeout: 15_000 })
      .toBe(RICH_MENU_KEYWORDS.staff.length);
    await staff.locator('[data-testid="menu-area"][data-label="มาตรการ"]').click();
    await expect
      .poll(() => visibleText(staff.locator('[data-testid="chat-log"]')), { timeout: 15_000 })
      .toContain("มาตรการยกระดับการป้องกันการทุจริต");
    await saveScreenshot(page, "simulator-demo-measures-desktop");

    // Logging progress: the date step's picker is a native date input that sends LINE's postback.
    await staff.locator('[data-testid="flex-button"][data-label="บันทึกความก้าวหน้า"]').first().click();
    await expect
      .poll(() => visibleText(staff.locator('[data-testid="chat-log"]')), { timeout: 15_000 })
      .toContain("ดำเนินการอะไรไปแล้วบ้าง");
    await staff.locator('[data-testid="text-input"]').fill("ประชุมชี้แจงบุคลากรครบทุกกอง");
    await staff.locator('[data-testid="send-button"]').click();
    await staff.locator('[data-testid="quick-reply"][data-label="เลือกวันที่"]').click({ timeout: 15_000 });
    const picker = staff.locator('[data-testid="date-input"]');
    expect(await picker.getAttribute("max")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await staff.locator('[data-testid="date-send"]').click();
    await expect
      .poll(() => visibleText(staff.locator('[data-testid="chat-log"]')), { timeout: 15_000 })
      .toContain("ความก้าวหน้ากี่เปอร์เซ็นต์");
    await saveScreenshot(page, "simulator-date-picker-desktop");
    await page.close();
  });

  it("the transparency page shows the LINE ID, the add-friend link and the QR code", async () => {
    const page = await browser.open(`${ORIGIN}/transparency`, VIEWPORTS.phone);
    expect(await visibleText(page.locator('[data-testid="line-id"]'))).toMatch(/^@/);
    expect(await page.locator('[data-testid="add-friend"]').getAttribute("href")).toMatch(
      /^https:\/\/line\.me\/R\/ti\/p\/%40/,
    );
    const qr = await page.locator('[data-testid="line-qr"]').boundingBox();
    expect(qr?.width).toBeGreaterThan(100);
    await page.locator('[data-testid="line-oa"]').scrollIntoViewIfNeeded();
    await saveScreenshot(page, "transparency-line-oa-phone", { fullPage: false });
    await page.close();
  });
});
