import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findItaResult, listMeasureTemplates } from "../../src/db/repos/ita.repo";
import { listMeasures } from "../../src/db/repos/measures.repo";
import { auditLog } from "../../src/db/schema";
import { STANDARD_MEASURES } from "../../src/domain/measure-catalogue";
import { commit, commitPlanned } from "../../src/services/commit";
import {
  planAdoptSuggestions,
  planCreateTemplate,
  planImportItaResult,
  planSaveItaResult,
  planUpdateTemplate,
} from "../../src/services/ita.service";
import { type Actor, ADMIN_API_ACTOR, consoleActor } from "../../src/services/plan";
import { serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

/** 15 November 2025 in Bangkok: fiscal year 2569. */
const NOW = Date.parse("2025-11-15T10:00:00+07:00");
const actor: Actor = consoleActor({ actor: "console:malee" });

/** Indicators 1–10; 2 and 9 under the pass mark (85). */
const SCORES = [95, 70, 88, 92, 90, 86, 87, 89, 60, 91];
const result = {
  fiscalYear: 2568,
  total: 84.5,
  level: "B",
  indicators: SCORES.map((score, index) => ({ indicator: index + 1, score })),
  items: [{ code: "o2", score: 0 }],
};

const audits = async (deps: Awaited<ReturnType<typeof serviceDeps>>, action: string) =>
  deps.db.select().from(auditLog).where(eq(auditLog.action, action));

describe("ITA service", () => {
  it("stores a year's result as the caller, replacing an earlier one; nothing until committed", async () => {
    const deps = await serviceDeps({ startAt: NOW });
    const first = await planSaveItaResult(deps, result, actor);
    if (!first.ok) throw first.error;
    expect(first.value.replaced).toBe(false);
    expect(await findItaResult(deps.db, 2568)).toBeUndefined();
    await commit(deps, first.plan, actor);
    expect(await findItaResult(deps.db, 2568)).toMatchObject({ total: 84.5, level: "B" });

    const second = await commitPlanned(
      deps,
      await planSaveItaResult(deps, { ...result, total: 90 }, ADMIN_API_ACTOR),
      ADMIN_API_ACTOR,
    );
    expect(second).toMatchObject({ ok: true, value: { replaced: true, result: { total: 90 } } });
    expect((await audits(deps, "ita-result.save")).map((row) => [row.actor, row.detail?.replaced])).toEqual([
      ["console:malee", false],
      ["admin-api", true],
    ]);
  });

  it("imports the score CSV, or names every bad row in Thai and stores nothing", async () => {
    const deps = await serviceDeps({ startAt: NOW });
    const bad = ["ตัวชี้วัด/ข้อ,หัวข้อ/ชื่อ,คะแนน", "1,การปฏิบัติหน้าที่,96.67", "๙,การเปิดเผยข้อมูล,๑๑๐", "1,,90"].join("\n");
    const refused = await planImportItaResult(deps, { fiscalYear: 2568, csv: bad }, actor);
    if (refused.ok) throw new Error("a bad CSV was planned");
    expect(refused.error).toMatchObject({ code: "ita.import_invalid", kind: "invalid" });
    expect(refused.error.problems.map((p) => [p.row, p.field])).toEqual([
      [0, "คะแนน"],
      [3, "คะแนน"],
      [4, "ตัวชี้วัด/ข้อ"],
    ]);
    expectThai(refused.error.thai, "headline");
    for (const problem of refused.error.problems) expectThai(problem.message, `${problem.row}`);

    const good = ["ตัวชี้วัดที่,ชื่อ,คะแนน", "1,การปฏิบัติหน้าที่,96.67", "คะแนนรวม,,๙๑.๗๖", "ระดับ,ผ่าน,"].join("\n");
    const imported = await commitPlanned(
      deps,
      await planImportItaResult(deps, { fiscalYear: 2568, csv: new TextEncoder().encode(good) }, actor),
      actor,
    );
    expect(imported).toMatchObject({
      ok: true,
      value: { replaced: false, result: { total: 91.76, level: "ผ่าน" } },
    });
    expect(await audits(deps, "ita-result.import")).toMatchObject([
      { actor: "console:malee", subject: "2568" },
    ]);
  });

  it("adopts the suggested templates as next year's measures once; a second adoption plans nothing", async () => {
    const deps = await serviceDeps({ startAt: NOW });
    await commitPlanned(deps, await planSaveItaResult(deps, result, actor), actor);
    const suggested = STANDARD_MEASURES.filter((m) => m.indicator === 9 || m.indicator === 2);

    const adopted = await planAdoptSuggestions(deps, { fiscalYear: 2568 }, actor);
    if (!adopted.ok) throw adopted.error;
    expect(adopted.value.fiscalYear).toBe(2569);
    // The weakest indicator's templates first: 9 (60) before 2 (70).
    expect(adopted.value.created.map((m) => m.title)).toEqual([
      ...suggested.filter((m) => m.indicator === 9).map((m) => m.title),
      ...suggested.filter((m) => m.indicator === 2).map((m) => m.title),
    ]);
    expect(await listMeasures(deps.db, { fiscalYear: 2569 })).toEqual([]);
    await commit(deps, adopted.plan, actor);
    const measures = await listMeasures(deps.db, { fiscalYear: 2569 });
    expect(measures).toHaveLength(suggested.length);
    expect(measures[0]).toMatchObject({ startMonth: "2025-10", endMonth: "2026-09", status: "not_started" });

    const again = await planAdoptSuggestions(deps, { fiscalYear: 2568 }, actor);
    if (!again.ok) throw again.error;
    expect(again.value.created).toEqual([]);
    expect(again.value.skipped).toHaveLength(suggested.length);
    expect(again.plan.statements).toEqual([]);
    expect(again.plan.audit).toEqual([]);
    expect(await audits(deps, "ita-result.adopt")).toMatchObject([
      { actor: "console:malee", subject: "2568", detail: { fiscalYear: 2569, count: suggested.length } },
    ]);
  });

  it("refuses to adopt without a result, or with unknown templates, in Thai", async () => {
    const deps = await serviceDeps({ startAt: NOW });
    const none = await planAdoptSuggestions(deps, { fiscalYear: 2567 }, actor);
    expect(none).toMatchObject({ ok: false, error: { code: "ita.result_not_found", kind: "not_found" } });
    if (!none.ok) expectThai(none.error.thai, "no result");

    await commitPlanned(deps, await planSaveItaResult(deps, result, actor), actor);
    const [template] = await listMeasureTemplates(deps.db, { indicators: [3] });
    const unknown = await planAdoptSuggestions(
      deps,
      { fiscalYear: 2568, templateIds: [template?.id ?? "", "nope"] },
      actor,
    );
    if (unknown.ok) throw new Error("unknown templates were planned");
    expect(unknown.error.problems).toEqual([{ field: "templateIds.1", message: 'ไม่พบแม่แบบมาตรการ "nope"' }]);
    expectThai(unknown.error.thai, "unknown templates");
  });

  it("adds a template after its indicator's others, changes one, and refuses an unknown one", async () => {
    const deps = await serviceDeps({ startAt: NOW });
    const nine = await listMeasureTemplates(deps.db, { indicators: [9] });
    const created = await planCreateTemplate(
      deps,
      {
        indicator: 9,
        title: "เผยแพร่สถิติเรื่องร้องเรียนทุกเดือน",
        method: "ดาวน์โหลดรายงานแล้วเผยแพร่",
        unitName: null,
        active: true,
      },
      actor,
    );
    if (!created.ok) throw created.error;
    expect(created.value.sortOrder).toBe(Math.max(...nine.map((t) => t.sortOrder)) + 10);
    await commit(deps, created.plan, actor);

    const changed = await commitPlanned(
      deps,
      await planUpdateTemplate(deps, { id: created.value.id, patch: { active: false } }, actor),
      actor,
    );
    expect(changed).toMatchObject({ ok: true, value: { id: created.value.id, active: false, indicator: 9 } });
    const active = await listMeasureTemplates(deps.db, { indicators: [9], active: true });
    expect(active.map((t) => t.id)).not.toContain(created.value.id);
    expect((await deps.db.select().from(auditLog)).map((row) => row.action)).toEqual([
      "measure-template.create",
      "measure-template.update",
    ]);

    const missing = await planUpdateTemplate(deps, { id: "nope", patch: { active: true } }, actor);
    expect(missing).toMatchObject({
      ok: false,
      error: { code: "ita.template_not_found", kind: "not_found" },
    });
  });
});
