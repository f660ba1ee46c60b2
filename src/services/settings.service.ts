/**
 * The organisation's settings an admin sets: the official EIT link and its window, when reminders go
 * out, when the measures reports are due, how documents are signed and worded. Each is checked by its
 * schema (Thai messages), stored whole, and audited.
 */
import { setSetting } from "../db/repos/settings.repo";
import type { AppDeps } from "../deps";
import { EIT_DRIVE_KEY, type EitDrive } from "../features/eit/eit-drive";
import {
  REMINDER_SCHEDULE_KEY,
  REPORT_DEADLINES_KEY,
  type ReminderSchedule,
  type ReportDeadlines,
} from "../features/overview/settings";
import { DOCUMENT_SETTINGS_KEY, type DocumentSettings } from "../features/reports/document-settings";
import { type Actor, type Planned, planned } from "./plan";

export { eitDriveSchema } from "../features/eit/eit-drive";
export { reminderScheduleSchema, reportDeadlinesSchema } from "../features/overview/settings";
export { documentSettingsSchema } from "../features/reports/document-settings";

function planSetting<T>(deps: AppDeps, key: string, action: string, value: T): Planned<T> {
  return planned(value, {
    statements: [setSetting(deps.db, key, value, deps.clock.now())],
    audit: [{ action, subject: key, detail: value as Record<string, unknown> }],
  });
}

/** The official EIT link (https) and the window in which complainants are invited to it. */
export async function planSetEitDrive(
  deps: AppDeps,
  input: EitDrive,
  _actor: Actor,
): Promise<Planned<EitDrive>> {
  return planSetting(deps, EIT_DRIVE_KEY, "settings.eit-drive", input);
}

/** The executives' weekly digest (day and time) and the staff's daily nudge (time). */
export async function planSetReminderSchedule(
  deps: AppDeps,
  input: ReminderSchedule,
  _actor: Actor,
): Promise<Planned<ReminderSchedule>> {
  return planSetting(deps, REMINDER_SCHEDULE_KEY, `settings.${REMINDER_SCHEDULE_KEY}`, input);
}

/** When the six- and twelve-month measures reports are due (month-day). */
export async function planSetReportDeadlines(
  deps: AppDeps,
  input: ReportDeadlines,
  _actor: Actor,
): Promise<Planned<ReportDeadlines>> {
  return planSetting(deps, REPORT_DEADLINES_KEY, `settings.${REPORT_DEADLINES_KEY}`, input);
}

/**
 * How the organisation's documents are signed and worded (อำเภอ/จังหวัด, the opening paragraph, the
 * three signers, Thai numerals): stored whole, as the form or the API gave it (a field left out is
 * blank).
 */

export async function planSetDocumentSettings(
  deps: AppDeps,
  input: DocumentSettings,
  _actor: Actor,
): Promise<Planned<DocumentSettings>> {
  return planSetting(deps, DOCUMENT_SETTINGS_KEY, `settings.${DOCUMENT_SETTINGS_KEY}`, input);
}
