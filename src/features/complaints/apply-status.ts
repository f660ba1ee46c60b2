import { atomic } from "../../db/client";
import { auditStatement } from "../../db/repos/audit.repo";
import { insertOutbox } from "../../db/repos/outbox.repo";
import type { Complaint } from "../../db/schema";
import type { AppDeps } from "../../deps";
import type { ComplaintStatus } from "../../domain/complaints";
import { outboxBatches } from "../../jobs/outbox-batches";
import { PHOTO_PROBLEMS, type StoredPhoto, storePhotoBytes } from "../photos";
import { planStatusChange } from "./status-change";

export interface StatusChangeRequest {
  status: ComplaintStatus;
  note: string;
  /** Resolving without an after-photo: why there is none. */
  noPhotoReason?: string;
  /** An after-photo's bytes (JPEG or PNG). */
  photo?: Uint8Array;
  /** Who made it, as people see it ("ผู้ดูแลระบบ"): never a LINE id. */
  by: string;
}

export interface ApplyStatusOptions {
  /** Who made it, for the audit log: `admin-api`, `console:<username>`. */
  actor: string;
  /** Deliver the complainant's push (run after the response). */
  deliver(recipients: string[]): Promise<void>;
}

export type ApplyStatusOutcome =
  | { ok: true }
  /** 409: the current status does not allow it; 400: a field is missing or wrong. */
  | { ok: false; status: 400 | 409; field: string; message: string };

/**
 * An admin's status change (admin API and console alike), with the same rules as a staff member's in
 * chat: the after-photo kept in blob storage, the change checked and planned, then the history, the
 * update, the complainant's push (outbox) and the audit row in one write, and the push delivered
 * after the response. A photo of a refused change is not kept.
 */
export async function applyStatusChange(
  deps: AppDeps,
  complaint: Complaint,
  request: StatusChangeRequest,
  options: ApplyStatusOptions,
): Promise<ApplyStatusOutcome> {
  let resultPhoto: StoredPhoto | undefined;
  if (request.photo) {
    const stored = await storePhotoBytes(deps, request.photo, `complaints/${deps.orgId}`);
    if (!stored.ok) return { ok: false, status: 400, field: "photo", message: PHOTO_PROBLEMS[stored.reason] };
    resultPhoto = stored.photo;
  }
  const now = deps.clock.now();
  const plan = await planStatusChange(
    deps,
    complaint,
    {
      status: request.status,
      note: request.note,
      by: request.by,
      noPhotoReason: request.noPhotoReason,
      resultPhoto,
    },
    now,
  );
  if (!plan.ok) {
    if (resultPhoto) await deps.blobs.delete(resultPhoto.blobKey);
    return {
      ok: false,
      status: plan.field === "status" ? 409 : 400,
      field: plan.field,
      message: plan.message,
    };
  }
  const rows = plan.pushes.flatMap((push) => outboxBatches(deps, { ...push, now }));
  await atomic(deps.db, [
    ...plan.statements,
    ...insertOutbox(deps.db, rows),
    auditStatement(deps.db, {
      orgId: deps.orgId,
      at: now,
      actor: options.actor,
      action: "complaint.status",
      subject: complaint.trackingCode,
      detail: { from: complaint.status, to: request.status },
    }),
  ]);
  const recipients = plan.pushes.map((push) => push.to);
  if (recipients.length) deps.defer(() => options.deliver(recipients));
  return { ok: true };
}
