/**
 * Every measures, ITA, EIT and report form of the console, sent bad input: each refusal is Thai (no
 * run of English words anywhere on the page), shown beside its field, and what was typed is kept.
 */
import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, itaResults, measures } from "../src/db/schema";
import { STANDARD_MEASURES } from "../src/domain/measure-catalogue";
import { adminApi } from "./support/admin";
import { useBot } from "./support/harness";
import { expectThai, isThaiMessage } from "./support/thai";

/** 3 December 2026 in Bangkok: fiscal year 2570. */
const t = useBot({ startAt: Date.parse("2026-12-03T10:00:00+07:00") });

const HEADER = "ปีงบประมาณ,มาตรการ/แนวทาง,ตัวชี้วัด,วิธีการดำเนินการ,ผู้รับผิดชอบ,เริ่ม,สิ้นสุด,ตัวชี้วัดความสำเร็จ,งบประมาณ";

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};
const decodeEntities = (html: string) =>
  html.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/** What a reader sees: the body's text, tags gone, entities decoded. */
function pageText(html: string): string {
  const body = html.slice(html.indexOf("<body"));
  return decodeEntities(body.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ");
}

/** The messages shown beside `field`. */
function fieldErrors(html: string, field: string): string[] {
  const pattern = new RegExp(`<span[^>]*data-field="${field}"[^>]*>([^<]*)</span>`, "g");
  return [...html.matchAll(pattern)].map((match) => decodeEntities(match[1] ?? ""));
}

/** The import's bad rows: [row, field, message]. */
function rowErrors(html: string): string[][] {
  return [...html.matchAll(/<tr data-testid="import-error">(.*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? "").matchAll(/<td>(.*?)<\/td>/g)].map((cell) => decodeEntities(cell[1] ?? "")),
  );
}

/** The pasted CSV as the form shows it again (a form posts line breaks as CRLF). */
/** The pasted CSV as the page shows it again (a form posts its line breaks as CRLF). */
const textareaOf = (html: string) =>
  decodeEntities(/<textarea name="csv">([^<]*)<\/textarea>/.exec(html)?.[1] ?? "").replace(/\r\n/g, "\n");
const inputValue = (html: string, name: string) =>
  decodeEntities(new RegExp(`<input name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? "");

/** A signed-in console session: a cookie jar and the page's CSRF token on every post. */
async function signedIn() {
  const created = await adminApi(t.bot, "POST", "/accounts", {
    username: "malee",
    password: "ยาวพอสมควร-2570",
    displayName: "มาลี ผู้ดูแล",
  });
  expect(created.status).toBe(201);
  let cookie = "";
  async function request(method: string, path: string, body?: FormData | URLSearchParams) {
    const response = await fetch(`${t.bot.url}${path}`, {
      method,
      redirect: "manual",
      headers: cookie ? { cookie } : {},
      body,
    });
    const set = response.headers.getSetCookie().map((line) => line.split(";")[0] ?? "");
    if (set.length) cookie = set.join("; ");
    return {
      status: response.status,
      location: response.headers.get("location"),
      html: await response.text(),
    };
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  async function post(path: string, from: string, fields: Record<string, string | Blob>) {
    const form = new FormData();
    for (const [name, value] of Object.entries({
      ...fields,
      _csrf: csrfOf((await request("GET", from)).html),
    })) {
      form.append(name, value);
    }
    return request("POST", path, form);
  }
  const signIn = await post("/admin/sign-in", "/admin/sign-in", {
    username: "malee",
    password: "ยาวพอสมควร-2570",
  });
  expect(signIn.status).toBe(303);
  return { get: (path: string) => request("GET", path), post };
}

/**
 * The standard measures are the organisation's data (taken from real plans, with their "No Gift
 * Policy" and "Checklist OIT"), not the console's words.
 */
const TEMPLATE_TEXTS = STANDARD_MEASURES.flatMap((m) => [m.title, m.method]).map((text) =>
  text.replace(/\s+/g, " "),
);

/** A page: its status, and every word the console put on it Thai. */
function expectThaiPage(page: { status: number; html: string }, status: number, where: string) {
  expect(page.status, where).toBe(status);
  const text = TEMPLATE_TEXTS.reduce((rest, data) => rest.replaceAll(data, " "), pageText(page.html));
  expect(isThaiMessage(text), `${where}: the page should have no run of English words: ${text}`).toBe(true);
}

describe("console forms in Thai: measures", () => {
  it("the CSV import: nothing sent, bad rows, a file that is not UTF-8", async () => {
    const b = await signedIn();
    const empty = await b.post("/admin/measures/import", "/admin/measures/import", { csv: "  " });
    expectThaiPage(empty, 400, "nothing sent");
    expect(fieldErrors(empty.html, "file")).toEqual(["เลือกไฟล์ CSV หรือวางข้อความ CSV"]);

    const csv = [
      HEADER,
      "2570,มาตรการดี,9,วิธีการ,สำนักปลัด,ต.ค. 2569,ก.ย. 2570,,",
      "2570,มาตรการเสีย,๑๑,วิธีการ,กองที่ไม่มี,ตุลา,2570-13,,ห้าพัน",
    ].join("\n");
    const refused = await b.post("/admin/measures/import", "/admin/measures/import", { csv });
    expectThaiPage(refused, 400, "bad rows");
    const rows = rowErrors(refused.html);
    expect(rows.map(([row, field]) => `${row} ${field}`)).toEqual([
      "3 ตัวชี้วัด",
      "3 ผู้รับผิดชอบ",
      "3 เริ่ม",
      "3 สิ้นสุด",
      "3 งบประมาณ",
    ]);
    for (const [row, field, message] of rows) expectThai(message, `${row} ${field}`);
    expect(textareaOf(refused.html)).toBe(csv);

    const tis620 = new Blob([new Uint8Array([0xbb, 0xd5, 0xa7, 0xba, 0x0a])], { type: "text/csv" });
    const legacy = await b.post("/admin/measures/import", "/admin/measures/import", {
      file: tis620,
      csv: "",
    });
    expectThaiPage(legacy, 400, "not UTF-8");
    expect(fieldErrors(legacy.html, "file")[0]).toContain("UTF-8");
    expect(rowErrors(legacy.html)).toEqual([["ทั้งไฟล์", "ไฟล์", expect.stringContaining("UTF-8")]]);
    expect(await t.bot.deps.db.select().from(measures)).toEqual([]);
  });

  it("add, edit and archive a measure: each refusal beside its field, what was typed kept, then saved", async () => {
    const b = await signedIn();
    const list = await b.get("/admin/measures");
    expectThaiPage(list, 200, "list");
    expect(list.html).toContain('href="/admin/measures/new?fiscalYear=2570"');
    expect(list.html).toContain('href="/admin/measures/template.csv"');
    expect(list.html).toContain('href="/admin/reports/measures-plan.docx?fiscalYear=2570"');
    expectThaiPage(await b.get("/admin/measures/new"), 200, "new form");

    const bad = {
      fiscalYear: "2570",
      title: "",
      indicators: "11",
      method: "ประชาสัมพันธ์ทุกเดือน",
      unitNames: "สำนักปลัด/กองที่ไม่มี",
      startMonth: "ตุลา",
      endMonth: "ก.ย. 2570",
      kpi: "",
      budget: "ห้าพัน",
      spent: "",
      analysis: "",
    };
    const refused = await b.post("/admin/measures/new", "/admin/measures/new", bad);
    expectThaiPage(refused, 400, "new: bad fields");
    expect(fieldErrors(refused.html, "title")).toEqual(["ต้องกรอก"]);
    expect(fieldErrors(refused.html, "indicators")[0]).toContain('"11"');
    expect(fieldErrors(refused.html, "unitNames")[0]).toContain('"กองที่ไม่มี"');
    expect(fieldErrors(refused.html, "startMonth")[0]).toContain('"ตุลา"');
    expect(fieldErrors(refused.html, "budget")[0]).toContain('"ห้าพัน"');
    expect(fieldErrors(refused.html, "endMonth")).toEqual([]);
    for (const name of ["indicators", "unitNames", "startMonth", "endMonth", "budget"] as const) {
      expect(inputValue(refused.html, name), name).toBe(bad[name]);
    }
    expect(refused.html).toContain("ประชาสัมพันธ์ทุกเดือน</textarea>");
    expect(await t.bot.deps.db.select().from(measures)).toEqual([]);

    const created = await b.post("/admin/measures/new", "/admin/measures/new", {
      ...bad,
      title: "เผยแพร่ข้อมูลข่าวสาร",
      indicators: "๙",
      unitNames: "สำนักปลัด /งาน IT",
      startMonth: "ต.ค. ๒๕๖๙",
      budget: "5,000",
    });
    expect(created.status).toBe(303);
    const [measure] = await t.bot.deps.db.select().from(measures);
    expect(measure).toMatchObject({
      title: "เผยแพร่ข้อมูลข่าวสาร",
      indicators: [9],
      unitsLabel: "สำนักปลัด /งาน IT",
    });
    expect(created.location).toBe(`/admin/measures/${measure?.id}?notice=created`);
    const detail = await b.get(created.location ?? "");
    expectThaiPage(detail, 200, "detail after adding");
    expect(detail.html).toContain("เพิ่มมาตรการแล้ว");

    const editPath = `/admin/measures/${measure?.id}/edit`;
    const form = await b.get(editPath);
    expectThaiPage(form, 200, "edit form");
    expect(inputValue(form.html, "unitNames")).toBe("สำนักปลัด /งาน IT");
    expect(inputValue(form.html, "startMonth")).toBe("ต.ค. 2569");
    const outside = await b.post(editPath, editPath, {
      ...bad,
      title: "เผยแพร่ข้อมูลข่าวสารทางเว็บไซต์",
      indicators: "9",
      unitNames: "ทุกส่วนราชการ",
      startMonth: "ต.ค. 2569",
      endMonth: "ต.ค. 2570",
      budget: "",
    });
    expectThaiPage(outside, 400, "edit: month outside the year");
    expect(fieldErrors(outside.html, "endMonth")[0]).toContain("อยู่นอกปีงบประมาณ 2570");
    expect(inputValue(outside.html, "endMonth")).toBe("ต.ค. 2570");
    expect(outside.html).toContain("เผยแพร่ข้อมูลข่าวสารทางเว็บไซต์</textarea>");
    const saved = await b.post(editPath, editPath, {
      ...bad,
      title: "เผยแพร่ข้อมูลข่าวสารทางเว็บไซต์",
      indicators: "9",
      unitNames: "ทุกส่วนราชการ",
      startMonth: "ต.ค. 2569",
      endMonth: "มี.ค. 2570",
      budget: "",
    });
    expect(saved.status).toBe(303);
    const after = await b.get(saved.location ?? "");
    expectThaiPage(after, 200, "detail after editing");
    expect(after.html).toContain("บันทึกการแก้ไขแล้ว");
    expect(after.html).toContain("ทุกส่วนราชการ");
    expect(
      await t.bot.deps.db.select().from(auditLog).where(eq(auditLog.action, "measures.update")),
    ).toMatchObject([{ actor: "console:malee", subject: measure?.id }]);

    const archivePath = `/admin/measures/${measure?.id}/archive`;
    const confirm = await b.get(archivePath);
    expectThaiPage(confirm, 200, "archive confirmation");
    expect(confirm.html).toContain("ยืนยันยกเลิกมาตรการ");
    expect((await t.bot.deps.db.select().from(measures))[0]?.archivedAt).toBeNull();
    const archived = await b.post(archivePath, archivePath, {});
    expect(archived.status).toBe(303);
    const listed = await b.get(archived.location ?? "");
    expectThaiPage(listed, 200, "list after archiving");
    expect(listed.html).toContain("ยกเลิกมาตรการแล้ว");
    expect(listed.html).not.toContain("เผยแพร่ข้อมูลข่าวสารทางเว็บไซต์");
    const gone = await b.get(`/admin/measures/${measure?.id}`);
    expectThaiPage(gone, 200, "archived detail");
    expect(gone.html).toContain("มาตรการนี้ถูกยกเลิกเมื่อ");
    expect((await b.get(editPath)).status).toBe(404);
    const again = await b.post(`/admin/measures/${measure?.id}/edit`, `/admin/measures/${measure?.id}`, bad);
    expectThaiPage(again, 409, "editing an archived measure");
    expect(again.html).toContain("มาตรการนี้ถูกยกเลิก");
  });

  it("the import takes seed 001's table as an Excel file, and a fiscal year that is not one is refused beside its field", async () => {
    const b = await signedIn();
    const xlsx = readFileSync(new URL("./fixtures/seed-001-measures.xlsx", import.meta.url));
    const wrongYear = await b.post("/admin/measures/import", "/admin/measures/import", {
      fiscalYear: "69",
      csv: "",
      file: new Blob([xlsx]),
    });
    expectThaiPage(wrongYear, 400, "import: a year that is not one");
    expect(fieldErrors(wrongYear.html, "fiscalYear")[0]).toContain("ปีงบประมาณ");
    const imported = await b.post("/admin/measures/import", "/admin/measures/import", {
      fiscalYear: "",
      csv: "",
      file: new Blob([xlsx]),
    });
    expect(imported.status).toBe(303);
    expect(imported.location).toBe("/admin/measures/import?imported=10");
    const list = await b.get("/admin/measures?fiscalYear=2569");
    expectThaiPage(list, 200, "the imported year");
    expect(list.html).toContain("ทุกส่วนราชการ");
    expect(list.html).toContain("สำนักปลัด /งาน IT");
  });

  it("the list's filter: a year and an indicator that are not one", async () => {
    const b = await signedIn();
    const page = await b.get("/admin/measures?fiscalYear=abc&indicator=11&unit=");
    expectThaiPage(page, 400, "measures filter");
    expect(fieldErrors(page.html, "fiscalYear")).toEqual([
      expect.stringMatching(/^"abc": ต้องเป็นปีงบประมาณ พ\.ศ\..* จึงแสดงปีงบประมาณ 2570$/),
    ]);
    expect(fieldErrors(page.html, "indicator")).toEqual([expect.stringContaining("1–10")]);
  });
});

describe("console forms in Thai: ITA, EIT and reports", () => {
  it("the ITA import: a year that is not one and no CSV, then bad rows, each kept as typed", async () => {
    const b = await signedIn();
    const first = await b.post("/admin/ita/import", "/admin/ita", { fiscalYear: "68", csv: "" });
    expectThaiPage(first, 400, "ITA year and no CSV");
    expect(fieldErrors(first.html, "fiscalYear")).toEqual([expect.stringContaining("ปีงบประมาณ พ.ศ.")]);
    expect(fieldErrors(first.html, "file")).toEqual(["เลือกไฟล์ หรือวางข้อความตารางคะแนนจากเอกสารผลการประเมิน"]);
    expect(inputValue(first.html, "fiscalYear")).toBe("68");

    const csv = ["ตัวชี้วัด/ข้อ,หัวข้อ/ชื่อ,คะแนน", "1,การปฏิบัติหน้าที่,96.67", "๙,การเปิดเผยข้อมูล,๑๑๐", "1,,90"].join("\n");
    const refused = await b.post("/admin/ita/import", "/admin/ita", { fiscalYear: "2568", csv });
    expectThaiPage(refused, 400, "ITA bad rows");
    const rows = rowErrors(refused.html);
    expect(rows.map(([row, field]) => `${row} ${field}`)).toEqual(["ทั้งไฟล์ คะแนน", "3 คะแนน", "4 ตัวชี้วัด/ข้อ"]);
    for (const [row, field, message] of rows) expectThai(message, `${row} ${field}`);
    expect(textareaOf(refused.html)).toBe(csv);
    expect(inputValue(refused.html, "fiscalYear")).toBe("2568");
    expect(await t.bot.deps.db.select().from(itaResults)).toEqual([]);

    const good = ["ตัวชี้วัด/ข้อ,หัวข้อ/ชื่อ,คะแนน", "9,การเปิดเผยข้อมูล,60", "คะแนนรวม,,80"].join("\n");
    const imported = await b.post("/admin/ita/import", "/admin/ita", { fiscalYear: "2569", csv: good });
    expect(imported.status).toBe(303);
    const shown = await b.get(imported.location ?? "");
    expect(shown.html).toContain("บันทึกผลการประเมิน ITA ปีงบประมาณ 2569 แล้ว");
    expect(
      await t.bot.deps.db.select().from(auditLog).where(eq(auditLog.action, "ita-result.import")),
    ).toMatchObject([{ actor: "console:malee", subject: "2569" }]);
  });

  it("adopting without a result, and the ITA, EIT and reports year pickers", async () => {
    const b = await signedIn();
    const adopt = await b.post("/admin/ita/adopt", "/admin/ita", { fiscalYear: "2567" });
    expectThaiPage(adopt, 404, "adopt without a result");
    expect(adopt.html).toContain("ยังไม่มีผลการประเมิน ITA ของปีงบประมาณ 2567");

    for (const path of ["/admin/ita", "/admin/eit", "/admin/reports"]) {
      const page = await b.get(`${path}?fiscalYear=๒๕x`);
      expectThaiPage(page, 400, path);
      expect(fieldErrors(page.html, "fiscalYear"), path).toEqual([
        expect.stringContaining('"๒๕x": ต้องเป็นปีงบประมาณ'),
      ]);
    }
    for (const path of [
      "/admin/reports/measures.docx?fiscalYear=70&period=q1",
      "/admin/reports/eit.xlsx?fiscalYear=x",
    ]) {
      const file = await b.get(path);
      expect(file.status, path).toBe(400);
      for (const error of JSON.parse(file.html).errors) expectThai(error.message, `${path} ${error.field}`);
    }
  });
});

describe("the pages those forms are on", () => {
  it("are Thai throughout, with a result, its suggestions and a measure to show", async () => {
    const b = await signedIn();
    const scores = [95, 70, 88, 92, 90, 86, 87, 89, 60, 91];
    await adminApi(t.bot, "POST", "/ita-results", {
      fiscalYear: 2569,
      total: 84.5,
      indicators: scores.map((score, index) => ({ indicator: index + 1, score })),
      items: [{ code: "o2", score: 0 }],
    });
    const csv = [HEADER, "2570,มาตรการดี,9,วิธีการ,สำนักปลัด,ต.ค. 2569,ก.ย. 2570,,"].join("\n");
    expect((await b.post("/admin/measures/import", "/admin/measures/import", { csv })).status).toBe(303);
    const [measure] = await t.bot.deps.db.select().from(measures);
    for (const path of [
      "/admin",
      "/admin/measures",
      "/admin/measures/import",
      `/admin/measures/${measure?.id}`,
      "/admin/ita",
      "/admin/eit",
      "/admin/reports",
    ]) {
      expectThaiPage(await b.get(path), 200, path);
    }
    const adopted = await b.post("/admin/ita/adopt", "/admin/ita", { fiscalYear: "2569" });
    expect(adopted.status).toBe(303);
    expectThaiPage(await b.get(adopted.location ?? ""), 200, "adopted");
  });
});
