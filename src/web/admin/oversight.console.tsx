/** What executives see, in the console: the overview, ITA results and analysis, the EIT pulse, reports. */
import { Hono } from "hono";
import type { OverviewView } from "../../../flex-templates/overview.flex";
import { findItaResult, latestItaResult } from "../../db/repos/ita.repo";
import type { ItaResult } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { TRACK_LABELS } from "../../domain/complaints";
import { ITA_INDICATOR_NAMES, ITA_PASS_MARK } from "../../domain/ita-catalogue";
import { fiscalYearOf } from "../../domain/thai-time";
import { eitSummary } from "../../features/eit/eit-summary";
import { analyseStored } from "../../features/ita/ita.feature";
import type { ItaAnalysis } from "../../features/ita/ita-result";
import { computeOverview } from "../../features/overview/overview";
import { PERIOD_LABELS, REPORT_PERIODS } from "../../reports/periods";
import { fiscalYearChoices, fiscalYearParam } from "./forms";
import { Badge, Layout, Notice, send, Table, YearPicker } from "./layout";
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
      active="/admin"
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
          <a href="/admin/measures">ดูมาตรการ</a>
        </section>
        {view.complaints.map((track) => (
          <section class="card">
            <h2>{TRACK_LABELS[track.track]}</h2>
            <div class="figure">{track.received}</div>
            <div>
              รับเรื่อง {track.received} · ยังไม่ปิด {track.open} · แล้วเสร็จ {track.resolved}
            </div>
            <div class={track.overdue ? "alert" : undefined}>
              เกินกำหนด <a href={`/admin/complaints?track=${track.track}&overdue=1`}>{track.overdue} เรื่อง</a>
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
          <a href="/admin/eit">ดูผล EIT</a>
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
          <a href="/admin/reports">ดาวน์โหลดรายงาน</a>
        </section>
      </div>
    </Layout>
  );
};

const ItaPage = (props: {
  viewer: Viewer;
  orgName: string;
  year: number;
  years: number[];
  result?: ItaResult;
  analysis?: ItaAnalysis;
}) => {
  const { result, analysis } = props;
  const below = new Set(analysis?.belowTarget.map((entry) => entry.indicator) ?? []);
  return (
    <Layout title="ผลการประเมิน ITA" viewer={props.viewer} orgName={props.orgName} active="/admin/ita">
      <YearPicker action="/admin/ita" year={props.year} years={props.years} />
      {!result || !analysis ? (
        <Notice kind="warn">
          ยังไม่มีผลการประเมิน ITA ของปีงบประมาณ {props.year} บันทึกผลได้ทาง API (POST /api/admin/ita-results หรือ
          /api/admin/ita-results/import)
        </Notice>
      ) : (
        <>
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
                สูงสุด: {analysis.highest.indicator}. {analysis.highest.name} (
                {analysis.highest.score.toFixed(2)})
              </div>
              <div>
                ต่ำสุด: {analysis.lowest.indicator}. {analysis.lowest.name} ({analysis.lowest.score.toFixed(2)})
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
        </>
      )}
    </Layout>
  );
};

type EitView = Awaited<ReturnType<typeof eitSummary>>;

const EitPage = (props: { viewer: Viewer; orgName: string; years: number[]; summary: EitView }) => {
  const { summary } = props;
  return (
    <Layout title="แบบวัด EIT (ในแชต)" viewer={props.viewer} orgName={props.orgName} active="/admin/eit">
      <YearPicker action="/admin/eit" year={summary.fiscalYear} years={props.years} />
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
  { file: "measures.docx", name: "รายงานผลการดำเนินการตามมาตรการ (Word)", rounds: true },
  { file: "measures.xlsx", name: "รายงานผลการดำเนินการตามมาตรการ (Excel)", rounds: true },
  { file: "complaints.xlsx", name: "สถิติเรื่องร้องเรียน (Excel)", rounds: false },
  { file: "complaints-chart.svg", name: "แผนภูมิเรื่องร้องเรียนรายเดือน (SVG)", rounds: false },
  { file: "eit.xlsx", name: "สรุปแบบวัด EIT ในแชต (Excel)", rounds: false },
];

const ReportsPage = (props: { viewer: Viewer; orgName: string; year: number; years: number[] }) => (
  <Layout title="ดาวน์โหลดรายงาน" viewer={props.viewer} orgName={props.orgName} active="/admin/reports">
    <YearPicker action="/admin/reports" year={props.year} years={props.years} />
    <ul data-testid="report-links">
      {REPORTS.flatMap((report) =>
        report.rounds ? (
          REPORT_PERIODS.map((period) => (
            <li>
              <a href={`/admin/reports/${report.file}?fiscalYear=${props.year}&period=${period}`}>
                {report.name} {PERIOD_LABELS[period]} ปีงบประมาณ {props.year}
              </a>
            </li>
          ))
        ) : (
          <li>
            <a href={`/admin/reports/${report.file}?fiscalYear=${props.year}`}>
              {report.name} ปีงบประมาณ {props.year}
            </a>
          </li>
        ),
      )}
    </ul>
  </Layout>
);

export function oversightConsole(deps: AppDeps) {
  const app = new Hono<ConsoleEnv>();
  const { orgName, timeZone } = deps.config;

  app.get("/", async (c) =>
    send(c, <OverviewPage viewer={c.get("viewer")} view={await computeOverview(deps, deps.clock.now())} />),
  );

  app.get("/ita", async (c) => {
    const asked = c.req.query("fiscalYear");
    const current = fiscalYearOf(deps.clock.now(), timeZone);
    const result = asked
      ? await findItaResult(deps.db, deps.orgId, fiscalYearParam(c, deps))
      : await latestItaResult(deps.db, deps.orgId, current);
    const year = result?.fiscalYear ?? fiscalYearParam(c, deps);
    const analysis = result ? await analyseStored(deps, result) : undefined;
    const years = [...new Set([...fiscalYearChoices(deps, 5), year])].sort((a, b) => b - a);
    return send(
      c,
      <ItaPage
        viewer={c.get("viewer")}
        orgName={orgName}
        year={year}
        years={years}
        result={result}
        analysis={analysis}
      />,
    );
  });

  app.get("/eit", async (c) =>
    send(
      c,
      <EitPage
        viewer={c.get("viewer")}
        orgName={orgName}
        years={fiscalYearChoices(deps)}
        summary={await eitSummary(deps, fiscalYearParam(c, deps))}
      />,
    ),
  );

  app.get("/reports", (c) =>
    send(
      c,
      <ReportsPage
        viewer={c.get("viewer")}
        orgName={orgName}
        year={fiscalYearParam(c, deps)}
        years={fiscalYearChoices(deps)}
      />,
    ),
  );

  return app;
}
