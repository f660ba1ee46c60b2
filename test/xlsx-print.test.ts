/**
 * Every workbook the product writes prints and reads: A4 landscape, one page wide, header rows
 * repeated atop every page, wrapped text in rows tall enough for it (never past Excel's 409 pt), and
 * a file a real reader opens — openpyxl, through Debian's /usr/bin/python3 (CI installs
 * python3-openpyxl; the `python3` on PATH may be another one without it).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import type { ComplaintStatus } from "../src/domain/complaints";
import { type ComplaintFact, complaintStats } from "../src/reports/complaint-stats";
import { complaintsXlsx } from "../src/reports/complaints-xlsx";
import { eitXlsx } from "../src/reports/eit-xlsx";
import { buildMeasuresReport, type MeasureForReport } from "../src/reports/measures-report";
import { measuresXlsx } from "../src/reports/measures-xlsx";
import { letterCount, wrapLines, xlsxBytes } from "../src/reports/xlsx";

const PYTHON = "/usr/bin/python3";
const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

const RESULT =
  "ประชุมเพื่อสร้างวัฒนธรรมองค์กร ปลูกฝังฐานความคิดแยกแยะผลประโยชน์ส่วนตนและประโยชน์ส่วนรวม โดยมีบุคลากรเข้าร่วมประชุมครบทุกคน และเผยแพร่ผลการประชุมบนเว็บไซต์ของหน่วยงาน";

function measure(i: number, entries: number): MeasureForReport {
  return {
    title: `มาตรการที่ ${i + 1} เสริมสร้างความรู้ให้บุคลากรในหน่วยงานเรื่องการแยกแยะระหว่างผลประโยชน์ส่วนตัวและส่วนรวม`,
    method:
      "1. ประชาสัมพันธ์ให้ความรู้เรื่องผลประโยชน์ส่วนตัวและผลประโยชน์ส่วนรวม\n2. ชี้แจงแบบวัดการรับรู้ของผู้มีส่วนได้เสียภายใน (IIT) รายข้อให้บุคลากรได้ทราบและเข้าใจ",
    indicators: [1, 5],
    startMonth: "2026-10",
    endMonth: "2027-09",
    units: ["สำนักปลัด", "กองคลัง"],
    progress: Array.from({ length: entries }, (_, e) => ({
      performedOn: new Date(at("2026-10-10T10:00:00+07:00") + e * 30 * DAY).toISOString().slice(0, 10),
      text: `ครั้งที่ ${e + 1} ${RESULT}`,
      percent: Math.round(((e + 1) / entries) * 100),
      status: e === entries - 1 ? ("done" as const) : ("in_progress" as const),
      reason: null,
      suggestion: e === 1 ? "ควรแจ้งบุคลากรที่บรรจุ โอน หรือย้ายมาใหม่ให้ทราบมาตรการของหน่วยงาน" : null,
      photos: e % 3,
    })),
  };
}

/** Seven measures; the first has a year of monthly entries (taller than one row may be). */
const measuresReport = buildMeasuresReport({
  orgName: "องค์การบริหารส่วนตำบลตัวอย่าง",
  fiscalYear: 2570,
  period: "year",
  timeZone: "Asia/Bangkok",
  generatedAt: at("2027-10-15T10:00:00+07:00"),
  measures: Array.from({ length: 7 }, (_, i) => measure(i, i === 0 ? 12 : 2)),
});

/** A year of complaints: 600, a twentieth of them corruption, most closed in 2–26 days. */
function yearOfComplaints(): ComplaintFact[] {
  const start = at("2026-10-01T08:00:00+07:00");
  const categories = ["ถนน/ทางเท้า", "ไฟฟ้าส่องสว่าง", "น้ำประปา", "ขยะและสิ่งแวดล้อม", "เหตุเดือดร้อนรำคาญ", "อื่น ๆ"];
  return Array.from({ length: 600 }, (_, i) => {
    const corruption = i % 20 === 0;
    const createdAt = start + Math.floor((i / 600) * 360 * DAY);
    const history: Array<{ status: ComplaintStatus; at: number }> = [{ status: "received", at: createdAt }];
    if (i % 5 !== 4) {
      history.push({ status: "in_progress", at: createdAt + DAY });
      history.push({ status: i % 11 === 0 ? "rejected" : "resolved", at: createdAt + ((i % 25) + 2) * DAY });
    }
    return {
      trackingCode: `${corruption ? "C" : "R"}2570-${String(i + 1).padStart(5, "0")}`,
      track: corruption ? "corruption" : "general",
      category: corruption ? "การทุจริตและประพฤติมิชอบ" : (categories[i % categories.length] ?? ""),
      unit: corruption ? null : "กองช่าง",
      createdAt,
      dueDate: new Date(createdAt + 21 * DAY).toISOString().slice(0, 10),
      history,
    };
  });
}

const WORKBOOKS = {
  measures: () => measuresXlsx(measuresReport),
  complaints: () =>
    complaintsXlsx({
      orgName: "องค์การบริหารส่วนตำบลตัวอย่าง",
      stats: complaintStats({
        fiscalYear: 2570,
        timeZone: "Asia/Bangkok",
        holidays: new Set(),
        today: "2027-10-15",
        complaints: yearOfComplaints(),
      }),
    }),
  eit: () =>
    eitXlsx({
      orgName: "องค์การบริหารส่วนตำบลตัวอย่าง",
      fiscalYear: 2570,
      asOf: "2027-04-05",
      respondents: 12,
      sampleTarget: 30,
      invited: 20,
      serviceUsers: 140,
      indicators: [6, 7, 8].map((indicator) => ({ indicator, name: `ตัวชี้วัดทดสอบ ${indicator}`, score: 80 })),
      items: Array.from({ length: 9 }, (_, i) => ({
        code: `e${i + 1}`,
        indicator: 6 + (i % 3),
        text: "ผู้รับบริการได้รับการบริการที่เป็นไปตามขั้นตอนและระยะเวลาที่กำหนด โดยเจ้าหน้าที่ให้บริการอย่างเท่าเทียมและไม่เลือกปฏิบัติ",
        score: i === 8 ? null : 75,
        responses: 12,
      })),
    }),
} as const;
type WorkbookName = keyof typeof WORKBOOKS;

function unzip(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([path, data]) => [path, strFromU8(data)]));
}

const sheetPaths = (files: Record<string, string>) =>
  Object.keys(files)
    .filter((path) => /^xl\/worksheets\/sheet\d+\.xml$/.test(path))
    .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));

describe.each(Object.keys(WORKBOOKS) as WorkbookName[])("the %s workbook", (name) => {
  it("prints every sheet on A4 landscape, one page wide, with its header rows on every page", async () => {
    const files = unzip(await WORKBOOKS[name]());
    const paths = sheetPaths(files);
    expect(paths.length).toBeGreaterThan(0);
    const workbook = (files["xl/workbook.xml"] ?? "").replace(/&#39;|&apos;/g, "'");
    paths.forEach((path, index) => {
      const xml = files[path] ?? "";
      // <sheetPr> must come first in <worksheet>; <pageSetup> after <pageMargins>.
      expect(xml).toMatch(/<worksheet [^>]*><sheetPr><pageSetUpPr fitToPage="1"\/><\/sheetPr><dimension /);
      expect(xml).toMatch(
        /<pageMargins [^>]*\/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"\/><headerFooter>/,
      );
      expect(xml).toContain("<oddFooter>");
      expect(workbook).toMatch(
        new RegExp(
          `<definedName name="_xlnm.Print_Titles" localSheetId="${index}">'[^<]+'!\\$\\d+:\\$\\d+</definedName>`,
        ),
      );
      // Every row's height is set, and none is past Excel's tallest.
      const heights = [...xml.matchAll(/<row [^>]*?ht="([\d.]+)"/g)].map((m) => Number(m[1]));
      expect(heights.length).toBe([...xml.matchAll(/<row /g)].length);
      expect(Math.max(...heights)).toBeLessThanOrEqual(409);
    });
    const styles = files["xl/styles.xml"] ?? "";
    expect(styles).not.toContain("<fill/>");
    expect(styles).toContain('<fill><patternFill patternType="none">');
    // Every cell style but the unused default wraps its text.
    const formats = [
      ...(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? "").matchAll(
        /<xf [\s\S]*?(?:\/>|<\/xf>)/g,
      ),
    ];
    expect(formats.length).toBeGreaterThan(1);
    for (const format of formats.slice(1)) expect(format[0]).toContain('wrapText="true"');
  });
});

describe("row heights", () => {
  it("wrap a paragraph at spaces and within long Thai runs, giving it back whole", () => {
    expect(wrapLines("สั้น", 10)).toEqual(["สั้น"]);
    const lines = wrapLines(RESULT, 20);
    expect(lines.join("")).toBe(RESULT);
    expect(lines.length).toBeGreaterThan(5);
    // Thai marks above and below take no room: "ที่" is one letter, and a cut never parts them.
    expect(letterCount("ที่ที่ที่ที่")).toBe(4);
    expect(wrapLines("ที่ที่ที่ที่", 4)).toEqual(["ที่ที่ที่ที่"]);
    expect(wrapLines("ที่ที่ที่ที่ที่", 2)).toEqual(["ที่ที่", "ที่ที่", "ที่"]);
    // A Thai run after a space fills the rest of the line, as the programs break between Thai words;
    // digits and Latin words move whole to the next line.
    const filled = wrapLines("ครั้งที่ 1 ประชุมเพื่อสร้างวัฒนธรรมองค์กร", 12);
    expect(filled.join("")).toBe("ครั้งที่ 1 ประชุมเพื่อสร้างวัฒนธรรมองค์กร");
    expect(filled.map(letterCount)).toEqual([12, 12, 7]);
    expect(wrapLines("ประชุม 2569 IIT report", 8)).toEqual(["ประชุม ", "2569 IIT ", "report"]);
  });

  it("split a measure too tall for one row over rows that keep all of its text", async () => {
    const files = unzip(await WORKBOOKS.measures());
    const shared = [...(files["xl/sharedStrings.xml"] ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((si) =>
      [...(si[1] ?? "").matchAll(/<t(?: [^>]*)?>([^<]*)<\/t>/g)].map((t) => t[1]).join(""),
    );
    const sheet = files["xl/worksheets/sheet1.xml"] ?? "";
    const column = (letter: string) =>
      [...sheet.matchAll(new RegExp(`<c r="${letter}(\\d+)" s="\\d+" t="s"><v>(\\d+)</v></c>`, "g"))].map(
        (m) => [Number(m[1]), shared[Number(m[2])] ?? ""] as const,
      );
    // The first measure's results run from row 4 until the second measure's number (column A).
    const second = /<c r="A(\d+)" s="\d+"><v>2<\/v><\/c>/.exec(sheet);
    const next = Number(second?.[1]);
    expect(next).toBeGreaterThan(5);
    const results = column("F")
      .filter(([row]) => row >= 4 && row < next)
      .map(([, text]) => text);
    expect(results.join("\n")).toBe(measuresReport.rows[0]?.results.join("\n"));
    // Its pieces read as one cell: the first open below, the middle ones open above and below, the
    // last open above (three formats for the same look).
    const styles = [...sheet.matchAll(/<c r="F(\d+)" s="(\d+)"/g)]
      .filter((m) => Number(m[1]) >= 4 && Number(m[1]) < next)
      .map((m) => m[2]);
    expect(styles.length).toBeGreaterThan(2);
    expect(new Set(styles).size).toBe(3);
    expect(new Set(styles.slice(1, -1)).size).toBe(1);
    // The header row is repeated on every page, wherever the rows moved.
    expect(files["xl/workbook.xml"]).toContain("!$3:$3</definedName>");
  });
});

describe("a sheet longer than any argument list", () => {
  it("builds with 130,000 rows, every row written once and its texts shared", async () => {
    // Math.max(...rows) throws past about 120,000 rows (the stack); the cells go to the zip in pieces.
    const rows = 130_000;
    const files = unzip(
      await xlsxBytes([
        {
          name: "ทะเบียน",
          widths: [14, 10],
          rows: Array.from({ length: rows }, (_, i) => [`R2570-${String(i + 1).padStart(6, "0")}`, i % 7]),
          printTitles: [1, 1],
        },
      ]),
    );
    // Booleans, not toContain: a failure would print 16 MB of XML.
    const sheet = files["xl/worksheets/sheet1.xml"] ?? "";
    expect(sheet.includes(`<dimension ref="A1:B${rows}"/>`)).toBe(true);
    expect(sheet.match(/<row /g)?.length).toBe(rows);
    expect(new RegExp(`<c r="A${rows}" s="\\d+" t="s"><v>${rows - 1}</v></c>`).test(sheet)).toBe(true);
    expect(sheet.endsWith("</worksheet>")).toBe(true);
    const shared = files["xl/sharedStrings.xml"] ?? "";
    expect(shared.includes(`count="${rows}" uniqueCount="${rows}"`)).toBe(true);
    expect(shared.endsWith(`<si><t>R2570-${rows}</t></si></sst>`)).toBe(true);
  });
});

function openpyxlMissing(): string | null {
  try {
    execFileSync(PYTHON, ["-c", "import openpyxl"], { stdio: "ignore" });
    return null;
  } catch {
    return `${PYTHON} cannot import openpyxl (Debian: apt-get install python3-openpyxl)`;
  }
}
const missing = openpyxlMissing();
if (missing) console.warn(`xlsx-print: skipping the openpyxl checks: ${missing}`);

/** Loads a workbook with openpyxl and tells, as JSON, what a reader sees of each sheet. */
const READ = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    ps = ws.page_setup
    wrapped = [c.alignment.wrap_text for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value]
    out.append({
        "name": ws.title,
        "rows": ws.max_row,
        "a1": ws["A1"].value,
        "paperSize": str(ps.paperSize),
        "orientation": ps.orientation,
        "fitToWidth": str(ps.fitToWidth),
        "fitToHeight": str(ps.fitToHeight),
        "fitToPage": bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
        "printTitleRows": ws.print_title_rows,
        "wrapped": all(wrapped),
        "font": ws["A1"].font.name,
        "texts": [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)],
        "afterBreaks": [ws.cell(row=b.id + 1, column=1).value for b in ws.row_breaks.brk],
    })
print(json.dumps(out, ensure_ascii=False))
`;

interface ReadSheet {
  name: string;
  rows: number;
  a1: string;
  paperSize: string;
  orientation: string;
  fitToWidth: string;
  fitToHeight: string;
  fitToPage: boolean;
  printTitleRows: string | null;
  wrapped: boolean;
  font: string;
  texts: string[];
  /** Column A of each row a manual page break puts atop a page. */
  afterBreaks: string[];
}

describe.skipIf(missing !== null)(
  `openpyxl opens every workbook${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), "prongsai-xlsx-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const read = async (name: WorkbookName): Promise<ReadSheet[]> => {
      const path = join(dir, `${name}.xlsx`);
      writeFileSync(path, await WORKBOOKS[name]());
      return JSON.parse(execFileSync(PYTHON, ["-c", READ, path], { encoding: "utf8" })) as ReadSheet[];
    };

    it.each(Object.keys(WORKBOOKS) as WorkbookName[])(
      "reads the %s workbook's sheets, cells and page setup",
      async (name) => {
        const sheets = await read(name);
        expect(sheets.length).toBeGreaterThan(0);
        for (const sheet of sheets) {
          expect(sheet).toMatchObject({
            paperSize: "9",
            orientation: "landscape",
            fitToWidth: "1",
            fitToHeight: "0",
            fitToPage: true,
            wrapped: true,
            font: "TH Sarabun New",
          });
          expect(sheet.printTitleRows, sheet.name).toMatch(/^\$\d+:\$\d+$/);
          expect(sheet.a1, sheet.name).toBeTruthy();
        }
      },
    );

    it("sees the measures, the complaint sheets and the EIT items as written", async () => {
      const [measures] = await read("measures");
      expect(measures?.printTitleRows).toBe("$3:$3");
      expect(measures?.texts).toContain("ผลการดำเนินการ");
      expect(measures?.texts.join("\n")).toContain(`ครั้งที่ 12 ${RESULT}`);

      const complaints = await read("complaints");
      expect(complaints.map((sheet) => sheet.name)).toEqual([
        "สรุป",
        "ต.ค. 2569",
        "พ.ย. 2569",
        "ธ.ค. 2569",
        "ม.ค. 2570",
        "ก.พ. 2570",
        "มี.ค. 2570",
        "เม.ย. 2570",
        "พ.ค. 2570",
        "มิ.ย. 2570",
        "ก.ค. 2570",
        "ส.ค. 2570",
        "ก.ย. 2570",
        "ร้องเรียนการทุจริต",
        "ทะเบียนรับเรื่อง",
      ]);
      // The twelve-month round starts a page of its own on the summary and the corruption sheet.
      const year = "รอบ 12 เดือน (ต.ค. 2569 – ก.ย. 2570)";
      expect(complaints[0]?.afterBreaks).toEqual([year]);
      expect(complaints[13]?.afterBreaks).toEqual([year]);
      const register = complaints.at(-1);
      expect(register?.printTitleRows).toBe("$4:$4");
      expect(register?.rows).toBeGreaterThan(570); // 570 general complaints under the header
      expect(register?.texts).toContain("R2570-00002");
      expect(register?.texts).not.toContain("C2570-00001");

      const [eit] = await read("eit");
      expect(eit?.texts.some((text) => text.startsWith("e9 (ตัวชี้วัดที่ 8)"))).toBe(true);
    });
  },
);
