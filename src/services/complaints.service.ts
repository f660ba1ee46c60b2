/**
 * Complaint handling as use cases: an officer's status change (the admin API, the console and a staff
 * member in chat make the same one), the complainant's answer to "was it fixed?" and their rating.
 * Each reads what it needs and returns a plan or a coded refusal; nothing is written here.
 * (Filing a complaint is the complaint flow's own.)
 */
import { z } from "zod";
import { FIXED_QUESTION, statusUpdateCard } from "../../flex-templates/complaint.flex";
import { LABELS } from "../bot/choices";
import {
  awaitingAnswerOf,
  awaitsAnswer,
  complainantOf,
  findComplaintByCode,
  markFixed,
  rateComplaint,
  statusChangeStatements,
} from "../db/repos/complaints.repo";
import type { Complaint, User } from "../db/schema";
import type { AppDeps } from "../deps";
import {
  CLOSED_STATUSES,
  COMPLAINT_STATUSES,
  type ComplaintStatus,
  NEXT_STATUSES,
  normaliseTrackingCode,
  STATUS_LABELS,
} from "../domain/complaints";
import { mayWork } from "../domain/roles";
import { thaiDateTime } from "../domain/thai-time";
import { handlersOf, unitNameOf } from "../features/complaints/complaint-support";
import { eitInvitationFor } from "../features/eit/eit-drive";
import { checkPhotoBytes, type StoredPhoto } from "../features/photos";
import { photoMessages } from "../http/photo-links";
import { type Message, textMessage } from "../line/messages";
import { commitPlanned, type Done } from "./commit";
import { type Actor, type Planned, type Push, planned, refused } from "./plan";

// ---------------------------------------------------------------------------------------------------
// Who acts

/** A person acting in chat: their LINE id (ownership and audit, never shown), role and unit. */
export interface ChatActor extends Actor {
  user: Pick<User, "lineUserId" | "role" | "unitId">;
}

/** A staff member or integrity officer in chat, shown as "name (unit)". They may work only their share. */
export async function staffActor(
  deps: AppDeps,
  user: Pick<User, "lineUserId" | "role" | "unitId" | "displayName">,
): Promise<ChatActor> {
  const unitName = await unitNameOf(deps, user.unitId);
  const display = [user.displayName ?? "เจ้าหน้าที่", unitName ? `(${unitName})` : ""].join(" ").trim();
  return { audit: user.lineUserId, display, user };
}

/** A complainant answering about their own complaint, shown as "ผู้ร้อง". */
export function complainantActor(user: Pick<User, "lineUserId" | "role" | "unitId">): ChatActor {
  return { audit: user.lineUserId, display: "ผู้ร้อง", user };
}

const isChatActor = (actor: Actor): actor is ChatActor => "user" in actor;

// ---------------------------------------------------------------------------------------------------
// What the complainant gets

export { FIXED_QUESTION };

/** The question after `resolved`: tapped answers come back as postbacks naming the complaint. */
export function fixedQuestion(trackingCode: string): Message {
  const answer = (label: string, value: string) => ({
    type: "postback" as const,
    label,
    data: `a=fix&c=${trackingCode}&v=${value}`,
    displayText: label,
  });
  return textMessage(`${FIXED_QUESTION} (เรื่อง ${trackingCode})`, [
    answer(LABELS.fixedYes, "yes"),
    answer(LABELS.fixedNo, "no"),
  ]);
}

/** The card the complainant gets for a status change. */
export function statusUpdateMessage(
  deps: AppDeps,
  complaint: Complaint,
  status: ComplaintStatus,
  note: string,
  at: number,
  afterPhotoCount = 0,
): Message {
  return statusUpdateCard(
    {
      trackingCode: complaint.trackingCode,
      status,
      statusLabel: STATUS_LABELS[status],
      note,
      at: thaiDateTime(at, deps.config.timeZone),
      afterPhotoCount,
    },
    deps.config.orgName,
  );
}

// ---------------------------------------------------------------------------------------------------
// The status change

/** A status change as the admin API and the console send it (chat fills the same fields step by step). */
export const statusChangeSchema = z.object({
  status: z.enum(COMPLAINT_STATUSES, { error: "เลือกสถานะใหม่" }),
  note: z.string().max(2000, "ยาวเกิน 2,000 ตัวอักษร").default(""),
  /** Resolving a general complaint without an after-photo: why there is none. */
  noPhotoReason: z.string().max(500, "ยาวเกิน 500 ตัวอักษร").optional(),
});

export type StatusChangeInput = z.output<typeof statusChangeSchema> & {
  trackingCode: string;
  /** An after-photo's bytes (admin API, console): checked here, kept by `commitStatusChange`. */
  photo?: Uint8Array;
  /** An after-photo already kept (chat: LINE's content is fetched at once, at the flow's photo step). */
  storedPhoto?: StoredPhoto;
};

/** An after-photo to put in blob storage right before the plan is committed. */
export interface PhotoUpload {
  blobKey: string;
  bytes: Uint8Array;
  contentType: StoredPhoto["contentType"];
}

export interface StatusChanged {
  complaint: Complaint;
  status: ComplaintStatus;
  upload?: PhotoUpload;
}

/** The complaint-handling rules for a change of `complaint` to `status`; undefined when it may go ahead. */
function ruleRefusal(complaint: Complaint, input: StatusChangeInput, hasPhoto: boolean) {
  const { status } = input;
  if (!NEXT_STATUSES[complaint.status].includes(status)) {
    const current = STATUS_LABELS[complaint.status];
    return CLOSED_STATUSES.has(complaint.status)
      ? refused("complaint.closed", { current })
      : refused("complaint.status_not_allowed", { from: current, to: STATUS_LABELS[status] });
  }
  const needsNote = status === "resolved" || status === "rejected" || status === "forwarded";
  if (needsNote && !input.note.trim()) return refused("complaint.note_required", { status });
  if (status === "resolved" && complaint.track === "general" && !hasPhoto && !input.noPhotoReason?.trim()) {
    return refused("complaint.photo_or_reason_required");
  }
  return undefined;
}

/**
 * Check a status change against the complaint-handling rules and plan it: the history entry, the
 * update, the audit row, and the push to the complainant (with the "was it fixed?" question after
 * `resolved`, and the EIT invitation during the assessment window). A staff member in chat
 * (`ChatActor`) may change only a complaint they work (`mayWork`); an admin any.
 */
export async function planStatusChange(
  deps: AppDeps,
  input: StatusChangeInput,
  actor: Actor | ChatActor,
): Promise<Planned<StatusChanged>> {
  const complaint = await findComplaintByCode(deps.db, normaliseTrackingCode(input.trackingCode));
  if (!complaint) return refused("complaint.not_found");
  if (isChatActor(actor) && !mayWork(actor.user, complaint)) return refused("complaint.not_yours");
  const checked = input.photo ? checkPhotoBytes(deps, input.photo, `complaints/${deps.orgId}`) : undefined;
  const refusal = ruleRefusal(complaint, input, Boolean(checked ?? input.storedPhoto));
  if (refusal) return refusal;
  if (checked && !checked.ok) {
    return refused(checked.reason === "size" ? "complaint.photo_too_large" : "complaint.photo_type");
  }
  const resultPhoto = checked?.photo ?? input.storedPhoto;
  const { status } = input;
  const at = deps.clock.now();
  const note = input.note.trim();
  const noPhotoReason = input.noPhotoReason?.trim();
  const fullNote =
    status === "resolved" && !resultPhoto && noPhotoReason
      ? `${note}\n(ไม่มีภาพหลังดำเนินการ: ${noPhotoReason})`
      : note;
  const closed = CLOSED_STATUSES.has(status);
  const statements = statusChangeStatements(deps.db, {
    complaint,
    status,
    note: fullNote,
    by: actor.display,
    at,
    closedAt: closed ? at : null,
    fixed: status === "resolved" ? null : undefined,
    resultPhoto,
  });
  const pushes: Push[] = [];
  const complainant = await complainantOf(deps.db, complaint.id);
  if (complainant) {
    const invitation = closed ? await eitInvitationFor(deps, complaint, complainant, at) : null;
    if (invitation) statements.push(...invitation.statements);
    // The after-photo itself, right under the card, behind a signed link LINE can fetch.
    const afterPhotos = resultPhoto ? await photoMessages(deps, [resultPhoto]) : [];
    // One push (LINE counts pushes per call); the question last, so its quick replies show.
    pushes.push({
      to: complainant,
      messages: [
        statusUpdateMessage(deps, complaint, status, fullNote, at, afterPhotos.length),
        ...afterPhotos,
        ...(invitation?.messages ?? []),
        ...(status === "resolved" ? [fixedQuestion(complaint.trackingCode)] : []),
      ],
    });
  }
  const upload = checked?.ok
    ? { blobKey: checked.photo.blobKey, bytes: checked.bytes, contentType: checked.photo.contentType }
    : undefined;
  return planned(
    { complaint, status, upload },
    {
      statements,
      pushes,
      onUniqueViolation: "complaint.changed_meanwhile",
      audit: [
        {
          action: "complaint.status",
          subject: complaint.trackingCode,
          detail: { from: complaint.status, to: status },
        },
      ],
    },
  );
}

/**
 * Commit a status change (admin API, console). The after-photo's bytes are an external write: they
 * are put in blob storage only here — after the plan was accepted, right before the commit — and
 * deleted again if the commit refuses or fails, so a refused change leaves no file behind and a
 * committed one never names a missing file. Chat keeps its photo earlier, at the flow's photo step
 * (LINE keeps a message's content only for a while); the flow's state owns that file until the
 * confirm step's plan commits with the event, and the flow deletes it when it is cancelled or refused.
 */
export async function commitStatusChange(
  deps: AppDeps,
  change: Planned<StatusChanged>,
  actor: Actor,
  deliver?: (recipients: string[]) => Promise<void>,
): Promise<Done<StatusChanged>> {
  const upload = change.ok ? change.value.upload : undefined;
  if (!upload) return commitPlanned(deps, change, actor, deliver);
  await deps.blobs.put(upload.blobKey, upload.bytes, upload.contentType);
  let done: Done<StatusChanged> | undefined;
  try {
    done = await commitPlanned(deps, change, actor, deliver);
    return done;
  } finally {
    if (!done?.ok) await deps.blobs.delete(upload.blobKey);
  }
}

// ---------------------------------------------------------------------------------------------------
// The complainant's answers (chat). No audit rows: the actor would be the complainant's LINE id, and a
// corruption complainant's identity stays sealed in `complaint_contacts`.

/** A complaint its complainant answers about: to anyone else, and for a malformed code, the button is dead. */
async function ownComplaint(deps: AppDeps, trackingCode: string, actor: ChatActor) {
  const complaint = await findComplaintByCode(deps.db, normaliseTrackingCode(trackingCode));
  if (!complaint) return undefined;
  const complainant = await complainantOf(deps.db, complaint.id);
  return complainant === actor.user.lineUserId ? complaint : undefined;
}

export const FIXED_NOTE = "ผู้ร้องยืนยันว่าปัญหาได้รับการแก้ไขแล้ว";
export const REOPEN_NOTE = "ผู้ร้องแจ้งว่าปัญหายังไม่ได้รับการแก้ไข เปิดเรื่องอีกครั้ง";

export type FixedAnswered =
  | { kind: "fixed"; complaint: Complaint }
  /** Reopened: `note` and `at` are what the status card says. */
  | { kind: "reopened"; complaint: Complaint; note: string; at: number };

/**
 * The complainant's answer to "was it fixed?" after `resolved`, once: yes marks it fixed (a rating is
 * asked next); no reopens it (`in_progress`, counted in `reopenCount`) and tells the handlers of its
 * unit or track by push.
 */
export async function planFixedAnswer(
  deps: AppDeps,
  input: { trackingCode: string; fixed: boolean },
  actor: ChatActor,
): Promise<Planned<FixedAnswered>> {
  const complaint = await ownComplaint(deps, input.trackingCode, actor);
  if (!complaint) return refused("complaint.button_expired");
  if (complaint.unconfirmedAt !== null)
    return refused("complaint.answer_closed", { code: complaint.trackingCode });
  if (!awaitsAnswer(complaint))
    return refused("complaint.already_answered", { code: complaint.trackingCode });
  const at = deps.clock.now();
  if (input.fixed) {
    return planned(
      { kind: "fixed", complaint },
      { statements: markFixed(deps.db, complaint, FIXED_NOTE, actor.display, at) },
    );
  }
  const statements = statusChangeStatements(deps.db, {
    complaint,
    status: "in_progress",
    note: REOPEN_NOTE,
    by: actor.display,
    at,
    closedAt: null,
    reopen: true,
    fixed: false,
  });
  const notice = textMessage(
    `เรื่อง ${complaint.trackingCode} (${complaint.category}) ถูกเปิดอีกครั้ง: ผู้ร้องแจ้งว่าปัญหายังไม่ได้รับการแก้ไข`,
    [{ label: "งานร้องเรียน" }],
  );
  const pushes = (await handlersOf(deps, complaint)).map((to) => ({ to, messages: [notice] }));
  return planned(
    { kind: "reopened", complaint, note: REOPEN_NOTE, at },
    { statements, pushes, onUniqueViolation: "complaint.changed_meanwhile" },
  );
}

/** A 1–5 rating of a complaint its complainant confirmed fixed, once. */
export async function planRating(
  deps: AppDeps,
  input: { trackingCode: string; rating: number },
  actor: ChatActor,
): Promise<Planned<{ complaint: Complaint; rating: number }>> {
  const complaint = await ownComplaint(deps, input.trackingCode, actor);
  const { rating } = input;
  if (!complaint || !Number.isInteger(rating) || rating < 1 || rating > 5 || complaint.fixed !== true) {
    return refused("complaint.button_expired");
  }
  if (complaint.rating !== null) return refused("complaint.already_rated", { code: complaint.trackingCode });
  return planned(
    { complaint, rating },
    { statements: [rateComplaint(deps.db, complaint.id, rating, deps.clock.now())] },
  );
}

// ---------------------------------------------------------------------------------------------------
// Typed answers (the buttons can be lost: a tap elsewhere hides quick replies for good)

const TYPED_YES = new Set(["แก้ไขแล้ว", "ใช่", "เรียบร้อย", "เรียบร้อยแล้ว", "ได้รับการแก้ไขแล้ว"]);
const TYPED_NO = new Set(["ยังไม่แก้ไข", "ยัง", "ไม่", "ยังไม่ได้รับการแก้ไข", "ยังไม่ได้แก้ไข", "ไม่ใช่"]);
const CODE_IN_TEXT = /[RC]\d{4}-\d{5}/i;

/** What a typed message says about "was it fixed?": the answer (if any) and the tracking code (if any). */
export function readTypedAnswer(text: string): { fixed?: boolean; trackingCode?: string } | undefined {
  const code = CODE_IN_TEXT.exec(text)?.[0];
  const rest = (code ? text.replace(code, " ") : text).replace(/\s+/g, " ").trim();
  const fixed = TYPED_YES.has(rest) ? true : TYPED_NO.has(rest) ? false : undefined;
  if (fixed === undefined && !(code && rest === "")) return undefined;
  return { fixed, trackingCode: code ? normaliseTrackingCode(code) : undefined };
}

export type TypedAnswer =
  /** One complaint and an answer: plan it with `planFixedAnswer`. */
  | { kind: "answer"; trackingCode: string; fixed: boolean }
  /** Several await an answer and the message does not say which: ask, one choice per code. */
  | { kind: "which"; fixed: boolean; trackingCodes: string[] }
  /** A bare tracking code of one that awaits an answer: ask the question about it. */
  | { kind: "ask"; trackingCode: string };

/**
 * A typed message read as an answer to "was it fixed?", for a person who has complaints awaiting it;
 * undefined when it is not one (or nothing awaits their answer), so the message goes on to the fallback.
 */
export async function readPendingAnswer(
  deps: AppDeps,
  text: string,
  actor: ChatActor,
): Promise<TypedAnswer | undefined> {
  const typed = readTypedAnswer(text);
  if (!typed) return undefined;
  const pending = await awaitingAnswerOf(deps.db, actor.user.lineUserId);
  if (pending.length === 0) return undefined;
  const codes = pending.map((complaint) => complaint.trackingCode);
  const { fixed, trackingCode } = typed;
  if (trackingCode && !codes.includes(trackingCode)) return undefined;
  const only = trackingCode ?? (codes.length === 1 ? codes[0] : undefined);
  if (fixed === undefined) return only ? { kind: "ask", trackingCode: only } : undefined;
  return only
    ? { kind: "answer", trackingCode: only, fixed }
    : { kind: "which", fixed, trackingCodes: codes };
}
