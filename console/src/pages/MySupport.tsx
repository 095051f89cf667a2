/**
 * Decisions and support for the enterprise the person acts for: the decisions on its applications
 * (outcome, amount, reason, when) and its support ledger — every grant from every agency (GET
 * /enterprises/{taxCode}/support), as the agencies see it to avoid supporting one content twice.
 */
import { useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { Badge, ListTable, LoadError, Loading } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { ForEnterprise } from './enterprise-model.tsx';
import { useMine } from './MyApplications.tsx';

interface GrantView {
  grantId: string;
  applicationId: string;
  programmeCode: string;
  agency: string;
  category: string;
  amountVnd: number;
  year: number;
  grantedOn: string;
  status: string;
}

export default function MySupport() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="support-title">
      <h1 id="support-title">{t('support.title')}</h1>
      <ForEnterprise>
        {(taxCode) => (
          <div className="columns">
            <Decisions taxCode={taxCode} />
            <Ledger taxCode={taxCode} />
          </div>
        )}
      </ForEnterprise>
    </section>
  );
}

function Decisions({ taxCode }: { taxCode: string }) {
  const { t, label, vnd, date } = useI18n();
  const list = useMine(taxCode);
  const decided = (list.data?.items ?? []).filter((a) => a.decision);
  return (
    <section className="card" aria-labelledby="decisions-title">
      <h2 id="decisions-title">{t('support.decisions')}</h2>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data && decided.length === 0 ? <p className="muted">{t('support.noDecisions')}</p> : null}
      <ul className="list" data-testid="decisions">
        {decided.map((a) => (
          <li key={a.id} data-application={a.id} data-outcome={a.decision!.outcome}>
            <Link to={`/applications/${a.id}`}>{a.programmeCode}</Link> ·{' '}
            <Badge kind={a.decision!.outcome}>{label('status', a.decision!.outcome)}</Badge>{' '}
            {a.decision!.amountVnd !== null ? <strong>{vnd(a.decision!.amountVnd)}</strong> : null} ·{' '}
            <span className="muted">{date(a.decision!.at)}</span>
            {a.decision!.reason ? <div className="small">{a.decision!.reason}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Ledger({ taxCode }: { taxCode: string }) {
  const ctx = useApp();
  const { t, label, vnd, date } = useI18n();
  const [cursor, setCursor] = useState<string>();
  const grants = useAsync(
    async () =>
      (await ok(
        ctx.api.GET('/enterprises/{taxCode}/support', {
          params: { path: { taxCode }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        }),
      )) as unknown as { items: GrantView[]; nextCursor?: string | null },
    [taxCode, cursor],
  );
  return (
    <section className="card" aria-labelledby="ledger-title">
      <h2 id="ledger-title">{t('support.ledger')}</h2>
      <p className="muted small">{t('support.ledger.hint')}</p>
      <ListTable
        list={grants}
        title={t('support.ledger')}
        none={t('enterprise.noSupport')}
        testId="ledger"
        head={
          <>
            <th scope="col">{t('support.year')}</th>
            <th scope="col">{t('applications.programme')}</th>
            <th scope="col">{t('support.agency')}</th>
            <th scope="col" className="num">
              {t('support.amount')}
            </th>
            <th scope="col">{t('support.date')}</th>
          </>
        }
        row={(g) => (
          <tr key={g.grantId} data-application={g.applicationId}>
            <td>{g.year}</td>
            <td>
              {g.programmeCode}
              <div className="muted small">{label('category', g.category)}</div>
            </td>
            <td>{label('agency', g.agency)}</td>
            <td className="num">{vnd(g.amountVnd)}</td>
            <td>{date(g.grantedOn)}</td>
          </tr>
        )}
        onNext={setCursor}
      />
    </section>
  );
}
