/** Report jobs and the period each covers. */
import { addDays, hanoiDate, isoWeekday } from '../../../shared/time/hanoi.ts';
import type { KpiItem } from './kpis.ts';

/** The approved plan a report's targets come from (null: none approved for the year, so no goals). */
export interface ReportPlan {
  id: string;
  version: number;
  approvedAt: string;
}

export const PERIODS = ['weekly', 'monthly', 'quarterly', 'annual'] as const;
export type Period = (typeof PERIODS)[number];
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const KINDS = ['progress', 'open-data'] as const;
export type ReportKind = (typeof KINDS)[number];
export const FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];
export type JobStatus = 'running' | 'done' | 'failed';

export interface Range {
  from: string;
  to: string;
}

export interface ReportFile {
  format: Format | 'schema';
  key: string;
  bytes: number;
  contentType: string;
  fileName: string;
}

export interface ReportJob {
  id: string;
  kind: ReportKind;
  period: Period;
  from: string;
  to: string;
  language: Language;
  /** Narrowed to one agency's or one commune's figures; absent: the whole city. */
  agency?: string | undefined;
  commune?: string | undefined;
  trigger: 'schedule' | 'request';
  requestedBy: string;
  /** The requester's agency (scheduled reports: the coordinator). */
  requestedByAgency: string;
  status: JobStatus;
  createdAt: string;
  finishedAt?: string;
  files: ReportFile[];
  error?: string;
}

/** The period that contains `date` (Hanoi). */
export function periodContaining(period: Period, date: string): Range {
  const y = date.slice(0, 4);
  const m = Number(date.slice(5, 7));
  switch (period) {
    case 'weekly': {
      const from = addDays(date, 1 - isoWeekday(date));
      return { from, to: addDays(from, 6) };
    }
    case 'monthly':
      return { from: `${y}-${String(m).padStart(2, '0')}-01`, to: addDays(nextMonth(Number(y), m), -1) };
    case 'quarterly': {
      const first = Math.floor((m - 1) / 3) * 3 + 1;
      return { from: `${y}-${String(first).padStart(2, '0')}-01`, to: addDays(nextMonth(Number(y), first + 2), -1) };
    }
    case 'annual':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
  }
}

const nextMonth = (y: number, m: number): string => (m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`);

/** A schedule reports the last complete period before it runs (Monday 07:00 → the week before). */
export function previousPeriod(period: Period, now: Date): Range {
  const current = periodContaining(period, hanoiDate(now.toISOString()));
  return periodContaining(period, addDays(current.from, -1));
}

/**
 * Reports cover one calendar year at most (the counters are per year), except a week, which may
 * run into the next one (its file counts are kept per day).
 */
export function checkRange(r: Range, period: Period): string | undefined {
  if (r.from > r.to) return 'from must not be after to';
  if (period === 'weekly' && Date.parse(r.to) - Date.parse(r.from) <= 6 * 86_400_000) return undefined;
  if (r.from.slice(0, 4) !== r.to.slice(0, 4))
    return 'a report covers one calendar year (a week at most may span two): from and to must be in the same year';
  return undefined;
}

/**
 * Administrative files as the city counts them (domain.md §1, the weekly bulletin): of the files
 * newly received in the period (each has a due date), how many have been completed and returned
 * and how many are still in progress; withdrawn ones apart, so received = completed + in progress
 * + withdrawn. No on-time figure: the city publishes none.
 */
export interface FileCounts {
  received: number;
  completed: number;
  inProgress: number;
  withdrawn: number;
}

export const FILE_COUNTS = ['received', 'completed', 'inProgress', 'withdrawn'] as const satisfies readonly (keyof FileCounts)[];

export interface Breakdown {
  key: string;
  label: string;
  values: Record<string, number>;
}

/** Everything a progress report shows, read from the aggregates; every format renders this. */
export interface ReportData {
  id: string;
  kind: 'progress';
  period: Period;
  from: string;
  to: string;
  year: number;
  language: Language;
  scope: { agency?: string; commune?: string };
  generatedAt: string;
  kpis: KpiItem[];
  plan: ReportPlan | null;
  files: { total: FileCounts; byAgency: (FileCounts & { agency: string })[] };
  /** Period totals (from the day/month counters). */
  totals: Record<string, number>;
  trend: Breakdown[];
  byCommune: Breakdown[];
  bySection: Breakdown[];
  byAgency: Breakdown[];
  byProgramme: Breakdown[];
  byCategory: Breakdown[];
  bySize: Breakdown[];
  /** Matches that reached each funnel step this year (city-wide), in step order; values `{ 'funnel:<step>': n }`. */
  funnel: Breakdown[];
}
