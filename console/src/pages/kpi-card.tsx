/**
 * One target on the dashboard (an item of `GET /kpis`): what it counts (its unit and period), its
 * actual, and — where the approved plan gives it one — its goal, a progress bar with the pace
 * expected by now, and a status. The city's figures are judged against the plan's goal; an
 * agency's or a commune's only against the allocation the plan gives it; without an approved
 * plan, or without an allocation, the card shows the actual alone and says why — never the city's
 * goal, which a commune's part could only ever be "behind". A people target says how many of its
 * actual are head counts (attendees not identified as a person).
 *
 * The projection (reporting's domain/projection.ts): the figure expected at the end of the year or
 * period and its 80 % interval, drawn as a whisker on the same scale as the goal's tick and said
 * in words beside it (the drawing is hidden from screen readers: the sentence carries it all); "at
 * risk" when even the interval's top is under the goal; a note when the seasonal pattern is the
 * assumed default.
 */
import type { paths } from '../api/schema';
import { Badge, ProgressBar } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';

export type KpiItem = paths['/kpis']['get']['responses'][200]['content']['application/json']['items'][number];

export function KpiCard({ item: k, planned = true }: { item: KpiItem; planned?: boolean }) {
  const { t, num, pct, label } = useI18n();
  const period =
    k.period.kind === 'annual'
      ? t('dashboard.periodAnnual', { year: k.period.from })
      : t('dashboard.periodCumulative', { from: k.period.from, to: k.period.to });
  return (
    <li className="card kpi" data-target={k.target}>
      <h2>{k.label}</h2>
      <p className="kpi-facts muted" data-testid={`kpi-facts-${k.target}`}>
        {label('kpiUnit', k.unit)} · {period}
      </p>
      {k.goal === undefined ? (
        <>
          <p className="kpi-figure">
            <strong data-testid={`kpi-actual-${k.target}`}>{num(k.actual)}</strong>
          </p>
          <p className="kpi-pace muted" data-testid={`kpi-no-goal-${k.target}`}>
            {planned ? t('dashboard.noGoal') : t('dashboard.noPlanGoal')}
          </p>
        </>
      ) : (
        <>
          <p className="kpi-figure">
            <strong data-testid={`kpi-actual-${k.target}`}>{num(k.actual)}</strong> / {num(k.goal)}
            {k.pct !== undefined ? <span className="muted"> ({pct(k.pct)})</span> : null}
          </p>
          <ProgressBar value={k.actual} max={k.goal} marker={k.expectedByNow} label={`${k.label}: ${num(k.actual)} / ${num(k.goal)}`} />
          <p className="kpi-pace">
            {k.status ? <Badge kind={k.status}>{label('kpiStatus', k.status)}</Badge> : null}{' '}
            {k.expectedByNow !== undefined ? (
              <span className="muted">{t('dashboard.pace', { expected: num(k.expectedByNow) })}</span>
            ) : null}
          </p>
        </>
      )}
      <ProjectionView item={k} />
      {k.byHeadCount ? (
        <p className="kpi-pace muted" data-testid={`kpi-heads-${k.target}`}>
          {t('dashboard.byHeadCount', { n: num(k.byHeadCount) })}
        </p>
      ) : null}
    </li>
  );
}

const pctOf = (n: number, max: number) => Math.max(0, Math.min(100, (n / max) * 100));

function ProjectionView({ item: k }: { item: KpiItem }) {
  const { t, num } = useI18n();
  const p = k.projection;
  if (!p) return null;
  const max = Math.max(1, k.goal ?? 0, p.high) * 1.05;
  const low = pctOf(p.low, max);
  const high = pctOf(p.high, max);
  return (
    <div className="kpi-projection" data-testid={`kpi-projection-${k.target}`}>
      <div className="whisker" aria-hidden="true">
        <span className="whisker-range" style={{ left: `${low}%`, width: `${Math.max(0.5, high - low)}%` }} />
        <span className="whisker-point" style={{ left: `${pctOf(p.expected, max)}%` }} />
        {k.goal !== undefined ? <span className="whisker-goal" style={{ left: `${pctOf(k.goal, max)}%` }} /> : null}
      </div>
      <p className="kpi-pace muted">
        {t('dashboard.projection', { end: k.period.to, expected: num(p.expected), low: num(p.low), high: num(p.high) })}
      </p>
      {k.atRisk ? (
        <p className="kpi-pace" data-testid={`kpi-at-risk-${k.target}`}>
          <Badge kind="behind">{t('dashboard.atRisk')}</Badge> <span className="muted">{t('dashboard.atRiskWhy')}</span>
        </p>
      ) : null}
      {p.profile.source === 'default' ? <p className="kpi-pace muted">{t('dashboard.profileAssumed')}</p> : null}
    </div>
  );
}
