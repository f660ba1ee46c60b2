import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { describe, expect, it } from "vitest";
import { isBusy, retryWhenBusy } from "../src/db/busy";

describe("a locked database", () => {
  it("is recognised through drizzle's wrapper and retried until the lock is released", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "prongsai-busy-")), "db.sqlite");
    const holder = new Database(path);
    holder.pragma("journal_mode = WAL");
    holder.exec("CREATE TABLE t (v INTEGER)");
    const writer = new Database(path);
    writer.pragma("busy_timeout = 0");
    const db = drizzle(writer);

    holder.exec("BEGIN IMMEDIATE");
    let caught: unknown;
    try {
      db.run(sql`INSERT INTO t (v) VALUES (1)`);
    } catch (error) {
      caught = error;
    }
    expect(isBusy(caught)).toBe(true);

    setTimeout(() => holder.exec("COMMIT"), 30);
    await retryWhenBusy(() => db.run(sql`INSERT INTO t (v) VALUES (2)`));
    expect(writer.prepare("SELECT v FROM t").all()).toEqual([{ v: 2 }]);
    expect(isBusy(new Error("something else"))).toBe(false);
  });
});
