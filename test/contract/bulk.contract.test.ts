/**
 * Bulk writes split for D1's 100 bound parameters per statement (drizzle binds the defaults of left-out
 * columns too), run for real on both drivers: measures with their units, and the counters /metrics
 * reads (src/db/repos/metrics.repo.ts), summed on conflict.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atomic } from "../../src/db/client";
import {
  insertMeasures,
  listMeasures,
  type NewMeasure,
  unitsOfMeasures,
} from "../../src/db/repos/measures.repo";
import {
  EVENT_ANSWER_BUCKETS,
  incrementCounters,
  observe,
  readCounters,
} from "../../src/db/repos/metrics.repo";
import { insertUnit, listUnits } from "../../src/db/repos/units.repo";
import { type ContractDatabase, CONTRACT_NOW as NOW, openContractDatabase } from "./database";

let database: ContractDatabase;
beforeAll(async () => {
  database = await openContractDatabase();
});
afterAll(() => database?.close());

describe("bulk writes", () => {
  it("inserts 40 measures with three units each in one commit", async () => {
    const { db } = database;
    await database.fresh();
    await atomic(
      db,
      ["กองช่าง", "กองคลัง", "สำนักปลัด"].map((name, i) =>
        insertUnit(db, { id: `u${i}`, name, createdAt: NOW + i }),
      ),
    );
    const unitIds = (await listUnits(db)).map((unit) => unit.id);
    const plans: NewMeasure[] = Array.from({ length: 40 }, (_, i) => ({
      id: `m${i}`,
      fiscalYear: 2570,
      title: `มาตรการที่ ${i + 1}`,
      indicators: [1, 2],
      method: "วิธีดำเนินการ",
      unitIds,
      startMonth: "2026-10",
      endMonth: "2027-09",
      kpi: "ร้อยละ 100",
      budget: 1000,
      status: "in_progress",
      percent: 10,
      lastProgressAt: NOW,
      createdAt: NOW + i,
    }));
    await atomic(db, insertMeasures(db, plans));
    const stored = await listMeasures(db, { fiscalYear: 2570 });
    expect(stored.map((measure) => measure.title)).toEqual(plans.map((plan) => plan.title));
    expect(stored[0]).toMatchObject({ indicators: [1, 2], budget: 1000 });
    const links = await unitsOfMeasures(
      db,
      stored.map((measure) => measure.id),
    );
    expect([...links.values()].map((ids) => ids.sort())).toEqual(plans.map(() => [...unitIds].sort()));
  });

  it("rolls back every chunk of a bulk insert when one row fails", async () => {
    const { db } = database;
    await database.fresh();
    const plans: NewMeasure[] = Array.from({ length: 12 }, (_, i) => ({
      id: `m${i}`,
      fiscalYear: 2570,
      title: `มาตรการที่ ${i + 1}`,
      indicators: [],
      method: "",
      // The last one names a unit that does not exist (a foreign key failure in the last chunk).
      unitIds: i === 11 ? ["no-such-unit"] : [],
      startMonth: "2026-10",
      endMonth: "2027-09",
      kpi: "",
      budget: null,
      status: "in_progress",
      percent: 0,
      lastProgressAt: null,
      createdAt: NOW,
    }));
    await expect(atomic(db, insertMeasures(db, plans))).rejects.toThrow(/FOREIGN KEY/);
    expect(await listMeasures(db, {})).toEqual([]);
  });

  it("keeps /metrics counters: 60 label sets in one commit, summed with what is there", async () => {
    const { db } = database;
    await database.fresh();
    const increments = Array.from({ length: 60 }, (_, i) => ({
      name: "prongsai_test_total",
      labels: { kind: `k${i}`, quote: 'a"b' },
      by: 1,
    }));
    await atomic(db, incrementCounters(db, increments));
    await atomic(db, incrementCounters(db, [...increments.slice(0, 30), ...increments.slice(0, 30)]));
    await atomic(db, incrementCounters(db, observe("prongsai_test_seconds", EVENT_ANSWER_BUCKETS, 0.3)));
    const counters = new Map(
      (await readCounters(db)).map((row) => [`${row.name}{${row.labels}}`, row.value]),
    );
    expect(counters.get('prongsai_test_total{kind="k0",quote="a\\"b"}')).toBe(3);
    expect(counters.get('prongsai_test_total{kind="k59",quote="a\\"b"}')).toBe(1);
    expect([...counters.keys()].filter((key) => key.startsWith("prongsai_test_total"))).toHaveLength(60);
    expect(counters.get('prongsai_test_seconds_bucket{le="0.25"}')).toBeUndefined();
    expect(counters.get('prongsai_test_seconds_bucket{le="0.5"}')).toBe(1);
    expect(counters.get('prongsai_test_seconds_bucket{le="+Inf"}')).toBe(1);
    expect(counters.get("prongsai_test_seconds_sum{}")).toBeCloseTo(0.3);
    expect(counters.get("prongsai_test_seconds_count{}")).toBe(1);
  });
});
