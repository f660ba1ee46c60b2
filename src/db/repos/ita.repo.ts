import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { STANDARD_MEASURES } from "../../domain/measure-catalogue";
import { type AppDb, atomic, rawStatement, type Statement, statement } from "../client";
import { type ItaResult, itaResults, type MeasureTemplate, measureTemplates } from "../schema";
import { getSetting, setSetting } from "./settings.repo";

export type NewItaResult = ItaResult;

/** An organisation's result of one fiscal year, stored or replaced (one per year), for `atomic`. */
export function saveItaResult(db: AppDb, result: NewItaResult) {
  const { fiscalYear: _year, ...changes } = result;
  return statement(
    db.insert(itaResults).values(result).onConflictDoUpdate({ target: itaResults.fiscalYear, set: changes }),
  );
}

export async function findItaResult(db: AppDb, fiscalYear: number): Promise<ItaResult | undefined> {
  return db.select().from(itaResults).where(eq(itaResults.fiscalYear, fiscalYear)).get();
}

/** The newest result of a fiscal year not after `upTo`. */
export async function latestItaResult(db: AppDb, upTo: number): Promise<ItaResult | undefined> {
  return db
    .select()
    .from(itaResults)
    .where(and(lte(itaResults.fiscalYear, upTo)))
    .orderBy(desc(itaResults.fiscalYear))
    .limit(1)
    .get();
}

export interface TemplateFilter {
  indicators?: readonly number[];
  active?: boolean;
}

/** Measure templates by indicator, then the admin's order, then the order they were added. */
export async function listMeasureTemplates(
  db: AppDb,
  filter: TemplateFilter = {},
): Promise<MeasureTemplate[]> {
  if (filter.indicators?.length === 0) return [];
  return db
    .select()
    .from(measureTemplates)
    .where(
      and(
        filter.indicators ? inArray(measureTemplates.indicator, [...filter.indicators]) : undefined,
        filter.active !== undefined ? eq(measureTemplates.active, filter.active) : undefined,
      ),
    )
    .orderBy(
      asc(measureTemplates.indicator),
      asc(measureTemplates.sortOrder),
      asc(measureTemplates.createdAt),
      sql`${measureTemplates}.rowid`,
    );
}

export async function findMeasureTemplate(db: AppDb, id: string): Promise<MeasureTemplate | undefined> {
  return db.select().from(measureTemplates).where(eq(measureTemplates.id, id)).get();
}

/** The templates with these ids (at most 90 per query: D1 binds at most 100 parameters). */
export async function findMeasureTemplates(db: AppDb, ids: readonly string[]): Promise<MeasureTemplate[]> {
  const found: MeasureTemplate[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 90) {
    found.push(
      ...(await db
        .select()
        .from(measureTemplates)
        .where(and(inArray(measureTemplates.id, unique.slice(i, i + 90))))),
    );
  }
  return found;
}

export function insertMeasureTemplate(db: AppDb, template: MeasureTemplate) {
  return statement(db.insert(measureTemplates).values(template));
}

export type TemplatePatch = Partial<
  Pick<MeasureTemplate, "title" | "method" | "unitName" | "sortOrder" | "active">
>;

export function updateMeasureTemplate(db: AppDb, id: string, patch: TemplatePatch) {
  return statement(db.update(measureTemplates).set(patch).where(eq(measureTemplates.id, id)));
}

const TEMPLATES_KEY = "measure_templates_seeded";

/**
 * The standard measures as an organisation's first templates, once: guarded by its own settings key,
 * so templates the admin edited or retired stay as they are. Each insert also checks the key inside
 * the same `atomic`, so two threads seeding at once store one set.
 */
export async function seedMeasureTemplates(
  db: AppDb,
  options: { now: number; newId: () => string },
): Promise<void> {
  if ((await getSetting(db, TEMPLATES_KEY, z.literal(true))) !== undefined) return;
  const notSeeded = sql`NOT EXISTS (SELECT 1 FROM org_settings WHERE key = ${TEMPLATES_KEY})`;
  const order = new Map<number, number>();
  const statements: Statement[] = STANDARD_MEASURES.map((measure) => {
    const sortOrder = (order.get(measure.indicator) ?? 0) + 10;
    order.set(measure.indicator, sortOrder);
    // 9 parameters a row: well under D1's 100.
    return rawStatement(
      db,
      sql`INSERT INTO measure_templates (id, indicator, title, method, unit_name, sort_order, active, created_at)
        SELECT ${options.newId()}, ${measure.indicator}, ${measure.title}, ${measure.method},
          ${measure.unitName}, ${sortOrder}, 1, ${options.now}
        WHERE ${notSeeded}`,
    );
  });
  statements.push(setSetting(db, TEMPLATES_KEY, true, options.now));
  await atomic(db, statements);
}
