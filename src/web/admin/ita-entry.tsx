/**
 * ITA results kept in the console: a form for a fiscal year's result (total, level, the ten
 * indicators, the items as "code score" lines), prefilled with the stored result, and the preview of
 * the score tables pasted or uploaded before they are saved. Both save through
 * `services/ita.service.ts`, as the admin API does; every refusal is Thai, beside its field, with
 * what was typed kept.
 */
import type { Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import { findItaResult } from "../../db/repos/ita.repo";
import type { ItaResult } from "../../db/schema";
import type { AppDeps } from "../../deps";
import type { Problem } from "../../domain/errors";
import { HTTP_STATUS } from "../../domain/errors";
import { fiscalYearQuery } from "../../domain/fiscal-year";
import {
  compareItemCodes,
  ITA_INDICATORS,
  ITA_PASS_MARK,
  itemText,
  normaliseItemCode,
} from "../../domain/ita-catalogue";
import { check } from "../../domain/validation";
import { utf8Text } from "../../features/csv";
import { type ItaImportNote, itaResultFromText } from "../../features/ita/ita-import";
import { type ItaResultInput, itemCodeProblem, parseScore } from "../../features/ita/ita-result";
import { commitPlanned } from "../../services/commit";
import { itaResultSchema, planSaveItaResult } from "../../services/ita.service";
import { consoleActor } from "../../services/plan";
import { askedFiscalYear, type FormState, readForm, shown, typed } from "./forms";
import { FieldNote } from "./import-problems";
import { Badge, Csrf, FieldError, Layout, Notice, Problems, send, Table } from "./layout";
import type { ConsoleEnv, Viewer } from "./session";

/** Level choices offered beside the field (any label the NACC used is accepted). */
const LEVEL_CHOICES = ["AA", "A", "B", "C", "D", "E", "F", "ผ่าน", "ผ่านดี", "ผ่านดีเยี่ยม", "ไม่ผ่าน"];
const indicatorField = (indicator: number) => `indicator${indicator}`;
const FIELDS = [
  "fiscalYear",
  "total",
  "level",
  "items",
  ...ITA_INDICATORS.map((i) => indicatorField(i.indicator)),
];
const LABELS: Record<string, string> = {
  fiscalYear: "ปีงบประมาณ",
  total: "คะแนนรวม",
  level: "ระดับ",
  items: "คะแนนรายข้อ",
  ...Object.fromEntries(
    ITA_INDICATORS.map(({ indicator, name }) => [indicatorField(indicator), `ตัวชี้วัดที่ ${indicator} ${name}`]),
  ),
};
const SCORE_MESSAGE = "ต้องกรอกคะแนน 0 ถึง 100";

const two = (score: number) => score.toFixed(2);

/** A stored result as the form's fields. */
function storedFields(result: ItaResult | undefined, year: number): Record<string, string> {
  const byIndicator = new Map(result?.indicators.map((entry) => [entry.indicator, entry.score]));
  return {
    fiscalYear: String(year),
    total: result ? String(result.total) : "",
    level: result?.level ?? "",
    items: result
      ? [...result.items]
          .sort((a, b) => compareItemCodes(a.code, b.code))
          .map((item) => `${item.code} ${item.score}`)
          .join("\n")
      : "",
    ...Object.fromEntries(
      ITA_INDICATORS.map(({ indicator }) => [
        indicatorField(indicator),
        String(byIndicator.get(indicator) ?? ""),
      ]),
    ),
  };
}

/**
 * The form's fields as the service's input, or the problems beside each field: a score in Thai or
 * Arabic digits for the total and each of the ten indicators, the items one per line as
 * `o22 0` / `O22, 0.00` / `e๑ ๙๕.๙๑` (a line's problems are named by its number).
 */
export function readItaForm(
  fields: Record<string, string>,
): { ok: true; input: ItaResultInput } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const score = (name: string): number | undefined => {
    const text = (fields[name] ?? "").trim();
    if (text === "") {
      problems.push({ field: name, message: SCORE_MESSAGE });
      return undefined;
    }
    const value = parseScore(text);
    if (value === undefined) problems.push({ field: name, message: `"${text}" ไม่ใช่คะแนน 0 ถึง 100` });
    return value;
  };
  const year = check(fiscalYearQuery, fields.fiscalYear ?? "");
  if (!year.ok) problems.push({ field: "fiscalYear", message: year.problems[0]?.message ?? "" });
  const total = score("total");
  const indicators = ITA_INDICATORS.map(({ indicator }) => ({
    indicator,
    score: score(indicatorField(indicator)),
  }));
  const items: Array<{ code: string; score: number }> = [];
  const lineOf: number[] = [];
  (fields.items ?? "").split(/\r?\n/).forEach((raw, index) => {
    const text = raw.trim();
    if (text === "") return;
    const parts = text.split(/[\s,;]+/).filter(Boolean);
    const [first] = parts;
    const last = parts.length > 1 ? parts.at(-1) : undefined;
    const code = first ? normaliseItemCode(first) : undefined;
    const value = last !== undefined ? parseScore(last) : undefined;
    const line = index + 1;
    if (code === undefined) {
      problems.push({
        field: "items",
        message: `บรรทัดที่ ${line}: "${first ?? ""}" ไม่ใช่รหัสข้อ เช่น i1, e1, o22`,
      });
    } else if (value === undefined) {
      problems.push({
        field: "items",
        message: `บรรทัดที่ ${line}: ${last === undefined ? "ไม่มีคะแนน" : `"${last}" ไม่ใช่คะแนน 0 ถึง 100`} (เขียนรหัสข้อแล้วตามด้วยคะแนน เช่น o22 0)`,
      });
    } else {
      items.push({ code, score: value });
      lineOf.push(line);
    }
  });
  // The year's form and repeats, checked here too: the schema checks them only once all else is good.
  const seen = new Map<string, number>();
  items.forEach(({ code }, index) => {
    const line = lineOf[index] ?? 0;
    const earlier = seen.get(code);
    const problem =
      earlier !== undefined
        ? `ข้อ ${code} ซ้ำกับบรรทัดที่ ${earlier}`
        : itemCodeProblem(year.ok ? year.data : 0, code);
    if (problem) problems.push({ field: "items", message: `บรรทัดที่ ${line}: ${problem}` });
    if (earlier === undefined) seen.set(code, line);
  });
  const checked = check(itaResultSchema, {
    fiscalYear: year.ok ? year.data : 0,
    total: total ?? 0,
    level: fields.level ?? "",
    indicators: indicators.map((entry) => ({ indicator: entry.indicator, score: entry.score ?? 0 })),
    items,
  });
  if (!checked.ok) {
    for (const problem of checked.problems) {
      const [head, index, rest] = problem.field.split(".");
      if (head === "items") {
        // Named above, by line.
      } else if (head === "indicators" && index !== undefined && rest === "score") {
        const name = indicatorField(Number(index) + 1);
        if (!problems.some((p) => p.field === name)) problems.push({ field: name, message: problem.message });
      } else if (head && !problems.some((p) => p.field === head)) {
        problems.push({ field: head, message: problem.message });
      }
    }
  }
  // The items' problems in the order of their lines.
  const lineNumber = (problem: Problem) => Number(/^บรรทัดที่ (\d+)/.exec(problem.message)?.[1] ?? 0);
  problems.sort((a, b) => (a.field === "items" && b.field === "items" ? lineNumber(a) - lineNumber(b) : 0));
  if (problems.length || !checked.ok) return { ok: false, problems };
  return { ok: true, input: checked.data };
}

const ItaEntryPage = (props: {
  viewer: Viewer;
  orgName: string;
  year: number;
  replacing: boolean;
  values: Record<string, string>;
  problems: Problem[];
}) => {
  const { values, problems } = props;
  return (
    <Layout title="กรอกผลการประเมิน ITA" viewer={props.viewer} orgName={props.orgName} active="/ita">
      <Problems problems={problems} labels={LABELS} />
      <p class="muted">
        กรอกคะแนนตามที่ ป.ป.ช. ประกาศ (เลขไทยหรือเลขอารบิกก็ได้) คะแนนรายข้อไม่บังคับ
        {props.replacing ? ` ปีงบประมาณ ${props.year} มีผลที่บันทึกไว้แล้ว บันทึกอีกครั้งจะแทนที่ผลเดิม` : ""}
      </p>
      <form
        method="post"
        action={`${props.viewer.root}/ita/edit`}
        class="stack card"
        data-testid="ita-entry-form"
      >
        <Csrf token={props.viewer.csrf} />
        <label>
          ปีงบประมาณ (พ.ศ.)
          <input name="fiscalYear" value={values.fiscalYear ?? ""} inputmode="numeric" maxlength={4} />
        </label>
        <FieldError field="fiscalYear" problems={problems} />
        <label>
          คะแนนรวม (คะแนนในภาพรวม)
          <input name="total" value={values.total ?? ""} inputmode="decimal" maxlength={12} />
        </label>
        <FieldError field="total" problems={problems} />
        <label>
          ระดับผลการประเมิน (ถ้ามี)
          <input name="level" value={values.level ?? ""} list="ita-levels" maxlength={40} />
        </label>
        <datalist id="ita-levels">
          {LEVEL_CHOICES.map((level) => (
            <option value={level} />
          ))}
        </datalist>
        <FieldError field="level" problems={problems} />
        <fieldset>
          <legend>คะแนนรายตัวชี้วัด (เกณฑ์ผ่าน {ITA_PASS_MARK} คะแนน)</legend>
          {ITA_INDICATORS.map(({ indicator, name, tool }) => (
            <>
              <label>
                ตัวชี้วัดที่ {indicator} {name} ({tool})
                <input
                  name={indicatorField(indicator)}
                  value={values[indicatorField(indicator)] ?? ""}
                  inputmode="decimal"
                  maxlength={12}
                />
              </label>
              <FieldError field={indicatorField(indicator)} problems={problems} />
            </>
          ))}
        </fieldset>
        <label>
          คะแนนรายข้อ (ถ้ามี) บรรทัดละหนึ่งข้อ: รหัสข้อ แล้วคะแนน เช่น o22 0
          <textarea name="items" rows={10}>
            {values.items ?? ""}
          </textarea>
        </label>
        <FieldError field="items" problems={problems} />
        <button type="submit">บันทึกผลการประเมิน</button>
      </form>
      <p>
        <a href={`${props.viewer.root}/ita?fiscalYear=${props.year}`}>กลับไปหน้าผลการประเมิน ITA</a>
      </p>
    </Layout>
  );
};

/** What the paste box was sent with, read before saving. */
export interface ItaPreview {
  fiscalYear: number;
  text: string;
  result: ItaResultInput;
  notes: ItaImportNote[];
  replacing: boolean;
}

export const ItaPreviewPage = (props: { viewer: Viewer; orgName: string; preview: ItaPreview }) => {
  const { result, notes } = props.preview;
  const byIndicator = new Map(result.indicators.map((entry) => [entry.indicator, entry.score]));
  const zeros = result.items.filter((item) => item.score === 0);
  return (
    <Layout title="ตรวจดูผลคะแนนก่อนบันทึก" viewer={props.viewer} orgName={props.orgName} active="/ita">
      <Notice kind="warn">
        ยังไม่ได้บันทึก ตรวจดูคะแนนที่อ่านได้ด้านล่างให้ตรงกับเอกสาร แล้วกด ยืนยันบันทึกผลคะแนน ท้ายหน้า
        {props.preview.replacing ? ` (จะแทนที่ผลเดิมของปีงบประมาณ ${props.preview.fiscalYear})` : ""}
      </Notice>
      {notes.length ? (
        <>
          <h2>ข้อสังเกต</h2>
          <ul data-testid="ita-import-notes">
            {notes.map((note) => (
              <li>
                {note.row ? `บรรทัดที่ ${note.row}: ` : ""}
                {note.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div class="cards">
        <section class="card">
          <h2>ปีงบประมาณ {result.fiscalYear}</h2>
          <div class="figure" data-testid="ita-preview-total">
            {two(result.total)}
          </div>
          <div>{result.level ? `ระดับ ${result.level}` : "ไม่ได้ระบุระดับ"}</div>
        </section>
        <section class="card">
          <h2>คะแนนรายข้อ</h2>
          <div class="figure">{result.items.length}</div>
          <div>
            {zeros.length ? `ได้ 0 คะแนน: ${zeros.map((item) => item.code).join(", ")}` : "ไม่มีข้อที่ได้ 0 คะแนน"}
          </div>
        </section>
      </div>
      <Table head={["ตัวชี้วัด", "คะแนน", ""]} testid="ita-preview-indicators">
        {ITA_INDICATORS.map(({ indicator, name }) => {
          const score = byIndicator.get(indicator);
          return (
            <tr>
              <td>
                {indicator}. {name}
              </td>
              <td>{score === undefined ? "ไม่มี" : two(score)}</td>
              <td>
                {score === undefined ? (
                  <Badge kind="warn">ไม่มีคะแนน</Badge>
                ) : score < ITA_PASS_MARK ? (
                  <Badge kind="bad">ต่ำกว่าเกณฑ์</Badge>
                ) : (
                  <Badge kind="ok">ผ่าน</Badge>
                )}
              </td>
            </tr>
          );
        })}
      </Table>
      {result.items.length ? (
        <details>
          <summary>คะแนนรายข้อทั้งหมด {result.items.length} ข้อ</summary>
          <Table head={["ข้อ", "หัวข้อการประเมิน", "คะแนน"]} testid="ita-preview-items">
            {result.items.map((item) => (
              <tr>
                <td>{item.code}</td>
                <td>{itemText(result.fiscalYear, item.code)}</td>
                <td>{two(item.score)}</td>
              </tr>
            ))}
          </Table>
        </details>
      ) : null}
      <form
        method="post"
        action={`${props.viewer.root}/ita/import`}
        class="inline card"
        data-testid="ita-import-confirm"
      >
        <Csrf token={props.viewer.csrf} />
        <input type="hidden" name="fiscalYear" value={String(props.preview.fiscalYear)} />
        <textarea name="csv" hidden>
          {props.preview.text}
        </textarea>
        <button type="submit">ยืนยันบันทึกผลคะแนน</button>
        <a href={`${props.viewer.root}/ita?fiscalYear=${props.preview.fiscalYear}`}>ยกเลิก</a>
      </form>
    </Layout>
  );
};

/** The paste box and file of the ITA page's import (kept when refused). */
export const ItaImportFields: FC<{ text: string; problems?: readonly Problem[] }> = ({ text, problems }) => (
  <>
    <label>
      ไฟล์ข้อความ (.txt) หรือ CSV
      <input type="file" name="file" accept=".txt,.csv,text/plain,text/csv" />
    </label>
    <label>
      หรือวางข้อความจากเอกสารผลการประเมิน (คัดลอกทั้งส่วนผลคะแนน ตาราง และย่อหน้าที่บอกคะแนนรวม)
      <textarea name="csv">{text}</textarea>
    </label>
    <FieldNote field="file" problems={problems?.filter((problem) => !problem.row)} />
  </>
);

export const EMPTY_IMPORT_MESSAGE = "เลือกไฟล์ หรือวางข้อความตารางคะแนนจากเอกสารผลการประเมิน";

/**
 * Read the paste box (or the file) for a preview: the result and its notes, or the refusal's rows.
 * The text is decoded here so the confirm form can carry it.
 */
export async function previewImport(
  deps: AppDeps,
  input: { fiscalYear: number; csv: string | Uint8Array },
): Promise<{ ok: true; preview: ItaPreview } | { ok: false; problems: Problem[] }> {
  const decoded = utf8Text(input.csv);
  if (!decoded.ok) return { ok: false, problems: decoded.errors };
  const read = itaResultFromText(decoded.text, input.fiscalYear);
  if (!read.ok) return { ok: false, problems: read.errors };
  const replacing = (await findItaResult(deps.db, input.fiscalYear)) !== undefined;
  return {
    ok: true,
    preview: {
      fiscalYear: input.fiscalYear,
      text: decoded.text,
      result: read.result,
      notes: read.notes,
      replacing,
    },
  };
}

/** `GET/POST /admin/ita/edit`: the form, prefilled with the year's stored result. */
export function itaEntryRoutes(app: Hono<ConsoleEnv>, deps: AppDeps) {
  const { orgName } = deps.config;

  async function page(
    c: Context<ConsoleEnv>,
    year: number,
    again?: FormState,
    status: 200 | 400 | 404 | 409 = 200,
  ) {
    const stored = await findItaResult(deps.db, year);
    const base = storedFields(stored, year);
    const values = Object.fromEntries(FIELDS.map((name) => [name, shown(again, name, base[name] ?? "")]));
    return send(
      c,
      <ItaEntryPage
        viewer={c.get("viewer")}
        orgName={orgName}
        year={year}
        replacing={stored !== undefined}
        values={values}
        problems={again?.problems ?? []}
      />,
      status,
    );
  }

  app.get("/ita/edit", async (c) => {
    const asked = fiscalYearQuery.safeParse(c.req.query("fiscalYear"));
    const year = asked.success ? asked.data : undefined;
    if (year === undefined) {
      const fallback = askedFiscalYear(c, deps);
      const again = fallback.problems.length ? { typed: {}, problems: fallback.problems } : undefined;
      return page(c, fallback.year, again, fallback.problems.length ? 400 : 200);
    }
    return page(c, year);
  });

  app.post("/ita/edit", async (c) => {
    const posted = await readForm(c);
    const fields = typed(posted, FIELDS);
    const read = readItaForm(fields);
    const year = fiscalYearQuery.safeParse(fields.fiscalYear);
    const shownYear = year.success ? year.data : askedFiscalYear(c, deps).year;
    if (!read.ok) return page(c, shownYear, { typed: fields, problems: read.problems }, 400);
    const actor = consoleActor(c.get("viewer"));
    const done = await commitPlanned(deps, await planSaveItaResult(deps, read.input, actor), actor);
    if (!done.ok) {
      const problems = [{ field: done.error.field, message: done.error.thai }];
      return page(c, shownYear, { typed: fields, problems }, HTTP_STATUS[done.error.kind]);
    }
    return c.redirect(
      `${c.get("viewer").root}/ita?fiscalYear=${read.input.fiscalYear}&imported=${read.input.fiscalYear}`,
      303,
    );
  });
}
