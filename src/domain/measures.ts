/**
 * Integrity measures (มาตรการส่งเสริมคุณธรรมและความโปร่งใส): their statuses as the six-month report
 * and e-PlanNACC write them, when a measure is overdue or stale (CONTRACT.md › Chat contract), and
 * what a progress entry may hold.
 */

import type { CannotDoReason, Measure, MeasureStatus } from "../db/schema";
import { ITA_INDICATOR_NAMES } from "./ita-catalogue";
import { asciiDigits } from "./thai-digits";
import { localDate } from "./thai-time";

/** The indicator names live in the ITA catalogue; re-exported for the code that reads them here. */
export { ITA_INDICATOR_NAMES };

export const MEASURE_STATUS_LABELS: Record<MeasureStatus, string> = {
  not_started: "ยังไม่เริ่ม",
  in_progress: "กำลังดำเนินการ",
  done: "ดำเนินการแล้วเสร็จ",
  cannot_do: "ไม่สามารถดำเนินการได้",
};

/** e-PlanNACC's reasons a measure cannot be done, as its form words them (chat choices, documents). */
export const CANNOT_DO_REASON_LABELS: Record<CannotDoReason, string> = {
  no_budget: "ไม่มีงบประมาณ",
  policy_changed: "นโยบายผู้บริหารเปลี่ยน",
  not_enough_staff: "บุคลากรไม่เพียงพอ",
  other: "อื่น ๆ",
};

/** The statuses a progress entry may set (a measure starts `not_started`; nobody logs back to it). */
export const PROGRESS_STATUSES = ["in_progress", "done", "cannot_do"] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** "ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่, 9 การเปิดเผยข้อมูล" without the prefix. */
export function indicatorsText(indicators: readonly number[]): string {
  return indicators
    .map((n) => (ITA_INDICATOR_NAMES[n] ? `${n} ${ITA_INDICATOR_NAMES[n]}` : String(n)))
    .join(", ");
}

/** A measure with no progress for this long is stale. */
export const STALE_DAYS = 30;
const STALE_MS = STALE_DAYS * 24 * 60 * 60 * 1000;

/** What was done, a reason for `cannot_do`, a suggestion: counted in characters as people see them. */
export const PROGRESS_TEXT_MIN = 3;
export const PROGRESS_TEXT_MAX = 2000;
export const PROGRESS_MAX_PHOTOS = 5;

/** The carousel shows at most this many measures (LINE's carousel limit). */
export const MEASURES_SHOWN = 12;

/** The local month an instant falls in, `YYYY-MM`, in the organisation's time zone. */
export function localMonth(ms: number, timeZone: string): string {
  return localDate(ms, timeZone).slice(0, 7);
}

type MeasureState = Pick<Measure, "status" | "endMonth" | "lastProgressAt" | "createdAt">;

/** Overdue: its end month has passed (in the organisation's time zone) and it is not done. */
export function isMeasureOverdue(measure: MeasureState, now: number, timeZone: string): boolean {
  return measure.status !== "done" && measure.endMonth < localMonth(now, timeZone);
}

/**
 * Stale: not done, and no progress for 30 days — or none at all since it was created 30+ days ago.
 * (A measure marked `cannot_do` counts too: the contract says "not done".)
 */
export function isMeasureStale(measure: MeasureState, now: number): boolean {
  if (measure.status === "done") return false;
  return now - (measure.lastProgressAt ?? measure.createdAt) >= STALE_MS;
}

/**
 * The most urgent first: overdue (oldest end month first), then stale, then the nearest end month;
 * done measures last. Ties keep the given order (the order they were created).
 */
export function byUrgency<M extends MeasureState>(
  measures: readonly M[],
  now: number,
  timeZone: string,
): M[] {
  const keyed = measures.map((measure, index) => ({
    measure,
    index,
    done: measure.status === "done" ? 1 : 0,
    overdue: isMeasureOverdue(measure, now, timeZone) ? 0 : 1,
    stale: isMeasureStale(measure, now) ? 0 : 1,
  }));
  keyed.sort(
    (a, b) =>
      a.done - b.done ||
      a.overdue - b.overdue ||
      a.stale - b.stale ||
      a.measure.endMonth.localeCompare(b.measure.endMonth) ||
      a.index - b.index,
  );
  return keyed.map((entry) => entry.measure);
}

/**
 * A typed percent: `60`, `60%`, `๘๐`, `ร้อยละ 60`, `60 เปอร์เซ็นต์` → 60. Whole numbers 0–100 only;
 * anything else is undefined.
 */
export function parsePercent(text: string): number | undefined {
  const match = /^(?:ร้อยละ\s*)?(\d{1,3})\s*(?:%|％|เปอร์เซ็นต์)?$/.exec(asciiDigits(text.trim()));
  if (!match?.[1]) return undefined;
  const value = Number(match[1]);
  return value >= 0 && value <= 100 ? value : undefined;
}

/** Who logged a progress entry, as people see it: "สมศรี (กองช่าง)"; never a LINE id. */
export function progressAuthor(displayName: string | null, unitName: string | null): string {
  const name = displayName?.trim() || "เจ้าหน้าที่";
  return unitName ? `${name} (${unitName})` : name;
}
