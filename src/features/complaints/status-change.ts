import { statusUpdateCard } from "../../../flex-templates/complaint.flex";
import type { Statement } from "../../db/client";
import { complainantOf, statusChangeStatements } from "../../db/repos/complaints.repo";
import type { Complaint } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { CLOSED_STATUSES, type ComplaintStatus, NEXT_STATUSES, STATUS_LABELS } from "../../domain/complaints";
import { thaiDateTime } from "../../domain/thai-time";
import { type Message, textMessage } from "../../line/messages";
import { eitInvitationFor } from "../eit/eit-drive";
import type { StoredPhoto } from "../photos";

export interface StatusChange {
  status: ComplaintStatus;
  note: string;
  /** Who made it, as people see it (a unit name, "ผู้ดูแลระบบ"): never a LINE id. */
  by: string;
  /** Resolving a general complaint: an after-photo, or the reason there is none. */
  resultPhoto?: StoredPhoto;
  noPhotoReason?: string;
}

export interface Push {
  to: string;
  messages: Message[];
}

export type StatusChangePlan =
  | { ok: true; statements: Statement[]; pushes: Push[] }
  | { ok: false; field: string; message: string };

export const FIXED_QUESTION = "ปัญหาได้รับการแก้ไขแล้วหรือไม่";

/** The question after `resolved`: tapped answers come back as postbacks naming the complaint. */
export function fixedQuestion(trackingCode: string): Message {
  const answer = (label: string, value: string) => ({
    type: "postback" as const,
    label,
    data: `a=fix&c=${trackingCode}&v=${value}`,
    displayText: label,
  });
  return textMessage(`${FIXED_QUESTION} (เรื่อง ${trackingCode})`, [
    answer("แก้ไขแล้ว", "yes"),
    answer("ยังไม่ได้รับการแก้ไข", "no"),
  ]);
}

/** The card the complainant gets for a status change. */
export function statusUpdateMessage(
  deps: AppDeps,
  complaint: Complaint,
  status: ComplaintStatus,
  note: string,
  at: number,
): Message {
  return statusUpdateCard(
    {
      trackingCode: complaint.trackingCode,
      status,
      statusLabel: STATUS_LABELS[status],
      note,
      at: thaiDateTime(at, deps.config.timeZone),
    },
    deps.config.orgName,
  );
}

/**
 * Check a status change against the complaint-handling rules and plan it: the history entry, the
 * update, and the push to the complainant (with the "was it fixed?" question after `resolved`, and the
 * EIT invitation during the assessment window). Nothing is written here.
 */
export async function planStatusChange(
  deps: AppDeps,
  complaint: Complaint,
  change: StatusChange,
  at: number,
): Promise<StatusChangePlan> {
  const note = change.note.trim();
  if (!NEXT_STATUSES[complaint.status].includes(change.status)) {
    const closed = CLOSED_STATUSES.has(complaint.status);
    return {
      ok: false,
      field: "status",
      message: closed
        ? `เรื่องนี้ปิดแล้ว (${STATUS_LABELS[complaint.status]}) เปลี่ยนสถานะไม่ได้`
        : `เปลี่ยนจาก "${STATUS_LABELS[complaint.status]}" เป็น "${STATUS_LABELS[change.status]}" ไม่ได้`,
    };
  }
  if (change.status === "resolved" && !note) {
    return { ok: false, field: "note", message: "การปิดเรื่องต้องมีผลการดำเนินการ" };
  }
  if (change.status === "rejected" && !note) {
    return { ok: false, field: "note", message: "การไม่รับพิจารณาต้องระบุเหตุผล" };
  }
  if (change.status === "forwarded" && !note) {
    return { ok: false, field: "note", message: "โปรดระบุหน่วยงานที่ส่งต่อ" };
  }
  const noPhotoReason = change.noPhotoReason?.trim();
  if (
    change.status === "resolved" &&
    complaint.track === "general" &&
    !change.resultPhoto &&
    !noPhotoReason
  ) {
    return {
      ok: false,
      field: "noPhotoReason",
      message: "การปิดเรื่องร้องทุกข์ต้องมีภาพหลังดำเนินการ หรือเหตุผลที่ไม่มีภาพ",
    };
  }
  const fullNote =
    change.status === "resolved" && !change.resultPhoto && noPhotoReason
      ? `${note}\n(ไม่มีภาพหลังดำเนินการ: ${noPhotoReason})`
      : note;
  const closed = CLOSED_STATUSES.has(change.status);
  const statements = statusChangeStatements(deps.db, {
    complaint,
    status: change.status,
    note: fullNote,
    by: change.by,
    at,
    closedAt: closed ? at : null,
    fixed: change.status === "resolved" ? null : undefined,
    resultPhoto: change.resultPhoto,
  });
  const pushes: Push[] = [];
  const complainant = await complainantOf(deps.db, deps.orgId, complaint.id);
  if (complainant) {
    const invitation = closed ? await eitInvitationFor(deps, complaint, complainant, at) : null;
    if (invitation) statements.push(...invitation.statements);
    // One push (LINE counts pushes per call); the question last, so its quick replies show.
    pushes.push({
      to: complainant,
      messages: [
        statusUpdateMessage(deps, complaint, change.status, fullNote, at),
        ...(invitation?.messages ?? []),
        ...(change.status === "resolved" ? [fixedQuestion(complaint.trackingCode)] : []),
      ],
    });
  }
  return { ok: true, statements, pushes };
}
