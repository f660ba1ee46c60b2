/**
 * Admin console passwords: how they are hashed and checked.
 *
 * Passwords are hashed with bcrypt through `bcryptjs` (pure JavaScript, no dependencies, no install
 * scripts): the same code runs on Node and on Cloudflare Workers, where native modules cannot load
 * and a memory-hard hash in JavaScript (scrypt or argon2id at recommended settings) would not fit
 * the Worker's memory and CPU. A bcrypt hash names its algorithm, cost and salt (`$2b$12$…`), so the
 * cost can be raised later without touching stored hashes. bcrypt reads at most 72 bytes of a
 * password: longer ones are refused rather than silently cut (`newAccountSchema` in
 * `src/services/accounts.service.ts`, where accounts are created).
 */
import bcrypt from "bcryptjs";

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
