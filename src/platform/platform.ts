import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { AppDeps } from "../deps";
import { isoWithOffset } from "../domain/thai-time";
import { bearerEquals } from "../http/bearer";
import { parseJson } from "../http/validation";
import { DEFAULT_ORG_ID, TENANT_ID_PATTERN, type TenantRegistry } from "./tenants";

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
function platformRoute(deps: AppDeps, tenants: TenantRegistry<OrgApp>) {
  const app = new Hono();
  const at = (ms: number) => isoWithOffset(ms, deps.config.timeZone);
  app.use("*", async (c, next) => {
    const token = deps.config.platform?.token;
    if (!token || !(await bearerEquals(c.req.header("authorization"), token))) {
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

/** What the platform needs of an organisation's app: its `fetch` (the platform never imports the app). */
export interface OrgApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

export interface PlatformSetup {
  /** The default organisation's deps (the platform's settings and log). */
  deps: AppDeps;
  organizations: TenantRegistry<OrgApp>;
}

/** Send a request on to an organisation's own app, at `path` within it. */
async function forward(c: Context, organizations: TenantRegistry<OrgApp>, org: string, path: string) {
  const tenant = await organizations.get(org);
  if (!tenant) return c.json({ message: "unknown organisation" }, 404);
  // The runtime's bindings go along (the Node socket for peer addresses); never an execution context.
  // A path the organisation's app serves as it is (the default organisation's) keeps its request:
  // copying one is the costliest step of a webhook's acknowledgement on Node.
  if (c.req.path === path) return tenant.built.fetch(c.req.raw, c.env);
  const url = new URL(c.req.url);
  url.pathname = path;
  return tenant.built.fetch(new Request(url, c.req.raw), c.env);
}

/**
 * Every organisation of the deployment behind one HTTP surface, composed by the runtime entry with the
 * app of each organisation:
 * - `/api/platform/*`: the registry (bearer `PLATFORM_TOKEN`);
 * - `POST /webhook/:org`: an organisation's webhook (signature checked with its secret by its app; an
 *   unknown organisation gets 404 before anything is read or stored);
 * - `/o/:org/*`: everything else of that organisation — its console (`/o/:org/admin`), admin API,
 *   transparency page, signed links, health and metrics;
 * - every other path: the default organisation's app, as a one-organisation deployment serves it.
 */
export function createPlatform({ deps, organizations }: PlatformSetup): Hono {
  const app = new Hono();
  app.route("/api/platform", platformRoute(deps, organizations));
  app.post("/webhook/:org", (c) => forward(c, organizations, c.req.param("org"), "/webhook"));
  app.all("/o/:org/*", (c) => {
    const org = c.req.param("org");
    const prefix = `/o/${org}`;
    const { pathname } = new URL(c.req.url);
    if (!pathname.startsWith(prefix)) return c.json({ message: "unknown organisation" }, 404);
    return forward(c, organizations, org, pathname.slice(prefix.length) || "/");
  });
  app.all("*", (c) => forward(c, organizations, DEFAULT_ORG_ID, c.req.path));
  return app;
}
