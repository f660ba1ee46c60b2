import { sql } from "drizzle-orm";
import { z } from "zod";
import { DEFAULT_CATEGORIES, DEFAULT_DEADLINE_DAYS, DEFAULT_UNITS } from "../../domain/complaints";
import { fixedHolidays } from "../../domain/thai-holidays";
import { type AppDb, atomic, rawStatement, type Statement, statement } from "../client";
import { organizations, units } from "../schema";
import { putHoliday } from "./holidays.repo";
import { seedMeasureTemplates } from "./ita.repo";
import { getSetting, setSetting } from "./settings.repo";

/** The single organisation of a one-organisation deployment (id `default`), named from ORG_NAME. */
export async function ensureOrganization(db: AppDb, id: string, name: string, now: number): Promise<void> {
  await db
    .insert(organizations)
    .values({ id, name, createdAt: now })
    .onConflictDoUpdate({ target: organizations.id, set: { name } });
}

const DEFAULTS_KEY = "defaults_seeded";
const HOLIDAY_YEARS_KEY = "holiday_years_seeded";

/**
 * What a new organisation starts with: the default units and complaint categories (once, so an
 * admin's later changes stay), and Thailand's fixed-date holidays for this year and the next (each
 * year once, so a holiday the admin removed stays removed). Safe to run from two threads at once.
 */
export async function seedOrganizationDefaults(
  db: AppDb,
  options: { now: number; yearCe: number; newId: () => string },
): Promise<void> {
  const { now } = options;
  const statements: Statement[] = [];
  if ((await getSetting(db, DEFAULTS_KEY, z.literal(true))) === undefined) {
    for (const name of DEFAULT_UNITS) {
      statements.push(
        statement(
          db.insert(units).values({ id: options.newId(), name, createdAt: now }).onConflictDoNothing(),
        ),
      );
    }
    DEFAULT_CATEGORIES.forEach((category, index) => {
      statements.push(
        rawStatement(
          db,
          sql`
          INSERT INTO complaint_categories (id, name, unit_id, deadline_days, sort_order, active)
          SELECT ${options.newId()}, ${category.name}, id, ${DEFAULT_DEADLINE_DAYS}, ${index}, 1
          FROM units WHERE name = ${category.unit}
          ON CONFLICT DO NOTHING`,
        ),
      );
    });
    statements.push(setSetting(db, DEFAULTS_KEY, true, now));
  }
  const seeded = (await getSetting(db, HOLIDAY_YEARS_KEY, z.array(z.number().int()))) ?? [];
  const years = [options.yearCe, options.yearCe + 1].filter((year) => !seeded.includes(year));
  for (const year of years) {
    for (const holiday of fixedHolidays(year)) statements.push(putHoliday(db, holiday));
  }
  if (years.length > 0) statements.push(setSetting(db, HOLIDAY_YEARS_KEY, [...seeded, ...years], now));
  await atomic(db, statements);
  await seedMeasureTemplates(db, { now, newId: options.newId });
}
