/**
 * Signing in to the console and out again, and the checks in front of every other page: a live
 * session (else to the sign-in page, or 401 for a form post), a token session kept to creating
 * accounts, and on every post a same-origin request carrying the session's CSRF token.
 */
import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { findSession } from "../../db/repos/console.repo";
import type { AppDeps } from "../../deps";
import { commitPlanned } from "../../services/commit";
import { consoleActor } from "../../services/plan";
import {
  actorOf,
  type PlannedSignIn,
  planSignIn,
  planSignOut,
  planTokenSignIn,
  type SignIn,
  tokenSignInOpen,
} from "../../services/sessions.service";
import { field, noticeOf, readForm } from "./forms";
import { Csrf, Document, Notice, send } from "./layout";
import {
  type ConsoleEnv,
  type ConsoleOptions,
  CSRF_FIELD,
  clientAddress,
  consoleRoot,
  isHttps,
  isSameOrigin,
  LOCK_MS,
  MAX_FAILED_SIGN_INS,
  randomToken,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  SIGN_IN_CSRF_COOKIE,
  sameSecret,
  sha256Hex,
  TOKEN_PATTERN,
  type Viewer,
} from "./session";

/** The one message for every refused sign-in: it never tells whether the username exists. */
export const BAD_CREDENTIALS = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง";
const LOCK_HINT = `หากใส่รหัสผ่านผิด ${MAX_FAILED_SIGN_INS} ครั้งติดกัน บัญชีจะถูกระงับ ${LOCK_MS / 60_000} นาที`;
const TOO_MANY = "มีการพยายามเข้าสู่ระบบจากเครื่องนี้บ่อยเกินไป โปรดรอ 15 นาทีแล้วลองใหม่";
const EXPIRED_FORM = "แบบฟอร์มหมดอายุหรือไม่ได้ส่งจากหน้านี้ โปรดโหลดหน้าใหม่แล้วลองอีกครั้ง";

const SIGN_IN_NOTICES = {
  "signed-out": "ออกจากระบบแล้ว",
  "account-created": "สร้างบัญชีผู้ดูแลแล้ว เข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่านของบัญชีนั้น",
};

/** What a refused sign-in says; never whether the username exists. */
const REFUSALS: Record<Extract<SignIn, { kind: "refused" }>["reason"], { status: 401 | 429; error: string }> =
  {
    credentials: { status: 401, error: BAD_CREDENTIALS },
    too_many: { status: 429, error: TOO_MANY },
    wrong_token: { status: 401, error: "รหัสผู้ดูแลระบบไม่ถูกต้อง" },
    accounts_exist: {
      status: 401,
      error: "มีบัญชีผู้ดูแลแล้ว: เข้าสู่ระบบด้วยชื่อผู้ใช้ (บัญชีเพิ่มเติมสร้างได้ในหน้าบัญชีผู้ดูแล)",
    },
  };

/** The console's cookies: only its own root ever receives them (`consoleRoot`). */
const cookieOptions = (c: Context, root: string, maxAgeSeconds: number) => ({
  path: root,
  httpOnly: true,
  sameSite: "Strict" as const,
  secure: isHttps(c),
  maxAge: maxAgeSeconds,
});

const SignInPage = (props: {
  root: string;
  orgName: string;
  csrf: string;
  tokenForm: boolean;
  error?: string;
  notice?: string;
  username?: string;
}) => (
  <Document title="เข้าสู่ระบบ" root={props.root}>
    <main class="sign-in">
      <h1>ระบบผู้ดูแล Prongsai</h1>
      <p class="muted">{props.orgName}</p>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.error ? <Notice kind="bad">{props.error}</Notice> : null}
      <form method="post" action={`${props.root}/sign-in`} class="stack card" data-testid="sign-in-form">
        <Csrf token={props.csrf} />
        <label>
          ชื่อผู้ใช้
          <input
            name="username"
            autocomplete="username"
            autocapitalize="none"
            required
            maxlength={64}
            value={props.username ?? ""}
          />
        </label>
        <label>
          รหัสผ่าน
          <input name="password" type="password" autocomplete="current-password" required maxlength={200} />
        </label>
        <button type="submit" data-testid="sign-in-submit">
          เข้าสู่ระบบ
        </button>
        <p class="muted">{LOCK_HINT}</p>
      </form>
      {props.tokenForm ? (
        <>
          <h2>ตั้งค่าครั้งแรก</h2>
          <p class="muted">
            ยังไม่มีบัญชีผู้ดูแล: ใช้รหัสผู้ดูแลระบบขององค์กรนี้ (ADMIN_TOKEN หรือรหัสที่ตั้งไว้ตอนลงทะเบียนองค์กร) เพื่อสร้างบัญชีแรก
            รหัสนี้ใช้สร้างบัญชีได้เท่านั้น
          </p>
          <form
            method="post"
            action={`${props.root}/sign-in/token`}
            class="stack card"
            data-testid="token-form"
          >
            <Csrf token={props.csrf} />
            <label>
              รหัสผู้ดูแลระบบ
              <input name="token" type="password" autocomplete="off" required maxlength={500} />
            </label>
            <button type="submit" data-testid="token-submit">
              ใช้รหัสนี้
            </button>
          </form>
        </>
      ) : null}
    </main>
  </Document>
);

export const ProblemPage = (props: {
  root: string;
  title: string;
  message: string;
  link?: [string, string];
}) => (
  <Document title={props.title} root={props.root}>
    <main class="sign-in">
      <h1>{props.title}</h1>
      <Notice kind="bad">{props.message}</Notice>
      {props.link ? <a href={props.link[0]}>{props.link[1]}</a> : null}
    </main>
  </Document>
);

/** A live session from the cookie, or undefined. */
async function viewerOf(deps: AppDeps, c: Context): Promise<Viewer | undefined> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || !TOKEN_PATTERN.test(token)) return undefined;
  const found = await findSession(deps.db, await sha256Hex(token), deps.clock.now());
  if (!found) return undefined;
  const { session, account } = found;
  return {
    session,
    account,
    actor: actorOf(account),
    name: account ? (account.displayName ?? account.username) : "รหัสผู้ดูแลระบบ (สร้างบัญชีแรก)",
    csrf: session.csrfToken,
    root: consoleRoot(deps.config),
  };
}

/** `/sign-in` (GET, POST) and `/sign-in/token` (POST): no session needed. */
export function signInRoutes(deps: AppDeps, options: Pick<ConsoleOptions, "clientAddress">) {
  const app = new Hono();
  const root = consoleRoot(deps.config);

  /** The sign-in forms' CSRF token: the cookie's, or a new one set now. */
  function signInCsrf(c: Context): string {
    const existing = getCookie(c, SIGN_IN_CSRF_COOKIE);
    if (existing && TOKEN_PATTERN.test(existing)) return existing;
    const token = randomToken();
    setCookie(c, SIGN_IN_CSRF_COOKIE, token, cookieOptions(c, root, SESSION_TTL_MS / 1000));
    return token;
  }

  async function page(
    c: Context,
    status: 200 | 401 | 403 | 429,
    extra: { error?: string; username?: string } = {},
  ) {
    return send(
      c,
      <SignInPage
        root={root}
        orgName={deps.config.orgName}
        csrf={signInCsrf(c)}
        tokenForm={await tokenSignInOpen(deps)}
        notice={noticeOf(c, SIGN_IN_NOTICES)}
        {...extra}
      />,
      status,
    );
  }

  /** A sign-in post from the sign-in page (same origin, its CSRF token), or the 403 to answer. */
  async function checkForm(c: Context) {
    const form = await readForm(c);
    const cookie = getCookie(c, SIGN_IN_CSRF_COOKIE);
    const ok =
      isSameOrigin(c) &&
      cookie !== undefined &&
      TOKEN_PATTERN.test(cookie) &&
      (await sameSecret(field(form, CSRF_FIELD), cookie));
    return { form, refused: ok ? undefined : await page(c, 403, { error: EXPIRED_FORM }) };
  }

  /** Commit the attempt (refused or not); a session's cookie is set only once it is written. */
  async function answer(c: Context, signIn: PlannedSignIn, then: string, username?: string) {
    await commitPlanned(deps, signIn, signIn.value.actor);
    const outcome = signIn.value;
    if (outcome.kind === "refused") {
      const { status, error } = REFUSALS[outcome.reason];
      return page(c, status, { error, username });
    }
    setCookie(c, SESSION_COOKIE, outcome.token, cookieOptions(c, root, SESSION_TTL_MS / 1000));
    deleteCookie(c, SIGN_IN_CSRF_COOKIE, { path: root });
    return c.redirect(then, 303);
  }

  const addressOf = (c: Context) => clientAddress(c, options.clientAddress);

  app.get("/sign-in", async (c) => {
    if (await viewerOf(deps, c)) return c.redirect(root, 303);
    return page(c, 200);
  });

  app.post("/sign-in", async (c) => {
    const { form, refused } = await checkForm(c);
    if (refused) return refused;
    const username = field(form, "username").slice(0, 64);
    const input = { username, password: field(form, "password"), clientAddress: addressOf(c) };
    return answer(c, await planSignIn(deps, input), root, username);
  });

  /** ADMIN_TOKEN, while there is no account yet: a session that may only create the first account. */
  app.post("/sign-in/token", async (c) => {
    const { form, refused } = await checkForm(c);
    if (refused) return refused;
    const input = { token: field(form, "token"), clientAddress: addressOf(c) };
    return answer(c, await planTokenSignIn(deps, input), `${root}/accounts/new`);
  });

  return app;
}

/** What a token session may reach (by the app's own paths): the new-account form, creating it, signing out. */
const TOKEN_SESSION_ROUTES = new Set([
  "GET /admin/accounts/new",
  "POST /admin/accounts",
  "POST /admin/sign-out",
]);

/**
 * Every page behind the session: without one, GET and HEAD go to the sign-in page and anything else
 * gets 401. A post must be same-origin and carry the session's CSRF token (403 otherwise).
 */
export function requireSession(deps: AppDeps): MiddlewareHandler<ConsoleEnv> {
  const root = consoleRoot(deps.config);
  return async (c, next) => {
    const method = c.req.method;
    const reading = method === "GET" || method === "HEAD";
    const viewer = await viewerOf(deps, c);
    if (!viewer) {
      if (reading) return c.redirect(`${root}/sign-in`, 303);
      return send(
        c,
        <ProblemPage
          root={root}
          title="ต้องเข้าสู่ระบบ"
          message="โปรดเข้าสู่ระบบก่อน"
          link={[`${root}/sign-in`, "ไปหน้าเข้าสู่ระบบ"]}
        />,
        401,
      );
    }
    if (!reading) {
      const form = await readForm(c);
      if (!isSameOrigin(c) || !(await sameSecret(field(form, CSRF_FIELD), viewer.csrf))) {
        return send(c, <ProblemPage root={root} title="คำขอถูกปฏิเสธ" message={EXPIRED_FORM} />, 403);
      }
    }
    if (viewer.session.viaToken && !TOKEN_SESSION_ROUTES.has(`${method} ${c.req.path}`)) {
      if (reading) return c.redirect(`${root}/accounts/new`, 303);
      return send(
        c,
        <ProblemPage
          root={root}
          title="ไม่มีสิทธิ์"
          message="รหัสผู้ดูแลระบบใช้สร้างบัญชีผู้ดูแลได้เท่านั้น เข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่านของบัญชีแทน"
        />,
        403,
      );
    }
    c.set("viewer", viewer);
    await next();
  };
}

/** `POST /sign-out`: the session ends (its row is deleted) and the cookie is cleared. */
export function signOutRoute(deps: AppDeps) {
  const app = new Hono<ConsoleEnv>();
  app.post("/sign-out", async (c) => {
    const viewer = c.get("viewer");
    const actor = consoleActor(viewer);
    await commitPlanned(deps, await planSignOut(deps, { tokenHash: viewer.session.tokenHash }, actor), actor);
    clearSessionCookie(c, viewer.root);
    return c.redirect(`${viewer.root}/sign-in?notice=signed-out`, 303);
  });
  return app;
}

/** The session cookie cleared (its session ended in the same answer's write). */
export function clearSessionCookie(c: Context, root: string) {
  deleteCookie(c, SESSION_COOKIE, { path: root, secure: isHttps(c) });
}
