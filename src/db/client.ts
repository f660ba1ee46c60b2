import type { BatchItem } from "drizzle-orm/batch";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { retryWhenBusy } from "./busy";
import type * as schema from "./schema";

/** The database as the core sees it: drizzle over better-sqlite3 (Node) or D1 (Workers). */
export type AppDb = BaseSQLiteDatabase<"sync" | "async", unknown, typeof schema>;

export type Statement = BatchItem<"sqlite">;

interface BatchCapable {
  batch(statements: [Statement, ...Statement[]]): Promise<unknown>;
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
  const [first, ...rest] = statements;
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
    for (const statement of statements) (statement as unknown as { run(): unknown }).run();
  });
}
