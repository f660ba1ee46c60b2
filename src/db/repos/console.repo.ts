import { and, asc, count, eq, gt, gte, lt, sql } from "drizzle-orm";
import { type AppDb, statement } from "../client";
import {
  type AdminAccount,
  type AdminSession,
  adminAccounts,
  adminSessions,
  signInAttempts,
} from "../schema";

/** The admin console's people, their sessions and the sign-in attempts per client address. */

export type NewAdminAccount = Omit<AdminAccount, "failedAttempts" | "lockedUntil" | "lastSignInAt">;

export async function countAccounts(db: AppDb): Promise<number> {
  const row = await db.select({ n: count() }).from(adminAccounts).get();
  return row?.n ?? 0;
}

export async function listAccounts(db: AppDb): Promise<AdminAccount[]> {
  return db.select().from(adminAccounts).orderBy(asc(adminAccounts.createdAt), asc(adminAccounts.username));
}

export async function findAccountByUsername(db: AppDb, username: string): Promise<AdminAccount | undefined> {
  return db.select().from(adminAccounts).where(eq(adminAccounts.username, username)).get();
}

export async function findAccount(db: AppDb, id: string): Promise<AdminAccount | undefined> {
  return db.select().from(adminAccounts).where(eq(adminAccounts.id, id)).get();
}

/** As a statement for `atomic` (a taken username fails it: the unique index). */
export function insertAccount(db: AppDb, account: NewAdminAccount) {
  return statement(db.insert(adminAccounts).values(account));
}

/**
 * A failed sign-in, in one statement (concurrent failures all count): the count of failures in a
 * row goes up; at `maxFailures` the account locks until `now + lockMs` and the count starts again.
 */
export function recordFailedSignIn(
  db: AppDb,
  accountId: string,
  now: number,
  limits: { maxFailures: number; lockMs: number },
) {
  const reached = sql`${adminAccounts.failedAttempts} + 1 >= ${limits.maxFailures}`;
  return statement(
    db
      .update(adminAccounts)
      .set({
        failedAttempts: sql`CASE WHEN ${reached} THEN 0 ELSE ${adminAccounts.failedAttempts} + 1 END`,
        lockedUntil: sql`CASE WHEN ${reached} THEN ${now + limits.lockMs} ELSE ${adminAccounts.lockedUntil} END`,
      })
      .where(eq(adminAccounts.id, accountId)),
  );
}

/** A successful sign-in: the failures in a row start again from zero. */
export function recordSignIn(db: AppDb, accountId: string, now: number) {
  return statement(
    db
      .update(adminAccounts)
      .set({ failedAttempts: 0, lockedUntil: null, lastSignInAt: now })
      .where(eq(adminAccounts.id, accountId)),
  );
}

export function insertSession(db: AppDb, session: AdminSession) {
  return statement(db.insert(adminSessions).values(session));
}

/** A live session by the hash of its cookie token, with its account (none for a token session). */
export async function findSession(
  db: AppDb,
  tokenHash: string,
  now: number,
): Promise<{ session: AdminSession; account: AdminAccount | null } | undefined> {
  const row = await db
    .select({ session: adminSessions, account: adminAccounts })
    .from(adminSessions)
    .leftJoin(adminAccounts, eq(adminAccounts.id, adminSessions.accountId))
    .where(and(eq(adminSessions.tokenHash, tokenHash), gt(adminSessions.expiresAt, now)))
    .get();
  if (!row) return undefined;
  // A session of an account that is gone is no session.
  if (row.session.accountId !== null && row.account === null) return undefined;
  return row;
}

export function deleteSession(db: AppDb, tokenHash: string) {
  return statement(db.delete(adminSessions).where(eq(adminSessions.tokenHash, tokenHash)));
}

export function deleteExpiredSessions(db: AppDb, now: number) {
  return statement(db.delete(adminSessions).where(and(lt(adminSessions.expiresAt, now))));
}

export async function countSignInAttempts(db: AppDb, clientKey: string, since: number): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.clientKey, clientKey), gte(signInAttempts.at, since)))
    .get();
  return row?.n ?? 0;
}

export function recordSignInAttempt(db: AppDb, attempt: { clientKey: string; at: number }) {
  return statement(db.insert(signInAttempts).values(attempt));
}

/** Attempts older than `before` no longer count for anything. */
export function pruneSignInAttempts(db: AppDb, before: number) {
  return statement(db.delete(signInAttempts).where(and(lt(signInAttempts.at, before))));
}

/** Lift a lockout (an admin vouches for the person); as a statement for `atomic`. */
export function unlockAccount(db: AppDb, accountId: string) {
  return statement(
    db
      .update(adminAccounts)
      .set({ failedAttempts: 0, lockedUntil: null })
      .where(eq(adminAccounts.id, accountId)),
  );
}

/** Remove an account and end its sessions; as statements for `atomic`. */
export function removeAccountStatements(db: AppDb, accountId: string) {
  return [
    statement(db.delete(adminSessions).where(eq(adminSessions.accountId, accountId))),
    statement(db.delete(adminAccounts).where(eq(adminAccounts.id, accountId))),
  ];
}
