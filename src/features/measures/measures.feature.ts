import { type MeasureCardView, measureCarousel } from "../../../flex-templates/measure.flex";
import type { Postback } from "../../bot/commands";
import type { BotContext } from "../../bot/context";
import { listMeasures } from "../../db/repos/measures.repo";
import { findUnit } from "../../db/repos/units.repo";
import type { Measure } from "../../db/schema";
import {
  byUrgency,
  indicatorsText,
  isMeasureOverdue,
  isMeasureStale,
  MEASURE_STATUS_LABELS,
  MEASURES_SHOWN,
} from "../../domain/measures";
import { STAFF, workScopeOf } from "../../domain/roles";
import { fiscalYearOf, localDate, thaiMonthYear, thaiShortDate } from "../../domain/thai-time";
import { textMessage } from "../../line/messages";
import { findWorkedMeasure } from "../../services/progress.service";
import { measurePostbackData, NOT_YOUR_MEASURE, startProgress } from "./progress.flow";

const MENU = { label: "เมนู" };

/** Integrity officers work the corruption track; measures are the units' staff's to log. */
const NO_UNIT_MEASURES =
  "เจ้าหน้าที่ตรวจสอบภายในดูแลเรื่องร้องเรียนการทุจริต ส่วนมาตรการบันทึกโดยเจ้าหน้าที่ของหน่วยงานที่รับผิดชอบ";

function cardOf(ctx: BotContext, measure: Measure): MeasureCardView {
  const { timeZone } = ctx.deps.config;
  return {
    title: measure.title,
    indicators: indicatorsText(measure.indicators),
    percent: measure.percent,
    status: measure.status,
    statusLabel: MEASURE_STATUS_LABELS[measure.status],
    lastUpdate:
      measure.lastProgressAt === null ? null : thaiShortDate(localDate(measure.lastProgressAt, timeZone)),
    due: thaiMonthYear(measure.endMonth),
    overdue: isMeasureOverdue(measure, ctx.now, timeZone),
    stale: isMeasureStale(measure, ctx.now),
    log: { data: measurePostbackData(measure.id), displayText: `บันทึกความก้าวหน้า: ${measure.title}` },
  };
}

/**
 * `มาตรการ` (staff and integrity officers; the command registry checks the role): the unit's measures
 * of the current fiscal year, most urgent first, each with a button to log progress, for staff of a
 * unit (`workScopeOf`); integrity officers are told measures are the units' to log.
 *
 * Picking a measure is the first step of a journey, so a flow left half-way is dropped here, as a
 * new `ร้องเรียน` would drop it (its postback would otherwise be taken as that flow's answer).
 */
export async function startMeasures(ctx: BotContext): Promise<void> {
  const { deps, user } = ctx;
  if (ctx.conversation) await ctx.abandonFlow();
  const scope = workScopeOf(user);
  if (scope.kind === "corruption") {
    ctx.reply(textMessage(NO_UNIT_MEASURES, [MENU]));
    return;
  }
  const unit = scope.kind === "unit" ? await findUnit(deps.db, scope.unitId) : undefined;
  if (!unit) {
    ctx.reply(textMessage("บัญชีของคุณยังไม่ได้ผูกกับหน่วยงาน จึงยังไม่มีมาตรการให้บันทึก โปรดติดต่อผู้ดูแลระบบ", [MENU]));
    return;
  }
  const fiscalYear = fiscalYearOf(ctx.now, deps.config.timeZone);
  const measures = await listMeasures(deps.db, { fiscalYear, unitId: unit.id });
  if (measures.length === 0) {
    ctx.reply(
      textMessage(
        `ยังไม่มีมาตรการของ${unit.name}ในปีงบประมาณ ${fiscalYear} เมื่อผู้ดูแลระบบนำเข้ามาตรการแล้ว พิมพ์ "มาตรการ" อีกครั้ง`,
        [MENU],
      ),
    );
    return;
  }
  const urgent = byUrgency(measures, ctx.now, deps.config.timeZone);
  const shown = urgent.slice(0, MEASURES_SHOWN);
  ctx.reply(
    measureCarousel(
      shown.map((measure) => cardOf(ctx, measure)),
      { unitName: unit.name, fiscalYear },
    ),
  );
  const more = measures.length - shown.length;
  if (more > 0) {
    ctx.reply(
      textMessage(
        `แสดง ${shown.length} มาตรการที่เร่งด่วนที่สุด จากทั้งหมด ${measures.length} มาตรการ (ยังมีอีก ${more} มาตรการที่ไม่ได้แสดง)`,
      ),
    );
  }
}

/**
 * `a=measure&id=…`: the carousel's button; only for a measure of the user's own unit (a citizen with an
 * old button, another unit's staff, a removed measure all get the same polite refusal).
 */
async function logProgress(ctx: BotContext, params: URLSearchParams): Promise<void> {
  const measure = await findWorkedMeasure(ctx.deps, ctx.user, params.get("id") ?? "");
  if (!measure) {
    ctx.reply(textMessage(NOT_YOUR_MEASURE, [MENU]));
    return;
  }
  await startProgress(ctx, measure);
}

export const measurePostbacks: Postback[] = [
  { action: "measure", roles: STAFF, refusal: NOT_YOUR_MEASURE, run: logProgress },
];
