/**
 * Measures brought in as offices have them (the seeds' tables: Buddhist-era months in every common
 * form, Thai digits, `ทุกส่วนราชการ`, sub-sections, the analysis column), and changed or archived by
 * an admin with the same rules.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  findMeasure,
  findMeasureOfUnit,
  listMeasures,
  pageMeasures,
  unitsOfMeasures,
} from "../../src/db/repos/measures.repo";
import { listUnits } from "../../src/db/repos/units.repo";
import { auditLog } from "../../src/db/schema";
import { importFromCsv, importFromXlsx } from "../../src/features/measures/measure-import";
import { parsePeriod } from "../../src/features/measures/measure-periods";
import { commitPlanned } from "../../src/services/commit";
import {
  planArchiveMeasure,
  planCreateMeasure,
  planImportMeasures,
  planUpdateMeasure,
} from "../../src/services/measures.service";
import { type Actor, consoleActor } from "../../src/services/plan";
import { serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

/** 3 December 2026 in Bangkok: fiscal year 2570. */
const NOW = Date.parse("2026-12-03T10:00:00+07:00");
const actor: Actor = consoleActor({ actor: "console:somchai" });
const SEED_001 = readFileSync(new URL("../fixtures/seed-001-measures.csv", import.meta.url), "utf8");

async function setUp() {
  const deps = await serviceDeps({ startAt: NOW });
  const units = await listUnits(deps.db);
  const ids = new Map(units.map((unit) => [unit.name, unit.id]));
  return { deps, units, unitId: (name: string) => ids.get(name) as string };
}

describe("the period cell, in every form the seeds write", () => {
  const span = (text: string, fiscalYear?: number) => {
    const read = parsePeriod(text, fiscalYear);
    return read.ok ? `${read.value.start}..${read.value.end} ${read.value.fiscalYear ?? "-"}` : read.message;
  };
  it("reads single months and ranges, B.E. years in Thai or Arabic digits, two-digit years", () => {
    expect(span("2570-09")).toBe("2027-09..2027-09 2570");
    expect(span("2026-10")).toBe("2026-10..2026-10 2570");
    expect(span("ก.ย. 2570")).toBe("2027-09..2027-09 2570");
    expect(span("ก.ย. ๒๕๗๐")).toBe("2027-09..2027-09 2570");
    expect(span("กันยายน 2570")).toBe("2027-09..2027-09 2570");
    expect(span("ก.ย. พ.ศ. ๒๕๗๐")).toBe("2027-09..2027-09 2570");
    expect(span("ม.ค. – ก.ย. ๒๕๖๙")).toBe("2026-01..2026-09 2569");
    expect(span("ต.ค. ๒๕๖๘ – ก.ย. ๒๕๖๙")).toBe("2025-10..2026-09 2569");
    expect(span("ต.ค. – ก.ย. 2569")).toBe("2025-10..2026-09 2569");
    expect(span("ม.ค. ๖๕- ส.ค. ๖๕")).toBe("2022-01..2022-08 2565");
    // Seed 004: several ranges in one cell, the earliest to the latest.
    expect(span("ม.ค. ๖๕- มี.ค. ๖๕   ธ.ค. ๖๔- ส.ค. ๖๕  ธ.ค. ๖๔- ก.ย. ๖๕")).toBe("2021-12..2022-09 2565");
    expect(span("ตลอดปีงบประมาณ", 2570)).toBe("2026-10..2027-09 2570");
    expect(span("ตลอดปีงบประมาณ พ.ศ. ๒๕๖๙")).toBe("2025-10..2026-09 2569");
    expect(span("ม.ค. – มี.ค.", 2570)).toBe("2027-01..2027-03 -");
  });
  it("refuses in Thai what names no month, or no year to place it in", () => {
    for (const text of ["เร็ว ๆ นี้", "ม.ค. – มี.ค.", "ตลอดปีงบประมาณ", "2570-13", "ต.ค. 2025"]) {
      const read = parsePeriod(text);
      expect(read.ok, text).toBe(false);
      if (!read.ok) expectThai(read.message, text);
    }
  });
});

describe("seed 001's measures table imported as laid out", () => {
  it("reads every row: titles, the analysis, periods, units as written, indicators from the analysis", async () => {
    const { deps, units, unitId } = await setUp();
    const read = importFromCsv(SEED_001, units);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(read.measures).toHaveLength(10);
    const all = units.map((unit) => unit.id).sort();
    const [first, fourth, sixth, eighth, ninth] = [0, 3, 5, 7, 8].map((i) => read.measures[i]);
    expect(first).toMatchObject({
      fiscalYear: 2569,
      title: "โครงการส่งเสริมคุณธรรมและความโปร่งใสในการปฏิบัติงาน",
      indicators: [1],
      startMonth: "2025-10",
      endMonth: "2026-09",
      unitIds: [unitId("สำนักปลัด")],
      unitsLabel: null,
      analysis: expect.stringMatching(/^ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ อยู่ในระดับดี/),
      method: expect.stringMatching(/^๑\. จัดอบรมคุณธรรมจริยธรรม/),
    });
    expect(fourth?.unitsLabel).toBe("ทุกส่วนราชการ");
    expect([...(fourth?.unitIds ?? [])].sort()).toEqual(all);
    expect(sixth?.unitsLabel).toBe("ทุกกอง");
    expect(eighth).toMatchObject({
      indicators: [8],
      startMonth: "2026-01",
      endMonth: "2026-09",
      unitIds: [unitId("สำนักปลัด")],
      unitsLabel: "สำนักปลัด /งาน IT",
    });
    expect(ninth).toMatchObject({ indicators: [9], endMonth: "2026-03", unitsLabel: "สำนักปลัด/ทุกกอง" });
    expect(read.measures.map((m) => m.indicators)).toEqual([
      [1],
      [2],
      [3],
      [4],
      [5],
      [6],
      [7],
      [8],
      [9],
      [10],
    ]);

    const done = await commitPlanned(
      deps,
      await planImportMeasures(deps, { format: "csv", csv: SEED_001 }, actor),
      actor,
    );
    if (!done.ok) throw done.error;
    expect(done.value).toEqual({ imported: 10 });
    expect(await listMeasures(deps.db, { fiscalYear: 2569 })).toHaveLength(10);
  });

  it("reads the same table from an .xlsx with the document's title above it, rows by the sheet's numbers", async () => {
    const { deps, units } = await setUp();
    const xlsx = new Uint8Array(readFileSync(new URL("../fixtures/seed-001-measures.xlsx", import.meta.url)));
    const fromSheet = importFromXlsx(xlsx, units);
    const fromCsv = importFromCsv(SEED_001, units);
    if (!fromSheet.ok || !fromCsv.ok) throw new Error("the seed's table does not read");
    expect(fromSheet.measures).toEqual(fromCsv.measures);
    // A bad cell is named by its row in the sheet (the title is row 1, the header row 3).
    const broken = importFromXlsx(
      xlsx,
      units.filter((unit) => unit.name !== "กองคลัง"),
    );
    expect(broken.ok ? [] : broken.errors).toEqual([
      { row: 5, field: "ผู้รับผิดชอบ", message: expect.stringContaining('"กองคลัง"') },
    ]);
    // The console and the API hand over the file's bytes as they come.
    const planned = await planImportMeasures(deps, { format: "csv", csv: xlsx }, actor);
    expect(planned.ok && planned.value).toEqual({ imported: 10 });
    const notSheet = importFromXlsx(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), units);
    expect(notSheet.ok ? [] : notSheet.errors.map((e) => e.field)).toEqual(["file"]);
    if (!notSheet.ok) expectThai(notSheet.errors[0]?.message ?? "", "not a sheet");
  });

  it("names the row (the file's line) and the header as the file writes it, in Thai", async () => {
    const { units } = await setUp();
    const csv = [
      "ที่,มาตรการ/โครงการ/กิจกรรม,ขั้นตอน/วิธีการดำเนินการ,ระยะเวลาดำเนินการ,ผู้รับผิดชอบ",
      "๑,มาตรการที่ดี,วิธีการ,ต.ค. ๒๕๖๘ – ก.ย. ๒๕๖๙,สำนักปลัด",
      "๒,เดือนไม่มีปี,วิธีการ,ม.ค. – มี.ค.,สำนักปลัด",
      "๓,หน่วยงานไม่มี,วิธีการ,ต.ค. ๒๕๖๘ – ก.ย. ๒๕๖๙,สำนักปลัด/กองการศึกษา",
      "๔,,,เร็ว ๆ นี้,",
    ].join("\n");
    const read = importFromCsv(csv, units);
    if (read.ok) throw new Error("a bad file was read");
    expect(read.errors.map((e) => `${e.row} ${e.field}`)).toEqual([
      "3 ระยะเวลาดำเนินการ",
      "4 ผู้รับผิดชอบ",
      "5 มาตรการ/โครงการ/กิจกรรม",
      "5 ขั้นตอน/วิธีการดำเนินการ",
      "5 ผู้รับผิดชอบ",
      "5 ระยะเวลาดำเนินการ",
    ]);
    for (const error of read.errors) expectThai(error.message, `${error.row} ${error.field}`);
    expect(read.errors[1]?.message).toContain('"กองการศึกษา"');
    // The same file with the year given: the yearless row fits it.
    const withYear = importFromCsv(
      [...csv.split("\n").slice(0, 3), "๓,1.5 ล้านบาทเพื่อความโปร่งใส,วิธีการ,ตลอดปีงบประมาณ,ทุกกอง"].join("\n"),
      units,
      { fiscalYear: 2569 },
    );
    expect(withYear.ok && withYear.measures[1]).toMatchObject({ startMonth: "2026-01", endMonth: "2026-03" });
    // A number that begins the title is kept; a row number ("๑.") is not.
    expect(withYear.ok && withYear.measures[2]).toMatchObject({
      title: "1.5 ล้านบาทเพื่อความโปร่งใส",
      startMonth: "2025-10",
      endMonth: "2026-09",
      unitsLabel: "ทุกกอง",
    });
    const missing = importFromCsv("มาตรการ,ผู้รับผิดชอบ\nก,สำนักปลัด", units);
    expect(missing.ok ? [] : missing.errors.map((e) => e.field)).toEqual(["วิธีการดำเนินการ", "เริ่ม", "สิ้นสุด"]);
  });

  it("reads seed 004's layout: numbered titles, units separated by spaces, the follow-up column as the success indicator", async () => {
    const { units, unitId } = await setUp();
    const csv = [
      'มาตรการ/แนวทาง,วิธีการดำเนินการ,ผู้รับผิดชอบ,"ระยะเวลา\nดำเนินการ",การติดตามผล',
      '"๒. ประชาสัมพันธ์เกี่ยวกับระบบและขั้นตอนการให้บริการ","๑. กำหนดให้เจ้าหน้าที่แต่ละกอง ประชาสัมพันธ์",สำนักปลัด กองคลัง กองช่าง,"ม.ค. ๖๕- มี.ค. ๖๕   ธ.ค. ๖๔- ส.ค. ๖๕",รายงานผลในการประชุมฯ ประจำเดือน',
    ].join("\n");
    const read = importFromCsv(csv, units);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(read.measures[0]).toMatchObject({
      fiscalYear: 2565,
      title: "ประชาสัมพันธ์เกี่ยวกับระบบและขั้นตอนการให้บริการ",
      unitIds: [unitId("สำนักปลัด"), unitId("กองคลัง"), unitId("กองช่าง")],
      unitsLabel: null,
      startMonth: "2021-12",
      endMonth: "2022-08",
      kpi: "รายงานผลในการประชุมฯ ประจำเดือน",
      indicators: [],
    });
  });
});

describe("editing and archiving a measure", () => {
  async function created() {
    const setup = await setUp();
    const { deps } = setup;
    const done = await commitPlanned(
      deps,
      await planCreateMeasure(
        deps,
        {
          fiscalYear: 2570,
          title: "เผยแพร่ข้อมูลข่าวสาร",
          indicators: [9],
          method: "ประกาศทุกเดือน",
          unitNames: "สำนักปลัด",
          startMonth: "ต.ค. 2569",
          endMonth: "ก.ย. 2570",
        },
        actor,
      ),
      actor,
    );
    if (!done.ok) throw done.error;
    return { ...setup, id: done.value.measure.id };
  }

  it("changes any field with the import's rules, replaces the units, and audits the fields changed", async () => {
    const { deps, id, unitId } = await created();
    const done = await commitPlanned(
      deps,
      await planUpdateMeasure(
        deps,
        {
          id,
          changes: {
            title: "เผยแพร่ข้อมูลข่าวสารทางเว็บไซต์",
            unitNames: "ทุกส่วนราชการ",
            endMonth: "มี.ค. ๒๕๗๐",
            budget: "๕,๐๐๐",
            spent: "1200.50",
            analysis: "ตัวชี้วัดที่ ๙ ยังไม่ครบ",
          },
        },
        actor,
      ),
      actor,
    );
    if (!done.ok) throw done.error;
    const stored = await findMeasure(deps.db, id);
    expect(stored).toMatchObject({
      title: "เผยแพร่ข้อมูลข่าวสารทางเว็บไซต์",
      startMonth: "2026-10",
      endMonth: "2027-03",
      budget: 5000,
      spent: 1200.5,
      unitsLabel: "ทุกส่วนราชการ",
      analysis: "ตัวชี้วัดที่ ๙ ยังไม่ครบ",
      updatedAt: expect.any(Number),
    });
    expect((await unitsOfMeasures(deps.db, [id])).get(id)).toHaveLength((await listUnits(deps.db)).length);
    const audit = await deps.db.select().from(auditLog);
    expect(audit.at(-1)).toMatchObject({
      action: "measures.update",
      subject: id,
      detail: { fields: ["title", "endMonth", "budget", "spent", "unitsLabel", "analysis", "unitIds"] },
    });
    // Units by id drop the label; nothing else is touched.
    const again = await commitPlanned(
      deps,
      await planUpdateMeasure(deps, { id, changes: { unitIds: [unitId("กองคลัง")] } }, actor),
      actor,
    );
    if (!again.ok) throw again.error;
    expect(await findMeasure(deps.db, id)).toMatchObject({ unitsLabel: null, budget: 5000 });
  });

  it("refuses a bad change naming each field in Thai, and changes nothing", async () => {
    const { deps, id } = await created();
    const refused = await planUpdateMeasure(
      deps,
      { id, changes: { title: "", startMonth: "ต.ค. 2570", indicators: [11], colour: "แดง" } },
      actor,
    );
    if (refused.ok) throw new Error("a bad change was planned");
    expect(refused.error.problems.map((p) => p.field)).toEqual(["colour"]);
    const bad = await planUpdateMeasure(
      deps,
      { id, changes: { title: "", startMonth: "ต.ค. 2570", indicators: [11] } },
      actor,
    );
    if (bad.ok) throw new Error("a bad change was planned");
    expect(bad.error).toMatchObject({ code: "measure.invalid", kind: "invalid" });
    expect(bad.error.problems.map((p) => p.field)).toEqual(["title", "indicators", "startMonth"]);
    for (const problem of bad.error.problems) expectThai(problem.message, problem.field);
    expect(bad.error.problems[2]?.message).toContain("อยู่นอกปีงบประมาณ 2570");
    const unknown = await planUpdateMeasure(deps, { id: "nope", changes: {} }, actor);
    expect(unknown.ok || unknown.error.code).toBe("measure.not_found");
    expect(await findMeasure(deps.db, id)).toMatchObject({
      title: "เผยแพร่ข้อมูลข่าวสาร",
      updatedAt: null,
    });
  });

  it("archives: gone from lists, pages and the unit's chat, still found by id for the admin, audited", async () => {
    const { deps, id, unitId } = await created();
    const done = await commitPlanned(deps, await planArchiveMeasure(deps, { id }, actor), actor);
    if (!done.ok) throw done.error;
    expect(await listMeasures(deps.db, { fiscalYear: 2570 })).toEqual([]);
    expect(await listMeasures(deps.db, { fiscalYear: 2570, unitId: unitId("สำนักปลัด") })).toEqual([]);
    expect((await pageMeasures(deps.db, { limit: 10 })).measures).toEqual([]);
    expect(await findMeasureOfUnit(deps.db, id, unitId("สำนักปลัด"))).toBeUndefined();
    expect(await findMeasure(deps.db, id)).toMatchObject({ archivedAt: expect.any(Number) });
    expect((await deps.db.select().from(auditLog)).at(-1)).toMatchObject({
      action: "measures.archive",
      subject: id,
    });
    const twice = await planArchiveMeasure(deps, { id }, actor);
    expect(twice.ok || twice.error.code).toBe("measure.archived");
    const edit = await planUpdateMeasure(deps, { id, changes: { title: "ใหม่" } }, actor);
    expect(edit.ok || edit.error.code).toBe("measure.archived");
  });
});
