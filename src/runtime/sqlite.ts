import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import type { SQL } from "drizzle-orm";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { AppDb } from "../db/client";
import { atomically, bindDriver, type DatabaseDriver, type Query } from "../db/port";
import * as schema from "../db/schema";
import {
  isMixedOrganisations,
  MixedOrganisationsError,
  ROWS_BY_ORGANISATION_QUERIES,
  sumByOrganisation,
} from "./one-organisation";

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

/** A query run at once and synchronously (every drizzle query on better-sqlite3 has `run`). */
interface SyncQuery {
  run(): unknown;
}

/**
 * The database port on better-sqlite3 (see src/db/port.ts): one connection, so a transaction is
 * synchronous and nothing else runs between its statements. `db.transaction` is looked up at each
 * call, not captured, so a test may count the commits by wrapping it.
 */
function sqliteDriver(db: BetterSQLite3Database<typeof schema>): DatabaseDriver {
  const transactionSync = (work: () => void) => {
    db.transaction(() => work());
  };
  return {
    atomic: (queries) =>
      atomically(queries, (all) =>
        transactionSync(() => {
          for (const query of all) (query as unknown as SyncQuery).run();
        }),
      ),
    raw(query: SQL): Query {
      // `db.run(sql)` runs at once on better-sqlite3: wrap it to run only when atomic (or an await) runs it.
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
      return lazy as unknown as Query;
    },
    // Reads are local and synchronous here: nothing to save by grouping them.
    readTogether: (queries) => Promise.all(queries),
    transactionSync,
  };
}

/**
 * Each connection's page cache, in KiB: SQLite's own default (2 MB). better-sqlite3 builds SQLite with
 * 16 MB (`SQLITE_DEFAULT_CACHE_SIZE=-16000`, its deps/defines.gypi), and `npm start` opens every
 * organisation's database twice (the HTTP thread and the processing thread), so that default could
 * take 32 MB of heap per organisation; the OS page cache keeps the database file's pages anyway.
 * Under the bench's load (glibc `malloc_stats()` in the running server) the processing thread's
 * malloc arena held 25–26.5 MB in use with 16 MB and 11 MB with 2 MB, and peak RSS fell by ~20 MB at
 * the same throughput (docs/scaling.md).
 */
const PAGE_CACHE_KIB = 2000;

/**
 * better-sqlite3 in WAL mode with the migrations in `migrations/` applied (`migrationsFolder` only
 * for tests of a migration). Throws MixedOrganisationsError, changing nothing, for a database with
 * rows of more than one organisation (migrations/0015).
 */
export function openSqlite(path: string, migrationsFolder = MIGRATIONS_FOLDER): SqliteHandle {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  const db = drizzle(sqlite, { schema });
  try {
    migrate(db, { migrationsFolder });
  } catch (error) {
    if (!isMixedOrganisations(error)) throw error;
    // The migration rolled back: the database is as it was, org_id columns included.
    const rows = sumByOrganisation(
      ROWS_BY_ORGANISATION_QUERIES.map(
        (query) => sqlite.prepare(query).all() as Array<{ orgId: string; n: number }>,
      ),
    );
    sqlite.close();
    throw new MixedOrganisationsError(path, rows);
  }
  return {
    db: bindDriver(db as unknown as AppDb, sqliteDriver(db)),
    setBusyTimeout: (ms) => sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`),
    setAutoCheckpoint: (pages) => sqlite.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(pages))}`),
    close: () => sqlite.close(),
  };
}
