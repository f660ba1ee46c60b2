import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { messagingApi } from "@line/bot-sdk";
import { describe, expect, it } from "vitest";
import {
  type ComplaintView,
  complaintCarousel,
  complaintDetailCard,
  complaintReceiptCard,
  complaintSummaryCard,
  statusUpdateCard,
  type WorkItemView,
  workCarousel,
  workItemCard,
} from "../flex-templates/complaint.flex";
import { eitInvitationCard, eitQuestionCard } from "../flex-templates/eit.flex";
import { itaAnalysisCard } from "../flex-templates/ita.flex";
import {
  type MeasureCardView,
  measureCarousel,
  type ProgressView,
  progressSavedCard,
  progressSummaryCard,
} from "../flex-templates/measure.flex";
import { menuCard } from "../flex-templates/menu.flex";
import { overviewCard } from "../flex-templates/overview.flex";
import { reportLinksCard } from "../flex-templates/reports.flex";
import { welcomeCard } from "../flex-templates/welcome.flex";
import { commandsFor } from "../src/bot/commands";
import { ROLE_LABELS } from "../src/domain/roles";
import { coreCommands } from "../src/features/common.feature";
import { quickReply } from "../src/line/messages";
import { escapeHtml, renderFlex } from "../src/simulator/flex-render";
import { carouselMessage, helloWorldFlex, restaurantBubble } from "./line-double/line-examples";

const ORG = "องค์การบริหารส่วนตำบลบ้านโคก";

/** Every text a person would read in a Flex container (texts and spans), and every button label. */
function textsAndLabels(contents: unknown) {
  const texts: string[] = [];
  const labels: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const record = node as Record<string, unknown>;
    if (
      (record.type === "text" || record.type === "span") &&
      typeof record.text === "string" &&
      record.text
    ) {
      texts.push(record.text);
    }
    if (record.type === "button") {
      const action = record.action as { label?: string } | undefined;
      if (action?.label) labels.push(action.label);
    }
    for (const value of Object.values(record)) if (typeof value === "object") walk(value);
  };
  walk(contents);
  return { texts, labels };
}

/** The `data-action` JSON of every element, decoded from its escaped attribute. */
function actionsIn(html: string): unknown[] {
  const decodeEntities = (text: string) =>
    text
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  return [...html.matchAll(/data-action="([^"]*)"/g)].map((match) =>
    JSON.parse(decodeEntities(match[1] ?? "")),
  );
}

function expectShowsEverything(message: messagingApi.FlexMessage) {
  const html = renderFlex(message.contents);
  const { texts, labels } = textsAndLabels(message.contents);
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) expect(html).toContain(escapeHtml(text));
  for (const label of labels) {
    expect(html).toContain(`data-label="${escapeHtml(label)}"`);
    expect(html).toContain(`>${escapeHtml(label)}</button>`);
  }
  expect(html).not.toContain("fx-unknown");
  return html;
}

const complaint: ComplaintView = {
  trackingCode: "R2570-00012",
  trackLabel: "เรื่องร้องทุกข์",
  category: "ไฟฟ้าส่องสว่าง",
  description: "ไฟถนนซอย 5 ดับมาหนึ่งสัปดาห์แล้ว กลางคืนมืดมาก <อันตราย> & น่ากลัว",
  status: "in_progress",
  statusLabel: "กำลังดำเนินการ",
  unitName: "กองช่าง",
  dueDate: "15 ม.ค. 2570",
  filedAt: "1 ธ.ค. 2569 10:00 น.",
  address: "ซอย 5 หมู่ 3",
  photoCount: 2,
  afterPhotoCount: 1,
  overdue: true,
  anonymous: false,
  history: [
    { statusLabel: "รับเรื่องแล้ว", note: "", at: "1 ธ.ค. 2569 10:00 น." },
    { statusLabel: "กำลังดำเนินการ", note: "ส่งช่างไปตรวจสอบแล้ว", at: "2 ธ.ค. 2569 09:30 น." },
  ],
};
const work: WorkItemView = {
  trackingCode: "R2570-00012",
  category: "ถนน/ทางเท้า",
  description: "ถนนหน้าวัดเป็นหลุมลึก น้ำขังเวลาฝนตก",
  status: "received",
  statusLabel: "รับเรื่องแล้ว",
  dueDate: "20 ม.ค. 2570",
  overdue: false,
  address: null,
  photoCount: 2,
  hasLocation: true,
  reopenCount: 1,
};
const measure: MeasureCardView = {
  title: "ประกาศเจตจำนงสุจริตของผู้บริหาร",
  indicators: "1 การปฏิบัติหน้าที่, 9 การเปิดเผยข้อมูล",
  percent: 50,
  status: "in_progress",
  statusLabel: "กำลังดำเนินการ",
  lastUpdate: "15 ม.ค. 2570",
  due: "ก.ย. 2570",
  overdue: false,
  stale: true,
  log: { data: "a=log&m=abc", displayText: "บันทึกความก้าวหน้า: ประกาศเจตจำนงสุจริต" },
};
const progress: ProgressView = {
  measureTitle: "ประกาศเจตจำนงสุจริตของผู้บริหาร",
  text: "จัดประชุมชี้แจงพนักงานครบทุกกอง",
  performedOn: "10 มกราคม 2570",
  percent: 100,
  status: "cannot_do",
  statusLabel: "ไม่สามารถดำเนินการได้",
  reason: "งบประมาณไม่เพียงพอ",
  suggestion: "ขอรับการจัดสรรงบปีถัดไป",
  photoCount: 1,
  by: "สมศรี (สำนักปลัด)",
};

/** Each Flex template of the project, built with a realistic view model. */
const TEMPLATES: Record<string, () => messagingApi.FlexMessage> = {
  welcomeCard: () => welcomeCard({ orgName: ORG }),
  menuCard: () =>
    menuCard({
      orgName: ORG,
      roleLabel: ROLE_LABELS.staff,
      items: commandsFor(coreCommands(), "staff").map((c) => ({
        keyword: c.keyword,
        description: c.description ?? "",
      })),
    }),
  complaintSummaryCard: () =>
    complaintSummaryCard({
      trackLabel: "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
      category: "การทุจริตและประพฤติมิชอบ",
      description: "เจ้าหน้าที่เรียกเงินเพิ่ม 2,000 บาท",
      address: null,
      photoCount: 0,
      anonymity: "ไม่ประสงค์ออกนาม",
      unitName: null,
      dueDate: "15 ม.ค. 2570",
    }),
  complaintReceiptCard: () => complaintReceiptCard(complaint, ORG),
  complaintDetailCard: () => complaintDetailCard(complaint),
  complaintCarousel: () => complaintCarousel([complaint, { ...complaint, trackingCode: "C2570-00001" }]),
  statusUpdateCard: () =>
    statusUpdateCard(
      {
        trackingCode: "R2570-00012",
        status: "resolved",
        statusLabel: "ดำเนินการแล้วเสร็จ",
        note: "ซ่อมแล้ว",
        at: "3 ธ.ค.",
        afterPhotoCount: 1,
      },
      ORG,
    ),
  workCarousel: () => workCarousel([work, { ...work, trackingCode: "R2570-00013", overdue: true }]),
  workItemCard: () => workItemCard(work),
  eitQuestionCard: () =>
    eitQuestionCard(
      { number: 3, total: 9, indicatorName: "คุณภาพการดำเนินงาน", text: "เจ้าหน้าที่ให้บริการอย่างเท่าเทียมหรือไม่" },
      quickReply([{ label: "มากที่สุด" }, { label: "มาก" }]),
    ),
  eitInvitationCard: () =>
    eitInvitationCard({ orgName: ORG, url: "https://itas.nacc.go.th/go/eit/abc", endDate: "31 ม.ค. 2570" }),
  itaAnalysisCard: () =>
    itaAnalysisCard({
      orgName: ORG,
      fiscalYear: 2569,
      total: 82.5,
      level: "B",
      passMark: 85,
      highest: { indicator: 1, name: "การปฏิบัติหน้าที่", score: 98 },
      lowest: { indicator: 9, name: "การเปิดเผยข้อมูล", score: 61.25 },
      belowTarget: [{ indicator: 9, name: "การเปิดเผยข้อมูล", score: 61.25 }],
      weakestItems: [{ code: "o12", text: "รายงานผลการจัดซื้อจัดจ้าง", score: 0 }],
      suggestions: [{ indicator: 9, measures: [{ title: "เผยแพร่ข้อมูลการจัดซื้อจัดจ้างทุกเดือน" }] }],
    }),
  measureCarousel: () =>
    measureCarousel([measure, { ...measure, percent: 0, status: "not_started", overdue: true }], {
      unitName: "สำนักปลัด",
      fiscalYear: 2570,
    }),
  progressSummaryCard: () => progressSummaryCard(progress),
  progressSavedCard: () => progressSavedCard({ ...progress, at: "2 ธ.ค. 2569 14:05 น." }),
  overviewCard: () =>
    overviewCard({
      orgName: ORG,
      fiscalYear: 2570,
      asOf: "1 ธ.ค. 2569",
      measures: { total: 12, not_started: 3, in_progress: 6, done: 2, cannot_do: 1, overdue: 2, stale: 1 },
      complaints: [
        { track: "general", received: 10, open: 4, overdue: 1, resolved: 6, averageDaysToResolve: 4.5 },
        { track: "corruption", received: 1, open: 1, overdue: 0, resolved: 0, averageDaysToResolve: null },
      ],
      eit: { respondents: 25, invited: 40, sampleTarget: 100 },
      deadlines: [
        { name: "รายงานรอบ 6 เดือน", date: "2570-04-30", dateLabel: "30 เม.ย. 2570", daysLeft: 150 },
      ],
    }),
  reportLinksCard: () =>
    reportLinksCard({
      orgName: ORG,
      fiscalYear: 2570,
      validUntil: "2 ธ.ค. 2569 14:05 น.",
      links: [
        {
          group: "ผลการดำเนินการตามมาตรการ",
          label: "รอบ 6 เดือน · Word",
          url: "https://example.org/r/measures.docx?sig=a&b=1",
        },
        { group: "สถิติเรื่องร้องเรียน", label: "ทั้งปี · Excel", url: "https://example.org/r/complaints.xlsx" },
      ],
    }),
};

describe("every Flex template of the project renders", () => {
  it("covers every template exported from flex-templates/*.flex.ts", async () => {
    const folder = fileURLToPath(new URL("../flex-templates/", import.meta.url));
    const files = readdirSync(folder).filter((file) => file.endsWith(".flex.ts"));
    const modules = await Promise.all(files.map((file) => import(join(folder, file))));
    const exported = modules.flatMap((module) =>
      Object.entries(module as Record<string, unknown>)
        .filter(([, value]) => typeof value === "function")
        .map(([name]) => name),
    );
    expect(exported.length).toBeGreaterThan(10);
    expect(Object.keys(TEMPLATES).sort()).toEqual(exported.sort());
  });

  it.each(Object.keys(TEMPLATES))("%s: its texts and button labels are shown", (name) => {
    const build = TEMPLATES[name];
    if (!build) throw new Error(name);
    const html = expectShowsEverything(build());
    expect(html.startsWith('<div class="fx-root')).toBe(true);
  });

  it("keeps every action of a card on its element (postbacks, keywords, links)", () => {
    const html = renderFlex(workCarousel([work]).contents);
    expect(actionsIn(html)).toEqual([
      {
        type: "postback",
        label: "จัดการเรื่องนี้",
        data: "a=work&c=R2570-00012",
        displayText: "จัดการเรื่อง R2570-00012",
      },
      { type: "postback", label: "ดูภาพ", data: "a=photos&c=R2570-00012", displayText: "ดูภาพ R2570-00012" },
      {
        type: "postback",
        label: "ดูตำแหน่ง",
        data: "a=place&c=R2570-00012",
        displayText: "ดูตำแหน่ง R2570-00012",
      },
    ]);
    // Nothing to show, no button: a complaint without photos or a map point offers only the work.
    const bare = renderFlex(workCarousel([{ ...work, photoCount: 0, hasLocation: false }]).contents);
    expect(actionsIn(bare).map((action) => (action as { label: string }).label)).toEqual(["จัดการเรื่องนี้"]);
    const links = actionsIn(renderFlex(TEMPLATES.reportLinksCard?.().contents));
    expect(links[0]).toMatchObject({ type: "uri", uri: "https://example.org/r/measures.docx?sig=a&b=1" });
  });

  it("draws carousels as a row of bubbles of their size", () => {
    const html = renderFlex(TEMPLATES.complaintCarousel?.().contents);
    expect(html).toContain("fx-carousel");
    expect(html.match(/class="fx-carousel-item"/g)).toHaveLength(2);
    expect(html).toContain("max-width:260px"); // kilo bubbles
  });
});

describe("LINE's documented examples", () => {
  it("the Restaurant showcase: hero image, stars, info rows, link buttons", () => {
    const html = renderFlex(restaurantBubble);
    expect(html).toContain("Brown Cafe");
    expect(html).toContain('src="https://developers-resource.landpress.line.me/fx/img/01_1_cafe.png"');
    expect(html).toContain("padding-bottom:65%"); // aspectRatio 20:13
    expect(html).toContain("object-fit:cover");
    expect(html.match(/class="fx-icon"/g)).toHaveLength(5);
    expect(html).toContain("flex:1 0 0"); // "Place" flex 1
    expect(html).toContain("flex:5 0 0"); // its value flex 5
    expect(html).toContain('data-label="CALL"');
    expect(html).toContain('data-label="WEBSITE"');
    expect(html).toContain("height:40px"); // height sm
    expect(actionsIn(html)[0]).toEqual({ type: "uri", uri: "https://line.me/" }); // the hero's tap
  });

  it("hello world and a carousel", () => {
    const hello = renderFlex(helloWorldFlex.contents);
    expect(hello).toContain(">hello</p>");
    expect(hello).toContain(">world</p>");
    expect(hello).toContain("width:300px"); // mega, the default size
    const carousel = carouselMessage(5);
    const html = renderFlex(carousel.contents);
    for (let i = 1; i <= 5; i++) expect(html).toContain(`Bubble ${i}`);
    expect(html.match(/class="fx-carousel-item"/g)).toHaveLength(5);
  });
});

const bubble = (
  body: messagingApi.FlexBox,
  extra: Partial<messagingApi.FlexBubble> = {},
): messagingApi.FlexBubble => ({
  type: "bubble",
  body,
  ...extra,
});
const box = (layout: messagingApi.FlexBox["layout"], contents: messagingApi.FlexComponent[], more = {}) =>
  ({ type: "box", layout, contents, ...more }) as messagingApi.FlexBox;
const text = (value: string, more: Partial<messagingApi.FlexText> = {}): messagingApi.FlexText => ({
  type: "text",
  text: value,
  ...more,
});
/** The `index`-th opening tag whose class list starts with `cls`. */
function tagOf(html: string, cls: string, index = 0): string {
  const tags = html.match(new RegExp(`<[a-z]+ class="${cls}[^"]*"[^>]*>`, "g")) ?? [];
  return tags[index] ?? "";
}

/** The HTML of the text component showing `content`. */
function textElement(html: string, content: string): string {
  return html.split('<div class="fx-text"').find((chunk) => chunk.includes(`>${content}</p>`)) ?? "";
}

describe("properties map to what LINE draws", () => {
  it("layout: vertical → column, horizontal → row, baseline → row on the baseline", () => {
    const html = renderFlex(
      bubble(box("vertical", [box("horizontal", [text("a")]), box("baseline", [text("b")])])),
    );
    expect(tagOf(html, "fx-box fx-vertical")).toContain("flex-direction:column");
    expect(tagOf(html, "fx-box fx-horizontal")).toContain("flex-direction:row");
    const baseline = tagOf(html, "fx-box fx-baseline");
    expect(baseline).toContain("flex-direction:row");
    expect(baseline).toContain("align-items:baseline");
  });

  it("flex: grow ratios in horizontal boxes, 0 keeps the natural size, vertical children do not grow", () => {
    const html = renderFlex(
      bubble(
        box("vertical", [
          box("horizontal", [
            text("one", { flex: 1 }),
            text("two", { flex: 2 }),
            text("none", { flex: 0 }),
            text("default"),
          ]),
          text("stacked"),
          { type: "filler" },
        ]),
      ),
    );
    expect(tagOf(html, "fx-text", 0)).toContain("flex:1 0 0");
    expect(tagOf(html, "fx-text", 1)).toContain("flex:2 0 0");
    expect(tagOf(html, "fx-text", 2)).toContain("flex:0 0 auto");
    expect(tagOf(html, "fx-text", 3)).toContain("flex:1 0 0"); // horizontal default 1
    expect(tagOf(html, "fx-text", 4)).toContain("flex:0 0 auto"); // vertical default 0
    expect(tagOf(html, "fx-filler")).toContain("flex:1 0 auto");
  });

  it("text: sizes, weight, colour, wrap, maxLines as a line clamp, align, gravity, decoration, spans", () => {
    const html = renderFlex(
      bubble(
        box("vertical", [
          text("ยาวมาก", {
            wrap: true,
            maxLines: 3,
            size: "xxs",
            weight: "bold",
            color: "#FF0000",
            align: "center",
          }),
          text("บรรทัดเดียว", { size: "5xl", gravity: "bottom", decoration: "line-through", style: "italic" }),
          text("px", { size: "21px" }),
          {
            type: "text",
            contents: [
              { type: "span", text: "ตัวแดง", color: "#DC2626", weight: "bold" },
              { type: "span", text: " ปกติ" },
            ],
          },
        ]),
      ),
    );
    const first = textElement(html, "ยาวมาก");
    expect(first).toContain("-webkit-line-clamp:3");
    expect(first).toContain("white-space:pre-wrap");
    expect(first).toContain("font-size:11px");
    expect(first).toContain("font-weight:700");
    expect(first).toContain("color:#FF0000");
    expect(first).toContain("text-align:center");
    const second = textElement(html, "บรรทัดเดียว");
    expect(second).toContain("font-size:74px");
    expect(second).toContain("white-space:nowrap");
    expect(second).toContain("text-overflow:ellipsis");
    expect(second).toContain("justify-content:flex-end");
    expect(second).toContain("text-decoration:line-through");
    expect(second).toContain("font-style:italic");
    expect(second).not.toContain("line-clamp");
    expect(html).toContain("font-size:21px");
    expect(html).toContain('<span class="fx-span" style="color:#DC2626;font-weight:700">ตัวแดง</span>');
    expect(html).toContain('<span class="fx-span"> ปกติ</span>');
  });

  it("buttons: primary, secondary and link styles, custom colours, heights, the action's label", () => {
    const html = renderFlex(
      bubble(
        box("vertical", [
          { type: "button", style: "primary", action: { type: "message", label: "ยืนยัน", text: "ยืนยัน" } },
          {
            type: "button",
            style: "primary",
            color: "#0B7A4B",
            height: "sm",
            action: { type: "message", label: "เขียว", text: "x" },
          },
          {
            type: "button",
            style: "secondary",
            action: { type: "postback", label: "ยกเลิก", data: "a=cancel" },
          },
          { type: "button", action: { type: "uri", label: "เปิด", uri: "https://example.org" } },
          {
            type: "button",
            style: "link",
            color: "#123456",
            action: { type: "location", label: "ส่งตำแหน่ง" },
          },
        ]),
      ),
    );
    const buttons = html.match(/<button [^>]*>[^<]*<\/button>/g) ?? [];
    expect(buttons).toHaveLength(5);
    expect(buttons[0]).toContain("fx-btn-primary");
    expect(buttons[0]).toContain("background-color:#17C950;color:#FFFFFF");
    expect(buttons[0]).toContain("height:52px");
    expect(buttons[0]).toContain('data-testid="flex-button"');
    expect(buttons[0]).toContain(">ยืนยัน</button>");
    expect(buttons[1]).toContain("background-color:#0B7A4B");
    expect(buttons[1]).toContain("height:40px");
    expect(buttons[2]).toContain("fx-btn-secondary");
    expect(buttons[2]).toContain("background-color:#DCDFE5;color:#111111");
    expect(buttons[3]).toContain("fx-btn-link"); // link is the default style
    expect(buttons[3]).toContain("color:#42659A");
    expect(buttons[4]).toContain("color:#123456");
    expect(actionsIn(html)).toEqual([
      { type: "message", label: "ยืนยัน", text: "ยืนยัน" },
      { type: "message", label: "เขียว", text: "x" },
      { type: "postback", label: "ยกเลิก", data: "a=cancel" },
      { type: "uri", label: "เปิด", uri: "https://example.org" },
      { type: "location", label: "ส่งตำแหน่ง" },
    ]);
  });

  it("separators: a hairline in LINE's grey or the given colour, vertical in horizontal boxes", () => {
    const html = renderFlex(
      bubble(
        box("vertical", [
          text("a"),
          { type: "separator" },
          { type: "separator", color: "#FF00FF", margin: "xl" },
          box("horizontal", [text("b"), { type: "separator" }, text("c")]),
        ]),
      ),
    );
    expect(tagOf(html, "fx-separator", 0)).toContain("border-top:1px solid #D4D6DA");
    const custom = tagOf(html, "fx-separator", 1);
    expect(custom).toContain("border-top:1px solid #FF00FF");
    expect(custom).toContain("margin-top:16px");
    expect(tagOf(html, "fx-separator", 2)).toContain("border-inline-start:1px solid #D4D6DA");
  });

  it("spacing between children (not before the first), margin overrides it, spacers and paddings", () => {
    const html = renderFlex(
      bubble(
        box(
          "vertical",
          [
            text("first"),
            text("second"),
            text("third", { margin: "xxl" }),
            { type: "spacer", size: "lg" } as unknown as messagingApi.FlexComponent,
          ],
          { spacing: "md", paddingAll: "16px", paddingStart: "xl" },
        ),
      ),
    );
    expect(tagOf(html, "fx-text", 0)).not.toContain("margin");
    expect(tagOf(html, "fx-text", 1)).toContain("margin-top:8px");
    expect(tagOf(html, "fx-text", 2)).toContain("margin-top:20px");
    expect(tagOf(html, "fx-spacer")).toContain("height:12px");
    const root = tagOf(html, "fx-box");
    expect(root).toContain("padding:16px");
    expect(root).toContain("padding-inline-start:16px");
  });

  it("blocks: default paddings by bubble size, block styles, hero first under the header", () => {
    const html = renderFlex({
      type: "bubble",
      size: "kilo",
      header: box("vertical", [text("หัว")]),
      hero: { type: "image", url: "https://example.org/a.png", size: "full", aspectRatio: "16:9" },
      body: box("vertical", [text("เนื้อ")]),
      footer: box("vertical", [text("ท้าย")]),
      styles: { footer: { backgroundColor: "#EEEEEE", separator: true, separatorColor: "#AA0000" } },
    });
    expect(html).toContain("width:260px");
    expect(html.indexOf("fx-header")).toBeLessThan(html.indexOf("fx-hero"));
    expect(html.indexOf("fx-hero")).toBeLessThan(html.indexOf("fx-body"));
    expect(html.indexOf("fx-body")).toBeLessThan(html.indexOf("fx-footer"));
    expect(tagOf(html, "fx-box", 0)).toContain("padding:13px");
    expect(tagOf(html, "fx-block fx-footer")).toContain(
      "background-color:#EEEEEE;border-top:1px solid #AA0000",
    );
    expect(html).toContain("padding-bottom:56.25%");
    for (const size of ["nano", "micro", "deca", "hecto", "kilo", "mega", "giga"] as const) {
      const widths = { nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 300, giga: 500 };
      expect(renderFlex({ type: "bubble", size, body: box("vertical", []) })).toContain(
        `width:${widths[size]}px`,
      );
    }
  });

  it("boxes: colours, borders, corners, sizes, alignment, absolute offsets, gradients", () => {
    const html = renderFlex(
      bubble(
        box("vertical", [
          box("horizontal", [text("x")], {
            backgroundColor: "#0B7A4B",
            borderWidth: "medium",
            borderColor: "#FFFFFF",
            cornerRadius: "xl",
            width: "50%",
            height: "40px",
            maxWidth: "120px",
            justifyContent: "space-between",
            alignItems: "center",
          }),
          box("vertical", [text("badge")], { position: "absolute", offsetTop: "10px", offsetEnd: "md" }),
          box("vertical", [], {
            background: {
              type: "linearGradient",
              angle: "90deg",
              startColor: "#FF0000",
              endColor: "#0000FF",
            },
          }),
        ]),
      ),
    );
    const styled = tagOf(html, "fx-box fx-horizontal");
    for (const css of [
      "background-color:#0B7A4B",
      "border-width:2px",
      "border-color:#FFFFFF",
      "border-radius:16px",
      "width:50%",
      "height:40px",
      "max-width:120px",
      "justify-content:space-between",
      "align-items:center",
    ]) {
      expect(styled).toContain(css);
    }
    const absolute = tagOf(html, "fx-box fx-vertical", 1);
    expect(absolute).toContain("position:absolute");
    expect(absolute).toContain("top:10px");
    expect(absolute).toContain("inset-inline-end:8px");
    expect(tagOf(html, "fx-box fx-vertical", 2)).toContain(
      "background-image:linear-gradient(90deg,#FF0000 0%,#0000FF 100%)",
    );
  });

  it("images: sizes, aspect ratio, fit or cover", () => {
    const html = renderFlex(
      bubble(
        box("vertical", [
          { type: "image", url: "https://example.org/a.png" },
          {
            type: "image",
            url: "https://example.org/b.png",
            size: "xxl",
            aspectRatio: "1:2",
            aspectMode: "cover",
          },
        ]),
      ),
    );
    expect(html).toContain("width:100px"); // md by default
    expect(html).toContain("padding-bottom:100%"); // 1:1 by default
    expect(html).toContain("object-fit:contain");
    expect(html).toContain("width:160px");
    expect(html).toContain("padding-bottom:200%");
    expect(html).toContain("object-fit:cover");
  });
});

describe("hostile or unknown input", () => {
  it("escapes all text: <script> shows as text, in texts, labels, spans and actions", () => {
    const evil = `<script>alert("x")</script>`;
    const html = renderFlex(
      bubble(
        box("vertical", [
          text(evil),
          { type: "text", contents: [{ type: "span", text: evil }] },
          {
            type: "button",
            action: { type: "message", label: evil, text: `"><img src=x onerror=alert(1)>` },
          },
        ]),
      ),
    );
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(actionsIn(html)[0]).toEqual({
      type: "message",
      label: evil,
      text: `"><img src=x onerror=alert(1)>`,
    });
  });

  it("drops style values that are not LINE's shapes, and non-web image URLs", () => {
    const html = renderFlex(
      bubble(
        box("vertical", [
          text("x", { color: "red;background:url(javascript:alert(1))", size: "12px;position:fixed" }),
          { type: "image", url: "javascript:alert(1)" },
          { type: "icon", url: "data:image/svg+xml,<svg onload=alert(1)>" },
        ] as messagingApi.FlexComponent[]),
      ),
    );
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("position:fixed");
    expect(html).not.toContain("data:image");
    expect(html).not.toContain("<img");
  });

  it("never throws: unknown components, missing parts and garbage are drawn plainly", () => {
    const samples: unknown[] = [
      null,
      undefined,
      "text",
      42,
      [],
      { type: "bubble" },
      { type: "carousel" },
      { type: "carousel", contents: [null, 1, { type: "bubble", body: null }] },
      { type: "bubble", body: { type: "box", layout: "diagonal", contents: "nope" } },
      bubble(
        box("vertical", [
          { type: "hologram", text: "<b>ข้อความ</b>" } as unknown as messagingApi.FlexComponent,
        ]),
      ),
      {
        type: "bubble",
        body: {
          type: "box",
          layout: "vertical",
          contents: [{ type: "text" }, { type: "image" }, { type: "button" }, { type: "icon" }],
        },
      },
    ];
    for (const sample of samples) {
      const html = renderFlex(sample);
      expect(html.startsWith('<div class="fx-root')).toBe(true);
      expect(html).not.toContain("<b>");
    }
    expect(renderFlex(samples[9])).toContain('data-type="hologram"');
    expect(renderFlex(samples[9])).toContain("&lt;b&gt;ข้อความ&lt;/b&gt;");
  });
});

// ---------------------------------------------------------------------------------------------------
// Fit on a 390 px phone: a width budget per text, from the bubble's width and the flex ratios.

/** Bubble widths on a 390 px phone (giga is capped by the screen), minus the body's 20 px paddings. */
const BUBBLE_PX: Record<string, number> = { nano: 120, micro: 160, kilo: 260, mega: 300, giga: 330 };
const FONT_PX: Record<string, number> = { xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29 };
/** A grapheme's average width as a share of the font size (Thai and digits in LINE's font). */
const GLYPH = 0.58;

interface Misfit {
  text: string;
  why: string;
}

function graphemesOf(text: string): number {
  return [...new Intl.Segmenter("th", { granularity: "grapheme" }).segment(text)].length;
}

const widthOf = (text: string, size: string) => graphemesOf(text) * GLYPH * (FONT_PX[size] ?? 16);

/** Walk a container and list every text or button label that would be cut or broken mid-word. */
function misfits(contents: messagingApi.FlexContainer): Misfit[] {
  const found: Misfit[] = [];
  const measure = (node: messagingApi.FlexComponent, width: number, inRow: boolean) => {
    if (node.type === "text") {
      const size = typeof node.size === "string" ? node.size : "md";
      const text = node.text ?? "";
      if (!node.wrap && widthOf(text, size) > width)
        found.push({ text, why: `cut: ${Math.round(widthOf(text, size))} px in ${Math.round(width)} px` });
      // A short label (≤ 16 characters) in a row's column must not break inside a word; longer values
      // wrap at Thai word boundaries.
      if (node.wrap && inRow && graphemesOf(text) <= 16)
        for (const word of text.split(/\s+/))
          if (widthOf(word, size) > width)
            found.push({ text, why: `"${word}" breaks in a ${Math.round(width)} px column` });
    }
    if (node.type === "button") {
      const label = (node.action as { label?: string }).label ?? "";
      if (graphemesOf(label) > 20) found.push({ text: label, why: "button label over 20 characters" });
      else if (widthOf(label, "md") > width - 16) found.push({ text: label, why: "button label cut" });
    }
    if (node.type === "box") {
      const padding = node.paddingAll === "16px" ? 32 : 0;
      const inner = width - padding;
      const children = node.contents ?? [];
      if (node.layout === "vertical") {
        for (const child of children) measure(child, inner, inRow);
        return;
      }
      const flexOf = (c: messagingApi.FlexComponent) =>
        "flex" in c && typeof c.flex === "number" ? c.flex : 1;
      const fixed = children.filter((c) => flexOf(c) === 0);
      const fixedWidth = fixed.reduce(
        (sum, c) => sum + (c.type === "text" ? widthOf(c.text ?? "", String(c.size ?? "md")) : 60),
        0,
      );
      const total = children.reduce((sum, c) => sum + flexOf(c), 0) || 1;
      const spacing = 8 * Math.max(0, children.length - 1);
      for (const child of children) {
        const share =
          flexOf(child) === 0
            ? Number.POSITIVE_INFINITY
            : ((inner - fixedWidth - spacing) * flexOf(child)) / total;
        measure(child, share, true);
      }
    }
  };
  const bubbles = contents.type === "carousel" ? contents.contents : [contents];
  for (const bubble of bubbles) {
    const width = (BUBBLE_PX[bubble.size ?? "mega"] ?? 300) - 40;
    for (const part of [bubble.header, bubble.body, bubble.footer]) if (part) measure(part, width, false);
  }
  return found;
}

describe("every template fits a 390 px phone", () => {
  it.each(Object.keys(TEMPLATES))("%s: no text cut, no short label broken mid-word", (name) => {
    const build = TEMPLATES[name];
    if (!build) throw new Error(name);
    expect(misfits(build().contents)).toEqual([]);
  });

  it("the check catches a cut title, a long button label and a label broken mid-word", () => {
    const card: messagingApi.FlexBubble = {
      type: "bubble",
      body: {
        type: "box",
        layout: "vertical",
        contents: [
          { type: "text", text: "มาตรการส่งเสริมคุณธรรมและความโปร่งใสขององค์กร", size: "sm" },
          {
            type: "button",
            action: { type: "uri", label: "ผลมาตรการ รอบ 6 เดือน (Word)", uri: "https://x.org" },
          },
          {
            type: "box",
            layout: "baseline",
            contents: [
              { type: "text", text: "เฉลี่ยแก้ไขเสร็จแล้ว", size: "xs", flex: 1, wrap: true },
              { type: "text", text: "3 วันทำการ", size: "sm", flex: 6, wrap: true },
            ],
          },
        ],
      },
    };
    expect(misfits(card).map((m) => m.why.split(":")[0])).toEqual([
      "cut",
      "button label over 20 characters",
      expect.stringContaining("breaks in a"),
    ]);
  });
});
