/**
 * Where a target will stand at the end of its year (an annual target) or its period (a cumulative
 * one, 2026–2030), with an 80 % interval: pure functions, no I/O, "now" passed in.
 *
 * The model. A year's count arrives month by month in proportion to a seasonal profile (each
 * month's share of the year, {@link Profile}); what is still to come is the rate seen so far times
 * the share of the year still to come:
 *
 *   expected = X + X · W_r / W_o
 *
 * X: the actual so far; W_o: the profile's weight of the time gone (whole months, and the part of
 * the current month gone in Hanoi); W_r: the weight still to come (the rest of the year, and for a
 * cumulative target every later year of its period, one each).
 *
 * The interval: the 10th and 90th percentiles of the count still to come, drawn as a negative
 * binomial (gamma–Poisson) with the mean and variance of
 * - Poisson noise of the months to come, and the uncertainty of the rate read from X: the
 *   gamma–Poisson predictive (rate ~ Gamma(X + ½, W_o), Jeffreys prior), variance μ(1 + W_r/W_o);
 * - overdispersion: months vary beyond Poisson (a course moved, Tết early or late, a campaign): a
 *   month's rate has a relative spread `monthCv`, a later year's `yearCv`; Tết, moving between
 *   January and February, shifts up to `tetCv` of January's share into February or back; and the profile itself
 *   is uncertain (`Profile.cv`: learnt from few years, or assumed). These scale with μ², through
 *   μ²(Q_o/W_o² + Q_r/W_r²), Q the sum of the squared weights of the months seen and to come — the
 *   rate is read from the months seen, so their noise counts as well as the noise still to come.
 *
 * How well the interval holds is measured, not assumed: `npm run calibrate:projection` draws
 * synthetic years from a known seasonal process and reports how often it held the year's final
 * figure (docs/benchmarks.md, "Projection calibration"). The constants of {@link MODEL} are the
 * ones that calibration checks.
 */
import { hanoiDay, hanoiMidnight } from '../../../shared/time/hanoi.ts';
import { DEFAULT_SEASONAL_PROFILE } from './seasonal-profile.ts';

/** The months (0-based) Tết may fall in. */
const [TET_FIRST, TET_SECOND] = DEFAULT_SEASONAL_PROFILE.tetMonths;

/** The interval's coverage: 80 %, the 10th to the 90th percentile. */
export const COVERAGE = 0.8;

export const MODEL = {
  /** Jeffreys prior on the rate: a target with nothing counted yet still has an upper bound above 0. */
  prior: 0.5,
  /** Relative spread of a month's rate around the profile (overdispersion). */
  monthCv: 0.15,
  /** More spread in the months Tết may fall in (January, February): its date moves by up to a month. */
  tetCv: 0.3,
  /** Relative spread of a later year's rate (a cumulative target's years still to come). */
  yearCv: 0.15,
  /** Relative error of the assumed profile's shares (the default, with no history). */
  defaultProfileCv: 0.15,
  /** How many counts the default profile weighs when blended with earlier years' (Dirichlet pseudo-counts). */
  pseudoCount: 120,
} as const;
export type Model = { [K in keyof typeof MODEL]: number };

/** Each month's share of a year (January first, summing to 1), where it comes from, and how uncertain it is. */
export interface Profile {
  shares: readonly number[];
  source: 'history' | 'default';
  /** The earlier years it was learnt from (none for the default). */
  years: readonly number[];
  /** Relative error of a share. */
  cv: number;
}

export interface Projection {
  /** The figure expected at the end of the year (or of the period). */
  expected: number;
  /** The 80 % interval: the 10th and 90th percentiles. */
  low: number;
  high: number;
  coverage: typeof COVERAGE;
  method: 'seasonal-negative-binomial';
  profile: { source: Profile['source']; years: number[] };
}

const normalise = (w: readonly number[]): number[] => {
  const sum = w.reduce((s, x) => s + x, 0);
  return w.map((x) => x / sum);
};

/** The default profile (./seasonal-profile.ts): an assumption, said so. */
export function defaultProfile(model: Model = MODEL): Profile {
  return { shares: normalise(DEFAULT_SEASONAL_PROFILE.weights), source: 'default', years: [], cv: model.defaultProfileCv };
}

/**
 * A profile from earlier years' monthly counts (12 a year, January first): their pooled shares,
 * drawn toward the default by {@link MODEL.pseudoCount} counts — a target of 30 a year keeps
 * mostly the default, one of 5,000 its own. Years with nothing counted are left out; none left:
 * the default.
 */
export function profileFrom(history: readonly { year: number; months: readonly number[] }[], model: Model = MODEL): Profile {
  const fallback = defaultProfile(model);
  const used = history.filter((h) => h.months.length === 12 && h.months.reduce((s, x) => s + x, 0) > 0);
  if (!used.length) return fallback;
  const pooled = Array.from({ length: 12 }, (_, m) => used.reduce((s, h) => s + Math.max(0, h.months[m] ?? 0), 0));
  const n = pooled.reduce((s, x) => s + x, 0);
  const k = model.pseudoCount;
  const shares = pooled.map((c, m) => (c + k * fallback.shares[m]!) / (n + k));
  // The learnt part errs by the earlier years' own month-to-month spread and their Poisson noise
  // (12/n: a month's share of n counts); the default part by the default's error.
  const a = n / (n + k);
  const learnt = model.monthCv ** 2 / used.length + 12 / n;
  const cv = Math.sqrt(a * a * learnt + (1 - a) ** 2 * model.defaultProfileCv ** 2);
  return { shares, source: 'history', years: used.map((h) => h.year).sort((x, y) => x - y), cv };
}

/** Months of `year` gone by at `now` in Hanoi (0 before 1 January, 12 from 1 January next), the current month in part. */
export function monthsElapsed(year: number, now: Date): number {
  const today = hanoiDay(now);
  const y = Number(today.slice(0, 4));
  if (y < year) return 0;
  if (y > year) return 12;
  const month = Number(today.slice(5, 7));
  const first = `${today.slice(0, 7)}-01`;
  const next = month === 12 ? `${y + 1}-01-01` : `${y}-${String(month + 1).padStart(2, '0')}-01`;
  const start = hanoiMidnight(first);
  return month - 1 + (now.getTime() - start) / (hanoiMidnight(next) - start);
}

/** What a projection starts from. */
export interface ProjectionInput {
  /** The actual so far, over the whole window (a cumulative target: its earlier years too). */
  observed: number;
  /** Months of the current year gone by (0–12). */
  elapsed: number;
  profile: Profile;
  /** Whole years of the window before the current one (a cumulative target). */
  priorYears?: number;
  /** Whole years of the window after the current one. */
  futureYears?: number;
}

/**
 * The end-of-window projection, or null when there is nothing to project from: no time of the
 * window gone by yet. With nothing still to come the interval is the actual itself.
 */
export function project(input: ProjectionInput, model: Model = MODEL): Projection | null {
  const { observed: x, elapsed, profile } = input;
  const prior = input.priorYears ?? 0;
  const future = input.futureYears ?? 0;
  const full = Math.max(0, Math.min(12, Math.floor(elapsed)));
  const part = full < 12 ? Math.max(0, elapsed - full) : 0;
  const seenOf = (m: number) => (m < full ? 1 : m === full ? part : 0);
  const month2 = model.monthCv ** 2 + profile.cv ** 2;
  const yearQ = model.yearCv ** 2 + model.monthCv ** 2 * profile.shares.reduce((s, w) => s + w * w, 0);
  let wo = prior;
  let qo = prior * yearQ;
  let wr = future;
  let qr = future * yearQ;
  profile.shares.forEach((w, m) => {
    const seen = seenOf(m);
    if (seen > 0) {
      wo += seen * w;
      qo += month2 * (seen * w) ** 2;
    }
    if (seen < 1) {
      wr += (1 - seen) * w;
      qr += month2 * ((1 - seen) * w) ** 2;
    }
  });
  const result = (expected: number, low: number, high: number): Projection => ({
    expected,
    low: Math.min(low, expected),
    high: Math.max(high, expected),
    coverage: COVERAGE,
    method: 'seasonal-negative-binomial',
    profile: { source: profile.source, years: [...profile.years] },
  });
  // Tết moves activity between January and February: what it takes from one it gives the other, so
  // it matters only while one of them is seen and the other is not.
  const tet = (profile.shares[TET_FIRST]! * model.tetCv * (seenOf(TET_FIRST) - seenOf(TET_SECOND))) ** 2;
  if (wo <= 0) return null;
  if (wr <= 1e-12) return result(x, x, x);
  const expected = x + Math.round((x * wr) / wo);
  const mean = ((x + model.prior) / wo) * wr;
  const variance = mean * (1 + wr / wo) + mean * mean * (qo / (wo * wo) + qr / (wr * wr) + tet * (1 / wo + 1 / wr) ** 2);
  const [q10, q90] = quantiles(mean, variance, [(1 - COVERAGE) / 2, (1 + COVERAGE) / 2]);
  return result(expected, x + q10!, x + q90!);
}

/**
 * Quantiles (smallest y with P(Y ≤ y) ≥ p) of a count with this mean and variance: a negative
 * binomial, or a Poisson when the variance is not above the mean. Exact, by walking the
 * probabilities out from the mode until they vanish.
 */
export function quantiles(mean: number, variance: number, probs: readonly number[]): number[] {
  if (mean <= 0) return probs.map(() => 0);
  // A count this large is as good as continuous: its gamma approximation (Wilson–Hilferty) instead
  // of a walk over hundreds of thousands of values.
  if (mean > LARGE) return probs.map((p) => gammaQuantile(mean, Math.max(variance, mean), p));
  const poisson = variance <= mean * (1 + 1e-9);
  const r = poisson ? Number.POSITIVE_INFINITY : (mean * mean) / (variance - mean);
  const q = poisson ? 0 : mean / (r + mean);
  // P(y + 1) / P(y)
  const ratio = poisson ? (y: number) => mean / (y + 1) : (y: number) => ((y + r) / (y + 1)) * q;
  const mode = poisson ? Math.floor(mean) : r > 1 ? Math.floor(((r - 1) * q) / (1 - q)) : 0;
  const tiny = 1e-15;
  const below: number[] = [];
  let p = 1;
  for (let y = mode; y > 0; y--) {
    p /= ratio(y - 1);
    if (p < tiny) break;
    below.push(p);
  }
  const above: number[] = [1];
  p = 1;
  for (let y = mode; ; y++) {
    p *= ratio(y);
    if (p < tiny || above.length > 10_000_000) break;
    above.push(p);
  }
  const start = mode - below.length;
  const pmf = [...below.reverse(), ...above];
  const total = pmf.reduce((s, v) => s + v, 0);
  const out: number[] = [];
  let cdf = 0;
  let i = 0;
  for (const target of [...probs].map((v, k) => ({ v, k })).sort((a, b) => a.v - b.v)) {
    while (i < pmf.length && cdf + pmf[i]! / total < target.v - 1e-12) cdf += pmf[i++]! / total;
    out[target.k] = start + Math.min(i, pmf.length - 1);
  }
  return out;
}

/** Above this mean, quantiles come from the gamma approximation. */
export const LARGE = 50_000;

/** The p-quantile of a gamma with this mean and variance (Wilson–Hilferty), rounded up to a count. */
function gammaQuantile(mean: number, variance: number, p: number): number {
  const k = (mean * mean) / variance;
  const z = normalQuantile(p);
  const c = 1 / (9 * k);
  return Math.max(0, Math.ceil(mean * Math.max(0, 1 - c + z * Math.sqrt(c)) ** 3));
}

/** The standard normal's p-quantile (Acklam's rational approximation, relative error < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** The window of a target as the projection needs it. */
export interface TargetWindow {
  kind: 'annual' | 'cumulative';
  /** Years, `YYYY`. */
  from: string;
  to: string;
}

/**
 * A target's projection for `year` at `now`: null when the year is over (its actual is final),
 * not begun, or (`hasData` false) nothing at all was counted in it. An annual target projects
 * to 31 December; a cumulative one to the end of its period, later years at this year's rate.
 */
export function projectTarget(
  window: TargetWindow,
  year: number,
  now: Date,
  actual: number,
  profile: Profile,
  hasData: boolean,
  model: Model = MODEL,
): Projection | null {
  const elapsed = monthsElapsed(year, now);
  if (!hasData || elapsed <= 0 || elapsed >= 12) return null;
  if (window.kind === 'annual') return project({ observed: actual, elapsed, profile }, model);
  const from = Number(window.from);
  const to = Number(window.to);
  if (year < from || year > to) return null;
  return project({ observed: actual, elapsed, profile, priorYears: year - from, futureYears: to - year }, model);
}
