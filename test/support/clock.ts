/**
 * "Today" for tests, from the same clock the runtime uses: TEST_NOW when set (the runtime child
 * inherits it), else the system clock. A test that means "today", "this year" or "in a month"
 * asks here instead of writing a date, so it passes on any day it runs.
 */
import { clock } from '../../shared/time/clock.ts';
import { addDays, hanoiDay } from '../../shared/time/hanoi.ts';

/** Today in Hanoi, `YYYY-MM-DD`. */
export const today = (): string => hanoiDay(clock.now());

/** This year in Hanoi. */
export const thisYear = (): number => Number(today().slice(0, 4));

/** The Hanoi date `days` from today (negative: before). */
export const daysFromToday = (days: number): string => addDays(today(), days);

/** An instant `days` from now at `hhmm` Hanoi time, e.g. a fair session's start. */
export const hanoiInstant = (days: number, hhmm = '08:30'): string => `${daysFromToday(days)}T${hhmm}:00+07:00`;

/** Now as an ISO instant, on the runtime's clock: for records a test writes that the runtime judges by age. */
export const nowIso = (): string => clock.now().toISOString();

/** The instant `ms` milliseconds from now on the runtime's clock (negative: before), ISO. */
export const instantFromNow = (ms: number): string => new Date(clock.now().getTime() + ms).toISOString();
