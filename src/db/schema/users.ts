import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ROLES } from "../../domain/roles";

/** A LINE user (or group/room) the OA has heard from, with their role in the organisation. */
export const users = sqliteTable(
  "users",
  {
    lineUserId: text("line_user_id").primaryKey(),
    role: text("role", { enum: ROLES }).notNull().default("citizen"),
    unitId: text("unit_id"),
    /** false after `unfollow` (blocked): no push is attempted. */
    reachable: integer("reachable", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    followedAt: integer("followed_at"),
    unfollowedAt: integer("unfollowed_at"),
    /** When the user accepted the complaint privacy notice (asked once, before the first complaint). */
    consentedAt: integer("consented_at"),
    /** Staff, executives, admins: their LINE name when they registered, shown as who logged progress. */
    displayName: text("display_name"),
  },
  (t) => [index("users_role_idx").on(t.role)],
);

export type User = typeof users.$inferSelect;
