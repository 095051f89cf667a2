/**
 * Selection by the city's rule (Guidance 3844/HD-SCT): eligible from the pass mark, from the highest
 * total down until the budget is used, ties by priority points then submission time; with share
 * quotas, the lexicographically best allocation in merit order that keeps every quota. The random
 * cases are checked against the rule itself, written as brute force.
 */
import { describe, expect, it } from 'vitest';
import { HighsSolver } from '../../../../services/scoring/adapters/outbound/highs-solver.ts';
import { compareMerit, rankKey } from '../../../../services/scoring/domain/ranking.ts';
import {
  commitProblems,
  policySchema,
  select,
  violations,
  type Candidate,
  type MipSolver,
  type Policy,
  type SelectionOutcome,
} from '../../../../services/scoring/domain/selection.ts';

const solver = new HighsSolver();
const M = 1_000_000;
let seq = 0;
function cand(o: Partial<Candidate> = {}): Candidate {
  seq++;
  return {
    applicationId: `app-${String(seq).padStart(4, '0')}`,
    taxCode: '0100233488',
    totalPoints: 50,
    priorityPoints: 0,
    submittedAt: '2026-03-01T00:00:00.000Z',
    requestedAmountVnd: 100,
    sizeClass: 'small',
    communeCode: '00004',
    vsicMain: '2592',
    ...o,
  };
}
const policy = (o: Record<string, unknown>) => policySchema.parse(o);
/** A solver that must not be called: merit order, with or without caps, needs none. */
const noSolver: MipSolver = { solve: () => Promise.reject(new Error('the solver was called')) };
/** A solver that fails every question, as a crashed or exhausted one would. */
const failingSolver: MipSolver = { solve: async () => ({ status: 'error', values: [], objective: 0, timeMs: 1 }) };
const ids = (entries: { applicationId: string }[]) => entries.map((e) => e.applicationId);
const amountsOf = (out: SelectionOutcome) => {
  const by = new Map(out.funded.map((e) => [e.applicationId, e.amountVnd]));
  return out.ranked.map((c) => by.get(c.applicationId) ?? 0);
};

describe('ranking and tie-breaks', () => {
  it('orders by points, then priority points, then earlier submission, then smaller request, then id', () => {
    const a = cand({ applicationId: 'a', totalPoints: 70 });
    const b = cand({ applicationId: 'b', totalPoints: 70, priorityPoints: 10 });
    const c = cand({ applicationId: 'c', totalPoints: 70, submittedAt: '2026-02-01T00:00:00.000Z' });
    const d = cand({ applicationId: 'd', totalPoints: 70, requestedAmountVnd: 50 });
    const e = cand({ applicationId: 'e', totalPoints: 70, requestedAmountVnd: 50 });
    const f = cand({ applicationId: 'f', totalPoints: 90 });
    const order = [a, b, c, d, e, f].sort(compareMerit).map((x) => x.applicationId);
    expect(order).toEqual(['f', 'b', 'c', 'd', 'e', 'a']);
  });

  it('gives a rank key that sorts exactly like the comparator', () => {
    const cs = Array.from({ length: 200 }, (_, i) =>
      cand({
        totalPoints: ((i * 37) % 101) / 1.5,
        priorityPoints: i % 3,
        requestedAmountVnd: 1000 + (i % 7),
        submittedAt: `2026-03-0${1 + (i % 5)}T00:00:00.000Z`,
      }),
    );
    const byKey = [...cs].sort((x, y) => (rankKey(x) < rankKey(y) ? -1 : 1)).map((x) => x.applicationId);
    expect(byKey).toEqual([...cs].sort(compareMerit).map((x) => x.applicationId));
  });

  it('funds the one of two equal totals with more priority points, and of equal priority points the earlier one', async () => {
    const later = cand({ totalPoints: 70, priorityPoints: 10, submittedAt: '2026-03-05T00:00:00.000Z' });
    const earlier = cand({ totalPoints: 70, priorityPoints: 10, submittedAt: '2026-03-02T00:00:00.000Z' });
    const fewerPriority = cand({ totalPoints: 70, priorityPoints: 0, submittedAt: '2026-03-01T00:00:00.000Z' });
    const one = policy({ budgetVnd: 100 });
    expect(ids((await select([fewerPriority, later], one, noSolver)).funded)).toEqual([later.applicationId]);
    expect(ids((await select([later, earlier], one, noSolver)).funded)).toEqual([earlier.applicationId]);
  });
});

describe('merit order (no share quotas): from the highest total down until the budget is used', () => {
  it('funds down the ranking and skips one that no longer fits, funding a smaller one below it', async () => {
    const [a, b, c] = [
      cand({ totalPoints: 90, requestedAmountVnd: 600 }),
      cand({ totalPoints: 80, requestedAmountVnd: 500 }),
      cand({ totalPoints: 70, requestedAmountVnd: 400 }),
    ];
    const out = await select([c, b, a], policy({ budgetVnd: 1000 }), noSolver);
    expect(out).toMatchObject({ method: 'merit-order', exact: true });
    expect(ids(out.funded)).toEqual([a.applicationId, c.applicationId]);
    expect(out.waitlisted).toEqual([
      expect.objectContaining({
        applicationId: b.applicationId,
        reason: 'not funded in this round: the budget has 400 VND left of the 500 requested',
      }),
    ]);
    expect(out.totalVnd).toBe(1000);
  });

  it('funds exactly what fits at the budget boundary, and nothing when the first request is 1 VND too much', async () => {
    const exact = await select([cand({ requestedAmountVnd: 1000 })], policy({ budgetVnd: 1000 }), noSolver);
    expect(exact.funded).toHaveLength(1);
    const over = await select([cand({ requestedAmountVnd: 1001 })], policy({ budgetVnd: 1000 }), noSolver);
    expect(over.funded).toHaveLength(0);
    expect(over.waitlisted).toHaveLength(1);
  });

  it('funds only the first application the budget stops in part, closing the round, when the rest is a large enough share', async () => {
    const [a, b, c] = [
      cand({ totalPoints: 90, requestedAmountVnd: 600 }),
      cand({ totalPoints: 80, requestedAmountVnd: 500 }),
      cand({ totalPoints: 70, requestedAmountVnd: 100 }),
    ];
    const out = await select([a, b, c], policy({ budgetVnd: 900, partialFunding: true, minPartialPct: 50 }), noSolver);
    expect(out.funded.map((e) => [e.applicationId, e.amountVnd])).toEqual([
      [a.applicationId, 600],
      [b.applicationId, 300],
    ]);
    expect(out.funded[1]!.reason).toBe('rank 2: funded 60 % of the request (partial funding, closing the round)');
    expect(out.waitlisted).toEqual([
      expect.objectContaining({ applicationId: c.applicationId, reason: expect.stringContaining('the budget is used up') }),
    ]);
    // 200 of 500 is below the 50 % floor: no partial grant, and merit order goes on to the next one.
    const tooSmall = await select([a, b, c], policy({ budgetVnd: 800, partialFunding: true, minPartialPct: 50 }), noSolver);
    expect(ids(tooSmall.funded)).toEqual([a.applicationId, c.applicationId]);
  });

  it("lists applications below the rubric's pass mark as not funded, with the reason", async () => {
    const [low, high] = [cand({ totalPoints: 47 }), cand({ totalPoints: 50 })];
    const out = await select([low, high], policy({ budgetVnd: 1000 }), noSolver, { rubricPassMark: 50 });
    expect(out.passMark).toBe(50);
    expect(ids(out.funded)).toEqual([high.applicationId]);
    expect(out.notFunded).toEqual([
      expect.objectContaining({ applicationId: low.applicationId, reason: '47 points is below the pass mark of 50' }),
    ]);
  });

  it("applies a selection's higher pass mark, and never a lower one than the rubric's", async () => {
    const [a, b] = [cand({ totalPoints: 62 }), cand({ totalPoints: 58 })];
    const raised = await select([a, b], policy({ budgetVnd: 1000, passMark: 60 }), noSolver, { rubricPassMark: 50 });
    expect([raised.passMark, ids(raised.funded), ids(raised.notFunded)]).toEqual([60, [a.applicationId], [b.applicationId]]);
    const lower = await select([a, b], policy({ budgetVnd: 1000, passMark: 40 }), noSolver, { rubricPassMark: 60 });
    expect([lower.passMark, ids(lower.funded)]).toEqual([60, [a.applicationId]]);
  });

  it('skips a commune whose cap is full and names the cap, without a solver', async () => {
    const cs = [
      cand({ totalPoints: 90 }),
      cand({ totalPoints: 85 }),
      cand({ totalPoints: 80 }),
      cand({ totalPoints: 60, communeCode: '00006' }),
    ];
    const p = policy({ budgetVnd: 10_000, quotas: [{ kind: 'max-grants-per', groupBy: 'commune', count: 2 }] });
    const out = await select(cs, p, noSolver);
    expect(out.method).toBe('merit-order');
    expect(out.funded.map((e) => e.totalPoints)).toEqual([90, 85, 60]);
    expect(out.waitlisted).toEqual([
      expect.objectContaining({
        totalPoints: 80,
        reason: 'passed over: at most 2 grants per commune (00004 already has 2)',
        passedOverFor: ['at most 2 grants per commune'],
      }),
    ]);
    expect(violations(out.ranked, amountsOf(out), p)).toEqual([]);
  });
});

describe('a quota that never binds changes nothing (issue 18: the A/B example)', () => {
  // Budget 1,000 M; A: 90 points asks 500 M; B: 60 points asks 1,000 M. Merit order funds A.
  const A = cand({ applicationId: 'A', totalPoints: 90, requestedAmountVnd: 500 * M });
  const B = cand({ applicationId: 'B', totalPoints: 60, requestedAmountVnd: 1000 * M });
  const expectA = (out: SelectionOutcome) => {
    expect(ids(out.funded)).toEqual(['A']);
    expect(out.waitlisted).toEqual([
      expect.objectContaining({ applicationId: 'B', reason: expect.stringContaining('the budget has 500000000 VND left') }),
    ]);
  };

  it('funds A without quotas', async () => {
    expectA(await select([A, B], policy({ budgetVnd: 1000 * M }), noSolver));
  });

  it('funds A with "at most 100 grants per commune"', async () => {
    const out = await select(
      [A, B],
      policy({ budgetVnd: 1000 * M, quotas: [{ kind: 'max-grants-per', groupBy: 'commune', count: 100 }] }),
      noSolver,
    );
    expectA(out);
    expect(out.comparison).toMatchObject({ changed: 0, passedOver: 0, meritOrder: { funded: 1, violations: [] } });
  });

  it('funds A with a share quota that A keeps', async () => {
    const out = await select(
      [A, B],
      policy({ budgetVnd: 1000 * M, quotas: [{ kind: 'max-share-of-funds', where: { sizeClasses: ['medium'] }, pct: 35 }] }),
      solver,
    );
    expect(out.method).toBe('lexicographic');
    expectA(out);
    expect(out.comparison).toMatchObject({ changed: 0, passedOver: 0, solver: { calls: 0 } });
  });
});

describe('share quotas: the lexicographically best allocation in merit order', () => {
  it('passes over the one a minimum share cannot be kept with, naming the quota, and funds those below it', async () => {
    // Merit order funds 95 and 90 (1,000 M, no micro firm). With at least 30 % to micro firms: 95 can
    // be funded (95 + 60 + 55 keeps it), 90 cannot (the budget would be spent without a micro firm).
    const cs = [
      cand({ totalPoints: 95, requestedAmountVnd: 500 * M, sizeClass: 'small' }),
      cand({ totalPoints: 90, requestedAmountVnd: 500 * M, sizeClass: 'small' }),
      cand({ totalPoints: 60, requestedAmountVnd: 300 * M, sizeClass: 'micro' }),
      cand({ totalPoints: 55, requestedAmountVnd: 200 * M, sizeClass: 'micro' }),
    ];
    const p = policy({ budgetVnd: 1000 * M, quotas: [{ kind: 'min-share-of-funds', where: { sizeClasses: ['micro'] }, pct: 30 }] });
    const out = await select(cs, p, solver);
    expect(out).toMatchObject({ method: 'lexicographic', exact: true });
    expect(out.funded.map((e) => e.totalPoints)).toEqual([95, 60, 55]);
    expect(out.waitlisted).toEqual([
      expect.objectContaining({
        totalPoints: 90,
        reason: 'passed over: at least 30 % of funds to micro enterprises',
        passedOverFor: ['at least 30 % of funds to micro enterprises'],
      }),
    ]);
    expect(violations(out.ranked, amountsOf(out), p)).toEqual([]);
    expect(out.comparison).toMatchObject({
      meritOrder: { funded: 2, totalVnd: 1000 * M, violations: ['at least 30 % of funds to micro enterprises: 0.00 %'] },
      changed: 3,
      passedOver: 1,
      departures: [{ quota: 'at least 30 % of funds to micro enterprises', passedOver: 1 }],
    });
  });

  it('keeps a maximum share of funds, and names a quota by its label', async () => {
    const cs = [
      cand({ totalPoints: 95, requestedAmountVnd: 500, sizeClass: 'medium' }),
      cand({ totalPoints: 94, requestedAmountVnd: 500, sizeClass: 'medium' }),
      cand({ totalPoints: 50, requestedAmountVnd: 500 }),
    ];
    const p = policy({
      budgetVnd: 1500,
      quotas: [{ kind: 'max-share-of-funds', where: { sizeClasses: ['medium'] }, pct: 50, label: 'medium firms: half the funds at most' }],
    });
    const out = await select(cs, p, solver);
    expect(out.funded.map((e) => e.totalPoints)).toEqual([95, 50]);
    expect(out.waitlisted[0]!.reason).toBe('passed over: medium firms: half the funds at most');
  });

  it('funds the marginal one in part only as far as every quota allows', async () => {
    const [micro, small, microLater] = [
      cand({ totalPoints: 90, requestedAmountVnd: 600, sizeClass: 'micro' }),
      cand({ totalPoints: 80, requestedAmountVnd: 700, sizeClass: 'small' }),
      cand({ totalPoints: 70, requestedAmountVnd: 300, sizeClass: 'micro' }),
    ];
    const at = (pct: number) =>
      policy({
        budgetVnd: 1000,
        partialFunding: true,
        minPartialPct: 50,
        quotas: [{ kind: 'min-share-of-funds', where: { sizeClasses: ['micro'] }, pct }],
      });
    // At least 50 % micro: the small firm may have all 400 VND left (600 of 1,000 is micro).
    const half = await select([micro, small, microLater], at(50), solver);
    expect(half.funded.map((e) => [e.totalPoints, e.amountVnd])).toEqual([
      [90, 600],
      [80, 400],
    ]);
    // At least 70 %: at most 257 VND could go to it, below half its request: no partial grant; the
    // micro firm below fits.
    const seventy = await select([micro, small, microLater], at(70), solver);
    expect(seventy.funded.map((e) => [e.totalPoints, e.amountVnd])).toEqual([
      [90, 600],
      [70, 300],
    ]);
  });

  it('asks the solver only where a quota could become unreachable, and matches the rule on a case that needs it', async () => {
    // Budget 80; at least 40 % to micro firms and at least 40 % to VSIC division 26.
    const cs = [
      cand({ applicationId: 'r1', totalPoints: 90, requestedAmountVnd: 50, sizeClass: 'small', vsicMain: '2592' }),
      cand({ applicationId: 'r2', totalPoints: 85, requestedAmountVnd: 10, sizeClass: 'micro', vsicMain: '2592' }),
      cand({ applicationId: 'r3', totalPoints: 80, requestedAmountVnd: 30, sizeClass: 'micro', vsicMain: '2592' }),
      cand({ applicationId: 'r4', totalPoints: 75, requestedAmountVnd: 20, sizeClass: 'small', vsicMain: '2620' }),
      cand({ applicationId: 'r5', totalPoints: 70, requestedAmountVnd: 50, sizeClass: 'micro', vsicMain: '2592' }),
    ];
    const p = policy({
      budgetVnd: 80,
      quotas: [
        { kind: 'min-share-of-funds', where: { sizeClasses: ['micro'] }, pct: 40 },
        { kind: 'min-share-of-funds', where: { vsicDivisions: ['26'] }, pct: 40 },
      ],
    });
    let calls = 0;
    const counting: MipSolver = {
      solve: (m, o) => {
        calls++;
        return solver.solve(m, o);
      },
    };
    const out = await select(cs, p, counting);
    expect(calls).toBeGreaterThan(0);
    expect(out.exact).toBe(true);
    expect(ids(out.funded)).toEqual(['r3', 'r4']);
    expect(out.waitlisted.map((e) => [e.applicationId, e.reason])).toEqual([
      ['r1', 'passed over: at least 40 % of funds to micro enterprises'],
      ['r2', 'passed over: at least 40 % of funds to enterprises in VSIC division 26'],
      ['r5', 'not funded in this round: the budget has 30 VND left of the 50 requested'],
    ]);
    expect(ids(out.funded)).toEqual(bruteForce(cs, p, 0));
  });

  it('keeps every quota and says it is inexact when the solver fails; such a selection cannot be committed', async () => {
    const cs = [
      cand({ totalPoints: 90, requestedAmountVnd: 50, sizeClass: 'small', vsicMain: '2592' }),
      cand({ totalPoints: 85, requestedAmountVnd: 10, sizeClass: 'micro', vsicMain: '2592' }),
      cand({ totalPoints: 80, requestedAmountVnd: 30, sizeClass: 'micro', vsicMain: '2592' }),
      cand({ totalPoints: 75, requestedAmountVnd: 20, sizeClass: 'small', vsicMain: '2620' }),
      cand({ totalPoints: 70, requestedAmountVnd: 50, sizeClass: 'micro', vsicMain: '2592' }),
    ];
    const p = policy({
      budgetVnd: 80,
      quotas: [
        { kind: 'min-share-of-funds', where: { sizeClasses: ['micro'] }, pct: 40 },
        { kind: 'min-share-of-funds', where: { vsicDivisions: ['26'] }, pct: 40 },
      ],
    });
    const out = await select(cs, p, failingSolver);
    expect(out.exact).toBe(false);
    expect(out.waitlisted.some((e) => e.reason.includes('undecided'))).toBe(true);
    expect(violations(out.ranked, amountsOf(out), p)).toEqual([]);
    expect(commitProblems(out, p)).toEqual([expect.objectContaining({ path: 'body.solverTimeLimitSeconds' })]);
  });

  it('refuses to commit an allocation that breaks a quota or the budget, or funds one below the pass mark', () => {
    const [micro, small] = [cand({ sizeClass: 'micro', totalPoints: 70 }), cand({ sizeClass: 'small', totalPoints: 40 })];
    const p = policy({ budgetVnd: 150, quotas: [{ kind: 'min-share-of-funds', where: { sizeClasses: ['micro'] }, pct: 60 }] });
    const entry = (c: Candidate, rank: number) => ({ ...c, rank, amountVnd: 100, reason: 'funded' });
    const broken: SelectionOutcome = {
      method: 'lexicographic',
      exact: true,
      passMark: 50,
      ranked: [micro, small],
      funded: [entry(micro, 1), entry(small, 2)],
      waitlisted: [],
      notFunded: [],
      totalVnd: 200,
      budgetVnd: 150,
    };
    expect(commitProblems(broken, p).map((e) => [e.path, e.message])).toEqual([
      ['body.quotas', 'the allocation breaks 200 VND granted is above the budget of 150'],
      ['body.quotas', 'the allocation breaks at least 60 % of funds to micro enterprises: 50.00 %'],
      ['body.passMark', `${small.applicationId} is funded with 40 points, below the pass mark`],
    ]);
  });

  it('is the rule itself on random small programmes (checked against brute force)', async () => {
    let s = 20261;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    for (let t = 0; t < 150; t++) {
      const cs = Array.from({ length: 3 + Math.floor(rnd() * 6) }, () =>
        cand({
          totalPoints: 40 + Math.floor(rnd() * 10) * 5,
          priorityPoints: Math.floor(rnd() * 3),
          requestedAmountVnd: pick([10, 20, 30, 40, 50, 60, 90]),
          sizeClass: pick(['micro', 'small', 'medium']),
          communeCode: pick(['00001', '00002']),
          vsicMain: pick(['2592', '2620']),
        }),
      );
      const total = cs.reduce((a, c) => a + c.requestedAmountVnd, 0);
      const quotas: unknown[] = [];
      if (rnd() < 0.8) quotas.push({ kind: 'min-share-of-funds', where: { sizeClasses: ['micro'] }, pct: pick([20, 30, 40, 50, 60]) });
      if (rnd() < 0.6) quotas.push({ kind: 'max-share-of-funds', where: { sizeClasses: ['medium'] }, pct: pick([10, 20, 35]) });
      if (rnd() < 0.5) quotas.push({ kind: 'min-share-of-funds', where: { vsicDivisions: ['26'] }, pct: pick([20, 25, 40]) });
      if (rnd() < 0.3) quotas.push({ kind: 'max-grants-per', groupBy: 'commune', count: pick([1, 2]) });
      const p = policy({
        budgetVnd: Math.max(10, Math.round(total * (0.2 + rnd() * 0.6))),
        quotas,
        partialFunding: rnd() < 0.3,
        minPartialPct: pick([10, 50]),
      });
      const out = await select(cs, p, solver, { rubricPassMark: 45 });
      expect(out.exact).toBe(true);
      expect(violations(out.ranked, amountsOf(out), p)).toEqual([]);
      const got = out.funded.map((e) => `${e.applicationId}:${e.amountVnd}`);
      expect(got, JSON.stringify({ p, cs })).toEqual(bruteForce(cs, p, 45, true));
    }
  });

  it('selects 10,000 applications under three binding share quotas within seconds, without a solver call', async () => {
    let s = 7;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const cs = Array.from({ length: 10_000 }, () => {
      const u = rnd();
      return cand({
        totalPoints: Math.round(300 + 700 * rnd()) / 10,
        priorityPoints: Math.floor(rnd() * 3) * 10,
        requestedAmountVnd: Math.round(50 + 450 * rnd()) * M,
        sizeClass: u < 0.47 ? 'micro' : u < 0.79 ? 'small' : 'medium',
        communeCode: String(1 + Math.floor(rnd() * 126)).padStart(5, '0'),
        vsicMain: pick6(rnd()),
      });
    });
    const p = policy({
      budgetVnd: Math.round(cs.reduce((a, c) => a + c.requestedAmountVnd, 0) * 0.1),
      quotas: [
        { kind: 'min-share-of-funds', where: { sizeClasses: ['micro'] }, pct: 55 },
        { kind: 'max-share-of-funds', where: { sizeClasses: ['medium'] }, pct: 15 },
        { kind: 'min-share-of-funds', where: { vsicDivisions: ['26', '27'] }, pct: 40 },
      ],
    });
    const t = performance.now();
    const out = await select(cs, p, solver, { rubricPassMark: 50 });
    const ms = performance.now() - t;
    expect(out.exact).toBe(true);
    expect(violations(out.ranked, amountsOf(out), p)).toEqual([]);
    expect(out.comparison!.meritOrder.violations).toHaveLength(3);
    expect(out.comparison!.departures.every((d) => d.passedOver > 0)).toBe(true);
    expect(out.comparison!.solver.calls).toBe(0);
    expect(ms).toBeLessThan(30_000);
  }, 60_000);
});

const pick6 = (u: number) => ['2592', '2599', '2620', '2740', '2930', '2219'][Math.floor(u * 6)]!;

/**
 * The rule, by brute force: down the ranking, fund an application if some set of full grants below
 * it keeps every quota together with it and those funded; the first one the budget stops may be
 * funded in part (the most that keeps every quota), closing the round.
 */
function bruteForce(cands: readonly Candidate[], p: Policy, passMark: number, withAmounts = false): string[] {
  const el = [...cands].sort(compareMerit).filter((c) => c.totalPoints >= Math.max(passMark, p.passMark ?? 0));
  const funded = new Map<number, number>();
  const amounts = () => el.map((_, i) => funded.get(i) ?? 0);
  const keeps = (am: number[]) => violations(el, am, p).length === 0;
  const capFull = (i: number) =>
    p.quotas.some(
      (q) =>
        q.kind === 'max-grants-per' &&
        [...funded.keys()].filter((j) => groupOf(q.groupBy, el[j]!) === groupOf(q.groupBy, el[i]!)).length >= q.count,
    );
  let left = p.budgetVnd;
  for (let i = 0; i < el.length; i++) {
    const r = el[i]!.requestedAmountVnd;
    if (r > left) {
      if (p.partialFunding && left > 0 && !capFull(i)) {
        const least = Math.max(1, Math.ceil((p.minPartialPct * r) / 100 - 1e-9));
        for (let x = Math.min(left, r - 1); x >= least; x--) {
          const am = amounts();
          am[i] = x;
          if (keeps(am)) {
            funded.set(i, x);
            return render();
          }
        }
      }
      continue;
    }
    if (capFull(i)) continue;
    const later = el.length - i - 1;
    for (let mask = 0; mask < 1 << later; mask++) {
      const am = amounts();
      am[i] = r;
      for (let b = 0; b < later; b++) if (mask & (1 << b)) am[i + 1 + b] = el[i + 1 + b]!.requestedAmountVnd;
      if (keeps(am)) {
        funded.set(i, r);
        left -= r;
        break;
      }
    }
  }
  return render();
  function render() {
    return [...funded.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([i, a]) => (withAmounts ? `${el[i]!.applicationId}:${a}` : el[i]!.applicationId));
  }
}
const groupOf = (by: string, c: Candidate) =>
  by === 'commune' ? c.communeCode : by === 'sizeClass' ? c.sizeClass : c.vsicMain.slice(0, 2);
