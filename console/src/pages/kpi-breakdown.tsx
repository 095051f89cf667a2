/**
 * The year's targets for one agency or one commune (GET /kpis?agency= or ?commune=): its actuals,
 * each against the goal the approved plan allocates to it where it allocates one (kpi-card.tsx says
 * so where it does not). The choices list first those the plan allocates to, read from the year's
 * approved plan (the one GET /kpis names); then every agency and commune. A commune committee's dashboard is its commune's
 * already, and it may ask for no other: it is not offered this.
 */
import { useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { LoadError, Loading } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { catalogues, useI18n } from '../i18n/index.tsx';
import { HANOI_COMMUNES } from '../../../shared/reference/hanoi-communes.ts';
import { KpiCard } from './kpi-card.tsx';
import type { PlanView } from './plan-model.ts';

const AGENCIES = Object.keys(catalogues.vi)
  .filter((k) => k.startsWith('agency.'))
  .map((k) => k.slice('agency.'.length));

/** Who the approved plan allocates goals to: `agency:<code>` and `commune:<code>` choices. */
export function allocatedScopes(plan: Pick<PlanView, 'targets'> | undefined): string[] {
  const out = new Set<string>();
  for (const t of plan?.targets ?? [])
    for (const a of t.allocations) {
      if (a.agency) out.add(`agency:${a.agency}`);
      if (a.commune) out.add(`commune:${a.commune}`);
    }
  return [...out].sort();
}

export function KpiBreakdown({ year, planId }: { year: number; planId?: string | undefined }) {
  const ctx = useApp();
  const { t, label, lang } = useI18n();
  const [scope, setScope] = useState('');
  // The plan /kpis names (once the dashboard has it): read after the cards, never competing with them.
  const plan = useAsync(
    async () =>
      planId ? ((await ok(ctx.api.GET('/plans/{id}', { params: { path: { id: planId } } }))) as unknown as PlanView) : undefined,
    [planId],
  );
  const [kind, code] = scope.split(':') as ['agency' | 'commune' | '', string | undefined];
  const kpis = useAsync(async () => {
    if (!kind || !code) return undefined;
    const query = { year, language: lang, ...(kind === 'agency' ? { agency: code } : { commune: code }) };
    return ok(ctx.api.GET('/kpis', { params: { query } }));
  }, [year, lang, scope]);
  if (ctx.session.claims.commune) return null;

  const communeName = (c: string) => {
    const found = HANOI_COMMUNES.find((x) => x.code === c);
    return found ? `${lang === 'vi' ? found.name : found.nameEn} (${c})` : t('who.commune', { code: c });
  };
  const nameOf = (s: string) => {
    const [k, c = ''] = s.split(':');
    return k === 'agency' ? label('agency', c) : communeName(c);
  };
  const allocated = allocatedScopes(plan.data);

  return (
    <section aria-labelledby="breakdown-title" className="card" data-testid="kpi-breakdown">
      <h2 id="breakdown-title">{t('breakdown.title')}</h2>
      <p className="muted small">{t('breakdown.hint')}</p>
      <div className="field breakdown-scope">
        <label htmlFor="breakdown-scope">{t('breakdown.scope')}</label>
        <select id="breakdown-scope" name="breakdown" value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="">{t('breakdown.none')}</option>
          {allocated.length ? (
            <optgroup label={t('breakdown.allocated')}>
              {allocated.map((s) => (
                <option key={s} value={s}>
                  {nameOf(s)}
                </option>
              ))}
            </optgroup>
          ) : null}
          <optgroup label={t('breakdown.agencies')}>
            {AGENCIES.filter((a) => !allocated.includes(`agency:${a}`)).map((a) => (
              <option key={a} value={`agency:${a}`}>
                {label('agency', a)}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('breakdown.communes')}>
            {HANOI_COMMUNES.filter((c) => !allocated.includes(`commune:${c.code}`)).map((c) => (
              <option key={c.code} value={`commune:${c.code}`}>
                {communeName(c.code)}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      {scope && kpis.loading && !kpis.data ? <Loading /> : null}
      {kpis.error ? <LoadError error={kpis.error} /> : null}
      {scope && kpis.data ? (
        <ul className="kpis" data-testid="breakdown-kpis" aria-label={nameOf(scope)}>
          {kpis.data.items.map((k) => (
            <KpiCard key={k.target} item={k} planned={kpis.data?.plan != null} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
