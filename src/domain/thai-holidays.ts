import type { IsoDate } from "./thai-time";

/**
 * Thailand's public holidays that fall on the same date every year. Lunar holidays (มาฆบูชา,
 * วิสาขบูชา, อาสาฬหบูชา, เข้าพรรษา) and substitution days move each year: the admin adds them.
 */
const FIXED: ReadonlyArray<readonly [monthDay: string, name: string]> = [
  ["01-01", "วันขึ้นปีใหม่"],
  ["04-06", "วันจักรี"],
  ["04-13", "วันสงกรานต์"],
  ["04-14", "วันสงกรานต์"],
  ["04-15", "วันสงกรานต์"],
  ["05-01", "วันแรงงานแห่งชาติ"],
  ["05-04", "วันฉัตรมงคล"],
  ["06-03", "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี"],
  ["07-28", "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว"],
  ["08-12", "วันแม่แห่งชาติ"],
  ["10-13", "วันนวมินทรมหาราช"],
  ["10-23", "วันปิยมหาราช"],
  ["12-05", "วันพ่อแห่งชาติ"],
  ["12-10", "วันรัฐธรรมนูญ"],
  ["12-31", "วันสิ้นปี"],
];

/** The fixed-date public holidays of one Christian-era year. */
export function fixedHolidays(yearCe: number): Array<{ date: IsoDate; name: string }> {
  return FIXED.map(([monthDay, name]) => ({ date: `${yearCe}-${monthDay}`, name }));
}
