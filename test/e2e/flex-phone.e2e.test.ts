import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type ComplaintView,
  complaintCarousel,
  complaintReceiptCard,
} from "../../flex-templates/complaint.flex";
import { overviewCard } from "../../flex-templates/overview.flex";
import { reportLinksCard } from "../../flex-templates/reports.flex";
import { FLEX_CSS, renderFlex } from "../../src/simulator/flex-render";
import {
  type BrowserSession,
  describeInBrowser,
  launchBrowser,
  saveScreenshot,
  VIEWPORTS,
} from "../support/browser";

const ORG = "องค์การบริหารส่วนตำบลบ้านโคกสำราญ";
const url = "https://example.org/r/reports/measures.docx?fiscalYear=2570&period=h1&exp=1&sig=a";

const complaint: ComplaintView = {
  trackingCode: "C2570-00003",
  trackLabel: "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
  category: "การทุจริตและประพฤติมิชอบ",
  description: "เจ้าหน้าที่เรียกรับเงินเพื่อเร่งออกใบอนุญาตก่อสร้างอาคาร ณ สำนักงานเมื่อสัปดาห์ที่แล้ว",
  status: "in_progress",
  statusLabel: "กำลังดำเนินการ",
  unitName: null,
  dueDate: "15 ม.ค. 2570",
  filedAt: "1 ธ.ค. 2569 10:00 น.",
  address: "หน้าสำนักงานองค์การบริหารส่วนตำบล หมู่ 4",
  photoCount: 2,
  afterPhotoCount: 1,
  overdue: true,
  anonymous: true,
  history: [{ statusLabel: "รับเรื่องแล้ว", note: "", at: "1 ธ.ค. 2569 10:00 น." }],
};

const CARDS = {
  overview: overviewCard({
    orgName: ORG,
    fiscalYear: 2570,
    asOf: "1 ธ.ค. 2569",
    measures: { total: 12, not_started: 3, in_progress: 6, done: 2, cannot_do: 1, overdue: 2, stale: 1 },
    complaints: [
      { track: "general", received: 120, open: 14, overdue: 3, resolved: 106, averageDaysToResolve: 4.5 },
      { track: "corruption", received: 2, open: 1, overdue: 0, resolved: 1, averageDaysToResolve: 12 },
    ],
    eit: { respondents: 25, invited: 40, sampleTarget: 100 },
    deadlines: [
      { name: "รายงานผลมาตรการ รอบ 6 เดือน", date: "2570-04-30", dateLabel: "30 เม.ย. 2570", daysLeft: 150 },
    ],
  }),
  "report-links": reportLinksCard({
    orgName: ORG,
    fiscalYear: 2570,
    validUntil: "2 ธ.ค. 2569 14:05 น.",
    links: [
      { group: "ผลการดำเนินการตามมาตรการ", label: "รอบ 6 เดือน · Word", url },
      { group: "ผลการดำเนินการตามมาตรการ", label: "รอบ 6 เดือน · Excel", url },
      { group: "ผลการดำเนินการตามมาตรการ", label: "รอบ 12 เดือน · Word", url },
      { group: "ผลการดำเนินการตามมาตรการ", label: "รอบ 12 เดือน · Excel", url },
      { group: "สถิติเรื่องร้องเรียน", label: "ทั้งปี · Excel", url },
    ],
  }),
  "complaint-receipt": complaintReceiptCard(complaint, ORG),
  "complaint-carousel": complaintCarousel([complaint, { ...complaint, trackingCode: "C2570-00004" }]),
};

describeInBrowser("Flex cards on a 390 px phone", () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it.each(Object.keys(CARDS))("%s: no text or button label is cut", async (name) => {
    const card = CARDS[name as keyof typeof CARDS];
    const page = await browser.context.newPage();
    await page.setViewportSize(VIEWPORTS.phone);
    await page.setContent(
      `<!doctype html><html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
        `<style>body{margin:0;padding:12px;background:#8cabd9;font-family:sans-serif}${FLEX_CSS}</style></head>` +
        `<body>${renderFlex(card.contents)}</body></html>`,
    );
    await saveScreenshot(page, `flex-phone-${name}`);
    // A cut text is one whose content is wider than its box (ellipsis on a single line).
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>(".fx-text, .fx-button, .fx-button *")]
        .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.closest(".fx-carousel-item, .fx-root"))
        .map((el) => el.textContent),
    );
    expect(cut).toEqual([]);
    await page.close();
  });
});
