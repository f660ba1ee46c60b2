import { and, asc, count, desc, eq, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import { type ComplaintStatus, type Track, trackPrefix } from "../../domain/complaints";
import { type AppDb, changedOrFail, movedOn, rawStatement, type Statement, statement } from "../client";
import {
  type Complaint,
  type ComplaintHistoryEntry,
  type ComplaintPhoto,
  complaintContacts,
  complaintHistory,
  complaintPhotos,
  complaints,
} from "../schema";

export interface NewComplaint {
  sourceEventId: string;
  track: Track;
  fiscalYear: number;
  categoryId: string | null;
  category: string;
  description: string;
  location: { latitude: number; longitude: number; address: string | null } | null;
  routedUnitId: string | null;
  anonymous: boolean;
  createdAt: number;
  dueDate: string;
  /** Sealed: kept in `complaint_contacts` only. */
  lineUserId: string;
  photos: Array<{ id: string; blobKey: string; contentType: string }>;
  /** The first history entry. */
  receivedBy: string;
  receivedNote: string;
}

export async function findComplaintByEvent(db: AppDb, sourceEventId: string): Promise<Complaint | undefined> {
  return db.select().from(complaints).where(eq(complaints.sourceEventId, sourceEventId)).get();
}

/**
 * The statements that file a complaint, to commit together: the complaint with the next tracking
 * number of its track and fiscal year (computed inside the INSERT, so concurrent filings never
 * collide or skip), its sealed contact, its photos and its first history entry. The rows after the
 * first find the complaint by its source event (unique), which is also how it is read back.
 */
export function fileComplaintStatements(db: AppDb, input: NewComplaint): Statement[] {
  const { sourceEventId } = input;
  const ofThisEvent = sql`FROM complaints WHERE source_event_id = ${sourceEventId}`;
  return [
    rawStatement(
      db,
      sql`
      INSERT INTO complaints (tracking_code, track, fiscal_year, seq, category_id, category,
        description, latitude, longitude, address, status, routed_unit_id, anonymous, created_at, due_date,
        updated_at, source_event_id)
      SELECT printf('%s%d-%05d', ${trackPrefix(input.track)}, ${input.fiscalYear}, coalesce(max(seq), 0) + 1),
        ${input.track}, ${input.fiscalYear}, coalesce(max(seq), 0) + 1, ${input.categoryId}, ${input.category},
        ${input.description}, ${input.location?.latitude ?? null}, ${input.location?.longitude ?? null},
        ${input.location?.address ?? null}, 'received', ${input.routedUnitId}, ${input.anonymous ? 1 : 0},
        ${input.createdAt}, ${input.dueDate}, ${input.createdAt}, ${sourceEventId}
      FROM complaints WHERE track = ${input.track} AND fiscal_year = ${input.fiscalYear}`,
    ),
    rawStatement(
      db,
      sql`
      INSERT INTO complaint_contacts (complaint_id, line_user_id, display_name, created_at)
      SELECT id, ${input.lineUserId}, NULL, ${input.createdAt} ${ofThisEvent}`,
    ),
    rawStatement(
      db,
      sql`
      INSERT INTO complaint_history (complaint_id, status, note, by, at)
      SELECT id, 'received', ${input.receivedNote}, ${input.receivedBy}, ${input.createdAt} ${ofThisEvent}`,
    ),
    ...input.photos.map((photo) =>
      rawStatement(
        db,
        sql`
        INSERT INTO complaint_photos (id, complaint_id, kind, blob_key, content_type, created_at)
        SELECT ${photo.id}, id, 'report', ${photo.blobKey}, ${photo.contentType}, ${input.createdAt}
        ${ofThisEvent}`,
      ),
    ),
  ];
}

export async function findComplaintByCode(db: AppDb, trackingCode: string): Promise<Complaint | undefined> {
  return db.select().from(complaints).where(eq(complaints.trackingCode, trackingCode)).get();
}

/** Sealed read: the complainant's LINE user id, for status pushes and their own tracking only. */
export async function complainantOf(db: AppDb, complaintId: number): Promise<string | undefined> {
  const row = await db
    .select({ lineUserId: complaintContacts.lineUserId })
    .from(complaintContacts)
    .where(eq(complaintContacts.complaintId, complaintId))
    .get();
  return row?.lineUserId;
}

/** A user's own complaints, newest first. */
export async function complaintsOfUser(db: AppDb, lineUserId: string, limit: number): Promise<Complaint[]> {
  const rows = await db
    .select({ complaint: complaints })
    .from(complaintContacts)
    .innerJoin(complaints, eq(complaints.id, complaintContacts.complaintId))
    .where(eq(complaintContacts.lineUserId, lineUserId))
    .orderBy(desc(complaintContacts.createdAt))
    .limit(limit);
  return rows.map((row) => row.complaint);
}

export async function countComplaintsOfUserSince(
  db: AppDb,
  lineUserId: string,
  since: number,
): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(complaintContacts)
    .where(and(eq(complaintContacts.lineUserId, lineUserId), gte(complaintContacts.createdAt, since)))
    .get();
  return row?.n ?? 0;
}

export async function historyOf(db: AppDb, complaintId: number): Promise<ComplaintHistoryEntry[]> {
  return db
    .select()
    .from(complaintHistory)
    .where(eq(complaintHistory.complaintId, complaintId))
    .orderBy(asc(complaintHistory.id));
}

export async function photosOf(db: AppDb, complaintId: number): Promise<ComplaintPhoto[]> {
  return db
    .select()
    .from(complaintPhotos)
    .where(eq(complaintPhotos.complaintId, complaintId))
    .orderBy(sql`rowid`); // the order they were sent in;
}

export async function findPhoto(db: AppDb, id: string): Promise<ComplaintPhoto | undefined> {
  return db.select().from(complaintPhotos).where(eq(complaintPhotos.id, id)).get();
}

export interface ComplaintFilter {
  status?: ComplaintStatus;
  track?: Track;
  unitIds?: string[];
  /** Complaints with an id below this (the previous page's last). */
  before?: number;
  limit: number;
}

/** Newest first, a page at a time. */
export async function listComplaints(db: AppDb, filter: ComplaintFilter): Promise<Complaint[]> {
  return db
    .select()
    .from(complaints)
    .where(
      and(
        filter.status ? eq(complaints.status, filter.status) : undefined,
        filter.track ? eq(complaints.track, filter.track) : undefined,
        filter.unitIds ? inArray(complaints.routedUnitId, filter.unitIds) : undefined,
        filter.before !== undefined ? lt(complaints.id, filter.before) : undefined,
      ),
    )
    .orderBy(desc(complaints.id))
    .limit(filter.limit);
}

export interface StatusChangeRecord {
  complaint: Complaint;
  status: ComplaintStatus;
  note: string;
  by: string;
  at: number;
  closedAt: number | null;
  reopen?: boolean;
  fixed?: boolean | null;
  resultPhoto?: { id: string; blobKey: string; contentType: string };
}

/**
 * A status change as statements for `atomic`: the history entry and the update both apply only if
 * the complaint is still as it was read (`updated_at`), so two concurrent changes cannot both land;
 * the one that loses fails its whole commit (the guard below), pushes and audit rows included.
 */
export function statusChangeStatements(db: AppDb, change: StatusChangeRecord): Statement[] {
  const { complaint } = change;
  const unchanged = and(eq(complaints.id, complaint.id), eq(complaints.updatedAt, complaint.updatedAt));
  return [
    rawStatement(
      db,
      sql`
      INSERT INTO complaint_history (complaint_id, status, note, by, at)
      SELECT id, ${change.status}, ${change.note}, ${change.by}, ${change.at}
      FROM complaints WHERE id = ${complaint.id} AND updated_at = ${complaint.updatedAt}`,
    ),
    ...(change.resultPhoto
      ? [
          rawStatement(
            db,
            sql`
            INSERT INTO complaint_photos (id, complaint_id, kind, blob_key, content_type, created_at)
            SELECT ${change.resultPhoto.id}, id, 'result', ${change.resultPhoto.blobKey},
              ${change.resultPhoto.contentType}, ${change.at}
            FROM complaints WHERE id = ${complaint.id} AND updated_at = ${complaint.updatedAt}`,
          ),
        ]
      : []),
    statement(
      db
        .update(complaints)
        .set({
          status: change.status,
          updatedAt: movedOn(complaints.updatedAt, change.at),
          closedAt: change.closedAt,
          ...(change.reopen ? { reopenCount: sql`${complaints.reopenCount} + 1` } : {}),
          ...(change.fixed !== undefined ? { fixed: change.fixed } : {}),
          // A new resolution asks the complainant afresh.
          ...(change.status === "resolved" ? { fixedConfirmedAt: null, unconfirmedAt: null } : {}),
        })
        .where(unchanged),
    ),
    // Lost a race: nothing of this change lands (plans refuse it as `complaint.changed_meanwhile`).
    changedOrFail(db, complaints, complaints.id, complaint.id),
  ];
}

/** A note in a complaint's history that leaves its status as it is (e.g. the complainant's answer). */
function historyNote(db: AppDb, complaint: Complaint, note: string, by: string, at: number): Statement {
  return rawStatement(
    db,
    sql`
    INSERT INTO complaint_history (complaint_id, status, note, by, at)
    SELECT id, status, ${note}, ${by}, ${at}
    FROM complaints WHERE id = ${complaint.id} AND updated_at = ${complaint.updatedAt}`,
  );
}

/** Resolved and not yet answered or closed unanswered: `unchanged` guards against a concurrent answer. */
const awaitingAnswer = and(
  eq(complaints.status, "resolved"),
  isNull(complaints.fixed),
  isNull(complaints.unconfirmedAt),
);

/** The complainant confirmed the problem is fixed (a rating is asked next), with a history note. */
export function markFixed(
  db: AppDb,
  complaint: Complaint,
  note: string,
  by: string,
  at: number,
): Statement[] {
  return [
    historyNote(db, complaint, note, by, at),
    statement(
      db
        .update(complaints)
        .set({ fixed: true, fixedConfirmedAt: at, updatedAt: movedOn(complaints.updatedAt, at) })
        .where(and(eq(complaints.id, complaint.id), eq(complaints.updatedAt, complaint.updatedAt))),
    ),
  ];
}

/** No answer in time: closed as "not confirmed" (never a confirmed fix), with a history note. */
export function markUnconfirmed(
  db: AppDb,
  complaint: Complaint,
  note: string,
  by: string,
  at: number,
): Statement[] {
  return [
    historyNote(db, complaint, note, by, at),
    statement(
      db
        .update(complaints)
        .set({ unconfirmedAt: at, updatedAt: movedOn(complaints.updatedAt, at) })
        .where(
          and(eq(complaints.id, complaint.id), eq(complaints.updatedAt, complaint.updatedAt), awaitingAnswer),
        ),
    ),
  ];
}

/** Whether the complainant's "was it fixed?" answer is still awaited. */
export function awaitsAnswer(complaint: Complaint): boolean {
  return complaint.status === "resolved" && complaint.fixed === null && complaint.unconfirmedAt === null;
}

/** A person's complaints awaiting their "was it fixed?" answer, the most recently resolved first. */
export async function awaitingAnswerOf(db: AppDb, lineUserId: string): Promise<Complaint[]> {
  const rows = await db
    .select({ complaint: complaints })
    .from(complaintContacts)
    .innerJoin(complaints, eq(complaints.id, complaintContacts.complaintId))
    .where(and(eq(complaintContacts.lineUserId, lineUserId), awaitingAnswer))
    .orderBy(desc(complaints.closedAt), desc(complaints.id))
    .limit(50);
  return rows.map((row) => row.complaint);
}

/** Every complaint awaiting its complainant's answer, with who that is (the closure job). */
export async function awaitingAnswers(
  db: AppDb,
): Promise<Array<{ complaint: Complaint; lineUserId: string | null }>> {
  const rows = await db
    .select({ complaint: complaints, lineUserId: complaintContacts.lineUserId })
    .from(complaints)
    .leftJoin(complaintContacts, eq(complaintContacts.complaintId, complaints.id))
    .where(and(awaitingAnswer))
    .orderBy(asc(complaints.closedAt));
  return rows;
}

/** The complainant's 1–5 rating of a complaint they confirmed fixed. */
export function rateComplaint(db: AppDb, complaintId: number, rating: number, at: number) {
  return statement(
    db.update(complaints).set({ rating, updatedAt: at }).where(eq(complaints.id, complaintId)),
  );
}

/** Distinct people who filed a complaint in a fiscal year: the service users the EIT sample is drawn from. */
export async function countComplainants(db: AppDb, fiscalYear: number): Promise<number> {
  const row = await db.get<{ n: number }>(sql`
    SELECT count(DISTINCT c.line_user_id) AS n FROM complaint_contacts c
    JOIN complaints k ON k.id = c.complaint_id
    WHERE k.fiscal_year = ${fiscalYear}`);
  return row?.n ?? 0;
}

function chunks<T>(items: T[], size = 90): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** History entries and photos of a page of complaints, by complaint id (a few queries, not one per complaint). */
export async function detailsOf(
  db: AppDb,
  complaintIds: number[],
): Promise<{ history: Map<number, ComplaintHistoryEntry[]>; photos: Map<number, ComplaintPhoto[]> }> {
  const history = new Map<number, ComplaintHistoryEntry[]>();
  const photos = new Map<number, ComplaintPhoto[]>();
  for (const part of chunks(complaintIds)) {
    const [entries, pictures] = await Promise.all([
      db
        .select()
        .from(complaintHistory)
        .where(inArray(complaintHistory.complaintId, part))
        .orderBy(asc(complaintHistory.id)),
      db.select().from(complaintPhotos).where(inArray(complaintPhotos.complaintId, part)).orderBy(sql`rowid`), // the order they were sent in,
    ]);
    for (const entry of entries)
      history.set(entry.complaintId, [...(history.get(entry.complaintId) ?? []), entry]);
    for (const photo of pictures)
      photos.set(photo.complaintId, [...(photos.get(photo.complaintId) ?? []), photo]);
  }
  return { history, photos };
}

/** Open complaints of a track (and unit), the most urgent first: overdue, then by due date. */
export async function openComplaints(
  db: AppDb,
  filter: { track: Track; unitId?: string | null },
  limit: number,
): Promise<Complaint[]> {
  return db
    .select()
    .from(complaints)
    .where(
      and(
        eq(complaints.track, filter.track),
        filter.unitId ? eq(complaints.routedUnitId, filter.unitId) : undefined,
        inArray(complaints.status, ["received", "in_progress", "forwarded"]),
      ),
    )
    .orderBy(asc(complaints.dueDate), asc(complaints.id))
    .limit(limit);
}

/** What the overview counts, per complaint of a fiscal year (no text, no identity). */
export async function complaintFigures(db: AppDb, fiscalYear: number) {
  return db
    .select({
      track: complaints.track,
      status: complaints.status,
      createdAt: complaints.createdAt,
      closedAt: complaints.closedAt,
      dueDate: complaints.dueDate,
    })
    .from(complaints)
    .where(eq(complaints.fiscalYear, fiscalYear));
}
