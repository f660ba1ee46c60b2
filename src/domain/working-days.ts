import { addDays, type IsoDate, weekdayOf } from "./thai-time";

/** Saturdays, Sundays and the organisation's holidays are not working days. */
export function isWorkingDay(date: IsoDate, holidays: ReadonlySet<IsoDate>): boolean {
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

/**
 * The day `days` working days after `start` (the filing day itself does not count): a complaint
 * filed on Friday with a 1-working-day deadline is due on Monday, or later if Monday is a holiday.
 */
export function addWorkingDays(start: IsoDate, days: number, holidays: ReadonlySet<IsoDate>): IsoDate {
  let date = start;
  let left = days;
  while (left > 0) {
    date = addDays(date, 1);
    if (isWorkingDay(date, holidays)) left--;
  }
  return date;
}

/** Working days from `start` to `end` (0 when closed the same day or before the next working day). */
export function workingDaysBetween(start: IsoDate, end: IsoDate, holidays: ReadonlySet<IsoDate>): number {
  let count = 0;
  for (let date = addDays(start, 1); date <= end; date = addDays(date, 1)) {
    if (isWorkingDay(date, holidays)) count++;
  }
  return count;
}
