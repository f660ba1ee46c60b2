/**
 * A CPU profile of the local Worker under the bench's load: workerd started as `npm run start:worker`
 * starts it, with its V8 inspector open, the bench's LINE double in its own process, and the
 * profiler driven over the Chrome DevTools Protocol while the load runs.
 *   tsx scripts/profile-worker.ts   (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_USERS as the bench)
 * Writes bench-results/profiles/worker-<target>.cpuprofile for every inspectable target (the Worker's
 * isolate, where its Durable Object runs too; Miniflare's D1 and entry Workers), and prints workerd's
 * CPU seconds per event. NO_PROFILE=1: the figures only, with the inspector open but not sampling, and
 * each isolate's JS heap after the load (to tell our memory from workerd's own).
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalWorker } from "../src/runtime/worker-local";
import {
  benchSettings,
  cpuSeconds,
  deliveriesSettled,
  doubleDeliveries,
  processTree,
  waitHealthy,
} from "./bench-support";

const { seconds, secret, token, load } = benchSettings();
const base = 21_000 + Math.floor(Math.random() * 1000);
const dir = mkdtempSync(join(tmpdir(), "prongsai-profile-worker-"));
const doubleUrl = `http://127.0.0.1:${base}`;
const double = spawn(process.execPath, ["--import", "tsx", "scripts/bench-double.ts"], {
  env: { ...process.env, PORT: String(base), LINE_CHANNEL_ACCESS_TOKEN: token },
  stdio: ["ignore", "ignore", "inherit"],
});

/** One CDP session over the inspector's WebSocket. */
async function session(url: string) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let next = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.onmessage = (message) => {
    const data = JSON.parse(String(message.data)) as { id?: number; result?: unknown };
    if (data.id !== undefined) waiting.get(data.id)?.(data.result);
  };
  return {
    send(method: string, params: Record<string, unknown> = {}) {
      const id = next++;
      ws.send(JSON.stringify({ id, method, params }));
      return new Promise<unknown>((resolve) => waiting.set(id, resolve));
    },
    close: () => ws.close(),
  };
}

try {
  await waitHealthy(`${doubleUrl}/__double/stats`);
  const inspectorPort = base + 1;
  const worker = await startLocalWorker({
    env: {
      ...process.env,
      LINE_CHANNEL_SECRET: secret,
      LINE_CHANNEL_ACCESS_TOKEN: token,
      LINE_API_BASE_URL: doubleUrl,
      LINE_DATA_API_BASE_URL: doubleUrl,
      LOG_LEVEL: "error",
      CHAT_RATE_LIMIT: "0",
    },
    port: 0,
    stateDir: process.env.BENCH_WORKER_STATE ?? join(dir, "worker"),
    cron: false,
    inspectorPort,
  });
  await load(worker.url, 2); // warm-up
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as Array<{
    id: string;
    title?: string;
    webSocketDebuggerUrl: string;
  }>;
  console.error(`inspector targets: ${targets.map((t) => t.title ?? t.id).join(", ")}`);
  const sessions = await Promise.all(
    targets.map(async (target) => {
      const s = await session(target.webSocketDebuggerUrl);
      await s.send("Profiler.enable");
      await s.send("Profiler.setSamplingInterval", { interval: 200 });
      if (!process.env.NO_PROFILE) await s.send("Profiler.start");
      return { target, s };
    }),
  );
  const workerd = processTree(process.pid).filter((pid) => pid !== process.pid && pid !== double.pid);
  const before = await deliveriesSettled(doubleUrl);
  const cpuBefore = cpuSeconds(workerd);
  const result = await load(worker.url, seconds);
  const loadEnded = performance.now();
  for (let i = 0; i < 600 && (await doubleDeliveries(doubleUrl)) < before + result.requests.total; i++)
    await new Promise((r) => setTimeout(r, 50));
  const cpu = cpuSeconds(workerd) - cpuBefore;
  const drainMs = performance.now() - loadEnded;
  mkdirSync("bench-results/profiles", { recursive: true });
  for (const { target, s } of sessions) {
    if (process.env.NO_PROFILE) continue;
    const { profile } = (await s.send("Profiler.stop")) as { profile: unknown };
    const file = `bench-results/profiles/worker-${(target.title ?? target.id).replace(/[^\w-]+/g, "_")}.cpuprofile`;
    writeFileSync(file, JSON.stringify(profile));
    console.error(`wrote ${file}`);
    s.close();
  }
  for (const { target, s } of sessions) {
    if (!process.env.NO_PROFILE) continue;
    const heap = (await s.send("Runtime.getHeapUsage")) as { usedSize: number; totalSize: number };
    console.error(
      `${target.title ?? target.id}: JS heap ${(heap.usedSize / 2 ** 20).toFixed(1)} MB used of ${(heap.totalSize / 2 ** 20).toFixed(1)} MB`,
    );
    s.close();
  }
  const answered = (await doubleDeliveries(doubleUrl)) - before;
  console.log(
    `${result.requests.total} events acknowledged (p50 ${result.latency.p50}, p99 ${result.latency.p99} ms), ${answered} answered, the last ${Math.round(drainMs)} ms after the load; workerd ${cpu.toFixed(1)} CPU-s, ${((cpu * 1000) / Math.max(1, answered)).toFixed(2)} ms per event`,
  );
  await worker.close();
} finally {
  double.kill();
  rmSync(dir, { recursive: true, force: true });
}
