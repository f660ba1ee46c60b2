/**
 * The score tables as the seeds lay them out, pasted as text (tables copied from Word arrive as
 * tab-separated lines between paragraphs): seed 001 (อบต.กุดรัง, ITA 2568) and seed 004 (อบต.ลาดหญ้า,
 * ITA 2564). The expected numbers are read off the seeds themselves.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { itaResultFromText } from "../src/features/ita/ita-import";
import { analyseItaResult } from "../src/features/ita/ita-result";
import { expectThai } from "./support/thai";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const SEED_001 = fixture("seed-001-ita.txt");
const SEED_004 = fixture("seed-004-ita.txt");

const parsed = (text: string, fiscalYear: number) => {
  const read = itaResultFromText(text, fiscalYear);
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  return read;
};

describe("seed 001 pasted as it is", () => {
  const { result, notes } = parsed(SEED_001, 2568);

  it("reads the total and level from the paragraphs, and the ten indicators", () => {
    // "มีคะแนนในภาพรวมอยู่ที่ ๙๑.๗๖ คะแนน"; "อยู่ในระดับผ่าน" refined by "อยู่ในระดับ ผ่านดี".
    expect(result.total).toBe(91.76);
    expect(result.level).toBe("ผ่านดี");
    expect(result.indicators.map((entry) => entry.score)).toEqual([
      96.67, 100, 100, 98.89, 100, 97.27, 97.58, 97.42, 74, 90,
    ]);
  });

  it("reads the IIT items numbered ๑๑ … 1๑๕ as i1 … i15, and OIT ๐๑ … ๐๒๘ as o1 … o28", () => {
    const scores = Object.fromEntries(result.items.map((item) => [item.code, item.score]));
    expect(result.items).toHaveLength(15 + 9 + 28);
    expect([scores.i1, scores.i2, scores.i3, scores.i10, scores.i15]).toEqual([
      96.67, 93.33, 100, 96.67, 100,
    ]);
    const zeros = result.items.filter((item) => item.score === 0).map((item) => item.code);
    expect(zeros).toEqual(["o2", "o5", "o12", "o15", "o17", "o22"]);
    expect([scores.o10, scores.o11, scores.o28]).toEqual([100, 100, 100]);
  });

  it("takes each EIT item as the mean of EitPublic and EitSurvey, which gives the indicators' scores", () => {
    const scores = Object.fromEntries(result.items.map((item) => [item.code, item.score]));
    // EitPublic all 100; EitSurvey e1 91.82, e4 96.36, e5 94.55, e7 95.45, e9 92.73.
    expect([scores.e1, scores.e3, scores.e4, scores.e5, scores.e7, scores.e9]).toEqual([
      95.91, 100, 98.18, 97.28, 97.73, 96.37,
    ]);
    const mean = (codes: string[]) =>
      codes.reduce((sum, code) => sum + (scores[code] ?? 0), 0) / codes.length;
    expect(mean(["e1", "e2", "e3"])).toBeCloseTo(97.27, 1);
    expect(mean(["e7", "e8", "e9"])).toBeCloseTo(97.42, 1);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.message).toContain("EitPublic และ EitSurvey");
    expectThai(notes[0]?.message ?? "", "EIT note");
  });

  it("analyses to the tie at 100 (2, 3 and 5), the lowest 9 at 74, and every zero item including O22", () => {
    const analysis = analyseItaResult({ ...result, updatedAt: 0 }, []);
    expect(analysis.highestTied.map((entry) => entry.indicator)).toEqual([2, 3, 5]);
    expect(analysis.highest.score).toBe(100);
    expect(analysis.lowestTied.map((entry) => [entry.indicator, entry.score])).toEqual([[9, 74]]);
    expect(analysis.belowTarget.map((entry) => entry.indicator)).toEqual([9]);
    expect(analysis.weakestItems.filter((item) => item.score === 0).map((item) => item.code)).toContain(
      "o22",
    );
    expect(analysis.passed).toBe(true);
  });
});

describe("seed 004 pasted as it is", () => {
  const { result, notes } = parsed(SEED_004, 2564);

  it("reads the ranking table by name, the total and level B from the paragraph", () => {
    expect(result.total).toBe(75.36);
    expect(result.level).toBe("B");
    expect(result.indicators.map((entry) => entry.score)).toEqual([
      93.57, 84.05, 89.76, 84.87, 87.64, 80.93, 84.6, 81, 84.06, 37.5,
    ]);
    expect(result.items).toEqual([]);
  });

  it("keeps the first score of an indicator repeated in a later table, and says so when they differ", () => {
    // The OIT table near the end prints การเปิดเผยข้อมูล as ๘๔.๐๔ (the ranking says 84.06).
    expect(notes).toEqual([{ row: expect.any(Number), message: expect.stringContaining("84.04") }]);
    expect(notes[0]?.message).toContain("ใช้ค่าแรก");
  });
});

describe("refusals name the line and the field", () => {
  it("a bad score in a pasted table", () => {
    const text = SEED_001.replace("๙๖.๖๗\t\n", "๑๙๖.๖๗\t\n");
    const read = itaResultFromText(text, 2568);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const line = SEED_001.split("\n").findIndex((l) => l.includes("๙๖.๖๗\t") && l.startsWith("๑\t")) + 1;
    expect(read.errors).toEqual([{ row: line, field: "คะแนน", message: '"๑๙๖.๖๗" ไม่ใช่คะแนน 0 ถึง 100' }]);
  });

  it("an IIT item past the year's form, and no total anywhere", () => {
    const text = "ข้อ\tหัวข้อการประเมิน\tระดับคะแนน\nIIT ๑ การปฏิบัติหน้าที่\t\t\n๑๑\tก\t๙๐.๐๐\n1๑๖\tข\t๙๐.๐๐\n";
    const read = itaResultFromText(text, 2568);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.map(({ row, field }) => [row, field])).toEqual([
      [0, "คะแนน"],
      [4, "ตัวชี้วัด/ข้อ"],
    ]);
    expect(read.errors[1]?.message).toContain("i16");
    for (const error of read.errors) expectThai(error.message, error.field);
  });
});
