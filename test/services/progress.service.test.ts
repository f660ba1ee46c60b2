import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findMeasure, progressOf } from "../../src/db/repos/measures.repo";
import { revisionsOf } from "../../src/db/repos/progress.repo";
import { listUnits } from "../../src/db/repos/units.repo";
import { auditLog, measureProgress } from "../../src/db/schema";
import type { Role } from "../../src/domain/roles";
import { commit, commitPlanned } from "../../src/services/commit";
import { planImportMeasures } from "../../src/services/measures.service";
import { type Actor, ADMIN_API_ACTOR } from "../../src/services/plan";
import {
  type ProgressInput,
  planCorrectProgress,
  planLogProgress,
  planWithdrawProgress,
} from "../../src/services/progress.service";
import { serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

/** 3 December 2026 in Bangkok: fiscal year 2570. */
const NOW = Date.parse("2026-12-03T10:00:00+07:00");
const LINE_ID = "U0123456789abcdef0123456789abcdef";
const actor: Actor = { audit: LINE_ID, display: "สมศรี (กองช่าง)" };

/** A fresh organisation with one measure of กองช่าง; a staff member of a unit, and a way to log. */
async function setUp() {
  const deps = await serviceDeps({ startAt: NOW });
  const units = new Map((await listUnits(deps.db)).map((unit) => [unit.name, unit.id]));
  const csv = [
    "ปีงบประมาณ,มาตรการ/แนวทาง,ตัวชี้วัด,วิธีการดำเนินการ,ผู้รับผิดชอบ,เริ่ม,สิ้นสุด",
    "2570,ประชาสัมพันธ์ช่องทางร้องเรียน,9,ติดป้ายประกาศ,กองช่าง,ต.ค. 2569,ก.ย. 2570",
  ].join("\n");
  const imported = await planImportMeasures(deps, { format: "csv", csv }, ADMIN_API_ACTOR);
  if (!imported.ok) throw imported.error;
  await commit(deps, imported.plan, ADMIN_API_ACTOR);
  const [row] = await deps.db.query.measures.findMany();
  const measureId = row?.id ?? "";
  const worker = (unit: string | null, role: Role = "staff") => ({
    lineUserId: LINE_ID,
    role,
    unitId: unit ? (units.get(unit) ?? null) : null,
  });
  const entry = (changes: Partial<ProgressInput> = {}): ProgressInput => ({
    measureId,
    worker: worker("กองช่าง"),
    text: "ติดป้ายประชาสัมพันธ์ 5 จุดแล้ว",
    percent: 60,
    status: "in_progress",
    performedOn: "2026-12-01",
    reason: null,
    suggestion: null,
    photos: [],
    sourceEventId: "event-1",
    ...changes,
  });
  return { deps, measureId, worker, entry };
}

describe("progress service", () => {
  it("plans the entry, the measure's new state and the audit row; nothing is written until committed", async () => {
    const { deps, measureId, entry } = await setUp();
    const planned = await planLogProgress(
      deps,
      entry({ photos: [{ id: "p-1", blobKey: "measures/default/p-1.jpg", contentType: "image/jpeg" }] }),
      actor,
    );
    if (!planned.ok) throw planned.error;
    expect(planned.value.entry).toMatchObject({ by: "สมศรี (กองช่าง)", percent: 60, photoCount: 1 });
    expect(await progressOf(deps.db, measureId)).toEqual([]);
    expect(await findMeasure(deps.db, measureId)).toMatchObject({
      percent: 0,
      lastProgressAt: null,
    });
    const audited = (await deps.db.select().from(auditLog)).length;

    await commit(deps, planned.plan, actor);
    const [logged] = await progressOf(deps.db, measureId);
    expect(logged).toMatchObject({
      by: "สมศรี (กองช่าง)",
      authorId: LINE_ID,
      percent: 60,
      status: "in_progress",
      photos: [{ id: "p-1", blobKey: "measures/default/p-1.jpg" }],
    });
    expect(await findMeasure(deps.db, measureId)).toMatchObject({
      status: "in_progress",
      percent: 60,
      lastProgressAt: logged?.at,
    });
    const audit = await deps.db.select().from(auditLog);
    expect(audit).toHaveLength(audited + 1);
    expect(audit.at(-1)).toMatchObject({
      actor: LINE_ID,
      action: "measures.progress",
      subject: measureId,
      detail: { progressId: logged?.id, percent: 60, status: "in_progress" },
    });
  });

  it("is only for staff of a responsible unit: anyone else is told the measure is not theirs", async () => {
    const { deps, entry, worker } = await setUp();
    for (const [who, input] of [
      ["another unit's staff", entry({ worker: worker("กองคลัง") })],
      ["staff without a unit", entry({ worker: worker(null) })],
      ["an integrity officer of the unit", entry({ worker: worker("กองช่าง", "integrity") })],
      ["an executive", entry({ worker: worker(null, "executive") })],
      ["a measure that does not exist", entry({ measureId: "no-such-measure" })],
    ] as const) {
      const refused = await planLogProgress(deps, input, actor);
      expect(refused, who).toMatchObject({
        ok: false,
        error: { code: "progress.not_your_measure", kind: "not_found" },
      });
      if (!refused.ok) expectThai(refused.error.thai, who);
    }
  });

  it("done is 100%; cannot-do needs its reason, which no other status keeps", async () => {
    const { deps, measureId, entry } = await setUp();
    const done = await planLogProgress(deps, entry({ status: "done", percent: 75, reason: "ไม่ใช้" }), actor);
    if (!done.ok) throw done.error;
    expect(done.value.entry).toMatchObject({ status: "done", percent: 100, reason: null });

    const noReason = await planLogProgress(deps, entry({ status: "cannot_do", reason: " " }), actor);
    expect(noReason).toMatchObject({
      ok: false,
      error: { code: "progress.reason_required", field: "reason" },
    });
    if (!noReason.ok) expectThai(noReason.error.thai, "reason");

    const cannot = await commitPlanned(
      deps,
      await planLogProgress(
        deps,
        entry({ status: "cannot_do", percent: 10, reason: "ไม่ได้รับงบประมาณ" }),
        actor,
      ),
      actor,
    );
    expect(cannot).toMatchObject({ ok: true, value: { entry: { reason: "ไม่ได้รับงบประมาณ" } } });
    expect(await findMeasure(deps.db, measureId)).toMatchObject({
      status: "cannot_do",
      percent: 10,
    });
  });

  it("dates an entry by the work: not in the future, not before 1 October of the measure's year", async () => {
    const { deps, entry } = await setUp();
    for (const [performedOn, code, words] of [
      ["2026-12-04", "progress.performed_on_future", "ต้องไม่เกินวันนี้ (3 ธ.ค. 2569)"],
      ["2026-09-30", "progress.performed_on_before_year", "ตั้งแต่ 1 ต.ค. 2569"],
      ["2026-02-30", "progress.performed_on_invalid", "วันที่ดำเนินการ"],
      ["10 ม.ค. 2570", "progress.performed_on_invalid", "วันที่ดำเนินการ"],
    ] as const) {
      const refused = await planLogProgress(deps, entry({ performedOn }), actor);
      expect(refused, performedOn).toMatchObject({ ok: false, error: { code, field: "performedOn" } });
      if (!refused.ok) expect(refused.error.thai).toContain(words);
    }
    for (const performedOn of ["2026-10-01", "2026-12-03"]) {
      expect((await planLogProgress(deps, entry({ performedOn }), actor)).ok, performedOn).toBe(true);
    }
  });

  it("cannot-do keeps e-PlanNACC's reason: the label, or the typed text for อื่น ๆ", async () => {
    const { deps, entry } = await setUp();
    const budget = await planLogProgress(
      deps,
      entry({ status: "cannot_do", reasonCode: "no_budget", reason: null }),
      actor,
    );
    expect(budget).toMatchObject({
      ok: true,
      value: { entry: { reasonCode: "no_budget", reason: "ไม่มีงบประมาณ" } },
    });
    const other = await planLogProgress(
      deps,
      entry({ status: "cannot_do", reasonCode: "other", reason: "" }),
      actor,
    );
    expect(other).toMatchObject({ ok: false, error: { code: "progress.reason_required" } });
    const kept = await planLogProgress(
      deps,
      entry({ status: "in_progress", reasonCode: "other", reason: "x" }),
      actor,
    );
    expect(kept).toMatchObject({ ok: true, value: { entry: { reasonCode: null, reason: null } } });
  });
});

describe("correcting and withdrawing progress", () => {
  /** Two entries logged: 1 Dec at 40% and 20 Nov (logged later) at 90%; returns their ids. */
  async function logged() {
    const setup = await setUp();
    const { deps, entry } = setup;
    const first = await commitPlanned(
      deps,
      await planLogProgress(deps, entry({ percent: 40 }), actor),
      actor,
    );
    deps.clock.advance(60_000);
    const second = await commitPlanned(
      deps,
      await planLogProgress(
        deps,
        entry({
          percent: 90,
          performedOn: "2026-11-20",
          sourceEventId: "event-2",
          text: "ประชุมคณะทำงานครั้งแรก",
        }),
        actor,
      ),
      actor,
    );
    if (!first.ok || !second.ok) throw new Error("not logged");
    return { ...setup, first: first.value.entry, second: second.value.entry };
  }

  it("the measure follows the latest entry by the day the work was done, not by when it was typed", async () => {
    const { deps, measureId, first, second } = await logged();
    expect(await findMeasure(deps.db, measureId)).toMatchObject({
      status: "in_progress",
      percent: 40,
      lastProgressAt: second.at,
    });
    expect(first.performedOn).toBe("2026-12-01");
  });

  it("a correction keeps the entry as it was, audits, and recomputes the measure", async () => {
    const { deps, measureId, first, second } = await logged();
    deps.clock.advance(60_000);
    const corrected = await commitPlanned(
      deps,
      await planCorrectProgress(
        deps,
        {
          measureId,
          entryId: second.id,
          changes: { performedOn: "2026-12-02", text: "  ประชุมคณะทำงานครั้งที่สอง " },
          editor: "admin",
        },
        ADMIN_API_ACTOR,
      ),
      ADMIN_API_ACTOR,
    );
    expect(corrected).toMatchObject({ ok: true });
    const rows = await progressOf(deps.db, measureId);
    expect(rows.find((row) => row.id === second.id)).toMatchObject({
      text: "ประชุมคณะทำงานครั้งที่สอง",
      performedOn: "2026-12-02",
    });
    expect(await findMeasure(deps.db, measureId)).toMatchObject({ percent: 90 });
    const [revision, ...more] = await revisionsOf(deps.db, second.id);
    expect(more).toEqual([]);
    expect(rows.find((row) => row.id === second.id)?.updatedAt).toBe(revision?.at);
    expect(revision).toMatchObject({
      kind: "corrected",
      by: "ผู้ดูแลระบบ",
      before: { text: "ประชุมคณะทำงานครั้งแรก", performedOn: "2026-11-20", percent: 90 },
    });
    const audit = await deps.db.select().from(auditLog);
    expect(audit.at(-1)).toMatchObject({
      actor: "admin-api",
      action: "measures.progress.correct",
      subject: measureId,
      detail: { progressId: second.id, changed: ["text", "performedOn"] },
    });

    // Same rules as logging: done is 100%; cannot-do needs a reason; the day stays within bounds.
    const change = (changes: unknown) =>
      planCorrectProgress(deps, { measureId, entryId: first.id, changes, editor: "admin" }, ADMIN_API_ACTOR);
    expect(await change({ status: "done", percent: 30 })).toMatchObject({
      ok: true,
      value: { entry: { status: "done", percent: 100 } },
    });
    expect(await change({ status: "cannot_do" })).toMatchObject({
      ok: false,
      error: { code: "progress.reason_required" },
    });
    expect(await change({ status: "cannot_do", reasonCode: "not_enough_staff" })).toMatchObject({
      ok: true,
      value: { entry: { reason: "บุคลากรไม่เพียงพอ" } },
    });
    expect(await change({ performedOn: "2027-01-01" })).toMatchObject({
      ok: false,
      error: { code: "progress.performed_on_future", kind: "invalid" },
    });
    expect(await change({ percent: 140 })).toMatchObject({
      ok: false,
      error: { field: "percent", kind: "invalid" },
    });
    expect(await change({ colour: "red" })).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(await change({ text: "ok" })).toMatchObject({ ok: false, error: { field: "text" } });
    expect(await change({})).toMatchObject({ ok: false, error: { code: "progress.no_changes" } });
    const bad = await change({ percent: 140 });
    if (!bad.ok) expectThai(bad.error.thai, "percent");
  });

  it("a withdrawal takes the entry out of the measure's state; nothing stands → not started", async () => {
    const { deps, measureId, first, second } = await logged();
    const withdraw = (entryId: string) =>
      planWithdrawProgress(deps, { measureId, entryId, editor: "admin" }, ADMIN_API_ACTOR).then((p) =>
        commitPlanned(deps, p, ADMIN_API_ACTOR),
      );
    expect(await withdraw(first.id)).toMatchObject({ ok: true });
    expect(await findMeasure(deps.db, measureId)).toMatchObject({
      percent: 90,
      lastProgressAt: second.at,
    });
    const [row] = await deps.db.select().from(measureProgress).where(eq(measureProgress.id, first.id));
    expect(row).toMatchObject({ withdrawnBy: "ผู้ดูแลระบบ" });
    expect(row?.withdrawnAt).not.toBeNull();
    expect(await revisionsOf(deps.db, first.id)).toMatchObject([
      { kind: "withdrawn", before: { percent: 40 } },
    ]);
    expect((await deps.db.select().from(auditLog)).at(-1)).toMatchObject({
      action: "measures.progress.withdraw",
    });

    // Withdrawn is final: neither corrected nor withdrawn again (409).
    expect(await withdraw(first.id)).toMatchObject({
      ok: false,
      error: { code: "progress.entry_withdrawn", kind: "conflict" },
    });
    const again = await planCorrectProgress(
      deps,
      { measureId, entryId: first.id, changes: { percent: 50 }, editor: "admin" },
      ADMIN_API_ACTOR,
    );
    expect(again).toMatchObject({ ok: false, error: { kind: "conflict" } });
    if (!again.ok) expectThai(again.error.thai, "withdrawn");

    expect(await withdraw(second.id)).toMatchObject({ ok: true });
    expect(await findMeasure(deps.db, measureId)).toMatchObject({
      status: "not_started",
      percent: 0,
      lastProgressAt: null,
    });
    expect(await withdraw("no-such-entry")).toMatchObject({
      ok: false,
      error: { code: "progress.entry_not_found", kind: "not_found" },
    });
    expect(
      await planWithdrawProgress(
        deps,
        { measureId: "nope", entryId: first.id, editor: "admin" },
        ADMIN_API_ACTOR,
      ),
    ).toMatchObject({ ok: false, error: { code: "measure.not_found" } });
  });

  it("a correction planned before a withdrawal committed meanwhile changes nothing", async () => {
    const { deps, measureId, first } = await logged();
    const late = await planCorrectProgress(
      deps,
      { measureId, entryId: first.id, changes: { percent: 45 }, editor: "admin" },
      ADMIN_API_ACTOR,
    );
    const withdrawal = await planWithdrawProgress(
      deps,
      { measureId, entryId: first.id, editor: "admin" },
      ADMIN_API_ACTOR,
    );
    if (!late.ok || !withdrawal.ok) throw new Error("not planned");
    await commit(deps, withdrawal.plan, ADMIN_API_ACTOR);
    const audited = (await deps.db.select().from(auditLog)).length;
    expect(await commit(deps, late.plan, ADMIN_API_ACTOR)).toMatchObject({
      ok: false,
      error: { code: "progress.changed_meanwhile", kind: "conflict" },
    });
    expect((await revisionsOf(deps.db, first.id)).map((r) => r.kind)).toEqual(["withdrawn"]);
    const [row] = await deps.db.select().from(measureProgress).where(eq(measureProgress.id, first.id));
    expect(row).toMatchObject({ percent: 40, updatedAt: null });
    expect(await deps.db.select().from(auditLog)).toHaveLength(audited); // no audit row for what did not land
  });

  /** An admin's correction of the first entry's percent, planned from the entry as it is now. */
  const correctFirst = ({ deps, measureId, first }: Awaited<ReturnType<typeof logged>>, percent: number) =>
    planCorrectProgress(
      deps,
      { measureId, entryId: first.id, changes: { percent }, editor: "admin" },
      ADMIN_API_ACTOR,
    );

  /** Two corrections planned from one reading, committed in turn: the first lands, the second is refused. */
  async function secondRefused(setup: Awaited<ReturnType<typeof logged>>, percents: [number, number]) {
    const { deps } = setup;
    const [one, two] = [await correctFirst(setup, percents[0]), await correctFirst(setup, percents[1])];
    if (!one.ok || !two.ok) throw new Error("not planned");
    expect(await commit(deps, one.plan, ADMIN_API_ACTOR)).toMatchObject({ ok: true });
    expect(await commit(deps, two.plan, ADMIN_API_ACTOR)).toMatchObject({
      ok: false,
      error: { code: "progress.changed_meanwhile" },
    });
  }

  it("of two corrections planned from the same reading, the second is refused, not written over the first", async () => {
    const setup = await logged();
    const { deps, first } = setup;
    await secondRefused(setup, [45, 55]);
    const [row] = await deps.db.select().from(measureProgress).where(eq(measureProgress.id, first.id));
    expect(row?.percent).toBe(45);
    expect((await revisionsOf(deps.db, first.id)).map((r) => r.kind)).toEqual(["corrected"]);
  });

  it("of two corrections planned from one reading in the millisecond of the previous correction, the second is refused", async () => {
    const setup = await logged();
    const { deps, first } = setup;
    const earlier = await correctFirst(setup, 45);
    if (!earlier.ok) throw new Error("not planned");
    expect(await commit(deps, earlier.plan, ADMIN_API_ACTOR)).toMatchObject({ ok: true });
    const [kept] = await deps.db.select().from(measureProgress).where(eq(measureProgress.id, first.id));
    const instant = kept?.updatedAt ?? 0;
    deps.clock.now = () => instant;
    await secondRefused(setup, [50, 55]);
    const [row] = await deps.db.select().from(measureProgress).where(eq(measureProgress.id, first.id));
    expect(row?.percent).toBe(50);
  });

  it("a staff member changes only their own entries, while still staff of a responsible unit", async () => {
    const { deps, measureId, first, worker } = await logged();
    const by = (editor: ReturnType<typeof worker>) =>
      planCorrectProgress(deps, { measureId, entryId: first.id, changes: { percent: 45 }, editor }, actor);
    expect(await by(worker("กองช่าง"))).toMatchObject({ ok: true });
    expect(await by({ ...worker("กองช่าง"), lineUserId: "U-someone-else" })).toMatchObject({
      ok: false,
      error: { code: "progress.not_your_entry" },
    });
    expect(await by(worker("กองคลัง"))).toMatchObject({
      ok: false,
      error: { code: "progress.not_your_entry" },
    });
    expect(await by(worker("กองช่าง", "citizen"))).toMatchObject({
      ok: false,
      error: { code: "progress.not_your_entry" },
    });
  });
});
