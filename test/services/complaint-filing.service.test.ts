import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findComplaintByEvent } from "../../src/db/repos/complaints.repo";
import {
  complaintCategories,
  complaintContacts,
  complaintHistory,
  complaintPhotos,
  complaints,
  outbox,
  units,
  users,
} from "../../src/db/schema";
import { commit, commitBeforeAnswer } from "../../src/services/commit";
import {
  type ComplaintFiling,
  type FilingRequest,
  filedBy,
  planComplaintFiling,
} from "../../src/services/complaint-filing.service";
import { type Actor, plan } from "../../src/services/plan";
import { newLineUserId } from "../../src/simulator/webhook-events";
import { type ServiceDeps, serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

const LINE_USER = newLineUserId();
const actor: Actor = { audit: LINE_USER, display: "ผู้ใช้" };
const common = { description: "ถนนหน้าวัดเป็นหลุมลึก", location: null, photos: [] };

async function category(deps: ServiceDeps, name: string) {
  const [row] = await deps.db.select().from(complaintCategories).where(eq(complaintCategories.name, name));
  if (!row) throw new Error(`no category ${name}`);
  return row;
}

async function member(deps: ServiceDeps, role: "staff" | "integrity", unitName?: string) {
  const unit = unitName ? (await deps.db.select().from(units).where(eq(units.name, unitName)))[0] : undefined;
  const lineUserId = newLineUserId();
  await deps.db
    .insert(users)
    .values({ lineUserId, role, unitId: unit?.id ?? null, createdAt: 0, lastSeenAt: 0 });
  return lineUserId;
}

type GeneralFiling = Extract<ComplaintFiling, { track: "general" }>;

async function generalFiling(deps: ServiceDeps, name = "ถนน/ทางเท้า"): Promise<GeneralFiling> {
  return { track: "general", categoryId: (await category(deps, name)).id, ...common };
}

function request(complaint: ComplaintFiling, sourceEventId: string, more: Partial<FilingRequest> = {}) {
  return { complaint, lineUserId: LINE_USER, sourceEventId, ...more };
}

/** What the chat adapter does: plan, commit the rows before the answer, plan the notices. */
async function file(deps: ServiceDeps, filing: FilingRequest) {
  const planned = await planComplaintFiling(deps, filing, actor);
  if (!planned.ok) throw planned.error;
  const complaint = await commitBeforeAnswer(deps, planned.plan, actor, () =>
    filedBy(deps, filing.sourceEventId),
  );
  return { planned, complaint, notices: await planned.value.notices(complaint) };
}

describe("complaint filing service", () => {
  it("plans the complaint's rows (nothing written until committed), then the handlers' pushes", async () => {
    const deps = await serviceDeps();
    const roadStaff = await member(deps, "staff", "กองช่าง");
    await member(deps, "staff", "กองคลัง");
    const filing = request(
      {
        ...(await generalFiling(deps)),
        location: { latitude: 13.75, longitude: 100.5, address: "หน้าวัด" },
        photos: [{ id: "p1", blobKey: "complaints/default/p1.jpg", contentType: "image/jpeg" }],
      },
      "event-1",
    );
    const planned = await planComplaintFiling(deps, filing, actor);
    if (!planned.ok) throw planned.error;
    expect(planned.plan.pushes).toEqual([]);
    expect(await deps.db.select().from(complaints)).toEqual([]);

    const complaint = await commitBeforeAnswer(deps, planned.plan, actor, () => filedBy(deps, "event-1"));
    expect(complaint).toMatchObject({
      trackingCode: expect.stringMatching(/^R25\d\d-00001$/),
      track: "general",
      category: "ถนน/ทางเท้า",
      status: "received",
      anonymous: false,
      address: "หน้าวัด",
      sourceEventId: "event-1",
    });
    expect(complaint.routedUnitId).toBe((await category(deps, "ถนน/ทางเท้า")).unitId);
    expect(await deps.db.select().from(complaintContacts)).toMatchObject([
      { complaintId: complaint.id, lineUserId: LINE_USER, displayName: null },
    ]);
    expect(await deps.db.select().from(complaintHistory)).toMatchObject([
      { complaintId: complaint.id, status: "received", note: "รับเรื่องผ่าน LINE" },
    ]);
    expect(await deps.db.select().from(complaintPhotos)).toMatchObject([{ id: "p1", kind: "report" }]);

    // The pushes need the tracking code, so they are planned from the filed complaint.
    const notices = await planned.value.notices(complaint);
    expect(notices.statements).toEqual([]);
    expect(notices.pushes.map((push) => push.to)).toEqual([roadStaff]);
    const notice = notices.pushes[0]?.messages[0];
    expect(notice?.type === "text" && notice.text).toContain(complaint.trackingCode);
    expect(await deps.db.select().from(outbox)).toEqual([]);
    await commit(deps, notices, actor);
    expect(await deps.db.select().from(outbox)).toHaveLength(1);
  });

  it("files an event once: a retried event plans no rows and reads back the first filing", async () => {
    const deps = await serviceDeps();
    const filing = request(await generalFiling(deps), "event-retried");
    const first = await file(deps, filing);
    const again = await planComplaintFiling(deps, filing, actor);
    if (!again.ok) throw again.error;
    expect(again.plan.statements).toEqual([]);
    const second = await commitBeforeAnswer(deps, again.plan, actor, () => filedBy(deps, "event-retried"));
    expect(second).toEqual(first.complaint);
    // Two attempts of one event racing past the first read: the second hits the event's unique
    // index, writes nothing, and reads back what the first wrote.
    const racing = await planComplaintFiling(deps, request(await generalFiling(deps), "event-raced"), actor);
    if (!racing.ok) throw racing.error;
    const winner = await commitBeforeAnswer(deps, racing.plan, actor, () => filedBy(deps, "event-raced"));
    let reads = 0;
    const lateRead = () => (reads++ === 0 ? Promise.resolve(undefined) : filedBy(deps, "event-raced"));
    expect(await commitBeforeAnswer(deps, racing.plan, actor, lateRead)).toEqual(winner);
    expect(winner.trackingCode).toMatch(/-00002$/);
    expect(await deps.db.select().from(complaints)).toHaveLength(2);
  });

  it("refuses a sixth complaint on the same day, but not the retry of the fifth", async () => {
    const deps = await serviceDeps();
    for (let i = 1; i <= 5; i++) await file(deps, request(await generalFiling(deps), `day-${i}`));
    const sixth = await planComplaintFiling(deps, request(await generalFiling(deps), "day-6"), actor);
    expect(sixth).toMatchObject({ ok: false, error: { code: "filing.daily_limit", kind: "conflict" } });
    if (!sixth.ok) expectThai(sixth.error.thai, "filing.daily_limit");
    expect((await planComplaintFiling(deps, request(await generalFiling(deps), "day-5"), actor)).ok).toBe(
      true,
    );
    deps.clock.advance(24 * 60 * 60 * 1000);
    expect((await planComplaintFiling(deps, request(await generalFiling(deps), "day-6"), actor)).ok).toBe(
      true,
    );
  });

  it("refuses a category closed since it was picked", async () => {
    const deps = await serviceDeps();
    const filing = await generalFiling(deps, "น้ำประปา");
    await deps.db
      .update(complaintCategories)
      .set({ active: false })
      .where(eq(complaintCategories.id, filing.categoryId));
    const refused = await planComplaintFiling(deps, request(filing, "closed"), actor);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: "filing.category_closed", field: "categoryId" },
    });
    if (!refused.ok) expectThai(refused.error.thai, "filing.category_closed");
    expect(await findComplaintByEvent(deps.db, "closed")).toBeUndefined();
  });

  it("routes corruption complaints to integrity officers; no complaint keeps a name, identified or not", async () => {
    const deps = await serviceDeps();
    const officer = await member(deps, "integrity");
    await member(deps, "staff", "กองคลัง");
    const anonymous = await file(deps, request({ track: "corruption", anonymous: true, ...common }, "c-1"));
    const identified = await file(deps, request({ track: "corruption", anonymous: false, ...common }, "c-2"));
    const general = await file(deps, request(await generalFiling(deps), "g-1"));
    expect(anonymous.complaint).toMatchObject({
      trackingCode: expect.stringMatching(/^C25\d\d-00001$/),
      category: "การทุจริตและประพฤติมิชอบ",
      routedUnitId: null,
      anonymous: true,
    });
    expect(identified.complaint).toMatchObject({
      trackingCode: expect.stringMatching(/-00002$/),
      anonymous: false,
    });
    const names = Object.fromEntries(
      (await deps.db.select().from(complaintContacts)).map((c) => [c.complaintId, c.displayName]),
    );
    expect(names).toEqual({
      [anonymous.complaint.id]: null,
      [identified.complaint.id]: null,
      [general.complaint.id]: null,
    });
    expect(anonymous.notices.pushes.map((push) => push.to)).toEqual([officer]);
  });

  it("commits before the answer only rows: pushes and LINE actions go with the event", async () => {
    const deps = await serviceDeps();
    const withPush = plan({ pushes: [{ to: LINE_USER, messages: [] }] });
    await expect(commitBeforeAnswer(deps, withPush, actor, async () => undefined)).rejects.toThrow(
      /rows only/,
    );
  });
});
