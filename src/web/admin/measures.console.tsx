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
import {
  ITA_INDICATOR_NAMES,
  indicatorsText,
  isMeasureOverdue,
  isMeasureStale,
  MEASURE_STATUS_LABELS,
} from "../../domain/measures";
import { fiscalYearOf, fiscalYearRange, thaiDateTime, thaiMonthYear } from "../../domain/thai-time";
import { INDICATOR_MESSAGE } from "../../features/ita/ita-result";
import { CSV_HEADERS } from "../../features/measures/measure-import";
import { photoResponse } from "../../http/blob-response";
import { commitPlanned } from "../../services/commit";
import { planImportMeasures } from "../../services/measures.service";
import { consoleActor } from "../../services/plan";
import { askedFiscalYear, field, fileBytes, fiscalYearChoices, readForm } from "./forms";
import { CsvFields, FieldNote, RowProblems } from "./import-problems";
import { Badge, Csrf, FiscalYearSelect, Layout, Notice, notFoundPage, Options, send, Table } from "./layout";
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
}) => {
  const names = new Map(props.units.map((unit) => [unit.id, unit.name]));
  return (
    <Layout title="มาตรการ" viewer={props.viewer} orgName={props.orgName} active="/admin/measures">
      <p>
        <a href="/admin/measures/import">นำเข้ามาตรการจากไฟล์ CSV</a>
      </p>
      <form method="get" action="/admin/measures" class="inline card" data-testid="measure-filter">
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
                <a href={`/admin/measures/${measure.id}`}>{measure.title}</a>
              </td>
              <td>{measure.indicators.join(", ")}</td>
              <td>{(props.unitsOf.get(measure.id) ?? []).map((id) => names.get(id) ?? "-").join(", ")}</td>
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
}) => {
  const { measure, timeZone } = props;
  return (
    <Layout title={measure.title} viewer={props.viewer} orgName={props.orgName} active="/admin/measures">
      <div class="card" data-testid="measure-detail">
        <dl class="facts">
          <dt>ปีงบประมาณ</dt>
          <dd>{measure.fiscalYear}</dd>
          <dt>ตัวชี้วัด ITA</dt>
          <dd>{indicatorsText(measure.indicators)}</dd>
          <dt>ผู้รับผิดชอบ</dt>
          <dd>{props.unitNames.join(", ") || "-"}</dd>
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
        </dl>
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
              <a href={`/admin/measures/${measure.id}/progress/${entry.id}`}>แก้ไขหรือถอนรายการ</a>
              {entry.reason ? <div class="text">เหตุผลที่ดำเนินการไม่ได้: {entry.reason}</div> : null}
              {entry.suggestion ? <div class="text muted">ข้อเสนอแนะ: {entry.suggestion}</div> : null}
              {entry.photos.length ? (
                <div class="photos">
                  {entry.photos.map((photo) => (
                    <a href={`/admin/measure-photos/${photo.id}`}>
                      <img src={`/admin/measure-photos/${photo.id}`} alt="ภาพหลักฐาน" loading="lazy" />
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

const ImportPage = (props: {
  viewer: Viewer;
  orgName: string;
  imported?: number;
  refusal?: CodedError;
  csv?: string;
}) => (
  <Layout title="นำเข้ามาตรการ (CSV)" viewer={props.viewer} orgName={props.orgName} active="/admin/measures">
    {props.imported !== undefined ? <Notice>นำเข้าแล้ว {props.imported} มาตรการ</Notice> : null}
    {props.refusal ? <RowProblems headline={props.refusal.thai} problems={props.refusal.problems} /> : null}
    <p>
      ไฟล์ CSV แบบ UTF-8 (ใน Excel เลือกบันทึกเป็นชนิด CSV แบบ UTF-8) มีหัวคอลัมน์:{" "}
      {Object.values(CSV_HEADERS).join(", ")} — เดือนเขียนเป็นปี ค.ศ. กับเดือน เช่น 2026-10 หรือชื่อเดือนกับปี พ.ศ. เช่น
      “ต.ค. 2569”; ผู้รับผิดชอบคั่นด้วย , หรือ /
    </p>
    <p>
      <a href="/admin/measures/template.csv" download data-testid="csv-template">
        ดาวน์โหลดไฟล์ตัวอย่าง (CSV)
      </a>{" "}
      — หัวคอลัมน์ครบพร้อมตัวอย่าง 1 แถว เปิดด้วย Excel แก้ไขแล้วบันทึกเป็น CSV แบบ UTF-8
    </p>
    <form
      method="post"
      action="/admin/measures/import"
      enctype="multipart/form-data"
      class="stack card"
      data-testid="import-form"
    >
      <Csrf token={props.viewer.csrf} />
      <CsvFields csv={props.csv ?? ""} problems={props.refusal?.problems} />
      <button type="submit" data-testid="import-submit">
        นำเข้า
      </button>
    </form>
  </Layout>
);

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
  const { db, orgId } = deps;
  const { orgName, timeZone } = deps.config;

  app.get("/measures", async (c) => {
    const { year, problems } = askedFiscalYear(c, deps);
    const unit = unitQuery.parse(c.req.query("unit"));
    const asked = indicatorQuery.safeParse(c.req.query("indicator") || undefined);
    const indicator = asked.success ? asked.data : undefined;
    if (!asked.success) problems.push({ field: "indicator", message: `ตัวชี้วัด: ${INDICATOR_MESSAGE}` });
    const [units, all] = await Promise.all([
      listUnits(db, orgId),
      listMeasures(db, orgId, { fiscalYear: year, unitId: unit }),
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
      />,
      problems.length ? 400 : 200,
    );
  });

  app.get("/measures/template.csv", async (c) => {
    const units = await listUnits(db, orgId);
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
    return send(c, <ImportPage viewer={c.get("viewer")} orgName={orgName} imported={imported} />);
  });

  app.post("/measures/import", async (c) => {
    const viewer = c.get("viewer");
    const form = await readForm(c);
    const csv = (await fileBytes(form, "file")) ?? field(form, "csv");
    const pasted = field(form, "csv");
    const refuse = (refusal: CodedError) =>
      send(
        c,
        <ImportPage viewer={viewer} orgName={orgName} refusal={refusal} csv={pasted} />,
        HTTP_STATUS[refusal.kind],
      );
    if (typeof csv === "string" && csv.trim() === "") {
      const problem = { row: 0, field: "file", message: "เลือกไฟล์ CSV หรือวางข้อความ CSV" };
      return refuse(codedError("measures.import_invalid", { count: 1 }, "file", [problem]));
    }
    const actor = consoleActor(viewer);
    const done = await commitPlanned(
      deps,
      await planImportMeasures(deps, { format: "csv", csv }, actor),
      actor,
    );
    if (!done.ok) return refuse(done.error);
    return c.redirect(`/admin/measures/import?imported=${done.value.imported}`, 303);
  });

  app.get("/measures/:id", async (c) => {
    const measure = await findMeasure(db, orgId, c.req.param("id"));
    if (!measure) return notFoundPage(c, orgName, "ไม่พบมาตรการนี้");
    const [links, progress, units] = await Promise.all([
      unitsOfMeasures(db, [measure.id]),
      progressOf(db, measure.id),
      listUnits(db, orgId),
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
      />,
    );
  });

  /** A progress photo, to a signed-in session only. */
  app.get("/measure-photos/:id", async (c) =>
    photoResponse(c, deps, (await findMeasurePhoto(db, orgId, c.req.param("id")))?.blobKey),
  );

  return app;
}
