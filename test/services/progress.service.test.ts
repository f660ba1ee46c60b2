import { describe, expect, it } from "vitest";
import { findMeasure, progressOf } from "../../src/db/repos/measures.repo";
import { listUnits } from "../../src/db/repos/units.repo";
import { auditLog } from "../../src/db/schema";
import type { Role } from "../../src/domain/roles";
import { commit, commitPlanned } from "../../src/services/commit";
import { planImportMeasures } from "../../src/services/measures.service";
import { type Actor, ADMIN_API_ACTOR } from "../../src/services/plan";
import { type ProgressInput, planLogProgress } from "../../src/services/progress.service";
import { serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

/** 3 December 2026 in Bangkok: fiscal year 2570. */
const NOW = Date.parse("2026-12-03T10:00:00+07:00");
const LINE_ID = "U0123456789abcdef0123456789abcdef";
const actor: Actor = { audit: LINE_ID, display: "สมศรี (กองช่าง)" };

/** A fresh organisation with one measure of กองช่าง; a staff member of a unit, and a way to log. */
async function setUp() {
  const deps = await serviceDeps({ startAt: NOW });
  const units = new Map((await listUnits(deps.db, deps.orgId)).map((unit) => [unit.name, unit.id]));
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
    expect(await findMeasure(deps.db, deps.orgId, measureId)).toMatchObject({
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
    expect(await findMeasure(deps.db, deps.orgId, measureId)).toMatchObject({
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
    expect(await findMeasure(deps.db, deps.orgId, measureId)).toMatchObject({
      status: "cannot_do",
      percent: 10,
    });
  });
});
