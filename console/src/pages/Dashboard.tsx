/**
 * KPI dashboard: each target of the year's approved plan against its actual, with its unit and
 * period, the pace it should be at by now and its projection to the end of its year or period with
 * an 80 % interval, flagged at risk when the interval cannot reach the goal (GET /kpis), and charts by month, commune and sector
 * from the newest progress report's data (GET /reports → its JSON file). Which plan the goals come
 * from is said above the cards; a year without an approved plan shows actuals without goals. A
 * commune committee sees its commune: its actuals, with a goal only where the plan allocates one
 * to the commune (kpi-card.tsx).
 */
import { useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { BarChart, LoadError, Loading, ProblemNotice, problemOf } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { storageUrl } from '../config.ts';
import { useI18n } from '../i18n/index.tsx';
import { KpiBreakdown } from './kpi-breakdown.tsx';
import { KpiCard } from './kpi-card.tsx';
import { type Breakdown, latestReportData, MEASURES, type Measure } from './report-data.ts';

export default function Dashboard() {
  const ctx = useApp();
  const { t, lang, num, dateTime, label, vnd } = useI18n();
  const [year, setYear] = useState(new Date().getFullYear());
  const [measure, setMeasure] = useState<Measure>('received');
  const [creating, setCreating] = useState<unknown>();
  const kpis = useAsync(() => ok(ctx.api.GET('/kpis', { params: { query: { year, language: lang } } })), [year, lang]);
  const report = useAsync(() => latestReportData(ctx, year), [year]);

  async function createReport() {
    setCreating(undefined);
    try {
      await ok(ctx.api.POST('/reports', { body: { period: 'annual', from: `${year}-01-01`, language: lang } }));
      setTimeout(report.reload, 1500);
    } catch (e) {
      setCreating(e);
    }
  }

  const fmt = (n: number) => (measure === 'supportVnd' ? vnd(n) : num(n));
  const bars = (rows: Breakdown[] | undefined) =>
    (rows ?? [])
      .map((r) => ({ key: r.key, label: r.label, value: r.values[measure] ?? 0 }))
      .filter((b) => b.value > 0)
      .sort((a, b) => b.value - a.value)
      .slice(0, 12);

  return (
    <section aria-labelledby="dash-title">
      <div className="page-head">
        <h1 id="dash-title">{t('dashboard.title', { year })}</h1>
        <label className="inline">
          {t('dashboard.year')}
          <select value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {[2026, 2027, 2028, 2029, 2030].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
      </div>
      {kpis.loading && !kpis.data ? <Loading /> : null}
      {kpis.error ? <LoadError error={kpis.error} /> : null}
      {kpis.data ? (
        <>
          <p className="muted">
            {t('dashboard.asOf', { when: dateTime(kpis.data.asOf) })}
            {'commune' in kpis.data && kpis.data.commune ? ` · ${t('who.commune', { code: String(kpis.data.commune) })}` : ''}
          </p>
          <p className="muted" data-testid="kpi-plan">
            {kpis.data.plan
              ? t('dashboard.plan', { year, version: kpis.data.plan.version, when: dateTime(kpis.data.plan.approvedAt) })
              : t('dashboard.noPlan', { year })}
          </p>
          <ul className="kpis" data-testid="kpis">
            {kpis.data.items.map((k) => (
              <KpiCard key={k.target} item={k} planned={kpis.data?.plan != null} />
            ))}
          </ul>
        </>
      ) : null}
      <KpiBreakdown year={year} planId={kpis.data?.plan?.id} />

      <h2>{t('dashboard.charts')}</h2>
      {report.loading && !report.data ? <Loading /> : null}
      {report.error ? <ProblemNotice problem={problemOf(report.error)} /> : null}
      {report.data === null ? (
        <div className="card">
          <p>{t('dashboard.noReport')}</p>
          <button type="button" onClick={createReport}>
            {t('dashboard.createReport')}
          </button>
          <ProblemNotice problem={problemOf(creating)} />
        </div>
      ) : null}
      {report.data ? (
        <>
          <p className="muted">
            {t('dashboard.reportFrom', { from: report.data.from, to: report.data.to, when: dateTime(report.data.generatedAt) })}{' '}
            <a href={storageUrl(ctx.config, report.data.url)}>{t('dashboard.reportJson')}</a>
          </p>
          <label className="inline">
            {t('dashboard.measure')}
            <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
              {MEASURES.map((m) => (
                <option key={m} value={m}>
                  {label('measure', m)}
                </option>
              ))}
            </select>
          </label>
          <div className="charts">
            <BarChart
              title={t('dashboard.byMonth')}
              bars={bars(report.data.trend).sort((a, b) => a.key.localeCompare(b.key))}
              format={fmt}
            />
            <BarChart title={t('dashboard.byCommune')} bars={bars(report.data.byCommune)} format={fmt} />
            <BarChart title={t('dashboard.bySector')} bars={bars(report.data.bySection)} format={fmt} />
          </div>
        </>
      ) : null}
    </section>
  );
}
