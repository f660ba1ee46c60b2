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
import { type ContractDatabase, openContractDatabase } from "./database";

let database: ContractDatabase;
beforeAll(async () => {
  database = await openContractDatabase();
});
afterAll(() => database?.close());

const counter = (name: string, by = 1) => ({ name, by });
const countersOf = async (orgId: string) =>
  Object.fromEntries((await readCounters(database.db, orgId)).map((row) => [row.name, row.value]));

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
    const org = await database.org();
    await atomic(db, [
      ...incrementCounters(db, org, [counter("a", 2)]),
      ...incrementCounters(db, org, [counter("a", 3), counter("b")]),
      statement(db.update(metricCounters).set({ value: 10 }).where(eq(metricCounters.name, "b"))),
    ]);
    expect(await countersOf(org)).toEqual({ a: 5, b: 10 });
  });

  it("takes the whole commit back when a statement in the middle fails (a builder's or a raw one)", async () => {
    const { db } = database;
    const org = await database.org();
    const duplicateByBuilder = statement(
      db.insert(organizations).values({ id: org, name: "อีก", createdAt: 1 }),
    );
    const duplicateByRaw = rawStatement(
      db,
      sql`INSERT INTO organizations (id, name, created_at) VALUES (${org}, ${"อีก"}, ${1})`,
    );
    for (const failing of [duplicateByBuilder, duplicateByRaw]) {
      const error = await failureOf(
        atomic(db, [
          ...incrementCounters(db, org, [counter("before")]),
          failing,
          ...incrementCounters(db, org, [counter("after")]),
        ]),
      );
      // Plans name this failure as a refusal (`onUniqueViolation`): both drivers must word it so.
      expect(isUniqueViolation(error)).toBe(true);
    }
    expect(await countersOf(org)).toEqual({});
    // The database is usable after a failed commit.
    await atomic(db, incrementCounters(db, org, [counter("later")]));
    expect(await countersOf(org)).toEqual({ later: 1 });
  });

  it("commits nothing for an empty plan and runs a single statement alone", async () => {
    const { db } = database;
    const org = await database.org();
    await atomic(db, []);
    await atomic(db, incrementCounters(db, org, [counter("one")]));
    expect(await countersOf(org)).toEqual({ one: 1 });
  });
});

describe("a raw statement", () => {
  const insertCounter = (org: string, name: string, value: number) =>
    rawStatement(
      database.db,
      sql`INSERT INTO metric_counters (org_id, name, labels, value) VALUES (${org}, ${name}, ${""}, ${value})`,
    );

  it("runs with its parameters inside a multi-statement commit (drizzle-orm#2277 on D1)", async () => {
    const { db } = database;
    const org = await database.org();
    await atomic(db, [
      insertCounter(org, "x", 1),
      ...incrementCounters(db, org, [counter("y", 2)]),
      insertCounter(org, "z", 3),
    ]);
    expect(await countersOf(org)).toEqual({ x: 1, y: 2, z: 3 });
  });

  it("runs only when committed, alone or with others", async () => {
    const { db } = database;
    const org = await database.org();
    const alone = insertCounter(org, "alone", 1);
    insertCounter(org, "never", 1);
    expect(await countersOf(org)).toEqual({});
    await atomic(db, [alone]);
    expect(await countersOf(org)).toEqual({ alone: 1 });
  });
});

describe("changedOrFail", () => {
  /** Rename the organisation if it still has the name `from`, guarded, with a counter in the same commit. */
  const rename = (org: string, from: string, to: string) =>
    atomic(database.db, [
      statement(
        database.db
          .update(organizations)
          .set({ name: to })
          .where(sql`${organizations.id} = ${org} AND ${organizations.name} = ${from}`),
      ),
      changedOrFail(database.db, organizations, organizations.id, org),
      ...incrementCounters(database.db, org, [counter("renamed")]),
    ]);
  const nameOf = async (org: string) =>
    (await database.db.select().from(organizations).where(eq(organizations.id, org)).get())?.name;

  it("lets an update that changed its row commit", async () => {
    const org = await database.org();
    const before = await nameOf(org);
    if (!before) throw new Error("no organisation");
    await rename(org, before, "ชื่อใหม่");
    expect(await nameOf(org)).toBe("ชื่อใหม่");
    expect(await countersOf(org)).toEqual({ renamed: 1 });
  });

  it("fails the whole commit, as a unique violation, when the update lost the race (changed nothing)", async () => {
    const org = await database.org();
    const before = await nameOf(org);
    if (!before) throw new Error("no organisation");
    await rename(org, before, "ชื่อแรก");
    const error = await failureOf(rename(org, before, "ชื่อที่สอง"));
    expect(isUniqueViolation(error)).toBe(true);
    expect(await nameOf(org)).toBe("ชื่อแรก");
    expect(await countersOf(org)).toEqual({ renamed: 1 });
  });
});
