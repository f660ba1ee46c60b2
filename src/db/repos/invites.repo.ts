import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { type AppDb, rawStatement, type Statement, statement } from "../client";
import { type Invite, invites } from "../schema";

export function insertInvite(db: AppDb, invite: typeof invites.$inferInsert) {
  return statement(db.insert(invites).values(invite));
}

export async function findInvite(db: AppDb, code: string): Promise<Invite | undefined> {
  return db.select().from(invites).where(eq(invites.code, code)).get();
}

/**
 * Use an invite, once, as statements for a plan: claim it (only while unused and unexpired), then
 * a guard that fails the whole commit (a UNIQUE failure: it would insert the invite's row a second
 * time) unless this user now holds it. Two people racing for one code cannot both get it: whoever
 * commits second claims nothing, and the guard takes the rest of their plan — the role change with
 * it — back out. A plan that redeems an invite names `invite.used` as its `onUniqueViolation`.
 */
export function redeemInvite(
  db: AppDb,
  redeem: { code: string; lineUserId: string; now: number },
): Statement[] {
  const { code, lineUserId, now } = redeem;
  return [
    statement(
      db
        .update(invites)
        .set({ usedAt: now, usedBy: lineUserId })
        .where(and(eq(invites.code, code), isNull(invites.usedAt), gt(invites.expiresAt, now))),
    ),
    rawStatement(
      db,
      sql`INSERT INTO invites (code, role, unit_id, created_at, expires_at, used_at, used_by)
        SELECT code, role, unit_id, created_at, expires_at, used_at, used_by FROM invites
        WHERE code = ${code} AND (used_by IS NULL OR used_by <> ${lineUserId})`,
    ),
  ];
}

export async function openInvites(db: AppDb, now: number): Promise<Invite[]> {
  return db
    .select()
    .from(invites)
    .where(and(isNull(invites.usedAt), gt(invites.expiresAt, now)));
}
