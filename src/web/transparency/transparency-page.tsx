/**
 * The public transparency page (หน้าเปิดเผยข้อมูล): what an organisation links from its website as
 * OIT evidence — the complaint channel (ช่องทางแจ้งเรื่องร้องเรียน), the complaint-handling guideline
 * with its time frames (แนวปฏิบัติการจัดการเรื่องร้องเรียน), the complaint statistics of the fiscal
 * year and its six-month round (ข้อมูลสถิติเรื่องร้องเรียน), and the year's integrity measures. Each
 * part has an anchor (#channel, #guideline, #statistics, #measures) so a checklist item can link to it.
 *
 * Pure: a `TransparencyView` in, HTML out. Server-rendered with no script; one inline stylesheet;
 * charts are inline SVG; every text from the database is a JSX child or attribute, escaped by hono/jsx.
 */
import type { FC, PropsWithChildren } from "hono/jsx";
import { ANONYMITY_OPTIONS, ANONYMITY_RULE } from "../../domain/anonymity";
import type { ComplaintStatus } from "../../domain/complaints";
import type { StatsRow } from "../../reports/complaint-stats";
import { BarChart, PercentBar } from "./bar-chart";
import { TRANSPARENCY_CSS } from "./transparency.css";
import type { RoundStats, TransparencyView } from "./transparency-view";

const number = new Intl.NumberFormat("th-TH");
const decimal = new Intl.NumberFormat("th-TH", { maximumFractionDigits: 1 });
const count = (value: number) => number.format(value);
const orDash = (value: number | null, unit = "") =>
  value === null ? "–" : `${decimal.format(value)}${unit}`;

const COLOURS = { received: "#1F4F86", resolved: "#2E9E6B" };
const STATUS_COLOURS: Record<"inProgress" | "forwarded" | "resolved" | "rejected", string> = {
  inProgress: "#1F4F86",
  forwarded: "#7A5AA6",
  resolved: "#2E9E6B",
  rejected: "#9AA5B1",
};
const MEASURE_COLOURS: Record<string, string> = {
  done: "#2E9E6B",
  in_progress: "#1F4F86",
  not_started: "#9AA5B1",
  cannot_do: "#B3261E",
};

/** What happens at each step, in the words a complainant reads. */
const STEP_TEXT: Record<ComplaintStatus, string> = {
  received:
    "ระบบออกเลขที่เรื่องให้ทันที และส่งเรื่องถึงหน่วยงานที่รับผิดชอบ (เรื่องร้องทุกข์) หรือเจ้าหน้าที่ผู้รับเรื่องร้องเรียนการทุจริตโดยตรง",
  in_progress: "หน่วยงานตรวจสอบข้อเท็จจริงและดำเนินการแก้ไข",
  forwarded: "เรื่องที่อยู่นอกอำนาจหน้าที่ ส่งต่อให้หน่วยงานที่เกี่ยวข้อง และแจ้งผู้ร้องว่าส่งต่อไปที่ใด",
  resolved:
    "แจ้งผลการดำเนินการ (เรื่องร้องทุกข์แนบภาพหลังแก้ไขหรือเหตุผล) ผู้ร้องตอบได้ว่าปัญหาได้รับการแก้ไขแล้วหรือไม่ หากยังไม่ได้รับการแก้ไข เรื่องจะเปิดดำเนินการอีกครั้ง และประเมินความพึงพอใจได้ หากผู้ร้องไม่ตอบภายใน 10 วันทำการ เรื่องจะปิดและนับแยกเป็น “ปิดโดยผู้ร้องไม่ได้ยืนยัน” ไม่นับเป็นการแก้ไขที่ผู้ร้องยืนยันแล้ว",
  rejected: "เรื่องที่รับพิจารณาไม่ได้ แจ้งเหตุผลให้ผู้ร้องทราบ",
};

/** The statistics' rows, worded as in the published workbook (complaints.xlsx). */
const STAT_LINES: Array<{ label: string; value: (row: StatsRow) => string; timing?: boolean }> = [
  { label: "รับเรื่อง", value: (row) => count(row.received) },
  { label: "อยู่ระหว่างดำเนินการ", value: (row) => count(row.inProgress) },
  { label: "ส่งต่อหน่วยงานอื่น", value: (row) => count(row.forwarded) },
  { label: "ดำเนินการแล้วเสร็จ", value: (row) => count(row.resolved) },
  { label: "ผู้ร้องยืนยันว่าแก้ไขแล้ว", value: (row) => count(row.confirmedFixed) },
  { label: "ปิดโดยผู้ร้องไม่ได้ยืนยัน", value: (row) => count(row.notConfirmed) },
  { label: "ไม่รับพิจารณา", value: (row) => count(row.rejected) },
  { label: "เปิดเรื่องอีกครั้ง", value: (row) => count(row.reopened) },
  { label: "วันทำการเฉลี่ยจนแล้วเสร็จ", value: (row) => orDash(row.averageDays), timing: true },
  { label: "วันทำการจนแล้วเสร็จ (เปอร์เซ็นไทล์ที่ 90)", value: (row) => orDash(row.p90Days), timing: true },
  { label: "ตอบภายในกำหนด (ร้อยละ)", value: (row) => orDash(row.withinDeadlineShare), timing: true },
];

const Section: FC<PropsWithChildren<{ id: string; title: string }>> = ({ id, title, children }) => (
  <section id={id}>
    <h2>{title}</h2>
    {children}
  </section>
);

const Channel: FC<{ view: TransparencyView }> = ({ view }) => {
  const { channel } = view;
  return (
    <Section id="channel" title="ช่องทางแจ้งเรื่องร้องเรียน/ร้องทุกข์">
      <p>
        แจ้งเรื่องร้องทุกข์และเรื่องร้องเรียนการทุจริตและประพฤติมิชอบได้ตลอด 24 ชั่วโมงผ่าน LINE Official Account ของ
        {view.orgName} ไม่มีค่าใช้จ่าย และติดตามความคืบหน้าได้ด้วยตนเอง
      </p>
      {view.oa ? (
        <div class="oa" data-testid="line-oa">
          <div class="oa-qr" dangerouslySetInnerHTML={{ __html: view.oa.qrSvg }} />
          <div>
            <p>
              LINE ID: <strong data-testid="line-id">{view.oa.basicId}</strong>
            </p>
            <p>
              <a class="add-friend" data-testid="add-friend" href={view.oa.addFriendUrl}>
                เพิ่มเพื่อนใน LINE
              </a>
            </p>
            <p class="note">สแกนคิวอาร์โค้ดด้วยแอป LINE หรือกดปุ่มเพิ่มเพื่อนบนโทรศัพท์</p>
          </div>
        </div>
      ) : (
        <p class="note" data-testid="line-oa-missing">
          ค้นหาบัญชี LINE Official Account ของ{view.orgName} ได้ในแอป LINE: แตะ เพิ่มเพื่อน แล้วค้นหาด้วยชื่อหรือ LINE ID
          ที่ประกาศไว้ ณ สำนักงานหรือบนเว็บไซต์ของหน่วยงาน
        </p>
      )}
      <ol class="steps">
        <li>เพิ่มเพื่อน LINE Official Account ของ{view.orgName}</li>
        <li>
          พิมพ์ <span class="keyword">{channel.keyword}</span> หรือกดเมนู ร้องเรียน
        </li>
        <li>อ่านการคุ้มครองข้อมูลส่วนบุคคล แล้วกด ยินยอม (ถามครั้งแรกครั้งเดียว)</li>
        <li>
          เลือกประเภท <span class="keyword">{channel.generalChoice}</span> หรือ{" "}
          <span class="keyword">{channel.corruptionChoice}</span>
        </li>
        <li>เล่ารายละเอียด ส่งตำแหน่งและรูปภาพได้ (ไม่บังคับ)</li>
        <li>ตรวจสอบสรุปเรื่องแล้วกด ยืนยัน จะได้รับเลขที่เรื่อง พร้อมหน่วยงานที่รับผิดชอบและวันครบกำหนดตอบ</li>
        <li>
          พิมพ์ <span class="keyword">ติดตามเรื่อง</span> เพื่อดูสถานะเมื่อใดก็ได้ และจะได้รับแจ้งทาง LINE ทุกครั้งที่สถานะเปลี่ยน
        </li>
      </ol>
      <p class="note">ช่องทางอื่น: ติดต่อสำนักงานโดยตรงในวันและเวลาราชการ หรือศูนย์ดำรงธรรม โทร 1567 (ตลอด 24 ชั่วโมง)</p>
    </Section>
  );
};

const Guideline: FC<{ view: TransparencyView }> = ({ view }) => {
  const { channel } = view;
  return (
    <Section id="guideline" title="แนวปฏิบัติการจัดการเรื่องร้องเรียน">
      <div class="tracks">
        <div class="card">
          <h3>{channel.generalLabel}</h3>
          <p>
            ปัญหาความเดือดร้อน เช่น ถนน ไฟฟ้า น้ำประปา ขยะ ส่งถึงหน่วยงานที่รับผิดชอบตามประเภทเรื่องทันทีที่รับเรื่อง
            และต้องตอบภายในจำนวนวันทำการตามตารางด้านล่าง
          </p>
        </div>
        <div class="card">
          <h3>{channel.corruptionLabel}</h3>
          <p>
            การทุจริตหรือประพฤติมิชอบของเจ้าหน้าที่ ส่งถึง{channel.corruptionHandler}โดยตรง ไม่ผ่านหน่วยงานที่ถูกร้องเรียน
            ต้องตอบภายใน {channel.corruptionDeadlineDays} วันทำการ
          </p>
        </div>
      </div>

      <h3>ระยะเวลาดำเนินการ</h3>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>ประเภทเรื่อง</th>
              <th>หน่วยงานที่รับผิดชอบ</th>
              <th class="num">ตอบภายใน (วันทำการ)</th>
            </tr>
          </thead>
          <tbody>
            {view.categories.map((category) => (
              <tr>
                <td>{category.name}</td>
                <td>{category.unitName}</td>
                <td class="num">{count(category.deadlineDays)}</td>
              </tr>
            ))}
            <tr>
              <td>{channel.corruptionLabel}</td>
              <td>{channel.corruptionHandler}</td>
              <td class="num">{count(channel.corruptionDeadlineDays)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p class="note">
        วันทำการไม่นับวันเสาร์ วันอาทิตย์ และวันหยุดราชการ นับจากวันถัดจากวันที่รับเรื่อง วันครบกำหนดแจ้งไว้ในใบรับเรื่องที่ผู้ร้องได้รับ
      </p>

      <h3>ขั้นตอนและสถานะของเรื่อง</h3>
      <ol class="status-steps">
        {view.steps.map((step) => (
          <li>
            <b>{step.label}</b> — {STEP_TEXT[step.status]}
          </li>
        ))}
      </ol>
      <p class="note">ทุกครั้งที่สถานะเปลี่ยน ผู้ร้องได้รับแจ้งทาง LINE พร้อมเลขที่เรื่องและบันทึกของเจ้าหน้าที่</p>

      <div class="card protect">
        <h3>การคุ้มครองผู้ร้องเรียนการทุจริตและประพฤติมิชอบ</h3>
        <ul>
          <li data-testid="anonymity">
            ผู้ร้องเลือกได้
            <ul>
              {Object.values(ANONYMITY_OPTIONS).map((option) => (
                <li>
                  <b>{option.label}</b>: {option.meaning}
                </li>
              ))}
            </ul>
            {ANONYMITY_RULE}
          </li>
          <li>บัญชี LINE ของผู้ร้องเก็บแยกจากเรื่องร้องเรียน ใช้เพียงเพื่อแจ้งความคืบหน้ากลับถึงผู้ร้อง</li>
          <li>เรื่องส่งถึง{channel.corruptionHandler}โดยตรง ไม่ผ่านหน่วยงานที่ถูกร้องเรียน</li>
          <li>สถิติที่เปิดเผยแสดงเฉพาะจำนวนเรื่อง ไม่แสดงรายละเอียดหรือระยะเวลา เพื่อไม่ให้ระบุตัวบุคคลได้</li>
          <li>
            ผู้ร้องขอลบข้อมูลส่วนบุคคลของตนได้ โดยพิมพ์ <span class="keyword">ลบข้อมูลของฉัน</span>
          </li>
        </ul>
      </div>
    </Section>
  );
};

/** One round's figures: a row per figure, a column per track (narrow enough for a phone). */
const RoundTable: FC<{ round: RoundStats }> = ({ round }) => (
  <div class="table-wrap">
    <table>
      <caption>{round.label}</caption>
      <thead>
        <tr>
          <th>จำนวนเรื่อง</th>
          <th class="num">ร้องทุกข์</th>
          <th class="num">ทุจริตและประพฤติมิชอบ</th>
          <th class="num">รวม</th>
        </tr>
      </thead>
      <tbody>
        {STAT_LINES.map((line) => (
          <tr class={line.label === "รับเรื่อง" ? "total" : undefined}>
            <th scope="row">{line.label}</th>
            <td class="num">{line.value(round.general)}</td>
            <td class="num">{line.timing ? "–" : line.value(round.corruption)}</td>
            <td class="num">{line.timing ? "–" : line.value(round.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

const Statistics: FC<{ view: TransparencyView }> = ({ view }) => {
  const year = view.rounds.find((round) => round.key === "year");
  const h1 = view.rounds.find((round) => round.key === "h1");
  if (!year || !h1) return null;
  const figures = [
    { label: "เรื่องที่รับทั้งหมด", value: count(year.total.received) },
    { label: "ดำเนินการแล้วเสร็จ", value: count(year.total.resolved) },
    { label: "อยู่ระหว่างดำเนินการหรือส่งต่อ", value: count(year.total.inProgress + year.total.forwarded) },
    {
      label: "เรื่องร้องทุกข์ที่ตอบภายในกำหนด",
      value: orDash(year.general.withinDeadlineShare, "%"),
    },
  ];
  const statusRows = [
    { label: "อยู่ระหว่างดำเนินการ", value: year.total.inProgress, colour: STATUS_COLOURS.inProgress },
    { label: "ส่งต่อหน่วยงานอื่น", value: year.total.forwarded, colour: STATUS_COLOURS.forwarded },
    { label: "ดำเนินการแล้วเสร็จ", value: year.total.resolved, colour: STATUS_COLOURS.resolved },
    { label: "ไม่รับพิจารณา", value: year.total.rejected, colour: STATUS_COLOURS.rejected },
  ];
  return (
    <Section id="statistics" title={`สถิติเรื่องร้องเรียน/ร้องทุกข์ ปีงบประมาณ พ.ศ. ${view.fiscalYear}`}>
      <p class="meta">สถานะ ณ วันที่ {view.statusAsOf}</p>
      <div class="figures">
        {figures.map((figure) => (
          <div class="figure">
            <b>{figure.value}</b>
            <span>{figure.label}</span>
          </div>
        ))}
      </div>

      <div class="charts">
        <figure class="chart-box">
          <figcaption>จำนวนเรื่องรายเดือน</figcaption>
          <ul class="legend">
            <li>
              <i class="received" />
              รับเรื่อง
            </li>
            <li>
              <i class="resolved" />
              ดำเนินการแล้วเสร็จ (ของเรื่องที่รับในเดือนนั้น)
            </li>
          </ul>
          {view.months.length ? (
            <BarChart
              title={`เรื่องที่รับและดำเนินการแล้วเสร็จ รายเดือน ปีงบประมาณ พ.ศ. ${view.fiscalYear}`}
              series={[
                { name: "รับเรื่อง", colour: COLOURS.received },
                { name: "แล้วเสร็จ", colour: COLOURS.resolved },
              ]}
              rows={view.months.map((month) => ({
                label: month.label,
                values: [month.received, month.resolved],
              }))}
            />
          ) : (
            <p class="note">ยังไม่มีข้อมูลในปีงบประมาณนี้</p>
          )}
        </figure>
        <figure class="chart-box">
          <figcaption>สถานะของเรื่องที่รับในปีงบประมาณ</figcaption>
          <BarChart
            title={`สถานะของเรื่องที่รับในปีงบประมาณ พ.ศ. ${view.fiscalYear}`}
            series={[{ name: "เรื่อง", colour: STATUS_COLOURS.inProgress }]}
            rows={statusRows.map((row) => ({ label: row.label, values: [row.value], colour: row.colour }))}
            labelWidth={38}
          />
        </figure>
      </div>

      <RoundTable round={h1} />
      <RoundTable round={year} />

      <h3>เรื่องร้องทุกข์ แยกตามประเภทเรื่อง {year.label}</h3>
      {year.categories.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>ประเภทเรื่อง</th>
                <th class="num">รับเรื่อง</th>
                <th class="num">แล้วเสร็จ</th>
                <th class="num">วันทำการเฉลี่ย</th>
                <th class="num">ทันกำหนด (ร้อยละ)</th>
              </tr>
            </thead>
            <tbody>
              {year.categories.map(({ category, stats }) => (
                <tr>
                  <td>{category}</td>
                  <td class="num">{count(stats.received)}</td>
                  <td class="num">{count(stats.resolved)}</td>
                  <td class="num">{orDash(stats.averageDays)}</td>
                  <td class="num">{orDash(stats.withinDeadlineShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="note">ยังไม่มีเรื่องร้องทุกข์ในปีงบประมาณนี้</p>
      )}

      <p class="note">
        หมายเหตุ: นับเรื่องตามเดือนที่รับเรื่อง สถานะเป็นสถานะ ณ วันที่ระบุข้างต้น วันทำการนับจากวันที่รับเรื่องถึงวันที่ดำเนินการแล้วเสร็จ
        ไม่นับวันเสาร์ วันอาทิตย์ และวันหยุดของหน่วยงาน ตอบภายในกำหนด คือแล้วเสร็จหรือไม่รับพิจารณาภายในวันครบกำหนด
        เทียบกับเรื่องที่ปิดแล้วหรือพ้นวันครบกำหนดแล้ว {view.channel.corruptionLabel}แสดงเฉพาะจำนวน เพื่อคุ้มครองผู้ร้อง
      </p>
    </Section>
  );
};

const Measures: FC<{ view: TransparencyView }> = ({ view }) => (
  <Section
    id="measures"
    title={`มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ปีงบประมาณ พ.ศ. ${view.fiscalYear}`}
  >
    {view.measures.length ? (
      <>
        <div class="figures five">
          <div class="figure">
            <b>{count(view.measures.length)}</b>
            <span>มาตรการทั้งหมด</span>
          </div>
          {view.measureCounts.map((entry) => (
            <div class="figure">
              <b>{count(entry.count)}</b>
              <span>{entry.label}</span>
            </div>
          ))}
        </div>
        <ol class="measures">
          {view.measures.map((measure, i) => (
            <li>
              <div class="measure-title">
                {i + 1}. {measure.title}
              </div>
              <div class="measure-meta">
                {measure.units.length ? `${measure.units.join(", ")} · ` : ""}
                {measure.months}
              </div>
              <div class="measure-state">
                <span class={`badge ${measure.status}`}>{measure.statusLabel}</span>
                <PercentBar percent={measure.percent} colour={MEASURE_COLOURS[measure.status] ?? "#1F4F86"} />
                <b>{count(measure.percent)}%</b>
              </div>
            </li>
          ))}
        </ol>
      </>
    ) : (
      <p class="note">ยังไม่มีมาตรการของปีงบประมาณนี้</p>
    )}
  </Section>
);

const Layout: FC<PropsWithChildren<{ title: string }>> = ({ title, children }) => (
  <html lang="th">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light" />
      <title>{title}</title>
      <style dangerouslySetInnerHTML={{ __html: TRANSPARENCY_CSS }} />
    </head>
    <body>
      <div class="page">{children}</div>
    </body>
  </html>
);

const TransparencyPage: FC<{ view: TransparencyView }> = ({ view }) => (
  <Layout title={`ข้อมูลเพื่อความโปร่งใส ปีงบประมาณ ${view.fiscalYear} · ${view.orgName}`}>
    <header class="top">
      <p class="org">{view.orgName}</p>
      <h1>ข้อมูลเพื่อความโปร่งใส ปีงบประมาณ พ.ศ. {view.fiscalYear}</h1>
      <p class="meta">
        {view.yearSpan} · ข้อมูล ณ วันที่ {view.readAt}
      </p>
      <ul class="years" aria-label="ปีงบประมาณ">
        {view.years.map((year) => (
          <li>
            {year === view.fiscalYear ? (
              <strong aria-current="page">{year}</strong>
            ) : (
              <a href={`?fiscalYear=${year}`}>{year}</a>
            )}
          </li>
        ))}
      </ul>
    </header>
    <nav class="toc" aria-label="สารบัญ">
      <ol>
        <li>
          <a href="#channel">ช่องทางแจ้งเรื่องร้องเรียน/ร้องทุกข์</a>
        </li>
        <li>
          <a href="#guideline">แนวปฏิบัติการจัดการเรื่องร้องเรียน</a>
        </li>
        <li>
          <a href="#statistics">สถิติเรื่องร้องเรียน/ร้องทุกข์</a>
        </li>
        <li>
          <a href="#measures">มาตรการส่งเสริมคุณธรรมและความโปร่งใส</a>
        </li>
      </ol>
    </nav>
    <main>
      <Channel view={view} />
      <Guideline view={view} />
      <Statistics view={view} />
      <Measures view={view} />
    </main>
    <footer class="bottom">
      <p>
        {view.orgName} · ข้อมูล ณ วันที่ {view.readAt} · หน้านี้ไม่มีข้อมูลส่วนบุคคล: ไม่แสดงชื่อ ข้อมูลติดต่อ รายละเอียดเรื่อง
        หรือรูปภาพของผู้ร้อง
      </p>
    </footer>
  </Layout>
);

async function document(element: ReturnType<FC>): Promise<string> {
  return `<!doctype html>${String(await element)}`;
}

/** The page as an HTML document. */
export function renderTransparencyPage(view: TransparencyView): Promise<string> {
  return document(<TransparencyPage view={view} />);
}

/** A short Thai page for a request the page cannot answer (a bad `fiscalYear`). */
export function renderProblemPage(orgName: string, message: string): Promise<string> {
  return document(
    <Layout title={`ข้อมูลเพื่อความโปร่งใส · ${orgName}`}>
      <header class="top">
        <p class="org">{orgName}</p>
        <h1>ข้อมูลเพื่อความโปร่งใส</h1>
      </header>
      <p>{message}</p>
      <p>
        <a href="?">ดูข้อมูลของปีงบประมาณปัจจุบัน</a>
      </p>
    </Layout>,
  );
}
