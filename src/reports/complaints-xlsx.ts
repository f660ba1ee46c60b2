/**
 * The complaint statistics workbook: a summary sheet (the six-month and twelve-month rounds, then
 * the months side by side) and one sheet per month, ต.ค. 2569 … ก.ย. 2570.
 */
import { thaiLongDate } from "../domain/thai-time";
import type { ComplaintStats, StatsBlock, StatsRow } from "./complaint-stats";
import { type Cell, type CellStyle, columnLetter, type SheetSpec, xlsxBytes } from "./xlsx";

export const COMPLAINTS_REPORT_TITLE = "สถิติเรื่องร้องเรียน/ร้องทุกข์";

export const STATS_COLUMNS = [
  "ประเภท / หมวดหมู่",
  "รับเรื่อง",
  "อยู่ระหว่างดำเนินการ",
  "ส่งต่อหน่วยงานอื่น",
  "ดำเนินการแล้วเสร็จ",
  "ไม่รับพิจารณา",
  "เปิดเรื่องอีกครั้ง",
  "วันทำการเฉลี่ยจนแล้วเสร็จ",
  "วันทำการจนแล้วเสร็จ (เปอร์เซ็นไทล์ที่ 90)",
  "ตอบภายในกำหนด (เรื่อง)",
  "ครบกำหนดหรือปิดแล้ว (เรื่อง)",
  "ตอบภายในกำหนด (ร้อยละ)",
] as const;

const WIDTHS = [42, 11, 14, 13, 14, 12, 12, 14, 17, 14, 14, 13] as const;

const NOTES = [
  "หมายเหตุ",
  "- นับเรื่องตามเดือนที่รับเรื่อง สถานะเป็นสถานะ ณ วันที่ระบุข้างต้น (อยู่ระหว่างดำเนินการ ส่งต่อ แล้วเสร็จ และไม่รับพิจารณา รวมกันเท่ากับจำนวนที่รับเรื่อง)",
  "- วันทำการไม่นับวันเสาร์ วันอาทิตย์ และวันหยุดของหน่วยงาน นับจากวันที่รับเรื่องถึงวันที่ดำเนินการแล้วเสร็จ",
  "- เปอร์เซ็นไทล์ที่ 90: จำนวนวันทำการที่เรื่องที่แล้วเสร็จร้อยละ 90 ใช้ไม่เกินจำนวนนี้",
  "- ตอบภายในกำหนด: แล้วเสร็จหรือไม่รับพิจารณาภายในวันครบกำหนด เทียบกับเรื่องที่ปิดแล้วหรือพ้นวันครบกำหนดแล้ว",
  "- เรื่องร้องเรียนการทุจริตและประพฤติมิชอบแสดงเฉพาะจำนวน เพื่อคุ้มครองผู้ร้อง ไม่มีข้อมูลระบุตัวผู้ร้องในรายงานนี้",
];

export interface ComplaintsWorkbookInput {
  orgName: string;
  stats: ComplaintStats;
}

const dash = (value: number | null) => (value === null ? "–" : value);

function statsCells(label: string, row: StatsRow, bold: boolean): Cell[] {
  const text: CellStyle = bold ? "total" : "text";
  const number: CellStyle = bold ? "totalNumber" : "number";
  return [
    { value: label, style: text },
    ...[
      row.received,
      row.inProgress,
      row.forwarded,
      row.resolved,
      row.rejected,
      row.reopened,
      dash(row.averageDays),
      dash(row.p90Days),
      dash(row.withinDeadline),
      dash(row.dueKnown),
      dash(row.withinDeadlineShare),
    ].map((value) => ({ value, style: number })),
  ];
}

/** The rows of one block's table: all, each track, each general category. */
function blockRows(block: StatsBlock): Cell[][] {
  const rows: Cell[][] = [
    STATS_COLUMNS.map((title) => ({ value: title, style: "header" as const })),
    statsCells("รวมทั้งหมด", block.total, true),
  ];
  for (const track of block.tracks) {
    rows.push(statsCells(track.label, track.total, true));
    for (const { category, stats } of track.categories) rows.push(statsCells(`   ${category}`, stats, false));
  }
  return rows;
}

function heading(input: ComplaintsWorkbookInput, second: string): Cell[][] {
  const { stats } = input;
  return [
    [{ value: `${COMPLAINTS_REPORT_TITLE} ประจำปีงบประมาณ พ.ศ. ${stats.fiscalYear}`, style: "title" }],
    [{ value: `${input.orgName} ${second}`, style: "subtitle" }],
    [{ value: `สถานะ ณ วันที่ ${thaiLongDate(stats.asOf)}`, style: "plain" }],
  ];
}

function titleMerges(count: number): Array<[string, string]> {
  const last = columnLetter(STATS_COLUMNS.length - 1);
  return Array.from({ length: count }, (_, i) => [`A${i + 1}`, `${last}${i + 1}`]);
}

export async function complaintsXlsx(input: ComplaintsWorkbookInput): Promise<Uint8Array> {
  const { stats } = input;
  const summary: Cell[][] = [...heading(input, "สรุปรายรอบและรายเดือน"), []];
  for (const period of stats.periods) {
    summary.push([{ value: period.label, style: "subtitle" }], ...blockRows(period), []);
  }
  summary.push([{ value: "รายเดือน (ทั้งสองประเภท)", style: "subtitle" }]);
  summary.push(
    [
      "เดือน",
      "รับเรื่อง",
      "อยู่ระหว่างดำเนินการ",
      "ส่งต่อหน่วยงานอื่น",
      "ดำเนินการแล้วเสร็จ",
      "ไม่รับพิจารณา",
      "เปิดเรื่องอีกครั้ง",
    ].map((title) => ({ value: title, style: "header" as const })),
  );
  for (const month of stats.months) {
    const t = month.total;
    summary.push([month.label, t.received, t.inProgress, t.forwarded, t.resolved, t.rejected, t.reopened]);
  }
  summary.push([], ...NOTES.map((note): Cell[] => [{ value: note, style: "plain" }]));

  const sheets: SheetSpec[] = [
    { name: "สรุป", widths: WIDTHS, rows: summary, merges: titleMerges(3), landscape: true },
    ...stats.months.map(
      (month): SheetSpec => ({
        name: month.label,
        widths: WIDTHS,
        rows: [...heading(input, `ประจำเดือน ${month.label}`), ...blockRows(month)],
        merges: titleMerges(3),
        freezeRows: 4,
        landscape: true,
      }),
    ),
  ];
  return xlsxBytes(sheets);
}
