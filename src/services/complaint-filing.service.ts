/**
 * Filing a complaint (the citizen's `ร้องเรียน` journey ends here): where it goes, by when, and the
 * plan that files it — the complaint with its tracking code, its sealed contact, its first history
 * entry, its photos — with the pushes that tell its handlers.
 */
import { z } from "zod";
import { findCategory } from "../db/repos/categories.repo";
import {
  countComplaintsOfUserSince,
  fileComplaintStatements,
  findComplaintByEvent,
} from "../db/repos/complaints.repo";
import type { Complaint } from "../db/schema";
import type { AppDeps } from "../deps";
import {
  CORRUPTION_CATEGORY,
  DAILY_COMPLAINT_LIMIT,
  DEFAULT_DEADLINE_DAYS,
  DESCRIPTION_MAX,
  MAX_PHOTOS,
} from "../domain/complaints";
import { type CodedError, codedError, isCodedError } from "../domain/errors";
import { fiscalYearOf, type IsoDate, localDate, startOfLocalDay, thaiShortDate } from "../domain/thai-time";
import { dueDateFor, handlersOf, unitNameOf } from "../features/complaints/complaint-support";
import { textMessage } from "../line/messages";
import { type Actor, type Plan, type Planned, plan, planned, refused } from "./plan";

export const locationSchema = z
  .object({ latitude: z.number(), longitude: z.number(), address: z.string().max(500).nullable() })
  .nullable();

export const filedPhotoSchema = z.object({
  id: z.string(),
  blobKey: z.string(),
  contentType: z.enum(["image/jpeg", "image/png"]),
});

const common = {
  description: z.string().min(1).max(DESCRIPTION_MAX),
  location: locationSchema,
  photos: z.array(filedPhotoSchema).max(MAX_PHOTOS),
};

/** A complaint ready to file: every answer its track asks for. */
export const filingSchema = z.discriminatedUnion("track", [
  z.object({ track: z.literal("general"), categoryId: z.string(), ...common }),
  z.object({ track: z.literal("corruption"), anonymous: z.boolean(), ...common }),
]);
export type ComplaintFiling = z.infer<typeof filingSchema>;

export interface FilingRequest {
  complaint: ComplaintFiling;
  /** Sealed in `complaint_contacts`: no name is kept, whatever the anonymity (`domain/anonymity.ts`). */
  lineUserId: string;
  /** The webhook event that files it: filing it again (a retried event) files nothing twice. */
  sourceEventId: string;
}

/** Where a complaint goes and by when it is answered. */
export interface Route {
  categoryId: string | null;
  category: string;
  unitId: string | null;
  /** null: the integrity officers (corruption), or a unit that no longer exists. */
  unitName: string | null;
  dueDate: IsoDate;
}

/**
 * Where a complaint goes: a general one to its category's unit with the category's deadline, a
 * corruption one to the integrity officers with the default deadline. A category closed since it
 * was picked is refused.
 */
export async function routeOf(
  deps: AppDeps,
  complaint: { track: "general"; categoryId: string } | { track: "corruption" },
  at: number,
): Promise<Route | CodedError> {
  if (complaint.track === "corruption") {
    const dueDate = await dueDateFor(deps, at, DEFAULT_DEADLINE_DAYS);
    return { categoryId: null, category: CORRUPTION_CATEGORY, unitId: null, unitName: null, dueDate };
  }
  const category = await findCategory(deps.db, complaint.categoryId);
  if (!category?.active) return codedError("filing.category_closed");
  const [dueDate, unitName] = await Promise.all([
    dueDateFor(deps, at, category.deadlineDays),
    unitNameOf(deps, category.unitId),
  ]);
  return { categoryId: category.id, category: category.name, unitId: category.unitId, unitName, dueDate };
}

/** The abuse limit: complaints one user may file in a (local) day. */
export async function dailyLimitReached(deps: AppDeps, lineUserId: string, at: number): Promise<boolean> {
  const { timeZone } = deps.config;
  const since = startOfLocalDay(localDate(at, timeZone), timeZone);
  const filed = await countComplaintsOfUserSince(deps.db, lineUserId, since);
  return filed >= DAILY_COMPLAINT_LIMIT;
}

export const dailyLimitError = () => codedError("filing.daily_limit", { limit: DAILY_COMPLAINT_LIMIT });

/** What follows the filing once the complaint exists (and has its tracking code). */
export interface Filing {
  /** The handlers' pushes: unit staff (general) or integrity officers (corruption). */
  notices(complaint: Complaint): Promise<Plan>;
}

async function noticesOf(deps: AppDeps, complaint: Complaint): Promise<Plan> {
  const notice = textMessage(
    `มีเรื่องใหม่ ${complaint.trackingCode} (${complaint.category}) ตอบภายใน ${thaiShortDate(complaint.dueDate)}`,
    [{ label: "งานร้องเรียน" }],
  );
  const handlers = await handlersOf(deps, complaint);
  return plan({ pushes: handlers.map((to) => ({ to, messages: [notice] })) });
}

/**
 * File a complaint: refused past the day's limit or when its category closed meanwhile. The plan
 * holds the complaint's rows; the tracking code is computed inside its INSERT, so it is known only
 * once the plan is committed — then `notices(complaint)` plans the handlers' pushes. Filing an
 * event that already filed its complaint plans no rows (and is never refused by the day's limit it
 * counted itself in).
 */
export async function planComplaintFiling(
  deps: AppDeps,
  request: FilingRequest,
  _actor: Actor,
): Promise<Planned<Filing>> {
  const filing: Filing = { notices: (complaint) => noticesOf(deps, complaint) };
  const now = deps.clock.now();
  if (await findComplaintByEvent(deps.db, request.sourceEventId)) return planned(filing, {});
  if (await dailyLimitReached(deps, request.lineUserId, now)) {
    return refused("filing.daily_limit", { limit: DAILY_COMPLAINT_LIMIT });
  }
  const { complaint } = request;
  const route = await routeOf(deps, complaint, now);
  if (isCodedError(route)) return { ok: false, error: route };
  return planned(filing, {
    statements: fileComplaintStatements(deps.db, {
      sourceEventId: request.sourceEventId,
      track: complaint.track,
      fiscalYear: fiscalYearOf(now, deps.config.timeZone),
      categoryId: route.categoryId,
      category: route.category,
      description: complaint.description,
      location: complaint.location,
      routedUnitId: route.unitId,
      anonymous: complaint.track === "corruption" && complaint.anonymous,
      createdAt: now,
      dueDate: route.dueDate,
      lineUserId: request.lineUserId,
      photos: complaint.photos,
      receivedBy: "ระบบ",
      receivedNote: "รับเรื่องผ่าน LINE",
    }),
  });
}

/** The complaint an event filed, if it did. */
export function filedBy(deps: AppDeps, sourceEventId: string): Promise<Complaint | undefined> {
  return findComplaintByEvent(deps.db, sourceEventId);
}
