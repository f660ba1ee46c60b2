import { describe, expect, it } from "vitest";
import { findAccountByUsername } from "../../src/db/repos/console.repo";
import { adminSessions, auditLog, signInAttempts } from "../../src/db/schema";
import { planCreateAccount } from "../../src/services/accounts.service";
import { commitPlanned } from "../../src/services/commit";
import { ADMIN_API_ACTOR } from "../../src/services/plan";
import { planSignIn, planSignOut, planTokenSignIn } from "../../src/services/sessions.service";
import { sha256Hex } from "../../src/web/admin/session";
import { snapshot } from "../support/plans";
import { type ServiceDeps, serviceDeps } from "../support/services";

const PASSWORD = "ยาวพอสมควร-2570";
const from = { clientAddress: "203.0.113.7" };

async function withAccount(deps: ServiceDeps) {
  const input = { username: "somchai", password: PASSWORD, displayName: null };
  const done = await commitPlanned(
    deps,
    await planCreateAccount(deps, input, ADMIN_API_ACTOR),
    ADMIN_API_ACTOR,
  );
  if (!done.ok) throw done.error;
}

describe("sessions service", () => {
  it("a sign-in is planned, then written at once: the attempt, the session, the audit row", async () => {
    const deps = await serviceDeps();
    await withAccount(deps);
    const before = await snapshot(deps);
    const signIn = await planSignIn(deps, { ...from, username: " SomChai ", password: PASSWORD });
    expect(await snapshot(deps)).toEqual(before);
    expect(signIn.value).toMatchObject({ kind: "signed-in", actor: { audit: "console:somchai" } });
    await commitPlanned(deps, signIn, signIn.value.actor);
    if (signIn.value.kind !== "signed-in") return;
    const [session] = await deps.db.select().from(adminSessions);
    expect(session?.tokenHash).toBe(await sha256Hex(signIn.value.token));
    expect(await deps.db.select().from(signInAttempts)).toHaveLength(1);
    expect((await deps.db.select().from(auditLog)).at(-1)).toMatchObject({
      actor: "console:somchai",
      action: "console.sign-in",
    });

    const out = await planSignOut(deps, { tokenHash: session?.tokenHash as string }, signIn.value.actor);
    await commitPlanned(deps, out, signIn.value.actor);
    expect(await deps.db.select().from(adminSessions)).toEqual([]);
  });

  it("wrong passwords are counted and the fifth in a row locks the account (audited); no session", async () => {
    const deps = await serviceDeps();
    await withAccount(deps);
    for (let i = 0; i < 5; i++) {
      const wrong = await planSignIn(deps, { ...from, username: "somchai", password: "wrong-password-1" });
      expect(wrong.value).toMatchObject({ kind: "refused", reason: "credentials" });
      await commitPlanned(deps, wrong, wrong.value.actor);
    }
    expect((await findAccountByUsername(deps.db, "somchai"))?.lockedUntil).toBeGreaterThan(deps.clock.now());
    expect((await deps.db.select().from(auditLog)).at(-1)).toMatchObject({
      actor: "console",
      action: "admin-account.lock",
    });
    const locked = await planSignIn(deps, { ...from, username: "somchai", password: PASSWORD });
    expect(locked.value).toMatchObject({ kind: "refused", reason: "credentials" });
    expect(await deps.db.select().from(adminSessions)).toEqual([]);
  });

  it("ADMIN_TOKEN opens a token session only while no account exists", async () => {
    const deps = await serviceDeps();
    deps.config = { ...deps.config, adminToken: "t".repeat(40) };
    const wrong = await planTokenSignIn(deps, { ...from, token: "nope" });
    expect(wrong.value).toMatchObject({ kind: "refused", reason: "wrong_token" });
    const right = await planTokenSignIn(deps, { ...from, token: "t".repeat(40) });
    expect(right.value).toMatchObject({ kind: "signed-in", actor: { audit: "console:admin-token" } });
    await withAccount(deps);
    const late = await planTokenSignIn(deps, { ...from, token: "t".repeat(40) });
    expect(late.value).toMatchObject({ kind: "refused", reason: "accounts_exist" });
  });
});
