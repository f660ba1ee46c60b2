import { z } from "zod";
import { type WorkItemView, workCarousel, workItemCard } from "../../../flex-templates/complaint.flex";
import type { BotContext } from "../../bot/context";
import { findComplaintByCode, openComplaints, photosOf } from "../../db/repos/complaints.repo";
import type { Complaint } from "../../db/schema";
import { NEXT_STATUSES, normaliseTrackingCode, STATUS_LABELS, TRACKING_CODE } from "../../domain/complaints";
import { mayWork, workScopeOf } from "../../domain/roles";
import { localDate, thaiShortDate } from "../../domain/thai-time";
import { type FlowDefinition, type FlowInput, startFlow } from "../../flows/engine";
import { textMessage } from "../../line/messages";
import { planStatusChange, staffActor } from "../../services/complaints.service";
import { PHOTO_PROBLEMS, storedPhotoSchema, storeLinePhoto } from "../photos";
import { isOverdue } from "./complaint-support";

const MENU = { label: "เมนู" };
const CANCEL = { label: "ยกเลิก" };
const WORK_STATUSES = ["in_progress", "forwarded", "resolved", "rejected"] as const;
type WorkStatus = (typeof WORK_STATUSES)[number];

async function workView(ctx: BotContext, complaint: Complaint, withPhotos = false): Promise<WorkItemView> {
  return {
    trackingCode: complaint.trackingCode,
    category: complaint.category,
    description: complaint.description,
    status: complaint.status,
    statusLabel: STATUS_LABELS[complaint.status],
    dueDate: thaiShortDate(complaint.dueDate),
    overdue: isOverdue(complaint, localDate(ctx.now, ctx.deps.config.timeZone)),
    address: complaint.address,
    photoCount: withPhotos ? (await photosOf(ctx.deps.db, complaint.id)).length : 0,
    reopenCount: complaint.reopenCount,
  };
}

/** `งานร้องเรียน`: the open complaints this staff member may work, most urgent first. */
export async function listWork(ctx: BotContext): Promise<void> {
  const scope = workScopeOf(ctx.user);
  if (scope.kind === "unassigned") {
    ctx.reply(textMessage("บัญชีของคุณยังไม่ได้ผูกกับหน่วยงาน โปรดติดต่อผู้ดูแลระบบ", [MENU]));
    return;
  }
  if (scope.kind === "none") {
    ctx.reply(textMessage("ขออภัย คุณไม่มีสิทธิ์จัดการเรื่องร้องเรียน", [MENU]));
    return;
  }
  const open = await openComplaints(
    ctx.deps.db,
    ctx.deps.orgId,
    scope.kind === "corruption" ? { track: "corruption" } : { track: "general", unitId: scope.unitId },
    13,
  );
  if (open.length === 0) {
    ctx.reply(textMessage("ขณะนี้ไม่มีเรื่องร้องเรียนที่รอดำเนินการ", [MENU]));
    return;
  }
  ctx.reply(workCarousel(await Promise.all(open.slice(0, 12).map((complaint) => workView(ctx, complaint)))));
  if (open.length > 12) ctx.reply(textMessage("แสดง 12 เรื่องที่เร่งด่วนที่สุด จัดการเรื่องเหล่านี้ก่อนเพื่อดูเรื่องถัดไป"));
}

const workSchema = z.object({
  code: z.string(),
  status: z.enum(WORK_STATUSES).optional(),
  note: z.string().optional(),
  photo: storedPhotoSchema.optional(),
  noPhotoReason: z.string().optional(),
});
type Work = z.infer<typeof workSchema>;

const NOTE_PROMPTS: Record<WorkStatus, string> = {
  in_progress: 'ข้อความถึงผู้ร้อง เช่น กำหนดการออกตรวจ (หรือกด "ข้าม")',
  forwarded: "ส่งต่อไปยังหน่วยงานใด และเพราะเหตุใด (ข้อความนี้แจ้งผู้ร้องด้วย)",
  resolved: "ผลการดำเนินการ (ข้อความนี้แจ้งผู้ร้องด้วย)",
  rejected: "เหตุผลที่ไม่รับพิจารณา (ข้อความนี้แจ้งผู้ร้องด้วย)",
};

const textOf = (input: FlowInput) => (input.kind === "text" ? input.text.trim() : undefined);

async function current(ctx: BotContext, data: Work): Promise<Complaint | undefined> {
  return findComplaintByCode(ctx.deps.db, ctx.deps.orgId, data.code);
}

/** Staff changing a complaint's status in chat: action → note → (after-photo or reason) → confirm. */
export const complaintWorkFlow: FlowDefinition<Work> = {
  name: "complaint-work",
  version: 1,
  schema: workSchema,
  first: "action",
  initial: () => ({ code: "" }),
  async discard(ctx, data) {
    if (data.photo) await ctx.deps.blobs.delete(data.photo.blobKey);
  },
  steps: {
    action: {
      async prompt(ctx, data) {
        const complaint = await current(ctx, data);
        if (!complaint) return [textMessage("ไม่พบเรื่องนี้แล้ว", [MENU])];
        const next = NEXT_STATUSES[complaint.status].map((status) => ({ label: STATUS_LABELS[status] }));
        return [
          workItemCard(await workView(ctx, complaint, true)),
          textMessage(`เลือกสถานะใหม่ของเรื่อง ${complaint.trackingCode}`, [...next, CANCEL]),
        ];
      },
      async handle(ctx, data, input) {
        const complaint = await current(ctx, data);
        const text = textOf(input);
        const status = WORK_STATUSES.find((s) => STATUS_LABELS[s] === text);
        if (!complaint || !status || !NEXT_STATUSES[complaint.status].includes(status)) {
          return { reask: "โปรดเลือกสถานะจากปุ่มด้านล่าง" };
        }
        return { next: "note", data: { ...data, status } };
      },
    },
    note: {
      prompt: (_ctx, data) => [
        textMessage(NOTE_PROMPTS[data.status ?? "in_progress"], [
          ...(data.status === "in_progress" ? [{ label: "ข้าม" }] : []),
          CANCEL,
        ]),
      ],
      async handle(ctx, data, input) {
        const text = textOf(input);
        if (text === undefined) return { reask: "โปรดพิมพ์เป็นข้อความ" };
        if (text === "ข้าม" && data.status === "in_progress")
          return { next: "confirm", data: { ...data, note: "" } };
        if (text.length < 2 || text === "ข้าม") return { reask: "โปรดพิมพ์ข้อความ" };
        const withNote = { ...data, note: text.slice(0, 2000) };
        const complaint = await current(ctx, data);
        const needsPhoto = data.status === "resolved" && complaint?.track === "general";
        return { next: needsPhoto ? "photo" : "confirm", data: withNote };
      },
    },
    photo: {
      prompt: () => [
        textMessage('ส่งภาพหลังดำเนินการ 1 ภาพ หรือกด "ไม่มีภาพ" แล้วบอกเหตุผล', [{ label: "ไม่มีภาพ" }, CANCEL]),
      ],
      async handle(ctx, data, input) {
        if (input.kind === "image") {
          await ctx.showLoading(10);
          const stored = await storeLinePhoto(ctx.deps, input.messageId, `complaints/${ctx.deps.orgId}`);
          if (!stored.ok) return { reask: PHOTO_PROBLEMS[stored.reason] };
          return { next: "confirm", data: { ...data, photo: stored.photo } };
        }
        if (textOf(input) === "ไม่มีภาพ") return { next: "reason", data };
        return { reask: 'โปรดส่งภาพ หรือกด "ไม่มีภาพ"' };
      },
    },
    reason: {
      prompt: () => [textMessage("เหตุใดจึงไม่มีภาพหลังดำเนินการ", [CANCEL])],
      handle(_ctx, data, input) {
        const text = textOf(input);
        if (!text || text.length < 2) return { reask: "โปรดพิมพ์เหตุผล" };
        return { next: "confirm", data: { ...data, noPhotoReason: text.slice(0, 500) } };
      },
    },
    confirm: {
      prompt: (_ctx, data) => [
        textMessage(
          [
            `เปลี่ยนเรื่อง ${data.code} เป็น "${STATUS_LABELS[data.status ?? "in_progress"]}"`,
            data.note ? `ข้อความถึงผู้ร้อง: ${data.note}` : "",
            data.photo ? "แนบภาพหลังดำเนินการ 1 ภาพ" : "",
            data.noPhotoReason ? `ไม่มีภาพ: ${data.noPhotoReason}` : "",
            "ผู้ร้องจะได้รับแจ้งทาง LINE ทันที",
          ]
            .filter(Boolean)
            .join("\n"),
          [{ label: "ยืนยัน" }, CANCEL],
        ),
      ],
      async handle(ctx, data, input) {
        if (textOf(input) !== "ยืนยัน") return { reask: 'โปรดกด "ยืนยัน" หรือ "ยกเลิก"' };
        if (!data.status) {
          ctx.reply(textMessage("ไม่พบเรื่องนี้แล้ว", [MENU]));
          return { done: true };
        }
        // The photo was kept at the photo step; this plan names it and commits with the event.
        const planned = await planStatusChange(
          ctx.deps,
          {
            trackingCode: data.code,
            status: data.status,
            note: data.note ?? "",
            storedPhoto: data.photo,
            noPhotoReason: data.noPhotoReason,
          },
          await staffActor(ctx.deps, ctx.user),
        );
        if (!planned.ok) {
          if (data.photo) await ctx.deps.blobs.delete(data.photo.blobKey); // the flow ends: nothing names it
          ctx.reply(textMessage(planned.error.thai, [{ label: "งานร้องเรียน" }, MENU]));
          return { done: true };
        }
        ctx.apply(planned.plan);
        const complaint = planned.value.complaint;
        ctx.reply(
          textMessage(
            `บันทึกแล้ว: เรื่อง ${complaint.trackingCode} เป็น "${STATUS_LABELS[data.status]}" และแจ้งผู้ร้องแล้ว`,
            [{ label: "งานร้องเรียน" }, MENU],
          ),
        );
        return { done: true };
      },
    },
  },
};

/** `a=work&c=<code>`: open a complaint to work on, if this user may. */
export async function openWork(ctx: BotContext, params: URLSearchParams): Promise<void> {
  const code = normaliseTrackingCode(params.get("c") ?? "");
  const complaint = TRACKING_CODE.test(code)
    ? await findComplaintByCode(ctx.deps.db, ctx.deps.orgId, code)
    : undefined;
  if (!complaint || !mayWork(ctx.user, complaint)) {
    ctx.reply(textMessage("ขออภัย คุณไม่มีสิทธิ์จัดการเรื่องนี้", [MENU]));
    return;
  }
  if (NEXT_STATUSES[complaint.status].length === 0) {
    ctx.reply(
      textMessage(`เรื่อง ${complaint.trackingCode} ปิดแล้ว (${STATUS_LABELS[complaint.status]})`, [MENU]),
    );
    return;
  }
  await startFlow(ctx, complaintWorkFlow, "action", { code: complaint.trackingCode });
}
