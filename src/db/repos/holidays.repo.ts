import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { IsoDate } from "../../domain/thai-time";
import { type AppDb, type Statement, statement } from "../client";
import { type Holiday, holidays } from "../schema";

export async function listHolidays(db: AppDb, from: IsoDate, to: IsoDate): Promise<Holiday[]> {
  return db
    .select()
    .from(holidays)
    .where(and(gte(holidays.date, from), lte(holidays.date, to)))
    .orderBy(asc(holidays.date));
}

/** The holidays from `from` on, as a set for the working-day calendar (a year and a half ahead). */
export async function holidaySet(db: AppDb, from: IsoDate, to: IsoDate): Promise<Set<IsoDate>> {
  return new Set((await listHolidays(db, from, to)).map((holiday) => holiday.date));
}

/** Add or rename a holiday. */
export function putHoliday(db: AppDb, holiday: Holiday): Statement {
  return statement(
    db
      .insert(holidays)
      .values(holiday)
      .onConflictDoUpdate({ target: holidays.date, set: { name: holiday.name } }),
  );
}

export async function findHoliday(db: AppDb, date: IsoDate): Promise<Holiday | undefined> {
  return db.select().from(holidays).where(eq(holidays.date, date)).get();
}

export function deleteHoliday(db: AppDb, date: IsoDate): Statement {
  return statement(db.delete(holidays).where(eq(holidays.date, date)));
}
