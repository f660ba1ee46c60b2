/**
 * `npm run soak`: a long run of mixed chat load against Prongsai started as `npm start` runs it,
 * talking to the LINE double: users file complaints, answer the EIT survey, track, chat. Samples the
 * bot's RSS and reports events, errors and memory at the start and the end.
 *   SOAK_MINUTES (default 30), SOAK_USERS (100), SOAK_RATE events/s in all (50).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { START_ENV, START_NODE_FLAGS, signedTextEvent, waitHealthy } from "./bench-support";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const USERS = Number(process.env.SOAK_USERS ?? 100);
const RATE = Number(process.env.SOAK_RATE ?? 50);
const SECRET = randomBytes(16).toString("hex");
const TOKEN = randomBytes(24).toString("base64url");
const PORT = 24_000 + Math.floor(Math.random() * 1000);
const dir = mkdtempSync(join(tmpdir(), "prongsai-soak-"));
const databasePath = join(dir, "prongsai.sqlite");

const SCRIPT = [
  "เมนู",
  "ร้องเรียน",
  "ยินยอม",
  "ร้องทุกข์ทั่วไป",
  "ถนน/ทางเท้า",
  "ถนนหน้าบ้านเป็นหลุมลึก อันตรายมาก",
  "ข้าม",
  "ข้าม",
  "ยืนยัน",
  "ติดตามเรื่อง",
  "ประเมิน",
  "มาก",
  "มาก",
  "ไม่เคย",
  "ปานกลาง",
  "มาก",
  "มากที่สุด",
  "มาก",
  "มาก",
  "เคย",
  "สวัสดีครับ",
  "ร้องเรียน",
  "ร้องเรียนการทุจริต",
  "เจ้าหน้าที่เรียกเงินเพิ่มโดยไม่มีใบเสร็จ",
  "ข้าม",
  "ข้าม",
  "ไม่ประสงค์ออกนาม",
  "ยืนยัน",
  "ติดตามเรื่อง",
  "ยกเลิก",
];

function start(script: string, env: Record<string, string>): ChildProcess {
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : START_NODE_FLAGS;
  return spawn(process.execPath, [...loader, script], {
    env: { ...process.env, ...START_ENV, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

const rssMb = (pid: number | undefined) =>
  Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024);

const double = start("scripts/bench-double.ts", { PORT: String(PORT + 1), LINE_CHANNEL_ACCESS_TOKEN: TOKEN });
const bot = start("dist/runtime/node.js", {
  PORT: String(PORT),
  DATABASE_PATH: databasePath,
  LINE_CHANNEL_SECRET: SECRET,
  LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
  LINE_API_BASE_URL: `http://127.0.0.1:${PORT + 1}`,
  LINE_DATA_API_BASE_URL: `http://127.0.0.1:${PORT + 1}`,
  LOG_LEVEL: "error",
});
try {
  await waitHealthy(`http://127.0.0.1:${PORT + 1}/__double/stats`);
  await waitHealthy(`http://127.0.0.1:${PORT}/healthz`);
  const users = Array.from({ length: USERS }, () => `U${randomBytes(16).toString("hex")}`);
  const step = new Map<string, number>();
  let events = 0;
  let failedPosts = 0;
  const samples: Array<{ minute: number; rssMb: number }> = [];
  const started = Date.now();
  const sample = () =>
    samples.push({ minute: Math.round((Date.now() - started) / 6000) / 10, rssMb: rssMb(bot.pid) });
  sample();
  const sampler = setInterval(sample, 30_000);
  const end = started + MINUTES * 60_000;
  while (Date.now() < end) {
    const tickStarted = Date.now();
    await Promise.all(
      Array.from({ length: Math.max(1, Math.round(RATE / 10)) }, async () => {
        const userId = users[Math.floor(Math.random() * users.length)] as string;
        const i = step.get(userId) ?? 0;
        step.set(userId, i + 1);
        const { body, signature } = signedTextEvent(SECRET, userId, SCRIPT[i % SCRIPT.length] as string);
        events++;
        const response = await fetch(`http://127.0.0.1:${PORT}/webhook`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-line-signature": signature,
          },
          body,
        }).catch(() => null);
        if (response?.status !== 200) failedPosts++;
      }),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - tickStarted))));
  }
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 5000));
  sample();
  const db = new Database(databasePath, { readonly: true });
  const count = (query: string) => (db.prepare(query).get() as { n: number }).n;
  const report = {
    minutes: MINUTES,
    events,
    failedPosts,
    failedEvents: count(
      "SELECT count(*) AS n FROM inbox_events WHERE status = 'failed' OR last_error IS NOT NULL",
    ),
    openEvents: count("SELECT count(*) AS n FROM inbox_events WHERE status IN ('pending', 'processing')"),
    complaints: count("SELECT count(*) AS n FROM complaints"),
    failedDeliveries: count("SELECT count(*) AS n FROM outbox WHERE status = 'failed'"),
    rssStartMb: samples[0]?.rssMb,
    rssEndMb: samples.at(-1)?.rssMb,
    rssMaxMb: Math.max(...samples.map((s) => s.rssMb)),
    samples,
  };
  db.close();
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.failedPosts + report.failedEvents === 0 ? 0 : 1;
} finally {
  bot.kill("SIGINT");
  double.kill("SIGINT");
}
