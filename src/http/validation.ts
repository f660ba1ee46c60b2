import type { Context } from "hono";
import type { z } from "zod";

export interface FieldError {
  field: string;
  message: string;
}

/** 400 with every failing field named: `{message, field, errors: [{field, message}]}`. */
export function badRequest(c: Context, errors: FieldError[]) {
  return c.json(
    { message: `invalid ${errors[0]?.field || "request"}`, field: errors[0]?.field ?? "", errors },
    400,
  );
}

function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: issue.path.join(".") || "body", message: issue.message }));
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
    return { ok: false, response: badRequest(c, [{ field: "body", message: "must be JSON" }]) };
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, response: badRequest(c, fieldErrors(parsed.error)) };
}

/** Parse query parameters with their schema; on failure, the 400 to answer. */
export function parseQuery<T>(
  c: Context,
  schema: z.ZodType<T>,
): { ok: true; data: T } | { ok: false; response: Response } {
  const parsed = schema.safeParse(c.req.query());
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, response: badRequest(c, fieldErrors(parsed.error)) };
}
