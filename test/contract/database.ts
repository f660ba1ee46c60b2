/**
 * The database the repository contract suite runs on, chosen by its vitest project (vitest.config.ts
 * provides `databaseDriver`): better-sqlite3 as `npm start` opens it, or D1 in workerd through
 * Miniflare's binding proxy, migrated as `npm run start:worker` migrates it. Both through the
 * runtimes' own open functions, so the drivers under test are the production ones.
 */
import type { D1Database } from "@cloudflare/workers-types";
import { getTableName, is, sql } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { Log, LogLevel, Miniflare } from "miniflare";
import { inject } from "vitest";
import { type AppDb, atomic, rawStatement } from "../../src/db/client";
import { ensureOrganization } from "../../src/db/repos/organizations.repo";
import * as schema from "../../src/db/schema";
import { openD1 } from "../../src/runtime/d1";
import { openSqlite } from "../../src/runtime/sqlite";
import { applyD1Migrations } from "../../src/runtime/worker-local";

export type DatabaseDriverName = "better-sqlite3" | "d1";

declare module "vitest" {
  interface ProvidedContext {
    databaseDriver: DatabaseDriverName;
  }
}

export interface ContractDatabase {
  driver: DatabaseDriverName;
  db: AppDb;
  /**
   * An empty database for one test: the organisation is the database, so a test reads back only its
   * own rows once the rows of the tests before it are gone (workerd starts once per file).
   */
  fresh(): Promise<void>;
  close(): Promise<void>;
}

export const CONTRACT_NOW = Date.UTC(2026, 11, 2, 3, 0, 0);
/** The organisation whose database this is (its `organizations` row). */
export const CONTRACT_ORG = "contract";

/** The organisation's own tables, each before the tables it points at, so they empty in this order. */
function tablesToEmpty(): string[] {
  const tables = (Object.values(schema) as unknown[]).filter((value): value is SQLiteTable =>
    is(value, SQLiteTable),
  );
  const parents = new Map(
    tables.map((table) => [
      getTableName(table),
      getTableConfig(table).foreignKeys.map((key) => getTableName(key.reference().foreignTable)),
    ]),
  );
  const ordered: string[] = [];
  const visit = (name: string) => {
    if (ordered.includes(name)) return;
    // Whoever points at this table goes first.
    for (const [child, its] of parents) if (its.includes(name) && child !== name) visit(child);
    ordered.push(name);
  };
  for (const name of parents.keys()) visit(name);
  return ordered.filter((name) => name !== "organizations" && name !== "tenants");
}

export async function openContractDatabase(): Promise<ContractDatabase> {
  const driver = inject("databaseDriver");
  let db: AppDb;
  let close: () => Promise<void>;
  if (driver === "d1") {
    const mf = new Miniflare({
      modules: true,
      script: "export default { fetch: () => new Response(null, { status: 404 }) };",
      // In memory (no d1Persist): a fresh database per file.
      d1Databases: { DB: "contract" },
      host: "127.0.0.1",
      port: 0,
      cf: false,
      log: new Log(LogLevel.WARN),
    });
    const d1 = (await mf.getD1Database("DB")) as unknown as D1Database;
    await applyD1Migrations(d1);
    db = openD1(d1);
    close = () => mf.dispose();
  } else if (driver === "better-sqlite3") {
    const sqlite = openSqlite(":memory:");
    db = sqlite.db;
    close = async () => sqlite.close();
  } else {
    throw new Error(`no database driver provided to this project: ${String(driver)}`);
  }
  // The database's own organisation, as the runtimes ensure it.
  await ensureOrganization(db, CONTRACT_ORG, "องค์กรทดสอบ", CONTRACT_NOW);
  const emptied = tablesToEmpty();
  return {
    driver,
    db,
    async fresh() {
      await atomic(
        db,
        emptied.map((name) => rawStatement(db, sql.raw(`DELETE FROM "${name}"`))),
      );
    },
    close,
  };
}
