import { Hono } from "hono";
import { z } from "zod";
import { atomic } from "../../db/client";
import { auditStatement } from "../../db/repos/audit.repo";
import { insertInvite, openInvites } from "../../db/repos/invites.repo";
import { findUnit } from "../../db/repos/units.repo";
import type { Invite } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { isoWithOffset } from "../../domain/thai-time";
import { INVITABLE_ROLES, INVITE_TTL_MS, newInviteCode } from "../../features/access/invites";
import { badRequest, parseJson } from "../validation";

const inviteBody = z.object({
  role: z.enum(INVITABLE_ROLES),
  unitId: z.string().min(1).max(100).optional(),
});

/** Admin API over who may do what: single-use invite codes for staff, integrity officers, executives, admins. */
export function accessAdmin(deps: AppDeps) {
  const app = new Hono();
  const json = (invite: Invite) => ({
    code: invite.code,
    role: invite.role,
    unitId: invite.unitId,
    expiresAt: isoWithOffset(invite.expiresAt, deps.config.timeZone),
  });

  app.post("/invites", async (c) => {
    const body = await parseJson(c, inviteBody);
    if (!body.ok) return body.response;
    const { role, unitId } = body.data;
    const needsUnit = role === "staff";
    if (needsUnit && !unitId) return badRequest(c, [{ field: "unitId", message: "staff need a unit" }]);
    if (unitId && !(await findUnit(deps.db, deps.orgId, unitId))) {
      return badRequest(c, [{ field: "unitId", message: "unknown unit" }]);
    }
    const now = deps.clock.now();
    const invite: Invite = {
      code: newInviteCode(),
      orgId: deps.orgId,
      role,
      unitId: unitId ?? null,
      createdAt: now,
      expiresAt: now + INVITE_TTL_MS,
      usedAt: null,
      usedBy: null,
    };
    await atomic(deps.db, [
      insertInvite(deps.db, invite),
      auditStatement(deps.db, {
        orgId: deps.orgId,
        at: now,
        actor: "admin-api",
        action: "invite.create",
        subject: invite.code,
        detail: { role, unitId: unitId ?? null },
      }),
    ]);
    return c.json(json(invite), 201);
  });

  app.get("/invites", async (c) => {
    const open = await openInvites(deps.db, deps.orgId, deps.clock.now());
    return c.json({ items: open.map(json), nextCursor: null });
  });

  return app;
}
