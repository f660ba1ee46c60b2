/**
 * ITA results put to work: store a year's result (audited), its analysis with the measures the
 * organisation's templates suggest for the weak indicators, the executives' card, and adopting the
 * suggestions as next year's measures.
 */
import { type ItaAnalysisView, itaAnalysisCard } from "../../../flex-templates/ita.flex";
import { atomic } from "../../db/client";
import { auditStatement } from "../../db/repos/audit.repo";
import {
  findItaResult,
  findMeasureTemplates,
  latestItaResult,
  listMeasureTemplates,
  saveItaResult,
} from "../../db/repos/ita.repo";
import { insertMeasures, listMeasures } from "../../db/repos/measures.repo";
import { listUnits } from "../../db/repos/units.repo";
import type { ItaResult, MeasureTemplate, Unit } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { ITA_PASS_MARK } from "../../domain/ita-catalogue";
import { fiscalYearRange } from "../../domain/thai-time";
import { type Message, textMessage } from "../../line/messages";
import { analyseItaResult, type ItaAnalysis, type ItaResultInput } from "./ita-result";

/**
 * Store (or replace) a fiscal year's result with its audit row, in one `atomic`. Whether it
 * replaced an earlier one, and the stored row.
 */
export async function storeItaResult(
  deps: AppDeps,
  input: ItaResultInput,
  action: "ita-result.save" | "ita-result.import",
): Promise<{ replaced: boolean; result: ItaResult }> {
  const { db, orgId } = deps;
  const now = deps.clock.now();
  const replaced = (await findItaResult(db, orgId, input.fiscalYear)) !== undefined;
  const row = {
    fiscalYear: input.fiscalYear,
    total: input.total,
    level: input.level ?? null,
    indicators: input.indicators,
    items: input.items,
    updatedAt: now,
  };
  await atomic(db, [
    saveItaResult(db, orgId, row),
    auditStatement(db, {
      orgId,
      at: now,
      actor: "admin-api",
      action,
      subject: String(input.fiscalYear),
      detail: {
        replaced,
        total: input.total,
        indicators: input.indicators.length,
        items: input.items.length,
      },
    }),
  ]);
  return { replaced, result: { ...row, orgId } };
}

/** The analysis of a stored result, with the active templates of its weak indicators. */
export async function analyseStored(deps: AppDeps, result: ItaResult): Promise<ItaAnalysis> {
  const weak = result.indicators
    .filter((entry) => entry.score < ITA_PASS_MARK)
    .map((entry) => entry.indicator);
  const templates = await listMeasureTemplates(deps.db, deps.orgId, { indicators: weak, active: true });
  return analyseItaResult(result, templates);
}

/** The analysis of a fiscal year's result; undefined when none is recorded. */
export async function itaAnalysis(deps: AppDeps, fiscalYear: number): Promise<ItaAnalysis | undefined> {
  const result = await findItaResult(deps.db, deps.orgId, fiscalYear);
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
  const result = await latestItaResult(deps.db, deps.orgId, fiscalYear);
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

export type AdoptOutcome =
  | {
      ok: true;
      fiscalYear: number;
      created: Array<{ id: string; title: string }>;
      skipped: Array<{ templateId: string; title: string }>;
    }
  | { ok: false; status: 404 | 409; message: string }
  | { ok: false; status: 400; errors: Array<{ field: string; message: string }> };

const titleKey = (title: string) => title.replace(/\s+/g, " ").trim();

/**
 * Next year's measures (fiscal year + 1, October to September) from templates: the ones given, or
 * every template suggested by the year's analysis. A template whose title is already a measure of
 * that year is skipped, so adopting twice adds nothing. All measures and the audit row in one
 * `atomic`.
 */
export async function adoptSuggestions(
  deps: AppDeps,
  fiscalYear: number,
  templateIds?: readonly string[],
): Promise<AdoptOutcome> {
  const { db, orgId } = deps;
  const result = await findItaResult(db, orgId, fiscalYear);
  if (!result) return { ok: false, status: 404, message: `no ITA result recorded for ${fiscalYear}` };

  let templates: MeasureTemplate[];
  if (templateIds) {
    const found = new Map((await findMeasureTemplates(db, orgId, templateIds)).map((t) => [t.id, t]));
    const errors = templateIds.flatMap((id, index) =>
      found.has(id) ? [] : [{ field: `templateIds.${index}`, message: `unknown template "${id}"` }],
    );
    if (errors.length) return { ok: false, status: 400, errors };
    templates = [...new Set(templateIds)].map((id) => found.get(id) as MeasureTemplate);
  } else {
    const analysis = await analyseStored(deps, result);
    const weak = new Set(analysis.belowTarget.map((entry) => entry.indicator));
    const all = await listMeasureTemplates(db, orgId, { indicators: [...weak], active: true });
    // In the analysis' order: the weakest indicator's templates first.
    templates = analysis.belowTarget.flatMap(({ indicator }) => all.filter((t) => t.indicator === indicator));
  }

  const target = fiscalYear + 1;
  const [units, existing] = await Promise.all([
    listUnits(db, orgId),
    listMeasures(db, orgId, { fiscalYear: target }),
  ]);
  if (templates.length > 0 && units.length === 0) {
    return { ok: false, status: 409, message: "the organisation has no units yet: create one first" };
  }
  const taken = new Set(existing.map((measure) => titleKey(measure.title)));
  const range = fiscalYearRange(target);
  const now = deps.clock.now();
  const rows = [];
  const skipped: Array<{ templateId: string; title: string }> = [];
  for (const template of templates) {
    const key = titleKey(template.title);
    if (taken.has(key)) {
      skipped.push({ templateId: template.id, title: template.title });
      continue;
    }
    taken.add(key);
    rows.push({
      id: deps.ids.uuid(),
      fiscalYear: target,
      title: template.title,
      indicators: [template.indicator],
      method: template.method,
      unitIds: unitsForTemplate(template.unitName, units),
      startMonth: range.start.slice(0, 7),
      endMonth: range.end.slice(0, 7),
      kpi: null,
      budget: null,
      createdAt: now,
    });
  }
  if (rows.length > 0) {
    await atomic(db, [
      ...insertMeasures(db, orgId, rows),
      auditStatement(db, {
        orgId,
        at: now,
        actor: "admin-api",
        action: "ita-result.adopt",
        subject: String(fiscalYear),
        detail: {
          fiscalYear: target,
          count: rows.length,
          templateIds: templates.filter((t) => !skipped.some((s) => s.templateId === t.id)).map((t) => t.id),
        },
      }),
    ]);
  }
  return {
    ok: true,
    fiscalYear: target,
    created: rows.map((row) => ({ id: row.id, title: row.title })),
    skipped,
  };
}
