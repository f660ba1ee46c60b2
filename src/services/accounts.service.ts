/**
 * The console's accounts (`/admin` sign-in): create one, lift a lockout, remove one. Passwords are
 * hashed with bcrypt (`src/web/admin/accounts.ts`) before the plan is made; nothing is written until
 * the plan is committed, with its audit row.
 */
import { z } from "zod";
import {
  findAccount,
  findAccountByUsername,
  insertAccount,
  type NewAdminAccount,
  removeAccountStatements,
  unlockAccount,
} from "../db/repos/console.repo";
import type { AppDeps } from "../deps";
import { hashPassword, PASSWORD_MAX_BYTES, PASSWORD_MIN } from "../domain/passwords";
import { type Actor, type Planned, planned, refused } from "./plan";

/** Usernames: lower-case letters, digits, `.`, `_`, `-`; compared without regard to case. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, "ต้องยาว 3–32 ตัว ใช้ได้เฉพาะตัวอักษร a–z ตัวเลข และ . _ -");

export const newAccountSchema = z.object({
  username: usernameSchema,
  password: z
    .string()
    .min(PASSWORD_MIN, `ต้องมีอย่างน้อย ${PASSWORD_MIN} ตัวอักษร`)
    .refine(
      (password) => new TextEncoder().encode(password).byteLength <= PASSWORD_MAX_BYTES,
      `ยาวเกิน ${PASSWORD_MAX_BYTES} ไบต์ (ตัวอักษรไทยได้ประมาณ 24 ตัว)`,
    ),
  displayName: z
    .string()
    .trim()
    .max(100, "ยาวเกิน 100 ตัวอักษร")
    .optional()
    .transform((value) => (value ? value : null)),
});
export type NewAccountInput = z.infer<typeof newAccountSchema>;

/** Which account (unlock, remove). */
export const accountIdSchema = z.object({ id: z.string().min(1).max(100) });

export interface AccountView {
  id: string;
  username: string;
  displayName: string | null;
  createdAt: number;
}

/** A new account with its password hashed; the username unique in the organisation. */
export async function planCreateAccount(
  deps: AppDeps,
  input: NewAccountInput,
  _actor: Actor,
): Promise<Planned<AccountView>> {
  if (await findAccountByUsername(deps.db, input.username)) {
    return refused("account.username_taken");
  }
  const account: NewAdminAccount = {
    id: deps.ids.uuid(),
    username: input.username,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    createdAt: deps.clock.now(),
  };
  const { id, username, displayName, createdAt } = account;
  return planned(
    { id, username, displayName, createdAt },
    {
      statements: [insertAccount(deps.db, account)],
      audit: [{ action: "admin-account.create", subject: username, detail: { id } }],
      onUniqueViolation: "account.username_taken",
    },
  );
}

/** Lift a lockout (an admin vouches for the person). */
export async function planUnlockAccount(
  deps: AppDeps,
  input: { id: string; ownId?: string | null },
  _actor: Actor,
): Promise<Planned<undefined>> {
  const account = await findAccount(deps.db, input.id);
  if (!account) return refused("account.not_found");
  return planned(undefined, {
    statements: [unlockAccount(deps.db, account.id)],
    audit: [{ action: "console.account.unlock", subject: account.username }],
  });
}

/** Remove an account and end its sessions; never the remover's own (`ownId`). */
export async function planRemoveAccount(
  deps: AppDeps,
  input: { id: string; ownId?: string | null },
  _actor: Actor,
): Promise<Planned<undefined>> {
  const account = await findAccount(deps.db, input.id);
  if (!account) return refused("account.not_found");
  if (account.id === input.ownId) return refused("account.remove_self");
  return planned(undefined, {
    statements: removeAccountStatements(deps.db, account.id),
    audit: [{ action: "console.account.remove", subject: account.username }],
  });
}
