/** What the benchmark, the Worker comparison and the soak share: signed load, health waits, flags. */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";

const START_SCRIPT = (JSON.parse(readFileSync("package.json", "utf8")).scripts.start as string).split(/\s+/);

/** The node flags `npm start` runs the server with, so a bench runs it the same way. */
export const START_NODE_FLAGS = START_SCRIPT.filter((word) => word.startsWith("--"));

/** The environment `npm start` sets before node (glibc's malloc settings), for the same reason. */
export const START_ENV: Record<string, string> = Object.fromEntries(
  START_SCRIPT.slice(0, START_SCRIPT.indexOf("node")).map((word) => word.split("=", 2) as [string, string]),
);

export async function waitHealthy(url: string, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became healthy`);
}

/** A webhook body with one text message event from `userId`, and its signature. */
export function signedTextEvent(
  secret: string,
  userId: string,
  text: string,
): { body: string; signature: string } {
  const body = JSON.stringify({
    destination: `U${"0".repeat(32)}`,
    events: [
      {
        type: "message",
        mode: "active",
        timestamp: Date.now(),
        source: { type: "user", userId },
        webhookEventId: randomUUID(),
        deliveryContext: { isRedelivery: false },
        replyToken: randomBytes(16).toString("hex"),
        message: { id: String(Date.now()), type: "text", text, quoteToken: "q" },
      },
    ],
  });
  return { body, signature: createHmac("sha256", secret).update(body).digest("base64") };
}

/** Signed main-menu keyword events (`เมนู`: every user may send it, it needs a reply) round-robin over `users`. */
export function eventSource(secret: string, users: readonly string[]) {
  let counter = 0;
  return () => {
    counter++;
    return signedTextEvent(secret, users[counter % users.length] as string, "เมนู");
  };
}

/**
 * Signed webhooks for a fixed duration over `connections` (a duration, not a count: autocannon notices
 * a reached count only on its 1-second tick, which would round every run up to whole seconds).
 */
export function signedLoad(
  url: string,
  options: { connections: number; seconds: number; next: () => { body: string; signature: string } },
) {
  return autocannon({
    url: `${url}/webhook`,
    connections: options.connections,
    duration: options.seconds,
    method: "POST",
    requests: [
      {
        setupRequest: (request) => {
          const { body, signature } = options.next();
          return {
            ...request,
            method: "POST",
            body,
            headers: { "content-type": "application/json; charset=utf-8", "x-line-signature": signature },
          };
        },
      },
    ],
  });
}

/** Messages the LINE double has delivered so far (failing if it rejected any request as invalid). */
export async function doubleDeliveries(doubleUrl: string): Promise<number> {
  const stats = (await (await fetch(`${doubleUrl}/__double/stats`)).json()) as {
    deliveries: number;
    invalid: number;
  };
  if (stats.invalid > 0) throw new Error(`the double rejected ${stats.invalid} requests`);
  return stats.deliveries;
}

/** Wait until the double's delivery count stops moving; returns it. */
export async function deliveriesSettled(doubleUrl: string): Promise<number> {
  let last = -1;
  for (;;) {
    const now = await doubleDeliveries(doubleUrl);
    if (now === last) return now;
    last = now;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The process and its descendants (the Worker is served by workerd, a child of the launcher). */
export function processTree(pid: number | undefined): number[] {
  if (!pid) return [];
  const children = readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
  return [pid, ...children.flatMap(processTree)];
}

/** CPU seconds the processes (all their threads) have used, from /proc. */
export function cpuSeconds(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      total += (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
    } catch {}
  }
  return total;
}

/**
 * Start the processes' peak resident memory afresh from what they hold now (Linux: writing 5 to
 * /proc/<pid>/clear_refs resets VmHWM to VmRSS), so a round's peak is its own, not the largest so far.
 */
export function resetPeakRss(pids: number[]): void {
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, "5");
    } catch {}
  }
}

/** The processes' peak resident memory, in MB, from /proc. */
export function peakRssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {}
  }
  return Math.round(kb / 1024);
}

/**
 * The load both benchmarks send, from BENCH_SECONDS (10), BENCH_CONNECTIONS (50) and BENCH_USERS
 * (3,000: no one chat floods, so the per-chat rate limit stays at its default), with a fresh channel secret, access token and set of user ids for the run.
 */
export function benchSettings() {
  const userCount = Number(process.env.BENCH_USERS ?? 3000);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const secret = randomBytes(16).toString("hex");
  const users = Array.from({ length: userCount }, () => `U${randomBytes(16).toString("hex")}`);
  const next = eventSource(secret, users);
  return {
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    connections,
    userCount,
    secret,
    token: randomBytes(24).toString("base64url"),
    users,
    /** Signed text events to `url` for `duration` seconds, round-robin over the run's users. */
    load: (url: string, duration: number) => signedLoad(url, { connections, seconds: duration, next }),
  };
}
