import { getTableColumns, getTableName, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { type AppDb, rawStatement, type Statement } from "./client";

/**
 * JSON characters per statement at most. D1 takes a string of at most 2,000,000 bytes (D1 limits:
 * "Maximum string, BLOB or table row size"), and a character of a JS string is at most 3 bytes of
 * UTF-8 (a surrogate pair, two characters, is 4).
 */
const MAX_JSON_CHARS = 600_000;

const statementText = new Map<string, { head: string; tail: string }>();

/**
 * Many rows inserted in one statement with one bound parameter: the rows as a JSON array of arrays,
 * unpacked by SQLite's `json_each` in array order (so ids are assigned in the order given). Why not
 * drizzle's multi-row insert: it builds every value as its own chunk, each checked against a dozen
 * classes, which made building the commit's SQL the largest JS cost of handling an event on workerd
 * (CPU profile, `tsx scripts/profile-worker.ts`); and D1 binds at most 100 parameters, which split a
 * batch's rows into statements of 7–9 rows.
 *
 * `columns` are the row keys written, the same for every row (a missing value is NULL, so a column
 * whose default should apply is left out of `columns`); `ignoreConflicts` skips rows that break a
 * unique constraint, as drizzle's `onConflictDoNothing` does.
 */
export function insertRowsAsJson<T extends SQLiteTable>(
  db: AppDb,
  table: T,
  columns: readonly (keyof T["$inferInsert"] & string)[],
  rows: readonly T["$inferInsert"][],
  { ignoreConflicts = false } = {},
): Statement[] {
  const tableColumns = getTableColumns(table);
  const picked = columns.map((key) => {
    const column = tableColumns[key];
    if (!column) throw new Error(`${getTableName(table)} has no column ${key}`);
    return column;
  });
  const cacheKey = `${getTableName(table)}(${columns.join()})${ignoreConflicts}`;
  let text = statementText.get(cacheKey);
  if (!text) {
    const names = picked.map((column) => `"${column.name}"`).join(", ");
    const values = picked.map((_, i) => `json_extract(value, '$[${i}]')`).join(", ");
    text = {
      head: `INSERT INTO "${getTableName(table)}" (${names}) SELECT ${values} FROM json_each(`,
      // SQLite: an upsert after INSERT … SELECT needs a WHERE clause against a parsing ambiguity.
      tail: `) WHERE true ORDER BY key${ignoreConflicts ? " ON CONFLICT DO NOTHING" : ""}`,
    };
    statementText.set(cacheKey, text);
  }
  const { head, tail } = text;
  const statements: Statement[] = [];
  let chunk: string[] = [];
  let chars = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    const json = `[${chunk.join(",")}]`;
    statements.push(rawStatement(db, sql`${sql.raw(head)}${json}${sql.raw(tail)}`));
    chunk = [];
    chars = 0;
  };
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    const encoded = JSON.stringify(
      picked.map((column, i) => {
        const value = record[columns[i] as string];
        return value === undefined || value === null ? null : column.mapToDriverValue(value);
      }),
    );
    if (chars + encoded.length > MAX_JSON_CHARS) flush();
    chunk.push(encoded);
    chars += encoded.length + 1;
  }
  flush();
  return statements;
}
