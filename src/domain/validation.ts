/**
 * Input checking with Thai messages, for every adapter (admin API, console, chat): one zod schema per
 * input, owned by its service, parsed here with a Thai error map so that no English zod text reaches
 * a person. A schema's own message (set where a rule needs its own words) wins over the map.
 */
import { z } from "zod";
import { isIsoDate } from "./thai-time";

export interface FieldProblem {
  field: string;
  message: string;
}

type Issue = z.core.$ZodRawIssue;

const KIND_WORDS: Record<string, string> = {
  string: "ข้อความ",
  number: "ตัวเลข",
  int: "จำนวนเต็ม",
  boolean: "ค่าจริงหรือเท็จ",
  array: "รายการ",
  object: "ชุดข้อมูล",
  date: "วันที่",
};

function sizeMessage(issue: Issue, tooSmall: boolean): string {
  const bound = Number((issue as { minimum?: unknown; maximum?: unknown })[tooSmall ? "minimum" : "maximum"]);
  const origin = (issue as { origin?: string }).origin;
  if (origin === "string") {
    if (tooSmall) return bound <= 1 ? "ต้องไม่ว่าง" : `ต้องมีอย่างน้อย ${bound} ตัวอักษร`;
    return `ยาวเกิน ${bound} ตัวอักษร`;
  }
  if (origin === "array" || origin === "set") {
    return tooSmall ? `ต้องมีอย่างน้อย ${bound} รายการ` : `ได้ไม่เกิน ${bound} รายการ`;
  }
  return tooSmall ? `ต้องไม่น้อยกว่า ${bound}` : `ต้องไม่เกิน ${bound}`;
}

/** zod's issues in Thai. */
export function thaiIssueMessage(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined || issue.input === "") return "ต้องกรอก";
      const expected = String((issue as { expected?: unknown }).expected ?? "");
      return `ต้องเป็น${KIND_WORDS[expected] ?? "ค่าที่ถูกต้อง"}`;
    }
    case "too_small":
      return sizeMessage(issue, true);
    case "too_big":
      return sizeMessage(issue, false);
    case "invalid_format": {
      const format = String((issue as { format?: unknown }).format ?? "");
      if (format === "url") return "ต้องเป็นลิงก์ที่ถูกต้อง";
      if (format === "email") return "ต้องเป็นอีเมลที่ถูกต้อง";
      return "รูปแบบไม่ถูกต้อง";
    }
    case "invalid_value":
      return "ต้องเลือกจากตัวเลือกที่กำหนด";
    case "not_multiple_of":
      return "ค่าไม่ถูกต้อง";
    case "unrecognized_keys":
      return "มีช่องข้อมูลที่ไม่รู้จัก";
    default:
      return "ข้อมูลไม่ถูกต้อง";
  }
}

/** Per-parse error map: zod uses a schema's own message first, then this. */
export const thaiErrors = { error: (issue: Issue) => thaiIssueMessage(issue) };

export function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ field: issue.path.join(".") || "", message: issue.message }));
}

export type Checked<T> = { ok: true; data: T } | { ok: false; problems: FieldProblem[] };

/** Parse an input with its schema; problems in Thai, each naming its field. */
export function check<T>(schema: z.ZodType<T>, input: unknown): Checked<T> {
  const parsed = schema.safeParse(input, thaiErrors);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, problems: problemsOf(parsed.error) };
}

/** A calendar date typed as `YYYY-MM-DD` (a day that exists), with its Thai message. */
export const isoDateSchema = z.string().refine(isIsoDate, "ต้องเป็นวันที่ในรูปแบบ ปปปป-ดด-วว เช่น 2026-12-05");
