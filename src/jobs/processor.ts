import type { Bot, ChatStates } from "../bot/bot";
import type { Outcome } from "../bot/context";
import { atomic, type Statement } from "../db/client";
import { auditStatement } from "../db/repos/audit.repo";
import {
  claimInboxEvents,
  markInboxDone,
  markInboxFailed,
  nextInboxDueAt,
  resetInterruptedInbox,
} from "../db/repos/inbox.repo";
import {
  insertOutbox,
  type NewOutboxRow,
  nextOutboxDueAt,
  settleInterruptedOutbox,
} from "../db/repos/outbox.repo";
import { finishErasures } from "../db/repos/privacy.repo";
import type { InboxEvent } from "../db/schema";
import type { AppDeps } from "../deps";
import { HANDLED_EVENT_TYPES, handledEventSchema } from "../line/webhook.schema";
import { outboxRowsOf } from "../services/commit";
import { createDelivery, type Delivery, eachLimited } from "./delivery.job";
import { outboxBatches } from "./outbox-batches";

export interface ProcessorLimits {
  /** Events claimed (and committed) together; at most one per chat. */
  batchSize: number;
  /** Events handled at once within a batch. */
  concurrency: number;
  /** Delivery rounds of earlier batches still running while the next batch is handled. */
  deliveriesInFlight: number;
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  /** LINE: a reply token is good for about a minute after the webhook; keep a margin. */
  replyWindowMs: number;
  /** A processing run stops after this long (what is left waits for the next run). */
  budgetMs: number;
  /** …or after this many batches (a Durable Object's run is one invocation, with a cap on D1 queries). */
  batchesPerRun: number;
}

/** A handler that asked for the loading animation shows it only if still working after this long. */
const LOADING_AFTER_MS = 1000;

export const PROCESSOR_LIMITS: ProcessorLimits = {
  batchSize: 100,
  concurrency: 32,
  deliveriesInFlight: 4,
  leaseMs: 60_000,
  maxAttempts: 5,
  retryBaseMs: 2_000,
  replyWindowMs: 50_000,
  budgetMs: Number.POSITIVE_INFINITY,
  batchesPerRun: Number.POSITIVE_INFINITY,
};

/** How long past its budget a run may go before the next kick no longer waits for it. */
const STALLED_AFTER_BUDGET_MS = 15_000;

export interface Processor {
  /** Handle whatever is due in the inbox; concurrent calls coalesce into one more pass. */
  kick(): Promise<void>;
  /** The periodic pass: due retries in the inbox and the outbox, finished erasures. */
  tick(): Promise<void>;
  /** At start: take back work a crash interrupted, then handle it. */
  recover(): Promise<void>;
  /**
   * When there is next something to do (ms): the earliest inbox retry or outbox retry, or null when
   * nothing is open. A host that sleeps between runs (a Durable Object's alarm) wakes up then.
   */
  nextDueAt(): Promise<number | null>;
  delivery: Delivery;
}

export interface ProcessorSetup {
  deps: AppDeps;
  bot: Bot;
  limits?: Partial<ProcessorLimits>;
  /**
   * Where the processor shares its thread with acknowledging webhooks (the organisation's Durable
   * Object; runtime/ack-priority.ts), it gives the thread back here between events:
   * handling a batch is otherwise one unbroken run of microtasks. Node's processing thread needs none.
   */
  yieldToHost?: () => Promise<void>;
}

/**
 * Events handled between two turns given back to the host. One against three, `NO_PROFILE=1 tsx
 * scripts/profile-worker.ts`, two runs each: ack p99 65–86 ms against 85–100 ms, workerd CPU per
 * event 0.78–0.82 ms against 0.92–0.97 ms.
 */
const EVENTS_PER_TURN = 1;

/**
 * The gate the lanes of one batch pass before each event: once EVENTS_PER_TURN events have started
 * since the last turn, it stays closed until the host's next turn is over, and every lane waits at
 * it, so the batch stops as a whole.
 */
function turns(yieldToHost: (() => Promise<void>) | undefined): () => Promise<void> | undefined {
  if (!yieldToHost) return () => undefined;
  let started = 0;
  let gate: Promise<void> | undefined;
  return () => {
    if (gate) return gate;
    if (started < EVENTS_PER_TURN) {
      started++;
      return undefined;
    }
    started = 0;
    gate = yieldToHost().finally(() => {
      gate = undefined;
    });
    return gate;
  };
}

/** What handling one claimed event came to, before anything is written. */
type Handled =
  | { event: InboxEvent; kind: "done"; statements: Statement[]; outbox: NewOutboxRow[] }
  | { event: InboxEvent; kind: "error"; error: string; final: boolean };

/**
 * The one processor of an organisation, on every runtime (hosted inline in tests, on the processing
 * thread under `npm start`, in the organisation's Durable Object on Workers). In each pass it claims a
 * batch of due events (one per chat), handles them side by side, commits every outcome — state,
 * answers for the outbox, the event's status — in one atomic write, then delivers the answers. An
 * event is committed once, so it is answered once.
 */
export function createProcessor({ deps, bot, limits, yieldToHost }: ProcessorSetup): Processor {
  const turn = turns(yieldToHost);
  const options: ProcessorLimits = { ...PROCESSOR_LIMITS, ...limits };
  const delivery = createDelivery(deps);
  const { db, log } = deps;

  function outboxRows(event: InboxEvent, replyToken: string | undefined, outcome: Outcome): NewOutboxRow[] {
    const now = deps.clock.now();
    const reply = replyToken
      ? { token: replyToken, deadline: event.receivedAt + options.replyWindowMs }
      : undefined;
    const answers = outboxBatches(deps, {
      to: event.chatKey,
      messages: outcome.replies,
      now,
      reply,
      sourceEventId: event.id,
    });
    // The first answer's delivery measures acknowledgement to answer (prongsai_event_answer_seconds).
    const [first, ...rest] = answers;
    return [
      ...(first ? [{ ...first, answersEventAt: event.receivedAt }, ...rest] : []),
      ...outboxRowsOf(deps, outcome, now, event.id),
    ];
  }

  /** The event's audit rows: the acting LINE user is the actor (kept for audit, never shown). */
  function auditRows(event: InboxEvent, outcome: Outcome): Statement[] {
    const at = deps.clock.now();
    return outcome.audit.map((row) => auditStatement(db, { at, actor: event.chatKey, ...row }));
  }

  async function handle(event: InboxEvent, loaded: ChatStates): Promise<Handled> {
    if (!HANDLED_EVENT_TYPES.has(event.type)) {
      return { event, kind: "done", statements: [], outbox: [] }; // kept, and ignored
    }
    const parsed = handledEventSchema.safeParse(JSON.parse(event.payload));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const error = `malformed ${event.type}: ${issue?.path.join(".")} ${issue?.message}`;
      return { event, kind: "error", error, final: true };
    }
    // The loading animation is worth its LINE call only when the answer is slow: it is shown when the
    // handler asked for it and is still working after LOADING_AFTER_MS, never for a quick answer.
    let loading: ReturnType<typeof setTimeout> | undefined;
    try {
      const handled = parsed.data;
      const outcome = await bot.handle(
        deps,
        handled,
        async (seconds) => {
          loading ??= setTimeout(() => void delivery.showLoading(event.chatKey, seconds), LOADING_AFTER_MS);
        },
        loaded,
      );
      const replyToken =
        "replyToken" in handled && typeof handled.replyToken === "string" ? handled.replyToken : undefined;
      return {
        event,
        kind: "done",
        statements: [...outcome.statements, ...auditRows(event, outcome)],
        outbox: outboxRows(event, replyToken, outcome),
      };
    } catch (error) {
      return {
        event,
        kind: "error",
        error: error instanceof Error ? error.message : String(error),
        final: false,
      };
    } finally {
      clearTimeout(loading);
    }
  }

  /** Everything a batch decided, with like writes merged: one insert for all answers, one status update. */
  function statementsOf(results: Handled[]): Statement[] {
    const done = results.filter((r) => r.kind === "done");
    const failed = results.filter((r) => r.kind === "error");
    return [
      ...done.flatMap((r) => r.statements),
      ...insertOutbox(
        db,
        done.flatMap((r) => r.outbox),
      ),
      ...markInboxDone(
        db,
        done.map((r) => r.event.id),
        deps.clock.now(),
      ),
      ...failed.map(failure),
    ];
  }

  function failure(result: Extract<Handled, { kind: "error" }>): Statement {
    const { event } = result;
    const retry = !result.final && event.attempts < options.maxAttempts;
    log.error("event handling failed", {
      eventId: event.webhookEventId,
      inboxId: event.id,
      attempt: event.attempts,
      willRetry: retry,
      error: result.error,
    });
    const retryAt = retry ? deps.clock.now() + options.retryBaseMs * 2 ** (event.attempts - 1) : null;
    return markInboxFailed(db, event.id, result.error, retryAt);
  }

  /** One write for the whole batch; if it fails, each event on its own, so one bad event fails alone. */
  async function commit(results: Handled[]): Promise<Handled[]> {
    try {
      await atomic(db, statementsOf(results));
      return results;
    } catch (batchError) {
      log.warn("batch commit failed; committing events one by one", { error: String(batchError) });
      const committed: Handled[] = [];
      for (const result of results) {
        try {
          await atomic(db, statementsOf([result]));
          committed.push(result);
        } catch (error) {
          await atomic(db, [
            failure({ event: result.event, kind: "error", error: String(error), final: false }),
          ]);
        }
      }
      return committed;
    }
  }

  async function passOnce(): Promise<number> {
    const claimed = await claimInboxEvents(db, deps.clock.now(), options.leaseMs, options.batchSize);
    if (claimed.length === 0) return 0;
    // The batch's chats are read together: one round trip instead of two per event (on D1 each is a
    // call to another service, the largest cost of an event on Workers).
    // If that read fails, each event reads its own chat (and fails on its own if the database does).
    const loaded = await bot
      .load(
        deps,
        claimed.filter((event) => HANDLED_EVENT_TYPES.has(event.type)).map((event) => event.chatKey),
      )
      .catch((error): ChatStates => {
        log.warn("reading the batch's chats failed; each event reads its own", { error: String(error) });
        return new Map();
      });
    const results: Handled[] = [];
    await eachLimited(claimed, options.concurrency, async (event) => {
      for (let gate = turn(); gate; gate = turn()) await gate;
      results.push(await handle(event, loaded));
    });
    const committed = await commit(results);
    // Deliveries overlap the next pass's handling; a recipient's batches still go out in order
    // (each round claims only a recipient's oldest open batch).
    const delivering = delivery
      .deliver(committed.flatMap((r) => (r.kind === "done" ? r.outbox.map((row) => row.to) : [])))
      .catch((error) => log.error("delivery round failed", { error: String(error) }))
      .finally(() => inFlight.delete(delivering));
    inFlight.add(delivering);
    if (inFlight.size >= options.deliveriesInFlight) await Promise.race(inFlight);
    return claimed.length;
  }

  const inFlight = new Set<Promise<unknown>>();

  let running: { pass: Promise<void>; startedAt: number } | null = null;
  let again = false;

  function kick(): Promise<void> {
    if (running) {
      // A run with a budget (a Durable Object's alarm) that is still going long after it should be
      // stalled (a handler that never settles): it is no longer joined, so one stall cannot stop the
      // organisation's processing. Leases keep the events it holds from being handled twice.
      const stalled = deps.clock.now() - running.startedAt > options.budgetMs + STALLED_AFTER_BUDGET_MS;
      if (!stalled) {
        again = true;
        return running.pass;
      }
      log.warn("a processing run outlived its budget; starting another", {
        startedAt: new Date(running.startedAt).toISOString(),
      });
    }
    const startedAt = deps.clock.now();
    const current: { pass: Promise<void>; startedAt: number } = { startedAt, pass: Promise.resolve() };
    current.pass = (async () => {
      let batches = 0;
      const withinBudget = () =>
        deps.clock.now() - startedAt < options.budgetMs && batches < options.batchesPerRun;
      try {
        do {
          again = false;
          while ((await passOnce()) > 0) {
            batches++;
            if (!withinBudget()) break;
          }
          await Promise.all(inFlight);
        } while (again && withinBudget());
      } catch (error) {
        log.error("inbox pass failed", { error: error instanceof Error ? error.message : String(error) });
      } finally {
        if (running === current) running = null;
      }
    })();
    running = current;
    return current.pass;
  }

  return {
    kick,
    delivery,
    async tick() {
      await kick();
      await delivery.sweep();
      // Erasures whose confirmation has gone out: scrub what still names the person.
      await finishErasures(db);
    },
    async recover() {
      await resetInterruptedInbox(db);
      await settleInterruptedOutbox(db, deps.clock.now());
      await kick();
      await delivery.sweep();
    },
    async nextDueAt() {
      const [inbox, outbox] = await Promise.all([nextInboxDueAt(db), nextOutboxDueAt(db)]);
      if (inbox === null) return outbox;
      return outbox === null ? inbox : Math.min(inbox, outbox);
    },
  };
}
