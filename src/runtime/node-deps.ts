import { dirname, join } from "node:path";
import type { Config } from "../config";
import { ensureOrganization, seedOrganizationDefaults } from "../db/repos/organizations.repo";
import { type AppDeps, type Clock, type Logger, webIds } from "../deps";
import { localDate } from "../domain/thai-time";
import { createLineGateway, type LineTransport } from "../line/gateway";
import { DEFAULT_ORG_ID, type TenantRuntime, tenantLogger } from "../platform/tenants";
import { createFolderBlobStore } from "./folder-blob-store";
import { openSqlite } from "./sqlite";

export { DEFAULT_ORG_ID };

export interface NodeDeps {
  deps: AppDeps;
  close(): void;
}

export interface NodeRuntime {
  log: Logger;
  clock: Clock;
  defer: AppDeps["defer"];
  /** The thread's LINE transport (one keep-alive pool for all its organisations: node-line-transport.ts). */
  lineTransport: LineTransport;
  /**
   * Which side of a process with a processing thread this connection serves. Neither sleeps on a
   * locked database (writes retry after yielding, db/busy.ts): the HTTP side has acknowledgements to
   * send, the processing side LINE answers to read. The HTTP side also leaves WAL checkpoints to the
   * processing side, so no acknowledgement waits on a disk sync. Unset: one thread does both.
   */
  side?: "http" | "processing";
}

/** The Node side of `AppDeps`: better-sqlite3, a blob folder next to the database, the LINE gateway. */
export function createNodeDeps(config: Config, runtime: NodeRuntime): Promise<NodeDeps> {
  return openOrganization(config, DEFAULT_ORG_ID, join(dirname(config.databasePath), "blobs"), runtime);
}

/**
 * The organisations of the platform registry on Node: each its own SQLite file
 * `<dir of DATABASE_PATH>/orgs/<id>.sqlite` and blob folder `orgs/<id>/blobs`, opened by the HTTP
 * side and by the processing thread, like the default organisation's.
 */
export function nodeTenantRuntime(base: Config, runtime: NodeRuntime): TenantRuntime {
  const root = join(dirname(base.databasePath), "orgs");
  return {
    async open({ orgId, config }) {
      const log = tenantLogger(runtime.log, orgId);
      const node = await openOrganization(
        { ...config, databasePath: join(root, `${orgId}.sqlite`) },
        orgId,
        join(root, orgId, "blobs"),
        { ...runtime, log },
      );
      return { deps: node.deps, close: node.close };
    },
  };
}

/** One organisation's deps over its database file (migrated, the organisation ensured and seeded). */
async function openOrganization(
  config: Config,
  orgId: string,
  blobFolder: string,
  runtime: NodeRuntime,
): Promise<NodeDeps> {
  const sqlite = openSqlite(config.databasePath);
  const now = runtime.clock.now();
  await ensureOrganization(sqlite.db, orgId, config.orgName, now);
  await seedOrganizationDefaults(sqlite.db, {
    now,
    yearCe: Number(localDate(now, config.timeZone).slice(0, 4)),
    newId: webIds.uuid,
  });
  // After opening (migrations and seeding may wait on the other side's lock as usual).
  if (runtime.side) sqlite.setBusyTimeout(0);
  if (runtime.side === "http") sqlite.setAutoCheckpoint(0);
  return {
    deps: {
      config,
      db: sqlite.db,
      orgId,
      line: createLineGateway({
        channelAccessToken: config.line.channelAccessToken ?? "",
        apiBaseUrl: config.line.apiBaseUrl,
        dataApiBaseUrl: config.line.dataApiBaseUrl,
        transport: runtime.lineTransport,
      }),
      clock: runtime.clock,
      ids: webIds,
      blobs: createFolderBlobStore(blobFolder),
      log: runtime.log,
      defer: runtime.defer,
    },
    close: sqlite.close,
  };
}

/** Runs background work and remembers it, so a caller can wait for it or a shutdown can drain it. */
export function createTracker(log: Logger) {
  const pending = new Set<Promise<unknown>>();
  return {
    defer(work: () => Promise<unknown>) {
      const running: Promise<unknown> = work()
        .catch((error) => log.error("background work failed", { error: String(error) }))
        .finally(() => pending.delete(running));
      pending.add(running);
    },
    async idle(extra: () => Promise<unknown> | null = () => null) {
      for (;;) {
        const more = extra();
        if (pending.size === 0 && !more) return;
        await Promise.allSettled([...pending, more]);
      }
    },
  };
}

/** The periodic sweep (due retries in the inbox and the outbox); never two at once. */
export function startTicker(tick: () => Promise<void>, everyMs: number) {
  let running: Promise<void> | null = null;
  const timer =
    everyMs > 0
      ? setInterval(() => {
          running ??= tick().finally(() => {
            running = null;
          });
        }, everyMs)
      : undefined;
  return {
    current: () => running,
    stop: () => clearInterval(timer),
  };
}
