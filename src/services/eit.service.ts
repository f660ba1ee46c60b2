/**
 * The EIT pulse survey's answers: one set per person and fiscal year, every item answered; a new set
 * replaces the earlier one of the same fiscal year. Anonymous in every summary, and not audited (an
 * audit row would tie the answers to the person).
 */
import { saveEitResponse } from "../db/repos/eit.repo";
import type { AppDeps } from "../deps";
import { EIT_ITEMS } from "../domain/eit";
import { fiscalYearOf } from "../domain/thai-time";
import { type Actor, type Planned, planned, refused } from "./plan";

export interface EitAnswers {
  lineUserId: string;
  /** Item code (e1…e9) → score 0–100. */
  scores: Record<string, number>;
}

/** Save a complete answer set for the current fiscal year (which is the value). */
export async function planSaveEitAnswers(
  deps: AppDeps,
  input: EitAnswers,
  _actor: Actor,
): Promise<Planned<{ fiscalYear: number }>> {
  const codes = new Set<string>(EIT_ITEMS.map((item) => item.code));
  const unknown = Object.keys(input.scores).find((code) => !codes.has(code));
  if (unknown !== undefined) return refused("eit.unknown_item", { code: unknown });
  const answered = (score: number | undefined) => score !== undefined && score >= 0 && score <= 100;
  const missing = EIT_ITEMS.filter((item) => !answered(input.scores[item.code])).map((item) => item.code);
  if (missing.length) return refused("eit.incomplete", { missing: missing.join(", ") });
  const at = deps.clock.now();
  const fiscalYear = fiscalYearOf(at, deps.config.timeZone);
  return planned(
    { fiscalYear },
    {
      statements: [
        saveEitResponse(deps.db, {
          fiscalYear,
          lineUserId: input.lineUserId,
          scores: input.scores,
          at,
        }),
      ],
    },
  );
}
