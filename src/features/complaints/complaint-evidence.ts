/**
 * The evidence of a complaint, shown in chat to the two people it concerns: the staff member working it
 * taps `ดูภาพ` (the complainant's photos) or `ดูตำแหน่ง` (the place, as a LINE location message) on the
 * work card; the complainant taps `ดูภาพ` on a status or detail card (the after-photos). Photos go as
 * image messages behind signed links (`src/http/photo-links.ts`): nothing in them names who filed.
 */
import { CHOICES } from "../../bot/choices";
import type { Postback } from "../../bot/commands";
import type { BotContext } from "../../bot/context";
import { findComplaintByCode, photosOf } from "../../db/repos/complaints.repo";
import type { Complaint, ComplaintPhoto } from "../../db/schema";
import { normaliseTrackingCode, TRACKING_CODE } from "../../domain/complaints";
import { EVERYONE, mayWork, STAFF } from "../../domain/roles";
import { photoMessages } from "../../http/photo-links";
import { textMessage } from "../../line/messages";
import { isComplainant } from "./complaint-support";
import { NOT_YOUR_WORK } from "./complaint-work";

const MENU = CHOICES.menu;
/** A LINE location message's title and address are at most 100 characters. */
const LOCATION_TEXT_MAX = 100;

async function complaintOf(ctx: BotContext, params: URLSearchParams): Promise<Complaint | undefined> {
  const code = normaliseTrackingCode(params.get("c") ?? "");
  return TRACKING_CODE.test(code) ? findComplaintByCode(ctx.deps.db, code) : undefined;
}

/** A complaint this staff member works (general: their unit's; corruption: integrity officers'). */
async function workedComplaint(ctx: BotContext, params: URLSearchParams): Promise<Complaint | undefined> {
  const complaint = await complaintOf(ctx, params);
  if (complaint && mayWork(ctx.user, complaint)) return complaint;
  ctx.reply(textMessage(NOT_YOUR_WORK, [MENU]));
  return undefined;
}

async function sendPhotos(ctx: BotContext, heading: string, empty: string, photos: ComplaintPhoto[]) {
  if (photos.length === 0) return void ctx.reply(textMessage(empty, [MENU]));
  ctx.reply(textMessage(`${heading} (${photos.length} ภาพ)`), ...(await photoMessages(ctx.deps, photos)));
}

/** `a=photos&c=<code>` (staff): the complainant's photos of a complaint they work. */
async function showReportPhotos(ctx: BotContext, params: URLSearchParams): Promise<void> {
  const complaint = await workedComplaint(ctx, params);
  if (!complaint) return;
  const photos = (await photosOf(ctx.deps.db, complaint.id)).filter((photo) => photo.kind === "report");
  await sendPhotos(
    ctx,
    `ภาพจากผู้ร้อง เรื่อง ${complaint.trackingCode}`,
    `เรื่อง ${complaint.trackingCode} ไม่มีภาพจากผู้ร้อง`,
    photos,
  );
}

/** `a=place&c=<code>` (staff): where the complainant said it is, as a LINE location message. */
async function showPlace(ctx: BotContext, params: URLSearchParams): Promise<void> {
  const complaint = await workedComplaint(ctx, params);
  if (!complaint) return;
  const { latitude, longitude } = complaint;
  if (latitude === null || longitude === null) {
    const where = complaint.address ? `ผู้ร้องระบุสถานที่ไว้ว่า: ${complaint.address}` : "ผู้ร้องไม่ได้ระบุสถานที่";
    return void ctx.reply(textMessage(`เรื่อง ${complaint.trackingCode} ไม่มีพิกัดบนแผนที่ ${where}`, [MENU]));
  }
  const address = complaint.address?.trim() || `${latitude.toFixed(6)}, ${longitude.toFixed(6)}`;
  ctx.reply({
    type: "location",
    title: `เรื่อง ${complaint.trackingCode} (${complaint.category})`.slice(0, LOCATION_TEXT_MAX),
    address: address.slice(0, LOCATION_TEXT_MAX),
    latitude,
    longitude,
  });
}

/** `a=after&c=<code>` (the complainant): the after-photos of their own complaint. */
async function showAfterPhotos(ctx: BotContext, params: URLSearchParams): Promise<void> {
  const complaint = await complaintOf(ctx, params);
  // Someone else's complaint answers like a dead button: nothing about it is shown.
  if (!complaint || !(await isComplainant(ctx.deps, complaint, ctx.user.lineUserId))) {
    return void ctx.reply(textMessage("ปุ่มนี้ใช้ไม่ได้แล้ว", [MENU]));
  }
  const photos = (await photosOf(ctx.deps.db, complaint.id)).filter((photo) => photo.kind === "result");
  await sendPhotos(
    ctx,
    `ภาพหลังดำเนินการ เรื่อง ${complaint.trackingCode}`,
    `เรื่อง ${complaint.trackingCode} ยังไม่มีภาพหลังดำเนินการ`,
    photos.slice(-5),
  );
}

/** The `ดูภาพ` / `ดูตำแหน่ง` buttons: staff's on the work cards, the complainant's on their cards. */
export const evidencePostbacks: Postback[] = [
  { action: "photos", roles: STAFF, refusal: NOT_YOUR_WORK, run: showReportPhotos },
  { action: "place", roles: STAFF, refusal: NOT_YOUR_WORK, run: showPlace },
  { action: "after", roles: EVERYONE, run: showAfterPhotos },
];
