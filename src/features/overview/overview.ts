import type { OverviewView } from "../../../flex-templates/overview.flex";
import { complaintFigures } from "../../db/repos/complaints.repo";
import { holidaySet } from "../../db/repos/holidays.repo";
import { listMeasures } from "../../db/repos/measures.repo";
import type { AppDeps } from "../../deps";
import { CLOSED_STATUSES, TRACKS } from "../../domain/complaints";
import { isMeasureOverdue, isMeasureStale } from "../../domain/measures";
import { addDays, fiscalYearOf, fiscalYearRange, localDate, thaiShortDate } from "../../domain/thai-time";
import { workingDaysBetween } from "../../domain/working-days";
import { eitSummary } from "../eit/eit-summary";
import { reportDeadlines } from "./settings";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The executive overview at `at`: measures, complaints per track, EIT, the next report deadlines. */
export async function computeOverview(deps: AppDeps, at: number): Promise<OverviewView> {
  const { timeZone } = deps.config;
  const fiscalYear = fiscalYearOf(at, timeZone);
  const range = fiscalYearRange(fiscalYear);
  const today = localDate(at, timeZone);
  const [measures, figures, holidays, eit, deadlines] = await Promise.all([
    listMeasures(deps.db, { fiscalYear }),
    complaintFigures(deps.db, fiscalYear),
    holidaySet(deps.db, range.start, addDays(range.end, 60)),
    eitSummary(deps, fiscalYear),
    reportDeadlines(deps),
  ]);

  const byStatus = { not_started: 0, in_progress: 0, done: 0, cannot_do: 0 };
  for (const measure of measures) byStatus[measure.status]++;

  const complaints = TRACKS.map((track) => {
    const ofTrack = figures.filter((f) => f.track === track);
    const open = ofTrack.filter((f) => !CLOSED_STATUSES.has(f.status));
    const resolved = ofTrack.filter((f) => f.status === "resolved" && f.closedAt !== null);
    const days = resolved.map((f) =>
      workingDaysBetween(
        localDate(f.createdAt, timeZone),
        localDate(f.closedAt ?? f.createdAt, timeZone),
        holidays,
      ),
    );
    return {
      track,
      received: ofTrack.length,
      open: open.length,
      overdue: open.filter((f) => f.dueDate < today).length,
      resolved: resolved.length,
      averageDaysToResolve: days.length
        ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10
        : null,
    };
  });

  const ceEnd = fiscalYear - 543;
  const upcoming = [
    { name: "รายงานผลมาตรการ รอบ 6 เดือน", date: `${ceEnd}-${deadlines.sixMonth}` },
    { name: "รายงานผลมาตรการ รอบ 12 เดือน", date: `${ceEnd}-${deadlines.twelveMonth}` },
    { name: "รายงานผลมาตรการ รอบ 6 เดือน (ปีถัดไป)", date: `${ceEnd + 1}-${deadlines.sixMonth}` },
  ]
    .filter((deadline) => deadline.date >= today)
    .slice(0, 2)
    .map((deadline) => ({
      name: deadline.name,
      date: deadline.date,
      dateLabel: thaiShortDate(deadline.date),
      daysLeft: Math.round(
        (Date.parse(`${deadline.date}T12:00:00Z`) - Date.parse(`${today}T12:00:00Z`)) / DAY_MS,
      ),
    }));

  return {
    orgName: deps.config.orgName,
    fiscalYear,
    asOf: thaiShortDate(today),
    measures: {
      total: measures.length,
      ...byStatus,
      overdue: measures.filter((m) => isMeasureOverdue(m, at, timeZone)).length,
      stale: measures.filter((m) => isMeasureStale(m, at)).length,
    },
    complaints,
    eit: {
      respondents: eit.respondents,
      invited: eit.drive.invited,
      sampleTarget: eit.drive.sampleTarget,
    },
    deadlines: upcoming,
  };
}
