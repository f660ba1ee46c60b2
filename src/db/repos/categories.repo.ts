import { and, asc, eq } from "drizzle-orm";
import { type AppDb, type Statement, statement } from "../client";
import { type ComplaintCategory, complaintCategories } from "../schema";

export async function listCategories(
  db: AppDb,
  options: { activeOnly?: boolean } = {},
): Promise<ComplaintCategory[]> {
  return db
    .select()
    .from(complaintCategories)
    .where(and(options.activeOnly ? eq(complaintCategories.active, true) : undefined))
    .orderBy(asc(complaintCategories.sortOrder), asc(complaintCategories.name));
}

export async function findCategory(db: AppDb, id: string): Promise<ComplaintCategory | undefined> {
  return db.select().from(complaintCategories).where(eq(complaintCategories.id, id)).get();
}

export async function findCategoryByName(db: AppDb, name: string): Promise<ComplaintCategory | undefined> {
  return db.select().from(complaintCategories).where(eq(complaintCategories.name, name)).get();
}

export type CategoryChange = Partial<
  Pick<ComplaintCategory, "name" | "unitId" | "deadlineDays" | "sortOrder" | "active">
>;

/** A new category (a taken name fails the statement: the unique index). */
export function insertCategory(db: AppDb, category: ComplaintCategory): Statement {
  return statement(db.insert(complaintCategories).values(category));
}

/** Change a category (a taken name fails the statement: the unique index). */
export function updateCategory(db: AppDb, id: string, change: CategoryChange): Statement {
  return statement(db.update(complaintCategories).set(change).where(eq(complaintCategories.id, id)));
}
