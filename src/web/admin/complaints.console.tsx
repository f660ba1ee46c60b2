/**
 * Complaints in the console: the list (by track, status, unit, overdue), one complaint with its
 * history and photos, and the status change — the same service as the admin API's and chat's
 * (`planStatusChange`). Built from the complaint rows only: the complainant's LINE account lives in
 * `complaint_contacts`, which nothing here reads; a corruption complaint shows its anonymity choice
 * and the rule in the words of `domain/anonymity.ts`.
 */
import { Hono } from "hono";
import { z } from "zod";
import {
  findComplaintByCode,
  findPhoto,
  historyOf,
  listComplaints,
  openComplaints,
  photosOf,
} from "../../db/repos/complaints.repo";
import { listUnits } from "../../db/repos/units.repo";
import type { Complaint, ComplaintHistoryEntry, ComplaintPhoto, Unit } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { ANONYMITY_OPTIONS, ANONYMITY_RULE, anonymityChoiceOf } from "../../domain/anonymity";
import {
  CLOSED_STATUSES,
  COMPLAINT_STATUSES,
  NEXT_STATUSES,
  normaliseTrackingCode,
  STATUS_LABELS,
  TRACK_LABELS,
  TRACKS,
} from "../../domain/complaints";
import { HTTP_STATUS } from "../../domain/errors";
import { localDate, thaiDateTime, thaiShortDate } from "../../domain/thai-time";
import { check } from "../../domain/validation";
import { isOverdue } from "../../features/complaints/complaint-support";
import { photoResponse } from "../../http/blob-response";
import { commitStatusChange, planStatusChange, statusChangeSchema } from "../../services/complaints.service";
import { consoleActor } from "../../services/plan";
import { field, fileBytes, noticeOf, readForm } from "./forms";
import {
  Badge,
  Csrf,
  clip,
  type FieldProblem,
  Layout,
  Notice,
  notFoundPage,
  Options,
  Problems,
  send,
  Table,
} from "./layout";
import type { ConsoleEnv, ConsoleOptions, Viewer } from "./session";

const PAGE_SIZE = 50;
/** Overdue complaints are listed from the open ones of each track, at most this many per track. */
const OVERDUE_SCAN = 500;

const listQuery = z.object({
  track: z.enum(TRACKS).optional().catch(undefined),
  status: z.enum(COMPLAINT_STATUSES).optional().catch(undefined),
  unit: z.string().min(1).max(100).optional().catch(undefined),
  overdue: z.literal("1").optional().catch(undefined),
  before: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional()
    .catch(undefined),
});
type ListQuery = z.infer<typeof listQuery>;

const STATUS_FORM_LABELS: Record<string, string> = {
  status: "สถานะ",
  note: "หมายเหตุ / ผลการดำเนินการ",
  noPhotoReason: "เหตุผลที่ไม่มีภาพ",
  photo: "ภาพหลังดำเนินการ",
};

/** A field's problem, beside the field (the list above the page names them all). */
const ProblemBeside = (props: { problems?: FieldProblem[]; field: string }) => {
  const problem = props.problems?.find((p) => p.field === props.field);
  return problem ? (
    <span class="alert" data-testid={`problem-${props.field}`}>
      {problem.message}
    </span>
  ) : null;
};

const SHORT_TRACK: Record<Complaint["track"], string> = { general: "ร้องทุกข์", corruption: "ทุจริต" };

const statusKind = (status: Complaint["status"]) =>
  status === "resolved" ? "ok" : status === "rejected" ? undefined : "warn";

function unitLabel(complaint: Complaint, units: ReadonlyMap<string, string>) {
  if (complaint.track === "corruption") return "เจ้าหน้าที่ตรวจสอบภายใน";
  return complaint.routedUnitId ? (units.get(complaint.routedUnitId) ?? "-") : "-";
}

const ListPage = (props: {
  viewer: Viewer;
  orgName: string;
  query: ListQuery;
  units: Unit[];
  complaints: Complaint[];
  today: string;
  timeZone: string;
  nextHref: string | null;
}) => {
  const { query, today } = props;
  const unitNames = new Map(props.units.map((unit) => [unit.id, unit.name]));
  return (
    <Layout title="เรื่องร้องเรียน" viewer={props.viewer} orgName={props.orgName} active="/complaints">
      <form
        method="get"
        action={`${props.viewer.root}/complaints`}
        class="inline card"
        data-testid="complaint-filter"
      >
        <label>
          ประเภท
          <select name="track">
            <Options
              options={[["", "ทั้งหมด"], ...TRACKS.map((t) => [t, TRACK_LABELS[t]] as const)]}
              selected={query.track}
            />
          </select>
        </label>
        <label>
          สถานะ
          <select name="status">
            <Options
              options={[["", "ทั้งหมด"], ...COMPLAINT_STATUSES.map((s) => [s, STATUS_LABELS[s]] as const)]}
              selected={query.status}
            />
          </select>
        </label>
        <label>
          หน่วยงาน
          <select name="unit">
            <Options
              options={[["", "ทั้งหมด"], ...props.units.map((u) => [u.id, u.name] as const)]}
              selected={query.unit}
            />
          </select>
        </label>
        <label class="check">
          <input type="checkbox" name="overdue" value="1" checked={query.overdue === "1"} />
          เฉพาะที่เกินกำหนด
        </label>
        <button type="submit">กรอง</button>
      </form>
      <h2>{props.complaints.length ? `${props.complaints.length} เรื่อง` : "ไม่พบเรื่องตามเงื่อนไข"}</h2>
      {props.complaints.length ? (
        <Table
          testid="complaint-list"
          head={["เลขที่", "สถานะ", "เรื่อง", "หน่วยงาน", "กำหนดตอบ", "ประเภท", "วันที่รับ"]}
        >
          {props.complaints.map((complaint) => (
            <tr data-testid="complaint-row" data-code={complaint.trackingCode}>
              <td class="nowrap">
                <a href={`${props.viewer.root}/complaints/${complaint.trackingCode}`}>
                  {complaint.trackingCode}
                </a>
              </td>
              <td>
                <Badge kind={statusKind(complaint.status)}>{STATUS_LABELS[complaint.status]}</Badge>
              </td>
              <td>
                <div>{complaint.category}</div>
                <div class="muted">{clip(complaint.description, 80)}</div>
              </td>
              <td>{unitLabel(complaint, unitNames)}</td>
              <td class="nowrap">
                {thaiShortDate(complaint.dueDate)}{" "}
                {isOverdue(complaint, today) ? <Badge kind="bad">เกินกำหนด</Badge> : null}
              </td>
              <td>{SHORT_TRACK[complaint.track]}</td>
              <td class="nowrap">{thaiShortDate(localDate(complaint.createdAt, props.timeZone))}</td>
            </tr>
          ))}
        </Table>
      ) : null}
      {props.nextHref ? (
        <p class="pager">
          <a href={props.nextHref}>หน้าถัดไป →</a>
        </p>
      ) : null}
    </Layout>
  );
};

/** The photos of a complaint, before and after: the complainant's (`report`) and the officer's (`result`). */
const PHOTO_SECTIONS = [
  { kind: "report", title: "ภาพจากผู้ร้อง" },
  { kind: "result", title: "ภาพหลังดำเนินการ" },
] as const;

const DetailPage = (props: {
  viewer: Viewer;
  orgName: string;
  timeZone: string;
  complaint: Complaint;
  unitName: string;
  history: ComplaintHistoryEntry[];
  photos: ComplaintPhoto[];
  overdue: boolean;
  notice?: string;
  problems?: FieldProblem[];
  entered?: { status?: string; note?: string; noPhotoReason?: string };
}) => {
  const { complaint, timeZone } = props;
  const next = NEXT_STATUSES[complaint.status];
  const closed = CLOSED_STATUSES.has(complaint.status);
  return (
    <Layout
      title={`เรื่อง ${complaint.trackingCode}`}
      viewer={props.viewer}
      orgName={props.orgName}
      active="/complaints"
    >
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <Problems problems={props.problems ?? []} labels={STATUS_FORM_LABELS} />
      <div class="card" data-testid="complaint-detail">
        <dl class="facts">
          <dt>ประเภท</dt>
          <dd>{TRACK_LABELS[complaint.track]}</dd>
          <dt>หมวด</dt>
          <dd>{complaint.category}</dd>
          <dt>สถานะ</dt>
          <dd>
            <Badge kind={statusKind(complaint.status)}>{STATUS_LABELS[complaint.status]}</Badge>{" "}
            {props.overdue ? <Badge kind="bad">เกินกำหนด</Badge> : null}
          </dd>
          <dt>ผู้รับผิดชอบ</dt>
          <dd>{props.unitName}</dd>
          <dt>วันที่รับ</dt>
          <dd>{thaiDateTime(complaint.createdAt, timeZone)}</dd>
          <dt>กำหนดตอบ</dt>
          <dd>{thaiShortDate(complaint.dueDate)}</dd>
          {complaint.track === "corruption" ? (
            <>
              <dt>ผู้ร้อง</dt>
              <dd data-testid="anonymity">
                <b>{ANONYMITY_OPTIONS[anonymityChoiceOf(complaint.anonymous)].label}</b>:{" "}
                {ANONYMITY_OPTIONS[anonymityChoiceOf(complaint.anonymous)].meaning}
                <br />
                <span class="note">{ANONYMITY_RULE}</span>
              </dd>
            </>
          ) : null}
          {complaint.latitude !== null && complaint.longitude !== null ? (
            <>
              <dt>ตำแหน่ง</dt>
              <dd>
                {complaint.address ? `${complaint.address} ` : ""}
                <a
                  href={`https://www.google.com/maps?q=${complaint.latitude},${complaint.longitude}`}
                  rel="noopener noreferrer"
                  target="_blank"
                >
                  ({complaint.latitude.toFixed(5)}, {complaint.longitude.toFixed(5)})
                </a>
              </dd>
            </>
          ) : null}
          {complaint.reopenCount > 0 ? (
            <>
              <dt>เปิดเรื่องใหม่</dt>
              <dd>{complaint.reopenCount} ครั้ง</dd>
            </>
          ) : null}
          {complaint.rating !== null ? (
            <>
              <dt>ความพึงพอใจ</dt>
              <dd>{complaint.rating} / 5</dd>
            </>
          ) : null}
        </dl>
        <h2>รายละเอียด</h2>
        <p class="text" data-testid="complaint-description">
          {complaint.description}
        </p>
        {PHOTO_SECTIONS.map(({ kind, title }) => {
          const photos = props.photos.filter((photo) => photo.kind === kind);
          return photos.length ? (
            <>
              <h2>{title}</h2>
              <div class="photos" data-testid={`complaint-photos-${kind}`}>
                {photos.map((photo) => (
                  <a href={`${props.viewer.root}/photos/${photo.id}`}>
                    <img src={`${props.viewer.root}/photos/${photo.id}`} alt={title} loading="lazy" />
                  </a>
                ))}
              </div>
            </>
          ) : null;
        })}
      </div>

      <h2>ประวัติการดำเนินการ</h2>
      <ol class="timeline" data-testid="complaint-history">
        {props.history.map((entry) => (
          <li>
            <strong>{STATUS_LABELS[entry.status]}</strong>{" "}
            <span class="muted">
              {thaiDateTime(entry.at, timeZone)} · {entry.by}
            </span>
            {entry.note ? <div class="text">{entry.note}</div> : null}
          </li>
        ))}
      </ol>

      <h2>เปลี่ยนสถานะ</h2>
      {closed ? (
        <p class="muted">เรื่องนี้ปิดแล้ว ({STATUS_LABELS[complaint.status]}) เปลี่ยนสถานะไม่ได้</p>
      ) : (
        <form
          method="post"
          action={`${props.viewer.root}/complaints/${complaint.trackingCode}/status`}
          enctype="multipart/form-data"
          class="stack card"
          data-testid="status-form"
        >
          <Csrf token={props.viewer.csrf} />
          <label>
            สถานะใหม่
            <select name="status" required>
              <Options
                options={next.map((status) => [status, STATUS_LABELS[status]] as const)}
                selected={props.entered?.status}
              />
            </select>
            <ProblemBeside problems={props.problems} field="status" />
          </label>
          <label>
            หมายเหตุ / ผลการดำเนินการ (ส่งถึงผู้ร้อง)
            <textarea name="note" maxlength={2000}>
              {props.entered?.note ?? ""}
            </textarea>
            <ProblemBeside problems={props.problems} field="note" />
          </label>
          {complaint.track === "general" ? (
            <>
              <label>
                ภาพหลังดำเนินการ (JPEG/PNG ไม่เกิน 10 MB; เมื่อดำเนินการแล้วเสร็จ)
                <input type="file" name="photo" accept="image/jpeg,image/png" />
                <ProblemBeside problems={props.problems} field="photo" />
              </label>
              <label>
                หรือเหตุผลที่ไม่มีภาพ
                <input name="noPhotoReason" maxlength={500} value={props.entered?.noPhotoReason ?? ""} />
                <ProblemBeside problems={props.problems} field="noPhotoReason" />
              </label>
            </>
          ) : null}
          <p class="muted">ผู้ร้องจะได้รับข้อความแจ้งสถานะใหม่ทาง LINE ทันที</p>
          <button type="submit" data-testid="status-submit">
            บันทึกสถานะ
          </button>
        </form>
      )}
    </Layout>
  );
};

/** The list's next page, under the console's `root`. */
function listHref(root: string, query: ListQuery, before: number): string {
  const params = new URLSearchParams();
  for (const key of ["track", "status", "unit", "overdue"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  params.set("before", String(before));
  return `${root}/complaints?${params}`;
}

export function complaintsConsole(deps: AppDeps, options: ConsoleOptions) {
  const app = new Hono<ConsoleEnv>();
  const { db } = deps;
  const { timeZone, orgName } = deps.config;

  app.get("/complaints", async (c) => {
    const query = listQuery.parse(c.req.query());
    const today = localDate(deps.clock.now(), timeZone);
    const units = await listUnits(db);
    let complaints: Complaint[];
    let nextHref: string | null = null;
    if (query.overdue) {
      const tracks = query.track ? [query.track] : TRACKS;
      const open = await Promise.all(
        tracks.map((track) => openComplaints(db, { track, unitId: query.unit }, OVERDUE_SCAN)),
      );
      complaints = open
        .flat()
        .filter((complaint) => isOverdue(complaint, today))
        .filter((complaint) => !query.status || complaint.status === query.status)
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id - b.id);
    } else {
      complaints = await listComplaints(db, {
        status: query.status,
        track: query.track,
        unitIds: query.unit ? [query.unit] : undefined,
        before: query.before ? Number(query.before) : undefined,
        limit: PAGE_SIZE,
      });
      const last = complaints.at(-1);
      if (complaints.length === PAGE_SIZE && last) nextHref = listHref(c.get("viewer").root, query, last.id);
    }
    return send(
      c,
      <ListPage
        viewer={c.get("viewer")}
        orgName={orgName}
        query={query}
        units={units}
        complaints={complaints}
        today={today}
        timeZone={timeZone}
        nextHref={nextHref}
      />,
    );
  });

  async function detailPage(
    viewer: Viewer,
    complaint: Complaint,
    extra: { notice?: string; problems?: FieldProblem[]; entered?: Record<string, string> } = {},
  ) {
    const [history, photos, units] = await Promise.all([
      historyOf(db, complaint.id),
      photosOf(db, complaint.id),
      listUnits(db),
    ]);
    return (
      <DetailPage
        viewer={viewer}
        orgName={orgName}
        timeZone={timeZone}
        complaint={complaint}
        unitName={unitLabel(complaint, new Map(units.map((unit) => [unit.id, unit.name])))}
        history={history}
        photos={photos}
        overdue={isOverdue(complaint, localDate(deps.clock.now(), timeZone))}
        {...extra}
      />
    );
  }

  const findByParam = (code: string) => findComplaintByCode(db, normaliseTrackingCode(code));

  app.get("/complaints/:code", async (c) => {
    const complaint = await findByParam(c.req.param("code"));
    if (!complaint) return notFoundPage(c, orgName, "ไม่พบเรื่องร้องเรียนนี้");
    const notice = noticeOf(c, { status: "บันทึกสถานะแล้ว และแจ้งผู้ร้องทาง LINE แล้ว" });
    return send(c, await detailPage(c.get("viewer"), complaint, { notice }));
  });

  app.post("/complaints/:code/status", async (c) => {
    const viewer = c.get("viewer");
    const complaint = await findByParam(c.req.param("code"));
    if (!complaint) return notFoundPage(c, orgName, "ไม่พบเรื่องร้องเรียนนี้");
    const form = await readForm(c);
    const entered = {
      status: field(form, "status"),
      note: field(form, "note"),
      noPhotoReason: field(form, "noPhotoReason"),
    };
    const input = check(statusChangeSchema, entered);
    if (!input.ok)
      return send(c, await detailPage(viewer, complaint, { problems: input.problems, entered }), 400);
    const actor = consoleActor(viewer);
    const photo = complaint.track === "general" ? await fileBytes(form, "photo") : undefined;
    const change = { ...input.data, trackingCode: complaint.trackingCode, photo };
    const planned = await planStatusChange(deps, change, actor);
    const done = await commitStatusChange(deps, planned, actor, options.deliver);
    if (!done.ok) {
      // The complaint may have moved on meanwhile: show it as it is now, with what was typed.
      const current = (await findByParam(complaint.trackingCode)) ?? complaint;
      const problems = [{ field: done.error.field, message: done.error.thai }];
      return send(c, await detailPage(viewer, current, { problems, entered }), HTTP_STATUS[done.error.kind]);
    }
    return c.redirect(`${viewer.root}/complaints/${complaint.trackingCode}?notice=status`, 303);
  });

  /** A complaint photo, to a signed-in session only (this route sits behind the session check). */
  app.get("/photos/:id", async (c) =>
    photoResponse(c, deps, (await findPhoto(db, c.req.param("id")))?.blobKey),
  );

  return app;
}
