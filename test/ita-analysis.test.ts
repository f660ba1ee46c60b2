/**
 * The ITA analysis as a .docx an officer can attach (`GET /api/admin/reports/ita-analysis.docx`),
 * from seed 001's score tables pasted as text: the tie of indicators 2, 3 and 5 at 100, O22 among the
 * items at 0, the level and the pass mark. Also the API's refusals (400 naming the field, 404).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildItaAnalysisDocument, thaiList } from "../src/reports/ita-analysis";
import { numeralsOf } from "../src/reports/numerals";
import { adminApi } from "./support/admin";
import { startTestBot, TEST_ADMIN_TOKEN, type TestBot } from "./support/bot";
import { type RunningDouble, startDouble } from "./support/double";
import { unescapeXml } from "./support/ooxml";
import { expectThai } from "./support/thai";

const SEED_001 = readFileSync(new URL("./fixtures/seed-001-ita.txt", import.meta.url), "utf8");
const SEED_004 = readFileSync(new URL("./fixtures/seed-004-ita.txt", import.meta.url), "utf8");
/** 15 November 2025: fiscal year 2569. */
const clock = { now: () => Date.parse("2025-11-15T10:00:00+07:00") };

let line: RunningDouble;
let bot: TestBot;
beforeAll(async () => {
  line = await startDouble();
  bot = await startTestBot(line, { clock });
});
afterAll(async () => {
  await bot.close();
  await line.close();
});

async function call(method: string, path: string, body?: string, contentType = "text/plain; charset=utf-8") {
  const response = await fetch(`${bot.url}/api/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
      ...(body ? { "content-type": contentType } : {}),
    },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

function docxParagraphs(bytes: Uint8Array): string[] {
  const xml = strFromU8(unzipSync(bytes)["word/document.xml"] ?? new Uint8Array());
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    unescapeXml([...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join("")),
  );
}

describe("the ITA analysis document", () => {
  it("from seed 001 pasted as text: the tie at 100, O22 at 0, the level and the pass mark", async () => {
    const imported = await call("POST", "/ita-results/import?fiscalYear=2568", SEED_001);
    expect(imported.status).toBe(201);
    const analysis = await adminApi(bot, "GET", "/ita-results/2568/analysis");
    expect(analysis.json.highestTied.map((e: { indicator: number }) => e.indicator)).toEqual([2, 3, 5]);
    expect(analysis.json.weakestItems.map((e: { code: string }) => e.code)).toContain("o22");

    const file = await call("GET", "/reports/ita-analysis.docx?fiscalYear=2568");
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(file.headers.get("content-disposition")).toContain("ita-analysis-2568.docx");
    if (process.env.ITA_DOCX_OUT) writeFileSync(process.env.ITA_DOCX_OUT, file.bytes);
    const text = docxParagraphs(file.bytes);
    const body = text.join("\n");
    expect(text[0]).toContain("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส");
    expect(body).toContain(
      "ตัวชี้วัดที่ 2, 3 และ 5 (การใช้งบประมาณ การใช้อำนาจ และการแก้ไขปัญหาการทุจริต) ได้คะแนนสูงสุดเท่ากัน 100 คะแนน",
    );
    expect(body).toContain("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล ได้คะแนนต่ำสุด 74 คะแนน");
    expect(body).toContain('ได้คะแนนในภาพรวม 91.76 คะแนน อยู่ในระดับ "ผ่านดี" ซึ่งผ่านเกณฑ์ 85 คะแนน');
    expect(body).toContain("ได้ 0 คะแนน 6 ข้อ ได้แก่ O2, O5, O12, O15, O17 และ O22");
    // The items table: O22 with its text from the 2568 form, at 0.00.
    const o22 = text.indexOf("O22");
    expect(o22).toBeGreaterThan(0);
    expect(text[o22 + 1]).toBe("รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา");
    expect(text[o22 + 3]).toBe("0.00");
    // The indicators table keeps every indicator, 9 marked below the mark.
    expect(text).toContain("การเปิดเผยข้อมูล");
    expect(text).toContain("ต่ำกว่าเกณฑ์");
    expect(body).toContain("เสนอมาตรการสำหรับตัวชี้วัดที่ยังไม่ผ่านเกณฑ์");
    expect(body).not.toMatch(/Prongsai|จากระบบ/);
    const fonts = strFromU8(unzipSync(file.bytes)["word/fontTable.xml"] ?? new Uint8Array());
    expect(fonts).toContain('w:altName w:val="Sarabun"');
  });

  it("from seed 004: level B, below the mark, no items recorded", async () => {
    expect((await call("POST", "/ita-results/import?fiscalYear=2564", SEED_004)).status).toBe(201);
    const body = docxParagraphs((await call("GET", "/reports/ita-analysis.docx?fiscalYear=2564")).bytes).join(
      "\n",
    );
    expect(body).toContain("ได้คะแนนในภาพรวม 75.36 คะแนน อยู่ในระดับ B ซึ่งยังไม่ผ่านเกณฑ์ 85 คะแนน");
    expect(body).toContain("ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ ได้คะแนนสูงสุด 93.57 คะแนน");
    expect(body).toContain("ไม่มีคะแนนรายข้อ");
    expect(body).toContain("ตัวชี้วัดที่ 10 การป้องกันการทุจริต (37.50 คะแนน)");
  });

  it("answers 404 in Thai for a year without a result, 400 naming fiscalYear for a bad one", async () => {
    const none = await adminApi(bot, "GET", "/reports/ita-analysis.docx?fiscalYear=2560");
    expect(none.status).toBe(404);
    expect(none.json).toMatchObject({ code: "ita.result_not_found", field: "fiscalYear" });
    expectThai(none.json.message, "404");
    const bad = await adminApi(bot, "GET", "/reports/ita-analysis.docx?fiscalYear=abc");
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe("fiscalYear");
  });

  it("POST /ita-results refuses a bad score with 400 naming the field", async () => {
    const refused = await adminApi(bot, "POST", "/ita-results", {
      fiscalYear: 2567,
      total: 90,
      indicators: [{ indicator: 1, score: 120 }],
    });
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0].field).toBe("indicators.0.score");
    expectThai(refused.json.errors[0].message, "score");
  });
});

describe("the analysis document's wording", () => {
  it("names ties naturally and writes every numeral in Thai digits when asked", () => {
    expect([thaiList(["2"]), thaiList(["2", "3"]), thaiList(["2", "3", "5"])]).toEqual([
      "2",
      "2 และ 3",
      "2, 3 และ 5",
    ]);
    const entry = (indicator: number, score: number) => ({ indicator, name: `ชื่อ${indicator}`, score });
    const doc = buildItaAnalysisDocument({
      orgName: "องค์การบริหารส่วนตำบลกุดรัง",
      place: "อำเภอกุดรัง จังหวัดมหาสารคาม",
      indicators: [entry(1, 90), entry(2, 70), entry(3, 70)],
      items: [],
      numerals: numeralsOf(true),
      analysis: {
        fiscalYear: 2568,
        total: 80.5,
        highest: entry(1, 90),
        lowest: entry(2, 70),
        highestTied: [entry(1, 90)],
        lowestTied: [entry(2, 70), entry(3, 70)],
        level: "C",
        passed: false,
        belowTarget: [entry(2, 70), entry(3, 70)],
        weakestItems: [],
        suggestions: [],
      },
    });
    const all = JSON.stringify(doc);
    expect(all).not.toMatch(/[0-9]/);
    expect(all).toContain("ตัวชี้วัดที่ ๒ และ ๓ (ชื่อ๒ และชื่อ๓) ได้คะแนนต่ำสุดเท่ากัน ๗๐ คะแนน");
    expect(doc.heading).toContain("อำเภอกุดรัง จังหวัดมหาสารคาม");
  });
});
