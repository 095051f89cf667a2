/**
 * The applications of the enterprise the person acts for (GET /applications?mine=true): status,
 * amount, due date; each opens on its page (timeline, documents, requests for supplement).
 */
import { useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { Badge, ListTable } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import type { ApplicationView } from './application-model.ts';
import { ForEnterprise } from './enterprise-model.tsx';

export default function MyApplications() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="mine-title">
      <div className="page-head">
        <h1 id="mine-title">{t('mine.title')}</h1>
        <Link to="/programmes" className="button primary">
          {t('mine.new')}
        </Link>
      </div>
      <ForEnterprise>{(taxCode) => <Mine taxCode={taxCode} />}</ForEnterprise>
    </section>
  );
}

/** The enterprise's applications, newest first, a page at a time. */
export function useMine(taxCode: string, cursor?: string) {
  const ctx = useApp();
  return useAsync(
    async () =>
      (await ok(
        ctx.api.GET('/applications', { params: { query: { mine: 'true', taxCode, limit: 50, ...(cursor ? { cursor } : {}) } } }),
      )) as unknown as { items: ApplicationView[]; nextCursor?: string | null },
    [taxCode, cursor],
  );
}

function Mine({ taxCode }: { taxCode: string }) {
  const { t, label, vnd, date } = useI18n();
  const [cursor, setCursor] = useState<string>();
  const list = useMine(taxCode, cursor);
  return (
    <ListTable
      list={list}
      title={t('mine.title')}
      none={t('mine.none')}
      testId="my-applications"
      head={
        <>
          <th scope="col">{t('applications.programme')}</th>
          <th scope="col">{t('applications.status')}</th>
          <th scope="col" className="num">
            {t('applications.requested')}
          </th>
          <th scope="col">{t('applications.due')}</th>
        </>
      }
      row={(a) => (
        <tr key={a.id} data-application={a.id} data-status={a.status}>
          <td>
            <Link to={`/applications/${a.id}`}>{a.programmeCode}</Link>
            <div className="muted small">{label('category', a.category)}</div>
          </td>
          <td>
            <Badge kind={a.status}>{label('status', a.status)}</Badge>
          </td>
          <td className="num">{vnd(a.requestedAmountVnd)}</td>
          <td>{date(a.dueOn)}</td>
        </tr>
      )}
      onNext={setCursor}
    />
  );
}
