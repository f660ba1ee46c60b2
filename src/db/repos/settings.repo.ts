import { eq } from "drizzle-orm";
import type { z } from "zod";
import { type AppDb, type Statement, statement } from "../client";
import { orgSettings } from "../schema";

/** A setting read through its schema: a stored value that no longer fits reads as missing. */
export async function getSetting<T>(db: AppDb, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const row = await db
    .select({ value: orgSettings.value })
    .from(orgSettings)
    .where(eq(orgSettings.key, key))
    .get();
  if (!row) return undefined;
  const parsed = schema.safeParse(row.value);
  return parsed.success ? parsed.data : undefined;
}

/** Set a setting (insert or replace its value). */
export function setSetting(db: AppDb, key: string, value: unknown, now: number): Statement {
  return statement(
    db
      .insert(orgSettings)
      .values({ key, value, updatedAt: now })
      .onConflictDoUpdate({ target: orgSettings.key, set: { value, updatedAt: now } }),
  );
}
