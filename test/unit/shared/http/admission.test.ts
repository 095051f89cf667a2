import { describe, expect, it } from 'vitest';
import { Admission } from '../../../../shared/http/admission.ts';
import { clockFrom, clockFromEnv, setClock, systemClock } from '../../../../shared/time/clock.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const make = (c: ReturnType<typeof clock>, o: Partial<ConstructorParameters<typeof Admission>[0]> = {}) =>
  new Admission({ deadlineMs: 5000, initialMsPerUnit: 10, now: c.now, random: () => 0, ...o });

describe('Admission', () => {
  it('admits a request that did not queue, however large (an idle service never refuses)', () => {
    const c = clock();
    expect(make(c).admit(c.now() - 100, 10_000).admitted).toBe(true);
  });

  it('admits a queued request that can still finish within the deadline less the reserve', () => {
    const c = clock();
    // 2.9 s queued + 100 × 10 ms = 3.9 s ≤ 5 s − 1 s.
    expect(make(c).admit(c.now() - 2900, 100).admitted).toBe(true);
  });

  it('refuses at once a queued request that could not, with a Retry-After of about its wait', () => {
    const c = clock();
    const d = make(c).admit(c.now() - 3500, 100);
    expect(d).toMatchObject({ admitted: false, retryAfterSeconds: 4 });
  });

  it('spreads Retry-After up to twice the wait, and keeps it between 1 and 30 s', () => {
    const c = clock();
    expect(make(c, { random: () => 0.999 }).admit(c.now() - 3500, 100)).toMatchObject({ retryAfterSeconds: 7 });
    expect(make(c).admit(c.now() - 600_000, 1)).toMatchObject({ retryAfterSeconds: 30 });
    expect(make(c, { deadlineMs: 1000 }).admit(c.now() - 300, 1)).toMatchObject({ admitted: false, retryAfterSeconds: 1 });
  });

  it('admits one request at a time until one has finished and the rate is measured', () => {
    const c = clock();
    const a = make(c);
    const first = a.admit(c.now(), 100);
    expect(first.admitted).toBe(true);
    expect(a.admit(c.now(), 1).admitted).toBe(false);
    c.advance(500);
    if (first.admitted) first.done();
    // Measured: 100 events in 0.5 s, 5 ms each, replacing the 10 ms guess.
    expect(a.estimateMsPerUnit).toBe(5);
    expect(a.admit(c.now(), 100).admitted).toBe(true);
    expect(a.admit(c.now(), 100).admitted).toBe(true);
  });

  it('counts the work already in progress: without any queueing, a request that would finish late is refused', () => {
    const c = clock();
    const a = make(c);
    const probe = a.admit(c.now(), 100);
    c.advance(1000);
    if (probe.admitted) probe.done(); // measured: 10 ms an event
    // At 10 ms an event: 100, 200, 300, 400 events in progress finish in 1, 2, 3, 4 s — the 4 s budget.
    const admitted = [1, 2, 3, 4].map(() => a.admit(c.now(), 100));
    expect(admitted.every((d) => d.admitted)).toBe(true);
    expect(a.admit(c.now(), 100)).toMatchObject({ admitted: false, retryAfterSeconds: 5 });
    // Once one finishes there is room again.
    c.advance(1000);
    const first = admitted[0]!;
    if (first.admitted) first.done();
    expect(a.admit(c.now(), 100).admitted).toBe(true);
  });

  it('learns the time per unit from finished requests, so a slower store sheds sooner', () => {
    const c = clock();
    const a = make(c);
    for (let i = 0; i < 20; i++) {
      const d = a.admit(c.now(), 100);
      c.advance(3000); // 30 ms per event now
      if (d.admitted) d.done();
    }
    expect(a.estimateMsPerUnit).toBeGreaterThan(29);
    // 1.1 s queued + 100 × 30 ms = 4.1 s, over the 4 s budget; with the initial 10 ms it is 2.1 s.
    expect(a.admit(c.now() - 1100, 100).admitted).toBe(false);
    expect(make(c).admit(c.now() - 1100, 100).admitted).toBe(true);
  });

  it('measures the wait on the clock port by default, as the gateway stamps the request (a moved clock is no wait)', () => {
    // The local runtime's clock moved to a past day (the demo year): the request is stamped on it.
    setClock(clockFrom(new Date('2026-01-05T08:00:00+07:00')));
    try {
      const a = new Admission({ deadlineMs: 5000, initialMsPerUnit: 10, random: () => 0 });
      expect(a.admit(Date.parse('2026-01-05T08:00:00+07:00') - 50, 5).admitted).toBe(true);
    } finally {
      setClock(clockFromEnv() ?? systemClock);
    }
  });
});
