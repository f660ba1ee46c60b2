/**
 * Measures: create one, import many (CSV or JSON). The rules are measure-import.ts's, the same for
 * every row of either format; here a good input becomes a plan (the measures, their units, one audit
 * row) and a bad one a refusal that names every bad row and field in Thai (`error.problems`), with
 * nothing planned: all rows or none.
 */
import {
  archiveMeasureStatement,
  findMeasure,
  insertMeasures,
  type MeasureChanges,
  unitsOfMeasures,
  updateMeasureStatements,
} from "../db/repos/measures.repo";
import { listUnits } from "../db/repos/units.repo";
import type { Measure } from "../db/schema";
import type { AppDeps } from "../deps";
import { codedError, type ErrorCode, type Problem } from "../domain/errors";
import { utf8Text } from "../features/csv";
import {
  importFromCsv,
  importFromJson,
  importFromXlsx,
  MEASURE_JSON_KEYS,
  type MeasureFields,
  measureFromJson,
  type UnitRef,
} from "../features/measures/measure-import";
import { isZip } from "../features/xlsx-read";
import type { Actor, Planned } from "./plan";
import { planned, refused } from "./plan";

/** A measure as stored, with the units responsible for it. */
export interface NewMeasureRow {
  measure: Measure;
  unitIds: string[];
}

/** An import: CSV text or bytes (UTF-8, as Excel's "CSV UTF-8" saves it), or `{"measures": [...]}`. */
export type MeasuresImport =
  | {
      format: "csv";
      csv: string | Uint8Array;
      /** The fiscal year of rows that do not say theirs (the seeds' tables have no such column). */
      fiscalYear?: number;
    }
  | {
      /** The first sheet of an .xlsx, read as the CSV is. */
      format: "xlsx";
      bytes: Uint8Array;
      fiscalYear?: number;
    }
  | { format: "json"; body: unknown };

/** A refusal naming every problem; its field is the first problem's. */
export function refusedWith(code: ErrorCode, problems: Problem[]) {
  return {
    ok: false as const,
    error: codedError(code, { count: problems.length }, problems[0]?.field, problems),
  };
}

async function unitRefs(deps: AppDeps): Promise<UnitRef[]> {
  return (await listUnits(deps.db)).map((unit) => ({ id: unit.id, name: unit.name }));
}

/** Checked measures as rows to store, new and not started, in the given order. */
export function newMeasureRows(deps: AppDeps, list: readonly MeasureFields[]): NewMeasureRow[] {
  const now = deps.clock.now();
  return list.map(({ unitIds, ...fields }) => ({
    measure: {
      id: deps.ids.uuid(),
      status: "not_started",
      percent: 0,
      lastProgressAt: null,
      createdAt: now,
      archivedAt: null,
      updatedAt: null,
      ...fields,
      spent: fields.spent ?? null,
      unitsLabel: fields.unitsLabel ?? null,
      analysis: fields.analysis ?? null,
    },
    unitIds,
  }));
}

export function insertMeasureRows(deps: AppDeps, rows: readonly NewMeasureRow[]) {
  return insertMeasures(
    deps.db,
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
  else if (input.format === "xlsx" || (typeof input.csv !== "string" && isZip(input.csv))) {
    // A spreadsheet sent as it is (the console's file field takes either).
    const bytes = input.format === "xlsx" ? input.bytes : (input.csv as Uint8Array);
    result = importFromXlsx(bytes, units, { fiscalYear: input.fiscalYear });
  } else {
    const text = utf8Text(input.csv);
    result = text.ok ? importFromCsv(text.text, units, { fiscalYear: input.fiscalYear }) : text;
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

/** The JSON a PATCH may carry: any field of the import. */
const PATCH_KEYS = new Set<string>(MEASURE_JSON_KEYS);

/** A measure and the units it has, as a full JSON measure (the base a PATCH is applied to). */
function measureAsJson(measure: Measure, unitIds: string[]): Record<string, unknown> {
  return {
    fiscalYear: measure.fiscalYear,
    title: measure.title,
    indicators: measure.indicators,
    method: measure.method,
    unitIds,
    unitsLabel: measure.unitsLabel,
    startMonth: measure.startMonth,
    endMonth: measure.endMonth,
    kpi: measure.kpi,
    budget: measure.budget,
    spent: measure.spent,
    analysis: measure.analysis,
  };
}

const sameUnits = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");

/**
 * Change a measure (`PATCH /measures/:id`, the console's edit form): any field of the import, checked
 * by the same rules as the whole measure after the change (a new start month must still fall in the
 * fiscal year). Units by `unitIds` or `unitNames` (a cell as in the CSV, `ทุกส่วนราชการ` and all);
 * without either, the units and their label stay. Audited as `measures.update` with the fields changed.
 */
export async function planUpdateMeasure(
  deps: AppDeps,
  input: { id: string; changes: unknown },
  _actor: Actor,
): Promise<Planned<{ measure: Measure; unitIds: string[] }>> {
  const measure = await findMeasure(deps.db, input.id);
  if (!measure) return refused("measure.not_found");
  if (measure.archivedAt !== null) return refused("measure.archived");
  const changes = input.changes;
  if (typeof changes !== "object" || changes === null || Array.isArray(changes)) {
    return refusedWith("measure.invalid", [{ field: "body", message: "ต้องเป็นชุดข้อมูลของมาตรการ" }]);
  }
  const given = changes as Record<string, unknown>;
  const unknown = Object.keys(given).filter((key) => !PATCH_KEYS.has(key));
  if (unknown.length) {
    return refusedWith(
      "measure.invalid",
      unknown.map((field) => ({ field, message: `ไม่รู้จักช่อง "${field}" ของมาตรการ` })),
    );
  }
  const current = (await unitsOfMeasures(deps.db, [measure.id])).get(measure.id) ?? [];
  const base = measureAsJson(measure, current);
  if (given.unitNames !== undefined || given.unitIds !== undefined) {
    delete base.unitIds;
    if (given.unitsLabel === undefined) delete base.unitsLabel;
  }
  const checked = measureFromJson({ ...base, ...given }, await unitRefs(deps));
  if (!checked.ok) return refusedWith("measure.invalid", checked.errors);
  const next = checked.measure;
  const after: MeasureChanges = {
    fiscalYear: next.fiscalYear,
    title: next.title,
    indicators: next.indicators,
    method: next.method,
    startMonth: next.startMonth,
    endMonth: next.endMonth,
    kpi: next.kpi,
    budget: next.budget,
    spent: next.spent ?? null,
    unitsLabel: next.unitsLabel ?? null,
    analysis: next.analysis ?? null,
  };
  const changed = (Object.keys(after) as Array<keyof MeasureChanges>).filter(
    (key) => JSON.stringify(after[key]) !== JSON.stringify(measure[key]),
  );
  const unitsChanged = !sameUnits(next.unitIds, current);
  const fields = unitsChanged ? [...changed, "unitIds"] : changed;
  const now = deps.clock.now();
  return planned(
    {
      measure: { ...measure, ...after, updatedAt: fields.length ? now : measure.updatedAt },
      unitIds: next.unitIds,
    },
    {
      statements: fields.length
        ? updateMeasureStatements(deps.db, measure.id, after, unitsChanged ? next.unitIds : undefined, now)
        : [],
      audit: fields.length ? [{ action: "measures.update", subject: measure.id, detail: { fields } }] : [],
    },
  );
}

/**
 * Archive a measure (`DELETE /measures/:id`): gone from the lists, the chat, reminders, the overview,
 * the transparency page and the reports; kept with its progress for audit. Audited as `measures.archive`.
 */
export async function planArchiveMeasure(
  deps: AppDeps,
  input: { id: string },
  _actor: Actor,
): Promise<Planned<{ id: string; archivedAt: number }>> {
  const measure = await findMeasure(deps.db, input.id);
  if (!measure) return refused("measure.not_found");
  if (measure.archivedAt !== null) return refused("measure.archived");
  const now = deps.clock.now();
  return planned(
    { id: measure.id, archivedAt: now },
    {
      statements: [archiveMeasureStatement(deps.db, measure.id, now)],
      audit: [{ action: "measures.archive", subject: measure.id, detail: { title: measure.title } }],
    },
  );
}
