import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { STANDARD_MEASURES } from "../../domain/measure-catalogue";
import { type AppDb, atomic, rawStatement, type Statement, statement } from "../client";
import { type ItaResult, itaResults, type MeasureTemplate, measureTemplates } from "../schema";
import { getSetting, setSetting } from "./settings.repo";

export type NewItaResult = Omit<ItaResult, "orgId">;

/** An organisation's result of one fiscal year, stored or replaced (one per year), for `atomic`. */
export function saveItaResult(db: AppDb, orgId: string, result: NewItaResult) {
  const { fiscalYear: _year, ...changes } = result;
  return statement(
    db
      .insert(itaResults)
      .values({ ...result, orgId })
      .onConflictDoUpdate({ target: [itaResults.orgId, itaResults.fiscalYear], set: changes }),
  );
}

export async function findItaResult(
  db: AppDb,
  orgId: string,
  fiscalYear: number,
): Promise<ItaResult | undefined> {
  return db
    .select()
    .from(itaResults)
    .where(and(eq(itaResults.orgId, orgId), eq(itaResults.fiscalYear, fiscalYear)))
    .get();
}

/** The newest result of a fiscal year not after `upTo`. */
export async function latestItaResult(
  db: AppDb,
  orgId: string,
  upTo: number,
): Promise<ItaResult | undefined> {
  return db
    .select()
    .from(itaResults)
    .where(and(eq(itaResults.orgId, orgId), lte(itaResults.fiscalYear, upTo)))
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
  orgId: string,
  filter: TemplateFilter = {},
): Promise<MeasureTemplate[]> {
  if (filter.indicators?.length === 0) return [];
  return db
    .select()
    .from(measureTemplates)
    .where(
      and(
        eq(measureTemplates.orgId, orgId),
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

export async function findMeasureTemplate(
  db: AppDb,
  orgId: string,
  id: string,
): Promise<MeasureTemplate | undefined> {
  return db
    .select()
    .from(measureTemplates)
    .where(and(eq(measureTemplates.orgId, orgId), eq(measureTemplates.id, id)))
    .get();
}

/** The templates with these ids (at most 90 per query: D1 binds at most 100 parameters). */
export async function findMeasureTemplates(
  db: AppDb,
  orgId: string,
  ids: readonly string[],
): Promise<MeasureTemplate[]> {
  const found: MeasureTemplate[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 90) {
    found.push(
      ...(await db
        .select()
        .from(measureTemplates)
        .where(
          and(eq(measureTemplates.orgId, orgId), inArray(measureTemplates.id, unique.slice(i, i + 90))),
        )),
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

export function updateMeasureTemplate(db: AppDb, orgId: string, id: string, patch: TemplatePatch) {
  return statement(
    db
      .update(measureTemplates)
      .set(patch)
      .where(and(eq(measureTemplates.orgId, orgId), eq(measureTemplates.id, id))),
  );
}

const TEMPLATES_KEY = "measure_templates_seeded";

/**
 * The standard measures as an organisation's first templates, once: guarded by its own settings key,
 * so templates the admin edited or retired stay as they are. Each insert also checks the key inside
 * the same `atomic`, so two threads seeding at once store one set.
 */
export async function seedMeasureTemplates(
  db: AppDb,
  orgId: string,
  options: { now: number; newId: () => string },
): Promise<void> {
  if ((await getSetting(db, orgId, TEMPLATES_KEY, z.literal(true))) !== undefined) return;
  const notSeeded = sql`NOT EXISTS (SELECT 1 FROM org_settings WHERE org_id = ${orgId} AND key = ${TEMPLATES_KEY})`;
  const order = new Map<number, number>();
  const statements: Statement[] = STANDARD_MEASURES.map((measure) => {
    const sortOrder = (order.get(measure.indicator) ?? 0) + 10;
    order.set(measure.indicator, sortOrder);
    // 10 parameters a row: well under D1's 100.
    return rawStatement(
      db,
      sql`INSERT INTO measure_templates (id, org_id, indicator, title, method, unit_name, sort_order, active, created_at)
        SELECT ${options.newId()}, ${orgId}, ${measure.indicator}, ${measure.title}, ${measure.method},
          ${measure.unitName}, ${sortOrder}, 1, ${options.now}
        WHERE ${notSeeded}`,
    );
  });
  statements.push(setSetting(db, orgId, TEMPLATES_KEY, true, options.now));
  await atomic(db, statements);
}
