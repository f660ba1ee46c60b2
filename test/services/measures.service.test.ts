import { describe, expect, it } from "vitest";
import { listMeasures, pageMeasures, unitsOfMeasures } from "../../src/db/repos/measures.repo";
import { listUnits } from "../../src/db/repos/units.repo";
import { auditLog, measures } from "../../src/db/schema";
import { commit, commitPlanned } from "../../src/services/commit";
import { planCreateMeasure, planImportMeasures } from "../../src/services/measures.service";
import { type Actor, consoleActor } from "../../src/services/plan";
import { serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

/** 3 December 2026 in Bangkok: fiscal year 2570. */
const NOW = Date.parse("2026-12-03T10:00:00+07:00");
const actor: Actor = consoleActor({ actor: "console:somchai" });

const HEADER = "ปีงบประมาณ,มาตรการ/แนวทาง,ตัวชี้วัด,วิธีการดำเนินการ,ผู้รับผิดชอบ,เริ่ม,สิ้นสุด,ตัวชี้วัดความสำเร็จ,งบประมาณ";

async function setUp() {
  const deps = await serviceDeps({ startAt: NOW });
  const units = new Map((await listUnits(deps.db)).map((unit) => [unit.name, unit.id]));
  return { deps, unitId: (name: string) => units.get(name) as string };
}

describe("measures service", () => {
  it("plans an import and its one audit row; nothing is written until committed, then both are", async () => {
    const { deps, unitId } = await setUp();
    const csv = [
      HEADER,
      '2570,เผยแพร่ข้อมูลข่าวสาร,"7, 9",ประกาศทุกเดือน,สำนักปลัด/กองคลัง,ต.ค. 2569,ก.ย. 2570,,"5,000"',
      "๒๕๗๐,ควบคุมการใช้ทรัพย์สิน,๔,จัดทำคู่มือ,กองช่าง,2026-10,มี.ค. 70,,-",
    ].join("\n");
    const planned = await planImportMeasures(deps, { format: "csv", csv }, actor);
    if (!planned.ok) throw planned.error;
    expect(planned.value).toEqual({ imported: 2 });
    expect(planned.plan.audit).toEqual([{ action: "measures.import", subject: null, detail: { count: 2 } }]);
    expect(await deps.db.select().from(measures)).toEqual([]);
    expect(await deps.db.select().from(auditLog)).toEqual([]);

    await commit(deps, planned.plan, actor);
    const stored = (await pageMeasures(deps.db, { limit: 10 })).measures;
    expect(
      stored.map(({ title, indicators, startMonth, endMonth, budget, status, percent }) => ({
        title,
        indicators,
        startMonth,
        endMonth,
        budget,
        status,
        percent,
      })),
    ).toEqual([
      {
        title: "เผยแพร่ข้อมูลข่าวสาร",
        indicators: [7, 9],
        startMonth: "2026-10",
        endMonth: "2027-09",
        budget: 5000,
        status: "not_started",
        percent: 0,
      },
      {
        title: "ควบคุมการใช้ทรัพย์สิน",
        indicators: [4],
        startMonth: "2026-10",
        endMonth: "2027-03",
        budget: null,
        status: "not_started",
        percent: 0,
      },
    ]);
    const links = await unitsOfMeasures(
      deps.db,
      stored.map((m) => m.id),
    );
    expect(links.get(stored[0]?.id ?? "")?.sort()).toEqual([unitId("สำนักปลัด"), unitId("กองคลัง")].sort());
    expect(await deps.db.select().from(auditLog)).toMatchObject([
      { actor: "console:somchai", action: "measures.import", detail: { count: 2 } },
    ]);
  });

  it("creates one measure from JSON by unit names or ids, audited with its id", async () => {
    const { deps, unitId } = await setUp();
    const planned = await planCreateMeasure(
      deps,
      {
        fiscalYear: 2570,
        title: "จัดทำแผนป้องกันการทุจริต",
        indicators: [10],
        method: "จัดทำและเผยแพร่แผน",
        unitIds: [unitId("สำนักปลัด")],
        startMonth: "ต.ค. 69",
        endMonth: "ธ.ค. 69",
      },
      actor,
    );
    if (!planned.ok) throw planned.error;
    expect(planned.value.unitIds).toEqual([unitId("สำนักปลัด")]);
    expect(planned.value.measure).toMatchObject({ startMonth: "2026-10", endMonth: "2026-12", kpi: null });
    await commit(deps, planned.plan, actor);
    expect(await listMeasures(deps.db, {})).toEqual([planned.value.measure]);
    expect(await deps.db.select().from(auditLog)).toMatchObject([
      { action: "measures.create", subject: planned.value.measure.id, detail: { count: 1 } },
    ]);
  });

  it("refuses a bad measure naming every field in Thai, and plans nothing", async () => {
    const { deps } = await setUp();
    const refused = await planCreateMeasure(
      deps,
      {
        fiscalYear: 2026,
        indicators: [0],
        method: "",
        unitNames: "กองแผน",
        startMonth: "2570-13",
        endMonth: "x",
      },
      actor,
    );
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({ code: "measure.invalid", kind: "invalid", field: "fiscalYear" });
    expect(refused.error.problems.map((p) => p.field)).toEqual([
      "fiscalYear",
      "title",
      "indicators",
      "method",
      "unitNames",
      "startMonth",
      "endMonth",
    ]);
    expectThai(refused.error.thai, "headline");
    for (const problem of refused.error.problems) expectThai(problem.message, problem.field);
    expect(refused.error.problems.find((p) => p.field === "startMonth")?.message).toContain("ไม่มีเดือนที่ 13");
  });

  it("imports all rows or none: every bad row named by row and field, the same rules for CSV and JSON", async () => {
    const { deps } = await setUp();
    const rows = [
      ["2570", "มาตรการที่ถูกต้อง", "1", "วิธีการ", "สำนักปลัด", "ต.ค. 2569", "ก.ย. 2570"],
      ["2570", "หน่วยงานไม่มี", "1", "วิธีการ", "กองการศึกษา", "ต.ค. 2569", "ก.ย. 2570"],
      ["2570", "นอกปีงบประมาณ", "11", "วิธีการ", "สำนักปลัด", "ก.ย. 2569", "2570-13"],
    ];
    const csv = [HEADER, ...rows.map((row) => `${row.join(",")},,`)].join("\n");
    const body = {
      measures: rows.map(([fiscalYear, title, indicators, method, unitNames, startMonth, endMonth]) => ({
        fiscalYear,
        title,
        indicators,
        method,
        unitNames,
        startMonth,
        endMonth,
      })),
    };
    const fromCsv = await planImportMeasures(deps, { format: "csv", csv }, actor);
    const fromJson = await planImportMeasures(deps, { format: "json", body }, actor);
    if (fromCsv.ok || fromJson.ok) throw new Error("a bad import was planned");
    expect(fromCsv.error).toMatchObject({ code: "measures.import_invalid", kind: "invalid" });
    expectThai(fromCsv.error.thai, "headline");
    // CSV rows are lines (the header is line 1); JSON rows are positions.
    expect(fromCsv.error.problems).toEqual([
      { row: 3, field: "ผู้รับผิดชอบ", message: expect.stringContaining('"กองการศึกษา"') },
      { row: 4, field: "ตัวชี้วัด", message: expect.stringContaining('"11"') },
      { row: 4, field: "สิ้นสุด", message: expect.stringContaining("ไม่มีเดือนที่ 13") },
      { row: 4, field: "เริ่ม", message: expect.stringContaining("อยู่นอกปีงบประมาณ 2570") },
    ]);
    for (const problem of fromCsv.error.problems)
      expectThai(problem.message, `${problem.row} ${problem.field}`);
    expect(fromJson.error.problems.map((p) => p.message)).toEqual(
      fromCsv.error.problems.map((p) => p.message),
    );
    expect(fromJson.error.problems.map((p) => `${p.row} ${p.field}`)).toEqual([
      "2 unitNames",
      "3 indicators",
      "3 endMonth",
      "3 startMonth",
    ]);
  });

  it("refuses what is not a CSV to read: not UTF-8, nothing under the header, a broken quote", async () => {
    const { deps } = await setUp();
    // "ปีงบประมาณ" in TIS-620, as Excel's plain "CSV" writes it on a Thai Windows.
    const tis620 = new Uint8Array([0xbb, 0xd5, 0xa7, 0xba, 0xa1, 0xbb, 0xc3, 0xd0, 0xc1, 0xd2, 0xb3, 0x0a]);
    for (const csv of [tis620, `${HEADER}\n`, `${HEADER}\n2570,"ไม่ปิด,1\n`]) {
      const refused = await planImportMeasures(deps, { format: "csv", csv }, actor);
      if (refused.ok) throw new Error("a bad file was planned");
      expect(refused.error.problems).toHaveLength(1);
      expectThai(refused.error.problems[0]?.message, "file");
    }
    const done = await commitPlanned(
      deps,
      await planImportMeasures(deps, { format: "json", body: [] }, actor),
      actor,
    );
    expect(done).toMatchObject({ ok: false, error: { problems: [{ row: 0, field: "measures" }] } });
    expect(await deps.db.select().from(auditLog)).toEqual([]);
  });
});
