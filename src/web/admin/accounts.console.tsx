/** The console's own accounts: the list, and a new account (the ADMIN_TOKEN session's only page). */
import { Hono } from "hono";
import { listAccounts } from "../../db/repos/console.repo";
import type { AdminAccount } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { PASSWORD_MAX_BYTES, PASSWORD_MIN } from "../../domain/passwords";
import { thaiDateTime } from "../../domain/thai-time";
import {
  accountIdSchema,
  newAccountSchema,
  planCreateAccount,
  planRemoveAccount,
  planUnlockAccount,
} from "../../services/accounts.service";
import { mergePlans } from "../../services/plan";
import { planSignOut } from "../../services/sessions.service";
import { clearSessionCookie } from "./auth.console";
import { type FormState, field, noticeOf, readForm, shown, submit, typed } from "./forms";
import { Badge, Csrf, FieldError, Layout, Notice, Problems, send, Table } from "./layout";
import type { ConsoleEnv, Viewer } from "./session";

const LABELS = { username: "ชื่อผู้ใช้", password: "รหัสผ่าน", displayName: "ชื่อที่แสดง" };

const NewAccountPage = (props: { viewer: Viewer; orgName: string; again?: FormState }) => (
  <Layout title="สร้างบัญชีผู้ดูแล" viewer={props.viewer} orgName={props.orgName} active="/accounts">
    {props.viewer.account ? null : (
      <Notice kind="warn">
        คุณเข้าด้วยรหัสผู้ดูแลระบบ ซึ่งใช้สร้างบัญชีได้เท่านั้น เมื่อสร้างบัญชีแรกแล้ว ให้เข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่านของบัญชีนั้น
      </Notice>
    )}
    <Problems problems={props.again?.problems ?? []} labels={LABELS} />
    <form
      method="post"
      action={`${props.viewer.root}/accounts`}
      class="stack card"
      data-testid="account-form"
    >
      <Csrf token={props.viewer.csrf} />
      <label>
        ชื่อผู้ใช้ (a–z ตัวเลข . _ - ยาว 3–32 ตัว)
        <input
          name="username"
          required
          autocomplete="off"
          autocapitalize="none"
          maxlength={32}
          value={shown(props.again, "username")}
        />
        <FieldError problems={props.again?.problems} field="username" />
      </label>
      <label>
        ชื่อที่แสดง (ไม่บังคับ)
        <input name="displayName" maxlength={100} value={shown(props.again, "displayName")} />
        <FieldError problems={props.again?.problems} field="displayName" />
      </label>
      <label>
        รหัสผ่าน (อย่างน้อย {PASSWORD_MIN} ตัวอักษร ไม่เกิน {PASSWORD_MAX_BYTES} ไบต์)
        <input
          name="password"
          type="password"
          required
          minlength={PASSWORD_MIN}
          autocomplete="new-password"
        />
        <FieldError problems={props.again?.problems} field="password" />
      </label>
      <button type="submit" data-testid="account-submit">
        สร้างบัญชี
      </button>
    </form>
  </Layout>
);

const AccountsPage = (props: {
  viewer: Viewer;
  orgName: string;
  timeZone: string;
  now: number;
  accounts: AdminAccount[];
  notice?: string;
  refusal?: string;
}) => (
  <Layout title="บัญชีผู้ดูแล" viewer={props.viewer} orgName={props.orgName} active="/accounts">
    {props.notice ? <Notice>{props.notice}</Notice> : null}
    {props.refusal ? <Notice kind="bad">{props.refusal}</Notice> : null}
    <p>
      <a class="button" href={`${props.viewer.root}/accounts/new`}>
        + สร้างบัญชีใหม่
      </a>
    </p>
    <Table head={["ชื่อผู้ใช้", "ชื่อที่แสดง", "สร้างเมื่อ", "เข้าระบบล่าสุด", "สถานะ", ""]} testid="account-list">
      {props.accounts.map((account) => (
        <tr>
          <td>{account.username}</td>
          <td>{account.displayName ?? "-"}</td>
          <td>{thaiDateTime(account.createdAt, props.timeZone)}</td>
          <td>{account.lastSignInAt ? thaiDateTime(account.lastSignInAt, props.timeZone) : "-"}</td>
          <td>
            {account.lockedUntil !== null && account.lockedUntil > props.now ? (
              <Badge kind="bad">ถูกระงับถึง {thaiDateTime(account.lockedUntil, props.timeZone)}</Badge>
            ) : (
              <Badge kind="ok">ใช้งานได้</Badge>
            )}
          </td>
          <td>
            {account.lockedUntil !== null && account.lockedUntil > props.now ? (
              <form
                method="post"
                action={`${props.viewer.root}/accounts/${account.id}/unlock`}
                class="inline"
              >
                <Csrf token={props.viewer.csrf} />
                <button type="submit" data-testid="account-unlock">
                  ปลดล็อก
                </button>
              </form>
            ) : null}
            {account.id !== props.viewer.account?.id ? (
              <form
                method="post"
                action={`${props.viewer.root}/accounts/${account.id}/remove`}
                class="inline"
              >
                <Csrf token={props.viewer.csrf} />
                <button type="submit" class="danger" data-testid="account-remove">
                  ลบบัญชี
                </button>
              </form>
            ) : null}
          </td>
        </tr>
      ))}
    </Table>
  </Layout>
);

const NOTICES = { created: "สร้างบัญชีแล้ว", unlocked: "ปลดล็อกบัญชีแล้ว", removed: "ลบบัญชีแล้ว" };

export function accountsConsole(deps: AppDeps) {
  const app = new Hono<ConsoleEnv>();
  const { orgName, timeZone } = deps.config;

  const accountsPage = async (viewer: Viewer, extra: { notice?: string; refusal?: string }) => (
    <AccountsPage
      viewer={viewer}
      orgName={orgName}
      timeZone={timeZone}
      now={deps.clock.now()}
      accounts={await listAccounts(deps.db)}
      {...extra}
    />
  );

  app.get("/accounts", async (c) =>
    send(c, await accountsPage(c.get("viewer"), { notice: noticeOf(c, NOTICES) })),
  );

  app.get("/accounts/new", (c) => send(c, <NewAccountPage viewer={c.get("viewer")} orgName={orgName} />));

  app.post("/accounts", async (c) => {
    const viewer = c.get("viewer");
    const form = await readForm(c);
    const entered = typed(form, ["username", "displayName"]);
    const input = { ...entered, password: field(form, "password") };
    const done = await submit(deps, viewer, newAccountSchema, input, async (_, account, actor) => {
      const created = await planCreateAccount(deps, account, actor);
      if (!created.ok || viewer.account) return created;
      // The ADMIN_TOKEN session has done its one job: it ends in the write that creates the account.
      const ended = await planSignOut(deps, { tokenHash: viewer.session.tokenHash }, actor);
      return ended.ok ? { ...created, plan: mergePlans(created.plan, ended.plan) } : ended;
    });
    if (!done.ok) {
      const again = { typed: entered, problems: done.problems };
      return send(c, <NewAccountPage viewer={viewer} orgName={orgName} again={again} />, done.status);
    }
    if (!viewer.account) {
      clearSessionCookie(c, viewer.root);
      return c.redirect(`${viewer.root}/sign-in?notice=account-created`, 303);
    }
    return c.redirect(`${viewer.root}/accounts?notice=created`, 303);
  });

  /** Lift a lockout, or remove an account (never your own); each audited. */
  const actions = {
    unlock: { service: planUnlockAccount, notice: "unlocked" },
    remove: { service: planRemoveAccount, notice: "removed" },
  } as const;
  for (const [action, { service, notice }] of Object.entries(actions)) {
    app.post(`/accounts/:id/${action}`, async (c) => {
      const viewer = c.get("viewer");
      const ownId = viewer.account?.id ?? null;
      const done = await submit(deps, viewer, accountIdSchema, { id: c.req.param("id") }, (_, input, actor) =>
        service(deps, { ...input, ownId }, actor),
      );
      if (!done.ok) {
        const refusal = done.problems.map((problem) => problem.message).join(" ");
        return send(c, await accountsPage(viewer, { refusal }), done.status);
      }
      return c.redirect(`${viewer.root}/accounts?notice=${notice}`, 303);
    });
  }

  return app;
}
