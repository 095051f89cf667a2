/**
 * Progress against the city's targets (domain.md §1, shared/reference/targets.ts): each target's
 * actual, and where a goal applies, its percentage, the pace expected by now, and whether it is on
 * track. A yearly target's pace is its goal times the share of the year elapsed in Hanoi; a
 * 2026–2030 target's, the share of the whole period.
 *
 * Whose goal: the city's figures are the city's goals. An agency's or a commune's actual is only
 * part of the city's, so it is judged only against the goal the plan allocates to that agency or
 * commune ({@link Allocations}); where the plan allocates none, the item has its actual and no
 * goal (never the whole city's goal, which made every commune "behind").
 */
import { TARGETS, type TargetDefinition } from '../../../shared/reference/targets.ts';
import { PERIOD } from './measures.ts';
import { elapsedFraction } from './time.ts';

export type KpiStatus = 'on-track' | 'behind' | 'met';

/** How a target stands against a goal. */
export interface KpiProgress {
  goal: number;
  pct: number;
  expectedByNow: number;
  status: KpiStatus;
}

/** A target's actual; with {@link KpiProgress} where a goal applies to the scope asked for. */
export type KpiItem = {
  target: string;
  label: string;
  unit: TargetDefinition['unit'];
  per: TargetDefinition['per'];
  actual: number;
} & (KpiProgress | { goal?: never; pct?: never; expectedByNow?: never; status?: never });

/**
 * The goals a year's plan allocates to one agency or one commune: target id → goal. A target
 * missing from it has no goal in that scope. (Plans come with issue 19; until then no scope below
 * the city has any.)
 */
export type Allocations = ReadonlyMap<string, number>;

export const NO_ALLOCATIONS: Allocations = new Map();

/** The years whose counters add up to a target's actual for `year`. */
export function yearsCounted(target: TargetDefinition, year: number): number[] {
  if (target.per === 'year') return [year];
  const years: number[] = [];
  for (let y = PERIOD.from; y <= Math.min(year, PERIOD.to); y++) years.push(y);
  return years;
}

/** Where `actual` stands against `goal` for `year`, as of `now`. */
export function progress(target: TargetDefinition, year: number, actual: number, goal: number, now: Date): KpiProgress {
  const window =
    target.per === 'year' ? { from: `${year}-01-01`, to: `${year}-12-31` } : { from: `${PERIOD.from}-01-01`, to: `${PERIOD.to}-12-31` };
  // A past year's pace is the whole goal; a future year's, nothing yet.
  const at =
    target.per === 'year' ? now : new Date(Math.min(now.getTime(), Date.parse(`${Math.min(year, PERIOD.to)}-12-31T23:59:59+07:00`)));
  const expectedByNow = Math.round(goal * elapsedFraction(window.from, window.to, at));
  const status: KpiStatus = actual >= goal ? 'met' : actual >= expectedByNow ? 'on-track' : 'behind';
  return { goal, pct: goal > 0 ? Math.round((actual / goal) * 1000) / 10 : 100, expectedByNow, status };
}

/** A target's item: its actual, and its progress when `goal` is given. */
export function kpiItem(
  target: TargetDefinition,
  year: number,
  actual: number,
  now: Date,
  goal: number | undefined,
  label = target.name,
): KpiItem {
  const base = { target: target.id, label, unit: target.unit, per: target.per, actual };
  return goal === undefined ? base : { ...base, ...progress(target, year, actual, goal, now) };
}

export function kpiItems(
  year: number,
  actualOf: (target: TargetDefinition) => number,
  now: Date,
  goalOf: (target: TargetDefinition) => number | undefined,
  labelOf?: (t: TargetDefinition) => string,
): KpiItem[] {
  return TARGETS.map((t) => kpiItem(t, year, actualOf(t), now, goalOf(t), labelOf?.(t)));
}
