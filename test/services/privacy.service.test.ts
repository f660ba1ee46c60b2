import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  auditLog,
  complaintContacts,
  complaintPhotos,
  complaints,
  privacyErasures,
  users,
} from "../../src/db/schema";
import type { Track } from "../../src/domain/complaints";
import { check } from "../../src/domain/validation";
import { DEFAULT_RETENTION, retentionPolicy } from "../../src/jobs/retention.job";
import { commit, commitPlanned } from "../../src/services/commit";
import { ADMIN_API_ACTOR } from "../../src/services/plan";
import {
  lineUserIdSchema,
  planAccessExport,
  planErasure,
  planRetentionPolicy,
  pseudonymOf,
} from "../../src/services/privacy.service";
import { newLineUserId } from "../../src/simulator/webhook-events";
import { type ServiceDeps, serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

let seq = 0;

/** A person who filed a complaint of each track, with a photo and a place. */
async function personWithComplaints(deps: ServiceDeps) {
  const lineUserId = newLineUserId();
  const now = deps.clock.now();
  await deps.db.insert(users).values({ lineUserId, createdAt: now, lastSeenAt: now });
  const codes: Record<Track, string> = { general: "", corruption: "" };
  for (const track of ["general", "corruption"] as const) {
    const n = ++seq;
    const trackingCode = `${track === "general" ? "R" : "C"}2570-${String(n).padStart(5, "0")}`;
    codes[track] = trackingCode;
    const [complaint] = await deps.db
      .insert(complaints)
      .values({
        trackingCode,
        track,
        fiscalYear: 2570,
        seq: n,
        category: "ถนน/ทางเท้า",
        description: "ไฟหน้าบ้านเลขที่ 12/3 ดับ",
        latitude: 14.1,
        longitude: 99.5,
        address: "12/3 หมู่ 4",
        anonymous: false,
        createdAt: now,
        dueDate: "2099-01-01",
        updatedAt: now,
        sourceEventId: `event-${n}`,
      })
      .returning();
    if (!complaint) throw new Error("not inserted");
    await deps.db.insert(complaintContacts).values({ complaintId: complaint.id, lineUserId, createdAt: now });
    const blobKey = `complaints/${deps.orgId}/${n}.jpg`;
    await deps.blobs.put(blobKey, new Uint8Array([1]), "image/jpeg");
    await deps.db.insert(complaintPhotos).values({
      id: `photo-${n}`,
      complaintId: complaint.id,
      kind: "report",
      blobKey,
      contentType: "image/jpeg",
      createdAt: now,
    });
  }
  return { lineUserId, codes };
}

async function mentions(deps: ServiceDeps, needle: string): Promise<string[]> {
  const tables = await deps.db.all<{ name: string }>(
    sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`,
  );
  const found: string[] = [];
  for (const { name } of tables) {
    if (JSON.stringify(await deps.db.all(sql.raw(`SELECT * FROM "${name}"`))).includes(needle))
      found.push(name);
  }
  return found;
}

describe("privacy service: erasure", () => {
  it("plans the erasure without writing; committed, only the erasure record names the person", async () => {
    const deps = await serviceDeps();
    const { lineUserId, codes } = await personWithComplaints(deps);
    const planned = await planErasure(deps, { lineUserId, role: "citizen" });
    if (!planned.ok) throw planned.error;
    const pseudonym = await pseudonymOf(deps.orgId, lineUserId);
    expect(planned.value).toEqual({
      pseudonym,
      photoKeys: [`complaints/${deps.orgId}/${seq - 1}.jpg`, `complaints/${deps.orgId}/${seq}.jpg`],
    });
    expect(pseudonym).toMatch(/^erased:[0-9a-f]{24}$/);
    expect(planned.plan.audit).toEqual([]); // recorded under the pseudonym, among the statements
    expect((await mentions(deps, lineUserId)).sort()).toEqual(["complaint_contacts", "users"]);

    await commit(deps, planned.plan, { audit: lineUserId, display: "ผู้ใช้" });
    expect(await mentions(deps, lineUserId)).toEqual(["privacy_erasures"]);
    expect(await deps.db.select().from(privacyErasures)).toMatchObject([{ lineUserId, pseudonym }]);
    expect(await deps.db.select().from(auditLog).where(eq(auditLog.action, "privacy.erase"))).toMatchObject([
      { actor: pseudonym, subject: pseudonym, detail: { photos: 2, role: "citizen" } },
    ]);
    // The complaints stay for the statistics, without place or photos.
    for (const code of Object.values(codes)) {
      const row = await deps.db.select().from(complaints).where(eq(complaints.trackingCode, code)).get();
      expect(row).toMatchObject({ latitude: null, address: null });
    }
    expect(await deps.db.select().from(complaintPhotos)).toEqual([]);
  });
});

describe("privacy service: access request", () => {
  it("exports what is held without the corruption complaints; its one write is the audit row", async () => {
    const deps = await serviceDeps();
    const { lineUserId, codes } = await personWithComplaints(deps);
    const before = await deps.db.select().from(auditLog);
    const planned = await planAccessExport(deps, { lineUserId }, ADMIN_API_ACTOR);
    if (!planned.ok) throw planned.error;
    expect(planned.value.complaints.map((k) => k.trackingCode)).toEqual([codes.general]);
    expect(JSON.stringify(planned.value)).not.toContain(codes.corruption);
    expect(planned.value.user).toMatchObject({ role: "citizen" });
    expect(planned.value.user?.firstSeenAt).toMatch(/\+07:00$/);
    expectThai(planned.value.note, "export note");
    expect(planned.plan.statements).toEqual([]);
    expect(planned.plan.audit).toEqual([{ action: "privacy.export", subject: lineUserId }]);
    expect(await deps.db.select().from(auditLog)).toEqual(before);
    await commit(deps, planned.plan, ADMIN_API_ACTOR);
    expect((await deps.db.select().from(auditLog)).at(-1)).toMatchObject({
      actor: "admin-api",
      action: "privacy.export",
    });

    const nobody = await planAccessExport(deps, { lineUserId: newLineUserId() }, ADMIN_API_ACTOR);
    expect(nobody).toMatchObject({ ok: false, error: { code: "privacy.no_data", kind: "not_found" } });
    if (!nobody.ok) expectThai(nobody.error.thai, "privacy.no_data");
    const malformed = check(lineUserIdSchema, "nobody");
    expect(malformed.ok).toBe(false);
    if (!malformed.ok) expectThai(malformed.problems[0]?.message, "lineUserId");
  });
});

describe("privacy service: retention policy", () => {
  it("plans the setting with its audit row", async () => {
    const deps = await serviceDeps();
    const planned = await planRetentionPolicy(deps, { closedComplaintDays: 365 }, ADMIN_API_ACTOR);
    if (!planned.ok) throw planned.error;
    expect(await retentionPolicy(deps)).toEqual(DEFAULT_RETENTION);
    expect(await commitPlanned(deps, planned, ADMIN_API_ACTOR)).toEqual({
      ok: true,
      value: { closedComplaintDays: 365 },
    });
    expect(await retentionPolicy(deps)).toEqual({ closedComplaintDays: 365 });
    expect((await deps.db.select().from(auditLog)).at(-1)).toMatchObject({
      action: "settings.retention",
      detail: { closedComplaintDays: 365 },
    });
  });
});
