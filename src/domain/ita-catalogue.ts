/**
 * The ITA (Integrity and Transparency Assessment) catalogue: the ten indicators, and the question
 * items of each assessment year with their Thai texts. The NACC renumbers and rewords the items
 * every few years, so items are kept per version, keyed by the B.E. fiscal year the version was
 * first seen in; `catalogueFor(year)` answers the newest version not after that year.
 *
 * Versions we hold, and where each comes from (`/work/shared/seeds/`):
 * - **2564** — seed 004 (อบต.ลาดหญ้า, analysis of its ITA 2564 result): IIT i1–i30, EIT e1–e15,
 *   OIT o1–o43, as that document counts them ("IIT จำนวน ๓๐ ข้อ", "EIT จำนวน ๑๕ ข้อ", "OIT จำนวน ๔๓
 *   ข้อ"). It quotes only the items the organisation scored low on, so only those have a text here;
 *   the others are known by code and indicator (six IIT items per indicator 1–5, five EIT items per
 *   indicator 6–8, o1–o33 indicator 9 and o34–o43 indicator 10, as that document groups them).
 *   Its EIT numbering is the organisation's: e4–e8 may sit one lower than in the NACC's form.
 * - **2568** — seed 001 (อบต.กุดรัง, its ITA 2568 score tables): every item with its text, IIT
 *   i1–i15 (three per indicator), EIT e1–e9 (three per indicator; the texts are `EIT_ITEMS` of
 *   `eit.ts`, the same EitPublic form), OIT o1–o28 with their group headings.
 *
 * Years 2565–2567 therefore read the 2564 version and 2569 onward the 2568 version, until a seed of
 * a newer form is added. Texts are the seeds' with line-break artefacts and plain typing slips
 * mended (เผื่อระวัง → เฝ้าระวัง, คุ่มค่า → คุ้มค่า, ฐานะส่วนตัว → เรื่องส่วนตัว, เจตนาธรรมเนียม →
 * เจตนารมณ์, "ไม่เป็นไปตามระยะเวลา" → "เป็นไปตามระยะเวลา" in e1 of 2564, อย่างน้อยเพียงใด →
 * มากน้อยเพียงใด); an item that
 * names a year names it relative to the assessment year (`{year}`, `{previousYear}`), so the 2568
 * texts read right for 2569 too.
 */

import { EIT_ITEMS } from "./eit";
import { asciiDigits } from "./thai-digits";

export type ItaTool = "IIT" | "EIT" | "OIT";

/** An indicator passes at this score (the NACC's target since ITA 2564). */
export const ITA_PASS_MARK = 85;

export const ITA_INDICATORS: ReadonlyArray<{ indicator: number; name: string; tool: ItaTool }> = [
  { indicator: 1, name: "การปฏิบัติหน้าที่", tool: "IIT" },
  { indicator: 2, name: "การใช้งบประมาณ", tool: "IIT" },
  { indicator: 3, name: "การใช้อำนาจ", tool: "IIT" },
  { indicator: 4, name: "การใช้ทรัพย์สินของราชการ", tool: "IIT" },
  { indicator: 5, name: "การแก้ไขปัญหาการทุจริต", tool: "IIT" },
  { indicator: 6, name: "คุณภาพการดำเนินงาน", tool: "EIT" },
  { indicator: 7, name: "ประสิทธิภาพการสื่อสาร", tool: "EIT" },
  { indicator: 8, name: "การปรับปรุงการทำงาน", tool: "EIT" },
  { indicator: 9, name: "การเปิดเผยข้อมูล", tool: "OIT" },
  { indicator: 10, name: "การป้องกันการทุจริต", tool: "OIT" },
];

/** The ten ITA indicators a measure may address (แบบวัด IIT 1–5, EIT 6–8, OIT 9–10). */
export const ITA_INDICATOR_NAMES: Record<number, string> = Object.fromEntries(
  ITA_INDICATORS.map(({ indicator, name }) => [indicator, name]),
);

/** Other spellings of an indicator's name seen in the documents. */
const INDICATOR_ALIASES: ReadonlyArray<readonly [string, number]> = [
  ["การใช้ทรัพย์สินของทางราชการ", 4],
  ["การใช้ทรัพย์สินราชการ", 4],
  ["การเปิดเผยข้อมูลสาธารณะ", 9],
];

const nameKey = (text: string) => text.replace(/[\s\u200b-\u200d\ufeff]+/g, "");

const INDICATOR_BY_NAME = new Map<string, number>([
  ...ITA_INDICATORS.map(({ indicator, name }) => [nameKey(name), indicator] as const),
  ...INDICATOR_ALIASES.map(([name, indicator]) => [nameKey(name), indicator] as const),
]);

/**
 * The indicator a cell names: its name exactly (spaces ignored, known variants accepted), or a text
 * that contains exactly one indicator's name ("OIT การเปิดเผยข้อมูล"); undefined otherwise.
 */
export function indicatorByName(text: string): number | undefined {
  const key = nameKey(text);
  if (!key) return undefined;
  const exact = INDICATOR_BY_NAME.get(key);
  if (exact !== undefined) return exact;
  const found = new Set<number>();
  for (const [name, indicator] of INDICATOR_BY_NAME) if (key.includes(name)) found.add(indicator);
  return found.size === 1 ? [...found][0] : undefined;
}

/** Topics the reports look an OIT item up by: which item a published report answers. */
export const OIT_TOPICS = [
  "complaint-statistics",
  "service-statistics",
  "measures-report",
  // The year's measures as announced, with the analysis of the last ITA result they come from.
  "measures-plan",
] as const;
export type OitTopic = (typeof OIT_TOPICS)[number];

export interface ItaItem {
  /** `i1`, `e1`, `o1`: lower case, no leading zeros. */
  code: string;
  indicator: number;
  text: string;
  /** OIT: the group heading the item sits under in the NACC's form, when the seed shows it. */
  group?: string;
  topic?: OitTopic;
}

export interface ItaCatalogue {
  /** The first fiscal year of this version. */
  version: number;
  /** Where its items come from. */
  source: string;
  /** How many items each tool has: codes run i1…i{i}, e1…e{e}, o1…o{o}. */
  counts: { i: number; e: number; o: number };
  /** The items that have a text, in the form's order, with year references filled in. */
  items: readonly ItaItem[];
  /** The indicator of any item code of this version (with or without a text). */
  indicatorOf(code: string): number | undefined;
}

type Prefix = "i" | "e" | "o";
type ItemEntry = readonly [number: number, text: string, extra?: { group?: string; topic?: OitTopic }];

interface Version {
  version: number;
  source: string;
  counts: Record<Prefix, number>;
  indicatorOf: Record<Prefix, (n: number) => number>;
  items: Record<Prefix, readonly ItemEntry[]>;
}

const VERSIONS: readonly Version[] = [
  {
    version: 2564,
    source: "seed 004: ITA 2564 analysis of อบต.ลาดหญ้า (items it scored low on)",
    counts: { i: 30, e: 15, o: 43 },
    indicatorOf: {
      i: (n) => Math.ceil(n / 6),
      e: (n) => 5 + Math.ceil(n / 5),
      o: (n) => (n <= 33 ? 9 : 10),
    },
    items: {
      i: [
        [1, "บุคลากรในหน่วยงานของท่าน ปฏิบัติงานหรือให้บริการแก่ผู้มาติดต่อ เป็นไปตามขั้นตอน/ระยะเวลาที่กำหนด"],
        [2, "บุคลากรในหน่วยงานของท่าน ปฏิบัติงานหรือให้บริการแก่ผู้มาติดต่อทั่วไป กับผู้มาติดต่อที่รู้จักกันเป็นการส่วนตัว อย่างเท่าเทียมกัน"],
        [
          3,
          "บุคลากรในหน่วยงานของท่าน มีพฤติกรรมในการปฏิบัติงาน: มุ่งเน้นผลสำเร็จของงาน ให้ความสำคัญกับงานมากกว่าเรื่องส่วนตัว พร้อมรับผิดชอบ หากความผิดเกิดจากตนเอง",
        ],
        [7, "ท่านรู้เกี่ยวกับแผนการใช้จ่ายเงินงบประมาณประจำปีของหน่วยงานของท่าน"],
        [8, "หน่วยงานของท่านใช้จ่ายงบประมาณโดยคำนึงถึงประเด็นต่อไปนี้: คุ้มค่า ไม่บิดเบือนวัตถุประสงค์ของงบประมาณที่ตั้งไว้"],
        [21, "ถ้าต้องมีการขอยืมทรัพย์สินของทางราชการไปใช้ปฏิบัติงาน บุคลากรในหน่วยงานของท่านมีการขออนุญาตอย่างถูกต้อง"],
        [23, "ท่านรู้แนวปฏิบัติของหน่วยงานของท่าน เกี่ยวกับการใช้ทรัพย์สินของราชการที่ถูกต้อง"],
        [
          24,
          "หน่วยงานของท่าน มีการกำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ เพื่อป้องกันไม่ให้มีการนำไปใช้ประโยชน์ส่วนตัว กลุ่ม หรือพวกพ้อง",
        ],
        [25, "ผู้บริหารสูงสุดของหน่วยงานของท่านให้ความสำคัญกับการต่อต้านการทุจริต"],
        [27, "ปัญหาการทุจริตในหน่วยงานของท่าน ได้รับการแก้ไข"],
        [
          28,
          "หน่วยงานของท่านมีการดำเนินการต่อการทุจริตในหน่วยงาน: เฝ้าระวังการทุจริต ตรวจสอบการทุจริต ลงโทษทางวินัยเมื่อมีการทุจริต",
        ],
        [
          29,
          "หน่วยงานของท่านมีการนำผลการตรวจสอบของฝ่ายตรวจสอบ ทั้งภายในและภายนอกหน่วยงาน ไปปรับปรุงการทำงาน เพื่อป้องกันการทุจริตในหน่วยงาน",
        ],
        [
          30,
          "หากท่านพบเห็นแนวโน้มการทุจริตที่จะเกิดขึ้นในหน่วยงานของท่าน: สามารถร้องเรียนและส่งหลักฐานได้อย่างสะดวก สามารถติดตามผลการร้องเรียนได้ มั่นใจว่าจะมีการดำเนินการอย่างตรงไปตรงมา มั่นใจว่าจะปลอดภัยและไม่ส่งผลกระทบต่อตนเอง",
        ],
      ],
      e: [
        [1, "เจ้าหน้าที่ของหน่วยงานที่ท่านติดต่อ ปฏิบัติงาน/ให้บริการแก่ท่าน เป็นไปตามขั้นตอนที่กำหนด และเป็นไปตามระยะเวลาที่กำหนด"],
        [2, "เจ้าหน้าที่ของหน่วยงานที่ท่านติดต่อ ปฏิบัติงาน/ให้บริการแก่ท่านกับผู้มาติดต่ออื่น ๆ อย่างเท่าเทียมกัน"],
        [
          3,
          "เจ้าหน้าที่ของหน่วยงานที่ท่านติดต่อ ให้ข้อมูลเกี่ยวกับการดำเนินการ/ให้บริการแก่ประชาชนอย่างตรงไปตรงมา ไม่ปิดบังหรือบิดเบือนข้อมูล",
        ],
        [4, "หน่วยงานที่ท่านติดต่อมีการดำเนินงาน โดยคำนึงถึงประโยชน์ของประชาชนและส่วนรวมเป็นหลัก"],
        [5, "การเผยแพร่ข้อมูลของหน่วยงานที่ท่านติดต่อ มีลักษณะ: เข้าถึงง่าย ไม่ซับซ้อน มีช่องทางหลากหลาย"],
        [6, "หน่วยงานที่ท่านติดต่อมีการเผยแพร่ผลงานหรือข้อมูลที่สาธารณชนควรรับทราบอย่างชัดเจน"],
        [8, "หน่วยงานที่ท่านติดต่อมีการชี้แจงและตอบคำถาม เมื่อมีข้อกังวลสงสัยเกี่ยวกับการดำเนินงานอย่างชัดเจน"],
        [11, "หน่วยงานที่ท่านติดต่อมีการปรับปรุงคุณภาพการปฏิบัติงาน/การให้บริการให้ดีขึ้น"],
        [12, "หน่วยงานที่ท่านติดต่อ มีการปรับปรุงวิธีการและขั้นตอนการดำเนินงาน/การให้บริการให้ดีขึ้น"],
        [
          14,
          "หน่วยงานที่ท่านติดต่อ เปิดโอกาสให้ผู้รับบริการ ผู้มาติดต่อ หรือผู้มีส่วนได้ส่วนเสีย เข้าไปมีส่วนร่วมในการปรับปรุงพัฒนาการดำเนินงาน/การให้บริการของหน่วยงาน",
        ],
        [15, "หน่วยงานที่ท่านติดต่อ มีการปรับปรุงการดำเนินงาน/การให้บริการให้มีความโปร่งใสมากขึ้น"],
      ],
      o: [
        [1, "โครงสร้าง"],
        [2, "ข้อมูลผู้บริหาร"],
        [13, "คู่มือหรือมาตรฐานการปฏิบัติงาน"],
        [15, "ข้อมูลเชิงสถิติการให้บริการ", { topic: "service-statistics" }],
        [16, "รายงานผลการสำรวจความพึงพอใจการให้บริการ"],
        [17, "E-Service"],
        [18, "แผนการใช้จ่ายงบประมาณประจำปี"],
        [19, "รายงานการกำกับติดตามการใช้จ่ายงบประมาณ ประจำปี รอบ 6 เดือน"],
        [23, "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน"],
        [29, "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"],
        [30, "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"],
        [31, "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", { topic: "complaint-statistics" }],
        [33, "การเปิดโอกาสให้เกิดการมีส่วนร่วม"],
        [38, "การเสริมสร้างวัฒนธรรมองค์กร"],
        [41, "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี"],
        [42, "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", { topic: "measures-plan" }],
        [43, "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", { topic: "measures-report" }],
      ],
    },
  },
  {
    version: 2568,
    source: "seed 001: ITA 2568 score tables of อบต.กุดรัง (every item); EIT texts from eit.ts",
    counts: { i: 15, e: 9, o: 28 },
    indicatorOf: {
      i: (n) => Math.ceil(n / 3),
      e: (n) => 5 + Math.ceil(n / 3),
      o: (n) => (n <= 20 ? 9 : 10),
    },
    items: {
      i: [
        [1, "การปฏิบัติงานหรือให้บริการของเจ้าหน้าที่ในหน่วยงานของท่านเป็นไปตามขั้นตอนและระยะเวลา มากน้อยเพียงใด"],
        [2, "ในหน่วยงานของท่าน มีเจ้าหน้าที่ ที่ปฏิบัติงานหรือให้บริการแก่ผู้มาติดต่อหรือผู้มารับบริการอย่างเท่าเทียมกัน มากน้อยเพียงใด"],
        [3, "เจ้าหน้าที่ในหน่วยงานของท่าน มีการเรียกรับสินบนเพื่อแลกกับการปฏิบัติงานหรือการให้บริการหรือไม่"],
        [4, "หน่วยงานของท่าน ใช้จ่ายงบประมาณเป็นไปตามวัตถุประสงค์ มากน้อยเพียงใด"],
        [
          5,
          "ในหน่วยงานของท่าน มีเจ้าหน้าที่เบิกจ่ายเงินเป็นเท็จ เช่น ค่าทำงานล่วงเวลา ค่าวัสดุ อุปกรณ์ หรือค่าเดินทาง ฯลฯ มากน้อยเพียงใด",
        ],
        [6, "หน่วยงานของท่าน มีการใช้งบประมาณหรือการจัดซื้อจัดจ้างที่เอื้อประโยชน์ให้บุคคลใดบุคคลหนึ่ง มากน้อยเพียงใด"],
        [7, "ผู้บังคับบัญชาในหน่วยงานของท่าน มีการสั่งให้เจ้าหน้าที่ทำธุระส่วนตัวของผู้บังคับบัญชา มากน้อยเพียงใด"],
        [8, "ผู้บังคับบัญชาในหน่วยงานของท่าน มีการสั่งให้เจ้าหน้าที่ทำในสิ่งที่เป็นการทุจริตหรือประพฤติมิชอบ มากน้อยเพียงใด"],
        [9, "การบริหารงานบุคคลในหน่วยงานของท่าน มีการให้หรือรับสินบน เพื่อแลกกับการบรรจุ แต่งตั้ง โยกย้าย หรือเลื่อนตำแหน่งหรือไม่"],
        [10, "ในหน่วยงานของท่าน มีเจ้าหน้าที่ ที่ขอยืมทรัพย์สินของราชการไปใช้อย่างถูกต้อง มากน้อยเพียงใด"],
        [11, "ในหน่วยงานของท่าน มีเจ้าหน้าที่ ที่นำทรัพย์สินของราชการไปใช้เพื่อประโยชน์ส่วนตัว มากน้อยเพียงใด"],
        [12, "หน่วยงานของท่าน มีการตรวจสอบเพื่อป้องกันการนำทรัพย์สินของราชการไปใช้เพื่อประโยชน์ส่วนตัวเป็นประจำ มากน้อยเพียงใด"],
        [13, "ผู้บริหารสูงสุดของหน่วยงานของท่าน ให้ความสำคัญกับการแก้ไขปัญหาการทุจริตและประพฤติมิชอบ มากน้อยเพียงใด"],
        [
          14,
          "ท่านคิดว่าการดำเนินการเพื่อป้องกันการทุจริตและประพฤติมิชอบของหน่วยงานของท่าน สามารถป้องกันการทุจริตและประพฤติมิชอบได้ มากน้อยเพียงใด",
        ],
        [15, "ท่านเชื่อมั่นในกระบวนการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบภายในหน่วยงานของท่าน มากน้อยเพียงใด"],
      ],
      // The same EitPublic form as the pulse survey: one source for both.
      e: EIT_ITEMS.map((item) => [Number(item.code.slice(1)), item.text] as const),
      o: [
        [1, "โครงสร้าง", { group: "ข้อมูลพื้นฐาน" }],
        [2, "ข้อมูลผู้บริหาร", { group: "ข้อมูลพื้นฐาน" }],
        [3, "ข้อมูลการติดต่อ", { group: "ข้อมูลพื้นฐาน" }],
        [4, "ข่าวประชาสัมพันธ์", { group: "ข้อมูลพื้นฐาน" }],
        [5, "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน", { group: "การบริหารงานและงบประมาณ" }],
        [
          6,
          "แผนและความก้าวหน้าในการดำเนินงานและการใช้งบประมาณประจำปี {year}",
          { group: "การบริหารงานและงบประมาณ" },
        ],
        [7, "รายงานผลการดำเนินงานประจำปี {previousYear}", { group: "การบริหารงานและงบประมาณ" }],
        [8, "คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่", { group: "การบริหารงานและงบประมาณ" }],
        [9, "คู่มือหรือแนวทางการให้บริการสำหรับผู้รับบริการหรือผู้มาติดต่อ", { group: "การบริหารงานและงบประมาณ" }],
        [10, "E-Service", { group: "การบริหารงานและงบประมาณ" }],
        [11, "ข้อมูลสถิติการให้บริการ", { group: "การบริหารงานและงบประมาณ", topic: "service-statistics" }],
        [
          12,
          "รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ และความก้าวหน้าการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ ประจำปี {year}",
          { group: "การจัดซื้อจัดจ้าง" },
        ],
        [13, "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี {previousYear}", { group: "การจัดซื้อจัดจ้าง" }],
        [14, "แผนการบริหารและพัฒนาทรัพยากรบุคคล", { group: "การบริหารและพัฒนาทรัพยากรบุคคล" }],
        [
          15,
          "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี {previousYear}",
          { group: "การบริหารและพัฒนาทรัพยากรบุคคล" },
        ],
        [16, "ประมวลจริยธรรมและการขับเคลื่อนจริยธรรม", { group: "การบริหารและพัฒนาทรัพยากรบุคคล" }],
        [17, "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", { group: "การส่งเสริมความโปร่งใส" }],
        [18, "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", { group: "การส่งเสริมความโปร่งใส" }],
        [
          19,
          "ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
          { group: "การส่งเสริมความโปร่งใส", topic: "complaint-statistics" },
        ],
        [20, "การเปิดโอกาสให้เกิดการมีส่วนร่วม", { group: "การส่งเสริมความโปร่งใส" }],
        [
          21,
          "ประกาศเจตนารมณ์และการสร้างวัฒนธรรม ตามนโยบาย No Gift Policy จากการปฏิบัติหน้าที่",
          { group: "การดำเนินการเพื่อป้องกันการทุจริตในประเด็นสินบน" },
        ],
        [
          22,
          "รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา",
          { group: "การดำเนินการเพื่อป้องกันการทุจริตในประเด็นสินบน" },
        ],
        [
          23,
          "การประเมินความเสี่ยงที่อาจเกิดการให้หรือรับสินบนจากการดำเนินงานตามภารกิจของหน่วยงานประจำปี {year}",
          { group: "การดำเนินการเพื่อป้องกันการทุจริตในประเด็นสินบน" },
        ],
        [
          24,
          "รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบประจำปี {previousYear}",
          { group: "การดำเนินการเพื่อป้องกันการทุจริตในประเด็นสินบน" },
        ],
        [25, "แผนปฏิบัติการป้องกันการทุจริต", { group: "การส่งเสริมคุณธรรมและความโปร่งใส" }],
        [
          26,
          "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี {previousYear}",
          { group: "การส่งเสริมคุณธรรมและความโปร่งใส" },
        ],
        [
          27,
          "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
          { group: "การส่งเสริมคุณธรรมและความโปร่งใส", topic: "measures-plan" },
        ],
        [
          28,
          "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี {previousYear}",
          { group: "การส่งเสริมคุณธรรมและความโปร่งใส", topic: "measures-report" },
        ],
      ],
    },
  },
];

/** The B.E. fiscal years a catalogue version starts in, oldest first. */
export const ITA_CATALOGUE_YEARS: readonly number[] = VERSIONS.map((version) => version.version);

const PREFIXES: readonly Prefix[] = ["i", "e", "o"];

function versionFor(fiscalYear: number): Version | undefined {
  let found: Version | undefined;
  for (const version of VERSIONS) if (version.version <= fiscalYear) found = version;
  return found;
}

/** `i1` → ["i", 1]; undefined unless the code is already normalised. */
function splitCode(code: string): [Prefix, number] | undefined {
  const match = /^([ieo])([1-9]\d{0,2})$/.exec(code);
  return match ? [match[1] as Prefix, Number(match[2])] : undefined;
}

/**
 * The catalogue that applies to an assessment of `fiscalYear` (B.E.): the newest version not after
 * it, its texts naming that year. Undefined before the oldest version we hold (2564).
 */
export function catalogueFor(fiscalYear: number): ItaCatalogue | undefined {
  const version = versionFor(fiscalYear);
  if (!version) return undefined;
  const fill = (text: string) =>
    text.replaceAll("{year}", `พ.ศ. ${fiscalYear}`).replaceAll("{previousYear}", `พ.ศ. ${fiscalYear - 1}`);
  const items = PREFIXES.flatMap((prefix) =>
    version.items[prefix].map(([n, text, extra]) => ({
      code: `${prefix}${n}`,
      indicator: version.indicatorOf[prefix](n),
      text: fill(text),
      ...(extra?.group ? { group: extra.group } : {}),
      ...(extra?.topic ? { topic: extra.topic } : {}),
    })),
  );
  return {
    version: version.version,
    source: version.source,
    counts: version.counts,
    items,
    indicatorOf(code) {
      const split = splitCode(code);
      if (!split) return undefined;
      const [prefix, n] = split;
      return n <= version.counts[prefix] ? version.indicatorOf[prefix](n) : undefined;
    },
  };
}

/**
 * An item code as people write it, normalised: `i1`, `I 1`, `e๑`, `o๐๑`, `O-12` → `i1`, `e1`, `o1`,
 * `o12`. Thai digits and leading zeros are accepted; the letter is required (a bare `01` is not a
 * code). Undefined when it is not a code.
 */
export function normaliseItemCode(text: string): string | undefined {
  const ascii = asciiDigits(text).replace(/\s+/g, "").toLowerCase();
  const match = /^([ieo])[-.]?0*([1-9]\d{0,2})$/.exec(ascii);
  return match ? `${match[1]}${match[2]}` : undefined;
}

/** Item codes in the form's order: IIT, EIT, OIT, each by number. */
export function compareItemCodes(a: string, b: string): number {
  const [pa, na] = splitCode(a) ?? ["o", Number.MAX_SAFE_INTEGER];
  const [pb, nb] = splitCode(b) ?? ["o", Number.MAX_SAFE_INTEGER];
  return PREFIXES.indexOf(pa) - PREFIXES.indexOf(pb) || na - nb || a.localeCompare(b);
}

/**
 * The text of an item of an assessment year; for a code whose text no seed gave, a description by
 * its indicator ("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล ข้อ o5").
 */
export function itemText(fiscalYear: number, code: string): string {
  const catalogue = catalogueFor(fiscalYear);
  const item = catalogue?.items.find((candidate) => candidate.code === code);
  if (item) return item.text;
  const indicator = catalogue?.indicatorOf(code);
  return indicator ? `ตัวชี้วัดที่ ${indicator} ${ITA_INDICATOR_NAMES[indicator]} ข้อ ${code}` : `ข้อ ${code}`;
}

/**
 * The OIT item of an assessment year that a report answers: the corruption-complaint statistics,
 * the service statistics, or the report on the integrity measures. Undefined when that year's
 * catalogue has no such item (or no catalogue covers the year).
 */
export function oitItemFor(fiscalYear: number, topic: OitTopic): { code: string; text: string } | undefined {
  const item = catalogueFor(fiscalYear)?.items.find((candidate) => candidate.topic === topic);
  return item ? { code: item.code, text: item.text } : undefined;
}
