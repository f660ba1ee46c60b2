import type { Context } from "hono";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import { HTTP_STATUS } from "../../domain/errors";
import { FISCAL_YEAR_MESSAGE, fiscalYearQuery } from "../../domain/fiscal-year";
import { fiscalYearOf } from "../../domain/thai-time";
import { check } from "../../domain/validation";
import { commitPlanned } from "../../services/commit";
import { type Actor, consoleActor, type Planned } from "../../services/plan";
import type { FieldProblem } from "./layout";
import type { Viewer } from "./session";

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

/**
 * A number field for a schema: empty is `undefined` (the schema's default, or "ต้องกรอก"), anything
 * else `Number(…)` (NaN when it is no number, which the schema refuses in Thai).
 */
export function numberField(form: Form, name: string): number | undefined {
  const text = field(form, name).trim();
  return text === "" ? undefined : Number(text);
}

/** What was typed into a form's text fields (never a password), to show it again after a refusal. */
export type Typed = Record<string, string>;

export function typed(form: Form, names: readonly string[]): Typed {
  return Object.fromEntries(names.map((name) => [name, field(form, name)]));
}

/** A refused form, shown again: what was typed, and what is wrong (each problem beside its field). */
export interface FormState {
  typed: Typed;
  problems: FieldProblem[];
}

/** A field's value in a form: what was typed when the form comes back refused, else `stored`. */
export function shown(again: FormState | undefined, name: string, stored = ""): string {
  return again && Object.hasOwn(again.typed, name) ? (again.typed[name] ?? "") : stored;
}

export type Submitted<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 404 | 409; problems: FieldProblem[] };

/**
 * The console's one way to act on a form: parse the input with the service's schema (problems in
 * Thai, 400), call the service, commit its plan as the viewer; a refusal comes back with its Thai
 * message on its field and the status of its kind (400, 404, 409).
 */
export async function submit<I, T>(
  deps: AppDeps,
  viewer: Viewer,
  schema: z.ZodType<I>,
  input: unknown,
  service: (deps: AppDeps, input: I, actor: Actor) => Promise<Planned<T>>,
  deliver?: (recipients: string[]) => Promise<void>,
): Promise<Submitted<T>> {
  const checked = check(schema, input);
  if (!checked.ok) return { ok: false, status: 400, problems: checked.problems };
  const actor = consoleActor(viewer);
  const done = await commitPlanned(deps, await service(deps, checked.data, actor), actor, deliver);
  if (done.ok) return done;
  const { error } = done;
  return {
    ok: false,
    status: HTTP_STATUS[error.kind],
    problems: [{ field: error.field, message: error.thai }],
  };
}

/** An uploaded file's bytes; undefined when none was chosen. */
export async function fileBytes(form: Form, name: string): Promise<Uint8Array | undefined> {
  const value = form[name];
  if (typeof value === "string" || !value || value.size === 0) return undefined;
  return new Uint8Array(await value.arrayBuffer());
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
