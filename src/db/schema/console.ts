import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** A person who signs in to the admin console (`/admin`). */
export const adminAccounts = sqliteTable(
  "admin_accounts",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name"),
    /** A self-describing hash from a maintained library (algorithm and parameters included). */
    passwordHash: text("password_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    /** Failed sign-ins in a row; the account locks after too many. */
    failedAttempts: integer("failed_attempts").notNull().default(0),
    lockedUntil: integer("locked_until"),
    lastSignInAt: integer("last_sign_in_at"),
  },
  (t) => [uniqueIndex("admin_accounts_username_uq").on(t.username)],
);

export type AdminAccount = typeof adminAccounts.$inferSelect;

/** A signed-in console session: the cookie carries a random token; only its hash is stored. */
export const adminSessions = sqliteTable(
  "admin_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    accountId: text("account_id").references(() => adminAccounts.id),
    /** Sessions opened with ADMIN_TOKEN (to create the first account) have no account. */
    viaToken: integer("via_token", { mode: "boolean" }).notNull().default(false),
    csrfToken: text("csrf_token").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("admin_sessions_account_idx").on(t.accountId)],
);

export type AdminSession = typeof adminSessions.$inferSelect;

/** Sign-in attempts per client address, for rate limiting the sign-in form. */
export const signInAttempts = sqliteTable(
  "sign_in_attempts",
  {
    /** A hash of the client address, not the address itself. */
    clientKey: text("client_key").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("sign_in_attempts_idx").on(t.clientKey, t.at)],
);
