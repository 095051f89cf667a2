import { afterEach, describe, expect, it } from 'vitest';
import { clock, clockFrom, clockFromEnv, fixedClock, setClock, systemClock } from '../../../shared/time/clock.ts';

describe('the Clock port', () => {
  afterEach(() => setClock(clockFromEnv() ?? systemClock));

  it('starts where TEST_NOW says and runs at real speed from there', () => {
    let real = 1_000_000;
    const c = clockFrom(new Date('2027-01-31T10:00:00+07:00'), () => real);
    expect(c.now().toISOString()).toBe('2027-01-31T03:00:00.000Z');
    real += 1_500;
    expect(c.now().toISOString()).toBe('2027-01-31T03:00:01.500Z');
  });

  it('reads TEST_NOW as an instant or as a Hanoi date (9:00 that morning)', () => {
    expect(clockFromEnv({ TEST_NOW: '2027-05-31' })!.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2027-05-31T09:00:00+07:00'));
    expect(clockFromEnv({ TEST_NOW: '2027-05-31' })!.now().getTime()).toBeLessThan(Date.parse('2027-05-31T09:01:00+07:00'));
    expect(clockFromEnv({})).toBeUndefined();
    expect(() => clockFromEnv({ TEST_NOW: 'next tuesday' })).toThrow(/TEST_NOW must be an ISO 8601/);
  });

  it('agrees across processes started at different moments: TEST_NOW holds at the anchor every child inherits', async () => {
    const env: NodeJS.ProcessEnv = { TEST_NOW: '2027-03-17T10:00:00+07:00' };
    const first = clockFromEnv(env)!;
    expect(env.TEST_NOW_ANCHOR).toMatch(/^\d+$/);
    await new Promise((r) => setTimeout(r, 30));
    // A worker or the runtime starts later with the same environment: it reads the same "now".
    const later = clockFromEnv({ ...env })!;
    expect(Math.abs(later.now().getTime() - first.now().getTime())).toBeLessThan(10);
    expect(later.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2027-03-17T10:00:00.030+07:00') - 5);
  });

  it('lets the process clock be replaced, and every reader follows', () => {
    setClock(fixedClock('2030-12-31T23:59:00+07:00'));
    expect(clock.now().toISOString()).toBe('2030-12-31T16:59:00.000Z');
  });
});
