import { describe, expect, it } from "vitest";
import { auditLog, units } from "../../src/db/schema";
import { commit, commitPlanned } from "../../src/services/commit";
import { ADMIN_API_ACTOR } from "../../src/services/plan";
import { planCreateUnit } from "../../src/services/units.service";
import { serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

describe("units service", () => {
  it("plans a unit and its audit row; nothing is written until the plan is committed", async () => {
    const deps = await serviceDeps();
    const before = (await deps.db.select().from(units)).length;
    const planned = await planCreateUnit(deps, { name: "กองการศึกษา" }, ADMIN_API_ACTOR);
    if (!planned.ok) throw planned.error;
    expect(await deps.db.select().from(units)).toHaveLength(before);
    expect(await commit(deps, planned.plan, ADMIN_API_ACTOR)).toEqual({ ok: true, recipients: [] });
    const names = (await deps.db.select().from(units)).map((unit) => unit.name);
    expect(names).toContain("กองการศึกษา");
    const audit = await deps.db.select().from(auditLog);
    expect(audit.at(-1)).toMatchObject({
      actor: "admin-api",
      action: "unit.create",
      subject: planned.value.id,
    });
  });

  it("refuses a taken name with a Thai coded error, before and at commit", async () => {
    const deps = await serviceDeps();
    await commitPlanned(
      deps,
      await planCreateUnit(deps, { name: "กองการศึกษา" }, ADMIN_API_ACTOR),
      ADMIN_API_ACTOR,
    );
    const again = await planCreateUnit(deps, { name: "กองการศึกษา" }, ADMIN_API_ACTOR);
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.error).toMatchObject({ code: "unit.name_taken", kind: "conflict", field: "name" });
    expectThai(again.error.thai, "unit.name_taken");

    // Two plans made before either commits: the second loses at commit, with the same error.
    const first = await planCreateUnit(deps, { name: "กองสวัสดิการสังคม" }, ADMIN_API_ACTOR);
    const second = await planCreateUnit(deps, { name: "กองสวัสดิการสังคม" }, ADMIN_API_ACTOR);
    expect((await commitPlanned(deps, first, ADMIN_API_ACTOR)).ok).toBe(true);
    const lost = await commitPlanned(deps, second, ADMIN_API_ACTOR);
    expect(lost).toMatchObject({ ok: false, error: { code: "unit.name_taken" } });
    const audits = (await deps.db.select().from(auditLog)).filter((row) => row.action === "unit.create");
    expect(audits).toHaveLength(2);
  });
});
