import { eq, sql } from "drizzle-orm";
import { type AppDb, atomic, rawStatement, type Statement, statement } from "../client";
import { eitResponses, privacyErasures } from "../schema";

export interface HeldComplaint {
  trackingCode: string;
  category: string;
  description: string;
  status: string;
  createdAt: number;
  closedAt: number | null;
  address: string | null;
}

/**
 * The general complaints a person filed, for their access request. Corruption complaints are left
 * out: their complainant is sealed even from the admin (the person sees them in their own chat).
 */
export async function generalComplaintsOfPerson(db: AppDb, lineUserId: string): Promise<HeldComplaint[]> {
  return db.all<HeldComplaint>(sql`
    SELECT k.tracking_code AS trackingCode, k.category, k.description, k.status, k.created_at AS createdAt,
      k.closed_at AS closedAt, k.address
    FROM complaint_contacts c JOIN complaints k ON k.id = c.complaint_id
    WHERE c.line_user_id = ${lineUserId} AND k.track = 'general'
    ORDER BY k.id`);
}

/** A person's EIT answers, for their access request. */
export async function eitAnswersOfPerson(db: AppDb, lineUserId: string) {
  return db
    .select({
      fiscalYear: eitResponses.fiscalYear,
      scores: eitResponses.scores,
      answeredAt: eitResponses.answeredAt,
    })
    .from(eitResponses)
    .where(eq(eitResponses.lineUserId, lineUserId));
}

/** The blob keys of the photos attached to a user's complaints (to delete with their identity). */
export async function photoKeysOfUser(db: AppDb, lineUserId: string): Promise<string[]> {
  const rows = await db.all<{ key: string }>(sql`
    SELECT p.blob_key AS key FROM complaint_photos p
    JOIN complaint_contacts c ON c.complaint_id = p.complaint_id
    WHERE c.line_user_id = ${lineUserId} AND p.kind = 'report'`);
  return rows.map((row) => row.key);
}

/**
 * Everything that identifies a person, removed in one atomic write (PDPA erasure): their complaints
 * keep the facts needed for statistics (track, category, dates, status) but lose the link to them, the
 * place and the photos they sent; their survey answers, invitations, reminders, messages kept for
 * delivery go; the user record goes last. `pseudonym` replaces the id where a record must stay (the
 * audit trail). Answers still on their way to the person's own earlier messages stay queued: they
 * asked before confirming and expect every message answered. Those, the webhook events and the
 * confirmation's delivery record are scrubbed once everything has gone out (`finishErasures`).
 */
export function eraseUserStatements(db: AppDb, lineUserId: string, pseudonym: string): Statement[] {
  const mine = sql`SELECT complaint_id FROM complaint_contacts WHERE line_user_id = ${lineUserId}`;
  const run = (query: ReturnType<typeof sql>) => rawStatement(db, query);
  return [
    run(sql`DELETE FROM complaint_photos WHERE kind = 'report' AND complaint_id IN (${mine})`),
    run(sql`UPDATE complaints SET latitude = NULL, longitude = NULL, address = NULL
      WHERE id IN (${mine})`),
    run(sql`DELETE FROM complaint_contacts WHERE line_user_id = ${lineUserId}`),
    run(sql`DELETE FROM eit_responses WHERE line_user_id = ${lineUserId}`),
    run(sql`UPDATE eit_invitations SET line_user_id = ${pseudonym} WHERE line_user_id = ${lineUserId}`),
    run(sql`DELETE FROM reminder_log WHERE recipient = ${lineUserId}`),
    run(sql`DELETE FROM outbox WHERE to_id = ${lineUserId}
      AND NOT (status IN ('pending', 'sending') AND source_event_id IS NOT NULL)`),
    run(sql`UPDATE measure_progress SET author_id = NULL WHERE author_id = ${lineUserId}`),
    run(sql`UPDATE invites SET used_by = ${pseudonym} WHERE used_by = ${lineUserId}`),
    run(sql`UPDATE audit_log SET actor = ${pseudonym} WHERE actor = ${lineUserId}`),
    run(sql`UPDATE audit_log SET subject = ${pseudonym} WHERE subject = ${lineUserId}`),
    run(sql`DELETE FROM conversations WHERE line_user_id = ${lineUserId}`),
    run(sql`DELETE FROM users WHERE line_user_id = ${lineUserId}`),
  ];
}

export function recordErasure(db: AppDb, erasure: typeof privacyErasures.$inferInsert) {
  return statement(db.insert(privacyErasures).values(erasure));
}

/**
 * Finish erasures whose confirmation has been delivered (no undelivered message to them is left):
 * the delivery and webhook records still naming them are scrubbed, then the erasure row goes.
 */
export async function finishErasures(db: AppDb): Promise<number> {
  const due = await db.all<{ id: string; pseudonym: string }>(sql`
    SELECT e.line_user_id AS id, e.pseudonym AS pseudonym FROM privacy_erasures e
    WHERE NOT EXISTS (
      SELECT 1 FROM outbox o WHERE o.to_id = e.line_user_id AND o.status IN ('pending', 'sending'))
      AND NOT EXISTS (
      SELECT 1 FROM inbox_events i WHERE i.chat_key = e.line_user_id
        AND i.status IN ('pending', 'processing'))`);
  for (const { id, pseudonym } of due) {
    await atomic(db, [
      rawStatement(db, sql`DELETE FROM outbox WHERE to_id = ${id}`),
      rawStatement(
        db,
        sql`UPDATE inbox_events SET payload = '{}', chat_key = ${pseudonym} WHERE chat_key = ${id}`,
      ),
      rawStatement(db, sql`DELETE FROM privacy_erasures WHERE line_user_id = ${id}`),
    ]);
  }
  return due.length;
}

/** Complaints closed before `before` that still hold photos, contact data or a place. */
export async function retentionDue(
  db: AppDb,
  before: number,
): Promise<{ complaintIds: number[]; photoKeys: string[] }> {
  const complaints = await db.all<{ id: number }>(sql`
    SELECT k.id FROM complaints k
    WHERE k.closed_at IS NOT NULL AND k.closed_at < ${before}
      AND (EXISTS (SELECT 1 FROM complaint_photos p WHERE p.complaint_id = k.id)
        OR EXISTS (SELECT 1 FROM complaint_contacts c WHERE c.complaint_id = k.id)
        OR k.latitude IS NOT NULL OR k.address IS NOT NULL)
    LIMIT 500`);
  const ids = complaints.map((row) => row.id);
  const photoKeys: string[] = [];
  for (let i = 0; i < ids.length; i += 90) {
    const part = ids.slice(i, i + 90);
    const rows = await db.all<{ key: string }>(
      sql`SELECT blob_key AS key FROM complaint_photos WHERE complaint_id IN (${sql.join(part, sql`, `)})`,
    );
    photoKeys.push(...rows.map((row) => row.key));
  }
  return { complaintIds: ids, photoKeys };
}

/** Drop photos, the sealed contact and the place of these (long closed) complaints, as statements. */
export function purgeComplaintsStatements(db: AppDb, complaintIds: number[]): Statement[] {
  const statements: Statement[] = [];
  for (let i = 0; i < complaintIds.length; i += 90) {
    const part = sql.join(complaintIds.slice(i, i + 90), sql`, `);
    statements.push(
      rawStatement(db, sql`DELETE FROM complaint_photos WHERE complaint_id IN (${part})`),
      rawStatement(db, sql`DELETE FROM complaint_contacts WHERE complaint_id IN (${part})`),
      rawStatement(
        db,
        sql`UPDATE complaints SET latitude = NULL, longitude = NULL, address = NULL WHERE id IN (${part})`,
      ),
    );
  }
  return statements;
}
