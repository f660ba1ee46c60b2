import { and, eq, inArray, sql } from "drizzle-orm";
import { type AppDb, statement } from "../client";
import { preparedFor } from "../prepared";
import { type User, users } from "../schema";

const findUserQuery = preparedFor((db) =>
  db
    .select()
    .from(users)
    .where(eq(users.lineUserId, sql.placeholder("lineUserId")))
    .prepare(),
);

export async function findUser(db: AppDb, lineUserId: string): Promise<User | undefined> {
  return findUserQuery(db).get({ lineUserId });
}

/** The users among `lineUserIds` (at most 100: D1 binds 100 parameters a statement), not yet run. */
export function usersAmong(db: AppDb, lineUserIds: string[]) {
  return db.select().from(users).where(inArray(users.lineUserId, lineUserIds));
}

/** `lastSeenAt` is refreshed at most this often, so a chatty user costs no write per message. */
export const LAST_SEEN_GRANULARITY_MS = 60 * 60 * 1000;

/** Create the user on first contact or refresh `lastSeenAt`; returned as a statement for `atomic`. */
export function touchUser(db: AppDb, lineUserId: string, now: number) {
  return statement(
    db
      .insert(users)
      .values({ lineUserId, createdAt: now, lastSeenAt: now })
      .onConflictDoUpdate({ target: users.lineUserId, set: { lastSeenAt: now } }),
  );
}

/** A user the OA has not met yet: a citizen. */
export function newUser(lineUserId: string, now: number): User {
  return {
    lineUserId,
    role: "citizen",
    unitId: null,
    reachable: true,
    createdAt: now,
    lastSeenAt: now,
    followedAt: null,
    unfollowedAt: null,
    consentedAt: null,
    displayName: null,
  };
}

export function setReachable(db: AppDb, lineUserId: string, reachable: boolean, now: number) {
  return statement(
    db
      .update(users)
      .set(reachable ? { reachable, followedAt: now } : { reachable, unfollowedAt: now })
      .where(eq(users.lineUserId, lineUserId)),
  );
}

/** Of these users, the ones who unfollowed (blocked) the OA: no push is attempted to them. */
export async function unreachableAmong(db: AppDb, lineUserIds: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < lineUserIds.length; i += 90) {
    const part = lineUserIds.slice(i, i + 90);
    const rows = await db.all<{ id: string }>(
      sql`SELECT line_user_id AS id FROM users WHERE reachable = 0
        AND line_user_id IN (${sql.join(part, sql`, `)})`,
    );
    for (const row of rows) found.add(row.id);
  }
  return found;
}

/** The user accepted the complaint privacy notice; as a statement for `atomic`. */
export function setConsent(db: AppDb, lineUserId: string, now: number) {
  return statement(db.update(users).set({ consentedAt: now }).where(eq(users.lineUserId, lineUserId)));
}

/** Reachable users holding a role (in a unit, when given): who to tell about a new complaint. */
export async function reachableUsersWithRole(
  db: AppDb,
  role: User["role"],
  unitId?: string | null,
): Promise<string[]> {
  const rows = await db
    .select({ id: users.lineUserId })
    .from(users)
    .where(
      and(eq(users.role, role), eq(users.reachable, true), unitId ? eq(users.unitId, unitId) : undefined),
    )
    .limit(50);
  return rows.map((row) => row.id);
}

/** A new role (and unit) for a user, as a statement for `atomic`; creates the user if needed. */
export function setRole(
  db: AppDb,
  change: {
    lineUserId: string;
    role: User["role"];
    unitId: string | null;
    displayName: string | null;
    now: number;
  },
) {
  const { lineUserId, role, unitId, displayName, now } = change;
  return statement(
    db
      .insert(users)
      .values({ lineUserId, role, unitId, displayName, createdAt: now, lastSeenAt: now })
      .onConflictDoUpdate({ target: users.lineUserId, set: { role, unitId, displayName } }),
  );
}

/** Reachable users holding any of these roles, with their unit (who reminders go to). */
export async function reachableMembers(
  db: AppDb,
  roles: User["role"][],
): Promise<Array<Pick<User, "lineUserId" | "role" | "unitId" | "displayName">>> {
  return db
    .select({
      lineUserId: users.lineUserId,
      role: users.role,
      unitId: users.unitId,
      displayName: users.displayName,
    })
    .from(users)
    .where(and(eq(users.reachable, true), inArray(users.role, roles)))
    .limit(1000);
}
