import type { Context } from "hono";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import { FISCAL_YEAR_MESSAGE, fiscalYearQuery } from "../../domain/fiscal-year";
import { fiscalYearOf } from "../../domain/thai-time";
import type { FieldProblem } from "./layout";

export type Form = Record<string, string | File>;

/** A posted form (URL-encoded or multipart); read once, then cached by Hono for later handlers. */
export async function readForm(c: Context): Promise<Form> {
  return (await c.req.parseBody()) as Form;
}

/** A text field ("" when missing or a file). */
export function field(form: Form, name: string): string {
  const value = form[name];
  return typeof value === "string" ? value : "";
}

/** An uploaded file's bytes; undefined when none was chosen. */
export async function fileBytes(form: Form, name: string): Promise<Uint8Array | undefined> {
  const value = form[name];
  if (typeof value === "string" || !value || value.size === 0) return undefined;
  return new Uint8Array(await value.arrayBuffer());
}

export function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ field: issue.path.join(".") || "form", message: issue.message }));
}

const fiscalYear = z.coerce.number().int().min(2500).max(2700);

/** `?fiscalYear=` when it is a Buddhist-era fiscal year, else the current one. */
export function fiscalYearParam(c: Context, deps: AppDeps): number {
  const parsed = fiscalYear.safeParse(c.req.query("fiscalYear"));
  return parsed.success ? parsed.data : fiscalYearOf(deps.clock.now(), deps.config.timeZone);
}

/**
 * `?fiscalYear=` as asked: the year to show and, when the one asked for is not a fiscal year, why in
 * Thai (the current year is shown instead).
 */
export function askedFiscalYear(c: Context, deps: AppDeps): { year: number; problems: FieldProblem[] } {
  const asked = c.req.query("fiscalYear")?.trim() ?? "";
  const parsed = fiscalYearQuery.safeParse(asked);
  if (parsed.success) return { year: parsed.data, problems: [] };
  const year = fiscalYearOf(deps.clock.now(), deps.config.timeZone);
  if (asked === "") return { year, problems: [] };
  const message = `"${asked.slice(0, 20)}": ${FISCAL_YEAR_MESSAGE} จึงแสดงปีงบประมาณ ${year}`;
  return { year, problems: [{ field: "fiscalYear", message }] };
}

/** A few fiscal years around the current one, newest first, for pickers. */
export function fiscalYearChoices(deps: AppDeps, around = 3): number[] {
  const current = fiscalYearOf(deps.clock.now(), deps.config.timeZone);
  return Array.from({ length: around + 2 }, (_, i) => current + 1 - i);
}

/** Fixed notices after a redirect (`?notice=`): never text from the request itself. */
export function noticeOf(c: Context, notices: Record<string, string>): string | undefined {
  const key = c.req.query("notice");
  return key && Object.hasOwn(notices, key) ? notices[key] : undefined;
}
