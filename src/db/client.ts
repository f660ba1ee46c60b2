import { type SQL, sql } from "drizzle-orm";
import type { BaseSQLiteDatabase, SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { retryWhenBusy } from "./busy";
import { driverOf, type Query } from "./port";
import type * as schema from "./schema";

/** The database as the core sees it: drizzle over better-sqlite3 (Node) or D1 (Workers). */
export type AppDb = BaseSQLiteDatabase<"sync" | "async", unknown, typeof schema>;

declare const statementBrand: unique symbol;

/**
 * A write that has not run: repositories build them, and only `atomic` (through a service plan's
 * `commit`) runs them. Opaque and not awaitable, so a builder cannot be awaited into a result by
 * mistake (drizzle's own builders run when awaited).
 */
export interface Statement {
  readonly [statementBrand]: "statement";
}

class PlannedWrite {
  constructor(readonly query: Query) {}
}

/** Wrap a drizzle write builder (insert, update, delete) as a statement for a plan. */
export function statement(query: Query): Statement {
  return new PlannedWrite(query) as unknown as Statement;
}

/** The drizzle query behind a statement (for `atomic`, and for tests that inspect its SQL). */
export function queryOf(write: Statement): Query {
  if (!(write instanceof PlannedWrite)) throw new TypeError("not a statement built by a repository");
  return write.query;
}

export function isStatement(value: unknown): value is Statement {
  return value instanceof PlannedWrite;
}

/**
 * Run several write statements all-or-nothing without an interactive transaction, through the driver
 * the runtime bound to `db` (see port.ts): `db.batch` on D1, a synchronous transaction on
 * better-sqlite3. A locked database is retried after yielding (see busy.ts).
 */
export async function atomic(db: AppDb, statements: Statement[]): Promise<void> {
  const driver = driverOf(db);
  const queries = statements.map(queryOf);
  await retryWhenBusy(() => driver.atomic(queries));
}

/**
 * Several reads in one round trip where the driver has one (see the port's `readTogether`): each
 * query's result, in order. A locked database is retried after yielding.
 */
export async function readTogether<const Q extends readonly Query[]>(
  db: AppDb,
  queries: Q,
): Promise<{ -readonly [K in keyof Q]: Awaited<Q[K]> }> {
  const driver = driverOf(db);
  return (await retryWhenBusy(() => driver.readTogether(queries))) as {
    -readonly [K in keyof Q]: Awaited<Q[K]>;
  };
}

/**
 * The guard of an optimistic update, placed right after the UPDATE of one row: unless that UPDATE
 * changed the row (SQLite's `changes()` counts the last completed statement's own rows, not its
 * triggers'), it copies the row onto itself — a PRIMARY KEY failure that takes the whole commit back,
 * so a change that lost a race writes nothing, pushes and audit rows included. Plans that use it name
 * their refusal as `onUniqueViolation`. (Not a timestamp compare: two changes may share a millisecond.)
 */
export function changedOrFail(db: AppDb, table: SQLiteTable, idColumn: SQLiteColumn, id: string | number) {
  return rawStatement(
    db,
    sql`INSERT INTO ${table} SELECT * FROM ${table} WHERE ${idColumn} = ${id} AND changes() = 0`,
  );
}

/**
 * The `updated_at` an optimistic update writes: its own time `at`, but always past the value the row
 * was read with. Such updates are guarded by `updated_at = <as read>`; one in the same millisecond as
 * the previous write would leave the column as it was, and a second change planned from the same
 * reading would then land too.
 */
export function movedOn(column: SQLiteColumn, at: number): SQL {
  return sql`max(${at}, coalesce(${column}, 0) + 1)`;
}

/**
 * A raw SQL write as a statement for `atomic`: it runs only when `atomic` (or an await) runs it, on
 * either driver, parameters included (see the drivers' `raw`).
 */
export function rawStatement(db: AppDb, query: SQL): Statement {
  return statement(driverOf(db).raw(query));
}
