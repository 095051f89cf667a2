/**
 * Working days across Tết, swapped Saturdays, holidays in lieu and year boundaries, on the shipped
 * holiday data (shared/reference/holidays.ts), and what an answer says when a year's holidays are
 * not (fully) known.
 */
import { describe, expect, it } from 'vitest';
import { HOLIDAY_YEARS } from '../../../shared/reference/holidays.ts';
import { isoWeekday } from '../../../shared/time/hanoi.ts';
import {
  addWorkingDays,
  incompleteCaveat,
  isWorkingDay,
  workingDayCalendar,
  workingDaysBetween,
} from '../../../shared/time/working-days.ts';

describe('isWorkingDay', () => {
  it('is Monday to Friday, not Saturday or Sunday', () => {
    expect(isWorkingDay('2026-03-10')).toEqual({ working: true, incompleteYears: [] }); // Tue
    expect(isWorkingDay('2026-03-14').working).toBe(false); // Sat
    expect(isWorkingDay('2026-03-15').working).toBe(false); // Sun
  });

  it('takes Tết 2026 off: Mon 16 – Fri 20 Feb (9 days with the weekends, Sat 14 – Sun 22 Feb)', () => {
    const days = [
      '2026-02-13',
      '2026-02-14',
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ];
    expect(days.map((d) => isWorkingDay(d).working)).toEqual([true, false, false, false, false, false, false, false, false, false, true]);
  });

  it('works the Saturdays swapped in (10 Jan and 22 Aug 2026) and takes the days they pay for off', () => {
    expect(isWorkingDay('2026-01-10').working).toBe(true);
    expect(isWorkingDay('2026-01-02').working).toBe(false);
    expect(isWorkingDay('2026-08-22').working).toBe(true);
    expect(isWorkingDay('2026-08-31').working).toBe(false);
  });

  it('takes a holiday that falls on a Sunday on the Monday after (Hùng Kings 2026)', () => {
    expect(isWorkingDay('2026-04-27').working).toBe(false);
  });

  it('says when the year is not fully known, and still knows weekends and the fixed dates listed', () => {
    expect(isWorkingDay('2027-01-01')).toEqual({ working: false, incompleteYears: [2027] });
    expect(isWorkingDay('2027-01-04')).toEqual({ working: true, incompleteYears: [2027] });
    expect(isWorkingDay('2031-06-02')).toEqual({ working: true, incompleteYears: [2031] });
    expect(isWorkingDay('2031-06-07')).toEqual({ working: false, incompleteYears: [2031] });
  });

  it('refuses what is not a calendar date', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(/not a calendar date/);
    expect(() => isWorkingDay('26-02-01')).toThrow(/not a calendar date/);
  });
});

describe('addWorkingDays', () => {
  it('counts across Tết 2026: 5 working days after Fri 13 Feb is Fri 27 Feb, not Wed 18 Feb', () => {
    expect(addWorkingDays('2026-02-13', 5)).toEqual({ date: '2026-02-27', incompleteYears: [] });
  });

  it('starts counting the day after, whether or not the start is a working day', () => {
    expect(addWorkingDays('2026-02-14', 1).date).toBe('2026-02-23'); // received on the Saturday of Tết
    expect(addWorkingDays('2026-03-10', 1).date).toBe('2026-03-11');
    expect(addWorkingDays('2026-03-10', 0).date).toBe('2026-03-10');
  });

  it('crosses the 2025/2026 year boundary: New Year, the swapped Friday and the working Saturday', () => {
    // Tue 30 Dec 2025: Wed 31 Dec (1), Thu 1 Jan off, Fri 2 Jan off, weekend, Mon 5 (2), Tue 6 (3).
    expect(addWorkingDays('2025-12-30', 3)).toEqual({ date: '2026-01-06', incompleteYears: [] });
    // Fri 9 Jan 2026 + 1: Saturday 10 Jan is worked.
    expect(addWorkingDays('2026-01-09', 1).date).toBe('2026-01-10');
  });

  it('30 working days over the 2026 National Day: 29 Aug – 2 Sep off, Sat 22 Aug worked', () => {
    // From Fri 21 Aug: Sat 22 (1), 24–28 (6), 3 Sep Thu (7), 4 Fri (8), four full weeks (28), Mon 5 Oct (29), Tue 6 Oct (30).
    const { date } = addWorkingDays('2026-08-21', 30);
    expect(date).toBe('2026-10-06');
    expect(workingDaysBetween('2026-08-21', date).days).toBe(30);
  });

  it('names the year it had to count without full holiday data, across the 2026/2027 boundary', () => {
    const a = addWorkingDays('2026-12-29', 5);
    // Wed 30 (1), Thu 31 (2), Fri 1 Jan 2027 is listed as New Year (off), Mon 4 (3), Tue 5 (4), Wed 6 (5).
    expect(a).toEqual({ date: '2027-01-06', incompleteYears: [2027] });
    expect(incompleteCaveat(a)).toContain('2027');
    expect(incompleteCaveat(addWorkingDays('2026-03-02', 5))).toBeUndefined();
  });

  it('counts back with a negative n', () => {
    expect(addWorkingDays('2026-02-23', -1).date).toBe('2026-02-13');
    expect(addWorkingDays('2026-01-05', -2)).toEqual({ date: '2025-12-30', incompleteYears: [] });
  });

  it('refuses a number of days that is not a bounded integer', () => {
    expect(() => addWorkingDays('2026-01-05', 1.5)).toThrow();
    expect(() => addWorkingDays('2026-01-05', 1_000_000)).toThrow();
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after from, up to and including to', () => {
    expect(workingDaysBetween('2026-02-13', '2026-02-27')).toEqual({ days: 5, incompleteYears: [] });
    expect(workingDaysBetween('2026-03-10', '2026-03-10').days).toBe(0);
    expect(workingDaysBetween('2026-02-27', '2026-02-13').days).toBe(-5);
  });

  it('a whole year of 2026: 365 days − 104 weekend days − 13 days off + 2 Saturdays worked = 250', () => {
    expect(workingDaysBetween('2025-12-31', '2026-12-31')).toEqual({ days: 250, incompleteYears: [] });
  });

  it('is the inverse of addWorkingDays from any start', () => {
    for (const start of ['2025-12-27', '2026-01-01', '2026-02-15', '2026-04-26', '2026-08-29']) {
      for (const n of [1, 7, 23, 60]) expect(workingDaysBetween(start, addWorkingDays(start, n).date).days).toBe(n);
    }
  });
});

describe('the holiday data', () => {
  it('lists days off on weekdays only and working Saturdays on Saturdays, each with a source, in its own year', () => {
    for (const y of Object.values(HOLIDAY_YEARS)) {
      for (const d of y.daysOff) {
        expect(d.date.startsWith(`${y.year}-`), d.date).toBe(true);
        expect(isoWeekday(d.date), `${d.date} is a weekend day`).toBeLessThanOrEqual(5);
        expect(d.source.length).toBeGreaterThan(10);
      }
      for (const s of y.workingSaturdays) {
        expect(isoWeekday(s.date), s.date).toBe(6);
        expect(y.daysOff.some((d) => d.date === s.for && d.kind === 'swap')).toBe(true);
      }
      if (!y.complete) expect(y.note).toBeTruthy();
    }
  });

  it('a calendar over other data: an unlisted year is weekends only, and says so', () => {
    const cal = workingDayCalendar({});
    expect(cal.addWorkingDays('2026-02-13', 5)).toEqual({ date: '2026-02-20', incompleteYears: [2026] });
  });
});
