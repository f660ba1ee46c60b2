/**
 * src/db never guesses the driver: a drizzle handle that no runtime opened (so no driver is bound to
 * it) is refused by name, not run one way or the other.
 */
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { describe, expect, it } from "vitest";
import { type AppDb, atomic, rawStatement } from "../src/db/client";
import { createInboxWriter } from "../src/db/repos/inbox.repo";

describe("a database handle no runtime opened", () => {
  const db = drizzle(new Database(":memory:")) as unknown as AppDb;
  const refusal = /not opened through a runtime \(openSqlite .*, openD1 .*\)/;

  it("is refused by atomic, even with nothing to commit", async () => {
    await expect(atomic(db, [])).rejects.toThrow(refusal);
  });

  it("is refused by rawStatement and by the inbox writer", () => {
    expect(() => rawStatement(db, sql`SELECT 1`)).toThrow(refusal);
    expect(() => createInboxWriter(db, 100)).toThrow(refusal);
  });
});
