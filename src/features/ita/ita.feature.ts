/**
 * ITA results put to work: a year's analysis with the measures the organisation's templates suggest
 * for the weak indicators, the executives' card, and which units an adopted template goes to. Storing
 * results and adopting the suggestions are plans in `services/ita.service.ts`.
 */
import { type ItaAnalysisView, itaAnalysisCard } from "../../../flex-templates/ita.flex";
import { findItaResult, latestItaResult, listMeasureTemplates } from "../../db/repos/ita.repo";
import type { ItaResult, Unit } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { ITA_PASS_MARK } from "../../domain/ita-catalogue";
import { type Message, textMessage } from "../../line/messages";
import { analyseItaResult, type ItaAnalysis } from "./ita-result";

/** The analysis of a stored result, with the active templates of its weak indicators. */
export async function analyseStored(deps: AppDeps, result: ItaResult): Promise<ItaAnalysis> {
  const weak = result.indicators
    .filter((entry) => entry.score < ITA_PASS_MARK)
    .map((entry) => entry.indicator);
  const templates = await listMeasureTemplates(deps.db, { indicators: weak, active: true });
  return analyseItaResult(result, templates);
}

/** The analysis of a fiscal year's result; undefined when none is recorded. */
export async function itaAnalysis(deps: AppDeps, fiscalYear: number): Promise<ItaAnalysis | undefined> {
  const result = await findItaResult(deps.db, fiscalYear);
  return result ? analyseStored(deps, result) : undefined;
}

export function itaAnalysisView(deps: AppDeps, result: ItaResult, analysis: ItaAnalysis): ItaAnalysisView {
  return { ...analysis, orgName: deps.config.orgName, level: result.level, passMark: ITA_PASS_MARK };
}

/**
 * The executives' ITA card: the analysis of the latest result of a fiscal year up to `fiscalYear`
 * (this year's, or else last year's — the one this year's measures answer); a Thai text when none
 * is recorded.
 */
export async function itaAnalysisMessage(deps: AppDeps, fiscalYear: number): Promise<Message> {
  const result = await latestItaResult(deps.db, fiscalYear);
  if (!result) {
    return textMessage(
      `ยังไม่มีผลการประเมิน ITA ที่บันทึกไว้ (ถึงปีงบประมาณ ${fiscalYear}) ผู้ดูแลระบบบันทึกหรือนำเข้าผลคะแนนได้ที่หน้าผู้ดูแลระบบ`,
    );
  }
  return itaAnalysisCard(itaAnalysisView(deps, result, await analyseStored(deps, result)));
}

/** Names meaning "every unit" in a template's unit cell (as in the measures import). */
const ALL_UNITS = new Set(["ทุกส่วนราชการ", "ทุกกอง", "ทุกหน่วยงาน"]);
const unitKey = (name: string) => name.replace(/\s+/g, "").replace(/ฯ$/, "");

/**
 * The units a template's `unitName` names (several separated by `/` or commas; ทุกส่วนราชการ and
 * ทุกกอง mean every unit): each by its exact name, or the unit whose name starts with it
 * (`กองการศึกษา` → `กองการศึกษา ศาสนาและวัฒนธรรม`). Names the organisation has no unit for are
 * dropped; when none is left, สำนักปลัด, or else the first unit.
 */
export function unitsForTemplate(unitName: string | null, units: readonly Unit[]): string[] {
  const ids = new Set<string>();
  for (const name of (unitName ?? "").split(/[,，/]/).map((part) => part.trim())) {
    if (!name) continue;
    if (ALL_UNITS.has(name.replace(/\s+/g, ""))) {
      for (const unit of units) ids.add(unit.id);
      continue;
    }
    const key = unitKey(name);
    const match =
      units.find((unit) => unitKey(unit.name) === key) ??
      units.find((unit) => unitKey(unit.name).startsWith(key));
    if (match) ids.add(match.id);
  }
  if (ids.size === 0) {
    const fallback = units.find((unit) => unitKey(unit.name).startsWith("สำนักปลัด")) ?? units[0];
    if (fallback) ids.add(fallback.id);
  }
  return [...ids];
}
