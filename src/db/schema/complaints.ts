import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { COMPLAINT_STATUSES, TRACKS } from "../../domain/complaints";
import { units } from "./units";

/** General-track complaint categories, each routed to a unit with its own answer deadline. */
export const complaintCategories = sqliteTable(
  "complaint_categories",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    unitId: text("unit_id")
      .notNull()
      .references(() => units.id),
    /** Working days to answer. */
    deadlineDays: integer("deadline_days").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [uniqueIndex("complaint_categories_name_uq").on(t.name)],
);

export type ComplaintCategory = typeof complaintCategories.$inferSelect;

/**
 * A complaint. It holds nothing that identifies the complainant: that lives in `complaint_contacts`,
 * read only to deliver status pushes and to show complainants their own complaints.
 */
export const complaints = sqliteTable(
  "complaints",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    trackingCode: text("tracking_code").notNull(),
    track: text("track", { enum: TRACKS }).notNull(),
    fiscalYear: integer("fiscal_year").notNull(),
    /** Per fiscal year and track; allocated inside the insert, so never twice. */
    seq: integer("seq").notNull(),
    categoryId: text("category_id"),
    /** The category's name when filed (categories can be renamed later). */
    category: text("category").notNull(),
    description: text("description").notNull(),
    latitude: real("latitude"),
    longitude: real("longitude"),
    address: text("address"),
    status: text("status", { enum: COMPLAINT_STATUSES }).notNull().default("received"),
    /** General track: the unit it is routed to. Corruption track: null (integrity officers). */
    routedUnitId: text("routed_unit_id").references(() => units.id),
    anonymous: integer("anonymous", { mode: "boolean" }).notNull(),
    createdAt: integer("created_at").notNull(),
    /** `YYYY-MM-DD`, in working days from the filing day. */
    dueDate: text("due_date").notNull(),
    updatedAt: integer("updated_at").notNull(),
    closedAt: integer("closed_at"),
    reopenCount: integer("reopen_count").notNull().default(0),
    /** The complainant's answer to "was it fixed?": null until asked and answered. */
    fixed: integer("fixed", { mode: "boolean" }),
    /** When the complainant confirmed it fixed (`fixed` true). */
    fixedConfirmedAt: integer("fixed_confirmed_at"),
    /**
     * When it was closed as "not confirmed": resolved, and no answer from the complainant within 10
     * working days. Never counted as a confirmed fix.
     */
    unconfirmedAt: integer("unconfirmed_at"),
    rating: integer("rating"),
    /** The webhook event that filed it: a retried event finds its complaint instead of filing twice. */
    sourceEventId: text("source_event_id").notNull(),
  },
  (t) => [
    uniqueIndex("complaints_code_uq").on(t.trackingCode),
    uniqueIndex("complaints_seq_uq").on(t.track, t.fiscalYear, t.seq),
    uniqueIndex("complaints_event_uq").on(t.sourceEventId),
    index("complaints_status_idx").on(t.status),
    index("complaints_unit_idx").on(t.routedUnitId, t.status),
  ],
);

export type Complaint = typeof complaints.$inferSelect;

/**
 * Who filed a complaint: sealed. Only the bot reads it, to push status changes to the complainant
 * and to let them track their own complaints; no API answer, export or log line carries it.
 */
export const complaintContacts = sqliteTable(
  "complaint_contacts",
  {
    complaintId: integer("complaint_id")
      .primaryKey()
      .references(() => complaints.id),
    lineUserId: text("line_user_id").notNull(),
    /** No longer written: no complainant's name is kept (`domain/anonymity.ts`); migration 0011 cleared it. */
    displayName: text("display_name"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("complaint_contacts_user_idx").on(t.lineUserId, t.createdAt)],
);

export const PHOTO_KINDS = ["report", "result"] as const;

/** Photos of a complaint: what the complainant sent (`report`) and the after-photo (`result`). */
export const complaintPhotos = sqliteTable(
  "complaint_photos",
  {
    id: text("id").primaryKey(),
    complaintId: integer("complaint_id")
      .notNull()
      .references(() => complaints.id),
    kind: text("kind", { enum: PHOTO_KINDS }).notNull(),
    blobKey: text("blob_key").notNull(),
    contentType: text("content_type").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("complaint_photos_idx").on(t.complaintId)],
);

export type ComplaintPhoto = typeof complaintPhotos.$inferSelect;

/** Every status a complaint took: who, when, and the note the complainant was sent. */
export const complaintHistory = sqliteTable(
  "complaint_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    complaintId: integer("complaint_id")
      .notNull()
      .references(() => complaints.id),
    status: text("status", { enum: COMPLAINT_STATUSES }).notNull(),
    note: text("note").notNull().default(""),
    /** Who made the change, as shown to people (a unit, "ผู้ดูแลระบบ", "ผู้ร้อง"): never a LINE id. */
    by: text("by").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("complaint_history_idx").on(t.complaintId, t.id)],
);

export type ComplaintHistoryEntry = typeof complaintHistory.$inferSelect;
