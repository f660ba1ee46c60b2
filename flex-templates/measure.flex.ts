import type { messagingApi } from "@line/bot-sdk";
import {
  actionButton,
  BRAND,
  badge,
  excerpt,
  field,
  flex,
  header,
  keywordButton,
  paragraph,
} from "./components";

type MeasureStatus = "not_started" | "in_progress" | "done" | "cannot_do";

const STATUS_COLORS: Record<MeasureStatus, string> = {
  not_started: "#6B7280",
  in_progress: "#D97706",
  done: BRAND.primary,
  cannot_do: "#7C3AED",
};
const ALERT = "#DC2626";
const WARN = "#B45309";

/** One measure in the staff member's carousel. */
export interface MeasureCardView {
  title: string;
  /** "1 การปฏิบัติหน้าที่, 9 การเปิดเผยข้อมูล" */
  indicators: string;
  percent: number;
  status: MeasureStatus;
  statusLabel: string;
  /** "15 ม.ค. 2570", or null before the first progress entry. */
  lastUpdate: string | null;
  /** The end month: "ก.ย. 2570". */
  due: string;
  overdue: boolean;
  stale: boolean;
  /** The log-progress button's postback. */
  log: { data: string; displayText: string };
}

/** A thin bar filled to `percent`. */
function progressBar(percent: number, color: string): messagingApi.FlexBox {
  const filled = Math.max(0, Math.min(100, Math.round(percent)));
  return {
    type: "box",
    layout: "vertical",
    backgroundColor: "#E5E7EB",
    height: "6px",
    cornerRadius: "3px",
    margin: "sm",
    contents:
      filled > 0
        ? [
            {
              type: "box",
              layout: "vertical",
              backgroundColor: color,
              height: "6px",
              width: `${filled}%`,
              contents: [{ type: "filler" }],
            },
          ]
        : [{ type: "filler" }],
  };
}

function statusRow(status: MeasureStatus, label: string, percent: number): messagingApi.FlexBox {
  return {
    type: "box",
    layout: "horizontal",
    spacing: "sm",
    contents: [
      badge(label, STATUS_COLORS[status]),
      {
        type: "text",
        text: `${percent}%`,
        size: "sm",
        weight: "bold",
        color: STATUS_COLORS[status],
        align: "end",
        gravity: "center",
      },
    ],
  };
}

function alertLine(text: string, color: string): messagingApi.FlexText {
  return { type: "text", text, size: "xs", weight: "bold", color, wrap: true };
}

function measureBubble(view: MeasureCardView): messagingApi.FlexBubble {
  const alerts: messagingApi.FlexComponent[] = [
    ...(view.overdue ? [alertLine(`เกินกำหนด (สิ้นสุด ${view.due})`, ALERT)] : []),
    ...(view.stale ? [alertLine("ไม่มีความคืบหน้าเกิน 30 วัน", WARN)] : []),
  ];
  return {
    type: "bubble",
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        statusRow(view.status, view.statusLabel, view.percent),
        progressBar(view.percent, STATUS_COLORS[view.status]),
        ...alerts,
        {
          type: "text",
          text: excerpt(view.title, 120),
          weight: "bold",
          size: "md",
          wrap: true,
          margin: "md",
        },
        { type: "separator", margin: "md" },
        field("ตัวชี้วัด", excerpt(view.indicators, 200)),
        field("อัปเดตล่าสุด", view.lastUpdate ?? "ยังไม่มีการบันทึก"),
        field("กำหนดเสร็จ", view.due),
      ],
    },
    footer: {
      type: "box",
      layout: "vertical",
      contents: [
        actionButton({
          type: "postback",
          label: "บันทึกความก้าวหน้า",
          data: view.log.data,
          displayText: excerpt(view.log.displayText, 300),
        }),
      ],
    },
  };
}

/** `มาตรการ`: the unit's measures, most urgent first (at most 12 cards). */
export function measureCarousel(
  views: MeasureCardView[],
  context: { unitName: string; fiscalYear: number },
): messagingApi.FlexMessage {
  const shown = views.slice(0, 12);
  const overdue = shown.filter((view) => view.overdue).length;
  const stale = shown.filter((view) => view.stale).length;
  const alerts = [
    ...(overdue ? [`เกินกำหนด ${overdue}`] : []),
    ...(stale ? [`ไม่มีความคืบหน้าเกิน 30 วัน ${stale}`] : []),
  ];
  return flex(
    `มาตรการของ${context.unitName} ปีงบประมาณ ${context.fiscalYear}: ${shown.length} มาตรการ${
      alerts.length ? ` (${alerts.join(", ")})` : ""
    }`,
    { type: "carousel", contents: shown.map(measureBubble) },
  );
}

/** A progress entry before `ยืนยัน`, or as saved. */
export interface ProgressView {
  measureTitle: string;
  text: string;
  /** The day the work was done, as Thai offices write it: "10 มกราคม 2570". */
  performedOn: string;
  percent: number;
  status: MeasureStatus;
  statusLabel: string;
  reason: string | null;
  suggestion: string | null;
  photoCount: number;
  /** "สมศรี (กองช่าง)" */
  by: string;
}

function progressFields(view: ProgressView, textMax: number): messagingApi.FlexComponent[] {
  return [
    field("มาตรการ", excerpt(view.measureTitle, 200)),
    field("ผลการดำเนินการ", excerpt(view.text, textMax)),
    field("วันที่ดำเนินการ", view.performedOn),
    field("ความก้าวหน้า", `${view.percent}%`),
    field("สถานะ", view.statusLabel),
    ...(view.reason ? [field("เหตุผล", excerpt(view.reason, textMax))] : []),
    field("รูปภาพ", view.photoCount > 0 ? `${view.photoCount} รูป` : "ไม่มี"),
    field("ข้อเสนอแนะ", view.suggestion ? excerpt(view.suggestion, textMax) : "ไม่มี"),
    field("ผู้บันทึก", excerpt(view.by, 100)),
  ];
}

/** The summary before `ยืนยัน`. */
export function progressSummaryCard(view: ProgressView): messagingApi.FlexMessage {
  return flex(`ตรวจสอบก่อนบันทึก: ${excerpt(view.measureTitle, 200)} ${view.percent}% ${view.statusLabel}`, {
    type: "bubble",
    header: header("ตรวจสอบก่อนบันทึก", "ความก้าวหน้ามาตรการ"),
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [progressBar(view.percent, STATUS_COLORS[view.status]), ...progressFields(view, 500)],
    },
    footer: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [keywordButton("ยืนยัน", "ยืนยัน", "primary"), keywordButton("ยกเลิก")],
    },
  });
}

/** After `ยืนยัน`: what was saved, when; `edit` is the postback that corrects or withdraws it. */
export function progressSavedCard(
  view: ProgressView & { at: string; edit?: { data: string } },
): messagingApi.FlexMessage {
  return flex(`บันทึกความก้าวหน้าแล้ว: ${excerpt(view.measureTitle, 200)} ${view.percent}% ${view.statusLabel}`, {
    type: "bubble",
    header: header("บันทึกความก้าวหน้าแล้ว", view.at),
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        statusRow(view.status, view.statusLabel, view.percent),
        progressBar(view.percent, STATUS_COLORS[view.status]),
        { type: "separator", margin: "md" },
        ...progressFields(view, 1000),
        paragraph("บันทึกนี้จะอยู่ในรายงานผลการดำเนินการตามมาตรการของหน่วยงาน", { muted: true }),
      ],
    },
    footer: {
      type: "box",
      layout: "vertical",
      contents: [
        ...(view.edit
          ? [
              actionButton(
                {
                  type: "postback",
                  label: "แก้ไข/ถอนรายการนี้",
                  data: view.edit.data,
                  displayText: "แก้ไขรายการนี้",
                },
                "link",
              ),
            ]
          : []),
        keywordButton("ดูมาตรการทั้งหมด", "มาตรการ", "link"),
      ],
    },
  });
}
