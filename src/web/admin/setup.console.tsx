/**
 * The organisation's set-up in the console: units, complaint categories, holidays, invite codes and
 * the settings (EIT drive, reminder times, report deadlines — the admin API's own schemas). Every
 * change is written with its audit row in one `atomic`.
 */
import { Hono } from "hono";
import { z } from "zod";
import { atomic } from "../../db/client";
import { auditStatement } from "../../db/repos/audit.repo";
import { createCategory, listCategories, updateCategory } from "../../db/repos/categories.repo";
import { deleteHoliday, listHolidays, putHoliday } from "../../db/repos/holidays.repo";
import { insertInvite, openInvites } from "../../db/repos/invites.repo";
import { setSetting } from "../../db/repos/settings.repo";
import { findUnit, listUnits } from "../../db/repos/units.repo";
import type { ComplaintCategory, Holiday, Invite, Unit } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { DEFAULT_DEADLINE_DAYS } from "../../domain/complaints";
import { HTTP_STATUS } from "../../domain/errors";
import { ROLE_LABELS } from "../../domain/roles";
import { fiscalYearRange, isIsoDate, thaiDateTime, thaiLongDate } from "../../domain/thai-time";
import { check } from "../../domain/validation";
import { INVITABLE_ROLES, INVITE_TTL_MS, newInviteCode } from "../../features/access/invites";
import { EIT_DRIVE_KEY, type EitDrive, eitDriveSchema, getEitDrive } from "../../features/eit/eit-drive";
import {
  REMINDER_SCHEDULE_KEY,
  REPORT_DEADLINES_KEY,
  type ReminderSchedule,
  type ReportDeadlines,
  reminderSchedule,
  reminderScheduleSchema,
  reportDeadlines,
  reportDeadlinesSchema,
} from "../../features/overview/settings";
import { commitPlanned } from "../../services/commit";
import { consoleActor } from "../../services/plan";
import { newUnitSchema, planCreateUnit } from "../../services/units.service";
import {
  type Form,
  field,
  fiscalYearChoices,
  fiscalYearParam,
  noticeOf,
  problemsOf,
  readForm,
} from "./forms";
import {
  Csrf,
  type FieldProblem,
  Layout,
  Notice,
  Options,
  Problems,
  send,
  Table,
  YearPicker,
} from "./layout";
import type { ConsoleEnv, Viewer } from "./session";

const name = z.string().trim().min(1, "ต้องไม่ว่าง").max(100, "ยาวเกิน 100 ตัวอักษร");
const categoryForm = z.object({
  name,
  unitId: z.string().min(1, "เลือกหน่วยงาน"),
  deadlineDays: z.coerce.number().int("ต้องเป็นจำนวนเต็ม").min(1, "อย่างน้อย 1 วัน").max(90, "ไม่เกิน 90 วัน"),
  sortOrder: z.coerce.number().int("ต้องเป็นจำนวนเต็ม").min(0).max(1000),
});
const holidayForm = z.object({
  date: z.string().refine(isIsoDate, "ต้องเป็นวันที่ YYYY-MM-DD"),
  name,
});
const inviteForm = z.object({
  role: z.enum(INVITABLE_ROLES, { error: "เลือกบทบาท" }),
  unitId: z
    .string()
    .max(100)
    .transform((value) => value || undefined),
});

const LABELS: Record<string, string> = {
  name: "ชื่อ",
  unitId: "หน่วยงาน",
  deadlineDays: "กำหนดตอบ (วันทำการ)",
  sortOrder: "ลำดับ",
  date: "วันที่",
  role: "บทบาท",
  url: "ลิงก์ EIT",
  startDate: "วันเริ่ม",
  endDate: "วันสิ้นสุด",
  digestWeekday: "วันส่งสรุปประจำสัปดาห์",
  digestTime: "เวลาส่งสรุป",
  nudgeTime: "เวลาเตือนเจ้าหน้าที่",
  sixMonth: "รอบ 6 เดือน",
  twelveMonth: "รอบ 12 เดือน",
};

const WEEKDAYS = ["อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์"];

type Page = { viewer: Viewer; orgName: string; notice?: string; problems?: FieldProblem[] };

const Messages = (props: Page) => (
  <>
    {props.notice ? <Notice>{props.notice}</Notice> : null}
    <Problems problems={props.problems ?? []} labels={LABELS} />
  </>
);

const UnitsPage = (props: Page & { units: Unit[]; entered?: string }) => (
  <Layout title="หน่วยงาน" viewer={props.viewer} orgName={props.orgName} active="/admin/units">
    <Messages {...props} />
    <Table head={["หน่วยงาน"]} testid="unit-list">
      {props.units.map((unit) => (
        <tr>
          <td>{unit.name}</td>
        </tr>
      ))}
    </Table>
    <h2>เพิ่มหน่วยงาน</h2>
    <form method="post" action="/admin/units" class="inline card" data-testid="unit-form">
      <Csrf token={props.viewer.csrf} />
      <label>
        ชื่อหน่วยงาน
        <input name="name" required maxlength={100} value={props.entered ?? ""} />
      </label>
      <button type="submit">เพิ่ม</button>
    </form>
  </Layout>
);

const CategoriesPage = (props: Page & { categories: ComplaintCategory[]; units: Unit[] }) => {
  const unitOptions = props.units.map((unit) => [unit.id, unit.name] as const);
  return (
    <Layout title="ประเภทเรื่องร้องทุกข์" viewer={props.viewer} orgName={props.orgName} active="/admin/categories">
      <Messages {...props} />
      <p class="muted">แต่ละประเภทส่งถึงหน่วยงานที่รับผิดชอบ พร้อมกำหนดตอบเป็นวันทำการ</p>
      {props.categories.map((category) => (
        <form
          method="post"
          action={`/admin/categories/${category.id}`}
          class="inline card"
          data-testid="category-form"
        >
          <Csrf token={props.viewer.csrf} />
          <label>
            ชื่อ
            <input name="name" required maxlength={100} value={category.name} />
          </label>
          <label>
            หน่วยงาน
            <select name="unitId">
              <Options options={unitOptions} selected={category.unitId} />
            </select>
          </label>
          <label>
            กำหนดตอบ (วันทำการ)
            <input name="deadlineDays" type="number" min={1} max={90} value={String(category.deadlineDays)} />
          </label>
          <label>
            ลำดับ
            <input name="sortOrder" type="number" min={0} max={1000} value={String(category.sortOrder)} />
          </label>
          <label class="check">
            <input type="checkbox" name="active" value="1" checked={category.active} />
            ใช้งาน
          </label>
          <button type="submit">บันทึก</button>
        </form>
      ))}
      <h2>เพิ่มประเภท</h2>
      <form method="post" action="/admin/categories" class="inline card" data-testid="category-new-form">
        <Csrf token={props.viewer.csrf} />
        <label>
          ชื่อ
          <input name="name" required maxlength={100} />
        </label>
        <label>
          หน่วยงาน
          <select name="unitId">
            <Options options={unitOptions} />
          </select>
        </label>
        <label>
          กำหนดตอบ (วันทำการ)
          <input name="deadlineDays" type="number" min={1} max={90} value={String(DEFAULT_DEADLINE_DAYS)} />
        </label>
        <label>
          ลำดับ
          <input name="sortOrder" type="number" min={0} max={1000} value="100" />
        </label>
        <button type="submit">เพิ่ม</button>
      </form>
    </Layout>
  );
};

const HolidaysPage = (props: Page & { year: number; years: number[]; holidays: Holiday[] }) => (
  <Layout title="วันหยุด" viewer={props.viewer} orgName={props.orgName} active="/admin/holidays">
    <Messages {...props} />
    <p class="muted">วันหยุดใช้คำนวณกำหนดตอบเรื่องร้องเรียนเป็นวันทำการ</p>
    <YearPicker action="/admin/holidays" year={props.year} years={props.years} />
    <Table head={["วันที่", "ชื่อ", ""]} testid="holiday-list">
      {props.holidays.map((holiday) => (
        <tr>
          <td>{thaiLongDate(holiday.date)}</td>
          <td>{holiday.name}</td>
          <td>
            <form method="post" action={`/admin/holidays/${holiday.date}/delete`}>
              <Csrf token={props.viewer.csrf} />
              <button type="submit" class="secondary">
                ลบ
              </button>
            </form>
          </td>
        </tr>
      ))}
    </Table>
    <h2>เพิ่มวันหยุด</h2>
    <form method="post" action="/admin/holidays" class="inline card" data-testid="holiday-form">
      <Csrf token={props.viewer.csrf} />
      <label>
        วันที่
        <input name="date" type="date" required />
      </label>
      <label>
        ชื่อวันหยุด
        <input name="name" required maxlength={100} />
      </label>
      <button type="submit">เพิ่ม</button>
    </form>
  </Layout>
);

const InvitesPage = (
  props: Page & { timeZone: string; units: Unit[]; invites: Invite[]; created?: Invite },
) => {
  const unitNames = new Map(props.units.map((unit) => [unit.id, unit.name]));
  return (
    <Layout title="รหัสเชิญ" viewer={props.viewer} orgName={props.orgName} active="/admin/invites">
      <Messages {...props} />
      {props.created ? (
        <div class="card" data-testid="invite-created">
          <p>รหัสเชิญใหม่ ({ROLE_LABELS[props.created.role]}) — ใช้ได้ครั้งเดียว ภายใน 7 วัน:</p>
          <p class="code" data-testid="invite-code">
            {props.created.code}
          </p>
          <p>
            ให้ผู้รับพิมพ์ในแชต LINE ของหน่วยงาน: <strong>ลงทะเบียน {props.created.code}</strong>
          </p>
        </div>
      ) : null}
      <h2>สร้างรหัสเชิญ</h2>
      <form method="post" action="/admin/invites" class="inline card" data-testid="invite-form">
        <Csrf token={props.viewer.csrf} />
        <label>
          บทบาท
          <select name="role">
            <Options options={INVITABLE_ROLES.map((role) => [role, ROLE_LABELS[role]] as const)} />
          </select>
        </label>
        <label>
          หน่วยงาน (จำเป็นสำหรับเจ้าหน้าที่)
          <select name="unitId">
            <Options options={[["", "-"], ...props.units.map((u) => [u.id, u.name] as const)]} />
          </select>
        </label>
        <button type="submit" data-testid="invite-submit">
          สร้างรหัส
        </button>
      </form>
      <h2>รหัสที่ยังไม่ถูกใช้</h2>
      <Table head={["รหัส", "บทบาท", "หน่วยงาน", "หมดอายุ"]} testid="invite-list">
        {props.invites.map((invite) => (
          <tr>
            <td>{invite.code}</td>
            <td>{ROLE_LABELS[invite.role]}</td>
            <td>{invite.unitId ? (unitNames.get(invite.unitId) ?? "-") : "-"}</td>
            <td>{thaiDateTime(invite.expiresAt, props.timeZone)}</td>
          </tr>
        ))}
      </Table>
    </Layout>
  );
};

interface SettingsValues {
  drive: Partial<Record<keyof EitDrive, string>>;
  reminders: ReminderSchedule | Record<keyof ReminderSchedule, string>;
  deadlines: ReportDeadlines;
}

const SettingsPage = (props: Page & SettingsValues & { driveSet: boolean }) => (
  <Layout title="ตั้งค่า" viewer={props.viewer} orgName={props.orgName} active="/admin/settings">
    <Messages {...props} />
    <h2>ลิงก์แบบวัด EIT ทางการ (ITAS)</h2>
    {props.driveSet ? null : <p class="muted">ยังไม่ได้ตั้งค่า: ผู้ร้องจะยังไม่ได้รับคำเชิญตอบ EIT ทางการ</p>}
    <form method="post" action="/admin/settings/eit-drive" class="stack card" data-testid="eit-drive-form">
      <Csrf token={props.viewer.csrf} />
      <label>
        ลิงก์ (https)
        <input name="url" type="url" required maxlength={1000} value={props.drive.url ?? ""} />
      </label>
      <label>
        วันเริ่มเชิญ
        <input name="startDate" type="date" required value={props.drive.startDate ?? ""} />
      </label>
      <label>
        วันสิ้นสุด
        <input name="endDate" type="date" required value={props.drive.endDate ?? ""} />
      </label>
      <button type="submit">บันทึก</button>
    </form>
    <h2>การแจ้งเตือน</h2>
    <form method="post" action="/admin/settings/reminders" class="stack card" data-testid="reminders-form">
      <Csrf token={props.viewer.csrf} />
      <label>
        วันส่งสรุปประจำสัปดาห์ถึงผู้บริหาร
        <select name="digestWeekday">
          <Options
            options={WEEKDAYS.map((day, index) => [String(index), `วัน${day}`] as const)}
            selected={String(props.reminders.digestWeekday)}
          />
        </select>
      </label>
      <label>
        เวลาส่งสรุป
        <input name="digestTime" type="time" required value={props.reminders.digestTime} />
      </label>
      <label>
        เวลาเตือนเจ้าหน้าที่ทุกวัน
        <input name="nudgeTime" type="time" required value={props.reminders.nudgeTime} />
      </label>
      <button type="submit">บันทึก</button>
    </form>
    <h2>กำหนดส่งรายงานผลมาตรการ (เดือน-วัน)</h2>
    <form
      method="post"
      action="/admin/settings/report-deadlines"
      class="stack card"
      data-testid="report-deadlines-form"
    >
      <Csrf token={props.viewer.csrf} />
      <label>
        รอบ 6 เดือน (MM-DD)
        <input
          name="sixMonth"
          required
          pattern="\d{2}-\d{2}"
          maxlength={5}
          value={props.deadlines.sixMonth}
        />
      </label>
      <label>
        รอบ 12 เดือน (MM-DD)
        <input
          name="twelveMonth"
          required
          pattern="\d{2}-\d{2}"
          maxlength={5}
          value={props.deadlines.twelveMonth}
        />
      </label>
      <button type="submit">บันทึก</button>
    </form>
  </Layout>
);

const NOTICES = {
  created: "เพิ่มแล้ว",
  saved: "บันทึกแล้ว",
  deleted: "ลบแล้ว",
};

export function setupConsole(deps: AppDeps) {
  const app = new Hono<ConsoleEnv>();
  const { db, orgId } = deps;
  const { orgName, timeZone } = deps.config;
  const audit = (actor: string, action: string, subject: string, detail: Record<string, unknown>) =>
    auditStatement(db, { orgId, at: deps.clock.now(), actor, action, subject, detail });

  // Units
  const unitsPage = async (
    viewer: Viewer,
    extra: { notice?: string; problems?: FieldProblem[]; entered?: string },
  ) => <UnitsPage viewer={viewer} orgName={orgName} units={await listUnits(db, orgId)} {...extra} />;
  app.get("/units", async (c) => send(c, await unitsPage(c.get("viewer"), { notice: noticeOf(c, NOTICES) })));
  app.post("/units", async (c) => {
    const viewer = c.get("viewer");
    const entered = field(await readForm(c), "name");
    const input = check(newUnitSchema, { name: entered });
    if (!input.ok) return send(c, await unitsPage(viewer, { problems: input.problems, entered }), 400);
    const actor = consoleActor(viewer);
    const done = await commitPlanned(deps, await planCreateUnit(deps, input.data, actor), actor);
    if (!done.ok) {
      const problems = [{ field: done.error.field, message: done.error.thai }];
      return send(c, await unitsPage(viewer, { problems, entered }), HTTP_STATUS[done.error.kind]);
    }
    return c.redirect("/admin/units?notice=created", 303);
  });

  // Categories
  const categoriesPage = async (viewer: Viewer, extra: { notice?: string; problems?: FieldProblem[] }) => {
    const [categories, units] = await Promise.all([listCategories(db, orgId), listUnits(db, orgId)]);
    return (
      <CategoriesPage viewer={viewer} orgName={orgName} categories={categories} units={units} {...extra} />
    );
  };
  const readCategory = async (form: Form) => {
    const parsed = categoryForm.safeParse({
      name: field(form, "name"),
      unitId: field(form, "unitId"),
      deadlineDays: field(form, "deadlineDays"),
      sortOrder: field(form, "sortOrder") || "100",
    });
    if (!parsed.success) return { ok: false as const, problems: problemsOf(parsed.error) };
    if (!(await findUnit(db, orgId, parsed.data.unitId))) {
      return { ok: false as const, problems: [{ field: "unitId", message: "ไม่พบหน่วยงานนี้" }] };
    }
    return { ok: true as const, data: parsed.data };
  };
  const categoryDetail = (category: ComplaintCategory) => ({
    name: category.name,
    unitId: category.unitId,
    deadlineDays: category.deadlineDays,
    sortOrder: category.sortOrder,
    active: category.active,
  });
  app.get("/categories", async (c) =>
    send(c, await categoriesPage(c.get("viewer"), { notice: noticeOf(c, NOTICES) })),
  );
  app.post("/categories", async (c) => {
    const viewer = c.get("viewer");
    const checked = await readCategory(await readForm(c));
    if (!checked.ok) return send(c, await categoriesPage(viewer, { problems: checked.problems }), 400);
    const category = await createCategory(db, { id: deps.ids.uuid(), orgId, ...checked.data, active: true });
    if (!category) {
      return send(
        c,
        await categoriesPage(viewer, { problems: [{ field: "name", message: "มีประเภทชื่อนี้แล้ว" }] }),
        409,
      );
    }
    await atomic(db, [audit(viewer.actor, "category.create", category.id, categoryDetail(category))]);
    return c.redirect("/admin/categories?notice=created", 303);
  });
  app.post("/categories/:id", async (c) => {
    const viewer = c.get("viewer");
    const form = await readForm(c);
    const checked = await readCategory(form);
    if (!checked.ok) return send(c, await categoriesPage(viewer, { problems: checked.problems }), 400);
    const change = { ...checked.data, active: field(form, "active") === "1" };
    let category: ComplaintCategory | undefined;
    try {
      category = await updateCategory(db, orgId, c.req.param("id"), change);
    } catch {
      return send(
        c,
        await categoriesPage(viewer, { problems: [{ field: "name", message: "มีประเภทชื่อนี้แล้ว" }] }),
        409,
      );
    }
    if (!category)
      return send(
        c,
        await categoriesPage(viewer, { problems: [{ field: "form", message: "ไม่พบประเภทนี้" }] }),
        404,
      );
    await atomic(db, [audit(viewer.actor, "category.update", category.id, change)]);
    return c.redirect("/admin/categories?notice=saved", 303);
  });

  // Holidays
  const holidaysPage = async (
    viewer: Viewer,
    year: number,
    extra: { notice?: string; problems?: FieldProblem[] },
  ) => {
    const range = fiscalYearRange(year);
    return (
      <HolidaysPage
        viewer={viewer}
        orgName={orgName}
        year={year}
        years={fiscalYearChoices(deps)}
        holidays={await listHolidays(db, orgId, range.start, range.end)}
        {...extra}
      />
    );
  };
  app.get("/holidays", async (c) =>
    send(c, await holidaysPage(c.get("viewer"), fiscalYearParam(c, deps), { notice: noticeOf(c, NOTICES) })),
  );
  app.post("/holidays", async (c) => {
    const viewer = c.get("viewer");
    const form = await readForm(c);
    const parsed = holidayForm.safeParse({ date: field(form, "date"), name: field(form, "name") });
    if (!parsed.success) {
      return send(
        c,
        await holidaysPage(viewer, fiscalYearParam(c, deps), { problems: problemsOf(parsed.error) }),
        400,
      );
    }
    await atomic(db, [
      putHoliday(db, { orgId, ...parsed.data }),
      audit(viewer.actor, "holiday.put", parsed.data.date, parsed.data),
    ]);
    return c.redirect("/admin/holidays?notice=created", 303);
  });
  app.post("/holidays/:date/delete", async (c) => {
    const viewer = c.get("viewer");
    const date = c.req.param("date");
    if (isIsoDate(date) && (await deleteHoliday(db, orgId, date))) {
      await atomic(db, [audit(viewer.actor, "holiday.delete", date, {})]);
    }
    return c.redirect("/admin/holidays?notice=deleted", 303);
  });

  // Invites
  const invitesPage = async (viewer: Viewer, extra: { problems?: FieldProblem[]; created?: Invite }) => {
    const [units, invites] = await Promise.all([
      listUnits(db, orgId),
      openInvites(db, orgId, deps.clock.now()),
    ]);
    return (
      <InvitesPage
        viewer={viewer}
        orgName={orgName}
        timeZone={timeZone}
        units={units}
        invites={invites}
        {...extra}
      />
    );
  };
  app.get("/invites", async (c) => send(c, await invitesPage(c.get("viewer"), {})));
  app.post("/invites", async (c) => {
    const viewer = c.get("viewer");
    const form = await readForm(c);
    const parsed = inviteForm.safeParse({ role: field(form, "role"), unitId: field(form, "unitId") });
    if (!parsed.success)
      return send(c, await invitesPage(viewer, { problems: problemsOf(parsed.error) }), 400);
    const { role, unitId } = parsed.data;
    if (role === "staff" && !unitId) {
      return send(
        c,
        await invitesPage(viewer, { problems: [{ field: "unitId", message: "เจ้าหน้าที่ต้องมีหน่วยงาน" }] }),
        400,
      );
    }
    if (unitId && !(await findUnit(db, orgId, unitId))) {
      return send(
        c,
        await invitesPage(viewer, { problems: [{ field: "unitId", message: "ไม่พบหน่วยงานนี้" }] }),
        400,
      );
    }
    const now = deps.clock.now();
    const invite: Invite = {
      code: newInviteCode(),
      orgId,
      role,
      unitId: unitId ?? null,
      createdAt: now,
      expiresAt: now + INVITE_TTL_MS,
      usedAt: null,
      usedBy: null,
    };
    await atomic(db, [
      insertInvite(db, invite),
      audit(viewer.actor, "invite.create", invite.code, { role, unitId: unitId ?? null }),
    ]);
    // Shown once, here (not in a redirect's address, which browsers keep in their history).
    return send(c, await invitesPage(viewer, { created: invite }), 201);
  });

  // Settings
  const settingsPage = async (
    viewer: Viewer,
    extra: { notice?: string; problems?: FieldProblem[] } & Partial<SettingsValues> = {},
  ) => {
    const [drive, reminders, deadlines] = await Promise.all([
      getEitDrive(deps),
      reminderSchedule(deps),
      reportDeadlines(deps),
    ]);
    return (
      <SettingsPage
        viewer={viewer}
        orgName={orgName}
        driveSet={drive !== undefined}
        drive={drive ?? {}}
        reminders={reminders}
        deadlines={deadlines}
        {...extra}
      />
    );
  };
  app.get("/settings", async (c) =>
    send(c, await settingsPage(c.get("viewer"), { notice: noticeOf(c, NOTICES) })),
  );

  const settingForms = [
    {
      path: "/settings/eit-drive",
      key: EIT_DRIVE_KEY,
      action: "settings.eit-drive",
      schema: eitDriveSchema as z.ZodType<Record<string, unknown>>,
      read: (form: Form) => ({
        url: field(form, "url").trim(),
        startDate: field(form, "startDate"),
        endDate: field(form, "endDate"),
      }),
    },
    {
      path: "/settings/reminders",
      key: REMINDER_SCHEDULE_KEY,
      action: `settings.${REMINDER_SCHEDULE_KEY}`,
      schema: reminderScheduleSchema as z.ZodType<Record<string, unknown>>,
      read: (form: Form) => ({
        digestWeekday: /^\d$/.test(field(form, "digestWeekday")) ? Number(field(form, "digestWeekday")) : -1,
        digestTime: field(form, "digestTime"),
        nudgeTime: field(form, "nudgeTime"),
      }),
    },
    {
      path: "/settings/report-deadlines",
      key: REPORT_DEADLINES_KEY,
      action: `settings.${REPORT_DEADLINES_KEY}`,
      schema: reportDeadlinesSchema as z.ZodType<Record<string, unknown>>,
      read: (form: Form) => ({ sixMonth: field(form, "sixMonth"), twelveMonth: field(form, "twelveMonth") }),
    },
  ];
  for (const setting of settingForms) {
    app.post(setting.path, async (c) => {
      const viewer = c.get("viewer");
      const entered = setting.read(await readForm(c));
      const parsed = setting.schema.safeParse(entered);
      if (!parsed.success) {
        return send(c, await settingsPage(viewer, { problems: problemsOf(parsed.error) }), 400);
      }
      const now = deps.clock.now();
      await atomic(db, [
        setSetting(db, orgId, setting.key, parsed.data, now),
        auditStatement(db, {
          orgId,
          at: now,
          actor: viewer.actor,
          action: setting.action,
          subject: setting.key,
          detail: parsed.data,
        }),
      ]);
      return c.redirect("/admin/settings?notice=saved", 303);
    });
  }

  return app;
}
