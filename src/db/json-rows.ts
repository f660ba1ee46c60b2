import { getTableColumns, getTableName, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { type AppDb, rawStatement, type Statement } from "./client";

/**
 * JSON characters per statement at most. D1 takes a string of at most 2,000,000 bytes (D1 limits:
 * "Maximum string, BLOB or table row size"), and a character of a JS string is at most 3 bytes of
 * UTF-8 (a surrogate pair, two characters, is 4).
 */
const MAX_JSON_CHARS = 600_000;

/**
 * An insert of many rows in one statement with one bound parameter: the rows as a JSON array of
 * arrays, unpacked by SQLite's `json_each` in array order (so ids are assigned in the order given).
 * Why not drizzle's multi-row insert: it builds every value as its own chunk, each checked against a
 * dozen classes, which made building the commit's SQL the largest JS cost of handling an event on
 * workerd (CPU profile, `tsx scripts/profile-worker.ts`); and D1 binds at most 100 parameters, which
 * split a batch's rows into statements of 7–9 rows.
 *
 * `columns` are the row keys written, the same for every row (a missing value is NULL, so a column
 * whose default should apply is left out of `columns`); `ignoreConflicts` skips rows that break a
 * unique constraint, as drizzle's `onConflictDoNothing` does. The SQL is written once, here; the
 * returned function turns rows into statements for `atomic`.
 */
export function jsonRowsInsert<T extends SQLiteTable>(
  table: T,
  columns: readonly (keyof T["$inferInsert"] & string)[],
  { ignoreConflicts = false } = {},
): (db: AppDb, rows: readonly T["$inferInsert"][]) => Statement[] {
  const tableName = getTableName(table);
  const tableColumns = getTableColumns(table);
  const picked = columns.map((key) => {
    const column = tableColumns[key];
    if (!column) throw new Error(`${tableName} has no column ${key}`);
    return { key, column };
  });
  const names = picked.map(({ column }) => `"${column.name}"`).join(", ");
  const values = picked.map((_, i) => `json_extract(value, '$[${i}]')`).join(", ");
  const head = sql.raw(`INSERT INTO "${tableName}" (${names}) SELECT ${values} FROM json_each(`);
  // SQLite: an upsert after INSERT … SELECT needs a WHERE clause against a parsing ambiguity.
  const tail = sql.raw(`) WHERE true ORDER BY key${ignoreConflicts ? " ON CONFLICT DO NOTHING" : ""}`);

  const encode = (row: T["$inferInsert"]) => {
    const record = row as Record<string, unknown>;
    return JSON.stringify(
      picked.map(({ key, column }) => {
        const value = record[key];
        return value === undefined || value === null ? null : column.mapToDriverValue(value);
      }),
    );
  };

  return (db, rows) => {
    const statements: Statement[] = [];
    let chunk: string[] = [];
    let chars = 0;
    const flush = () => {
      if (chunk.length === 0) return;
      statements.push(rawStatement(db, sql`${head}${`[${chunk.join(",")}]`}${tail}`));
      chunk = [];
      chars = 0;
    };
    for (const row of rows) {
      const encoded = encode(row);
      if (chars + encoded.length > MAX_JSON_CHARS) flush();
      chunk.push(encoded);
      chars += encoded.length + 1;
    }
    flush();
    return statements;
  };
}
