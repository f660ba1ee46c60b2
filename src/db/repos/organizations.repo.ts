import type { AppDb } from "../client";
import { organizations } from "../schema";

/** The single organisation of a one-organisation deployment (id `default`), named from ORG_NAME. */
export async function ensureOrganization(db: AppDb, id: string, name: string, now: number): Promise<void> {
  await db
    .insert(organizations)
    .values({ id, name, createdAt: now })
    .onConflictDoUpdate({ target: organizations.id, set: { name } });
}
