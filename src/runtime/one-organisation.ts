/**
 * Migration 0015 drops `org_id` from every table: the organisation is the database. A database that
 * holds rows of more than one organisation would have them merged, so the migration refuses it (a
 * named CHECK constraint fails and its transaction rolls back, on better-sqlite3, on D1 and under
 * `wrangler d1 migrations apply` alike). The runtimes' migrators turn that failure into this error,
 * which says in plain words which organisations the database holds and what to do.
 */

/** The constraint migrations/0015 fails when a database holds rows of more than one organisation. */
export const MIXED_ORGANISATIONS_CONSTRAINT = "rows_of_more_than_one_organisation_see_README";

/** The tables that had an `org_id` column before 0015 (the registry `tenants` never had one). */
const TABLES_WITH_ORG_ID = [
  "admin_accounts",
  "admin_sessions",
  "audit_log",
  "complaint_categories",
  "complaint_contacts",
  "complaint_history",
  "complaint_photos",
  "complaints",
  "conversations",
  "eit_invitations",
  "eit_responses",
  "holidays",
  "inbox_events",
  "inbox_watermarks",
  "invites",
  "ita_results",
  "measure_photos",
  "measure_progress",
  "measure_progress_revisions",
  "measure_templates",
  "measure_units",
  "measures",
  "metric_counters",
  "org_settings",
  "outbox",
  "privacy_erasures",
  "reminder_log",
  "sign_in_attempts",
  "units",
  "users",
] as const;

type Row = { orgId: string; n: number };

/**
 * Rows per organisation in a database not yet migrated to 0015 (read after the refusal): a query per
 * table, as D1 allows few terms in one compound SELECT; `sumByOrganisation` adds up their answers.
 */
export const ROWS_BY_ORGANISATION_QUERIES = TABLES_WITH_ORG_ID.map(
  (table) => `SELECT org_id AS orgId, count(*) AS n FROM ${table} GROUP BY org_id`,
);

export function sumByOrganisation(answers: Row[][]): Row[] {
  const counts = new Map<string, number>();
  for (const row of answers.flat()) counts.set(row.orgId, (counts.get(row.orgId) ?? 0) + row.n);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([orgId, n]) => ({ orgId, n }));
}

export const isMixedOrganisations = (error: unknown): boolean =>
  (error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error)).includes(
    MIXED_ORGANISATIONS_CONSTRAINT,
  );

export class MixedOrganisationsError extends Error {
  constructor(
    database: string,
    readonly rows: Row[],
  ) {
    const held = rows.map((row) => `${row.orgId}: ${row.n} row${row.n === 1 ? "" : "s"}`).join(", ");
    super(
      `database ${database} holds rows of ${rows.length} organisations (${held}). Migration 0015 gives ` +
        "each organisation its own database and drops the org_id column, which would merge them, so " +
        "it was not applied and nothing was changed. Move every organisation's rows into its own " +
        'database first (README, "Upgrading to one database per organisation").',
    );
    this.name = "MixedOrganisationsError";
  }
}
