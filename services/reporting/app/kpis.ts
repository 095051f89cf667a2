/**
 * `GET /kpis`: each target of the year's approved plan with its actual for the city, one agency or
 * one commune; against the target's goal for the city, against the plan's allocation for an agency
 * or a commune (none: no goal). A year without an approved plan: the default targets' actuals, no
 * goals. Each item with its projection to the end of its year or period (domain/projection.ts),
 * from the seasonal profile of earlier years' months.
 */
import { decide, type Actor } from '../../../shared/access/policy.ts';
import { ForbiddenError, ValidationError } from '../../../shared/errors.ts';
import { actualOf, allocatedGoal, kpiItem, monthCountOf, targetsOf, yearsCounted, type KpiItem } from '../domain/kpis.ts';
import { monthsElapsed, profileFrom, projectTarget } from '../domain/projection.ts';
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

/** How many earlier years' months the seasonal profile is learnt from. */
export const PROFILE_YEARS = 3;

/**
 * The city's month cells of the years before `year` (up to {@link PROFILE_YEARS}), each as 12
 * months of counters: what each target's seasonal profile is learnt from. None read when `year`
 * is not running at `now` (nothing to project). An agency's or a commune's projection uses the
 * city's profile: months are counted for the city only.
 */
async function earlierMonths(
  store: AggregateStore,
  year: number,
  now: Date,
): Promise<{ year: number; months: Record<string, number>[] }[]> {
  const elapsed = monthsElapsed(year, now);
  if (elapsed <= 0 || elapsed >= 12) return [];
  const years = Array.from({ length: PROFILE_YEARS }, (_, k) => year - 1 - k);
  return Promise.all(
    years.map(async (y) => {
      const rows = await store.cells(y, 'month', { from: `${y}-01`, to: `${y}-12` });
      const byMonth = new Map(rows.map((r) => [r.value, r.measures]));
      return { year: y, months: Array.from({ length: 12 }, (_, m) => byMonth.get(`${y}-${String(m + 1).padStart(2, '0')}`) ?? {}) };
    }),
  );
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
  const history = await earlierMonths(deps.store, year, now);
  // A year without data projects nothing: no counter at all in the scope's cell of the year.
  const hasData = Object.values(rows.get(year) ?? {}).some((v) => v !== 0);
  const items = targets.map((t) => {
    const counted = actualOf(t, year, (y) => rows.get(y) ?? {});
    const profile = profileFrom(history.map((h) => ({ year: h.year, months: h.months.map((cell) => monthCountOf(t, cell)) })));
    return kpiItem(
      t,
      year,
      counted,
      now,
      scope.dim === 'all' ? t.goal : allocatedGoal(t, scope),
      t.name[language],
      projectTarget(t.period, year, now, counted.actual, profile, hasData),
    );
  });
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
