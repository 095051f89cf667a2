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

  it('measures the drain rate over busy time, not per request: requests that finish together do not make the store look faster', () => {
    const c = clock();
    const a = make(c);
    const probe = a.admit(c.now(), 100);
    c.advance(100);
    if (probe.admitted) probe.done(); // 1 ms an event while alone
    // Eight batches side by side: the store drains 0.5 events a millisecond, so all finish after 1.6 s.
    const batch = Array.from({ length: 8 }, () => a.admit(c.now(), 100));
    expect(batch.every((d) => d.admitted)).toBe(true);
    c.advance(1600);
    for (const d of batch) if (d.admitted) d.done();
    // 900 events over 1.7 s busy: ≈ 1.9 ms an event (a per-request mean would say 0.2–2 ms, by finishing order).
    expect(a.estimateMsPerUnit).toBeCloseTo(1700 / 900, 5);
  });

  it('sheds on the queued work, not the number of requests: one large batch in flight is enough to refuse', () => {
    const c = clock();
    const a = make(c);
    const probe = a.admit(c.now(), 100);
    c.advance(100);
    if (probe.admitted) probe.done(); // 1 ms an event
    expect(a.admit(c.now(), 3500).admitted).toBe(true);
    expect(a.queuedUnits).toBe(3500);
    // 3,500 queued + 400 = 3.9 s of draining: within the 4 s budget; 600 more would end at 4.1 s.
    expect(a.admit(c.now(), 400).admitted).toBe(true);
    const refused = a.admit(c.now(), 200);
    expect(refused).toMatchObject({ admitted: false, retryAfterSeconds: 5 });
    if (!refused.admitted) expect(refused.reason).toContain('3900 units queued ahead');
  });

  it('counts the wait before the handler ran against the same budget as the queue', () => {
    const c = clock();
    const a = make(c);
    const probe = a.admit(c.now(), 100);
    c.advance(100);
    if (probe.admitted) probe.done(); // 1 ms an event
    expect(a.admit(c.now(), 2000).admitted).toBe(true);
    // 2,000 queued + 100 = 2.1 s of draining: admitted fresh, refused after 2 s spent waiting for the function.
    expect(a.admit(c.now() - 2000, 100).admitted).toBe(false);
    expect(a.admit(c.now() - 1000, 100).admitted).toBe(true);
  });

  it('follows recent completions (about one deadline of them), so when the store slows the feed sheds sooner', () => {
    const c = clock();
    const a = make(c);
    for (let i = 0; i < 10; i++) {
      const d = a.admit(c.now(), 100);
      c.advance(100); // 1 ms an event
      if (d.admitted) d.done();
    }
    expect(a.estimateMsPerUnit).toBeCloseTo(1, 5);
    for (let i = 0; i < 20; i++) {
      const d = a.admit(c.now(), 100);
      c.advance(400); // 4 ms an event now
      if (d.admitted) d.done();
    }
    expect(a.estimateMsPerUnit).toBeCloseTo(4, 5);
    // 1,000 events would drain in 4 s now: over the budget, though it took 1 s when the store was fast.
    expect(a.admit(c.now() - 300, 1000).admitted).toBe(false);
  });

  it('does not count idle time as drain time', () => {
    const c = clock();
    const a = make(c);
    for (const gap of [0, 60_000, 1_000]) {
      c.advance(gap);
      const d = a.admit(c.now(), 100);
      c.advance(200);
      if (d.admitted) d.done();
    }
    expect(a.estimateMsPerUnit).toBeCloseTo(2, 5);
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
