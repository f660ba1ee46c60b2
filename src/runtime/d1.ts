/**
 * D1 through drizzle-orm/d1, with the database port bound (src/db/port.ts). The one way to get an
 * `AppDb` over a D1 binding: the Worker, `npm run start:worker`'s tooling and the tests open it here.
 */
import type { D1Database } from "@cloudflare/workers-types";
import type { SQL } from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import type { AppDb } from "../db/client";
import { atomically, bindDriver, type DatabaseDriver, type Query } from "../db/port";
import * as schema from "../db/schema";

/** The drizzle handle over a D1 binding, its driver bound. */
export function openD1(d1: D1Database): AppDb {
  const db = drizzle(d1, { schema });
  return bindDriver(db as unknown as AppDb, d1Driver(db, d1));
}

/**
 * The database port on D1: `batch` is its all-or-nothing unit ("Batched statements are SQL
 * transactions. If a statement in the sequence fails, … it aborts or rolls back the entire sequence",
 * Cloudflare's D1 documentation); D1 has no interactive transaction, so no `transactionSync`.
 */
function d1Driver(db: DrizzleD1Database<typeof schema>, d1: D1Database): DatabaseDriver {
  return {
    atomic: (queries) => atomically(queries, (all) => db.batch(all)),
    readTogether: async (queries) => {
      const [first, ...rest] = queries;
      return first ? db.batch([first, ...rest]) : [];
    },
    /**
     * `db.run(sql)` is lazy on D1 already, but not usable inside `db.batch` with parameters: drizzle's
     * D1 batch binds them to the item's prepared D1 statement (`stmt`), which a raw query does not
     * carry, so it fails there with "Cannot read properties of undefined (reading 'bind')"
     * (drizzle-team/drizzle-orm#2277, open in drizzle-orm 0.45). Give it the statement prepared from
     * its own SQL; awaited alone it runs as before.
     */
    raw(query: SQL): Query {
      const raw = db.run(query);
      return Object.assign(raw, { stmt: d1.prepare(raw.getQuery().sql) }) as unknown as Query;
    },
  };
}
