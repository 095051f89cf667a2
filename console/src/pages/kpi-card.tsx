/**
 * One target on the dashboard (an item of `GET /kpis`). The whole city's figures come with the
 * city's goal: actual / goal, a progress bar with the pace expected by now, and a status. An
 * agency's or a commune's come with a goal only where the year's plan allocates one to it; without
 * one the card shows the actual alone and says no goal is allocated — never the city's goal, which
 * a commune's part could only ever be "behind".
 */
import type { paths } from '../api/schema';
import { Badge, ProgressBar } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';

export type KpiItem = paths['/kpis']['get']['responses'][200]['content']['application/json']['items'][number];

export function KpiCard({ item: k }: { item: KpiItem }) {
  const { t, num, pct, label } = useI18n();
  return (
    <li className="card kpi" data-target={k.target}>
      <h2>{k.label}</h2>
      {k.goal === undefined ? (
        <>
          <p className="kpi-figure">
            <strong data-testid={`kpi-actual-${k.target}`}>{num(k.actual)}</strong>
          </p>
          <p className="kpi-pace muted" data-testid={`kpi-no-goal-${k.target}`}>
            {t('dashboard.noGoal')}
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
    </li>
  );
}
