import { primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Prometheus counters kept durably, so they never go down across restarts, threads, instances or the
 * pruning of the rows they count: one row per (metric name, label set) in the organisation's own
 * database (/metrics adds the `org` label), bumped in the same commit as the change it counts — by
 * triggers (migrations/0010, made again without org_id in 0015) for events, complaints, status
 * changes, reminders and answered events, and by the delivery round's commit for LINE API calls.
 * Histograms are counters too: `<name>_bucket` rows with an `le` label, `<name>_sum`, `<name>_count`.
 */
export const metricCounters = sqliteTable(
  "metric_counters",
  {
    name: text("name").notNull(),
    /** The label set in exposition form, sorted by label name: `endpoint="push",status="2xx"` ("" for none). */
    labels: text("labels").notNull().default(""),
    value: real("value").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.name, t.labels] })],
);
