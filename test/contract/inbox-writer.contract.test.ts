/**
 * The webhook's inbox writer (createInboxWriter) on both drivers: concurrent webhooks' events all
 * stored, sharing writes (a turn's transaction on better-sqlite3; on D1, inside the organisation's
 * Durable Object, one write in flight, started a few milliseconds after its first call, and every
 * call arriving meanwhile in the next).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { driverOf } from "../../src/db/port";
import { createInboxWriter, inboxCounts } from "../../src/db/repos/inbox.repo";
import { type WebhookEvent, webhookBodySchema } from "../../src/line/webhook.schema";
import { newLineUserId, webhookEvent } from "../../src/simulator/webhook-events";
import { type ContractDatabase, CONTRACT_NOW as NOW, openContractDatabase } from "./database";

let database: ContractDatabase;
beforeAll(async () => {
  database = await openContractDatabase();
});
afterAll(() => database?.close());

const oneEvent = (): WebhookEvent[] =>
  webhookBodySchema.parse({
    destination: "Ubot",
    events: [webhookEvent({ type: "text", text: "เมนู" }, { userId: newLineUserId(), timestamp: NOW })],
  }).events;

/** Count the driver's all-or-nothing writes while `work` runs. */
async function countingWrites(work: () => Promise<void>): Promise<number> {
  const driver = driverOf(database.db) as { atomic: (queries: never) => Promise<void> };
  const atomic = driver.atomic;
  let writes = 0;
  driver.atomic = (queries) => {
    writes++;
    return atomic(queries);
  };
  try {
    await work();
  } finally {
    driver.atomic = atomic;
  }
  return writes;
}

describe("the inbox writer", () => {
  it("stores every event of 40 concurrent webhooks, and a redelivery once", async () => {
    await database.fresh();
    const writer = createInboxWriter(database.db, 1500);
    const bodies = Array.from({ length: 40 }, oneEvent);
    await Promise.all(bodies.map((events) => writer.store(events, NOW)));
    await writer.store(bodies[0] as WebhookEvent[], NOW);
    expect((await inboxCounts(database.db)).pending).toBe(40);
  });

  it.runIf(inject("databaseDriver") === "d1")(
    "on D1 writes the calls of a moment together, and those arriving during a write in the next one",
    async () => {
      await database.fresh();
      const writer = createInboxWriter(database.db, 1500);
      const together = await countingWrites(async () => {
        await Promise.all(Array.from({ length: 40 }, () => writer.store(oneEvent(), NOW)));
      });
      // The first call waits a few milliseconds for the others: one write for all 40.
      expect(together).toBe(1);

      // A write held in flight: the calls made meanwhile wait for it, then share the next one.
      const driver = driverOf(database.db) as { atomic: (queries: never) => Promise<void> };
      const atomic = driver.atomic;
      let release = () => {};
      let started = () => {};
      const writeStarted = new Promise<void>((resolve) => {
        started = resolve;
      });
      let held = false;
      driver.atomic = async (queries) => {
        if (!held) {
          held = true;
          started();
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        }
        return atomic(queries);
      };
      try {
        const after = await countingWrites(async () => {
          const first = writer.store(oneEvent(), NOW);
          await writeStarted;
          const during = Array.from({ length: 10 }, () => writer.store(oneEvent(), NOW));
          release();
          await Promise.all([first, ...during]);
        });
        expect(after).toBe(2);
      } finally {
        driver.atomic = atomic;
      }
      expect((await inboxCounts(database.db)).pending).toBe(51);
    },
  );

  it.runIf(inject("databaseDriver") === "d1")(
    "on D1 fails every call of a failed write, and the next write still succeeds",
    async () => {
      await database.fresh();
      const writer = createInboxWriter(database.db, 0);
      const driver = driverOf(database.db) as { atomic: (queries: never) => Promise<void> };
      const atomic = driver.atomic;
      driver.atomic = async () => {
        throw new Error("D1_ERROR: simulated");
      };
      const failed = await Promise.allSettled(Array.from({ length: 5 }, () => writer.store(oneEvent(), NOW)));
      driver.atomic = atomic;
      expect(failed.map((r) => r.status)).toEqual(Array(5).fill("rejected"));
      await writer.store(oneEvent(), NOW);
      expect((await inboxCounts(database.db)).pending).toBe(1);
    },
  );
});
