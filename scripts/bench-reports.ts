/**
 * `npm run bench` (first part): the report builders on a year's worth of data, in this process.
 * Builds, in a temporary SQLite database through the repositories, 200 measures × 12 progress entries
 * and 20,000 complaints with their status changes, then times each report as the API builds it
 * (queries + layout + zip, the libraries' first load included): the twelve-month measures report as
 * .docx and .xlsx, and the complaint statistics .xlsx — at 20,000 complaints, and again once the year
 * holds 100,000. Prints the times and this process's peak RSS; exits 1 when any takes 2 s or more.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { atomic, type Statement } from "../src/db/client";
import {
  fileComplaintStatements,
  findComplaintByEvent,
  statusChangeStatements,
} from "../src/db/repos/complaints.repo";
import { insertMeasures, logProgressStatements } from "../src/db/repos/measures.repo";
import { ensureOrganization, seedOrganizationDefaults } from "../src/db/repos/organizations.repo";
import { listUnits } from "../src/db/repos/units.repo";
import type { AppDeps } from "../src/deps";
import { buildOitZip } from "../src/reports/oit-zip";
import { buildReportFile, type ReportKind } from "../src/reports/report-files";
import { openSqlite } from "../src/runtime/sqlite";

const MEASURES = 200;
const ENTRIES = 12;
const COMPLAINTS = 20_000;
/** The statistics again once the year holds this many (issue 17: cost as the work grows). */
const COMPLAINTS_GROWN = 100_000;
const LIMIT_MS = 2000;
const ORG = "default";
/** 15 October 2027 in Bangkok: fiscal year 2570 has ended. */
const NOW = Date.parse("2027-10-15T10:00:00+07:00");
const DAY = 86_400_000;
const FY_START = Date.parse("2026-10-01T00:00:00+07:00");

const dir = mkdtempSync(join(tmpdir(), "prongsai-bench-reports-"));
const sqlite = openSqlite(join(dir, "reports.sqlite"));
const { db } = sqlite;
let seq = 0;
const id = () => `id-${++seq}`;

function memoryMb(field: "VmHWM" | "VmRSS"): number {
  const kb = Number(
    new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0,
  );
  return Math.round(kb / 1024);
}

try {
  const setupStarted = performance.now();
  await ensureOrganization(db, ORG, "องค์การบริหารส่วนตำบลทดสอบสมรรถนะ", NOW);
  await seedOrganizationDefaults(db, { now: NOW, yearCe: 2026, newId: id });
  const units = await listUnits(db);

  const method =
    "1. ประชาสัมพันธ์ให้ความรู้เรื่องผลประโยชน์ส่วนตัวและผลประโยชน์ส่วนรวม\n2. ชี้แจงแบบวัดการรับรู้ของผู้มีส่วนได้เสียภายใน (IIT) รายข้อให้บุคลากรได้ทราบและเข้าใจ\n3. เผยแพร่การดำเนินการบนเว็บไซต์ของหน่วยงาน";
  await atomic(
    db,
    insertMeasures(
      db,
      Array.from({ length: MEASURES }, (_, i) => ({
        id: `m${i}`,
        unitIds: [units[i % units.length]?.id as string, units[(i + 1) % units.length]?.id as string],
        fiscalYear: 2570,
        title: `มาตรการที่ ${i + 1} เสริมสร้างความรู้ให้บุคลากรเรื่องการแยกแยะระหว่างผลประโยชน์ส่วนตัวและส่วนรวม`,
        indicators: [(i % 10) + 1],
        method,
        startMonth: "2026-10",
        endMonth: "2027-09",
        createdAt: NOW - 400 * DAY,
      })),
    ),
  );
  for (let m = 0; m < MEASURES; m++) {
    const statements: Statement[] = [];
    for (let e = 0; e < ENTRIES; e++) {
      const done = e === ENTRIES - 1;
      statements.push(
        ...logProgressStatements(db, {
          id: id(),
          measureId: `m${m}`,
          at: FY_START + (e * 30 + 10) * DAY + m * 60_000,
          by: "สมศรี (กองคลัง)",
          authorId: null,
          text: `ประชุมชี้แจงบุคลากรครั้งที่ ${e + 1} เพื่อสร้างวัฒนธรรมองค์กร ปลูกฝังฐานความคิดแยกแยะผลประโยชน์ส่วนตนและประโยชน์ส่วนรวม โดยมีบุคลากรเข้าร่วมประชุมครบทุกคน และเผยแพร่ผลบนเว็บไซต์ของหน่วยงาน`,
          percent: done ? 100 : Math.round(((e + 1) / ENTRIES) * 100),
          status: done ? "done" : "in_progress",
          performedOn: new Date(FY_START + (e * 30 + 10) * DAY + 7 * 3_600_000).toISOString().slice(0, 10),
          reason: null,
          suggestion: e % 4 === 3 ? "ควรแจ้งบุคลากรที่บรรจุ โอน หรือย้ายมาใหม่ให้ทราบมาตรการของหน่วยงาน" : null,
          sourceEventId: null,
          photos: Array.from({ length: e % 3 }, () => ({
            id: id(),
            blobKey: id(),
            contentType: "image/jpeg",
          })),
        }),
      );
    }
    await atomic(db, statements);
  }

  const categories = ["ถนน/ทางเท้า", "ไฟฟ้าส่องสว่าง", "น้ำประปา", "ขยะและสิ่งแวดล้อม", "เหตุเดือดร้อนรำคาญ", "อื่น ๆ"];
  /** Complaints `from`…`to - 1` of a year of `COMPLAINTS_GROWN`, each filed, most taken up and closed. */
  const addComplaints = async (from: number, to: number) => {
    const BATCH = 500;
    for (let first = from; first < to; first += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, to - first) }, (_, k) => first + k);
      const createdAtOf = (i: number) =>
        FY_START + Math.floor((i / COMPLAINTS_GROWN) * 360 * DAY) + (i % 9) * 3_600_000;
      await atomic(
        db,
        batch.flatMap((i) => {
          const corruption = i % 20 === 0;
          const createdAt = createdAtOf(i);
          return fileComplaintStatements(db, {
            sourceEventId: `bench-${i}`,
            track: corruption ? "corruption" : "general",
            fiscalYear: 2570,
            categoryId: null,
            category: corruption ? "การทุจริตและประพฤติมิชอบ" : (categories[i % categories.length] as string),
            description: "ไฟฟ้าส่องสว่างดับหลายจุดบริเวณหน้าโรงเรียน",
            location: null,
            routedUnitId: null,
            anonymous: corruption,
            createdAt,
            dueDate: new Date(createdAt + 21 * DAY).toISOString().slice(0, 10),
            lineUserId: `U${String(i).padStart(32, "0")}`,
            photos: [],
            receivedBy: "ระบบ",
            receivedNote: "",
          });
        }),
      );
      const taken = batch.filter((i) => i % 5 !== 4); // every fifth left open
      const complaintOf = async (i: number) => {
        const complaint = await findComplaintByEvent(db, `bench-${i}`);
        if (!complaint) throw new Error("complaint not stored");
        return complaint;
      };
      const inProgress: Statement[] = [];
      for (const i of taken) {
        const at = createdAtOf(i) + DAY;
        inProgress.push(
          ...statusChangeStatements(db, {
            complaint: await complaintOf(i),
            status: "in_progress",
            note: "",
            by: "x",
            at,
            closedAt: null,
          }),
        );
      }
      await atomic(db, inProgress);
      const closed: Statement[] = [];
      for (const i of taken) {
        const closedAt = createdAtOf(i) + ((i % 25) + 2) * DAY;
        const status = i % 11 === 0 ? "rejected" : "resolved";
        closed.push(
          ...statusChangeStatements(db, {
            complaint: await complaintOf(i),
            status,
            note: "",
            by: "x",
            at: closedAt,
            closedAt,
          }),
        );
      }
      await atomic(db, closed);
    }
  };
  await addComplaints(0, COMPLAINTS);
  console.error(
    `bench-reports: dataset ready in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
  );

  const deps = {
    db,
    orgId: ORG,
    config: { orgName: "องค์การบริหารส่วนตำบลทดสอบสมรรถนะ", timeZone: "Asia/Bangkok" },
    clock: { now: () => NOW },
  } as unknown as AppDeps;

  // The peak from here on is the builders' (Linux: writing 5 to clear_refs resets VmHWM to VmRSS).
  globalThis.gc?.();
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {}
  const before = memoryMb("VmRSS");
  const runs: Array<{ report: string; ms: number; warmMs: number; kb: number; peakMb: number }> = [];
  /** Figures printed for the record, not held to the 2 s of one report (a bundle; a year past any อปท.'s). */
  const recorded = new Set<string>();
  /** BENCH_PROFILE=<dir>: each report's second build as a .cpuprofile (the setup stays out of it). */
  const profiled = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const profileDir = process.env.BENCH_PROFILE;
    if (!profileDir) return work();
    const session = new Session();
    session.connect();
    const post = (method: string) =>
      new Promise<unknown>((resolve, reject) =>
        session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
      );
    await post("Profiler.enable");
    await post("Profiler.start");
    try {
      return await work();
    } finally {
      const { profile } = (await post("Profiler.stop")) as { profile: unknown };
      mkdirSync(profileDir, { recursive: true });
      writeFileSync(
        join(profileDir, `${label.replace(/[^\w.-]+/g, "_")}.cpuprofile`),
        JSON.stringify(profile),
      );
      session.disconnect();
    }
  };
  const time = async (kind: ReportKind | "oit.zip", label: string, held = true) => {
    if (!held) recorded.add(label);
    globalThis.gc?.();
    try {
      writeFileSync("/proc/self/clear_refs", "5");
    } catch {}
    const build = async () => {
      const started = performance.now();
      const file =
        kind === "oit.zip"
          ? await buildOitZip(deps, { fiscalYear: 2570, period: "h1" })
          : await buildReportFile(deps, { kind, fiscalYear: 2570, period: "year" });
      return { ms: Math.round(performance.now() - started), kb: Math.round(file.bytes.byteLength / 1024) };
    };
    const first = await build();
    const warm = await profiled(label, build);
    runs.push({ report: label, ms: first.ms, warmMs: warm.ms, kb: first.kb, peakMb: memoryMb("VmHWM") });
  };
  await time("measures.docx", `measures.docx (${MEASURES} measures × ${ENTRIES} entries, year)`);
  await time("measures.xlsx", `measures.xlsx (${MEASURES} measures × ${ENTRIES} entries, year)`);
  await time("complaints.xlsx", `complaints.xlsx (${COMPLAINTS.toLocaleString("en")} complaints)`);
  await time("measures-plan.docx", `measures-plan.docx (${MEASURES} measures)`);
  await time(
    "oit.zip",
    `oit.zip (six-month round: every document above, ${COMPLAINTS.toLocaleString("en")} complaints)`,
  );
  const growing = performance.now();
  await addComplaints(COMPLAINTS, COMPLAINTS_GROWN);
  console.error(
    `bench-reports: grown to ${COMPLAINTS_GROWN.toLocaleString("en")} complaints in ${((performance.now() - growing) / 1000).toFixed(1)} s`,
  );
  await time(
    "complaints.xlsx",
    `complaints.xlsx (${COMPLAINTS_GROWN.toLocaleString("en")} complaints)`,
    false,
  );
  const peak = Math.max(...runs.map((run) => run.peakMb));

  console.log(
    "\nReport builders (queries + layout + zip; ms: first build, loading the library; warmMs: again)\n",
  );
  console.table(runs);
  console.log(`RSS of the building process: ${before} MB before the builds, peak ${peak} MB while building`);
  for (const run of runs)
    console.log(
      `${recorded.has(run.report) ? "INFO" : run.ms < LIMIT_MS ? "PASS" : "FAIL"}  ${run.report} < 2 s (${run.ms} ms)`,
    );
  process.exitCode = runs.every((run) => recorded.has(run.report) || run.ms < LIMIT_MS) ? 0 : 1;
} finally {
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
