/**
 * Documents fit to sign and publish (issue 15 §3): the document settings (API and console), the
 * measures report with its place, opening, signatures, budget/spent/KPI and e-PlanNACC reasons,
 * Thai numerals in every document the product writes, the evidence-photo appendix, and the OIT
 * evidence zip named after the year's OIT items.
 */
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atomic } from "../src/db/client";
import {
  fileComplaintStatements,
  findComplaintByEvent,
  statusChangeStatements,
} from "../src/db/repos/complaints.repo";
import { insertMeasures, logProgressStatements } from "../src/db/repos/measures.repo";
import { oitItemFor } from "../src/domain/ita-catalogue";
import { imageSize } from "../src/reports/image-size";
import { newLineUserId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { startTestBot, type TestBot } from "./support/bot";
import { expectThaiRefusal, fieldErrors, formValues, signedInConsole } from "./support/console-forms";
import { type RunningDouble, startDouble } from "./support/double";
import { downloadAdmin, unescapeXml } from "./support/ooxml";
import { expectThai } from "./support/thai";

/** 15 October 2027: fiscal year 2570 has ended. */
const NOW = Date.parse("2027-10-15T10:00:00+07:00");
const at = (iso: string) => Date.parse(iso);
const ASCII_DIGIT = /[0-9]/;
const THAI_DIGIT = /[\u0e50-\u0e59]/;

/** A 1×1 PNG, and a JPEG header saying 640×480. */
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);
const JPEG_HEAD = Uint8Array.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03,
]);

const SETTINGS = {
  district: "อำเภอเมืองอุบลราชธานี",
  province: "อุบลราชธานี",
  opening: "เทศบาลตำบลทดสอบได้ดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ปีงบประมาณ พ.ศ. 2570 ดังนี้",
  reporter: { name: "นางสาวสมศรี ใจดี", position: "นักวิเคราะห์นโยบายและแผนชำนาญการ" },
  checker: { name: "นายสมชาย รักงาน", position: "หัวหน้าสำนักปลัด" },
  executive: { name: "นายประเสริฐ มั่นคง", position: "นายกเทศมนตรีตำบลทดสอบ" },
  thaiNumerals: false,
};

let line: RunningDouble;
let bot: TestBot;

const download = (path: string) => downloadAdmin(bot.url, path);

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}
const text = (files: Record<string, Uint8Array>, path: string) => strFromU8(files[path] ?? new Uint8Array());

/** Every text run of a WordprocessingML part. */
function runs(xml: string): string[] {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unescapeXml(t[1] ?? ""));
}
/** The paragraphs of a .docx body, as text. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => runs(p[0]).join(""));
}
/** The shared strings of an .xlsx. */
function sharedStrings(files: Record<string, Uint8Array>): string[] {
  return [...text(files, "xl/sharedStrings.xml").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((si) =>
    unescapeXml([...(si[1] ?? "").matchAll(/<t(?: [^>]*)?>([^<]*)<\/t>/g)].map((t) => t[1]).join("")),
  );
}
/** Numeric cells (no `t="s"`) of every sheet. */
function numericCells(files: Record<string, Uint8Array>): string[] {
  return Object.keys(files)
    .filter((path) => /^xl\/worksheets\/sheet\d+\.xml$/.test(path))
    .flatMap((path) =>
      [...text(files, path).matchAll(/<c ([^>]*?)>(<v>[^<]*<\/v>)<\/c>/g)]
        .filter((cell) => !/t="s"/.test(cell[1] ?? ""))
        .map((cell) => cell[2] ?? ""),
    );
}
function sheetNames(files: Record<string, Uint8Array>): string[] {
  return [...text(files, "xl/workbook.xml").matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) =>
    unescapeXml(m[1] ?? ""),
  );
}

async function prepare() {
  const db = bot.deps.db;
  const units = (await adminApi(bot, "GET", "/units")).json.items as Array<{ id: string; name: string }>;
  const unit = units[0]?.id as string;
  const base = { indicators: [4], createdAt: NOW - 400 * 86_400_000, unitIds: [unit], fiscalYear: 2570 };
  await atomic(
    db,
    insertMeasures(db, [
      {
        ...base,
        id: "m1",
        title: "จัดทำคู่มือการยืมทรัพย์สินของราชการ",
        method: "ประชุมชี้แจงบุคลากร",
        startMonth: "2026-10",
        endMonth: "2027-09",
        kpi: "บุคลากรร้อยละ 80 เข้าใจแนวทาง",
        budget: 15000,
        spent: 12500,
      },
      {
        ...base,
        id: "m2",
        title: "เปิดเผยข้อมูลการจัดซื้อจัดจ้าง",
        method: "เผยแพร่บนเว็บไซต์",
        startMonth: "2026-10",
        endMonth: "2027-03",
      },
    ]),
  );
  let n = 0;
  const log = async (
    measureId: string,
    when: string,
    words: string,
    percent: number,
    status: "in_progress" | "done" | "cannot_do",
    extra: { reasonCode?: "no_budget" | "other"; reason?: string; photos?: number } = {},
  ) => {
    n++;
    await atomic(
      db,
      logProgressStatements(db, {
        id: `p${n}`,
        measureId,
        at: at(when),
        by: "สมศรี",
        authorId: newLineUserId(),
        text: words,
        percent,
        status,
        performedOn: when.slice(0, 10),
        reasonCode: extra.reasonCode ?? null,
        reason: extra.reason ?? null,
        suggestion: null,
        sourceEventId: null,
        photos: Array.from({ length: extra.photos ?? 0 }, (_, i) => ({
          id: `p${n}-photo${i}`,
          blobKey: `photo-${n}-${i}`,
          contentType: "image/png",
        })),
      }),
    );
    for (let i = 0; i < (extra.photos ?? 0); i++)
      await bot.deps.blobs.put(`photo-${n}-${i}`, PNG, "image/png");
  };
  await log("m1", "2027-01-11T10:00:00+07:00", "ประชุมชี้แจงบุคลากรเรื่องการยืมทรัพย์สิน", 50, "in_progress", {
    photos: 2,
  });
  await log("m1", "2027-02-07T10:00:00+07:00", "เผยแพร่คู่มือบนเว็บไซต์", 100, "done", { photos: 3 });
  await log("m2", "2026-12-07T14:00:00+07:00", "จัดเตรียมข้อมูล", 20, "cannot_do", {
    reasonCode: "no_budget",
    reason: "งบประมาณถูกโอนไปใช้ภัยแล้ง",
  });
  // A complaint, so the statistics have figures and a register line.
  await atomic(
    db,
    fileComplaintStatements(db, {
      sourceEventId: "g1",
      track: "general",
      fiscalYear: 2570,
      categoryId: null,
      category: "ถนน/ทางเท้า",
      description: "ถนนชำรุด",
      location: null,
      routedUnitId: null,
      anonymous: false,
      createdAt: at("2026-11-05T10:00:00+07:00"),
      dueDate: "2026-11-26",
      lineUserId: newLineUserId(),
      photos: [],
      receivedBy: "ระบบ",
      receivedNote: "",
    }),
  );
  const complaint = await findComplaintByEvent(db, "g1");
  if (!complaint) throw new Error("no complaint");
  const resolvedAt = at("2026-11-10T10:00:00+07:00");
  await atomic(
    db,
    statusChangeStatements(db, {
      complaint,
      status: "resolved",
      note: "ซ่อมแล้ว",
      by: "กองช่าง",
      at: resolvedAt,
      closedAt: resolvedAt,
      reopen: false,
    }),
  );
}

const putSettings = (settings: typeof SETTINGS) => adminApi(bot, "PUT", "/settings/documents", settings);

beforeAll(async () => {
  line = await startDouble();
  bot = await startTestBot(line, { clock: { now: () => NOW } });
  await prepare();
});
afterAll(async () => {
  await bot?.close();
  await line?.close();
});

describe("document settings", () => {
  it("are set through the admin API; a bad field is refused in Thai, naming it", async () => {
    const tooLong = await adminApi(bot, "PUT", "/settings/documents", {
      ...SETTINGS,
      district: "ก".repeat(101),
      checker: { name: 5, position: "" },
    });
    expect(tooLong.status).toBe(400);
    const problems = JSON.stringify(tooLong.json);
    expect(problems).toContain("district");
    expect(problems).toContain("checker.name");
    expect((await adminApi(bot, "GET", "/settings/documents")).json.district).toBe("");
    const saved = await putSettings(SETTINGS);
    expect(saved.status).toBe(200);
    expect((await adminApi(bot, "GET", "/settings/documents")).json).toEqual(SETTINGS);
  });

  it("have a console form: Thai messages beside the fields, what was typed kept, then saved", async () => {
    const b = await signedInConsole(bot, "docsettings");
    const from = "/admin/settings";
    const bad = {
      district: "บางกะปิ",
      province: "ก".repeat(101),
      opening: "ข้อความนำ",
      "reporter.name": "ข".repeat(121),
      "reporter.position": "นักวิเคราะห์",
      "checker.name": "",
      "checker.position": "",
      "executive.name": "",
      "executive.position": "",
      thaiNumerals: "1",
    };
    expectThaiRefusal(await b.post("/admin/settings/documents", bad, { from }), {
      status: 400,
      form: "documents-form",
      kept: bad,
      beside: ["province", "reporter.name"],
    });
    const good = {
      ...bad,
      province: "อุบลราชธานี",
      "reporter.name": "นางสาวสมศรี ใจดี",
      "executive.position": "นายกเทศมนตรี",
    };
    const saved = await b.post("/admin/settings/documents", good, { from });
    expect(saved.status).toBe(303);
    const page = await b.get("/admin/settings");
    expect(fieldErrors(page.html)).toEqual([]);
    expect(formValues(page.html, "documents-form")).toMatchObject(good);
    const stored = (await adminApi(bot, "GET", "/settings/documents")).json;
    expect(stored.reporter).toEqual({ name: "นางสาวสมศรี ใจดี", position: "นักวิเคราะห์" });
    expect(stored.thaiNumerals).toBe(true);
    await putSettings(SETTINGS); // back to the suite's settings
  });

  it("the reports page offers the OIT evidence zip, and it downloads in the console", async () => {
    const b = await signedInConsole(bot, "oitlinks");
    const page = await b.get("/admin/reports?fiscalYear=2570");
    expect(page.html).toContain("ดาวน์โหลดหลักฐาน OIT ทั้งหมด");
    const link = /href="(\/admin\/reports\/oit\.zip\?fiscalYear=2570&amp;period=h1)"/.exec(page.html)?.[1];
    expect(link).toBeDefined();
    const zip = await b.get((link ?? "").replace(/&amp;/g, "&"));
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
  });
});

describe("the measures report, fit to sign", () => {
  it("names the place, opens with the paragraph, shows budget/spent/KPI and the reason, and ends with the signatures", async () => {
    await putSettings(SETTINGS);
    const docx = unzip((await download("/reports/measures.docx?fiscalYear=2570&period=h1")).bytes);
    const body = paragraphs(text(docx, "word/document.xml"));
    const all = body.join("\n");
    expect(body).toContain("อำเภอเมืองอุบลราชธานี จังหวัดอุบลราชธานี");
    expect(body.indexOf(SETTINGS.opening)).toBeGreaterThan(body.indexOf("อำเภอเมืองอุบลราชธานี จังหวัดอุบลราชธานี"));
    expect(body.indexOf(SETTINGS.opening)).toBeLessThan(body.indexOf("ลำดับ"));
    expect(all).toContain("ตัวชี้วัดความสำเร็จ: บุคลากรร้อยละ 80 เข้าใจแนวทาง");
    expect(all).toContain("งบประมาณ: 15,000 บาท");
    expect(all).toContain("ใช้จ่ายงบประมาณแล้ว 12,500 บาท (ร้อยละ 83.3 ของงบประมาณ)");
    expect(all).toContain("เหตุผลที่ไม่สามารถดำเนินการได้: ไม่มีงบประมาณ (งบประมาณถูกโอนไปใช้ภัยแล้ง)");
    // The second measure has no budget, no KPI: nothing printed for them.
    const second = body.indexOf("เปิดเผยข้อมูลการจัดซื้อจัดจ้าง");
    expect(body.slice(second, second + 4).join(" ")).not.toContain("งบประมาณ:");
    // The signatures come last (no appendix asked for), each with its name and position.
    const signatures = body.slice(body.findIndex((p) => p.startsWith("ลงชื่อ")));
    expect(signatures.filter((p) => p.startsWith("ลงชื่อ"))).toEqual([
      expect.stringMatching(/^ลงชื่อ \.+ ผู้รายงาน$/),
      expect.stringMatching(/^ลงชื่อ \.+ ผู้ตรวจสอบ$/),
      expect.stringMatching(/^ลงชื่อ \.+ ผู้บริหาร$/),
    ]);
    for (const signer of [SETTINGS.reporter, SETTINGS.checker, SETTINGS.executive]) {
      expect(signatures).toContain(`(${signer.name})`);
      expect(signatures).toContain(signer.position);
    }
    expect(body.findIndex((p) => p.startsWith("สรุปผล:"))).toBeLessThan(
      body.findIndex((p) => p.startsWith("ลงชื่อ")),
    );

    const xlsx = unzip((await download("/reports/measures.xlsx?fiscalYear=2570&period=year")).bytes);
    const strings = sharedStrings(xlsx).join("\n");
    for (const expected of [
      "เทศบาลตำบลทดสอบ อำเภอเมืองอุบลราชธานี จังหวัดอุบลราชธานี ประจำปีงบประมาณ พ.ศ. 2570 รอบ 12 เดือน",
      SETTINGS.opening,
      "งบประมาณ: 15,000 บาท",
      "ไม่มีงบประมาณ (งบประมาณถูกโอนไปใช้ภัยแล้ง)",
      `(${SETTINGS.reporter.name})`,
      `(${SETTINGS.checker.name})`,
      `(${SETTINGS.executive.name})`,
      SETTINGS.executive.position,
    ]) {
      expect(strings).toContain(expected);
    }
  });

  it("leaves blank lines to sign when no signer is set", async () => {
    await putSettings({ ...SETTINGS, reporter: { name: "", position: "" } });
    const body = paragraphs(
      text(unzip((await download("/reports/measures.docx?fiscalYear=2570")).bytes), "word/document.xml"),
    );
    const at = body.findIndex((p) => p.endsWith("ผู้รายงาน"));
    expect(body[at + 1]).toMatch(/^\(\.{10,}\)$/);
    expect(body[at + 2]).toMatch(/^ตำแหน่ง \.{10,}$/);
    await putSettings(SETTINGS);
  });

  it("never names the product in a document's body", async () => {
    await putSettings(SETTINGS);
    const docx = unzip((await download("/reports/measures.docx?fiscalYear=2570&period=h1")).bytes);
    const bodies = [...runs(text(docx, "word/document.xml")), ...runs(text(docx, "word/footer1.xml"))].join(
      "\n",
    );
    const workbooks = await Promise.all(
      ["measures.xlsx?period=h1&", "complaints.xlsx?", "eit.xlsx?"].map(async (kind) =>
        sharedStrings(unzip((await download(`/reports/${kind}fiscalYear=2570`)).bytes)).join("\n"),
      ),
    );
    const svg = strFromU8((await download("/reports/complaints-chart.svg?fiscalYear=2570")).bytes);
    for (const document of [bodies, ...workbooks, svg]) {
      expect(document).not.toMatch(/prongsai/i);
      // "โปร่งใส" only as the words of the measures' name (ความโปร่งใส), never as a system's name.
      expect(document.replaceAll("ความโปร่งใส", "")).not.toContain("โปร่งใส");
    }
  });
});

describe("Thai numerals", () => {
  it("when set, every numeral of every document is a Thai digit; when not, none is", async () => {
    await putSettings({ ...SETTINGS, thaiNumerals: true });
    for (const period of ["h1", "year"]) {
      const docx = unzip((await download(`/reports/measures.docx?fiscalYear=2570&period=${period}`)).bytes);
      const words = [...runs(text(docx, "word/document.xml")), ...runs(text(docx, "word/footer1.xml"))].join(
        "\n",
      );
      expect(words).toContain("๒๕๗๐");
      expect(words).toContain("๑๕,๐๐๐ บาท");
      expect(words.match(/[0-9]+/g) ?? []).toEqual([]);
      // Page numbers in Thai digits too: the section numbers its pages so, and no count field.
      expect(text(docx, "word/document.xml")).toContain('w:fmt="thaiNumbers"');
      expect(text(docx, "word/footer1.xml")).not.toContain("NUMPAGES");
    }
    for (const kind of ["measures.xlsx?period=year&", "complaints.xlsx?", "eit.xlsx?"]) {
      const files = unzip((await download(`/reports/${kind}fiscalYear=2570`)).bytes);
      const strings = sharedStrings(files);
      expect(strings.join("\n"), kind).toMatch(THAI_DIGIT);
      expect(
        strings.filter((s) => ASCII_DIGIT.test(s)),
        kind,
      ).toEqual([]);
      // Numbers are written as Thai-digit text (no number format shows them in both Excel and LibreOffice).
      expect(numericCells(files), kind).toEqual([]);
      expect(
        sheetNames(files).filter((name) => ASCII_DIGIT.test(name)),
        kind,
      ).toEqual([]);
      for (const sheet of Object.keys(files).filter((p) => p.startsWith("xl/worksheets/sheet"))) {
        expect(text(files, sheet)).not.toContain("&amp;P");
      }
    }
    const svg = strFromU8((await download("/reports/complaints-chart.svg?fiscalYear=2570")).bytes);
    const drawn = [...svg.matchAll(/>([^<]+)</g)].map((m) => m[1]).join(" ");
    expect(drawn).toContain("๒๕๗๐");
    expect(drawn).not.toMatch(ASCII_DIGIT);

    await putSettings({ ...SETTINGS, thaiNumerals: false });
    const plain = unzip((await download("/reports/measures.docx?fiscalYear=2570&period=h1")).bytes);
    expect(runs(text(plain, "word/document.xml")).join("\n")).not.toMatch(THAI_DIGIT);
    for (const kind of ["measures.xlsx?", "complaints.xlsx?", "eit.xlsx?"]) {
      const files = unzip((await download(`/reports/${kind}fiscalYear=2570`)).bytes);
      expect(sharedStrings(files).join("\n"), kind).not.toMatch(THAI_DIGIT);
      expect(numericCells(files).length, kind).toBeGreaterThan(0);
    }
  });
});

describe("evidence photos", () => {
  it("reads a photo's size from its header", () => {
    expect(imageSize(PNG)).toEqual({ type: "png", width: 1, height: 1 });
    expect(imageSize(JPEG_HEAD)).toEqual({ type: "jpg", width: 640, height: 480 });
    expect(imageSize(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });

  it("are an appendix of the .docx when asked for: at most three per measure, captioned with the day", async () => {
    await putSettings(SETTINGS);
    const without = unzip((await download("/reports/measures.docx?fiscalYear=2570&period=h1")).bytes);
    expect(Object.keys(without).filter((p) => p.startsWith("word/media/"))).toEqual([]);
    const bad = await download("/reports/measures.docx?fiscalYear=2570&period=h1&photos=yes");
    expect(bad.status).toBe(400);
    expectThai(
      JSON.parse(strFromU8(bad.bytes)).errors?.[0]?.message ??
        JSON.stringify(JSON.parse(strFromU8(bad.bytes))),
    );
    const docx = unzip((await download("/reports/measures.docx?fiscalYear=2570&period=h1&photos=1")).bytes);
    const xml = text(docx, "word/document.xml");
    expect((xml.match(/<pic:pic\b/g) ?? []).length).toBe(3); // 2 + 3 photos of m1, at most 3
    const body = paragraphs(xml);
    const appendix = body.slice(body.indexOf("ภาคผนวก ภาพประกอบผลการดำเนินการ"));
    expect(appendix).toContain("1. จัดทำคู่มือการยืมทรัพย์สินของราชการ");
    expect(appendix.filter((p) => p === "วันที่ 11 มกราคม 2570")).toHaveLength(2);
    expect(appendix).toContain("วันที่ 7 กุมภาพันธ์ 2570");
    // The signatures stay before the appendix.
    expect(body.findIndex((p) => p.endsWith("ผู้บริหาร"))).toBeLessThan(
      body.indexOf("ภาคผนวก ภาพประกอบผลการดำเนินการ"),
    );
  });
});

describe("the OIT evidence zip", () => {
  it("holds every document of the round, named after that year's OIT items, with an index", async () => {
    await putSettings(SETTINGS);
    const answer = await download("/reports/oit.zip?fiscalYear=2570&period=h1");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/zip");
    expect(answer.headers.get("content-disposition")).toContain("oit-evidence-2570-h1.zip");
    const files = unzip(answer.bytes);
    const names = Object.keys(files);
    const report = oitItemFor(2570, "measures-report");
    const complaints = oitItemFor(2570, "complaint-statistics");
    expect(report?.code).toBe("o28");
    expect(complaints?.code).toBe("o19");
    expect(names).toEqual(
      expect.arrayContaining([
        "O28 รายงานผลการดำเนินการตามมาตรการ ปีงบประมาณ 2570 รอบ 6 เดือน.docx",
        "O28 รายงานผลการดำเนินการตามมาตรการ ปีงบประมาณ 2570 รอบ 6 เดือน.xlsx",
        "O19 สถิติเรื่องร้องเรียน ปีงบประมาณ 2570.xlsx",
        "O19 กราฟเรื่องร้องเรียนรายเดือน ปีงบประมาณ 2570.svg",
        "ประกอบ สรุปผล EIT ปีงบประมาณ 2570.xlsx",
        "index.html",
        "index.txt",
      ]),
    );
    // Each document is the one the API serves on its own.
    const alone = unzip((await download("/reports/measures.docx?fiscalYear=2570&period=h1")).bytes);
    const inZip = unzip(
      files["O28 รายงานผลการดำเนินการตามมาตรการ ปีงบประมาณ 2570 รอบ 6 เดือน.docx"] ?? new Uint8Array(),
    );
    expect(text(inZip, "word/document.xml")).toBe(text(alone, "word/document.xml"));
    const html = text(files, "index.html");
    const txt = text(files, "index.txt");
    for (const name of names.filter((n) => !n.startsWith("index."))) {
      expect(html).toContain(name.replace(/&/g, "&amp;"));
      expect(txt).toContain(name);
    }
    expect(html).toContain(report?.text ?? "?");
    expect(html).toContain(complaints?.text ?? "?");
    expect(txt).toContain(`O28 ${report?.text}`);
    // The twelve-month round is published for the next assessment, whose item names this year.
    const year = unzip((await download("/reports/oit.zip?fiscalYear=2570&period=year")).bytes);
    expect(Object.keys(year)).toContain("O28 รายงานผลการดำเนินการตามมาตรการ ปีงบประมาณ 2570 รอบ 12 เดือน.docx");
    expect(text(year, "index.txt")).toContain(`O28 ${oitItemFor(2571, "measures-report")?.text}`);
    expect(text(year, "index.txt")).toContain("ประจำปี พ.ศ. 2570");
    // A year whose form numbers the items differently: the codes follow it.
    const older = unzip((await download("/reports/oit.zip?fiscalYear=2566&period=year")).bytes);
    expect(Object.keys(older)).toEqual(
      expect.arrayContaining([
        "O43 รายงานผลการดำเนินการตามมาตรการ ปีงบประมาณ 2566 รอบ 12 เดือน.docx",
        "O31 สถิติเรื่องร้องเรียน ปีงบประมาณ 2566.xlsx",
      ]),
    );
  });

  it("opens the year with its measures plan and, once last year's ITA result is in, its analysis", async () => {
    const plan = oitItemFor(2570, "measures-plan");
    expect(plan).toBeDefined();
    const code = plan?.code.toUpperCase();
    const before = Object.keys(unzip((await download("/reports/oit.zip?fiscalYear=2570&period=h1")).bytes));
    expect(before).toContain(`${code} มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ปีงบประมาณ 2570.docx`);
    expect(before.some((name) => name.includes("ITA"))).toBe(false); // no 2569 result recorded: left out
    const saved = await adminApi(bot, "POST", "/ita-results", {
      fiscalYear: 2569,
      total: 91.76,
      indicators: Array.from({ length: 10 }, (_, i) => ({ indicator: i + 1, score: i === 8 ? 74 : 95 })),
    });
    expect(saved.status).toBeLessThan(300);
    const after = unzip((await download("/reports/oit.zip?fiscalYear=2570&period=h1")).bytes);
    const analysis = Object.keys(after).find((name) =>
      name.includes("วิเคราะห์ผลการประเมิน ITA ปีงบประมาณ 2569"),
    );
    expect(analysis?.startsWith(`${code} `)).toBe(true);
    expect(text(after, "index.txt")).toContain(analysis ?? "?");
    // The twelve-month round reports on the year; the plan was published with the first round.
    const year = Object.keys(unzip((await download("/reports/oit.zip?fiscalYear=2570&period=year")).bytes));
    expect(year.some((name) => name.includes("มาตรการส่งเสริมคุณธรรม"))).toBe(false);
  });

  it("refuses a bad round in Thai", async () => {
    const bad = await download("/reports/oit.zip?fiscalYear=2570&period=q3");
    expect(bad.status).toBe(400);
    expect(strFromU8(bad.bytes)).toContain("period");
  });
});
