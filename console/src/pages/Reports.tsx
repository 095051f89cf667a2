/** Reports: newest first (GET /reports), a new one on demand (POST /reports), downloads per format. */
import { type FormEvent, useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { Badge, LoadError, Loading, ProblemNotice, problemOf } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { storageUrl } from '../config.ts';
import { useI18n } from '../i18n/index.tsx';

const PERIODS = ['weekly', 'monthly', 'quarterly', 'annual'] as const;
interface ReportSummary {
  id: string;
  kind: string;
  period: string;
  from: string;
  to: string;
  status: string;
  language: string;
  createdAt: string;
}
interface ReportFile {
  format: string;
  fileName: string;
  bytes: number;
  url: string;
}

export default function Reports() {
  const ctx = useApp();
  const { t, label, lang, date, dateTime } = useI18n();
  const list = useAsync(
    async () => (await ok(ctx.api.GET('/reports', { params: { query: { limit: 25 } } }))) as unknown as { items: ReportSummary[] },
    [],
  );
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>('monthly');
  const [problem, setProblem] = useState<unknown>();
  const [open, setOpen] = useState<string>();

  async function create(e: FormEvent) {
    e.preventDefault();
    setProblem(undefined);
    try {
      const job = (await ok(ctx.api.POST('/reports', { body: { period, language: lang } }))) as unknown as { id: string };
      setOpen(job.id);
      list.reload();
    } catch (err) {
      setProblem(err);
    }
  }

  return (
    <section aria-labelledby="rep-title">
      <h1 id="rep-title">{t('reports.title')}</h1>
      <form onSubmit={create} className="filters">
        <label>
          {t('reports.period')}
          <select value={period} onChange={(e) => setPeriod(e.target.value as (typeof PERIODS)[number])}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {label('period', p)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {t('reports.create')}
        </button>
      </form>
      <ProblemNotice problem={problemOf(problem)} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <LoadError error={list.error} /> : null}
      <ul className="list" data-testid="reports">
        {(list.data?.items ?? []).map((r) => (
          <li key={r.id}>
            <button type="button" className="link" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? undefined : r.id)}>
              {label('period', r.period)} {date(r.from)} – {date(r.to)}
            </button>{' '}
            <Badge kind={r.status}>{label('jobStatus', r.status)}</Badge> <span className="muted small">{dateTime(r.createdAt)}</span>
            {open === r.id ? <ReportFiles id={r.id} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReportFiles({ id }: { id: string }) {
  const ctx = useApp();
  const { t, label, num } = useI18n();
  const [tick, setTick] = useState(0);
  const report = useAsync(async () => {
    const r = (await ok(ctx.api.GET('/reports/{id}', { params: { path: { id } } }))) as unknown as {
      status: string;
      files: ReportFile[];
      error?: string;
    };
    if (r.status === 'running') setTimeout(() => setTick((n) => n + 1), 1500);
    return r;
  }, [id, tick]);
  if (!report.data) return report.error ? <ProblemNotice problem={problemOf(report.error)} /> : <Loading />;
  if (report.data.status === 'running') return <p role="status">{t('reports.running')}</p>;
  if (report.data.error) return <p className="field-error">{report.data.error}</p>;
  return (
    <ul className="downloads">
      {report.data.files.map((f) => (
        <li key={f.format}>
          <a href={storageUrl(ctx.config, f.url)} download={f.fileName}>
            {t('reports.download', { format: label('format', f.format) })}
          </a>{' '}
          <span className="muted small">({num(f.bytes / 1024, 1)} KB)</span>
        </li>
      ))}
    </ul>
  );
}
