/** The console's own accounts: the list, and a new account (the ADMIN_TOKEN session's only page). */
import { Hono } from "hono";
import { atomic } from "../../db/client";
import { auditStatement } from "../../db/repos/audit.repo";
import { listAccounts, removeAccountStatements, unlockAccount } from "../../db/repos/console.repo";
import type { AdminAccount } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { thaiDateTime } from "../../domain/thai-time";
import { createAccount, newAccountSchema, PASSWORD_MAX_BYTES, PASSWORD_MIN } from "./accounts";
import { endSession } from "./auth.console";
import { field, noticeOf, problemsOf, readForm } from "./forms";
import { Badge, Csrf, type FieldProblem, Layout, Notice, Problems, send, Table } from "./layout";
import type { ConsoleEnv, Viewer } from "./session";

const LABELS = { username: "ชื่อผู้ใช้", password: "รหัสผ่าน", displayName: "ชื่อที่แสดง" };

const NewAccountPage = (props: {
  viewer: Viewer;
  orgName: string;
  problems?: FieldProblem[];
  entered?: { username: string; displayName: string };
}) => (
  <Layout title="สร้างบัญชีผู้ดูแล" viewer={props.viewer} orgName={props.orgName} active="/admin/accounts">
    {props.viewer.account ? null : (
      <Notice kind="warn">
        คุณเข้าด้วยรหัส ADMIN_TOKEN ซึ่งใช้สร้างบัญชีได้เท่านั้น เมื่อสร้างบัญชีแรกแล้ว ให้เข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่านของบัญชีนั้น
      </Notice>
    )}
    <Problems problems={props.problems ?? []} labels={LABELS} />
    <form method="post" action="/admin/accounts" class="stack card" data-testid="account-form">
      <Csrf token={props.viewer.csrf} />
      <label>
        ชื่อผู้ใช้ (a–z ตัวเลข . _ - ยาว 3–32 ตัว)
        <input
          name="username"
          required
          autocomplete="off"
          autocapitalize="none"
          maxlength={32}
          value={props.entered?.username ?? ""}
        />
      </label>
      <label>
        ชื่อที่แสดง (ไม่บังคับ)
        <input name="displayName" maxlength={100} value={props.entered?.displayName ?? ""} />
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
}) => (
  <Layout title="บัญชีผู้ดูแล" viewer={props.viewer} orgName={props.orgName} active="/admin/accounts">
    {props.notice ? <Notice>{props.notice}</Notice> : null}
    <p>
      <a class="button" href="/admin/accounts/new">
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
              <form method="post" action={`/admin/accounts/${account.id}/unlock`} class="inline">
                <Csrf token={props.viewer.csrf} />
                <button type="submit" data-testid="account-unlock">
                  ปลดล็อก
                </button>
              </form>
            ) : null}
            {account.id !== props.viewer.account?.id ? (
              <form method="post" action={`/admin/accounts/${account.id}/remove`} class="inline">
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

export function accountsConsole(deps: AppDeps) {
  const app = new Hono<ConsoleEnv>();
  const { orgName, timeZone } = deps.config;

  app.get("/accounts", async (c) =>
    send(
      c,
      <AccountsPage
        viewer={c.get("viewer")}
        orgName={orgName}
        timeZone={timeZone}
        now={deps.clock.now()}
        accounts={await listAccounts(deps.db, deps.orgId)}
        notice={noticeOf(c, { created: "สร้างบัญชีแล้ว", unlocked: "ปลดล็อกบัญชีแล้ว", removed: "ลบบัญชีแล้ว" })}
      />,
    ),
  );

  app.get("/accounts/new", (c) => send(c, <NewAccountPage viewer={c.get("viewer")} orgName={orgName} />));

  app.post("/accounts", async (c) => {
    const viewer = c.get("viewer");
    const form = await readForm(c);
    const entered = { username: field(form, "username"), displayName: field(form, "displayName") };
    const parsed = newAccountSchema.safeParse({ ...entered, password: field(form, "password") });
    if (!parsed.success) {
      return send(
        c,
        <NewAccountPage
          viewer={viewer}
          orgName={orgName}
          problems={problemsOf(parsed.error)}
          entered={entered}
        />,
        400,
      );
    }
    const created = await createAccount(deps, parsed.data, viewer.actor);
    if (!created.ok) {
      const problems = [{ field: "username", message: "ชื่อผู้ใช้นี้มีผู้ใช้แล้ว" }];
      return send(
        c,
        <NewAccountPage viewer={viewer} orgName={orgName} problems={problems} entered={entered} />,
        409,
      );
    }
    if (!viewer.account) {
      // The ADMIN_TOKEN session has done its one job: it ends, and the new account signs in.
      await endSession(deps, c, viewer, "console.sign-out");
      return c.redirect("/admin/sign-in?notice=account-created", 303);
    }
    return c.redirect("/admin/accounts?notice=created", 303);
  });

  /** Lift a lockout, or remove an account (never your own); each audited. */
  for (const action of ["unlock", "remove"] as const) {
    app.post(`/accounts/:id/${action}`, async (c) => {
      const viewer = c.get("viewer");
      const id = c.req.param("id");
      const account = (await listAccounts(deps.db, deps.orgId)).find((a) => a.id === id);
      if (!account || !viewer.account || (action === "remove" && account.id === viewer.account.id)) {
        return c.redirect("/admin/accounts", 303);
      }
      await atomic(deps.db, [
        ...(action === "unlock"
          ? [unlockAccount(deps.db, deps.orgId, account.id)]
          : removeAccountStatements(deps.db, deps.orgId, account.id)),
        auditStatement(deps.db, {
          orgId: deps.orgId,
          at: deps.clock.now(),
          actor: viewer.actor,
          action: `console.account.${action}`,
          subject: account.username,
        }),
      ]);
      return c.redirect(`/admin/accounts?notice=${action === "unlock" ? "unlocked" : "removed"}`, 303);
    });
  }

  return app;
}
