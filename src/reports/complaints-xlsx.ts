/**
 * The complaint statistics workbook, every label in Thai:
 * - สรุป: the six-month and the twelve-month round, each as at its own last day (or the day of the
 *   report while it runs): the table by track and category, then the round's months;
 * - one sheet per month, ต.ค. 2569 … ก.ย. 2570, each as at the month's last day;
 * - ร้องเรียนการทุจริต: the corruption track, counts per month and nothing else;
 * - ทะเบียนรับเรื่อง: the general track's register, one line per complaint, nobody named.
 * A month not yet begun shows "–", not 0.
 */
import { STATUS_LABELS } from "../domain/complaints";
import { thaiLongDate, thaiShortDate } from "../domain/thai-time";
import type { ComplaintStats, StatsBlock, StatsRow } from "./complaint-stats";
import { type Cell, type CellStyle, columnLetter, type SheetSpec, xlsxBytes } from "./xlsx";

export const COMPLAINTS_REPORT_TITLE = "สถิติเรื่องร้องเรียน/ร้องทุกข์";
export const CORRUPTION_SHEET = "ร้องเรียนการทุจริต";
export const REGISTER_SHEET = "ทะเบียนรับเรื่อง";

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
  // Of the resolved: what the complainant said (after the older columns, which stay where they were).
  "แล้วเสร็จ: ผู้ร้องยืนยันว่าแก้ไขแล้ว",
  "แล้วเสร็จ: ปิดโดยผู้ร้องไม่ได้ยืนยัน",
] as const;

const WIDTHS = [30, 9, 11, 10, 11, 10, 10, 11, 12, 10, 11, 10, 12, 12] as const;

const MONTH_COLUMNS = [
  "เดือน",
  "รับเรื่อง",
  "อยู่ระหว่างดำเนินการ",
  "ส่งต่อหน่วยงานอื่น",
  "ดำเนินการแล้วเสร็จ",
  "ไม่รับพิจารณา",
  "เปิดเรื่องอีกครั้ง",
] as const;

const CORRUPTION_COLUMNS = [
  "เดือน",
  "รับเรื่อง",
  "อยู่ระหว่างดำเนินการ",
  "ส่งต่อหน่วยงานอื่น",
  "ดำเนินการแล้วเสร็จ",
  "ไม่รับพิจารณา",
] as const;
const CORRUPTION_WIDTHS = [22, 14, 16, 16, 16, 14] as const;

const REGISTER_COLUMNS = [
  "เลขที่เรื่อง",
  "วันที่รับเรื่อง",
  "ประเภทเรื่อง",
  "หน่วยงานที่รับผิดชอบ",
  "สถานะ",
  "วันทำการที่ใช้",
  "วันครบกำหนด",
] as const;
const REGISTER_WIDTHS = [14, 15, 22, 28, 18, 10, 15] as const;

const NOTES = [
  "หมายเหตุ",
  "- นับเรื่องตามเดือนที่รับเรื่อง สถานะเป็นสถานะ ณ วันสิ้นรอบ (รอบ 6 เดือน 31 มีนาคม รอบ 12 เดือน 30 กันยายน แต่ละเดือน วันสิ้นเดือน) หรือ ณ วันที่จัดทำรายงานหากยังไม่สิ้นรอบ (อยู่ระหว่างดำเนินการ ส่งต่อ แล้วเสร็จ และไม่รับพิจารณา รวมกันเท่ากับจำนวนที่รับเรื่อง)",
  "- เดือนหรือรอบที่ยังมาไม่ถึงแสดงเป็น –",
  "- วันทำการไม่นับวันเสาร์ วันอาทิตย์ และวันหยุดของหน่วยงาน นับจากวันที่รับเรื่องถึงวันที่ดำเนินการแล้วเสร็จ",
  "- เปอร์เซ็นไทล์ที่ 90: จำนวนวันทำการที่เรื่องที่แล้วเสร็จร้อยละ 90 ใช้ไม่เกินจำนวนนี้",
  "- ตอบภายในกำหนด: แล้วเสร็จหรือไม่รับพิจารณาภายในวันครบกำหนด เทียบกับเรื่องที่ปิดแล้วหรือพ้นวันครบกำหนดแล้ว",
  "- เรื่องร้องเรียนการทุจริตและประพฤติมิชอบแสดงเฉพาะจำนวน เพื่อคุ้มครองผู้ร้อง ไม่มีข้อมูลระบุตัวผู้ร้องในรายงานนี้",
];

export interface ComplaintsWorkbookInput {
  orgName: string;
  stats: ComplaintStats;
  /** Every numeral in Thai digits (the organisation's document settings). */
  thaiNumerals?: boolean;
}

const dash = (value: number | null) => (value === null ? "–" : value);

/** A sheet's rows, with a merge over every column for each line of text outside a table. */
class SheetRows {
  readonly rows: Cell[][] = [];
  readonly merges: Array<[string, string]> = [];
  /** Rows that start a new page when printed. */
  readonly breaks: number[] = [];
  constructor(private readonly columns: number) {}

  line(value: string, style: CellStyle): this {
    this.rows.push([{ value, style }]);
    const row = this.rows.length;
    this.merges.push([`A${row}`, `${columnLetter(this.columns - 1)}${row}`]);
    return this;
  }

  /** The next row starts a new page (the first round's table is not left without its second). */
  newPage(): this {
    if (this.rows.length > 0) this.breaks.push(this.rows.length + 1);
    return this;
  }

  blank(): this {
    this.rows.push([]);
    return this;
  }

  header(titles: readonly string[]): this {
    this.rows.push(titles.map((value) => ({ value, style: "header" as const })));
    return this;
  }

  push(...rows: Cell[][]): this {
    this.rows.push(...rows);
    return this;
  }
}

const statusLine = (asOf: string | null, notYet: string) =>
  asOf === null ? notYet : `สถานะ ณ วันที่ ${thaiLongDate(asOf)}`;

function statsCells(label: string, row: StatsRow, bold: boolean, begun: boolean): Cell[] {
  const text: CellStyle = bold ? "total" : "text";
  const number: CellStyle = bold ? "totalNumber" : "number";
  const values = begun
    ? [
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
        row.confirmedFixed,
        row.notConfirmed,
      ]
    : Array.from({ length: STATS_COLUMNS.length - 1 }, () => "–");
  return [{ value: label, style: text }, ...values.map((value) => ({ value, style: number }))];
}

/** The rows of one block's table: all, each track, each general category. */
function blockRows(block: StatsBlock): Cell[][] {
  const begun = block.asOf !== null;
  const rows: Cell[][] = [
    STATS_COLUMNS.map((title) => ({ value: title, style: "header" as const })),
    statsCells("รวมทั้งหมด", block.total, true, begun),
  ];
  for (const track of block.tracks) {
    rows.push(statsCells(track.label, track.total, true, begun));
    for (const { category, stats } of track.categories)
      rows.push(statsCells(`   ${category}`, stats, false, begun));
  }
  return rows;
}

/** A labelled row of counts by status (and reopened, if asked); "–" for what has not begun. */
function countCells(label: string, row: StatsRow, begun: boolean, reopened: boolean, bold = false): Cell[] {
  const counts = [row.received, row.inProgress, row.forwarded, row.resolved, row.rejected];
  if (reopened) counts.push(row.reopened);
  return [
    { value: label, style: bold ? "total" : "text" },
    ...counts.map((count): Cell => ({ value: begun ? count : "–", style: bold ? "totalNumber" : "number" })),
  ];
}

function heading(sheet: SheetRows, input: ComplaintsWorkbookInput, second: string, asOf: string | null) {
  const { stats } = input;
  sheet
    .line(`${COMPLAINTS_REPORT_TITLE} ประจำปีงบประมาณ พ.ศ. ${stats.fiscalYear}`, "title")
    .line(`${input.orgName} ${second}`, "subtitle")
    .line(statusLine(asOf, "ยังไม่ถึงเดือนนี้ จึงยังไม่มีข้อมูล"), "plain");
}

function summarySheet(input: ComplaintsWorkbookInput): SheetSpec {
  const sheet = new SheetRows(STATS_COLUMNS.length);
  heading(sheet, input, "สรุปรายรอบและรายเดือน", input.stats.asOf);
  sheet.blank();
  input.stats.periods.forEach((period, i) => {
    if (i > 0) sheet.newPage();
    sheet
      .line(period.label, "subtitle")
      .line(statusLine(period.asOf, "ยังไม่ถึงรอบนี้ จึงยังไม่มีข้อมูล"), "plain")
      .push(...blockRows(period))
      .blank()
      .line(`${period.label} รายเดือน (ทั้งสองประเภท)`, "subtitle")
      .header(MONTH_COLUMNS)
      .push(...period.months.map((month) => countCells(month.label, month.total, month.asOf !== null, true)))
      .blank();
  });
  for (const note of NOTES) sheet.line(note, "plain");
  return {
    name: "สรุป",
    widths: WIDTHS,
    rows: sheet.rows,
    merges: sheet.merges,
    printTitles: [1, 3],
    pageBreaksBefore: sheet.breaks,
  };
}

function monthSheet(input: ComplaintsWorkbookInput, month: StatsBlock): SheetSpec {
  const sheet = new SheetRows(STATS_COLUMNS.length);
  heading(sheet, input, `ประจำเดือน ${month.label}`, month.asOf);
  sheet.push(...blockRows(month));
  return {
    name: month.label,
    widths: WIDTHS,
    rows: sheet.rows,
    merges: sheet.merges,
    freezeRows: 4,
    printTitles: [4, 4],
  };
}

/** The corruption track: how many, per month and round, by status. Nothing else. */
function corruptionSheet(input: ComplaintsWorkbookInput): SheetSpec {
  const { stats } = input;
  const sheet = new SheetRows(CORRUPTION_COLUMNS.length);
  sheet
    .line(`สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. ${stats.fiscalYear}`, "title")
    .line(input.orgName, "subtitle")
    .line("แสดงเฉพาะจำนวนเรื่อง เพื่อคุ้มครองผู้ร้อง", "plain")
    .blank();
  const corruption = (block: StatsBlock) => block.tracks.find((track) => track.track === "corruption");
  stats.periods.forEach((period, i) => {
    if (i > 0) sheet.newPage();
    const total = corruption(period)?.total;
    sheet
      .line(period.label, "subtitle")
      .line(statusLine(period.asOf, "ยังไม่ถึงรอบนี้ จึงยังไม่มีข้อมูล"), "plain")
      .header(CORRUPTION_COLUMNS);
    for (const month of period.months) {
      const row = corruption(month)?.total;
      if (row) sheet.push(countCells(month.label, row, month.asOf !== null, false));
    }
    if (total) sheet.push(countCells("รวม", total, period.asOf !== null, false, true));
    sheet.blank();
  });
  return {
    name: CORRUPTION_SHEET,
    widths: CORRUPTION_WIDTHS,
    rows: sheet.rows,
    merges: sheet.merges,
    printTitles: [1, 3],
    pageBreaksBefore: sheet.breaks,
  };
}

/** `thaiShortDate`, each day formatted once (a year's register has thousands of lines, 365 days). */
function shortDates(): (date: string) => string {
  const known = new Map<string, string>();
  return (date) => {
    let text = known.get(date);
    if (text === undefined) {
      text = thaiShortDate(date);
      known.set(date, text);
    }
    return text;
  };
}

/** The general track's register: one line per complaint, in the order they were received. */
function registerSheet(input: ComplaintsWorkbookInput): SheetSpec {
  const { stats } = input;
  const sheet = new SheetRows(REGISTER_COLUMNS.length);
  sheet
    .line(`ทะเบียนรับเรื่องร้องทุกข์ ประจำปีงบประมาณ พ.ศ. ${stats.fiscalYear}`, "title")
    .line(input.orgName, "subtitle")
    .line(statusLine(stats.periods[1]?.asOf ?? null, "ยังไม่ถึงปีงบประมาณนี้ จึงยังไม่มีข้อมูล"), "plain")
    .header(REGISTER_COLUMNS);
  if (stats.register.length === 0) sheet.line("ยังไม่มีเรื่องร้องทุกข์ในปีงบประมาณนี้", "plain");
  const date = shortDates();
  for (const entry of stats.register) {
    sheet.push([
      entry.trackingCode,
      date(entry.received),
      entry.category,
      entry.unit ?? "–",
      STATUS_LABELS[entry.status],
      { value: entry.workingDays, style: "centred" },
      date(entry.dueDate),
    ]);
  }
  sheet
    .blank()
    .line(
      "วันทำการที่ใช้: นับจากวันที่รับเรื่องถึงวันที่ดำเนินการแล้วเสร็จหรือไม่รับพิจารณา เรื่องที่ยังไม่ปิดนับถึงวันที่ระบุข้างต้น ไม่นับวันเสาร์ วันอาทิตย์ และวันหยุดของหน่วยงาน",
      "plain",
    )
    .line("เรื่องร้องเรียนการทุจริตและประพฤติมิชอบไม่อยู่ในทะเบียนนี้ (แสดงเฉพาะจำนวน)", "plain");
  return {
    name: REGISTER_SHEET,
    widths: REGISTER_WIDTHS,
    rows: sheet.rows,
    merges: sheet.merges,
    freezeRows: 4,
    printTitles: [4, 4],
  };
}

export async function complaintsXlsx(input: ComplaintsWorkbookInput): Promise<Uint8Array> {
  return xlsxBytes(
    [
      summarySheet(input),
      ...input.stats.monthEnds.map((month) => monthSheet(input, month)),
      corruptionSheet(input),
      registerSheet(input),
    ],
    { thaiNumerals: input.thaiNumerals },
  );
}
