import { and, eq, gt, isNull } from "drizzle-orm";
import { type AppDb, type Statement, statement } from "../client";
import { type Invite, invites } from "../schema";

export function insertInvite(db: AppDb, invite: typeof invites.$inferInsert): Statement {
  return statement(db.insert(invites).values(invite));
}

export async function findInvite(db: AppDb, orgId: string, code: string): Promise<Invite | undefined> {
  return db
    .select()
    .from(invites)
    .where(and(eq(invites.orgId, orgId), eq(invites.code, code)))
    .get();
}

/** Use an invite, once: one statement, so two people racing for one code cannot both get it. */
export async function redeemInvite(
  db: AppDb,
  orgId: string,
  code: string,
  lineUserId: string,
  now: number,
): Promise<Invite | undefined> {
  return db
    .update(invites)
    .set({ usedAt: now, usedBy: lineUserId })
    .where(
      and(
        eq(invites.orgId, orgId),
        eq(invites.code, code),
        isNull(invites.usedAt),
        gt(invites.expiresAt, now),
      ),
    )
    .returning()
    .get();
}

export async function openInvites(db: AppDb, orgId: string, now: number): Promise<Invite[]> {
  return db
    .select()
    .from(invites)
    .where(and(eq(invites.orgId, orgId), isNull(invites.usedAt), gt(invites.expiresAt, now)));
}
