import type { messagingApi } from "@line/bot-sdk";
import { BRAND, excerpt, field, flex, header, keywordButton, paragraph } from "./components";

export interface ItaIndicatorScore {
  indicator: number;
  name: string;
  score: number;
}

/** The analysis of an ITA result as executives see it (CONTRACT.md › the analysis, plus the level). */
export interface ItaAnalysisView {
  orgName: string;
  fiscalYear: number;
  total: number;
  /** AA–F, or ผ่าน / ไม่ผ่าน; null when not recorded. */
  level: string | null;
  passMark: number;
  highest: ItaIndicatorScore;
  lowest: ItaIndicatorScore;
  /** Weakest first. */
  belowTarget: ItaIndicatorScore[];
  weakestItems: Array<{ code: string; text: string; score: number }>;
  /** Per indicator under the pass mark (same order), the suggested measures. */
  suggestions: Array<{ indicator: number; measures: Array<{ title: string }> }>;
}

const ALERT = "#DC2626";
const OK = BRAND.primary;
/** How much of the suggestions and items the card shows (the admin console has them all). */
const SUGGESTED_INDICATORS = 3;
const MEASURES_PER_INDICATOR = 2;
const ITEMS_SHOWN = 3;

const score = (value: number) => value.toFixed(2);

function section(title: string): messagingApi.FlexText {
  return {
    type: "text",
    text: title,
    weight: "bold",
    size: "sm",
    color: BRAND.primary,
    margin: "lg",
    wrap: true,
  };
}

/** "9 การเปิดเผยข้อมูล ........ 74.00" in red or green. */
function scoreRow(label: string, value: number, passMark: number): messagingApi.FlexBox {
  return {
    type: "box",
    layout: "baseline",
    spacing: "sm",
    contents: [
      { type: "text", text: label, size: "sm", color: BRAND.text, flex: 5, wrap: true },
      {
        type: "text",
        text: score(value),
        size: "sm",
        weight: "bold",
        align: "end",
        flex: 2,
        color: value < passMark ? ALERT : OK,
      },
    ],
  };
}

/** The executives' card: total and level, highest and lowest, the indicators under the pass mark, the top suggestions. */
export function itaAnalysisCard(view: ItaAnalysisView): messagingApi.FlexMessage {
  const levelText = view.level ? ` · ระดับ ${view.level}` : "";
  const alt = [
    `ผล ITA ปีงบประมาณ ${view.fiscalYear}: ${score(view.total)} คะแนน${levelText}`,
    view.belowTarget.length
      ? `ต่ำกว่า ${view.passMark}: ${view.belowTarget.map((entry) => `${entry.name} ${score(entry.score)}`).join(", ")}`
      : `ผ่านเกณฑ์ ${view.passMark} ทุกตัวชี้วัด`,
  ].join(" · ");
  const names = new Map(view.belowTarget.map((entry) => [entry.indicator, entry.name]));
  const suggested = view.suggestions.filter((entry) => entry.measures.length > 0);
  const shown = suggested.slice(0, SUGGESTED_INDICATORS);
  const more =
    suggested.slice(SUGGESTED_INDICATORS).reduce((sum, entry) => sum + entry.measures.length, 0) +
    shown.reduce((sum, entry) => sum + Math.max(0, entry.measures.length - MEASURES_PER_INDICATOR), 0);

  const body: messagingApi.FlexComponent[] = [
    {
      type: "box",
      layout: "baseline",
      spacing: "sm",
      contents: [
        { type: "text", text: score(view.total), size: "3xl", weight: "bold", color: BRAND.text, flex: 0 },
        { type: "text", text: `คะแนน${levelText}`, size: "sm", color: BRAND.muted, wrap: true },
      ],
    },
    field("สูงสุด", `${view.highest.indicator} ${view.highest.name} ${score(view.highest.score)}`),
    field("ต่ำสุด", `${view.lowest.indicator} ${view.lowest.name} ${score(view.lowest.score)}`),
    section(`ตัวชี้วัดที่ต่ำกว่า ${view.passMark} คะแนน (${view.belowTarget.length})`),
    ...(view.belowTarget.length
      ? view.belowTarget.map((entry) =>
          scoreRow(`${entry.indicator} ${entry.name}`, entry.score, view.passMark),
        )
      : [paragraph(`ผ่านเกณฑ์ ${view.passMark} คะแนนทุกตัวชี้วัด`, { muted: true })]),
  ];
  if (view.weakestItems.length) {
    body.push(
      section("ข้อที่ได้คะแนนต่ำสุด"),
      ...view.weakestItems
        .slice(0, ITEMS_SHOWN)
        .map((item) => scoreRow(`${item.code} ${excerpt(item.text, 80)}`, item.score, view.passMark)),
    );
  }
  if (shown.length) {
    body.push(section("มาตรการที่แนะนำสำหรับปีถัดไป"));
    for (const entry of shown) {
      body.push(
        paragraph(`ตัวชี้วัดที่ ${entry.indicator} ${names.get(entry.indicator) ?? ""}`.trim(), { bold: true }),
      );
      for (const measure of entry.measures.slice(0, MEASURES_PER_INDICATOR)) {
        body.push(paragraph(`• ${excerpt(measure.title, 120)}`));
      }
    }
    if (more > 0) body.push(paragraph(`และอีก ${more} มาตรการ ดูและเลือกใช้ได้ในหน้าผู้ดูแลระบบ`, { muted: true }));
  }

  return flex(alt, {
    type: "bubble",
    header: header(`ผลการประเมิน ITA ปีงบประมาณ ${view.fiscalYear}`, view.orgName),
    body: { type: "box", layout: "vertical", spacing: "sm", contents: body },
    footer: { type: "box", layout: "vertical", contents: [keywordButton("เมนู")] },
  });
}
