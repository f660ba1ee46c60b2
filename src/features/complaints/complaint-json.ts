import type { Complaint, ComplaintHistoryEntry, ComplaintPhoto } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { isoWithOffset, localDate } from "../../domain/thai-time";
import { isOverdue } from "./complaint-support";

/**
 * A complaint as the admin API answers it (CONTRACT.md › Shapes). Built from the complaint row only:
 * the complainant's identity lives elsewhere and is never read here.
 */
export function complaintJson(
  deps: AppDeps,
  complaint: Complaint,
  details: { history: ComplaintHistoryEntry[]; photos: ComplaintPhoto[]; unitName: string | null },
) {
  const { timeZone } = deps.config;
  const at = (ms: number) => isoWithOffset(ms, timeZone);
  return {
    trackingCode: complaint.trackingCode,
    track: complaint.track,
    fiscalYear: complaint.fiscalYear,
    category: complaint.category,
    description: complaint.description,
    location:
      complaint.latitude !== null && complaint.longitude !== null
        ? { latitude: complaint.latitude, longitude: complaint.longitude, address: complaint.address }
        : null,
    photos: details.photos.map((photo) => ({
      id: photo.id,
      kind: photo.kind,
      url: `/api/admin/photos/${photo.id}`,
    })),
    status: complaint.status,
    routedTo:
      complaint.track === "corruption"
        ? "integrity"
        : { unitId: complaint.routedUnitId, unitName: details.unitName },
    anonymous: complaint.anonymous,
    createdAt: at(complaint.createdAt),
    dueDate: complaint.dueDate,
    overdue: isOverdue(complaint, localDate(deps.clock.now(), timeZone)),
    closedAt: complaint.closedAt === null ? null : at(complaint.closedAt),
    history: details.history.map((entry) => ({
      status: entry.status,
      note: entry.note,
      at: at(entry.at),
      by: entry.by,
    })),
    reopenCount: complaint.reopenCount,
    fixed: complaint.fixed,
    rating: complaint.rating,
  };
}
