/**
 * The organisations of one deployment. Each has its own database, blob store, LINE credentials and
 * admin token, so its `AppDeps` — and whatever is built on them (an app on the HTTP side, a processor
 * where events are handled) — reach its data and nothing else: isolation is a property of the
 * data-access handle, not a filter each handler has to remember.
 *
 * The default organisation (`DATABASE_PATH` on Node, `DB` on a Worker, credentials from the
 * environment) is an organisation like the others: `get("default")` returns it. With `PLATFORM_TOKEN`
 * the registry (the `tenants` table of the default organisation's database) adds more; the runtime
 * says how their databases and blobs are opened (`TenantRuntime`), so this module stays
 * runtime-agnostic and never imports what is built on an organisation.
 */
import type { Config } from "../config";
import { atomic } from "../db/client";
import { auditStatement } from "../db/repos/audit.repo";
import type { AppDeps, Logger } from "../deps";
import { createSecretBox, type SecretBox, sha256Hex } from "./secrets";
import { findTenant, insertTenantStatement, listTenants, updateTenantStatement } from "./tenants.repo";

/** An organisation id: the `:org` of `/webhook/:org` and `/o/:org/…`. */
export const TENANT_ID_PATTERN = /^[a-z0-9-]{2,40}$/;
/** The organisation of `DATABASE_PATH` (Node) or `DB` (Workers), whose credentials come from the environment. */
export const DEFAULT_ORG_ID = "default";
/** Ids that cannot be registered (`default` is the deployment's own organisation). */
const RESERVED_IDS = new Set([DEFAULT_ORG_ID]);

/** How a runtime gives an organisation its own dependencies. */
export interface TenantRuntime {
  /**
   * The organisation's own `AppDeps` with the given config: its database (created on first use,
   * migrated, its organisation row ensured and defaults seeded), its blob store, LINE clients with its
   * token. The runtime may refine the config (e.g. the database path).
   */
  open(tenant: { orgId: string; config: Config }): Promise<OpenedTenant>;
  /**
   * Why this runtime cannot hold the organisation `orgId`, if it cannot (a Worker has no D1 database
   * bound for it); asked before an organisation is registered.
   */
  unavailable?(orgId: string): string | undefined;
}

export interface OpenedTenant {
  deps: AppDeps;
  close(): void | Promise<void>;
}

/** An opened organisation and what this side built on it (`T`: an app, or a processor). */
export interface Tenant<T> {
  id: string;
  name: string;
  deps: AppDeps;
  built: T;
}

export interface TenantSummary {
  id: string;
  name: string;
  createdAt: number;
}

export interface NewTenant {
  id: string;
  name: string;
  channelSecret: string;
  channelAccessToken: string;
  adminToken: string;
}

export interface TenantRegistry<T> {
  /** The organisation (`default` included), built once and kept; null when there is no such organisation. */
  get(orgId: string): Promise<Tenant<T> | null>;
  /** Register an organisation and open (create) its database; `taken` when the id is in use. */
  create(
    input: NewTenant,
  ): Promise<
    | { ok: true; tenant: TenantSummary }
    | { ok: false; reason: "taken" }
    | { ok: false; reason: "unavailable"; message: string }
  >;
  /** Change an organisation's name or credentials (at once here; within `RECHECK_MS` on other instances). */
  update(
    id: string,
    patch: Partial<Omit<NewTenant, "id">>,
  ): Promise<{ ok: true; tenant: TenantSummary } | { ok: false; reason: "unknown" }>;
  /** The registered organisations (not `default`). */
  list(): Promise<TenantSummary[]>;
  /** Every organisation, `default` first, opened (one that cannot be opened is logged and left out). */
  all(): Promise<Tenant<T>[]>;
  /** Close what was opened here (not the default organisation's deps, which the caller owns). */
  close(): Promise<void>;
}

export interface TenantRegistrySetup<T> {
  /** The default organisation's deps: its database also holds the registry. */
  platform: AppDeps;
  /** How this runtime opens a registered organisation; without it (no `PLATFORM_TOKEN`) only `default` exists. */
  runtime?: TenantRuntime;
  /** What this side builds on an organisation's deps (called once per opened organisation). */
  build(deps: AppDeps): T | Promise<T>;
}

/** An organisation's log: every line says which organisation it is about. */
export function tenantLogger(log: Logger, orgId: string): Logger {
  return {
    debug: (message, fields) => log.debug(message, { orgId, ...fields }),
    info: (message, fields) => log.info(message, { orgId, ...fields }),
    warn: (message, fields) => log.warn(message, { orgId, ...fields }),
    error: (message, fields) => log.error(message, { orgId, ...fields }),
  };
}

/** How long an instance serves an organisation's app before it looks at the registry row again. */
export const RECHECK_MS = 30_000;

export const sealContext = (id: string, field: "channelSecret" | "channelAccessToken") =>
  `tenant/${id}/${field}`;

/** An organisation's config: the deployment's settings with its own name, LINE channel and admin token. */
export function tenantConfig(
  base: Config,
  tenant: {
    id: string;
    name: string;
    channelSecret: string;
    channelAccessToken: string;
    adminTokenSha256: string;
  },
): Config {
  return {
    ...base,
    simulator: false,
    orgName: tenant.name,
    line: {
      ...base.line,
      channelSecret: tenant.channelSecret,
      channelAccessToken: tenant.channelAccessToken,
    },
    adminToken: undefined,
    adminTokenSha256: tenant.adminTokenSha256,
    platform: undefined,
    publicUrl: `${base.publicUrl}/o/${tenant.id}`,
  };
}

/**
 * The organisations over the default organisation's database (`platform`). `build` makes what this
 * side needs of an organisation from its deps (passed in, so this module imports neither the app nor
 * the processor).
 */
export function createTenantRegistry<T>({
  platform,
  runtime,
  build,
}: TenantRegistrySetup<T>): TenantRegistry<T> {
  let box: Promise<SecretBox> | undefined;
  const secrets = () => {
    const key = platform.config.platform?.secretKey;
    if (!key) throw new Error("the tenant registry needs PLATFORM_SECRET_KEY");
    box ??= createSecretBox(key);
    return box;
  };
  type Opened = Tenant<T> & { close(): void | Promise<void>; version: number; checkedAt: number };
  const defaultOrg: Promise<Tenant<T>> = Promise.resolve(build(platform)).then((built) => ({
    id: DEFAULT_ORG_ID,
    name: platform.config.orgName,
    deps: platform,
    built,
  }));
  const opened = new Map<string, Promise<Opened | null>>();
  // Apps replaced after a change: closed with the registry, as work started on them may still run.
  const retired: Opened[] = [];
  const creating = new Set<string>();

  async function start(orgId: string, config: Config, version: number): Promise<Opened> {
    if (!runtime) throw new Error("this deployment serves one organisation (no PLATFORM_TOKEN)");
    const handle = await runtime.open({ orgId, config });
    const built = await build(handle.deps);
    return {
      id: orgId,
      name: handle.deps.config.orgName,
      deps: handle.deps,
      built,
      close: handle.close,
      version,
      checkedAt: platform.clock.now(),
    };
  }

  async function load(orgId: string) {
    if (!runtime) return null;
    const row = await findTenant(platform.db, orgId);
    if (!row) return null;
    const sealed = await secrets();
    let channelSecret: string;
    let channelAccessToken: string;
    try {
      [channelSecret, channelAccessToken] = await Promise.all([
        sealed.open(row.channelSecretSealed, sealContext(orgId, "channelSecret")),
        sealed.open(row.channelAccessTokenSealed, sealContext(orgId, "channelAccessToken")),
      ]);
    } catch {
      throw new Error(
        `cannot open the LINE credentials of organisation ${orgId}: was PLATFORM_SECRET_KEY changed?`,
      );
    }
    return start(
      orgId,
      tenantConfig(platform.config, { ...row, channelSecret, channelAccessToken }),
      row.updatedAt,
    );
  }

  function cachedOrLoad(orgId: string) {
    let tenant = opened.get(orgId);
    if (!tenant) {
      tenant = load(orgId);
      opened.set(orgId, tenant);
      // An unknown id (or a failure) is not kept: a later registration or retry must see the registry.
      tenant.then(
        (found) => found === null && opened.delete(orgId),
        () => opened.delete(orgId),
      );
    }
    return tenant;
  }

  function retire(orgId: string, cached: Promise<Opened | null>, entry: Opened) {
    if (opened.get(orgId) !== cached) return;
    opened.delete(orgId);
    retired.push(entry);
  }

  /**
   * The organisation's app, re-read from the registry at most every `RECHECK_MS`: a change made
   * through another instance (another Node process, another Worker isolate) is picked up then.
   */
  async function get(orgId: string): Promise<Opened | null> {
    const cached = opened.get(orgId);
    if (!cached) return cachedOrLoad(orgId);
    const entry = await cached;
    if (!entry) return cachedOrLoad(orgId);
    const now = platform.clock.now();
    if (now - entry.checkedAt < RECHECK_MS) return entry;
    entry.checkedAt = now;
    const row = await findTenant(platform.db, orgId);
    if (row && row.updatedAt === entry.version) return entry;
    retire(orgId, cached, entry);
    return row ? cachedOrLoad(orgId) : null;
  }

  return {
    async get(orgId) {
      if (orgId === DEFAULT_ORG_ID) return defaultOrg;
      if (!TENANT_ID_PATTERN.test(orgId) || creating.has(orgId)) return null;
      return get(orgId);
    },

    async create(input) {
      if (RESERVED_IDS.has(input.id) || creating.has(input.id)) return { ok: false, reason: "taken" };
      if (!runtime)
        return { ok: false, reason: "unavailable", message: "this deployment serves one organisation" };
      const unavailable = runtime.unavailable?.(input.id);
      if (unavailable) return { ok: false, reason: "unavailable", message: unavailable };
      creating.add(input.id);
      try {
        if (await findTenant(platform.db, input.id)) return { ok: false, reason: "taken" };
        const sealed = await secrets();
        const now = platform.clock.now();
        const adminTokenSha256 = await sha256Hex(input.adminToken);
        // Its database first (created, migrated, seeded), then the registry row with its audit entry.
        const tenant = await start(
          input.id,
          tenantConfig(platform.config, { ...input, adminTokenSha256 }),
          now,
        );
        try {
          await atomic(platform.db, [
            insertTenantStatement(platform.db, {
              id: input.id,
              name: input.name,
              channelSecretSealed: await sealed.seal(
                input.channelSecret,
                sealContext(input.id, "channelSecret"),
              ),
              channelAccessTokenSealed: await sealed.seal(
                input.channelAccessToken,
                sealContext(input.id, "channelAccessToken"),
              ),
              adminTokenSha256,
              createdAt: now,
              updatedAt: now,
            }),
            auditStatement(platform.db, {
              at: now,
              actor: "platform-api",
              action: "platform.org.create",
              subject: input.id,
              detail: { name: input.name },
            }),
          ]);
        } catch (error) {
          await tenant.close();
          throw error;
        }
        opened.set(input.id, Promise.resolve(tenant));
        return { ok: true, tenant: { id: input.id, name: input.name, createdAt: now } };
      } finally {
        creating.delete(input.id);
      }
    },

    async update(id, patch) {
      if (!TENANT_ID_PATTERN.test(id) || RESERVED_IDS.has(id)) return { ok: false, reason: "unknown" };
      const row = await findTenant(platform.db, id);
      if (!row) return { ok: false, reason: "unknown" };
      const sealed = await secrets();
      const now = platform.clock.now();
      const fields = {
        updatedAt: Math.max(now, row.updatedAt + 1),
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.channelSecret === undefined
          ? {}
          : {
              channelSecretSealed: await sealed.seal(patch.channelSecret, sealContext(id, "channelSecret")),
            }),
        ...(patch.channelAccessToken === undefined
          ? {}
          : {
              channelAccessTokenSealed: await sealed.seal(
                patch.channelAccessToken,
                sealContext(id, "channelAccessToken"),
              ),
            }),
        ...(patch.adminToken === undefined ? {} : { adminTokenSha256: await sha256Hex(patch.adminToken) }),
      };
      await atomic(platform.db, [
        updateTenantStatement(platform.db, id, fields),
        auditStatement(platform.db, {
          at: now,
          actor: "platform-api",
          action: "platform.org.update",
          subject: id,
          // Which fields changed, never their values.
          detail: { changed: Object.keys(patch).sort() },
        }),
      ]);
      // This instance serves the new values at once; others within RECHECK_MS.
      const cached = opened.get(id);
      const entry = cached ? await cached.catch(() => null) : null;
      if (cached && entry) retire(id, cached, entry);
      else if (cached) opened.delete(id);
      const name = patch.name ?? row.name;
      return { ok: true, tenant: { id, name, createdAt: row.createdAt } };
    },

    list: async () => (runtime ? listTenants(platform.db) : []),

    async all() {
      const tenants: Tenant<T>[] = [await defaultOrg];
      if (!runtime) return tenants;
      for (const { id } of await listTenants(platform.db)) {
        try {
          const tenant = await get(id);
          if (tenant) tenants.push(tenant);
        } catch (error) {
          platform.log.error("organisation cannot be opened", {
            orgId: id,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
      return tenants;
    },

    async close() {
      const all = await Promise.allSettled(opened.values());
      opened.clear();
      for (const result of all) if (result.status === "fulfilled" && result.value) await result.value.close();
      for (const entry of retired.splice(0)) await entry.close();
    },
  };
}
