/**
 * What executives see, in the console: the overview, ITA results and analysis (with the score CSV's
 * import and adopting the suggested measures, through `services/ita.service.ts`), the EIT pulse,
 * reports.
 */
import { type Context, Hono } from "hono";
import type { OverviewView } from "../../../flex-templates/overview.flex";
import { findItaResult, latestItaResult } from "../../db/repos/ita.repo";
import type { ItaResult } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { TRACK_LABELS } from "../../domain/complaints";
import { type CodedError, codedError, HTTP_STATUS, type Problem } from "../../domain/errors";
import { fiscalYearQuery } from "../../domain/fiscal-year";
import { ITA_INDICATOR_NAMES, ITA_PASS_MARK } from "../../domain/ita-catalogue";
import { fiscalYearOf } from "../../domain/thai-time";
import { check } from "../../domain/validation";
import { eitSummary } from "../../features/eit/eit-summary";
import { analyseStored } from "../../features/ita/ita.feature";
import type { ItaAnalysis } from "../../features/ita/ita-result";
import { computeOverview } from "../../features/overview/overview";
import { PERIOD_LABELS, REPORT_PERIODS } from "../../reports/periods";
import { commitPlanned } from "../../services/commit";
import { planAdoptSuggestions, planImportItaResult } from "../../services/ita.service";
import { consoleActor } from "../../services/plan";
import { askedFiscalYear, field, fileBytes, fiscalYearChoices, readForm } from "./forms";
import { FieldNote, RowProblems } from "./import-problems";
import {
  EMPTY_IMPORT_MESSAGE,
  ItaImportFields,
  ItaPreviewPage,
  itaEntryRoutes,
  previewImport,
} from "./ita-entry";
import { Badge, Csrf, Layout, Notice, send, Table, YearPicker } from "./layout";
import type { ConsoleEnv, Viewer } from "./session";

const score = (value: number | null) => (value === null ? "-" : value.toFixed(2));

const OverviewPage = (props: { viewer: Viewer; view: OverviewView }) => {
  const { view } = props;
  const m = view.measures;
  return (
    <Layout
      title={`ภาพรวม ปีงบประมาณ ${view.fiscalYear}`}
      viewer={props.viewer}
      orgName={view.orgName}
      active=""
    >
      <p class="muted">ข้อมูล ณ {view.asOf}</p>
      <div class="cards" data-testid="overview">
        <section class="card">
          <h2>มาตรการ</h2>
          <div class="figure">{m.total}</div>
          <div>
            ดำเนินการแล้วเสร็จ {m.done} · กำลังดำเนินการ {m.in_progress} · ยังไม่เริ่ม {m.not_started} ·
            ไม่สามารถดำเนินการได้ {m.cannot_do}
          </div>
          <div class={m.overdue ? "alert" : undefined}>เกินกำหนด {m.overdue}</div>
          <div class={m.stale ? "alert" : undefined}>ไม่มีความคืบหน้าเกิน 30 วัน {m.stale}</div>
          <a href={`${props.viewer.root}/measures`}>ดูมาตรการ</a>
        </section>
        {view.complaints.map((track) => (
          <section class="card">
            <h2>{TRACK_LABELS[track.track]}</h2>
            <div class="figure">{track.received}</div>
            <div>
              รับเรื่อง {track.received} · ยังไม่ปิด {track.open} · แล้วเสร็จ {track.resolved}
            </div>
            <div class={track.overdue ? "alert" : undefined}>
              เกินกำหนด{" "}
              <a href={`${props.viewer.root}/complaints?track=${track.track}&overdue=1`}>
                {track.overdue} เรื่อง
              </a>
            </div>
            <div class="muted">
              เฉลี่ย {track.averageDaysToResolve === null ? "-" : `${track.averageDaysToResolve} วันทำการ`}{" "}
              ต่อเรื่อง
            </div>
          </section>
        ))}
        <section class="card">
          <h2>แบบวัด EIT</h2>
          <div class="figure">{view.eit.respondents}</div>
          <div>ผู้ตอบแบบวัดในแชต</div>
          <div>
            เชิญตอบ EIT ทางการแล้ว {view.eit.invited} / เป้าหมาย {view.eit.sampleTarget}
          </div>
          <a href={`${props.viewer.root}/eit`}>ดูผล EIT</a>
        </section>
        <section class="card">
          <h2>กำหนดส่งรายงาน</h2>
          {view.deadlines.length ? (
            <ul>
              {view.deadlines.map((deadline) => (
                <li>
                  {deadline.name}: {deadline.dateLabel}{" "}
                  <Badge kind={deadline.daysLeft <= 14 ? "bad" : undefined}>อีก {deadline.daysLeft} วัน</Badge>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">ไม่มีกำหนดที่ใกล้ถึง</p>
          )}
          <a href={`${props.viewer.root}/reports`}>ดาวน์โหลดรายงาน</a>
        </section>
      </div>
    </Layout>
  );
};

/** What the ITA import form was sent with (kept when it is refused), and why it was refused. */
interface ItaImportForm {
  fiscalYear: string;
  csv: string;
  problems?: Problem[];
  refusal?: CodedError;
}

const ItaImport = (props: { viewer: Viewer; form: ItaImportForm }) => {
  const { form } = props;
  return (
    <>
      <h2>นำเข้าผลคะแนน ITA จากเอกสาร</h2>
      {form.refusal ? <RowProblems headline={form.refusal.thai} problems={form.refusal.problems} /> : null}
      <p class="muted">
        คัดลอกส่วนผลคะแนนจากเอกสารผลการประเมิน (ตารางคะแนนรายตัวชี้วัด ตารางรายข้อของแบบวัด IIT แบบวัด EIT และแบบตรวจ
        OIT และย่อหน้าที่บอกคะแนนในภาพรวม) มาวางได้ทั้งส่วน หรือเลือกไฟล์ .txt หรือ CSV แบบ UTF-8
        ระบบจะแสดงคะแนนที่อ่านได้ให้ตรวจก่อนบันทึก นำเข้าปีเดิมซ้ำจะแทนที่ผลเดิม
      </p>
      <form
        method="post"
        action={`${props.viewer.root}/ita/import`}
        enctype="multipart/form-data"
        class="stack card"
        data-testid="ita-import-form"
      >
        <Csrf token={props.viewer.csrf} />
        <label>
          ปีงบประมาณ (พ.ศ.)
          <input name="fiscalYear" inputmode="numeric" maxlength={4} value={form.fiscalYear} />
        </label>
        <FieldNote field="fiscalYear" problems={form.problems} />
        <ItaImportFields text={form.csv} problems={form.problems} />
        <button type="submit" name="step" value="preview">
          ตรวจดูคะแนนก่อนบันทึก
        </button>
      </form>
    </>
  );
};

const ItaPage = (props: {
  viewer: Viewer;
  orgName: string;
  year: number;
  years: number[];
  result?: ItaResult;
  analysis?: ItaAnalysis;
  notice?: string;
  /** The year picker's problems, or why adopting was refused. */
  problems: Problem[];
  refusal?: CodedError;
  form: ItaImportForm;
}) => {
  const { result, analysis } = props;
  const below = new Set(analysis?.belowTarget.map((entry) => entry.indicator) ?? []);
  const suggested = analysis?.suggestions.some((suggestion) => suggestion.measures.length > 0);
  return (
    <Layout title="ผลการประเมิน ITA" viewer={props.viewer} orgName={props.orgName} active="/ita">
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.refusal ? <Notice kind="bad">{props.refusal.thai}</Notice> : null}
      <YearPicker action={`${props.viewer.root}/ita`} year={props.year} years={props.years} />
      <FieldNote field="fiscalYear" problems={props.problems} />
      {!result || !analysis ? (
        <Notice kind="warn">
          ยังไม่มีผลการประเมิน ITA ของปีงบประมาณ {props.year}{" "}
          <a href={`${props.viewer.root}/ita/edit?fiscalYear=${props.year}`}>กรอกผลคะแนน</a>{" "}
          หรือนำเข้าจากเอกสารด้านล่าง
        </Notice>
      ) : (
        <>
          <p class="inline" data-testid="ita-actions">
            <a
              class="button"
              href={`${props.viewer.root}/reports/ita-analysis.docx?fiscalYear=${result.fiscalYear}`}
            >
              ดาวน์โหลดรายงานการวิเคราะห์ผลการประเมิน (Word)
            </a>{" "}
            <a href={`${props.viewer.root}/ita/edit?fiscalYear=${result.fiscalYear}`}>แก้ไขผลคะแนน</a>
          </p>
          <div class="cards">
            <section class="card">
              <h2>คะแนนรวม ปีงบประมาณ {result.fiscalYear}</h2>
              <div class="figure">{result.total.toFixed(2)}</div>
              <div>{result.level ? `ระดับ ${result.level}` : null}</div>
              <div class="muted">เกณฑ์ผ่าน {ITA_PASS_MARK} คะแนน</div>
            </section>
            <section class="card">
              <h2>สูงสุด / ต่ำสุด</h2>
              <div>
                สูงสุด {analysis.highest.score.toFixed(2)}:{" "}
                {analysis.highestTied.map((entry) => `${entry.indicator}. ${entry.name}`).join(", ")}
              </div>
              <div>
                ต่ำสุด {analysis.lowest.score.toFixed(2)}:{" "}
                {analysis.lowestTied.map((entry) => `${entry.indicator}. ${entry.name}`).join(", ")}
              </div>
            </section>
          </div>
          <h2>คะแนนรายตัวชี้วัด</h2>
          <Table head={["ตัวชี้วัด", "คะแนน", ""]} testid="ita-indicators">
            {[...result.indicators]
              .sort((a, b) => a.indicator - b.indicator)
              .map((entry) => (
                <tr>
                  <td>
                    {entry.indicator}. {ITA_INDICATOR_NAMES[entry.indicator] ?? ""}
                  </td>
                  <td>{entry.score.toFixed(2)}</td>
                  <td>
                    {below.has(entry.indicator) ? (
                      <Badge kind="bad">ต่ำกว่าเกณฑ์</Badge>
                    ) : (
                      <Badge kind="ok">ผ่าน</Badge>
                    )}
                  </td>
                </tr>
              ))}
          </Table>
          {analysis.weakestItems.length ? (
            <>
              <h2>ข้อที่ได้คะแนนต่ำสุด</h2>
              <Table head={["ข้อ", "คำถาม", "คะแนน"]}>
                {analysis.weakestItems.map((item) => (
                  <tr>
                    <td>{item.code}</td>
                    <td>{item.text}</td>
                    <td>{item.score.toFixed(2)}</td>
                  </tr>
                ))}
              </Table>
            </>
          ) : null}
          <h2>มาตรการที่แนะนำ</h2>
          {analysis.suggestions.length ? (
            analysis.suggestions.map((suggestion) => (
              <section class="card">
                <h3>
                  ตัวชี้วัดที่ {suggestion.indicator} {ITA_INDICATOR_NAMES[suggestion.indicator] ?? ""}
                </h3>
                {suggestion.measures.length ? (
                  <ul>
                    {suggestion.measures.map((measure) => (
                      <li>
                        <strong>{measure.title}</strong>
                        <div class="text muted">{measure.method}</div>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="muted">ยังไม่มีแม่แบบมาตรการสำหรับตัวชี้วัดนี้</p>
                )}
              </section>
            ))
          ) : (
            <p>ทุกตัวชี้วัดผ่านเกณฑ์ {ITA_PASS_MARK} คะแนน</p>
          )}
          {suggested ? (
            <form
              method="post"
              action={`${props.viewer.root}/ita/adopt`}
              class="inline card"
              data-testid="ita-adopt-form"
            >
              <Csrf token={props.viewer.csrf} />
              <input type="hidden" name="fiscalYear" value={String(result.fiscalYear)} />
              <span>มาตรการที่มีชื่อซ้ำกับมาตรการของปีถัดไปอยู่แล้วจะข้ามไป</span>
              <button type="submit">นำมาตรการที่แนะนำไปใช้ในปีงบประมาณ {result.fiscalYear + 1}</button>
            </form>
          ) : null}
        </>
      )}
      <ItaImport viewer={props.viewer} form={props.form} />
    </Layout>
  );
};

type EitView = Awaited<ReturnType<typeof eitSummary>>;

const EitPage = (props: {
  viewer: Viewer;
  orgName: string;
  years: number[];
  summary: EitView;
  problems: Problem[];
}) => {
  const { summary } = props;
  return (
    <Layout title="แบบวัด EIT (ในแชต)" viewer={props.viewer} orgName={props.orgName} active="/eit">
      <YearPicker action={`${props.viewer.root}/eit`} year={summary.fiscalYear} years={props.years} />
      <FieldNote field="fiscalYear" problems={props.problems} />
      <div class="cards">
        <section class="card">
          <h2>ผู้ตอบ</h2>
          <div class="figure" data-testid="eit-respondents">
            {summary.respondents}
          </div>
        </section>
        <section class="card">
          <h2>เชิญตอบ EIT ทางการ</h2>
          <div class="figure">
            {summary.drive.invited} / {summary.drive.sampleTarget}
          </div>
          <div class="muted">ผู้รับบริการ (ผู้ร้องเรียน) {summary.drive.serviceUsers} คน</div>
        </section>
      </div>
      <h2>คะแนนรายตัวชี้วัด (0–100)</h2>
      <Table head={["ตัวชี้วัด", "คะแนน"]}>
        {summary.indicators.map((indicator) => (
          <tr>
            <td>
              {indicator.indicator}. {indicator.name}
            </td>
            <td>{score(indicator.score)}</td>
          </tr>
        ))}
      </Table>
      <h2>คะแนนรายข้อ</h2>
      <Table head={["ข้อ", "คำถาม", "คะแนน", "ผู้ตอบ"]}>
        {summary.items.map((item) => (
          <tr>
            <td>{item.code}</td>
            <td>{item.text}</td>
            <td>{score(item.score)}</td>
            <td>{item.responses}</td>
          </tr>
        ))}
      </Table>
    </Layout>
  );
};

const REPORTS: ReadonlyArray<{ file: string; name: string; rounds: boolean }> = [
  { file: "measures-plan.docx", name: "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (Word)", rounds: false },
  { file: "measures.docx", name: "รายงานผลการดำเนินการตามมาตรการ (Word)", rounds: true },
  { file: "measures.xlsx", name: "รายงานผลการดำเนินการตามมาตรการ (Excel)", rounds: true },
  { file: "complaints.xlsx", name: "สถิติเรื่องร้องเรียน (Excel)", rounds: false },
  { file: "complaints-chart.svg", name: "แผนภูมิเรื่องร้องเรียนรายเดือน (SVG)", rounds: false },
  { file: "eit.xlsx", name: "สรุปแบบวัด EIT ในแชต (Excel)", rounds: false },
];

const ReportsPage = (props: {
  viewer: Viewer;
  orgName: string;
  year: number;
  years: number[];
  problems: Problem[];
}) => (
  <Layout title="ดาวน์โหลดรายงาน" viewer={props.viewer} orgName={props.orgName} active="/reports">
    <YearPicker action={`${props.viewer.root}/reports`} year={props.year} years={props.years} />
    <FieldNote field="fiscalYear" problems={props.problems} />
    <ul data-testid="report-links">
      {REPORTS.flatMap((report) =>
        report.rounds ? (
          REPORT_PERIODS.map((period) => (
            <li>
              <a
                href={`${props.viewer.root}/reports/${report.file}?fiscalYear=${props.year}&period=${period}`}
              >
                {report.name} {PERIOD_LABELS[period]} ปีงบประมาณ {props.year}
              </a>
            </li>
          ))
        ) : (
          <li>
            <a href={`${props.viewer.root}/reports/${report.file}?fiscalYear=${props.year}`}>
              {report.name} ปีงบประมาณ {props.year}
            </a>
          </li>
        ),
      )}
    </ul>
    <h2>ดาวน์โหลดหลักฐาน OIT ทั้งหมด</h2>
    <p class="muted">เอกสารทุกฉบับของรอบในไฟล์เดียว (.zip) ตั้งชื่อตามข้อของแบบวัด OIT ประจำปี พร้อมหน้ารายการ</p>
    <ul data-testid="oit-links">
      {REPORT_PERIODS.map((period) => (
        <li>
          <a href={`${props.viewer.root}/reports/oit.zip?fiscalYear=${props.year}&period=${period}`}>
            ดาวน์โหลดหลักฐาน OIT ทั้งหมด {PERIOD_LABELS[period]} ปีงบประมาณ {props.year}
          </a>
        </li>
      ))}
      {REPORT_PERIODS.map((period) => (
        <li>
          <a
            href={`${props.viewer.root}/reports/measures.docx?fiscalYear=${props.year}&period=${period}&photos=1`}
          >
            รายงานผลการดำเนินการตามมาตรการ (Word) พร้อมภาคผนวกภาพประกอบ {PERIOD_LABELS[period]} ปีงบประมาณ{" "}
            {props.year}
          </a>
        </li>
      ))}
    </ul>
  </Layout>
);

export function oversightConsole(deps: AppDeps) {
  const app = new Hono<ConsoleEnv>();
  const { orgName, timeZone } = deps.config;

  app.get("/", async (c) =>
    send(c, <OverviewPage viewer={c.get("viewer")} view={await computeOverview(deps, deps.clock.now())} />),
  );

  /** The ITA page of the year asked for (else the latest result up to this year), with what to show. */
  async function itaPage(
    c: Context<ConsoleEnv>,
    extra: { notice?: string; refusal?: CodedError; form?: ItaImportForm; year?: number } = {},
  ) {
    const asked = askedFiscalYear(c, deps);
    const wanted =
      extra.year ?? (asked.problems.length || !c.req.query("fiscalYear") ? undefined : asked.year);
    const current = fiscalYearOf(deps.clock.now(), timeZone);
    const result =
      wanted !== undefined ? await findItaResult(deps.db, wanted) : await latestItaResult(deps.db, current);
    const year = result?.fiscalYear ?? wanted ?? current;
    const analysis = result ? await analyseStored(deps, result) : undefined;
    const years = [...new Set([...fiscalYearChoices(deps, 5), year])].sort((a, b) => b - a);
    return (
      <ItaPage
        viewer={c.get("viewer")}
        orgName={orgName}
        year={year}
        years={years}
        result={result}
        analysis={analysis}
        notice={extra.notice}
        problems={asked.problems}
        refusal={extra.refusal}
        form={extra.form ?? { fiscalYear: String(year), csv: "" }}
      />
    );
  }

  app.get("/ita", async (c) => {
    const count = (name: string) =>
      /^\d{1,4}$/.test(c.req.query(name) ?? "") ? c.req.query(name) : undefined;
    const [imported, adopted, skipped] = [count("imported"), count("adopted"), count("skipped")];
    const notice = imported
      ? `บันทึกผลการประเมิน ITA ปีงบประมาณ ${imported} แล้ว`
      : adopted
        ? `สร้างมาตรการของปีงบประมาณถัดไปแล้ว ${adopted} มาตรการ (ข้ามมาตรการที่มีอยู่แล้ว ${skipped ?? 0} มาตรการ)`
        : undefined;
    const page = await itaPage(c, { notice });
    return send(c, page, askedFiscalYear(c, deps).problems.length ? 400 : 200);
  });

  app.post("/ita/import", async (c) => {
    const actor = consoleActor(c.get("viewer"));
    const posted = await readForm(c);
    const form: ItaImportForm = { fiscalYear: field(posted, "fiscalYear"), csv: field(posted, "csv") };
    const csv = (await fileBytes(posted, "file")) ?? form.csv;
    const problems: Problem[] = [];
    const year = check(fiscalYearQuery, form.fiscalYear);
    if (!year.ok) problems.push({ field: "fiscalYear", message: year.problems[0]?.message ?? "" });
    if (typeof csv === "string" && csv.trim() === "") {
      problems.push({ field: "file", message: EMPTY_IMPORT_MESSAGE });
    }
    if (!year.ok || problems.length) {
      return send(c, await itaPage(c, { form: { ...form, problems } }), 400);
    }
    // The paste box's button asks for a preview; the preview's confirm form (no step) saves.
    if (field(posted, "step") === "preview") {
      const preview = await previewImport(deps, { fiscalYear: year.data, csv });
      if (!preview.ok) {
        const refusal = codedError(
          "ita.import_invalid",
          { count: preview.problems.length },
          "",
          preview.problems,
        );
        const page = await itaPage(c, { form: { ...form, refusal }, year: year.data });
        return send(c, page, 400);
      }
      return send(c, <ItaPreviewPage viewer={c.get("viewer")} orgName={orgName} preview={preview.preview} />);
    }
    const planned = await planImportItaResult(deps, { fiscalYear: year.data, csv }, actor);
    const done = await commitPlanned(deps, planned, actor);
    if (!done.ok) {
      const page = await itaPage(c, { form: { ...form, refusal: done.error }, year: year.data });
      return send(c, page, HTTP_STATUS[done.error.kind]);
    }
    return c.redirect(`${c.get("viewer").root}/ita?fiscalYear=${year.data}&imported=${year.data}`, 303);
  });

  app.post("/ita/adopt", async (c) => {
    const actor = consoleActor(c.get("viewer"));
    const year = check(fiscalYearQuery, field(await readForm(c), "fiscalYear"));
    const planned = year.ok
      ? await planAdoptSuggestions(deps, { fiscalYear: year.data }, actor)
      : { ok: false as const, error: codedError("request.invalid", {}, "fiscalYear") };
    const done = await commitPlanned(deps, planned, actor);
    if (!done.ok) {
      const page = await itaPage(c, { refusal: done.error, year: year.ok ? year.data : undefined });
      return send(c, page, HTTP_STATUS[done.error.kind]);
    }
    const { created, skipped } = done.value;
    const from = year.ok ? year.data : "";
    return c.redirect(
      `${c.get("viewer").root}/ita?fiscalYear=${from}&adopted=${created.length}&skipped=${skipped.length}`,
      303,
    );
  });

  itaEntryRoutes(app, deps);

  app.get("/eit", async (c) => {
    const { year, problems } = askedFiscalYear(c, deps);
    return send(
      c,
      <EitPage
        viewer={c.get("viewer")}
        orgName={orgName}
        years={fiscalYearChoices(deps)}
        summary={await eitSummary(deps, year)}
        problems={problems}
      />,
      problems.length ? 400 : 200,
    );
  });

  app.get("/reports", (c) => {
    const { year, problems } = askedFiscalYear(c, deps);
    return send(
      c,
      <ReportsPage
        viewer={c.get("viewer")}
        orgName={orgName}
        year={year}
        years={fiscalYearChoices(deps)}
        problems={problems}
      />,
      problems.length ? 400 : 200,
    );
  });

  return app;
}
