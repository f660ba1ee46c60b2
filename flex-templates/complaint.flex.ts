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

/** A complaint as its complainant sees it: nothing about who filed it. */
export interface ComplaintView {
  trackingCode: string;
  trackLabel: string;
  category: string;
  description: string;
  status: string;
  statusLabel: string;
  /** General track: the unit it was routed to. */
  unitName: string | null;
  /** "15 ม.ค. 2569" */
  dueDate: string;
  filedAt: string;
  address: string | null;
  /** The complainant's own photos. */
  photoCount: number;
  /** Photos the officer attached when resolving it (`ดูภาพ` sends them). */
  afterPhotoCount: number;
  overdue: boolean;
  anonymous: boolean;
  history: Array<{ statusLabel: string; note: string; at: string }>;
  /**
   * What the complainant is asked while it lasts: "was it fixed?" (`fixed`) after `resolved`, then a
   * rating (`rating`) after a "yes"; null when nothing is awaited.
   */
  awaiting?: "fixed" | "rating" | null;
}

/** The answer buttons (CONTRACT.md): labels of the "was it fixed?" question. */
export const FIXED_LABELS = { yes: "แก้ไขแล้ว", no: "ยังไม่แก้ไข" } as const;
export const FIXED_QUESTION = "ปัญหาได้รับการแก้ไขแล้วหรือไม่";
export const RATE_LABEL = "ให้คะแนนความพึงพอใจ";

/** The answer buttons a complaint carries for as long as its complainant's answer is awaited. */
function answerButtons(view: ComplaintView): messagingApi.FlexComponent[] {
  const code = view.trackingCode;
  if (view.awaiting === "fixed") {
    const answer = (label: string, value: string, style: "primary" | "secondary") =>
      actionButton(
        { type: "postback", label, data: `a=fix&c=${code}&v=${value}`, displayText: label },
        style,
      );
    return [
      paragraph(FIXED_QUESTION, { bold: true }),
      answer(FIXED_LABELS.yes, "yes", "primary"),
      answer(FIXED_LABELS.no, "no", "secondary"),
    ];
  }
  if (view.awaiting === "rating") {
    return [
      actionButton(
        { type: "postback", label: RATE_LABEL, data: `a=rate&c=${code}`, displayText: RATE_LABEL },
        "primary",
      ),
    ];
  }
  return [];
}

const STATUS_COLORS: Record<string, string> = {
  received: "#2563EB",
  in_progress: "#D97706",
  forwarded: "#7C3AED",
  resolved: BRAND.primary,
  rejected: "#6B7280",
};

const TRACK_COMMAND = "ติดตามเรื่อง";

/** The label of every "show me the photos" button: the complainant's after-photos, the staff's citizen photos. */
export const VIEW_PHOTOS = "ดูภาพ";
/** The label of the staff's "show me the place" button. */
export const VIEW_PLACE = "ดูตำแหน่ง";

/** The complainant's `ดูภาพ`: the after-photos of their complaint as image messages. */
function afterPhotosButton(trackingCode: string): messagingApi.FlexButton {
  return actionButton(
    {
      type: "postback",
      label: VIEW_PHOTOS,
      data: `a=after&c=${trackingCode}`,
      displayText: `${VIEW_PHOTOS} ${trackingCode}`,
    },
    "link",
  );
}

/** "ภาพผลงาน: 1 ภาพ" (the after-photos) when there is one; a short label, so it fits its column. */
function afterPhotoRow(count: number): messagingApi.FlexComponent[] {
  return count > 0 ? [field("ภาพผลงาน", `${count} ภาพหลังดำเนินการ (กด "${VIEW_PHOTOS}")`)] : [];
}

function statusRow(view: ComplaintView): messagingApi.FlexBox {
  return {
    type: "box",
    layout: "horizontal",
    spacing: "sm",
    contents: [
      badge(view.statusLabel, STATUS_COLORS[view.status] ?? BRAND.muted),
      ...(view.overdue ? [badge("เกินกำหนด", "#DC2626")] : []),
    ],
  };
}

function routing(view: ComplaintView): string {
  return view.unitName ?? "เจ้าหน้าที่ตรวจสอบภายใน (เก็บข้อมูลผู้ร้องเป็นความลับ)";
}

export interface ComplaintDraftView {
  trackLabel: string;
  category: string;
  description: string;
  address: string | null;
  photoCount: number;
  anonymity: string | null;
  unitName: string | null;
  dueDate: string;
}

/** The summary before `ยืนยัน`. */
export function complaintSummaryCard(view: ComplaintDraftView): messagingApi.FlexMessage {
  return flex(`ตรวจสอบเรื่องก่อนส่ง: ${view.category}`, {
    type: "bubble",
    header: header("ตรวจสอบก่อนส่ง", view.trackLabel),
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        field("ประเภท", view.category),
        field("รายละเอียด", excerpt(view.description)),
        field("สถานที่", view.address ?? "ไม่ระบุ"),
        field("รูปภาพ", view.photoCount > 0 ? `${view.photoCount} รูป` : "ไม่มี"),
        ...(view.anonymity ? [field("ผู้ร้อง", view.anonymity)] : []),
        field("ส่งถึง", view.unitName ?? "เจ้าหน้าที่ตรวจสอบภายใน"),
        field("ตอบภายใน", view.dueDate),
      ],
    },
    footer: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [keywordButton("ยืนยัน", "ยืนยัน", "primary"), keywordButton("ยกเลิก")],
    },
  });
}

/** After `ยืนยัน`: the receipt with the tracking code. */
export function complaintReceiptCard(view: ComplaintView, orgName: string): messagingApi.FlexMessage {
  return flex(`รับเรื่องแล้ว เลขที่ ${view.trackingCode} ตอบภายใน ${view.dueDate}`, {
    type: "bubble",
    header: header("รับเรื่องแล้ว", orgName),
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        paragraph("เลขที่เรื่อง", { muted: true }),
        { type: "text", text: view.trackingCode, size: "xxl", weight: "bold", color: BRAND.primary },
        { type: "separator", margin: "md" },
        field("ประเภท", view.category),
        field("ส่งถึง", routing(view)),
        field("แจ้งเมื่อ", view.filedAt),
        field("ตอบภายใน", view.dueDate),
        paragraph("เราจะแจ้งความคืบหน้าทาง LINE นี้ทุกครั้งที่สถานะเปลี่ยน", { muted: true }),
      ],
    },
    footer: {
      type: "box",
      layout: "vertical",
      contents: [keywordButton("ติดตามเรื่องนี้", `${TRACK_COMMAND} ${view.trackingCode}`, "primary")],
    },
  });
}

/** A footer for these buttons, or none when there are none. */
function footerOf(buttons: messagingApi.FlexComponent[]): { footer?: messagingApi.FlexBox } {
  return buttons.length
    ? { footer: { type: "box", layout: "vertical", spacing: "sm", contents: buttons } }
    : {};
}

function complaintBubble(view: ComplaintView, withHistory: boolean): messagingApi.FlexBubble {
  const history: messagingApi.FlexComponent[] = withHistory
    ? [
        { type: "separator", margin: "md" },
        paragraph("ความคืบหน้า", { bold: true }),
        ...view.history.slice(-5).map(
          (entry): messagingApi.FlexComponent => ({
            type: "box",
            layout: "vertical",
            contents: [
              paragraph(`${entry.at} · ${entry.statusLabel}`, { muted: true }),
              ...(entry.note ? [paragraph(excerpt(entry.note, 200))] : []),
            ],
          }),
        ),
      ]
    : [];
  return {
    type: "bubble",
    size: "kilo",
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        { type: "text", text: view.trackingCode, weight: "bold", size: "lg", color: BRAND.primary },
        statusRow(view),
        field("ประเภท", view.category),
        field("เรื่อง", excerpt(view.description, withHistory ? 300 : 80)),
        field("ส่งถึง", routing(view)),
        field("แจ้งเมื่อ", view.filedAt),
        field("ตอบภายใน", view.dueDate),
        ...afterPhotoRow(view.afterPhotoCount),
        ...history,
      ],
    },
    ...footerOf([
      ...answerButtons(view),
      ...(view.afterPhotoCount > 0 ? [afterPhotosButton(view.trackingCode)] : []),
      ...(withHistory ? [] : [keywordButton("ดูรายละเอียด", `${TRACK_COMMAND} ${view.trackingCode}`, "link")]),
    ]),
  };
}

/** `ติดตามเรื่อง <code>`: one complaint with its history. */
export function complaintDetailCard(view: ComplaintView): messagingApi.FlexMessage {
  return flex(`เรื่อง ${view.trackingCode}: ${view.statusLabel}`, complaintBubble(view, true));
}

/** `ติดตามเรื่อง`: the user's complaints, newest first (at most 12 cards). */
export function complaintCarousel(views: ComplaintView[]): messagingApi.FlexMessage {
  const shown = views.slice(0, 12);
  return flex(
    `เรื่องของคุณ ${views.length} เรื่อง: ${shown.map((v) => `${v.trackingCode} ${v.statusLabel}`).join(", ")}`,
    {
      type: "carousel",
      contents: shown.map((view) => complaintBubble(view, false)),
    },
  );
}

export interface StatusUpdateView {
  trackingCode: string;
  statusLabel: string;
  status: string;
  note: string;
  at: string;
  /** After-photos sent with this change (as image messages right after the card). */
  afterPhotoCount?: number;
}

/** Pushed to the complainant on every status change. */
export function statusUpdateCard(view: StatusUpdateView, orgName: string): messagingApi.FlexMessage {
  return flex(
    `เรื่อง ${view.trackingCode}: ${view.statusLabel}${view.note ? ` — ${excerpt(view.note, 200)}` : ""}`,
    {
      type: "bubble",
      header: header("ความคืบหน้าเรื่องของคุณ", orgName),
      body: {
        type: "box",
        layout: "vertical",
        spacing: "sm",
        contents: [
          { type: "text", text: view.trackingCode, weight: "bold", size: "lg", color: BRAND.primary },
          {
            type: "box",
            layout: "horizontal",
            contents: [badge(view.statusLabel, STATUS_COLORS[view.status] ?? BRAND.muted)],
          },
          field("เมื่อ", view.at),
          ...(view.note ? [field("หมายเหตุ", excerpt(view.note, 1000))] : []),
          ...afterPhotoRow(view.afterPhotoCount ?? 0),
        ],
      },
      footer: {
        type: "box",
        layout: "vertical",
        contents: [
          keywordButton("ดูรายละเอียด", `${TRACK_COMMAND} ${view.trackingCode}`, "link"),
          ...((view.afterPhotoCount ?? 0) > 0 ? [afterPhotosButton(view.trackingCode)] : []),
        ],
      },
    },
  );
}

/** A complaint as the staff member handling it sees it: what, where, by when; never who filed it. */
export interface WorkItemView {
  trackingCode: string;
  category: string;
  description: string;
  status: string;
  statusLabel: string;
  dueDate: string;
  overdue: boolean;
  address: string | null;
  /** The complainant's photos (`ดูภาพ` sends them). */
  photoCount: number;
  /** Whether the complainant sent a map location (`ดูตำแหน่ง` sends it). */
  hasLocation: boolean;
  reopenCount: number;
}

/** The staff's `ดูภาพ` and `ดูตำแหน่ง`, where there is something to show. */
function evidenceButtons(view: WorkItemView): messagingApi.FlexButton[] {
  const tap = (label: string, action: string): messagingApi.FlexButton =>
    actionButton(
      {
        type: "postback",
        label,
        data: `a=${action}&c=${view.trackingCode}`,
        displayText: `${label} ${view.trackingCode}`,
      },
      "secondary",
    );
  return [
    ...(view.photoCount > 0 ? [tap(VIEW_PHOTOS, "photos")] : []),
    ...(view.hasLocation ? [tap(VIEW_PLACE, "place")] : []),
  ];
}

function workBubble(view: WorkItemView, withButton: boolean): messagingApi.FlexBubble {
  return {
    type: "bubble",
    size: "kilo",
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        { type: "text", text: view.trackingCode, weight: "bold", size: "lg", color: BRAND.primary },
        {
          type: "box",
          layout: "horizontal",
          spacing: "sm",
          contents: [
            badge(view.statusLabel, STATUS_COLORS[view.status] ?? BRAND.muted),
            ...(view.overdue ? [badge("เกินกำหนด", "#DC2626")] : []),
            ...(view.reopenCount > 0 ? [badge(`เปิดซ้ำ ${view.reopenCount}`, "#B45309")] : []),
          ],
        },
        field("ประเภท", view.category),
        field("เรื่อง", excerpt(view.description, withButton ? 120 : 1000)),
        field("สถานที่", view.address ?? "ไม่ระบุ"),
        field("รูปภาพ", view.photoCount > 0 ? `${view.photoCount} รูป` : "ไม่มี"),
        field("ตอบภายใน", view.dueDate),
      ],
    },
    ...(withButton || evidenceButtons(view).length > 0
      ? {
          footer: {
            type: "box",
            layout: "vertical",
            spacing: "sm",
            contents: [
              ...(withButton
                ? [
                    actionButton({
                      type: "postback",
                      label: "จัดการเรื่องนี้",
                      data: `a=work&c=${view.trackingCode}`,
                      displayText: `จัดการเรื่อง ${view.trackingCode}`,
                    }),
                  ]
                : []),
              ...evidenceButtons(view),
            ],
          },
        }
      : {}),
  };
}

/** `งานร้องเรียน`: open complaints of the unit (or the corruption track), most urgent first. */
export function workCarousel(views: WorkItemView[]): messagingApi.FlexMessage {
  const shown = views.slice(0, 12);
  return flex(`เรื่องร้องเรียนที่รอดำเนินการ ${views.length} เรื่อง`, {
    type: "carousel",
    contents: shown.map((view) => workBubble(view, true)),
  });
}

/** One complaint being worked on. */
export function workItemCard(view: WorkItemView): messagingApi.FlexMessage {
  return flex(`เรื่อง ${view.trackingCode}: ${view.statusLabel}`, workBubble(view, false));
}
