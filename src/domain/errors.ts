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

  // holidays
  "holiday.not_found": { kind: "not_found", field: "date", message: "ไม่พบวันหยุดวันนี้" },

  // invites
  "invite.unit_required": { kind: "invalid", field: "unitId", message: "เจ้าหน้าที่ต้องมีหน่วยงาน" },
  "invite.not_found": { kind: "not_found", field: "code", message: "ไม่พบรหัสนี้ โปรดตรวจสอบรหัสอีกครั้ง" },
  "invite.used": { kind: "conflict", field: "code", message: "รหัสนี้ถูกใช้ไปแล้ว (ใช้ได้ครั้งเดียว)" },
  "invite.expired": { kind: "conflict", field: "code", message: "รหัสนี้หมดอายุแล้ว (ใช้ได้ภายใน 7 วัน)" },

  // complaints
  "complaint.not_found": { kind: "not_found", field: "trackingCode", message: "ไม่พบเรื่องนี้" },

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

export class CodedError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly field: string;
  /** The Thai message for people (also `message`). */
  readonly thai: string;

  constructor(code: ErrorCode, params: Params = {}, field?: string) {
    const entry: ErrorSpec = ERRORS[code];
    const thai = typeof entry.message === "function" ? entry.message(params) : entry.message;
    super(thai);
    this.name = "CodedError";
    this.code = code;
    this.kind = entry.kind;
    this.field = field ?? entry.field;
    this.thai = thai;
  }
}

/** A refusal with a Thai message that no catalogue entry fits (e.g. a rule's own wording). */
export function codedError(code: ErrorCode, params?: Params, field?: string): CodedError {
  return new CodedError(code, params, field);
}

export function isCodedError(error: unknown): error is CodedError {
  return error instanceof CodedError;
}

export const HTTP_STATUS: Record<ErrorKind, 400 | 404 | 409> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
};
