/**
 * Calibration of the KPI projection (services/reporting/domain/projection.ts): synthetic years
 * drawn from a known seasonal process, projected from each month-end January–November, and how
 * often the 80 % interval held the year's final figure. Used by `npm run calibrate:projection`
 * (the full table, docs/benchmarks.md) and, smaller, by a unit test that fails when coverage
 * leaves 70–90 %.
 *
 * The process (fixed before the model's constants were chosen, and not the model's own):
 * - a base shape by month (a summer lull, a busy last quarter) unlike the default profile's;
 * - Tết on a day drawn each year between 21 January and 20 February, with 16 days around it at a
 *   fifth of the usual rate — so the dip falls in January in some years, February in others, or
 *   both;
 * - each month's share jittered by a factor exp(N(0, 0.05)) a year;
 * - a year's size: the nominal size (small 30, medium 500, large 5,000) × exp(N(0, 0.25));
 * - overdispersion: each month's rate × Gamma(mean 1, CV c), c drawn each year from 0.05–0.25;
 * - the month's count: Poisson of that rate.
 * Earlier years for the profile are drawn the same way: 0 (the default profile), 1, 2 or 3 of
 * them, in turn.
 */
import { rng } from '../local/data/synthetic-suppliers.ts';
import { COVERAGE, defaultProfile, type Model, MODEL, profileFrom, project } from '../services/reporting/domain/projection.ts';

export const SIZES = { small: 30, medium: 500, large: 5000 } as const;
export type Size = keyof typeof SIZES;

const normal = (u: () => number): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());

/** Gamma(shape, scale) for shape ≥ 1 (Marsaglia–Tsang). */
function gamma(u: () => number, shape: number, scale: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (w < 1 - 0.0331 * x ** 4 || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

const lgamma = (z: number): number => {
  // Lanczos (g = 7, n = 9)
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - lgamma(1 - z);
  const zz = z - 1;
  let a = g[0]!;
  const t = zz + 7.5;
  for (let i = 1; i < 9; i++) a += g[i]! / (zz + i);
  return 0.5 * Math.log(2 * Math.PI) + (zz + 0.5) * Math.log(t) - t + Math.log(a);
};

/** Poisson(mu): multiplication for small means, PTRS (Hörmann 1993) otherwise. */
export function poisson(u: () => number, mu: number): number {
  if (mu <= 0) return 0;
  if (mu < 10) {
    const l = Math.exp(-mu);
    let k = 0;
    let p = u();
    while (p > l) {
      k++;
      p *= u();
    }
    return k;
  }
  const slam = Math.sqrt(mu);
  const loglam = Math.log(mu);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = u() - 0.5;
    const V = u();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + mu + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mu + k * loglam - lgamma(k + 1)) return k;
  }
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The process's own base shape: not the default profile's. */
const BASE_SHAPE = [1.0, 1.0, 1.0, 1.05, 1.1, 1.05, 0.85, 0.85, 1.0, 1.1, 1.2, 1.4];
const TET_DAYS = 16;
const TET_LEVEL = 0.2;

/** One synthetic year of a nominal size: its monthly counts. */
export function syntheticYear(u: () => number, nominal: number): number[] {
  const tet = 20 + Math.floor(u() * 31); // day of the year, 0-based: 21 Jan – 20 Feb
  const weights: number[] = [];
  let day = 0;
  for (let m = 0; m < 12; m++) {
    let w = 0;
    for (let d = 0; d < DAYS[m]!; d++, day++) w += day >= tet - 7 && day < tet - 7 + TET_DAYS ? TET_LEVEL : 1;
    weights.push(((BASE_SHAPE[m]! * w) / DAYS[m]!) * Math.exp(0.05 * normal(u)));
  }
  const sum = weights.reduce((s, x) => s + x, 0);
  const size = nominal * Math.exp(0.25 * normal(u));
  const cv = 0.05 + 0.2 * u();
  return weights.map((w) => poisson(u, ((size * w) / sum) * gamma(u, 1 / (cv * cv), cv * cv)));
}

export interface Calibration {
  /** Synthetic years projected, per size. */
  years: number;
  /** Earlier synthetic years drawn for the profiles. */
  historyYears: number;
  /** hits[size][monthEnd - 1], out of `years`. */
  hits: Record<Size, number[]>;
  /** Hits and trials by where the profile came from. */
  byProfile: { default: { hits: number; trials: number }; history: { hits: number; trials: number } };
  /** Median width of the interval over the final figure, per size. */
  medianWidth: Record<Size, number>;
  ms: number;
}

/** Project `years` synthetic years of each size from each month-end January–November. */
export function calibrate(years: number, seed: number, model: Model = MODEL): Calibration {
  const started = performance.now();
  const u = rng(seed);
  const hits = {} as Record<Size, number[]>;
  const medianWidth = {} as Record<Size, number>;
  const byProfile = { default: { hits: 0, trials: 0 }, history: { hits: 0, trials: 0 } };
  let historyYears = 0;
  for (const [size, nominal] of Object.entries(SIZES) as [Size, number][]) {
    hits[size] = Array(11).fill(0);
    const widths: number[] = [];
    for (let i = 0; i < years; i++) {
      const earlier = i % 4;
      const history = Array.from({ length: earlier }, (_, h) => ({ year: 2000 + h, months: syntheticYear(u, nominal) }));
      historyYears += earlier;
      const profile = earlier ? profileFrom(history, model) : defaultProfile(model);
      const months = syntheticYear(u, nominal);
      const final = months.reduce((s, x) => s + x, 0);
      let observed = 0;
      for (let m = 1; m <= 11; m++) {
        observed += months[m - 1]!;
        const p = project({ observed, elapsed: m, profile }, model);
        if (!p) throw new Error('a month-end always has a projection');
        const held = p.low <= final && final <= p.high;
        if (held) hits[size][m - 1]!++;
        const tally = byProfile[profile.source];
        tally.trials++;
        if (held) tally.hits++;
        widths.push((p.high - p.low) / Math.max(1, final));
      }
    }
    widths.sort((a, b) => a - b);
    medianWidth[size] = widths[Math.floor(widths.length / 2)] ?? 0;
  }
  return { years, historyYears, hits, byProfile, medianWidth, ms: performance.now() - started };
}

const pct = (h: number, n: number) => (n ? (100 * h) / n : 0);

/** Coverage in % per month-end and size, and overall. */
export function coverageOf(c: Calibration): { byMonth: Record<Size | 'all', number>[]; overall: Record<Size | 'all', number> } {
  const sizes = Object.keys(SIZES) as Size[];
  const byMonth = Array.from({ length: 11 }, (_, m) => {
    const row = {} as Record<Size | 'all', number>;
    for (const s of sizes) row[s] = pct(c.hits[s][m]!, c.years);
    row.all = pct(
      sizes.reduce((n, s) => n + c.hits[s][m]!, 0),
      c.years * sizes.length,
    );
    return row;
  });
  const overall = {} as Record<Size | 'all', number>;
  for (const s of sizes)
    overall[s] = pct(
      c.hits[s].reduce((n, h) => n + h, 0),
      c.years * 11,
    );
  overall.all = pct(
    sizes.reduce((n, s) => n + c.hits[s].reduce((k, h) => k + h, 0), 0),
    c.years * 11 * sizes.length,
  );
  return { byMonth, overall };
}

export { COVERAGE };
