/**
 * The city's annual plans (GET /plans): a year's versions with their status, and — for Sở Tài
 * chính's staff — a new draft of a year, based on another version (its targets copied, annual ones
 * moved to the new year). One draft per year: the API's 409 names the open one, linked here.
 */
import { type FormEvent, useState } from 'react';
import { ok } from '../api/client.ts';
import { ApiError, fieldErrors, type Problem } from '../api/problem.ts';
import { useApp } from '../app-context.tsx';
import { Badge, Field, ListTable, ProblemNotice } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link, navigate } from '../router.tsx';
import { consolidates, type PlanView } from './plan-model.ts';

type Listing = { items: PlanView[]; nextCursor?: string | null };

export default function Plans() {
  const ctx = useApp();
  const { t, label, dateTime } = useI18n();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState<number | ''>(thisYear);
  const years = Array.from({ length: 6 }, (_, i) => thisYear - 1 + i);
  const list = useAsync(
    async () => (await ok(ctx.api.GET('/plans', { params: { query: { limit: 50, ...(year ? { year } : {}) } } }))) as unknown as Listing,
    [year],
  );

  return (
    <section aria-labelledby="plans-title">
      <div className="page-head">
        <h1 id="plans-title">{t('plans.title')}</h1>
      </div>
      <p className="muted">{t('plans.intro')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('common.filters')}>
        <label>
          {t('plans.year')}
          <select name="year" value={year} onChange={(e) => setYear(e.target.value ? Number(e.target.value) : '')}>
            <option value="">{t('common.all')}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ListTable
        list={list}
        title={t('plans.versions')}
        none={t('plans.none')}
        testId="plans"
        head={
          <>
            <th scope="col">{t('plans.plan')}</th>
            <th scope="col">{t('plans.status')}</th>
            <th scope="col">{t('plans.targets')}</th>
            <th scope="col">{t('plans.updated')}</th>
            <th scope="col">{t('plans.approvedAt')}</th>
          </>
        }
        row={(p) => (
          <tr key={p.id} data-plan={p.id} data-status={p.status}>
            <td>
              <Link to={`/plans/${p.id}`}>{t('plans.name', { year: p.year, version: p.version })}</Link>
            </td>
            <td>
              <Badge kind={p.status}>{label('planStatus', p.status)}</Badge>
            </td>
            <td className="num">{p.targets.length}</td>
            <td>{dateTime(p.updatedAt)}</td>
            <td>{dateTime(p.approvedAt)}</td>
          </tr>
        )}
      />
      {consolidates(ctx.session.claims) ? <NewDraft defaultYear={typeof year === 'number' ? year : thisYear} /> : null}
    </section>
  );
}

/** Sở Tài chính drafts a version of a year, from another plan or empty. */
function NewDraft({ defaultYear }: { defaultYear: number }) {
  const ctx = useApp();
  const { t, label } = useI18n();
  const [year, setYear] = useState(String(defaultYear));
  const [basedOn, setBasedOn] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  // Any year's versions may be copied; the approved ones first.
  const all = useAsync(async () => (await ok(ctx.api.GET('/plans', { params: { query: { limit: 50 } } }))) as unknown as Listing, []);
  const bases = [...(all.data?.items ?? [])].sort((a, b) => Number(b.status === 'approved') - Number(a.status === 'approved'));

  async function create(e: FormEvent) {
    e.preventDefault();
    setProblem(undefined);
    setBusy(true);
    try {
      const body = { year: Number(year), ...(basedOn ? { basedOn } : {}) };
      const created = (await ok(ctx.api.POST('/plans', { body }))) as unknown as PlanView;
      navigate(`/plans/${created.id}`);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { status: 0, title: String(err) });
    } finally {
      setBusy(false);
    }
  }
  const openPlanId = typeof problem?.openPlanId === 'string' ? problem.openPlanId : undefined;

  return (
    <form onSubmit={create} className="card form grid2" aria-labelledby="draft-title" noValidate>
      <h2 id="draft-title">{t('plans.draft.title')}</h2>
      <Field label={t('plans.year')} name="year" errors={errors} hint={t('plans.draft.yearHint')}>
        {(p) => (
          <input {...p} type="number" inputMode="numeric" min={2020} max={2100} value={year} onChange={(e) => setYear(e.target.value)} />
        )}
      </Field>
      <Field label={t('plans.draft.basedOn')} name="basedOn" errors={errors} hint={t('plans.draft.basedOnHint')}>
        {(p) => (
          <select {...p} value={basedOn} onChange={(e) => setBasedOn(e.target.value)}>
            <option value="">{t('plans.draft.empty')}</option>
            {bases.map((b) => (
              <option key={b.id} value={b.id}>
                {t('plans.name', { year: b.year, version: b.version })} · {label('planStatus', b.status)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="actions">
        <ProblemNotice problem={problem} shown={['year', 'basedOn']} />
        {openPlanId ? <Link to={`/plans/${openPlanId}`}>{t('plans.draft.openOne')}</Link> : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('plans.draft.create')}
        </button>
      </div>
    </form>
  );
}
