import { describe, expect, it } from "vitest";
import { check } from "../../src/domain/validation";
import { getEitDrive } from "../../src/features/eit/eit-drive";
import { reminderSchedule, reportDeadlines } from "../../src/features/overview/settings";
import { ADMIN_API_ACTOR } from "../../src/services/plan";
import {
  eitDriveSchema,
  planSetEitDrive,
  planSetReminderSchedule,
  planSetReportDeadlines,
  reminderScheduleSchema,
  reportDeadlinesSchema,
} from "../../src/services/settings.service";
import { expectPlanCommitsWithAudit } from "../support/plans";
import { serviceDeps } from "../support/services";
import { expectThai } from "../support/thai";

const actor = ADMIN_API_ACTOR;

/** The fields a schema refuses, each message checked for Thai. */
function refusedFields(schema: Parameters<typeof check>[0], input: unknown): string[] {
  const checked = check(schema, input);
  if (checked.ok) return [];
  for (const problem of checked.problems)
    expectThai(problem.message, `${problem.field} of ${JSON.stringify(input)}`);
  return checked.problems.map((problem) => problem.field);
}

describe("settings service", () => {
  it("sets each setting with its audit row in one write; it reads back", async () => {
    const deps = await serviceDeps();
    const drive = {
      url: "https://itas.nacc.go.th/go/eit/abc",
      startDate: "2027-05-01",
      endDate: "2027-06-30",
    };
    await expectPlanCommitsWithAudit(deps, () => planSetEitDrive(deps, drive, actor), actor, [
      "settings.eit-drive",
    ]);
    expect(await getEitDrive(deps)).toEqual(drive);
    const schedule = { digestWeekday: 5, digestTime: "16:00", nudgeTime: "09:30" };
    await expectPlanCommitsWithAudit(deps, () => planSetReminderSchedule(deps, schedule, actor), actor, [
      "settings.reminder_schedule",
    ]);
    expect(await reminderSchedule(deps)).toEqual(schedule);
    const deadlines = { sixMonth: "04-15", twelveMonth: "10-15" };
    await expectPlanCommitsWithAudit(deps, () => planSetReportDeadlines(deps, deadlines, actor), actor, [
      "settings.report_deadlines",
    ]);
    expect(await reportDeadlines(deps)).toEqual(deadlines);
  });

  it("the EIT link must be https, its dates real, the end not before the start; in Thai", () => {
    const good = { url: "https://itas.nacc.go.th/x", startDate: "2027-05-01", endDate: "2027-05-01" };
    expect(refusedFields(eitDriveSchema, good)).toEqual([]);
    expect(refusedFields(eitDriveSchema, { ...good, url: "http://itas.nacc.go.th/x" })).toEqual(["url"]);
    expect(refusedFields(eitDriveSchema, { ...good, url: "itas" })).toEqual(["url"]);
    expect(refusedFields(eitDriveSchema, { ...good, url: "" })).toEqual(["url"]);
    expect(refusedFields(eitDriveSchema, { ...good, endDate: "2027-04-30" })).toEqual(["endDate"]);
    expect(refusedFields(eitDriveSchema, { ...good, startDate: "2027-13-01" })).toEqual(["startDate"]);
    expect(refusedFields(eitDriveSchema, {})).toEqual(["url", "startDate", "endDate"]);
  });

  it("reminder times are HH:MM on a 24-hour clock, the weekday 0–6; in Thai", () => {
    const good = { digestWeekday: 1, digestTime: "08:30", nudgeTime: "23:59" };
    expect(refusedFields(reminderScheduleSchema, good)).toEqual([]);
    expect(
      refusedFields(reminderScheduleSchema, { ...good, digestTime: "8:30", nudgeTime: "24:00" }),
    ).toEqual(["digestTime", "nudgeTime"]);
    for (const digestWeekday of [7, -1, 1.5, Number.NaN, undefined]) {
      expect(refusedFields(reminderScheduleSchema, { ...good, digestWeekday })).toEqual(["digestWeekday"]);
    }
  });

  it("report deadlines are MM-DD; in Thai", () => {
    expect(refusedFields(reportDeadlinesSchema, { sixMonth: "04-30", twelveMonth: "10-31" })).toEqual([]);
    expect(refusedFields(reportDeadlinesSchema, { sixMonth: "4-30", twelveMonth: "13-01" })).toEqual([
      "sixMonth",
      "twelveMonth",
    ]);
    expect(refusedFields(reportDeadlinesSchema, { sixMonth: "30/04", twelveMonth: "" })).toEqual([
      "sixMonth",
      "twelveMonth",
    ]);
  });
});
