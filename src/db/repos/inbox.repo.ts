import { eq, inArray, sql } from "drizzle-orm";
import type { WebhookEvent } from "../../line/webhook.schema";
import { chatKeyOf } from "../../line/webhook.schema";
import { retryWhenBusy } from "../busy";
import { type AppDb, atomic, statement } from "../client";
import { jsonRowsInsert } from "../json-rows";
import { driverOf } from "../port";
import { preparedFor } from "../prepared";
import { type InboxEvent, inboxEvents } from "../schema";

const insertOneQuery = preparedFor((db) =>
  db
    .insert(inboxEvents)
    .values({
      webhookEventId: sql.placeholder("webhookEventId"),
      chatKey: sql.placeholder("chatKey"),
      type: sql.placeholder("type"),
      eventAt: sql.placeholder("eventAt"),
      payload: sql.placeholder("payload"),
      receivedAt: sql.placeholder("receivedAt"),
      nextAttemptAt: sql.placeholder("nextAttemptAt"),
    })
    .onConflictDoNothing()
    .prepare(),
);

type InboxRow = Parameters<ReturnType<typeof insertOneQuery>["run"]>[0];

const rowOf = (event: WebhookEvent, now: number) => ({
  webhookEventId: event.webhookEventId,
  chatKey: chatKeyOf(event),
  type: event.type,
  eventAt: event.timestamp,
  payload: JSON.stringify(event),
  receivedAt: now,
  nextAttemptAt: now,
});

/**
 * What the webhook stores of an event, the rest (status, attempts, lease…) at its default, as one
 * write's statements (one round trip on D1), in arrival order; a redelivered event is skipped.
 */
const insertStored = jsonRowsInsert(
  inboxEvents,
  ["webhookEventId", "chatKey", "type", "eventAt", "payload", "receivedAt", "nextAttemptAt"],
  { ignoreConflicts: true },
);

/** Events written per commit at most (a webhook carries at most 100 itself). */
const MAX_ROWS_PER_COMMIT = 500;

const nextTurn: (run: () => void) => void =
  typeof setImmediate === "function" ? (run) => setImmediate(run) : (run) => setTimeout(run, 0);

export interface InboxWriter {
  /** Resolves once the events are stored (committed), or rejects with the write's error. */
  store(events: WebhookEvent[], now: number): Promise<void>;
}

/** A call's events waiting for the write they will share, and how to tell it the outcome. */
interface Waiting {
  rows: ReturnType<typeof rowOf>[];
  done(error?: unknown): void;
}

/** A call's events queued for the next shared write; its promise settles with that write. */
function queued(waiting: Waiting[], events: WebhookEvent[], now: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const rows = events.map((event) => rowOf(event, now));
    waiting.push({ rows, done: (error) => (error === undefined ? resolve() : reject(error)) });
  });
}

/** One shared write of `batch`; every call in it gets the write's outcome (all stored, or none). */
async function writeShared(
  batch: Waiting[],
  write: (rows: ReturnType<typeof rowOf>[]) => Promise<void>,
  giveUpAfterMs: number,
): Promise<void> {
  try {
    await retryWhenBusy(() => write(batch.flatMap((entry) => entry.rows)), giveUpAfterMs);
    for (const entry of batch) entry.done();
  } catch (error) {
    for (const entry of batch) entry.done(error);
  }
}

/**
 * The webhook's inbox writes, committed together (group commit): each call answers only after its
 * own events are committed, a failed commit fails every call in it (nothing of it is stored), and a
 * locked database is retried for up to `giveUpAfterMs`. Where the driver commits synchronously on
 * this thread (its `transactionSync`, better-sqlite3), the events of every call made in the same turn
 * of the event loop share a transaction: that costs no call anything but the wait for the next turn.
 * On D1, see `groupedAsyncWriter`.
 */
export function createInboxWriter(db: AppDb, giveUpAfterMs: number): InboxWriter {
  const insertOne = (row: InboxRow) => insertOneQuery(db).run(row);
  const transactionSync = driverOf(db).transactionSync;
  if (!transactionSync) return groupedAsyncWriter(db, giveUpAfterMs);
  /**
   * better-sqlite3: one event (one per webhook, the common case) through the prepared statement; more
   * row by row through it in one synchronous transaction (one commit, one WAL append).
   */
  const insertRows = async (rows: ReturnType<typeof rowOf>[]) => {
    const [only] = rows;
    if (!only) return;
    if (rows.length === 1) {
      await insertOne(only as InboxRow);
      return;
    }
    transactionSync(() => {
      for (const row of rows) insertOne(row as InboxRow);
    });
  };
  let waiting: Waiting[] = [];
  let rowCount = 0;
  let scheduled = false;

  async function flush() {
    scheduled = false;
    const batch = waiting;
    waiting = [];
    rowCount = 0;
    await writeShared(batch, insertRows, giveUpAfterMs);
  }

  return {
    store(events, now) {
      if (events.length === 0) return Promise.resolve();
      if (rowCount + events.length > MAX_ROWS_PER_COMMIT) void flush();
      const stored = queued(waiting, events, now);
      rowCount += events.length;
      if (!scheduled) {
        scheduled = true;
        nextTurn(() => void flush());
      }
      return stored;
    },
  };
}

/**
 * How long the first call of an idle D1 writer waits for others to join its write. Measured under the
 * bench's load on local workerd (`NO_PROFILE=1 tsx scripts/profile-worker.ts`, counting D1 calls):
 * writing at once grouped 1.8–2.0 events a write, 0.55 writes per event, 1.65 ms of the thread per
 * event; waiting 5 ms grouped 6.7, 0.15 writes per event, 1.28 ms. LINE allows 2 s for the 200.
 */
const D1_GROUP_WINDOW_MS = 5;

/**
 * D1, where a commit is a round trip (about 1 ms of local workerd's one thread each, and the largest
 * part of acknowledging a webhook): one write in flight at a time, started D1_GROUP_WINDOW_MS after
 * the first call, and the events of every call that arrives meanwhile go into it, or into the next
 * one, together. Only inside the organisation's Durable Object, whose concurrent calls share one I/O
 * context ("A Durable Object shares one I/O context across all concurrent requests", Cloudflare's
 * Dynamic Workers limits), so one call's write may settle another's promise; in a Worker's request
 * handler that is not allowed.
 */
function groupedAsyncWriter(db: AppDb, giveUpAfterMs: number): InboxWriter {
  const waiting: Waiting[] = [];
  /** A write is due (within the window) or in flight: new calls only join `waiting`. */
  let writing = false;

  /** The calls of the next write: all waiting, up to MAX_ROWS_PER_COMMIT rows (at least one call). */
  function nextBatch() {
    let rows = 0;
    let take = 0;
    while (
      take < waiting.length &&
      (take === 0 || rows + (waiting[take]?.rows.length ?? 0) <= MAX_ROWS_PER_COMMIT)
    ) {
      rows += waiting[take]?.rows.length ?? 0;
      take++;
    }
    return waiting.splice(0, take);
  }

  async function writeAll() {
    while (waiting.length > 0) {
      await writeShared(nextBatch(), (rows) => atomic(db, insertStored(db, rows)), giveUpAfterMs);
    }
    writing = false;
  }

  return {
    store(events, now) {
      if (events.length === 0) return Promise.resolve();
      const stored = queued(waiting, events, now);
      if (!writing) {
        writing = true;
        setTimeout(() => void writeAll(), D1_GROUP_WINDOW_MS);
      }
      return stored;
    },
  };
}

/** Open events looked at per claim at most, from the low watermark up, in arrival order. */
const CLAIM_WINDOW = 2000;

interface OpenEvent {
  id: number;
  chatKey: string;
  eventAt: number;
  status: string;
  nextAttemptAt: number;
  leaseUntil: number;
}

/**
 * Claim up to `limit` due events, at most one per chat: an event waits while an earlier event of its
 * chat is still open (pending or being handled). So a chat's events are handled one after another
 * in event-time order, the events of one claim are independent of each other, and a failing event
 * holds back only its own chat.
 *
 * Open events are found by scanning ids upward from the low watermark (below it
 * every event is finished), which then moves up to the oldest event still open. The scan reads a
 * few times `limit` events at a time and goes on only while it has found too few chats (a backlog
 * of one busy chat), up to CLAIM_WINDOW events: under a burst most of the backlog is never read.
 */
export async function claimInboxEvents(
  db: AppDb,
  now: number,
  leaseMs: number,
  limit: number,
): Promise<InboxEvent[]> {
  const mark = await db.get<{ low: number | null; high: number | null }>(sql`
    SELECT (SELECT low_id FROM inbox_watermarks WHERE id = 1) AS low,
      (SELECT max(id) FROM inbox_events) AS high`);
  const low = mark?.low ?? 0;
  const high = mark?.high ?? 0; // read first: any event stored later gets a higher id
  if (high < low) return [];

  const seen = new Set<string>();
  const ids: number[] = [];
  const step = Math.min(CLAIM_WINDOW, Math.max(100, limit * 4));
  let oldestOpen: number | undefined;
  for (let from = low, scanned = 0; scanned < CLAIM_WINDOW && ids.length < limit; ) {
    const open = await db.all<OpenEvent>(sql`
      SELECT id, chat_key AS chatKey, event_at AS eventAt, status, next_attempt_at AS nextAttemptAt,
        lease_until AS leaseUntil
      FROM inbox_events INDEXED BY inbox_open_idx
      WHERE id >= ${from} AND id <= ${high} AND status IN ('pending', 'processing')
      ORDER BY id LIMIT ${step}`);
    oldestOpen ??= open[0]?.id;
    const lastId = open.at(-1)?.id;
    for (const event of open.sort((a, b) => a.eventAt - b.eventAt || a.id - b.id)) {
      if (seen.has(event.chatKey)) continue; // an earlier event of this chat is still open
      seen.add(event.chatKey);
      const claimable = event.nextAttemptAt <= now && (event.status === "pending" || event.leaseUntil < now);
      if (claimable) ids.push(event.id);
      if (ids.length >= limit) break;
    }
    if (open.length < step || lastId === undefined) break; // the scan reached the newest event
    from = lastId + 1;
    scanned += open.length;
  }

  const nextLow = oldestOpen ?? high + 1;
  if (nextLow > low) {
    await retryWhenBusy(() =>
      db.run(sql`
        INSERT INTO inbox_watermarks (id, low_id) VALUES (1, ${nextLow})
        ON CONFLICT (id) DO UPDATE SET low_id = max(low_id, excluded.low_id)`),
    );
  }

  const claimed: InboxEvent[] = [];
  for (let i = 0; i < ids.length; i += 90) {
    const part = ids.slice(i, i + 90);
    // The status check again: another worker may have claimed some of them meanwhile.
    const rows = await retryWhenBusy(() =>
      db.all<InboxEvent>(sql`
      UPDATE inbox_events SET status = 'processing', lease_until = ${now + leaseMs}, attempts = attempts + 1
      WHERE id IN (${sql.join(part, sql`, `)}) AND next_attempt_at <= ${now}
        AND (status = 'pending' OR (status = 'processing' AND lease_until < ${now}))
      RETURNING id, webhook_event_id AS webhookEventId, chat_key AS chatKey, type,
        event_at AS eventAt, payload, received_at AS receivedAt, status, attempts,
        next_attempt_at AS nextAttemptAt, lease_until AS leaseUntil, last_error AS lastError,
        handled_at AS handledAt`),
    );
    claimed.push(...rows);
  }
  return claimed;
}

/** As statements for `atomic` (90 ids each, for D1's 100 bound parameters), committed with the outcome. */
export function markInboxDone(db: AppDb, ids: number[], now: number) {
  const statements = [];
  for (let i = 0; i < ids.length; i += 90) {
    statements.push(
      statement(
        db
          .update(inboxEvents)
          .set({ status: "done", handledAt: now, lastError: null, leaseUntil: 0 })
          .where(inArray(inboxEvents.id, ids.slice(i, i + 90))),
      ),
    );
  }
  return statements;
}

/** Record a failure: retry after `retryAt`, or give up (status `failed`) when `retryAt` is null. */
export function markInboxFailed(db: AppDb, id: number, error: string, retryAt: number | null) {
  return statement(
    db
      .update(inboxEvents)
      .set(
        retryAt === null
          ? { status: "failed", lastError: error.slice(0, 1000), leaseUntil: 0 }
          : { status: "pending", lastError: error.slice(0, 1000), nextAttemptAt: retryAt, leaseUntil: 0 },
      )
      .where(eq(inboxEvents.id, id)),
  );
}

/** At start, events left `processing` by a crash are handed out again at once. */
export async function resetInterruptedInbox(db: AppDb) {
  await retryWhenBusy(() =>
    db.run(sql`
    UPDATE inbox_events SET status = 'pending', lease_until = 0
    WHERE id >= coalesce((SELECT low_id FROM inbox_watermarks WHERE id = 1), 0)
      AND status = 'processing'`),
  );
}

export async function inboxCounts(db: AppDb): Promise<Record<string, number>> {
  const rows = await db.all<{ status: string; n: number }>(
    sql`SELECT status, count(*) AS n FROM inbox_events GROUP BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * When the inbox next has work (ms): the earliest retry or lease end of an open event, or null when
 * nothing is open. Reads the partial index of open events only (a processor's alarm asks after each run).
 */
export async function nextInboxDueAt(db: AppDb): Promise<number | null> {
  const row = await db.get<{ due: number | null }>(sql`
    SELECT min(CASE WHEN status = 'pending' THEN next_attempt_at ELSE max(next_attempt_at, lease_until) END) AS due
    FROM inbox_events INDEXED BY inbox_open_idx
    WHERE status IN ('pending', 'processing')
      AND id >= coalesce((SELECT low_id FROM inbox_watermarks WHERE id = 1), 0)`);
  return row?.due ?? null;
}
