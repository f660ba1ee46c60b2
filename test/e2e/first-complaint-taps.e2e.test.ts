/**
 * A first-time complaint with a photo and a location, filed in the simulator at phone width the way a
 * citizen does it in LINE: every tap goes through one counter, and only visible controls are tapped (a
 * rich-menu tile, quick replies, Flex buttons, the place picker, the photo picker). Issue 14's target:
 * consent included, at most 10 taps and one typed message.
 */
import type { Locator } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type BrowserSession,
  describeInBrowser,
  launchBrowser,
  saveScreenshot,
  VIEWPORTS,
} from "../support/browser";
import { pickPort, type SimulatorServer, startSimulatorServer } from "../support/simulator-server";

const PORT = pickPort();
const ORIGIN = `http://localhost:${PORT}`;
/** The smallest valid PNG (1×1). */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

let server: SimulatorServer | undefined;
let browser: BrowserSession;

describeInBrowser("a citizen's first complaint", () => {
  beforeAll(async () => {
    server = await startSimulatorServer({ port: PORT, adminToken: "e2e-admin-token-taps-0123456789" });
    browser = await launchBrowser({ allowedOrigin: ORIGIN });
  });

  afterAll(async () => {
    await browser?.close();
    server?.stop();
  });

  it("with a photo and a place takes at most 10 taps and one typed message, consent included", async () => {
    const page = await browser.open(`${ORIGIN}/simulator`, VIEWPORTS.phone);
    const pane = page.locator('[data-testid="pane-1"]');
    await pane.locator('[data-testid="new-user-name"]').fill("สมหญิง ใจดี");
    await pane.locator('[data-testid="new-user-submit"]').click();
    const botMessages = pane.locator('[data-testid="message"][data-from="bot"]');
    await botMessages.first().waitFor(); // the welcome card

    let taps = 0;
    let typed = 0;
    /** One tap by the citizen, then wait for the bot's answer when one is due. */
    async function tap(target: Locator, answered = true) {
      const before = await botMessages.count();
      taps++;
      await target.click();
      if (answered) await expect.poll(() => botMessages.count(), { timeout: 15_000 }).toBeGreaterThan(before);
    }
    const choice = (label: string) =>
      pane
        .locator(
          `[data-testid="quick-reply"][data-label="${label}"], [data-testid="flex-button"][data-label="${label}"]`,
        )
        .last();

    await tap(pane.locator('[data-testid="menu-area"][data-label="ร้องเรียน"]'));
    await tap(choice("ยินยอม"));
    await tap(choice("ร้องทุกข์ทั่วไป"));
    await tap(choice("ถนน/ทางเท้า"));
    {
      const before = await botMessages.count();
      typed++;
      await pane.locator('[data-testid="text-input"]').fill("ถนนหน้าตลาดเป็นหลุมลึก อันตรายตอนกลางคืน");
      await pane.locator('[data-testid="send-button"]').click();
      await expect.poll(() => botMessages.count()).toBeGreaterThan(before);
    }
    // The place: LINE's location action opens the picker; choosing a place sends it.
    await tap(choice("ส่งตำแหน่ง"), false);
    await tap(pane.locator('[data-testid="location-option"]').first());
    // The photo: the gallery quick reply opens the picker; choosing a photo sends it.
    const chooser = page.waitForEvent("filechooser");
    await tap(choice("เลือกรูป"), false);
    const before = await botMessages.count();
    taps++; // choosing the photo in the picker
    await (await chooser).setFiles({ name: "road.png", mimeType: "image/png", buffer: PNG });
    await expect.poll(() => botMessages.count(), { timeout: 15_000 }).toBeGreaterThan(before);
    await tap(choice("เสร็จ"));
    await tap(choice("ยืนยัน"));

    await expect
      .poll(async () => (await botMessages.last().textContent()) ?? "", { timeout: 15_000 })
      .toMatch(/R\d{4}-\d{5}/);
    await saveScreenshot(page, "first-complaint-receipt-phone");
    expect(typed).toBe(1);
    expect(taps).toBeLessThanOrEqual(10);
    console.log(`first complaint with a photo and a place: ${taps} taps, ${typed} typed message`);
  });
});
