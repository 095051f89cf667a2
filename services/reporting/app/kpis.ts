/**
 * `GET /kpis`: each city target's actual for the city, one agency or one commune; against the
 * city's goal for the city, against the plan's allocation for an agency or a commune (none: no goal).
 */
import { decide, type Actor } from '../../../shared/access/policy.ts';
import { ForbiddenError, ValidationError } from '../../../shared/errors.ts';
import { TARGETS, type TargetDefinition } from '../../../shared/reference/targets.ts';
import { kpiItems, yearsCounted, type Allocations, type KpiItem } from '../domain/kpis.ts';
import { ALL, targetMeasure, type Dimension } from '../domain/measures.ts';
import type { Language } from '../domain/report.ts';
import { targetLabel } from '../domain/i18n.ts';
import type { AggregateStore, PlanAllocations } from './ports.ts';

export interface KpiQuery {
  year: number;
  agency?: string | undefined;
  commune?: string | undefined;
  language?: Language | undefined;
}

export interface Scope {
  dim: Dimension;
  value: string;
}

export const scopeOf = (q: { agency?: string | undefined; commune?: string | undefined }): Scope =>
  q.agency ? { dim: 'agency', value: q.agency } : q.commune ? { dim: 'commune', value: q.commune } : { dim: 'all', value: ALL };

/** Sum each target's measure over the years it counts (one cell read per year). */
export async function targetActuals(store: AggregateStore, year: number, scope: Scope): Promise<Map<string, number>> {
  const years = [...new Set(TARGETS.flatMap((t) => yearsCounted(t, year)))];
  const byYear = new Map<number, Record<string, number>>();
  await Promise.all(
    years.map(async (y) => {
      const [row] = await store.cells(y, scope.dim, { from: scope.value, to: scope.value });
      byYear.set(y, row?.value === scope.value ? row.measures : {});
    }),
  );
  return new Map(TARGETS.map((t) => [t.id, yearsCounted(t, year).reduce((n, y) => n + (byYear.get(y)?.[targetMeasure(t.id)] ?? 0), 0)]));
}

/**
 * The goal of a target in a scope: the city's figure for the city; for an agency or a commune only
 * what the plan allocates to it (a part of the city's actual is not judged against the whole goal).
 */
export function goalIn(scope: Scope, allocations: Allocations) {
  return (t: TargetDefinition): number | undefined => (scope.dim === 'all' ? t.figure : allocations.get(t.id));
}

export async function kpisFor(
  deps: { store: AggregateStore; allocations: PlanAllocations },
  year: number,
  scope: Scope,
  now: Date,
  language: Language,
): Promise<KpiItem[]> {
  const [actuals, allocations] = await Promise.all([
    targetActuals(deps.store, year, scope),
    scope.dim === 'all' ? undefined : deps.allocations.goalsFor(year, scope),
  ]);
  return kpiItems(
    year,
    (t) => actuals.get(t.id) ?? 0,
    now,
    goalIn(scope, allocations ?? new Map()),
    (t) => targetLabel(t.id, language),
  );
}

export async function getKpis(
  deps: { store: AggregateStore; allocations: PlanAllocations; now: () => Date },
  actor: Actor,
  query: KpiQuery,
) {
  if (query.agency && query.commune) {
    throw new ValidationError('Filter by agency or by commune, not both', {
      errors: [{ path: 'query.commune', message: 'give agency or commune, not both' }],
    });
  }
  // A commune committee sees its own commune: that is its default, and the only one it may ask for.
  const commune = query.commune ?? (query.agency ? undefined : actor.commune);
  const allowed = decide(actor, 'kpi', 'read', { communeCode: commune });
  if (!allowed.allowed)
    throw new ForbiddenError('A commune committee sees the figures of its own commune only', {
      errors: [{ path: 'query.commune', message: `must be ${actor.commune ?? 'absent'}` }],
    });
  const now = deps.now();
  const items = await kpisFor(deps, query.year, scopeOf({ agency: query.agency, commune }), now, query.language ?? 'en');
  return {
    year: query.year,
    asOf: now.toISOString(),
    ...(query.agency ? { agency: query.agency } : {}),
    ...(commune ? { commune } : {}),
    items,
  };
}
