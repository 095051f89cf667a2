import { describe, it, expect } from 'vitest';
import { nextDelay } from '../../../../local/runtime/scheduler.ts';

const HANOI = 'Asia/Ho_Chi_Minh';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Wednesday 2026-03-11, 19:00 in Hanoi. */
const FROM = new Date('2026-03-11T12:00:00Z');

const nextRun = (expression: string, timeZone = HANOI, from = FROM) =>
  new Date(from.getTime() + nextDelay(expression, timeZone, from)).toISOString();

describe('nextDelay', () => {
  it('waits 300000 ms for rate(5 minutes)', () => {
    expect(nextDelay('rate(5 minutes)', HANOI, FROM)).toBe(300_000);
  });

  it('waits one day for rate(1 day)', () => {
    expect(nextDelay('rate(1 day)', HANOI, FROM)).toBe(DAY);
  });

  it('accepts singular and plural units', () => {
    expect(nextDelay('rate(1 minute)', HANOI, FROM)).toBe(MINUTE);
    expect(nextDelay('rate(2 hours)', HANOI, FROM)).toBe(2 * HOUR);
  });

  it('runs cron(0 1 * * ? *) at 01:00 Hanoi time, 18:00 UTC the day before', () => {
    const delay = nextDelay('cron(0 1 * * ? *)', HANOI, FROM);

    expect(delay).toBe(6 * HOUR);
    expect(new Date(FROM.getTime() + delay).toISOString()).toBe('2026-03-11T18:00:00.000Z');
  });

  it('evaluates cron in the schedule time zone, not UTC', () => {
    expect(nextRun('cron(0 1 * * ? *)', 'UTC')).toBe('2026-03-12T01:00:00.000Z');
  });

  it('runs a day-of-month schedule on that day', () => {
    expect(nextRun('cron(30 8 15 * ? *)')).toBe('2026-03-15T01:30:00.000Z');
  });

  it('reads a named day of week', () => {
    expect(nextRun('cron(0 9 ? * MON *)')).toBe('2026-03-16T02:00:00.000Z');
  });

  it('reads day-of-week numbers as EventBridge does (1 = Sunday, 2 = Monday)', () => {
    expect(nextRun('cron(0 9 ? * 2 *)')).toBe('2026-03-16T02:00:00.000Z');
  });

  it.each(['rate(5 weeks)', 'rate(minutes)', 'every 5 minutes', 'cron(0 1 * * ?)', 'cron(99 1 * * ? *)', ''])(
    'throws on %j',
    (expression) => {
      expect(() => nextDelay(expression, HANOI, FROM)).toThrow();
    },
  );

  it('names the unsupported expression in its error', () => {
    expect(() => nextDelay('at(2026-03-12T00:00:00)', HANOI, FROM)).toThrow('Unsupported schedule expression: at(2026-03-12T00:00:00)');
  });
});
