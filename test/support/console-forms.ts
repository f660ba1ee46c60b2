/**
 * Posting the console's forms over HTTP and checking how a refused form comes back: the status, every
 * problem message in Thai (each `<li>` of the problems list, each message beside a field, a bad
 * notice), and the form shown again with what was typed.
 *
 * ```ts
 * const t = useBot();
 * it("refuses a bad measure in Thai and keeps what was typed", async () => {
 *   const b = await signedInConsole(t.bot);
 *   const answer = await b.post("/admin/measures/x", { title: "" }, { from: "/admin/measures/x" });
 *   expectThaiRefusal(answer, { status: 400, form: "measure-form", kept: { title: "" }, beside: ["title"] });
 * });
 * ```
 */
import { expect } from "vitest";
import { adminApi } from "./admin";
import type { TestBot } from "./bot";
import { expectThai } from "./thai";

export const CONSOLE_PASSWORD = "ยาวพอสมควร-2570";

export interface ConsoleAnswer {
  status: number;
  location: string | null;
  headers: Headers;
  html: string;
}

export interface PostOptions {
  /** The page whose form's `_csrf` is sent (default `/admin`). */
  from?: string;
  /** The `_csrf` to send instead (null: none at all). */
  csrf?: string | null;
  headers?: Record<string, string>;
  multipart?: boolean;
}

/** A browser as far as the console cares: a cookie jar, no redirects followed, forms posted. */
export function consoleBrowser(bot: Pick<TestBot, "url">, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  async function request(
    method: string,
    path: string,
    body?: URLSearchParams | FormData,
    extra: Record<string, string> = {},
  ): Promise<ConsoleAnswer> {
    const cookie: Record<string, string> = jar.size
      ? { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; ") }
      : {};
    const response = await fetch(`${bot.url}${path}`, {
      method,
      redirect: "manual",
      headers: { ...headers, ...extra, ...cookie },
      body,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const [name = "", value = ""] = pair.split("=");
      const cleared = attributes.some((a) => /^\s*max-age=0$/i.test(a)) || value === "";
      if (cleared) jar.delete(name.trim());
      else jar.set(name.trim(), value.trim());
    }
    return {
      status: response.status,
      location: response.headers.get("location"),
      headers: response.headers,
      html: await response.text(),
    };
  }
  return {
    jar,
    get: (path: string, extra: Record<string, string> = {}) => request("GET", path, undefined, extra),
    /** Post fields with the CSRF token of the page at `from` (or the one given). */
    async post(path: string, fields: Record<string, string | Blob>, options: PostOptions = {}) {
      let csrf = options.csrf;
      if (csrf === undefined) csrf = csrfOf((await request("GET", options.from ?? "/admin")).html);
      const all = { ...fields, ...(csrf === null ? {} : { _csrf: csrf }) };
      let body: URLSearchParams | FormData;
      if (options.multipart || Object.values(all).some((value) => typeof value !== "string")) {
        body = new FormData();
        for (const [name, value] of Object.entries(all)) body.append(name, value);
      } else {
        body = new URLSearchParams(all as Record<string, string>);
      }
      return request("POST", path, body, options.headers);
    },
  };
}
export type ConsoleBrowser = ReturnType<typeof consoleBrowser>;

export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`no CSRF field in: ${html.slice(0, 300)}`);
  return match[1];
}

/** A console account made through the admin API, signed in: the browser holds its session. */
export async function signedInConsole(
  bot: Pick<TestBot, "url">,
  username = "formtester",
): Promise<ConsoleBrowser> {
  const created = await adminApi(bot, "POST", "/accounts", { username, password: CONSOLE_PASSWORD });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const b = consoleBrowser(bot);
  const answer = await b.post(
    "/admin/sign-in",
    { username, password: CONSOLE_PASSWORD },
    { from: "/admin/sign-in" },
  );
  expect(answer.status).toBe(303);
  return b;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Text of HTML: tags dropped, entities decoded, white space folded. */
export function textOf(html: string): string {
  return decode(html.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code =
        entity[1] === "x" || entity[1] === "X"
          ? Number.parseInt(entity.slice(2), 16)
          : Number(entity.slice(1));
      return String.fromCodePoint(code);
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of tag.matchAll(/\s([\w-]+)(?:="([^"]*)")?/g))
    found[match[1] as string] = decode(match[2] ?? "");
  return found;
}

/** Every address a page names: each `href`, `action` and `src` (links, forms, the stylesheet, photos). */
export function addressesOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|action|src)="([^"]*)"/g)].map((match) => decode(match[1] as string));
}

/** The messages beside fields: `[{field, message}]`. */
export function fieldErrors(html: string): Array<{ field: string; message: string }> {
  return [...html.matchAll(/<span\b([^>]*data-testid="field-error"[^>]*)>([\s\S]*?)<\/span>/g)].map(
    (match) => ({
      field: attributes(match[1] as string)["data-field"] ?? "",
      message: textOf(match[2] as string),
    }),
  );
}

/**
 * Every problem message a page shows: each `<li>` of a bad notice's list (else the notice's text),
 * and each message beside a field.
 */
export function problemMessages(html: string): string[] {
  const messages: string[] = [];
  for (const match of html.matchAll(/<div\b[^>]*data-testid="notice-bad"[^>]*>([\s\S]*?)<\/div>/g)) {
    const notice = match[1] as string;
    const items = [...notice.matchAll(/<li\b[^>]*>([\s\S]*?)<\/li>/g)].map((item) =>
      textOf(item[1] as string),
    );
    messages.push(...(items.length ? items : [textOf(notice)]));
  }
  return [...messages, ...fieldErrors(html).map((error) => error.message)];
}

/**
 * The values a form shows, by field name: inputs' `value` (a checkbox's when checked, else ""), the
 * selected option of a select ("" when none is), a textarea's text. Hidden fields and passwords are
 * included as they are (a password field should show nothing). `form` is the form's `data-testid`
 * or, starting with `/`, its `action`.
 */
export function formValues(html: string, form: string): Record<string, string> {
  const attribute = form.startsWith("/") ? `action="${form}"` : `data-testid="${form}"`;
  const found = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].find((match) =>
    (match[1] as string).includes(attribute),
  );
  if (!found) throw new Error(`no form with ${attribute} on the page`);
  const body = found[2] as string;
  const values: Record<string, string> = {};
  for (const match of body.matchAll(/<input\b[^>]*>/g)) {
    const input = attributes(match[0]);
    if (!input.name) continue;
    values[input.name] =
      input.type === "checkbox" ? ("checked" in input ? (input.value ?? "on") : "") : (input.value ?? "");
  }
  for (const match of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attributes(match[1] as string).name;
    if (!name) continue;
    const selected = [...(match[2] as string).matchAll(/<option\b[^>]*>/g)]
      .map((option) => attributes(option[0]))
      .find((option) => "selected" in option);
    values[name] = selected?.value ?? "";
  }
  for (const match of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attributes(match[1] as string).name;
    if (name) values[name] = decode(match[2] as string);
  }
  return values;
}

export interface ExpectedRefusal {
  status: number;
  /** The form shown again (`data-testid`, or its `action` starting with `/`). */
  form?: string;
  /** Fields that must show exactly what was typed. */
  kept?: Record<string, string>;
  /** Fields that must have a message beside them. */
  beside?: string[];
}

/** A refused form post: its status, at least one problem, every problem in Thai, the form as typed. */
export function expectThaiRefusal(answer: ConsoleAnswer, expected: ExpectedRefusal, where = ""): void {
  const label = where || `${expected.form ?? "page"} (${expected.status})`;
  expect(answer.status, `${label}: ${textOf(answer.html).slice(0, 300)}`).toBe(expected.status);
  const messages = problemMessages(answer.html);
  expect(messages.length, `${label}: no problem shown`).toBeGreaterThan(0);
  for (const message of messages) expectThai(message, label);
  if (expected.beside) {
    const fields = fieldErrors(answer.html).map((error) => error.field);
    for (const name of expected.beside) expect(fields, `${label}: a message beside ${name}`).toContain(name);
  }
  if (expected.form && expected.kept) {
    const values = formValues(answer.html, expected.form);
    for (const [name, value] of Object.entries(expected.kept)) {
      expect(values[name], `${label}: ${name} as typed`).toBe(value);
    }
  }
}
