/**
 * Honest closure in the simulator, in headless Chromium against `npm start`'s simulator mode.
 * The detour: resolved → the citizen opens the details first (the question's quick replies are gone,
 * as in LINE) → the card still carries the buttons → types "ยังไม่แก้ไข" → reopened → resolved again
 * → taps "แก้ไขแล้ว" on the status card → rates. And a citizen who never answers: asked once more
 * after 3 working days, closed "not confirmed" after 10 (the schedule run with `at`, day by day).
 * Screenshots at 390 px of the status and detail cards go to test-results/screenshots/.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fixedHolidays } from "../../src/domain/thai-holidays";
import { addDays, type IsoDate, localDate } from "../../src/domain/thai-time";
import { addWorkingDays } from "../../src/domain/working-days";
import {
  type BrowserSession,
  describeInBrowser,
  launchBrowser,
  SCREENSHOT_DIR,
  saveScreenshot,
  VIEWPORTS,
  visibleText,
} from "../support/browser";
import { JPEG } from "../support/chat";
import { pickPort, type SimulatorServer, startSimulatorServer } from "../support/simulator-server";

const ADMIN_TOKEN = "e2e-admin-token-closure-0123456789";
const PORT = pickPort();
const ORIGIN = `http://localhost:${PORT}`;

let server: SimulatorServer | undefined;
let browser: BrowserSession;

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${ORIGIN}/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function resolve(code: string, note: string) {
  const answer = await api("POST", `/complaints/${code}/status`, {
    status: "resolved",
    note,
    photo: { base64: btoa(String.fromCharCode(...JPEG)) },
  });
  expect(answer.status).toBe(200);
}

describeInBrowser("honest closure in the simulator", () => {
  beforeAll(async () => {
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
      botMessages,
      lastCard: (): Locator => botMessages.last(),
      say: (text: string) =>
        afterBot(async () => {
          await root.locator('[data-testid="text-input"]').fill(text);
          await root.locator('[data-testid="send-button"]').click();
        }),
      tap: (label: string) =>
        afterBot(async () => {
          await root
            .locator(
              `[data-testid="quick-reply"][data-label="${label}"], [data-testid="flex-button"][data-label="${label}"]`,
            )
            .last()
            .click();
        }),
      /** Labels of the quick replies on show now (LINE shows only the latest message's). */
      quickReplies: async () =>
        root
          .locator('[data-testid="quick-reply"]')
          .evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-label"))),
      /** Labels of the buttons on the latest bot message. */
      buttons: async () =>
        botMessages
          .last()
          .locator('[data-testid="flex-button"]')
          .evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-label"))),
      lastBotText: async () => visibleText(botMessages.last()),
      ready: () => settled(0),
      log: () => visibleText(root.locator('[data-testid="chat-log"]')),
      waitFor: (text: string) =>
        expect
          .poll(() => visibleText(root.locator('[data-testid="chat-log"]')), { timeout: 20_000 })
          .toContain(text),
    };
  }

  async function fileComplaint(citizen: ReturnType<typeof pane>, description: string): Promise<string> {
    await citizen.say("ร้องเรียน");
    if ((await citizen.quickReplies()).includes("ยินยอม")) await citizen.tap("ยินยอม");
    await citizen.tap("ร้องทุกข์ทั่วไป");
    await citizen.tap("ถนน/ทางเท้า");
    await citizen.say(description);
    await citizen.tap("ข้าม");
    await citizen.tap("ข้าม");
    await citizen.tap("ยืนยัน");
    const code = /R\d{4}-\d{5}/.exec(await citizen.lastBotText())?.[0];
    if (!code) throw new Error("no tracking code");
    return code;
  }

  async function cardShot(page: Page, card: Locator, name: string) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: "disabled" });
    await saveScreenshot(page, `${name}-page`, { fullPage: false });
  }

  let sim: Page;
  let citizen: ReturnType<typeof pane>;

  it("the detour: details first, a typed no reopens it; resolved again, the card's yes, then a rating", async () => {
    sim = await browser.open(`${ORIGIN}/simulator`, VIEWPORTS.phone);
    await sim.locator('[data-testid="demo-setup"]').click();
    citizen = pane(sim, 1);
    await expect
      .poll(async () => citizen.root.locator('[data-testid="user-picker"]').inputValue())
      .not.toBe("");
    await citizen.ready();
    const code = await fileComplaint(citizen, "ถนนหน้าตลาดเป็นหลุมลึก อันตรายตอนกลางคืน");

    await resolve(code, "ปะผิวถนนเรียบร้อยแล้ว");
    await citizen.waitFor("ปัญหาได้รับการแก้ไขแล้วหรือไม่");
    await expect.poll(() => citizen.quickReplies()).toEqual(["แก้ไขแล้ว", "ยังไม่แก้ไข"]);

    // The detour: "ดูรายละเอียด" on the status card first. The quick replies are gone…
    await citizen.tap("ดูรายละเอียด");
    expect(await citizen.quickReplies()).toEqual([]);
    // …but the detail card asks, with its own buttons.
    expect(await citizen.lastBotText()).toContain("ปัญหาได้รับการแก้ไขแล้วหรือไม่");
    expect(await citizen.buttons()).toEqual(["แก้ไขแล้ว", "ยังไม่แก้ไข", "ดูภาพ"]);
    await cardShot(sim, citizen.lastCard(), "closure-1-detail-card-awaiting");

    await citizen.say("ยังไม่แก้ไข");
    await citizen.waitFor(`เปิดเรื่อง ${code} อีกครั้งแล้ว`);
    expect((await api("GET", `/complaints/${code}`)).json).toMatchObject({
      status: "in_progress",
      reopenCount: 1,
    });

    await resolve(code, "ปะผิวถนนใหม่ทั้งช่วง");
    await citizen.waitFor("ปะผิวถนนใหม่ทั้งช่วง");
    await citizen.say("ติดตามเรื่อง");
    expect(await citizen.buttons()).toEqual(["แก้ไขแล้ว", "ยังไม่แก้ไข", "ดูรายละเอียด"]);
    await cardShot(sim, citizen.lastCard(), "closure-2-status-card-awaiting");
    await citizen.tap("แก้ไขแล้ว");
    expect(await citizen.lastBotText()).toContain("ขอบคุณที่ยืนยัน");
    // Another detour before rating: the detail card offers the rating.
    await citizen.say(`ติดตามเรื่อง ${code}`);
    expect(await citizen.buttons()).toEqual(["ให้คะแนนความพึงพอใจ", "ดูภาพ"]);
    await cardShot(sim, citizen.lastCard(), "closure-3-detail-card-rating");
    await citizen.tap("ให้คะแนนความพึงพอใจ");
    await citizen.tap("4 ดี");
    expect(await citizen.lastBotText()).toContain("ขอบคุณสำหรับคะแนน 4 จาก 5");
    expect((await api("GET", `/complaints/${code}`)).json).toMatchObject({
      status: "resolved",
      reopenCount: 1,
      fixed: true,
      rating: 4,
    });
    await citizen.say(`ติดตามเรื่อง ${code}`);
    expect(await citizen.buttons()).toEqual(["ดูภาพ"]); // the after-photos stay viewable
    await cardShot(sim, citizen.lastCard(), "closure-4-detail-card-done");
  }, 120_000);

  it("never answered: asked once more after 3 working days, closed not confirmed after 10", async () => {
    const code = await fileComplaint(citizen, "ไฟถนนหน้าโรงเรียนดับทั้งแนว");
    await resolve(code, "เปลี่ยนหลอดไฟแล้ว");
    await citizen.waitFor("เปลี่ยนหลอดไฟแล้ว");
    const resolvedOn = localDate(Date.now(), "Asia/Bangkok");
    const year = Number(resolvedOn.slice(0, 4));
    const holidays = new Set<IsoDate>(
      [...fixedHolidays(year), ...fixedHolidays(year + 1)].map((holiday) => holiday.date),
    );
    const askDay = addWorkingDays(resolvedOn, 3, holidays);
    const closeDay = addWorkingDays(resolvedOn, 10, holidays);

    const seen: Array<[IsoDate, string, string]> = [];
    for (let date = addDays(resolvedOn, 1); date <= addDays(closeDay, 2); date = addDays(date, 1)) {
      for (const time of ["10:00", "10:01"]) {
        const run = await api("POST", `/reminders/run?at=${encodeURIComponent(`${date}T${time}:00+07:00`)}`);
        expect(run.status).toBe(200);
        for (const sent of run.json.sent as Array<{ kind: string; summary: string }>) {
          if (sent.kind.startsWith("fix_") && sent.summary.startsWith(code))
            seen.push([date, sent.kind, sent.summary]);
        }
      }
      if (date === askDay) {
        await citizen.waitFor(`เรื่อง ${code} (ถนน/ทางเท้า) ดำเนินการแล้วเสร็จ แต่เรายังไม่ได้รับคำตอบจากคุณ`);
        await expect.poll(() => citizen.quickReplies()).toEqual(["แก้ไขแล้ว", "ยังไม่แก้ไข"]);
      }
    }
    expect(seen.map(([date, kind]) => [date, kind])).toEqual([
      [askDay, "fix_question"],
      [closeDay, "fix_unconfirmed"],
    ]);
    await citizen.waitFor(`เรื่อง ${code} ปิดแล้ว เนื่องจากเราไม่ได้รับคำตอบจากคุณ`);
    const detail = (await api("GET", `/complaints/${code}`)).json;
    expect(detail).toMatchObject({ status: "resolved", fixed: null, rating: null });
    expect(detail.history.at(-1)).toMatchObject({ status: "resolved", by: "ระบบ" });
    expect(detail.history.at(-1).note).toContain("ไม่ได้รับการยืนยันจากผู้ร้อง");

    // The card asks no more; a late answer is not taken.
    await citizen.say(`ติดตามเรื่อง ${code}`);
    expect(await citizen.buttons()).toEqual(["ดูภาพ"]);
    await cardShot(sim, citizen.lastCard(), "closure-5-detail-card-unconfirmed");
    await citizen.say("แก้ไขแล้ว");
    expect(await citizen.lastBotText()).toContain("ไม่เข้าใจ");
    expect((await api("GET", `/complaints/${code}`)).json.fixed).toBeNull();

    expect(browser.blockedRequests).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  }, 120_000);
});
