/**
 * The monthly chart an officer pastes into a report: complaints received, and of them those still in
 * progress and those resolved (as in the statistics: the year's months as at its `asOf`), as SVG
 * text. A month not yet begun has no bars, only "–". Pure; no fonts are embedded: it names TH Sarabun
 * New, Sarabun and Tahoma, and the viewer draws the Thai text with what it has.
 */
import { thaiLongDate } from "../domain/thai-time";
import type { ComplaintStats } from "./complaint-stats";
import { numeralsOf } from "./numerals";

export const SVG_CONTENT_TYPE = "image/svg+xml";

const WIDTH = 1000;
const HEIGHT = 590;
const PLOT = { left: 80, right: 970, top: 110, bottom: 470 };
const COLOURS = {
  received: "#1F4F86",
  inProgress: "#E0A526",
  resolved: "#2E9E6B",
  grid: "#D5DCE4",
  text: "#1C2B3A",
};
/** Each bar: its figure, its legend, and the word in its tooltip. */
const SERIES = [
  ["received", "รับเรื่อง", "รับเรื่อง"],
  ["inProgress", "อยู่ระหว่างดำเนินการ", "อยู่ระหว่างดำเนินการ"],
  ["resolved", "ดำเนินการแล้วเสร็จ", "แล้วเสร็จ"],
] as const;
const FONT = "'TH Sarabun New', Sarabun, Tahoma, 'Noto Sans Thai', sans-serif";

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A round step for about five grid lines: 1, 2 or 5 times a power of ten. */
function niceStep(max: number): number {
  const rough = Math.max(max, 1) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  return Math.max(1, step);
}

export interface ChartInput {
  orgName: string;
  stats: ComplaintStats;
  /** Every numeral drawn in Thai digits (the organisation's document settings). */
  thaiNumerals?: boolean;
}

export function complaintsChartSvg({ orgName, stats, thaiNumerals = false }: ChartInput): string {
  // Only what is drawn as text goes through the numerals: never the coordinates.
  const n = numeralsOf(thaiNumerals);
  const xmlText = (text: string | number) => escapeXml(n(String(text)));
  const months = stats.months.map((m) => ({
    label: m.label,
    begun: m.asOf !== null,
    received: m.total.received,
    inProgress: m.total.inProgress,
    resolved: m.total.resolved,
  }));
  const max = Math.max(1, ...months.map((m) => m.received));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const y = (value: number) => PLOT.bottom - (value / top) * (PLOT.bottom - PLOT.top);
  const group = (PLOT.right - PLOT.left) / months.length;
  const bar = group * 0.26;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${escapeXml(FONT)}">`,
    `<title>${xmlText(`เรื่องร้องเรียน/ร้องทุกข์ รับเรื่อง อยู่ระหว่างดำเนินการ และดำเนินการแล้วเสร็จ รายเดือน ปีงบประมาณ พ.ศ. ${stats.fiscalYear}`)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#FFFFFF"/>`,
    `<text x="${WIDTH / 2}" y="40" text-anchor="middle" font-size="26" font-weight="bold" fill="${COLOURS.text}">${xmlText(`เรื่องร้องเรียน/ร้องทุกข์ รายเดือน ปีงบประมาณ พ.ศ. ${stats.fiscalYear}`)}</text>`,
    `<text x="${WIDTH / 2}" y="70" text-anchor="middle" font-size="20" fill="${COLOURS.text}">${xmlText(`${orgName} · สถานะ ณ วันที่ ${thaiLongDate(stats.asOf)}`)}</text>`,
  );
  for (let value = 0; value <= top; value += step) {
    const at = y(value).toFixed(1);
    parts.push(
      `<line x1="${PLOT.left}" y1="${at}" x2="${PLOT.right}" y2="${at}" stroke="${COLOURS.grid}" stroke-width="1"/>`,
      `<text x="${PLOT.left - 10}" y="${at}" dy="5" text-anchor="end" font-size="16" fill="${COLOURS.text}">${xmlText(value)}</text>`,
    );
  }
  months.forEach((month, i) => {
    const x = PLOT.left + i * group + group / 2;
    if (!month.begun) {
      parts.push(
        `<text x="${x.toFixed(1)}" y="${PLOT.bottom - 8}" text-anchor="middle" font-size="18" fill="${COLOURS.text}">–</text>`,
      );
    }
    SERIES.forEach(([kind, , label], s) => {
      if (!month.begun) return;
      const value = month[kind];
      const left = x + (s - 1.5) * bar;
      const height = PLOT.bottom - y(value);
      parts.push(
        `<rect x="${left.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(bar - 1).toFixed(1)}" height="${height.toFixed(1)}" fill="${COLOURS[kind]}"><title>${xmlText(`${month.label} ${label} ${value} เรื่อง`)}</title></rect>`,
      );
      if (value > 0) {
        parts.push(
          `<text x="${(left + bar / 2).toFixed(1)}" y="${(y(value) - 5).toFixed(1)}" text-anchor="middle" font-size="14" fill="${COLOURS.text}">${xmlText(value)}</text>`,
        );
      }
    });
    parts.push(
      // "ต.ค." over "2569": twelve labels side by side do not fit on one line each.
      `<text x="${x.toFixed(1)}" y="${PLOT.bottom + 22}" text-anchor="middle" font-size="16" fill="${COLOURS.text}">${month.label
        .split(" ")
        .map(
          (part, line) => `<tspan x="${x.toFixed(1)}" dy="${line === 0 ? 0 : 19}">${xmlText(part)}</tspan>`,
        )
        .join("")}</text>`,
    );
  });
  parts.push(
    `<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="${COLOURS.text}" stroke-width="1.5"/>`,
    `<text x="24" y="${(PLOT.top + PLOT.bottom) / 2}" transform="rotate(-90 24 ${(PLOT.top + PLOT.bottom) / 2})" text-anchor="middle" font-size="18" fill="${COLOURS.text}">จำนวนเรื่อง</text>`,
  );
  const legendY = HEIGHT - 40;
  // Each entry as wide as its label (about 11 px a letter at 18 px), the three centred together.
  const widths = SERIES.map(
    ([, label]) => 26 + label.replace(/[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/g, "").length * 11 + 40,
  );
  let x = (WIDTH - widths.reduce((a, b) => a + b, 0)) / 2;
  SERIES.forEach(([kind, label], i) => {
    parts.push(
      `<rect x="${x}" y="${legendY - 14}" width="18" height="18" fill="${COLOURS[kind]}"/>`,
      `<text x="${x + 26}" y="${legendY}" font-size="18" fill="${COLOURS.text}">${xmlText(label)}</text>`,
    );
    x += widths[i] ?? 0;
  });
  parts.push(
    `<text x="${WIDTH / 2}" y="${HEIGHT - 10}" text-anchor="middle" font-size="15" fill="${COLOURS.text}">${xmlText("นับตามเดือนที่รับเรื่อง สถานะ ณ วันที่ข้างต้น · – ยังไม่ถึงเดือนนั้น")}</text>`,
  );
  parts.push("</svg>");
  return parts.join("\n");
}
