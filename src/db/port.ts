import type { SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { AppDb } from "./client";

/** A drizzle query that has not run: a write builder or a raw statement. */
export type Query = BatchItem<"sqlite">;

/**
 * The database port: the little that shared code needs from a driver beyond drizzle's query
 * builder, which is the same on both. Each runtime implements it next to the driver it opens
 * (`src/runtime/sqlite.ts` for better-sqlite3, `src/runtime/d1.ts` for D1) and binds it to the
 * drizzle handle it returns, so repositories keep taking the handle (`AppDb`) and `src/db` never
 * looks at what the handle is.
 */
export interface DatabaseDriver {
  /** Run the queries in order, all or none of them (no queries: nothing). */
  atomic(queries: readonly Query[]): Promise<void>;
  /**
   * Run read queries in one round trip where the driver has one (D1's batch: a call to D1 is a round
   * trip, the largest cost of handling an event on Workers), else one after another; each query's
   * result, in order (no queries: none).
   */
  readTogether(queries: readonly Query[]): Promise<unknown[]>;
  /** A raw SQL write, parameters included, that runs only when `atomic` (or an await) runs it. */
  raw(query: SQL): Query;
  /**
   * Run `work` as one transaction, synchronously on this thread: only where a commit is local and
   * synchronous (better-sqlite3). The webhook's inbox writer relies on it to let the requests of one
   * turn of the event loop share a commit. Absent on D1, where a commit is a round trip and a Worker
   * must not let one request's promise settle another's (each request then commits its own).
   */
  readonly transactionSync?: (work: () => void) => void;
}

/**
 * The shape every driver's `atomic` shares: nothing to do, one query run alone (no transaction
 * needed), or several handed to the driver's all-or-nothing unit (`together`).
 */
export async function atomically(
  queries: readonly Query[],
  together: (queries: [Query, ...Query[]]) => unknown,
): Promise<void> {
  const [first, ...rest] = queries;
  if (!first) return;
  if (rest.length === 0) {
    await first;
    return;
  }
  await together([first, ...rest]);
}

const drivers = new WeakMap<AppDb, DatabaseDriver>();

/** Bind a runtime's driver to the drizzle handle it opened; returns the handle. Runtimes only. */
export function bindDriver(db: AppDb, driver: DatabaseDriver): AppDb {
  drivers.set(db, driver);
  return db;
}

/** The driver bound to `db` by the runtime that opened it. */
export function driverOf(db: AppDb): DatabaseDriver {
  const driver = drivers.get(db);
  if (!driver) {
    throw new Error(
      "this database handle was not opened through a runtime (openSqlite in src/runtime/sqlite.ts, openD1 in src/runtime/d1.ts), so no driver is bound to it: open it through one of them",
    );
  }
  return driver;
}
