import { describe, expect, it } from "vitest";
import {
  earliestPerformedOn,
  parseTypedDate,
  performedOnProblem,
  performedOnProblemThai,
} from "../src/domain/performed-on";
import { thaiMonthNumber } from "../src/domain/thai-time";
import { expectThai } from "./support/thai";

describe("performedOn: the day the work was done, as typed", () => {
  it("reads Thai and ISO dates, Buddhist or Christian year, Thai digits", () => {
    for (const typed of [
      "10 ม.ค. 2570",
      "10 มกราคม 2570",
      "๑๐ ม.ค. ๒๕๗๐",
      "10/1/2570",
      "10/01/2027",
      "2027-01-10",
      "2570-01-10",
      "10 ม.ค. 70",
      "10 มค 2570",
      "10 ม.ค.2570",
      "10ม.ค.2570",
      "วันที่ 10 มกราคม พ.ศ. 2570",
      "10 มกราคม ค.ศ. 2027",
      " 10  ม.ค.  2570 ",
      "10-1-2570",
    ]) {
      expect(parseTypedDate(typed), typed).toBe("2027-01-10");
    }
    expect(parseTypedDate("31 มี.ค. 2570")).toBe("2027-03-31");
    expect(parseTypedDate("1 ต.ค. 2569")).toBe("2026-10-01");
    expect(parseTypedDate("29 กุมภาพันธ์ 2567")).toBe("2024-02-29");
  });

  it("a Thai date without a year is the latest such day up to today", () => {
    expect(parseTypedDate("10 ม.ค.", "2027-01-15")).toBe("2027-01-10");
    expect(parseTypedDate("20 ธ.ค.", "2027-01-15")).toBe("2026-12-20");
    expect(parseTypedDate("10 ม.ค.")).toBeUndefined();
  });

  it("refuses what is not a day", () => {
    for (const typed of [
      "",
      "พรุ่งนี้",
      "60",
      "31 ก.พ. 2570",
      "2027-02-30",
      "10 มกรา 2570",
      "32/1/2570",
      "10/13/2570",
      "10 ม.ค. 257",
      "1/1/1800",
    ]) {
      expect(parseTypedDate(typed, "2027-01-15"), typed).toBeUndefined();
    }
  });

  it("bounds: not in the future, not before 1 October of the measure's fiscal year", () => {
    const bounds = { today: "2027-04-05", fiscalYear: 2570 };
    expect(earliestPerformedOn(2570)).toBe("2026-10-01");
    expect(performedOnProblem("2027-04-05", bounds)).toBeUndefined();
    expect(performedOnProblem("2026-10-01", bounds)).toBeUndefined();
    expect(performedOnProblem("2027-04-06", bounds)).toBe("future");
    expect(performedOnProblem("2026-09-30", bounds)).toBe("before_fiscal_year");
    const future = performedOnProblemThai("future", bounds);
    expect(future).toContain("5 เม.ย. 2570");
    const early = performedOnProblemThai("before_fiscal_year", bounds);
    expect(early).toContain("ปีงบประมาณ 2570");
    expect(early).toContain("1 ต.ค. 2569");
    expectThai(future, "future");
    expectThai(early, "early");
  });

  it("knows the month names, full and short", () => {
    expect(["มกราคม", "ม.ค.", "มค", "ธันวาคม", "ธ.ค.", "กุมภาพันธ", "ก. พ."].map(thaiMonthNumber)).toEqual([
      1, 1, 1, 12, 12, 2, 2,
    ]);
    expect(thaiMonthNumber("มกรา")).toBeUndefined();
  });
});
