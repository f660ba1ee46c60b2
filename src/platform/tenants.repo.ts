import { asc, eq } from "drizzle-orm";
import { type AppDb, statement } from "../db/client";
import { type Tenant, tenants } from "../db/schema";

/** The platform registry (default database): one row per organisation served besides the default one. */
export async function findTenant(db: AppDb, id: string): Promise<Tenant | undefined> {
  return db.select().from(tenants).where(eq(tenants.id, id)).get();
}

/** Every registered organisation, oldest first: what the platform API lists (never the sealed columns). */
export async function listTenants(db: AppDb): Promise<Array<Pick<Tenant, "id" | "name" | "createdAt">>> {
  return db
    .select({ id: tenants.id, name: tenants.name, createdAt: tenants.createdAt })
    .from(tenants)
    .orderBy(asc(tenants.createdAt), asc(tenants.id));
}

/** A new registry row, as a statement for `atomic` (written together with its audit row). */
export function insertTenantStatement(db: AppDb, row: Tenant) {
  return statement(db.insert(tenants).values(row));
}

/** A changed registry row (name, sealed credentials, admin token hash, `updatedAt`), as a statement for `atomic`. */
export function updateTenantStatement(
  db: AppDb,
  id: string,
  fields: Partial<Omit<Tenant, "id" | "createdAt">> & { updatedAt: number },
) {
  return statement(db.update(tenants).set(fields).where(eq(tenants.id, id)));
}
