import { complaintCarousel, complaintDetailCard } from "../../../flex-templates/complaint.flex";
import { LABELS } from "../../bot/choices";
import type { Postback } from "../../bot/commands";
import type { BotContext } from "../../bot/context";
import { complaintsOfUser, findComplaintByCode } from "../../db/repos/complaints.repo";
import { normaliseTrackingCode, TRACKING_CODE } from "../../domain/complaints";
import { EVERYONE } from "../../domain/roles";
import { startFlow } from "../../flows/engine";
import { textMessage } from "../../line/messages";
import {
  complainantActor,
  fixedQuestion,
  planFixedAnswer,
  planRating,
  readPendingAnswer,
  statusUpdateMessage,
} from "../../services/complaints.service";
import { refused } from "../../services/plan";
import { complaintFlow, DAILY_LIMIT_MESSAGE, overDailyLimit } from "./complaint.flow";
import { complaintView, isComplainant } from "./complaint-support";

const MENU = { label: "เมนู" };

/** `ร้องเรียน`: the privacy notice first if the user has not consented yet, then the filing flow. */
export async function startComplaint(ctx: BotContext): Promise<void> {
  if (await overDailyLimit(ctx)) {
    ctx.reply(textMessage(DAILY_LIMIT_MESSAGE, [{ label: "ติดตามเรื่อง" }]));
    return;
  }
  await startFlow(ctx, complaintFlow, { next: ctx.user.consentedAt === null ? "consent" : "type", data: {} });
}

function notFound(ctx: BotContext, code: string) {
  ctx.reply(
    textMessage(`ไม่พบเรื่อง ${code} ในเรื่องที่คุณแจ้งไว้ โปรดตรวจสอบเลขที่เรื่อง (เช่น R2570-00001)`, [
      { label: "ติดตามเรื่อง" },
      MENU,
    ]),
  );
}

/** `ติดตามเรื่อง`: your complaints; `ติดตามเรื่อง <code>`: one of them, with its history. */
export async function trackComplaints(ctx: BotContext, argument: string): Promise<void> {
  const { deps } = ctx;
  if (argument) {
    const code = normaliseTrackingCode(argument);
    if (!TRACKING_CODE.test(code)) return notFound(ctx, code.slice(0, 30));
    const complaint = await findComplaintByCode(deps.db, code);
    // Someone else's complaint answers exactly like a missing one.
    if (!complaint || !(await isComplainant(deps, complaint, ctx.user.lineUserId)))
      return notFound(ctx, code);
    ctx.reply(complaintDetailCard(await complaintView(deps, complaint, { history: true })));
    return;
  }
  const mine = await complaintsOfUser(deps.db, ctx.user.lineUserId, 13);
  if (mine.length === 0) {
    ctx.reply(textMessage('คุณยังไม่มีเรื่องที่แจ้งไว้ พิมพ์ "ร้องเรียน" เพื่อแจ้งเรื่องใหม่', [{ label: "ร้องเรียน" }, MENU]));
    return;
  }
  const views = await Promise.all(mine.slice(0, 12).map((complaint) => complaintView(deps, complaint)));
  ctx.reply(complaintCarousel(views));
  if (mine.length > 12) {
    ctx.reply(textMessage('แสดง 12 เรื่องล่าสุด ดูเรื่องก่อนหน้าได้โดยพิมพ์ "ติดตามเรื่อง" ตามด้วยเลขที่เรื่อง'));
  }
}

const RATINGS = [
  { value: 5, label: "5 ดีมาก" },
  { value: 4, label: "4 ดี" },
  { value: 3, label: "3 พอใช้" },
  { value: 2, label: "2 ควรปรับปรุง" },
  { value: 1, label: "1 ไม่พอใจ" },
] as const;

const FIXED_ANSWERS: Partial<Record<string, boolean>> = { yes: true, no: false };

function ratingQuestion(code: string, lead = "") {
  return textMessage(
    `${lead}โปรดให้คะแนนความพึงพอใจต่อการแก้ไขเรื่อง ${code}`,
    RATINGS.map((rating) => ({
      type: "postback" as const,
      label: rating.label,
      data: `a=rate&c=${code}&v=${rating.value}`,
      displayText: rating.label,
    })),
  );
}

/** The complainant's answer to "was it fixed?" (tapped or typed), planned and answered. */
async function answer(ctx: BotContext, trackingCode: string, fixed: boolean): Promise<void> {
  const planned = await planFixedAnswer(ctx.deps, { trackingCode, fixed }, complainantActor(ctx.user));
  if (!planned.ok) return void ctx.reply(textMessage(planned.error.thai, [MENU]));
  ctx.apply(planned.plan);
  const answered = planned.value;
  const code = answered.complaint.trackingCode;
  if (answered.kind === "fixed") {
    ctx.reply(ratingQuestion(code, "ขอบคุณที่ยืนยัน "));
    return;
  }
  ctx.reply(
    textMessage(`รับทราบ เปิดเรื่อง ${code} อีกครั้งแล้ว และแจ้งเจ้าหน้าที่ผู้รับผิดชอบให้ดำเนินการต่อ เราจะแจ้งความคืบหน้าให้ทราบ`),
    statusUpdateMessage(ctx.deps, answered.complaint, "in_progress", answered.note, answered.at),
  );
}

/** `a=fix`: the complainant's answer to "was it fixed?" after `resolved`. */
async function answerFixed(ctx: BotContext, params: URLSearchParams): Promise<void> {
  const fixed = FIXED_ANSWERS[params.get("v") ?? ""];
  if (fixed === undefined)
    return void ctx.reply(textMessage(refused("complaint.button_expired").error.thai, [MENU]));
  await answer(ctx, params.get("c") ?? "", fixed);
}

/**
 * A typed answer to "was it fixed?" from someone with complaints awaiting it (the bot asks this
 * before its fallback, after keywords and any flow in progress): `แก้ไขแล้ว`, `ใช่`, `เรียบร้อย` /
 * `ยังไม่แก้ไข`, `ยัง`, `ไม่`, optionally with a tracking code. With several awaiting and no code, it
 * asks which one. False when the message is not such an answer.
 */
export async function answerTyped(ctx: BotContext, text: string): Promise<boolean> {
  const typed = await readPendingAnswer(ctx.deps, text, complainantActor(ctx.user));
  if (!typed) return false;
  if (typed.kind === "answer") await answer(ctx, typed.trackingCode, typed.fixed);
  else if (typed.kind === "ask") ctx.reply(fixedQuestion(typed.trackingCode));
  else {
    const label = typed.fixed ? LABELS.fixedYes : LABELS.fixedNo;
    const shown = typed.trackingCodes.slice(0, 12);
    ctx.reply(
      textMessage(
        `คุณมี ${typed.trackingCodes.length} เรื่องที่รอคำตอบ หมายถึงเรื่องใด แตะเลขที่เรื่อง หรือพิมพ์ เช่น "${label} ${shown[0]}"`,
        shown.map((code) => ({
          type: "postback" as const,
          label: code,
          data: `a=fix&c=${code}&v=${typed.fixed ? "yes" : "no"}`,
          displayText: `${label} ${code}`,
        })),
      ),
    );
  }
  return true;
}

/** `a=rate`: a 1–5 rating of a complaint the complainant confirmed fixed. */
async function rate(ctx: BotContext, params: URLSearchParams): Promise<void> {
  // The card's button carries no score: it asks for one.
  if (!params.has("v")) return void ctx.reply(ratingQuestion(normaliseTrackingCode(params.get("c") ?? "")));
  const input = { trackingCode: params.get("c") ?? "", rating: Number(params.get("v")) };
  const planned = await planRating(ctx.deps, input, complainantActor(ctx.user));
  if (!planned.ok) return void ctx.reply(textMessage(planned.error.thai, [MENU]));
  ctx.apply(planned.plan);
  const { rating } = planned.value;
  ctx.reply(textMessage(`ขอบคุณสำหรับคะแนน ${rating} จาก 5 ความเห็นของคุณช่วยให้เราปรับปรุงการบริการ`, [MENU]));
}

/** The complainant's own buttons (anyone may file, so anyone may answer; ownership is checked inside). */
export const complaintPostbacks: Postback[] = [
  { action: "fix", roles: EVERYONE, run: answerFixed },
  { action: "rate", roles: EVERYONE, run: rate },
];
