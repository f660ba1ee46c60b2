/**
 * The webhook's group commit: the events of requests verified in the same turn share one commit,
 * each caller resolves only once its rows are stored, and a failed commit fails every caller in it
 * with nothing stored. A real SQLite file; the transaction count is read by wrapping drizzle's
 * `transaction`, which the writer calls once per commit of several rows.
 */
import { count, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createInboxWriter } from "../src/db/repos/inbox.repo";
import { ensureOrganization } from "../src/db/repos/organizations.repo";
import { inboxEvents } from "../src/db/schema";
import { type WebhookEvent, webhookBodySchema } from "../src/line/webhook.schema";
import { openSqlite, type SqliteHandle } from "../src/runtime/sqlite";
import { newLineUserId, webhookEvent } from "../src/simulator/webhook-events";
import { tempDatabasePath } from "./support/bot";

let sqlite: SqliteHandle;
let transactions = 0;

beforeEach(async () => {
  sqlite = openSqlite(tempDatabasePath());
  await ensureOrganization(sqlite.db, "default", "เทศบาลตำบลทดสอบ", Date.now());
  transactions = 0;
  const db = sqlite.db as unknown as { transaction(run: () => void): unknown };
  const transaction = db.transaction.bind(db);
  db.transaction = (run) => {
    transactions++;
    return transaction(run);
  };
});
afterEach(() => sqlite.close());

const eventsOf = (n: number): WebhookEvent[] =>
  webhookBodySchema.parse({
    destination: "Ubot",
    events: Array.from({ length: n }, () =>
      webhookEvent({ type: "text", text: "เมนู" }, { userId: newLineUserId(), timestamp: Date.now() }),
    ),
  }).events;

const stored = async () => (await sqlite.db.select({ n: count() }).from(inboxEvents).get())?.n ?? 0;

describe("the inbox writer", () => {
  it("commits the events of 40 concurrent requests together, each answered once its rows are in", async () => {
    const writer = createInboxWriter(sqlite.db, 1500);
    const requests = Array.from({ length: 40 }, (_, i) => eventsOf(1 + (i % 3)));
    let answeredBeforeCommit = 0;
    await Promise.all(
      requests.map(async (events) => {
        await writer.store(events, Date.now());
        // By the time a caller hears back, its own events are readable.
        for (const event of events) {
          const row = await sqlite.db
            .select({ n: count() })
            .from(inboxEvents)
            .where(sql`${inboxEvents.webhookEventId} = ${event.webhookEventId}`)
            .get();
          if (row?.n !== 1) answeredBeforeCommit++;
        }
      }),
    );
    expect(answeredBeforeCommit).toBe(0);
    expect(await stored()).toBe(requests.flat().length);
    expect(transactions).toBe(1);
  });

  it("stores a redelivered event once, even twice in the same commit", async () => {
    const writer = createInboxWriter(sqlite.db, 1500);
    const [event] = eventsOf(1);
    if (!event) throw new Error("no event");
    await Promise.all([writer.store([event], 1), writer.store([event], 2), writer.store(eventsOf(1), 3)]);
    await writer.store([event], 4);
    expect(await stored()).toBe(2);
  });

  it("fails every request of a failed commit and stores none of it; the next commit is unaffected", async () => {
    const writer = createInboxWriter(sqlite.db, 1500);
    // A payload the table refuses (NOT NULL) makes the whole commit fail.
    const [broken] = eventsOf(1);
    if (!broken) throw new Error("no event");
    const refused = { ...broken, type: null } as unknown as WebhookEvent;
    const results = await Promise.allSettled([
      writer.store(eventsOf(2), 1),
      writer.store([refused], 1),
      writer.store(eventsOf(1), 1),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(await stored()).toBe(0);
    await writer.store(eventsOf(3), 2);
    expect(await stored()).toBe(3);
  });
});
