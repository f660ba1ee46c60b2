/**
 * Coded errors (after bolt-js `src/errors.ts`): every refusal a service can give has a code, the field
 * it concerns, what kind of refusal it is, and a Thai message for people. Adapters map the kind to an
 * HTTP status (API), show the message beside the field (console), or say it (chat). Log lines stay
 * English and carry the code.
 *
 * Add a code to the section of its aggregate; a message may take parameters.
 */

/** invalid → 400, not_found → 404, conflict → 409 (the state or a uniqueness rule forbids it). */
export type ErrorKind = "invalid" | "not_found" | "conflict";

type Params = Record<string, string | number>;

interface ErrorSpec {
  kind: ErrorKind;
  /** The input field the error is about ("" for the request as a whole). */
  field: string;
  message: string | ((params: Params) => string);
}

const spec = <const T extends Record<string, ErrorSpec>>(specs: T) => specs;

export const ERRORS = spec({
  // units
  "unit.name_taken": { kind: "conflict", field: "name", message: "มีหน่วยงานชื่อนี้แล้ว" },
  "unit.not_found": { kind: "not_found", field: "unitId", message: "ไม่พบหน่วยงานนี้" },
  "unit.unknown_name": {
    kind: "invalid",
    field: "unitNames",
    message: (p) => `ไม่พบหน่วยงานชื่อ "${p.name}" โปรดเพิ่มหน่วยงานนี้ก่อน หรือแก้ชื่อให้ตรงกับที่มีอยู่`,
  },

  // categories
  "category.name_taken": { kind: "conflict", field: "name", message: "มีประเภทชื่อนี้แล้ว" },
  "category.not_found": { kind: "not_found", field: "id", message: "ไม่พบประเภทนี้" },
  "category.unknown_unit": {
    kind: "invalid",
    field: "unitId",
    message: "ไม่พบหน่วยงานนี้ โปรดเลือกหน่วยงานที่มีอยู่",
  },

  // holidays
  "holiday.not_found": { kind: "not_found", field: "date", message: "ไม่พบวันหยุดวันนี้" },

  // invites
  "invite.unit_required": { kind: "invalid", field: "unitId", message: "เจ้าหน้าที่ต้องมีหน่วยงาน" },
  "invite.unknown_unit": {
    kind: "invalid",
    field: "unitId",
    message: "ไม่พบหน่วยงานนี้ โปรดเลือกหน่วยงานที่มีอยู่",
  },
  "invite.not_found": { kind: "not_found", field: "code", message: "ไม่พบรหัสนี้ โปรดตรวจสอบรหัสอีกครั้ง" },
  "invite.used": { kind: "conflict", field: "code", message: "รหัสนี้ถูกใช้ไปแล้ว (ใช้ได้ครั้งเดียว)" },
  "invite.expired": { kind: "conflict", field: "code", message: "รหัสนี้หมดอายุแล้ว (ใช้ได้ภายใน 7 วัน)" },

  // settings
  "settings.eit_drive_unset": { kind: "not_found", field: "", message: "ยังไม่ได้ตั้งค่าลิงก์แบบวัด EIT" },

  // accounts
  "account.username_taken": { kind: "conflict", field: "username", message: "ชื่อผู้ใช้นี้มีผู้ใช้แล้ว" },
  "account.not_found": { kind: "not_found", field: "id", message: "ไม่พบบัญชีนี้" },
  "account.remove_self": {
    kind: "conflict",
    field: "id",
    message: "ลบบัญชีของตัวเองไม่ได้ โปรดให้ผู้ดูแลคนอื่นลบให้",
  },

  // complaints
  "complaint.not_found": { kind: "not_found", field: "trackingCode", message: "ไม่พบเรื่องนี้" },
  "complaint.not_yours": { kind: "conflict", field: "trackingCode", message: "คุณไม่มีสิทธิ์จัดการเรื่องนี้แล้ว" },
  "complaint.closed": {
    kind: "conflict",
    field: "status",
    message: (p) => `เรื่องนี้ปิดแล้ว (${p.current}) เปลี่ยนสถานะไม่ได้`,
  },
  "complaint.status_not_allowed": {
    kind: "conflict",
    field: "status",
    message: (p) => `เปลี่ยนจาก "${p.from}" เป็น "${p.to}" ไม่ได้`,
  },
  "complaint.note_required": {
    kind: "invalid",
    field: "note",
    message: (p) =>
      p.status === "resolved"
        ? "การปิดเรื่องต้องมีผลการดำเนินการ"
        : p.status === "rejected"
          ? "การไม่รับพิจารณาต้องระบุเหตุผล"
          : "โปรดระบุหน่วยงานที่ส่งต่อ",
  },
  "complaint.photo_or_reason_required": {
    kind: "invalid",
    field: "noPhotoReason",
    message: "การปิดเรื่องร้องทุกข์ต้องมีภาพหลังดำเนินการ หรือเหตุผลที่ไม่มีภาพ",
  },
  "complaint.photo_type": { kind: "invalid", field: "photo", message: "รับได้เฉพาะรูปภาพ JPEG หรือ PNG" },
  "complaint.photo_too_large": { kind: "invalid", field: "photo", message: "รูปภาพมีขนาดใหญ่เกิน 10 MB" },
  "complaint.button_expired": { kind: "conflict", field: "", message: "ปุ่มนี้ใช้ไม่ได้แล้ว" },
  "complaint.changed_meanwhile": {
    kind: "conflict",
    field: "status",
    message: "เรื่องนี้เพิ่งถูกเปลี่ยนสถานะโดยผู้อื่น โปรดเปิดดูสถานะล่าสุดแล้วลองอีกครั้ง",
  },
  "complaint.already_answered": {
    kind: "conflict",
    field: "",
    message: (p) => `เรื่อง ${p.code} ได้รับคำตอบของคุณแล้ว ขอบคุณครับ`,
  },
  "complaint.answer_closed": {
    kind: "conflict",
    field: "",
    message: (p) =>
      `เรื่อง ${p.code} ปิดแล้วเนื่องจากไม่ได้รับคำตอบภายใน 10 วันทำการ หากปัญหายังไม่ได้รับการแก้ไข โปรดพิมพ์ "ร้องเรียน" เพื่อแจ้งเรื่องใหม่`,
  },
  "complaint.already_rated": {
    kind: "conflict",
    field: "rating",
    message: (p) => `คุณให้คะแนนเรื่อง ${p.code} ไว้แล้ว ขอบคุณครับ`,
  },

  // privacy
  "privacy.no_data": { kind: "not_found", field: "lineUserId", message: "ไม่พบข้อมูลของผู้ใช้นี้" },

  // measures
  "measure.not_found": { kind: "not_found", field: "id", message: "ไม่พบมาตรการนี้" },
  "measure.archived": {
    kind: "conflict",
    field: "id",
    message: "มาตรการนี้ถูกยกเลิกและเก็บไว้เป็นประวัติแล้ว แก้ไขไม่ได้",
  },
  "measure.invalid": {
    kind: "invalid",
    field: "",
    message: (p) => `ข้อมูลมาตรการไม่ถูกต้อง ${p.count} รายการ โปรดแก้ไขตามที่ระบุ`,
  },
  "measures.import_invalid": {
    kind: "invalid",
    field: "",
    message: (p) => `ยังไม่ได้นำเข้า: พบปัญหา ${p.count} รายการ (นำเข้าทั้งไฟล์หรือไม่นำเข้าเลย)`,
  },

  // progress
  "progress.not_your_measure": {
    kind: "not_found",
    field: "measureId",
    message:
      'ขออภัย ปุ่มนี้ใช้ได้เฉพาะเจ้าหน้าที่ของหน่วยงานที่รับผิดชอบมาตรการนี้ หากคุณเป็นเจ้าหน้าที่ พิมพ์ "มาตรการ" เพื่อดูมาตรการของหน่วยงานคุณ',
  },
  "progress.reason_required": {
    kind: "invalid",
    field: "reason",
    message: "มาตรการที่ดำเนินการไม่ได้ต้องมีเหตุผล",
  },
  "progress.reason_code_required": {
    kind: "invalid",
    field: "reasonCode",
    message: "โปรดเลือกเหตุผลที่ดำเนินการไม่ได้ (ไม่มีงบประมาณ, นโยบายผู้บริหารเปลี่ยน, บุคลากรไม่เพียงพอ หรืออื่น ๆ)",
  },
  "progress.performed_on_invalid": {
    kind: "invalid",
    field: "performedOn",
    message: "วันที่ดำเนินการต้องเป็นวันที่ เช่น 2027-01-10 หรือ 10 ม.ค. 2570",
  },
  "progress.performed_on_future": {
    kind: "invalid",
    field: "performedOn",
    message: (p) => `วันที่ดำเนินการต้องไม่เกินวันนี้ (${p.today})`,
  },
  "progress.performed_on_before_year": {
    kind: "invalid",
    field: "performedOn",
    message: (p) => `วันที่ดำเนินการต้องอยู่ในปีงบประมาณ ${p.fiscalYear} คือตั้งแต่ ${p.start} เป็นต้นไป`,
  },
  "progress.entry_not_found": { kind: "not_found", field: "entryId", message: "ไม่พบรายการความก้าวหน้านี้" },
  "progress.entry_withdrawn": {
    kind: "conflict",
    field: "entryId",
    message: "รายการนี้ถูกถอนแล้ว แก้ไขหรือถอนซ้ำไม่ได้",
  },
  "progress.not_your_entry": {
    kind: "not_found",
    field: "entryId",
    message: "แก้ไขหรือถอนได้เฉพาะรายการที่คุณบันทึกเอง ขณะที่ยังเป็นเจ้าหน้าที่ของหน่วยงานที่รับผิดชอบมาตรการนั้น",
  },
  "progress.invalid": {
    kind: "invalid",
    field: "",
    message: (p) => `ข้อมูลความก้าวหน้าไม่ถูกต้อง ${p.count} รายการ โปรดแก้ไขตามที่ระบุ`,
  },
  "progress.changed_meanwhile": {
    kind: "conflict",
    field: "entryId",
    message: "รายการนี้เพิ่งถูกแก้ไขหรือถอนโดยผู้อื่น โปรดเปิดดูรายการล่าสุดแล้วลองอีกครั้ง",
  },
  "progress.no_changes": { kind: "invalid", field: "", message: "ไม่มีข้อมูลที่เปลี่ยนแปลง" },

  // ita
  "ita.result_not_found": {
    kind: "not_found",
    field: "fiscalYear",
    message: (p) => `ยังไม่มีผลการประเมิน ITA ของปีงบประมาณ ${p.fiscalYear}`,
  },
  "ita.import_invalid": {
    kind: "invalid",
    field: "",
    message: (p) => `ยังไม่ได้บันทึกผลคะแนน: พบปัญหา ${p.count} รายการ (บันทึกทั้งไฟล์หรือไม่บันทึกเลย)`,
  },
  "ita.template_not_found": { kind: "not_found", field: "id", message: "ไม่พบแม่แบบมาตรการนี้" },
  "ita.unknown_templates": {
    kind: "invalid",
    field: "templateIds",
    message: (p) => `ไม่พบแม่แบบมาตรการ ${p.count} รายการ`,
  },
  "ita.no_units": {
    kind: "conflict",
    field: "",
    message: "ยังไม่มีหน่วยงานในระบบ โปรดเพิ่มหน่วยงานก่อนนำมาตรการที่แนะนำไปใช้",
  },

  // eit
  "eit.incomplete": {
    kind: "invalid",
    field: "scores",
    message: (p) => `ต้องตอบแบบวัดครบทุกข้อ (ยังขาด ${p.missing})`,
  },
  "eit.unknown_item": {
    kind: "invalid",
    field: "scores",
    message: (p) => `ไม่มีข้อ ${p.code} ในแบบวัดนี้`,
  },

  // registration
  "registration.code_required": {
    kind: "invalid",
    field: "code",
    message: 'โปรดพิมพ์ "ลงทะเบียน" เว้นวรรค แล้วตามด้วยรหัสที่ได้รับจากผู้ดูแลระบบ เช่น ลงทะเบียน ABCD-2345',
  },

  // filing
  "filing.daily_limit": {
    kind: "conflict",
    field: "",
    message: (p) =>
      `ขออภัย วันนี้คุณแจ้งเรื่องครบ ${p.limit} เรื่องแล้ว ซึ่งเป็นจำนวนสูงสุดต่อวัน โปรดแจ้งเรื่องใหม่ได้ในวันพรุ่งนี้ หรือพิมพ์ "ติดตามเรื่อง" เพื่อดูเรื่องที่แจ้งไว้`,
  },
  "filing.category_closed": {
    kind: "conflict",
    field: "categoryId",
    message: "ประเภทเรื่องที่เลือกไว้ถูกปิดใช้งานแล้ว โปรดเริ่มใหม่โดยพิมพ์ ร้องเรียน หรือกด ยกเลิก",
  },

  // generic
  "request.invalid": { kind: "invalid", field: "", message: "ข้อมูลไม่ถูกต้อง" },
});

export type ErrorCode = keyof typeof ERRORS;

/** One problem of a refusal: its field, and for a file's rows the row (0: the file as a whole). */
export interface Problem {
  row?: number;
  field: string;
  message: string;
}

export class CodedError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly field: string;
  /** The Thai message for people (also `message`). */
  readonly thai: string;
  /** Every problem it names: itself alone, or each bad field or row (an import, a form) with its own. */
  readonly problems: Problem[];

  constructor(code: ErrorCode, params: Params = {}, field?: string, problems?: Problem[]) {
    const entry: ErrorSpec = ERRORS[code];
    const thai = typeof entry.message === "function" ? entry.message(params) : entry.message;
    super(thai);
    this.name = "CodedError";
    this.code = code;
    this.kind = entry.kind;
    this.field = field ?? entry.field;
    this.thai = thai;
    this.problems = problems?.length ? problems : [{ field: this.field, message: thai }];
  }
}

/** A refusal with a Thai message that no catalogue entry fits (e.g. a rule's own wording). */
export function codedError(
  code: ErrorCode,
  params?: Params,
  field?: string,
  problems?: Problem[],
): CodedError {
  return new CodedError(code, params, field, problems);
}

export function isCodedError(error: unknown): error is CodedError {
  return error instanceof CodedError;
}

export const HTTP_STATUS: Record<ErrorKind, 400 | 404 | 409> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
};
