import { z } from "zod";
import {
  type CategoryChange,
  findCategory,
  findCategoryByName,
  insertCategory,
  updateCategory,
} from "../db/repos/categories.repo";
import { findUnit } from "../db/repos/units.repo";
import type { ComplaintCategory } from "../db/schema";
import type { AppDeps } from "../deps";
import { DEFAULT_DEADLINE_DAYS } from "../domain/complaints";
import { type Actor, type Planned, planned, refused } from "./plan";

const categoryFields = {
  name: z.string().trim().min(1, "ต้องไม่ว่าง").max(100, "ยาวเกิน 100 ตัวอักษร"),
  unitId: z.string().min(1, "ต้องเลือกหน่วยงาน"),
  deadlineDays: z
    .number()
    .int("ต้องเป็นจำนวนวันเต็ม")
    .min(1, "ต้องอย่างน้อย 1 วันทำการ")
    .max(90, "ต้องไม่เกิน 90 วันทำการ"),
  sortOrder: z.number().int("ต้องเป็นจำนวนเต็ม").min(0, "ต้องไม่น้อยกว่า 0").max(1000, "ต้องไม่เกิน 1000"),
  active: z.boolean(),
};

/** A new category: the deadline and the order have defaults. */
export const newCategorySchema = z.object({
  name: categoryFields.name,
  unitId: categoryFields.unitId,
  deadlineDays: categoryFields.deadlineDays.default(DEFAULT_DEADLINE_DAYS),
  sortOrder: categoryFields.sortOrder.default(100),
});
export type NewCategoryInput = z.infer<typeof newCategorySchema>;

/** A change to a category: any of its fields, at least one. */
export const categoryChangeSchema = z
  .object(categoryFields)
  .partial()
  .refine((change) => Object.keys(change).length > 0, "ต้องแก้ไขอย่างน้อยหนึ่งช่อง");

/** The console's edit form: every field, as a new category has them, and whether it is in use. */
export const categoryFormSchema = newCategorySchema.extend({ active: categoryFields.active });

export type CategoryChangeInput = { id: string } & CategoryChange;

/** What a category's audit row and the admin API show of it (beside its id). */
export function categoryView(category: ComplaintCategory) {
  return {
    name: category.name,
    unitId: category.unitId,
    deadlineDays: category.deadlineDays,
    sortOrder: category.sortOrder,
    active: category.active,
  };
}

/** A new complaint category, routed to a unit that exists, its name unique in the organisation. */
export async function planCreateCategory(
  deps: AppDeps,
  input: NewCategoryInput,
  _actor: Actor,
): Promise<Planned<ComplaintCategory>> {
  if (!(await findUnit(deps.db, input.unitId))) return refused("category.unknown_unit");
  if (await findCategoryByName(deps.db, input.name)) return refused("category.name_taken");
  const category: ComplaintCategory = { id: deps.ids.uuid(), ...input, active: true };
  return planned(category, {
    statements: [insertCategory(deps.db, category)],
    audit: [{ action: "category.create", subject: category.id, detail: categoryView(category) }],
    onUniqueViolation: "category.name_taken",
  });
}

/** Change a category of this organisation: a new unit must exist, a new name must be free. */
export async function planUpdateCategory(
  deps: AppDeps,
  input: CategoryChangeInput,
  _actor: Actor,
): Promise<Planned<ComplaintCategory>> {
  const { id, ...change } = input;
  const category = await findCategory(deps.db, id);
  if (!category) return refused("category.not_found");
  if (change.unitId !== undefined && !(await findUnit(deps.db, change.unitId))) {
    return refused("category.unknown_unit");
  }
  if (change.name !== undefined) {
    const named = await findCategoryByName(deps.db, change.name);
    if (named && named.id !== id) return refused("category.name_taken");
  }
  return planned(
    { ...category, ...change },
    {
      statements: [updateCategory(deps.db, id, change)],
      audit: [{ action: "category.update", subject: id, detail: change }],
      onUniqueViolation: "category.name_taken",
    },
  );
}
