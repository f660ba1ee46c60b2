import { describe, expect, it } from "vitest";
import { EIT_ITEMS, eitSampleTarget, scoreAnswer } from "../src/domain/eit";
import { redactPersonalData } from "../src/domain/redact";
import { fixedHolidays } from "../src/domain/thai-holidays";
import {
  fiscalYearOf,
  fiscalYearOfDate,
  fiscalYearRange,
  isIsoDate,
  isoWithOffset,
  localDate,
  thaiLongDate,
  thaiShortDate,
} from "../src/domain/thai-time";
import { addWorkingDays, workingDaysBetween } from "../src/domain/working-days";

describe("Thai dates and fiscal years", () => {
  it("names the fiscal year by the Buddhist-era year it ends in", () => {
    expect(fiscalYearOfDate("2026-09-30")).toBe(2569);
    expect(fiscalYearOfDate("2026-10-01")).toBe(2570);
    expect(fiscalYearOfDate("2027-09-30")).toBe(2570);
    expect(fiscalYearRange(2570)).toEqual({
      start: "2026-10-01",
      end: "2027-09-30",
      firstHalfEnd: "2027-03-31",
    });
  });

  it("counts days in Bangkok, not UTC", () => {
    const instant = Date.parse("2026-09-30T17:30:00Z"); // 00:30 on 1 Oct in Bangkok
    expect(localDate(instant, "Asia/Bangkok")).toBe("2026-10-01");
    expect(fiscalYearOf(instant, "Asia/Bangkok")).toBe(2570);
    expect(fiscalYearOf(instant, "UTC")).toBe(2569);
    expect(isoWithOffset(instant, "Asia/Bangkok")).toBe("2026-10-01T00:30:00+07:00");
  });

  it("writes Buddhist-era dates as Thai offices do", () => {
    expect(thaiShortDate("2026-01-15")).toBe("15 ม.ค. 2569");
    expect(thaiLongDate("2022-01-11")).toBe("11 มกราคม 2565");
    expect(isIsoDate("2026-02-30")).toBe(false);
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2026-12-32")).toBe(false);
  });
});

describe("working days", () => {
  const holidays = new Set(fixedHolidays(2026).map((h) => h.date));

  it("skips weekends", () => {
    // Friday 2026-11-27 + 1 working day = Monday 2026-11-30
    expect(addWorkingDays("2026-11-27", 1, new Set())).toBe("2026-11-30");
    expect(addWorkingDays("2026-11-27", 15, new Set())).toBe("2026-12-18");
  });

  it("skips a weekend and a holiday together", () => {
    // Thu 2026-12-03 + 3: Fri 4, (Sat 5 = Father's Day, Sun 6), Mon 7, Tue 8
    expect(addWorkingDays("2026-12-03", 3, holidays)).toBe("2026-12-08");
    // Wed 2026-12-09 + 1: Thu 10 is Constitution Day → Fri 11
    expect(addWorkingDays("2026-12-09", 1, holidays)).toBe("2026-12-11");
    expect(workingDaysBetween("2026-12-09", "2026-12-11", holidays)).toBe(1);
  });
});

describe("EIT scoring", () => {
  it("scores the 5-point scale 100…0 and the yes/no items by which answer is good", () => {
    const [e1] = EIT_ITEMS;
    const e3 = EIT_ITEMS.find((item) => item.code === "e3");
    const e9 = EIT_ITEMS.find((item) => item.code === "e9");
    if (!e1 || !e3 || !e9) throw new Error("items missing");
    expect(["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"].map((a) => scoreAnswer(e1, a))).toEqual([
      100, 75, 50, 25, 0,
    ]);
    expect(scoreAnswer(e3, "ไม่เคย")).toBe(100); // never asked for a bribe
    expect(scoreAnswer(e3, "เคย")).toBe(0);
    expect(scoreAnswer(e9, "เคย")).toBe(100); // has used the e-service
    expect(scoreAnswer(e1, "เคย")).toBeUndefined();
    expect(EIT_ITEMS.map((item) => item.code)).toEqual([
      "e1",
      "e2",
      "e3",
      "e4",
      "e5",
      "e6",
      "e7",
      "e8",
      "e9",
    ]);
  });

  it("asks for a sample of 10% of service users, at least 30", () => {
    expect(eitSampleTarget(0)).toBe(30);
    expect(eitSampleTarget(1000)).toBe(100);
  });
});

it("log lines never carry a LINE id", () => {
  const id = `U${"a1".repeat(16)}`;
  expect(redactPersonalData(`{"to":"${id}"}`)).toBe('{"to":"U…"}');
});
