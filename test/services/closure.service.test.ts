/**
 * Honest closure: a resolved complaint keeps awaiting its complainant's "was it fixed?" answer (the
 * cards carry the buttons, typed answers work), is asked once more after 3 working days and closed
 * as "not confirmed" after 10 — counted apart from confirmed fixes.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { complaintDetailCard } from "../../flex-templates/complaint.flex";
import {
  type Complaint,
  complaintContacts,
  complaintHistory,
  complaints,
  outbox,
  units,
} from "../../src/db/schema";
import { complaintView } from "../../src/features/complaints/complaint-support";
import { runClosure, UNCONFIRMED_NOTE } from "../../src/jobs/closure.job";
import { runScheduledJobs } from "../../src/jobs/scheduled.job";
import { loadComplaintStats } from "../../src/reports/report-files";
import { commit, commitPlanned } from "../../src/services/commit";
import {
  complainantActor,
  planFixedAnswer,
  planRating,
  planStatusChange,
  readPendingAnswer,
} from "../../src/services/complaints.service";
import { ADMIN_API_ACTOR } from "../../src/services/plan";
import { newLineUserId } from "../../src/simulator/webhook-events";
import { type ServiceDeps, serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

/** Monday 7 December 2026, 10:00 in Bangkok. Thursday 10 December is a public holiday (วันรัฐธรรมนูญ). */
const MONDAY = Date.parse("2026-12-07T10:00:00+07:00");
const at = (iso: string) => Date.parse(iso);
const noDelivery = async () => {};
let seq = 0;

async function fileAndResolve(deps: ServiceDeps, complainant: string): Promise<Complaint> {
  const unit = await deps.db.select().from(units).where(eq(units.name, "กองช่าง")).get();
  const n = ++seq;
  const now = deps.clock.now();
  const [complaint] = await deps.db
    .insert(complaints)
    .values({
      trackingCode: `R2570-${String(n).padStart(5, "0")}`,
      track: "general",
      fiscalYear: 2570,
      seq: n,
      category: "ถนน/ทางเท้า",
      description: "ถนนหน้าวัดเป็นหลุมลึก",
      status: "in_progress",
      routedUnitId: unit?.id ?? null,
      anonymous: false,
      createdAt: now - 86_400_000,
      dueDate: "2099-01-01",
      updatedAt: now - 86_400_000,
      sourceEventId: `closure-${n}`,
    })
    .returning();
  if (!complaint) throw new Error("not inserted");
  await deps.db
    .insert(complaintContacts)
    .values({ complaintId: complaint.id, lineUserId: complainant, createdAt: now });
  const resolved = await commitPlanned(
    deps,
    await planStatusChange(
      deps,
      {
        trackingCode: complaint.trackingCode,
        status: "resolved",
        note: "ซ่อมแล้ว",
        noPhotoReason: "กล้องเสีย",
      },
      ADMIN_API_ACTOR,
    ),
    ADMIN_API_ACTOR,
  );
  if (!resolved.ok) throw resolved.error;
  return read(deps, complaint);
}

const read = async (deps: ServiceDeps, complaint: Complaint) =>
  (await deps.db.select().from(complaints).where(eq(complaints.id, complaint.id)).get()) as Complaint;

const citizen = (lineUserId: string) => complainantActor({ lineUserId, role: "citizen", unitId: null });

/** The labels of a card's buttons. */
function buttonLabels(message: unknown): string[] {
  return [...JSON.stringify(message).matchAll(/"label":"([^"]+)"/g)].map((m) => m[1] ?? "");
}

async function pushesTo(deps: ServiceDeps, to: string): Promise<string[]> {
  return (await deps.db.select().from(outbox).where(eq(outbox.to, to))).map((row) => row.messages);
}

describe("closure: the answer stays pending", () => {
  it("a resolved complaint awaits the answer; its detail card carries yes/no, then the rating, then nothing", async () => {
    const deps = await serviceDeps({ startAt: MONDAY });
    const complainant = newLineUserId();
    const complaint = await fileAndResolve(deps, complainant);
    expect(complaint).toMatchObject({ status: "resolved", fixed: null, unconfirmedAt: null });

    const card = async () =>
      complaintDetailCard(await complaintView(deps, await read(deps, complaint), { history: true }));
    expect(buttonLabels(await card())).toEqual(["แก้ไขแล้ว", "ยังไม่แก้ไข"]);
    // Looking at it again changes nothing: the buttons are still there.
    expect(buttonLabels(await card())).toEqual(["แก้ไขแล้ว", "ยังไม่แก้ไข"]);

    const actor = citizen(complainant);
    const yes = await commitPlanned(
      deps,
      await planFixedAnswer(deps, { trackingCode: complaint.trackingCode, fixed: true }, actor),
      actor,
    );
    expect(yes.ok).toBe(true);
    const fixed = await read(deps, complaint);
    expect(fixed.fixed).toBe(true);
    expect(fixed.fixedConfirmedAt).toBeGreaterThanOrEqual(complaint.closedAt ?? Number.POSITIVE_INFINITY);
    expect(fixed.fixedConfirmedAt).toBeLessThanOrEqual(deps.clock.now());
    const history = await deps.db
      .select()
      .from(complaintHistory)
      .where(eq(complaintHistory.complaintId, complaint.id));
    expect(history.at(-1)).toMatchObject({
      status: "resolved",
      by: "ผู้ร้อง",
      note: "ผู้ร้องยืนยันว่าปัญหาได้รับการแก้ไขแล้ว",
    });
    expect(buttonLabels(await card())).toEqual(["ให้คะแนนความพึงพอใจ"]);

    await commitPlanned(
      deps,
      await planRating(deps, { trackingCode: complaint.trackingCode, rating: 5 }, actor),
      actor,
    );
    expect(buttonLabels(await card())).toEqual([]);
  });
});

describe("closure: typed answers", () => {
  it("with one pending: the words are read as its answer; with none, they are not answers at all", async () => {
    const deps = await serviceDeps({ startAt: MONDAY });
    const complainant = newLineUserId();
    const actor = citizen(complainant);
    expect(await readPendingAnswer(deps, "ไม่", actor)).toBeUndefined();
    const complaint = await fileAndResolve(deps, complainant);
    const code = complaint.trackingCode;
    for (const word of ["แก้ไขแล้ว", "ใช่", "เรียบร้อย", " แก้ไขแล้ว "])
      expect(await readPendingAnswer(deps, word, actor)).toEqual({
        kind: "answer",
        trackingCode: code,
        fixed: true,
      });
    for (const word of ["ยังไม่แก้ไข", "ยัง", "ไม่"])
      expect(await readPendingAnswer(deps, word, actor)).toEqual({
        kind: "answer",
        trackingCode: code,
        fixed: false,
      });
    for (const other of ["สวัสดี", "ไม่แน่ใจ", "ใช่ไหม", ""])
      expect(await readPendingAnswer(deps, other, actor)).toBeUndefined();
    // Someone else's pending answer is not theirs to give.
    expect(await readPendingAnswer(deps, "ไม่", citizen(newLineUserId()))).toBeUndefined();

    const no = await planFixedAnswer(deps, { trackingCode: code, fixed: false }, actor);
    if (!no.ok) throw no.error;
    await commit(deps, no.plan, actor);
    expect(await read(deps, complaint)).toMatchObject({
      status: "in_progress",
      reopenCount: 1,
      fixed: false,
    });
    expect(await readPendingAnswer(deps, "ไม่", actor)).toBeUndefined();
  });

  it("with several pending: asks which, unless a tracking code says; a bare code asks about that one", async () => {
    const deps = await serviceDeps({ startAt: MONDAY });
    const complainant = newLineUserId();
    const actor = citizen(complainant);
    const first = await fileAndResolve(deps, complainant);
    deps.clock.advance(60_000);
    const second = await fileAndResolve(deps, complainant);
    expect(await readPendingAnswer(deps, "แก้ไขแล้ว", actor)).toEqual({
      kind: "which",
      fixed: true,
      trackingCodes: [second.trackingCode, first.trackingCode],
    });
    expect(await readPendingAnswer(deps, `ยังไม่แก้ไข ${first.trackingCode.toLowerCase()}`, actor)).toEqual({
      kind: "answer",
      trackingCode: first.trackingCode,
      fixed: false,
    });
    expect(await readPendingAnswer(deps, `${second.trackingCode} ใช่`, actor)).toEqual({
      kind: "answer",
      trackingCode: second.trackingCode,
      fixed: true,
    });
    expect(await readPendingAnswer(deps, second.trackingCode, actor)).toEqual({
      kind: "ask",
      trackingCode: second.trackingCode,
    });
    // A code that awaits nothing is not an answer.
    expect(await readPendingAnswer(deps, "แก้ไขแล้ว R2570-99999", actor)).toBeUndefined();
  });
});

describe("closure: asked again, then closed unconfirmed", () => {
  it("asks once more after 3 working days (weekend and holiday skipped), once however often it runs", async () => {
    const deps = await serviceDeps({ startAt: MONDAY });
    const complainant = newLineUserId();
    const complaint = await fileAndResolve(deps, complainant);
    const resolvedPush = (await pushesTo(deps, complainant)).length;
    expect(resolvedPush).toBe(1);

    // Wednesday: 2 working days. Thursday is a holiday: still 2.
    for (const when of ["2026-12-09T10:00:00+07:00", "2026-12-10T10:00:00+07:00"]) {
      expect((await runClosure(deps, at(when), noDelivery)).askedAgain).toEqual([]);
    }
    // Friday 07:00: 3 working days, but not a time to push.
    expect((await runClosure(deps, at("2026-12-11T07:00:00+07:00"), noDelivery)).askedAgain).toEqual([]);
    const delivered: string[][] = [];
    const deliver = async (to: string[]) => void delivered.push(to);
    const friday = await runScheduledJobs(deps, at("2026-12-11T09:00:00+07:00"), deliver);
    expect(friday.closure.askedAgain).toEqual([complaint.trackingCode]);
    expect(delivered).toEqual([[complainant]]);
    const again = await runScheduledJobs(deps, at("2026-12-11T09:01:00+07:00"), deliver);
    expect(again.closure.askedAgain).toEqual([]);
    expect((await runClosure(deps, at("2026-12-14T10:00:00+07:00"), noDelivery)).askedAgain).toEqual([]);

    const pushes = await pushesTo(deps, complainant);
    expect(pushes).toHaveLength(2);
    const reminder = JSON.parse(pushes[1] ?? "[]");
    expect(JSON.stringify(reminder)).toContain("ปัญหาได้รับการแก้ไขแล้วหรือไม่");
    expect(buttonLabels(reminder)).toEqual(["แก้ไขแล้ว", "ยังไม่แก้ไข"]);
    for (const message of reminder) if (message.type === "text") expectThai(message.text);
    expect(await read(deps, complaint)).toMatchObject({
      status: "resolved",
      fixed: null,
      unconfirmedAt: null,
    });
  });

  it("closes it as not confirmed after 10 working days: noted, told, counted apart from confirmed fixes", async () => {
    const deps = await serviceDeps({ startAt: MONDAY });
    const complainant = newLineUserId();
    const unanswered = await fileAndResolve(deps, complainant);
    const confirmed = await fileAndResolve(deps, newLineUserId());
    const confirmer = citizen(
      (
        await deps.db
          .select()
          .from(complaintContacts)
          .where(eq(complaintContacts.complaintId, confirmed.id))
          .get()
      )?.lineUserId ?? "",
    );
    await commitPlanned(
      deps,
      await planFixedAnswer(deps, { trackingCode: confirmed.trackingCode, fixed: true }, confirmer),
      confirmer,
    );

    // Monday 21 December: 9 working days (Thursday the 10th is a holiday). Tuesday the 22nd: 10.
    expect((await runClosure(deps, at("2026-12-21T10:00:00+07:00"), noDelivery)).unconfirmed).toEqual([]);
    const run = await runClosure(deps, at("2026-12-22T10:00:00+07:00"), noDelivery);
    expect(run.unconfirmed).toEqual([unanswered.trackingCode]);
    expect((await runClosure(deps, at("2026-12-22T10:01:00+07:00"), noDelivery)).unconfirmed).toEqual([]);

    const closed = await read(deps, unanswered);
    expect(closed).toMatchObject({
      status: "resolved",
      fixed: null,
      unconfirmedAt: at("2026-12-22T10:00:00+07:00"),
    });
    const history = await deps.db
      .select()
      .from(complaintHistory)
      .where(eq(complaintHistory.complaintId, unanswered.id));
    expect(history.at(-1)).toMatchObject({ status: "resolved", note: UNCONFIRMED_NOTE, by: "ระบบ" });
    const pushes = await pushesTo(deps, complainant);
    expect(pushes.at(-1)).toContain("ปิดแล้ว");

    // A late answer is turned away politely; the cards no longer ask.
    const late = await planFixedAnswer(
      deps,
      { trackingCode: unanswered.trackingCode, fixed: true },
      citizen(complainant),
    );
    expect(late).toMatchObject({ ok: false, error: { code: "complaint.answer_closed" } });
    if (!late.ok) expectThai(late.error.thai);
    expect(buttonLabels(complaintDetailCard(await complaintView(deps, closed, { history: true })))).toEqual(
      [],
    );
    expect(await readPendingAnswer(deps, "แก้ไขแล้ว", citizen(complainant))).toBeUndefined();

    // The statistics as at that day: both resolved; one confirmed fixed, one not confirmed; timing from the resolution.
    deps.clock.advance(at("2026-12-22T12:00:00+07:00") - deps.clock.now());
    const stats = await loadComplaintStats(deps, 2570);
    const year = stats.periods.find((period) => period.key === "year");
    expect(year?.total).toMatchObject({ resolved: 2, confirmedFixed: 1, notConfirmed: 1 });
    const general = year?.tracks.find((track) => track.track === "general")?.total;
    expect(general).toMatchObject({ resolved: 2, confirmedFixed: 1, notConfirmed: 1, averageDays: 1 });
  });
});
