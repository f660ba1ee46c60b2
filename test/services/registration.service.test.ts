import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { findInvite, insertInvite } from "../../src/db/repos/invites.repo";
import { findUser } from "../../src/db/repos/users.repo";
import { auditLog, outbox, units, users } from "../../src/db/schema";
import type { Role } from "../../src/domain/roles";
import { createDelivery } from "../../src/jobs/delivery.job";
import { createLineGateway, createRichMenuAdmin } from "../../src/line/gateway";
import { RICH_MENU_KINDS, setupRichMenus } from "../../src/line/rich-menus";
import { commit } from "../../src/services/commit";
import type { Actor } from "../../src/services/plan";
import { planRegistration } from "../../src/services/registration.service";
import { newLineUserId } from "../../src/simulator/webhook-events";
import { type RunningDouble, startDouble } from "../support/double";
import { type ServiceDeps, serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

const DAY = 24 * 60 * 60 * 1000;
const actorOf = (lineUserId: string): Actor => ({ audit: lineUserId, display: "ผู้ใช้" });

async function invite(deps: ServiceDeps, code: string, role: Role, unitName?: string) {
  const unit = unitName ? (await deps.db.select().from(units).where(eq(units.name, unitName)))[0] : undefined;
  const now = deps.clock.now();
  await commit(
    deps,
    {
      statements: [
        insertInvite(deps.db, {
          code,
          role,
          unitId: unit?.id ?? null,
          createdAt: now,
          expiresAt: now + 7 * DAY,
          usedAt: null,
          usedBy: null,
        }),
      ],
      pushes: [],
      audit: [],
      lineActions: [],
    },
    actorOf("admin-api"),
  );
  return unit;
}

/** What the chat adapter does: plan, then commit with the event. */
async function register(
  deps: ServiceDeps,
  code: string,
  lineUserId: string,
  displayName: string | null = null,
) {
  const planned = await planRegistration(deps, { code, lineUserId, displayName }, actorOf(lineUserId));
  if (!planned.ok) return planned;
  return commit(deps, planned.plan, actorOf(lineUserId));
}

describe("registration service", () => {
  it("redeems an invite: role and unit, audit row, and the rich-menu link queued in the outbox", async () => {
    const deps = await serviceDeps();
    const unit = await invite(deps, "ABCD-EFGH", "staff", "กองช่าง");
    const me = newLineUserId();
    const planned = await planRegistration(
      deps,
      { code: " abcd efgh ", lineUserId: me, displayName: "สมชาย ช่างดี" },
      actorOf(me),
    );
    if (!planned.ok) throw planned.error;
    expect(planned.value).toEqual({ role: "staff", unitName: "กองช่าง" });
    expect(planned.plan.lineActions).toEqual([{ to: me, linkMenuFor: "staff" }]);
    expect(planned.plan.onUniqueViolation).toBe("invite.used");
    // Nothing is written until the plan is committed.
    expect((await findInvite(deps.db, "ABCD-EFGH"))?.usedAt).toBeNull();
    expect(await findUser(deps.db, me)).toBeUndefined();

    expect(await commit(deps, planned.plan, actorOf(me))).toEqual({ ok: true, recipients: [me] });
    expect(await findInvite(deps.db, "ABCD-EFGH")).toMatchObject({ usedBy: me });
    expect(await findUser(deps.db, me)).toMatchObject({
      role: "staff",
      unitId: unit?.id,
      displayName: "สมชาย ช่างดี",
    });
    expect(await deps.db.select().from(auditLog).where(eq(auditLog.action, "role.change"))).toMatchObject([
      {
        actor: me,
        subject: me,
        detail: { from: "citizen", to: "staff", unitId: unit?.id, invite: "ABCD-EFGH" },
      },
    ]);
    const [row] = await deps.db.select().from(outbox);
    expect(row).toMatchObject({ to: me, status: "pending" });
    expect(JSON.parse(row?.messages ?? "")).toEqual({ linkMenuFor: "staff" });
  });

  it("refuses an unknown, a used or an expired code, or none, with Thai coded errors", async () => {
    const deps = await serviceDeps();
    await invite(deps, "USED-USED", "executive");
    await invite(deps, "LATE-LATE", "admin");
    const first = newLineUserId();
    const other = newLineUserId();
    expect((await register(deps, "USED-USED", first)).ok).toBe(true);
    deps.clock.advance(8 * DAY);
    const cases = [
      ["ZZZZ-9999", "invite.not_found"],
      ["USED-USED", "invite.used"],
      ["LATE-LATE", "invite.expired"],
      ["  ", "registration.code_required"],
    ] as const;
    for (const [code, expected] of cases) {
      const refused = await planRegistration(
        deps,
        { code, lineUserId: other, displayName: null },
        actorOf(other),
      );
      expect(refused).toMatchObject({ ok: false, error: { code: expected } });
      if (!refused.ok) expectThai(refused.error.thai, expected);
    }
    expect(await findUser(deps.db, other)).toBeUndefined();
  });

  it("two people racing for one code: the second commit fails whole, so only one gets the role", async () => {
    const deps = await serviceDeps();
    await invite(deps, "RACE-RACE", "admin");
    const [a, b] = [newLineUserId(), newLineUserId()];
    // Both plans are made before either commits (both saw the invite unused).
    const planA = await planRegistration(
      deps,
      { code: "RACE-RACE", lineUserId: a, displayName: null },
      actorOf(a),
    );
    const planB = await planRegistration(
      deps,
      { code: "RACE-RACE", lineUserId: b, displayName: null },
      actorOf(b),
    );
    if (!planA.ok || !planB.ok) throw new Error("both plans should be made");
    expect((await commit(deps, planA.plan, actorOf(a))).ok).toBe(true);
    const lost = await commit(deps, planB.plan, actorOf(b));
    expect(lost).toMatchObject({ ok: false, error: { code: "invite.used" } });
    expect(await findUser(deps.db, b)).toBeUndefined();
    expect((await findUser(deps.db, a))?.role).toBe("admin");
    expect(await deps.db.select().from(auditLog).where(eq(auditLog.action, "role.change"))).toHaveLength(1);
    expect((await deps.db.select().from(outbox)).map((row) => row.to)).toEqual([a]);
    // The same holds when both plans commit in one batch (the inbox job commits a batch of events together).
    await invite(deps, "BTCH-BTCH", "executive");
    const [c, d] = [newLineUserId(), newLineUserId()];
    const planC = await planRegistration(
      deps,
      { code: "BTCH-BTCH", lineUserId: c, displayName: null },
      actorOf(c),
    );
    const planD = await planRegistration(
      deps,
      { code: "BTCH-BTCH", lineUserId: d, displayName: null },
      actorOf(d),
    );
    if (!planC.ok || !planD.ok) throw new Error("both plans should be made");
    const both = { ...planC.plan, statements: [...planC.plan.statements, ...planD.plan.statements] };
    expect(await commit(deps, both, actorOf(c))).toMatchObject({ ok: false, error: { code: "invite.used" } });
    expect(await findUser(deps.db, c)).toBeUndefined();
    expect(await findUser(deps.db, d)).toBeUndefined();
  });

  it("the same person sending their code again succeeds and changes nothing; a role taken away stays away", async () => {
    const deps = await serviceDeps();
    await invite(deps, "SAME-SAME", "executive");
    const me = newLineUserId();
    expect((await register(deps, "SAME-SAME", me)).ok).toBe(true);
    const again = await planRegistration(
      deps,
      { code: "SAME-SAME", lineUserId: me, displayName: null },
      actorOf(me),
    );
    expect(again).toMatchObject({ ok: true, value: { role: "executive" } });
    if (!again.ok) return;
    expect(again.plan.statements).toEqual([]);
    expect(again.plan.audit).toEqual([]);
    expect(again.plan.lineActions).toEqual([{ to: me, linkMenuFor: "executive" }]);
    await deps.db.update(users).set({ role: "citizen" }).where(eq(users.lineUserId, me));
    const restored = await planRegistration(
      deps,
      { code: "SAME-SAME", lineUserId: me, displayName: null },
      actorOf(me),
    );
    expect(restored).toMatchObject({ ok: false, error: { code: "invite.used" } });
  });
});

describe("the rich-menu link after registration", () => {
  let running: RunningDouble | undefined;
  afterEach(async () => {
    // Every call made to LINE was valid against its OpenAPI spec.
    expect(running?.double.invalidRequests()).toEqual([]);
    await running?.close();
    running = undefined;
  });

  /** Service deps whose LINE is the double, with the three rich menus set up. */
  async function withLine(): Promise<{ deps: ServiceDeps; staffMenu: string }> {
    running = await startDouble();
    const deps = await serviceDeps();
    deps.line = createLineGateway(running.lineOptions);
    const root = join(import.meta.dirname, "../..");
    const images = Object.fromEntries(
      await Promise.all(
        RICH_MENU_KINDS.map(async (kind) => {
          const bytes = await readFile(join(root, "assets/richmenu", `${kind}.png`));
          return [kind, new Blob([bytes], { type: "image/png" })];
        }),
      ),
    ) as Parameters<typeof setupRichMenus>[1];
    const setup = await setupRichMenus(createRichMenuAdmin(running.lineOptions), images);
    const staffMenu = setup.menus.find((menu) => menu.kind === "staff")?.richMenuId as string;
    return { deps, staffMenu };
  }

  it("is delivered after a crash between the commit and its delivery: the outbox row was committed", async () => {
    const { deps, staffMenu } = await withLine();
    await invite(deps, "CRSH-CRSH", "staff", "กองคลัง");
    const me = newLineUserId();
    expect((await register(deps, "CRSH-CRSH", me)).ok).toBe(true);
    // The process dies here: nothing was delivered, the role and the queued link are committed.
    expect(running?.double.richMenuLinks().links[me]).toBeUndefined();
    expect(await deps.db.select().from(outbox)).toMatchObject([{ to: me, status: "pending" }]);
    // After the restart, the periodic delivery sweep links the menu.
    await createDelivery(deps).sweep();
    expect(running?.double.richMenuLinks().links[me]).toBe(staffMenu);
    expect(await deps.db.select().from(outbox)).toMatchObject([{ to: me, status: "sent" }]);
  });

  it("is retried when LINE fails, until it links", async () => {
    const { deps, staffMenu } = await withLine();
    await invite(deps, "FAIL-FAIL", "staff", "กองคลัง");
    const me = newLineUserId();
    expect((await register(deps, "FAIL-FAIL", me)).ok).toBe(true);
    running?.double.injectFault({ endpoint: "richmenu", kind: "500", times: 1 });
    const delivery = createDelivery(deps);
    await delivery.deliver([me]);
    expect(running?.double.richMenuLinks().links[me]).toBeUndefined();
    expect(await deps.db.select().from(outbox)).toMatchObject([
      { status: "pending", attempts: 1, lastStatus: 500 },
    ]);
    deps.clock.advance(60_000);
    await delivery.sweep();
    expect(running?.double.richMenuLinks().links[me]).toBe(staffMenu);
    expect(await deps.db.select().from(outbox)).toMatchObject([{ status: "sent" }]);
  });
});
