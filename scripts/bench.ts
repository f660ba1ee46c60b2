/**
 * `npm run bench`: signed `เมนู` events from 3,000 users at 50 concurrent connections against the two
 * baselines of scripts/bench-baseline.ts — (a) verify-and-store, (b) the same answering each event
 * with one reply through the LINE double — and (c) Prongsai (answering through the same double, its
 * per-chat rate limit at the default). Prints acknowledged/s, p50/p99 acknowledgement latency, events
 * answered per second and peak RSS; Prongsai is held to the answering baseline.
 *   BENCH_SECONDS (default 10) of load per target and round, BENCH_ROUNDS (3: the targets take
 *   turns), BENCH_CONNECTIONS (50), BENCH_USERS (3000).
 * A fixed duration, not a fixed count: autocannon notices a reached count only on its 1-second tick,
 * which would round every run up to whole seconds.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { setPriority, tmpdir } from "node:os";
import { join } from "node:path";
import {
  benchSettings,
  cpuSeconds,
  deliveriesSettled,
  doubleDeliveries,
  peakRssMb,
  resetPeakRss,
  START_ENV,
  START_NODE_FLAGS,
  waitHealthy,
} from "./bench-support";

const {
  seconds: SECONDS,
  connections: CONNECTIONS,
  userCount: USERS,
  secret: SECRET,
  token: TOKEN,
  load,
} = benchSettings();
/** Baseline and Prongsai take turns this many times (BENCH_ROUNDS, default 3). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1)
  throw new Error("BENCH_ROUNDS must be a whole number, at least 1");
const BASE_PORT = 19_000 + Math.floor(Math.random() * 1000);
const dir = mkdtempSync(join(tmpdir(), "prongsai-bench-"));

function start(
  script: string,
  env: Record<string, string>,
  profile = false,
  nice = 0,
): Promise<ChildProcess> {
  const flags = profile ? ["--cpu-prof", "--cpu-prof-dir=bench-results/profiles"] : [];
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : START_NODE_FLAGS;
  const child = spawn(process.execPath, [...flags, ...loader, script], {
    // npm start's malloc settings for every server, the baseline too, so both run alike.
    env: { ...process.env, ...START_ENV, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (nice && child.pid) setPriority(child.pid, nice);
  child.once("exit", (code, signal) => {
    if (code !== 0 && signal === null) console.error(`${script} exited with ${code}`);
  });
  return Promise.resolve(child);
}

/** One process (its threads included), as the /proc helpers take it. */
const processIds = (pid: number | undefined) => (pid ? [pid] : []);

interface Row {
  target: string;
  events: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  answeredPerSec: number | null;
  peakRssMb: number;
  /** CPU seconds used during the load: server / double / load generator. */
  cpu: string;
}

/** CPU seconds per thread of a process: its main thread, its nice > 0 thread (processing), the rest. */
function threadCpu(pid: number | undefined): { main: number; nice: number; rest: number } {
  const result = { main: 0, nice: 0, rest: 0 };
  if (!pid) return result;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      const seconds = (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
      if (tid === String(pid)) result.main += seconds;
      else if (Number(fields[16]) > 0) result.nice += seconds;
      else result.rest += seconds;
    } catch {}
  }
  return result;
}

async function measure(
  target: string,
  url: string,
  child: ChildProcess,
  doubleUrl?: string,
  doublePid?: number,
): Promise<Row> {
  console.error(`bench: ${target}…`);
  // Each round's peak is its own (memory the process kept from earlier rounds still counts).
  resetPeakRss(processIds(child.pid));
  await load(url, 2); // warm-up (JIT, SQLite pages)
  const before = doubleUrl ? await deliveriesSettled(doubleUrl) : 0;
  const started = performance.now();
  const cpuBefore = {
    server: cpuSeconds(processIds(child.pid)),
    double: cpuSeconds(processIds(doublePid)),
    load: process.cpuUsage(),
  };
  const threadsBefore = threadCpu(child.pid);
  const result = await load(url, SECONDS);
  const loadSeconds = (performance.now() - started) / 1000;
  const loadCpu = process.cpuUsage(cpuBefore.load);
  const threadsAfter = threadCpu(child.pid);
  console.error(
    `bench: ${target} threads during load (CPU s): main ${(threadsAfter.main - threadsBefore.main).toFixed(1)}, processing ${(threadsAfter.nice - threadsBefore.nice).toFixed(1)}, other ${(threadsAfter.rest - threadsBefore.rest).toFixed(1)}`,
  );
  const cpu = `${(cpuSeconds(processIds(child.pid)) - cpuBefore.server).toFixed(1)}/${(cpuSeconds(processIds(doublePid)) - cpuBefore.double).toFixed(1)}/${((loadCpu.user + loadCpu.system) / 1e6).toFixed(1)}`;
  let answeredPerSec: number | null = null;
  if (doubleUrl) {
    const sent = result.requests.total;
    const target = before + sent;
    for (let i = 0; i < 600 && (await doubleDeliveries(doubleUrl)) < target; i++)
      await new Promise((r) => setTimeout(r, 50));
    const answered = (await doubleDeliveries(doubleUrl)) - before;
    answeredPerSec = Math.round(answered / ((performance.now() - started) / 1000));
  }
  return {
    target,
    events: result.requests.total,
    reqPerSec: Math.round(result.requests.total / loadSeconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
    answeredPerSec,
    peakRssMb: peakRssMb(processIds(child.pid)),
    cpu,
  };
}

// The load generator stands in for LINE's webhook sender, which has its own machines in production:
// it runs at a higher priority than the servers so it is not starved by the system under test
// (the same for both targets). Needs root or CAP_SYS_NICE; otherwise it runs as is and says so.
try {
  setPriority(-5);
} catch {
  console.error("bench: could not raise the load generator's priority; figures may understate throughput");
}

const children: ChildProcess[] = [];
try {
  const doublePort = BASE_PORT + 1;
  // The double stands in for LINE's servers, which do not share this machine's CPU in production:
  // it runs at a lower priority so it takes only what the bot leaves.
  const double = await start(
    "scripts/bench-double.ts",
    { PORT: String(doublePort), LINE_CHANNEL_ACCESS_TOKEN: TOKEN },
    false,
    Number(process.env.BENCH_DOUBLE_NICE ?? 10),
  );
  children.push(double);
  const doubleUrl = `http://127.0.0.1:${doublePort}`;
  const baseline = (mode: "store" | "answer", port: number) =>
    start("scripts/bench-baseline.ts", {
      BASELINE: mode,
      PORT: String(port),
      DATABASE_PATH: join(dir, `baseline-${mode}.sqlite`),
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: doubleUrl,
    });
  const storing = await baseline("store", BASE_PORT);
  const answering = await baseline("answer", BASE_PORT + 3);
  children.push(storing, answering);
  const storingUrl = `http://127.0.0.1:${BASE_PORT}`;
  const answeringUrl = `http://127.0.0.1:${BASE_PORT + 3}`;
  const botPort = BASE_PORT + 2;
  const botServer = await start(
    "dist/runtime/node.js",
    {
      PORT: String(botPort),
      DATABASE_PATH: join(dir, "prongsai.sqlite"),
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: doubleUrl,
      LINE_DATA_API_BASE_URL: doubleUrl,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "error",
    },
    process.env.BENCH_PROFILE === "1",
  );
  children.push(botServer);
  const botUrl = `http://127.0.0.1:${botPort}`;
  await Promise.all([
    waitHealthy(`${storingUrl}/healthz`),
    waitHealthy(`${answeringUrl}/healthz`),
    waitHealthy(`${doubleUrl}/__double/stats`),
    waitHealthy(`${botUrl}/healthz`),
  ]);

  // This machine's speed drifts by a third within minutes (other tenants), so the targets take
  // turns: each round loads the two baselines, then Prongsai (each after the answers before it are all
  // delivered, so no backlog overlaps the next). A round's ratios compare runs seconds apart; the
  // verdict takes the median round.
  const rounds: Array<{ store: Row; answer: Row; bot: Row; ack: number; answered: number }> = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const store = await measure(`verify-and-store #${round}`, storingUrl, storing);
    const answer = await measure(
      `answering baseline #${round}`,
      answeringUrl,
      answering,
      doubleUrl,
      double.pid,
    );
    const bot = await measure(`Prongsai #${round}`, botUrl, botServer, doubleUrl, double.pid);
    rounds.push({
      store,
      answer,
      bot,
      ack: bot.reqPerSec / answer.reqPerSec,
      answered: (bot.answeredPerSec ?? 0) / (answer.answeredPerSec ?? 1),
    });
  }
  const medianOf = (values: number[]) =>
    [...values].sort((x, y) => x - y)[Math.floor((values.length - 1) / 2)] ?? 0;
  const ackRatio = medianOf(rounds.map((r) => r.ack));
  const answeredRatio = medianOf(rounds.map((r) => r.answered));
  const prongsai = rounds.map((r) => r.bot);
  const p99 = medianOf(prongsai.map((r) => r.p99));
  // The issue's targets take the median round; the largest round is printed beside it.
  const peakRss = medianOf(prongsai.map((r) => r.peakRssMb));
  const largestRss = Math.max(...prongsai.map((r) => r.peakRssMb));
  const failed = rounds.reduce((sum, r) => sum + r.store.non2xx + r.answer.non2xx + r.bot.non2xx, 0);

  console.log(
    `\n${ROUNDS} rounds of ${SECONDS} s of signed "เมนู" events from ${USERS} users over ${CONNECTIONS} connections, per target\n`,
  );
  console.table(rounds.flatMap((r) => [r.store, r.answer, r.bot]));
  console.log(
    `Prongsai ÷ answering baseline per round: acknowledged ${rounds.map((r) => `${r.ack.toFixed(2)}×`).join(", ")}; answered ${rounds.map((r) => `${r.answered.toFixed(2)}×`).join(", ")}`,
  );
  const checks = [
    [`acknowledged/s ≥ 0.8× the answering baseline (median round ${ackRatio.toFixed(2)}×)`, ackRatio >= 0.8],
    [
      `answered/s ≥ 0.8× the answering baseline (median round ${answeredRatio.toFixed(2)}×)`,
      answeredRatio >= 0.8,
    ],
    [`p99 acknowledgement ≤ 50 ms (median round ${p99} ms)`, p99 <= 50],
    [`peak RSS ≤ 200 MB (median round ${peakRss} MB; largest ${largestRss} MB)`, peakRss <= 200],
    [`no failed acknowledgements (${failed})`, failed === 0],
  ] as const;
  for (const [label, ok] of checks) console.log(`${ok ? "PASS" : "FAIL"}  ${label}`);
  mkdirSync("bench-results", { recursive: true });
  writeFileSync(
    join("bench-results", `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`),
    JSON.stringify(
      {
        seconds: SECONDS,
        connections: CONNECTIONS,
        users: USERS,
        rounds: rounds.map((r) => ({
          acknowledged: Number(r.ack.toFixed(3)),
          answered: Number(r.answered.toFixed(3)),
          rows: [r.store, r.answer, r.bot],
        })),
        checks: checks.map(([label, ok]) => ({ label, ok })),
      },
      null,
      2,
    ),
  );
  process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
} finally {
  // Wait for the servers to stop (a CPU profile is written on exit).
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill("SIGINT");
        }),
    ),
  );
}

// Then Node and the local Worker (workerd, `npm run start:worker`) on the same signed load, whatever
// the checks above said: scripts/bench-worker.ts prints the comparison (it sets no exit code).
// BENCH_SKIP_WORKER=1 leaves it out.
if (!process.env.BENCH_SKIP_WORKER) await import("./bench-worker");
