/**
 * Checks every service test makes of a plan: nothing is written until it is committed, and what it
 * changes is written with its audit row in one write (an audit insert that fails takes the change
 * with it).
 */
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { commit } from "../../src/services/commit";
import type { Actor, Planned } from "../../src/services/plan";
import type { ServiceDeps } from "./services";

/** The tables a set-up or account use case may write. */
const TABLES = [
  "units",
  "complaint_categories",
  "holidays",
  "invites",
  "org_settings",
  "admin_accounts",
  "admin_sessions",
  "sign_in_attempts",
  "audit_log",
  "outbox",
] as const;

/** Every row of those tables, to compare before and after. */
export async function snapshot(deps: ServiceDeps): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of TABLES)
    tables[table] = await deps.db.all(sql.raw(`SELECT * FROM ${table} ORDER BY rowid`));
  return tables;
}

/** From now on every audit insert fails (a trigger), as a write that fails half-way would. */
export async function failAuditInserts(deps: ServiceDeps): Promise<void> {
  await deps.db.run(
    sql.raw(
      "CREATE TRIGGER audit_down BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit down'); END",
    ),
  );
}

export async function restoreAuditInserts(deps: ServiceDeps): Promise<void> {
  await deps.db.run(sql.raw("DROP TRIGGER IF EXISTS audit_down"));
}

/**
 * Make a plan (it must be accepted) and check it: planning wrote nothing; committed while audit rows
 * cannot be written, it fails and leaves everything as it was; committed normally, it writes its
 * change and its audit rows (named `actions`). Returns the planned value.
 */
export async function expectPlanCommitsWithAudit<T>(
  deps: ServiceDeps,
  plan: () => Promise<Planned<T>>,
  actor: Actor,
  actions: string[],
): Promise<T> {
  const before = await snapshot(deps);
  const planned = await plan();
  if (!planned.ok) throw planned.error;
  expect(await snapshot(deps), "planning writes nothing").toEqual(before);

  await failAuditInserts(deps);
  await expect(commit(deps, planned.plan, actor)).rejects.toThrow(/audit down/);
  await restoreAuditInserts(deps);
  expect(await snapshot(deps), "no change without its audit row").toEqual(before);

  expect((await commit(deps, planned.plan, actor)).ok).toBe(true);
  const after = await snapshot(deps);
  expect(after, "the commit changes something").not.toEqual(before);
  const audits = (after.audit_log as Array<{ action: string; actor: string }>).slice(
    before.audit_log?.length,
  );
  expect(audits.map((row) => [row.action, row.actor])).toEqual(
    actions.map((action) => [action, actor.audit]),
  );
  return planned.value;
}
