import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isBusy, retryWhenBusy } from "../src/db/busy";
import { atomic, rawStatement } from "../src/db/client";
import { openSqlite } from "../src/runtime/sqlite";
import { tempDatabasePath } from "./support/bot";

/** A database opened as the Node runtime opens it, failing at once when locked, and a second connection. */
function lockedPair() {
  const path = tempDatabasePath();
  const writer = openSqlite(path);
  writer.setBusyTimeout(0);
  const holder = new Database(path);
  holder.exec("CREATE TABLE t (v INTEGER)");
  return { writer, holder };
}

describe("a locked database", () => {
  it("is recognised through drizzle's wrapper and retried until the lock is released", async () => {
    const { writer, holder } = lockedPair();
    const { db } = writer;

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
    expect(holder.prepare("SELECT v FROM t").all()).toEqual([{ v: 2 }]);
    expect(isBusy(new Error("something else"))).toBe(false);
    holder.close();
    writer.close();
  });

  it("holds an atomic commit back until the lock is released, then writes all of it", async () => {
    const { writer, holder } = lockedPair();
    const { db } = writer;
    holder.exec("BEGIN IMMEDIATE");
    setTimeout(() => holder.exec("COMMIT"), 30);
    await atomic(db, [
      rawStatement(db, sql`INSERT INTO t (v) VALUES (${1})`),
      rawStatement(db, sql`INSERT INTO t (v) VALUES (${2})`),
    ]);
    expect(holder.prepare("SELECT v FROM t ORDER BY v").all()).toEqual([{ v: 1 }, { v: 2 }]);
    holder.close();
    writer.close();
  });
});
