/** What the double's route modules share: the Hono env, dependencies and LINE-shaped error answers. */
import type { Context } from "hono";
import type { DoubleStore, RecordedRequest } from "./double-store";
import type { OpenApiValidator, ValidationIssue } from "./openapi-validator";

export interface DoubleEnv {
  Variables: {
    record: RecordedRequest;
    /** Parsed JSON request body (null when there is none). */
    json: unknown;
  };
}

export type DoubleContext = Context<DoubleEnv>;

export interface DoubleDeps {
  store: DoubleStore;
  validator: OpenApiValidator;
  now: () => number;
}

export const NOT_FOUND = { message: "Not found" } as const;

/** LINE's 400 answer for a body that failed validation; also marks the recorded request invalid. */
export function invalidBody(c: DoubleContext, issues: ValidationIssue[]): Response {
  c.get("record").issues = issues;
  return c.json(
    {
      message: `The request body has ${issues.length} error(s)`,
      details: issues.map((issue) => ({ message: issue.message, property: issue.property })),
    },
    400,
  );
}

export function randomHex(bytes: number): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes));
  let hex = "";
  for (const byte of buffer) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
