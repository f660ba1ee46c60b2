/**
 * The outbox (src/db/repos/outbox.repo.ts) on both drivers: batches inserted in bulk, claimed oldest
 * first per recipient, settled (sent, retried, failed), a crash's leftovers settled at start, and
 * the acknowledgement-to-answer histogram its trigger keeps for /metrics (migrations/0010).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atomic } from "../../src/db/client";
import { readCounters } from "../../src/db/repos/metrics.repo";
import {
  claimOldestOutbox,
  dueOutboxRecipients,
  finishOutbox,
  INTERRUPTED_REPLY,
  insertOutbox,
  type NewOutboxRow,
  outboxHealth,
  retryOutbox,
  settleInterruptedOutbox,
} from "../../src/db/repos/outbox.repo";
import { outbox } from "../../src/db/schema";
import { newLineUserId } from "../../src/simulator/webhook-events";
import { type ContractDatabase, CONTRACT_NOW as NOW, openContractDatabase } from "./database";

const LEASE = 30_000;

let database: ContractDatabase;
beforeAll(async () => {
  database = await openContractDatabase();
});
afterAll(() => database?.close());

let keys = 0;
const batch = (to: string, overrides: Partial<NewOutboxRow> = {}): NewOutboxRow => ({
  to,
  replyToken: null,
  replyDeadline: null,
  messages: JSON.stringify([{ type: "text", text: `ข้อความ ${++keys}` }]),
  retryKey: `key-${keys}`,
  nextAttemptAt: NOW,
  createdAt: NOW,
  ...overrides,
});

const textOf = (messages: string) => (JSON.parse(messages) as Array<{ text: string }>)[0]?.text;

describe("the outbox", () => {
  it("stores every value as given, in the order given, over statements of at most ~600,000 characters", async () => {
    await database.fresh();
    const to = newLineUserId();
    // Thai text with quotes, backslashes and a newline, 300 rows of ~5,000 characters: about 1.5
    // million characters of JSON, so more than one statement (D1 takes a string of up to 2 MB).
    const long = `ข้อความ "อ้างอิง" \\ ทดสอบ\n${"ก".repeat(5000)}`;
    const rows = Array.from({ length: 300 }, (_, i) =>
      batch(to, {
        messages: JSON.stringify([{ type: "text", text: `${i} ${long}` }]),
        replyToken: i % 2 === 0 ? `token-${i}` : null,
        replyDeadline: i % 2 === 0 ? NOW + 50_000 : null,
        sourceEventId: i,
        answersEventAt: i === 0 ? NOW - 1 : null,
      }),
    );
    const statements = insertOutbox(database.db, rows);
    expect(statements.length).toBeGreaterThan(1);
    await atomic(database.db, statements);
    const stored = await database.db.select().from(outbox).orderBy(outbox.id);
    expect(stored.map((row) => row.sourceEventId)).toEqual(rows.map((_, i) => i));
    for (const [i, row] of stored.entries()) {
      const given = rows[i];
      expect(row).toMatchObject({
        to,
        messages: given?.messages,
        replyToken: given?.replyToken,
        replyDeadline: given?.replyDeadline,
        retryKey: given?.retryKey,
        answersEventAt: given?.answersEventAt ?? null,
        nextAttemptAt: NOW,
        createdAt: NOW,
        // The columns left out start at their defaults.
        status: "pending",
        attempts: 0,
        leaseUntil: 0,
      });
    }
  });

  it("inserts a hundred batches in one commit and hands out each recipient's oldest, 100 recipients at once", async () => {
    await database.fresh();
    const recipients = Array.from({ length: 100 }, () => newLineUserId());
    const [first = ""] = recipients;
    const rows = [...recipients.map((to) => batch(to)), batch(first), batch(first)];
    await atomic(database.db, insertOutbox(database.db, rows));
    expect(await outboxHealth(database.db)).toMatchObject({
      pending: 102,
      failed: 0,
      oldestPendingAt: NOW,
    });

    const due = await dueOutboxRecipients(database.db, NOW, 500);
    expect(due.sort()).toEqual([...recipients].sort());
    const claimed = await claimOldestOutbox(database.db, due, NOW, LEASE);
    expect(claimed).toHaveLength(100);
    const firsts = claimed.filter((row) => row.to === first);
    expect(firsts.map((row) => [row.status, row.attempts, textOf(row.messages)])).toEqual([
      ["sending", 1, textOf(rows[0]?.messages ?? "")],
    ]);
    // Held: nothing more for anyone until they are settled.
    expect(await claimOldestOutbox(database.db, recipients, NOW, LEASE)).toEqual([]);

    await atomic(
      database.db,
      finishOutbox(
        database.db,
        claimed.map((row) => row.id),
        { status: "sent", lastStatus: 200, at: NOW + 10 },
      ),
    );
    const next = await claimOldestOutbox(database.db, recipients, NOW + 10, LEASE);
    expect(next.map((row) => textOf(row.messages))).toEqual([textOf(rows[100]?.messages ?? "")]);
    expect(await outboxHealth(database.db)).toMatchObject({ pending: 2 });
  });

  it("retries a batch when it is due, as a push once its reply token is dropped, and keeps its retry key", async () => {
    await database.fresh();
    const to = newLineUserId();
    await atomic(
      database.db,
      insertOutbox(database.db, [batch(to, { replyToken: "reply-token", replyDeadline: NOW + 60_000 })]),
    );
    const [sending] = await claimOldestOutbox(database.db, [to], NOW, LEASE);
    if (!sending) throw new Error("nothing claimed");
    await atomic(database.db, [
      retryOutbox(database.db, sending.id, {
        at: NOW + 1000,
        lastStatus: 500,
        error: "LINE ตอบ 500",
        dropReplyToken: true,
      }),
    ]);
    expect(await claimOldestOutbox(database.db, [to], NOW + 999, LEASE)).toEqual([]);
    const [again] = await claimOldestOutbox(database.db, [to], NOW + 1000, LEASE);
    expect(again).toMatchObject({
      id: sending.id,
      attempts: 2,
      replyToken: null,
      retryKey: sending.retryKey,
      lastStatus: 500,
      lastError: "LINE ตอบ 500",
    });
    await atomic(
      database.db,
      finishOutbox(database.db, [sending.id], {
        status: "failed",
        lastStatus: 400,
        error: "ไม่ถูกต้อง",
        at: NOW,
      }),
    );
    expect(await outboxHealth(database.db)).toMatchObject({ pending: 0, failed: 1 });
  });

  it("settles what a crash left sending: a fresh reply is tried again as a reply, an expired one is unknown (never sent twice), a push goes again at once", async () => {
    await database.fresh();
    const [fresh, expired, pushed] = [newLineUserId(), newLineUserId(), newLineUserId()];
    await atomic(
      database.db,
      insertOutbox(database.db, [
        batch(fresh, { replyToken: "fresh-token", replyDeadline: NOW + 60_000 }),
        batch(expired, { replyToken: "old-token", replyDeadline: NOW + 1 }),
        batch(pushed),
      ]),
    );
    const everyone = [fresh, expired, pushed];
    expect(await claimOldestOutbox(database.db, everyone, NOW, LEASE)).toHaveLength(3);
    await settleInterruptedOutbox(database.db, NOW + 5);
    expect((await dueOutboxRecipients(database.db, NOW + 5, 10)).sort()).toEqual([fresh, pushed].sort());
    const again = await claimOldestOutbox(database.db, everyone, NOW + 5, LEASE);
    expect(again.find((row) => row.to === fresh)).toMatchObject({
      replyToken: "fresh-token",
      lastError: INTERRUPTED_REPLY,
      attempts: 2,
    });
    expect(again.find((row) => row.to === pushed)).toMatchObject({ replyToken: null, attempts: 2 });
    expect(again.find((row) => row.to === expired)).toBeUndefined();
    expect(await outboxHealth(database.db)).toMatchObject({ pending: 2, failed: 0 });
  });

  it("counts the time from acknowledgement to answer when an answering batch is sent (for /metrics)", async () => {
    await database.fresh();
    const to = newLineUserId();
    await atomic(
      database.db,
      insertOutbox(database.db, [batch(to, { answersEventAt: NOW - 400 }), batch(to)]),
    );
    const [answer] = await claimOldestOutbox(database.db, [to], NOW, LEASE);
    if (!answer) throw new Error("nothing claimed");
    await atomic(database.db, finishOutbox(database.db, [answer.id], { status: "sent", at: NOW }));
    const counters = Object.fromEntries(
      (await readCounters(database.db)).map((row) => [`${row.name}{${row.labels}}`, row.value]),
    );
    expect(counters).toEqual({
      'prongsai_event_answer_seconds_bucket{le="0.5"}': 1,
      'prongsai_event_answer_seconds_bucket{le="1"}': 1,
      'prongsai_event_answer_seconds_bucket{le="2.5"}': 1,
      'prongsai_event_answer_seconds_bucket{le="5"}': 1,
      'prongsai_event_answer_seconds_bucket{le="10"}': 1,
      'prongsai_event_answer_seconds_bucket{le="30"}': 1,
      'prongsai_event_answer_seconds_bucket{le="60"}': 1,
      'prongsai_event_answer_seconds_bucket{le="300"}': 1,
      'prongsai_event_answer_seconds_bucket{le="+Inf"}': 1,
      "prongsai_event_answer_seconds_sum{}": 0.4,
      "prongsai_event_answer_seconds_count{}": 1,
    });
  });
});
