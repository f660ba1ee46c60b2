/**
 * The EIT pulse summary as its own workbook (not a sheet of the complaints workbook, which officers
 * publish for the OIT item on complaint statistics as it is): responses against the NACC's sample
 * target, then the score of each indicator (6–8) and each item (e1–e9) with its responses.
 */
import { thaiLongDate } from "../domain/thai-time";
import { type Cell, xlsxBytes } from "./xlsx";

export const EIT_REPORT_TITLE = "สรุปผลแบบสอบถามความคิดเห็นผู้รับบริการ (EIT) ภายในหน่วยงาน";

export interface EitWorkbookInput {
  orgName: string;
  fiscalYear: number;
  /** `YYYY-MM-DD`: the day the figures were taken. */
  asOf: string;
  respondents: number;
  sampleTarget: number;
  invited: number;
  serviceUsers: number;
  indicators: ReadonlyArray<{ indicator: number; name: string; score: number | null }>;
  items: ReadonlyArray<{
    code: string;
    indicator: number;
    text: string;
    score: number | null;
    responses: number;
  }>;
  /** Every numeral in Thai digits (the organisation's document settings). */
  thaiNumerals?: boolean;
}

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : "–");

export async function eitXlsx(input: EitWorkbookInput): Promise<Uint8Array> {
  const header = (titles: string[]): Cell[] => titles.map((value) => ({ value, style: "header" as const }));
  const rows: Cell[][] = [
    [{ value: `${EIT_REPORT_TITLE} ประจำปีงบประมาณ พ.ศ. ${input.fiscalYear}`, style: "title" }],
    [{ value: input.orgName, style: "subtitle" }],
    [{ value: `ข้อมูล ณ วันที่ ${thaiLongDate(input.asOf)}`, style: "plain" }],
    [],
    header(["รายการ", "จำนวน", "ร้อยละของเป้าหมาย"]),
    ["ผู้ตอบแบบสอบถาม (คน)", input.respondents, share(input.respondents, input.sampleTarget)],
    ["เป้าหมายกลุ่มตัวอย่าง (ร้อยละ 10 ของผู้รับบริการ อย่างน้อย 30 คน)", input.sampleTarget, 100],
    ["ผู้รับบริการที่ได้รับเชิญตอบแบบวัด EIT ของ ป.ป.ช.", input.invited, share(input.invited, input.sampleTarget)],
    ["ผู้รับบริการ (ผู้ยื่นเรื่องในปีงบประมาณ)", input.serviceUsers, "–"],
    [],
    header(["ตัวชี้วัด", "คะแนน (0–100)", ""]),
    ...input.indicators.map((row): Cell[] => [`ตัวชี้วัดที่ ${row.indicator} ${row.name}`, row.score ?? "–", ""]),
    [],
    header(["ข้อคำถาม", "คะแนน (0–100)", "จำนวนผู้ตอบ", "ผู้ตอบเทียบเป้าหมาย (ร้อยละ)"]),
    ...input.items.map((item): Cell[] => [
      `${item.code} (ตัวชี้วัดที่ ${item.indicator}) ${item.text}`,
      item.score ?? "–",
      item.responses,
      share(item.responses, input.sampleTarget),
    ]),
  ];
  return xlsxBytes(
    [
      {
        name: "EIT",
        widths: [80, 16, 16, 22],
        rows,
        merges: [
          ["A1", "D1"],
          ["A2", "D2"],
          ["A3", "D3"],
        ],
        printTitles: [1, 2],
      },
    ],
    { thaiNumerals: input.thaiNumerals },
  );
}
