/** Applications the caller may read (GET /applications), filtered by programme, status, commune. */
import { useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { hasRole } from '../auth/session.ts';
import { Badge, ListTable } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { type ApplicationView, STATUSES, type Status } from './application-model.ts';
import type { ProgrammeView } from './programme-model.ts';

export default function Applications() {
  const ctx = useApp();
  const { t, label, vnd, date } = useI18n();
  const [programmeId, setProgrammeId] = useState('');
  const [status, setStatus] = useState<Status | ''>('');
  const [commune, setCommune] = useState(ctx.session.claims.commune ?? '');
  const [cursor, setCursor] = useState<string>();
  const programmes = useAsync(
    async () => (await ok(ctx.api.GET('/programmes', { params: { query: { limit: 100 } } }))) as unknown as { items: ProgrammeView[] },
    [],
  );
  const list = useAsync(async () => {
    const query = {
      limit: 25,
      ...(cursor ? { cursor } : {}),
      ...(programmeId ? { programmeId } : {}),
      ...(status ? { status } : {}),
      ...(/^\d{5}$/.test(commune) ? { commune } : {}),
    };
    return (await ok(ctx.api.GET('/applications', { params: { query } }))) as unknown as { items: ApplicationView[]; nextCursor?: string };
  }, [programmeId, status, commune, cursor]);

  return (
    <section aria-labelledby="apps-title">
      <div className="page-head">
        <h1 id="apps-title">{t('applications.title')}</h1>
        {hasRole(ctx.session, 'officer') ? (
          <Link to="/applications/new" className="button primary">
            {t('applications.new')}
          </Link>
        ) : null}
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('common.filters')}>
        <label>
          {t('applications.programme')}
          <select
            value={programmeId}
            onChange={(e) => {
              setCursor(undefined);
              setProgrammeId(e.target.value);
            }}
          >
            <option value="">{t('common.all')}</option>
            {(programmes.data?.items ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.code} — {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('applications.status')}
          <select
            value={status}
            onChange={(e) => {
              setCursor(undefined);
              setStatus(e.target.value as Status | '');
            }}
          >
            <option value="">{t('common.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {label('status', s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('applications.commune')}
          <input
            value={commune}
            inputMode="numeric"
            maxLength={5}
            disabled={!!ctx.session.claims.commune}
            onChange={(e) => {
              setCursor(undefined);
              setCommune(e.target.value.replace(/\D/g, ''));
            }}
          />
        </label>
      </form>
      <ListTable
        list={list}
        title={t('applications.title')}
        none={t('applications.none')}
        testId="applications"
        head={
          <>
            <th scope="col">{t('applications.enterprise')}</th>
            <th scope="col">{t('applications.programme')}</th>
            <th scope="col">{t('applications.status')}</th>
            <th scope="col">{t('applications.commune')}</th>
            <th scope="col" className="num">
              {t('applications.requested')}
            </th>
            <th scope="col">{t('applications.due')}</th>
          </>
        }
        row={(a) => (
          <tr key={a.id} data-commune={a.communeCode}>
            <td>
              <Link to={`/applications/${a.id}`}>{a.enterpriseName}</Link>
              <div className="muted small">{a.taxCode}</div>
            </td>
            <td>{a.programmeCode}</td>
            <td>
              <Badge kind={a.status}>{label('status', a.status)}</Badge>
            </td>
            <td>{a.communeCode}</td>
            <td className="num">{vnd(a.requestedAmountVnd)}</td>
            <td>{date(a.dueOn)}</td>
          </tr>
        )}
        onNext={setCursor}
      />
    </section>
  );
}
