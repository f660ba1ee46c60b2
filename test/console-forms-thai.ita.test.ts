/**
 * The console's ITA forms, sent bad input and good: the result form (total, level, the ten
 * indicators, the items as lines) and the import of the score tables pasted as the seeds lay them
 * out, previewed before it is saved. Every refusal Thai and beside its field, what was typed kept,
 * nothing half-saved; the analysis .docx linked from the ITA page.
 */
import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, itaResults } from "../src/db/schema";
import { catalogueFor } from "../src/domain/ita-catalogue";
import { STANDARD_MEASURES } from "../src/domain/measure-catalogue";
import { adminApi } from "./support/admin";
import { useBot } from "./support/harness";
import { expectThai, isThaiMessage } from "./support/thai";

/** 3 December 2026 in Bangkok: fiscal year 2570. */
const t = useBot({ startAt: Date.parse("2026-12-03T10:00:00+07:00") });

const SEED_001 = readFileSync(new URL("./fixtures/seed-001-ita.txt", import.meta.url), "utf8");

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};
const decode = (html: string) => html.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
/** The form's item texts are the NACC's and the templates the organisation's ("No Gift Policy"), not the console's words. */
const ITEM_TEXTS = [
  ...(catalogueFor(2568)?.items ?? []).map((item) => item.text),
  ...STANDARD_MEASURES.flatMap((m) => [m.title, m.method]),
]
  .map((text) => text.replace(/\s+/g, " "))
  // Longest first: an item's text ("ข้อมูลผู้บริหาร") may sit inside a template's.
  .sort((a, b) => b.length - a.length);
function expectThaiPage(page: { status: number; html: string }, status: number, where: string) {
  expect(page.status, where).toBe(status);
  // What the officer pasted is theirs, not the console's words.
  const body = page.html.slice(page.html.indexOf("<body")).replace(/<textarea[^>]*>[^<]*<\/textarea>/g, " ");
  const text = ITEM_TEXTS.reduce(
    (rest, data) => rest.replaceAll(data, " "),
    decode(body.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " "),
  );
  expect(isThaiMessage(text), `${where}: no run of English words: ${text}`).toBe(true);
}
const fieldErrors = (html: string, field: string) =>
  [...html.matchAll(new RegExp(`<span[^>]*data-field="${field}"[^>]*>([^<]*)</span>`, "g"))].map((m) =>
    decode(m[1] ?? ""),
  );
const inputValue = (html: string, name: string) =>
  decode(new RegExp(`<input name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? "");
const textarea = (html: string, name: string) =>
  decode(new RegExp(`<textarea name="${name}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1] ?? "").replace(
    /\r\n/g,
    "\n",
  );

async function signedIn() {
  expect(
    (
      await adminApi(t.bot, "POST", "/accounts", {
        username: "somsri",
        password: "ยาวพอสมควร-2570",
        displayName: "สมศรี ผู้ดูแล",
      })
    ).status,
  ).toBe(201);
  let cookie = "";
  async function request(method: string, path: string, body?: FormData) {
    const response = await fetch(`${t.bot.url}${path}`, {
      method,
      redirect: "manual",
      headers: cookie ? { cookie } : {},
      body,
    });
    const set = response.headers.getSetCookie().map((line) => line.split(";")[0] ?? "");
    if (set.length) cookie = set.join("; ");
    const type = response.headers.get("content-type") ?? "";
    return {
      status: response.status,
      location: response.headers.get("location"),
      type,
      html: type.startsWith("text/") || type.includes("json") ? await response.text() : "",
    };
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  async function post(path: string, from: string, fields: Record<string, string>) {
    const form = new FormData();
    for (const [name, value] of Object.entries({
      ...fields,
      _csrf: csrfOf((await request("GET", from)).html),
    })) {
      form.append(name, value);
    }
    return request("POST", path, form);
  }
  expect(
    (await post("/admin/sign-in", "/admin/sign-in", { username: "somsri", password: "ยาวพอสมควร-2570" }))
      .status,
  ).toBe(303);
  return { get: (path: string) => request("GET", path), post };
}

const GOOD: Record<string, string> = {
  fiscalYear: "2568",
  total: "๙๑.๗๖",
  level: "ผ่านดี",
  ...Object.fromEntries(
    [96.67, 100, 100, 98.89, 100, 97.27, 97.58, 97.42, 74, 90].map((score, i) => [
      `indicator${i + 1}`,
      String(score),
    ]),
  ),
  items: "o2 0\nO22, 0.00\ne๑ ๙๕.๙๑\n",
};

describe("the ITA result form", () => {
  it("refuses bad scores, a bad level and bad item lines beside each field, keeping what was typed", async () => {
    const b = await signedIn();
    expectThaiPage(await b.get("/admin/ita/edit?fiscalYear=2568"), 200, "empty form");
    const bad = {
      ...GOOD,
      total: "๑๑๐",
      level: "ดีมาก",
      indicator3: "",
      indicator5: "เก้าสิบ",
      items: "o22 0\nx1 5\ni16 50\no22 100\ne1",
    };
    const refused = await b.post("/admin/ita/edit", "/admin/ita/edit?fiscalYear=2568", bad);
    expectThaiPage(refused, 400, "refused form");
    expect(fieldErrors(refused.html, "total")).toEqual(['"๑๑๐" ไม่ใช่คะแนน 0 ถึง 100']);
    expect(fieldErrors(refused.html, "indicator3")).toEqual(["ต้องกรอกคะแนน 0 ถึง 100"]);
    expect(fieldErrors(refused.html, "indicator5")).toEqual(['"เก้าสิบ" ไม่ใช่คะแนน 0 ถึง 100']);
    expect(fieldErrors(refused.html, "level")).toEqual([expect.stringContaining("ระดับ AA, A, B")]);
    const [items = ""] = fieldErrors(refused.html, "items");
    const lines = items.split(/ (?=บรรทัดที่ )/);
    expect(lines).toEqual([
      expect.stringMatching(/^บรรทัดที่ 2: "x1" ไม่ใช่รหัสข้อ/),
      expect.stringMatching(/^บรรทัดที่ 3: i16 ไม่ใช่ข้อของแบบประเมิน ITA ฉบับปี 2568/),
      "บรรทัดที่ 4: ข้อ o22 ซ้ำกับบรรทัดที่ 1",
      expect.stringMatching(/^บรรทัดที่ 5: ไม่มีคะแนน/),
    ]);
    for (const message of lines) expectThai(message, "items");
    expect(inputValue(refused.html, "total")).toBe("๑๑๐");
    expect(inputValue(refused.html, "indicator5")).toBe("เก้าสิบ");
    expect(inputValue(refused.html, "level")).toBe("ดีมาก");
    expect(textarea(refused.html, "items")).toBe(bad.items);
    expect(await t.bot.deps.db.select().from(itaResults)).toEqual([]);
  });

  it("saves through the service, audited, and comes back prefilled for editing", async () => {
    const b = await signedIn();
    const saved = await b.post("/admin/ita/edit", "/admin/ita/edit?fiscalYear=2568", GOOD);
    expect(saved.status).toBe(303);
    const [row] = await t.bot.deps.db.select().from(itaResults);
    expect(row).toMatchObject({ fiscalYear: 2568, total: 91.76, level: "ผ่านดี" });
    expect(row?.items).toEqual([
      { code: "o2", score: 0 },
      { code: "o22", score: 0 },
      { code: "e1", score: 95.91 },
    ]);
    expect(
      await t.bot.deps.db.select().from(auditLog).where(eq(auditLog.action, "ita-result.save")),
    ).toMatchObject([{ actor: "console:somsri", subject: "2568" }]);
    const page = await b.get(saved.location ?? "");
    expectThaiPage(page, 200, "ITA page");
    expect(page.html).toContain("/admin/reports/ita-analysis.docx?fiscalYear=2568");
    const edit = await b.get("/admin/ita/edit?fiscalYear=2568");
    expect(inputValue(edit.html, "total")).toBe("91.76");
    expect(inputValue(edit.html, "indicator9")).toBe("74");
    expect(textarea(edit.html, "items")).toBe("e1 95.91\no2 0\no22 0");
    expect(edit.html).toContain("จะแทนที่ผลเดิม");
    const docx = await b.get("/admin/reports/ita-analysis.docx?fiscalYear=2568");
    expect(docx.status).toBe(200);
    expect(docx.type).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  });
});

describe("the ITA import pasted from the document", () => {
  it("previews seed 001's tables before saving, then saves on confirm", async () => {
    const b = await signedIn();
    const preview = await b.post("/admin/ita/import", "/admin/ita", {
      fiscalYear: "2568",
      csv: SEED_001,
      step: "preview",
    });
    expectThaiPage(preview, 200, "preview");
    expect(preview.html).toContain("ตรวจดูผลคะแนนก่อนบันทึก");
    expect(preview.html).toMatch(/data-testid="ita-preview-total">\s*91\.76/);
    expect(preview.html).toContain("ได้ 0 คะแนน: o2, o5, o12, o15, o17, o22");
    expect(preview.html).toContain("EitPublic และ EitSurvey");
    expect(await t.bot.deps.db.select().from(itaResults)).toEqual([]);
    // The confirm form carries the text as it was pasted.
    expect(textarea(preview.html, "csv").replace(/\n+$/, "")).toBe(
      SEED_001.replace(/\r\n/g, "\n").replace(/\n+$/, ""),
    );

    const saved = await b.post("/admin/ita/import", "/admin/ita", { fiscalYear: "2568", csv: SEED_001 });
    expect(saved.status).toBe(303);
    const [row] = await t.bot.deps.db.select().from(itaResults);
    expect(row).toMatchObject({ fiscalYear: 2568, total: 91.76 });
    expect(row?.items).toHaveLength(52);
  });

  it("refuses a pasted text it cannot read, naming the line and field, with the text kept", async () => {
    const b = await signedIn();
    const text = SEED_001.replace("๙๖.๖๗\t\n", "๑๙๖.๖๗\t\n");
    const refused = await b.post("/admin/ita/import", "/admin/ita", {
      fiscalYear: "2568",
      csv: text,
      step: "preview",
    });
    expectThaiPage(refused, 400, "refused preview");
    const rows = [...refused.html.matchAll(/<tr data-testid="import-error">(.*?)<\/tr>/g)].map((row) =>
      [...(row[1] ?? "").matchAll(/<td>(.*?)<\/td>/g)].map((cell) => decode(cell[1] ?? "")),
    );
    expect(rows).toEqual([["8", "คะแนน", '"๑๙๖.๖๗" ไม่ใช่คะแนน 0 ถึง 100']]);
    expect(textarea(refused.html, "csv")).toBe(text.replace(/\r\n/g, "\n"));
    const empty = await b.post("/admin/ita/import", "/admin/ita", {
      fiscalYear: "2568",
      csv: " ",
      step: "preview",
    });
    expect(fieldErrors(empty.html, "file")).toEqual(["เลือกไฟล์ หรือวางข้อความตารางคะแนนจากเอกสารผลการประเมิน"]);
    expect(await t.bot.deps.db.select().from(itaResults)).toEqual([]);
  });
});
