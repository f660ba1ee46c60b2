import { isUniqueViolation } from "../db/busy";
import { atomic, type Statement } from "../db/client";
import { auditStatement } from "../db/repos/audit.repo";
import { insertOutbox, type NewOutboxRow } from "../db/repos/outbox.repo";
import type { AppDeps } from "../deps";
import { type CodedError, codedError } from "../domain/errors";
import { outboxBatches } from "../jobs/outbox-batches";
import { lineActionPayload } from "../line/line-actions";
import type { Actor, Plan, Planned } from "./plan";

/** A plan's pushes and LINE actions as outbox rows (one retry key each). */
export function outboxRowsOf(
  deps: Pick<AppDeps, "ids">,
  plan: Pick<Plan, "pushes" | "lineActions">,
  now: number,
  sourceEventId?: number,
): NewOutboxRow[] {
  return [
    ...plan.pushes.flatMap((push) => outboxBatches(deps, { ...push, now, sourceEventId })),
    ...plan.lineActions.map((action) => ({
      sourceEventId: sourceEventId ?? null,
      createdAt: now,
      nextAttemptAt: now,
      to: action.to,
      messages: lineActionPayload(action),
      retryKey: deps.ids.uuid(),
      replyToken: null,
      replyDeadline: null,
    })),
  ];
}

/** A plan's statements, outbox rows and audit rows, in the order they are written. */
export function planStatements(
  deps: Pick<AppDeps, "db" | "ids">,
  plan: Plan,
  actor: Actor,
  now: number,
  sourceEventId?: number,
): Statement[] {
  return [
    ...plan.statements,
    ...insertOutbox(deps.db, outboxRowsOf(deps, plan, now, sourceEventId)),
    ...plan.audit.map((row) => auditStatement(deps.db, { at: now, actor: actor.audit, ...row })),
  ];
}

export type Committed = { ok: true; recipients: string[] } | { ok: false; error: CodedError };

/**
 * Run a plan all-or-nothing (a batch on D1, one transaction on SQLite): its statements, its pushes
 * and LINE actions into the outbox, its audit rows. When a uniqueness rule fails (someone got there
 * first) and the plan names the error for it, that error is returned and nothing is written.
 * The caller delivers `recipients` after its answer (`deps.defer`).
 */
export async function commit(deps: AppDeps, plan: Plan, actor: Actor): Promise<Committed> {
  const now = deps.clock.now();
  try {
    await atomic(deps.db, planStatements(deps, plan, actor, now));
  } catch (error) {
    if (plan.onUniqueViolation && isUniqueViolation(error)) {
      return { ok: false, error: codedError(plan.onUniqueViolation) };
    }
    throw error;
  }
  const recipients = [...new Set([...plan.pushes, ...plan.lineActions].map((item) => item.to))];
  return { ok: true, recipients };
}

export type Done<T> = { ok: true; value: T } | { ok: false; error: CodedError };

/**
 * The adapters' one call after a service: commit its plan (or pass its refusal on), then deliver
 * what it queued for LINE after the answer (`deliver`: the pipeline's delivery; omitted, the
 * periodic sweep sends it).
 */
export async function commitPlanned<T>(
  deps: AppDeps,
  planned: Planned<T>,
  actor: Actor,
  deliver?: (recipients: string[]) => Promise<void>,
): Promise<Done<T>> {
  if (!planned.ok) return planned;
  const committed = await commit(deps, planned.plan, actor);
  if (!committed.ok) return committed;
  if (deliver && committed.recipients.length) deps.defer(() => deliver(committed.recipients));
  return { ok: true, value: planned.value };
}

/**
 * The one write of a chat event that lands before the event's own commit (jobs/processor.ts), for
 * the one answer that cannot be written without it: a complaint's receipt carries its tracking code,
 * and the code is computed inside the complaint's INSERT (the next number of its track and year,
 * taken within the statement so concurrent filings never collide or skip), so the rows must exist
 * before the answer is composed. Only rows go this way: the plan may hold no pushes or LINE actions
 * (they follow with the event, like the flow's end and the answer itself).
 *
 * Idempotent by `readBack` (what this event wrote, found by its webhook event id): a retried event
 * finds what its first attempt committed and writes nothing again.
 */
export async function commitBeforeAnswer<T>(
  deps: AppDeps,
  plan: Plan,
  actor: Actor,
  readBack: () => Promise<T | undefined>,
): Promise<T> {
  if (plan.pushes.length || plan.lineActions.length) {
    throw new Error("commitBeforeAnswer takes rows only; pushes and LINE actions go with the event");
  }
  const before = await readBack();
  if (before !== undefined) return before;
  try {
    await atomic(deps.db, planStatements(deps, plan, actor, deps.clock.now()));
  } catch (error) {
    // The same event's other attempt got there first: read back what it wrote.
    if (!isUniqueViolation(error)) throw error;
  }
  const written = await readBack();
  if (written === undefined) throw new Error("a write committed before the answer cannot be read back");
  return written;
}
