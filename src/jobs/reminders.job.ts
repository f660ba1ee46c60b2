import { overviewCard } from "../../flex-templates/overview.flex";
import { isUniqueViolation } from "../db/busy";
import { atomic } from "../db/client";
import { openComplaints } from "../db/repos/complaints.repo";
import { holidaySet } from "../db/repos/holidays.repo";
import { listMeasures } from "../db/repos/measures.repo";
import { insertOutbox } from "../db/repos/outbox.repo";
import { recordReminder, remindedOn } from "../db/repos/reminders.repo";
import { reachableMembers } from "../db/repos/users.repo";
import type { AppDeps } from "../deps";
import { isMeasureOverdue, isMeasureStale } from "../domain/measures";
import { workScopeOf } from "../domain/roles";
import { addDays, fiscalYearOf, isoWithOffset, localDate, weekdayOf } from "../domain/thai-time";
import { addWorkingDays } from "../domain/working-days";
import { computeOverview } from "../features/overview/overview";
import { reminderSchedule } from "../features/overview/settings";
import { type Message, textMessage } from "../line/messages";
import { outboxBatches } from "./outbox-batches";

export interface SentReminder {
  to: string;
  /** `fix_question`, `fix_unconfirmed`: the complaint closure job's (`closure.job.ts`). */
  kind: "digest" | "nudge" | "fix_question" | "fix_unconfirmed";
  summary: string;
}

export interface ReminderRun {
  at: string;
  sent: SentReminder[];
}

/** A complaint is "near its deadline" when it is due within this many working days. */
const NEAR_DEADLINE_DAYS = 2;

/** Staff nudges go out within this long after the nudge time (the schedule ticks every minute). */
const NUDGE_WINDOW_MINUTES = 120;

const localTime = (at: number, timeZone: string) => isoWithOffset(at, timeZone).slice(11, 16);
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * Evaluate the reminder schedule as if the clock read `at`, and queue what is due: the weekly digest to
 * each executive (one push: the overview card) from the digest time on the digest day, and a daily nudge
 * to each staff member with overdue or stale measures or complaints near their deadline (one push a day
 * at most, within two hours of the nudge time). Idempotent per recipient,
 * kind and day: running it again sends nothing twice. Pushes go through the outbox; `deliver` sends them.
 */
export async function runReminders(
  deps: AppDeps,
  at: number,
  deliver: (recipients: string[]) => Promise<void>,
): Promise<ReminderRun> {
  const { timeZone } = deps.config;
  const schedule = await reminderSchedule(deps);
  const today = localDate(at, timeZone);
  const time = localTime(at, timeZone);
  const plans: Array<SentReminder & { messages: Message[] }> = [];

  if (weekdayOf(today) === schedule.digestWeekday && time >= schedule.digestTime) {
    const executives = await reachableMembers(deps.db, ["executive"]);
    const done = await remindedOn(deps.db, "digest", today);
    const due = executives.filter((member) => !done.has(member.lineUserId));
    if (due.length > 0) {
      const view = await computeOverview(deps, at);
      const summary = `ภาพรวมประจำสัปดาห์: มาตรการเกินกำหนด ${view.measures.overdue}, เรื่องร้องเรียนเกินกำหนด ${view.complaints.reduce((n, c) => n + c.overdue, 0)}`;
      for (const member of due) {
        plans.push({ to: member.lineUserId, kind: "digest", summary, messages: [overviewCard(view)] });
      }
    }
  }

  const sinceNudgeTime = minutesOf(time) - minutesOf(schedule.nudgeTime);
  if (sinceNudgeTime >= 0 && sinceNudgeTime < NUDGE_WINDOW_MINUTES) {
    const staff = await reachableMembers(deps.db, ["staff", "integrity"]);
    const done = await remindedOn(deps.db, "nudge", today);
    const due = staff.filter((member) => !done.has(member.lineUserId));
    if (due.length > 0) {
      const fiscalYear = fiscalYearOf(at, timeZone);
      const holidays = await holidaySet(deps.db, today, addDays(today, 30));
      const soon = addWorkingDays(today, NEAR_DEADLINE_DAYS, holidays);
      for (const member of due) {
        const scope = workScopeOf(member);
        const measures =
          scope.kind === "unit" ? await listMeasures(deps.db, { fiscalYear, unitId: scope.unitId }) : [];
        const overdueMeasures = measures.filter((m) => isMeasureOverdue(m, at, timeZone)).length;
        const staleMeasures = measures.filter(
          (m) => !isMeasureOverdue(m, at, timeZone) && isMeasureStale(m, at),
        ).length;
        const complaints =
          scope.kind === "corruption"
            ? await openComplaints(deps.db, { track: "corruption" }, 500)
            : scope.kind === "unit"
              ? await openComplaints(deps.db, { track: "general", unitId: scope.unitId }, 500)
              : [];
        const overdueComplaints = complaints.filter((c) => c.dueDate < today).length;
        const nearComplaints = complaints.filter((c) => c.dueDate >= today && c.dueDate <= soon).length;
        const lines = [
          overdueMeasures ? `• มาตรการเกินกำหนด ${overdueMeasures} มาตรการ` : "",
          staleMeasures ? `• มาตรการไม่มีความคืบหน้าเกิน 30 วัน ${staleMeasures} มาตรการ` : "",
          overdueComplaints ? `• เรื่องร้องเรียนเกินกำหนดตอบ ${overdueComplaints} เรื่อง` : "",
          nearComplaints ? `• เรื่องร้องเรียนใกล้ครบกำหนดตอบ ${nearComplaints} เรื่อง` : "",
        ].filter(Boolean);
        if (lines.length === 0) continue;
        const choices = [
          ...(overdueMeasures || staleMeasures ? [{ label: "มาตรการ" }] : []),
          ...(overdueComplaints || nearComplaints ? [{ label: "งานร้องเรียน" }] : []),
        ];
        plans.push({
          to: member.lineUserId,
          kind: "nudge",
          summary: lines.map((line) => line.slice(2)).join(", "),
          messages: [textMessage(`แจ้งเตือนงานที่ต้องติดตามวันนี้\n${lines.join("\n")}`, choices)],
        });
      }
    }
  }

  const sent: SentReminder[] = [];
  for (const plan of plans) {
    const rows = outboxBatches(deps, { to: plan.to, messages: plan.messages, now: deps.clock.now() });
    try {
      await atomic(deps.db, [
        recordReminder(deps.db, {
          recipient: plan.to,
          kind: plan.kind,
          day: today,
          at: deps.clock.now(),
          summary: plan.summary,
        }),
        ...insertOutbox(deps.db, rows),
      ]);
      sent.push({ to: plan.to, kind: plan.kind, summary: plan.summary });
    } catch (error) {
      // Another run recorded it first (the primary key): it was sent once, by that run.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  if (sent.length > 0) await deliver([...new Set(sent.map((s) => s.to))]);
  return { at: isoWithOffset(at, timeZone), sent };
}
