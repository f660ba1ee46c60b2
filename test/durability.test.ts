/**
 * Durability and faults, the same on both runtimes, each run as its own process the way it is
 * deployed: `npm start` (Node, processing thread) and `npm run start:worker` (workerd, a Durable
 * Object per organisation). Nothing here fires a periodic pass or a scheduled handler: what is
 * answered, is answered because the runtime woke itself (a timer on Node, an alarm on the Worker).
 * The LINE double runs in this process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSignatureVerifier } from "../src/line/signature";
import { newLineUserId, webhookBody, webhookEvent } from "../src/simulator/webhook-events";
import { TEST_ADMIN_TOKEN, TEST_SECRET } from "./support/bot";
import { type RunningDouble, startDouble, TEST_ACCESS_TOKEN } from "./support/double";

process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
process.env.WRANGLER_SEND_METRICS ??= "false";

interface Runtime {
  name: "node" | "worker";
  /** The command that starts it, as its npm script does. */
  args: string[];
  /** The SQLite file holding the default organisation's inbox and outbox, once the process is gone. */
  databaseFile(dir: string): string;
}

const runtimes: Runtime[] = [
  {
    name: "node",
    args: ["--import", "tsx", "src/runtime/node.ts"],
    databaseFile: (dir) => join(dir, "prongsai.sqlite"),
  },
  {
    name: "worker",
    args: ["--import", "tsx", "scripts/start-worker.ts"],
    databaseFile(dir) {
      // Miniflare keeps each D1 database as one SQLite file under the state folder.
      const folder = join(dir, "prongsai.worker", "d1", "miniflare-D1DatabaseObject");
      const file = readdirSync(folder).find((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
      if (!file) throw new Error(`no D1 database file in ${folder}`);
      return join(folder, file);
    },
  },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

const until = async (check: () => boolean | Promise<boolean>, ms: number, every = 50) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, every));
  }
  return check();
};

describe.each(runtimes)("durability on $name", (runtime) => {
  let line: RunningDouble;
  let dir: string;
  let child: ChildProcess | undefined;
  let port: number;
  const url = () => `http://127.0.0.1:${port}`;

  beforeEach(async () => {
    line = await startDouble();
    dir = mkdtempSync(join(tmpdir(), "prongsai-durability-"));
    port = await freePort();
  });
  afterEach(async () => {
    kill("SIGKILL");
    await line.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Start the runtime as its own process group (workerd included), and wait until it answers. */
  async function start(): Promise<number> {
    child = spawn(process.execPath, runtime.args, {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_PATH: join(dir, "prongsai.sqlite"),
        LINE_CHANNEL_SECRET: TEST_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
        LINE_API_BASE_URL: line.origin,
        LINE_DATA_API_BASE_URL: line.origin,
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        CHAT_RATE_LIMIT: "0",
        LOG_LEVEL: "error",
      },
      detached: true,
      stdio: ["ignore", "ignore", "inherit"],
    });
    const healthy = await until(async () => {
      try {
        return (await fetch(`${url()}/healthz`)).ok;
      } catch {
        return false;
      }
    }, 60_000);
    if (!healthy) throw new Error(`${runtime.name} never became healthy`);
    return Date.now();
  }

  /**
   * SIGKILL goes to the whole process group (the server and, on the Worker, workerd: a crash of
   * everything); SIGTERM to the server's process, as `kill <pid>`, Docker and process managers send it.
   */
  function kill(signal: NodeJS.Signals) {
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(signal === "SIGKILL" ? -child.pid : child.pid, signal);
      } catch {}
    }
  }

  /** True once nothing is waiting in the inbox or the outbox (the admin API's delivery health). */
  async function settled(): Promise<boolean> {
    try {
      const response = await fetch(`${url()}/api/admin/delivery`, {
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      });
      const health = (await response.json()) as {
        inbox: Record<string, number>;
        outbox: { pending: number };
      };
      return !health.inbox.pending && !health.inbox.processing && health.outbox.pending === 0;
    } catch {
      return false;
    }
  }

  async function exited() {
    const running = child;
    if (!running || running.exitCode !== null) return;
    await new Promise((resolve) => running.once("exit", resolve));
  }

  async function poster() {
    const signer = await createSignatureVerifier(TEST_SECRET);
    return async (events: Array<Record<string, unknown>>) => {
      const body = webhookBody(events);
      return fetch(`${url()}/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-line-signature": await signer.sign(body) },
        body,
      });
    };
  }

  const textEvent = (userId: string, text: string, i: number) =>
    webhookEvent(
      { type: "text", text },
      { userId, timestamp: Date.now() + i, replyToken: line.double.issueReplyToken(userId) },
    );

  it("killed (SIGKILL) right after a burst of acknowledged events: after a restart every event is answered, once, within 10 s", async () => {
    await start();
    const post = await poster();
    const users = Array.from({ length: 12 }, () => newLineUserId());
    const perUser = 4;
    // One webhook per user carrying that user's events, all at once, as LINE batches them.
    const statuses = await Promise.all(
      users.map((userId) =>
        post(
          Array.from({ length: perUser }, (_, i) => textEvent(userId, i === 0 ? "เมนู" : `ข้อความ ${i}`, i)),
        ),
      ),
    );
    expect(statuses.map((r) => r.status)).toEqual(users.map(() => 200));
    kill("SIGKILL");
    await exited();
    const answeredBeforeKill = users.reduce((n, u) => n + line.double.deliveries({ userId: u }).length, 0);

    const restartedAt = await start();
    const total = users.length * perUser;
    const answered = () => users.reduce((n, u) => n + line.double.deliveries({ userId: u }).length, 0);
    const done = await until(async () => answered() >= total && (await settled()), 10_000);
    const seconds = (Date.now() - restartedAt) / 1000;
    expect(done).toBe(true);
    kill("SIGTERM");
    await exited();

    const db = new Database(runtime.databaseFile(dir), { readonly: true });
    try {
      const events = db.prepare("SELECT id, status FROM inbox_events").all() as Array<{ status: string }>;
      expect(events).toHaveLength(total);
      expect(events.every((event) => event.status === "done")).toBe(true);
      const batches = db
        .prepare(
          `SELECT i.id, count(o.id) AS n, group_concat(o.status) AS statuses
           FROM inbox_events i LEFT JOIN outbox o ON o.source_event_id = i.id GROUP BY i.id`,
        )
        .all() as Array<{ n: number; statuses: string }>;
      // One answer per event, never two.
      expect(batches.every((batch) => batch.n === 1)).toBe(true);
      // A reply cut off mid-send by the kill is tried again as a reply (its token works once: LINE
      // refuses it if the first got through, and then it is settled `unknown`, never pushed).
      const unknown = batches.filter((batch) => batch.statuses === "unknown").length;
      expect(batches.filter((b) => b.statuses !== "sent" && b.statuses !== "unknown")).toEqual([]);
      // So every event was answered, and none twice.
      for (const userId of users) expect(line.double.deliveries({ userId })).toHaveLength(perUser);
      console.info(
        `${runtime.name}: ${answeredBeforeKill}/${total} answered before the kill, the other ${total - answeredBeforeKill} within ${seconds.toFixed(1)} s of the restart (${unknown} replies cut off mid-send had reached LINE)`,
      );
    } finally {
      db.close();
    }
  }, 120_000);

  it("a push LINE answers with 500 twice is delivered within 10 s, once, with one retry key", async () => {
    await start();
    const post = await poster();
    const userId = newLineUserId();
    line.double.injectFault({ endpoint: "reply", kind: "invalidReplyToken", times: 1 });
    line.double.injectFault({ endpoint: "push", kind: "500", times: 2 });
    const sentAt = Date.now();
    expect((await post([textEvent(userId, "เมนู", 0)])).status).toBe(200);
    expect(await until(() => line.double.deliveries({ userId }).length > 0, 10_000)).toBe(true);
    const seconds = (Date.now() - sentAt) / 1000;
    // A little longer, to see that nothing arrives twice.
    await new Promise((r) => setTimeout(r, 1500));
    const pushes = line.double.requests().filter((r) => r.path === "/v2/bot/message/push");
    expect(pushes.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(pushes.map((r) => r.retryKey)).size).toBe(1);
    expect(line.double.deliveries({ userId })).toHaveLength(1);
    expect(seconds).toBeLessThan(10);
  }, 90_000);

  it("a SIGTERM lets the work in progress finish: nothing is left half-sent", async () => {
    await start();
    const post = await poster();
    const users = Array.from({ length: 8 }, () => newLineUserId());
    const statuses = await Promise.all(users.map((userId) => post([textEvent(userId, "เมนู", 0)])));
    expect(statuses.map((r) => r.status)).toEqual(users.map(() => 200));
    kill("SIGTERM");
    await exited();
    const db = new Database(runtime.databaseFile(dir), { readonly: true });
    try {
      const inFlight = db
        .prepare(
          `SELECT (SELECT count(*) FROM inbox_events WHERE status = 'processing')
             + (SELECT count(*) FROM outbox WHERE status IN ('sending', 'unknown')) AS n`,
        )
        .get() as { n: number };
      expect(inFlight.n).toBe(0);
    } finally {
      db.close();
    }
  }, 90_000);
});
