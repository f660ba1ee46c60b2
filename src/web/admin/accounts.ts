/**
 * Admin console accounts: who may sign in to `/admin`, and their passwords.
 *
 * Passwords are hashed with bcrypt through `bcryptjs` (pure JavaScript, no dependencies, no install
 * scripts): the same code runs on Node and on Cloudflare Workers, where native modules cannot load
 * and a memory-hard hash in JavaScript (scrypt or argon2id at recommended settings) would not fit
 * the Worker's memory and CPU. A bcrypt hash names its algorithm, cost and salt (`$2b$12$…`), so the
 * cost can be raised later without touching stored hashes. bcrypt reads at most 72 bytes of a
 * password: longer ones are refused rather than silently cut.
 */
import bcrypt from "bcryptjs";
import { z } from "zod";
import { atomic } from "../../db/client";
import { auditStatement } from "../../db/repos/audit.repo";
import { findAccountByUsername, insertAccount, type NewAdminAccount } from "../../db/repos/console.repo";
import type { AppDeps } from "../../deps";

/** bcrypt's work factor: about a quarter of a second per hash in pure JavaScript. */
export const BCRYPT_COST = 12;
export const PASSWORD_MIN = 12;
/** bcrypt reads at most 72 bytes (a Thai letter is 3 bytes in UTF-8). */
export const PASSWORD_MAX_BYTES = 72;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** A hash of no one's password, compared when the username is unknown: every answer takes as long. */
let decoy: Promise<string> | undefined;

/** Whether `password` matches `hash`; with no hash (no such user), as slow as a real check and false. */
export async function verifyPassword(password: string, hash: string | undefined): Promise<boolean> {
  if (hash === undefined) {
    decoy ??= bcrypt.hash("no account has this password", BCRYPT_COST);
    await bcrypt.compare(password, await decoy);
    return false;
  }
  try {
    return await bcrypt.compare(password, hash);
  } catch {
    return false;
  }
}

/** Usernames: lower-case letters, digits, `.`, `_`, `-`; compared without regard to case. */
export const usernameSchema = z
  .string({ error: "must be a username" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, "must be 3–32 letters a–z, digits, '.', '_' or '-'");

export const newAccountSchema = z.object({
  username: usernameSchema,
  password: z
    .string({ error: "must be a password" })
    .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
    .refine(
      (password) => new TextEncoder().encode(password).byteLength <= PASSWORD_MAX_BYTES,
      `must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8 (about 24 Thai letters)`,
    ),
  displayName: z
    .string()
    .trim()
    .max(100, "must be at most 100 characters")
    .optional()
    .transform((value) => (value ? value : null)),
});
export type NewAccountInput = z.infer<typeof newAccountSchema>;

export type CreateAccountOutcome =
  | { ok: true; account: { id: string; username: string; displayName: string | null; createdAt: number } }
  | { ok: false; reason: "taken" };

const isUniqueViolation = (error: unknown) =>
  error instanceof Error && /UNIQUE constraint failed/i.test(error.message);

/** Create an account with its audit row, in one write; a taken username changes nothing. */
export async function createAccount(
  deps: AppDeps,
  input: NewAccountInput,
  actor: string,
): Promise<CreateAccountOutcome> {
  const { db, orgId } = deps;
  if (await findAccountByUsername(db, orgId, input.username)) return { ok: false, reason: "taken" };
  const account: NewAdminAccount = {
    id: deps.ids.uuid(),
    orgId,
    username: input.username,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    createdAt: deps.clock.now(),
  };
  try {
    await atomic(db, [
      insertAccount(db, account),
      auditStatement(db, {
        orgId,
        at: account.createdAt,
        actor,
        action: "admin-account.create",
        subject: account.username,
        detail: { id: account.id },
      }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "taken" };
    throw error;
  }
  const { id, username, displayName, createdAt } = account;
  return { ok: true, account: { id, username, displayName, createdAt } };
}
