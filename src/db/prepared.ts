import type { AppDb } from "./client";

/**
 * A prepared query per database, built on first use (never at import time). Hot queries skip
 * drizzle's query building and SQLite's compiling on every call.
 */
export function preparedFor<T>(build: (db: AppDb) => T): (db: AppDb) => T {
  const cache = new WeakMap<AppDb, T>();
  return (db) => {
    let prepared = cache.get(db);
    if (prepared === undefined) {
      prepared = build(db);
      cache.set(db, prepared);
    }
    return prepared;
  };
}
