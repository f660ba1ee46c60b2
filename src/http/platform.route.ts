import { type Context, type ExecutionContext, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { AppDeps } from "../deps";
import { isoWithOffset } from "../domain/thai-time";
import { TENANT_ID_PATTERN, type TenantRegistry } from "../platform/tenants";
import { executionCtxOf } from "./after-response";
import { bearerEquals } from "./bearer";
import { parseJson } from "./validation";

const PLATFORM_BODY_BYTES = 64 * 1024;

const newOrgSchema = z.object({
  id: z
    .string({ error: "must be a text" })
    .regex(TENANT_ID_PATTERN, "must be 2–40 lowercase letters, digits or hyphens (e.g. abt-nongbua)"),
  name: z.string({ error: "must be a text" }).trim().min(1, "must not be empty").max(200),
  channelSecret: z.string({ error: "must be a text" }).trim().min(1, "must not be empty").max(200),
  channelAccessToken: z.string({ error: "must be a text" }).trim().min(1, "must not be empty").max(2000),
  adminToken: z.string({ error: "must be a text" }).trim().min(16, "must be at least 16 characters").max(500),
});

const orgPatchSchema = newOrgSchema
  .omit({ id: true })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "must change at least one field");

/**
 * `/api/platform/*`: bearer `PLATFORM_TOKEN` (401 without it; off — always 401 — when it is not set
 * or the runtime serves one organisation). Creates and lists the organisations of the registry;
 * never answers with a secret.
 */
export function platformRoute(deps: AppDeps, tenants: TenantRegistry | undefined) {
  const app = new Hono();
  const at = (ms: number) => isoWithOffset(ms, deps.config.timeZone);
  app.use("*", async (c, next) => {
    const token = deps.config.platform?.token;
    if (!tenants || !token || !(await bearerEquals(c.req.header("authorization"), token))) {
      return c.json({ message: "unauthorized" }, 401);
    }
    return next();
  });
  app.use(
    "*",
    bodyLimit({
      maxSize: PLATFORM_BODY_BYTES,
      onError: (c) => c.json({ message: "request body too large" }, 413),
    }),
  );
  if (!tenants) return app;

  app.post("/orgs", async (c) => {
    const body = await parseJson(c, newOrgSchema);
    if (!body.ok) return body.response;
    const created = await tenants.create(body.data);
    if (!created.ok) {
      return created.reason === "taken"
        ? c.json({ message: "this organisation id is taken", field: "id" }, 409)
        : c.json({ message: created.message, field: "id" }, 409);
    }
    const { id, name } = created.tenant;
    return c.json({ id, name, webhookUrl: `${deps.config.publicUrl}/webhook/${id}` }, 201);
  });

  // Rename, or rotate a LINE credential or the admin token: served at once by this instance and
  // within RECHECK_MS by the others.
  app.patch("/orgs/:id", async (c) => {
    const body = await parseJson(c, orgPatchSchema);
    if (!body.ok) return body.response;
    const updated = await tenants.update(c.req.param("id"), body.data);
    if (!updated.ok) return c.json({ message: "unknown organisation" }, 404);
    const { id, name, createdAt } = updated.tenant;
    return c.json({
      id,
      name,
      createdAt: at(createdAt),
      webhookUrl: `${deps.config.publicUrl}/webhook/${id}`,
    });
  });

  app.get("/orgs", async (c) => {
    const items = await tenants.list();
    return c.json({
      items: items.map(({ id, name, createdAt }) => ({ id, name, createdAt: at(createdAt) })),
      nextCursor: null,
    });
  });
  return app;
}

/** The admin console (`/admin`) serves the default organisation only, for now. */
const CONSOLE_PATH = /^\/admin(\/|$)/;

/** Send a request on to an organisation's own app, at `path` within it. */
async function forward(c: Context, tenants: TenantRegistry, path: string): Promise<Response> {
  const org = c.req.param("org") ?? "";
  const tenant = await tenants.get(org);
  if (!tenant) return c.json({ message: "unknown organisation" }, 404);
  const url = new URL(c.req.url);
  url.pathname = path;
  return tenant.app.app.fetch(
    new Request(url, c.req.raw),
    c.env,
    executionCtxOf(c) as ExecutionContext | undefined,
  );
}

/**
 * The organisations' own surfaces: `POST /webhook/:org` (signature checked with that organisation's
 * secret by its app; an unknown organisation gets 404 before anything is read or stored) and
 * `/o/:org/*` — its admin API (`/o/:org/api/admin/*`, its admin token), `/o/:org/transparency`, its
 * signed report links (`/o/:org/r/…`), health and metrics. Each request reaches the one app built on
 * that organisation's deps.
 */
export function tenantRoutes(tenants: TenantRegistry) {
  const app = new Hono();
  app.post("/webhook/:org", (c) => forward(c, tenants, "/webhook"));
  app.all("/o/:org/*", (c) => {
    const prefix = `/o/${c.req.param("org")}`;
    const { pathname } = new URL(c.req.url);
    const path = pathname.slice(prefix.length) || "/";
    if (!pathname.startsWith(prefix)) return c.json({ message: "unknown organisation" }, 404);
    if (CONSOLE_PATH.test(path)) {
      return c.json(
        {
          message:
            "the admin console serves the default organisation only for now; use this organisation's admin API at /o/<org>/api/admin",
        },
        404,
      );
    }
    return forward(c, tenants, path);
  });
  return app;
}
