/**
 * Complaint statistics that hold still: each round and month counted as at its own last day (or the
 * day of the report while it runs), months not begun shown as "–", the corruption track as counts
 * only, and a register of the general track that names nobody. Plain data first, then the workbook
 * as the API builds it from a real database.
 */
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { atomic } from "../src/db/client";
import {
  fileComplaintStatements,
  findComplaintByEvent,
  statusChangeStatements,
} from "../src/db/repos/complaints.repo";
import { listUnits } from "../src/db/repos/units.repo";
import type { ComplaintStatus, Track } from "../src/domain/complaints";
import { complaintsChartSvg } from "../src/reports/chart";
import { type ComplaintFact, type ComplaintStats, complaintStats } from "../src/reports/complaint-stats";
import { complaintsXlsx } from "../src/reports/complaints-xlsx";
import { buildReportFile } from "../src/reports/report-files";
import { newLineUserId } from "../src/simulator/webhook-events";
import { unescapeXml } from "./support/ooxml";
import { serviceDeps } from "./support/services";

const TZ = "Asia/Bangkok";
const at = (iso: string) => Date.parse(iso);
const ORG = "เทศบาลตำบลทดสอบ";

let codes = 0;
function fact(
  track: Track,
  category: string,
  created: string,
  dueDate: string,
  ...changes: Array<[ComplaintStatus, string]>
): ComplaintFact {
  codes++;
  return {
    trackingCode: `${track === "general" ? "R" : "C"}2570-${String(codes).padStart(5, "0")}`,
    track,
    category: track === "general" ? category : "การทุจริตและประพฤติมิชอบ",
    unit: track === "general" ? "กองช่าง" : null,
    createdAt: at(created),
    dueDate,
    history: [["received", created] as [ComplaintStatus, string], ...changes].map(([status, when]) => ({
      status,
      at: at(when),
    })),
  };
}

/** Two complaints open on 31 March and resolved in April or June, beside some that never change. */
const FACTS: ComplaintFact[] = [
  fact("general", "ถนน/ทางเท้า", "2026-10-05T10:00:00+07:00", "2026-10-26", [
    "resolved",
    "2026-10-08T15:00:00+07:00",
  ]),
  fact(
    "general",
    "ไฟฟ้าส่องสว่าง",
    "2027-02-10T10:00:00+07:00",
    "2027-03-03",
    ["in_progress", "2027-02-11T10:00:00+07:00"],
    ["resolved", "2027-04-02T10:00:00+07:00"],
  ),
  fact("general", "ถนน/ทางเท้า", "2027-03-20T10:00:00+07:00", "2027-04-09", [
    "resolved",
    "2027-06-01T10:00:00+07:00",
  ]),
  fact("general", "ขยะและสิ่งแวดล้อม", "2027-03-25T10:00:00+07:00", "2027-04-15", [
    "forwarded",
    "2027-03-26T10:00:00+07:00",
  ]),
  fact("general", "ถนน/ทางเท้า", "2027-05-10T10:00:00+07:00", "2027-05-31", [
    "resolved",
    "2027-05-12T10:00:00+07:00",
  ]),
  fact(
    "corruption",
    "",
    "2026-11-02T10:00:00+07:00",
    "2026-11-23",
    ["in_progress", "2026-11-03T10:00:00+07:00"],
    ["resolved", "2027-04-20T10:00:00+07:00"],
  ),
  fact("corruption", "", "2027-01-12T10:00:00+07:00", "2027-02-02", [
    "rejected",
    "2027-01-20T10:00:00+07:00",
  ]),
];

const statsOn = (today: string, complaints = FACTS) =>
  complaintStats({ fiscalYear: 2570, timeZone: TZ, holidays: new Set(), today, complaints });

/** Every sheet of a workbook by name: its cells by reference ("B4"), shared strings resolved. */
function readWorkbook(bytes: Uint8Array): { sheets: Map<string, Map<string, string>>; text: string } {
  const files = Object.fromEntries(
    Object.entries(unzipSync(bytes)).map(([path, data]) => [path, strFromU8(data)]),
  );
  const shared = [...(files["xl/sharedStrings.xml"] ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((si) =>
    unescapeXml([...(si[1] ?? "").matchAll(/<t(?: [^>]*)?>([^<]*)<\/t>/g)].map((t) => t[1]).join("")),
  );
  const names = [...(files["xl/workbook.xml"] ?? "").matchAll(/<sheet name="([^"]+)"/g)].map((m) =>
    unescapeXml(m[1] ?? ""),
  );
  const sheets = new Map<string, Map<string, string>>();
  names.forEach((name, i) => {
    const cells = new Map<string, string>();
    const xml = files[`xl/worksheets/sheet${i + 1}.xml`] ?? "";
    for (const cell of xml.matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attributes = cell[1] ?? "";
      const ref = /r="([A-Z]+\d+)"/.exec(attributes)?.[1];
      const value = /<v>([^<]*)<\/v>/.exec(cell[2] ?? "")?.[1];
      if (!ref || value === undefined) continue;
      cells.set(ref, /t="s"/.test(attributes) ? (shared[Number(value)] ?? "") : value);
    }
    sheets.set(name, cells);
  });
  return { sheets, text: Object.values(files).join("\n") };
}

function sheet(workbook: ReturnType<typeof readWorkbook>, name: string): Map<string, string> {
  const cells = workbook.sheets.get(name);
  if (!cells) throw new Error(`no sheet ${name}`);
  return cells;
}

function rowOf(cells: Map<string, string>, row: number, columns: number): string[] {
  return Array.from({ length: columns }, (_, i) => cells.get(`${String.fromCharCode(65 + i)}${row}`) ?? "");
}

function findRow(cells: Map<string, string>, label: string): number {
  for (const [ref, value] of cells)
    if (/^A\d+$/.test(ref) && value.trim() === label) return Number(ref.slice(1));
  throw new Error(`no row ${label}`);
}

/** The rows of a sheet from one row to another (exclusive), as text. */
function rowsBetween(cells: Map<string, string>, from: number, to: number, columns = 12): string[][] {
  return Array.from({ length: to - from }, (_, i) => rowOf(cells, from + i, columns));
}

const H1 = "รอบ 6 เดือน (ต.ค. 2569 – มี.ค. 2570)";
const YEAR = "รอบ 12 เดือน (ต.ค. 2569 – ก.ย. 2570)";
const FIRST_HALF = ["ต.ค. 2569", "พ.ย. 2569", "ธ.ค. 2569", "ม.ค. 2570", "ก.พ. 2570", "มี.ค. 2570"];

describe("the six-month round holds still", () => {
  it("reads the same on 5 April and after the year ends: statuses as at 31 March", () => {
    // On 5 April the May complaint has not been filed yet.
    const april = statsOn(
      "2027-04-05",
      FACTS.filter((fact) => fact.createdAt < at("2027-04-06T00:00:00+07:00")),
    );
    const later = statsOn("2027-10-15");
    const [h1April, yearApril] = april.periods;
    const [h1Later, yearLater] = later.periods;
    expect(h1April).toEqual(h1Later);
    expect(h1April?.asOf).toBe("2027-03-31");
    // On 31 March the February and the March complaint were open; one was forwarded.
    expect(h1April?.tracks[0]?.total).toMatchObject({
      received: 4,
      inProgress: 2,
      forwarded: 1,
      resolved: 1,
    });
    expect(h1April?.tracks[1]?.total).toMatchObject({ received: 2, inProgress: 1, rejected: 1, resolved: 0 });
    expect(h1April?.months.map((month) => [month.label, month.asOf, month.total.inProgress])).toEqual([
      ["ต.ค. 2569", "2027-03-31", 0],
      ["พ.ย. 2569", "2027-03-31", 1],
      ["ธ.ค. 2569", "2027-03-31", 0],
      ["ม.ค. 2570", "2027-03-31", 0],
      ["ก.พ. 2570", "2027-03-31", 1],
      ["มี.ค. 2570", "2027-03-31", 1],
    ]);
    // The months on their own are as at their own last days, whenever downloaded.
    expect(april.monthEnds.slice(0, 6)).toEqual(later.monthEnds.slice(0, 6));
    expect(april.monthEnds[1]?.asOf).toBe("2026-11-30");
    // The twelve-month round runs to its own day: the day of the report, then 30 September.
    expect(yearApril?.asOf).toBe("2027-04-05");
    expect(yearApril?.tracks[0]?.total.inProgress).toBe(1); // the March one (February's was resolved on 2 April)
    expect(yearLater?.asOf).toBe("2027-09-30");
    expect(yearLater?.tracks[0]?.total.inProgress).toBe(0);
    expect(later.asOf).toBe("2027-09-30");
  });

  it("writes the same six-month figures into the workbook whichever day it is downloaded", async () => {
    const read = async (stats: ComplaintStats) => readWorkbook(await complaintsXlsx({ orgName: ORG, stats }));
    const april = await read(statsOn("2027-04-05"));
    const later = await read(statsOn("2027-10-15"));
    const h1 = (workbook: ReturnType<typeof readWorkbook>) => {
      const summary = sheet(workbook, "สรุป");
      return rowsBetween(summary, findRow(summary, H1), findRow(summary, YEAR));
    };
    expect(h1(april)).toEqual(h1(later));
    expect(h1(april)[1]?.[0]).toBe("สถานะ ณ วันที่ 31 มีนาคม 2570");
    expect(h1(april)[4]?.slice(0, 6)).toEqual(["เรื่องร้องทุกข์", "4", "2", "1", "1", "0"]);
    for (const month of FIRST_HALF) {
      expect(rowsBetween(sheet(april, month), 1, 12)).toEqual(rowsBetween(sheet(later, month), 1, 12));
    }
    expect(sheet(april, "มี.ค. 2570").get("A3")).toBe("สถานะ ณ วันที่ 31 มีนาคม 2570");
    // The corruption sheet's six-month table too (rows 5–14: its label to its total).
    const corruption = (workbook: ReturnType<typeof readWorkbook>) =>
      rowsBetween(sheet(workbook, "ร้องเรียนการทุจริต"), 5, 15, 6);
    expect(corruption(april)).toEqual(corruption(later));
  });
});

describe("months not yet come", () => {
  it("are '–', not 0, in the statistics, every sheet and the chart", async () => {
    const stats = statsOn("2027-01-15", FACTS.slice(0, 1).concat(FACTS.slice(5)));
    expect(stats.asOf).toBe("2027-01-15");
    expect(stats.months.map((month) => month.asOf)).toEqual([
      "2027-01-15",
      "2027-01-15",
      "2027-01-15",
      "2027-01-15",
      ...Array.from({ length: 8 }, () => null),
    ]);
    expect(stats.periods[0]?.months.map((month) => month.asOf)).toEqual([
      "2027-01-15",
      "2027-01-15",
      "2027-01-15",
      "2027-01-15",
      null,
      null,
    ]);
    expect(stats.monthEnds.slice(2, 5).map((month) => month.asOf)).toEqual([
      "2026-12-31",
      "2027-01-15",
      null,
    ]);

    const workbook = readWorkbook(await complaintsXlsx({ orgName: ORG, stats }));
    const summary = sheet(workbook, "สรุป");
    const monthly = findRow(summary, `${H1} รายเดือน (ทั้งสองประเภท)`);
    // Statuses as at the end of 15 January: January's complaint is still open.
    expect(rowOf(summary, monthly + 5, 7)).toEqual(["ม.ค. 2570", "1", "1", "0", "0", "0", "0"]);
    expect(rowOf(summary, monthly + 6, 7)).toEqual(["ก.พ. 2570", "–", "–", "–", "–", "–", "–"]);
    expect(rowOf(summary, monthly + 7, 7)).toEqual(["มี.ค. 2570", "–", "–", "–", "–", "–", "–"]);
    // A month begun with nothing received is 0.
    expect(rowOf(summary, monthly + 4, 7)).toEqual(["ธ.ค. 2569", "0", "0", "0", "0", "0", "0"]);
    const february = sheet(workbook, "ก.พ. 2570");
    expect(february.get("A3")).toBe("ยังไม่ถึงเดือนนี้ จึงยังไม่มีข้อมูล");
    expect(rowOf(february, 5, 12)).toEqual(["รวมทั้งหมด", ...Array.from({ length: 11 }, () => "–")]);
    const corruption = sheet(workbook, "ร้องเรียนการทุจริต");
    const year = findRow(corruption, YEAR);
    expect(rowOf(corruption, year + 3, 6)).toEqual(["ต.ค. 2569", "0", "0", "0", "0", "0"]);
    expect(rowOf(corruption, year + 4, 6)).toEqual(["พ.ย. 2569", "1", "1", "0", "0", "0"]);
    expect(rowOf(corruption, year + 14, 6)).toEqual(["ก.ย. 2570", "–", "–", "–", "–", "–"]);
    expect(rowOf(corruption, year + 15, 6)).toEqual(["รวม", "2", "2", "0", "0", "0"]);

    const svg = complaintsChartSvg({ orgName: ORG, stats });
    expect(svg).toContain("<title>ม.ค. 2570 รับเรื่อง 1 เรื่อง</title>");
    expect(svg).toContain("<title>พ.ย. 2569 อยู่ระหว่างดำเนินการ 1 เรื่อง</title>");
    expect(svg).toContain("<title>ต.ค. 2569 แล้วเสร็จ 1 เรื่อง</title>");
    expect(svg).not.toContain("<title>ก.พ. 2570");
    expect(svg).toMatch(/<text [^>]*>–<\/text>/);
  });

  it("leave a year not yet begun all '–'", async () => {
    const stats = statsOn("2026-09-20", []);
    expect(stats.periods.map((period) => period.asOf)).toEqual([null, null]);
    const workbook = readWorkbook(await complaintsXlsx({ orgName: ORG, stats }));
    const summary = sheet(workbook, "สรุป");
    const h1 = findRow(summary, H1);
    expect(summary.get(`A${h1 + 1}`)).toBe("ยังไม่ถึงรอบนี้ จึงยังไม่มีข้อมูล");
    expect(rowOf(summary, h1 + 3, 12)).toEqual(["รวมทั้งหมด", ...Array.from({ length: 11 }, () => "–")]);
  });
});

describe("the corruption sheet", () => {
  it("has counts by status per month and round, and nothing else", async () => {
    const workbook = readWorkbook(await complaintsXlsx({ orgName: ORG, stats: statsOn("2027-10-15") }));
    const cells = sheet(workbook, "ร้องเรียนการทุจริต");
    const months = [
      ...FIRST_HALF,
      "เม.ย. 2570",
      "พ.ค. 2570",
      "มิ.ย. 2570",
      "ก.ค. 2570",
      "ส.ค. 2570",
      "ก.ย. 2570",
    ];
    const words = new Set([
      "สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. 2570",
      ORG,
      "แสดงเฉพาะจำนวนเรื่อง เพื่อคุ้มครองผู้ร้อง",
      H1,
      YEAR,
      "สถานะ ณ วันที่ 31 มีนาคม 2570",
      "สถานะ ณ วันที่ 30 กันยายน 2570",
      "เดือน",
      "รับเรื่อง",
      "อยู่ระหว่างดำเนินการ",
      "ส่งต่อหน่วยงานอื่น",
      "ดำเนินการแล้วเสร็จ",
      "ไม่รับพิจารณา",
      "รวม",
      ...months,
    ]);
    // Every cell is a label of the table or a count: no code, category, unit, timing or date of a complaint.
    const other = [...cells.values()].filter((value) => !words.has(value) && !/^(\d+|–)$/.test(value));
    expect(other).toEqual([]);
    expect(Math.max(...[...cells.keys()].map((ref) => ref.charCodeAt(0)))).toBe("F".charCodeAt(0));
    const h1 = findRow(cells, H1);
    expect(rowOf(cells, h1 + 3, 6)).toEqual(["ต.ค. 2569", "0", "0", "0", "0", "0"]);
    expect(rowOf(cells, h1 + 4, 6)).toEqual(["พ.ย. 2569", "1", "1", "0", "0", "0"]); // resolved only on 20 April
    expect(rowOf(cells, h1 + 9, 6)).toEqual(["รวม", "2", "1", "0", "0", "1"]);
    const year = findRow(cells, YEAR);
    expect(rowOf(cells, year + 4, 6)).toEqual(["พ.ย. 2569", "1", "0", "0", "1", "0"]);
    expect(rowOf(cells, year + 15, 6)).toEqual(["รวม", "2", "0", "0", "1", "1"]);
  });
});

describe("the register and the workbook from the database", () => {
  it("lists the general track with code, Thai dates, category, unit, status, working days; nobody named", async () => {
    const deps = await serviceDeps({ startAt: at("2027-04-05T09:00:00+07:00") });
    const { db } = deps;
    const works = (await listUnits(db)).find((unit) => unit.name === "กองช่าง");
    if (!works) throw new Error("no กองช่าง");
    const secrets = ["นายสมชาย ใจดี", "นางสาวสมหญิง รักเรียน", "บ้านเลขที่ 99/1"];
    const lineIds: string[] = [];
    let n = 0;
    const file = async (
      track: Track,
      category: string,
      created: string,
      dueDate: string,
      changes: Array<[ComplaintStatus, string]> = [],
    ) => {
      const event = `e${++n}`;
      const lineUserId = newLineUserId();
      lineIds.push(lineUserId);
      await atomic(
        db,
        fileComplaintStatements(db, {
          sourceEventId: event,
          track,
          fiscalYear: 2570,
          categoryId: null,
          category: track === "general" ? category : "การทุจริตและประพฤติมิชอบ",
          description: `${secrets[n % 2]} แจ้งว่า${track === "general" ? "ถนนชำรุด" : "มีการเรียกรับเงิน"} ${secrets[2]}`,
          location: { latitude: 13.75, longitude: 100.5, address: secrets[2] ?? "" },
          routedUnitId: track === "general" ? works.id : null,
          anonymous: false,
          createdAt: at(created),
          dueDate,
          lineUserId,
          photos: [],
          receivedBy: "ระบบ",
          receivedNote: "",
        }),
      );
      for (const [status, when] of changes) {
        const complaint = await findComplaintByEvent(db, event);
        if (!complaint) throw new Error(`no complaint ${event}`);
        const closed = status === "resolved" || status === "rejected";
        await atomic(
          db,
          statusChangeStatements(db, {
            complaint,
            status,
            note: `แจ้ง${secrets[0]}แล้ว`,
            by: "กองช่าง",
            at: at(when),
            closedAt: closed ? at(when) : null,
          }),
        );
      }
    };
    await file("general", "ถนน/ทางเท้า", "2026-10-05T10:00:00+07:00", "2026-10-26", [
      ["resolved", "2026-10-08T15:00:00+07:00"],
    ]);
    await file("corruption", "", "2026-11-02T10:00:00+07:00", "2026-11-23", [
      ["in_progress", "2026-11-03T10:00:00+07:00"],
    ]);
    await file("general", "ไฟฟ้าส่องสว่าง", "2027-03-20T10:00:00+07:00", "2027-04-09", [
      ["in_progress", "2027-03-22T10:00:00+07:00"],
      ["resolved", "2027-04-02T10:00:00+07:00"],
    ]);

    const download = async () =>
      readWorkbook((await buildReportFile(deps, { kind: "complaints.xlsx", fiscalYear: 2570 })).bytes);
    const april = await download();
    const register = sheet(april, "ทะเบียนรับเรื่อง");
    expect(register.get("A3")).toBe("สถานะ ณ วันที่ 5 เมษายน 2570");
    expect(rowsBetween(register, 4, 7, 8)).toEqual([
      ["เลขที่เรื่อง", "วันที่รับเรื่อง", "ประเภทเรื่อง", "หน่วยงานที่รับผิดชอบ", "สถานะ", "วันทำการที่ใช้", "วันครบกำหนด", ""],
      ["R2570-00001", "5 ต.ค. 2569", "ถนน/ทางเท้า", "กองช่าง", "ดำเนินการแล้วเสร็จ", "3", "26 ต.ค. 2569", ""],
      // Sat 20 March → Fri 2 April: 22–26, 29–31 March, 1–2 April (no holidays here).
      ["R2570-00002", "20 มี.ค. 2570", "ไฟฟ้าส่องสว่าง", "กองช่าง", "ดำเนินการแล้วเสร็จ", "10", "9 เม.ย. 2570", ""],
    ]);
    // The corruption complaint is not in the register, and nothing identifies anyone anywhere.
    expect(april.text).not.toContain("C2570-");
    for (const secret of [...secrets, ...lineIds, "ถนนชำรุด", "เรียกรับเงิน", "13.75"]) {
      expect(april.text).not.toContain(secret);
    }
    expect(april.text).not.toMatch(/U[0-9a-f]{32}/);

    // Downloaded again after the year has ended: the six-month figures have not moved.
    deps.clock.advance(at("2027-10-15T09:00:00+07:00") - deps.clock.now());
    const later = await download();
    const h1 = (workbook: ReturnType<typeof readWorkbook>) => {
      const summary = sheet(workbook, "สรุป");
      return rowsBetween(summary, findRow(summary, H1), findRow(summary, YEAR));
    };
    expect(h1(later)).toEqual(h1(april));
    expect(sheet(later, "ทะเบียนรับเรื่อง").get("A3")).toBe("สถานะ ณ วันที่ 30 กันยายน 2570");
  });
});
