import type { Context } from "hono";
import type { z } from "zod";
import { type CodedError, HTTP_STATUS } from "../domain/errors";
import { check, type FieldProblem } from "../domain/validation";

export type FieldError = FieldProblem;

/** 400 with every failing field named: `{message, field, errors: [{field, message}]}`. */
export function badRequest(c: Context, errors: FieldError[]) {
  const first = errors[0];
  return c.json({ message: first?.message ?? "ข้อมูลไม่ถูกต้อง", field: first?.field ?? "", errors }, 400);
}

/** A service's refusal: 400, 404 or 409 by its kind, with its code, field and Thai message. */
export function errorResponse(c: Context, error: CodedError) {
  return c.json(
    {
      message: error.thai,
      code: error.code,
      field: error.field,
      errors: error.problems,
    },
    HTTP_STATUS[error.kind],
  );
}

/** Parse a JSON body with its schema; on failure, the 400 to answer. */
export async function parseJson<T>(
  c: Context,
  schema: z.ZodType<T>,
): Promise<{ ok: true; data: T } | { ok: false; response: Response }> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    return { ok: false, response: badRequest(c, [{ field: "body", message: "ต้องเป็น JSON" }]) };
  }
  const checked = check(schema, json);
  return checked.ok
    ? { ok: true, data: checked.data }
    : { ok: false, response: badRequest(c, withBodyField(checked.problems)) };
}

/** Parse query parameters with their schema; on failure, the 400 to answer. */
export function parseQuery<T>(
  c: Context,
  schema: z.ZodType<T>,
): { ok: true; data: T } | { ok: false; response: Response } {
  const checked = check(schema, c.req.query());
  return checked.ok
    ? { ok: true, data: checked.data }
    : { ok: false, response: badRequest(c, withBodyField(checked.problems)) };
}

/** A problem with the input as a whole names `body`. */
function withBodyField(problems: FieldProblem[]): FieldProblem[] {
  return problems.map((problem) => ({ ...problem, field: problem.field || "body" }));
}
