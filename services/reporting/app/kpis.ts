/**
 * `GET /kpis`: each target of the year's approved plan with its actual for the city, one agency or
 * one commune; against the target's goal for the city, against the plan's allocation for an agency
 * or a commune (none: no goal). A year without an approved plan: the default targets' actuals, no
 * goals.
 */
import { decide, type Actor } from '../../../shared/access/policy.ts';
import { ForbiddenError, ValidationError } from '../../../shared/errors.ts';
import { actualOf, allocatedGoal, kpiItem, targetsOf, yearsCounted, type KpiItem } from '../domain/kpis.ts';
import { ALL, type Dimension } from '../domain/measures.ts';
import type { Language } from '../domain/report.ts';
import type { AggregateStore, PlanStore } from './ports.ts';

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

/** The plan a KPI answer was judged against (absent: no approved plan for the year). */
export interface PlanRef {
  id: string;
  version: number;
  approvedAt: string;
}

export interface Kpis {
  items: KpiItem[];
  plan: PlanRef | null;
}

export async function kpisFor(
  deps: { store: AggregateStore; plans: Pick<PlanStore, 'approved'> },
  year: number,
  scope: Scope,
  now: Date,
  language: Language,
): Promise<Kpis> {
  const plan = await deps.plans.approved(year);
  const targets = targetsOf(year, plan);
  // One cell read per year any target counts (a cumulative target: each year of its period so far).
  const years = [...new Set(targets.flatMap((t) => yearsCounted(t, year)))];
  const rows = new Map<number, Record<string, number>>();
  await Promise.all(
    years.map(async (y) => {
      const [row] = await deps.store.cells(y, scope.dim, { from: scope.value, to: scope.value });
      rows.set(y, row?.value === scope.value ? row.measures : {});
    }),
  );
  const items = targets.map((t) =>
    kpiItem(
      t,
      year,
      actualOf(t, year, (y) => rows.get(y) ?? {}),
      now,
      scope.dim === 'all' ? t.goal : allocatedGoal(t, scope),
      t.name[language],
    ),
  );
  return { items, plan: plan ? { id: plan.planId, version: plan.version, approvedAt: plan.approvedAt } : null };
}

export async function getKpis(
  deps: { store: AggregateStore; plans: Pick<PlanStore, 'approved'>; now: () => Date },
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
  const { items, plan } = await kpisFor(deps, query.year, scopeOf({ agency: query.agency, commune }), now, query.language ?? 'en');
  return {
    year: query.year,
    asOf: now.toISOString(),
    ...(query.agency ? { agency: query.agency } : {}),
    ...(commune ? { commune } : {}),
    plan,
    items,
  };
}
