/**
 * Measure progress: a staff member logs what was done on one of their unit's measures (from chat), and
 * the entry can later be corrected or withdrawn by its author (chat) or an admin (API, console). Each
 * change keeps the entry as it was (`measure_progress_revisions`), is audited, and brings the measure's
 * status, percent and last progress back in line with its latest standing entry. A retried event logs
 * nothing twice.
 */
import { z } from "zod";
import { findMeasure, findMeasureOfUnit, logProgressStatements } from "../db/repos/measures.repo";
import {
  correctProgressStatements,
  findProgressEntry,
  type ProgressFields,
  progressFieldsOf,
  withdrawProgressStatements,
} from "../db/repos/progress.repo";
import {
  CANNOT_DO_REASONS,
  type CannotDoReason,
  type Measure,
  type MeasureProgress,
  type User,
} from "../db/schema";
import type { AppDeps } from "../deps";
import { codedError } from "../domain/errors";
import { graphemeCount } from "../domain/graphemes";
import {
  CANNOT_DO_REASON_LABELS,
  PROGRESS_STATUSES,
  PROGRESS_TEXT_MAX,
  PROGRESS_TEXT_MIN,
  type ProgressStatus,
} from "../domain/measures";
import { earliestPerformedOn, performedOnProblem } from "../domain/performed-on";
import { workScopeOf } from "../domain/roles";
import { type IsoDate, isIsoDate, localDate, thaiShortDate } from "../domain/thai-time";
import { check } from "../domain/validation";
import type { StoredPhoto } from "../features/photos";
import { type Actor, type Planned, planned, refused } from "./plan";

export interface ProgressInput {
  measureId: string;
  /** Who logs it: their role and unit decide whether the measure is theirs. */
  worker: Pick<User, "lineUserId" | "role" | "unitId">;
  text: string;
  percent: number;
  status: ProgressStatus;
  /** `YYYY-MM-DD`, the day the work was done: not in the future, not before the measure's fiscal year. */
  performedOn: string;
  /** e-PlanNACC's reason for `cannot_do`. */
  reasonCode?: CannotDoReason | null;
  /** Why it cannot be done: required for `cannot_do`, dropped otherwise. */
  reason: string | null;
  suggestion: string | null;
  photos: readonly StoredPhoto[];
  /** The LINE event it came from: a retried event logs nothing twice. */
  sourceEventId: string | null;
}

export interface LoggedProgress {
  measure: Measure;
  entry: {
    id: string;
    at: number;
    by: string;
    text: string;
    percent: number;
    status: ProgressStatus;
    performedOn: string;
    reasonCode: CannotDoReason | null;
    reason: string | null;
    suggestion: string | null;
    photoCount: number;
  };
}

/**
 * The measure if it is one the worker logs progress on: staff of a unit responsible for it (by
 * `workScopeOf`). Undefined for anyone else, and for a measure that does not exist: the two read alike.
 */
export async function findWorkedMeasure(
  deps: AppDeps,
  worker: ProgressInput["worker"],
  measureId: string,
): Promise<Measure | undefined> {
  const scope = workScopeOf(worker);
  return scope.kind === "unit" && measureId ? findMeasureOfUnit(deps.db, measureId, scope.unitId) : undefined;
}

/**
 * A progress entry on a measure of the worker's unit (staff of a responsible unit only, by
 * `workScopeOf`; anyone else is told the measure is not theirs, whatever it is). Done means 100%.
 * Written as `actor.display` (the author as people see them), audited as `measures.progress`.
 */
export async function planLogProgress(
  deps: AppDeps,
  input: ProgressInput,
  actor: Actor,
): Promise<Planned<LoggedProgress>> {
  const measure = await findWorkedMeasure(deps, input.worker, input.measureId);
  if (!measure) return refused("progress.not_your_measure");
  const bad = performedOnRefusal(deps, measure, input.performedOn);
  if (bad) return { ok: false, error: bad };
  const why = reasonOf(input.status, input.reasonCode ?? null, input.reason);
  if ("refusal" in why) return refused(why.refusal);
  const entry: LoggedProgress["entry"] = {
    id: deps.ids.uuid(),
    at: deps.clock.now(),
    by: actor.display,
    text: input.text,
    percent: input.status === "done" ? 100 : input.percent,
    status: input.status,
    performedOn: input.performedOn,
    reasonCode: why.reasonCode,
    reason: why.reason,
    suggestion: input.suggestion,
    photoCount: input.photos.length,
  };
  return planned(
    { measure, entry },
    {
      statements: logProgressStatements(deps.db, {
        ...entry,
        measureId: measure.id,
        authorId: input.worker.lineUserId,
        sourceEventId: input.sourceEventId,
        photos: [...input.photos],
      }),
      audit: [
        {
          action: "measures.progress",
          subject: measure.id,
          detail: { progressId: entry.id, percent: entry.percent, status: entry.status },
        },
      ],
    },
  );
}

/** Today in the organisation's time zone. */
export function todayOf(deps: AppDeps): IsoDate {
  return localDate(deps.clock.now(), deps.config.timeZone);
}

/** Why `performedOn` cannot date an entry of `measure`, as a coded error (none when it can). */
function performedOnRefusal(deps: AppDeps, measure: Measure, performedOn: string) {
  if (!isIsoDate(performedOn)) return codedError("progress.performed_on_invalid");
  const today = todayOf(deps);
  const problem = performedOnProblem(performedOn, { today, fiscalYear: measure.fiscalYear });
  if (problem === "future")
    return codedError("progress.performed_on_future", { today: thaiShortDate(today) });
  if (problem === "before_fiscal_year") {
    return codedError("progress.performed_on_before_year", {
      fiscalYear: measure.fiscalYear,
      start: thaiShortDate(earliestPerformedOn(measure.fiscalYear)),
    });
  }
  return undefined;
}

/**
 * The reason an entry keeps: none unless it cannot be done; then e-PlanNACC's reason with its label
 * (or the typed text for `อื่น ๆ`, which must be given). Entries from before the reasons had codes
 * keep a typed reason alone.
 */
function reasonOf(
  status: ProgressStatus,
  reasonCode: CannotDoReason | null,
  reason: string | null,
): { reasonCode: CannotDoReason | null; reason: string | null } | { refusal: "progress.reason_required" } {
  if (status !== "cannot_do") return { reasonCode: null, reason: null };
  const typed = reason?.trim() || null;
  if (reasonCode && reasonCode !== "other")
    return { reasonCode, reason: typed ?? CANNOT_DO_REASON_LABELS[reasonCode] };
  return typed ? { reasonCode, reason: typed } : { refusal: "progress.reason_required" };
}

const freeText = (what: string) =>
  z
    .string(`${what}ต้องเป็นข้อความ`)
    .trim()
    .refine(
      (text) => graphemeCount(text) >= PROGRESS_TEXT_MIN,
      `${what}ต้องมีอย่างน้อย ${PROGRESS_TEXT_MIN} ตัวอักษร`,
    )
    .refine((text) => graphemeCount(text) <= PROGRESS_TEXT_MAX, `${what}ยาวเกิน ${PROGRESS_TEXT_MAX} ตัวอักษร`);

const optionalText = (what: string) =>
  z
    .string(`${what}ต้องเป็นข้อความ`)
    .trim()
    .max(PROGRESS_TEXT_MAX, `${what}ยาวเกิน ${PROGRESS_TEXT_MAX} ตัวอักษร`)
    .nullable()
    .transform((text) => text || null);

/** What a correction may change (API `PATCH`, console, chat), every field optional, in Thai. */
export const progressChangesSchema = z.strictObject({
  text: freeText("ผลการดำเนินการ").optional(),
  performedOn: z.string("วันที่ดำเนินการต้องเป็นข้อความ ปปปป-ดด-วว").optional(),
  percent: z
    .number("ร้อยละต้องเป็นตัวเลข 0–100")
    .int("ร้อยละต้องเป็นจำนวนเต็ม")
    .min(0, "ร้อยละต้องไม่น้อยกว่า 0")
    .max(100, "ร้อยละต้องไม่เกิน 100")
    .optional(),
  status: z
    .enum(PROGRESS_STATUSES, "สถานะต้องเลือกจาก กำลังดำเนินการ ดำเนินการแล้วเสร็จ หรือไม่สามารถดำเนินการได้")
    .optional(),
  reasonCode: z
    .enum(CANNOT_DO_REASONS, "เหตุผลต้องเลือกจาก ไม่มีงบประมาณ นโยบายผู้บริหารเปลี่ยน บุคลากรไม่เพียงพอ หรืออื่น ๆ")
    .nullable()
    .optional(),
  reason: optionalText("เหตุผล").optional(),
  suggestion: optionalText("ข้อเสนอแนะ").optional(),
});

export type ProgressChanges = z.input<typeof progressChangesSchema>;

/**
 * Who changes an entry: an admin (API, console), or a staff member — who may only change their own
 * entries, and only while they are still staff of a unit responsible for the measure.
 */
export type ProgressEditor = "admin" | ProgressInput["worker"];

export interface CorrectProgressInput {
  measureId: string;
  entryId: string;
  changes: unknown;
  editor: ProgressEditor;
}

export interface ChangedProgress {
  measure: Measure;
  before: MeasureProgress;
  entry: ProgressFields & { id: string };
}

/** The entry to change, if the editor may change it: 404 unknown, 404 not theirs, 409 withdrawn. */
export async function findEditableEntry(
  deps: AppDeps,
  input: { measureId: string; entryId: string; editor: ProgressEditor },
): Promise<Planned<{ measure: Measure; entry: MeasureProgress }>> {
  const measure = await findMeasure(deps.db, input.measureId);
  if (!measure) return refused("measure.not_found");
  const entry = await findProgressEntry(deps.db, measure.id, input.entryId);
  if (!entry) return refused("progress.entry_not_found");
  if (input.editor !== "admin") {
    const mine =
      entry.authorId === input.editor.lineUserId && (await findWorkedMeasure(deps, input.editor, measure.id));
    if (!mine) return refused("progress.not_your_entry");
  }
  if (entry.withdrawnAt !== null) return refused("progress.entry_withdrawn");
  return planned({ measure, entry }, {});
}

/**
 * Correct an entry: the same rules as logging it (done means 100%, `ไม่สามารถดำเนินการได้` needs a
 * reason, the day within the measure's fiscal year and not in the future). Keeps the entry as it was,
 * audited as `measures.progress.correct`; the measure follows its latest standing entry.
 */
export async function planCorrectProgress(
  deps: AppDeps,
  input: CorrectProgressInput,
  actor: Actor,
): Promise<Planned<ChangedProgress>> {
  const found = await findEditableEntry(deps, input);
  if (!found.ok) return found;
  const { measure, entry } = found.value;
  const checked = check(progressChangesSchema, input.changes ?? {});
  if (!checked.ok) {
    const [first] = checked.problems;
    const problems = checked.problems.map((p) => ({ ...p, field: p.field || "body" }));
    return {
      ok: false,
      error: codedError("progress.invalid", { count: problems.length }, first?.field || "body", problems),
    };
  }
  const changes = checked.data;
  const current = progressFieldsOf(entry);
  const status = changes.status ?? (current.status as ProgressStatus);
  const performedOn = changes.performedOn ?? current.performedOn;
  if (changes.performedOn !== undefined) {
    const bad = performedOnRefusal(deps, measure, performedOn);
    if (bad) return { ok: false, error: bad };
  }
  // A new reason code without text takes the code's own words, not the old text.
  const reasonCode = changes.reasonCode !== undefined ? changes.reasonCode : current.reasonCode;
  const reasonText =
    changes.reason !== undefined ? changes.reason : changes.reasonCode !== undefined ? null : current.reason;
  const why = reasonOf(status, reasonCode, reasonText);
  if ("refusal" in why) return refused(why.refusal);
  const fields: ProgressFields = {
    text: changes.text ?? current.text,
    performedOn,
    percent: status === "done" ? 100 : (changes.percent ?? current.percent),
    status,
    reasonCode: why.reasonCode,
    reason: why.reason,
    suggestion: changes.suggestion !== undefined ? changes.suggestion : current.suggestion,
  };
  const changed = (Object.keys(fields) as Array<keyof ProgressFields>).filter(
    (key) => fields[key] !== current[key],
  );
  if (changed.length === 0) return refused("progress.no_changes");
  const change = {
    revisionId: deps.ids.uuid(),
    entry,
    at: deps.clock.now(),
    by: actor.display,
  };
  return planned(
    { measure, before: entry, entry: { id: entry.id, ...fields } },
    {
      statements: correctProgressStatements(deps.db, change, fields),
      onUniqueViolation: "progress.changed_meanwhile",
      audit: [
        {
          action: "measures.progress.correct",
          subject: measure.id,
          detail: { progressId: entry.id, changed },
        },
      ],
    },
  );
}

/**
 * Withdraw an entry: it leaves the reports and the measure's state (kept, with its history, for
 * audit), audited as `measures.progress.withdraw`. A withdrawn entry cannot be changed again.
 */
export async function planWithdrawProgress(
  deps: AppDeps,
  input: { measureId: string; entryId: string; editor: ProgressEditor },
  actor: Actor,
): Promise<Planned<ChangedProgress>> {
  const found = await findEditableEntry(deps, input);
  if (!found.ok) return found;
  const { measure, entry } = found.value;
  const change = {
    revisionId: deps.ids.uuid(),
    entry,
    at: deps.clock.now(),
    by: actor.display,
  };
  return planned(
    { measure, before: entry, entry: { id: entry.id, ...progressFieldsOf(entry) } },
    {
      statements: withdrawProgressStatements(deps.db, change),
      onUniqueViolation: "progress.changed_meanwhile",
      audit: [
        { action: "measures.progress.withdraw", subject: measure.id, detail: { progressId: entry.id } },
      ],
    },
  );
}
