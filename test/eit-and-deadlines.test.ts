import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { eitResponses } from "../src/db/schema";
import { newLineUserId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { type ChatUser, chatUser, textOf } from "./support/chat";
import { useBot } from "./support/harness";

/** Thursday 3 December 2026, 10:00 in Bangkok. */
const THURSDAY = Date.parse("2026-12-03T10:00:00+07:00");
const t = useBot({ startAt: THURSDAY });

async function fileRoadComplaint(user: ChatUser) {
  await user.say("ร้องเรียน");
  await user.tap("ยินยอม");
  await user.tap("ร้องทุกข์ทั่วไป");
  await user.tap("ถนน/ทางเท้า");
  await user.say("ทางเท้าหน้าตลาดทรุดเป็นหลุม");
  await user.tap("ข้าม");
  await user.tap("ข้าม");
  return user.tap("ยืนยัน");
}

describe("due dates in working days", () => {
  it("skip the weekend, a fixed public holiday and a holiday the admin added", async () => {
    const categories = (await adminApi(t.bot, "GET", "/categories")).json.items as Array<{
      id: string;
      name: string;
    }>;
    const road = categories.find((c) => c.name === "ถนน/ทางเท้า");
    const patched = await adminApi(t.bot, "PATCH", `/categories/${road?.id}`, { deadlineDays: 3 });
    expect(patched.json.deadlineDays).toBe(3);
    // Fixed-date holidays were seeded: 5 Dec (a Saturday this year) and 10 Dec.
    const holidays = (await adminApi(t.bot, "GET", "/holidays?fiscalYear=2570")).json.items as Array<{
      date: string;
    }>;
    expect(holidays.map((h) => h.date)).toEqual(expect.arrayContaining(["2026-12-05", "2026-12-10"]));
    // The substitution day for 5 Dec, added by the admin.
    const added = await adminApi(t.bot, "POST", "/holidays", {
      date: "2026-12-07",
      name: "วันหยุดชดเชยวันพ่อแห่งชาติ",
    });
    expect(added.status).toBe(201);
    expect((await adminApi(t.bot, "POST", "/holidays", { date: "2026-12-32", name: "x" })).json.field).toBe(
      "date",
    );

    const receipt = await fileRoadComplaint(chatUser(t.bot, t.line, newLineUserId()));
    // Thu 3 → Fri 4 (1), Sat 5 / Sun 6 / Mon 7 off, Tue 8 (2), Wed 9 (3).
    expect(textOf(receipt.at(-1))).toContain("9 ธ.ค. 2569");
    const list = (await adminApi(t.bot, "GET", "/complaints")).json.items;
    expect(list[0]).toMatchObject({ dueDate: "2026-12-09", fiscalYear: 2570 });
    expect(list[0].trackingCode).toBe("R2570-00001");
  });
});

async function answerAll(user: ChatUser, answer: (code: string) => string) {
  await user.say("ประเมิน");
  for (let i = 1; i <= 9; i++) {
    const labels = user.labels();
    const choice = answer(`e${i}`);
    expect(labels).toContain(choice);
    await user.tap(choice);
  }
}

describe("EIT pulse survey", () => {
  it("asks e1–e9 one card at a time, re-asks a wrong answer, and counts a second answer set once", async () => {
    const user = chatUser(t.bot, t.line, newLineUserId());
    const first = await user.say("ประเมิน");
    expect(textOf(first.at(-1))).toContain("ข้อ 1/9");
    expect(user.labels()).toEqual(["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด", "ยกเลิก"]);
    const wrong = await user.say("ดีมาก");
    expect(textOf(wrong[0])).toContain("โปรดเลือกคำตอบ");
    expect(textOf(wrong.at(-1))).toContain("ข้อ 1/9");
    await user.say("ยกเลิก");

    await answerAll(user, (code) => (code === "e3" || code === "e9" ? "เคย" : "มาก"));
    expect(user.lastText()).toContain("2570");
    let summary = (await adminApi(t.bot, "GET", "/eit/summary?fiscalYear=2570")).json;
    expect(summary.respondents).toBe(1);
    expect(summary.items.find((i: { code: string }) => i.code === "e3")).toMatchObject({
      score: 0,
      responses: 1,
    });

    // The same person again: replaces, does not add.
    await answerAll(user, (code) => (code === "e3" ? "ไม่เคย" : code === "e9" ? "เคย" : "มากที่สุด"));
    summary = (await adminApi(t.bot, "GET", "/eit/summary?fiscalYear=2570")).json;
    expect(summary.respondents).toBe(1);
    expect(summary.indicators).toEqual([
      { indicator: 6, name: "คุณภาพการดำเนินงาน", score: 100 },
      { indicator: 7, name: "ประสิทธิภาพการสื่อสาร", score: 100 },
      { indicator: 8, name: "การปรับปรุงการทำงาน", score: 100 },
    ]);
    const rows = await t.bot.deps.db.select({ n: count() }).from(eitResponses).get();
    expect(rows?.n).toBe(1);

    // A second person: the scores are the mean over people.
    const other = chatUser(t.bot, t.line, newLineUserId());
    await answerAll(other, (code) => (code === "e3" ? "เคย" : code === "e9" ? "ไม่เคย" : "ปานกลาง"));
    summary = (await adminApi(t.bot, "GET", "/eit/summary?fiscalYear=2570")).json;
    expect(summary.respondents).toBe(2);
    expect(summary.items.find((i: { code: string }) => i.code === "e1")).toMatchObject({
      score: 75,
      responses: 2,
    });
    expect(summary.items.find((i: { code: string }) => i.code === "e3")).toMatchObject({ score: 50 });
    expect((await adminApi(t.bot, "GET", "/eit/summary?fiscalYear=70")).json.field).toBe("fiscalYear");
  });
});

describe("EIT drive", () => {
  it("invites a complainant once per fiscal year when their complaint closes during the window", async () => {
    const bad = await adminApi(t.bot, "PUT", "/settings/eit-drive", {
      url: "http://itas.nacc.go.th/x",
      startDate: "2026-12-01",
      endDate: "2026-11-01",
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(["url", "endDate"]);
    const set = await adminApi(t.bot, "PUT", "/settings/eit-drive", {
      url: "https://itas.nacc.go.th/go/eit/abc123",
      startDate: "2026-12-01",
      endDate: "2027-01-31",
    });
    expect(set.status).toBe(200);

    const user = chatUser(t.bot, t.line, newLineUserId());
    for (let i = 0; i < 2; i++) {
      const receipt = await fileRoadComplaint(user);
      const code = /R\d{4}-\d{5}/.exec(textOf(receipt.at(-1)))?.[0];
      await adminApi(t.bot, "POST", `/complaints/${code}/status`, {
        status: "rejected",
        note: "ไม่อยู่ในอำนาจหน้าที่",
      });
      await t.bot.settle();
    }
    const invitations = t.line.double
      .messagesFor(user.userId)
      .filter((m) => m.type === "flex" && m.altText.includes("EIT"));
    expect(invitations).toHaveLength(1);
    expect(JSON.stringify(invitations[0])).toContain("https://itas.nacc.go.th/go/eit/abc123");
    const summary = (await adminApi(t.bot, "GET", "/eit/summary")).json;
    expect(summary.drive).toEqual({ invited: 1, serviceUsers: 1, sampleTarget: 30 });
  });
});
