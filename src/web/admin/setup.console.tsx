/**
 * The organisation's set-up in the console: units, complaint categories, holidays, invite codes and
 * the settings (EIT drive, reminder times, report deadlines, how documents are signed and worded). Each form is parsed with its service's
 * schema and acted on through the service (`submit`); a refusal shows the form again as it was
 * typed, each Thai message beside its field.
 */
import { Hono } from "hono";
import type { z } from "zod";
import { listCategories } from "../../db/repos/categories.repo";
import { listHolidays } from "../../db/repos/holidays.repo";
import { openInvites } from "../../db/repos/invites.repo";
import { listUnits } from "../../db/repos/units.repo";
import type { ComplaintCategory, Holiday, Invite, Unit } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { DEFAULT_DEADLINE_DAYS } from "../../domain/complaints";
import { INVITABLE_ROLES } from "../../domain/invites";
import { ROLE_LABELS } from "../../domain/roles";
import { fiscalYearRange, thaiDateTime, thaiLongDate } from "../../domain/thai-time";
import { getEitDrive } from "../../features/eit/eit-drive";
import { reminderSchedule, reportDeadlines } from "../../features/overview/settings";
import { documentSettings } from "../../features/reports/document-settings";
import {
  categoryFormSchema,
  newCategorySchema,
  planCreateCategory,
  planUpdateCategory,
} from "../../services/categories.service";
import {
  holidayDateSchema,
  holidaySchema,
  planDeleteHoliday,
  planPutHoliday,
} from "../../services/holidays.service";
import { newInviteSchema, planCreateInvite } from "../../services/invites.service";
import type { Actor, Planned } from "../../services/plan";
import {
  documentSettingsSchema,
  eitDriveSchema,
  planSetDocumentSettings,
  planSetEitDrive,
  planSetReminderSchedule,
  planSetReportDeadlines,
  reminderScheduleSchema,
  reportDeadlinesSchema,
} from "../../services/settings.service";
import { newUnitSchema, planCreateUnit } from "../../services/units.service";
import {
  type Form,
  type FormState,
  field,
  fiscalYearChoices,
  fiscalYearParam,
  noticeOf,
  numberField,
  readForm,
  shown,
  submit,
  typed,
} from "./forms";
import { Csrf, FieldError, Layout, Notice, Options, Problems, send, Table, YearPicker } from "./layout";
import type { ConsoleEnv, Viewer } from "./session";

const LABELS: Record<string, string> = {
  id: "รายการ",
  name: "ชื่อ",
  unitId: "หน่วยงาน",
  deadlineDays: "กำหนดตอบ (วันทำการ)",
  sortOrder: "ลำดับ",
  active: "ใช้งาน",
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
  district: "อำเภอ",
  province: "จังหวัด",
  opening: "ข้อความนำก่อนตาราง",
  "reporter.name": "ชื่อผู้รายงาน",
  "reporter.position": "ตำแหน่งผู้รายงาน",
  "checker.name": "ชื่อผู้ตรวจสอบ/หัวหน้าหน่วยงาน",
  "checker.position": "ตำแหน่งผู้ตรวจสอบ/หัวหน้าหน่วยงาน",
  "executive.name": "ชื่อผู้บริหาร",
  "executive.position": "ตำแหน่งผู้บริหาร",
  thaiNumerals: "ใช้เลขไทย",
};

/** The document settings' text fields, as the form names them (a signer's as `reporter.name`). */
const SIGNERS = [
  ["reporter", "ผู้รายงาน"],
  ["checker", "ผู้ตรวจสอบ/หัวหน้าหน่วยงาน"],
  ["executive", "ผู้บริหาร"],
] as const;
const DOCUMENT_FIELDS = [
  "district",
  "province",
  "opening",
  ...SIGNERS.flatMap(([key]) => [`${key}.name`, `${key}.position`]),
  "thaiNumerals",
];

const WEEKDAYS = ["อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์"];

/**
 * A page of this file; `again` is the refused form shown again (its problems listed at the top),
 * `refusal` an action's refusal that concerns no form field (a holiday already gone).
 */
type Page = { viewer: Viewer; orgName: string; notice?: string; refusal?: string; again?: FormState };

const Messages = (props: Page) => (
  <>
    {props.notice ? <Notice>{props.notice}</Notice> : null}
    {props.refusal ? <Notice kind="bad">{props.refusal}</Notice> : null}
    <Problems problems={props.again?.problems ?? []} labels={LABELS} />
  </>
);

/** A labelled text input that shows what was typed after a refusal, and its problem beside it. */
const Field = (props: {
  label: string;
  name: string;
  again?: FormState;
  stored?: string;
  type?: string;
  required?: boolean;
  maxlength?: number;
  min?: number;
  max?: number;
  pattern?: string;
}) => {
  const { label, name, again, stored, ...input } = props;
  return (
    <label>
      {label}
      <input name={name} value={shown(again, name, stored)} {...input} />
      <FieldError problems={again?.problems} field={name} />
    </label>
  );
};

/** A labelled select that keeps the choice made, with its problem beside it. */
const Choice = (props: {
  label: string;
  name: string;
  options: ReadonlyArray<readonly [string, string]>;
  again?: FormState;
  stored?: string;
}) => (
  <label>
    {props.label}
    <select name={props.name}>
      <Options options={props.options} selected={shown(props.again, props.name, props.stored)} />
    </select>
    <FieldError problems={props.again?.problems} field={props.name} />
  </label>
);

const UnitsPage = (props: Page & { units: Unit[] }) => (
  <Layout title="หน่วยงาน" viewer={props.viewer} orgName={props.orgName} active="/units">
    <Messages {...props} />
    <Table head={["หน่วยงาน"]} testid="unit-list">
      {props.units.map((unit) => (
        <tr>
          <td>{unit.name}</td>
        </tr>
      ))}
    </Table>
    <h2>เพิ่มหน่วยงาน</h2>
    <form method="post" action={`${props.viewer.root}/units`} class="inline card" data-testid="unit-form">
      <Csrf token={props.viewer.csrf} />
      <Field label="ชื่อหน่วยงาน" name="name" required maxlength={100} again={props.again} />
      <button type="submit">เพิ่ม</button>
    </form>
  </Layout>
);

const CATEGORY_FIELDS = ["name", "unitId", "deadlineDays", "sortOrder"] as const;

/** A field's name, the refused form (if any) and the stored value: what `Field` and `Choice` show. */
const fieldOf = (again: FormState | undefined, stored: Record<string, string>) => (name: string) => ({
  name,
  again,
  stored: stored[name],
});

/** A category's fields: a stored category's values, or a refused form's as typed. */
const CategoryFields = (props: {
  units: Unit[];
  again?: FormState;
  stored: { name: string; unitId: string; deadlineDays: string; sortOrder: string };
}) => {
  const at = fieldOf(props.again, props.stored);
  const units = props.units.map((unit) => [unit.id, unit.name] as const);
  return (
    <>
      <Field label="ชื่อ" required maxlength={100} {...at("name")} />
      <Choice label="หน่วยงาน" options={units} {...at("unitId")} />
      <Field label="กำหนดตอบ (วันทำการ)" type="number" min={1} max={90} {...at("deadlineDays")} />
      <Field label="ลำดับ" type="number" min={0} max={1000} {...at("sortOrder")} />
    </>
  );
};

const CategoriesPage = (
  props: Page & { categories: ComplaintCategory[]; units: Unit[]; againFor?: "new" | string },
) => {
  const againIn = (form: string) => (props.againFor === form ? props.again : undefined);
  return (
    <Layout title="ประเภทเรื่องร้องทุกข์" viewer={props.viewer} orgName={props.orgName} active="/categories">
      <Messages {...props} />
      <p class="muted">แต่ละประเภทส่งถึงหน่วยงานที่รับผิดชอบ พร้อมกำหนดตอบเป็นวันทำการ</p>
      {props.categories.map((category) => {
        const again = againIn(category.id);
        return (
          <form
            method="post"
            action={`${props.viewer.root}/categories/${category.id}`}
            class="inline card"
            data-testid="category-form"
          >
            <Csrf token={props.viewer.csrf} />
            <CategoryFields
              units={props.units}
              again={again}
              stored={{
                name: category.name,
                unitId: category.unitId,
                deadlineDays: String(category.deadlineDays),
                sortOrder: String(category.sortOrder),
              }}
            />
            <label class="check">
              <input
                type="checkbox"
                name="active"
                value="1"
                checked={again ? again.typed.active === "1" : category.active}
              />
              ใช้งาน
            </label>
            <button type="submit">บันทึก</button>
          </form>
        );
      })}
      <h2>เพิ่มประเภท</h2>
      <form
        method="post"
        action={`${props.viewer.root}/categories`}
        class="inline card"
        data-testid="category-new-form"
      >
        <Csrf token={props.viewer.csrf} />
        <CategoryFields
          units={props.units}
          again={againIn("new")}
          stored={{ name: "", unitId: "", deadlineDays: String(DEFAULT_DEADLINE_DAYS), sortOrder: "100" }}
        />
        <button type="submit">เพิ่ม</button>
      </form>
    </Layout>
  );
};

const HolidaysPage = (props: Page & { year: number; years: number[]; holidays: Holiday[] }) => (
  <Layout title="วันหยุด" viewer={props.viewer} orgName={props.orgName} active="/holidays">
    <Messages {...props} />
    <p class="muted">วันหยุดใช้คำนวณกำหนดตอบเรื่องร้องเรียนเป็นวันทำการ</p>
    <YearPicker action={`${props.viewer.root}/holidays`} year={props.year} years={props.years} />
    <Table head={["วันที่", "ชื่อ", ""]} testid="holiday-list">
      {props.holidays.map((holiday) => (
        <tr>
          <td>{thaiLongDate(holiday.date)}</td>
          <td>{holiday.name}</td>
          <td>
            <form method="post" action={`${props.viewer.root}/holidays/${holiday.date}/delete`}>
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
    <form
      method="post"
      action={`${props.viewer.root}/holidays`}
      class="inline card"
      data-testid="holiday-form"
    >
      <Csrf token={props.viewer.csrf} />
      <Field label="วันที่" name="date" type="date" required again={props.again} />
      <Field label="ชื่อวันหยุด" name="name" required maxlength={100} again={props.again} />
      <button type="submit">เพิ่ม</button>
    </form>
  </Layout>
);

const InvitesPage = (
  props: Page & { timeZone: string; units: Unit[]; invites: Invite[]; created?: Invite },
) => {
  const unitNames = new Map(props.units.map((unit) => [unit.id, unit.name]));
  return (
    <Layout title="รหัสเชิญ" viewer={props.viewer} orgName={props.orgName} active="/invites">
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
      <form
        method="post"
        action={`${props.viewer.root}/invites`}
        class="inline card"
        data-testid="invite-form"
      >
        <Csrf token={props.viewer.csrf} />
        <Choice
          label="บทบาท"
          name="role"
          options={INVITABLE_ROLES.map((role) => [role, ROLE_LABELS[role]] as const)}
          again={props.again}
        />
        <Choice
          label="หน่วยงาน (จำเป็นสำหรับเจ้าหน้าที่)"
          name="unitId"
          options={[["", "-"], ...props.units.map((u) => [u.id, u.name] as const)]}
          again={props.again}
        />
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

/** The stored settings, as the forms show them. */
type Stored = Record<string, string>;

const SettingsPage = (props: Page & { stored: Stored; driveSet: boolean }) => {
  const at = fieldOf(props.again, props.stored);
  const weekdays = WEEKDAYS.map((day, index) => [String(index), `วัน${day}`] as const);
  return (
    <Layout title="ตั้งค่า" viewer={props.viewer} orgName={props.orgName} active="/settings">
      <Messages {...props} />
      <h2>ลิงก์แบบวัด EIT ทางการ (ITAS)</h2>
      {props.driveSet ? null : <p class="muted">ยังไม่ได้ตั้งค่า: ผู้ร้องจะยังไม่ได้รับคำเชิญตอบ EIT ทางการ</p>}
      <form
        method="post"
        action={`${props.viewer.root}/settings/eit-drive`}
        class="stack card"
        data-testid="eit-drive-form"
      >
        <Csrf token={props.viewer.csrf} />
        <Field label="ลิงก์ (https)" type="url" required maxlength={1000} {...at("url")} />
        <Field label="วันเริ่มเชิญ" type="date" required {...at("startDate")} />
        <Field label="วันสิ้นสุด" type="date" required {...at("endDate")} />
        <button type="submit">บันทึก</button>
      </form>
      <h2>การแจ้งเตือน</h2>
      <form
        method="post"
        action={`${props.viewer.root}/settings/reminders`}
        class="stack card"
        data-testid="reminders-form"
      >
        <Csrf token={props.viewer.csrf} />
        <Choice label="วันส่งสรุปประจำสัปดาห์ถึงผู้บริหาร" options={weekdays} {...at("digestWeekday")} />
        <Field label="เวลาส่งสรุป" type="time" required {...at("digestTime")} />
        <Field label="เวลาเตือนเจ้าหน้าที่ทุกวัน" type="time" required {...at("nudgeTime")} />
        <button type="submit">บันทึก</button>
      </form>
      <h2>กำหนดส่งรายงานผลมาตรการ (เดือน-วัน)</h2>
      <form
        method="post"
        action={`${props.viewer.root}/settings/report-deadlines`}
        class="stack card"
        data-testid="report-deadlines-form"
      >
        <Csrf token={props.viewer.csrf} />
        <Field label="รอบ 6 เดือน (ดด-วว)" required pattern="\d{2}-\d{2}" maxlength={5} {...at("sixMonth")} />
        <Field
          label="รอบ 12 เดือน (ดด-วว)"
          required
          pattern="\d{2}-\d{2}"
          maxlength={5}
          {...at("twelveMonth")}
        />
        <button type="submit">บันทึก</button>
      </form>
      <h2>เอกสารรายงาน</h2>
      <p class="muted">
        ใช้ในรายงานผลการดำเนินการตามมาตรการ (Word, Excel) และเอกสารอื่นที่ดาวน์โหลด: ที่ตั้งใต้ชื่อหน่วยงาน ข้อความนำก่อนตาราง
        และผู้ลงนามท้ายรายงาน (เว้นว่างไว้เพื่อเขียนด้วยมือได้)
      </p>
      <form
        method="post"
        action={`${props.viewer.root}/settings/documents`}
        class="stack card"
        data-testid="documents-form"
      >
        <Csrf token={props.viewer.csrf} />
        <Field label="อำเภอ" maxlength={100} {...at("district")} />
        <Field label="จังหวัด" maxlength={100} {...at("province")} />
        <label>
          ข้อความนำก่อนตาราง (ถ้ามี)
          <textarea name="opening" maxlength={3000}>
            {shown(props.again, "opening", props.stored.opening)}
          </textarea>
          <FieldError problems={props.again?.problems} field="opening" />
        </label>
        {SIGNERS.map(([key, role]) => (
          <>
            <Field label={`ชื่อ${role}`} maxlength={120} {...at(`${key}.name`)} />
            <Field label={`ตำแหน่ง${role}`} maxlength={200} {...at(`${key}.position`)} />
          </>
        ))}
        <label class="check">
          <input
            type="checkbox"
            name="thaiNumerals"
            value="1"
            checked={shown(props.again, "thaiNumerals", props.stored.thaiNumerals) === "1"}
          />
          ใช้เลขไทย (๐ ๑ ๒ …) ในเอกสารทุกฉบับ
        </label>
        <button type="submit">บันทึก</button>
      </form>
    </Layout>
  );
};

const NOTICES = {
  created: "เพิ่มแล้ว",
  saved: "บันทึกแล้ว",
  deleted: "ลบแล้ว",
};

type Extra = { notice?: string; refusal?: string; again?: FormState };

export function setupConsole(deps: AppDeps) {
  const app = new Hono<ConsoleEnv>();
  const { db } = deps;
  const { orgName, timeZone } = deps.config;

  // Units
  const unitsPage = async (viewer: Viewer, extra: Extra) => (
    <UnitsPage viewer={viewer} orgName={orgName} units={await listUnits(db)} {...extra} />
  );
  app.get("/units", async (c) => send(c, await unitsPage(c.get("viewer"), { notice: noticeOf(c, NOTICES) })));
  app.post("/units", async (c) => {
    const viewer = c.get("viewer");
    const entered = typed(await readForm(c), ["name"]);
    const done = await submit(deps, viewer, newUnitSchema, entered, planCreateUnit);
    if (!done.ok) {
      return send(
        c,
        await unitsPage(viewer, { again: { typed: entered, problems: done.problems } }),
        done.status,
      );
    }
    return c.redirect(`${viewer.root}/units?notice=created`, 303);
  });

  // Categories
  const categoriesPage = async (viewer: Viewer, extra: Extra & { againFor?: string }) => {
    const [categories, units] = await Promise.all([listCategories(db), listUnits(db)]);
    return (
      <CategoriesPage viewer={viewer} orgName={orgName} categories={categories} units={units} {...extra} />
    );
  };
  const categoryInput = (form: Form) => ({
    name: field(form, "name"),
    unitId: field(form, "unitId"),
    deadlineDays: numberField(form, "deadlineDays"),
    sortOrder: numberField(form, "sortOrder"),
  });
  app.get("/categories", async (c) =>
    send(c, await categoriesPage(c.get("viewer"), { notice: noticeOf(c, NOTICES) })),
  );
  app.post("/categories", async (c) => {
    const viewer = c.get("viewer");
    const form = await readForm(c);
    const done = await submit(deps, viewer, newCategorySchema, categoryInput(form), planCreateCategory);
    if (!done.ok) {
      const again = { typed: typed(form, CATEGORY_FIELDS), problems: done.problems };
      return send(c, await categoriesPage(viewer, { again, againFor: "new" }), done.status);
    }
    return c.redirect(`${viewer.root}/categories?notice=created`, 303);
  });
  app.post("/categories/:id", async (c) => {
    const viewer = c.get("viewer");
    const id = c.req.param("id");
    const form = await readForm(c);
    const input = { ...categoryInput(form), active: field(form, "active") === "1" };
    const done = await submit(deps, viewer, categoryFormSchema, input, (_, change, actor) =>
      planUpdateCategory(deps, { id, ...change }, actor),
    );
    if (!done.ok) {
      const again = { typed: typed(form, [...CATEGORY_FIELDS, "active"]), problems: done.problems };
      return send(c, await categoriesPage(viewer, { again, againFor: id }), done.status);
    }
    return c.redirect(`${viewer.root}/categories?notice=saved`, 303);
  });

  // Holidays
  const holidaysPage = async (viewer: Viewer, year: number, extra: Extra) => {
    const range = fiscalYearRange(year);
    return (
      <HolidaysPage
        viewer={viewer}
        orgName={orgName}
        year={year}
        years={fiscalYearChoices(deps)}
        holidays={await listHolidays(db, range.start, range.end)}
        {...extra}
      />
    );
  };
  app.get("/holidays", async (c) =>
    send(c, await holidaysPage(c.get("viewer"), fiscalYearParam(c, deps), { notice: noticeOf(c, NOTICES) })),
  );
  app.post("/holidays", async (c) => {
    const viewer = c.get("viewer");
    const entered = typed(await readForm(c), ["date", "name"]);
    const done = await submit(deps, viewer, holidaySchema, entered, planPutHoliday);
    if (!done.ok) {
      const again = { typed: entered, problems: done.problems };
      return send(c, await holidaysPage(viewer, fiscalYearParam(c, deps), { again }), done.status);
    }
    return c.redirect(`${viewer.root}/holidays?notice=created`, 303);
  });
  app.post("/holidays/:date/delete", async (c) => {
    const viewer = c.get("viewer");
    const done = await submit(
      deps,
      viewer,
      holidayDateSchema,
      { date: c.req.param("date") },
      planDeleteHoliday,
    );
    if (!done.ok) {
      const refusal = done.problems.map((problem) => problem.message).join(" ");
      return send(c, await holidaysPage(viewer, fiscalYearParam(c, deps), { refusal }), done.status);
    }
    return c.redirect(`${viewer.root}/holidays?notice=deleted`, 303);
  });

  // Invites
  const invitesPage = async (viewer: Viewer, extra: Extra & { created?: Invite }) => {
    const [units, invites] = await Promise.all([listUnits(db), openInvites(db, deps.clock.now())]);
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
    const entered = typed(await readForm(c), ["role", "unitId"]);
    const done = await submit(deps, viewer, newInviteSchema, entered, planCreateInvite);
    if (!done.ok) {
      return send(
        c,
        await invitesPage(viewer, { again: { typed: entered, problems: done.problems } }),
        done.status,
      );
    }
    // Shown once, here (not in a redirect's address, which browsers keep in their history).
    return send(c, await invitesPage(viewer, { created: done.value }), 201);
  });

  // Settings
  const settingsPage = async (viewer: Viewer, extra: Extra) => {
    const [drive, reminders, deadlines, documents] = await Promise.all([
      getEitDrive(deps),
      reminderSchedule(deps),
      reportDeadlines(deps),
      documentSettings(deps),
    ]);
    const stored: Stored = {
      ...drive,
      ...deadlines,
      ...reminders,
      digestWeekday: String(reminders.digestWeekday),
      district: documents.district,
      province: documents.province,
      opening: documents.opening,
      ...Object.fromEntries(
        SIGNERS.flatMap(([key]) => [
          [`${key}.name`, documents[key].name],
          [`${key}.position`, documents[key].position],
        ]),
      ),
      thaiNumerals: documents.thaiNumerals ? "1" : "",
    };
    return (
      <SettingsPage
        viewer={viewer}
        orgName={orgName}
        stored={stored}
        driveSet={drive !== undefined}
        {...extra}
      />
    );
  };
  app.get("/settings", async (c) =>
    send(c, await settingsPage(c.get("viewer"), { notice: noticeOf(c, NOTICES) })),
  );

  /** A settings form: its fields as typed, the input for its schema, its service. */
  function settingForm<I, T>(
    path: string,
    names: readonly string[],
    schema: z.ZodType<I>,
    input: (form: Form) => unknown,
    service: (deps: AppDeps, input: I, actor: Actor) => Promise<Planned<T>>,
  ) {
    app.post(path, async (c) => {
      const viewer = c.get("viewer");
      const form = await readForm(c);
      const done = await submit(deps, viewer, schema, input(form), service);
      if (!done.ok) {
        const again = { typed: typed(form, names), problems: done.problems };
        return send(c, await settingsPage(viewer, { again }), done.status);
      }
      return c.redirect(`${viewer.root}/settings?notice=saved`, 303);
    });
  }
  settingForm(
    "/settings/eit-drive",
    ["url", "startDate", "endDate"],
    eitDriveSchema,
    (form) => ({ ...typed(form, ["startDate", "endDate"]), url: field(form, "url").trim() }),
    planSetEitDrive,
  );
  settingForm(
    "/settings/reminders",
    ["digestWeekday", "digestTime", "nudgeTime"],
    reminderScheduleSchema,
    (form) => ({
      ...typed(form, ["digestTime", "nudgeTime"]),
      digestWeekday: numberField(form, "digestWeekday"),
    }),
    planSetReminderSchedule,
  );
  settingForm(
    "/settings/report-deadlines",
    ["sixMonth", "twelveMonth"],
    reportDeadlinesSchema,
    (form) => typed(form, ["sixMonth", "twelveMonth"]),
    planSetReportDeadlines,
  );
  settingForm(
    "/settings/documents",
    DOCUMENT_FIELDS,
    documentSettingsSchema,
    (form) => ({
      district: field(form, "district"),
      province: field(form, "province"),
      opening: field(form, "opening"),
      ...Object.fromEntries(
        SIGNERS.map(([key]) => [
          key,
          { name: field(form, `${key}.name`), position: field(form, `${key}.position`) },
        ]),
      ),
      thaiNumerals: field(form, "thaiNumerals") === "1",
    }),
    planSetDocumentSettings,
  );

  return app;
}
