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

  it('learns headroom: a request admitted near the budget that finishes well within it lets more in next time', () => {
    const run = (tookMs: number) => {
      const c = clock();
      const a = make(c);
      const probe = a.admit(c.now(), 100);
      c.advance(1000);
      if (probe.admitted) probe.done(); // 10 ms an event, measured alone
      // 300 queued: 3 s of draining at the measured rate, over half the 4 s budget.
      const near = a.admit(c.now(), 300);
      expect(near.admitted).toBe(true);
      expect(a.admit(c.now(), 200).admitted).toBe(false); // 5 s: refused
      c.advance(tookMs);
      if (near.admitted) near.done();
      return { a, c };
    };
    // Finished in 1.5 s (under half the budget): the store drains faster with more in flight.
    const fast = run(1500);
    expect(fast.a.headroomFactor).toBeCloseTo(1.25, 5);
    // Measured 400 events over 2.5 s busy = 0.16 an ms; × 1.25: 300 in flight and 400 more drain in 3.5 s, within the 4 s budget.
    expect(fast.a.admit(fast.c.now(), 300).admitted).toBe(true);
    expect(fast.a.admit(fast.c.now(), 400).admitted).toBe(true);
    // Finished in 3 s: no headroom learnt, and at 0.1 an ms the same 700 would take 7 s.
    const slow = run(3000);
    expect(slow.a.headroomFactor).toBe(1);
    expect(slow.a.admit(slow.c.now(), 300).admitted).toBe(true);
    expect(slow.a.admit(slow.c.now(), 400).admitted).toBe(false);
  });

  it('does not grow the headroom on requests admitted with room to spare (the limit was not what held them)', () => {
    const c = clock();
    const a = make(c);
    for (let i = 0; i < 10; i++) {
      const d = a.admit(c.now(), 10); // 100 ms of draining: far under half the budget
      c.advance(50);
      if (d.admitted) d.done();
    }
    expect(a.headroomFactor).toBe(1);
  });

  it('cuts the headroom when an admitted request finishes late, once for the requests admitted before the cut', () => {
    const c = clock();
    const a = make(c);
    const probe = a.admit(c.now(), 100);
    c.advance(100);
    if (probe.admitted) probe.done(); // 1 ms an event
    const slow = [a.admit(c.now(), 1000), a.admit(c.now(), 1000)];
    expect(slow.every((d) => d.admitted)).toBe(true);
    c.advance(3500); // past 75 % of the 4 s budget
    for (const d of slow) if (d.admitted) d.done();
    expect(a.headroomFactor).toBeCloseTo(0.6, 5); // one cut, not two
    // Admitted after the cut and late again: another cut.
    const again = a.admit(c.now(), 100);
    c.advance(3500);
    if (again.admitted) again.done();
    expect(a.headroomFactor).toBeCloseTo(0.5, 5); // 0.36, held at the floor
  });

  it('admits nothing more while an admitted request has used more than 70 % of the budget (more work would slow it further)', () => {
    const c = clock();
    const a = make(c);
    const probe = a.admit(c.now(), 100);
    c.advance(100);
    if (probe.admitted) probe.done(); // 1 ms an event: a small request drains in no time
    const old = a.admit(c.now(), 100);
    expect(old.admitted).toBe(true);
    c.advance(2800); // 70 % of the 4 s budget: not yet at risk
    expect(a.admit(c.now(), 10).admitted).toBe(true);
    c.advance(1);
    const refused = a.admit(c.now(), 10);
    expect(refused).toMatchObject({ admitted: false, retryAfterSeconds: 1 });
    if (!refused.admitted) expect(refused.reason).toContain('admitted 2801 ms ago');
    if (old.admitted) old.done();
    expect(a.admit(c.now(), 10).admitted).toBe(true);
  });

  it('admits at most maxInFlightRequests at once, so a slot stays free for refusals', () => {
    const c = clock();
    const a = make(c, { maxInFlightRequests: 2 });
    const probe = a.admit(c.now(), 1);
    c.advance(1);
    if (probe.admitted) probe.done(); // 1 ms an event: the drain estimate holds nothing back below
    const two = [a.admit(c.now(), 1), a.admit(c.now(), 1)];
    expect(two.every((d) => d.admitted)).toBe(true);
    const third = a.admit(c.now(), 1);
    expect(third).toMatchObject({ admitted: false, retryAfterSeconds: 1 });
    if (!third.admitted) expect(third.reason).toContain('2 requests in progress');
    const first = two[0]!;
    if (first.admitted) first.done();
    expect(a.admit(c.now(), 1).admitted).toBe(true);
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
