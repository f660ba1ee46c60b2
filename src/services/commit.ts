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
  deps: Pick<AppDeps, "orgId" | "ids">,
  plan: Pick<Plan, "pushes" | "lineActions">,
  now: number,
  sourceEventId?: number,
): NewOutboxRow[] {
  return [
    ...plan.pushes.flatMap((push) => outboxBatches(deps, { ...push, now, sourceEventId })),
    ...plan.lineActions.map((action) => ({
      orgId: deps.orgId,
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
  deps: Pick<AppDeps, "db" | "orgId" | "ids">,
  plan: Plan,
  actor: Actor,
  now: number,
  sourceEventId?: number,
): Statement[] {
  return [
    ...plan.statements,
    ...insertOutbox(deps.db, outboxRowsOf(deps, plan, now, sourceEventId)),
    ...plan.audit.map((row) =>
      auditStatement(deps.db, { orgId: deps.orgId, at: now, actor: actor.audit, ...row }),
    ),
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
