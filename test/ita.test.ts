import { asc, count, eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ItaAnalysisView, itaAnalysisCard } from "../flex-templates/ita.flex";
import { auditLog, measures, measureTemplates } from "../src/db/schema";
import {
  catalogueFor,
  ITA_INDICATOR_NAMES,
  normaliseItemCode,
  oitItemFor,
} from "../src/domain/ita-catalogue";
import { STANDARD_MEASURES } from "../src/domain/measure-catalogue";
import { ITA_INDICATOR_NAMES as NAMES_FROM_MEASURES } from "../src/domain/measures";
import { itaAnalysisMessage } from "../src/features/ita/ita.feature";
import { validateMessages } from "../src/line-double/message-limits";
import {
  createOpenApiValidator,
  loadMessagingApiSpec,
  type OpenApiValidator,
} from "../src/line-double/openapi-validator";
import { adminApi } from "./support/admin";
import { startTestBot, TEST_ADMIN_TOKEN, type TestBot, tempDatabasePath } from "./support/bot";
import { type RunningDouble, startDouble } from "./support/double";
import { expectThai } from "./support/thai";

let line: RunningDouble;
let bot: TestBot;
let unitId: Record<string, string>;
let validator: OpenApiValidator;

/** Saturday 15 November 2025, 10:00 in Bangkok: fiscal year 2569. */
const NOW = Date.parse("2025-11-15T10:00:00+07:00");
const clock = { now: () => NOW };

beforeAll(async () => {
  validator = createOpenApiValidator(await loadMessagingApiSpec());
});

async function start(databasePath?: string) {
  bot = await startTestBot(line, { clock, databasePath });
  const units = (await adminApi(bot, "GET", "/units")).json.items as Array<{ id: string; name: string }>;
  unitId = Object.fromEntries(units.map((unit) => [unit.name, unit.id]));
}

beforeEach(async () => {
  line = await startDouble();
  await start();
});
afterEach(async () => {
  await bot.close();
  await line.close();
});

async function postCsv(fiscalYear: number | null, csv: string, contentType = "text/csv; charset=utf-8") {
  const query = fiscalYear === null ? "" : `?fiscalYear=${fiscalYear}`;
  const response = await fetch(`${bot.url}/api/admin/ita-results/import${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": contentType },
    body: csv,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** As Excel's "CSV UTF-8" writes it: a BOM, CRLF line ends. */
const csvOf = (rows: string[][]) =>
  `\ufeff${rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(",")).join("\r\n")}\r\n`;

const THAI = "๐๑๒๓๔๕๖๗๘๙";
/** Numbers as seed 001 prints them: Thai digits, two decimals. */
const thai = (value: number | string) =>
  (typeof value === "number" ? value.toFixed(2) : value).replace(/\d/g, (d) => THAI[Number(d)] ?? d);

// Seed 004 (อบต.ลาดหญ้า, ITA 2564): its ranking table, rank beside each name, then total and level.
const SEED_004_RANKING: Array<[string, number]> = [
  ["การปฏิบัติหน้าที่", 93.57],
  ["การใช้อำนาจ", 89.76],
  ["การแก้ไขปัญหาการทุจริต", 87.64],
  ["การใช้ทรัพย์สินของทางราชการ", 84.87],
  ["ประสิทธิภาพการสื่อสาร", 84.6],
  ["การเปิดเผยข้อมูล", 84.06],
  ["การใช้งบประมาณ", 84.05],
  ["การปรับปรุงการทำงาน", 81.0],
  ["คุณภาพการดำเนินงาน", 80.93],
  ["การป้องกันการทุจริต", 37.5],
];
const SEED_004_CSV = csvOf([
  ["ผลการประเมิน ITA ขององค์การบริหารส่วนตำบลลาดหญ้า ปีงบประมาณ พ.ศ. ๒๕๖๔", "", ""],
  ["คะแนนสูงสุดรายตัวชี้วัด", "", ""],
  ["อันดับ", "ตัวชี้วัด", "คะแนน"],
  ...SEED_004_RANKING.map(([name, score], index) => [String(index + 1), name, score.toFixed(2)]),
  ["คะแนนสูงสุด", "93.57", "คะแนน"],
  ["คะแนนต่ำสุด", "37.50", "คะแนน"],
  ["ระดับคะแนน", "", "๗๕.๓๖"],
  ["ระดับผลการประเมิน", "B", ""],
]);

// Seed 001 (อบต.กุดรัง, ITA 2568): the indicator table and the item tables, Thai digits throughout.
const SEED_001_INDICATORS = [96.67, 100, 100, 98.89, 100, 97.27, 97.58, 97.42, 74, 90];
const SEED_001_IIT = [96.67, 93.33, 100, 100, 100, 100, 100, 100, 100, 96.67, 100, 100, 100, 100, 100];
/** The EitSurvey sample (the document also has EitPublic, all 100). */
const SEED_001_EIT = [91.82, 91.82, 100, 96.36, 94.55, 94.55, 95.45, 96.36, 92.73];
const SEED_001_OIT_ZERO = [2, 5, 12, 15, 17, 22];
const SEED_001_CSV = csvOf([
  ["ตัวชี้วัดที่", "รายละเอียดตัวชี้วัด", "คะแนน", "ระดับค่าเป้าหมาย"],
  ...SEED_001_INDICATORS.map((score, index) => [
    thai(String(index + 1)),
    ITA_INDICATOR_NAMES[index + 1] ?? "",
    thai(score),
    "",
  ]),
  ["คะแนนรวม ITA", "", thai(91.76), ""],
  ["ระดับ", "ผ่าน", "", ""],
  ["ข้อ", "หัวข้อการประเมิน", "ระดับคะแนน"],
  ["IIT ๑ การปฏิบัติหน้าที่", "", ""],
  ...SEED_001_IIT.map((score, index) => [`i${thai(String(index + 1))}`, "(ข้อคำถาม IIT)", thai(score)]),
  ["EIT ๖ คุณภาพการดำเนินงาน EitSurvey", "", ""],
  ...SEED_001_EIT.map((score, index) => [`e${thai(String(index + 1))}`, "(ข้อคำถาม EIT)", thai(score)]),
  ["OIT ข้อมูลพื้นฐาน", "", ""],
  ...Array.from({ length: 28 }, (_, index) => {
    const n = index + 1;
    return [
      `o${thai(String(n).padStart(2, "0"))}`,
      "(ข้อ OIT)",
      thai(SEED_001_OIT_ZERO.includes(n) ? 0 : 100),
    ];
  }),
]);

const ANALYSIS_KEYS = [
  "belowTarget",
  "fiscalYear",
  "highest",
  "highestTied",
  "level",
  "lowest",
  "lowestTied",
  "passed",
  "suggestions",
  "total",
  "weakestItems",
];

describe("the ITA catalogue", () => {
  it("keys item texts by fiscal year: the newest version not after it", () => {
    expect(catalogueFor(2563)).toBeUndefined();
    expect(catalogueFor(2564)?.version).toBe(2564);
    expect(catalogueFor(2567)?.version).toBe(2564);
    expect(catalogueFor(2568)?.version).toBe(2568);
    expect(catalogueFor(2571)?.version).toBe(2568);
    const c2568 = catalogueFor(2568);
    expect(c2568?.items.filter((item) => item.code.startsWith("i"))).toHaveLength(15);
    expect(c2568?.items.filter((item) => item.code.startsWith("e"))).toHaveLength(9);
    expect(c2568?.items.filter((item) => item.code.startsWith("o"))).toHaveLength(28);
    expect(c2568?.items.find((item) => item.code === "o2")).toMatchObject({
      indicator: 9,
      text: "ข้อมูลผู้บริหาร",
      group: "ข้อมูลพื้นฐาน",
    });
    expect(c2568?.indicatorOf("o22")).toBe(10);
    expect(c2568?.indicatorOf("i16")).toBeUndefined();
    // A year named in an item follows the assessment year.
    expect(catalogueFor(2569)?.items.find((item) => item.code === "o13")?.text).toContain("พ.ศ. 2568");
    expect(catalogueFor(2564)?.indicatorOf("o38")).toBe(10);
    expect(catalogueFor(2564)?.indicatorOf("i25")).toBe(5);
  });

  it("finds the OIT items the reports answer, per year", () => {
    expect(oitItemFor(2568, "complaint-statistics")).toEqual({
      code: "o19",
      text: "ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    });
    expect(oitItemFor(2564, "complaint-statistics")?.code).toBe("o31");
    expect(oitItemFor(2569, "measures-report")).toEqual({
      code: "o28",
      text: "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี พ.ศ. 2568",
    });
    expect(oitItemFor(2565, "measures-report")?.code).toBe("o43");
    expect(oitItemFor(2566, "service-statistics")?.code).toBe("o15");
    expect(oitItemFor(2500, "measures-report")).toBeUndefined();
  });

  it("reads item codes as people write them, and keeps the indicator names where measures.ts exported them", () => {
    expect(["i1", "I 1", "e๑", "o๐๑", "O-12", "o012"].map(normaliseItemCode)).toEqual([
      "i1",
      "i1",
      "e1",
      "o1",
      "o12",
      "o12",
    ]);
    expect(["01", "๐๑", "x1", "i0", "i"].map(normaliseItemCode)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(NAMES_FROM_MEASURES).toBe(ITA_INDICATOR_NAMES);
    expect(NAMES_FROM_MEASURES[10]).toBe("การป้องกันการทุจริต");
  });
});

describe("ITA results from the seeds' score tables", () => {
  it("004: the ranking table with total 75.36 level B; the analysis names the same weak indicators", async () => {
    const imported = await postCsv(2564, SEED_004_CSV);
    expect(imported.status).toBe(201);
    expect(imported.json).toMatchObject({ fiscalYear: 2564, total: 75.36, level: "B", items: [] });
    // The name decided, not the rank beside it.
    expect(imported.json.indicators).toContainEqual({
      indicator: 4,
      name: "การใช้ทรัพย์สินของราชการ",
      score: 84.87,
    });
    expect(imported.json.indicators).toContainEqual({ indicator: 3, name: "การใช้อำนาจ", score: 89.76 });

    const analysis = await adminApi(bot, "GET", "/ita-results/2564/analysis");
    expect(analysis.status).toBe(200);
    expect(Object.keys(analysis.json).sort()).toEqual(ANALYSIS_KEYS);
    expect(analysis.json.total).toBe(75.36);
    expect(analysis.json.highest).toEqual({ indicator: 1, name: "การปฏิบัติหน้าที่", score: 93.57 });
    expect(analysis.json.lowest).toEqual({ indicator: 10, name: "การป้องกันการทุจริต", score: 37.5 });
    // "อีก ๗ หัวข้อ มีคะแนนต่ำกว่า ร้อยละ ๘๕": all but การปฏิบัติหน้าที่, การใช้อำนาจ, การแก้ไขปัญหาการทุจริต.
    expect(analysis.json.belowTarget).toEqual([
      { indicator: 10, name: "การป้องกันการทุจริต", score: 37.5 },
      { indicator: 6, name: "คุณภาพการดำเนินงาน", score: 80.93 },
      { indicator: 8, name: "การปรับปรุงการทำงาน", score: 81 },
      { indicator: 2, name: "การใช้งบประมาณ", score: 84.05 },
      { indicator: 9, name: "การเปิดเผยข้อมูล", score: 84.06 },
      { indicator: 7, name: "ประสิทธิภาพการสื่อสาร", score: 84.6 },
      { indicator: 4, name: "การใช้ทรัพย์สินของราชการ", score: 84.87 },
    ]);
    expect(analysis.json.weakestItems).toEqual([]);
    expect(analysis.json.suggestions.map((s: { indicator: number }) => s.indicator)).toEqual([
      10, 6, 8, 2, 9, 7, 4,
    ]);
    for (const suggestion of analysis.json.suggestions) {
      const expected = STANDARD_MEASURES.filter((m) => m.indicator === suggestion.indicator).map((m) => ({
        title: m.title,
        method: m.method,
      }));
      expect(suggestion.measures).toEqual(expected);
    }
    expect(analysis.json.suggestions[0].measures[0].title).toBe("มาตรการยกระดับการป้องกันการทุจริต");

    const stored = await adminApi(bot, "GET", "/ita-results/2564");
    expect(stored.status).toBe(200);
    expect(stored.json.level).toBe("B");
    expect(stored.json.updatedAt).toBe("2025-11-15T10:00:00+07:00");
  });

  it("001: Thai digits, item tables with headings; การเปิดเผยข้อมูล is the one under 85, o2 o5 o12 o15 o17 the weakest", async () => {
    const imported = await postCsv(2568, SEED_001_CSV);
    expect(imported.status).toBe(201);
    expect(imported.json).toMatchObject({ fiscalYear: 2568, total: 91.76, level: "ผ่าน" });
    expect(imported.json.indicators).toHaveLength(10);
    expect(imported.json.items).toHaveLength(15 + 9 + 28);
    expect(imported.json.items[0]).toEqual({
      code: "i1",
      text: "การปฏิบัติงานหรือให้บริการของเจ้าหน้าที่ในหน่วยงานของท่านเป็นไปตามขั้นตอนและระยะเวลา มากน้อยเพียงใด",
      score: 96.67,
    });

    const analysis = await adminApi(bot, "GET", "/ita-results/2568/analysis");
    expect(analysis.status).toBe(200);
    expect(Object.keys(analysis.json).sort()).toEqual(ANALYSIS_KEYS);
    expect(analysis.json).toMatchObject({ fiscalYear: 2568, total: 91.76 });
    // "ได้แก่ ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล" — the only one under 85, and the lowest.
    expect(analysis.json.belowTarget).toEqual([{ indicator: 9, name: "การเปิดเผยข้อมูล", score: 74 }]);
    expect(analysis.json.lowest).toEqual({ indicator: 9, name: "การเปิดเผยข้อมูล", score: 74 });
    // Three indicators score 100 (การใช้งบประมาณ, การใช้อำนาจ, การแก้ไขปัญหาการทุจริต): the first is named.
    expect(analysis.json.highest).toEqual({ indicator: 2, name: "การใช้งบประมาณ", score: 100 });
    // …and the tie is reported whole.
    expect(analysis.json.highestTied.map((i: { indicator: number }) => i.indicator)).toEqual([2, 3, 5]);
    expect(analysis.json).toMatchObject({ passed: true, lowestTied: [{ indicator: 9, score: 74 }] });
    // The document's list for indicator 9: O2, O5, O12, O15, O17; O22 (indicator 10) also scored 0.
    expect(analysis.json.weakestItems.at(-1)).toMatchObject({ code: "o22", score: 0 });
    expect(analysis.json.weakestItems.slice(0, 5)).toEqual([
      { code: "o2", text: "ข้อมูลผู้บริหาร", score: 0 },
      { code: "o5", text: "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน", score: 0 },
      {
        code: "o12",
        text: "รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ และความก้าวหน้าการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ ประจำปี พ.ศ. 2568",
        score: 0,
      },
      { code: "o15", text: "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี พ.ศ. 2567", score: 0 },
      { code: "o17", text: "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", score: 0 },
    ]);
    expect(analysis.json.suggestions).toHaveLength(1);
    expect(analysis.json.suggestions[0].indicator).toBe(9);
    expect(analysis.json.suggestions[0].measures[0]).toEqual({
      title: "มาตรการพัฒนาการเปิดเผยข้อมูลสาธารณะ",
      method: "1. จัดทำ Checklist OIT\n2. มอบหมายผู้รับผิดชอบรายข้อ\n3. ตรวจสอบข้อมูลก่อนเผยแพร่",
    });
  });

  it("a year with no result is 404; a malformed year is 400", async () => {
    expect((await adminApi(bot, "GET", "/ita-results/2566")).status).toBe(404);
    expect((await adminApi(bot, "GET", "/ita-results/2566/analysis")).status).toBe(404);
    const bad = await adminApi(bot, "GET", "/ita-results/66/analysis");
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe("fiscalYear");
  });
});

describe("POST /ita-results", () => {
  const body = {
    fiscalYear: 2568,
    total: 91.76,
    level: "ผ่าน",
    indicators: SEED_001_INDICATORS.map((score, index) => ({ indicator: index + 1, score })),
    items: [
      { code: "O๐๒", score: 0 },
      { code: "i1", score: 96.67 },
    ],
  };

  it("stores a year's result (201), replaces it on a second post (200), audited", async () => {
    const created = await adminApi(bot, "POST", "/ita-results", body);
    expect(created.status).toBe(201);
    expect(created.json.items).toEqual([
      { code: "i1", text: expect.stringContaining("ขั้นตอนและระยะเวลา"), score: 96.67 },
      { code: "o2", text: "ข้อมูลผู้บริหาร", score: 0 },
    ]);
    const replaced = await adminApi(bot, "POST", "/ita-results", { ...body, total: 92, level: undefined });
    expect(replaced.status).toBe(200);
    const stored = await adminApi(bot, "GET", "/ita-results/2568");
    expect(stored.json).toMatchObject({ total: 92, level: null });
    const audit = await bot.deps.db.select().from(auditLog).where(eq(auditLog.action, "ita-result.save"));
    expect(audit.map((row) => row.detail?.replaced)).toEqual([false, true]);
  });

  it("names every failing field; nothing is stored", async () => {
    const response = await adminApi(bot, "POST", "/ita-results", {
      fiscalYear: 68,
      total: 101,
      level: "ดีมาก",
      indicators: [
        { indicator: 1, score: 90 },
        { indicator: 1, score: 80 },
        { indicator: 11, score: 50 },
      ],
      items: [
        { code: "x1", score: 10 },
        { code: "i1", score: -1 },
      ],
    });
    expect(response.status).toBe(400);
    const fields = response.json.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "fiscalYear",
        "total",
        "level",
        "indicators.2.indicator",
        "items.0.code",
        "items.1.score",
      ]),
    );
    const duplicate = await adminApi(bot, "POST", "/ita-results", {
      ...body,
      indicators: [...body.indicators, { indicator: 3, score: 10 }].slice(1),
      items: [
        { code: "i16", score: 1 },
        { code: "o2", score: 1 },
        { code: "o๐๒", score: 1 },
      ],
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.json.errors).toEqual(
      expect.arrayContaining([
        { field: "indicators.9.indicator", message: "ตัวชี้วัดที่ 3 ซ้ำกัน" },
        {
          field: "items.0.code",
          message: expect.stringContaining("i16 ไม่ใช่ข้อของแบบประเมิน ITA ฉบับปี 2568"),
        },
        { field: "items.2.code", message: "ข้อ o2 ซ้ำกัน" },
      ]),
    );
    for (const error of [...response.json.errors, ...duplicate.json.errors])
      expectThai(error.message, error.field);
    expect((await adminApi(bot, "GET", "/ita-results/2568")).status).toBe(404);
  });
});

describe("POST /ita-results/import", () => {
  it("reports every bad row by row and field, and stores nothing", async () => {
    const csv = csvOf([
      ["ตัวชี้วัด/ข้อ", "หัวข้อ/ชื่อ", "คะแนน"], // 1: header
      ["1", "การปฏิบัติหน้าที่", "96.67"], // 2
      ["๙", "การเปิดเผยข้อมูล", "๑๑๐"], // 3: score over 100
      ["๐๑", "โครงสร้าง", "100"], // 4: an OIT item without its letter
      ["i16", "ข้อที่ไม่มี", "50"], // 5: not an item of 2568
      ["ตัวชี้วัดที่ 1", "", "90"], // 6: indicator 1 again
      ["xyz", "", "50"], // 7: unknown
      ["2", "ชื่อที่ไม่ใช่ตัวชี้วัด", "80"], // 8: a number beside a name that is no indicator
      ["e1", "", ""], // 9: no score
      ["ระดับ", "ดีมาก", ""], // 10: not a level
    ]);
    const response = await postCsv(2568, csv);
    expect(response.status).toBe(400);
    const errors = response.json.errors as Array<{ row: number; field: string; message: string }>;
    expect(errors.map(({ row, field }) => [row, field])).toEqual([
      [0, "คะแนน"],
      [3, "คะแนน"],
      [4, "ตัวชี้วัด/ข้อ"],
      [5, "ตัวชี้วัด/ข้อ"],
      [6, "ตัวชี้วัด/ข้อ"],
      [7, "ตัวชี้วัด/ข้อ"],
      [8, "หัวข้อ/ชื่อ"],
      [9, "คะแนน"],
      [10, "ระดับ"],
    ]);
    expect(errors.find((error) => error.row === 6)?.message).toBe("ตัวชี้วัดที่ 1 มีแล้วในแถวที่ 2");
    for (const error of errors) expectThai(error.message, `${error.row} ${error.field}`);
    expect(errors.find((error) => error.row === 4)?.message).toContain("o1");
    expect((await adminApi(bot, "GET", "/ita-results/2568")).status).toBe(404);
    expect(await bot.deps.db.select().from(auditLog).where(eq(auditLog.action, "ita-result.import"))).toEqual(
      [],
    );
  });

  it("needs the fiscal year and a CSV body", async () => {
    const noYear = await postCsv(null, SEED_004_CSV);
    expect(noYear.status).toBe(400);
    expect(noYear.json.errors[0]).toMatchObject({ row: 0, field: "fiscalYear" });
    expect((await postCsv(2564, SEED_004_CSV, "application/json")).status).toBe(415);
    const empty = await postCsv(2564, "");
    expect(empty.status).toBe(400);
    expect(empty.json.errors.map((e: { field: string }) => e.field)).toEqual(["คะแนน", "ตัวชี้วัด/ข้อ"]);
  });
});

describe("adopting the suggestions as next year's measures", () => {
  it("creates fiscal year + 1's measures from the suggested templates, once", async () => {
    expect((await postCsv(2564, SEED_004_CSV)).status).toBe(201);
    const suggested = STANDARD_MEASURES.filter((m) => [10, 6, 8, 2, 9, 7, 4].includes(m.indicator));

    const adopted = await adminApi(bot, "POST", "/ita-results/2564/adopt");
    expect(adopted.status).toBe(201);
    expect(adopted.json.created).toBe(suggested.length);
    expect(adopted.json.measures).toHaveLength(suggested.length);
    expect(adopted.json.measures[0]).toEqual({
      id: expect.any(String),
      title: "มาตรการยกระดับการป้องกันการทุจริต",
    });

    const list = await adminApi(bot, "GET", "/measures?fiscalYear=2565");
    expect(list.json.items).toHaveLength(suggested.length);
    const byTitle = new Map(
      (list.json.items as Array<{ title: string; unitIds: string[] }>).map((m) => [m.title, m]),
    );
    for (const measure of list.json.items) {
      expect(measure).toMatchObject({
        fiscalYear: 2565,
        startMonth: "2021-10",
        endMonth: "2022-09",
        status: "not_started",
      });
      expect(measure.indicators).toHaveLength(1);
    }
    const all = Object.values(unitId).sort();
    expect(byTitle.get("กิจกรรมสร้างการรับรู้ด้านงบประมาณ")?.unitIds).toEqual([unitId.กองคลัง]);
    expect(byTitle.get("มาตรการควบคุมการใช้ทรัพย์สินของราชการ")?.unitIds.sort()).toEqual(all);
    // No unit named in the document: สำนักปลัด.
    expect(byTitle.get("จัดกิจกรรมเสริมสร้างวัฒนธรรมองค์กรและเผยแพร่ผลการป้องกันการทุจริต")?.unitIds).toEqual([
      unitId.สำนักปลัด,
    ]);
    // สำนักปลัด/กองคลัง/กองช่าง/กองการศึกษา: the ones the organisation has.
    expect(byTitle.get("ส่งเสริมการเปิดเผยข้อมูลงบประมาณและการจัดซื้อจัดจ้าง")?.unitIds.sort()).toEqual(
      [unitId.สำนักปลัด, unitId.กองคลัง, unitId.กองช่าง].sort(),
    );

    const again = await adminApi(bot, "POST", "/ita-results/2564/adopt", {});
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ created: 0, measures: [] });
    expect(again.json.skipped).toHaveLength(suggested.length);
    expect((await bot.deps.db.select({ n: count() }).from(measures).get())?.n).toBe(suggested.length);
    const audit = await bot.deps.db.select().from(auditLog).where(eq(auditLog.action, "ita-result.adopt"));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toMatchObject({ fiscalYear: 2565, count: suggested.length });
  });

  it("adopts chosen templates; unknown ids are 400, a year without a result 404", async () => {
    expect((await postCsv(2568, SEED_001_CSV)).status).toBe(201);
    const templates = await adminApi(bot, "GET", "/measure-templates?indicator=3");
    const [power] = templates.json.items;
    const chosen = await adminApi(bot, "POST", "/ita-results/2568/adopt", { templateIds: [power.id] });
    expect(chosen.status).toBe(201);
    expect(chosen.json.measures).toEqual([{ id: expect.any(String), title: power.title }]);
    const measure = await adminApi(bot, "GET", `/measures/${chosen.json.measures[0].id}`);
    expect(measure.json).toMatchObject({
      fiscalYear: 2569,
      indicators: [3],
      method: power.method,
      unitIds: [unitId.สำนักปลัด],
      startMonth: "2025-10",
      endMonth: "2026-09",
    });

    const unknown = await adminApi(bot, "POST", "/ita-results/2568/adopt", {
      templateIds: [power.id, "nope"],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toEqual([{ field: "templateIds.1", message: 'ไม่พบแม่แบบมาตรการ "nope"' }]);
    expect((await adminApi(bot, "POST", "/ita-results/2567/adopt")).status).toBe(404);
    expect((await bot.deps.db.select({ n: count() }).from(measures).get())?.n).toBe(1);
  });
});

describe("measure templates", () => {
  it("are seeded from the standard measures once; admins list, add, edit and retire them", async () => {
    const seeded = await adminApi(bot, "GET", "/measure-templates?limit=1000");
    expect(seeded.status).toBe(200);
    expect(seeded.json.items).toHaveLength(STANDARD_MEASURES.length);
    expect(seeded.json.nextCursor).toBeNull();
    for (let indicator = 1; indicator <= 10; indicator++) {
      expect(STANDARD_MEASURES.some((m) => m.indicator === indicator)).toBe(true);
    }

    const nine = await adminApi(bot, "GET", "/measure-templates?indicator=9");
    expect(nine.json.items.map((t: { title: string }) => t.title)).toEqual(
      STANDARD_MEASURES.filter((m) => m.indicator === 9).map((m) => m.title),
    );
    expect(nine.json.items[0]).toMatchObject({
      indicator: 9,
      indicatorName: "การเปิดเผยข้อมูล",
      unitName: "สำนักปลัด/ทุกกอง",
      active: true,
    });
    const page = await adminApi(bot, "GET", "/measure-templates?limit=2");
    expect(page.json.items).toHaveLength(2);
    expect(page.json.nextCursor).toBe("2");

    const added = await adminApi(bot, "POST", "/measure-templates", {
      indicator: 9,
      title: "เผยแพร่รายงานสถิติเรื่องร้องเรียนจากบอท LINE ทุกเดือน",
      method: "1. ดาวน์โหลดรายงานจากหน้าผู้ดูแล\n2. เผยแพร่บนเว็บไซต์",
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ indicator: 9, unitName: null, active: true });
    expect(added.json.sortOrder).toBeGreaterThan(nine.json.items.at(-1).sortOrder);

    const retired = await adminApi(bot, "PATCH", `/measure-templates/${nine.json.items[0].id}`, {
      active: false,
      title: "มาตรการพัฒนาการเปิดเผยข้อมูลสาธารณะ (ปรับปรุง)",
    });
    expect(retired.status).toBe(200);
    expect(retired.json).toMatchObject({ active: false, title: "มาตรการพัฒนาการเปิดเผยข้อมูลสาธารณะ (ปรับปรุง)" });

    await postCsv(2568, SEED_001_CSV);
    const analysis = await adminApi(bot, "GET", "/ita-results/2568/analysis");
    const titles = analysis.json.suggestions[0].measures.map((m: { title: string }) => m.title);
    expect(titles).not.toContain("มาตรการพัฒนาการเปิดเผยข้อมูลสาธารณะ (ปรับปรุง)");
    expect(titles.at(-1)).toBe("เผยแพร่รายงานสถิติเรื่องร้องเรียนจากบอท LINE ทุกเดือน");

    const invalid = await adminApi(bot, "PATCH", `/measure-templates/${added.json.id}`, { indicator: 3 });
    expect(invalid.status).toBe(400);
    expect((await adminApi(bot, "PATCH", `/measure-templates/${added.json.id}`, {})).status).toBe(400);
    expect((await adminApi(bot, "PATCH", "/measure-templates/nope", { active: false })).status).toBe(404);
    const badPost = await adminApi(bot, "POST", "/measure-templates", {
      indicator: 11,
      title: "",
      method: "x",
    });
    expect(badPost.status).toBe(400);
    expect(badPost.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(["indicator", "title"]);
    const actions = (await bot.deps.db.select().from(auditLog).orderBy(asc(auditLog.id))).map(
      (row) => row.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["measure-template.create", "measure-template.update"]));
  });

  it("a restart keeps the admin's edits and seeds nothing twice", async () => {
    await bot.close();
    const databasePath = tempDatabasePath();
    await start(databasePath);
    const [first] = (await adminApi(bot, "GET", "/measure-templates")).json.items;
    await adminApi(bot, "PATCH", `/measure-templates/${first.id}`, { title: "ชื่อที่ผู้ดูแลแก้", active: false });
    await bot.close();
    await start(databasePath);
    const rows = await bot.deps.db.select().from(measureTemplates);
    expect(rows).toHaveLength(STANDARD_MEASURES.length);
    expect(rows.find((row) => row.id === first.id)).toMatchObject({ title: "ชื่อที่ผู้ดูแลแก้", active: false });
  });
});

describe("the executives' ITA card", () => {
  it("shows the latest result up to the year, valid against LINE's spec; a text when none is recorded", async () => {
    const none = await itaAnalysisMessage(bot.deps, 2569);
    expect(none.type).toBe("text");
    expect(none.type === "text" && none.text).toContain("ยังไม่มีผลการประเมิน ITA");

    await postCsv(2564, SEED_004_CSV);
    await postCsv(2568, SEED_001_CSV);
    const card = await itaAnalysisMessage(bot.deps, 2569);
    expect(card.type).toBe("flex");
    expect(validateMessages(validator, [card])).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain("ผลการประเมิน ITA ปีงบประมาณ 2568");
    expect(json).toContain("91.76");
    expect(json).toContain("ระดับ ผ่าน");
    expect(json).toContain("9 การเปิดเผยข้อมูล");
    expect(json).toContain("มาตรการพัฒนาการเปิดเผยข้อมูลสาธารณะ");

    const older = await itaAnalysisMessage(bot.deps, 2567);
    expect(validateMessages(validator, [older])).toEqual([]);
    expect(older.type === "flex" && older.altText).toContain("ผล ITA ปีงบประมาณ 2564: 75.36 คะแนน · ระดับ B");
    expect(JSON.stringify(older)).toContain("37.50");
  });

  it("stays within LINE's limits at its largest", () => {
    const long = "มาตรการที่มีชื่อยาวมาก ".repeat(60);
    const entries = Array.from({ length: 10 }, (_, index) => ({
      indicator: index + 1,
      name: ITA_INDICATOR_NAMES[index + 1] ?? "",
      score: 10 + index,
    }));
    const view: ItaAnalysisView = {
      orgName: "องค์การบริหารส่วนตำบลตัวอย่างที่มีชื่อยาวมากเพื่อทดสอบการตัดบรรทัด",
      fiscalYear: 2568,
      total: 0,
      level: null,
      passMark: 85,
      highest: entries[9] ?? { indicator: 10, name: "", score: 0 },
      lowest: entries[0] ?? { indicator: 1, name: "", score: 0 },
      belowTarget: entries,
      weakestItems: Array.from({ length: 5 }, (_, index) => ({
        code: `o${index + 1}`,
        text: long,
        score: 0,
      })),
      suggestions: entries.map((entry) => ({
        indicator: entry.indicator,
        measures: Array.from({ length: 8 }, () => ({ title: long })),
      })),
    };
    const card = itaAnalysisCard(view);
    expect(validateMessages(validator, [card])).toEqual([]);
    expect(JSON.stringify(card)).toContain("และอีก 74 มาตรการ");
    const passing = itaAnalysisCard({ ...view, belowTarget: [], suggestions: [], weakestItems: [] });
    expect(validateMessages(validator, [passing])).toEqual([]);
    expect(passing.altText).toContain("ผ่านเกณฑ์ 85 ทุกตัวชี้วัด");
  });
});
