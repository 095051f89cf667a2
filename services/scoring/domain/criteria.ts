/**
 * Automatic scoring: each criterion a rubric computes from the applicant's answers or from the
 * registry figures, with the evidence it used and the reason for its points. A value that is not
 * there (not answered, zero employees, no figures old enough to compare) scores what the rubric
 * says for missing data and is marked missing: nothing is guessed or carried over from elsewhere.
 */
import { sourceOf, type Band, type Computation, type Criterion, type Rubric, type Source } from './rubric.ts';

/** An enterprise's registry figures at one revision. */
export interface Figures {
  revision: number;
  /** When the registry recorded it; unknown for the figures frozen into an application when scoring has no copy. */
  occurredAt?: string | undefined;
  employees: number;
  revenueVnd: number;
}

export interface ScoringInput {
  answers: Record<string, unknown>;
  /** The figures the application was judged on (frozen by intake at submission). */
  current: Figures;
  /** Scoring's copies of the enterprise's revisions, from enterprise.* events. */
  history: readonly Figures[];
  submittedAt: string;
}

export type CriterionStatus = 'scored' | 'missing' | 'awaiting-panel';

export interface CriterionResult {
  id: string;
  name: string;
  group: 'general' | 'priority';
  source: Source;
  maxPoints: number;
  /** Null until the panel has scored it. */
  points: number | null;
  status: CriterionStatus;
  evidence: Record<string, unknown>;
  reason: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

function bandLabel(b: Band): string {
  if (b.atLeast !== undefined && b.atMost !== undefined) return `${fmt(b.atLeast)}–${fmt(b.atMost)}`;
  return b.atLeast !== undefined ? `≥ ${fmt(b.atLeast)}` : `≤ ${fmt(b.atMost!)}`;
}

/** The first band the value falls in; below every band scores 0. */
export function scoreByBands(value: number, bands: readonly Band[]): { points: number; band?: string } {
  for (const b of bands) {
    if ((b.atLeast === undefined || value >= b.atLeast) && (b.atMost === undefined || value <= b.atMost))
      return { points: b.points, band: bandLabel(b) };
  }
  return { points: 0 };
}

type Outcome =
  | { points: number; evidence: Record<string, unknown>; reason: string }
  | { missing: string; evidence: Record<string, unknown> };

const MONTH_MS = 30.4375 * 24 * 3600 * 1000;

function metricOf(metric: 'labour-productivity' | 'revenue' | 'employees', f: Figures): { value?: number; why?: string } {
  if (metric === 'revenue') return { value: f.revenueVnd };
  if (metric === 'employees') return { value: f.employees };
  if (f.employees <= 0)
    return { why: `the registry reports ${f.employees} employees at revision ${f.revision}: revenue per employee is undefined` };
  return { value: f.revenueVnd / f.employees };
}

/**
 * Growth of a registry metric: the figures the application was judged on against the latest
 * earlier revision at least `minMonths` older. Its date is the registry's date of the judged
 * revision where scoring has it, else the submission date (the latest it can be).
 */
export function registryGrowth(
  metric: 'labour-productivity' | 'revenue' | 'employees',
  minMonths: number,
  input: Pick<ScoringInput, 'current' | 'history' | 'submittedAt'>,
): { growthPct: number; evidence: Record<string, unknown> } | { missing: string; evidence: Record<string, unknown> } {
  const cur = input.current;
  const known = input.history.find((h) => h.revision === cur.revision);
  const asOf = known?.occurredAt ?? input.submittedAt;
  const cutoff = Date.parse(asOf) - minMonths * MONTH_MS;
  const earlier = input.history
    .filter((h) => h.revision < cur.revision && h.occurredAt !== undefined && Date.parse(h.occurredAt) <= cutoff)
    .sort((a, b) => b.revision - a.revision)[0];
  const current = { revision: cur.revision, asOf, employees: cur.employees, revenueVnd: cur.revenueVnd };
  const c = metricOf(metric, cur);
  if (c.value === undefined) return { missing: c.why!, evidence: { current } };
  if (!earlier) {
    return {
      missing: `no registry figures from ${minMonths} or more months before revision ${cur.revision} (first year, or history not known): growth cannot be computed`,
      evidence: { current: { ...current, value: round2(c.value) }, revisionsKnown: input.history.length },
    };
  }
  const base = { revision: earlier.revision, asOf: earlier.occurredAt, employees: earlier.employees, revenueVnd: earlier.revenueVnd };
  const b = metricOf(metric, earlier);
  if (b.value === undefined) return { missing: b.why!, evidence: { current: { ...current, value: round2(c.value) }, base } };
  if (b.value === 0)
    return { missing: `the ${metric} at revision ${earlier.revision} is 0: growth from it is undefined`, evidence: { current, base } };
  const growthPct = round2(((c.value - b.value) / Math.abs(b.value)) * 100);
  return {
    growthPct,
    evidence: { metric, current: { ...current, value: round2(c.value) }, base: { ...base, value: round2(b.value) }, growthPct },
  };
}

function compute(comp: Exclude<Computation, { kind: 'panel' }>, input: ScoringInput): Outcome {
  switch (comp.kind) {
    case 'answer-number': {
      const v = input.answers[comp.answer];
      if (v === undefined || v === null) return { missing: `question ${comp.answer} was not answered`, evidence: { answer: comp.answer } };
      if (typeof v !== 'number' || !Number.isFinite(v))
        return { missing: `the answer to ${comp.answer} is not a number`, evidence: { answer: comp.answer, value: v } };
      const s = scoreByBands(v, comp.bands);
      return {
        points: s.points,
        evidence: { answer: comp.answer, value: v },
        reason: s.band ? `${comp.answer} = ${fmt(v)} (${s.band})` : `${comp.answer} = ${fmt(v)}, below every band`,
      };
    }
    case 'answer-choice': {
      const v = input.answers[comp.answer];
      if (v === undefined || v === null) return { missing: `question ${comp.answer} was not answered`, evidence: { answer: comp.answer } };
      if (typeof v !== 'string')
        return { missing: `the answer to ${comp.answer} is not one of its options`, evidence: { answer: comp.answer, value: v } };
      const p = comp.points[v];
      return {
        points: p ?? 0,
        evidence: { answer: comp.answer, value: v },
        reason: p === undefined ? `${comp.answer} = "${v}", an option this rubric gives no points` : `${comp.answer} = "${v}"`,
      };
    }
    case 'answer-boolean': {
      const v = input.answers[comp.answer];
      if (v === undefined || v === null) return { missing: `question ${comp.answer} was not answered`, evidence: { answer: comp.answer } };
      if (typeof v !== 'boolean')
        return { missing: `the answer to ${comp.answer} is not yes or no`, evidence: { answer: comp.answer, value: v } };
      return { points: v ? comp.yes : comp.no, evidence: { answer: comp.answer, value: v }, reason: `${comp.answer}: ${v ? 'yes' : 'no'}` };
    }
    case 'answer-share-of-revenue': {
      const v = input.answers[comp.answer];
      if (v === undefined || v === null) return { missing: `question ${comp.answer} was not answered`, evidence: { answer: comp.answer } };
      if (typeof v !== 'number' || !Number.isFinite(v))
        return { missing: `the answer to ${comp.answer} is not a number`, evidence: { answer: comp.answer, value: v } };
      const revenue = input.current.revenueVnd;
      const evidence = { answer: comp.answer, value: v, revenueVnd: revenue, registryRevision: input.current.revision };
      if (revenue <= 0)
        return { missing: `the registry reports no revenue at revision ${input.current.revision}: the share cannot be computed`, evidence };
      const pct = round2((v / revenue) * 100);
      const s = scoreByBands(pct, comp.bands);
      return {
        points: s.points,
        evidence: { ...evidence, sharePct: pct },
        reason: `${comp.answer} is ${fmt(pct)} % of revenue${s.band ? ` (${s.band} %)` : ', below every band'}`,
      };
    }
    case 'registry-growth': {
      const g = registryGrowth(comp.metric, comp.minMonthsBetween, input);
      if ('missing' in g) return g;
      const s = scoreByBands(g.growthPct, comp.bands);
      const what = comp.metric === 'labour-productivity' ? 'revenue per employee' : comp.metric;
      return {
        points: s.points,
        evidence: g.evidence,
        reason: `${what} changed ${g.growthPct >= 0 ? '+' : ''}${fmt(g.growthPct)} %${s.band ? ` (${s.band} %)` : ', below every band'}`,
      };
    }
  }
}

/** Score one criterion. A panel criterion waits for the reviewers. */
export function scoreCriterion(c: Criterion, input: ScoringInput): CriterionResult {
  const base = { id: c.id, name: c.name, group: c.group, source: sourceOf(c.computation), maxPoints: c.maxPoints };
  if (c.computation.kind === 'panel')
    return { ...base, points: null, status: 'awaiting-panel', evidence: {}, reason: 'scored by the review panel' };
  const o = compute(c.computation, input);
  if ('missing' in o) {
    return {
      ...base,
      points: c.whenMissing.points,
      status: 'missing',
      evidence: o.evidence,
      reason: `missing: ${o.missing}; the rubric scores missing data ${fmt(c.whenMissing.points)}`,
    };
  }
  const pts = Math.min(o.points, c.maxPoints);
  return { ...base, points: pts, status: 'scored', evidence: o.evidence, reason: `${o.reason}: ${fmt(pts)} of ${fmt(c.maxPoints)}` };
}

export const scoreAutomatic = (rubric: Pick<Rubric, 'criteria'>, input: ScoringInput): CriterionResult[] =>
  rubric.criteria.map((c) => scoreCriterion(c, input));
