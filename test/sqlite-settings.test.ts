import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openSqlite } from "../src/runtime/sqlite";
import { tempDatabasePath } from "./support/bot";

describe("a database opened as the Node runtime opens it", () => {
  it("is in WAL mode with foreign keys on and a 2 MB page cache, not better-sqlite3's 16 MB", () => {
    const handle = openSqlite(tempDatabasePath());
    const pragma = (name: string) =>
      Object.values(handle.db.get<Record<string, unknown>>(sql.raw(`PRAGMA ${name}`)))[0];
    expect(pragma("journal_mode")).toBe("wal");
    expect(pragma("foreign_keys")).toBe(1);
    // A negative cache_size is KiB; better-sqlite3's build default reads -16000 here.
    expect(pragma("cache_size")).toBe(-2000);
    handle.close();
  });
});
