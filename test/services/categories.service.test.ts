import { describe, expect, it } from "vitest";
import { listCategories } from "../../src/db/repos/categories.repo";
import { listUnits } from "../../src/db/repos/units.repo";
import { check } from "../../src/domain/validation";
import {
  categoryChangeSchema,
  newCategorySchema,
  planCreateCategory,
  planUpdateCategory,
} from "../../src/services/categories.service";
import { commitPlanned } from "../../src/services/commit";
import { ADMIN_API_ACTOR } from "../../src/services/plan";
import { expectPlanCommitsWithAudit } from "../support/plans";
import { type ServiceDeps, serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

const actor = ADMIN_API_ACTOR;

async function firstUnit(deps: ServiceDeps) {
  const [unit] = await listUnits(deps.db);
  if (!unit) throw new Error("the seeded organisation has no unit");
  return unit;
}

async function category(deps: ServiceDeps, name: string) {
  const found = (await listCategories(deps.db)).find((c) => c.name === name);
  if (!found) throw new Error(`no category ${name}`);
  return found;
}

describe("categories service", () => {
  it("creates a category with its audit row in one write, with the defaults", async () => {
    const deps = await serviceDeps();
    const unit = await firstUnit(deps);
    const input = check(newCategorySchema, { name: "ต้นไม้ล้ม", unitId: unit.id });
    if (!input.ok) throw new Error(JSON.stringify(input.problems));
    expect(input.data).toMatchObject({ deadlineDays: 15, sortOrder: 100 });
    const created = await expectPlanCommitsWithAudit(
      deps,
      () => planCreateCategory(deps, input.data, actor),
      actor,
      ["category.create"],
    );
    expect(await category(deps, "ต้นไม้ล้ม")).toEqual(created);
    expect(created.active).toBe(true);
  });

  it("changes a category with its audit row in one write", async () => {
    const deps = await serviceDeps();
    const road = await category(deps, "ถนน/ทางเท้า");
    const changed = await expectPlanCommitsWithAudit(
      deps,
      () => planUpdateCategory(deps, { id: road.id, deadlineDays: 3, active: false }, actor),
      actor,
      ["category.update"],
    );
    expect(changed).toMatchObject({ id: road.id, name: road.name, deadlineDays: 3, active: false });
    expect(await category(deps, "ถนน/ทางเท้า")).toEqual(changed);
  });

  it("refuses a taken name, before the commit and at it", async () => {
    const deps = await serviceDeps();
    const unit = await firstUnit(deps);
    const taken = await planCreateCategory(
      deps,
      { name: "ถนน/ทางเท้า", unitId: unit.id, deadlineDays: 5, sortOrder: 1 },
      actor,
    );
    expect(taken).toMatchObject({
      ok: false,
      error: { code: "category.name_taken", kind: "conflict", field: "name" },
    });
    if (!taken.ok) expectThai(taken.error.thai, "category.name_taken");

    // Renaming onto another category's name; keeping one's own name is no clash.
    const road = await category(deps, "ถนน/ทางเท้า");
    const water = await category(deps, "น้ำประปา");
    const rename = await planUpdateCategory(deps, { id: water.id, name: road.name }, actor);
    expect(rename).toMatchObject({ ok: false, error: { code: "category.name_taken" } });
    expect((await planUpdateCategory(deps, { id: road.id, name: road.name }, actor)).ok).toBe(true);

    // Two plans made before either commits: the second loses at commit, and writes nothing.
    const first = await planCreateCategory(
      deps,
      { name: "สุนัขจรจัด", unitId: unit.id, deadlineDays: 5, sortOrder: 1 },
      actor,
    );
    const second = await planCreateCategory(
      deps,
      { name: "สุนัขจรจัด", unitId: unit.id, deadlineDays: 7, sortOrder: 2 },
      actor,
    );
    expect((await commitPlanned(deps, first, actor)).ok).toBe(true);
    expect(await commitPlanned(deps, second, actor)).toMatchObject({
      ok: false,
      error: { code: "category.name_taken" },
    });
    const renameA = await planUpdateCategory(deps, { id: water.id, name: "น้ำ" }, actor);
    const renameB = await planUpdateCategory(deps, { id: road.id, name: "น้ำ" }, actor);
    expect((await commitPlanned(deps, renameA, actor)).ok).toBe(true);
    expect(await commitPlanned(deps, renameB, actor)).toMatchObject({
      ok: false,
      error: { code: "category.name_taken" },
    });
    expect((await category(deps, "ถนน/ทางเท้า")).id).toBe(road.id);
  });

  it("routes only to a unit that exists (400, not 404: the input is wrong)", async () => {
    const deps = await serviceDeps();
    const created = await planCreateCategory(
      deps,
      { name: "ใหม่", unitId: "nope", deadlineDays: 5, sortOrder: 1 },
      actor,
    );
    expect(created).toMatchObject({
      ok: false,
      error: { code: "category.unknown_unit", kind: "invalid", field: "unitId" },
    });
    if (!created.ok) expectThai(created.error.thai, "category.unknown_unit");
    const road = await category(deps, "ถนน/ทางเท้า");
    const moved = await planUpdateCategory(deps, { id: road.id, unitId: "nope" }, actor);
    expect(moved).toMatchObject({ ok: false, error: { code: "category.unknown_unit" } });
  });

  it("refuses an unknown category as not found (another organisation's is in another database)", async () => {
    const deps = await serviceDeps();
    const missing = await planUpdateCategory(deps, { id: "no-such-category", name: "อะไรก็ได้" }, actor);
    expect(missing).toMatchObject({ ok: false, error: { code: "category.not_found", kind: "not_found" } });
    if (!missing.ok) expectThai(missing.error.thai, "category.not_found");
  });

  it("checks its input in Thai: a change of nothing, a deadline out of range, an empty name", async () => {
    const empty = check(categoryChangeSchema, {});
    expect(empty.ok).toBe(false);
    const bad = check(newCategorySchema, { name: " ", unitId: "", deadlineDays: 91, sortOrder: 1.5 });
    expect(bad.ok).toBe(false);
    if (bad.ok || empty.ok) return;
    expect(bad.problems.map((p) => p.field)).toEqual(["name", "unitId", "deadlineDays", "sortOrder"]);
    for (const problem of [...bad.problems, ...empty.problems]) expectThai(problem.message, problem.field);
  });
});
