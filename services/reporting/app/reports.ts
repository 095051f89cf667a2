/**
 * Reports: asked for over HTTP or by a schedule, built asynchronously by the build consumer, kept in
 * S3 under `reporting/reports/<period>/…` (a bucket lifecycle rule on that prefix is the retention).
 */
import { assertCan, COORDINATOR_AGENCY, can, whoMay, type Actor } from '../../../shared/access/policy.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../shared/errors.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import {
  checkRange,
  FORMATS,
  periodContaining,
  previousPeriod,
  type Language,
  type Period,
  type ReportFile,
  type ReportJob,
  type ReportKind,
} from '../domain/report.ts';
import { hanoiDate, quarterOf, yearOf } from '../../../shared/time/hanoi.ts';
import { openDataTable, progressData } from './report-data.ts';
import type { ReportBuilderDeps, ReportingDeps } from './ports.ts';

/** How long a download link stays valid. */
export const DOWNLOAD_URL_SECONDS = 15 * 60;
export const REPORTS_PREFIX = 'reporting/reports/';

export interface ReportRequest {
  period: Period;
  kind?: ReportKind | undefined;
  from?: string | undefined;
  to?: string | undefined;
  language?: Language | undefined;
  agency?: string | undefined;
}

/** The policy entry that governs a job: whole-city reports, or one agency's. */
const factsOf = (job: { agency?: string | undefined }) => ({ ownerAgency: job.agency });
const kindOf = (job: { agency?: string | undefined }) => (job.agency ? ('report.agency' as const) : ('report' as const));

export async function requestReport(deps: ReportingDeps, actor: Actor, req: ReportRequest): Promise<ReportJob> {
  const kind = req.kind ?? 'progress';
  if (kind === 'open-data' && (req.period !== 'quarterly' || req.agency)) {
    throw new ValidationError('Open data is published per quarter for the whole city', {
      errors: [{ path: 'body.period', message: 'open-data needs period "quarterly" and no agency' }],
    });
  }
  const today = hanoiDate(deps.now().toISOString());
  const current = periodContaining(req.period, req.from ?? today);
  const range = { from: req.from ?? current.from, to: req.to ?? (req.from ? current.to : today) };
  const problem = checkRange(range, req.period);
  if (problem) throw new ValidationError(problem, { errors: [{ path: 'body.to', message: problem }] });
  // Asking for a report reveals nothing that exists: a refusal is a 403 with who may.
  if (!can(actor, kindOf(req), 'create', factsOf(req)))
    throw new ForbiddenError(`You may not ask for this report: ${whoMay(kindOf(req), 'create')}`);
  const job: ReportJob = {
    id: deps.newId(),
    kind,
    period: req.period,
    ...range,
    language: req.language ?? 'vi',
    ...(req.agency ? { agency: req.agency } : {}),
    trigger: 'request',
    requestedBy: actor.sub,
    requestedByAgency: actor.agency,
    status: 'running',
    createdAt: deps.now().toISOString(),
    files: [],
  };
  await deps.reports.create(job);
  await deps.queue.enqueue(job.id);
  return job;
}

/** Schedule name → what it produces. The quarterly run also publishes the open-data export. */
export const SCHEDULED: Record<string, { period: Period; kinds: ReportKind[] }> = {
  'weekly-report': { period: 'weekly', kinds: ['progress'] },
  'monthly-report': { period: 'monthly', kinds: ['progress'] },
  'quarterly-report': { period: 'quarterly', kinds: ['progress', 'open-data'] },
  'annual-report': { period: 'annual', kinds: ['progress'] },
};

/**
 * A schedule reports the last complete period. Its job ids are fixed by period and range, so a
 * schedule delivered twice (EventBridge is at-least-once) makes one report, not two.
 */
export async function runSchedule(deps: ReportingDeps, schedule: string): Promise<ReportJob[]> {
  const spec = SCHEDULED[schedule];
  if (!spec) throw new Error(`unknown schedule ${schedule}`);
  const range = previousPeriod(spec.period, deps.now());
  const jobs: ReportJob[] = [];
  for (const kind of spec.kinds) {
    const job: ReportJob = {
      id: `${kind === 'open-data' ? 'open-data' : spec.period}-${range.from}`,
      kind,
      period: spec.period,
      ...range,
      language: 'vi',
      trigger: 'schedule',
      requestedBy: `schedule:${schedule}`,
      requestedByAgency: COORDINATOR_AGENCY,
      status: 'running',
      createdAt: deps.now().toISOString(),
      files: [],
    };
    const created = await deps.reports.create(job);
    const current = created === 'created' ? job : await deps.reports.get(job.id);
    // A job still running may have lost its message (the process died before sending): send again;
    // the builder ignores a job that is no longer running.
    if (current?.status === 'running') await deps.queue.enqueue(job.id);
    if (current) jobs.push(current);
  }
  return jobs;
}

export interface ReportView {
  id: string;
  kind: ReportKind;
  period: Period;
  from: string;
  to: string;
  language: Language;
  agency?: string;
  trigger: ReportJob['trigger'];
  status: ReportJob['status'];
  createdAt: string;
  finishedAt?: string;
  error?: string;
  files: { format: ReportFile['format']; fileName: string; bytes: number; url: string; expiresAt: string }[];
}

async function view(deps: ReportingDeps, job: ReportJob, withUrls: boolean): Promise<ReportView> {
  const expiresAt = new Date(deps.now().getTime() + DOWNLOAD_URL_SECONDS * 1000).toISOString();
  const files = withUrls
    ? await Promise.all(
        job.files.map(async (f) => ({
          format: f.format,
          fileName: f.fileName,
          bytes: f.bytes,
          url: await deps.files.downloadUrl(f.key, f.fileName, DOWNLOAD_URL_SECONDS),
          expiresAt,
        })),
      )
    : [];
  const { id, kind, period, from, to, language, agency, trigger, status, createdAt, finishedAt, error } = job;
  return {
    id,
    kind,
    period,
    from,
    to,
    language,
    ...(agency ? { agency } : {}),
    trigger,
    status,
    createdAt,
    ...(finishedAt ? { finishedAt } : {}),
    ...(error ? { error } : {}),
    files,
  };
}

export async function getReport(deps: ReportingDeps, actor: Actor, id: string): Promise<ReportView> {
  const job = await deps.reports.get(id);
  if (!job) throw new NotFoundError(`No report ${id}`);
  assertCan(actor, kindOf(job), 'read', factsOf(job), { id, label: 'report' });
  return view(deps, job, true);
}

/** Newest first; reports the caller may not read are left out of the page (it may come out shorter). */
export async function listReports(
  deps: ReportingDeps,
  actor: Actor,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<ReportView>> {
  const out = await deps.reports.list(page);
  const visible = out.items.filter((j) => can(actor, kindOf(j), 'read', factsOf(j)));
  return { items: await Promise.all(visible.map((j) => view(deps, j, false))), nextCursor: out.nextCursor };
}

const fileName = (job: ReportJob, ext: string) =>
  job.kind === 'open-data'
    ? `open-data-${yearOf(job.from)}-Q${quarterOf(job.from)}.${ext}`
    : `bao-cao-${job.period}-${job.from}_${job.to}${job.agency ? `-${job.agency}` : ''}.${ext}`;

/**
 * Build a job's files and record them. Idempotent: a job that is no longer running is left alone,
 * and the files go to keys fixed by the job id, so a second delivery rewrites the same objects.
 */
export async function buildReport(
  deps: ReportBuilderDeps,
  id: string,
  attempt: { receiveCount: number; maxReceiveCount: number },
): Promise<'built' | 'skipped'> {
  const job = await deps.reports.get(id);
  if (!job || job.status !== 'running') return 'skipped';
  try {
    const now = deps.now();
    const rendered =
      job.kind === 'open-data'
        ? await deps.render.openData(await openDataTable(deps.store, yearOf(job.from), quarterOf(job.from)), {
            year: yearOf(job.from),
            quarter: quarterOf(job.from),
            generatedAt: now.toISOString(),
          })
        : await deps.render.progress(await progressData(deps, job, now), FORMATS);
    const files: ReportFile[] = [];
    for (const r of rendered) {
      const name = r.format === 'schema' ? fileName(job, 'schema.json') : fileName(job, r.extension);
      const key = `${REPORTS_PREFIX}${job.kind === 'open-data' ? 'open-data' : job.period}/${job.id}/${name}`;
      await deps.files.put(key, r.body, r.contentType);
      files.push({ format: r.format, key, bytes: r.body.byteLength, contentType: r.contentType, fileName: name });
    }
    await deps.reports.finish(id, { status: 'done', files, finishedAt: deps.now().toISOString() });
    return 'built';
  } catch (error) {
    // The last delivery records the failure, so a poller is not left waiting on "running".
    if (attempt.receiveCount >= attempt.maxReceiveCount) {
      await deps.reports.finish(id, {
        status: 'failed',
        files: [],
        finishedAt: deps.now().toISOString(),
        error: 'The report could not be built; it has been logged.',
      });
    }
    throw error;
  }
}
