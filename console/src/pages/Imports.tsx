/**
 * Registry bulk imports (the registry-owning agency's admins): upload a CSV or NDJSON snapshot to
 * the presigned URL with progress, then follow the job — rows read, applied, stale, rejected.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { ok } from '../api/client.ts';
import { ApiError, fieldErrors, type Problem } from '../api/problem.ts';
import { useApp } from '../app-context.tsx';
import { Badge, Field, LoadError, Loading, ProblemNotice } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { storageUrl } from '../config.ts';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from '../router.tsx';
import { putWithProgress } from './upload.ts';

/** Single-PUT uploads only; a larger file goes through the multipart flow of the README. */
const MAX_SINGLE_PUT = 8 * 1024 * 1024;

export default function Imports({ id }: { id?: string }) {
  const ctx = useApp();
  const { t } = useI18n();
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<number>();
  const [problem, setProblem] = useState<Problem>();
  const errors = fieldErrors(problem);

  async function start(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setProblem(undefined);
    if (file.size > MAX_SINGLE_PUT) {
      setProblem({ status: 400, errors: [{ path: 'sizeBytes', message: t('imports.tooLarge') }] });
      return;
    }
    try {
      const format = file.name.endsWith('.csv') ? 'csv' : 'ndjson';
      const job = await ok(ctx.api.POST('/registry/imports', { body: { format, fileName: file.name } }));
      if (!job.uploadUrl) throw new ApiError({ status: 0, title: 'no upload URL' });
      setProgress(0);
      const put = await putWithProgress(storageUrl(ctx.config, job.uploadUrl), file, job.uploadHeaders ?? {}, setProgress);
      if (put.status >= 300) throw new ApiError({ status: put.status, title: `PUT ${put.status}` });
      setProgress(undefined);
      navigate(`/imports/${job.importId}`);
    } catch (err) {
      setProgress(undefined);
      setProblem(err instanceof ApiError ? err.problem : { status: 0, title: String(err) });
    }
  }

  return (
    <section aria-labelledby="imp-title">
      <h1 id="imp-title">{t('imports.title')}</h1>
      <form onSubmit={start} className="card form">
        <Field label={t('imports.file')} name="sizeBytes" errors={errors} hint={t('imports.file.hint')}>
          {(p) => <input {...p} type="file" accept=".csv,.ndjson,.jsonl" onChange={(e) => setFile(e.target.files?.[0])} />}
        </Field>
        <button type="submit" className="primary" disabled={!file || progress !== undefined}>
          {t('imports.start')}
        </button>
        {progress !== undefined ? (
          <label>
            {t('documents.uploading')} <progress max={1} value={progress} />
          </label>
        ) : null}
        <ProblemNotice problem={problem} shown={['sizeBytes', 'format', 'fileName']} />
      </form>
      {id ? <ImportJob id={id} /> : null}
    </section>
  );
}

const OPEN = ['awaiting-upload', 'reading', 'applying'];

function ImportJob({ id }: { id: string }) {
  const ctx = useApp();
  const { t, label, num } = useI18n();
  const [tick, setTick] = useState(0);
  const job = useAsync(
    async () =>
      (await ok(ctx.api.GET('/registry/imports/{id}', { params: { path: { id } } }))) as unknown as Record<string, unknown> & {
        status: string;
      },
    [id, tick],
  );
  const status = job.data?.status;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new answer schedules the next poll
  useEffect(() => {
    if (!status || !OPEN.includes(status)) return;
    const timer = setTimeout(() => setTick((n) => n + 1), 1000);
    return () => clearTimeout(timer);
  }, [status, job.data]);
  if (job.error) return <LoadError error={job.error} />;
  if (!job.data) return <Loading />;
  const counters = ['rowsRead', 'applied', 'stale', 'duplicate', 'rejected', 'rowsFailed'].filter((k) => typeof job.data?.[k] === 'number');
  const total = Number(job.data.rowsRead ?? 0);
  const done = counters.filter((k) => k !== 'rowsRead').reduce((s, k) => s + Number(job.data?.[k] ?? 0), 0);
  return (
    <section className="card" aria-labelledby="job-title" aria-live="polite">
      <h2 id="job-title">
        {t('imports.job', { id })} <Badge kind={job.data.status}>{label('importStatus', job.data.status)}</Badge>
      </h2>
      {total > 0 ? <progress max={total} value={done} aria-label={t('imports.progress')} /> : null}
      <dl className="facts">
        {counters.map((k) => (
          <div key={k}>
            <dt>{label('counter', k)}</dt>
            <dd>{num(Number(job.data?.[k]))}</dd>
          </div>
        ))}
      </dl>
      {typeof job.data.rejectsUrl === 'string' ? <a href={storageUrl(ctx.config, job.data.rejectsUrl)}>{t('imports.rejects')}</a> : null}
      {typeof job.data.error === 'string' ? <p className="field-error">{job.data.error}</p> : null}
    </section>
  );
}
