import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { inboxCounts } from "../db/repos/inbox.repo";
import { outboxHealth } from "../db/repos/outbox.repo";
import type { AppDeps } from "../deps";
import { accessAdmin } from "./admin/access.admin";
import { accountsAdmin } from "./admin/accounts.admin";
import { type AdminRouteOptions, complaintsAdmin } from "./admin/complaints.admin";
import { itaAdmin } from "./admin/ita.admin";
import { measuresAdmin } from "./admin/measures.admin";
import { organizationAdmin } from "./admin/organization.admin";
import { oversightAdmin } from "./admin/oversight.admin";
import { privacyAdmin } from "./admin/privacy.admin";
import { progressAdmin } from "./admin/progress.admin";
import { reportsAdmin } from "./admin/reports.admin";
import { isAdminToken } from "./bearer";

/** Admin request bodies: JSON, at most 3 MB (a base64 after-photo is the largest). */
const ADMIN_BODY_BYTES = 3 * 1024 * 1024;

const toIso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * `/api/admin/*`: bearer `ADMIN_TOKEN` (an organisation of the platform: the token whose SHA-256 its
 * registry entry keeps); without a configured token the admin API is off (401).
 */
export function adminRoute(deps: AppDeps, options: AdminRouteOptions) {
  const app = new Hono();
  app.use("*", async (c, next) => {
    if (!(await isAdminToken(deps.config, c.req.header("authorization")))) {
      return c.json({ message: "unauthorized" }, 401);
    }
    return next();
  });
  app.use(
    "*",
    bodyLimit({
      maxSize: ADMIN_BODY_BYTES,
      onError: (c) => c.json({ message: "request body too large" }, 413),
    }),
  );
  app.route("/", complaintsAdmin(deps, options));
  app.route("/", organizationAdmin(deps));
  app.route("/", accessAdmin(deps));
  app.route("/", oversightAdmin(deps, options));
  app.route("/", measuresAdmin(deps));
  app.route("/", progressAdmin(deps));
  app.route("/", reportsAdmin(deps));
  app.route("/", itaAdmin(deps));
  app.route("/", accountsAdmin(deps));
  app.route("/", privacyAdmin(deps));

  /** Delivery health: stuck pushes and LINE's 429 (rate limit or the month's quota spent). */
  app.get("/delivery", async (c) => {
    const [outbox, inbox] = await Promise.all([outboxHealth(deps.db), inboxCounts(deps.db)]);
    const since = deps.clock.now() - 24 * 60 * 60 * 1000;
    return c.json({
      inbox,
      outbox: {
        pending: outbox.pending,
        failed: outbox.failed,
        oldestPendingAt: toIso(outbox.oldestPendingAt),
        lastRateLimitedAt: toIso(outbox.lastRateLimitedAt),
      },
      alerts:
        outbox.lastRateLimitedAt !== null && outbox.lastRateLimitedAt >= since
          ? [
              {
                kind: "line_rate_limited",
                message:
                  "LINE ตอบ 429: ส่งข้อความถี่เกินกำหนด หรือโควตาข้อความของเดือนนี้หมดแล้ว ตรวจสอบแพ็กเกจใน LINE Official Account Manager",
                at: toIso(outbox.lastRateLimitedAt),
              },
            ]
          : [],
    });
  });
  return app;
}
