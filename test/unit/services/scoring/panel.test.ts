import { describe, expect, it } from 'vitest';
import { GENERIC_V1 } from '../../../../services/scoring/domain/built-in-rubrics.ts';
import { scoreAutomatic } from '../../../../services/scoring/domain/criteria.ts';
import {
  checkReview,
  chooseReviewers,
  conflictOf,
  finalScore,
  panelState,
  type Panel,
  type PersonRef,
  type Review,
} from '../../../../services/scoring/domain/panel.ts';

const ref = (c: string) => c.repeat(64);
const person = (role: PersonRef['role'], c: string): PersonRef => ({ role, personRef: ref(c) });

describe('conflict of interest', () => {
  const people = new Map<string, PersonRef[]>([
    ['0100000001', [person('legal-representative', 'a'), person('owner', 'b')]],
    ['0100000002', [person('owner', 'b')]],
    ['0100000003', [person('owner', 'c')]],
  ]);

  it('refuses the enterprise the reviewer declared', () => {
    expect(conflictOf({ sub: 'r', declaredInterests: ['0100000001'] }, '0100000001', people)).toEqual({
      conflicted: true,
      reason: 'reviewer r declared an interest in the applicant 0100000001',
    });
  });

  it('refuses an applicant that shares an owner or legal representative with a declared enterprise, on the pseudonymous ids', () => {
    const c = conflictOf({ sub: 'r', declaredInterests: ['0100000002'] }, '0100000001', people);
    expect(c).toMatchObject({ conflicted: true });
    expect(c.conflicted && c.reason).toContain('owner of the applicant, owner of 0100000002');
  });

  it('finds no conflict without a shared person, or when the registry gave no people', () => {
    expect(conflictOf({ sub: 'r', declaredInterests: ['0100000003'] }, '0100000001', people)).toEqual({ conflicted: false });
    expect(conflictOf({ sub: 'r', declaredInterests: ['0100000002'] }, '0100000009', people)).toEqual({ conflicted: false });
    expect(conflictOf({ sub: 'r', declaredInterests: [] }, '0100000001', people)).toEqual({ conflicted: false });
  });
});

describe('balanced assignment', () => {
  const panel: Panel = { reviewsPerApplication: 2, reviewers: ['a', 'b', 'c', 'd'].map((sub) => ({ sub, declaredInterests: [] })) };

  it('keeps every reviewer within one assignment of the others', () => {
    const loads: Record<string, number> = {};
    for (let i = 0; i < 9; i++) for (const s of chooseReviewers(panel, loads, 2, new Set())) loads[s] = (loads[s] ?? 0) + 1;
    const counts = Object.values(loads);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(18);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('never picks an excluded (conflicted or already assigned) reviewer, even the least loaded', () => {
    expect(chooseReviewers(panel, { a: 0, b: 5, c: 5, d: 5 }, 2, new Set(['a']))).toEqual(['b', 'c']);
  });

  it('assigns fewer when not enough reviewers are free', () => {
    expect(chooseReviewers(panel, {}, 2, new Set(['a', 'b', 'c']))).toEqual(['d']);
  });
});

describe('reviews and the final score', () => {
  const review = (sub: string, quality: number, feasibility: number): Review => ({
    sub,
    criteria: [
      { id: 'proposal-quality', points: quality },
      { id: 'feasibility', points: feasibility },
    ],
    panelPoints: quality + feasibility,
    submittedAt: '2026-04-01T00:00:00.000Z',
  });

  it('lists every problem of a review: unknown or automatic criteria, too many points, unmarked ones', () => {
    const errors = checkReview(GENERIC_V1, [
      { id: 'proposal-quality', points: 31 },
      { id: 'labour-productivity', points: 3 },
    ]);
    expect(errors.map((e) => e.path)).toEqual(['body.criteria.0.points', 'body.criteria.1.id', 'body.criteria']);
  });

  it('waits for the reviews it needs, then asks once for one more when reviewers disagree beyond the threshold', () => {
    const c = GENERIC_V1.combination; // threshold 15 panel points
    expect(panelState([review('a', 30, 20)], 2, false, c)).toEqual({ kind: 'waiting', have: 1, need: 2 });
    expect(panelState([review('a', 30, 20), review('b', 20, 16)], 2, false, c)).toEqual({ kind: 'complete' });
    expect(panelState([review('a', 30, 20), review('b', 20, 10)], 2, false, c)).toEqual({ kind: 'needs-extra-review', spread: 20 });
    expect(panelState([review('a', 30, 20), review('b', 20, 10)], 2, true, c)).toEqual({ kind: 'waiting', have: 2, need: 3 });
    expect(panelState([review('a', 30, 20), review('b', 20, 10), review('c', 10, 5)], 2, true, c)).toMatchObject({
      kind: 'complete',
      note: expect.stringContaining('after an extra review'),
    });
  });

  it('adds the panel criteria (mean or median of the marks) to the automatic points', () => {
    const automatic = scoreAutomatic(GENERIC_V1, {
      answers: { technologyInvestmentVnd: 2_000_000_000 },
      current: { revision: 1, employees: 10, revenueVnd: 40_000_000_000 },
      history: [],
      submittedAt: '2026-04-01T00:00:00.000Z',
    });
    const reviews = [review('a', 30, 20), review('b', 20, 10), review('c', 10, 5)];
    const mean = finalScore(automatic, reviews, { panelAggregate: 'mean', disagreementThresholdPoints: 15 });
    expect(mean.criteria.find((c) => c.id === 'proposal-quality')).toMatchObject({ points: 20, evidence: { marks: [30, 20, 10] } });
    // Technology investment is 5 % of revenue (15 points); no registry history (0 + 0); panel 20 + 11.67.
    expect(mean.totalPoints).toBe(46.67);
    const median = finalScore(automatic, reviews, { panelAggregate: 'median', disagreementThresholdPoints: 15 });
    expect(median.criteria.find((c) => c.id === 'feasibility')!.points).toBe(10);
    expect(median.maxPoints).toBe(100);
  });
});
