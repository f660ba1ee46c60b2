import { readFileSync } from "node:fs";
import { asc, count } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atomic } from "../src/db/client";
import { logProgressStatements } from "../src/db/repos/measures.repo";
import { auditLog, measures, users } from "../src/db/schema";
import { newLineUserId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { startTestBot, TEST_ADMIN_TOKEN, type TestBot } from "./support/bot";
import { chatUser, JPEG, textOf } from "./support/chat";
import { type RunningDouble, startDouble } from "./support/double";
import { expectThai } from "./support/thai";

let line: RunningDouble;
let bot: TestBot;
let clock: ReturnType<typeof fixedClock>;
let unitId: Record<string, string>;

/** Thursday 3 December 2026, 10:00 in Bangkok: fiscal year 2570. */
const NOW = Date.parse("2026-12-03T10:00:00+07:00");
const DAY = 24 * 60 * 60 * 1000;

/** A clock that stands still unless moved: exact timestamps in answers and audit rows. */
function fixedClock(start: number) {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
  };
}

beforeEach(async () => {
  clock = fixedClock(NOW);
  line = await startDouble();
  bot = await startTestBot(line, { clock });
  const units = (await adminApi(bot, "GET", "/units")).json.items as Array<{ id: string; name: string }>;
  unitId = Object.fromEntries(units.map((unit) => [unit.name, unit.id]));
});
afterEach(async () => {
  await bot.close();
  await line.close();
});

async function postRaw(path: string, contentType: string | null, body: BodyInit) {
  const response = await fetch(`${bot.url}/api/admin${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
      ...(contentType ? { "content-type": contentType } : {}),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

const postCsv = (csv: string) => postRaw("/measures/import", "text/csv; charset=utf-8", csv);

async function measureCount() {
  return (await bot.deps.db.select({ n: count() }).from(measures).get())?.n ?? 0;
}

async function auditRows() {
  return bot.deps.db.select().from(auditLog).orderBy(asc(auditLog.id));
}

async function allPages(query: string) {
  const seen: Array<{ id: string; title: string; fiscalYear: number; unitIds: string[] }> = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await adminApi(
      bot,
      "GET",
      `/measures?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    expect(page.status).toBe(200);
    seen.push(...page.json.items);
    cursor = page.json.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  return { items: seen, pages };
}

const HEADER = "ปีงบประมาณ,มาตรการ/แนวทาง,ตัวชี้วัด,วิธีการดำเนินการ,ผู้รับผิดชอบ,เริ่ม,สิ้นสุด,ตัวชี้วัดความสำเร็จ,งบประมาณ";

/** As Excel's "CSV UTF-8" writes it: a BOM, CRLF line ends, quotes only where needed. */
const crlf = (...lines: string[]) => `\ufeff${lines.join("\r\n")}\r\n`;

const PUBLISH_METHOD =
  "1. จัดทำคำสั่งมอบหมายผู้รับผิดชอบในการเผยแพร่ข้อมูลข่าวสาร, ให้เป็นปัจจุบัน\n" +
  '2. ตรวจสอบข้อมูลบนเว็บไซต์ "www.muangkaset.go.th" ทุกเดือน';
const csvQuote = (text: string) => `"${text.replaceAll('"', '""')}"`;

describe("POST /measures", () => {
  it("creates one measure and answers it in the contract's shape, the same as GET /measures/:id", async () => {
    const created = await adminApi(bot, "POST", "/measures", {
      fiscalYear: 2570,
      title: "เสริมสร้างความรู้ให้บุคลากรเรื่องการแยกแยะระหว่างผลประโยชน์ส่วนตัวและส่วนรวม",
      indicators: [5, 1, 5],
      method: "1. ประชาสัมพันธ์ให้ความรู้เรื่องผลประโยชน์ส่วนตัวและผลประโยชน์ส่วนรวม\n2. ชี้แจงแบบวัด IIT รายข้อ",
      unitIds: [unitId.สำนักปลัด],
      startMonth: "2027-01",
      endMonth: "มี.ค. 2570",
      kpi: "บุคลากรร้อยละ 80 เข้าร่วม",
      budget: 12500.5,
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json).sort()).toEqual(
      [
        "id",
        "fiscalYear",
        "title",
        "indicators",
        "method",
        "unitIds",
        "units",
        "startMonth",
        "endMonth",
        "kpi",
        "budget",
        "spent",
        "unitsLabel",
        "analysis",
        "archivedAt",
        "status",
        "percent",
        "lastProgressAt",
        "overdue",
        "stale",
        "progress",
      ].sort(),
    );
    expect(created.json).toMatchObject({
      fiscalYear: 2570,
      indicators: [1, 5],
      unitIds: [unitId.สำนักปลัด],
      units: [{ id: unitId.สำนักปลัด, name: "สำนักปลัด" }],
      startMonth: "2027-01",
      endMonth: "2027-03",
      kpi: "บุคลากรร้อยละ 80 เข้าร่วม",
      budget: 12500.5,
      status: "not_started",
      percent: 0,
      lastProgressAt: null,
      overdue: false,
      stale: false,
      progress: [],
    });
    expect(created.json.method).toContain("\n2. ชี้แจง");
    const read = await adminApi(bot, "GET", `/measures/${created.json.id}`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(created.json);
  });

  it("answers progress entries with photos and ISO times, never the author's LINE id", async () => {
    const created = await adminApi(bot, "POST", "/measures", {
      fiscalYear: 2570,
      title: "กำหนดผู้รับผิดชอบในการเผยแพร่ข้อมูลข่าวสาร",
      indicators: [9],
      method: "จัดทำคำสั่งมอบหมายผู้รับผิดชอบ",
      unitNames: ["สำนักปลัด", "กองคลัง"],
      startMonth: "2026-10",
      endMonth: "2026-11",
    });
    expect(created.status).toBe(201);
    // Listed in the organisation's order of units (as GET /units lists them), not the order given.
    const given = created.json.units.map((unit: { name: string }) => unit.name);
    expect(given).toEqual(Object.keys(unitId).filter((name) => name === "กองคลัง" || name === "สำนักปลัด"));
    expect(created.json.unitIds).toEqual(created.json.units.map((unit: { id: string }) => unit.id));
    // November 2026 is over on 3 December: overdue while not done.
    expect(created.json.overdue).toBe(true);

    const id = created.json.id as string;
    const { db } = bot.deps;
    await bot.deps.blobs.put("measures/test/photo-1.jpg", JPEG, "image/jpeg");
    const loggedAt = clock.now();
    await atomic(
      db,
      logProgressStatements(db, {
        id: "progress-1",
        measureId: id,
        at: loggedAt,
        by: "สมศรี (สำนักปลัด)",
        authorId: "U0123456789abcdef0123456789abcdef",
        text: "ออกคำสั่งมอบหมายแล้ว",
        percent: 100,
        status: "done",
        performedOn: "2026-12-03",
        reason: null,
        suggestion: "ทบทวนคำสั่งทุกปี",
        sourceEventId: null,
        photos: [{ id: "photo-1", blobKey: "measures/test/photo-1.jpg", contentType: "image/jpeg" }],
      }),
    );

    const read = await adminApi(bot, "GET", `/measures/${id}`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.json)).not.toContain("U0123456789abcdef");
    expect(read.json).toMatchObject({
      status: "done",
      percent: 100,
      lastProgressAt: "2026-12-03T10:00:00+07:00",
      overdue: false,
      stale: false,
    });
    expect(read.json.progress).toEqual([
      {
        id: "progress-1",
        at: "2026-12-03T10:00:00+07:00",
        performedOn: "2026-12-03",
        by: "สมศรี (สำนักปลัด)",
        text: "ออกคำสั่งมอบหมายแล้ว",
        percent: 100,
        status: "done",
        reasonCode: null,
        reason: null,
        suggestion: "ทบทวนคำสั่งทุกปี",
        updatedAt: null,
        photos: [{ id: "photo-1", url: "/api/admin/measure-photos/photo-1" }],
      },
    ]);
    const photo = await fetch(`${bot.url}${read.json.progress[0].photos[0].url}`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(JPEG);
    expect((await adminApi(bot, "GET", "/measure-photos/no-such-photo")).status).toBe(404);
  });

  it("becomes stale after 30 days without progress", async () => {
    const created = await adminApi(bot, "POST", "/measures", {
      fiscalYear: 2570,
      title: "ประชาสัมพันธ์ช่องทางการตอบแบบวัด EIT",
      indicators: [7],
      method: "ประชาสัมพันธ์ผ่านเว็บไซต์และ LINE",
      unitIds: [unitId.สำนักปลัด],
      startMonth: "2026-10",
      endMonth: "2027-09",
    });
    expect(created.json.stale).toBe(false);
    clock.advance(29 * DAY);
    expect((await adminApi(bot, "GET", `/measures/${created.json.id}`)).json.stale).toBe(false);
    clock.advance(2 * DAY);
    const later = await adminApi(bot, "GET", `/measures/${created.json.id}`);
    expect(later.json).toMatchObject({ stale: true, overdue: false });
  });

  it("answers 400 naming every failing field, and stores nothing", async () => {
    const bad = await adminApi(bot, "POST", "/measures", {
      fiscalYear: 2026,
      indicators: [0, 3],
      method: "วิธีการ",
      unitIds: ["no-such-unit"],
      startMonth: "2027-13",
      endMonth: "2027-09",
      budget: "ห้าพัน",
    });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe("fiscalYear");
    expect(bad.json.errors.map((error: { field: string }) => error.field)).toEqual([
      "fiscalYear",
      "title",
      "indicators",
      "unitIds",
      "startMonth",
      "budget",
    ]);
    expect(bad.json.errors.find((e: { field: string }) => e.field === "unitIds").message).toBe(
      'ไม่พบหน่วยงานรหัส "no-such-unit"',
    );
    expectThai(bad.json.message, "message");
    // Every message is Thai (the unit id is the caller's own text, quoted).
    for (const error of bad.json.errors.filter((e: { field: string }) => e.field !== "unitIds")) {
      expectThai(error.message, error.field);
    }

    const backwards = await adminApi(bot, "POST", "/measures", {
      fiscalYear: 2570,
      title: "มาตรการ",
      indicators: [1],
      method: "วิธีการ",
      unitNames: "กองช่าง",
      startMonth: "2027-06",
      endMonth: "2027-02",
    });
    expect(backwards.status).toBe(400);
    expect(backwards.json.errors).toEqual([
      { field: "endMonth", message: "เดือนสิ้นสุด ก.พ. 2570 อยู่ก่อนเดือนเริ่ม มิ.ย. 2570" },
    ]);

    const notJson = await postRaw("/measures", "application/json", "{title:");
    expect(notJson.status).toBe(400);
    expect(notJson.json.field).toBe("body");
    expect(await measureCount()).toBe(0);
    expect(await auditRows()).toEqual([]);
  });
});

describe("POST /measures/import", () => {
  it("imports JSON rows by unit ids or names, all of them, and audits the import once", async () => {
    const imported = await adminApi(bot, "POST", "/measures/import", {
      measures: [
        {
          fiscalYear: 2570,
          title: "มาตรการส่งเสริมความโปร่งใสด้านการบริหารงานบุคคล",
          indicators: [3],
          method: "1. ประชาสัมพันธ์หลักเกณฑ์การบริหารงานบุคคล 2. เปิดเผยข้อมูลผ่านเว็บไซต์",
          unitNames: ["สำนักปลัด"],
          startMonth: "ต.ค. 2569",
          endMonth: "ก.ย. 2570",
        },
        {
          fiscalYear: "๒๕๗๐",
          title: "มาตรการยกระดับการป้องกันการทุจริต",
          indicators: "5, 10",
          method: "1. ทบทวนมาตรการป้องกันการทุจริต 2. รายงานผลต่อผู้บริหาร",
          unitIds: [unitId.หน่วยตรวจสอบภายใน, unitId.สำนักปลัด],
          startMonth: "2026-10",
          endMonth: "2027-09",
          budget: "20,000",
          kpi: "รายงานผลครบ 2 ครั้ง",
        },
      ],
    });
    expect(imported).toEqual({ status: 200, json: { imported: 2 } });
    const list = await adminApi(bot, "GET", "/measures?fiscalYear=2570");
    expect(list.json.items).toHaveLength(2);
    expect(list.json.items[1]).toMatchObject({
      fiscalYear: 2570,
      indicators: [5, 10],
      unitIds: [unitId.สำนักปลัด, unitId.หน่วยตรวจสอบภายใน],
      startMonth: "2026-10",
      endMonth: "2027-09",
      budget: 20000,
      kpi: "รายงานผลครบ 2 ครั้ง",
    });
    expect(list.json.items[0]).toMatchObject({ startMonth: "2026-10", endMonth: "2027-09", budget: null });

    const audit = await auditRows();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: "admin-api",
      action: "measures.import",
      detail: { count: 2 },
      at: NOW,
    });
  });

  it("imports a CSV from Excel: BOM, Thai months and digits, several units, a quoted multi-line method", async () => {
    const csv = crlf(
      HEADER,
      [
        "2570",
        "เผยแพร่ข้อมูลข่าวสารที่เป็นปัจจุบัน",
        '"7, 9"',
        csvQuote(PUBLISH_METHOD),
        "สำนักปลัด",
        "ต.ค. 2569",
        "กันยายน 2570",
        "ข้อมูลบนเว็บไซต์เป็นปัจจุบันครบทุกข้อ",
        '"5,000"',
      ].join(","),
      [
        "๒๕๗๐",
        "มาตรการควบคุมการใช้ทรัพย์สินของราชการ",
        "๔",
        csvQuote("๑. จัดทำคู่มือการใช้ทรัพย์สิน ๒. ควบคุมการยืม-คืน ๓. ตรวจสอบเป็นระยะ"),
        "กองคลัง/กองช่าง",
        "2026-10",
        "มี.ค. 70",
        "",
        "-",
      ].join(","),
      ",,,,,,,,",
    );
    const imported = await postCsv(csv);
    expect(imported).toEqual({ status: 200, json: { imported: 2 } });

    const items = (await adminApi(bot, "GET", "/measures?fiscalYear=2570")).json.items;
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      title: "เผยแพร่ข้อมูลข่าวสารที่เป็นปัจจุบัน",
      indicators: [7, 9],
      method: PUBLISH_METHOD,
      unitIds: [unitId.สำนักปลัด],
      startMonth: "2026-10",
      endMonth: "2027-09",
      kpi: "ข้อมูลบนเว็บไซต์เป็นปัจจุบันครบทุกข้อ",
      budget: 5000,
    });
    expect(items[1]).toMatchObject({
      fiscalYear: 2570,
      title: "มาตรการควบคุมการใช้ทรัพย์สินของราชการ",
      indicators: [4],
      units: [
        { id: unitId.กองคลัง, name: "กองคลัง" },
        { id: unitId.กองช่าง, name: "กองช่าง" },
      ],
      startMonth: "2026-10",
      endMonth: "2027-03",
      kpi: null,
      budget: null,
    });
    expect((await auditRows()).map((row) => [row.action, row.detail])).toEqual([
      ["measures.import", { count: 2 }],
    ]);
  });

  it("finds columns by header in any order, without the optional ones", async () => {
    const csv = [
      "ผู้รับผิดชอบ,สิ้นสุด,เริ่ม,วิธีการดำเนินการ,ตัวชี้วัด,มาตรการ/แนวทาง,ปีงบประมาณ,หมายเหตุ",
      "กองสาธารณสุขและสิ่งแวดล้อม,ธ.ค. 2569,พ.ย. 2569,ตรวจสอบขั้นตอนการออกใบอนุญาต,1,ลดขั้นตอนการให้บริการ,2570,ทดลอง",
      "ทุกส่วนราชการ,ก.ย. ๒๕๗๐,ต.ค. ๒๕๖๙,จัดทำคู่มือการใช้ทรัพย์สิน,๔,ควบคุมการใช้ทรัพย์สินของราชการ,๒๕๗๐,",
    ].join("\n");
    expect(await postCsv(csv)).toEqual({ status: 200, json: { imported: 2 } });
    const [item, everyone] = (await adminApi(bot, "GET", "/measures")).json.items;
    // "ทุกส่วนราชการ" (every unit), as the seeds' tables write it.
    expect(everyone.unitIds).toEqual(Object.values(unitId));
    expect(everyone).toMatchObject({ startMonth: "2026-10", endMonth: "2027-09", indicators: [4] });
    expect(item).toMatchObject({
      title: "ลดขั้นตอนการให้บริการ",
      unitIds: [unitId.กองสาธารณสุขและสิ่งแวดล้อม],
      startMonth: "2026-11",
      endMonth: "2026-12",
    });
  });

  it("imports nothing when one row names an unknown unit, and names that row and field", async () => {
    const csv = crlf(
      HEADER,
      `2570,เผยแพร่ข้อมูลข่าวสารที่เป็นปัจจุบัน,9,${csvQuote(PUBLISH_METHOD)},สำนักปลัด,ต.ค. 2569,ก.ย. 2570,,`,
      "2570,ส่งเสริมการมีส่วนร่วมของเด็กและเยาวชน,8,จัดกิจกรรมเยาวชนต่อต้านการทุจริต,กองการศึกษา,ม.ค. 2570,มิ.ย. 2570,,",
      "2570,เปิดเผยข้อมูลการจัดซื้อจัดจ้าง,2,ประกาศผลการจัดซื้อจัดจ้างรายเดือน,กองคลัง,ต.ค. 2569,ก.ย. 2570,,",
    );
    const refused = await postCsv(csv);
    expect(refused.status).toBe(400);
    // The method's quoted line break makes the first record span lines 2–3: the bad row is line 4.
    expect(refused.json.errors).toEqual([
      { row: 4, field: "ผู้รับผิดชอบ", message: expect.stringContaining("กองการศึกษา") },
    ]);
    expectThai(refused.json.errors[0].message, "unknown unit");
    expectThai(refused.json.message, "message");
    expect(await measureCount()).toBe(0);
    expect(await auditRows()).toEqual([]);
  });

  it("reports every bad row and field at once", async () => {
    const csv = crlf(
      HEADER,
      "2570,มาตรการที่ถูกต้อง,1,วิธีการ,สำนักปลัด,ต.ค. 2569,ก.ย. 2570,,",
      "2026,ปีเป็น ค.ศ.,1,วิธีการ,สำนักปลัด,ต.ค. 2569,ก.ย. 2570,,",
      '2570,ตัวชี้วัดเกิน,"1, 11",วิธีการ,สำนักปลัด,ต.ค. 2569,ก.ย. 2570,,',
      "2570,,1,,สำนักปลัด,ต.ค. 2569,ก.ย. 2570,,",
      "2570,เดือนผิดรูปแบบ,1,วิธีการ,สำนักปลัด,ตุลา,2570-13,,",
      "2570,อยู่นอกปีงบประมาณ,1,วิธีการ,สำนักปลัด,ก.ย. 2569,ต.ค. 2570,,",
      "2570,งบประมาณไม่ใช่ตัวเลข,1,วิธีการ,กองช่าง/กองคลัง/กองแผน,ต.ค. 2569,ก.ย. 2570,,ห้าพัน",
    );
    const refused = await postCsv(csv);
    expect(refused.status).toBe(400);
    expect(
      refused.json.errors.map((error: { row: number; field: string }) => `${error.row} ${error.field}`),
    ).toEqual([
      "3 ปีงบประมาณ",
      "4 ตัวชี้วัด",
      "5 มาตรการ/แนวทาง",
      "5 วิธีการดำเนินการ",
      "6 เริ่ม",
      "6 สิ้นสุด",
      "7 เริ่ม",
      "7 สิ้นสุด",
      "8 ผู้รับผิดชอบ",
      "8 งบประมาณ",
    ]);
    const message = (row: number, field: string) =>
      refused.json.errors.find(
        (error: { row: number; field: string }) => error.row === row && error.field === field,
      )?.message as string;
    expect(message(4, "ตัวชี้วัด")).toContain("11");
    expect(message(6, "สิ้นสุด")).toContain("ไม่มีเดือนที่ 13");
    expect(message(7, "เริ่ม")).toContain("ปีงบประมาณ 2570");
    for (const error of refused.json.errors) expectThai(error.message, `${error.row} ${error.field}`);
    expect(message(8, "ผู้รับผิดชอบ")).toContain("กองแผน");
    expect(await measureCount()).toBe(0);

    const json = await adminApi(bot, "POST", "/measures/import", {
      measures: [
        {
          fiscalYear: 2570,
          title: "ดี",
          indicators: [1],
          method: "ก",
          unitNames: "กองช่าง",
          startMonth: "2026-10",
          endMonth: "2026-12",
        },
        {
          fiscalYear: 2570,
          title: "ไม่มีหน่วยงาน",
          indicators: [1],
          method: "ก",
          startMonth: "2026-10",
          endMonth: "2026-12",
        },
        "not an object",
        {
          fiscalYear: 2570,
          title: "x".repeat(501),
          indicators: [],
          method: "ก",
          unitIds: [unitId.กองช่าง],
          startMonth: "2026-10",
          endMonth: "2026-12",
        },
      ],
    });
    expect(json.status).toBe(400);
    expect(
      json.json.errors.map((error: { row: number; field: string }) => `${error.row} ${error.field}`),
    ).toEqual(["2 unitIds", "3 measures", "4 title", "4 indicators"]);
    for (const error of json.json.errors) expectThai(error.message, `${error.row} ${error.field}`);
    expect(await measureCount()).toBe(0);
    expect(await auditRows()).toEqual([]);
  });

  it("refuses other content types (415), broken CSV, missing columns, non-UTF-8 and too many rows", async () => {
    const plain = await postRaw("/measures/import", "text/plain", `${HEADER}\n`);
    expect(plain.status).toBe(415);
    expect((await postRaw("/measures/import", null, "x")).status).toBe(415);
    const form = await postRaw("/measures/import", "application/x-www-form-urlencoded", "a=b");
    expect(form.status).toBe(415);

    const unclosed = await postCsv(`${HEADER}\n2570,"ไม่ปิดเครื่องหมายคำพูด,1,ก,สำนักปลัด,ต.ค. 2569,ก.ย. 2570,,\n`);
    expect(unclosed.status).toBe(400);
    expect(unclosed.json.errors[0]).toMatchObject({ field: "file" });
    expectThai(unclosed.json.errors[0].message, "unclosed quote");

    const missing = await postCsv("ปีงบประมาณ,มาตรการ/แนวทาง,ตัวชี้วัด,วิธีการดำเนินการ,เริ่ม\n2570,ก,1,ก,2026-10\n");
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([
      { row: 1, field: "ผู้รับผิดชอบ", message: "ไม่มีคอลัมน์นี้" },
      { row: 1, field: "สิ้นสุด", message: "ไม่มีคอลัมน์นี้" },
    ]);

    // "ปีงบประมาณ" in TIS-620 (Excel's plain "CSV" on a Thai Windows): not UTF-8.
    const tis620 = new Uint8Array([0xbb, 0xd5, 0xa7, 0xba, 0xa1, 0xbb, 0xc3, 0xd0, 0xc1, 0xd2, 0xb3, 0x0a]);
    const legacy = await postRaw("/measures/import", "text/csv", tis620);
    expect(legacy.status).toBe(400);
    expect(legacy.json.errors[0].message).toContain("UTF-8");
    expectThai(legacy.json.errors[0].message, "not UTF-8");

    const row = {
      fiscalYear: 2570,
      title: "มาตรการ",
      indicators: [1],
      method: "วิธีการ",
      unitNames: "สำนักปลัด",
      startMonth: "2026-10",
      endMonth: "2027-09",
    };
    const tooMany = await adminApi(bot, "POST", "/measures/import", {
      measures: Array.from({ length: 2001 }, () => row),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors).toEqual([
      { row: 0, field: "measures", message: expect.stringContaining("2000") },
    ]);
    expectThai(tooMany.json.errors[0].message, "too many");
    expect(await measureCount()).toBe(0);
    expect(await auditRows()).toEqual([]);
  });

  it("imports seed 001's table sent as an .xlsx, the year from its periods or from ?fiscalYear=", async () => {
    const xlsx = readFileSync(new URL("./fixtures/seed-001-measures.xlsx", import.meta.url));
    const type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    const wrongYear = await postRaw("/measures/import?fiscalYear=2570", type, xlsx);
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.json.errors[0]).toMatchObject({ row: 4, field: "ระยะเวลาดำเนินการ" });
    expectThai(wrongYear.json.errors[0].message, "period outside the year asked");
    const imported = await postRaw("/measures/import", type, xlsx);
    expect(imported).toEqual({ status: 200, json: { imported: 10 } });
    expect((await adminApi(bot, "GET", "/measures?fiscalYear=2569")).json.items).toHaveLength(10);
  });

  it("imports the largest allowed file (2,000 rows) in one write", async () => {
    const rows = Array.from(
      { length: 2000 },
      (_, i) => `2570,มาตรการที่ ${i + 1},"1, 9",วิธีการ,กองคลัง/กองช่าง,ต.ค. 2569,ก.ย. 2570,,`,
    );
    expect(await postCsv(crlf(HEADER, ...rows))).toEqual({ status: 200, json: { imported: 2000 } });
    expect(await measureCount()).toBe(2000);
    const page = await adminApi(bot, "GET", "/measures?limit=1000");
    expect(page.json.items).toHaveLength(1000);
    expect(page.json.items[999].title).toBe("มาตรการที่ 1000");
    expect(page.json.items[0].unitIds).toHaveLength(2);
  });
});

describe("GET /measures", () => {
  async function seed() {
    const csv = crlf(
      HEADER,
      "2569,ก-2569-ปลัด,1,วิธีการ,สำนักปลัด,ต.ค. 2568,ก.ย. 2569,,",
      "2570,ข-2570-ช่าง,2,วิธีการ,กองช่าง,ต.ค. 2569,ก.ย. 2570,,",
      "2570,ค-2570-คลังช่าง,3,วิธีการ,กองคลัง/กองช่าง,ต.ค. 2569,ก.ย. 2570,,",
      "2570,ง-2570-ปลัด,4,วิธีการ,สำนักปลัด,ต.ค. 2569,ก.ย. 2570,,",
      "2570,จ-2570-ช่าง,5,วิธีการ,กองช่าง,ต.ค. 2569,ก.ย. 2570,,",
      "2570,ฉ-2570-ปลัด,6,วิธีการ,สำนักปลัด,ต.ค. 2569,ก.ย. 2570,,",
    );
    expect((await postCsv(csv)).json).toEqual({ imported: 6 });
  }

  it("filters by fiscal year and by unit, in the file's order", async () => {
    await seed();
    const year = await adminApi(bot, "GET", "/measures?fiscalYear=2570");
    expect(year.json.items.map((m: { title: string }) => m.title)).toEqual([
      "ข-2570-ช่าง",
      "ค-2570-คลังช่าง",
      "ง-2570-ปลัด",
      "จ-2570-ช่าง",
      "ฉ-2570-ปลัด",
    ]);
    expect(year.json.nextCursor).toBeNull();
    const older = await adminApi(bot, "GET", "/measures?fiscalYear=2569");
    expect(older.json.items.map((m: { title: string }) => m.title)).toEqual(["ก-2569-ปลัด"]);
    // A measure of last fiscal year whose end month has passed is overdue.
    expect(older.json.items[0].overdue).toBe(true);

    const works = await adminApi(bot, "GET", `/measures?unitId=${unitId.กองช่าง}`);
    expect(works.json.items.map((m: { title: string }) => m.title)).toEqual([
      "ข-2570-ช่าง",
      "ค-2570-คลังช่าง",
      "จ-2570-ช่าง",
    ]);
    // The shared measure still lists both of its units.
    expect(works.json.items[1].unitIds).toEqual([unitId.กองคลัง, unitId.กองช่าง]);
    const both = await adminApi(bot, "GET", `/measures?fiscalYear=2569&unitId=${unitId.สำนักปลัด}`);
    expect(both.json.items.map((m: { title: string }) => m.title)).toEqual(["ก-2569-ปลัด"]);
    expect((await adminApi(bot, "GET", "/measures?fiscalYear=2571")).json).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it("pages with a cursor, each measure once, with or without filters", async () => {
    await seed();
    const all = await allPages("limit=2");
    expect(all.pages).toBe(3);
    expect(all.items.map((m) => m.title)).toEqual([
      "ก-2569-ปลัด",
      "ข-2570-ช่าง",
      "ค-2570-คลังช่าง",
      "ง-2570-ปลัด",
      "จ-2570-ช่าง",
      "ฉ-2570-ปลัด",
    ]);
    const office = await allPages(`limit=1&fiscalYear=2570&unitId=${unitId.สำนักปลัด}`);
    expect(office.items.map((m) => m.title)).toEqual(["ง-2570-ปลัด", "ฉ-2570-ปลัด"]);
    expect(office.pages).toBe(2);

    for (const query of ["limit=0", "limit=1001", "cursor=abc", "fiscalYear=2026"]) {
      const bad = await adminApi(bot, "GET", `/measures?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.json.field, query).toBe(query.split("=")[0]);
    }
  });

  it("answers 404 for an unknown measure", async () => {
    const missing = await adminApi(bot, "GET", "/measures/no-such-measure");
    expect(missing).toEqual({
      status: 404,
      json: {
        message: "ไม่พบมาตรการนี้",
        code: "measure.not_found",
        field: "id",
        errors: [{ field: "id", message: "ไม่พบมาตรการนี้" }],
      },
    });
  });
});

describe("PATCH and DELETE /measures/:id", () => {
  async function created() {
    const response = await adminApi(bot, "POST", "/measures", {
      fiscalYear: 2570,
      title: "เผยแพร่ข้อมูลข่าวสารทางเว็บไซต์",
      indicators: [9],
      method: "ประกาศทุกเดือน",
      unitNames: "สำนักปลัด",
      startMonth: "ต.ค. 2569",
      endMonth: "ก.ย. 2570",
    });
    expect(response.status).toBe(201);
    return response.json.id as string;
  }

  it("changes any field of the import by the same rules, answering the measure", async () => {
    const id = await created();
    const changed = await adminApi(bot, "PATCH", `/measures/${id}`, {
      unitNames: "ทุกส่วนราชการ",
      endMonth: "มี.ค. ๒๕๗๐",
      analysis: "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล ยังไม่ครบ",
      spent: 1500,
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({
      id,
      title: "เผยแพร่ข้อมูลข่าวสารทางเว็บไซต์",
      endMonth: "2027-03",
      unitsLabel: "ทุกส่วนราชการ",
      analysis: "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล ยังไม่ครบ",
      spent: 1500,
      archivedAt: null,
    });
    expect(changed.json.unitIds).toHaveLength(Object.keys(unitId).length);
    expect((await adminApi(bot, "GET", `/measures/${id}`)).json).toEqual(changed.json);

    const bad = await adminApi(bot, "PATCH", `/measures/${id}`, {
      startMonth: "ต.ค. 2570",
      indicators: [11],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(["indicators", "startMonth"]);
    for (const error of bad.json.errors) expectThai(error.message, error.field);
    const unknownField = await adminApi(bot, "PATCH", `/measures/${id}`, { colour: "แดง" });
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.field).toBe("colour");
    expectThai(unknownField.json.errors[0].message, "colour");
    expect((await adminApi(bot, "PATCH", "/measures/nope", { title: "ใหม่" })).status).toBe(404);
    expect((await adminApi(bot, "GET", `/measures/${id}`)).json.endMonth).toBe("2027-03");
  });

  it("archives: gone from the list and the unit's chat, kept by id, and only once", async () => {
    const id = await created();
    const lineUserId = newLineUserId();
    await bot.deps.db.insert(users).values({
      lineUserId,
      role: "staff",
      unitId: unitId.สำนักปลัด,
      displayName: "สมศรี",
      createdAt: 0,
      lastSeenAt: 0,
    });
    const user = chatUser(bot, line, lineUserId);
    expect(textOf((await user.say("มาตรการ"))[0])).toContain("เผยแพร่ข้อมูลข่าวสารทางเว็บไซต์");

    const archived = await adminApi(bot, "DELETE", `/measures/${id}`);
    expect(archived.status).toBe(200);
    expect(archived.json).toEqual({ id, archivedAt: "2026-12-03T10:00:00+07:00" });
    expect((await adminApi(bot, "GET", "/measures?fiscalYear=2570")).json.items).toEqual([]);
    expect((await adminApi(bot, "GET", `/measures/${id}`)).json.archivedAt).toBe("2026-12-03T10:00:00+07:00");
    const [answer] = await user.say("มาตรการ");
    expect(textOf(answer)).not.toContain("เผยแพร่ข้อมูลข่าวสารทางเว็บไซต์");
    // A card still on the phone from before: the measure no longer takes progress.
    const [tapped] = await user.send({ type: "postback", data: `a=measure&id=${id}` });
    expect(textOf(tapped)).not.toContain("เผยแพร่ข้อมูลข่าวสารทางเว็บไซต์");

    const twice = await adminApi(bot, "DELETE", `/measures/${id}`);
    expect(twice.status).toBe(409);
    expectThai(twice.json.message, "archived twice");
    expect((await adminApi(bot, "PATCH", `/measures/${id}`, { title: "ใหม่" })).status).toBe(409);
    expect((await adminApi(bot, "DELETE", "/measures/nope")).status).toBe(404);
    expect(
      (await auditRows()).filter((row) => row.action === "measures.archive").map((row) => row.subject),
    ).toEqual([id]);
  });
});

describe("audit", () => {
  it("every write leaves one audit row, in the same write", async () => {
    const created = await adminApi(bot, "POST", "/measures", {
      fiscalYear: 2570,
      title: "จัดทำแผนป้องกันการทุจริต",
      indicators: [10],
      method: "จัดทำและเผยแพร่แผน",
      unitNames: ["สำนักปลัด"],
      startMonth: "ต.ค. 69",
      endMonth: "ธ.ค. 69",
    });
    expect(created.status).toBe(201);
    clock.advance(60_000);
    await postCsv(crlf(HEADER, "2570,เปิดเผยข้อมูลการจัดซื้อจัดจ้าง,2,ประกาศผลรายเดือน,กองคลัง,ต.ค. 2569,ก.ย. 2570,,"));
    await postCsv(crlf(HEADER, "2570,แถวเสีย,2,วิธีการ,กองที่ไม่มี,ต.ค. 2569,ก.ย. 2570,,"));
    const rows = await auditRows();
    expect(
      rows.map(({ actor, action, subject, detail, at }) => ({ actor, action, subject, detail, at })),
    ).toEqual([
      {
        actor: "admin-api",
        action: "measures.create",
        subject: created.json.id,
        detail: { count: 1 },
        at: NOW,
      },
      {
        actor: "admin-api",
        action: "measures.import",
        subject: null,
        detail: { count: 1 },
        at: NOW + 60_000,
      },
    ]);
    expect(await measureCount()).toBe(2);
  });
});
