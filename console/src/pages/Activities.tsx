/**
 * Activities that are not grants (GET /activities): the caller's agency's — a commune committee's
 * in its commune — and every agency's for Sở Tài chính, filtered by year, kind and (Sở Tài chính)
 * agency; a department, commune committee or business association records a new one (POST
 * /activities), then adds its attendance on the activity's page. Trade fairs are not activities.
 */
import { type FormEvent, useState } from 'react';
import { ok } from '../api/client.ts';
import { ApiError, fieldErrors, type Problem } from '../api/problem.ts';
import { useApp } from '../app-context.tsx';
import { hasRole } from '../auth/session.ts';
import { Badge, Field, ListTable, ProblemNotice } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { catalogues, useI18n } from '../i18n/index.tsx';
import { Link, navigate } from '../router.tsx';
import { ACTIVITY_KINDS, type ActivityInput, type ActivityKind, type ActivityView, yearsAround } from './activity-model.ts';
import { COORDINATOR_AGENCY } from './plan-model.ts';

const AGENCIES = Object.keys(catalogues.vi)
  .filter((k) => k.startsWith('agency.'))
  .map((k) => k.slice('agency.'.length));

export default function Activities() {
  const ctx = useApp();
  const { t, label, date, num } = useI18n();
  const claims = ctx.session.claims;
  const coordinator = claims.agency === COORDINATOR_AGENCY;
  const records = !coordinator && hasRole(ctx.session, 'admin', 'officer');
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [kind, setKind] = useState<ActivityKind | ''>('');
  const [agency, setAgency] = useState('');
  const [cursor, setCursor] = useState<string>();
  const list = useAsync(async () => {
    const query = { limit: 25, year, ...(cursor ? { cursor } : {}), ...(kind ? { kind } : {}), ...(agency ? { agency } : {}) };
    return (await ok(ctx.api.GET('/activities', { params: { query } }))) as unknown as {
      items: ActivityView[];
      nextCursor?: string | null;
    };
  }, [year, kind, agency, cursor]);

  return (
    <section aria-labelledby="acts-title">
      <div className="page-head">
        <h1 id="acts-title">{t('activities.title')}</h1>
      </div>
      <p className="muted">{t('activities.intro')}</p>
      {records ? <NewActivity /> : null}
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('common.filters')}>
        <label>
          {t('plans.year')}
          <select
            value={year}
            onChange={(e) => {
              setCursor(undefined);
              setYear(Number(e.target.value));
            }}
          >
            {yearsAround(thisYear).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('activities.kind')}
          <select
            value={kind}
            onChange={(e) => {
              setCursor(undefined);
              setKind(e.target.value as ActivityKind | '');
            }}
          >
            <option value="">{t('common.all')}</option>
            {ACTIVITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {label('activityKind', k)}
              </option>
            ))}
          </select>
        </label>
        {coordinator ? (
          <label>
            {t('activities.agency')}
            <select
              value={agency}
              onChange={(e) => {
                setCursor(undefined);
                setAgency(e.target.value);
              }}
            >
              <option value="">{t('common.all')}</option>
              {AGENCIES.map((a) => (
                <option key={a} value={a}>
                  {label('agency', a)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </form>
      <ListTable
        list={list}
        title={t('activities.title')}
        none={t('activities.none')}
        testId="activities"
        head={
          <>
            <th scope="col">{t('activities.name')}</th>
            <th scope="col">{t('activities.kind')}</th>
            <th scope="col">{t('activities.agency')}</th>
            <th scope="col">{t('activities.when')}</th>
            <th scope="col">{t('activities.status')}</th>
            <th scope="col" className="num">
              {t('activities.rows')}
            </th>
          </>
        }
        row={(a) => (
          <tr key={a.id} data-activity={a.id} data-status={a.status}>
            <td>
              <Link to={`/activities/${a.id}`}>{a.title}</Link>
            </td>
            <td>{label('activityKind', a.kind)}</td>
            <td>
              {label('agency', a.agency)}
              {a.commune ? <div className="muted small">{t('who.commune', { code: a.commune })}</div> : null}
            </td>
            <td>
              {date(a.startsOn)}
              {a.endsOn && a.endsOn !== a.startsOn ? ` – ${date(a.endsOn)}` : ''}
            </td>
            <td>
              <Badge kind={a.status}>{label('activityStatus', a.status)}</Badge>
            </td>
            <td className="num">{num(a.attendance.rows)}</td>
          </tr>
        )}
        onNext={setCursor}
      />
    </section>
  );
}

const SHOWN = ['kind', 'title', 'startsOn', 'endsOn', 'commune'];

function NewActivity() {
  const ctx = useApp();
  const { t, label } = useI18n();
  const ownCommune = ctx.session.claims.commune;
  // Today in Hanoi (en-CA formats a date as YYYY-MM-DD).
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const [form, setForm] = useState<ActivityInput>({ kind: 'workshop', title: '', startsOn: today });
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const set = <K extends keyof ActivityInput>(k: K, v: ActivityInput[K] | undefined) =>
    setForm((f) => {
      const next = { ...f };
      if (v === undefined || v === '') delete next[k];
      else next[k] = v;
      return next;
    });

  async function create(e: FormEvent) {
    e.preventDefault();
    setProblem(undefined);
    setBusy(true);
    try {
      const created = (await ok(ctx.api.POST('/activities', { body: form }))) as unknown as ActivityView;
      navigate(`/activities/${created.id}`);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { status: 0, title: String(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="new-act-title">
      <h2 id="new-act-title">{t('activities.new')}</h2>
      <form onSubmit={create} className="form grid2" noValidate data-testid="new-activity">
        <Field label={t('activities.kind')} name="kind" errors={errors} hint={t('activities.kind.hint')}>
          {(p) => (
            <select {...p} value={form.kind} onChange={(e) => set('kind', e.target.value as ActivityKind)}>
              {ACTIVITY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {label('activityKind', k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('activities.name')} name="title" errors={errors}>
          {(p) => (
            <input {...p} value={form.title} maxLength={200} required onChange={(e) => setForm((f) => ({ ...f, title: e.target.value }))} />
          )}
        </Field>
        <Field label={t('activities.startsOn')} name="startsOn" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={form.startsOn}
              required
              onChange={(e) => setForm((f) => ({ ...f, startsOn: e.target.value }))}
            />
          )}
        </Field>
        <Field label={t('activities.endsOn')} name="endsOn" errors={errors} hint={t('activities.endsOn.hint')}>
          {(p) => <input {...p} type="date" value={form.endsOn ?? ''} onChange={(e) => set('endsOn', e.target.value)} />}
        </Field>
        <Field
          label={t('activities.commune')}
          name="commune"
          errors={errors}
          hint={ownCommune ? t('activities.commune.own', { code: ownCommune }) : t('activities.commune.hint')}
        >
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              maxLength={5}
              disabled={!!ownCommune}
              value={ownCommune ?? form.commune ?? ''}
              onChange={(e) => set('commune', e.target.value.replace(/\D/g, ''))}
            />
          )}
        </Field>
        <div className="actions">
          <ProblemNotice problem={problem} shown={SHOWN} />
          <button type="submit" className="primary" disabled={busy}>
            {t('activities.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
