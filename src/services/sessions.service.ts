/**
 * Signing in to the console and out again, as plans: every attempt is counted against the client's
 * address, a wrong password counts against the account (five in a row lock it), a right one opens a
 * session. A refused sign-in still writes (the attempt, the failure), so it is a plan too: its value
 * says what to answer. Nothing tells whether a username exists.
 */
import type { Statement } from "../db/client";
import {
  countAccounts,
  countSignInAttempts,
  deleteExpiredSessions,
  deleteSession,
  findAccountByUsername,
  insertSession,
  pruneSignInAttempts,
  recordFailedSignIn,
  recordSignIn,
  recordSignInAttempt,
} from "../db/repos/console.repo";
import type { AdminAccount } from "../db/schema";
import type { AppDeps } from "../deps";
import { verifyPassword } from "../domain/passwords";
import { isAdminToken } from "../http/bearer";
import {
  ADDRESS_ATTEMPTS,
  ADDRESS_WINDOW_MS,
  LOCK_MS,
  MAX_FAILED_SIGN_INS,
  randomToken,
  SESSION_TTL_MS,
  sha256Hex,
} from "../web/admin/session";
import { type Actor, type AuditRow, consoleActor, type Planned, planned } from "./plan";

/** Accounts and the admin-token session: who made a change, for the audit log. */
export const actorOf = (account: AdminAccount | null) =>
  account ? `console:${account.username}` : "console:admin-token";

/** The sign-in page itself, before anyone is known. */
const SIGN_IN_ACTOR: Actor = { audit: "console", display: "ผู้ดูแลระบบ" };

/** An attempt's outcome; `actor` is who its audit rows name, `token` the new session's cookie value. */
export type SignIn =
  | { kind: "signed-in"; token: string; actor: Actor }
  | { kind: "refused"; reason: "credentials" | "too_many" | "wrong_token" | "accounts_exist"; actor: Actor };

/** A sign-in is always planned (a refusal writes too); commit it with `value.actor`. */
export type PlannedSignIn = Extract<Planned<SignIn>, { ok: true }>;

const ATTEMPTS_KEPT_MS = 24 * 60 * 60 * 1000;

/** The attempt counted against the client's address; too many in the window refuses it unwritten. */
async function countAttempt(deps: AppDeps, clientAddress: string, now: number) {
  const { db } = deps;
  const clientKey = await sha256Hex(`sign-in:${clientAddress}`);
  const recent = await countSignInAttempts(db, clientKey, now - ADDRESS_WINDOW_MS);
  return {
    tooMany: recent >= ADDRESS_ATTEMPTS,
    statements: [
      recordSignInAttempt(db, { clientKey, at: now }),
      pruneSignInAttempts(db, now - ATTEMPTS_KEPT_MS),
    ],
  };
}

/** A new session (only the token's hash is stored), expired ones swept. */
async function openSession(deps: AppDeps, now: number, accountId: string | null) {
  const token = randomToken();
  const statements = [
    insertSession(deps.db, {
      tokenHash: await sha256Hex(token),
      accountId,
      viaToken: accountId === null,
      csrfToken: randomToken(),
      createdAt: now,
      expiresAt: now + SESSION_TTL_MS,
    }),
    deleteExpiredSessions(deps.db, now),
  ];
  return { token, statements };
}

function signIn(value: SignIn, parts: { statements?: Statement[]; audit?: AuditRow[] } = {}): PlannedSignIn {
  return planned(value, parts) as PlannedSignIn;
}

const tooMany = () => signIn({ kind: "refused", reason: "too_many", actor: SIGN_IN_ACTOR });

/**
 * Username and password. Always one password check, known user or not, locked or not: every refusal
 * takes as long. The fifth wrong password in a row locks the account for 15 minutes (audited).
 */
export async function planSignIn(
  deps: AppDeps,
  input: { username: string; password: string; clientAddress: string },
): Promise<PlannedSignIn> {
  const now = deps.clock.now();
  const attempt = await countAttempt(deps, input.clientAddress, now);
  if (attempt.tooMany) return tooMany();
  const username = input.username.trim().toLowerCase().slice(0, 64);
  const password = input.password.slice(0, 200);
  const account = username ? await findAccountByUsername(deps.db, username) : undefined;
  const matches = await verifyPassword(password, account?.passwordHash);
  const locked = account?.lockedUntil != null && account.lockedUntil > now;
  if (!account || locked || !matches) {
    const statements: Statement[] = [...attempt.statements];
    const audit: AuditRow[] = [];
    if (account && !locked) {
      const limits = { maxFailures: MAX_FAILED_SIGN_INS, lockMs: LOCK_MS };
      statements.push(recordFailedSignIn(deps.db, account.id, now, limits));
      if (account.failedAttempts + 1 >= MAX_FAILED_SIGN_INS) {
        audit.push({
          action: "admin-account.lock",
          subject: account.username,
          detail: { until: now + LOCK_MS },
        });
      }
    }
    return signIn({ kind: "refused", reason: "credentials", actor: SIGN_IN_ACTOR }, { statements, audit });
  }
  const session = await openSession(deps, now, account.id);
  return signIn(
    { kind: "signed-in", token: session.token, actor: consoleActor({ actor: actorOf(account) }) },
    {
      statements: [...attempt.statements, recordSignIn(deps.db, account.id, now), ...session.statements],
      audit: [{ action: "console.sign-in" }],
    },
  );
}

/**
 * Whether the admin token may open a session: the organisation has one (`ADMIN_TOKEN`, or its hash in
 * the platform registry) and no account exists yet.
 */
export async function tokenSignInOpen(deps: AppDeps): Promise<boolean> {
  const { adminToken, adminTokenSha256 } = deps.config;
  return Boolean(adminToken || adminTokenSha256) && (await countAccounts(deps.db)) === 0;
}

/** ADMIN_TOKEN, while there is no account yet: a session that may only create the first account. */
export async function planTokenSignIn(
  deps: AppDeps,
  input: { token: string; clientAddress: string },
): Promise<PlannedSignIn> {
  const now = deps.clock.now();
  const attempt = await countAttempt(deps, input.clientAddress, now);
  if (attempt.tooMany) return tooMany();
  const matches = await isAdminToken(deps.config, `Bearer ${input.token.trim()}`);
  if (!matches || !(await tokenSignInOpen(deps))) {
    const reason = matches ? "accounts_exist" : "wrong_token";
    return signIn({ kind: "refused", reason, actor: SIGN_IN_ACTOR }, { statements: attempt.statements });
  }
  const session = await openSession(deps, now, null);
  return signIn(
    { kind: "signed-in", token: session.token, actor: consoleActor({ actor: actorOf(null) }) },
    { statements: [...attempt.statements, ...session.statements], audit: [{ action: "console.sign-in" }] },
  );
}

/** End a session (sign-out, or a token session after creating the first account). */
export async function planSignOut(
  deps: AppDeps,
  input: { tokenHash: string },
  _actor: Actor,
): Promise<Planned<undefined>> {
  return planned(undefined, {
    statements: [deleteSession(deps.db, input.tokenHash)],
    audit: [{ action: "console.sign-out" }],
  });
}
