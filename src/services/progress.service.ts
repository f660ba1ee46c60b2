/**
 * Measure progress: a staff member logs what was done on one of their unit's measures (from chat; the
 * admin side only reads progress). The entry is append-only and moves the measure's status, percent
 * and last progress with it; a retried event adds nothing twice.
 */
import { findMeasureOfUnit, logProgressStatements } from "../db/repos/measures.repo";
import type { CannotDoReason, Measure, User } from "../db/schema";
import type { AppDeps } from "../deps";
import type { ProgressStatus } from "../domain/measures";
import { workScopeOf } from "../domain/roles";
import { localDate } from "../domain/thai-time";
import type { StoredPhoto } from "../features/photos";
import { type Actor, type Planned, planned, refused } from "./plan";

export interface ProgressInput {
  measureId: string;
  /** Who logs it: their role and unit decide whether the measure is theirs. */
  worker: Pick<User, "lineUserId" | "role" | "unitId">;
  text: string;
  percent: number;
  status: ProgressStatus;
  /** `YYYY-MM-DD`, the day the work was done (default: today in the organisation's time zone). */
  performedOn?: string;
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
  return scope.kind === "unit" && measureId
    ? findMeasureOfUnit(deps.db, deps.orgId, measureId, scope.unitId)
    : undefined;
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
  if (input.status === "cannot_do" && !input.reason?.trim()) return refused("progress.reason_required");
  const entry: LoggedProgress["entry"] = {
    id: deps.ids.uuid(),
    at: deps.clock.now(),
    by: actor.display,
    text: input.text,
    percent: input.status === "done" ? 100 : input.percent,
    status: input.status,
    performedOn: input.performedOn ?? localDate(deps.clock.now(), deps.config.timeZone),
    reasonCode: input.status === "cannot_do" ? (input.reasonCode ?? null) : null,
    reason: input.status === "cannot_do" ? input.reason : null,
    suggestion: input.suggestion,
    photoCount: input.photos.length,
  };
  return planned(
    { measure, entry },
    {
      statements: logProgressStatements(deps.db, {
        ...entry,
        orgId: deps.orgId,
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
