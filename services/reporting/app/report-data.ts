/**
 * What a report shows, read from the counters only. Every read is a query of one dimension's
 * cells in one year, so the cost follows the dimensions shown (12 months, 126 communes, 21
 * sections, the agencies, the programmes, the due days), never the number of events behind them.
 */
import { communeByCode } from '../../../shared/reference/hanoi-communes.ts';
import { ALL, funnelMeasure, M, PERIOD, type FunnelStep } from '../domain/measures.ts';
import { FUNNEL_STEPS } from '../../../shared/contracts/matching.ts';
import { anonymise, MIN_ENTERPRISES, type OpenDataCell, type OpenDataTable } from '../domain/open-data.ts';
import type { Breakdown, FileCounts, Range, ReportData, ReportJob } from '../domain/report.ts';
import { communeLabel, measureLabel, sectionLabel, sizeLabel } from '../domain/i18n.ts';
import { addDays, hanoiDate, yearOf } from '../../../shared/time/hanoi.ts';
import { kpisFor, scopeOf } from './kpis.ts';
import type { AggregateStore, CellRow, PlanAllocations } from './ports.ts';

/** Measures shown in breakdowns and trends. */
export const BREAKDOWN_MEASURES = [
  M.received,
  M.completed,
  M.grants,
  M.supportVnd,
  M.supportedSmes,
  M.newEnterprises,
  M.householdConversions,
  M.workersTrained,
  M.ceosTrained,
  funnelMeasure('proposed'),
  funnelMeasure('contracted'),
  M.fairMeetings,
] as const;

const pick = (m: Record<string, number>, keys: readonly string[]): Record<string, number> =>
  Object.fromEntries(keys.map((k) => [k, m[k] ?? 0]));

const sumInto = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
};

const zeroFiles = (): FileCounts => ({ received: 0, completed: 0, completedOnTime: 0, pending: 0, overdue: 0 });

/**
 * Administrative files (the city's weekly figures): received, completed and completed on time in
 * the range, from the per-day-and-agency cells; pending and overdue as of today, from the open
 * applications by due day (submitted +1, decided −1), summed over due days before today.
 */
export async function fileCounts(store: AggregateStore, range: Range, today: string, agency?: string): Promise<ReportData['files']> {
  const byAgency = new Map<string, FileCounts>();
  const of = (a: string) => byAgency.get(a) ?? byAgency.set(a, zeroFiles()).get(a)!;
  // A week may run into the next year: each year's cells hold their own days.
  const spanned: number[] = [];
  for (let y = yearOf(range.from); y <= yearOf(range.to); y++) spanned.push(y);
  const dayRows = (
    await Promise.all(spanned.map((y) => store.cells(y, 'day-agency', { from: `${range.from}#`, to: `${range.to}#` })))
  ).flat();
  for (const row of dayRows) {
    const a = row.value.slice(11);
    const f = of(a);
    f.received += row.measures[M.received] ?? 0;
    f.completed += row.measures[M.completed] ?? 0;
    f.completedOnTime += row.measures[M.completedOnTime] ?? 0;
  }
  // Due dates run from the scheme's first year to next year at most (processing takes weeks).
  const years: number[] = [];
  for (let y = PERIOD.from; y <= yearOf(today) + 1; y++) years.push(y);
  const dueRows = (await Promise.all(years.map((y) => store.cells(y, 'due')))).flat();
  for (const row of dueRows) {
    const open = row.measures[M.open] ?? 0;
    if (open === 0) continue;
    const f = of(row.value.slice(11));
    f.pending += open;
    if (row.value.slice(0, 10) < today) f.overdue += open;
  }
  const rows = [...byAgency.entries()].filter(([a]) => !agency || a === agency).sort(([a], [b]) => a.localeCompare(b));
  const total = rows.reduce((t, [, f]) => {
    for (const k of Object.keys(t) as (keyof FileCounts)[]) t[k] += f[k];
    return t;
  }, zeroFiles());
  return { total, byAgency: rows.map(([a, f]) => ({ agency: a, ...f })) };
}

const breakdown = (rows: CellRow[], label: (r: CellRow) => string): Breakdown[] =>
  rows
    .map((r) => ({ key: r.value, label: label(r), values: pick(r.measures, BREAKDOWN_MEASURES) }))
    .sort((a, b) => a.key.localeCompare(b.key));

export async function progressData(
  deps: { store: AggregateStore; allocations: PlanAllocations },
  job: ReportJob,
  now: Date,
): Promise<ReportData> {
  const { store } = deps;
  // The year the period ends in (a week from 29 Dec to 4 Jan reports on the new year's targets).
  const year = yearOf(job.to);
  const lang = job.language;
  const today = hanoiDate(now.toISOString());
  const scope = scopeOf({ agency: job.agency });
  const [kpis, files, months, communes, sections, agencies, programmes, categories, sizes] = await Promise.all([
    kpisFor(deps, year, scope, now, lang),
    fileCounts(store, job, today, job.agency),
    store.cells(year, 'month'),
    store.cells(year, 'commune'),
    store.cells(year, 'section'),
    store.cells(year, 'agency'),
    store.cells(year, 'programme'),
    store.cells(year, 'category'),
    store.cells(year, 'size'),
  ]);
  // Period totals: whole months from the month cells; a week (or part of a month) only has the
  // file counts, which are kept per day.
  const inRange = months.filter((r) => r.value >= job.from.slice(0, 7) && r.value <= job.to.slice(0, 7));
  const wholeMonths = job.from.endsWith('-01') && addDays(job.to, 1).endsWith('-01');
  const totals =
    wholeMonths && !job.agency
      ? inRange.reduce((t, r) => sumInto(t, pick(r.measures, BREAKDOWN_MEASURES)), {} as Record<string, number>)
      : {};
  totals[M.received] = files.total.received;
  totals[M.completed] = files.total.completed;
  totals[M.completedOnTime] = files.total.completedOnTime;
  const trend: Breakdown[] = [];
  for (let m = 1; m <= 12; m++) {
    const key = `${year}-${String(m).padStart(2, '0')}`;
    trend.push({ key, label: key, values: pick(months.find((r) => r.value === key)?.measures ?? {}, BREAKDOWN_MEASURES) });
  }
  // The supporting-industry funnel, year to date: how many matches reached each step.
  const [city] = await store.cells(year, 'all', { from: ALL, to: ALL });
  const funnel = FUNNEL_STEPS.map((step: FunnelStep) => ({
    key: step,
    label: measureLabel(funnelMeasure(step), lang),
    values: { [funnelMeasure(step)]: city?.measures[funnelMeasure(step)] ?? 0 },
  }));
  return {
    id: job.id,
    kind: 'progress',
    period: job.period,
    from: job.from,
    to: job.to,
    year,
    language: lang,
    scope: job.agency ? { agency: job.agency } : {},
    generatedAt: now.toISOString(),
    kpis,
    files,
    totals,
    trend,
    byCommune: breakdown(communes, (r) => communeLabel(r.value, lang)),
    bySection: breakdown(sections, (r) => sectionLabel(r.value, lang)),
    byAgency: breakdown(agencies, (r) => r.value),
    byProgramme: breakdown(programmes, (r) => r.label ?? r.value),
    byCategory: breakdown(categories, (r) => r.value),
    bySize: breakdown(sizes, (r) => sizeLabel(r.value, lang)),
    funnel,
  };
}

/** Measures published as open data; each is a count of distinct enterprises. */
export const OPEN_DATA_MEASURES = [M.newEnterprises, M.householdConversions, M.supportedSmes] as const;

/** The quarter's cells (commune × section), anonymised. */
export async function openDataTable(store: AggregateStore, year: number, quarter: number): Promise<OpenDataTable> {
  const rows = await store.cells(year, 'quarter-cell', { from: `Q${quarter}#`, to: `Q${quarter}#` });
  // Published data names only Hanoi's communes: a counter keyed by anything else (data that reached
  // the events without the registry's checks) is left out rather than published as a commune.
  const known = rows.filter((r) => communeByCode(r.value.split('#')[1] ?? '') !== undefined);
  const cells: OpenDataCell[] = known.map((r) => {
    const [, commune = '', section = ''] = r.value.split('#');
    return { commune, section, values: pick(r.measures, OPEN_DATA_MEASURES) };
  });
  // What is withheld, and what else to protect it (domain/open-data.ts), is decided on these figures alone.
  return anonymise(cells, OPEN_DATA_MEASURES, MIN_ENTERPRISES);
}
