/**
 * Measures in the console: the list (by fiscal year, unit and ITA indicator), one measure with its
 * progress timeline and evidence photos, and the CSV import — the admin API's service
 * (`planImportMeasures`), all rows or none, every bad row listed in Thai with the pasted text kept.
 */
import { Hono } from "hono";
import { z } from "zod";
import {
  findMeasure,
  findMeasurePhoto,
  listMeasures,
  progressOf,
  unitsOfMeasures,
} from "../../db/repos/measures.repo";
import { listUnits } from "../../db/repos/units.repo";
import type { Measure, MeasurePhoto, MeasureProgress, Unit } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { type CodedError, codedError, HTTP_STATUS, type Problem } from "../../domain/errors";
import { FISCAL_YEAR_MESSAGE, fiscalYearQuery } from "../../domain/fiscal-year";
import {
  ITA_INDICATOR_NAMES,
  indicatorsText,
  isMeasureOverdue,
  isMeasureStale,
  MEASURE_STATUS_LABELS,
} from "../../domain/measures";
import { fiscalYearOf, fiscalYearRange, thaiDateTime, thaiMonthYear } from "../../domain/thai-time";
import { INDICATOR_MESSAGE } from "../../features/ita/ita-result";
import { CSV_HEADERS, KPI_MAX, METHOD_MAX, TITLE_MAX } from "../../features/measures/measure-import";
import { photoResponse } from "../../http/blob-response";
import { commitPlanned } from "../../services/commit";
import {
  planArchiveMeasure,
  planCreateMeasure,
  planImportMeasures,
  planUpdateMeasure,
} from "../../services/measures.service";
import { consoleActor } from "../../services/plan";
import {
  askedFiscalYear,
  type FormState,
  field,
  fileBytes,
  fiscalYearChoices,
  fiscalYearParam,
  noticeOf,
  readForm,
  shown,
  typed,
} from "./forms";
import { CsvFields, FieldNote, RowProblems } from "./import-problems";
import {
  Badge,
  Csrf,
  FieldError,
  FiscalYearSelect,
  Layout,
  Notice,
  notFoundPage,
  Options,
  Problems,
  send,
  Table,
} from "./layout";
import type { ConsoleEnv, Viewer } from "./session";

const INDICATORS = Object.keys(ITA_INDICATOR_NAMES).map(Number);

const unitQuery = z.string().min(1).max(100).optional().catch(undefined);
const indicatorQuery = z.coerce.number().int().min(1).max(10).optional();

const statusKind = (measure: Measure) =>
  measure.status === "done" ? "ok" : measure.status === "cannot_do" ? "bad" : undefined;

const Flags = (props: { measure: Measure; now: number; timeZone: string }) => (
  <>
    {isMeasureOverdue(props.measure, props.now, props.timeZone) ? <Badge kind="bad">เกินกำหนด</Badge> : null}{" "}
    {isMeasureStale(props.measure, props.now) ? <Badge kind="warn">ไม่มีความคืบหน้าเกิน 30 วัน</Badge> : null}
  </>
);

const ListPage = (props: {
  viewer: Viewer;
  orgName: string;
  timeZone: string;
  now: number;
  year: number;
  years: number[];
  unit?: string;
  indicator?: number;
  units: Unit[];
  measures: Measure[];
  unitsOf: Map<string, string[]>;
  problems: Problem[];
  notice?: string;
}) => {
  const names = new Map(props.units.map((unit) => [unit.id, unit.name]));
  return (
    <Layout title="มาตรการ" viewer={props.viewer} orgName={props.orgName} active="/measures">
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <p class="inline" data-testid="measure-actions">
        <a href={`${props.viewer.root}/measures/new?fiscalYear=${props.year}`} data-testid="measure-add">
          เพิ่มมาตรการ
        </a>{" "}
        · <a href={`${props.viewer.root}/measures/import`}>นำเข้ามาตรการจากไฟล์ CSV หรือ Excel</a> ·{" "}
        <a href={`${props.viewer.root}/measures/template.csv`} download data-testid="csv-template">
          ไฟล์ตัวอย่าง (CSV)
        </a>{" "}
        ·{" "}
        <a
          href={`${props.viewer.root}/reports/measures-plan.docx?fiscalYear=${props.year}`}
          data-testid="measures-plan"
        >
          ดาวน์โหลดประกาศมาตรการ ปีงบประมาณ {props.year} (Word)
        </a>
      </p>
      <form
        method="get"
        action={`${props.viewer.root}/measures`}
        class="inline card"
        data-testid="measure-filter"
      >
        <FiscalYearSelect year={props.year} years={props.years} />
        <label>
          หน่วยงาน
          <select name="unit">
            <Options
              options={[["", "ทั้งหมด"], ...props.units.map((u) => [u.id, u.name] as const)]}
              selected={props.unit}
            />
          </select>
        </label>
        <label>
          ตัวชี้วัด
          <select name="indicator">
            <Options
              options={[
                ["", "ทั้งหมด"],
                ...INDICATORS.map((n) => [String(n), `${n}. ${ITA_INDICATOR_NAMES[n]}`] as const),
              ]}
              selected={props.indicator ? String(props.indicator) : ""}
            />
          </select>
        </label>
        <button type="submit">กรอง</button>
      </form>
      <FieldNote field="fiscalYear" problems={props.problems} />
      <FieldNote field="indicator" problems={props.problems} />
      <h2>{props.measures.length ? `${props.measures.length} มาตรการ` : "ไม่พบมาตรการตามเงื่อนไข"}</h2>
      {props.measures.length ? (
        <Table head={["มาตรการ", "ตัวชี้วัด", "ผู้รับผิดชอบ", "ระยะเวลา", "ความคืบหน้า"]} testid="measure-list">
          {props.measures.map((measure) => (
            <tr data-testid="measure-row" data-id={measure.id}>
              <td>
                <a href={`${props.viewer.root}/measures/${measure.id}`}>{measure.title}</a>
              </td>
              <td>{measure.indicators.join(", ")}</td>
              <td>
                {measure.unitsLabel ??
                  (props.unitsOf.get(measure.id) ?? []).map((id) => names.get(id) ?? "-").join(", ")}
              </td>
              <td>
                {thaiMonthYear(measure.startMonth)} – {thaiMonthYear(measure.endMonth)}
              </td>
              <td>
                <Badge kind={statusKind(measure)}>{MEASURE_STATUS_LABELS[measure.status]}</Badge>{" "}
                <progress max={100} value={measure.percent} /> {measure.percent}%{" "}
                <Flags measure={measure} now={props.now} timeZone={props.timeZone} />
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </Layout>
  );
};

const DetailPage = (props: {
  viewer: Viewer;
  orgName: string;
  timeZone: string;
  now: number;
  measure: Measure;
  unitNames: string[];
  progress: Array<MeasureProgress & { photos: MeasurePhoto[] }>;
  notice?: string;
}) => {
  const { measure, timeZone } = props;
  const archived = measure.archivedAt !== null;
  return (
    <Layout title={measure.title} viewer={props.viewer} orgName={props.orgName} active="/measures">
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {archived ? (
        <Notice kind="warn">
          มาตรการนี้ถูกยกเลิกเมื่อ {thaiDateTime(measure.archivedAt ?? 0, timeZone)} ไม่แสดงในรายการ แชต และรายงานแล้ว
          (เก็บไว้เป็นประวัติ)
        </Notice>
      ) : (
        <p class="inline" data-testid="measure-actions">
          <a href={`${props.viewer.root}/measures/${measure.id}/edit`} data-testid="measure-edit">
            แก้ไขมาตรการ
          </a>{" "}
          ·{" "}
          <a href={`${props.viewer.root}/measures/${measure.id}/archive`} data-testid="measure-archive">
            ยกเลิกมาตรการ
          </a>
        </p>
      )}
      <div class="card" data-testid="measure-detail">
        <dl class="facts">
          <dt>ปีงบประมาณ</dt>
          <dd>{measure.fiscalYear}</dd>
          <dt>ตัวชี้วัด ITA</dt>
          <dd>{indicatorsText(measure.indicators)}</dd>
          <dt>ผู้รับผิดชอบ</dt>
          <dd>
            {measure.unitsLabel ?? (props.unitNames.join(", ") || "-")}
            {measure.unitsLabel ? <span class="muted"> ({props.unitNames.join(", ")})</span> : null}
          </dd>
          <dt>ระยะเวลา</dt>
          <dd>
            {thaiMonthYear(measure.startMonth)} – {thaiMonthYear(measure.endMonth)}
          </dd>
          <dt>สถานะ</dt>
          <dd>
            <Badge kind={statusKind(measure)}>{MEASURE_STATUS_LABELS[measure.status]}</Badge>{" "}
            <progress max={100} value={measure.percent} /> {measure.percent}%{" "}
            <Flags measure={measure} now={props.now} timeZone={timeZone} />
          </dd>
          {measure.kpi ? (
            <>
              <dt>ตัวชี้วัดความสำเร็จ</dt>
              <dd class="text">{measure.kpi}</dd>
            </>
          ) : null}
          <dt>งบประมาณ</dt>
          <dd>{measure.budget === null ? "-" : `${measure.budget.toLocaleString("th-TH")} บาท`}</dd>
          {measure.spent !== null ? (
            <>
              <dt>งบประมาณที่ใช้ไป</dt>
              <dd>{`${measure.spent.toLocaleString("th-TH")} บาท`}</dd>
            </>
          ) : null}
        </dl>
        {measure.analysis ? (
          <>
            <h2>ผลการวิเคราะห์</h2>
            <p class="text">{measure.analysis}</p>
          </>
        ) : null}
        <h2>วิธีการดำเนินการ</h2>
        <p class="text">{measure.method}</p>
      </div>
      <h2>ความคืบหน้า</h2>
      {props.progress.length ? (
        <ol class="timeline" data-testid="measure-progress">
          {[...props.progress].reverse().map((entry) => (
            <li>
              <strong>
                {MEASURE_STATUS_LABELS[entry.status]} {entry.percent}%
              </strong>{" "}
              <span class="muted">
                {thaiDateTime(entry.at, timeZone)} · {entry.by}
              </span>
              <div class="text">{entry.text}</div>
              <a href={`${props.viewer.root}/measures/${measure.id}/progress/${entry.id}`}>
                แก้ไขหรือถอนรายการ
              </a>
              {entry.reason ? <div class="text">เหตุผลที่ดำเนินการไม่ได้: {entry.reason}</div> : null}
              {entry.suggestion ? <div class="text muted">ข้อเสนอแนะ: {entry.suggestion}</div> : null}
              {entry.photos.length ? (
                <div class="photos">
                  {entry.photos.map((photo) => (
                    <a href={`${props.viewer.root}/measure-photos/${photo.id}`}>
                      <img
                        src={`${props.viewer.root}/measure-photos/${photo.id}`}
                        alt="ภาพหลักฐาน"
                        loading="lazy"
                      />
                    </a>
                  ))}
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">ยังไม่มีการรายงานความคืบหน้า</p>
      )}
    </Layout>
  );
};

/** The measure form's fields (the import's, by their JSON names) and their Thai labels. */
const FORM_FIELDS = [
  "fiscalYear",
  "title",
  "indicators",
  "method",
  "unitNames",
  "startMonth",
  "endMonth",
  "kpi",
  "budget",
  "spent",
  "analysis",
] as const;
type FormField = (typeof FORM_FIELDS)[number];

const FIELD_LABELS: Record<FormField | "body" | "id" | "unitIds" | "unitsLabel", string> = {
  fiscalYear: "ปีงบประมาณ",
  title: "มาตรการ/แนวทาง",
  indicators: "ตัวชี้วัด ITA",
  method: "วิธีการดำเนินการ",
  unitNames: "ผู้รับผิดชอบ",
  unitIds: "ผู้รับผิดชอบ",
  unitsLabel: "ผู้รับผิดชอบ",
  startMonth: "เดือนเริ่ม",
  endMonth: "เดือนสิ้นสุด",
  kpi: "ตัวชี้วัดความสำเร็จ",
  budget: "งบประมาณ (บาท)",
  spent: "งบประมาณที่ใช้ไป (บาท)",
  analysis: "ผลการวิเคราะห์",
  body: "แบบฟอร์ม",
  id: "มาตรการ",
};

/** A stored measure as the form shows it: the same text an import would take. */
function formValues(
  measure: Measure | undefined,
  unitNames: string[],
  fiscalYear: number,
): Record<FormField, string> {
  if (!measure) {
    const range = fiscalYearRange(fiscalYear);
    return {
      fiscalYear: String(fiscalYear),
      title: "",
      indicators: "",
      method: "",
      unitNames: "",
      startMonth: thaiMonthYear(range.start.slice(0, 7)),
      endMonth: thaiMonthYear(range.end.slice(0, 7)),
      kpi: "",
      budget: "",
      spent: "",
      analysis: "",
    };
  }
  return {
    fiscalYear: String(measure.fiscalYear),
    title: measure.title,
    indicators: measure.indicators.join(", "),
    method: measure.method,
    unitNames: measure.unitsLabel ?? unitNames.join(", "),
    startMonth: thaiMonthYear(measure.startMonth),
    endMonth: thaiMonthYear(measure.endMonth),
    kpi: measure.kpi ?? "",
    budget: measure.budget === null ? "" : String(measure.budget),
    spent: measure.spent === null ? "" : String(measure.spent),
    analysis: measure.analysis ?? "",
  };
}

/** Add one measure, or edit one: the import's fields and rules, each problem beside its field. */
/** `action` and `cancel` are paths under the console's root. */
const MeasureFormPage = (props: {
  viewer: Viewer;
  orgName: string;
  action: string;
  heading: string;
  values: Record<FormField, string>;
  years: number[];
  units: Unit[];
  again?: FormState;
  cancel: string;
}) => {
  const value = (name: FormField) => shown(props.again, name, props.values[name]);
  const problems = props.again?.problems;
  const years = [...new Set([...props.years, Number(value("fiscalYear")) || props.years[0] || 0])]
    .filter((y) => y > 0)
    .sort((a, b) => b - a);
  const text = (name: FormField, label: string, hint: string, max?: number) => (
    <label>
      {label}
      <input name={name} value={value(name)} maxlength={max} />
      <span class="muted">{hint}</span>
      <FieldError problems={problems} field={name} />
    </label>
  );
  const area = (name: FormField, label: string, max: number, hint?: string) => (
    <label>
      {label}
      <textarea name={name} maxlength={max} rows={4}>
        {value(name)}
      </textarea>
      {hint ? <span class="muted">{hint}</span> : null}
      <FieldError problems={problems} field={name} />
    </label>
  );
  return (
    <Layout title={props.heading} viewer={props.viewer} orgName={props.orgName} active="/measures">
      {problems?.length ? <Problems problems={problems} labels={FIELD_LABELS} /> : null}
      <form
        method="post"
        action={`${props.viewer.root}${props.action}`}
        class="stack card"
        data-testid="measure-form"
      >
        <Csrf token={props.viewer.csrf} />
        <label>
          ปีงบประมาณ
          <select name="fiscalYear">
            <Options
              options={years.map((y) => [String(y), `พ.ศ. ${y}`] as const)}
              selected={value("fiscalYear")}
            />
          </select>
          <FieldError problems={problems} field="fiscalYear" />
        </label>
        {area("title", "มาตรการ/แนวทาง", TITLE_MAX)}
        {text("indicators", "ตัวชี้วัด ITA", "หมายเลข 1–10 คั่นด้วยจุลภาค เช่น 1, 9")}
        {area("method", "วิธีการดำเนินการ", METHOD_MAX)}
        {text(
          "unitNames",
          "ผู้รับผิดชอบ",
          `ชื่อหน่วยงานคั่นด้วย , หรือ / หรือ "ทุกส่วนราชการ" (หน่วยงานที่มี: ${props.units.map((u) => u.name).join(", ")})`,
          300,
        )}
        {text("startMonth", "เดือนเริ่ม", "เช่น ต.ค. 2569 หรือ ตุลาคม 2569", 40)}
        {text("endMonth", "เดือนสิ้นสุด", "เช่น ก.ย. 2570 — อยู่ในปีงบประมาณเดียวกัน", 40)}
        {area("kpi", "ตัวชี้วัดความสำเร็จ (ถ้ามี)", KPI_MAX)}
        {text("budget", "งบประมาณ (บาท, ถ้ามี)", "เช่น 5,000 — เว้นว่างหรือใส่ - เมื่อไม่ใช้งบประมาณ", 30)}
        {text("spent", "งบประมาณที่ใช้ไป (บาท, ถ้ามี)", "เว้นว่างได้", 30)}
        {area(
          "analysis",
          "ผลการวิเคราะห์ (ถ้ามี)",
          METHOD_MAX,
          "พิมพ์ในประกาศมาตรการ เช่น ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล …",
        )}
        <p class="inline">
          <button type="submit" data-testid="measure-save">
            บันทึก
          </button>{" "}
          <a href={`${props.viewer.root}${props.cancel}`}>ยกเลิก</a>
        </p>
      </form>
    </Layout>
  );
};

/** Archiving asks first: what it does, and a button to confirm. */
const ArchivePage = (props: {
  viewer: Viewer;
  orgName: string;
  measure: Measure;
  problems?: FieldProblemList;
}) => (
  <Layout title="ยกเลิกมาตรการ" viewer={props.viewer} orgName={props.orgName} active="/measures">
    {props.problems?.length ? <Problems problems={props.problems} labels={FIELD_LABELS} /> : null}
    <div class="card stack" data-testid="archive-confirm">
      <p>
        ยืนยันยกเลิกมาตรการ “<strong>{props.measure.title}</strong>” ปีงบประมาณ {props.measure.fiscalYear} หรือไม่
      </p>
      <p class="muted">
        มาตรการที่ยกเลิกจะไม่แสดงในรายการ ในแชตของเจ้าหน้าที่ ในการแจ้งเตือน และในรายงานอีก
        แต่ยังเก็บไว้พร้อมความคืบหน้าทั้งหมดเพื่อการตรวจสอบ
      </p>
      <form method="post" action={`${props.viewer.root}/measures/${props.measure.id}/archive`} class="inline">
        <Csrf token={props.viewer.csrf} />
        <button type="submit" class="danger" data-testid="archive-submit">
          ยืนยันยกเลิกมาตรการ
        </button>{" "}
        <a href={`${props.viewer.root}/measures/${props.measure.id}`}>กลับ ไม่ยกเลิก</a>
      </form>
    </div>
  </Layout>
);

type FieldProblemList = ReadonlyArray<{ field: string; message: string }>;

const NOTICES = {
  created: "เพิ่มมาตรการแล้ว",
  saved: "บันทึกการแก้ไขแล้ว",
  archived: "ยกเลิกมาตรการแล้ว (เก็บไว้เป็นประวัติ)",
};

const ImportPage = (props: {
  viewer: Viewer;
  orgName: string;
  imported?: number;
  refusal?: CodedError;
  csv?: string;
  years: number[];
  fiscalYear?: string;
}) => (
  <Layout
    title="นำเข้ามาตรการ (CSV หรือ Excel)"
    viewer={props.viewer}
    orgName={props.orgName}
    active="/measures"
  >
    {props.imported !== undefined ? <Notice>นำเข้าแล้ว {props.imported} มาตรการ</Notice> : null}
    {props.refusal ? <RowProblems headline={props.refusal.thai} problems={props.refusal.problems} /> : null}
    <p>
      ไฟล์ Excel ชนิด xlsx (ใช้แผ่นงานแรก) หรือ CSV แบบ UTF-8 (ใน Excel เลือกบันทึกเป็นชนิด CSV แบบ UTF-8)
      ใช้ได้ทั้งแบบไฟล์ตัวอย่าง มีหัวคอลัมน์: {Object.values(CSV_HEADERS).join(", ")}{" "}
      และแบบตารางในประกาศมาตรการที่หน่วยงานมีอยู่แล้ว เช่น มาตรการ/โครงการ/กิจกรรม, ผลการวิเคราะห์…, ขั้นตอน/วิธีการดำเนินการ,
      ระยะเวลาดำเนินการ, ผู้รับผิดชอบ
    </p>
    <p class="muted">
      เดือนเขียนได้หลายแบบ เช่น “ต.ค. 2569”, “ตุลาคม ๒๕๖๙”, “2569-10” หรือช่วงในช่องเดียว เช่น “ต.ค. ๒๕๖๘ – ก.ย. ๒๕๖๙”,
      “ม.ค. – ก.ย. ๒๕๖๙”; ผู้รับผิดชอบคั่นด้วย , หรือ / และใช้ “ทุกส่วนราชการ” หรือ “ทุกกอง” ได้ (พิมพ์ในเอกสารตามที่เขียน)
    </p>
    <p>
      <a href={`${props.viewer.root}/measures/template.csv`} download data-testid="csv-template">
        ดาวน์โหลดไฟล์ตัวอย่าง (CSV)
      </a>{" "}
      — หัวคอลัมน์ครบพร้อมตัวอย่าง 1 แถว เปิดด้วย Excel แก้ไขแล้วบันทึกเป็น CSV แบบ UTF-8
    </p>
    <form
      method="post"
      action={`${props.viewer.root}/measures/import`}
      enctype="multipart/form-data"
      class="stack card"
      data-testid="import-form"
    >
      <Csrf token={props.viewer.csrf} />
      <label>
        ปีงบประมาณของมาตรการ (เมื่อไฟล์ไม่มีคอลัมน์ปีงบประมาณ)
        <select name="fiscalYear">
          <Options
            options={[["", "ตามเดือนในไฟล์"], ...props.years.map((y) => [String(y), `พ.ศ. ${y}`] as const)]}
            selected={props.fiscalYear ?? ""}
          />
        </select>
        <FieldNote field="fiscalYear" problems={props.refusal?.problems} />
      </label>
      <CsvFields csv={props.csv ?? ""} problems={props.refusal?.problems} spreadsheet />
      <button type="submit" data-testid="import-submit">
        นำเข้า
      </button>
    </form>
  </Layout>
);

/** A refusal's problems, each beside its field (the service's own list, else the refusal itself). */
const problemsOf = (error: CodedError): Array<{ field: string; message: string }> =>
  error.problems?.length ? [...error.problems] : [{ field: error.field, message: error.thai }];

/** One CSV cell: quoted when it holds a comma, a quote or a line break. */
const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * The import's template: a UTF-8 BOM (so Excel opens the Thai right), the Thai headers and one example
 * row — a measure from a real organisation's published measures table, in the current fiscal year and
 * for one of this organisation's units, so the file imports as it is.
 */
export function measuresTemplateCsv(fiscalYear: number, unitName: string): string {
  const range = fiscalYearRange(fiscalYear);
  const example: Record<keyof typeof CSV_HEADERS, string> = {
    fiscalYear: String(fiscalYear),
    title: "มาตรการยกระดับการป้องกันการทุจริต",
    indicators: "10",
    method: "๑. ทบทวนมาตรการป้องกันการทุจริต ๒. เผยแพร่ผลการดำเนินงาน ๓. รายงานผลต่อผู้บริหาร",
    units: unitName,
    startMonth: thaiMonthYear(range.start.slice(0, 7)),
    endMonth: thaiMonthYear(range.end.slice(0, 7)),
    kpi: "",
    budget: "",
  };
  const keys = Object.keys(CSV_HEADERS) as Array<keyof typeof CSV_HEADERS>;
  const line = (cells: string[]) => cells.map(csvCell).join(",");
  return `\ufeff${line(keys.map((key) => CSV_HEADERS[key]))}\r\n${line(keys.map((key) => example[key]))}\r\n`;
}

export function measuresConsole(deps: AppDeps) {
  const app = new Hono<ConsoleEnv>();
  const { db } = deps;
  const { orgName, timeZone } = deps.config;

  app.get("/measures", async (c) => {
    const { year, problems } = askedFiscalYear(c, deps);
    const unit = unitQuery.parse(c.req.query("unit"));
    const asked = indicatorQuery.safeParse(c.req.query("indicator") || undefined);
    const indicator = asked.success ? asked.data : undefined;
    if (!asked.success) problems.push({ field: "indicator", message: `ตัวชี้วัด: ${INDICATOR_MESSAGE}` });
    const [units, all] = await Promise.all([
      listUnits(db),
      listMeasures(db, { fiscalYear: year, unitId: unit }),
    ]);
    const measures = indicator ? all.filter((measure) => measure.indicators.includes(indicator)) : all;
    return send(
      c,
      <ListPage
        viewer={c.get("viewer")}
        orgName={orgName}
        timeZone={timeZone}
        now={deps.clock.now()}
        year={year}
        years={fiscalYearChoices(deps)}
        unit={unit}
        indicator={indicator}
        units={units}
        measures={measures}
        unitsOf={
          await unitsOfMeasures(
            db,
            measures.map((measure) => measure.id),
          )
        }
        problems={problems}
        notice={noticeOf(c, NOTICES)}
      />,
      problems.length ? 400 : 200,
    );
  });

  app.get("/measures/template.csv", async (c) => {
    const units = await listUnits(db);
    const unit = units.find((u) => u.name === "สำนักปลัด") ?? units[0];
    const csv = measuresTemplateCsv(fiscalYearOf(deps.clock.now(), timeZone), unit?.name ?? "สำนักปลัด");
    return c.body(csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="measures-template.csv"; filename*=UTF-8''${encodeURIComponent("แม่แบบมาตรการ.csv")}`,
      "cache-control": "no-store",
    });
  });

  app.get("/measures/import", (c) => {
    const imported = /^\d{1,5}$/.test(c.req.query("imported") ?? "")
      ? Number(c.req.query("imported"))
      : undefined;
    return send(
      c,
      <ImportPage
        viewer={c.get("viewer")}
        orgName={orgName}
        imported={imported}
        years={fiscalYearChoices(deps)}
      />,
    );
  });

  app.post("/measures/import", async (c) => {
    const viewer = c.get("viewer");
    const form = await readForm(c);
    const csv = (await fileBytes(form, "file")) ?? field(form, "csv");
    const pasted = field(form, "csv");
    const asked = field(form, "fiscalYear").trim();
    const refuse = (refusal: CodedError) =>
      send(
        c,
        <ImportPage
          viewer={viewer}
          orgName={orgName}
          refusal={refusal}
          csv={pasted}
          years={fiscalYearChoices(deps)}
          fiscalYear={asked}
        />,
        HTTP_STATUS[refusal.kind],
      );
    const year = asked === "" ? undefined : fiscalYearQuery.safeParse(asked);
    if (year && !year.success) {
      const problem = { row: 0, field: "fiscalYear", message: FISCAL_YEAR_MESSAGE };
      return refuse(codedError("measures.import_invalid", { count: 1 }, "fiscalYear", [problem]));
    }
    if (typeof csv === "string" && csv.trim() === "") {
      const problem = { row: 0, field: "file", message: "เลือกไฟล์ CSV หรือวางข้อความ CSV" };
      return refuse(codedError("measures.import_invalid", { count: 1 }, "file", [problem]));
    }
    const actor = consoleActor(viewer);
    const done = await commitPlanned(
      deps,
      await planImportMeasures(deps, { format: "csv", csv, fiscalYear: year?.data }, actor),
      actor,
    );
    if (!done.ok) return refuse(done.error);
    return c.redirect(`${viewer.root}/measures/import?imported=${done.value.imported}`, 303);
  });

  /** The measure and its units' names, for its pages; undefined when unknown. */
  async function measureWithUnits(id: string) {
    const measure = await findMeasure(db, id);
    if (!measure) return undefined;
    const [links, units] = await Promise.all([unitsOfMeasures(db, [measure.id]), listUnits(db)]);
    const names = new Map(units.map((unit) => [unit.id, unit.name]));
    const order = new Map(units.map((unit, index) => [unit.id, index]));
    const ids = [...(links.get(measure.id) ?? [])].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    return { measure, units, unitNames: ids.map((id) => names.get(id) ?? "-") };
  }

  /** The form's text as the service's JSON: the import's fields, by name. */
  const formInput = (form: Awaited<ReturnType<typeof readForm>>) =>
    Object.fromEntries(FORM_FIELDS.map((name) => [name, field(form, name)]));

  app.get("/measures/new", async (c) => {
    const year = fiscalYearParam(c, deps);
    return send(
      c,
      <MeasureFormPage
        viewer={c.get("viewer")}
        orgName={orgName}
        action="/measures/new"
        heading="เพิ่มมาตรการ"
        values={formValues(undefined, [], year)}
        years={fiscalYearChoices(deps)}
        units={await listUnits(db)}
        cancel={`/measures?fiscalYear=${year}`}
      />,
    );
  });

  app.post("/measures/new", async (c) => {
    const viewer = c.get("viewer");
    const form = await readForm(c);
    const actor = consoleActor(viewer);
    const done = await commitPlanned(deps, await planCreateMeasure(deps, formInput(form), actor), actor);
    if (done.ok) return c.redirect(`${viewer.root}/measures/${done.value.measure.id}?notice=created`, 303);
    return send(
      c,
      <MeasureFormPage
        viewer={viewer}
        orgName={orgName}
        action="/measures/new"
        heading="เพิ่มมาตรการ"
        values={formValues(undefined, [], fiscalYearOf(deps.clock.now(), timeZone))}
        years={fiscalYearChoices(deps)}
        units={await listUnits(db)}
        again={{ typed: typed(form, FORM_FIELDS), problems: problemsOf(done.error) }}
        cancel="/measures"
      />,
      HTTP_STATUS[done.error.kind],
    );
  });

  app.get("/measures/:id/edit", async (c) => {
    const found = await measureWithUnits(c.req.param("id"));
    if (!found || found.measure.archivedAt !== null) return notFoundPage(c, orgName, "ไม่พบมาตรการนี้");
    return send(
      c,
      <MeasureFormPage
        viewer={c.get("viewer")}
        orgName={orgName}
        action={`/measures/${found.measure.id}/edit`}
        heading={`แก้ไขมาตรการ: ${found.measure.title}`}
        values={formValues(found.measure, found.unitNames, found.measure.fiscalYear)}
        years={fiscalYearChoices(deps)}
        units={found.units}
        cancel={`/measures/${found.measure.id}`}
      />,
    );
  });

  app.post("/measures/:id/edit", async (c) => {
    const viewer = c.get("viewer");
    const found = await measureWithUnits(c.req.param("id"));
    if (!found) return notFoundPage(c, orgName, "ไม่พบมาตรการนี้");
    const form = await readForm(c);
    const actor = consoleActor(viewer);
    const done = await commitPlanned(
      deps,
      await planUpdateMeasure(deps, { id: found.measure.id, changes: formInput(form) }, actor),
      actor,
    );
    if (done.ok) return c.redirect(`${viewer.root}/measures/${found.measure.id}?notice=saved`, 303);
    return send(
      c,
      <MeasureFormPage
        viewer={viewer}
        orgName={orgName}
        action={`/measures/${found.measure.id}/edit`}
        heading={`แก้ไขมาตรการ: ${found.measure.title}`}
        values={formValues(found.measure, found.unitNames, found.measure.fiscalYear)}
        years={fiscalYearChoices(deps)}
        units={found.units}
        again={{ typed: typed(form, FORM_FIELDS), problems: problemsOf(done.error) }}
        cancel={`/measures/${found.measure.id}`}
      />,
      HTTP_STATUS[done.error.kind],
    );
  });

  app.get("/measures/:id/archive", async (c) => {
    const measure = await findMeasure(db, c.req.param("id"));
    if (!measure || measure.archivedAt !== null) return notFoundPage(c, orgName, "ไม่พบมาตรการนี้");
    return send(c, <ArchivePage viewer={c.get("viewer")} orgName={orgName} measure={measure} />);
  });

  app.post("/measures/:id/archive", async (c) => {
    const viewer = c.get("viewer");
    const measure = await findMeasure(db, c.req.param("id"));
    if (!measure) return notFoundPage(c, orgName, "ไม่พบมาตรการนี้");
    const actor = consoleActor(viewer);
    const done = await commitPlanned(deps, await planArchiveMeasure(deps, { id: measure.id }, actor), actor);
    if (done.ok)
      return c.redirect(`${viewer.root}/measures?fiscalYear=${measure.fiscalYear}&notice=archived`, 303);
    return send(
      c,
      <ArchivePage viewer={viewer} orgName={orgName} measure={measure} problems={problemsOf(done.error)} />,
      HTTP_STATUS[done.error.kind],
    );
  });

  app.get("/measures/:id", async (c) => {
    const measure = await findMeasure(db, c.req.param("id"));
    if (!measure) return notFoundPage(c, orgName, "ไม่พบมาตรการนี้");
    const [links, progress, units] = await Promise.all([
      unitsOfMeasures(db, [measure.id]),
      progressOf(db, measure.id),
      listUnits(db),
    ]);
    const names = new Map(units.map((unit) => [unit.id, unit.name]));
    return send(
      c,
      <DetailPage
        viewer={c.get("viewer")}
        orgName={orgName}
        timeZone={timeZone}
        now={deps.clock.now()}
        measure={measure}
        unitNames={(links.get(measure.id) ?? []).map((id) => names.get(id) ?? "-")}
        progress={progress}
        notice={noticeOf(c, NOTICES)}
      />,
    );
  });

  /** A progress photo, to a signed-in session only. */
  app.get("/measure-photos/:id", async (c) =>
    photoResponse(c, deps, (await findMeasurePhoto(db, c.req.param("id")))?.blobKey),
  );

  return app;
}
