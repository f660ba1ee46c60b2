/**
 * The EIT pulse survey: the external stakeholders' items of ITA indicators 6–8 (e1–e9, as in the
 * NACC's EitPublic form), worded neutrally for an internal pulse. The official assessment stays on
 * the NACC's own channel; this only helps the organisation see where it stands.
 */

export const SCALE_ANSWERS = ["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"] as const;
export const YES_NO_ANSWERS = ["เคย", "ไม่เคย"] as const;

export type EitItemCode = "e1" | "e2" | "e3" | "e4" | "e5" | "e6" | "e7" | "e8" | "e9";

export interface EitItem {
  code: EitItemCode;
  indicator: 6 | 7 | 8;
  text: string;
  kind: "scale" | "yesno";
  /** yes/no items: the answer that scores 100. */
  good?: (typeof YES_NO_ANSWERS)[number];
}

export const EIT_INDICATORS: Record<6 | 7 | 8, string> = {
  6: "คุณภาพการดำเนินงาน",
  7: "ประสิทธิภาพการสื่อสาร",
  8: "การปรับปรุงการทำงาน",
};

export const EIT_ITEMS: readonly EitItem[] = [
  {
    code: "e1",
    indicator: 6,
    kind: "scale",
    text: "เจ้าหน้าที่ปฏิบัติงานหรือให้บริการแก่ท่าน เป็นไปตามขั้นตอนและระยะเวลา มากน้อยเพียงใด",
  },
  {
    code: "e2",
    indicator: 6,
    kind: "scale",
    text: "เจ้าหน้าที่ปฏิบัติงานหรือให้บริการแก่ท่านและผู้อื่นอย่างเท่าเทียมกัน มากน้อยเพียงใด",
  },
  {
    code: "e3",
    indicator: 6,
    kind: "yesno",
    good: "ไม่เคย",
    text: "ท่านเคยถูกเจ้าหน้าที่เรียกรับสินบน เพื่อแลกกับการปฏิบัติงานหรือให้บริการแก่ท่านหรือไม่",
  },
  {
    code: "e4",
    indicator: 7,
    kind: "scale",
    text: "หน่วยงานมีช่องทางการเผยแพร่ข้อมูลข่าวสารที่สามารถเข้าถึงได้ง่าย มากน้อยเพียงใด",
  },
  {
    code: "e5",
    indicator: 7,
    kind: "scale",
    text: "หน่วยงานมีการประชาสัมพันธ์ข้อมูลข่าวสารที่ประชาชนหรือผู้รับบริการควรได้รับทราบอย่างชัดเจน มากน้อยเพียงใด",
  },
  {
    code: "e6",
    indicator: 7,
    kind: "scale",
    text: "เจ้าหน้าที่สามารถสื่อสาร ตอบข้อซักถาม หรือให้คำอธิบายแก่ท่านได้อย่างชัดเจน มากน้อยเพียงใด",
  },
  {
    code: "e7",
    indicator: 8,
    kind: "scale",
    text: "หน่วยงานเปิดโอกาสให้บุคคลภายนอกเข้าไปมีส่วนร่วมในการปรับปรุงพัฒนาการดำเนินงานของหน่วยงาน มากน้อยเพียงใด",
  },
  {
    code: "e8",
    indicator: 8,
    kind: "scale",
    text: "หน่วยงานมีการปรับปรุงการดำเนินงานให้ตอบสนองต่อประชาชน มากน้อยเพียงใด",
  },
  {
    code: "e9",
    indicator: 8,
    kind: "yesno",
    good: "เคย",
    text: "ท่านเคยใช้งานระบบการให้บริการออนไลน์ (E-Service) ของหน่วยงานหรือไม่",
  },
];

/** The answer's score on the ITA's 0–100 scale, or undefined when it is not an answer to this item. */
export function scoreAnswer(item: EitItem, answer: string): number | undefined {
  const text = answer.trim();
  if (item.kind === "yesno") {
    if (!(YES_NO_ANSWERS as readonly string[]).includes(text)) return undefined;
    return text === item.good ? 100 : 0;
  }
  const index = (SCALE_ANSWERS as readonly string[]).indexOf(text);
  return index === -1 ? undefined : 100 - index * 25;
}

/** The EIT sample the NACC asks for: 10% of service users, at least 30. */
export function eitSampleTarget(serviceUsers: number): number {
  return Math.max(30, Math.ceil(serviceUsers * 0.1));
}
