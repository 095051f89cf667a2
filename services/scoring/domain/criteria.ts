/**
 * Automatic scoring: each criterion a rubric computes from the applicant's answers or from the
 * registry figures, with the evidence it used and the reason for its points. A value that is not
 * there (not answered, zero employees, no figures old enough to compare) scores what the rubric
 * says for missing data and is marked missing: nothing is guessed or carried over from elsewhere.
 */
import { formatNumber, type Localized } from '../../../shared/i18n/localized.ts';
import { type MessageKey, say } from '../../../shared/i18n/messages.ts';
import { nameString, nameText, sourceOf, type Band, type Computation, type Criterion, type Rubric, type Source } from './rubric.ts';

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
  /** The criterion's name in both languages (results stored before it was kept have none). */
  nameText?: Localized;
  group: 'general' | 'priority';
  source: Source;
  maxPoints: number;
  /** Null until the panel has scored it. */
  points: number | null;
  status: CriterionStatus;
  evidence: Record<string, unknown>;
  reason: string;
  /** The reason in both languages; `reason` is its English (results stored before it was kept have none). */
  reasonText?: Localized;
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
  | { points: number; evidence: Record<string, unknown>; reason: Localized }
  | { missing: Localized; evidence: Record<string, unknown> };

/** A change in percent with its sign, as each language writes the number. */
const signed = (n: number): Localized => {
  const sign = n >= 0 ? '+' : '';
  return { vi: sign + formatNumber(n, 'vi'), en: sign + formatNumber(n, 'en') };
};

const MONTH_MS = 30.4375 * 24 * 3600 * 1000;

type Metric = 'labour-productivity' | 'revenue' | 'employees';
const metricWord = (m: Metric) => say(`metric.${m}` satisfies MessageKey);

function metricOf(metric: Metric, f: Figures): { value?: number; why?: Localized } {
  if (metric === 'revenue') return { value: f.revenueVnd };
  if (metric === 'employees') return { value: f.employees };
  if (f.employees <= 0) return { why: say('score.noEmployees', { employees: f.employees, revision: f.revision }) };
  return { value: f.revenueVnd / f.employees };
}

/**
 * Growth of a registry metric: the figures the application was judged on against the latest
 * earlier revision at least `minMonths` older. Its date is the registry's date of the judged
 * revision where scoring has it, else the submission date (the latest it can be).
 */
export function registryGrowth(
  metric: Metric,
  minMonths: number,
  input: Pick<ScoringInput, 'current' | 'history' | 'submittedAt'>,
): { growthPct: number; evidence: Record<string, unknown> } | { missing: Localized; evidence: Record<string, unknown> } {
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
      missing: say('score.noHistory', { months: minMonths, revision: cur.revision }),
      evidence: { current: { ...current, value: round2(c.value) }, revisionsKnown: input.history.length },
    };
  }
  const base = { revision: earlier.revision, asOf: earlier.occurredAt, employees: earlier.employees, revenueVnd: earlier.revenueVnd };
  const b = metricOf(metric, earlier);
  if (b.value === undefined) return { missing: b.why!, evidence: { current: { ...current, value: round2(c.value) }, base } };
  if (b.value === 0)
    return { missing: say('score.zeroBase', { metric: metricWord(metric), revision: earlier.revision }), evidence: { current, base } };
  const growthPct = round2(((c.value - b.value) / Math.abs(b.value)) * 100);
  return {
    growthPct,
    evidence: { metric, current: { ...current, value: round2(c.value) }, base: { ...base, value: round2(b.value) }, growthPct },
  };
}

function compute(comp: Exclude<Computation, { kind: 'panel' }>, input: ScoringInput): Outcome {
  const answer = 'answer' in comp ? comp.answer : '';
  const unanswered = { missing: say('score.unanswered', { answer }), evidence: { answer } };
  switch (comp.kind) {
    case 'answer-number': {
      const v = input.answers[comp.answer];
      if (v === undefined || v === null) return unanswered;
      if (typeof v !== 'number' || !Number.isFinite(v))
        return { missing: say('score.notNumber', { answer }), evidence: { answer, value: v } };
      const s = scoreByBands(v, comp.bands);
      return {
        points: s.points,
        evidence: { answer, value: v },
        reason: s.band ? say('score.numberInBand', { answer, value: v, band: s.band }) : say('score.numberBelow', { answer, value: v }),
      };
    }
    case 'answer-choice': {
      const v = input.answers[comp.answer];
      if (v === undefined || v === null) return unanswered;
      if (typeof v !== 'string') return { missing: say('score.notOption', { answer }), evidence: { answer, value: v } };
      const p = comp.points[v];
      return {
        points: p ?? 0,
        evidence: { answer, value: v },
        reason: p === undefined ? say('score.choiceUnlisted', { answer, value: v }) : say('score.choice', { answer, value: v }),
      };
    }
    case 'answer-boolean': {
      const v = input.answers[comp.answer];
      if (v === undefined || v === null) return unanswered;
      if (typeof v !== 'boolean') return { missing: say('score.notBoolean', { answer }), evidence: { answer, value: v } };
      const value = say(v ? 'word.yes' : 'word.no');
      return { points: v ? comp.yes : comp.no, evidence: { answer, value: v }, reason: say('score.boolean', { answer, value }) };
    }
    case 'answer-share-of-revenue': {
      const v = input.answers[comp.answer];
      if (v === undefined || v === null) return unanswered;
      if (typeof v !== 'number' || !Number.isFinite(v))
        return { missing: say('score.notNumber', { answer }), evidence: { answer, value: v } };
      const revenue = input.current.revenueVnd;
      const evidence = { answer, value: v, revenueVnd: revenue, registryRevision: input.current.revision };
      if (revenue <= 0) return { missing: say('score.noRevenue', { revision: input.current.revision }), evidence };
      const pct = round2((v / revenue) * 100);
      const s = scoreByBands(pct, comp.bands);
      return {
        points: s.points,
        evidence: { ...evidence, sharePct: pct },
        reason: s.band ? say('score.shareInBand', { answer, pct, band: s.band }) : say('score.shareBelow', { answer, pct }),
      };
    }
    case 'registry-growth': {
      const g = registryGrowth(comp.metric, comp.minMonthsBetween, input);
      if ('missing' in g) return g;
      const s = scoreByBands(g.growthPct, comp.bands);
      const metric = metricWord(comp.metric);
      const change = signed(g.growthPct);
      return {
        points: s.points,
        evidence: g.evidence,
        reason: s.band ? say('score.growthInBand', { metric, change, band: s.band }) : say('score.growthBelow', { metric, change }),
      };
    }
  }
}

/** A result's reason in both languages; `reason` keeps the English, as it always has. */
export const withReason = (text: Localized) => ({ reason: text.en, reasonText: text });

/** Score one criterion. A panel criterion waits for the reviewers. */
export function scoreCriterion(c: Criterion, input: ScoringInput): CriterionResult {
  const base = {
    id: c.id,
    name: nameString(c.name),
    nameText: nameText(c.name),
    group: c.group,
    source: sourceOf(c.computation),
    maxPoints: c.maxPoints,
  };
  if (c.computation.kind === 'panel')
    return { ...base, points: null, status: 'awaiting-panel', evidence: {}, ...withReason(say('score.awaitingPanel')) };
  const o = compute(c.computation, input);
  if ('missing' in o) {
    return {
      ...base,
      points: c.whenMissing.points,
      status: 'missing',
      evidence: o.evidence,
      ...withReason(say('score.missing', { why: o.missing, points: c.whenMissing.points })),
    };
  }
  const pts = Math.min(o.points, c.maxPoints);
  return {
    ...base,
    points: pts,
    status: 'scored',
    evidence: o.evidence,
    ...withReason(say('score.scored', { detail: o.reason, points: pts, max: c.maxPoints })),
  };
}

export const scoreAutomatic = (rubric: Pick<Rubric, 'criteria'>, input: ScoringInput): CriterionResult[] =>
  rubric.criteria.map((c) => scoreCriterion(c, input));
