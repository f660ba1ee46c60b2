/**
 * Render check of the measures report: builds a sample six-month report as .docx (the same builder
 * the API uses), converts it with LibreOffice and draws page 1 as bench-results/report-page1.png, to
 * look at (Thai shaping, column widths, landscape) before changing the layout.
 *
 *   npx tsx scripts/render-report.ts
 *
 * Needs `libreoffice` (Debian: libreoffice-writer), `pdftoppm` (poppler-utils) and a Thai font
 * (fonts-thai-tlwg: its Laksaman stands in for TH Sarabun New); run as root, it installs what is missing.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { measuresDocx } from "../src/reports/measures-docx";
import { buildMeasuresReport, type MeasureForReport } from "../src/reports/measures-report";
import { measuresXlsx } from "../src/reports/measures-xlsx";

const OUT = "bench-results";
const has = (command: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

const missing = [
  ...(has("libreoffice") || has("soffice") ? [] : ["libreoffice-writer"]),
  ...(has("pdftoppm") ? [] : ["poppler-utils"]),
  ...(existsSync("/usr/share/fonts/truetype/tlwg") ? [] : ["fonts-thai-tlwg"]),
];
if (missing.length > 0) {
  if (process.getuid?.() !== 0) {
    console.error(`render-report: install first: apt-get install -y ${missing.join(" ")}`);
    process.exit(1);
  }
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

const at = (iso: string) => Date.parse(iso);
const entry = (
  iso: string,
  text: string,
  percent: number,
  status: "in_progress" | "done" | "cannot_do",
  extra: { reason?: string; suggestion?: string; photos?: number } = {},
) => ({
  performedOn: iso.slice(0, 10),
  text,
  percent,
  status,
  reason: extra.reason ?? null,
  suggestion: extra.suggestion ?? null,
  photos: extra.photos ?? 0,
});

const measures: MeasureForReport[] = [
  {
    title: "เสริมสร้างความรู้ให้บุคลากรในหน่วยงานเรื่องการแยกแยะระหว่างผลประโยชน์ส่วนตัวและส่วนรวม",
    method:
      "1. ประชาสัมพันธ์ให้ความรู้เรื่องผลประโยชน์ส่วนตัวและผลประโยชน์ส่วนรวม\n2. ชี้แจงแบบวัดการรับรู้ของผู้มีส่วนได้เสียภายใน (IIT) รายข้อให้บุคลากรได้ทราบและเข้าใจ\n3. ประชาสัมพันธ์ช่องทางการตอบแบบวัด EIT",
    indicators: [1, 5],
    startMonth: "2027-01",
    endMonth: "2027-03",
    units: ["สำนักปลัด"],
    progress: [
      entry(
        "2027-01-11T10:00:00+07:00",
        "ประชุมเพื่อสร้างวัฒนธรรมองค์กร ปลูกฝังฐานความคิดแยกแยะผลประโยชน์ส่วนตนและประโยชน์ส่วนรวม โดยมีบุคลากรเข้าร่วมประชุมครบทุกคน",
        50,
        "in_progress",
        { photos: 3 },
      ),
      entry("2027-02-07T14:00:00+07:00", "ชี้แจงแบบวัด IIT รายข้อในการประชุมพนักงานประจำเดือน", 100, "done", {
        photos: 2,
        suggestion: "หากมีบุคลากรบรรจุ/โอน/ย้าย ควรให้สำนักปลัดแจ้งให้ทราบถึงมาตรการต่าง ๆ ของหน่วยงาน",
      }),
    ],
  },
  {
    title: "กำหนดผู้รับผิดชอบในการเผยแพร่ข้อมูลข่าวสาร",
    method: "จัดทำคำสั่งมอบหมายผู้รับผิดชอบในการเผยแพร่ข้อมูลข่าวสารให้เป็นปัจจุบัน",
    indicators: [9],
    startMonth: "2026-10",
    endMonth: "2027-09",
    units: ["สำนักปลัด", "กองคลัง", "กองช่าง"],
    progress: [
      entry(
        "2026-11-16T09:00:00+07:00",
        "มีคำสั่งมอบหมายงานที่ 20/2570 และเผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์ของหน่วยงาน",
        60,
        "in_progress",
        { photos: 1 },
      ),
    ],
  },
  {
    title: "การกำหนดแนวทางปฏิบัติขั้นตอนการขออนุญาตเพื่อยืมทรัพย์สินของทางราชการที่ถูกต้องตามระเบียบ",
    method:
      "(1) จัดทำแนวทางปฏิบัติ/ระเบียบการใช้ทรัพย์สินของทางราชการ\n(2) จัดทำคู่มือเกี่ยวกับแนวทางปฏิบัติ\n(3) เผยแพร่ประชาสัมพันธ์แนวทางปฏิบัติ",
    indicators: [4],
    startMonth: "2027-01",
    endMonth: "2027-09",
    units: ["กองคลัง"],
    progress: [
      entry("2027-03-02T11:00:00+07:00", "จัดเตรียมร่างคู่มือการยืมทรัพย์สิน", 20, "cannot_do", {
        reason: "รอระเบียบกระทรวงมหาดไทยฉบับใหม่",
      }),
    ],
  },
  {
    title: "การปรับปรุงระบบการทำงาน",
    method: "จัดทำระบบบริการเชิงรุก จัดชุดบริการเคลื่อนที่ให้บริการนอกสถานที่",
    indicators: [6, 8],
    startMonth: "2027-04",
    endMonth: "2027-09",
    units: ["ทุกส่วนราชการ"],
    progress: [],
  },
];

const report = buildMeasuresReport({
  orgName: "องค์การบริหารส่วนตำบลตัวอย่าง",
  fiscalYear: 2570,
  period: "h1",
  timeZone: "Asia/Bangkok",
  generatedAt: at("2027-04-05T09:00:00+07:00"),
  measures,
});

mkdirSync(OUT, { recursive: true });
const docx = join(OUT, "report.docx");
writeFileSync(docx, await measuresDocx(report));
writeFileSync(join(OUT, "report.xlsx"), await measuresXlsx(report));
execFileSync(
  has("libreoffice") ? "libreoffice" : "soffice",
  ["--headless", "--convert-to", "pdf", "--outdir", OUT, docx],
  {
    stdio: "inherit",
  },
);
execFileSync(
  "pdftoppm",
  [
    "-png",
    "-r",
    "80",
    "-f",
    "1",
    "-l",
    "1",
    "-singlefile",
    join(OUT, "report.pdf"),
    join(OUT, "report-page1"),
  ],
  {
    stdio: "inherit",
  },
);
const pages = execFileSync("pdfinfo", [join(OUT, "report.pdf")], { encoding: "utf8" });
console.log(
  pages
    .split("\n")
    .filter((line) => /Pages|Page size/.test(line))
    .join("\n"),
);
console.log(`render-report: wrote ${join(OUT, "report-page1.png")}`);
