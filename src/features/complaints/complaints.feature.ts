import { complaintCarousel, complaintDetailCard } from "../../../flex-templates/complaint.flex";
import type { Postback } from "../../bot/commands";
import type { BotContext } from "../../bot/context";
import {
  complaintsOfUser,
  findComplaintByCode,
  markFixed,
  rateComplaint,
  statusChangeStatements,
} from "../../db/repos/complaints.repo";
import type { Complaint } from "../../db/schema";
import { normaliseTrackingCode, TRACKING_CODE } from "../../domain/complaints";
import { EVERYONE } from "../../domain/roles";
import { startFlow } from "../../flows/engine";
import { textMessage } from "../../line/messages";
import { complaintFlow, DAILY_LIMIT_MESSAGE, overDailyLimit } from "./complaint.flow";
import { complaintView, handlersOf, isComplainant } from "./complaint-support";
import { statusUpdateMessage } from "./status-change";

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
    const complaint = await findComplaintByCode(deps.db, deps.orgId, code);
    // Someone else's complaint answers exactly like a missing one.
    if (!complaint || !(await isComplainant(deps, complaint, ctx.user.lineUserId)))
      return notFound(ctx, code);
    ctx.reply(complaintDetailCard(await complaintView(deps, complaint, { history: true })));
    return;
  }
  const mine = await complaintsOfUser(deps.db, deps.orgId, ctx.user.lineUserId, 13);
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

/** A postback about a complaint: only its complainant may answer it. */
async function ownComplaint(ctx: BotContext, params: URLSearchParams): Promise<Complaint | undefined> {
  const code = normaliseTrackingCode(params.get("c") ?? "");
  const complaint = TRACKING_CODE.test(code)
    ? await findComplaintByCode(ctx.deps.db, ctx.deps.orgId, code)
    : undefined;
  if (!complaint || !(await isComplainant(ctx.deps, complaint, ctx.user.lineUserId))) {
    ctx.reply(textMessage("ปุ่มนี้ใช้ไม่ได้แล้ว", [MENU]));
    return undefined;
  }
  return complaint;
}

const RATINGS = [
  { value: 5, label: "5 ดีมาก" },
  { value: 4, label: "4 ดี" },
  { value: 3, label: "3 พอใช้" },
  { value: 2, label: "2 ควรปรับปรุง" },
  { value: 1, label: "1 ไม่พอใจ" },
] as const;

/** `a=fix`: the complainant's answer to "was it fixed?" after `resolved`. */
async function answerFixed(ctx: BotContext, params: URLSearchParams): Promise<void> {
  const complaint = await ownComplaint(ctx, params);
  if (!complaint) return;
  if (complaint.status !== "resolved" || complaint.fixed !== null) {
    ctx.reply(textMessage(`เรื่อง ${complaint.trackingCode} ได้รับคำตอบของคุณแล้ว ขอบคุณครับ`, [MENU]));
    return;
  }
  const { deps, now } = ctx;
  if (params.get("v") === "yes") {
    ctx.write(markFixed(deps.db, complaint.id, now));
    ctx.reply(
      textMessage(
        `ขอบคุณที่ยืนยัน โปรดให้คะแนนความพึงพอใจต่อการแก้ไขเรื่อง ${complaint.trackingCode}`,
        RATINGS.map((rating) => ({
          type: "postback" as const,
          label: rating.label,
          data: `a=rate&c=${complaint.trackingCode}&v=${rating.value}`,
          displayText: rating.label,
        })),
      ),
    );
    return;
  }
  if (params.get("v") !== "no") return void ctx.reply(textMessage("ปุ่มนี้ใช้ไม่ได้แล้ว", [MENU]));
  const note = "ผู้ร้องแจ้งว่าปัญหายังไม่ได้รับการแก้ไข เปิดเรื่องอีกครั้ง";
  ctx.write(
    ...statusChangeStatements(deps.db, {
      complaint,
      status: "in_progress",
      note,
      by: "ผู้ร้อง",
      at: now,
      closedAt: null,
      reopen: true,
      fixed: false,
    }),
  );
  ctx.reply(
    textMessage(
      `รับทราบ เปิดเรื่อง ${complaint.trackingCode} อีกครั้งแล้ว และแจ้งเจ้าหน้าที่ผู้รับผิดชอบให้ดำเนินการต่อ เราจะแจ้งความคืบหน้าให้ทราบ`,
    ),
    statusUpdateMessage(deps, complaint, "in_progress", note, now),
  );
  const notice = textMessage(
    `เรื่อง ${complaint.trackingCode} (${complaint.category}) ถูกเปิดอีกครั้ง: ผู้ร้องแจ้งว่าปัญหายังไม่ได้รับการแก้ไข`,
    [{ label: "งานร้องเรียน" }],
  );
  for (const to of await handlersOf(deps, complaint)) ctx.push(to, notice);
}

/** `a=rate`: a 1–5 rating of a complaint the complainant confirmed fixed. */
async function rate(ctx: BotContext, params: URLSearchParams): Promise<void> {
  const complaint = await ownComplaint(ctx, params);
  if (!complaint) return;
  const value = Number(params.get("v"));
  if (!Number.isInteger(value) || value < 1 || value > 5 || complaint.fixed !== true) {
    ctx.reply(textMessage("ปุ่มนี้ใช้ไม่ได้แล้ว", [MENU]));
    return;
  }
  if (complaint.rating !== null) {
    ctx.reply(textMessage(`คุณให้คะแนนเรื่อง ${complaint.trackingCode} ไว้แล้ว ขอบคุณครับ`, [MENU]));
    return;
  }
  ctx.write(rateComplaint(ctx.deps.db, complaint.id, value, ctx.now));
  ctx.reply(textMessage(`ขอบคุณสำหรับคะแนน ${value} จาก 5 ความเห็นของคุณช่วยให้เราปรับปรุงการบริการ`, [MENU]));
}

/** The complainant's own buttons (anyone may file, so anyone may answer; ownership is checked inside). */
export const complaintPostbacks: Postback[] = [
  { action: "fix", roles: EVERYONE, run: answerFixed },
  { action: "rate", roles: EVERYONE, run: rate },
];
