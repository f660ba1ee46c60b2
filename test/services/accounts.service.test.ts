import { describe, expect, it } from "vitest";
import {
  findAccountByUsername,
  insertSession,
  listAccounts,
  recordFailedSignIn,
} from "../../src/db/repos/console.repo";
import { adminSessions } from "../../src/db/schema";
import { verifyPassword } from "../../src/domain/passwords";
import { check } from "../../src/domain/validation";
import {
  newAccountSchema,
  planCreateAccount,
  planRemoveAccount,
  planUnlockAccount,
} from "../../src/services/accounts.service";
import { commit, commitPlanned } from "../../src/services/commit";
import { ADMIN_API_ACTOR, consoleActor, plan } from "../../src/services/plan";
import { expectPlanCommitsWithAudit } from "../support/plans";
import { type ServiceDeps, serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

const PASSWORD = "ยาวพอสมควร-2570";
const actor = consoleActor({ actor: "console:somsri" });

async function account(deps: ServiceDeps, username: string) {
  const input = check(newAccountSchema, { username, password: PASSWORD });
  if (!input.ok) throw new Error(JSON.stringify(input.problems));
  const done = await commitPlanned(
    deps,
    await planCreateAccount(deps, input.data, ADMIN_API_ACTOR),
    ADMIN_API_ACTOR,
  );
  if (!done.ok) throw done.error;
  return done.value;
}

describe("accounts service", () => {
  it("creates an account with a bcrypt hash of its password, audited in the same write", async () => {
    const deps = await serviceDeps();
    const input = check(newAccountSchema, {
      username: " Somchai ",
      password: PASSWORD,
      displayName: "สมชาย",
    });
    if (!input.ok) throw new Error(JSON.stringify(input.problems));
    const created = await expectPlanCommitsWithAudit(
      deps,
      () => planCreateAccount(deps, input.data, actor),
      actor,
      ["admin-account.create"],
    );
    expect(created).toMatchObject({ username: "somchai", displayName: "สมชาย" });
    const stored = await findAccountByUsername(deps.db, "somchai");
    expect(stored?.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    expect(await verifyPassword(PASSWORD, stored?.passwordHash)).toBe(true);
  });

  it("refuses a taken username whatever its case, before the commit and at it", async () => {
    const deps = await serviceDeps();
    await account(deps, "manee");
    const input = check(newAccountSchema, { username: "MANEE", password: PASSWORD });
    if (!input.ok) throw new Error("valid input");
    const taken = await planCreateAccount(deps, input.data, actor);
    expect(taken).toMatchObject({
      ok: false,
      error: { code: "account.username_taken", kind: "conflict", field: "username" },
    });
    if (!taken.ok) expectThai(taken.error.thai, "account.username_taken");

    const first = await planCreateAccount(deps, { ...input.data, username: "mana" }, actor);
    const second = await planCreateAccount(deps, { ...input.data, username: "mana" }, actor);
    expect((await commitPlanned(deps, first, actor)).ok).toBe(true);
    expect(await commitPlanned(deps, second, actor)).toMatchObject({
      ok: false,
      error: { code: "account.username_taken" },
    });
    expect((await listAccounts(deps.db)).map((a) => a.username)).toEqual(["manee", "mana"]);
  });

  it("unlocks an account, audited in the same write; an unknown one is not found", async () => {
    const deps = await serviceDeps();
    const { id } = await account(deps, "somchai");
    const lock = recordFailedSignIn(deps.db, id, deps.clock.now(), { maxFailures: 1, lockMs: 60_000 });
    await commit(deps, plan({ statements: [lock] }), actor);
    expect((await findAccountByUsername(deps.db, "somchai"))?.lockedUntil).not.toBeNull();
    await expectPlanCommitsWithAudit(deps, () => planUnlockAccount(deps, { id }, actor), actor, [
      "console.account.unlock",
    ]);
    expect((await findAccountByUsername(deps.db, "somchai"))?.lockedUntil).toBeNull();
    const missing = await planUnlockAccount(deps, { id: "nobody" }, actor);
    expect(missing).toMatchObject({ ok: false, error: { code: "account.not_found", kind: "not_found" } });
    if (!missing.ok) expectThai(missing.error.thai, "account.not_found");
  });

  it("removes another account and ends its sessions, in one write; never one's own", async () => {
    const deps = await serviceDeps();
    const own = await account(deps, "somsri");
    const other = await account(deps, "somchai");
    const now = deps.clock.now();
    await commit(
      deps,
      plan({
        statements: [
          insertSession(deps.db, {
            tokenHash: "a".repeat(64),
            accountId: other.id,
            viaToken: false,
            csrfToken: "c".repeat(43),
            createdAt: now,
            expiresAt: now + 60_000,
          }),
        ],
      }),
      actor,
    );
    const self = await planRemoveAccount(deps, { id: own.id, ownId: own.id }, actor);
    expect(self).toMatchObject({ ok: false, error: { code: "account.remove_self", kind: "conflict" } });
    if (!self.ok) expectThai(self.error.thai, "account.remove_self");
    await expectPlanCommitsWithAudit(
      deps,
      () => planRemoveAccount(deps, { id: other.id, ownId: own.id }, actor),
      actor,
      ["console.account.remove"],
    );
    expect((await listAccounts(deps.db)).map((a) => a.username)).toEqual(["somsri"]);
    expect(await deps.db.select().from(adminSessions)).toEqual([]);
  });

  it("checks usernames and passwords in Thai: the pattern, 12 characters at least, 72 bytes at most", () => {
    const cases = [
      { username: "ab", password: PASSWORD, field: "username" },
      { username: "สมชาย", password: PASSWORD, field: "username" },
      { username: "somchai", password: "elevenchars", field: "password" },
      { username: "somchai", password: "ก".repeat(25), field: "password" },
      { username: "somchai", password: PASSWORD, displayName: "ช".repeat(101), field: "displayName" },
    ];
    for (const { field, ...input } of cases) {
      const checked = check(newAccountSchema, input);
      expect(checked.ok, field).toBe(false);
      if (checked.ok) continue;
      expect(checked.problems.map((p) => p.field)).toEqual([field]);
      expectThai(checked.problems[0]?.message, field);
    }
    expect(check(newAccountSchema, { username: "somchai", password: "ก".repeat(24) }).ok).toBe(true);
  });
});
