import type { messagingApi } from "@line/bot-sdk";
import { BRAND, field, flex, header, keywordButton, paragraph } from "./components";

export interface OverviewView {
  orgName: string;
  fiscalYear: number;
  /** "1 ธ.ค. 2569" */
  asOf: string;
  measures: {
    total: number;
    not_started: number;
    in_progress: number;
    done: number;
    cannot_do: number;
    overdue: number;
    stale: number;
  };
  complaints: Array<{
    track: "general" | "corruption";
    received: number;
    open: number;
    overdue: number;
    resolved: number;
    /** Working days, or null when none was resolved yet. */
    averageDaysToResolve: number | null;
  }>;
  eit: { respondents: number; invited: number; sampleTarget: number };
  deadlines: Array<{ name: string; date: string; dateLabel: string; daysLeft: number }>;
}

const TRACK_TITLES = { general: "เรื่องร้องทุกข์", corruption: "ร้องเรียนการทุจริต" } as const;
const ALERT = "#DC2626";

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

function alertField(label: string, value: number, unit: string): messagingApi.FlexBox {
  const box = field(label, `${value} ${unit}`);
  const [, text] = box.contents;
  if (value > 0 && text && text.type === "text") text.color = ALERT;
  return box;
}

/** `ภาพรวม` and the executives' weekly digest: one card. */
export function overviewCard(view: OverviewView): messagingApi.FlexMessage {
  const m = view.measures;
  const alt = [
    `ภาพรวมปีงบประมาณ ${view.fiscalYear}`,
    `มาตรการ ${m.done}/${m.total} เสร็จ เกินกำหนด ${m.overdue}`,
    ...view.complaints.map((c) => `${TRACK_TITLES[c.track]} ค้าง ${c.open} เกินกำหนด ${c.overdue}`),
  ].join(" · ");
  return flex(alt, {
    type: "bubble",
    header: header(`ภาพรวม ปีงบประมาณ ${view.fiscalYear}`, `${view.orgName} · ข้อมูล ณ ${view.asOf}`),
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        section("มาตรการคุณธรรมและความโปร่งใส"),
        field("ทั้งหมด", `${m.total} มาตรการ`),
        field("เสร็จแล้ว", `${m.done} · กำลังทำ ${m.in_progress} · ยังไม่เริ่ม ${m.not_started}`),
        ...(m.cannot_do > 0 ? [field("ทำไม่ได้", `${m.cannot_do} มาตรการ`)] : []),
        alertField("เกินกำหนด", m.overdue, "มาตรการ"),
        alertField("ไม่คืบหน้า 30 วัน", m.stale, "มาตรการ"),
        ...view.complaints.flatMap((c) => [
          section(TRACK_TITLES[c.track]),
          field("รับเรื่อง", `${c.received} · เสร็จ ${c.resolved} · ค้าง ${c.open}`),
          alertField("เกินกำหนด", c.overdue, "เรื่อง"),
          field("เฉลี่ยแก้ไขเสร็จ", c.averageDaysToResolve === null ? "-" : `${c.averageDaysToResolve} วันทำการ`),
        ]),
        section("แบบวัด EIT"),
        field("ตอบในแชต", `${view.eit.respondents} คน`),
        field("เชิญตอบ EIT", `${view.eit.invited} จากเป้า ${view.eit.sampleTarget} คน`),
        section("กำหนดส่งรายงาน"),
        ...(view.deadlines.length
          ? view.deadlines.map((d) => field(d.name, `${d.dateLabel} (อีก ${d.daysLeft} วัน)`))
          : [paragraph("ไม่มีกำหนดส่งที่ใกล้ถึง", { muted: true })]),
      ],
    },
    footer: { type: "box", layout: "vertical", contents: [keywordButton("เมนู")] },
  });
}
