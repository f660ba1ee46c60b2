import { type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { BaseSQLiteDatabase, SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { retryWhenBusy } from "./busy";
import type * as schema from "./schema";

/** The database as the core sees it: drizzle over better-sqlite3 (Node) or D1 (Workers). */
export type AppDb = BaseSQLiteDatabase<"sync" | "async", unknown, typeof schema>;

type Query = BatchItem<"sqlite">;

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

interface BatchCapable {
  batch(statements: [Query, ...Query[]]): Promise<unknown>;
}

/**
 * Run several write statements all-or-nothing without an interactive transaction:
 * `db.batch` on D1, a synchronous transaction on better-sqlite3 (same connection, no awaits inside).
 * A locked database is retried after yielding (see busy.ts).
 */
export async function atomic(db: AppDb, statements: Statement[]): Promise<void> {
  await retryWhenBusy(() => runAtomic(db, statements));
}

async function runAtomic(db: AppDb, statements: Statement[]): Promise<void> {
  const [first, ...rest] = statements.map(queryOf);
  if (!first) return;
  if (rest.length === 0) {
    await first;
    return;
  }
  if (typeof (db as unknown as Partial<BatchCapable>).batch === "function") {
    await (db as unknown as BatchCapable).batch([first, ...rest]);
    return;
  }
  db.transaction((_tx) => {
    for (const query of [first, ...rest]) (query as unknown as { run(): unknown }).run();
  });
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
 * A raw SQL write as a statement for `atomic`. On D1 `db.run` is lazy already; on better-sqlite3 it
 * would run at once, so it is wrapped to run only when `atomic` (or an await) runs it.
 */
export function rawStatement(db: AppDb, query: SQL): Statement {
  if (typeof (db as unknown as Partial<BatchCapable>).batch === "function") return d1Raw(db, query);
  const run = () => db.run(query);
  const lazy = {
    run,
    // biome-ignore lint/suspicious/noThenProperty: awaited alone, a statement runs like drizzle's own
    then(resolve: (value: unknown) => unknown, reject: (reason: unknown) => unknown) {
      try {
        return Promise.resolve(resolve(run()));
      } catch (error) {
        return Promise.resolve(reject(error));
      }
    },
  };
  return statement(lazy as unknown as Query);
}

interface D1Client {
  prepare(sql: string): unknown;
}

/**
 * `db.run(sql)` on D1, usable inside `db.batch`: drizzle's D1 batch binds parameters to the item's
 * prepared D1 statement (`stmt`), which a raw query does not carry, so a raw query with parameters
 * fails there with "Cannot read properties of undefined (reading 'bind')" (drizzle-team/drizzle-orm
 * #2277, open). Give it the statement prepared from its own SQL; awaited alone it runs as before.
 */
function d1Raw(db: AppDb, query: SQL): Statement {
  const raw = db.run(query) as unknown as { getQuery(): { sql: string } };
  const client = (db as unknown as { $client?: D1Client }).$client;
  if (client) Object.assign(raw, { stmt: client.prepare(raw.getQuery().sql) });
  return statement(raw as unknown as Query);
}
