import { Hono } from "hono";
import { openInvites } from "../../db/repos/invites.repo";
import type { Invite } from "../../db/schema";
import type { AppDeps } from "../../deps";
import { isoWithOffset } from "../../domain/thai-time";
import { commitPlanned } from "../../services/commit";
import { newInviteSchema, planCreateInvite } from "../../services/invites.service";
import { ADMIN_API_ACTOR } from "../../services/plan";
import { errorResponse, parseJson } from "../validation";

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
    const body = await parseJson(c, newInviteSchema);
    if (!body.ok) return body.response;
    const planned = await planCreateInvite(deps, body.data, ADMIN_API_ACTOR);
    const done = await commitPlanned(deps, planned, ADMIN_API_ACTOR);
    if (!done.ok) return errorResponse(c, done.error);
    return c.json(json(done.value), 201);
  });

  app.get("/invites", async (c) => {
    const open = await openInvites(deps.db, deps.clock.now());
    return c.json({ items: open.map(json), nextCursor: null });
  });

  return app;
}
