/**
 * Progress against the city's targets (domain.md §1, shared/reference/targets.ts): each target's
 * actual, its percentage, the pace expected by now, and whether it is on track. A yearly target's
 * pace is its figure times the share of the year elapsed in Hanoi; a 2026–2030 target's, the share
 * of the whole period.
 */
import { TARGETS, type TargetDefinition } from '../../../shared/reference/targets.ts';
import { PERIOD } from './measures.ts';
import { elapsedFraction } from './time.ts';

export type KpiStatus = 'on-track' | 'behind' | 'met';

export interface KpiItem {
  target: string;
  label: string;
  unit: TargetDefinition['unit'];
  per: TargetDefinition['per'];
  goal: number;
  actual: number;
  pct: number;
  expectedByNow: number;
  status: KpiStatus;
}

/** The years whose counters add up to a target's actual for `year`. */
export function yearsCounted(target: TargetDefinition, year: number): number[] {
  if (target.per === 'year') return [year];
  const years: number[] = [];
  for (let y = PERIOD.from; y <= Math.min(year, PERIOD.to); y++) years.push(y);
  return years;
}

export function kpiItem(target: TargetDefinition, year: number, actual: number, now: Date, label = target.name): KpiItem {
  const window =
    target.per === 'year' ? { from: `${year}-01-01`, to: `${year}-12-31` } : { from: `${PERIOD.from}-01-01`, to: `${PERIOD.to}-12-31` };
  // A past year's pace is the whole goal; a future year's, nothing yet.
  const at =
    target.per === 'year' ? now : new Date(Math.min(now.getTime(), Date.parse(`${Math.min(year, PERIOD.to)}-12-31T23:59:59+07:00`)));
  const expectedByNow = Math.round(target.figure * elapsedFraction(window.from, window.to, at));
  const status: KpiStatus = actual >= target.figure ? 'met' : actual >= expectedByNow ? 'on-track' : 'behind';
  return {
    target: target.id,
    label,
    unit: target.unit,
    per: target.per,
    goal: target.figure,
    actual,
    pct: Math.round((actual / target.figure) * 1000) / 10,
    expectedByNow,
    status,
  };
}

export function kpiItems(
  year: number,
  actualOf: (target: TargetDefinition) => number,
  now: Date,
  labelOf?: (t: TargetDefinition) => string,
): KpiItem[] {
  return TARGETS.map((t) => kpiItem(t, year, actualOf(t), now, labelOf?.(t)));
}
