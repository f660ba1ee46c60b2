import { and, eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { atomic } from "../../db/client";
import { auditStatement } from "../../db/repos/audit.repo";
import { getSetting, setSetting } from "../../db/repos/settings.repo";
import { eitResponses, users } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { isoWithOffset } from "../../domain/thai-time";
import { DEFAULT_RETENTION, RETENTION_KEY, retentionSchema, runRetention } from "../../jobs/retention.job";
import { badRequest, parseJson, parseQuery } from "../validation";

const lineUserId = z.string().regex(/^U[0-9a-f]{32}$/, "must be a LINE user id (U + 32 hex digits)");
const runQuery = z.object({
  at: z.iso.datetime({ offset: true, error: "must be an ISO-8601 date-time" }).optional(),
});

/**
 * Privacy duties (PDPA): a person's data for an access request, the retention policy and its purge.
 * The export leaves out corruption complaints: their complainant is sealed even from the admin; the
 * person sees them in their own chat (`ติดตามเรื่อง`).
 */
export function privacyAdmin(deps: AppDeps) {
  const app = new Hono();
  const { db, orgId } = deps;
  const at = (ms: number | null) => (ms === null ? null : isoWithOffset(ms, deps.config.timeZone));

  app.get("/privacy/users/:lineUserId", async (c) => {
    const id = lineUserId.safeParse(c.req.param("lineUserId"));
    if (!id.success)
      return badRequest(c, [{ field: "lineUserId", message: id.error.issues[0]?.message ?? "invalid" }]);
    const user = await db
      .select()
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.lineUserId, id.data)))
      .get();
    const complaints = await db.all<{
      trackingCode: string;
      category: string;
      description: string;
      status: string;
      createdAt: number;
      closedAt: number | null;
      address: string | null;
    }>(sql`
      SELECT k.tracking_code AS trackingCode, k.category, k.description, k.status, k.created_at AS createdAt,
        k.closed_at AS closedAt, k.address
      FROM complaint_contacts c JOIN complaints k ON k.id = c.complaint_id
      WHERE c.org_id = ${orgId} AND c.line_user_id = ${id.data} AND k.track = 'general'
      ORDER BY k.id`);
    const answers = await db
      .select({
        fiscalYear: eitResponses.fiscalYear,
        scores: eitResponses.scores,
        answeredAt: eitResponses.answeredAt,
      })
      .from(eitResponses)
      .where(and(eq(eitResponses.orgId, orgId), eq(eitResponses.lineUserId, id.data)));
    if (!user && complaints.length === 0 && answers.length === 0)
      return c.json({ message: "no data about this user" }, 404);
    await atomic(db, [
      auditStatement(db, {
        orgId,
        at: deps.clock.now(),
        actor: "admin-api",
        action: "privacy.export",
        subject: id.data,
      }),
    ]);
    return c.json({
      lineUserId: id.data,
      user: user
        ? {
            role: user.role,
            unitId: user.unitId,
            displayName: user.displayName,
            firstSeenAt: at(user.createdAt),
            lastSeenAt: at(user.lastSeenAt),
            consentedAt: at(user.consentedAt),
            reachable: user.reachable,
          }
        : null,
      complaints: complaints.map((k) => ({ ...k, createdAt: at(k.createdAt), closedAt: at(k.closedAt) })),
      eitAnswers: answers.map((a) => ({ ...a, answeredAt: at(a.answeredAt) })),
      note: "เรื่องร้องเรียนการทุจริตไม่รวมอยู่ในรายการนี้ เพื่อคุ้มครองผู้ร้อง เจ้าของข้อมูลดูได้เองทาง LINE ด้วยคำสั่ง ติดตามเรื่อง",
    });
  });

  app.get("/settings/retention", async (c) =>
    c.json((await getSetting(db, orgId, RETENTION_KEY, retentionSchema)) ?? DEFAULT_RETENTION),
  );
  app.put("/settings/retention", async (c) => {
    const body = await parseJson(c, retentionSchema);
    if (!body.ok) return body.response;
    const now = deps.clock.now();
    await atomic(db, [
      setSetting(db, orgId, RETENTION_KEY, body.data, now),
      auditStatement(db, {
        orgId,
        at: now,
        actor: "admin-api",
        action: "settings.retention",
        detail: body.data,
      }),
    ]);
    return c.json(body.data);
  });

  /** Run the retention purge as if the clock read `at` (default now). */
  app.post("/retention/run", async (c) => {
    const query = parseQuery(c, runQuery);
    if (!query.ok) return query.response;
    return c.json(await runRetention(deps, query.data.at ? Date.parse(query.data.at) : deps.clock.now()));
  });

  return app;
}
