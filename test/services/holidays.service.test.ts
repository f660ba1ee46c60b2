import { describe, expect, it } from "vitest";
import { findHoliday } from "../../src/db/repos/holidays.repo";
import { check } from "../../src/domain/validation";
import {
  holidayDateSchema,
  holidaySchema,
  planDeleteHoliday,
  planPutHoliday,
} from "../../src/services/holidays.service";
import { ADMIN_API_ACTOR } from "../../src/services/plan";
import { expectPlanCommitsWithAudit } from "../support/plans";
import { serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

const actor = ADMIN_API_ACTOR;

describe("holidays service", () => {
  it("adds a holiday, renames it, deletes it; each with its audit row in one write", async () => {
    const deps = await serviceDeps();
    const holiday = { date: "2027-01-02", name: "วันหยุดพิเศษ" };
    await expectPlanCommitsWithAudit(deps, () => planPutHoliday(deps, holiday, actor), actor, [
      "holiday.put",
    ]);
    expect(await findHoliday(deps.db, "2027-01-02")).toMatchObject(holiday);
    const renamed = { ...holiday, name: "วันหยุดชดเชย" };
    await expectPlanCommitsWithAudit(deps, () => planPutHoliday(deps, renamed, actor), actor, [
      "holiday.put",
    ]);
    expect(await findHoliday(deps.db, "2027-01-02")).toMatchObject(renamed);
    await expectPlanCommitsWithAudit(
      deps,
      () => planDeleteHoliday(deps, { date: holiday.date }, actor),
      actor,
      ["holiday.delete"],
    );
    expect(await findHoliday(deps.db, "2027-01-02")).toBeUndefined();
  });

  it("refuses to delete a holiday that is not there", async () => {
    const deps = await serviceDeps();
    const missing = await planDeleteHoliday(deps, { date: "2027-03-03" }, actor);
    expect(missing).toMatchObject({
      ok: false,
      error: { code: "holiday.not_found", kind: "not_found", field: "date" },
    });
    if (!missing.ok) expectThai(missing.error.thai, "holiday.not_found");
  });

  it("takes only real dates as YYYY-MM-DD, and a name; in Thai", async () => {
    for (const date of ["2026-12-32", "05/12/2026", "2027-02-29", ""]) {
      const checked = check(holidaySchema, { date, name: "" });
      expect(checked.ok, date).toBe(false);
      if (checked.ok) continue;
      expect(checked.problems.map((p) => p.field)).toEqual(["date", "name"]);
      for (const problem of checked.problems) expectThai(problem.message, `${date} ${problem.field}`);
    }
    expect(check(holidayDateSchema, { date: "2028-02-29" }).ok).toBe(true);
  });
});
