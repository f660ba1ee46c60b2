/**
 * The console's status-change form given bad input: each refusal is a Thai message beside its field,
 * and what the person typed (the note, the reason) is still in the form.
 */
import { describe, expect, it } from "vitest";
import { newLineUserId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { type ChatUser, chatUser, textOf } from "./support/chat";
import { useBot } from "./support/harness";
import { expectThai } from "./support/thai";

const t = useBot();

/** A signed-in console session: a cookie jar, forms posted with the page's CSRF token. */
async function consoleSession() {
  const cookies = new Map<string, string>();
  async function request(method: string, path: string, body?: FormData) {
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(`${t.bot.url}${path}`, {
      method,
      redirect: "manual",
      headers: cookie ? { cookie } : {},
      body,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const [name = "", value = ""] = pair.split("=").map((part) => part.trim());
      if (value === "" || attributes.some((a) => /^\s*max-age=0$/i.test(a))) cookies.delete(name);
      else cookies.set(name, value);
    }
    return {
      status: response.status,
      location: response.headers.get("location"),
      html: await response.text(),
    };
  }
  async function post(path: string, fields: Record<string, string | Blob>, from: string) {
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await request("GET", from)).html)?.[1] ?? "";
    const body = new FormData();
    for (const [name, value] of Object.entries({ ...fields, _csrf: csrf })) body.append(name, value);
    return request("POST", path, body);
  }
  const account = { username: "somchai", password: "ยาวพอสมควร-2570", displayName: "สมชาย ผู้ดูแล" };
  expect((await adminApi(t.bot, "POST", "/accounts", account)).status).toBe(201);
  const signedIn = await post("/admin/sign-in", account, "/admin/sign-in");
  expect(signedIn.status).toBe(303);
  return { get: (path: string) => request("GET", path), post };
}

async function fileComplaint(user: ChatUser): Promise<string> {
  await user.say("ร้องเรียน");
  if (user.labels().includes("ยินยอม")) await user.tap("ยินยอม");
  await user.tap("ร้องทุกข์ทั่วไป");
  await user.tap("ถนน/ทางเท้า");
  await user.say("ถนนหน้าวัดเป็นหลุมลึก น้ำขังเวลาฝนตก");
  await user.tap("ข้าม");
  await user.tap("ข้าม");
  const code = /R\d{4}-\d{5}/.exec(textOf((await user.tap("ยืนยัน")).at(-1)))?.[0];
  if (!code) throw new Error("no tracking code in the receipt");
  return code;
}

/** The messages shown beside fields, by field. */
function besideFields(html: string): Record<string, string> {
  return Object.fromEntries(
    [...html.matchAll(/data-testid="problem-(\w+)">([^<]*)</g)].map((m) => [m[1], m[2]?.trim()]),
  );
}

describe("console: the status-change form in Thai", () => {
  it("shows each refusal beside its field in Thai and keeps the note and the reason as typed", async () => {
    const code = await fileComplaint(chatUser(t.bot, t.line, newLineUserId()));
    const session = await consoleSession();
    const page = `/admin/complaints/${code}`;
    const submit = (fields: Record<string, string | Blob>) => session.post(`${page}/status`, fields, page);
    const note = "ปะซ่อมหลุมหน้าวัดเรียบร้อยแล้ว & เก็บกวาดแล้ว";

    const cases: Array<[Record<string, string | Blob>, string, string]> = [
      [
        { status: "resolved", note: "", noPhotoReason: "กล้องโทรศัพท์เสีย" },
        "note",
        "การปิดเรื่องต้องมีผลการดำเนินการ",
      ],
      [{ status: "resolved", note, noPhotoReason: "" }, "noPhotoReason", "ภาพหลังดำเนินการ"],
      [{ status: "done", note, noPhotoReason: "" }, "status", "เลือกสถานะใหม่"],
      [{ status: "in_progress", note: "ก".repeat(2001), noPhotoReason: "" }, "note", "ยาวเกิน 2,000 ตัวอักษร"],
      [
        { status: "resolved", note, noPhotoReason: "", photo: new Blob(["GIF89a"], { type: "image/gif" }) },
        "photo",
        "JPEG หรือ PNG",
      ],
    ];
    for (const [fields, field, words] of cases) {
      const answer = await submit(fields);
      expect(answer.status, field).toBe(400);
      const beside = besideFields(answer.html);
      expect(Object.keys(beside), field).toEqual([field]);
      expect(beside[field]).toContain(words);
      expectThai(beside[field], field);
      // What was typed is still there.
      const typedNote = String(fields.note).replace("&", "&amp;");
      expect(answer.html, field).toContain(`<textarea name="note" maxlength="2000">${typedNote}</textarea>`);
      expect(answer.html, field).toContain(`value="${fields.noPhotoReason}"`);
    }

    // Refused by the complaint's state: 409, the complaint as it is now, its Thai message.
    expect((await submit({ status: "rejected", note: "ซ้ำกับเรื่องเดิม", noPhotoReason: "" })).status).toBe(303);
    const late = await submit({ status: "in_progress", note, noPhotoReason: "" });
    expect(late.status).toBe(409);
    expect(late.html).toContain("เรื่องนี้ปิดแล้ว (ไม่รับพิจารณา) เปลี่ยนสถานะไม่ได้");
    expect(late.html).not.toContain('data-testid="status-form"');
  });
});
