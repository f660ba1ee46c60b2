import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The platform registry (default database only): the organisations served besides the default one,
 * each with its own database. The LINE credentials are sealed with AES-GCM under
 * `PLATFORM_SECRET_KEY` (src/platform/secrets.ts); of the organisation's admin token only its
 * SHA-256 is kept.
 */
export const tenants = sqliteTable("tenants", {
  /** A slug (`^[a-z0-9-]{2,40}$`): the `:org` of `/webhook/:org` and `/o/:org/…`. */
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  channelSecretSealed: text("channel_secret_sealed").notNull(),
  channelAccessTokenSealed: text("channel_access_token_sealed").notNull(),
  /** Hex SHA-256 of the organisation's admin API token. */
  adminTokenSha256: text("admin_token_sha256").notNull(),
  createdAt: integer("created_at").notNull(),
  /** When the name or a credential last changed: every instance re-reads an organisation whose value moved. */
  updatedAt: integer("updated_at").notNull().default(0),
});

export type Tenant = typeof tenants.$inferSelect;
