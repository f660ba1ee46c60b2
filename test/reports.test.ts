import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atomic } from "../src/db/client";
import {
  fileComplaintStatements,
  findComplaintByEvent,
  statusChangeStatements,
} from "../src/db/repos/complaints.repo";
import { putHoliday } from "../src/db/repos/holidays.repo";
import { insertMeasures, logProgressStatements } from "../src/db/repos/measures.repo";
import type { ComplaintStatus } from "../src/domain/complaints";
import { workingDaysBetween } from "../src/domain/working-days";
import { type ComplaintFact, complaintStats, percentile } from "../src/reports/complaint-stats";
import { buildMeasuresReport } from "../src/reports/measures-report";
import { periodRange, startOfLocalDay } from "../src/reports/periods";
import { newLineUserId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { startTestBot, type TestBot } from "./support/bot";
import { type RunningDouble, startDouble } from "./support/double";
import { downloadAdmin, unescapeXml } from "./support/ooxml";

/** Friday 15 October 2027, 10:00 in Bangkok: fiscal year 2570 has ended (2571 runs). */
const NOW = Date.parse("2027-10-15T10:00:00+07:00");
const at = (iso: string) => Date.parse(iso);
const TZ = "Asia/Bangkok";

let line: RunningDouble;
let bot: TestBot;
const complainants: string[] = [];

const download = (path: string) => downloadAdmin(bot.url, path);

function unzip(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([path, data]) => [path, strFromU8(data)]));
}

/** The paragraphs of a .docx body, as text. */
function docxParagraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    unescapeXml([...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join("")),
  );
}

/** The cells of one sheet of an .xlsx, by reference ("B4"), shared strings resolved. */
function sheetCells(files: Record<string, string>, sheet: number): Map<string, string> {
  const shared = [...(files["xl/sharedStrings.xml"] ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((si) =>
    unescapeXml([...(si[1] ?? "").matchAll(/<t(?: [^>]*)?>([^<]*)<\/t>/g)].map((t) => t[1]).join("")),
  );
  const cells = new Map<string, string>();
  const xml = files[`xl/worksheets/sheet${sheet}.xml`] ?? "";
  for (const cell of xml.matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const attributes = cell[1] ?? "";
    const ref = /r="([A-Z]+\d+)"/.exec(attributes)?.[1];
    const value = /<v>([^<]*)<\/v>/.exec(cell[2] ?? "")?.[1];
    if (!ref || value === undefined) continue;
    cells.set(ref, /t="s"/.test(attributes) ? (shared[Number(value)] ?? "") : value);
  }
  return cells;
}

/** The values of one row, A onwards. */
function rowOf(cells: Map<string, string>, row: number, columns = 12): string[] {
  return Array.from({ length: columns }, (_, i) => cells.get(`${String.fromCharCode(65 + i)}${row}`) ?? "");
}

function findRow(cells: Map<string, string>, label: string): number {
  for (const [ref, value] of cells)
    if (ref.startsWith("A") && value.trim() === label) return Number(ref.slice(1));
  throw new Error(`no row ${label}`);
}

async function prepareMeasures() {
  const units = (await adminApi(bot, "GET", "/units")).json.items as Array<{ id: string; name: string }>;
  const u = Object.fromEntries(units.map((unit) => [unit.name, unit.id])) as Record<string, string>;
  const db = bot.deps.db;
  const base = {
    indicators: [4],
    method: "1. ประชุมชี้แจง\n2. เผยแพร่บนเว็บไซต์",
    createdAt: NOW - 400 * 86_400_000,
  };
  await atomic(
    db,
    insertMeasures(db, [
      {
        ...base,
        id: "m1",
        unitIds: [u.กองคลัง as string],
        fiscalYear: 2570,
        title: "จัดทำคู่มือการยืมทรัพย์สินของราชการ",
        startMonth: "2026-10",
        endMonth: "2027-09",
      },
      {
        ...base,
        id: "m2",
        unitIds: [u.สำนักปลัด as string, u.กองคลัง as string],
        fiscalYear: 2570,
        title: "เปิดเผยข้อมูลการจัดซื้อจัดจ้าง",
        indicators: [9],
        startMonth: "2026-10",
        endMonth: "2027-03",
      },
      {
        ...base,
        id: "m3",
        unitIds: [u.กองช่าง as string],
        fiscalYear: 2570,
        title: "อบรมจริยธรรมเจ้าหน้าที่",
        startMonth: "2027-05",
        endMonth: "2027-09",
      },
      {
        ...base,
        id: "m0",
        unitIds: [u.กองช่าง as string],
        fiscalYear: 2569,
        title: "มาตรการของปีก่อน",
        startMonth: "2025-10",
        endMonth: "2026-09",
      },
    ]),
  );
  let n = 0;
  const log = async (
    measureId: string,
    when: string,
    text: string,
    percent: number,
    status: "in_progress" | "done" | "cannot_do",
    extra: { reason?: string; suggestion?: string; photos?: number } = {},
  ) => {
    n++;
    await atomic(
      db,
      logProgressStatements(db, {
        id: `p${n}`,
        measureId,
        at: at(when),
        by: "สมศรี (กองคลัง)",
        authorId: newLineUserId(),
        text,
        percent,
        status,
        performedOn: when.slice(0, 10),
        reason: extra.reason ?? null,
        suggestion: extra.suggestion ?? null,
        sourceEventId: null,
        photos: Array.from({ length: extra.photos ?? 0 }, (_, i) => ({
          id: `p${n}-photo${i}`,
          blobKey: `k${n}-${i}`,
          contentType: "image/jpeg",
        })),
      }),
    );
  };
  await log("m1", "2027-01-11T10:00:00+07:00", "ประชุมชี้แจงบุคลากรเรื่องการยืมทรัพย์สิน", 50, "in_progress", {
    photos: 3,
  });
  await log("m1", "2027-03-31T23:30:00+07:00", "เผยแพร่คู่มือบนเว็บไซต์ของหน่วยงาน", 100, "done", {
    suggestion: "ควรทบทวนคู่มือทุกปี",
  });
  await log("m1", "2027-04-01T00:10:00+07:00", "ปรับปรุงคู่มือฉบับใหม่", 100, "done");
  await log("m2", "2026-12-07T14:00:00+07:00", "จัดเตรียมข้อมูลการจัดซื้อจัดจ้าง", 20, "cannot_do", {
    reason: "ไม่มีงบประมาณปรับปรุงเว็บไซต์",
  });
  await log("m0", "2026-09-10T10:00:00+07:00", "ผลงานของปีก่อน", 100, "done");
}

/** Complaints whose statistics are worked out by hand in the tests below. */
async function prepareComplaints() {
  const db = bot.deps.db;
  await atomic(db, [putHoliday(db, { date: "2026-11-16", name: "วันหยุดทดสอบ" })]);
  const file = async (
    event: string,
    track: "general" | "corruption",
    category: string,
    created: string,
    dueDate: string,
    description = "ถนนชำรุดหน้าบ้าน",
  ) => {
    const lineUserId = newLineUserId();
    complainants.push(lineUserId);
    await atomic(
      db,
      fileComplaintStatements(db, {
        sourceEventId: event,
        track,
        fiscalYear: 2570,
        categoryId: null,
        category: track === "general" ? category : "การทุจริตและประพฤติมิชอบ",
        description,
        location: null,
        routedUnitId: null,
        anonymous: track === "corruption",
        createdAt: at(created),
        dueDate,
        lineUserId,
        photos: [],
        receivedBy: "ระบบ",
        receivedNote: "",
      }),
    );
  };
  const change = async (event: string, status: ComplaintStatus, when: string, reopen = false) => {
    const complaint = await findComplaintByEvent(db, event);
    if (!complaint) throw new Error(`no complaint ${event}`);
    const closed = status === "resolved" || status === "rejected";
    await atomic(
      db,
      statusChangeStatements(db, {
        complaint,
        status,
        note: "บันทึก",
        by: "กองช่าง",
        at: at(when),
        closedAt: closed ? at(when) : null,
        reopen,
      }),
    );
  };
  const road = "ถนน/ทางเท้า";
  const light = "ไฟฟ้าส่องสว่าง";
  const waste = "ขยะและสิ่งแวดล้อม";
  // October 2026
  await file("g1", "general", road, "2026-10-05T10:00:00+07:00", "2026-10-26");
  await change("g1", "resolved", "2026-10-08T15:00:00+07:00"); // Tue, Wed, Thu: 3
  await file("g2", "general", road, "2026-10-06T09:00:00+07:00", "2026-10-27");
  await change("g2", "in_progress", "2026-10-07T09:00:00+07:00");
  await change("g2", "resolved", "2026-10-20T11:00:00+07:00"); // 7,8,9,12,13,14,15,16,19,20: 10
  await file("g3", "general", light, "2026-10-07T09:00:00+07:00", "2026-10-09");
  await change("g3", "resolved", "2026-10-12T09:00:00+07:00"); // 8, 9, 12: 3, after its due date
  await file("c1", "corruption", "", "2026-10-08T09:00:00+07:00", "2026-10-29", "ทุจริตจัดซื้อ นายสมชาย ใจร้าย");
  await change("c1", "resolved", "2026-10-20T09:00:00+07:00");
  // November 2026
  await file("g4", "general", road, "2026-11-13T10:00:00+07:00", "2026-12-04");
  await change("g4", "resolved", "2026-11-18T10:00:00+07:00"); // Mon 16 is a holiday: 17, 18: 2
  await file("g5", "general", light, "2026-11-20T10:00:00+07:00", "2026-12-11");
  await change("g5", "rejected", "2026-11-23T10:00:00+07:00");
  await file("g6", "general", road, "2026-11-25T10:00:00+07:00", "2026-12-16");
  await change("g6", "forwarded", "2026-11-26T10:00:00+07:00"); // still open, past due
  await file("g7", "general", road, "2026-11-27T10:00:00+07:00", "2026-12-18");
  await change("g7", "resolved", "2026-12-01T10:00:00+07:00");
  await change("g7", "in_progress", "2026-12-03T10:00:00+07:00", true); // reopened by the complainant
  await change("g7", "resolved", "2026-12-09T10:00:00+07:00"); // 30,1,2,3,4,7,8,9: 8
  await file("c2", "corruption", "", "2026-11-10T10:00:00+07:00", "2026-12-01", "ปลัดเรียกรับเงิน");
  await change("c2", "in_progress", "2026-11-12T10:00:00+07:00");
  // The six-month boundary, in Bangkok time
  await file("g8", "general", waste, "2027-03-31T23:30:00+07:00", "2027-04-22"); // March; open, past due
  await file("g9", "general", waste, "2027-04-01T00:10:00+07:00", "2027-04-23"); // April
  await change("g9", "resolved", "2027-04-02T10:00:00+07:00"); // Fri 2: 1
  // Resolved after the year ended: open as at 30 September 2570
  await file("g10", "general", road, "2027-09-28T10:00:00+07:00", "2027-10-19");
  await change("g10", "resolved", "2027-10-05T10:00:00+07:00");
}

beforeAll(async () => {
  line = await startDouble();
  bot = await startTestBot(line, { clock: { now: () => NOW } });
  await prepareMeasures();
  await prepareComplaints();
});
afterAll(async () => {
  await bot?.close();
  await line?.close();
});

describe("measures report", () => {
  it("is a landscape A4 Word document in TH Sarabun New with the six-month round's results", async () => {
    const response = await download("/reports/measures.docx?fiscalYear=2570&period=h1");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    const disposition = response.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment; filename="measures-report-2570-h1\.docx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? "")).toBe(
      "รายงานผลการดำเนินการตามมาตรการ ปีงบประมาณ 2570 รอบ 6 เดือน.docx",
    );

    const files = unzip(response.bytes);
    const document = files["word/document.xml"] ?? "";
    expect(document).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    expect(document).toContain("<w:tblHeader/>");
    expect(files["word/styles.xml"]).toMatch(/w:ascii="TH Sarabun New"[^>]*w:cs="TH Sarabun New"/);
    expect(files["word/styles.xml"]).toContain('<w:sz w:val="32"/>');
    expect(files["word/fontTable.xml"]).toContain('<w:altName w:val="Sarabun"/>');

    const text = docxParagraphs(document);
    expect(text.slice(0, 3)).toEqual([
      "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
      "เทศบาลตำบลทดสอบ",
      "ประจำปีงบประมาณ พ.ศ. 2570 รอบ 6 เดือน (1 ตุลาคม 2569 – 31 มีนาคม 2570)",
    ]);
    for (const column of [
      "ลำดับ",
      "มาตรการ/แนวทาง",
      "วิธีการดำเนินการ",
      "ผู้รับผิดชอบ",
      "ระยะเวลา",
      "ผลการดำเนินการ",
      "ข้อเสนอแนะ",
    ]) {
      expect(text).toContain(column);
    }
    expect(text).toContain("จัดทำคู่มือการยืมทรัพย์สินของราชการ");
    expect(text).toContain("(ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ)");
    expect(text).toContain("ต.ค.\u00a02569"); // over "– ก.ย. 2570", with no-break spaces
    expect(text).toContain("–\u00a0ก.ย.\u00a02570");
    expect(text).toContain(
      "1. เมื่อวันที่ 11 มกราคม 2570 ประชุมชี้แจงบุคลากรเรื่องการยืมทรัพย์สิน (ร้อยละ 50 กำลังดำเนินการ) ภาพประกอบ 3 ภาพ",
    );
    // 23:30 on 31 March in Bangkok is in the round; 00:10 on 1 April is not.
    expect(text).toContain("2. เมื่อวันที่ 31 มีนาคม 2570 เผยแพร่คู่มือบนเว็บไซต์ของหน่วยงาน (ร้อยละ 100 ดำเนินการแล้วเสร็จ)");
    expect(text.join("\n")).not.toContain("ปรับปรุงคู่มือฉบับใหม่");
    expect(text).toContain("สถานะ ณ วันที่ 31 มีนาคม 2570: ดำเนินการแล้วเสร็จ (ร้อยละ 100)");
    expect(text).toContain("ควรทบทวนคู่มือทุกปี");
    expect(text).toContain(
      "เมื่อวันที่ 7 ธันวาคม 2569 จัดเตรียมข้อมูลการจัดซื้อจัดจ้าง (ร้อยละ 20 ไม่สามารถดำเนินการได้) เหตุผลที่ไม่สามารถดำเนินการได้: ไม่มีงบประมาณปรับปรุงเว็บไซต์",
    );
    expect(text).toContain("สำนักปลัด");
    expect(text).toContain("ยังไม่ถึงระยะเวลาดำเนินการ (เริ่ม พ.ค. 2570)");
    expect(text.join("\n")).not.toContain("มาตรการของปีก่อน");
    expect(text).toContain(
      "สรุปผล: มาตรการทั้งหมด 3 มาตรการ ดำเนินการแล้วเสร็จ 1 มาตรการ กำลังดำเนินการ 0 มาตรการ ยังไม่เริ่ม 1 มาตรการ ไม่สามารถดำเนินการได้ 1 มาตรการ",
    );
    // Nobody's LINE id or name leaks from the progress entries' authors.
    expect(document).not.toMatch(/U[0-9a-f]{32}/);
  });

  it("covers the whole year in the twelve-month round", async () => {
    const response = await download("/reports/measures.docx?fiscalYear=2570&period=year");
    expect(response.status).toBe(200);
    const text = docxParagraphs(unzip(response.bytes)["word/document.xml"] ?? "");
    expect(text).toContain("ประจำปีงบประมาณ พ.ศ. 2570 รอบ 12 เดือน (1 ตุลาคม 2569 – 30 กันยายน 2570)");
    expect(text).toContain("3. เมื่อวันที่ 1 เมษายน 2570 ปรับปรุงคู่มือฉบับใหม่ (ร้อยละ 100 ดำเนินการแล้วเสร็จ)");
    expect(text).toContain("สถานะ ณ วันที่ 30 กันยายน 2570: ดำเนินการแล้วเสร็จ (ร้อยละ 100)");
    expect(text).toContain("ยังไม่มีการรายงานผลการดำเนินการในรอบนี้");
  });

  it("is one sheet with the same columns, the header row frozen, Thai font and wrapped text", async () => {
    const response = await download("/reports/measures.xlsx?fiscalYear=2570&period=h1");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(response.headers.get("content-disposition")).toContain('filename="measures-report-2570-h1.xlsx"');
    const files = unzip(response.bytes);
    expect(Object.keys(files).filter((path) => path.startsWith("xl/worksheets/sheet"))).toEqual([
      "xl/worksheets/sheet1.xml",
    ]);
    const sheet = files["xl/worksheets/sheet1.xml"] ?? "";
    expect(sheet).toMatch(/<pane [^>]*ySplit="3"[^>]*topLeftCell="A4"[^>]*state="frozen"/);
    expect(sheet).toContain('orientation="landscape"');
    expect(files["xl/styles.xml"]).toContain('<name val="TH Sarabun New"/>');
    expect(files["xl/styles.xml"]).toContain('wrapText="true"');
    // Every cell has a style of its own (style 0, the library's unnamed default font, is unused).
    expect([...sheet.matchAll(/<c [^>]*>/g)].every((c) => / s="[1-9]\d*"/.test(c[0]))).toBe(true);
    const cells = sheetCells(files, 1);
    expect(cells.get("A1")).toBe("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน");
    expect(cells.get("A2")).toBe(
      "เทศบาลตำบลทดสอบ ประจำปีงบประมาณ พ.ศ. 2570 รอบ 6 เดือน (1 ตุลาคม 2569 – 31 มีนาคม 2570)",
    );
    expect(rowOf(cells, 3, 7)).toEqual([
      "ลำดับ",
      "มาตรการ/แนวทาง",
      "วิธีการดำเนินการ",
      "ผู้รับผิดชอบ",
      "ระยะเวลา",
      "ผลการดำเนินการ",
      "ข้อเสนอแนะ",
    ]);
    const first = rowOf(cells, 4, 7);
    expect(first.slice(0, 5)).toEqual([
      "1",
      "จัดทำคู่มือการยืมทรัพย์สินของราชการ\n(ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ)",
      "1. ประชุมชี้แจง\n2. เผยแพร่บนเว็บไซต์",
      "กองคลัง",
      "ต.ค. 2569 – ก.ย. 2570",
    ]);
    expect(first[5]).toBe(
      [
        "1. เมื่อวันที่ 11 มกราคม 2570 ประชุมชี้แจงบุคลากรเรื่องการยืมทรัพย์สิน (ร้อยละ 50 กำลังดำเนินการ) ภาพประกอบ 3 ภาพ",
        "2. เมื่อวันที่ 31 มีนาคม 2570 เผยแพร่คู่มือบนเว็บไซต์ของหน่วยงาน (ร้อยละ 100 ดำเนินการแล้วเสร็จ)",
        "สถานะ ณ วันที่ 31 มีนาคม 2570: ดำเนินการแล้วเสร็จ (ร้อยละ 100)",
      ].join("\n"),
    );
    expect(first[6]).toBe("ควรทบทวนคู่มือทุกปี");
    expect(rowOf(cells, 5, 7)[3]).toBe("สำนักปลัด\nกองคลัง");
    expect(rowOf(cells, 6, 7)[1]).toContain("อบรมจริยธรรมเจ้าหน้าที่");
    expect([...cells.values()].join("\n")).not.toContain("null");
  });

  it("names the failing field, and defaults to the current fiscal year", async () => {
    const badYear = await adminApi(bot, "GET", "/reports/measures.docx?fiscalYear=70");
    expect(badYear.status).toBe(400);
    expect(badYear.json.field).toBe("fiscalYear");
    const badPeriod = await adminApi(bot, "GET", "/reports/measures.xlsx?fiscalYear=2570&period=q3");
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.json.field).toBe("period");
    expect((await adminApi(bot, "GET", "/reports/complaints.xlsx?fiscalYear=abc")).json.field).toBe(
      "fiscalYear",
    );
    const current = await download("/reports/measures.docx");
    expect(current.status).toBe(200);
    expect(current.headers.get("content-disposition")).toContain('filename="measures-report-2571-year.docx"');
    const unauthorised = await fetch(`${bot.url}/api/admin/reports/measures.docx`);
    expect(unauthorised.status).toBe(401);
  });
});

describe("complaint statistics", () => {
  it("counts a prepared dataset as worked out by hand, corruption as counts only", async () => {
    const response = await download("/reports/complaints.xlsx?fiscalYear=2570");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain(
      'filename="complaint-statistics-2570.xlsx"',
    );
    const files = unzip(response.bytes);
    const workbook = files["xl/workbook.xml"] ?? "";
    const names = [...workbook.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual([
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
    const summary = sheetCells(files, 1);
    expect(summary.get("A1")).toBe("สถิติเรื่องร้องเรียน/ร้องทุกข์ ประจำปีงบประมาณ พ.ศ. 2570");
    expect(summary.get("A3")).toBe("สถานะ ณ วันที่ 30 กันยายน 2570");
    // The year: rows after the "รอบ 12 เดือน" heading.
    const yearAt = findRow(summary, "รอบ 12 เดือน (ต.ค. 2569 – ก.ย. 2570)");
    expect(summary.get(`A${yearAt + 1}`)).toBe("สถานะ ณ วันที่ 30 กันยายน 2570");
    // received, in progress, forwarded, resolved, rejected, reopened, average, p90, on time, due, share
    expect(rowOf(summary, yearAt + 3)).toEqual([
      "รวมทั้งหมด",
      "12",
      "3",
      "1",
      "7",
      "1",
      "1",
      "–",
      "–",
      "–",
      "–",
      "–",
    ]);
    // General: days to resolve 3, 10, 3, 2, 8, 1 → average 4.5, p90 (nearest rank 6 of 6) 10;
    // on time g1 g2 g4 g5 g7 g9 of the 9 closed or past due (g10 is not yet due) → 66.7%.
    expect(rowOf(summary, yearAt + 4)).toEqual([
      "เรื่องร้องทุกข์",
      "10",
      "2",
      "1",
      "6",
      "1",
      "1",
      "4.5",
      "10",
      "6",
      "9",
      "66.7",
    ]);
    expect(rowOf(summary, yearAt + 5)).toEqual([
      "   ถนน/ทางเท้า",
      "6",
      "1",
      "1",
      "4",
      "0",
      "1",
      "5.8",
      "10",
      "4",
      "5",
      "80",
    ]);
    expect(rowOf(summary, yearAt + 6)).toEqual([
      "   ขยะและสิ่งแวดล้อม",
      "2",
      "1",
      "0",
      "1",
      "0",
      "0",
      "1",
      "1",
      "1",
      "2",
      "50",
    ]);
    expect(rowOf(summary, yearAt + 7)).toEqual([
      "   ไฟฟ้าส่องสว่าง",
      "2",
      "0",
      "0",
      "1",
      "1",
      "0",
      "3",
      "3",
      "1",
      "2",
      "50",
    ]);
    expect(rowOf(summary, yearAt + 8)).toEqual([
      "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
      "2",
      "1",
      "0",
      "1",
      "0",
      "0",
      "–",
      "–",
      "–",
      "–",
      "–",
    ]);
    // The six-month round: g8 (23:30 on 31 March) is in it, g9 (00:10 on 1 April) is not. Statuses
    // as at 31 March: g8, due 22 April, was not yet past due then, so 5 on time of 7 known.
    const h1At = findRow(summary, "รอบ 6 เดือน (ต.ค. 2569 – มี.ค. 2570)");
    expect(summary.get(`A${h1At + 1}`)).toBe("สถานะ ณ วันที่ 31 มีนาคม 2570");
    expect(rowOf(summary, h1At + 4)).toEqual([
      "เรื่องร้องทุกข์",
      "8",
      "1",
      "1",
      "5",
      "1",
      "1",
      "5.2",
      "10",
      "5",
      "7",
      "71.4",
    ]);
    const october = sheetCells(files, 2);
    expect(october.get("A2")).toBe("เทศบาลตำบลทดสอบ ประจำเดือน ต.ค. 2569");
    expect(rowOf(october, 5)).toEqual(["รวมทั้งหมด", "4", "0", "0", "4", "0", "0", "–", "–", "–", "–", "–"]);
    expect(rowOf(october, 6)).toEqual([
      "เรื่องร้องทุกข์",
      "3",
      "0",
      "0",
      "3",
      "0",
      "0",
      "5.3",
      "10",
      "2",
      "3",
      "66.7",
    ]);
    expect(october.get("A9")).toBe("เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ");
    expect(rowOf(sheetCells(files, 7), 6).slice(0, 3)).toEqual(["เรื่องร้องทุกข์", "1", "1"]); // มี.ค.: g8
    expect(rowOf(sheetCells(files, 8), 6).slice(0, 5)).toEqual(["เรื่องร้องทุกข์", "1", "0", "0", "1"]); // เม.ย.: g9

    // The corruption track: counts by status per month and round, nothing else.
    const corruption = sheetCells(files, 14);
    expect(rowOf(corruption, 7, 7)).toEqual([
      "เดือน",
      "รับเรื่อง",
      "อยู่ระหว่างดำเนินการ",
      "ส่งต่อหน่วยงานอื่น",
      "ดำเนินการแล้วเสร็จ",
      "ไม่รับพิจารณา",
      "",
    ]);
    expect(rowOf(corruption, 8, 6)).toEqual(["ต.ค. 2569", "1", "0", "0", "1", "0"]);
    expect(rowOf(corruption, 9, 6)).toEqual(["พ.ย. 2569", "1", "1", "0", "0", "0"]);
    expect(rowOf(corruption, 31, 6)).toEqual(["รวม", "2", "1", "0", "1", "0"]);
    // The general track's register, in the order received, with the routed unit (none here).
    const register = sheetCells(files, 15);
    expect(rowOf(register, 4, 7)).toEqual([
      "เลขที่เรื่อง",
      "วันที่รับเรื่อง",
      "ประเภทเรื่อง",
      "หน่วยงานที่รับผิดชอบ",
      "สถานะ",
      "วันทำการที่ใช้",
      "วันครบกำหนด",
    ]);
    expect(rowOf(register, 5, 7)).toEqual([
      "R2570-00001",
      "5 ต.ค. 2569",
      "ถนน/ทางเท้า",
      "–",
      "ดำเนินการแล้วเสร็จ",
      "3",
      "26 ต.ค. 2569",
    ]);
    // g10, resolved after the year ended: open as at 30 September, two working days by then.
    expect(rowOf(register, 14, 7)).toEqual([
      "R2570-00010",
      "28 ก.ย. 2570",
      "ถนน/ทางเท้า",
      "–",
      "รับเรื่องแล้ว",
      "2",
      "19 ต.ค. 2570",
    ]);
    expect([...register.values()].filter((value) => value.startsWith("C2570-"))).toEqual([]);

    // Nothing about complainants or what the corruption complaints said.
    const everything = Object.values(files).join("\n");
    for (const complainant of complainants) expect(everything).not.toContain(complainant);
    for (const secret of ["สมชาย", "ปลัดเรียกรับเงิน", "นายผู้ร้อง", "การทุจริตและประพฤติมิชอบ\n", "ถนนชำรุด"]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("draws the monthly received and resolved bars as SVG", async () => {
    const response = await download("/reports/complaints-chart.svg?fiscalYear=2570");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const svg = new TextDecoder().decode(response.bytes);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("ต.ค. 2569");
    expect(svg).toContain("ก.ย. 2570");
    expect(svg).toContain("<title>ต.ค. 2569 รับเรื่อง 4 เรื่อง</title>");
    expect(svg).toContain("<title>ต.ค. 2569 แล้วเสร็จ 4 เรื่อง</title>");
    expect(svg).toContain("<title>พ.ย. 2569 รับเรื่อง 5 เรื่อง</title>");
    expect(svg).toContain("<title>พ.ย. 2569 แล้วเสร็จ 2 เรื่อง</title>");
  });
});

describe("EIT summary", () => {
  it("is its own workbook: responses against the sample target, per indicator and item", async () => {
    const response = await download("/reports/eit.xlsx?fiscalYear=2570");
    expect(response.status).toBe(200);
    const cells = sheetCells(unzip(response.bytes), 1);
    expect(cells.get("A1")).toContain("(EIT)");
    expect(rowOf(cells, 6, 3)).toEqual(["ผู้ตอบแบบสอบถาม (คน)", "0", "0"]);
    expect(rowOf(cells, 7, 2)[1]).toBe("30");
    const all = [...cells.values()];
    expect(all.some((v) => v.startsWith("ตัวชี้วัดที่ 6 "))).toBe(true);
    expect(all.some((v) => v.startsWith("e9 (ตัวชี้วัดที่ 8)"))).toBe(true);
  });
});

describe("complaintStats (plain data)", () => {
  const holidays = new Set(["2026-11-16"]);
  const fact = (
    category: string,
    created: string,
    dueDate: string,
    ...changes: Array<[ComplaintStatus, string]>
  ): ComplaintFact => ({
    trackingCode: `R2570-${created.slice(5, 10)}`,
    track: "general",
    category,
    unit: "กองช่าง",
    createdAt: at(created),
    dueDate,
    history: [["received", created] as [ComplaintStatus, string], ...changes].map(([status, when]) => ({
      status,
      at: at(when),
    })),
  });

  it("takes the nearest-rank percentile", () => {
    expect(percentile([], 90)).toBeNull();
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([10, 1, 3, 2, 8, 3], 90)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
  });

  it("counts working days over the holiday table, statuses as at the end of the day of the report", () => {
    const stats = complaintStats({
      fiscalYear: 2570,
      timeZone: TZ,
      holidays,
      today: "2026-11-30",
      complaints: [
        fact("ถนน", "2026-11-13T10:00:00+07:00", "2026-12-04", ["resolved", "2026-11-18T10:00:00+07:00"]),
        fact("ถนน", "2026-11-20T10:00:00+07:00", "2026-11-24", ["rejected", "2026-11-25T10:00:00+07:00"]),
        // Resolved on the evening of 30 November in Bangkok (still the 30th there), then reopened in December.
        fact(
          "ไฟ",
          "2026-11-26T10:00:00+07:00",
          "2026-12-17",
          ["resolved", "2026-11-30T23:59:00+07:00"],
          ["in_progress", "2026-12-01T00:05:00+07:00"],
        ),
        fact("ไฟ", "2026-11-27T10:00:00+07:00", "2026-11-27"), // open, past due
        fact("ไฟ", "2026-11-28T10:00:00+07:00", "2026-12-20"), // open, not yet due
      ],
    });
    expect(workingDaysBetween("2026-11-13", "2026-11-18", holidays)).toBe(2);
    const november = stats.months[1];
    expect(november?.label).toBe("พ.ย. 2569");
    const general = november?.tracks[0];
    expect(general?.total).toEqual({
      received: 5,
      inProgress: 2,
      forwarded: 0,
      resolved: 2,
      rejected: 1,
      confirmedFixed: 0,
      notConfirmed: 0,
      reopened: 0,
      averageDays: 2, // Fri 13 → Wed 18: Tue 17, Wed 18 (Mon 16 is a holiday); Thu 26 → Mon 30: Fri 27, Mon 30
      p90Days: 2,
      withinDeadline: 2,
      dueKnown: 4,
      withinDeadlineShare: 50,
    });
    expect(general?.categories.map((c) => [c.category, c.stats.received])).toEqual([
      ["ไฟ", 3],
      ["ถนน", 2],
    ]);
    expect(stats.periods.map((p) => p.key)).toEqual(["h1", "year"]);
    expect(stats.periods[0]?.total.received).toBe(5);
    expect(november?.tracks[1]?.total.averageDays).toBeNull();
  });

  it("keeps a round's boundary by the organisation's time zone", () => {
    const h1 = periodRange(2570, "h1", TZ);
    expect(h1.endMs).toBe(at("2027-04-01T00:00:00+07:00"));
    expect(at("2027-03-31T23:30:00+07:00") < h1.endMs).toBe(true);
    expect(at("2027-04-01T00:10:00+07:00") < h1.endMs).toBe(false);
    expect(startOfLocalDay("2026-10-01", TZ)).toBe(at("2026-10-01T00:00:00+07:00"));
    expect(startOfLocalDay("2026-11-01", "America/New_York")).toBe(at("2026-11-01T00:00:00-04:00"));
    expect(startOfLocalDay("2026-11-02", "America/New_York")).toBe(at("2026-11-02T00:00:00-05:00"));
  });

  it("writes a measure's results from the entries of the round (plain data)", () => {
    const report = buildMeasuresReport({
      orgName: "อบต.ตัวอย่าง",
      fiscalYear: 2570,
      period: "h1",
      timeZone: TZ,
      generatedAt: at("2027-02-01T09:00:00+07:00"),
      measures: [
        {
          title: "มาตรการ ก",
          method: "วิธี",
          indicators: [],
          startMonth: "2026-10",
          endMonth: "2026-10",
          units: ["กองช่าง"],
          progress: [
            {
              performedOn: "2026-10-02",
              text: "เริ่ม",
              percent: 10,
              status: "in_progress",
              reason: null,
              suggestion: null,
              photos: 0,
            },
          ],
        },
      ],
    });
    expect(report.asOf).toBe("2027-02-01"); // the round still runs: as of the day of the report
    expect(report.rows[0]?.duration).toBe("ต.ค. 2569");
    expect(report.rows[0]?.results).toEqual([
      "เมื่อวันที่ 2 ตุลาคม 2569 เริ่ม (ร้อยละ 10 กำลังดำเนินการ)",
      "สถานะ ณ วันที่ 1 กุมภาพันธ์ 2570: กำลังดำเนินการ (ร้อยละ 10)",
    ]);
  });
});
