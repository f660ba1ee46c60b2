/**
 * The console's progress-entry page: a correction with bad input is refused in Thai beside each
 * field with what was typed kept; a good one is saved; a withdrawal needs its confirmation; the
 * entry's history shows each earlier version.
 */
import { describe, expect, it } from "vitest";
import { atomic } from "../src/db/client";
import { findMeasure, logProgressStatements } from "../src/db/repos/measures.repo";
import { revisionsOf } from "../src/db/repos/progress.repo";
import { adminApi } from "./support/admin";
import { expectThaiRefusal, formValues, signedInConsole, textOf } from "./support/console-forms";
import { useBot } from "./support/harness";

/** 5 April 2027 in Bangkok: fiscal year 2570. */
const t = useBot({ startAt: Date.parse("2027-04-05T10:00:00+07:00") });

async function measureWithEntry() {
  const { json: units } = await adminApi(t.bot, "GET", "/units");
  const created = await adminApi(t.bot, "POST", "/measures", {
    fiscalYear: 2570,
    title: "เผยแพร่ข้อมูลการจัดซื้อจัดจ้างบนเว็บไซต์",
    indicators: [9],
    method: "ประกาศผลการจัดซื้อจัดจ้างทุกเดือน",
    unitIds: [units.items[0].id],
    startMonth: "2026-10",
    endMonth: "2027-09",
  });
  const measureId = created.json.id as string;
  const db = t.bot.deps.db;
  await atomic(
    db,
    logProgressStatements(db, {
      id: "entry-1",
      measureId,
      at: t.clock.now(),
      by: "สมศรี (กองคลัง)",
      authorId: "U-author",
      text: "ประกาศผลการจัดซื้อจัดจ้างเดือนมีนาคม",
      percent: 50,
      status: "in_progress",
      performedOn: "2027-03-31",
      reason: null,
      suggestion: null,
      sourceEventId: null,
      photos: [],
    }),
  );
  return { measureId, path: `/admin/measures/${measureId}/progress/entry-1` };
}

describe("console: correcting and withdrawing a progress entry", () => {
  it("refuses bad input in Thai beside the field, keeps what was typed, then saves a good one", async () => {
    const { measureId, path } = await measureWithEntry();
    const browser = await signedInConsole(t.bot);
    const detail = await browser.get(`/admin/measures/${measureId}`);
    expect(detail.html).toContain(`href="${path}"`);
    const page = await browser.get(path);
    expect(page.status).toBe(200);
    expect(formValues(page.html, "progress-form")).toMatchObject({
      text: "ประกาศผลการจัดซื้อจัดจ้างเดือนมีนาคม",
      performedOn: "2027-03-31",
      percent: "50",
      status: "in_progress",
    });
    expect(textOf(page.html)).toContain("ยังไม่เคยแก้ไข");

    const good = {
      text: "ประกาศผลการจัดซื้อจัดจ้างเดือนกุมภาพันธ์และมีนาคม",
      performedOn: "30 มี.ค. 2570",
      percent: "60",
      status: "in_progress",
      reasonCode: "",
      reason: "",
      suggestion: "",
    };
    for (const [changes, beside] of [
      [{ performedOn: "6 เม.ย. 2570" }, "performedOn"],
      [{ performedOn: "30 ก.ย. 2569" }, "performedOn"],
      [{ performedOn: "เมื่อวานซืน" }, "performedOn"],
      [{ percent: "ห้าสิบ" }, "percent"],
      [{ text: "ok" }, "text"],
      [{ status: "cannot_do" }, "reason"],
      [{ status: "cannot_do", reasonCode: "other" }, "reason"],
      [{ status: "finished" }, "status"],
    ] as const) {
      const typedIn = { ...good, ...changes };
      const answer = await browser.post(path, typedIn, { from: path });
      expectThaiRefusal(
        answer,
        {
          status: 400,
          form: "progress-form",
          beside: [beside],
          kept: { text: typedIn.text, performedOn: typedIn.performedOn, percent: typedIn.percent },
        },
        JSON.stringify(changes),
      );
    }
    expect(await revisionsOf(t.bot.deps.db, "entry-1")).toEqual([]);

    const saved = await browser.post(
      path,
      { ...good, status: "cannot_do", reasonCode: "no_budget" },
      { from: path },
    );
    expect(saved.status).toBe(303);
    const after = await browser.get(saved.location ?? "");
    expect(textOf(after.html)).toContain("บันทึกการแก้ไขแล้ว");
    expect(formValues(after.html, "progress-form")).toMatchObject({
      performedOn: "2027-03-30",
      status: "cannot_do",
      reasonCode: "no_budget",
      reason: "ไม่มีงบประมาณ",
    });
    expect(textOf(after.html)).toContain(
      "ก่อนหน้านี้: 31 มีนาคม 2570 · ประกาศผลการจัดซื้อจัดจ้างเดือนมีนาคม · 50% กำลังดำเนินการ",
    );
    expect(await findMeasure(t.bot.deps.db, measureId)).toMatchObject({
      status: "cannot_do",
      percent: 60,
    });
  });

  it("withdraws only when confirmed; a withdrawn entry shows its history and no form", async () => {
    const { measureId, path } = await measureWithEntry();
    const browser = await signedInConsole(t.bot);
    const unconfirmed = await browser.post(`${path}/withdraw`, {}, { from: path });
    expectThaiRefusal(unconfirmed, { status: 400, beside: ["confirm"] }, "unconfirmed");
    const withdrawn = await browser.post(`${path}/withdraw`, { confirm: "yes" }, { from: path });
    expect(withdrawn.status).toBe(303);
    const page = await browser.get(withdrawn.location ?? "");
    expect(textOf(page.html)).toContain("ถอนรายการแล้ว");
    expect(page.html).not.toContain('data-testid="progress-form"');
    expect(textOf(page.html)).toContain("ถอนรายการ");
    expect(await findMeasure(t.bot.deps.db, measureId)).toMatchObject({
      status: "not_started",
      percent: 0,
    });
    const again = await browser.post(`${path}/withdraw`, { confirm: "yes" }, { from: path });
    expectThaiRefusal(again, { status: 409 }, "again");
    expect((await browser.get(`/admin/measures/${measureId}/progress/nope`)).status).toBe(404);
  });
});
