/**
 * Render check of the year's documents as an officer gets them: seed 001's measures table imported as
 * laid out (test/fixtures), its ITA scores for 2568, progress entries dated across the six-month
 * boundary, a year of complaints, document settings with Thai numerals and the three signers — then
 * every document of the OIT zip built by the same code the API uses, converted with LibreOffice and
 * each page drawn as a PNG under bench-results/render-year/ (page counts printed), to look at.
 *
 *   npx tsx scripts/render-year.ts
 *
 * Needs `soffice` (LibreOffice), `pdfinfo`/`pdftoppm` (poppler-utils) and a Thai font (fonts-thai-tlwg).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { atomic, type Statement } from "../src/db/client";
import {
  fileComplaintStatements,
  findComplaintByEvent,
  statusChangeStatements,
} from "../src/db/repos/complaints.repo";
import { listMeasures, logProgressStatements } from "../src/db/repos/measures.repo";
import { setSetting } from "../src/db/repos/settings.repo";
import { DOCUMENT_SETTINGS_KEY, documentSettingsSchema } from "../src/features/reports/document-settings";
import { buildOitZip } from "../src/reports/oit-zip";
import { commitPlanned } from "../src/services/commit";
import { planImportItaResult } from "../src/services/ita.service";
import { planImportMeasures } from "../src/services/measures.service";
import { ADMIN_API_ACTOR } from "../src/services/plan";
import { serviceDeps } from "../test/support/services";

const OUT = join("bench-results", "render-year");
const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

/** 15 October 2026: fiscal year 2569 has just ended. */
const deps = await serviceDeps({ startAt: at("2026-10-15T10:00:00+07:00") });
const fixture = (name: string) => readFileSync(join("test", "fixtures", name), "utf8");
const ok = (result: { ok: boolean; error?: unknown }, what: string): void => {
  if (!result.ok) throw new Error(`${what}: ${JSON.stringify(result.error)}`);
};
ok(
  await commitPlanned(
    deps,
    await planImportMeasures(deps, { format: "csv", csv: fixture("seed-001-measures.csv") }, ADMIN_API_ACTOR),
    ADMIN_API_ACTOR,
  ),
  "measures import",
);
ok(
  await commitPlanned(
    deps,
    await planImportItaResult(deps, { fiscalYear: 2568, csv: fixture("seed-001-ita.txt") }, ADMIN_API_ACTOR),
    ADMIN_API_ACTOR,
  ),
  "ITA import",
);
await atomic(deps.db, [
  setSetting(
    deps.db,
    DOCUMENT_SETTINGS_KEY,
    documentSettingsSchema.parse({
      district: "กุดรัง",
      province: "มหาสารคาม",
      opening:
        "องค์การบริหารส่วนตำบลได้ดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2569 โดยมีผลการดำเนินการดังนี้",
      reporter: { name: "นางสาวสมศรี ใจงาม", position: "นักวิเคราะห์นโยบายและแผน" },
      checker: { name: "นายสมหมาย ตั้งใจ", position: "ปลัดองค์การบริหารส่วนตำบล" },
      executive: { name: "นายสมชาย ใจดี", position: "นายกองค์การบริหารส่วนตำบล" },
      thaiNumerals: true,
    }),
    deps.clock.now(),
  ),
]);

// Progress: each measure gets entries across the year, two of them on either side of 31 March.
const measures = await listMeasures(deps.db, { fiscalYear: 2569 });
const texts = [
  "ประชุมชี้แจงบุคลากรให้ทราบแนวทางตามมาตรการ และมอบหมายผู้รับผิดชอบ",
  "เผยแพร่ประกาศและคู่มือบนเว็บไซต์ขององค์การบริหารส่วนตำบลและบอร์ดประชาสัมพันธ์",
  "ติดตามผลการปฏิบัติงานและรายงานผู้บริหารทราบ",
];
let n = 0;
for (const [i, measure] of measures.entries()) {
  const days = ["2025-11-12", "2026-03-31", "2026-04-01", "2026-08-20"];
  const statements: Statement[] = [];
  for (const [e, performedOn] of days.entries()) {
    const done = e === days.length - 1 && i % 3 !== 2;
    statements.push(
      ...logProgressStatements(deps.db, {
        id: `p${++n}`,
        measureId: measure.id,
        at: at(`${performedOn}T16:00:00+07:00`) + 5 * DAY,
        performedOn,
        by: "สมศรี (สำนักปลัด)",
        authorId: null,
        text: texts[e % texts.length] as string,
        percent: done ? 100 : 25 * (e + 1),
        status: done ? "done" : i % 5 === 4 && e === 3 ? "cannot_do" : "in_progress",
        reasonCode: i % 5 === 4 && e === 3 ? "no_budget" : null,
        reason: i % 5 === 4 && e === 3 ? "ไม่มีงบประมาณ" : null,
        suggestion: e === 1 ? "ควรแจ้งบุคลากรที่บรรจุ โอน หรือย้ายมาใหม่ให้ทราบมาตรการของหน่วยงาน" : null,
        sourceEventId: null,
        photos: [],
      }),
    );
  }
  await atomic(deps.db, statements);
}

// A year of complaints: 180 general and 8 corruption, most taken up and closed.
for (let i = 0; i < 188; i++) {
  const corruption = i % 23 === 0;
  const createdAt = at("2025-10-03T09:00:00+07:00") + Math.floor((i / 188) * 360) * DAY;
  const event = `render-${i}`;
  await atomic(
    deps.db,
    fileComplaintStatements(deps.db, {
      sourceEventId: event,
      track: corruption ? "corruption" : "general",
      fiscalYear: 2569,
      categoryId: null,
      category: corruption
        ? "การทุจริตและประพฤติมิชอบ"
        : (["ถนน/ทางเท้า", "ไฟฟ้าส่องสว่าง", "น้ำประปา", "ขยะ"][i % 4] as string),
      description: "ไฟฟ้าส่องสว่างดับหลายจุด",
      location: null,
      routedUnitId: null,
      anonymous: corruption,
      createdAt,
      dueDate: new Date(createdAt + 21 * DAY).toISOString().slice(0, 10),
      lineUserId: `U${String(i).padStart(32, "0")}`,
      photos: [],
      receivedBy: "ระบบ",
      receivedNote: "",
    }),
  );
  if (i % 6 === 5) continue;
  for (const [status, after] of [
    ["in_progress", 1],
    [i % 9 === 0 ? "rejected" : "resolved", 3 + (i % 20)],
  ] as const) {
    const complaint = await findComplaintByEvent(deps.db, event);
    if (!complaint) throw new Error("complaint not stored");
    const when = createdAt + after * DAY;
    await atomic(
      deps.db,
      statusChangeStatements(deps.db, {
        complaint,
        status,
        note: "",
        by: "เจ้าหน้าที่",
        at: when,
        closedAt: status === "in_progress" ? null : when,
      }),
    );
  }
}

for (const period of ["h1", "year"] as const) {
  const zip = await buildOitZip(deps, { fiscalYear: 2569, period });
  const dir = join(OUT, period);
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(unzipSync(zip.bytes))) {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    if (!/\.(docx|xlsx)$/.test(name)) continue;
    execFileSync("soffice", ["--headless", "--convert-to", "pdf", "--outdir", dir, file], {
      stdio: "ignore",
    });
    const pdf = file.replace(/\.(docx|xlsx)$/, ".pdf");
    const pages = /Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))?.[1];
    const prefix = join(
      dir,
      `${name.replace(/\s.*$/, "").replace(/[^\w]/g, "") || "extra"}-${name.length}-${name.slice(-4)}`,
    );
    execFileSync("pdftoppm", ["-png", "-r", "50", pdf, prefix]);
    console.log(`${period}\t${pages} pages\t${name}\t→ ${prefix}-*.png`);
  }
}
