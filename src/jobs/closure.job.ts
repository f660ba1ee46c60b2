/**
 * Honest closure: a resolved complaint whose complainant has not said whether it was fixed is asked
 * once more after 3 working days (one push, whatever the schedule does), and closed as "not
 * confirmed" after 10 — counted apart from confirmed fixes, never as one, and noted in its history.
 * Working days skip weekends and the organisation's holidays. Pushes go out in the daytime only.
 */
import { isUniqueViolation } from "../db/busy";
import { atomic, type Statement } from "../db/client";
import { awaitingAnswers, markUnconfirmed } from "../db/repos/complaints.repo";
import { holidaySet } from "../db/repos/holidays.repo";
import { insertOutbox } from "../db/repos/outbox.repo";
import { recordReminder, remindedKeys } from "../db/repos/reminders.repo";
import type { AppDeps } from "../deps";
import { addDays, isoWithOffset, localDate } from "../domain/thai-time";
import { workingDaysBetween } from "../domain/working-days";
import { type Message, textMessage } from "../line/messages";
import { fixedQuestion } from "../services/complaints.service";
import { outboxBatches } from "./outbox-batches";

/** Working days after `resolved` before the question is asked again. */
export const ASK_AGAIN_DAYS = 3;
/** Working days after `resolved` before it is closed as "not confirmed". */
export const UNCONFIRMED_DAYS = 10;
/** Local hours in which the job pushes (a question at midnight helps no one). */
const DAYTIME = { from: "09:00", until: "20:00" };

export const UNCONFIRMED_NOTE = `ปิดเรื่องโดยไม่ได้รับการยืนยันจากผู้ร้อง (ไม่มีคำตอบภายใน ${UNCONFIRMED_DAYS} วันทำการ)`;
const SYSTEM = "ระบบ";

export interface ClosureRun {
  at: string;
  /** Tracking codes asked again, and closed as "not confirmed". */
  askedAgain: string[];
  unconfirmed: string[];
  /** The pushes, as the reminders run reports them. */
  sent: Array<{ to: string; kind: "fix_question" | "fix_unconfirmed"; summary: string }>;
}

/** The reminder log's key of one resolution of one complaint. */
const resolutionKey = (trackingCode: string, closedAt: number | null) => `${trackingCode}@${closedAt ?? 0}`;

export async function runClosure(
  deps: AppDeps,
  at: number,
  deliver: (recipients: string[]) => Promise<void>,
): Promise<ClosureRun> {
  const { timeZone } = deps.config;
  const run: ClosureRun = { at: isoWithOffset(at, timeZone), askedAgain: [], unconfirmed: [], sent: [] };
  const time = isoWithOffset(at, timeZone).slice(11, 16);
  if (time < DAYTIME.from || time >= DAYTIME.until) return run;
  const waiting = await awaitingAnswers(deps.db);
  if (waiting.length === 0) return run;
  const today = localDate(at, timeZone);
  const earliest = localDate(Math.min(...waiting.map((w) => w.complaint.closedAt ?? at)), timeZone);
  const holidays = await holidaySet(deps.db, addDays(earliest, -1), addDays(today, 1));
  const keys = waiting.map((w) => resolutionKey(w.complaint.trackingCode, w.complaint.closedAt));
  const asked = await remindedKeys(deps.db, "fix_question", keys);
  const recipients = new Set<string>();

  /** One write per complaint: the reminder row (its primary key makes a second run fail), the rest with it. */
  const commit = async (
    kind: "fix_question" | "fix_unconfirmed",
    to: string | null,
    key: string,
    summary: string,
    messages: Message[],
    extra: Statement[],
  ) => {
    const now = deps.clock.now();
    const statements = [...extra];
    if (to) {
      statements.unshift(recordReminder(deps.db, { recipient: to, kind, day: key, at: now, summary }));
      statements.push(...insertOutbox(deps.db, outboxBatches(deps, { to, messages, now })));
    }
    try {
      await atomic(deps.db, statements);
      if (to) {
        recipients.add(to);
        run.sent.push({ to, kind, summary });
      }
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return false; // another run did it first
    }
  };

  for (const { complaint, lineUserId } of waiting) {
    const resolvedOn = localDate(complaint.closedAt ?? at, timeZone);
    const days = workingDaysBetween(resolvedOn, today, holidays);
    const key = resolutionKey(complaint.trackingCode, complaint.closedAt);
    const code = complaint.trackingCode;
    if (days >= UNCONFIRMED_DAYS) {
      const notice = textMessage(
        `เรื่อง ${code} ปิดแล้ว เนื่องจากเราไม่ได้รับคำตอบจากคุณภายใน ${UNCONFIRMED_DAYS} วันทำการว่าปัญหาได้รับการแก้ไขหรือยัง หากปัญหายังไม่หมดไป แจ้งเรื่องใหม่ได้ทุกเมื่อโดยพิมพ์ "ร้องเรียน"`,
        [{ label: "ร้องเรียน" }, { label: "เมนู" }],
      );
      const close = markUnconfirmed(deps.db, complaint, UNCONFIRMED_NOTE, SYSTEM, at);
      if (await commit("fix_unconfirmed", lineUserId, key, `${code}: ปิดโดยไม่ได้รับการยืนยัน`, [notice], close)) {
        run.unconfirmed.push(code);
      }
    } else if (days >= ASK_AGAIN_DAYS && lineUserId && !asked.has(key)) {
      const lead = textMessage(
        `เรื่อง ${code} (${complaint.category}) ดำเนินการแล้วเสร็จ แต่เรายังไม่ได้รับคำตอบจากคุณ รบกวนช่วยบอกเราว่าปัญหาได้รับการแก้ไขแล้วหรือยัง`,
      );
      if (await commit("fix_question", lineUserId, key, `${code}: ถามซ้ำ`, [lead, fixedQuestion(code)], [])) {
        run.askedAgain.push(code);
      }
    }
  }
  if (recipients.size > 0) await deliver([...recipients]);
  return run;
}
