import { z } from "zod";
import { progressSavedCard, progressSummaryCard } from "../../../flex-templates/measure.flex";
import type { BotContext } from "../../bot/context";
import { findUnit } from "../../db/repos/units.repo";
import { ERRORS } from "../../domain/errors";
import { graphemeCount } from "../../domain/graphemes";
import {
  MEASURE_STATUS_LABELS,
  PROGRESS_MAX_PHOTOS,
  PROGRESS_STATUSES,
  PROGRESS_TEXT_MAX,
  PROGRESS_TEXT_MIN,
  type ProgressStatus,
  parsePercent,
  progressAuthor,
} from "../../domain/measures";
import { thaiDateTime } from "../../domain/thai-time";
import { type FlowDefinition, type FlowInput, type StepResult, startFlow } from "../../flows/engine";
import { type Message, quickReply, textMessage } from "../../line/messages";
import { planLogProgress } from "../../services/progress.service";
import { discardPhotos, photoStep, storedPhotoSchema } from "../photos";

const draftSchema = z.object({
  measureId: z.string().min(1),
  /** Shown in the prompts and the summary (the measure is read again on `ยืนยัน`). */
  title: z.string(),
  previousPercent: z.number().int().min(0).max(100),
  text: z.string().optional(),
  percent: z.number().int().min(0).max(100).optional(),
  status: z.enum(PROGRESS_STATUSES).optional(),
  reason: z.string().nullable().optional(),
  photos: z.array(storedPhotoSchema).max(PROGRESS_MAX_PHOTOS),
  suggestion: z.string().nullable().optional(),
});

export type ProgressDraft = z.infer<typeof draftSchema>;

const SKIP = "ข้าม";
const CONFIRM = "ยืนยัน";
const CANCEL = "ยกเลิก";
const PERCENT_CHOICES = ["25%", "50%", "75%", "100%"];
/** The status step's choices, in the order e-PlanNACC lists them. */
const STATUS_CHOICES: ReadonlyArray<{ label: string; status: ProgressStatus }> = PROGRESS_STATUSES.map(
  (status) => ({ label: MEASURE_STATUS_LABELS[status], status }),
);

/** The carousel's log-progress button: `a=measure&id=<measureId>`. */
export const MEASURE_POSTBACK = "measure";
export const measurePostbackData = (id: string) => `a=${MEASURE_POSTBACK}&id=${encodeURIComponent(id)}`;

export const NOT_YOUR_MEASURE: string = ERRORS["progress.not_your_measure"].message;

const textOf = (input: FlowInput) => (input.kind === "text" ? input.text.trim() : undefined);

/** An old carousel button tapped mid-flow: finish this one first (or cancel). */
function isMeasureTap(input: FlowInput): boolean {
  return input.kind === "postback" && new URLSearchParams(input.data).get("a") === MEASURE_POSTBACK;
}
const BUSY = `คุณกำลังบันทึกความก้าวหน้ามาตรการนี้อยู่ โปรดทำให้เสร็จ หรือกด "${CANCEL}" ก่อนเลือกมาตรการอื่น`;

/** A free-text answer of 3–2000 characters, or why it does not fit. */
function freeText(input: FlowInput, what: string): { text: string } | { reask: string } {
  if (isMeasureTap(input)) return { reask: BUSY };
  const text = textOf(input);
  if (text === undefined || text === "") return { reask: `โปรดพิมพ์${what}เป็นข้อความ` };
  if (text === SKIP) return { reask: `ขั้นตอนนี้ข้ามไม่ได้ โปรดพิมพ์${what}` };
  const length = graphemeCount(text);
  if (length < PROGRESS_TEXT_MIN)
    return { reask: `${what}สั้นเกินไป โปรดพิมพ์อย่างน้อย ${PROGRESS_TEXT_MIN} ตัวอักษร` };
  if (length > PROGRESS_TEXT_MAX) {
    return { reask: `${what}ยาวเกิน ${PROGRESS_TEXT_MAX} ตัวอักษร โปรดสรุปให้สั้นลง` };
  }
  return { text };
}

function withChoices(message: Message, choices: Parameters<typeof quickReply>[0]): Message {
  return { ...message, quickReply: quickReply(choices) };
}

async function authorOf(ctx: BotContext): Promise<string> {
  const unit = ctx.user.unitId ? await findUnit(ctx.deps.db, ctx.deps.orgId, ctx.user.unitId) : undefined;
  return progressAuthor(ctx.user.displayName, unit?.name ?? null);
}

function viewOf(data: ProgressDraft, by: string) {
  const status = data.status ?? "in_progress";
  return {
    measureTitle: data.title,
    text: data.text ?? "",
    percent: data.percent ?? 0,
    status,
    statusLabel: MEASURE_STATUS_LABELS[status],
    reason: data.status === "cannot_do" ? (data.reason ?? null) : null,
    suggestion: data.suggestion ?? null,
    photoCount: data.photos.length,
    by,
  };
}

/** `ยืนยัน`: save the entry (append-only) and move the measure's status, percent and last progress. */
async function save(ctx: BotContext, data: ProgressDraft): Promise<StepResult<ProgressDraft>> {
  const view = viewOf(data, await authorOf(ctx));
  // The measure may have moved to another unit (or the user to another unit) since the tap.
  const logged = await planLogProgress(
    ctx.deps,
    {
      ...view,
      measureId: data.measureId,
      worker: ctx.user,
      photos: data.photos,
      sourceEventId: ctx.event.webhookEventId,
    },
    { audit: ctx.user.lineUserId, display: view.by },
  );
  if (!logged.ok) {
    await discardPhotos(ctx.deps, data.photos);
    ctx.reply(textMessage(logged.error.thai, [{ label: "เมนู" }]));
    return { done: true };
  }
  ctx.apply(logged.plan);
  const { measure, entry } = logged.value;
  const at = thaiDateTime(entry.at, ctx.deps.config.timeZone);
  ctx.reply(progressSavedCard({ ...view, percent: entry.percent, measureTitle: measure.title, at }));
  return { done: true };
}

/** Start logging progress on a measure the caller has checked is the user's unit's. */
export function startProgress(
  ctx: BotContext,
  measure: { id: string; title: string; percent: number },
): Promise<void> {
  const draft: ProgressDraft = {
    measureId: measure.id,
    title: measure.title,
    previousPercent: measure.percent,
    photos: [],
  };
  return startFlow(ctx, progressFlow, progressFlow.first, draft);
}

/**
 * Measure progress (CONTRACT.md › Chat contract): what was done → percent → status (why, when it
 * cannot be done) → evidence photos → suggestion → summary → `ยืนยัน`.
 *
 * `ดำเนินการแล้วเสร็จ` with a percent under 100 sets the percent to 100 and says so: done is done,
 * and the report should not show a finished measure at 75%.
 */
export const progressFlow: FlowDefinition<ProgressDraft> = {
  name: "measure-progress",
  version: 1,
  schema: draftSchema,
  first: "text",
  /** Only ever started through `startProgress`, which knows the measure. */
  initial: () => ({ measureId: "", title: "", previousPercent: 0, photos: [] }),
  discard: (ctx, data) => discardPhotos(ctx.deps, data.photos),
  steps: {
    text: {
      prompt: (_ctx, data) => [
        textMessage(
          `บันทึกความก้าวหน้า: ${data.title}\n\nดำเนินการอะไรไปแล้วบ้าง โปรดพิมพ์ผลการดำเนินการ (เช่น จัดประชุมชี้แจงบุคลากร 25 คน เมื่อ 10 ม.ค.)`,
          [{ label: CANCEL }],
        ),
      ],
      handle(_ctx, data, input) {
        const answer = freeText(input, "ผลการดำเนินการ");
        if ("reask" in answer) return answer;
        return { next: "percent", data: { ...data, text: answer.text } };
      },
    },
    percent: {
      prompt: (_ctx, data) => [
        textMessage(`ความก้าวหน้ากี่เปอร์เซ็นต์ (ครั้งก่อน ${data.previousPercent}%) เลือกจากปุ่ม หรือพิมพ์ตัวเลข 0–100`, [
          ...PERCENT_CHOICES.map((label) => ({ label })),
          { label: CANCEL },
        ]),
      ],
      handle(_ctx, data, input) {
        if (isMeasureTap(input)) return { reask: BUSY };
        const text = textOf(input);
        const percent = text === undefined ? undefined : parsePercent(text);
        if (percent === undefined) return { reask: "โปรดระบุความก้าวหน้าเป็นตัวเลขเต็ม 0 ถึง 100 เช่น 60 หรือ 60%" };
        return { next: "status", data: { ...data, percent } };
      },
    },
    status: {
      prompt: () => [
        textMessage("สถานะของมาตรการตอนนี้", [
          ...STATUS_CHOICES.map(({ label }) => ({ label })),
          { label: CANCEL },
        ]),
      ],
      handle(ctx, data, input) {
        if (isMeasureTap(input)) return { reask: BUSY };
        const text = textOf(input);
        const choice = STATUS_CHOICES.find((c) => c.label === text);
        if (!choice) return { reask: "โปรดเลือกสถานะจากปุ่มด้านล่าง" };
        if (choice.status === "cannot_do") return { next: "reason", data: { ...data, status: "cannot_do" } };
        if (choice.status === "done" && (data.percent ?? 0) < 100) {
          ctx.reply(textMessage(`ดำเนินการแล้วเสร็จ: ปรับความก้าวหน้าจาก ${data.percent ?? 0}% เป็น 100%`));
          return { next: "photos", data: { ...data, status: "done", percent: 100, reason: null } };
        }
        return { next: "photos", data: { ...data, status: choice.status, reason: null } };
      },
    },
    reason: {
      prompt: () => [
        textMessage("เหตุใดจึงไม่สามารถดำเนินการได้ โปรดพิมพ์เหตุผล (เช่น ไม่ได้รับจัดสรรงบประมาณ)", [{ label: CANCEL }]),
      ],
      handle(_ctx, data, input) {
        const answer = freeText(input, "เหตุผล");
        if ("reask" in answer) return answer;
        return { next: "photos", data: { ...data, reason: answer.text } };
      },
    },
    photos: photoStep<ProgressDraft>({
      noun: "รูปภาพหลักฐาน",
      max: PROGRESS_MAX_PHOTOS,
      prefix: (ctx) => `measures/${ctx.deps.orgId}`,
      next: (_ctx, data) => ({ next: "suggestion", data }),
      intercept: (input) => (isMeasureTap(input) ? { reask: BUSY } : undefined),
    }),
    suggestion: {
      prompt: () => [
        textMessage(`มีข้อเสนอแนะหรือไม่ (เช่น สิ่งที่ควรปรับปรุงในรอบถัดไป) พิมพ์ข้อเสนอแนะ หรือกด "${SKIP}"`, [
          { label: SKIP },
          { label: CANCEL },
        ]),
      ],
      handle(_ctx, data, input) {
        if (textOf(input) === SKIP) return { next: "confirm", data: { ...data, suggestion: null } };
        const answer = freeText(input, "ข้อเสนอแนะ");
        if ("reask" in answer) return answer;
        return { next: "confirm", data: { ...data, suggestion: answer.text } };
      },
    },
    confirm: {
      prompt: async (ctx, data) => [
        withChoices(progressSummaryCard(viewOf(data, await authorOf(ctx))), [
          { label: CONFIRM },
          { label: CANCEL },
        ]),
      ],
      handle(ctx, data, input) {
        if (textOf(input) === CONFIRM) return save(ctx, data);
        if (isMeasureTap(input)) return { reask: BUSY };
        return { reask: `โปรดกด "${CONFIRM}" เพื่อบันทึก หรือ "${CANCEL}"` };
      },
    },
  },
};
