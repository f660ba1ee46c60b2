import { describe, expect, it } from "vitest";
import { eitScores } from "../../src/db/repos/eit.repo";
import { auditLog, eitResponses } from "../../src/db/schema";
import { EIT_ITEMS } from "../../src/domain/eit";
import { commit, commitPlanned } from "../../src/services/commit";
import { planSaveEitAnswers } from "../../src/services/eit.service";
import type { Actor } from "../../src/services/plan";
import { serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

/** 3 December 2026 in Bangkok: fiscal year 2570. */
const NOW = Date.parse("2026-12-03T10:00:00+07:00");
const YEAR = 365 * 24 * 60 * 60 * 1000;
const LINE_ID = "U0123456789abcdef0123456789abcdef";
const actor: Actor = { audit: LINE_ID, display: "ผู้ตอบแบบวัด" };

const answers = (score: number) => Object.fromEntries(EIT_ITEMS.map((item) => [item.code, score]));

describe("EIT service", () => {
  it("saves a complete answer set for the fiscal year, unaudited; nothing until committed", async () => {
    const deps = await serviceDeps({ startAt: NOW });
    const planned = await planSaveEitAnswers(deps, { lineUserId: LINE_ID, scores: answers(75) }, actor);
    if (!planned.ok) throw planned.error;
    expect(planned.value).toEqual({ fiscalYear: 2570 });
    expect(planned.plan.audit).toEqual([]);
    expect(await deps.db.select().from(eitResponses)).toEqual([]);
    await commit(deps, planned.plan, actor);
    expect(await eitScores(deps.db, 2570)).toEqual([answers(75)]);
    expect(await deps.db.select().from(auditLog)).toEqual([]);
  });

  it("replaces the person's earlier set of the same fiscal year, and keeps other years'", async () => {
    const deps = await serviceDeps({ startAt: NOW });
    const save = async (score: number, lineUserId = LINE_ID) =>
      commitPlanned(
        deps,
        await planSaveEitAnswers(deps, { lineUserId, scores: answers(score) }, actor),
        actor,
      );
    await save(25);
    await save(100);
    await save(50, "U00000000000000000000000000000002");
    expect(await eitScores(deps.db, 2570)).toEqual(expect.arrayContaining([answers(100), answers(50)]));
    expect(await eitScores(deps.db, 2570)).toHaveLength(2);
    deps.clock.advance(YEAR);
    expect(await save(0)).toMatchObject({ ok: true, value: { fiscalYear: 2571 } });
    expect(await eitScores(deps.db, 2571)).toEqual([answers(0)]);
    expect(await eitScores(deps.db, 2570)).toHaveLength(2);
  });

  it("refuses an incomplete set or an item the survey does not have, in Thai", async () => {
    const deps = await serviceDeps({ startAt: NOW });
    const { e3: _left, ...incomplete } = answers(50);
    const missing = await planSaveEitAnswers(deps, { lineUserId: LINE_ID, scores: incomplete }, actor);
    expect(missing).toMatchObject({ ok: false, error: { code: "eit.incomplete", field: "scores" } });
    if (!missing.ok) {
      expect(missing.error.thai).toContain("e3");
      expectThai(missing.error.thai, "incomplete");
    }
    const outOfRange = await planSaveEitAnswers(
      deps,
      { lineUserId: LINE_ID, scores: { ...answers(50), e1: 101 } },
      actor,
    );
    expect(outOfRange).toMatchObject({ ok: false, error: { code: "eit.incomplete" } });
    const unknown = await planSaveEitAnswers(
      deps,
      { lineUserId: LINE_ID, scores: { ...answers(50), e10: 50 } },
      actor,
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: "eit.unknown_item" } });
    if (!unknown.ok) expectThai(unknown.error.thai, "unknown item");
  });
});
