/**
 * Working days as Vietnamese administrations count deadlines (docs/domain.md §1): Monday to Friday,
 * except public holidays, Tết and the days swapped off, plus the Saturdays swapped in as working
 * days — per year, from shared/reference/holidays.ts. Dates are Hanoi calendar dates (YYYY-MM-DD,
 * see shared/time/hanoi.ts for "which day is it").
 *
 * A year the data does not hold in full (not listed, or listed with `complete: false`) is counted
 * with what is known — weekends, and the Labour Code's fixed dates where listed — and every answer
 * that touched it names it in `incompleteYears`, so a caller can say "counted without 2027's
 * holidays" instead of being silently wrong.
 */
import { HOLIDAY_YEARS, type HolidayYear } from '../reference/holidays.ts';
import { addDays, isoWeekday, yearOf } from './hanoi.ts';

interface YearIndex {
  off: Set<string>;
  saturdays: Set<string>;
  complete: boolean;
}

const EMPTY: YearIndex = { off: new Set(), saturdays: new Set(), complete: false };

function index(years: Readonly<Record<number, HolidayYear>>): Map<number, YearIndex> {
  const out = new Map<number, YearIndex>();
  for (const y of Object.values(years)) {
    out.set(y.year, {
      off: new Set(y.daysOff.map((d) => d.date)),
      saturdays: new Set(y.workingSaturdays.map((d) => d.date)),
      complete: y.complete,
    });
  }
  return out;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function assertDate(date: string): void {
  if (
    !DATE.test(date) ||
    Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
    new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
  ) {
    throw new Error(`not a calendar date (YYYY-MM-DD): ${date}`);
  }
}

/** The most days a single question may walk (about 27 years): bounds the loops. */
const MAX_SPAN_DAYS = 10_000;

export interface Answer {
  /** Years whose holidays the data does not hold in full that the answer depended on, ascending. */
  incompleteYears: number[];
}

/** A working-day calendar over some holiday data (the module's functions use the shipped data). */
export function workingDayCalendar(years: Readonly<Record<number, HolidayYear>> = HOLIDAY_YEARS) {
  const byYear = index(years);
  const yearIndex = (year: number) => byYear.get(year) ?? EMPTY;

  const working = (date: string): boolean => {
    const y = yearIndex(yearOf(date));
    const weekday = isoWeekday(date);
    if (weekday === 7) return false;
    if (weekday === 6) return y.saturdays.has(date);
    return !y.off.has(date);
  };

  const note = (seen: Set<number>, date: string) => {
    const year = yearOf(date);
    if (!yearIndex(year).complete) seen.add(year);
  };
  const answer = (seen: Set<number>): Answer => ({ incompleteYears: [...seen].sort((a, b) => a - b) });

  /** Whether `date` is a working day. */
  function isWorkingDay(date: string): Answer & { working: boolean } {
    assertDate(date);
    const seen = new Set<number>();
    note(seen, date);
    return { working: working(date), ...answer(seen) };
  }

  /**
   * The `n`-th working day after `date` (`date` itself not counted, whether or not it is a working
   * day); `n` = 0 is `date`; a negative `n` counts back, to the `|n|`-th working day before it.
   */
  function addWorkingDays(date: string, n: number): Answer & { date: string } {
    assertDate(date);
    if (!Number.isInteger(n) || Math.abs(n) > MAX_SPAN_DAYS / 2)
      throw new Error(`working days must be an integer within ±${MAX_SPAN_DAYS / 2}: ${n}`);
    const seen = new Set<number>();
    const step = n < 0 ? -1 : 1;
    let day = date;
    let left = Math.abs(n);
    let walked = 0;
    while (left > 0) {
      day = addDays(day, step);
      note(seen, day);
      if (working(day)) left--;
      if (++walked > MAX_SPAN_DAYS) throw new Error(`no ${n} working days within ${MAX_SPAN_DAYS} days of ${date}`);
    }
    return { date: day, ...answer(seen) };
  }

  /**
   * Working days after `from` up to and including `to` (so `workingDaysBetween(d,
   * addWorkingDays(d, n).date)` is `n`); negative when `to` is before `from`, 0 when equal.
   */
  function workingDaysBetween(from: string, to: string): Answer & { days: number } {
    assertDate(from);
    assertDate(to);
    if (to < from) {
      const back = workingDaysBetween(to, from);
      return { ...back, days: -back.days };
    }
    const seen = new Set<number>();
    let days = 0;
    let day = from;
    let walked = 0;
    while (day < to) {
      day = addDays(day, 1);
      note(seen, day);
      if (working(day)) days++;
      if (++walked > MAX_SPAN_DAYS) throw new Error(`${from} to ${to} spans more than ${MAX_SPAN_DAYS} days`);
    }
    return { days, ...answer(seen) };
  }

  return { isWorkingDay, addWorkingDays, workingDaysBetween };
}

const shipped = workingDayCalendar();

export const isWorkingDay = shipped.isWorkingDay;
export const addWorkingDays = shipped.addWorkingDays;
export const workingDaysBetween = shipped.workingDaysBetween;

/** "counted without 2027's holidays (not announced)": a caveat for people to read, or undefined. */
export function incompleteCaveat(a: Answer): string | undefined {
  if (!a.incompleteYears.length) return undefined;
  const years = a.incompleteYears.join(', ');
  return `counted without the full holidays of ${years} (not in the holiday data yet): weekends and any listed fixed-date holidays only`;
}
