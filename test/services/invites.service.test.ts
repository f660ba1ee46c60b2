import { describe, expect, it } from "vitest";
import { findInvite } from "../../src/db/repos/invites.repo";
import { listUnits } from "../../src/db/repos/units.repo";
import { INVITE_TTL_MS } from "../../src/domain/invites";
import { check } from "../../src/domain/validation";
import { newInviteSchema, planCreateInvite } from "../../src/services/invites.service";
import { consoleActor } from "../../src/services/plan";
import { expectPlanCommitsWithAudit } from "../support/plans";
import { serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

const actor = consoleActor({ actor: "console:somchai" });

describe("invites service", () => {
  it("creates a single-use code for a staff member of a unit, valid 7 days, audited in the same write", async () => {
    const deps = await serviceDeps();
    const [unit] = await listUnits(deps.db);
    const invite = await expectPlanCommitsWithAudit(
      deps,
      () => planCreateInvite(deps, { role: "staff", unitId: unit?.id }, actor),
      actor,
      ["invite.create"],
    );
    expect(invite.code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(invite.expiresAt - invite.createdAt).toBe(INVITE_TTL_MS);
    expect(await findInvite(deps.db, invite.code)).toMatchObject({
      role: "staff",
      unitId: unit?.id,
      usedAt: null,
    });
  });

  it("a staff invite needs a unit; integrity officers, executives and admins do not", async () => {
    const deps = await serviceDeps();
    const staff = await planCreateInvite(deps, { role: "staff" }, actor);
    expect(staff).toMatchObject({
      ok: false,
      error: { code: "invite.unit_required", kind: "invalid", field: "unitId" },
    });
    if (!staff.ok) expectThai(staff.error.thai, "invite.unit_required");
    for (const role of ["integrity", "executive", "admin"] as const) {
      const planned = await planCreateInvite(deps, { role }, actor);
      expect(planned.ok, role).toBe(true);
      if (planned.ok) expect(planned.value.unitId).toBeNull();
    }
  });

  it("a unit given must exist (400: the input is wrong)", async () => {
    const deps = await serviceDeps();
    const unknown = await planCreateInvite(deps, { role: "integrity", unitId: "nope" }, actor);
    expect(unknown).toMatchObject({ ok: false, error: { code: "invite.unknown_unit", kind: "invalid" } });
    if (!unknown.ok) expectThai(unknown.error.thai, "invite.unknown_unit");
  });

  it("takes an invitable role only, and an empty unit as none; in Thai", () => {
    expect(check(newInviteSchema, { role: "executive", unitId: "" })).toEqual({
      ok: true,
      data: { role: "executive", unitId: undefined },
    });
    for (const role of ["citizen", "king", ""]) {
      const checked = check(newInviteSchema, { role });
      expect(checked.ok, role).toBe(false);
      if (!checked.ok) expectThai(checked.problems[0]?.message, role);
    }
  });
});
