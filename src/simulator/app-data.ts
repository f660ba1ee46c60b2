/**
 * What the simulator reads and writes in the bot's own data: a user's role as the bot holds it, and the
 * demo data.
 *
 * The demo data: a few integrity measures of the current fiscal year for the demo unit, so
 * that a staff member's `มาตรการ` journey has something to work on from the first tap. The titles, methods
 * and indicators are rows of a real organisation's published measures table (an ITA evidence file, ตัวชี้วัด
 * ที่ ๑, ๘, ๙ and ๑๐), created through the measures service as an admin's import would be.
 */
import { listMeasures } from "../db/repos/measures.repo";
import { listUnits } from "../db/repos/units.repo";
import { findUser } from "../db/repos/users.repo";
import type { AppDeps } from "../deps";
import { fiscalYearOf, fiscalYearRange } from "../domain/thai-time";
import { commitPlanned } from "../services/commit";
import { planImportMeasures } from "../services/measures.service";
import type { Actor } from "../services/plan";
import type { RoleOf } from "./simulator-backend";

/** The role and unit the bot holds for a LINE user now, or undefined before their first event. */
export function botRoleOf(deps: AppDeps): RoleOf {
  return async (lineUserId) => {
    const user = await findUser(deps.db, lineUserId);
    if (!user) return undefined;
    const unitName = user.unitId
      ? ((await listUnits(deps.db)).find((unit) => unit.id === user.unitId)?.name ?? null)
      : null;
    return { role: user.role, unitId: user.unitId, unitName };
  };
}

const DEMO_ACTOR: Actor = { audit: "simulator-demo", display: "ข้อมูลตัวอย่างของตัวจำลอง" };

/** From the published table: title, ITA indicator, method (steps as written), whole year or first half. */
export const DEMO_MEASURES = [
  {
    title: "โครงการส่งเสริมคุณธรรมและความโปร่งใสในการปฏิบัติงาน",
    indicators: [1],
    method: "๑. จัดอบรมคุณธรรมจริยธรรม ๒. ประชาสัมพันธ์แนวปฏิบัติราชการที่ดี ๓. ติดตามผลการปฏิบัติงาน",
    firstHalfOnly: false,
  },
  {
    title: "โครงการพัฒนาระบบบริการอิเล็กทรอนิกส์ (E-Service)",
    indicators: [8],
    method: "๑. พัฒนาระบบ E-Service ๒. ประชาสัมพันธ์การใช้งาน ๓. ประเมินผลการใช้บริการ",
    firstHalfOnly: false,
  },
  {
    title: "มาตรการพัฒนาการเปิดเผยข้อมูลสาธารณะ",
    indicators: [9],
    method: "๑. จัดทำ Checklist OIT ๒. มอบหมายผู้รับผิดชอบรายข้อ ๓. ตรวจสอบข้อมูลก่อนเผยแพร่",
    firstHalfOnly: true,
  },
  {
    title: "มาตรการยกระดับการป้องกันการทุจริต",
    indicators: [10],
    method: "๑. ทบทวนมาตรการป้องกันการทุจริต ๒. เผยแพร่ผลการดำเนินงาน ๓. รายงานผลต่อผู้บริหาร",
    firstHalfOnly: false,
  },
] as const;

/**
 * Gives the unit the demo measures of the current fiscal year, once: a unit that already has measures
 * this year is left as it is. How many measures were created.
 */
export async function seedDemoMeasures(deps: AppDeps, unitId: string): Promise<number> {
  const fiscalYear = fiscalYearOf(deps.clock.now(), deps.config.timeZone);
  const existing = await listMeasures(deps.db, { fiscalYear, unitId });
  if (existing.length > 0) return 0;
  const range = fiscalYearRange(fiscalYear);
  const measures = DEMO_MEASURES.map((measure) => ({
    fiscalYear,
    title: measure.title,
    indicators: [...measure.indicators],
    method: measure.method,
    unitIds: [unitId],
    startMonth: range.start.slice(0, 7),
    endMonth: (measure.firstHalfOnly ? range.firstHalfEnd : range.end).slice(0, 7),
  }));
  const done = await commitPlanned(
    deps,
    await planImportMeasures(deps, { format: "json", body: { measures } }, DEMO_ACTOR),
    DEMO_ACTOR,
  );
  if (!done.ok) throw new Error(`demo measures refused: ${done.error.message}`);
  return done.value.imported;
}
