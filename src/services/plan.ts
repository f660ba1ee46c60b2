/**
 * Plan, then commit. A use case is a service function `(deps, input, actor)` that reads what it needs
 * and returns a plan — the statements to run, the pushes to queue in the outbox, the audit rows — or
 * a coded error. Nothing is written until an adapter commits the plan: `commit()` for the admin API
 * and the console, the event's one commit (`ctx.apply`) in chat.
 */
import type { Statement } from "../db/client";
import { type CodedError, codedError, type ErrorCode } from "../domain/errors";
import type { Role } from "../domain/roles";
import type { Message } from "../line/messages";

export interface Push {
  to: string;
  messages: Message[];
}

export interface AuditRow {
  action: string;
  subject?: string | null;
  detail?: Record<string, unknown> | null;
}

/** Rich-menu links and other LINE calls that must follow the commit: queued in the outbox with it. */
export interface LineAction {
  to: string;
  linkMenuFor: Role;
}

export interface Plan {
  statements: Statement[];
  pushes: Push[];
  audit: AuditRow[];
  lineActions: LineAction[];
  /** The error to report when a uniqueness rule fails at commit (someone got there first). */
  onUniqueViolation?: ErrorCode;
}

/** Who acts: the audit log's actor and the name people see (a unit, "ผู้ดูแลระบบ"), never a LINE id. */
export interface Actor {
  /** `admin-api`, `console:<username>`, or a LINE user id (audit only, never shown). */
  audit: string;
  display: string;
}

export const ADMIN_API_ACTOR: Actor = { audit: "admin-api", display: "ผู้ดูแลระบบ" };

export function consoleActor(viewer: { actor: string }): Actor {
  return { audit: viewer.actor, display: "ผู้ดูแลระบบ" };
}

export type Planned<T = undefined> = { ok: true; value: T; plan: Plan } | { ok: false; error: CodedError };

export function emptyPlan(): Plan {
  return { statements: [], pushes: [], audit: [], lineActions: [] };
}

/** A plan from its parts (the rest empty). */
export function plan(parts: Partial<Plan>): Plan {
  return { ...emptyPlan(), ...parts };
}

export function planned<T>(value: T, parts: Partial<Plan>): Planned<T> {
  return { ok: true, value, plan: plan(parts) };
}

export function refused(code: ErrorCode, params?: Record<string, string | number>, field?: string) {
  return { ok: false as const, error: codedError(code, params, field) };
}

/** Several plans as one (committed together). */
export function mergePlans(...plans: Plan[]): Plan {
  const merged = emptyPlan();
  for (const p of plans) {
    merged.statements.push(...p.statements);
    merged.pushes.push(...p.pushes);
    merged.audit.push(...p.audit);
    merged.lineActions.push(...p.lineActions);
    merged.onUniqueViolation ??= p.onUniqueViolation;
  }
  return merged;
}
