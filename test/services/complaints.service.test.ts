import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  auditLog,
  type Complaint,
  complaintContacts,
  complaintHistory,
  complaintPhotos,
  complaints,
  outbox,
  units,
  users,
} from "../../src/db/schema";
import type { ComplaintStatus, Track } from "../../src/domain/complaints";
import type { Role } from "../../src/domain/roles";
import { commit, commitPlanned } from "../../src/services/commit";
import {
  type ChatActor,
  commitStatusChange,
  complainantActor,
  FIXED_QUESTION,
  planFixedAnswer,
  planRating,
  planStatusChange,
  type StatusChangeInput,
  staffActor,
} from "../../src/services/complaints.service";
import { ADMIN_API_ACTOR, type Plan } from "../../src/services/plan";
import { newLineUserId } from "../../src/simulator/webhook-events";
import { JPEG } from "../support/chat";
import { type ServiceDeps, serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

const LINE_ID = /U[0-9a-f]{32}/;
let seq = 0;

async function unitIdOf(deps: ServiceDeps, name: string): Promise<string> {
  const unit = await deps.db.select().from(units).where(eq(units.name, name)).get();
  if (!unit) throw new Error(`no unit ${name}`);
  return unit.id;
}

/** A complaint as filing leaves it (filing is the complaint flow's own use case), with its sealed contact. */
async function seedComplaint(
  deps: ServiceDeps,
  options: { track?: Track; status?: ComplaintStatus; fixed?: boolean | null; complainant?: string } = {},
): Promise<{ complaint: Complaint; complainant: string }> {
  const track = options.track ?? "general";
  const complainant = options.complainant ?? newLineUserId();
  const n = ++seq;
  const now = deps.clock.now();
  const trackingCode = `${track === "general" ? "R" : "C"}2570-${String(n).padStart(5, "0")}`;
  const [complaint] = await deps.db
    .insert(complaints)
    .values({
      trackingCode,
      track,
      fiscalYear: 2570,
      seq: n,
      category: track === "general" ? "ถนน/ทางเท้า" : "ทุจริต",
      description: "ถนนหน้าวัดเป็นหลุมลึก",
      status: options.status ?? "received",
      routedUnitId: track === "general" ? await unitIdOf(deps, "กองช่าง") : null,
      anonymous: false,
      createdAt: now,
      dueDate: "2099-01-01",
      updatedAt: now,
      fixed: options.fixed ?? null,
      sourceEventId: `event-${n}`,
    })
    .returning();
  if (!complaint) throw new Error("not inserted");
  await deps.db
    .insert(complaintContacts)
    .values({ complaintId: complaint.id, lineUserId: complainant, createdAt: now });
  return { complaint, complainant };
}

async function person(deps: ServiceDeps, role: Role, unit?: string, displayName = "สมศรี ใจดี") {
  const lineUserId = newLineUserId();
  const user = {
    lineUserId,
    role,
    unitId: unit ? await unitIdOf(deps, unit) : null,
    displayName,
    createdAt: 0,
    lastSeenAt: 0,
  };
  await deps.db.insert(users).values(user);
  return user;
}

const change = (complaint: Complaint, rest: Partial<StatusChangeInput> = {}): StatusChangeInput => ({
  trackingCode: complaint.trackingCode,
  status: "in_progress",
  note: "",
  ...rest,
});

const read = async (deps: ServiceDeps, complaint: Complaint) =>
  (await deps.db.select().from(complaints).where(eq(complaints.id, complaint.id)).get()) as Complaint;

/** Everything a plan could write, to compare before and after. */
async function written(deps: ServiceDeps) {
  return {
    complaints: await deps.db.select().from(complaints),
    history: await deps.db.select().from(complaintHistory),
    photos: await deps.db.select().from(complaintPhotos),
    outbox: await deps.db.select().from(outbox),
    audit: await deps.db.select().from(auditLog),
    blobs: deps.blobs.keys(),
  };
}

describe("complaints service: status change rules", () => {
  it("refuses each broken rule with its code, kind, field and a Thai message", async () => {
    const deps = await serviceDeps();
    const { complaint } = await seedComplaint(deps);
    const { complaint: rejected } = await seedComplaint(deps, { status: "rejected" });
    const { complaint: forwarded } = await seedComplaint(deps, { status: "forwarded" });
    const { complaint: corruption } = await seedComplaint(deps, { track: "corruption" });
    const before = await written(deps);
    const cases: Array<[StatusChangeInput, string, string, string]> = [
      [
        change(complaint, { trackingCode: "R2570-99999" }),
        "complaint.not_found",
        "not_found",
        "trackingCode",
      ],
      [change(rejected), "complaint.closed", "conflict", "status"],
      [
        change(forwarded, { status: "forwarded", note: "ส่งต่ออีก" }),
        "complaint.status_not_allowed",
        "conflict",
        "status",
      ],
      [change(complaint, { status: "resolved" }), "complaint.note_required", "invalid", "note"],
      [change(complaint, { status: "rejected", note: "  " }), "complaint.note_required", "invalid", "note"],
      [change(complaint, { status: "forwarded" }), "complaint.note_required", "invalid", "note"],
      [
        change(complaint, { status: "resolved", note: "ซ่อมแล้ว" }),
        "complaint.photo_or_reason_required",
        "invalid",
        "noPhotoReason",
      ],
      [
        change(complaint, { status: "resolved", note: "ซ่อมแล้ว", photo: new TextEncoder().encode("GIF89a") }),
        "complaint.photo_type",
        "invalid",
        "photo",
      ],
      [
        change(complaint, {
          status: "resolved",
          note: "ซ่อมแล้ว",
          photo: new Uint8Array(10 * 1024 * 1024 + 1),
        }),
        "complaint.photo_too_large",
        "invalid",
        "photo",
      ],
    ];
    const messages = new Set<string>();
    for (const [input, code, kind, field] of cases) {
      const planned = await planStatusChange(deps, input, ADMIN_API_ACTOR);
      expect(planned.ok, code).toBe(false);
      if (planned.ok) continue;
      expect(planned.error, code).toMatchObject({ code, kind, field });
      expectThai(planned.error.thai, code);
      messages.add(planned.error.thai);
    }
    // The note a refusal asks for names what it is for: a result, a reason, a unit.
    expect(messages).toContain("การปิดเรื่องต้องมีผลการดำเนินการ");
    expect(messages).toContain("การไม่รับพิจารณาต้องระบุเหตุผล");
    expect(messages).toContain("โปรดระบุหน่วยงานที่ส่งต่อ");
    expect(messages).toContain("เรื่องนี้ปิดแล้ว (ไม่รับพิจารณา) เปลี่ยนสถานะไม่ได้");
    expect(messages).toContain('เปลี่ยนจาก "ส่งต่อหน่วยงานอื่น" เป็น "ส่งต่อหน่วยงานอื่น" ไม่ได้');
    // A corruption complaint may be resolved without an after-photo.
    const resolved = await planStatusChange(
      deps,
      change(corruption, { status: "resolved", note: "ลงโทษทางวินัยแล้ว" }),
      ADMIN_API_ACTOR,
    );
    expect(resolved.ok).toBe(true);
    expect(await written(deps)).toEqual(before);
  });

  it("in chat, only the routed unit's staff work a general complaint, only integrity officers a corruption one", async () => {
    const deps = await serviceDeps();
    const { complaint: general } = await seedComplaint(deps);
    const { complaint: corruption } = await seedComplaint(deps, { track: "corruption" });
    const roads = await staffActor(deps, await person(deps, "staff", "กองช่าง"));
    const finance = await staffActor(deps, await person(deps, "staff", "กองคลัง"));
    const integrity = await staffActor(deps, await person(deps, "integrity", undefined, "วิไล ตรวจสอบ"));
    const citizen = complainantActor(await person(deps, "citizen"));
    const may = async (complaint: Complaint, actor: ChatActor) => {
      const planned = await planStatusChange(deps, change(complaint), actor);
      if (!planned.ok) {
        expect(planned.error.code).toBe("complaint.not_yours");
        expectThai(planned.error.thai, "complaint.not_yours");
      }
      return planned.ok;
    };
    expect(await may(general, roads)).toBe(true);
    expect(await may(general, finance)).toBe(false);
    expect(await may(general, integrity)).toBe(false);
    expect(await may(general, citizen)).toBe(false);
    expect(await may(corruption, integrity)).toBe(true);
    expect(await may(corruption, roads)).toBe(false);
    expect(roads.display).toBe("สมศรี ใจดี (กองช่าง)");
    expect(integrity.display).toBe("วิไล ตรวจสอบ");
  });
});

describe("complaints service: the plan", () => {
  it("writes nothing until committed; then the history, the update, the audit row and the complainant's push", async () => {
    const deps = await serviceDeps();
    const { complaint, complainant } = await seedComplaint(deps);
    const before = await written(deps);
    const planned = await planStatusChange(
      deps,
      change(complaint, { status: "resolved", note: "ปะผิวถนนแล้ว", noPhotoReason: "ช่างลืมถ่ายภาพ" }),
      ADMIN_API_ACTOR,
    );
    if (!planned.ok) throw planned.error;
    expect(await written(deps)).toEqual(before);

    // The complainant's push is in the plan: the status card, then the "was it fixed?" question.
    expect(planned.plan.pushes.map((push) => push.to)).toEqual([complainant]);
    const messages = JSON.stringify(planned.plan.pushes[0]?.messages);
    expect(messages).toContain(complaint.trackingCode);
    expect(messages).toContain("ไม่มีภาพหลังดำเนินการ: ช่างลืมถ่ายภาพ");
    expect(JSON.stringify(planned.plan.pushes[0]?.messages.at(-1))).toContain(FIXED_QUESTION);
    expect(planned.plan.audit).toEqual([
      {
        action: "complaint.status",
        subject: complaint.trackingCode,
        detail: { from: "received", to: "resolved" },
      },
    ]);

    expect(await commit(deps, planned.plan, ADMIN_API_ACTOR)).toEqual({
      ok: true,
      recipients: [complainant],
    });
    expect(await read(deps, complaint)).toMatchObject({ status: "resolved", fixed: null });
    expect((await read(deps, complaint)).closedAt).not.toBeNull();
    const history = await deps.db.select().from(complaintHistory);
    expect(history.at(-1)).toMatchObject({ status: "resolved", by: "ผู้ดูแลระบบ" });
    expect((await deps.db.select().from(outbox)).map((row) => row.to)).toEqual([complainant]);
    expect((await deps.db.select().from(auditLog)).at(-1)).toMatchObject({
      actor: "admin-api",
      action: "complaint.status",
      subject: complaint.trackingCode,
    });
  });

  it("of two changes planned from the same reading, the second to commit lands nothing: no history, push or audit row", async () => {
    const deps = await serviceDeps();
    const { complaint } = await seedComplaint(deps);
    // Both in the same millisecond as each other and as the filing itself, as two staff members
    // tapping at once right after it may well be (a guard on `updated_at` must still tell them apart).
    const instant = (await read(deps, complaint)).updatedAt;
    deps.clock.now = () => instant;
    const first = await planStatusChange(deps, change(complaint), ADMIN_API_ACTOR);
    const second = await planStatusChange(
      deps,
      change(complaint, { status: "rejected", note: "ไม่อยู่ในอำนาจหน้าที่" }),
      ADMIN_API_ACTOR,
    );
    if (!first.ok || !second.ok) throw new Error("both changes should plan");
    expect((await commitPlanned(deps, first, ADMIN_API_ACTOR)).ok).toBe(true);
    const between = await written(deps);
    const lost = await commitPlanned(deps, second, ADMIN_API_ACTOR);
    expect(lost.ok).toBe(false);
    if (lost.ok) return;
    expect(lost.error).toMatchObject({
      code: "complaint.changed_meanwhile",
      kind: "conflict",
      field: "status",
    });
    expectThai(lost.error.thai);
    expect(await written(deps)).toEqual(between);
    expect(await read(deps, complaint)).toMatchObject({ status: "in_progress" });
  });

  it("a corruption complaint's plan and refusals carry no LINE id; only the sealed push is addressed to one", async () => {
    const deps = await serviceDeps();
    const { complaint, complainant } = await seedComplaint(deps, { track: "corruption" });
    const integrity = await staffActor(deps, await person(deps, "integrity", undefined, "วิไล ตรวจสอบ"));
    const planned = await planStatusChange(
      deps,
      change(complaint, { status: "in_progress", note: "ตั้งกรรมการสอบข้อเท็จจริง" }),
      integrity,
    );
    if (!planned.ok) throw planned.error;
    const { plan, value } = planned;
    const visible = (p: Plan) => ({
      ...p,
      statements: undefined,
      pushes: p.pushes.map((push) => push.messages),
    });
    expect(JSON.stringify({ value, plan: visible(plan) })).not.toMatch(LINE_ID);
    expect(plan.pushes.map((push) => push.to)).toEqual([complainant]);
    for (const input of [
      change(complaint, { status: "rejected" }),
      change(complaint, { status: "received" }),
    ]) {
      const refused = await planStatusChange(deps, input, integrity);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(JSON.stringify(refused.error) + refused.error.thai).not.toMatch(LINE_ID);
    }
    // Committed, the id is only where it is sealed (the contact) and where the push waits (the outbox).
    await commit(deps, plan, integrity);
    for (const table of ["complaints", "complaint_history", "audit_log"]) {
      const rows = await deps.db.all(sql.raw(`SELECT * FROM "${table}"`));
      expect(JSON.stringify(rows), table).not.toContain(complainant);
    }
  });

  it("the after-photo is put only once the plan is accepted, and deleted when the commit fails", async () => {
    const deps = await serviceDeps();
    const { complaint } = await seedComplaint(deps);
    const resolve = change(complaint, { status: "resolved", note: "ซ่อมแล้ว", photo: JPEG });

    // Refused (no note): no file.
    const refused = await planStatusChange(deps, { ...resolve, note: "" }, ADMIN_API_ACTOR);
    expect(await commitStatusChange(deps, refused, ADMIN_API_ACTOR)).toMatchObject({ ok: false });
    expect(deps.blobs.keys()).toEqual([]);

    // Accepted but the commit fails (the photo's id is taken): the file goes again, nothing is half-saved.
    deps.ids.uuid = () => "photo-taken";
    await deps.db.insert(complaintPhotos).values({
      id: "photo-taken",
      complaintId: complaint.id,
      kind: "report",
      blobKey: "elsewhere",
      contentType: "image/jpeg",
      createdAt: 0,
    });
    const failing = await planStatusChange(deps, resolve, ADMIN_API_ACTOR);
    expect(failing.ok).toBe(true);
    expect(deps.blobs.keys()).toEqual([]); // planned, not put
    // (A UNIQUE failure: the plan reads it as its race guard's, a refusal rather than a throw.)
    expect(await commitStatusChange(deps, failing, ADMIN_API_ACTOR)).toMatchObject({ ok: false });
    expect(deps.blobs.keys()).toEqual([]);
    expect((await read(deps, complaint)).status).toBe("received");

    // Committed: the file and its record together.
    deps.ids.uuid = () => crypto.randomUUID();
    const done = await commitStatusChange(
      deps,
      await planStatusChange(deps, resolve, ADMIN_API_ACTOR),
      ADMIN_API_ACTOR,
    );
    expect(done.ok).toBe(true);
    const result = (await deps.db.select().from(complaintPhotos)).filter((photo) => photo.kind === "result");
    expect(result).toHaveLength(1);
    expect(deps.blobs.keys()).toEqual([result[0]?.blobKey]);
  });
});

describe("complaints service: the complainant's answers", () => {
  it("not fixed: reopens it (counted), tells the unit's handlers by push, audits nothing", async () => {
    const deps = await serviceDeps();
    const handler = await person(deps, "staff", "กองช่าง");
    await person(deps, "staff", "กองคลัง");
    const { complaint, complainant } = await seedComplaint(deps, { status: "resolved" });
    const actor = complainantActor({ lineUserId: complainant, role: "citizen", unitId: null });
    const before = await written(deps);
    const planned = await planFixedAnswer(
      deps,
      { trackingCode: complaint.trackingCode, fixed: false },
      actor,
    );
    if (!planned.ok) throw planned.error;
    expect(await written(deps)).toEqual(before);
    expect(planned.value.kind).toBe("reopened");
    expect(planned.plan.pushes.map((push) => push.to)).toEqual([handler.lineUserId]);
    expect(JSON.stringify(planned.plan.pushes[0]?.messages)).toContain("ถูกเปิดอีกครั้ง");
    expect(planned.plan.audit).toEqual([]);
    await commit(deps, planned.plan, actor);
    expect(await read(deps, complaint)).toMatchObject({
      status: "in_progress",
      reopenCount: 1,
      fixed: false,
    });
    expect((await deps.db.select().from(complaintHistory)).at(-1)).toMatchObject({ by: "ผู้ร้อง" });

    // The old button cannot reopen it twice.
    const again = await planFixedAnswer(deps, { trackingCode: complaint.trackingCode, fixed: false }, actor);
    expect(again).toMatchObject({ ok: false, error: { code: "complaint.already_answered" } });
    if (!again.ok) expectThai(again.error.thai);
  });

  it("fixed: marked, then one rating; someone else's buttons and bad ratings are dead", async () => {
    const deps = await serviceDeps();
    const { complaint, complainant } = await seedComplaint(deps, { status: "resolved" });
    const actor = complainantActor({ lineUserId: complainant, role: "citizen", unitId: null });
    const stranger = complainantActor({ lineUserId: newLineUserId(), role: "citizen", unitId: null });
    const trackingCode = complaint.trackingCode;

    const early = await planRating(deps, { trackingCode, rating: 5 }, actor);
    expect(early).toMatchObject({ ok: false, error: { code: "complaint.button_expired" } });
    const forged = await planFixedAnswer(deps, { trackingCode, fixed: true }, stranger);
    expect(forged).toMatchObject({ ok: false, error: { code: "complaint.button_expired" } });
    if (!forged.ok) expectThai(forged.error.thai);

    const fixed = await planFixedAnswer(deps, { trackingCode, fixed: true }, actor);
    if (!fixed.ok) throw fixed.error;
    expect(fixed.plan.pushes).toEqual([]);
    expect((await read(deps, complaint)).fixed).toBeNull();
    await commit(deps, fixed.plan, actor);
    expect((await read(deps, complaint)).fixed).toBe(true);

    for (const rating of [0, 6, 2.5, Number.NaN]) {
      const bad = await planRating(deps, { trackingCode, rating }, actor);
      expect(bad).toMatchObject({ ok: false, error: { code: "complaint.button_expired" } });
    }
    expect(await planRating(deps, { trackingCode, rating: 4 }, stranger)).toMatchObject({ ok: false });
    const rated = await commitPlanned(
      deps,
      await planRating(deps, { trackingCode, rating: 4 }, actor),
      actor,
    );
    expect(rated).toMatchObject({ ok: true, value: { rating: 4 } });
    expect((await read(deps, complaint)).rating).toBe(4);
    const twice = await planRating(deps, { trackingCode, rating: 5 }, actor);
    expect(twice).toMatchObject({ ok: false, error: { code: "complaint.already_rated" } });
    if (!twice.ok) expectThai(twice.error.thai);
  });
});
