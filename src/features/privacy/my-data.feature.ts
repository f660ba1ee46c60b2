import { CHOICES } from "../../bot/choices";
import type { BotContext } from "../../bot/context";
import { complaintsOfUser } from "../../db/repos/complaints.repo";
import { eitAnswersOfPerson } from "../../db/repos/privacy.repo";
import { STATUS_LABELS } from "../../domain/complaints";
import { ROLE_LABELS } from "../../domain/roles";
import { thaiDateTime } from "../../domain/thai-time";
import { REPORT_LINK_TTL_MS, signedAccessExportLink } from "../../http/report-links";
import { textMessage } from "../../line/messages";
import { unitNameOf } from "../complaints/complaint-support";

/** Complaints listed in the summary (the download holds them all). */
const SHOWN_COMPLAINTS = 10;

/**
 * `ข้อมูลของฉัน` (everyone): what is held about the person — consent, role and unit, their complaints,
 * their survey answers per fiscal year — and a signed link, good for 24 hours, to the full export
 * of the access request (`planAccessExport`), which names only them.
 */
export async function showMyData(ctx: BotContext): Promise<void> {
  const { deps, user } = ctx;
  const { timeZone } = deps.config;
  const [complaints, answers, unitName] = await Promise.all([
    complaintsOfUser(deps.db, user.lineUserId, SHOWN_COMPLAINTS + 1),
    eitAnswersOfPerson(deps.db, user.lineUserId),
    unitNameOf(deps, user.unitId),
  ]);
  const day = (ms: number) => thaiDateTime(ms, timeZone).replace(/ \d{1,2}:\d{2} น\.$/, "");
  const perYear = new Map<number, number>();
  for (const answer of answers) perYear.set(answer.fiscalYear, (perYear.get(answer.fiscalYear) ?? 0) + 1);
  const expiresAt = ctx.now + REPORT_LINK_TTL_MS;
  const link = await signedAccessExportLink(deps.config, user.lineUserId, expiresAt);
  const lines = [
    "ข้อมูลของคุณที่หน่วยงานเก็บไว้",
    `• ความยินยอม: ${user.consentedAt ? `ให้ไว้เมื่อ ${day(user.consentedAt)}` : "ยังไม่ได้ให้"}`,
    `• บทบาท: ${ROLE_LABELS[user.role]}${unitName ? ` (${unitName})` : ""}`,
    complaints.length === 0 ? "• เรื่องที่แจ้ง: ไม่มี" : "• เรื่องที่แจ้ง:",
    ...complaints
      .slice(0, SHOWN_COMPLAINTS)
      .map((k) => `  ${k.trackingCode} ${STATUS_LABELS[k.status]} (${day(k.createdAt)})`),
    ...(complaints.length > SHOWN_COMPLAINTS ? ["  และเรื่องอื่น ๆ ในไฟล์ดาวน์โหลด"] : []),
    perYear.size === 0
      ? "• คำตอบแบบวัด EIT: ไม่มี"
      : `• คำตอบแบบวัด EIT: ${[...perYear].map(([year, n]) => `ปีงบประมาณ ${year} ${n} ชุด`).join(", ")}`,
    "",
    `ดาวน์โหลดข้อมูลทั้งหมด (ใช้ได้ถึง ${thaiDateTime(expiresAt, timeZone)}):`,
    link,
    "",
    'ขอลบข้อมูลได้โดยพิมพ์ "ลบข้อมูลของฉัน"',
  ];
  ctx.reply(textMessage(lines.join("\n"), [CHOICES.menu]));
}
