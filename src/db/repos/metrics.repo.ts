import { sql } from "drizzle-orm";
import { type AppDb, type Statement, statement } from "../client";
import { metricCounters } from "../schema";

/** Histogram bounds (seconds). The acknowledgement-to-answer ones are also in migrations/0010's trigger. */
export const LINE_CALL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
export const EVENT_ANSWER_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const;

export interface CounterIncrement {
  name: string;
  /** Label values by name; rendered sorted by name. */
  labels?: Record<string, string>;
  by: number;
}

/** A label set in exposition form, sorted by name, values escaped as the text format asks. */
export function labelText(labels: Record<string, string> = {}): string {
  return Object.keys(labels)
    .sort()
    .map(
      (key) =>
        `${key}="${String(labels[key]).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`,
    )
    .join(",");
}

/** D1 binds at most 100 parameters: 3 a row. */
const ROWS_PER_UPSERT = 33;

/** Counter increments as upserts, to commit with the change they count (like keys summed first). */
export function incrementCounters(db: AppDb, increments: CounterIncrement[]): Statement[] {
  const summed = new Map<string, { name: string; labels: string; value: number }>();
  for (const increment of increments) {
    const labels = labelText(increment.labels);
    const key = `${increment.name}{${labels}}`;
    const row = summed.get(key) ?? { name: increment.name, labels, value: 0 };
    row.value += increment.by;
    summed.set(key, row);
  }
  const rows = [...summed.values()];
  const statements: Statement[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_UPSERT) {
    statements.push(
      statement(
        db
          .insert(metricCounters)
          .values(rows.slice(i, i + ROWS_PER_UPSERT))
          .onConflictDoUpdate({
            target: [metricCounters.name, metricCounters.labels],
            set: { value: sql`${metricCounters.value} + excluded.value` },
          }),
      ),
    );
  }
  return statements;
}

/** A histogram observation as counter increments: cumulative buckets, `_sum` and `_count`. */
export function observe(
  name: string,
  bounds: readonly number[],
  seconds: number,
  labels: Record<string, string> = {},
): CounterIncrement[] {
  return [
    ...bounds
      .filter((bound) => seconds <= bound)
      .map((bound) => ({ name: `${name}_bucket`, labels: { ...labels, le: String(bound) }, by: 1 })),
    { name: `${name}_bucket`, labels: { ...labels, le: "+Inf" }, by: 1 },
    { name: `${name}_sum`, labels, by: seconds },
    { name: `${name}_count`, labels, by: 1 },
  ];
}

export async function readCounters(
  db: AppDb,
): Promise<Array<{ name: string; labels: string; value: number }>> {
  return db
    .select({ name: metricCounters.name, labels: metricCounters.labels, value: metricCounters.value })
    .from(metricCounters);
}
