import { z } from "zod";
import { CHOICES, choiceOf, LABELS, textOf } from "../../bot/choices";
import type { Command, Postback } from "../../bot/commands";
import type { BotContext } from "../../bot/context";
import { recentEntriesOf } from "../../db/repos/progress.repo";
import type { MeasureProgress } from "../../db/schema";
import { CANNOT_DO_REASON_LABELS, MEASURE_STATUS_LABELS } from "../../domain/measures";
import { STAFF } from "../../domain/roles";
import { thaiLongDate, thaiShortDate } from "../../domain/thai-time";
import { type FlowDefinition, ok, reask, type StepResult, startFlow, stepsOf } from "../../flows/engine";
import { textMessage } from "../../line/messages";
import {
  findEditableEntry,
  type ProgressChanges,
  planCorrectProgress,
  planWithdrawProgress,
} from "../../services/progress.service";
import {
  authorOf,
  freeText,
  PERCENT_CHOICES,
  PERFORMED_ON_QUESTION,
  PROGRESS_EDIT_POSTBACK,
  parsePercentAnswer,
  parsePerformedOn,
  parseReasonCode,
  parseReasonText,
  parseStatusAnswer,
  performedOnChoices,
  progressEditPostbackData,
  REASON_CHOICES,
  REASON_QUESTION,
  REASON_TEXT_QUESTION,
  STATUS_CHOICES,
} from "./progress.flow";

/** `แก้ไขความก้าวหน้า`: the staff member's latest entries, to correct or withdraw one. */
export const EDIT_KEYWORD = "แก้ไขความก้าวหน้า";
/** How many of their latest entries the list offers. */
const RECENT_ENTRIES = 5;

/** What can be changed, as the field step offers it. */
const FIELDS = {
  text: "ข้อความ",
  performedOn: "วันที่",
  percent: "ร้อยละ",
  status: "สถานะ",
  withdraw: "ถอนรายการ",
} as const;
type Field = keyof typeof FIELDS;

const CANCEL = LABELS.cancel;
const CONFIRM = LABELS.confirm;
const MENU = [CHOICES.menu];

const entry = {
  measureId: z.string().min(1),
  entryId: z.string().min(1),
  title: z.string(),
  fiscalYear: z.number().int(),
};
const same = z.object(entry);
type EditData = z.infer<typeof same>;
type EditDraft = {
  field: EditData;
  text: EditData;
  performedOn: EditData;
  percent: EditData;
  status: EditData;
  reason: EditData;
  reasonText: EditData;
  withdraw: EditData;
};
const step = stepsOf<EditDraft>();

function short(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The entry as a person reads it in chat. */
function describe(title: string, row: MeasureProgress): string {
  const status = MEASURE_STATUS_LABELS[row.status];
  return [
    `มาตรการ: ${short(title, 200)}`,
    `วันที่ดำเนินการ: ${thaiLongDate(row.performedOn)}`,
    `ผลการดำเนินการ: ${short(row.text, 1000)}`,
    `ความก้าวหน้า: ${row.percent}% ${status}`,
    ...(row.status === "cannot_do" && row.reason ? [`เหตุผล: ${short(row.reason, 500)}`] : []),
  ].join("\n");
}

/** Apply a correction as the author; say what the entry now reads, or why it was refused. */
async function correct(
  ctx: BotContext,
  data: EditData,
  changes: ProgressChanges,
): Promise<StepResult<EditDraft>> {
  const actor = { audit: ctx.user.lineUserId, display: await authorOf(ctx) };
  const planned = await planCorrectProgress(
    ctx.deps,
    { measureId: data.measureId, entryId: data.entryId, changes, editor: ctx.user },
    actor,
  );
  if (!planned.ok) {
    ctx.reply(textMessage(planned.error.thai, MENU));
    return { done: true };
  }
  ctx.apply(planned.plan);
  const now = { ...planned.value.before, ...planned.value.entry };
  ctx.reply(textMessage(`แก้ไขรายการแล้ว\n\n${describe(planned.value.measure.title, now)}`, MENU));
  return { done: true };
}

const field = step("field", {
  schema: same,
  prompt: () => [
    textMessage(`ต้องการแก้ไขส่วนใด หรือกด "${FIELDS.withdraw}" หากบันทึกผิดทั้งรายการ`, [
      ...Object.values(FIELDS).map((label) => ({ label })),
      CHOICES.cancel,
    ]),
  ],
  parse(_ctx, _data, input) {
    const typed = textOf(input);
    const chosen = (Object.keys(FIELDS) as Field[]).find((key) => FIELDS[key] === typed);
    return chosen ? ok(chosen) : reask("โปรดเลือกจากปุ่มด้านล่าง");
  },
  apply: (_ctx, data, chosen) => ({ next: chosen, data }),
});

const text = step("text", {
  schema: same,
  prompt: () => [textMessage("โปรดพิมพ์ผลการดำเนินการที่ถูกต้อง", [CHOICES.cancel])],
  parse: (_ctx, _data, input) => freeText(input, "ผลการดำเนินการ"),
  apply: (ctx, data, value) => correct(ctx, data, { text: value }),
});

const performedOn = step("performedOn", {
  schema: same,
  prompt: (ctx, data) => [textMessage(PERFORMED_ON_QUESTION, performedOnChoices(ctx, data.fiscalYear))],
  parse: (ctx, data, input) => parsePerformedOn(ctx, data.fiscalYear, input),
  apply: (ctx, data, date) => correct(ctx, data, { performedOn: date }),
});

const percent = step("percent", {
  schema: same,
  prompt: () => [
    textMessage("ความก้าวหน้าที่ถูกต้องกี่เปอร์เซ็นต์ เลือกจากปุ่ม หรือพิมพ์ตัวเลข 0–100", [
      ...PERCENT_CHOICES.map((label) => ({ label })),
      CHOICES.cancel,
    ]),
  ],
  parse: (_ctx, _data, input) => parsePercentAnswer(input),
  apply: (ctx, data, value) => correct(ctx, data, { percent: value }),
});

const status = step("status", {
  schema: same,
  prompt: () => [
    textMessage("สถานะที่ถูกต้อง", [...STATUS_CHOICES.map(({ label }) => ({ label })), CHOICES.cancel]),
  ],
  parse: (_ctx, _data, input) => parseStatusAnswer(input),
  apply: (ctx, data, chosen) =>
    chosen === "cannot_do" ? { next: "reason", data } : correct(ctx, data, { status: chosen }),
});

const reason = step("reason", {
  schema: same,
  prompt: () => [
    textMessage(REASON_QUESTION, [...REASON_CHOICES.map(({ label }) => ({ label })), CHOICES.cancel]),
  ],
  parse: (_ctx, _data, input) => parseReasonCode(input),
  apply: (ctx, data, code) =>
    code === "other"
      ? { next: "reasonText", data }
      : correct(ctx, data, { status: "cannot_do", reasonCode: code, reason: CANNOT_DO_REASON_LABELS[code] }),
});

const reasonText = step("reasonText", {
  schema: same,
  prompt: () => [textMessage(REASON_TEXT_QUESTION, [CHOICES.cancel])],
  parse: (_ctx, _data, input) => parseReasonText(input),
  apply: (ctx, data, why) => correct(ctx, data, { status: "cannot_do", reasonCode: "other", reason: why }),
});

const withdraw = step("withdraw", {
  schema: same,
  prompt: () => [
    textMessage(
      `ถอนรายการนี้ใช่หรือไม่ รายการที่ถอนจะไม่อยู่ในรายงาน และสถานะของมาตรการจะคำนวณใหม่จากรายการที่เหลือ กด "${CONFIRM}" เพื่อถอน`,
      [CHOICES.confirm, CHOICES.cancel],
    ),
  ],
  parse: (_ctx, _data, input) =>
    choiceOf(input, [CONFIRM]) ? ok(true) : reask(`โปรดกด "${CONFIRM}" เพื่อถอนรายการ หรือ "${CANCEL}"`),
  async apply(ctx, data) {
    const actor = { audit: ctx.user.lineUserId, display: await authorOf(ctx) };
    const planned = await planWithdrawProgress(
      ctx.deps,
      { measureId: data.measureId, entryId: data.entryId, editor: ctx.user },
      actor,
    );
    if (!planned.ok) {
      ctx.reply(textMessage(planned.error.thai, MENU));
      return { done: true };
    }
    ctx.apply(planned.plan);
    ctx.reply(textMessage(`ถอนรายการแล้ว: ${short(planned.value.entry.text, 200)}`, MENU));
    return { done: true };
  },
});

/**
 * Correct or withdraw one's own progress entry (chat): pick what to change (`ข้อความ`, `วันที่`,
 * `ร้อยละ`, `สถานะ`) and give the new value, or `ถอนรายการ` then `ยืนยัน`. The service checks the
 * entry is still the user's to change.
 */
export const progressEditFlow: FlowDefinition<EditDraft, "field"> = {
  name: "measure-progress-edit",
  version: 1,
  first: "field",
  steps: { field, text, performedOn, percent, status, reason, reasonText, withdraw },
};

/** `a=progress-edit&m=…&e=…`: one entry to correct or withdraw, if it is still the user's. */
async function openEntry(ctx: BotContext, params: URLSearchParams): Promise<void> {
  if (ctx.conversation) await ctx.abandonFlow();
  const found = await findEditableEntry(ctx.deps, {
    measureId: params.get("m") ?? "",
    entryId: params.get("e") ?? "",
    editor: ctx.user,
  });
  if (!found.ok) {
    ctx.reply(textMessage(found.error.thai, MENU));
    return;
  }
  const { measure, entry: row } = found.value;
  ctx.reply(textMessage(describe(measure.title, row)));
  await startFlow(ctx, progressEditFlow, {
    next: "field",
    data: { measureId: measure.id, entryId: row.id, title: measure.title, fiscalYear: measure.fiscalYear },
  });
}

/** `แก้ไขความก้าวหน้า`: the user's latest standing entries, each a quick reply to open it. */
async function listRecent(ctx: BotContext): Promise<void> {
  if (ctx.conversation) await ctx.abandonFlow();
  const recent = await recentEntriesOf(ctx.deps.db, ctx.user.lineUserId, RECENT_ENTRIES);
  if (recent.length === 0) {
    ctx.reply(textMessage('ยังไม่มีรายการความก้าวหน้าที่คุณบันทึกไว้ พิมพ์ "มาตรการ" เพื่อบันทึกความก้าวหน้า', MENU));
    return;
  }
  const lines = recent.map(
    ({ entry: row, measure }, index) =>
      `${index + 1}. ${thaiShortDate(row.performedOn)} · ${short(measure.title, 60)}\n   ${short(row.text, 80)} (${row.percent}% ${MEASURE_STATUS_LABELS[row.status]})`,
  );
  ctx.reply(
    textMessage(`รายการที่คุณบันทึกล่าสุด เลือกรายการที่ต้องการแก้ไขหรือถอน\n\n${lines.join("\n")}`, [
      ...recent.map(({ entry: row, measure }, index) => ({
        type: "postback" as const,
        label: `รายการที่ ${index + 1}`,
        data: progressEditPostbackData(measure.id, row.id),
        displayText: `แก้ไขรายการที่ ${index + 1}`,
      })),
      CHOICES.cancel,
    ]),
  );
}

const NOT_YOURS = 'ขออภัย ปุ่มนี้ใช้ได้เฉพาะเจ้าหน้าที่ผู้บันทึกรายการ หากคุณเป็นเจ้าหน้าที่ พิมพ์ "แก้ไขความก้าวหน้า" เพื่อดูรายการของคุณ';

export const progressEditPostbacks: Postback[] = [
  { action: PROGRESS_EDIT_POSTBACK, roles: STAFF, refusal: NOT_YOURS, run: openEntry },
];

export const progressEditCommand: Command = {
  keyword: EDIT_KEYWORD,
  description: "แก้ไขหรือถอนรายการความก้าวหน้าที่คุณบันทึก",
  roles: STAFF,
  run: listRecent,
};
