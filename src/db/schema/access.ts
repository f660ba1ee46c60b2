import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ROLES } from "../../domain/roles";
import { units } from "./units";

/** A single-use code that turns whoever redeems it into staff, an executive, … (`ลงทะเบียน <code>`). */
export const invites = sqliteTable("invites", {
  code: text("code").primaryKey(),
  role: text("role", { enum: ROLES }).notNull(),
  unitId: text("unit_id").references(() => units.id),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
  usedBy: text("used_by"),
});

export type Invite = typeof invites.$inferSelect;

/** Who did what, when: role changes, admin writes, status changes. Append-only. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    /** `admin-api`, or a user's LINE id (audit only, never shown in chat or reports). */
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    subject: text("subject"),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("audit_log_idx").on(t.at)],
);

/** Reminders already sent: one per recipient, kind and day, so a schedule run twice sends nothing twice. */
export const reminderLog = sqliteTable(
  "reminder_log",
  {
    recipient: text("recipient").notNull(),
    kind: text("kind").notNull(),
    /**
     * `YYYY-MM-DD` in the organisation's time zone. A reminder that goes once per complaint's
     * resolution (`fix_question`, `fix_unconfirmed`) is keyed `<tracking code>@<resolved at, ms>` instead.
     */
    day: text("day").notNull(),
    sentAt: integer("sent_at").notNull(),
    summary: text("summary").notNull(),
  },
  (t) => [primaryKey({ columns: [t.recipient, t.kind, t.day] })],
);

/**
 * An erasure in progress: the person's LINE id is kept here only until the bot's last message to
 * them (the confirmation) has gone out, then the delivery records are scrubbed and this row deleted.
 */
export const privacyErasures = sqliteTable("privacy_erasures", {
  lineUserId: text("line_user_id").notNull(),
  pseudonym: text("pseudonym").notNull(),
  requestedAt: integer("requested_at").notNull(),
});
