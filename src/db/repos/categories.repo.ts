import { and, asc, eq } from "drizzle-orm";
import type { AppDb } from "../client";
import { type ComplaintCategory, complaintCategories } from "../schema";

export async function listCategories(
  db: AppDb,
  orgId: string,
  options: { activeOnly?: boolean } = {},
): Promise<ComplaintCategory[]> {
  return db
    .select()
    .from(complaintCategories)
    .where(
      and(
        eq(complaintCategories.orgId, orgId),
        options.activeOnly ? eq(complaintCategories.active, true) : undefined,
      ),
    )
    .orderBy(asc(complaintCategories.sortOrder), asc(complaintCategories.name));
}

export async function findCategory(
  db: AppDb,
  orgId: string,
  id: string,
): Promise<ComplaintCategory | undefined> {
  return db
    .select()
    .from(complaintCategories)
    .where(and(eq(complaintCategories.orgId, orgId), eq(complaintCategories.id, id)))
    .get();
}

/** A new category; undefined when the name is taken. */
export async function createCategory(
  db: AppDb,
  category: typeof complaintCategories.$inferInsert,
): Promise<ComplaintCategory | undefined> {
  return db.insert(complaintCategories).values(category).onConflictDoNothing().returning().get();
}

export async function updateCategory(
  db: AppDb,
  orgId: string,
  id: string,
  change: Partial<Pick<ComplaintCategory, "name" | "unitId" | "deadlineDays" | "sortOrder" | "active">>,
): Promise<ComplaintCategory | undefined> {
  return db
    .update(complaintCategories)
    .set(change)
    .where(and(eq(complaintCategories.orgId, orgId), eq(complaintCategories.id, id)))
    .returning()
    .get();
}
