/**
 * The measures plan (.docx) — the document announced at the start of the year — from seed 001's own
 * table imported as laid out: its rows match the seed's (titles, analysis, periods, units as written),
 * in Thai digits when the organisation writes them; archived measures are left out; the API serves it.
 */
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { atomic } from "../src/db/client";
import { listMeasures } from "../src/db/repos/measures.repo";
import { setSetting } from "../src/db/repos/settings.repo";
import { readCsv } from "../src/features/csv";
import { DOCUMENT_SETTINGS_KEY, documentSettingsSchema } from "../src/features/reports/document-settings";
import { buildReportFile } from "../src/reports/report-files";
import { commitPlanned } from "../src/services/commit";
import { planArchiveMeasure, planImportMeasures } from "../src/services/measures.service";
import { ADMIN_API_ACTOR } from "../src/services/plan";
import { unescapeXml } from "./support/ooxml";
import { serviceDeps } from "./support/services";

/** 3 December 2026 in Bangkok. */
const NOW = Date.parse("2026-12-03T10:00:00+07:00");
const actor = ADMIN_API_ACTOR;
const SEED_001 = readFileSync(new URL("./fixtures/seed-001-measures.csv", import.meta.url), "utf8");

/** The document's table rows: each cell's paragraphs, joined by a space. */
function tableRows(docx: Uint8Array): string[][] {
  const xml = strFromU8(unzipSync(docx)["word/document.xml"] as Uint8Array);
  const table = /<w:tbl>([\s\S]*?)<\/w:tbl>/.exec(xml)?.[1] ?? "";
  return [...table.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((cell) =>
      [...(cell[1] ?? "").matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
        .map((p) =>
          [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unescapeXml(t[1] ?? "")).join(""),
        )
        .join(" ")
        .replace(/\u00a0/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    ),
  );
}

function bodyText(docx: Uint8Array): string {
  const xml = strFromU8(unzipSync(docx)["word/document.xml"] as Uint8Array);
  return unescapeXml([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(" "));
}

async function seeded(settings: Record<string, unknown>) {
  const deps = await serviceDeps({ startAt: NOW });
  const done = await commitPlanned(
    deps,
    await planImportMeasures(deps, { format: "csv", csv: SEED_001 }, actor),
    actor,
  );
  if (!done.ok) throw done.error;
  await atomic(deps.db, [
    setSetting(deps.db, DOCUMENT_SETTINGS_KEY, documentSettingsSchema.parse(settings), NOW),
  ]);
  return deps;
}

describe("the measures plan (.docx)", () => {
  it("seed 001's table imported as laid out produces a plan whose rows match the seed's", async () => {
    const deps = await seeded({
      district: "กุดรัง",
      province: "มหาสารคาม",
      executive: { name: "นายสมชาย ใจดี", position: "นายกองค์การบริหารส่วนตำบลกุดรัง" },
      thaiNumerals: true,
    });
    const file = await buildReportFile(deps, { kind: "measures-plan.docx", fiscalYear: 2569 });
    expect(file.contentType).toContain("wordprocessingml");
    expect(file.asciiFilename).toBe("measures-plan-2569.docx");
    const rows = tableRows(file.bytes);
    const [header, ...body] = rows;
    expect(header).toEqual([
      "ที่",
      "มาตรการ/แนวทาง",
      "ผลการวิเคราะห์",
      "ขั้นตอน/วิธีการดำเนินการ",
      "ระยะเวลาดำเนินการ",
      "ผู้รับผิดชอบ",
      "ตัวชี้วัด ITA",
    ]);
    // The seed's rows (its repeated header row, a table continued on a new page, is no measure).
    const csv = readCsv(SEED_001);
    if (!csv.ok) throw new Error("the fixture does not read");
    const [seedHeader, ...seedRows] = csv.records;
    const measures = seedRows.filter((row) => row[0] !== seedHeader?.[0]);
    expect(body).toHaveLength(measures.length);
    const thaiNumber = (n: number) => String(n).replace(/\d/g, (d) => "๐๑๒๓๔๕๖๗๘๙"[Number(d)] as string);
    measures.forEach(([title, analysis, method, period, units], i) => {
      const row = body[i] ?? [];
      expect(row[0], `row ${i + 1}`).toBe(thaiNumber(i + 1));
      expect(row[1], `row ${i + 1} title`).toBe(title);
      expect(row[2], `row ${i + 1} analysis`).toBe(analysis);
      expect(row[3], `row ${i + 1} method`).toBe(method);
      expect(row[4], `row ${i + 1} period`).toBe(period);
      expect(row[5], `row ${i + 1} units`).toBe(units);
      expect(row[6], `row ${i + 1} indicators`).toMatch(new RegExp(`^${thaiNumber(i + 1)}\\. `));
    });
    const text = bodyText(file.bytes);
    expect(text).toContain("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน");
    expect(text).toContain("ประจำปีงบประมาณ พ.ศ. ๒๕๖๙");
    expect(text).toContain("อำเภอกุดรัง จังหวัดมหาสารคาม");
    expect(text).toContain("ประกาศ ณ วันที่ ๓ ธันวาคม พ.ศ. ๒๕๖๙");
    expect(text).toContain("(นายสมชาย ใจดี)");
    expect(text).toContain("นายกองค์การบริหารส่วนตำบลกุดรัง");
    // Thai digits everywhere: no Arabic digit in the document's text, no progress column.
    expect(text).not.toMatch(/[0-9]/);
    expect(text).not.toContain("ผลการดำเนินการ");
  });

  it("the progress report prints the units as the plan wrote them, not a list of every unit", async () => {
    const deps = await seeded({});
    const file = await buildReportFile(deps, { kind: "measures.docx", fiscalYear: 2569, period: "h1" });
    const [, ...body] = tableRows(file.bytes);
    const csv = readCsv(SEED_001);
    if (!csv.ok) throw new Error("the fixture does not read");
    const [seedHeader, ...seedRows] = csv.records;
    const units = seedRows.filter((row) => row[0] !== seedHeader?.[0]).map((row) => row[4]);
    expect(units).toContain("ทุกส่วนราชการ");
    expect(body.map((row) => row[3])).toEqual(units);
  });

  it("leaves archived measures out, and prints Arabic digits when the organisation writes them", async () => {
    const deps = await seeded({});
    const [first] = await listMeasures(deps.db, { fiscalYear: 2569 });
    if (!first) throw new Error("nothing imported");
    const archived = await commitPlanned(
      deps,
      await planArchiveMeasure(deps, { id: first.id }, actor),
      actor,
    );
    if (!archived.ok) throw archived.error;
    const file = await buildReportFile(deps, { kind: "measures-plan.docx", fiscalYear: 2569 });
    const body = tableRows(file.bytes).slice(1);
    expect(body).toHaveLength(9);
    expect(body.map((row) => row[1])).not.toContain(first.title);
    expect(body[0]?.[0]).toBe("1");
    expect(body[0]?.[4]).toBe("ต.ค. 2568 – ก.ย. 2569");
    const text = bodyText(file.bytes);
    expect(text).toContain("ประจำปีงบประมาณ พ.ศ. 2569");
    expect(text).toContain("(.................................................)");
    // The six-month report leaves it out too.
    const report = await buildReportFile(deps, { kind: "measures.docx", fiscalYear: 2569, period: "h1" });
    expect(bodyText(report.bytes)).not.toContain(first.title);
  });
});
