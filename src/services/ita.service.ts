/**
 * ITA results and what follows from them: store a year's result (JSON, or the score CSV), adopt the
 * suggested measures as next year's (once: a title already a measure of that year is skipped), and
 * the organisation's measure templates. Each is a plan with its audit row, or a Thai refusal.
 */
import { z } from "zod";
import {
  findItaResult,
  findMeasureTemplate,
  findMeasureTemplates,
  insertMeasureTemplate,
  listMeasureTemplates,
  saveItaResult,
  updateMeasureTemplate,
} from "../db/repos/ita.repo";
import { listMeasures } from "../db/repos/measures.repo";
import { listUnits } from "../db/repos/units.repo";
import type { ItaResult, MeasureTemplate } from "../db/schema";
import type { AppDeps } from "../deps";
import { fiscalYearRange } from "../domain/thai-time";
import { utf8Text } from "../features/csv";
import { analyseStored, unitsForTemplate } from "../features/ita/ita.feature";
import { itaResultFromCsv } from "../features/ita/ita-import";
import { type ItaResultInput, indicatorSchema, itaResultBody } from "../features/ita/ita-result";
import { METHOD_MAX, TITLE_MAX } from "../features/measures/measure-import";
import { insertMeasureRows, newMeasureRows, refusedWith } from "./measures.service";
import { type Actor, type Planned, planned, refused } from "./plan";

/** `POST /ita-results`: `{fiscalYear, total, level?, indicators: [{indicator, score}], items?: [{code, score}]}`. */
export const itaResultSchema = itaResultBody;
export type { ItaResultInput };

export interface StoredItaResult {
  /** Whether it replaced the year's earlier result. */
  replaced: boolean;
  result: ItaResult;
}

async function planStore(
  deps: AppDeps,
  input: ItaResultInput,
  action: "ita-result.save" | "ita-result.import",
): Promise<Planned<StoredItaResult>> {
  const replaced = (await findItaResult(deps.db, input.fiscalYear)) !== undefined;
  const row = {
    fiscalYear: input.fiscalYear,
    total: input.total,
    level: input.level ?? null,
    indicators: input.indicators,
    items: input.items,
    updatedAt: deps.clock.now(),
  };
  return planned(
    { replaced, result: row },
    {
      statements: [saveItaResult(deps.db, row)],
      audit: [
        {
          action,
          subject: String(input.fiscalYear),
          detail: {
            replaced,
            total: input.total,
            indicators: input.indicators.length,
            items: input.items.length,
          },
        },
      ],
    },
  );
}

/** A fiscal year's result, stored or replaced (one per year); audited as `ita-result.save`. */
export function planSaveItaResult(
  deps: AppDeps,
  input: ItaResultInput,
  _actor: Actor,
): Promise<Planned<StoredItaResult>> {
  return planStore(deps, input, "ita-result.save");
}

/**
 * A fiscal year's result from the score CSV (ita-import.ts); every bad row named in Thai, nothing
 * stored unless all are good. Audited as `ita-result.import`.
 */
export async function planImportItaResult(
  deps: AppDeps,
  input: { fiscalYear: number; csv: string | Uint8Array },
  _actor: Actor,
): Promise<Planned<StoredItaResult>> {
  const text = utf8Text(input.csv);
  const parsed = text.ok ? itaResultFromCsv(text.text, input.fiscalYear) : text;
  if (!parsed.ok) return refusedWith("ita.import_invalid", parsed.errors);
  return planStore(deps, parsed.result, "ita-result.import");
}

export const adoptSchema = z.object({
  templateIds: z
    .array(z.string().min(1).max(100), { error: "ต้องเป็นรายการรหัสแม่แบบมาตรการ" })
    .min(1, "ต้องมีรหัสแม่แบบอย่างน้อยหนึ่งรายการ (หรือไม่ต้องระบุ: ใช้ทุกแม่แบบที่แนะนำ)")
    .max(200)
    .optional(),
});

export interface Adopted {
  /** The fiscal year the measures are for: the result's year + 1. */
  fiscalYear: number;
  created: Array<{ id: string; title: string }>;
  skipped: Array<{ templateId: string; title: string }>;
}

const titleKey = (title: string) => title.replace(/\s+/g, " ").trim();

/**
 * Next year's measures (fiscal year + 1, October to September) from templates: the ones given, or
 * every template suggested by the year's analysis, the weakest indicator's first. A template whose
 * title is already a measure of that year is skipped, so adopting twice adds nothing. Audited as
 * `ita-result.adopt` when it creates any.
 */
export async function planAdoptSuggestions(
  deps: AppDeps,
  input: { fiscalYear: number; templateIds?: readonly string[] },
  _actor: Actor,
): Promise<Planned<Adopted>> {
  const { db } = deps;
  const { fiscalYear, templateIds } = input;
  const result = await findItaResult(db, fiscalYear);
  if (!result) return refused("ita.result_not_found", { fiscalYear });

  let templates: MeasureTemplate[];
  if (templateIds) {
    const found = new Map((await findMeasureTemplates(db, templateIds)).map((t) => [t.id, t]));
    const problems = templateIds.flatMap((id, index) =>
      found.has(id) ? [] : [{ field: `templateIds.${index}`, message: `ไม่พบแม่แบบมาตรการ "${id}"` }],
    );
    if (problems.length) return refusedWith("ita.unknown_templates", problems);
    templates = [...new Set(templateIds)].flatMap((id) => found.get(id) ?? []);
  } else {
    const analysis = await analyseStored(deps, result);
    const weak = analysis.belowTarget.map((entry) => entry.indicator);
    const all = await listMeasureTemplates(db, { indicators: weak, active: true });
    templates = weak.flatMap((indicator) => all.filter((t) => t.indicator === indicator));
  }

  const target = fiscalYear + 1;
  const [units, existing] = await Promise.all([listUnits(db), listMeasures(db, { fiscalYear: target })]);
  if (templates.length > 0 && units.length === 0) return refused("ita.no_units");
  const taken = new Set(existing.map((measure) => titleKey(measure.title)));
  const range = fiscalYearRange(target);
  const chosen: MeasureTemplate[] = [];
  const skipped: Adopted["skipped"] = [];
  for (const template of templates) {
    const key = titleKey(template.title);
    if (taken.has(key)) skipped.push({ templateId: template.id, title: template.title });
    else {
      taken.add(key);
      chosen.push(template);
    }
  }
  const rows = newMeasureRows(
    deps,
    chosen.map((template) => ({
      fiscalYear: target,
      title: template.title,
      indicators: [template.indicator],
      method: template.method,
      unitIds: unitsForTemplate(template.unitName, units),
      startMonth: range.start.slice(0, 7),
      endMonth: range.end.slice(0, 7),
      kpi: null,
      budget: null,
    })),
  );
  const value: Adopted = {
    fiscalYear: target,
    created: rows.map((row) => ({ id: row.measure.id, title: row.measure.title })),
    skipped,
  };
  if (rows.length === 0) return planned(value, {});
  return planned(value, {
    statements: insertMeasureRows(deps, rows),
    audit: [
      {
        action: "ita-result.adopt",
        subject: String(fiscalYear),
        detail: { fiscalYear: target, count: rows.length, templateIds: chosen.map((t) => t.id) },
      },
    ],
  });
}

const templateFields = {
  title: z.string().trim().min(1, "ต้องไม่ว่าง").max(TITLE_MAX, `ยาวเกิน ${TITLE_MAX} ตัวอักษร`),
  method: z.string().trim().min(1, "ต้องไม่ว่าง").max(METHOD_MAX, `ยาวเกิน ${METHOD_MAX} ตัวอักษร`),
  unitName: z
    .string()
    .trim()
    .max(200, "ยาวเกิน 200 ตัวอักษร")
    .nullable()
    .transform((value) => (value === "" ? null : value)),
  sortOrder: z.number().int().min(0).max(100000),
  active: z.boolean(),
};

/** A new template: `{indicator, title, method, unitName?, sortOrder?, active?}`. */
export const newTemplateSchema = z.object({
  indicator: indicatorSchema,
  title: templateFields.title,
  method: templateFields.method,
  unitName: templateFields.unitName.optional().transform((value) => value ?? null),
  sortOrder: templateFields.sortOrder.optional(),
  active: templateFields.active.default(true),
});
export type NewTemplateInput = z.output<typeof newTemplateSchema>;

/** A template's changes: any of title, method, unitName, sortOrder, active; at least one. */
export const templatePatchSchema = z
  .strictObject(templateFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "ต้องแก้ไขอย่างน้อยหนึ่งช่อง");
export type TemplatePatchInput = z.output<typeof templatePatchSchema>;

/** A new template, after its indicator's others unless a sort order is given; audited. */
export async function planCreateTemplate(
  deps: AppDeps,
  input: NewTemplateInput,
  _actor: Actor,
): Promise<Planned<MeasureTemplate>> {
  const sortOrder =
    input.sortOrder ??
    Math.max(
      0,
      ...(await listMeasureTemplates(deps.db, { indicators: [input.indicator] })).map((t) => t.sortOrder),
    ) + 10;
  const template: MeasureTemplate = {
    id: deps.ids.uuid(),
    ...input,
    sortOrder,
    createdAt: deps.clock.now(),
  };
  return planned(template, {
    statements: [insertMeasureTemplate(deps.db, template)],
    audit: [
      {
        action: "measure-template.create",
        subject: template.id,
        detail: { indicator: template.indicator, title: template.title },
      },
    ],
  });
}

/** A template changed (retired with `active: false`); audited. The template as it will be. */
export async function planUpdateTemplate(
  deps: AppDeps,
  input: { id: string; patch: TemplatePatchInput },
  _actor: Actor,
): Promise<Planned<MeasureTemplate>> {
  const template = await findMeasureTemplate(deps.db, input.id);
  if (!template) return refused("ita.template_not_found");
  return planned(
    { ...template, ...input.patch },
    {
      statements: [updateMeasureTemplate(deps.db, input.id, input.patch)],
      audit: [{ action: "measure-template.update", subject: input.id, detail: input.patch }],
    },
  );
}
