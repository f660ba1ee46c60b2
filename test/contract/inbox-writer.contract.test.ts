/**
 * The webhook's inbox writer (createInboxWriter) on both drivers: concurrent webhooks' events all
 * stored, sharing writes (a turn's transaction on better-sqlite3; on D1, inside the organisation's
 * Durable Object, one write in flight and every call arriving meanwhile in the next).
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
    "on D1 writes the calls that arrive during a write together in the next one",
    async () => {
      await database.fresh();
      const writer = createInboxWriter(database.db, 1500);
      const writes = await countingWrites(async () => {
        await Promise.all(Array.from({ length: 40 }, () => writer.store(oneEvent(), NOW)));
      });
      // The first call's write, then the other 39 together.
      expect(writes).toBe(2);
      expect((await inboxCounts(database.db)).pending).toBe(40);
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
