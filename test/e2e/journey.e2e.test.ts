/**
 * The three web pages together, as people use them, in headless Chromium against `npm start`'s
 * simulator mode: a citizen files a complaint in the simulator by clicking; an admin signs in to the
 * console, finds it and moves it to in_progress; the simulator shows the push; the transparency page
 * counts it. Screenshots of the three pages go to test-results/screenshots/.
 */
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type BrowserSession,
  describeInBrowser,
  launchBrowser,
  saveScreenshot,
  VIEWPORTS,
  visibleText,
} from "../support/browser";
import { pickPort, type SimulatorServer, startSimulatorServer } from "../support/simulator-server";

const ADMIN_TOKEN = "e2e-admin-token-0123456789";
const PORT = pickPort();
const ORIGIN = `http://localhost:${PORT}`;

let server: SimulatorServer | undefined;
let browser: BrowserSession;

describeInBrowser("journey across the simulator, the console and the transparency page", () => {
  beforeAll(async () => {
    // Simulator mode exactly as `npm start` runs it (no LINE credentials), from the sources.
    server = await startSimulatorServer({ port: PORT, adminToken: ADMIN_TOKEN, orgName: "เทศบาลตำบลทดลอง" });
    browser = await launchBrowser({ allowedOrigin: ORIGIN });
  });

  afterAll(async () => {
    await browser?.close();
    server?.stop();
  });

  /** Inside one chat pane of the simulator. */
  function pane(page: Page, n: number) {
    const root = page.locator(`[data-testid="pane-${n}"]`);
    const botMessages = root.locator('[data-testid="message"][data-from="bot"]');
    /** Until the bot has said something new and then nothing more for a moment (its whole answer). */
    async function settled(before: number) {
      await expect.poll(() => botMessages.count(), { timeout: 15_000 }).toBeGreaterThan(before);
      let last = -1;
      for (let stable = 0; stable < 3; ) {
        await new Promise((r) => setTimeout(r, 250));
        const now = await botMessages.count();
        stable = now === last ? stable + 1 : 0;
        last = now;
      }
    }
    async function afterBot(act: () => Promise<void>) {
      const before = await botMessages.count();
      await act();
      await settled(before);
    }
    return {
      root,
      say: (text: string) =>
        afterBot(async () => {
          await root.locator('[data-testid="text-input"]').fill(text);
          await root.locator('[data-testid="send-button"]').click();
        }),
      tap: (label: string) =>
        afterBot(async () => {
          const choice: Locator = root
            .locator(
              `[data-testid="quick-reply"][data-label="${label}"], [data-testid="flex-button"][data-label="${label}"]`,
            )
            .last();
          await choice.click();
        }),
      lastBotText: async () => visibleText(botMessages.last()),
      /** The welcome and registration messages of the demo set-up have all arrived. */
      ready: () => settled(0),
      log: () => visibleText(root.locator('[data-testid="chat-log"]')),
    };
  }

  it("a complaint filed by clicking, moved on in the console, reaches the citizen and the public page", async () => {
    // 1. The citizen, in the simulator.
    const sim = await browser.open(`${ORIGIN}/simulator`, VIEWPORTS.desktop);
    await sim.locator('[data-testid="demo-setup"]').click();
    const citizen = pane(sim, 1);
    await expect
      .poll(async () => citizen.root.locator('[data-testid="user-picker"]').inputValue())
      .not.toBe("");
    await citizen.ready();
    await citizen.say("ร้องเรียน");
    await citizen.tap("ยินยอม");
    await citizen.tap("ร้องทุกข์ทั่วไป");
    await citizen.tap("ถนน/ทางเท้า");
    await citizen.say("ถนนหน้าตลาดเป็นหลุมลึก <b>อันตราย</b> ตอนกลางคืน");
    await citizen.tap("ข้าม");
    await citizen.tap("ข้าม");
    await citizen.tap("ยืนยัน");
    const receipt = await citizen.lastBotText();
    expect(receipt).toContain("รับเรื่องแล้ว");
    const code = /R\d{4}-\d{5}/.exec(receipt)?.[0];
    expect(code).toBeDefined();
    await saveScreenshot(sim, "journey-1-simulator-receipt");

    // 2. The admin, in the console: the first account through ADMIN_TOKEN, then a normal sign-in.
    const admin = await browser.open(`${ORIGIN}/admin`, VIEWPORTS.desktop);
    await admin.locator('[data-testid="token-form"] input[name="token"]').fill(ADMIN_TOKEN);
    await admin.locator('[data-testid="token-submit"]').click();
    await admin.locator('[data-testid="account-form"] input[name="username"]').fill("somsri");
    await admin.locator('[data-testid="account-form"] input[name="password"]').fill("a-long-passphrase-2570");
    await admin.locator('[data-testid="account-submit"]').click();
    await admin.goto(`${ORIGIN}/admin/sign-in`);
    await admin.locator('[data-testid="sign-in-form"] input[name="username"]').fill("somsri");
    await admin.locator('[data-testid="sign-in-form"] input[name="password"]').fill("a-long-passphrase-2570");
    await admin.locator('[data-testid="sign-in-submit"]').click();
    await admin.goto(`${ORIGIN}/admin/complaints`);
    const row = admin.locator(`[data-testid="complaint-row"][data-code="${code}"]`);
    await row.locator("a").first().click();
    // The citizen's markup is text, not markup.
    expect(await visibleText(admin.locator('[data-testid="complaint-description"]'))).toContain(
      "<b>อันตราย</b>",
    );
    await admin.locator('[data-testid="status-form"] select[name="status"]').selectOption("in_progress");
    await admin.locator('[data-testid="status-form"] textarea[name="note"]').fill("ส่งช่างไปตรวจสอบพรุ่งนี้เช้า");
    await admin.locator('[data-testid="status-submit"]').click();
    await admin.locator('[data-testid="notice-ok"]').waitFor();
    await saveScreenshot(admin, "journey-2-console-complaint");

    // 3. The push arrives in the simulator, live.
    await expect.poll(() => citizen.log(), { timeout: 20_000 }).toContain("ส่งช่างไปตรวจสอบพรุ่งนี้เช้า");
    expect(await citizen.log()).toContain("กำลังดำเนินการ");
    await saveScreenshot(sim, "journey-3-simulator-push");

    // 4. The public page counts it, with nothing personal.
    const open = await browser.open(`${ORIGIN}/transparency`, VIEWPORTS.phone);
    const statistics = await visibleText(open.locator("#statistics"));
    expect(statistics).toMatch(/รับเรื่อง[\s\S]*1/);
    const page = await open.content();
    expect(page).not.toContain("อันตราย");
    expect(page).not.toMatch(/U[0-9a-f]{32}/);
    await saveScreenshot(open, "journey-4-transparency");

    expect(browser.blockedRequests).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  });
});
