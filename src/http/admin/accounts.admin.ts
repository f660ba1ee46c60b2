import { Hono } from "hono";
import { listAccounts } from "../../db/repos/console.repo";
import type { AppDeps } from "../../deps";
import { isoWithOffset } from "../../domain/thai-time";
import { newAccountSchema, planCreateAccount } from "../../services/accounts.service";
import { commitPlanned } from "../../services/commit";
import { ADMIN_API_ACTOR } from "../../services/plan";
import { errorResponse, parseJson } from "../validation";

/** Admin API over the console's accounts (`/admin` sign-in): create one, list them. No hashes leave. */
export function accountsAdmin(deps: AppDeps) {
  const app = new Hono();
  const at = (ms: number | null) => (ms === null ? null : isoWithOffset(ms, deps.config.timeZone));

  app.post("/accounts", async (c) => {
    const body = await parseJson(c, newAccountSchema);
    if (!body.ok) return body.response;
    const planned = await planCreateAccount(deps, body.data, ADMIN_API_ACTOR);
    const done = await commitPlanned(deps, planned, ADMIN_API_ACTOR);
    if (!done.ok) return errorResponse(c, done.error);
    const { id, username, displayName, createdAt } = done.value;
    return c.json({ id, username, displayName, createdAt: at(createdAt) }, 201);
  });

  app.get("/accounts", async (c) => {
    const accounts = await listAccounts(deps.db);
    return c.json({
      items: accounts.map((account) => ({
        id: account.id,
        username: account.username,
        displayName: account.displayName,
        createdAt: at(account.createdAt),
        lastSignInAt: at(account.lastSignInAt),
        lockedUntil:
          account.lockedUntil !== null && account.lockedUntil > deps.clock.now()
            ? at(account.lockedUntil)
            : null,
      })),
      nextCursor: null,
    });
  });

  return app;
}
