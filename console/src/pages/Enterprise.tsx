/**
 * An enterprise: the public registration record with its size class and the reasons for it, the
 * history of changes, and the support ledger (all agencies' grants); for an officer of its commune
 * committee or of Sở Tài chính, the delegations of people to act for it online (approve, revoke).
 * Without a tax code: search.
 */
import { type FormEvent, useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { hasRole } from '../auth/session.ts';
import { Badge, LoadError, Loading, ProblemNotice, problemOf } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link, navigate } from '../router.tsx';
import { DelegationForm } from './delegation-form.tsx';
import { COORDINATOR_AGENCY } from './plan-model.ts';

interface EnterpriseView {
  taxCode: string;
  name: string;
  legalForm: string;
  communeCode: string;
  status: string;
  employees?: number;
  revenueVnd?: number;
  totalCapitalVnd?: number;
  foundedOn?: string;
  vsic?: { main: string; others: string[] };
  legalRepresentative?: { name: string };
  sizeClass?: { class: string; sectorGroup: string; reasons: string[] };
  revision: number;
  updatedAt: string;
}

interface HistoryEntry {
  revision?: number;
  at?: string;
  occurredAt?: string;
  type?: string;
  changes?: { field: string; from?: unknown; to?: unknown; redacted?: boolean }[];
}

interface SupportEntry {
  applicationId?: string;
  programmeCode?: string;
  agency?: string;
  category?: string;
  amountVnd?: number;
  year?: number;
  grantedAt?: string;
}

export default function Enterprise({ taxCode }: { taxCode?: string }) {
  return taxCode ? <EnterpriseRecord taxCode={taxCode} /> : <EnterpriseSearch />;
}

function EnterpriseSearch() {
  const ctx = useApp();
  const { t, label } = useI18n();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState<string>();
  const results = useAsync(async () => {
    if (!query) return undefined;
    const byCode = /^\d{10}(-\d{3})?$/.test(query);
    if (byCode) {
      navigate(`/enterprises/${query}`);
      return undefined;
    }
    const params = /^\d{5}$/.test(query) ? { commune: query } : { q: query };
    return (await ok(ctx.api.GET('/enterprises', { params: { query: { limit: 25, ...params } } }))) as unknown as {
      items: EnterpriseView[];
    };
  }, [query]);
  const search = (e: FormEvent) => {
    e.preventDefault();
    setQuery(q.trim());
  };
  return (
    <section aria-labelledby="ent-title">
      <h1 id="ent-title">{t('enterprise.searchTitle')}</h1>
      <form onSubmit={search} className="filters">
        <label>
          {t('enterprise.searchLabel')}
          <input value={q} onChange={(e) => setQ(e.target.value)} maxLength={200} />
        </label>
        <button type="submit">{t('common.search')}</button>
      </form>
      {results.loading && query ? <Loading /> : null}
      {results.error ? <ProblemNotice problem={problemOf(results.error)} /> : null}
      {results.data ? (
        <ul className="list">
          {results.data.items.map((e) => (
            <li key={e.taxCode ?? e.name}>
              {e.taxCode ? <Link to={`/enterprises/${e.taxCode}`}>{e.name}</Link> : e.name}{' '}
              <span className="muted small">
                {e.taxCode} · {e.communeCode} · {e.sizeClass ? label('size', e.sizeClass.class) : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function EnterpriseRecord({ taxCode }: { taxCode: string }) {
  const ctx = useApp();
  const { t, label, vnd, num, date, dateTime } = useI18n();
  const officer = hasRole(ctx.session, 'officer', 'admin');
  const { claims } = ctx.session;
  const record = useAsync(
    async () => (await ok(ctx.api.GET('/enterprises/{taxCode}', { params: { path: { taxCode } } }))) as unknown as EnterpriseView,
    [taxCode],
  );
  const history = useAsync(
    async () =>
      officer
        ? ((await ok(ctx.api.GET('/enterprises/{taxCode}/history', { params: { path: { taxCode } } }))) as unknown as {
            items: HistoryEntry[];
          })
        : undefined,
    [taxCode],
  );
  const support = useAsync(
    async () =>
      officer
        ? ((await ok(ctx.api.GET('/enterprises/{taxCode}/support', { params: { path: { taxCode } } }))) as unknown as {
            items: SupportEntry[];
          })
        : undefined,
    [taxCode],
  );
  if (record.loading && !record.data) return <Loading />;
  if (record.error) return <LoadError error={record.error} />;
  const e = record.data!;
  return (
    <article aria-labelledby="er-title">
      <div className="page-head">
        <h1 id="er-title">{e.name}</h1>
        <Badge kind={e.status}>{label('entStatus', e.status)}</Badge>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('application.taxCode')}</dt>
          <dd>{e.taxCode}</dd>
        </div>
        <div>
          <dt>{t('enterprise.legalForm')}</dt>
          <dd>{label('legalForm', e.legalForm)}</dd>
        </div>
        <div>
          <dt>{t('applications.commune')}</dt>
          <dd>{e.communeCode}</dd>
        </div>
        <div>
          <dt>{t('enterprise.founded')}</dt>
          <dd>{date(e.foundedOn)}</dd>
        </div>
        <div>
          <dt>{t('enterprise.vsic')}</dt>
          <dd>{[e.vsic?.main, ...(e.vsic?.others ?? [])].filter(Boolean).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('enterprise.employees')}</dt>
          <dd>{num(e.employees)}</dd>
        </div>
        <div>
          <dt>{t('enterprise.revenue')}</dt>
          <dd>{vnd(e.revenueVnd)}</dd>
        </div>
        <div>
          <dt>{t('enterprise.capital')}</dt>
          <dd>{vnd(e.totalCapitalVnd)}</dd>
        </div>
        {e.legalRepresentative ? (
          <div>
            <dt>{t('enterprise.legalRep')}</dt>
            <dd>{e.legalRepresentative.name}</dd>
          </div>
        ) : null}
      </dl>
      {e.sizeClass ? (
        <section className="card" aria-labelledby="size-title">
          <h2 id="size-title">
            {t('enterprise.sizeClass')}: {label('size', e.sizeClass.class)}{' '}
            <span className="muted small">({label('sector', e.sizeClass.sectorGroup)})</span>
          </h2>
          <ul>
            {e.sizeClass.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {officer && (claims.agency === COORDINATOR_AGENCY || claims.commune === e.communeCode) ? (
        <DelegationForm taxCode={e.taxCode} />
      ) : null}
      {officer ? (
        <div className="columns">
          <section className="card" aria-labelledby="sup-title">
            <h2 id="sup-title">{t('enterprise.support')}</h2>
            {support.error ? <ProblemNotice problem={problemOf(support.error)} /> : null}
            {support.data?.items.length === 0 ? <p className="muted">{t('enterprise.noSupport')}</p> : null}
            <ul className="list">
              {(support.data?.items ?? []).map((s, i) => (
                <li key={s.applicationId ?? i}>
                  {s.year} · {s.programmeCode} · {label('agency', s.agency ?? '')} · {label('category', s.category ?? '')} ·{' '}
                  <strong>{vnd(s.amountVnd)}</strong>
                </li>
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="hist-title">
            <h2 id="hist-title">{t('enterprise.history')}</h2>
            {history.error ? <ProblemNotice problem={problemOf(history.error)} /> : null}
            <ol className="timeline">
              {(history.data?.items ?? []).slice(0, 50).map((h) => (
                <li key={`${h.revision}-${h.occurredAt ?? h.at}`}>
                  <strong>{h.type ?? ''}</strong> {t('enterprise.revision', { n: h.revision ?? '' })}{' '}
                  <span className="muted">{dateTime(h.occurredAt ?? h.at)}</span>
                  {h.changes?.length ? (
                    <div className="small">
                      {h.changes
                        .slice(0, 10)
                        .map((c) =>
                          c.redacted
                            ? `${c.field}: ${t('enterprise.redacted')}`
                            : `${c.field}: ${JSON.stringify(c.from ?? null)} → ${JSON.stringify(c.to ?? null)}`,
                        )
                        .join('; ')}
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        </div>
      ) : null}
    </article>
  );
}
