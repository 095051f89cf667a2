/** The programme catalogue (GET /programmes), by category; officers create and edit their agency's. */
import { useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { hasRole } from '../auth/session.ts';
import { LoadError, Loading, TableScroll } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { CATEGORIES, type ProgrammeView } from './programme-model.ts';

export default function Programmes() {
  const ctx = useApp();
  const { t, label, vnd, date } = useI18n();
  const [category, setCategory] = useState('');
  const list = useAsync(
    async () =>
      (await ok(
        ctx.api.GET('/programmes', {
          params: { query: { limit: 100, ...(category ? { category: category as (typeof CATEGORIES)[number] } : {}) } },
        }),
      )) as unknown as { items: ProgrammeView[] },
    [category],
  );
  return (
    <section aria-labelledby="prog-title">
      <div className="page-head">
        <h1 id="prog-title">{t('programmes.title')}</h1>
        {hasRole(ctx.session, 'admin', 'officer') ? (
          <Link to="/programmes/new" className="button primary">
            {t('programmes.new')}
          </Link>
        ) : null}
      </div>
      <label className="inline">
        {t('programmes.category')}
        <select value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">{t('common.all')}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {label('category', c)}
            </option>
          ))}
        </select>
      </label>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data ? (
        <TableScroll label={t('programmes.title')}>
          <table>
            <caption className="sr-only">{t('programmes.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('programmes.code')}</th>
                <th scope="col">{t('programmes.name')}</th>
                <th scope="col">{t('programmes.category')}</th>
                <th scope="col">{t('programmes.owner')}</th>
                <th scope="col">{t('programmes.window')}</th>
                <th scope="col" className="num">
                  {t('programmes.budget')}
                </th>
                <th scope="col" className="num">
                  {t('programmes.committed')}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/programmes/${p.id}`}>{p.code}</Link>
                  </td>
                  <td>{p.name}</td>
                  <td>{label('category', p.category)}</td>
                  <td>{label('agency', p.ownerAgency)}</td>
                  <td>
                    {date(p.opensOn)} – {date(p.closesOn)}
                  </td>
                  <td className="num">{vnd(p.budgetVnd)}</td>
                  <td className="num">{vnd(p.committedVnd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}
