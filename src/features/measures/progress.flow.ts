import { z } from "zod";
import { progressSavedCard, progressSummaryCard } from "../../../flex-templates/measure.flex";
import { CHOICES, choiceOf, LABELS, textOf } from "../../bot/choices";
import type { BotContext } from "../../bot/context";
import { findUnit } from "../../db/repos/units.repo";
import type { CannotDoReason } from "../../db/schema";
import { CANNOT_DO_REASONS } from "../../db/schema";
import { ERRORS } from "../../domain/errors";
import { graphemeCount } from "../../domain/graphemes";
import {
  CANNOT_DO_REASON_LABELS,
  MEASURE_STATUS_LABELS,
  PROGRESS_MAX_PHOTOS,
  PROGRESS_STATUSES,
  PROGRESS_TEXT_MAX,
  PROGRESS_TEXT_MIN,
  type ProgressStatus,
  parsePercent,
  progressAuthor,
} from "../../domain/measures";
import {
  dayBefore,
  earliestPerformedOn,
  parseTypedDate,
  performedOnProblem,
  performedOnProblemThai,
} from "../../domain/performed-on";
import { type IsoDate, isIsoDate, localDate, thaiDateTime, thaiLongDate } from "../../domain/thai-time";
import {
  type FlowDefinition,
  type FlowInput,
  ok,
  type Parsed,
  reask,
  type StepResult,
  startFlow,
  stepsOf,
} from "../../flows/engine";
import { type Action, type Message, quickReply, textMessage } from "../../line/messages";
import { planLogProgress } from "../../services/progress.service";
import { discardPhotos, photoStep, storedPhotoSchema } from "../photos";

// The draft, stage by stage: each step's data holds every answer the steps before it collected.
const measure = {
  measureId: z.string().min(1),
  /** Shown in the prompts and the summary (the measure is read again on `ยืนยัน`). */
  title: z.string(),
  previousPercent: z.number().int().min(0).max(100),
  /** The measure's fiscal year: the earliest day an entry may be dated is 1 October before it. */
  fiscalYear: z.number().int(),
};
const percent = z.number().int().min(0).max(100);
const withText = { ...measure, text: z.string() };
const dated = { ...withText, performedOn: z.string().refine(isIsoDate) };
const withPercent = { ...dated, percent };
const withStatus = {
  ...withPercent,
  status: z.enum(PROGRESS_STATUSES),
  /** e-PlanNACC's reason (`ไม่สามารถดำเนินการได้`); null for the other statuses. */
  reasonCode: z.enum(CANNOT_DO_REASONS).nullable(),
  /** Its label, or the typed text for `อื่น ๆ`; null for the other statuses. */
  reason: z.string().nullable(),
  photos: z.array(storedPhotoSchema).max(PROGRESS_MAX_PHOTOS),
};
const cannotDo = { ...withPercent, status: z.literal("cannot_do") };

const stages = {
  text: z.object(measure),
  performedOn: z.object(withText),
  percent: z.object(dated),
  status: z.object(withPercent),
  reason: z.object(cannotDo),
  reasonText: z.object({ ...cannotDo, reasonCode: z.literal("other") }),
  photos: z.object(withStatus),
  suggestion: z.object(withStatus),
  confirm: z.object({ ...withStatus, suggestion: z.string().nullable() }),
};

export type ProgressDraft = { [S in keyof typeof stages]: z.infer<(typeof stages)[S]> };
/** Every answer, ready to save. */
type Ready = ProgressDraft["confirm"];

const step = stepsOf<ProgressDraft>();

const SKIP = LABELS.skip;
const CONFIRM = LABELS.confirm;
const CANCEL = LABELS.cancel;
export const PERCENT_CHOICES = ["25%", "50%", "75%", "100%"];
/** The status step's choices, in the order e-PlanNACC lists them. */
export const STATUS_CHOICES: ReadonlyArray<{ label: string; status: ProgressStatus }> = PROGRESS_STATUSES.map(
  (status) => ({ label: MEASURE_STATUS_LABELS[status], status }),
);

/** The carousel's log-progress button: `a=measure&id=<measureId>`. */
/** A percent tapped or typed (`60`, `60%`, `ร้อยละ 60`, Thai digits), or the question again. */
export function parsePercentAnswer(input: FlowInput): Parsed<number> {
  const typed = textOf(input);
  const value = typed === undefined ? undefined : parsePercent(typed);
  return value === undefined ? reask("โปรดระบุความก้าวหน้าเป็นตัวเลขเต็ม 0 ถึง 100 เช่น 60 หรือ 60%") : ok(value);
}

/** A status from the choices, or the question again. */
export function parseStatusAnswer(input: FlowInput): Parsed<ProgressStatus> {
  const choice = STATUS_CHOICES.find((c) => c.label === textOf(input));
  return choice ? ok(choice.status) : reask("โปรดเลือกสถานะจากปุ่มด้านล่าง");
}

export const MEASURE_POSTBACK = "measure";
export const measurePostbackData = (id: string) => `a=${MEASURE_POSTBACK}&id=${encodeURIComponent(id)}`;

/** The saved card's correct-or-withdraw button: `a=progress-edit&m=<measureId>&e=<entryId>`. */
export const PROGRESS_EDIT_POSTBACK = "progress-edit";
export const progressEditPostbackData = (measureId: string, entryId: string) =>
  `a=${PROGRESS_EDIT_POSTBACK}&m=${encodeURIComponent(measureId)}&e=${encodeURIComponent(entryId)}`;

export const NOT_YOUR_MEASURE: string = ERRORS["progress.not_your_measure"].message;

/** An old carousel button tapped mid-flow: finish this one first (or cancel). */
function isMeasureTap(input: FlowInput): boolean {
  return input.kind === "postback" && new URLSearchParams(input.data).get("a") === MEASURE_POSTBACK;
}
const BUSY = `คุณกำลังบันทึกความก้าวหน้ามาตรการนี้อยู่ โปรดทำให้เสร็จ หรือกด "${CANCEL}" ก่อนเลือกมาตรการอื่น`;

/** A free-text answer of 3–2000 characters, or why it does not fit. */
export function freeText(input: FlowInput, what: string): Parsed<string> {
  if (isMeasureTap(input)) return reask(BUSY);
  const text = textOf(input);
  if (text === undefined || text === "") return reask(`โปรดพิมพ์${what}เป็นข้อความ`);
  if (text === SKIP) return reask(`ขั้นตอนนี้ข้ามไม่ได้ โปรดพิมพ์${what}`);
  const length = graphemeCount(text);
  if (length < PROGRESS_TEXT_MIN) return reask(`${what}สั้นเกินไป โปรดพิมพ์อย่างน้อย ${PROGRESS_TEXT_MIN} ตัวอักษร`);
  if (length > PROGRESS_TEXT_MAX) return reask(`${what}ยาวเกิน ${PROGRESS_TEXT_MAX} ตัวอักษร โปรดสรุปให้สั้นลง`);
  return ok(text);
}

function withChoices(message: Message, choices: Parameters<typeof quickReply>[0]): Message {
  return { ...message, quickReply: quickReply(choices) };
}

/** `วันนี้`, `เมื่อวาน`, and LINE's date picker (its postback carries `params.date`). */
export const TODAY = "วันนี้";
export const YESTERDAY = "เมื่อวาน";
export const PICK_DATE = "เลือกวันที่";
export const PERFORMED_ON_POSTBACK = "performed-on";

/** The day the chat is in, in the organisation's time zone. */
export const todayIn = (ctx: BotContext): IsoDate => localDate(ctx.now, ctx.deps.config.timeZone);

/** The date step's choices: today, yesterday, a picker from 1 October of the measure's year to today. */
export function performedOnChoices(ctx: BotContext, fiscalYear: number): Array<{ label: string } | Action> {
  const today = todayIn(ctx);
  const earliest = earliestPerformedOn(fiscalYear);
  return [
    { label: TODAY },
    { label: YESTERDAY },
    {
      type: "datetimepicker",
      label: PICK_DATE,
      data: `a=${PERFORMED_ON_POSTBACK}`,
      mode: "date",
      initial: today,
      max: today,
      min: [earliest, today].sort()[0] ?? today,
    },
    CHOICES.cancel,
  ];
}

export const PERFORMED_ON_QUESTION = `ดำเนินการเมื่อวันที่เท่าไร กด "${TODAY}" "${YESTERDAY}" หรือ "${PICK_DATE}" หรือพิมพ์วันที่ เช่น 10 ม.ค. 2570`;

/**
 * The day the work was done: `วันนี้`, `เมื่อวาน`, the picker's date, or a typed date (Thai or ISO,
 * B.E. or C.E.); not in the future, not before the measure's fiscal year.
 */
export function parsePerformedOn(ctx: BotContext, fiscalYear: number, input: FlowInput): Parsed<IsoDate> {
  const today = todayIn(ctx);
  let date: string | undefined;
  if (input.kind === "postback") {
    if (new URLSearchParams(input.data).get("a") !== PERFORMED_ON_POSTBACK) {
      return isMeasureTap(input) ? reask(BUSY) : reask(PERFORMED_ON_HINT);
    }
    date = input.params?.date;
  } else {
    const typed = textOf(input);
    if (typed === TODAY) date = today;
    else if (typed === YESTERDAY) date = dayBefore(today);
    else if (typed) date = parseTypedDate(typed, today);
  }
  if (!date || !isIsoDate(date)) return reask(PERFORMED_ON_HINT);
  const problem = performedOnProblem(date, { today, fiscalYear });
  return problem
    ? reask(`${performedOnProblemThai(problem, { today, fiscalYear })} โปรดระบุวันที่ใหม่`)
    : ok(date);
}
const PERFORMED_ON_HINT = "ไม่เข้าใจวันที่นี้ โปรดเลือกจากปุ่ม หรือพิมพ์วันที่ เช่น 10 ม.ค. 2570, 10/1/2570 หรือ 2027-01-10";

/** The reasons a measure cannot be done, as e-PlanNACC lists them. */
export const REASON_CHOICES: ReadonlyArray<{ label: string; code: CannotDoReason }> = CANNOT_DO_REASONS.map(
  (code) => ({ label: CANNOT_DO_REASON_LABELS[code], code }),
);
export const REASON_QUESTION = "เหตุใดจึงไม่สามารถดำเนินการได้ โปรดเลือกเหตุผล";
export const REASON_TEXT_QUESTION = "โปรดพิมพ์เหตุผลที่ไม่สามารถดำเนินการได้ (เช่น รอผลการพิจารณาของจังหวัด)";

export function parseReasonCode(input: FlowInput): Parsed<CannotDoReason> {
  if (isMeasureTap(input)) return reask(BUSY);
  const typed = textOf(input);
  const choice = REASON_CHOICES.find((c) => c.label === typed);
  return choice
    ? ok(choice.code)
    : reask(`โปรดเลือกเหตุผลจากปุ่มด้านล่าง หากเป็นเหตุผลอื่น กด "${CANNOT_DO_REASON_LABELS.other}" แล้วพิมพ์เหตุผล`);
}

export const parseReasonText = (input: FlowInput) => freeText(input, "เหตุผล");

/** The staff member as people see them: "สมศรี (กองช่าง)". */
export async function authorOf(ctx: BotContext): Promise<string> {
  const unit = ctx.user.unitId ? await findUnit(ctx.deps.db, ctx.user.unitId) : undefined;
  return progressAuthor(ctx.user.displayName, unit?.name ?? null);
}

function viewOf(data: Ready, by: string) {
  return {
    measureTitle: data.title,
    text: data.text,
    performedOn: thaiLongDate(data.performedOn),
    percent: data.percent,
    status: data.status,
    statusLabel: MEASURE_STATUS_LABELS[data.status],
    reason: data.status === "cannot_do" ? data.reason : null,
    suggestion: data.suggestion,
    photoCount: data.photos.length,
    by,
  };
}

/** `ยืนยัน`: save the entry (append-only) and move the measure's status, percent and last progress. */
async function save(ctx: BotContext, data: Ready): Promise<StepResult<ProgressDraft>> {
  const view = viewOf(data, await authorOf(ctx));
  // The measure may have moved to another unit (or the user to another unit) since the tap.
  const logged = await planLogProgress(
    ctx.deps,
    {
      ...view,
      performedOn: data.performedOn,
      reasonCode: data.reasonCode,
      measureId: data.measureId,
      worker: ctx.user,
      photos: data.photos,
      sourceEventId: ctx.event.webhookEventId,
    },
    { audit: ctx.user.lineUserId, display: view.by },
  );
  if (!logged.ok) {
    await discardPhotos(ctx.deps, data.photos);
    ctx.reply(textMessage(logged.error.thai, [CHOICES.menu]));
    return { done: true };
  }
  ctx.apply(logged.plan);
  const { measure, entry } = logged.value;
  const at = thaiDateTime(entry.at, ctx.deps.config.timeZone);
  ctx.reply(
    progressSavedCard({
      ...view,
      percent: entry.percent,
      measureTitle: measure.title,
      at,
      edit: { data: progressEditPostbackData(measure.id, entry.id) },
    }),
  );
  return { done: true };
}

/** Start logging progress on a measure the caller has checked is the user's unit's. */
export function startProgress(
  ctx: BotContext,
  measure: { id: string; title: string; percent: number; fiscalYear: number },
): Promise<void> {
  return startFlow(ctx, progressFlow, {
    next: "text",
    data: {
      measureId: measure.id,
      title: measure.title,
      previousPercent: measure.percent,
      fiscalYear: measure.fiscalYear,
    },
  });
}

const text = step("text", {
  schema: stages.text,
  prompt: (_ctx, data) => [
    textMessage(
      `บันทึกความก้าวหน้า: ${data.title}\n\nดำเนินการอะไรไปแล้วบ้าง โปรดพิมพ์ผลการดำเนินการ (เช่น จัดประชุมชี้แจงบุคลากร 25 คน เมื่อ 10 ม.ค.)`,
      [CHOICES.cancel],
    ),
  ],
  parse: (_ctx, _data, input) => freeText(input, "ผลการดำเนินการ"),
  apply: (_ctx, data, answer) => ({ next: "performedOn", data: { ...data, text: answer } }),
});

const performedOn = step("performedOn", {
  schema: stages.performedOn,
  prompt: (ctx, data) => [textMessage(PERFORMED_ON_QUESTION, performedOnChoices(ctx, data.fiscalYear))],
  parse: (ctx, data, input) => parsePerformedOn(ctx, data.fiscalYear, input),
  apply: (_ctx, data, date) => ({ next: "percent", data: { ...data, performedOn: date } }),
});

const percentStep = step("percent", {
  schema: stages.percent,
  prompt: (_ctx, data) => [
    textMessage(`ความก้าวหน้ากี่เปอร์เซ็นต์ (ครั้งก่อน ${data.previousPercent}%) เลือกจากปุ่ม หรือพิมพ์ตัวเลข 0–100`, [
      ...PERCENT_CHOICES.map((label) => ({ label })),
      CHOICES.cancel,
    ]),
  ],
  parse(_ctx, _data, input) {
    return isMeasureTap(input) ? reask(BUSY) : parsePercentAnswer(input);
  },
  apply: (_ctx, data, value) => ({ next: "status", data: { ...data, percent: value } }),
});

const status = step("status", {
  schema: stages.status,
  prompt: () => [
    textMessage("สถานะของมาตรการตอนนี้", [...STATUS_CHOICES.map(({ label }) => ({ label })), CHOICES.cancel]),
  ],
  parse(_ctx, _data, input) {
    return isMeasureTap(input) ? reask(BUSY) : parseStatusAnswer(input);
  },
  apply(ctx, data, chosen) {
    if (chosen === "cannot_do") return { next: "reason", data: { ...data, status: "cannot_do" } };
    const onward = { ...data, reasonCode: null, reason: null, photos: [] };
    if (chosen === "done" && data.percent < 100) {
      ctx.reply(textMessage(`ดำเนินการแล้วเสร็จ: ปรับความก้าวหน้าจาก ${data.percent}% เป็น 100%`));
      return { next: "photos", data: { ...onward, status: "done", percent: 100 } };
    }
    return { next: "photos", data: { ...onward, status: chosen } };
  },
});

const reason = step("reason", {
  schema: stages.reason,
  prompt: () => [
    textMessage(REASON_QUESTION, [...REASON_CHOICES.map(({ label }) => ({ label })), CHOICES.cancel]),
  ],
  parse: (_ctx, _data, input) => parseReasonCode(input),
  apply(_ctx, data, code) {
    if (code === "other") return { next: "reasonText", data: { ...data, reasonCode: "other" } };
    return {
      next: "photos",
      data: { ...data, reasonCode: code, reason: CANNOT_DO_REASON_LABELS[code], photos: [] },
    };
  },
});

const reasonText = step("reasonText", {
  schema: stages.reasonText,
  prompt: () => [textMessage(REASON_TEXT_QUESTION, [CHOICES.cancel])],
  parse: (_ctx, _data, input) => parseReasonText(input),
  apply: (_ctx, data, why) => ({ next: "photos", data: { ...data, reason: why, photos: [] } }),
});

const photos = photoStep<ProgressDraft>({
  schema: stages.photos,
  noun: "รูปภาพหลักฐาน",
  max: PROGRESS_MAX_PHOTOS,
  prefix: (ctx) => `measures/${ctx.deps.orgId}`,
  next: (_ctx, data) => ({ next: "suggestion", data }),
  intercept: (input) => (isMeasureTap(input) ? reask(BUSY) : undefined),
});

const suggestion = step("suggestion", {
  schema: stages.suggestion,
  prompt: () => [
    textMessage(`มีข้อเสนอแนะหรือไม่ (เช่น สิ่งที่ควรปรับปรุงในรอบถัดไป) พิมพ์ข้อเสนอแนะ หรือกด "${SKIP}"`, [
      CHOICES.skip,
      CHOICES.cancel,
    ]),
  ],
  parse: (_ctx, _data, input): Parsed<string | null> =>
    choiceOf(input, [SKIP]) ? ok(null) : freeText(input, "ข้อเสนอแนะ"),
  apply: (_ctx, data, answer) => ({ next: "confirm", data: { ...data, suggestion: answer } }),
});

const confirm = step("confirm", {
  schema: stages.confirm,
  prompt: async (ctx, data) => [
    withChoices(progressSummaryCard(viewOf(data, await authorOf(ctx))), [CHOICES.confirm, CHOICES.cancel]),
  ],
  parse(_ctx, _data, input) {
    if (choiceOf(input, [CONFIRM])) return ok(true);
    if (isMeasureTap(input)) return reask(BUSY);
    return reask(`โปรดกด "${CONFIRM}" เพื่อบันทึก หรือ "${CANCEL}"`);
  },
  apply: (ctx, data) => save(ctx, data),
});

/**
 * Measure progress (CONTRACT.md › Chat contract): what was done → when (`วันนี้`, `เมื่อวาน`, the
 * date picker or a typed date) → percent → status (e-PlanNACC's reason, when it cannot be done; text
 * for `อื่น ๆ`) → evidence photos → suggestion → summary → `ยืนยัน`.
 *
 * `ดำเนินการแล้วเสร็จ` with a percent under 100 sets the percent to 100 and says so: done is done,
 * and the report should not show a finished measure at 75%.
 */
export const progressFlow: FlowDefinition<ProgressDraft, "text"> = {
  name: "measure-progress",
  // 2: the draft is stored by stage (v1 kept one shape with the answers optional).
  // 3: the day the work was done, and e-PlanNACC's reason code.
  version: 3,
  first: "text",
  // No `initial`: only ever started through `startProgress`, which knows the measure.
  discard: (ctx, data) => ("photos" in data ? discardPhotos(ctx.deps, data.photos) : Promise.resolve()),
  steps: { text, performedOn, percent: percentStep, status, reason, reasonText, photos, suggestion, confirm },
};
