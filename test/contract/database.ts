/**
 * The database the repository contract suite runs on, chosen by its vitest project (vitest.config.ts
 * provides `databaseDriver`): better-sqlite3 as `npm start` opens it, or D1 in workerd through
 * Miniflare's binding proxy, migrated as `npm run start:worker` migrates it. Both through the
 * runtimes' own open functions, so the drivers under test are the production ones.
 */
import type { D1Database } from "@cloudflare/workers-types";
import { Log, LogLevel, Miniflare } from "miniflare";
import { inject } from "vitest";
import type { AppDb } from "../../src/db/client";
import { ensureOrganization } from "../../src/db/repos/organizations.repo";
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
   * A new organisation for one test: repositories scope their rows by organisation, so a test reads
   * back only its own rows although a file shares one database (workerd starts once per file).
   */
  org(): Promise<string>;
  close(): Promise<void>;
}

export const CONTRACT_NOW = Date.UTC(2026, 11, 2, 3, 0, 0);

let orgs = 0;

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
  return {
    driver,
    db,
    async org() {
      const id = `org-${++orgs}`;
      await ensureOrganization(db, id, `องค์กร ${orgs}`, CONTRACT_NOW);
      return id;
    },
    close,
  };
}
