/**
 * The KPI projection (services/reporting/domain/projection.ts): its arithmetic on known inputs,
 * cumulative windows, a year over or not begun, a year without data, the seasonal profile (learnt
 * or assumed), months elapsed in Hanoi time, and its calibration on synthetic years — a reduced
 * form of `npm run calibrate:projection` that fails when the 80 % interval holds the final figure
 * in under 70 % or over 90 % of projections.
 */
import { describe, expect, it } from 'vitest';
import {
  COVERAGE,
  defaultProfile,
  MODEL,
  monthsElapsed,
  type Profile,
  profileFrom,
  project,
  projectTarget,
  LARGE,
  quantiles,
} from '../../../../services/reporting/domain/projection.ts';
import { DEFAULT_SEASONAL_PROFILE } from '../../../../services/reporting/domain/seasonal-profile.ts';
import { calibrate, coverageOf } from '../../../../scripts/projection-calibration.ts';

const flat: Profile = { shares: Array(12).fill(1 / 12), source: 'history', years: [2025], cv: 0 };
/** The model without overdispersion: the plain gamma–Poisson predictive. */
const poissonOnly = { ...MODEL, monthCv: 0, yearCv: 0, tetCv: 0 };

/** Negative binomial quantiles summed from 0 (not as the code walks them): P(0) = p^r, P(y+1) = P(y)(y+r)/(y+1)(1−p). */
function nbQuantile(r: number, p: number, prob: number): number {
  let pmf = p ** r;
  let cdf = pmf;
  let y = 0;
  while (cdf < prob) {
    pmf *= ((y + r) / (y + 1)) * (1 - p);
    cdf += pmf;
    y++;
  }
  return y;
}

describe('quantiles of a count', () => {
  it('are the Poisson ones when the variance is the mean', () => {
    // Poisson(10): P(≤5) = 0.067, P(≤6) = 0.130; P(≤13) = 0.864, P(≤14) = 0.917.
    expect(quantiles(10, 10, [0.1, 0.9])).toEqual([6, 14]);
  });

  it("are the negative binomial's when it is above", () => {
    // mean 20, variance 60: r = 400 / 40 = 10, p = r / (r + mean) = 1/3.
    expect(quantiles(20, 60, [0.1, 0.9])).toEqual([nbQuantile(10, 1 / 3, 0.1), nbQuantile(10, 1 / 3, 0.9)]);
    expect(quantiles(0, 0, [0.1, 0.9])).toEqual([0, 0]);
  });

  it('of a very large count come from the gamma approximation, within 0.5 % of the exact ones', () => {
    // Just under the threshold the exact walk; the approximation at the same mean and variance is close.
    const exact = quantiles(LARGE - 1, 40 * LARGE, [0.1, 0.9]);
    const approx = quantiles(LARGE + 1, 40 * LARGE, [0.1, 0.9]);
    for (const i of [0, 1]) expect(Math.abs(approx[i]! - exact[i]!) / exact[i]!).toBeLessThan(0.005);
    // And it is quick: a target of millions early in the year.
    const started = performance.now();
    expect(project({ observed: 2_000_000, elapsed: 0.2, profile: defaultProfile() })!.high).toBeGreaterThan(2_000_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('a projection', () => {
  it('is the rate so far times the seasonal weight still to come; its interval the gamma–Poisson predictive', () => {
    const p = project({ observed: 60, elapsed: 6, profile: flat }, poissonOnly)!;
    expect(p.expected).toBe(120);
    // Rate ~ Gamma(60.5, ½ year): the second half's count is NB(r = 60.5, p = ½); 60 already counted.
    expect(p.low).toBe(60 + nbQuantile(60.5, 0.5, 0.1));
    expect(p.high).toBe(60 + nbQuantile(60.5, 0.5, 0.9));
    expect(p).toMatchObject({ coverage: COVERAGE, method: 'seasonal-negative-binomial', profile: { source: 'history', years: [2025] } });
  });

  it('follows the seasonal weights: a slow first quarter projects more for the rest', () => {
    const shares = [0.05, 0.05, 0.05, ...Array(9).fill(0.85 / 9)];
    const p = project({ observed: 30, elapsed: 3, profile: { ...flat, shares } }, poissonOnly)!;
    expect(p.expected).toBe(30 + Math.round((30 * 0.85) / 0.15)); // 200
  });

  it('counts the part of the current month gone by', () => {
    expect(project({ observed: 50, elapsed: 2.5, profile: flat }, poissonOnly)!.expected).toBe(50 + 190);
  });

  it('widens with overdispersion, and keeps low ≤ expected ≤ high', { timeout: 30_000 }, () => {
    const plain = project({ observed: 600, elapsed: 6, profile: flat }, poissonOnly)!;
    const over = project({ observed: 600, elapsed: 6, profile: flat })!;
    expect(over.expected).toBe(plain.expected);
    expect(over.high - over.low).toBeGreaterThan(1.5 * (plain.high - plain.low));
    for (const observed of [0, 1, 7, 300, 5000])
      for (const elapsed of [0.2, 1, 5.5, 11.9]) {
        const p = project({ observed, elapsed, profile: defaultProfile() })!;
        expect(p.low).toBeLessThanOrEqual(p.expected);
        expect(p.expected).toBeLessThanOrEqual(p.high);
        expect(p.low).toBeGreaterThanOrEqual(observed);
      }
  });

  it('with nothing counted by mid-year expects nothing more, yet leaves room above', () => {
    const p = project({ observed: 0, elapsed: 6, profile: flat })!;
    expect([p.expected, p.low]).toEqual([0, 0]);
    expect(p.high).toBeGreaterThan(0);
  });

  it('of a cumulative target runs to the end of its period, later years at the rate seen so far', () => {
    // 2026 whole and half of 2027 gone (weights 1 + ½), 2027's second half and 2028–2030 to come (½ + 3).
    const p = project({ observed: 150, elapsed: 6, profile: flat, priorYears: 1, futureYears: 3 }, poissonOnly)!;
    expect(p.expected).toBe(150 + 350);
    // The same count over the same window, with later years' rates uncertain too, is wider.
    const drift = project({ observed: 150, elapsed: 6, profile: flat, priorYears: 1, futureYears: 3 })!;
    expect(drift.high - drift.low).toBeGreaterThan(p.high - p.low);
  });

  it('with the whole window gone is the actual itself; with none gone, nothing', () => {
    expect(project({ observed: 42, elapsed: 12, profile: flat })).toMatchObject({ expected: 42, low: 42, high: 42 });
    expect(project({ observed: 0, elapsed: 0, profile: flat })).toBeNull();
  });
});

describe("a target's projection for a year, at a moment", () => {
  const annual = { kind: 'annual' as const, from: '2027', to: '2027' };
  const cumulative = { kind: 'cumulative' as const, from: '2026', to: '2030' };
  const midJuly2027 = new Date('2027-07-01T00:00:00+07:00');

  it('projects a running year, to its end', () => {
    expect(projectTarget(annual, 2027, midJuly2027, 60, flat, true, poissonOnly)?.expected).toBe(120);
  });

  it('projects nothing for a year that is over (its actual is final), not begun, or without data', () => {
    expect(projectTarget(annual, 2027, new Date('2028-01-01T00:00:00+07:00'), 60, flat, true)).toBeNull();
    // 31 Dec 2027, 23:00 UTC is already 1 January 2028 in Hanoi.
    expect(projectTarget(annual, 2027, new Date('2027-12-31T23:00:00Z'), 60, flat, true)).toBeNull();
    expect(projectTarget(annual, 2027, new Date('2026-12-31T09:00:00+07:00'), 0, flat, true)).toBeNull();
    expect(projectTarget(annual, 2027, midJuly2027, 0, flat, false)).toBeNull();
  });

  it('projects a cumulative target to the end of its period from its actual since the period began', () => {
    expect(projectTarget(cumulative, 2027, midJuly2027, 150, flat, true, poissonOnly)?.expected).toBe(500);
    expect(projectTarget(cumulative, 2030, new Date('2031-02-01T00:00:00+07:00'), 150, flat, true)).toBeNull();
  });
});

describe('months elapsed, in Hanoi', () => {
  it('counts whole months and the part of the current one', () => {
    expect(monthsElapsed(2027, new Date('2027-03-16T00:00:00+07:00'))).toBeCloseTo(2 + 15 / 31, 10);
    expect(monthsElapsed(2027, new Date('2027-01-01T00:00:00+07:00'))).toBe(0);
    // 17:00 UTC on 31 Jan is midnight in Hanoi: January is over.
    expect(monthsElapsed(2027, new Date('2027-01-31T17:00:00Z'))).toBe(1);
    expect(monthsElapsed(2026, new Date('2027-03-16T00:00:00+07:00'))).toBe(12);
    expect(monthsElapsed(2028, new Date('2027-03-16T00:00:00+07:00'))).toBe(0);
  });
});

describe('the seasonal profile', () => {
  it('by default is the shipped assumption, said so, with the Tết dip in January and February', () => {
    const p = defaultProfile();
    expect(DEFAULT_SEASONAL_PROFILE.assumption).toBe(true);
    expect(p.source).toBe('default');
    expect(p.shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    const lowest = [...p.shares].map((s, m) => ({ s, m })).sort((a, b) => a.s - b.s);
    expect(lowest.slice(0, 2).map((x) => x.m)).toEqual([1, 0]);
  });

  it("is learnt from earlier years' monthly counts: a large target's own, a small one's mostly the default", () => {
    const months = [100, 300, 400, 400, 400, 400, 400, 400, 400, 400, 500, 1500];
    const large = profileFrom([{ year: 2026, months }]);
    expect(large.source).toBe('history');
    expect(large.years).toEqual([2026]);
    expect(large.shares[11]).toBeCloseTo((1500 + MODEL.pseudoCount * defaultProfile().shares[11]!) / (5600 + MODEL.pseudoCount), 12);
    const small = profileFrom([{ year: 2026, months: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6] }]);
    expect(small.shares[11]).toBeLessThan(0.2);
    expect(small.cv).toBeGreaterThan(large.cv);
    // Nothing counted in earlier years: the default.
    expect(profileFrom([{ year: 2026, months: Array(12).fill(0) }]).source).toBe('default');
  });
});

describe('calibration on synthetic years (a reduced `npm run calibrate:projection`)', () => {
  // Seconds on a quiet machine; the bound leaves room for a loaded one.
  it('holds the final figure in 70–90 % of 80 % intervals, over 204 synthetic years from each month-end', { timeout: 60_000 }, () => {
    const c = calibrate(68, 2026);
    const { overall } = coverageOf(c);
    expect(c.years * 3).toBe(204);
    expect(overall.all).toBeGreaterThanOrEqual(70);
    expect(overall.all).toBeLessThanOrEqual(90);
  });

  it('would fail for a model that ignored overdispersion and Tết (so the check can fail)', { timeout: 60_000 }, () => {
    const { overall } = coverageOf(calibrate(68, 2026, { ...poissonOnly, defaultProfileCv: 0 }));
    expect(overall.all).toBeLessThan(70);
  });
});
