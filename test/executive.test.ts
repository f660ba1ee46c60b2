import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { atomic } from "../src/db/client";
import {
  fileComplaintStatements,
  findComplaintByEvent,
  statusChangeStatements,
} from "../src/db/repos/complaints.repo";
import { insertMeasures } from "../src/db/repos/measures.repo";
import { users } from "../src/db/schema";
import { runScheduledMinute } from "../src/jobs/scheduled.job";
import { newLineUserId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { chatUser, textOf } from "./support/chat";
import { useBot } from "./support/harness";

const DAY = 24 * 60 * 60 * 1000;
/** Monday 14 December 2026, 08:45 in Bangkok (fiscal year 2570). */
const MONDAY = Date.parse("2026-12-14T08:45:00+07:00");
const at = (iso: string) => Date.parse(iso);
const t = useBot({ startAt: MONDAY });

async function unitIds() {
  const items = (await adminApi(t.bot, "GET", "/units")).json.items as Array<{ id: string; name: string }>;
  return Object.fromEntries(items.map((u) => [u.name, u.id])) as Record<string, string>;
}

async function member(role: "staff" | "integrity" | "executive", unitId: string | null = null) {
  const lineUserId = newLineUserId();
  await t.bot.deps.db.insert(users).values({ lineUserId, role, unitId, createdAt: 0, lastSeenAt: 0 });
  return lineUserId;
}

/** A prepared dataset whose overview numbers are worked out by hand below. */
async function prepare() {
  const u = await unitIds();
  const db = t.bot.deps.db;
  const measure = (
    id: string,
    unit: string,
    endMonth: string,
    status: "not_started" | "in_progress" | "done",
    createdAt: number,
    lastProgressAt: number | null,
  ) => ({
    id,
    unitIds: [u[unit] as string],
    fiscalYear: 2570,
    title: `มาตรการ ${id}`,
    indicators: [9],
    method: "ดำเนินการ",
    startMonth: "2026-10",
    endMonth,
    status,
    percent: status === "done" ? 100 : 0,
    createdAt,
    lastProgressAt,
  });
  await atomic(
    db,
    insertMeasures(db, [
      measure("m1", "กองช่าง", "2026-11", "in_progress", MONDAY - 60 * DAY, MONDAY - 40 * DAY), // overdue + stale
      measure("m2", "กองช่าง", "2027-09", "done", MONDAY - 60 * DAY, MONDAY - 50 * DAY),
      measure("m3", "กองคลัง", "2027-09", "not_started", MONDAY - 40 * DAY, null), // stale
      measure("m4", "กองคลัง", "2027-03", "in_progress", MONDAY - 60 * DAY, MONDAY - DAY),
    ]),
  );
  const file = async (event: string, track: "general" | "corruption", created: string, dueDate: string) => {
    await atomic(
      db,
      fileComplaintStatements(db, {
        sourceEventId: event,
        track,
        fiscalYear: 2570,
        categoryId: null,
        category: "ถนน/ทางเท้า",
        description: "ถนนชำรุด",
        location: null,
        routedUnitId: track === "general" ? (u.กองช่าง as string) : null,
        anonymous: track === "corruption",
        createdAt: at(created),
        dueDate,
        lineUserId: newLineUserId(),
        photos: [],
        receivedBy: "ระบบ",
        receivedNote: "",
      }),
    );
  };
  const resolve = async (event: string, closed: string) => {
    const complaint = await findComplaintByEvent(db, event);
    if (!complaint) throw new Error(`no complaint ${event}`);
    await atomic(
      db,
      statusChangeStatements(db, {
        complaint,
        status: "resolved",
        note: "เสร็จ",
        by: "x",
        at: at(closed),
        closedAt: at(closed),
      }),
    );
  };
  await file("c1", "general", "2026-12-01T10:00:00+07:00", "2026-12-22");
  await resolve("c1", "2026-12-04T15:00:00+07:00"); // Wed, Thu, Fri: 3 working days
  await file("c2", "general", "2026-12-02T10:00:00+07:00", "2026-12-23");
  await resolve("c2", "2026-12-09T09:00:00+07:00"); // Thu, Fri, Mon, Tue, Wed: 5 working days
  await file("c3", "general", "2026-11-19T10:00:00+07:00", "2026-12-10"); // open, overdue
  await file("c4", "general", "2026-12-08T10:00:00+07:00", "2026-12-15"); // open, due tomorrow
  await file("c5", "corruption", "2026-11-20T10:00:00+07:00", "2026-12-11"); // open, overdue
  return u;
}

describe("executive overview", () => {
  it("counts a prepared dataset as worked out by hand", async () => {
    await prepare();
    const overview = (await adminApi(t.bot, "GET", "/overview")).json;
    expect(overview.fiscalYear).toBe(2570);
    expect(overview.measures).toEqual({
      total: 4,
      not_started: 1,
      in_progress: 2,
      done: 1,
      cannot_do: 0,
      overdue: 1,
      stale: 2,
    });
    expect(overview.complaints).toEqual([
      { track: "general", received: 4, open: 2, overdue: 1, resolved: 2, averageDaysToResolve: 4 },
      { track: "corruption", received: 1, open: 1, overdue: 1, resolved: 0, averageDaysToResolve: null },
    ]);
    expect(overview.eit).toEqual({ respondents: 0, invited: 0, sampleTarget: 30 });
    // 14 Dec 2026 → 30 Apr 2027: 17 + 31 + 28 + 31 + 30 days.
    expect(overview.deadlines[0]).toMatchObject({ date: "2027-04-30", daysLeft: 137 });
    expect(overview.deadlines[1]).toMatchObject({ date: "2027-10-31" });

    const executive = chatUser(t.bot, t.line, await member("executive"));
    const card = await executive.say("ภาพรวม");
    const text = textOf(card.at(-1));
    expect(text).toContain("ภาพรวม ปีงบประมาณ 2570");
    expect(text).toContain("4 วันทำการ");
    expect(text).toContain("30 เม.ย. 2570 (อีก 137 วัน)");
    const staff = chatUser(t.bot, t.line, await member("staff"));
    expect(textOf((await staff.say("ภาพรวม"))[0])).toContain("ขออภัย");
  });
});

describe("reminders", () => {
  it("send one digest per executive and daily nudges, never twice for the same day", async () => {
    const u = await prepare();
    const executives = [await member("executive"), await member("executive")];
    const roadStaff = await member("staff", u.กองช่าง);
    const financeStaff = await member("staff", u.กองคลัง);
    const integrity = await member("integrity");
    const idle = await member("staff", u.สำนักปลัด);
    const run = async (when: string) => {
      const response = await adminApi(t.bot, "POST", `/reminders/run?at=${encodeURIComponent(when)}`);
      expect(response.status).toBe(200);
      await t.bot.settle();
      return response.json as { at: string; sent: Array<{ to: string; kind: string; summary: string }> };
    };

    const morning = await run("2026-12-14T08:45:00+07:00");
    expect(morning.at).toBe("2026-12-14T08:45:00+07:00");
    expect(morning.sent.map((s) => [s.kind, s.to]).sort()).toEqual(
      executives.map((e) => ["digest", e]).sort(),
    );
    for (const executive of executives) {
      const pushes = t.line.double.deliveries({ userId: executive });
      expect(pushes).toHaveLength(1); // ONE push, the overview card
      expect(pushes[0]?.messages).toHaveLength(1);
      expect(textOf(pushes[0]?.messages[0])).toContain("ภาพรวม ปีงบประมาณ 2570");
    }
    expect((await run("2026-12-14T08:50:00+07:00")).sent).toEqual([]);

    const ran = await run("2026-12-14T09:05:00+07:00");
    // The complainant of the resolved R2570-00001 is asked again whether it was fixed (closure.job.ts).
    expect(ran.sent.filter((s) => s.kind !== "nudge").map((s) => [s.kind, s.summary])).toEqual([
      ["fix_question", "R2570-00001: ถามซ้ำ"],
    ]);
    const nine = { sent: ran.sent.filter((s) => s.kind === "nudge") };
    expect(nine.sent.map((s) => s.to).sort()).toEqual([roadStaff, financeStaff, integrity].sort());
    expect(nine.sent.find((s) => s.to === roadStaff)?.summary).toContain("มาตรการเกินกำหนด 1");
    expect(nine.sent.find((s) => s.to === roadStaff)?.summary).toContain("ใกล้ครบกำหนด");
    expect(nine.sent.find((s) => s.to === financeStaff)?.summary).toContain("ไม่มีความคืบหน้า");
    expect(nine.sent.find((s) => s.to === integrity)?.summary).toContain("เกินกำหนดตอบ 1");
    expect(t.line.double.deliveries({ userId: idle })).toEqual([]);
    expect(textOf(t.line.double.messagesFor(roadStaff).at(-1))).toContain("แจ้งเตือน");

    expect((await run("2026-12-14T09:30:00+07:00")).sent).toEqual([]);
    const tuesday = await run("2026-12-15T09:01:00+07:00");
    expect(tuesday.sent.map((s) => s.kind)).toEqual(["nudge", "nudge", "nudge", "fix_question"]);
    expect(tuesday.sent.at(-1)?.summary).not.toContain("R2570-00001"); // asked again once only
    for (const executive of executives)
      expect(t.line.double.deliveries({ userId: executive })).toHaveLength(1);
  });

  it("a minute that meets a database locked by another writer waits for it instead of failing", async () => {
    // A Monday morning with an executive whose digest has not gone out: the minute must write.
    await member("executive");
    const now = at("2026-12-14T08:45:00+07:00");
    // As the processing thread runs it: a locked database fails at once instead of sleeping.
    await t.bot.deps.db.all(sql`PRAGMA busy_timeout = 0`);
    const holder = new Database(t.bot.deps.config.databasePath);
    holder.exec("BEGIN IMMEDIATE");
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        holder.exec("COMMIT");
        resolve();
      }, 100),
    );
    const logged: string[] = [];
    const delivered: string[] = [];
    const log = { ...t.bot.deps.log, error: (message: string) => void logged.push(message) };
    await runScheduledMinute({ ...t.bot.deps, log }, now, async (recipients) => {
      delivered.push(...recipients);
    });
    await released;
    holder.close();
    expect(logged).toEqual([]);
    expect(delivered.length).toBeGreaterThan(0); // the digest was written, after the lock let go
  });

  it("follows the configured schedule and rejects a bad time", async () => {
    const bad = await adminApi(t.bot, "POST", "/reminders/run?at=monday");
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe("at");
    const invalid = await adminApi(t.bot, "PUT", "/settings/reminders", {
      digestWeekday: 9,
      digestTime: "8:30",
      nudgeTime: "09:00",
    });
    expect(invalid.json.errors.map((e: { field: string }) => e.field)).toEqual([
      "digestWeekday",
      "digestTime",
    ]);
    await adminApi(t.bot, "PUT", "/settings/reminders", {
      digestWeekday: 5,
      digestTime: "16:00",
      nudgeTime: "09:00",
    });
    const executive = await member("executive");
    const monday = await adminApi(
      t.bot,
      "POST",
      `/reminders/run?at=${encodeURIComponent("2026-12-14T16:30:00+07:00")}`,
    );
    expect(monday.json.sent).toEqual([]);
    const friday = await adminApi(
      t.bot,
      "POST",
      `/reminders/run?at=${encodeURIComponent("2026-12-18T16:30:00+07:00")}`,
    );
    expect(friday.json.sent.map((s: { to: string }) => s.to)).toEqual([executive]);
  });
});
