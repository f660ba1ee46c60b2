/**
 * Claiming inbox events: one per chat, the chat's earliest by event time, and a backlog of one busy
 * chat does not hide the other chats behind it (the scan reads on past its first step). A real
 * SQLite file, rows stored by the webhook's own writer.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimInboxEvents, createInboxWriter } from "../src/db/repos/inbox.repo";
import { ensureOrganization } from "../src/db/repos/organizations.repo";
import { type WebhookEvent, webhookBodySchema } from "../src/line/webhook.schema";
import { openSqlite, type SqliteHandle } from "../src/runtime/sqlite";
import { newLineUserId, webhookEvent } from "../src/simulator/webhook-events";
import { tempDatabasePath } from "./support/bot";

const ORG = "default";
const NOW = Date.UTC(2026, 11, 2, 3, 0, 0);
let sqlite: SqliteHandle;

beforeEach(async () => {
  sqlite = openSqlite(tempDatabasePath());
  await ensureOrganization(sqlite.db, ORG, "เทศบาลตำบลทดสอบ", NOW);
});
afterEach(() => sqlite.close());

function textEvents(userId: string, count: number, firstAt: number): WebhookEvent[] {
  const events = Array.from({ length: count }, (_, i) =>
    webhookEvent({ type: "text", text: `ข้อความ ${i}` }, { userId, timestamp: firstAt + i }),
  );
  // A webhook body carries at most 100 events: parse them as LINE would send them.
  const parsed: WebhookEvent[] = [];
  for (let i = 0; i < events.length; i += 100)
    parsed.push(...webhookBodySchema.parse({ destination: "Ubot", events: events.slice(i, i + 100) }).events);
  return parsed;
}

async function store(events: WebhookEvent[]) {
  const writer = createInboxWriter(sqlite.db, 1000);
  for (let i = 0; i < events.length; i += 100) await writer.store(events.slice(i, i + 100), NOW);
}

const textOf = (payload: string) => (JSON.parse(payload) as { message: { text: string } }).message.text;

describe("claiming inbox events", () => {
  it("finds the other chats behind one chat's backlog of many scan steps", async () => {
    const busy = newLineUserId();
    const quiet = [newLineUserId(), newLineUserId(), newLineUserId()];
    await store(textEvents(busy, 1500, NOW - 10_000));
    for (const [i, userId] of quiet.entries()) await store(textEvents(userId, 1, NOW - 5_000 + i));

    const claimed = await claimInboxEvents(sqlite.db, NOW, 60_000, 100);
    expect(claimed.map((e) => e.chatKey).sort()).toEqual([busy, ...quiet].sort());
    expect(textOf(claimed.find((e) => e.chatKey === busy)?.payload ?? "")).toBe("ข้อความ 0");
    // Claimed once: a second claim finds no chat free (each has an event being handled).
    expect(await claimInboxEvents(sqlite.db, NOW, 60_000, 100)).toEqual([]);
  });

  it("takes each chat's earliest event by event time, whatever order they arrived in", async () => {
    const userId = newLineUserId();
    await store(textEvents(userId, 3, NOW - 3_000).reverse());
    const [first] = await claimInboxEvents(sqlite.db, NOW, 60_000, 100);
    expect(textOf(first?.payload ?? "")).toBe("ข้อความ 0");
  });

  it("stops at the limit, one event per chat, and hands out the rest on later claims", async () => {
    const users = Array.from({ length: 250 }, () => newLineUserId());
    for (const userId of users) await store(textEvents(userId, 2, NOW - 1_000));
    const first = await claimInboxEvents(sqlite.db, NOW, 60_000, 100);
    const second = await claimInboxEvents(sqlite.db, NOW, 60_000, 100);
    const third = await claimInboxEvents(sqlite.db, NOW, 60_000, 100);
    expect([first.length, second.length, third.length]).toEqual([100, 100, 50]);
    const chats = [...first, ...second, ...third].map((e) => e.chatKey);
    expect(new Set(chats).size).toBe(250);
  });
});
