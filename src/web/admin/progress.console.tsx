/**
 * One progress entry in the console: correct it (the same rules as logging it in chat, every refusal
 * in Thai beside its field, what was typed kept) or withdraw it (confirmed), with its history — each
 * earlier version, who changed it and when. The services are the admin API's
 * (`planCorrectProgress`, `planWithdrawProgress`).
 */
import { Hono } from "hono";
import { findMeasure } from "../../db/repos/measures.repo";
import { findProgressEntry, revisionsOf } from "../../db/repos/progress.repo";
import type { Measure, MeasureProgress, MeasureProgressRevision } from "../../db/schema";
import { CANNOT_DO_REASONS } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { type CodedError, HTTP_STATUS } from "../../domain/errors";
import {
  CANNOT_DO_REASON_LABELS,
  MEASURE_STATUS_LABELS,
  PROGRESS_STATUSES,
  parsePercent,
} from "../../domain/measures";
import { parseTypedDate } from "../../domain/performed-on";
import { thaiDateTime, thaiLongDate } from "../../domain/thai-time";
import { commitPlanned } from "../../services/commit";
import { consoleActor } from "../../services/plan";
import { planCorrectProgress, planWithdrawProgress, todayOf } from "../../services/progress.service";
import { type FormState, field, noticeOf, readForm, shown, typed } from "./forms";
import {
  Csrf,
  FieldError,
  type FieldProblem,
  Layout,
  Notice,
  notFoundPage,
  Options,
  Problems,
  send,
} from "./layout";
import type { ConsoleEnv, Viewer } from "./session";

const FIELDS = ["text", "performedOn", "percent", "status", "reasonCode", "reason", "suggestion"] as const;

const LABELS: Record<string, string> = {
  text: "ผลการดำเนินการ",
  performedOn: "วันที่ดำเนินการ",
  percent: "ร้อยละความก้าวหน้า",
  status: "สถานะ",
  reasonCode: "เหตุผลที่ดำเนินการไม่ได้",
  reason: "รายละเอียดเหตุผล",
  suggestion: "ข้อเสนอแนะ",
  confirm: "ยืนยันการถอน",
  body: "",
  entryId: "",
};

const KIND_LABELS: Record<MeasureProgressRevision["kind"], string> = {
  corrected: "แก้ไข",
  withdrawn: "ถอนรายการ",
};

const NOTICES = { corrected: "บันทึกการแก้ไขแล้ว", withdrawn: "ถอนรายการแล้ว รายการนี้จะไม่อยู่ในรายงาน" };

/** An earlier version's fields as a line a person reads. */
function versionText(before: Record<string, unknown>): string {
  const status = typeof before.status === "string" ? before.status : "";
  const parts = [
    typeof before.performedOn === "string" && before.performedOn ? thaiLongDate(before.performedOn) : "",
    String(before.text ?? ""),
    `${before.percent ?? ""}% ${MEASURE_STATUS_LABELS[status as keyof typeof MEASURE_STATUS_LABELS] ?? ""}`,
    before.reason ? `เหตุผล: ${before.reason}` : "",
    before.suggestion ? `ข้อเสนอแนะ: ${before.suggestion}` : "",
  ];
  return parts.filter(Boolean).join(" · ");
}

const EntryPage = (props: {
  viewer: Viewer;
  orgName: string;
  timeZone: string;
  measure: Measure;
  entry: MeasureProgress;
  history: MeasureProgressRevision[];
  notice?: string;
  again?: FormState;
  withdrawProblems?: FieldProblem[];
}) => {
  const { measure, entry, again, timeZone } = props;
  const problems = again?.problems ?? [];
  const base = `${props.viewer.root}/measures/${measure.id}/progress/${entry.id}`;
  const value = (name: string, stored: string) => shown(again, name, stored);
  return (
    <Layout title="แก้ไขรายการความก้าวหน้า" viewer={props.viewer} orgName={props.orgName} active="/measures">
      <p>
        <a href={`${props.viewer.root}/measures/${measure.id}`}>← {measure.title}</a>
      </p>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      <div class="card" data-testid="progress-entry">
        <p>
          บันทึกเมื่อ {thaiDateTime(entry.at, timeZone)} โดย {entry.by}
          {entry.updatedAt !== null ? ` · แก้ไขล่าสุด ${thaiDateTime(entry.updatedAt, timeZone)}` : ""}
        </p>
        {entry.withdrawnAt !== null ? (
          <Notice kind="warn">
            ถอนรายการแล้วเมื่อ {thaiDateTime(entry.withdrawnAt, timeZone)} โดย {entry.withdrawnBy ?? "-"}{" "}
            รายการนี้ไม่อยู่ในรายงานและแก้ไขไม่ได้อีก
          </Notice>
        ) : null}
      </div>
      <Problems problems={[...problems, ...(props.withdrawProblems ?? [])]} labels={LABELS} />
      {entry.withdrawnAt === null ? (
        <>
          <h2>แก้ไข</h2>
          <form method="post" action={base} class="stack card" data-testid="progress-form">
            <Csrf token={props.viewer.csrf} />
            <label>
              {LABELS.text}
              <textarea name="text" maxlength={2000} required>
                {value("text", entry.text)}
              </textarea>
              <FieldError problems={problems} field="text" />
            </label>
            <label>
              {LABELS.performedOn} (เช่น 10 ม.ค. 2570 หรือ 2027-01-10)
              <input name="performedOn" value={value("performedOn", entry.performedOn)} required />
              <FieldError problems={problems} field="performedOn" />
            </label>
            <label>
              {LABELS.percent}
              <input
                name="percent"
                inputmode="numeric"
                value={value("percent", String(entry.percent))}
                required
              />
              <FieldError problems={problems} field="percent" />
            </label>
            <label>
              {LABELS.status}
              <select name="status">
                <Options
                  options={PROGRESS_STATUSES.map(
                    (status) => [status, MEASURE_STATUS_LABELS[status]] as const,
                  )}
                  selected={value("status", entry.status)}
                />
              </select>
              <FieldError problems={problems} field="status" />
            </label>
            <label>
              {LABELS.reasonCode} (เมื่อดำเนินการไม่ได้)
              <select name="reasonCode">
                <Options
                  options={[
                    ["", "-"] as const,
                    ...CANNOT_DO_REASONS.map((code) => [code, CANNOT_DO_REASON_LABELS[code]] as const),
                  ]}
                  selected={value("reasonCode", entry.reasonCode ?? "")}
                />
              </select>
              <FieldError problems={problems} field="reasonCode" />
            </label>
            <label>
              {LABELS.reason} (ต้องกรอกเมื่อเลือก "อื่น ๆ")
              <textarea name="reason" maxlength={2000}>
                {value("reason", entry.reason ?? "")}
              </textarea>
              <FieldError problems={problems} field="reason" />
            </label>
            <label>
              {LABELS.suggestion}
              <textarea name="suggestion" maxlength={2000}>
                {value("suggestion", entry.suggestion ?? "")}
              </textarea>
              <FieldError problems={problems} field="suggestion" />
            </label>
            <button type="submit" data-testid="progress-submit">
              บันทึกการแก้ไข
            </button>
          </form>
          <h2>ถอนรายการ</h2>
          <form method="post" action={`${base}/withdraw`} class="stack card" data-testid="withdraw-form">
            <Csrf token={props.viewer.csrf} />
            <p class="muted">
              รายการที่ถอนจะไม่อยู่ในรายงาน และสถานะของมาตรการจะคำนวณใหม่จากรายการที่เหลือ (ประวัติยังเก็บไว้)
            </p>
            <label class="check">
              <input type="checkbox" name="confirm" value="yes" required /> {LABELS.confirm}
              <FieldError problems={props.withdrawProblems} field="confirm" />
            </label>
            <button type="submit" data-testid="withdraw-submit">
              ถอนรายการนี้
            </button>
          </form>
        </>
      ) : null}
      <h2>ประวัติการแก้ไข</h2>
      {props.history.length ? (
        <ol class="timeline" data-testid="progress-history">
          {[...props.history].reverse().map((revision) => (
            <li>
              <strong>{KIND_LABELS[revision.kind]}</strong>{" "}
              <span class="muted">
                {thaiDateTime(revision.at, timeZone)} · {revision.by}
              </span>
              <div class="text">ก่อนหน้านี้: {versionText(revision.before)}</div>
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">ยังไม่เคยแก้ไข</p>
      )}
    </Layout>
  );
};

/** A refusal's problems: each field it names, with its Thai message. */
const problemsOf = (error: CodedError): FieldProblem[] =>
  error.problems.map((problem) => ({ field: problem.field, message: problem.message }));

export function progressConsole(deps: AppDeps) {
  const app = new Hono<ConsoleEnv>();
  const { db } = deps;
  const { orgName, timeZone } = deps.config;

  async function load(measureId: string, entryId: string) {
    const measure = await findMeasure(db, measureId);
    const entry = measure ? await findProgressEntry(db, measure.id, entryId) : undefined;
    return measure && entry ? { measure, entry, history: await revisionsOf(db, entry.id) } : undefined;
  }

  app.get("/measures/:id/progress/:entryId", async (c) => {
    const found = await load(c.req.param("id"), c.req.param("entryId"));
    if (!found) return notFoundPage(c, orgName, "ไม่พบรายการความก้าวหน้านี้");
    return send(
      c,
      <EntryPage
        viewer={c.get("viewer")}
        orgName={orgName}
        timeZone={timeZone}
        {...found}
        notice={noticeOf(c, NOTICES)}
      />,
    );
  });

  app.post("/measures/:id/progress/:entryId", async (c) => {
    const viewer = c.get("viewer");
    const found = await load(c.req.param("id"), c.req.param("entryId"));
    if (!found) return notFoundPage(c, orgName, "ไม่พบรายการความก้าวหน้านี้");
    const form = await readForm(c);
    const entered = typed(form, FIELDS);
    const refuse = (problems: FieldProblem[], status: 400 | 404 | 409) =>
      send(
        c,
        <EntryPage
          viewer={viewer}
          orgName={orgName}
          timeZone={timeZone}
          {...found}
          again={{ typed: entered, problems }}
        />,
        status,
      );
    // The console takes a day as people type it (Thai or ISO, B.E. or C.E.); the service checks its bounds.
    const problems: FieldProblem[] = [];
    const day = entered.performedOn?.trim() ?? "";
    const performedOn = parseTypedDate(day, todayOf(deps));
    if (!performedOn) {
      problems.push({ field: "performedOn", message: "โปรดกรอกวันที่ เช่น 10 ม.ค. 2570 หรือ 2027-01-10" });
    }
    const percent = parsePercent(entered.percent ?? "");
    if (percent === undefined) problems.push({ field: "percent", message: "โปรดกรอกตัวเลขเต็ม 0 ถึง 100" });
    if (problems.length) return refuse(problems, 400);
    const changes = {
      text: field(form, "text"),
      performedOn,
      percent,
      status: field(form, "status"),
      reasonCode: field(form, "reasonCode") || null,
      reason: field(form, "reason") || null,
      suggestion: field(form, "suggestion") || null,
    };
    const actor = consoleActor(viewer);
    const input = { measureId: found.measure.id, entryId: found.entry.id, changes, editor: "admin" as const };
    const done = await commitPlanned(deps, await planCorrectProgress(deps, input, actor), actor);
    if (!done.ok) return refuse(problemsOf(done.error), HTTP_STATUS[done.error.kind]);
    return c.redirect(
      `${viewer.root}/measures/${found.measure.id}/progress/${found.entry.id}?notice=corrected`,
      303,
    );
  });

  app.post("/measures/:id/progress/:entryId/withdraw", async (c) => {
    const viewer = c.get("viewer");
    const found = await load(c.req.param("id"), c.req.param("entryId"));
    if (!found) return notFoundPage(c, orgName, "ไม่พบรายการความก้าวหน้านี้");
    const form = await readForm(c);
    const refuse = (withdrawProblems: FieldProblem[], status: 400 | 404 | 409) =>
      send(
        c,
        <EntryPage
          viewer={viewer}
          orgName={orgName}
          timeZone={timeZone}
          {...found}
          withdrawProblems={withdrawProblems}
        />,
        status,
      );
    if (field(form, "confirm") !== "yes") {
      return refuse([{ field: "confirm", message: "โปรดทำเครื่องหมายยืนยันก่อนถอนรายการ" }], 400);
    }
    const actor = consoleActor(viewer);
    const input = { measureId: found.measure.id, entryId: found.entry.id, editor: "admin" as const };
    const done = await commitPlanned(deps, await planWithdrawProgress(deps, input, actor), actor);
    if (!done.ok) return refuse(problemsOf(done.error), HTTP_STATUS[done.error.kind]);
    return c.redirect(
      `${viewer.root}/measures/${found.measure.id}/progress/${found.entry.id}?notice=withdrawn`,
      303,
    );
  });

  return app;
}
