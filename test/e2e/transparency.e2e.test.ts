import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { atomic } from "../../src/db/client";
import {
  fileComplaintStatements,
  findComplaintByEvent,
  statusChangeStatements,
} from "../../src/db/repos/complaints.repo";
import { insertMeasures } from "../../src/db/repos/measures.repo";
import type { ComplaintStatus } from "../../src/domain/complaints";
import { adminApi } from "../support/admin";
import { startTestBot, type TestBot } from "../support/bot";
import {
  type BrowserSession,
  describeInBrowser,
  launchBrowser,
  saveScreenshot,
  VIEWPORTS,
  visibleText,
} from "../support/browser";
import { type RunningDouble, startDouble } from "../support/double";

/** Thursday 20 May 2027, 10:00 in Bangkok: fiscal year 2570 runs, its six-month round is over. */
const NOW = Date.parse("2027-05-20T10:00:00+07:00");
const DAY = 86_400_000;
const MONTH_STARTS = ["2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05"];
const CATEGORIES = ["ถนน/ทางเท้า", "ไฟฟ้าส่องสว่าง", "น้ำประปา", "ขยะและสิ่งแวดล้อม"];
const COMPLAINTS = 60;

/** Complaint `i` of the prepared dataset: when, which track, and what became of it. */
const plan = (i: number): { corruption: boolean; month: number; outcome: ComplaintStatus } => ({
  corruption: i % 10 === 0,
  month: i % MONTH_STARTS.length,
  outcome: i % 3 === 0 ? "resolved" : i % 3 === 1 ? "in_progress" : i % 5 === 0 ? "rejected" : "received",
});
const expected = (() => {
  const all = Array.from({ length: COMPLAINTS }, (_, i) => plan(i));
  return {
    received: all.length,
    resolved: all.filter((c) => c.outcome === "resolved").length,
    open: all.filter((c) => c.outcome === "in_progress" || c.outcome === "received").length,
    corruption: all.filter((c) => c.corruption).length,
  };
})();

let line: RunningDouble;
let bot: TestBot;
let browser: BrowserSession;

async function prepare() {
  const db = bot.deps.db;
  const units = (await adminApi(bot, "GET", "/units")).json.items as Array<{ id: string; name: string }>;
  const u = Object.fromEntries(units.map((unit) => [unit.name, unit.id])) as Record<string, string>;
  const measure = (
    id: string,
    title: string,
    unit: string,
    status: "not_started" | "in_progress" | "done" | "cannot_do",
    percent: number,
  ) => ({
    id,
    unitIds: [u[unit] as string],
    fiscalYear: 2570,
    title,
    indicators: [9],
    method: "ดำเนินการตามแผน",
    startMonth: "2026-10",
    endMonth: "2027-09",
    status,
    percent,
    createdAt: NOW - 200 * DAY,
  });
  await atomic(
    db,
    insertMeasures(db, [
      measure("m1", "เปิดเผยข้อมูลการจัดซื้อจัดจ้างบนเว็บไซต์ของหน่วยงาน", "กองคลัง", "done", 100),
      measure("m2", "ประกาศเจตนารมณ์ No Gift Policy จากการปฏิบัติหน้าที่", "สำนักปลัด", "in_progress", 60),
      measure("m3", "อบรมเสริมสร้างคุณธรรมจริยธรรมให้บุคลากร", "สำนักปลัด", "not_started", 0),
      measure("m4", "จัดทำคู่มือการปฏิบัติงานด้านการร้องเรียน", "กองช่าง", "cannot_do", 20),
    ]),
  );
  for (let i = 0; i < COMPLAINTS; i++) {
    const { corruption, month, outcome } = plan(i);
    const createdAt = Date.parse(
      `${MONTH_STARTS[month]}-${String(1 + (i % 15)).padStart(2, "0")}T10:00:00+07:00`,
    );
    const event = `e2e-${i}`;
    await atomic(
      db,
      fileComplaintStatements(db, {
        sourceEventId: event,
        track: corruption ? "corruption" : "general",
        fiscalYear: 2570,
        categoryId: null,
        category: corruption ? "การทุจริตและประพฤติมิชอบ" : (CATEGORIES[i % CATEGORIES.length] as string),
        description: "รายละเอียดที่ไม่ควรปรากฏบนหน้าเว็บ",
        location: null,
        routedUnitId: null,
        anonymous: corruption,
        createdAt,
        dueDate: new Date(createdAt + 21 * DAY).toISOString().slice(0, 10),
        lineUserId: `U${String(i).padStart(32, "0")}`,
        photos: [],
        receivedBy: "ระบบ",
        receivedNote: "",
      }),
    );
    if (outcome === "received") continue;
    const complaint = await findComplaintByEvent(db, event);
    if (!complaint) throw new Error(`no complaint ${event}`);
    const closes = outcome === "resolved" || outcome === "rejected";
    const at = Math.min(createdAt + 3 * DAY, NOW - DAY);
    await atomic(
      db,
      statusChangeStatements(db, {
        complaint,
        status: outcome,
        note: "",
        by: "x",
        at,
        closedAt: closes ? at : null,
      }),
    );
  }
}

/** The key figure whose caption is `label`, as the reader sees it. */
const figure = (page: Page, label: string) =>
  page
    .locator(".figure", { has: page.locator("span", { hasText: label }) })
    .locator("b")
    .first();

describeInBrowser("the transparency page in Chromium", () => {
  beforeAll(async () => {
    line = await startDouble();
    bot = await startTestBot(line, { clock: { now: () => NOW } });
    await prepare();
    browser = await launchBrowser({ allowedOrigin: bot.url });
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await line?.close();
  });

  it("shows the year's figures on a desktop screen, styled, with nothing fetched from elsewhere", async () => {
    const page = await browser.open(`${bot.url}/transparency`, VIEWPORTS.desktop);
    await expect(page.title()).resolves.toBe("ข้อมูลเพื่อความโปร่งใส ปีงบประมาณ 2570 · เทศบาลตำบลทดสอบ");
    expect(await visibleText(page.locator("h1"))).toBe("ข้อมูลเพื่อความโปร่งใส ปีงบประมาณ พ.ศ. 2570");
    expect(await visibleText(figure(page, "เรื่องที่รับทั้งหมด"))).toBe(String(expected.received));
    expect(await visibleText(figure(page, "ดำเนินการแล้วเสร็จ"))).toBe(String(expected.resolved));
    const yearTable = page.locator("table", { has: page.locator("caption", { hasText: "รอบ 12 เดือน" }) });
    const receivedRow = yearTable.locator("tr", { has: page.locator("th", { hasText: /^รับเรื่อง$/ }) });
    expect(await receivedRow.locator("td").allInnerTexts()).toEqual([
      String(expected.received - expected.corruption),
      String(expected.corruption),
      String(expected.received),
    ]);
    expect(await visibleText(figure(page, "มาตรการทั้งหมด"))).toBe("4");
    expect(await visibleText(page.locator("#measures"))).toContain("ไม่สามารถดำเนินการได้");

    // The stylesheet applied (the CSP allows it by hash): the key figures sit four to a row.
    const boxes = await page
      .locator("#statistics .figure")
      .evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().top));
    expect(new Set(boxes).size).toBe(1);
    // Each month's bars are drawn, in proportion to the numbers.
    const bars = page.locator("#statistics svg.chart").first().locator("rect");
    expect(await bars.count()).toBe(MONTH_STARTS.length * 2);
    expect((await bars.first().boundingBox())?.width ?? 0).toBeGreaterThan(50);
    await saveScreenshot(page, "transparency-desktop");
    await page.close();
    expect(browser.blockedRequests.filter((url) => !url.endsWith("/favicon.ico"))).toEqual([]);
    expect(browser.consoleErrors.filter((text) => !text.includes("favicon"))).toEqual([]);
  });

  it("fits a phone screen: no sideways scrolling, the charts as wide as the screen", async () => {
    const page = await browser.open(`${bot.url}/transparency`, VIEWPORTS.phone);
    expect(await visibleText(figure(page, "เรื่องที่รับทั้งหมด"))).toBe(String(expected.received));
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    const chart = await page.locator("#statistics svg.chart").first().boundingBox();
    expect(chart?.width ?? 0).toBeGreaterThan(300);
    expect((chart?.x ?? 0) + (chart?.width ?? 0)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await saveScreenshot(page, "transparency-phone");
    await saveScreenshot(page, "transparency-phone-top", { fullPage: false });
    await page.close();
    expect(browser.consoleErrors.filter((text) => !text.includes("favicon"))).toEqual([]);
  });
});
