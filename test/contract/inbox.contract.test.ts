/**
 * The inbox (src/db/repos/inbox.repo.ts) on both drivers: stored once per webhook event id, claimed
 * one per chat in event-time order, settled done / retried / failed with the counters /metrics reads
 * (triggers of migrations/0010), and handed out again after a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atomic } from "../../src/db/client";
import {
  claimInboxEvents,
  createInboxWriter,
  inboxCounts,
  markInboxDone,
  markInboxFailed,
  resetInterruptedInbox,
} from "../../src/db/repos/inbox.repo";
import { readCounters } from "../../src/db/repos/metrics.repo";
import { type WebhookEvent, webhookBodySchema } from "../../src/line/webhook.schema";
import { newLineUserId, webhookEvent } from "../../src/simulator/webhook-events";
import { type ContractDatabase, CONTRACT_NOW as NOW, openContractDatabase } from "./database";

const LEASE = 60_000;

let database: ContractDatabase;
beforeAll(async () => {
  database = await openContractDatabase();
});
afterAll(() => database?.close());

/** Text events as LINE sends them (a body carries at most 100), `count` per user, a millisecond apart. */
function textEvents(userIds: string[], count = 1, firstAt = NOW - 10_000): WebhookEvent[] {
  const raw = userIds.flatMap((userId) =>
    Array.from({ length: count }, (_, i) =>
      webhookEvent({ type: "text", text: `ข้อความ ${i}` }, { userId, timestamp: firstAt + i }),
    ),
  );
  const events: WebhookEvent[] = [];
  for (let i = 0; i < raw.length; i += 100) {
    events.push(...webhookBodySchema.parse({ destination: "Ubot", events: raw.slice(i, i + 100) }).events);
  }
  return events;
}

const users = (n: number) => Array.from({ length: n }, () => newLineUserId());

async function store(events: WebhookEvent[], now = NOW) {
  const writer = createInboxWriter(database.db, 1000);
  for (let i = 0; i < events.length; i += 100) await writer.store(events.slice(i, i + 100), now);
}

async function countersOf() {
  return Object.fromEntries(
    (await readCounters(database.db)).map((row) => [`${row.name}{${row.labels}}`, row.value]),
  );
}

const textOf = (payload: string) => (JSON.parse(payload) as { message: { text: string } }).message.text;

describe("the inbox", () => {
  it("stores a webhook's events once, a full body of 100 included, however often LINE redelivers", async () => {
    await database.fresh();
    const events = textEvents(users(100));
    await store(events);
    await store(events.slice(0, 30));
    // Requests of one turn (a group commit on better-sqlite3, a commit each on D1).
    const writer = createInboxWriter(database.db, 1000);
    await Promise.all([writer.store(events.slice(30, 31), NOW), writer.store(textEvents(users(2)), NOW)]);
    expect(await inboxCounts(database.db)).toEqual({ pending: 102 });
  });

  it("hands out one event per chat, the earliest by event time, and nothing of a chat while it is held", async () => {
    await database.fresh();
    const [busy = "", quiet = ""] = users(2);
    await store(textEvents([busy], 3).reverse());
    await store(textEvents([quiet], 1));
    const claimed = await claimInboxEvents(database.db, NOW, LEASE, 10);
    expect(claimed.map((event) => event.chatKey).sort()).toEqual([busy, quiet].sort());
    expect(textOf(claimed.find((event) => event.chatKey === busy)?.payload ?? "")).toBe("ข้อความ 0");
    expect(claimed.every((event) => event.status === "processing" && event.attempts === 1)).toBe(true);
    expect(await claimInboxEvents(database.db, NOW, LEASE, 10)).toEqual([]);
    expect(await countersOf()).toEqual({ 'prongsai_webhook_events_received_total{type="message"}': 2 });
  });

  it("marks more than 90 events done in one commit and counts them", async () => {
    await database.fresh();
    await store(textEvents(users(120)));
    const claimed = await claimInboxEvents(database.db, NOW, LEASE, 200);
    expect(claimed).toHaveLength(120);
    await atomic(
      database.db,
      markInboxDone(
        database.db,
        claimed.map((event) => event.id),
        NOW + 1,
      ),
    );
    expect(await inboxCounts(database.db)).toEqual({ done: 120 });
    expect(await countersOf()).toMatchObject({
      'prongsai_webhook_events_handled_total{outcome="done"}': 120,
    });
  });

  it("retries a failed event when it is due, then gives it up as failed", async () => {
    await database.fresh();
    const [userId = ""] = users(1);
    await store(textEvents([userId], 2));
    const [first] = await claimInboxEvents(database.db, NOW, LEASE, 10);
    if (!first) throw new Error("nothing claimed");
    await atomic(database.db, [markInboxFailed(database.db, first.id, "LINE ตอบ 500", NOW + 1000)]);
    // Not before it is due, and the chat's later event waits behind it.
    expect(await claimInboxEvents(database.db, NOW + 999, LEASE, 10)).toEqual([]);
    const [again] = await claimInboxEvents(database.db, NOW + 1000, LEASE, 10);
    expect(again).toMatchObject({ id: first.id, attempts: 2, lastError: "LINE ตอบ 500" });
    await atomic(database.db, [markInboxFailed(database.db, first.id, "ยังล้มเหลว", null)]);
    const [next] = await claimInboxEvents(database.db, NOW + 1000, LEASE, 10);
    expect(next && textOf(next.payload)).toBe("ข้อความ 1");
    expect(await inboxCounts(database.db)).toEqual({ failed: 1, processing: 1 });
    expect(await countersOf()).toEqual({
      'prongsai_webhook_events_received_total{type="message"}': 2,
      'prongsai_webhook_events_handled_total{outcome="retry"}': 1,
      'prongsai_webhook_events_handled_total{outcome="failed"}': 1,
    });
  });

  it("hands out events a crash left held at once, not after their lease", async () => {
    await database.fresh();
    await store(textEvents(users(3)));
    expect(await claimInboxEvents(database.db, NOW, LEASE, 10)).toHaveLength(3);
    expect(await claimInboxEvents(database.db, NOW + 1, LEASE, 10)).toEqual([]);
    await resetInterruptedInbox(database.db);
    expect(await inboxCounts(database.db)).toEqual({ pending: 3 });
    const again = await claimInboxEvents(database.db, NOW + 1, LEASE, 10);
    expect(again.map((event) => event.attempts)).toEqual([2, 2, 2]);
  });
});
