import type { ComplaintView } from "../../../flex-templates/complaint.flex";
import { awaitsAnswer, complainantOf, historyOf, photosOf } from "../../db/repos/complaints.repo";
import { holidaySet } from "../../db/repos/holidays.repo";
import { findUnit } from "../../db/repos/units.repo";
import { reachableUsersWithRole } from "../../db/repos/users.repo";
import type { Complaint } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { CLOSED_STATUSES, STATUS_LABELS, TRACK_LABELS } from "../../domain/complaints";
import { addDays, type IsoDate, localDate, thaiDateTime, thaiShortDate } from "../../domain/thai-time";
import { addWorkingDays } from "../../domain/working-days";

/** The answer date of a complaint filed at `at`: `days` working days after the filing day. */
export async function dueDateFor(deps: AppDeps, at: number, days: number): Promise<IsoDate> {
  const today = localDate(at, deps.config.timeZone);
  // Generously past the due date: weekends and holidays push it out.
  const holidays = await holidaySet(deps.db, today, addDays(today, days * 3 + 60));
  return addWorkingDays(today, days, holidays);
}

export function isOverdue(complaint: Complaint, today: IsoDate): boolean {
  return !CLOSED_STATUSES.has(complaint.status) && complaint.dueDate < today;
}

/** Who handles a complaint's track and unit: unit staff (general) or integrity officers (corruption). */
export async function handlersOf(deps: AppDeps, complaint: Complaint): Promise<string[]> {
  return complaint.track === "corruption"
    ? reachableUsersWithRole(deps.db, "integrity")
    : reachableUsersWithRole(deps.db, "staff", complaint.routedUnitId);
}

export async function unitNameOf(deps: AppDeps, unitId: string | null): Promise<string | null> {
  if (!unitId) return null;
  return (await findUnit(deps.db, unitId))?.name ?? null;
}

/** The complainant's view of a complaint (never who filed it). */
export async function complaintView(
  deps: AppDeps,
  complaint: Complaint,
  options: { history?: boolean } = {},
): Promise<ComplaintView> {
  const { timeZone } = deps.config;
  const [unitName, history, photos] = await Promise.all([
    unitNameOf(deps, complaint.routedUnitId),
    options.history ? historyOf(deps.db, complaint.id) : [],
    options.history ? photosOf(deps.db, complaint.id) : [],
  ]);
  return {
    trackingCode: complaint.trackingCode,
    trackLabel: TRACK_LABELS[complaint.track],
    category: complaint.category,
    description: complaint.description,
    status: complaint.status,
    statusLabel: STATUS_LABELS[complaint.status],
    unitName,
    dueDate: thaiShortDate(complaint.dueDate),
    filedAt: thaiDateTime(complaint.createdAt, timeZone),
    address: complaint.address,
    photoCount: photos.filter((photo) => photo.kind === "report").length,
    afterPhotoCount: photos.filter((photo) => photo.kind === "result").length,
    overdue: isOverdue(complaint, localDate(deps.clock.now(), timeZone)),
    anonymous: complaint.anonymous,
    history: history.map((entry) => ({
      statusLabel: STATUS_LABELS[entry.status],
      note: entry.note,
      at: thaiDateTime(entry.at, timeZone),
    })),
    awaiting: awaitsAnswer(complaint)
      ? "fixed"
      : complaint.fixed === true && complaint.rating === null
        ? "rating"
        : null,
  };
}

/** Only a complaint's own complainant may see it in chat; to anyone else it does not exist. */
export async function isComplainant(
  deps: AppDeps,
  complaint: Complaint,
  lineUserId: string,
): Promise<boolean> {
  return (await complainantOf(deps.db, complaint.id)) === lineUserId;
}
