/**
 * Progress dated by the work and corrected after the fact, end to end: staff log in chat on 5 April
 * entries done on 31 March and 1 April; the six-month report (to 31 March) takes only the first, the
 * year report both; an admin corrects one (`PATCH`) and withdraws the other (`DELETE`), and the
 * reports and the measure's state follow.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { users } from "../src/db/schema";
import { loadMeasuresReport } from "../src/reports/report-files";
import { newLineUserId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { startTestBot, type TestBot } from "./support/bot";
import { type ChatUser, chatUser, textOf } from "./support/chat";
import { createTestClock } from "./support/clock";
import { type RunningDouble, startDouble } from "./support/double";
import { expectThai } from "./support/thai";

/** 5 April 2027, 10:00 in Bangkok: fiscal year 2570, its first half ended on 31 March. */
const NOW = Date.parse("2027-04-05T10:00:00+07:00");

let line: RunningDouble;
let bot: TestBot;
let clock: ReturnType<typeof createTestClock>;

beforeEach(async () => {
  clock = createTestClock();
  clock.advance(NOW - clock.now());
  line = await startDouble();
  bot = await startTestBot(line, { clock });
});
afterEach(async () => {
  await bot.close();
  expect(line.double.invalidRequests()).toEqual([]);
  await line.close();
});

async function unitId(name: string): Promise<string> {
  const { json } = await adminApi(bot, "GET", "/units");
  const unit = json.items.find((u: { name: string }) => u.name === name);
  if (!unit) throw new Error(`no unit ${name}`);
  return unit.id;
}

async function newMeasure(): Promise<string> {
  const { status, json } = await adminApi(bot, "POST", "/measures", {
    fiscalYear: 2570,
    title: "เผยแพร่ข้อมูลการจัดซื้อจัดจ้างบนเว็บไซต์",
    indicators: [9],
    method: "ประกาศผลการจัดซื้อจัดจ้างทุกเดือน",
    unitIds: [await unitId("กองคลัง")],
    startMonth: "2026-10",
    endMonth: "2027-09",
  });
  expect(status).toBe(201);
  return json.id;
}

async function staffOf(unit: string, displayName = "สมศรี"): Promise<ChatUser> {
  const lineUserId = newLineUserId();
  await bot.deps.db.insert(users).values({
    lineUserId,
    role: "staff",
    unitId: await unitId(unit),
    displayName,
    createdAt: 0,
    lastSeenAt: 0,
  });
  return chatUser(bot, line, lineUserId);
}

/** Log one entry in chat, done on `when` (typed as a person would), at `percent`. */
async function logInChat(user: ChatUser, measureId: string, text: string, when: string, percent: string) {
  await user.say("มาตรการ");
  await user.send({ type: "postback", data: `a=measure&id=${measureId}` });
  await user.say(text);
  await user.say(when);
  await user.tap(percent);
  await user.tap("กำลังดำเนินการ");
  await user.tap("ข้าม");
  await user.tap("ข้าม");
  const [saved] = await user.tap("ยืนยัน");
  return saved;
}

const resultsOf = async (period: "h1" | "year") =>
  (await loadMeasuresReport(bot.deps, 2570, period)).rows.flatMap((row) => row.results).join("\n");

describe("progress dated by the work", () => {
  it("31 March and 1 April, logged on 5 April, fall on the right sides of the six-month boundary", async () => {
    const id = await newMeasure();
    const user = await staffOf("กองคลัง");
    await logInChat(user, id, "ประกาศผลการจัดซื้อจัดจ้างเดือนมีนาคม", "31 มี.ค. 2570", "50%");
    await logInChat(user, id, "ประกาศผลการจัดซื้อจัดจ้างรอบใหม่", "๑ เม.ย. ๒๕๗๐", "75%");

    const { json } = await adminApi(bot, "GET", `/measures/${id}`);
    expect(json.progress.map((p: { performedOn: string }) => p.performedOn)).toEqual([
      "2027-03-31",
      "2027-04-01",
    ]);
    expect(json).toMatchObject({ percent: 75, status: "in_progress" });

    const h1 = await resultsOf("h1");
    expect(h1).toContain("เมื่อวันที่ 31 มีนาคม 2570 ประกาศผลการจัดซื้อจัดจ้างเดือนมีนาคม");
    expect(h1).not.toContain("รอบใหม่");
    const year = await resultsOf("year");
    expect(year).toContain("เมื่อวันที่ 31 มีนาคม 2570 ประกาศผลการจัดซื้อจัดจ้างเดือนมีนาคม");
    expect(year).toContain("เมื่อวันที่ 1 เมษายน 2570 ประกาศผลการจัดซื้อจัดจ้างรอบใหม่");
  });

  it("a corrected entry shows its new text and day; a withdrawn one is gone; the measure follows", async () => {
    const id = await newMeasure();
    const user = await staffOf("กองคลัง");
    await logInChat(user, id, "ประกาศผลการจัดซื้อจัดจ้างเดือนมีนาคม", "31 มี.ค. 2570", "50%");
    await logInChat(user, id, "ประกาศผลการจัดซื้อจัดจ้างรอบใหม่", "1 เม.ย. 2570", "75%");
    const [march, april] = (await adminApi(bot, "GET", `/measures/${id}`)).json.progress;

    const corrected = await adminApi(bot, "PATCH", `/measures/${id}/progress/${march.id}`, {
      text: "ประกาศผลการจัดซื้อจัดจ้างเดือนกุมภาพันธ์และมีนาคม",
      performedOn: "2027-03-30",
    });
    expect(corrected.status).toBe(200);
    expect(corrected.json.progress[0]).toMatchObject({
      id: march.id,
      text: "ประกาศผลการจัดซื้อจัดจ้างเดือนกุมภาพันธ์และมีนาคม",
      performedOn: "2027-03-30",
    });
    expect(corrected.json.progress[0].updatedAt).toMatch(/^2027-04-05T10:00:\d\d\+07:00$/);
    const h1 = await resultsOf("h1");
    expect(h1).toContain("เมื่อวันที่ 30 มีนาคม 2570 ประกาศผลการจัดซื้อจัดจ้างเดือนกุมภาพันธ์และมีนาคม");
    expect(h1).not.toContain("จัดจ้างเดือนมีนาคม");

    const withdrawn = await adminApi(bot, "DELETE", `/measures/${id}/progress/${april.id}`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json.progress.map((p: { id: string }) => p.id)).toEqual([march.id]);
    expect(withdrawn.json).toMatchObject({ percent: 50, status: "in_progress" });
    expect(await resultsOf("year")).not.toContain("รอบใหม่");

    // The entry keeps its history, readable by id.
    const history = await adminApi(bot, "GET", `/measures/${id}/progress/${april.id}`);
    expect(history.json).toMatchObject({
      withdrawnBy: "ผู้ดูแลระบบ",
      history: [{ kind: "withdrawn", by: "ผู้ดูแลระบบ", before: { percent: 75 } }],
    });
    const marchHistory = await adminApi(bot, "GET", `/measures/${id}/progress/${march.id}`);
    expect(marchHistory.json.history).toMatchObject([
      { kind: "corrected", before: { text: "ประกาศผลการจัดซื้อจัดจ้างเดือนมีนาคม", performedOn: "2027-03-31" } },
    ]);

    // The last standing entry withdrawn: the measure is back to not started.
    const none = await adminApi(bot, "DELETE", `/measures/${id}/progress/${march.id}`);
    expect(none.json).toMatchObject({
      status: "not_started",
      percent: 0,
      lastProgressAt: null,
      progress: [],
    });
  });

  it("PATCH and DELETE: 400 naming the field, 404 for unknown ids, 409 for a withdrawn entry", async () => {
    const id = await newMeasure();
    const user = await staffOf("กองคลัง");
    await logInChat(user, id, "ประกาศผลการจัดซื้อจัดจ้างเดือนมีนาคม", "วันนี้", "50%");
    const [entry] = (await adminApi(bot, "GET", `/measures/${id}`)).json.progress;
    const path = `/measures/${id}/progress/${entry.id}`;
    for (const [body, field] of [
      [{ percent: 150 }, "percent"],
      [{ percent: "ห้าสิบ" }, "percent"],
      [{ text: "ok" }, "text"],
      [{ status: "finished" }, "status"],
      [{ performedOn: "2027-04-06" }, "performedOn"],
      [{ performedOn: "2026-09-30" }, "performedOn"],
      [{ performedOn: "31/03/2027" }, "performedOn"],
      [{ status: "cannot_do" }, "reason"],
      [{ reasonCode: "lazy", status: "cannot_do" }, "reasonCode"],
      [{ colour: "red" }, "body"],
      [[1, 2], "body"],
    ] as const) {
      const answer = await adminApi(bot, "PATCH", path, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json.field, JSON.stringify(body)).toBe(field);
      expectThai(answer.json.message, JSON.stringify(body));
    }
    const empty = await adminApi(bot, "PATCH", path, {});
    expect(empty.status).toBe(400);
    expectThai(empty.json.message, "no changes");
    for (const [method, where] of [
      ["PATCH", `/measures/nope/progress/${entry.id}`],
      ["PATCH", `/measures/${id}/progress/nope`],
      ["DELETE", `/measures/nope/progress/${entry.id}`],
      ["DELETE", `/measures/${id}/progress/nope`],
      ["GET", `/measures/${id}/progress/nope`],
    ] as const) {
      const answer = await adminApi(bot, method, where, method === "PATCH" ? { percent: 60 } : undefined);
      expect(answer.status, `${method} ${where}`).toBe(404);
      expectThai(answer.json.message, where);
    }
    // Another measure's id with this entry: not found either.
    const other = await newMeasure();
    expect((await adminApi(bot, "DELETE", `/measures/${other}/progress/${entry.id}`)).status).toBe(404);

    const cannot = await adminApi(bot, "PATCH", path, { status: "cannot_do", reasonCode: "no_budget" });
    expect(cannot.status).toBe(200);
    expect(cannot.json.progress[0]).toMatchObject({ reasonCode: "no_budget", reason: "ไม่มีงบประมาณ" });
    expect(cannot.json).toMatchObject({ status: "cannot_do", percent: 50 });

    expect((await adminApi(bot, "DELETE", path)).status).toBe(200);
    for (const [method, body] of [
      ["DELETE", undefined],
      ["PATCH", { percent: 60 }],
    ] as const) {
      const again = await adminApi(bot, method, path, body);
      expect(again.status, method).toBe(409);
      expect(again.json.message).toContain("ถูกถอนแล้ว");
    }
  });
});

describe("the author corrects or withdraws in chat", () => {
  it("from the saved card or แก้ไขความก้าวหน้า: a field, the new value; or ถอนรายการ with ยืนยัน", async () => {
    const id = await newMeasure();
    const user = await staffOf("กองคลัง");
    const saved = await logInChat(user, id, "ประกาศผลการจัดซื้อจัดจ้างเดือนมีนาคม", "31 มี.ค. 2570", "50%");
    expect(textOf(saved)).toContain("บันทึกความก้าวหน้าแล้ว");
    expect(user.labels()).toContain("แก้ไข/ถอนรายการนี้");

    // From the saved card: the date.
    const opened = await user.tap("แก้ไข/ถอนรายการนี้");
    expect(textOf(opened[0])).toContain("วันที่ดำเนินการ: 31 มีนาคม 2570");
    expect(user.labels()).toEqual(["ข้อความ", "วันที่", "ร้อยละ", "สถานะ", "ถอนรายการ", "ยกเลิก"]);
    await user.tap("วันที่");
    expect(textOf((await user.say("6 เม.ย. 2570"))[0])).toContain("ต้องไม่เกินวันนี้");
    const redated = await user.say("30 มี.ค. 2570");
    expect(textOf(redated.at(-1))).toContain("แก้ไขรายการแล้ว");
    expect(textOf(redated.at(-1))).toContain("วันที่ดำเนินการ: 30 มีนาคม 2570");

    // From the list: the text, then the status with e-PlanNACC's reason.
    const list = await user.say("แก้ไขความก้าวหน้า");
    expect(textOf(list.at(-1))).toContain("1. 30 มี.ค. 2570");
    expect(user.labels()).toEqual(["รายการที่ 1", "ยกเลิก"]);
    await user.tap("รายการที่ 1");
    await user.tap("ข้อความ");
    expect(textOf((await user.say("ok"))[0])).toContain("สั้นเกินไป");
    await user.say("ประกาศผลการจัดซื้อจัดจ้างเดือนกุมภาพันธ์และมีนาคม");
    await user.say("แก้ไขความก้าวหน้า");
    await user.tap("รายการที่ 1");
    await user.tap("สถานะ");
    await user.tap("ไม่สามารถดำเนินการได้");
    const done = await user.tap("บุคลากรไม่เพียงพอ");
    expect(textOf(done.at(-1))).toContain("เหตุผล: บุคลากรไม่เพียงพอ");
    let { json } = await adminApi(bot, "GET", `/measures/${id}`);
    expect(json.progress[0]).toMatchObject({
      text: "ประกาศผลการจัดซื้อจัดจ้างเดือนกุมภาพันธ์และมีนาคม",
      performedOn: "2027-03-30",
      status: "cannot_do",
      reasonCode: "not_enough_staff",
    });
    expect(json.status).toBe("cannot_do");
    const history = await adminApi(bot, "GET", `/measures/${id}/progress/${json.progress[0].id}`);
    expect(history.json.history.map((h: { kind: string; by: string }) => [h.kind, h.by])).toEqual([
      ["corrected", "สมศรี (กองคลัง)"],
      ["corrected", "สมศรี (กองคลัง)"],
      ["corrected", "สมศรี (กองคลัง)"],
    ]);

    // Someone else (another staff member of the unit) cannot open it; nor once the author has moved.
    const colleague = await staffOf("กองคลัง", "สมชาย");
    const data = `a=progress-edit&m=${id}&e=${json.progress[0].id}`;
    const refused = await colleague.send({ type: "postback", data });
    expect(textOf(refused[0])).toContain("เฉพาะรายการที่คุณบันทึกเอง");
    expect(textOf((await colleague.say("แก้ไขความก้าวหน้า"))[0])).toContain("ยังไม่มีรายการความก้าวหน้าที่คุณบันทึก");
    const citizen = chatUser(bot, line, newLineUserId());
    expect(textOf((await citizen.send({ type: "postback", data }))[0])).toContain("ใช้ได้เฉพาะเจ้าหน้าที่");

    const moveTo = async (unit: string) =>
      bot.deps.db
        .update(users)
        .set({ unitId: await unitId(unit) })
        .where(eq(users.lineUserId, user.userId));
    await moveTo("กองช่าง");
    expect(textOf((await user.send({ type: "postback", data }))[0])).toContain("เฉพาะรายการที่คุณบันทึกเอง");
    await moveTo("กองคลัง");

    // Withdraw: confirmed, then gone.
    await user.say("แก้ไขความก้าวหน้า");
    await user.tap("รายการที่ 1");
    await user.tap("ถอนรายการ");
    expect(user.labels()).toEqual(["ยืนยัน", "ยกเลิก"]);
    expect(textOf((await user.say("ถอน"))[0])).toContain("โปรดกด");
    const gone = await user.tap("ยืนยัน");
    expect(textOf(gone.at(-1))).toContain("ถอนรายการแล้ว");
    ({ json } = await adminApi(bot, "GET", `/measures/${id}`));
    expect(json).toMatchObject({ progress: [], status: "not_started", percent: 0 });
    expect(textOf((await user.say("แก้ไขความก้าวหน้า"))[0])).toContain("ยังไม่มีรายการ");
    // The old button now says it was withdrawn.
    expect(textOf((await user.send({ type: "postback", data }))[0])).toContain("ถูกถอนแล้ว");
  });
});
