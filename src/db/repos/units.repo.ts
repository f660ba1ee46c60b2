import { and, asc, eq, inArray } from "drizzle-orm";
import { type AppDb, type Statement, statement } from "../client";
import { type Unit, units } from "../schema";

export async function listUnits(db: AppDb): Promise<Unit[]> {
  return db.select().from(units).orderBy(asc(units.createdAt), asc(units.name));
}

export async function findUnit(db: AppDb, id: string): Promise<Unit | undefined> {
  return db.select().from(units).where(eq(units.id, id)).get();
}

export async function unitNames(db: AppDb, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(inArray(units.id, [...new Set(ids)].slice(0, 90))));
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function findUnitByName(db: AppDb, name: string): Promise<Unit | undefined> {
  return db.select().from(units).where(eq(units.name, name)).get();
}

/** A new unit (a taken name fails the statement: the unique index). */
export function insertUnit(db: AppDb, unit: Unit): Statement {
  return statement(db.insert(units).values(unit));
}
