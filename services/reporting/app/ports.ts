/** What reporting's use cases need from the outside world. Adapters implement these. */
import type { Page } from '../../../shared/http/pagination.ts';
import type { ApprovedPlan } from '../domain/kpis.ts';
import type { OpenDataTable } from '../domain/open-data.ts';
import type { Dimension, PlannedEvent } from '../domain/measures.ts';
import type { Format, JobStatus, ReportData, ReportFile, ReportJob } from '../domain/report.ts';

export type { Actor } from '../../../shared/access/policy.ts';

/** One counter cell as read back: its value, an optional display label, and its measures. */
export interface CellRow {
  value: string;
  label?: string;
  measures: Record<string, number>;
}

export interface ApplyOutcome {
  applied: string[];
  /** Events that had been applied before (a re-delivery): nothing was counted again. */
  duplicates: string[];
}

/**
 * The aggregates. `apply` commits each event's effects exactly once — its counters, its distinct
 * markers and its processed marker together — however often it is delivered.
 */
export interface AggregateStore {
  apply(events: readonly PlannedEvent[]): Promise<ApplyOutcome>;
  /** The cells of one dimension in one year; `from`/`to` bound the value (inclusive; `to` as a prefix). */
  cells(year: number, dim: Dimension, range?: { from: string; to: string }): Promise<CellRow[]>;
}

/**
 * The approved plans, one per year: the latest approved version (`plan.approved`) is the one the
 * KPIs read — its targets' goals for the city, their allocations for agencies and communes.
 */
export interface PlanStore {
  /** Keep `plan` as its year's, unless a version as high is kept already ('kept': a re-delivery or an older version). */
  save(plan: ApprovedPlan): Promise<'stored' | 'kept'>;
  /** The year's latest approved plan, if any. */
  approved(year: number): Promise<ApprovedPlan | undefined>;
}

export interface ReportRepository {
  /** `exists` when a job with this id is already there (a schedule that ran twice). */
  create(job: ReportJob): Promise<'created' | 'exists'>;
  get(id: string): Promise<ReportJob | undefined>;
  /** Newest first. */
  list(page: { limit: number; cursor?: string | undefined }): Promise<Page<ReportJob>>;
  /** Record the outcome of a running job; a job no longer running is left as it is. */
  finish(
    id: string,
    outcome: { status: Exclude<JobStatus, 'running'>; files: ReportFile[]; finishedAt: string; error?: string },
  ): Promise<void>;
}

export interface ReportFileStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
}

export interface ReportQueue {
  enqueue(reportId: string): Promise<void>;
}

export interface RenderedFile {
  format: ReportFile['format'];
  body: Uint8Array;
  contentType: string;
  extension: string;
}

/** The file formats; pure functions of the data, kept behind a port so use cases stay library-free. */
export interface Renderers {
  progress(data: ReportData, formats: readonly Format[]): Promise<RenderedFile[]>;
  openData(table: OpenDataTable, meta: { year: number; quarter: number; generatedAt: string }): Promise<RenderedFile[]>;
}

export interface ReportingDeps {
  store: AggregateStore;
  plans: PlanStore;
  reports: ReportRepository;
  files: ReportFileStore;
  queue: ReportQueue;
  now: () => Date;
  newId: () => string;
}

/** The report builder's deps: the only ones with the renderers (exceljs, pdfkit), so only its bundle carries them. */
export interface ReportBuilderDeps extends ReportingDeps {
  render: Renderers;
}
