/**
 * Progress against the year's approved plan: each target's actual — the value of its measures
 * (shared/reference/measures.ts) over its period, counted as its unit says — and, where a goal
 * applies, its percentage, the pace expected by now and whether it is on track. An annual target's
 * pace is its goal times the share of the year elapsed in Hanoi; a cumulative one's, the share of
 * its whole period (2026–2030) elapsed by the end of the year asked for.
 *
 * Whose goal: the plan's. The city's figures are judged against the target's goal; an agency's or
 * a commune's only against the allocation the plan gives it (an agency's or a commune's actual is
 * only part of the city's); where none is allocated the item has its actual and no goal. A year
 * without an approved plan shows the default targets (shared/reference/targets.ts) with their
 * actuals and no goal at all: no target figure lives in code.
 *
 * Units: enterprises, people and organisations are counted distinct — in the year for an annual
 * target, over the five-year period for a cumulative one (each counted in the year it first
 * counted, so the years add up); participations, events and publications are occurrences summed
 * over the period. A measure counted in enterprises named by a participations target gives its
 * occurrences (each grant, each attendance). People measures add the head counts of rows without a
 * person, kept apart: `byHeadCount` says how many of the actual they are.
 *
 * Projection (./projection.ts): each item's end-of-year (or end-of-period) figure with an 80 %
 * interval; `atRisk` where a goal applies and even the interval's top falls short of it.
 */
import type { ApprovedTarget, PeriodKind, TargetUnit } from '../../../shared/contracts/planning.ts';
import { isDistinctUnit, measureById } from '../../../shared/reference/measures.ts';
import { TARGETS } from '../../../shared/reference/targets.ts';
import { counters, schemePeriodOf } from './measures.ts';
import type { Projection } from './projection.ts';
import { elapsedFraction } from './time.ts';

export type KpiStatus = 'on-track' | 'behind' | 'met';

/** How a target stands against a goal. */
export interface KpiProgress {
  goal: number;
  pct: number;
  expectedByNow: number;
  status: KpiStatus;
  /** The projection's interval ends under the goal: even its 90th percentile falls short. Absent without a projection. */
  atRisk?: boolean;
}

export interface KpiPeriod {
  kind: PeriodKind;
  /** Years, `YYYY`. */
  from: string;
  to: string;
}

/** A target's actual; with {@link KpiProgress} where a goal applies to the scope asked for. */
export type KpiItem = {
  target: string;
  label: string;
  unit: TargetUnit;
  period: KpiPeriod;
  actual: number;
  /** People targets: how many of `actual` are head counts (attendance rows without a person, grants' head counts). */
  byHeadCount?: number;
  /** Where the target comes from (the plan's source), when a plan gives it. */
  source?: string;
  /** Where it will stand at the end of its year or period (./projection.ts); null: the year is over, not begun, or has no data. */
  projection: Projection | null;
} & (KpiProgress | { goal?: never; pct?: never; expectedByNow?: never; status?: never; atRisk?: never });

/** A target as the KPIs read it: the plan's, or a default one (no goal). */
export interface KpiTarget {
  id: string;
  name: { vi: string; en: string };
  unit: TargetUnit;
  period: KpiPeriod;
  measures: readonly string[];
  goal?: number;
  source?: string;
  allocations: readonly { agency?: string | undefined; commune?: string | undefined; goal: number }[];
}

/** The approved plan of a year as reporting keeps it. */
export interface ApprovedPlan {
  planId: string;
  year: number;
  version: number;
  approvedAt: string;
  approvedBy: string;
  targets: ApprovedTarget[];
}

/** The targets of a year: its approved plan's, or (none approved) the default targets, without goals. */
export function targetsOf(year: number, plan: ApprovedPlan | undefined): KpiTarget[] {
  if (plan) return plan.targets.map((t) => ({ ...t }));
  const scheme = schemePeriodOf(year);
  return TARGETS.map((t) => ({
    id: t.id,
    name: t.name,
    unit: t.unit,
    period:
      t.period === 'annual'
        ? { kind: 'annual', from: String(year), to: String(year) }
        : { kind: 'cumulative', from: String(scheme.from), to: String(scheme.to) },
    measures: t.measures,
    allocations: [],
  }));
}

/** The years whose counters add up to a target's actual for `year` (none before a cumulative period starts). */
export function yearsCounted(t: Pick<KpiTarget, 'period'>, year: number): number[] {
  if (t.period.kind === 'annual') return [year];
  const years: number[] = [];
  for (let y = Number(t.period.from); y <= Math.min(year, Number(t.period.to)); y++) years.push(y);
  return years;
}

/** A target's actual for `year` from the counters of the years it counts (`row(y)`: the scope's cell of year y). */
export function actualOf(
  t: Pick<KpiTarget, 'period' | 'measures' | 'unit'>,
  year: number,
  row: (y: number) => Record<string, number>,
): { actual: number; heads?: number } {
  let actual = 0;
  let heads: number | undefined;
  for (const id of new Set(t.measures)) {
    const measure = measureById(id);
    if (!measure) continue;
    const counter = counterOf(t, id, measure.unit, t.period.kind === 'cumulative');
    for (const y of yearsCounted(t, year)) {
      const cell = row(y);
      actual += cell[counter] ?? 0;
      if (measure.unit === 'people') {
        const h = cell[counters.heads(id)] ?? 0;
        actual += h;
        heads = (heads ?? 0) + h;
      }
    }
  }
  return heads === undefined ? { actual } : { actual, heads };
}

/**
 * The counter of one measure a target reads: every occurrence of a counted measure; of a distinct
 * one, its occurrences for a participations target, else its distinct count — over the five-year
 * period for a cumulative target (`overPeriod`).
 */
function counterOf(t: Pick<KpiTarget, 'unit'>, id: string, unit: TargetUnit, overPeriod: boolean): string {
  if (!isDistinctUnit(unit)) return counters.year(id);
  if (!isDistinctUnit(t.unit)) return counters.occurrences(id);
  return overPeriod ? counters.period(id) : counters.year(id);
}

/**
 * A target's count in one month cell (the city's, domain/measures.ts): what the projection learns
 * its seasonal profile from. A distinct measure counts distinct in the month, so an enterprise
 * supported in two months counts in both: the months give the shape of the activity, which the
 * projection scales to the target's own count.
 */
export function monthCountOf(t: Pick<KpiTarget, 'measures' | 'unit'>, cell: Record<string, number>): number {
  let n = 0;
  for (const id of new Set(t.measures)) {
    const measure = measureById(id);
    if (!measure) continue;
    n += cell[counterOf(t, id, measure.unit, false)] ?? 0;
    if (measure.unit === 'people') n += cell[counters.heads(id)] ?? 0;
  }
  return n;
}

/** The goal of a target for one agency or one commune: the plan's allocations to it (summed), or none. */
export function allocatedGoal(t: Pick<KpiTarget, 'allocations'>, scope: { dim: string; value: string }): number | undefined {
  const matching = t.allocations.filter((a) =>
    scope.dim === 'agency' ? a.agency === scope.value && a.commune === undefined : scope.dim === 'commune' && a.commune === scope.value,
  );
  return matching.length ? matching.reduce((n, a) => n + a.goal, 0) : undefined;
}

/** Where `actual` stands against `goal` for `year`, as of `now`. */
export function progress(t: Pick<KpiTarget, 'period'>, year: number, actual: number, goal: number, now: Date): KpiProgress {
  const annual = t.period.kind === 'annual';
  const window = annual ? { from: `${year}-01-01`, to: `${year}-12-31` } : { from: `${t.period.from}-01-01`, to: `${t.period.to}-12-31` };
  // A past year's pace is its share (all of an annual goal); a future year's, nothing yet.
  const end = Math.min(year, Number(t.period.to));
  const at = annual ? now : new Date(Math.min(now.getTime(), Date.parse(`${end}-12-31T23:59:59+07:00`)));
  const expectedByNow = Math.round(goal * elapsedFraction(window.from, window.to, at));
  const status: KpiStatus = actual >= goal ? 'met' : actual >= expectedByNow ? 'on-track' : 'behind';
  return { goal, pct: goal > 0 ? Math.round((actual / goal) * 1000) / 10 : 100, expectedByNow, status };
}

/** A target's item: its actual, and its progress when `goal` is given. */
export function kpiItem(
  t: KpiTarget,
  year: number,
  counted: { actual: number; heads?: number },
  now: Date,
  goal: number | undefined,
  label: string,
  projection: Projection | null = null,
): KpiItem {
  const base = {
    target: t.id,
    label,
    unit: t.unit,
    period: t.period,
    actual: counted.actual,
    ...(counted.heads !== undefined ? { byHeadCount: counted.heads } : {}),
    ...(t.source ? { source: t.source } : {}),
    projection,
  };
  if (goal === undefined) return base;
  return { ...base, ...progress(t, year, counted.actual, goal, now), ...(projection ? { atRisk: projection.high < goal } : {}) };
}
