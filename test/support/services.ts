/**
 * The fast layer: services over a real SQLite database in memory (migrated, the organisation seeded
 * with its default units and categories), no HTTP and no LINE. Each rule is tested once, here, at
 * its service; the HTTP-level tests drive the adapters.
 */
import { parseConfig } from "../../src/config";
import { ensureOrganization, seedOrganizationDefaults } from "../../src/db/repos/organizations.repo";
import type { AppDeps, BlobStore, StoredBlob } from "../../src/deps";
import { createLineGateway } from "../../src/line/gateway";
import { openSqlite } from "../../src/runtime/sqlite";
import { createTestClock } from "./clock";

export const SERVICE_ORG_ID = "default";

function memoryBlobs(): BlobStore & { keys(): string[] } {
  const store = new Map<string, StoredBlob>();
  return {
    async put(key, bytes, contentType) {
      store.set(key, { bytes, contentType });
    },
    async get(key) {
      return store.get(key) ?? null;
    },
    async delete(key) {
      store.delete(key);
    },
    keys: () => [...store.keys()],
  };
}

export interface ServiceDeps extends AppDeps {
  clock: ReturnType<typeof createTestClock>;
  blobs: ReturnType<typeof memoryBlobs>;
  /** Work handed to `defer`, for a test to run or inspect. */
  deferred: Array<() => Promise<unknown>>;
}

/** Fresh deps over `:memory:`; LINE points nowhere (a service never calls LINE: that is the outbox's job). */
export async function serviceDeps(options: { startAt?: number } = {}): Promise<ServiceDeps> {
  const config = parseConfig({
    PORT: "1",
    DATABASE_PATH: ":memory:",
    ORG_NAME: "เทศบาลตำบลทดสอบ",
    LINE_API_BASE_URL: "http://127.0.0.1:9",
    LINE_DATA_API_BASE_URL: "http://127.0.0.1:9",
  });
  const clock = createTestClock();
  if (options.startAt !== undefined) clock.advance(options.startAt - clock.now());
  const sqlite = openSqlite(":memory:");
  const now = clock.now();
  await ensureOrganization(sqlite.db, SERVICE_ORG_ID, config.orgName, now);
  await seedOrganizationDefaults(sqlite.db, {
    now,
    yearCe: new Date(now).getUTCFullYear(),
    newId: () => crypto.randomUUID(),
  });
  const deferred: Array<() => Promise<unknown>> = [];
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  return {
    config,
    db: sqlite.db,
    orgId: SERVICE_ORG_ID,
    line: createLineGateway({
      channelAccessToken: "-",
      apiBaseUrl: "http://127.0.0.1:9",
      dataApiBaseUrl: "http://127.0.0.1:9",
    }),
    clock,
    ids: { uuid: () => crypto.randomUUID() },
    blobs: memoryBlobs(),
    log: silent,
    defer: (work) => {
      deferred.push(work);
    },
    deferred,
  };
}
