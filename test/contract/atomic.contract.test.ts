/**
 * The commit every plan goes through (`atomic`), raw statements and the optimistic-update guard, the
 * same on better-sqlite3 and on D1 (one vitest project each, see vitest.config.ts).
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../../src/db/busy";
import { atomic, changedOrFail, rawStatement, statement } from "../../src/db/client";
import { incrementCounters, readCounters } from "../../src/db/repos/metrics.repo";
import { metricCounters, organizations } from "../../src/db/schema";
import { CONTRACT_ORG, type ContractDatabase, openContractDatabase } from "./database";

let database: ContractDatabase;
beforeAll(async () => {
  database = await openContractDatabase();
});
afterAll(() => database?.close());

const counter = (name: string, by = 1) => ({ name, by });
const countersOf = async () =>
  Object.fromEntries((await readCounters(database.db)).map((row) => [row.name, row.value]));

/** Whatever `promise` rejects with (it must reject). */
async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the commit to fail");
    },
    (error: unknown) => error,
  );
}

describe("atomic", () => {
  it("commits every statement of a plan, in order", async () => {
    const { db } = database;
    await database.fresh();
    await atomic(db, [
      ...incrementCounters(db, [counter("a", 2)]),
      ...incrementCounters(db, [counter("a", 3), counter("b")]),
      statement(db.update(metricCounters).set({ value: 10 }).where(eq(metricCounters.name, "b"))),
    ]);
    expect(await countersOf()).toEqual({ a: 5, b: 10 });
  });

  it("takes the whole commit back when a statement in the middle fails (a builder's or a raw one)", async () => {
    const { db } = database;
    await database.fresh();
    const duplicateByBuilder = statement(
      db.insert(organizations).values({ id: CONTRACT_ORG, name: "อีก", createdAt: 1 }),
    );
    const duplicateByRaw = rawStatement(
      db,
      sql`INSERT INTO organizations (id, name, created_at) VALUES (${CONTRACT_ORG}, ${"อีก"}, ${1})`,
    );
    for (const failing of [duplicateByBuilder, duplicateByRaw]) {
      const error = await failureOf(
        atomic(db, [
          ...incrementCounters(db, [counter("before")]),
          failing,
          ...incrementCounters(db, [counter("after")]),
        ]),
      );
      // Plans name this failure as a refusal (`onUniqueViolation`): both drivers must word it so.
      expect(isUniqueViolation(error)).toBe(true);
    }
    expect(await countersOf()).toEqual({});
    // The database is usable after a failed commit.
    await atomic(db, incrementCounters(db, [counter("later")]));
    expect(await countersOf()).toEqual({ later: 1 });
  });

  it("commits nothing for an empty plan and runs a single statement alone", async () => {
    const { db } = database;
    await database.fresh();
    await atomic(db, []);
    await atomic(db, incrementCounters(db, [counter("one")]));
    expect(await countersOf()).toEqual({ one: 1 });
  });
});

describe("a raw statement", () => {
  const insertCounter = (name: string, value: number) =>
    rawStatement(
      database.db,
      sql`INSERT INTO metric_counters (name, labels, value) VALUES (${name}, ${""}, ${value})`,
    );

  it("runs with its parameters inside a multi-statement commit (drizzle-orm#2277 on D1)", async () => {
    const { db } = database;
    await database.fresh();
    await atomic(db, [
      insertCounter("x", 1),
      ...incrementCounters(db, [counter("y", 2)]),
      insertCounter("z", 3),
    ]);
    expect(await countersOf()).toEqual({ x: 1, y: 2, z: 3 });
  });

  it("runs only when committed, alone or with others", async () => {
    const { db } = database;
    await database.fresh();
    const alone = insertCounter("alone", 1);
    insertCounter("never", 1);
    expect(await countersOf()).toEqual({});
    await atomic(db, [alone]);
    expect(await countersOf()).toEqual({ alone: 1 });
  });
});

describe("changedOrFail", () => {
  /** Rename the database's organisation if it still has the name `from`, guarded, with a counter in the same commit. */
  const rename = (from: string, to: string) =>
    atomic(database.db, [
      statement(
        database.db
          .update(organizations)
          .set({ name: to })
          .where(sql`${organizations.id} = ${CONTRACT_ORG} AND ${organizations.name} = ${from}`),
      ),
      changedOrFail(database.db, organizations, organizations.id, CONTRACT_ORG),
      ...incrementCounters(database.db, [counter("renamed")]),
    ]);
  const nameOf = async () =>
    (await database.db.select().from(organizations).where(eq(organizations.id, CONTRACT_ORG)).get())?.name;

  it("lets an update that changed its row commit", async () => {
    await database.fresh();
    const before = await nameOf();
    if (!before) throw new Error("no organisation");
    await rename(before, "ชื่อใหม่");
    expect(await nameOf()).toBe("ชื่อใหม่");
    expect(await countersOf()).toEqual({ renamed: 1 });
  });

  it("fails the whole commit, as a unique violation, when the update lost the race (changed nothing)", async () => {
    await database.fresh();
    const before = await nameOf();
    if (!before) throw new Error("no organisation");
    await rename(before, "ชื่อแรก");
    const error = await failureOf(rename(before, "ชื่อที่สอง"));
    expect(isUniqueViolation(error)).toBe(true);
    expect(await nameOf()).toBe("ชื่อแรก");
    expect(await countersOf()).toEqual({ renamed: 1 });
  });
});
