import { countComplainants } from "../../db/repos/complaints.repo";
import { countEitInvitations, eitScores } from "../../db/repos/eit.repo";
import type { AppDeps } from "../../deps";
import { EIT_INDICATORS, EIT_ITEMS, eitSampleTarget } from "../../domain/eit";

/** Scores per item and per indicator (6–8), 0–100, over the fiscal year's answer sets. */
export async function eitSummary(deps: AppDeps, fiscalYear: number) {
  const responses = await eitScores(deps.db, fiscalYear);
  const round = (value: number) => Math.round(value * 100) / 100;
  const items = EIT_ITEMS.map((item) => {
    const values = responses
      .map((scores) => scores[item.code])
      .filter((v): v is number => typeof v === "number");
    const score = values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : null;
    return { code: item.code, indicator: item.indicator, text: item.text, score, responses: values.length };
  });
  const indicators = ([6, 7, 8] as const).map((indicator) => {
    const scored = items.filter((item) => item.indicator === indicator && item.score !== null);
    const score = scored.length
      ? round(scored.reduce((sum, item) => sum + (item.score ?? 0), 0) / scored.length)
      : null;
    return { indicator, name: EIT_INDICATORS[indicator], score };
  });
  const [invited, serviceUsers] = await Promise.all([
    countEitInvitations(deps.db, fiscalYear),
    countComplainants(deps.db, fiscalYear),
  ]);
  return {
    fiscalYear,
    respondents: responses.length,
    indicators,
    items,
    // EIT drive: invitations to the official assessment against the NACC's sample target.
    drive: { invited, serviceUsers, sampleTarget: eitSampleTarget(serviceUsers) },
  };
}
