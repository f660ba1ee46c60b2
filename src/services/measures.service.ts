/**
 * Measures: create one, import many (CSV or JSON). The rules are measure-import.ts's, the same for
 * every row of either format; here a good input becomes a plan (the measures, their units, one audit
 * row) and a bad one a refusal that names every bad row and field in Thai (`error.problems`), with
 * nothing planned: all rows or none.
 */
import { insertMeasures } from "../db/repos/measures.repo";
import { listUnits } from "../db/repos/units.repo";
import type { Measure } from "../db/schema";
import type { AppDeps } from "../deps";
import { codedError, type ErrorCode, type Problem } from "../domain/errors";
import { utf8Text } from "../features/csv";
import {
  importFromCsv,
  importFromJson,
  type MeasureFields,
  measureFromJson,
  type UnitRef,
} from "../features/measures/measure-import";
import type { Actor, Planned } from "./plan";
import { planned } from "./plan";

/** A measure as stored, with the units responsible for it. */
export interface NewMeasureRow {
  measure: Measure;
  unitIds: string[];
}

/** An import: CSV text or bytes (UTF-8, as Excel's "CSV UTF-8" saves it), or `{"measures": [...]}`. */
export type MeasuresImport = { format: "csv"; csv: string | Uint8Array } | { format: "json"; body: unknown };

/** A refusal naming every problem; its field is the first problem's. */
export function refusedWith(code: ErrorCode, problems: Problem[]) {
  return {
    ok: false as const,
    error: codedError(code, { count: problems.length }, problems[0]?.field, problems),
  };
}

async function unitRefs(deps: AppDeps): Promise<UnitRef[]> {
  return (await listUnits(deps.db, deps.orgId)).map((unit) => ({ id: unit.id, name: unit.name }));
}

/** Checked measures as rows to store, new and not started, in the given order. */
export function newMeasureRows(deps: AppDeps, list: readonly MeasureFields[]): NewMeasureRow[] {
  const now = deps.clock.now();
  return list.map(({ unitIds, ...fields }) => ({
    measure: {
      id: deps.ids.uuid(),
      orgId: deps.orgId,
      status: "not_started",
      percent: 0,
      lastProgressAt: null,
      createdAt: now,
      spent: null,
      unitsLabel: null,
      analysis: null,
      archivedAt: null,
      updatedAt: null,
      ...fields,
    },
    unitIds,
  }));
}

export function insertMeasureRows(deps: AppDeps, rows: readonly NewMeasureRow[]) {
  return insertMeasures(
    deps.db,
    deps.orgId,
    rows.map((row) => ({ ...row.measure, unitIds: row.unitIds })),
  );
}

/**
 * One measure from a JSON object (`POST /measures`): `{fiscalYear, title, indicators, method,
 * unitIds | unitNames, startMonth, endMonth, kpi?, budget?}`; audited as `measures.create`.
 */
export async function planCreateMeasure(
  deps: AppDeps,
  input: unknown,
  _actor: Actor,
): Promise<Planned<NewMeasureRow>> {
  const checked = measureFromJson(input, await unitRefs(deps));
  if (!checked.ok) return refusedWith("measure.invalid", checked.errors);
  const [row] = newMeasureRows(deps, [checked.measure]);
  if (!row) throw new Error("a checked measure made no row");
  return planned(row, {
    statements: insertMeasureRows(deps, [row]),
    audit: [{ action: "measures.create", subject: row.measure.id, detail: { count: 1 } }],
  });
}

/** Many measures, all or none; audited once as `measures.import`. How many were planned. */
export async function planImportMeasures(
  deps: AppDeps,
  input: MeasuresImport,
  _actor: Actor,
): Promise<Planned<{ imported: number }>> {
  const units = await unitRefs(deps);
  let result: ReturnType<typeof importFromJson>;
  if (input.format === "json") result = importFromJson(input.body, units);
  else {
    const text = utf8Text(input.csv);
    result = text.ok ? importFromCsv(text.text, units) : text;
  }
  if (!result.ok) return refusedWith("measures.import_invalid", result.errors);
  const rows = newMeasureRows(deps, result.measures);
  return planned(
    { imported: rows.length },
    {
      statements: insertMeasureRows(deps, rows),
      audit: [{ action: "measures.import", subject: null, detail: { count: rows.length } }],
    },
  );
}
