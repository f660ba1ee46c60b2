import { and, count, eq } from "drizzle-orm";
import { type AppDb, statement } from "../client";
import { eitInvitations, eitResponses } from "../schema";

/** A user's answer set for the fiscal year, replacing an earlier one; as a statement for `atomic`. */
export function saveEitResponse(
  db: AppDb,
  response: {
    fiscalYear: number;
    lineUserId: string;
    scores: Record<string, number>;
    at: number;
  },
) {
  const { fiscalYear, lineUserId, scores, at } = response;
  return statement(
    db
      .insert(eitResponses)
      .values({ fiscalYear, lineUserId, scores, answeredAt: at })
      .onConflictDoUpdate({
        target: [eitResponses.fiscalYear, eitResponses.lineUserId],
        set: { scores, answeredAt: at },
      }),
  );
}

export async function eitScores(db: AppDb, fiscalYear: number): Promise<Array<Record<string, number>>> {
  const rows = await db
    .select({ scores: eitResponses.scores })
    .from(eitResponses)
    .where(eq(eitResponses.fiscalYear, fiscalYear));
  return rows.map((row) => row.scores);
}

export async function countEitInvitations(db: AppDb, fiscalYear: number): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(eitInvitations)
    .where(eq(eitInvitations.fiscalYear, fiscalYear))
    .get();
  return row?.n ?? 0;
}

export async function wasInvited(db: AppDb, fiscalYear: number, lineUserId: string): Promise<boolean> {
  const row = await db
    .select({ at: eitInvitations.sentAt })
    .from(eitInvitations)
    .where(and(eq(eitInvitations.fiscalYear, fiscalYear), eq(eitInvitations.lineUserId, lineUserId)))
    .get();
  return row !== undefined;
}

/** As a statement for `atomic`; a second invitation in the same year is a no-op. */
export function recordEitInvitation(
  db: AppDb,
  invitation: { fiscalYear: number; lineUserId: string; at: number },
) {
  return statement(
    db
      .insert(eitInvitations)
      .values({
        fiscalYear: invitation.fiscalYear,
        lineUserId: invitation.lineUserId,
        sentAt: invitation.at,
      })
      .onConflictDoNothing(),
  );
}
