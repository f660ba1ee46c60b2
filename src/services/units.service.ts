import { z } from "zod";
import { findUnitByName, insertUnit } from "../db/repos/units.repo";
import type { Unit } from "../db/schema";
import type { AppDeps } from "../deps";
import { type Actor, type Planned, planned, refused } from "./plan";

export const unitNameSchema = z.string().trim().min(1, "ต้องไม่ว่าง").max(100, "ยาวเกิน 100 ตัวอักษร");

export const newUnitSchema = z.object({ name: unitNameSchema });
export type NewUnitInput = z.infer<typeof newUnitSchema>;

/** A new unit: its name unique in the organisation; audited. */
export async function planCreateUnit(
  deps: AppDeps,
  input: NewUnitInput,
  _actor: Actor,
): Promise<Planned<Unit>> {
  if (await findUnitByName(deps.db, input.name)) return refused("unit.name_taken");
  const unit: Unit = {
    id: deps.ids.uuid(),
    name: input.name,
    createdAt: deps.clock.now(),
  };
  return planned(unit, {
    statements: [insertUnit(deps.db, unit)],
    audit: [{ action: "unit.create", subject: unit.id, detail: { name: unit.name } }],
    onUniqueViolation: "unit.name_taken",
  });
}
