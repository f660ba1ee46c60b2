/**
 * The console's page frame and small shared components. Everything shown goes through hono/jsx,
 * which escapes text and attribute values; `raw` is used for the doctype only.
 */

import type { Context } from "hono";
import { raw } from "hono/html";
import type { Child, FC, PropsWithChildren } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { graphemes } from "../../domain/graphemes";
import type { FieldProblem } from "../../domain/validation";
import { type ConsoleEnv, CSRF_FIELD, type Viewer } from "./session";

/** The main menu: each entry's path under the console's root, and its label. */
export const NAV: ReadonlyArray<readonly [string, string]> = [
  ["", "ภาพรวม"],
  ["/complaints", "เรื่องร้องเรียน"],
  ["/measures", "มาตรการ"],
  ["/ita", "ผล ITA"],
  ["/eit", "แบบวัด EIT"],
  ["/reports", "รายงาน"],
  ["/units", "หน่วยงาน"],
  ["/categories", "ประเภทเรื่อง"],
  ["/holidays", "วันหยุด"],
  ["/invites", "รหัสเชิญ"],
  ["/settings", "ตั้งค่า"],
  ["/accounts", "บัญชีผู้ดูแล"],
];

/** A page of the console; `root` is the console's root (`consoleRoot`), where its stylesheet is. */
export const Document: FC<PropsWithChildren<{ title: string; root: string }>> = ({
  title,
  root,
  children,
}) => (
  <>
    {raw("<!doctype html>")}
    <html lang="th">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} · ระบบผู้ดูแล Prongsai`}</title>
        <link rel="stylesheet" href={`${root}/assets/console.css`} />
      </head>
      <body>{children}</body>
    </html>
  </>
);

/** The hidden CSRF field every form carries. */
export const Csrf: FC<{ token: string }> = ({ token }) => (
  <input type="hidden" name={CSRF_FIELD} value={token} />
);

export interface PageProps {
  title: string;
  viewer: Viewer;
  orgName: string;
  /** The nav entry to mark, by its path under the root: `/complaints`, or "" for the overview. */
  active?: string;
}

export const Layout: FC<PropsWithChildren<PageProps>> = ({ title, viewer, orgName, active, children }) => (
  <Document title={title} root={viewer.root}>
    <header class="top">
      <div class="row">
        <span class="org">{orgName}</span>
        <span class="who">
          {viewer.name}{" "}
          <form method="post" action={`${viewer.root}/sign-out`} data-testid="sign-out-form">
            <Csrf token={viewer.csrf} />
            <button type="submit" data-testid="sign-out">
              ออกจากระบบ
            </button>
          </form>
        </span>
      </div>
    </header>
    {viewer.account ? (
      <nav class="main" aria-label="เมนูหลัก">
        {NAV.map(([path, label]) => (
          <a href={`${viewer.root}${path}`} class={path === active ? "active" : undefined}>
            {label}
          </a>
        ))}
      </nav>
    ) : null}
    <main>
      <h1>{title}</h1>
      {children}
    </main>
  </Document>
);

export const Notice: FC<PropsWithChildren<{ kind?: "ok" | "bad" | "warn" }>> = ({
  kind = "ok",
  children,
}) => (
  <div class={`notice ${kind}`} role={kind === "bad" ? "alert" : "status"} data-testid={`notice-${kind}`}>
    {children}
  </div>
);

export type { FieldProblem } from "../../domain/validation";

/** A form's problems, each with the field's Thai label when known. */
export const Problems: FC<{ problems: readonly FieldProblem[]; labels?: Record<string, string> }> = ({
  problems,
  labels = {},
}) =>
  problems.length ? (
    <Notice kind="bad">
      โปรดแก้ไข:
      <ul>
        {problems.map((problem) => {
          const label = labels[problem.field] ?? problem.field;
          return <li>{label ? `${label}: ${problem.message}` : problem.message}</li>;
        })}
      </ul>
    </Notice>
  ) : null;

/** A field's problems, beside its input (the `Problems` list at the top names them all). */
export const FieldError: FC<{ problems?: readonly FieldProblem[]; field: string }> = ({
  problems = [],
  field,
}) => {
  const messages = problems.filter((problem) => problem.field === field).map((problem) => problem.message);
  return messages.length ? (
    <span class="field-error" data-testid="field-error" data-field={field}>
      {messages.join(" ")}
    </span>
  ) : null;
};

export const Options: FC<{ options: ReadonlyArray<readonly [string, string]>; selected?: string | null }> = ({
  options,
  selected,
}) => (
  <>
    {options.map(([value, label]) => (
      <option value={value} selected={value === (selected ?? "")}>
        {label}
      </option>
    ))}
  </>
);

/** The fiscal-year choice of a filter form (Buddhist-era years). */
export const FiscalYearSelect: FC<{ year: number; years: readonly number[] }> = ({ year, years }) => (
  <label>
    ปีงบประมาณ
    <select name="fiscalYear">
      <Options options={years.map((y) => [String(y), `พ.ศ. ${y}`] as const)} selected={String(year)} />
    </select>
  </label>
);

/** A form that shows one fiscal year of a page. */
export const YearPicker: FC<{ action: string; year: number; years: readonly number[] }> = (props) => (
  <form method="get" action={props.action} class="inline card">
    <FiscalYearSelect year={props.year} years={props.years} />
    <button type="submit">แสดง</button>
  </form>
);

export const Badge: FC<PropsWithChildren<{ kind?: "ok" | "bad" | "warn" }>> = ({ kind, children }) => (
  <span class={kind ? `badge ${kind}` : "badge"}>{children}</span>
);

export const Table: FC<{ head: Child[]; testid?: string; children?: Child }> = ({
  head,
  testid,
  children,
}) => (
  <div class="table-wrap">
    <table data-testid={testid}>
      <thead>
        <tr>
          {head.map((cell) => (
            <th>{cell}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  </div>
);

/** Send a page: HTML, never cached (it shows what only a signed-in admin may see). */
export function send(c: Context, node: Child, status: ContentfulStatusCode = 200) {
  c.header("cache-control", "no-store");
  return c.html(node as Parameters<typeof c.html>[0], status);
}

/** Text cut to `max` characters as people count them, with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = graphemes(text);
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : text;
}

/** The console's 404, inside the frame. */
export function notFoundPage(c: Context<ConsoleEnv>, orgName: string, what = "ไม่พบหน้าหรือรายการนี้") {
  const viewer = c.get("viewer");
  return send(
    c,
    <Layout title="ไม่พบ" viewer={viewer} orgName={orgName}>
      <Notice kind="warn">{what}</Notice>
      <a href={viewer.root}>กลับหน้าภาพรวม</a>
    </Layout>,
    404,
  );
}
