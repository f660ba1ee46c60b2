import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { AppDb } from "../db/client";
import * as schema from "../db/schema";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

export interface SqliteHandle {
  db: AppDb;
  /** 0 makes a locked database fail at once (SQLITE_BUSY) instead of sleeping the thread. */
  setBusyTimeout(ms: number): void;
  /**
   * 0: this connection's commits never run the WAL checkpoint (another connection's do). The
   * connection that commits past 1,000 WAL pages copies them back and syncs: on the webhook's thread
   * that is an acknowledgement waiting on a disk sync.
   */
  setAutoCheckpoint(pages: number): void;
  close(): void;
}

/**
 * drizzle prepares every query anew; compiling SQL was the largest single cost on the webhook's
 * processing path. Reuse compiled statements by their SQL text (drizzle binds every value, so the
 * text repeats). A statement is used synchronously between prepare and run, so sharing is safe;
 * raw mode is reset because drizzle switches it on per call.
 */
function cacheStatements(sqlite: Database.Database, limit = 500): void {
  const cache = new Map<string, Database.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
      cache.set(source, statement);
    }
    if (statement.reader) statement.raw(false);
    return statement;
  }) as typeof sqlite.prepare;
}

/** better-sqlite3 in WAL mode with the migrations in `migrations/` applied. */
export function openSqlite(path: string): SqliteHandle {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  cacheStatements(sqlite);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db: db as unknown as AppDb,
    setBusyTimeout: (ms) => sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`),
    setAutoCheckpoint: (pages) => sqlite.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(pages))}`),
    close: () => sqlite.close(),
  };
}
