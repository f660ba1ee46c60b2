/**
 * An organisation's ITA result of a fiscal year as admins give it (`POST /ita-results`, or the CSV
 * import), as the admin API answers it, and its analysis (CONTRACT.md › Shapes: the ITA result and
 * its analysis, with the 85 pass mark).
 */
import { z } from "zod";
import type { ItaResult, MeasureTemplate } from "../../db/schema";
import { fiscalYearSchema } from "../../domain/fiscal-year";
import {
  catalogueFor,
  compareItemCodes,
  ITA_INDICATOR_NAMES,
  ITA_PASS_MARK,
  itemText,
  normaliseItemCode,
} from "../../domain/ita-catalogue";
import { asciiDigits } from "../../domain/thai-digits";
import { isoWithOffset } from "../../domain/thai-time";

/** More items than any form has had (IIT 30 + EIT 15 + OIT 43 in 2564). */
export const MAX_ITEMS = 200;
const SCORE_MESSAGE = "ต้องเป็นคะแนน 0 ถึง 100";
/** What a level may be, after "ต้องเป็น" or "ไม่ใช่". */
export const LEVELS = "ระดับ AA, A, B, C, D, E หรือ F หรือ ผ่าน / ไม่ผ่าน ตามที่ ป.ป.ช. ประกาศ";
const LEVEL_MESSAGE = `ต้องเป็น${LEVELS}`;
export const INDICATOR_MESSAGE = "ต้องเป็นหมายเลขตัวชี้วัด 1–10";

export const indicatorSchema = z
  .number({ error: INDICATOR_MESSAGE })
  .int(INDICATOR_MESSAGE)
  .min(1, INDICATOR_MESSAGE)
  .max(10, INDICATOR_MESSAGE);

/**
 * A level as the NACC published it: a letter grade AA–F (any case, `ระดับ B` too), or since the
 * pass/fail years a label starting ผ่าน or ไม่ผ่าน (`ผ่าน`, `ผ่านดีเยี่ยม`). Undefined otherwise.
 */
export function parseLevel(text: string): string | undefined {
  const level = text
    .trim()
    .replace(/^ระดับ\s*(?:ผลการประเมิน)?\s*/, "")
    .trim();
  if (/^(?:aa|a|b|c|d|e|f)$/i.test(level)) return level.toUpperCase();
  if (/^(?:ไม่)?ผ่าน/.test(level) && level.length <= 40) return level;
  return undefined;
}

/** A score cell: `93.57`, `๙๓.๕๗`, `93.57 คะแนน`, `74%`; 0–100. Undefined when it is not one. */
export function parseScore(value: unknown): number | undefined {
  let text: string;
  if (typeof value === "number") text = String(value);
  else if (typeof value === "string") text = asciiDigits(value).trim();
  else return undefined;
  const match = /^(\d{1,3}(?:\.\d+)?)\s*(?:คะแนน|%)?$/.exec(text);
  if (!match?.[1]) return undefined;
  const score = Number(match[1]);
  return score >= 0 && score <= 100 ? score : undefined;
}

/** Why an item code is not one of that year's form, or undefined when it is (or no form is known). */
export function itemCodeProblem(fiscalYear: number, code: string): string | undefined {
  const catalogue = catalogueFor(fiscalYear);
  if (!catalogue || catalogue.indicatorOf(code) !== undefined) return undefined;
  const { i, e, o } = catalogue.counts;
  return `${code} ไม่ใช่ข้อของแบบประเมิน ITA ฉบับปี ${catalogue.version} ที่ใช้ในปีงบประมาณ ${fiscalYear} (i1–i${i}, e1–e${e}, o1–o${o})`;
}

const score = z.number({ error: SCORE_MESSAGE }).min(0, SCORE_MESSAGE).max(100, SCORE_MESSAGE);

/** `POST /ita-results`: `{fiscalYear, total, level?, indicators: [{indicator, score}], items?: [{code, score}]}`. */
export const itaResultBody = z
  .object({
    fiscalYear: fiscalYearSchema,
    total: score,
    level: z
      .string({ error: LEVEL_MESSAGE })
      .nullish()
      .transform((value, ctx) => {
        if (value === null || value === undefined || value.trim() === "") return null;
        const level = parseLevel(value);
        if (level === undefined) ctx.addIssue({ code: "custom", message: LEVEL_MESSAGE });
        return level ?? null;
      }),
    indicators: z
      .array(z.object({ indicator: indicatorSchema, score }), { error: "ต้องเป็นรายการคะแนนรายตัวชี้วัด" })
      .min(1, "ต้องมีคะแนนอย่างน้อยหนึ่งตัวชี้วัด")
      .max(10, "มีได้ไม่เกิน 10 ตัวชี้วัด"),
    items: z
      .array(
        z.object({
          code: z.string({ error: "ต้องเป็นรหัสข้อ เช่น i1, e1, o1" }).transform((value, ctx) => {
            const code = normaliseItemCode(value);
            if (code === undefined) {
              ctx.addIssue({ code: "custom", message: `"${value}" ไม่ใช่รหัสข้อ เช่น i1, e1, o1` });
              return z.NEVER;
            }
            return code;
          }),
          score,
        }),
        { error: "ต้องเป็นรายการคะแนนรายข้อ" },
      )
      .max(MAX_ITEMS, `มีได้ไม่เกิน ${MAX_ITEMS} ข้อ`)
      .default([]),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<number>();
    body.indicators.forEach(({ indicator }, index) => {
      if (seen.has(indicator)) {
        ctx.addIssue({
          code: "custom",
          path: ["indicators", index, "indicator"],
          message: `ตัวชี้วัดที่ ${indicator} ซ้ำกัน`,
        });
      }
      seen.add(indicator);
    });
    const codes = new Set<string>();
    body.items.forEach(({ code }, index) => {
      const problem = codes.has(code) ? `ข้อ ${code} ซ้ำกัน` : itemCodeProblem(body.fiscalYear, code);
      if (problem) ctx.addIssue({ code: "custom", path: ["items", index, "code"], message: problem });
      codes.add(code);
    });
  });

export type ItaResultInput = z.output<typeof itaResultBody>;

/** A result as the admin API answers it: indicators by number, items in the form's order, with names and texts. */
export function itaResultJson(result: ItaResult, timeZone: string) {
  return {
    fiscalYear: result.fiscalYear,
    total: result.total,
    level: result.level,
    indicators: [...result.indicators]
      .sort((a, b) => a.indicator - b.indicator)
      .map(({ indicator, score }) => ({ indicator, name: ITA_INDICATOR_NAMES[indicator] ?? "", score })),
    items: [...result.items]
      .sort((a, b) => compareItemCodes(a.code, b.code))
      .map(({ code, score }) => ({ code, text: itemText(result.fiscalYear, code), score })),
    updatedAt: isoWithOffset(result.updatedAt, timeZone),
  };
}

export interface IndicatorScore {
  indicator: number;
  name: string;
  score: number;
}

/** CONTRACT.md › Shapes: the analysis of an ITA result. */
export interface ItaAnalysis {
  fiscalYear: number;
  total: number;
  highest: IndicatorScore;
  lowest: IndicatorScore;
  /** Every indicator sharing the highest score (seed 001: indicators 2, 3 and 5 all at 100). */
  highestTied: IndicatorScore[];
  /** Every indicator sharing the lowest score. */
  lowestTied: IndicatorScore[];
  /** The level as recorded (e.g. "A"), and whether the total reaches the pass mark (85). */
  level: string | null;
  passed: boolean;
  /** The indicators under the pass mark, weakest first. */
  belowTarget: IndicatorScore[];
  /** The five lowest-scoring items and every item that scored 0, with their texts from that year's form. */
  weakestItems: Array<{ code: string; text: string; score: number }>;
  /** For each indicator under the pass mark (same order), its active templates. */
  suggestions: Array<{ indicator: number; measures: Array<{ title: string; method: string }> }>;
}

export const WEAKEST_ITEMS = 5;

/**
 * The analysis of a result, given the organisation's measure templates (only the active ones of an
 * indicator under the pass mark are suggested, in their order). Ties keep the lower indicator
 * number (highest and lowest alike) and the form's order of items.
 */
export function analyseItaResult(result: ItaResult, templates: readonly MeasureTemplate[]): ItaAnalysis {
  const scores: IndicatorScore[] = [...result.indicators]
    .sort((a, b) => a.indicator - b.indicator)
    .map(({ indicator, score }) => ({ indicator, name: ITA_INDICATOR_NAMES[indicator] ?? "", score }));
  const [first] = scores;
  if (!first) throw new Error(`the ITA result of ${result.fiscalYear} has no indicator scores`);
  let highest = first;
  let lowest = first;
  for (const entry of scores) {
    if (entry.score > highest.score) highest = entry;
    if (entry.score < lowest.score) lowest = entry;
  }
  const belowTarget = scores
    .filter((entry) => entry.score < ITA_PASS_MARK)
    .sort((a, b) => a.score - b.score || a.indicator - b.indicator);
  const weakestItems = [...result.items]
    .sort((a, b) => a.score - b.score || compareItemCodes(a.code, b.code))
    // A zero is always reported (seed 001 flags O22 at 0.00), even past the five.
    .filter((item, index) => index < WEAKEST_ITEMS || item.score === 0)
    .map(({ code, score }) => ({ code, text: itemText(result.fiscalYear, code), score }));
  const suggestions = belowTarget.map(({ indicator }) => ({
    indicator,
    measures: templates
      .filter((template) => template.active && template.indicator === indicator)
      .map(({ title, method }) => ({ title, method })),
  }));
  return {
    fiscalYear: result.fiscalYear,
    total: result.total,
    highest,
    lowest,
    highestTied: scores.filter((entry) => entry.score === highest.score),
    lowestTied: scores.filter((entry) => entry.score === lowest.score),
    level: result.level ?? null,
    passed: result.total >= ITA_PASS_MARK,
    belowTarget,
    weakestItems,
    suggestions,
  };
}
