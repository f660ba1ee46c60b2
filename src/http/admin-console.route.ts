import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { AppDeps } from "../deps";
import { accountsConsole } from "../web/admin/accounts.console";
import { ProblemPage, requireSession, signInRoutes, signOutRoute } from "../web/admin/auth.console";
import { complaintsConsole } from "../web/admin/complaints.console";
import { notFoundPage, send } from "../web/admin/layout";
import { measuresConsole } from "../web/admin/measures.console";
import { oversightConsole } from "../web/admin/oversight.console";
import { progressConsole } from "../web/admin/progress.console";
import { type ConsoleEnv, type ConsoleOptions, consoleRoot } from "../web/admin/session";
import { setupConsole } from "../web/admin/setup.console";
import { CONSOLE_CSS } from "../web/admin/styles";
import { reportsAdmin } from "./admin/reports.admin";

export type { ConsoleOptions } from "../web/admin/session";

/** Form posts: at most an after-photo (10 MB) and its fields, or a measures CSV. */
const CONSOLE_BODY_BYTES = 11 * 1024 * 1024;

/**
 * `/admin`: the admin console (served to browsers at `consoleRoot`: `/o/<org>/admin` for an organisation
 * of the platform), server-rendered Thai pages over the same data as the admin API.
 * Sign-in first (accounts with bcrypt passwords; the first account made with ADMIN_TOKEN); every
 * other page behind the session, every post checked for its CSRF token, every write audited as
 * `console:<username>`. No script at all: the CSP allows styles and images from this origin only.
 */
export function adminConsoleRoute(deps: AppDeps, options: ConsoleOptions) {
  const app = new Hono<ConsoleEnv>();
  const { orgName } = deps.config;
  const root = consoleRoot(deps.config);

  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      xFrameOptions: "DENY",
      referrerPolicy: "same-origin",
      crossOriginOpenerPolicy: "same-origin",
      crossOriginResourcePolicy: "same-origin",
      permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
    }),
  );
  app.use(
    "*",
    bodyLimit({
      maxSize: CONSOLE_BODY_BYTES,
      onError: (c) => send(c, ProblemPage({ root, title: "ไฟล์ใหญ่เกินไป", message: "ส่งได้ไม่เกิน 10 MB" }), 413),
    }),
  );

  app.get("/assets/console.css", (c) =>
    c.body(CONSOLE_CSS, 200, {
      "content-type": "text/css; charset=utf-8",
      "cache-control": "public, max-age=3600",
    }),
  );
  app.route("/", signInRoutes(deps, options));

  // Everything below: a live session; posts same-origin with the session's CSRF token.
  app.use("*", requireSession(deps));
  app.route("/", signOutRoute(deps));
  app.route("/", accountsConsole(deps));
  app.route("/", oversightConsole(deps));
  app.route("/", complaintsConsole(deps, options));
  app.route("/", measuresConsole(deps));
  app.route("/", progressConsole(deps));
  app.route("/", setupConsole(deps));
  // The report files, as the admin API serves them, to a signed-in session.
  app.route("/", reportsAdmin(deps));
  app.all("*", (c) => (c.req.path === "/admin/" ? c.redirect(root, 303) : notFoundPage(c, orgName)));

  app.onError((error, c) => {
    deps.log.error("console request failed", { path: c.req.path, error: error.message });
    return send(c, ProblemPage({ root, title: "เกิดข้อผิดพลาด", message: "ระบบขัดข้อง โปรดลองใหม่อีกครั้ง" }), 500);
  });
  return app;
}
