import { z } from "zod";
import { type WorkItemView, workCarousel, workItemCard } from "../../../flex-templates/complaint.flex";
import { CHOICES, choiceOf, LABELS, textOf } from "../../bot/choices";
import type { BotContext } from "../../bot/context";
import { detailsOf, findComplaintByCode, openComplaints, photosOf } from "../../db/repos/complaints.repo";
import type { Complaint, ComplaintPhoto } from "../../db/schema";
import { NEXT_STATUSES, normaliseTrackingCode, STATUS_LABELS, TRACKING_CODE } from "../../domain/complaints";
import { mayWork, workScopeOf } from "../../domain/roles";
import { localDate, thaiShortDate } from "../../domain/thai-time";
import { type FlowDefinition, ok, type Parsed, reask, startFlow, stepsOf } from "../../flows/engine";
import { textMessage } from "../../line/messages";
import { planStatusChange, staffActor } from "../../services/complaints.service";
import { PHOTO_PROBLEMS, type StoredPhoto, storedPhotoSchema, storeLinePhoto } from "../photos";
import { isOverdue } from "./complaint-support";

const MENU = CHOICES.menu;
const CANCEL = CHOICES.cancel;
const SKIP = CHOICES.skip;
/** Resolving without an after-photo: a reason is asked instead. */
const NO_PHOTO = { label: "ไม่มีภาพ" };
const WORK_STATUSES = ["in_progress", "forwarded", "resolved", "rejected"] as const;
type WorkStatus = (typeof WORK_STATUSES)[number];

/** The card of a complaint at work; `photoCount` counts the complainant's photos only. */
function workView(ctx: BotContext, complaint: Complaint, photoCount: number): WorkItemView {
  return {
    trackingCode: complaint.trackingCode,
    category: complaint.category,
    description: complaint.description,
    status: complaint.status,
    statusLabel: STATUS_LABELS[complaint.status],
    dueDate: thaiShortDate(complaint.dueDate),
    overdue: isOverdue(complaint, localDate(ctx.now, ctx.deps.config.timeZone)),
    address: complaint.address,
    photoCount,
    hasLocation: complaint.latitude !== null && complaint.longitude !== null,
    reopenCount: complaint.reopenCount,
  };
}

const reportPhotos = (photos: readonly ComplaintPhoto[]) => photos.filter((photo) => photo.kind === "report");

/**
 * `งานร้องเรียน`: the open complaints this staff member may work, most urgent first;
 * `งานร้องเรียน <tracking code>`: that one, opened to work on.
 */
export async function listWork(ctx: BotContext, argument = ""): Promise<void> {
  if (argument) return openWork(ctx, new URLSearchParams({ c: argument }));
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
    scope.kind === "corruption" ? { track: "corruption" } : { track: "general", unitId: scope.unitId },
    13,
  );
  if (open.length === 0) {
    ctx.reply(textMessage("ขณะนี้ไม่มีเรื่องร้องเรียนที่รอดำเนินการ", [MENU]));
    return;
  }
  const shown = open.slice(0, 12);
  const { photos } = await detailsOf(
    ctx.deps.db,
    shown.map((complaint) => complaint.id),
  );
  ctx.reply(
    workCarousel(
      shown.map((complaint) => workView(ctx, complaint, reportPhotos(photos.get(complaint.id) ?? []).length)),
    ),
  );
  if (open.length > 12) ctx.reply(textMessage("แสดง 12 เรื่องที่เร่งด่วนที่สุด จัดการเรื่องเหล่านี้ก่อนเพื่อดูเรื่องถัดไป"));
}

// The work, stage by stage: each step's data holds every answer the steps before it collected.
const picked = { code: z.string() };
const noted = { ...picked, status: z.enum(WORK_STATUSES), note: z.string() };
const stages = {
  action: z.object(picked),
  note: z.object({ ...picked, status: z.enum(WORK_STATUSES) }),
  photo: z.object(noted),
  reason: z.object(noted),
  confirm: z.object({ ...noted, photo: storedPhotoSchema.optional(), noPhotoReason: z.string().optional() }),
};
type WorkDraft = { [S in keyof typeof stages]: z.infer<(typeof stages)[S]> };
const step = stepsOf<WorkDraft>();

const NOTE_PROMPTS: Record<WorkStatus, string> = {
  in_progress: 'ข้อความถึงผู้ร้อง เช่น กำหนดการออกตรวจ (หรือกด "ข้าม")',
  forwarded: "ส่งต่อไปยังหน่วยงานใด และเพราะเหตุใด (ข้อความนี้แจ้งผู้ร้องด้วย)",
  resolved: "ผลการดำเนินการ (ข้อความนี้แจ้งผู้ร้องด้วย)",
  rejected: "เหตุผลที่ไม่รับพิจารณา (ข้อความนี้แจ้งผู้ร้องด้วย)",
};

async function current(ctx: BotContext, data: { code: string }): Promise<Complaint | undefined> {
  return findComplaintByCode(ctx.deps.db, data.code);
}

/** Staff changing a complaint's status in chat: action → note → (after-photo or reason) → confirm. */
export const complaintWorkFlow: FlowDefinition<WorkDraft, "action"> = {
  name: "complaint-work",
  // 2: the work is stored by stage (v1 kept one shape with the answers optional).
  version: 2,
  first: "action",
  async discard(ctx, data) {
    if ("photo" in data && data.photo) await ctx.deps.blobs.delete(data.photo.blobKey);
  },
  steps: {
    action: step("action", {
      schema: stages.action,
      async prompt(ctx, data) {
        const complaint = await current(ctx, data);
        if (!complaint) return [textMessage("ไม่พบเรื่องนี้แล้ว", [MENU])];
        const next = NEXT_STATUSES[complaint.status].map((status) => ({ label: STATUS_LABELS[status] }));
        return [
          workItemCard(
            workView(ctx, complaint, reportPhotos(await photosOf(ctx.deps.db, complaint.id)).length),
          ),
          textMessage(`เลือกสถานะใหม่ของเรื่อง ${complaint.trackingCode}`, [...next, CANCEL]),
        ];
      },
      async parse(ctx, data, input) {
        const complaint = await current(ctx, data);
        const text = textOf(input);
        const status = WORK_STATUSES.find((s) => STATUS_LABELS[s] === text);
        if (!complaint || !status || !NEXT_STATUSES[complaint.status].includes(status)) {
          return reask("โปรดเลือกสถานะจากปุ่มด้านล่าง");
        }
        return ok(status);
      },
      apply: (_ctx, data, status) => ({ next: "note", data: { ...data, status } }),
    }),
    note: step("note", {
      schema: stages.note,
      prompt: (_ctx, data) => [
        textMessage(NOTE_PROMPTS[data.status], [...(data.status === "in_progress" ? [SKIP] : []), CANCEL]),
      ],
      parse(_ctx, data, input) {
        const text = textOf(input);
        if (text === undefined) return reask("โปรดพิมพ์เป็นข้อความ");
        if (text === LABELS.skip && data.status === "in_progress") return ok("");
        if (text.length < 2 || text === LABELS.skip) return reask("โปรดพิมพ์ข้อความ");
        return ok(text.slice(0, 2000));
      },
      async apply(ctx, data, text) {
        const withNote = { ...data, note: text };
        if (text === "") return { next: "confirm", data: withNote };
        const complaint = await current(ctx, data);
        const needsPhoto = data.status === "resolved" && complaint?.track === "general";
        return needsPhoto ? { next: "photo", data: withNote } : { next: "confirm", data: withNote };
      },
    }),
    photo: step("photo", {
      schema: stages.photo,
      prompt: () => [
        textMessage(`ส่งภาพหลังดำเนินการ 1 ภาพ หรือกด "${NO_PHOTO.label}" แล้วบอกเหตุผล`, [NO_PHOTO, CANCEL]),
      ],
      async parse(ctx, _data, input): Promise<Parsed<StoredPhoto | null>> {
        if (input.kind === "image") {
          await ctx.showLoading(10);
          const stored = await storeLinePhoto(ctx.deps, input.messageId, `complaints/${ctx.deps.orgId}`);
          return stored.ok ? ok(stored.photo) : reask(PHOTO_PROBLEMS[stored.reason]);
        }
        if (choiceOf(input, [NO_PHOTO.label])) return ok(null);
        return reask(`โปรดส่งภาพ หรือกด "${NO_PHOTO.label}"`);
      },
      apply: (_ctx, data, stored) =>
        stored ? { next: "confirm", data: { ...data, photo: stored } } : { next: "reason", data },
    }),
    reason: step("reason", {
      schema: stages.reason,
      prompt: () => [textMessage("เหตุใดจึงไม่มีภาพหลังดำเนินการ", [CANCEL])],
      parse(_ctx, _data, input) {
        const text = textOf(input);
        return !text || text.length < 2 ? reask("โปรดพิมพ์เหตุผล") : ok(text.slice(0, 500));
      },
      apply: (_ctx, data, why) => ({ next: "confirm", data: { ...data, noPhotoReason: why } }),
    }),
    confirm: step("confirm", {
      schema: stages.confirm,
      prompt: (_ctx, data) => [
        textMessage(
          [
            `เปลี่ยนเรื่อง ${data.code} เป็น "${STATUS_LABELS[data.status]}"`,
            data.note ? `ข้อความถึงผู้ร้อง: ${data.note}` : "",
            data.photo ? "แนบภาพหลังดำเนินการ 1 ภาพ" : "",
            data.noPhotoReason ? `ไม่มีภาพ: ${data.noPhotoReason}` : "",
            "ผู้ร้องจะได้รับแจ้งทาง LINE ทันที",
          ]
            .filter(Boolean)
            .join("\n"),
          [CHOICES.confirm, CANCEL],
        ),
      ],
      parse: (_ctx, _data, input) =>
        choiceOf(input, [LABELS.confirm])
          ? ok(true)
          : reask(`โปรดกด "${LABELS.confirm}" หรือ "${LABELS.cancel}"`),
      async apply(ctx, data) {
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
    }),
  },
};

/** Someone else's complaint, a closed one's old button, a citizen's tap: all read alike. */
export const NOT_YOUR_WORK = "ขออภัย คุณไม่มีสิทธิ์จัดการเรื่องนี้";

/** `a=work&c=<code>`: open a complaint to work on, if this user may. */
export async function openWork(ctx: BotContext, params: URLSearchParams): Promise<void> {
  const code = normaliseTrackingCode(params.get("c") ?? "");
  const complaint = TRACKING_CODE.test(code) ? await findComplaintByCode(ctx.deps.db, code) : undefined;
  if (!complaint || !mayWork(ctx.user, complaint)) {
    ctx.reply(textMessage(NOT_YOUR_WORK, [MENU]));
    return;
  }
  if (NEXT_STATUSES[complaint.status].length === 0) {
    ctx.reply(
      textMessage(`เรื่อง ${complaint.trackingCode} ปิดแล้ว (${STATUS_LABELS[complaint.status]})`, [MENU]),
    );
    return;
  }
  await startFlow(ctx, complaintWorkFlow, { next: "action", data: { code: complaint.trackingCode } });
}
