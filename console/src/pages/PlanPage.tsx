/**
 * One plan version (GET /plans/{id}): its targets — unit, period, goal, source, the assumption
 * where the target is our reading, and the allocations per agency and commune — the older plans'
 * figures kept for reference, and the contributions the caller may see. Sở Tài chính's staff set
 * the allocations from the proposals (PUT …/targets), submit, and a second person approves (four
 * eyes: the submitter is told why not, with the API's own refusal); a department, commune
 * committee or business association writes its own contribution (plan-contribution.tsx). Every
 * change sends If-Match with the revision read: a change by someone else meanwhile is a 409, shown
 * with a reload, which starts the editors again from the newer version (keyed by the load, so an
 * edit made on the older one is never sent over the newer).
 */
import { useEffect, useState } from 'react';
import type { Problem } from '../api/problem.ts';
import { useApp } from '../app-context.tsx';
import { Badge, LoadError, Loading, ProblemNotice, TableScroll } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { AllocationsEditor } from './plan-allocations.tsx';
import { allocationLabel, Conflict, contributorName, Fact, planCall, problemOfError, TargetCard } from './plan-parts.tsx';
import { ContributionEditor } from './plan-contribution.tsx';
import { type Allocation, type Contribution, consolidates, contributorOf, type PlanView } from './plan-model.ts';

export default function PlanPage({ id }: { id: string }) {
  const ctx = useApp();
  const { t, label, dateTime } = useI18n();
  const loaded = useAsync(() => planCall(ctx.api.GET('/plans/{id}', { params: { path: { id } } })), [id]);
  const [plan, setPlan] = useState<PlanView>();
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  // Each load (the first, or a reload after a conflict) starts the editors again from what it read.
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!loaded.data) return;
    setPlan(loaded.data);
    setGeneration((g) => g + 1);
  }, [loaded.data]);

  if (loaded.error) return <LoadError error={loaded.error} />;
  if (!plan) return <Loading />;
  const claims = ctx.session.claims;
  const coordinator = consolidates(claims);
  const contributor = contributorOf(claims);
  const ifMatch = { 'If-Match': `"${plan.revision}"` };

  async function act(kind: 'submit' | 'approve') {
    if (!plan) return;
    setProblem(undefined);
    setBusy(true);
    try {
      const params = { params: { path: { id: plan.id } }, headers: ifMatch };
      setPlan(await planCall(kind === 'submit' ? ctx.api.POST('/plans/{id}/submit', params) : ctx.api.POST('/plans/{id}/approve', params)));
    } catch (err) {
      setProblem(problemOfError(err));
    } finally {
      setBusy(false);
    }
  }
  const conflict = problem?.status === 409 || problem?.status === 412;
  const ownSubmission = plan.status === 'submitted' && plan.submittedBy === claims.sub;
  const own = contributor ? plan.contributions?.find((c) => c.agency === contributor) : undefined;

  return (
    <section aria-labelledby="plan-title" data-testid="plan" data-status={plan.status}>
      <p>
        <Link to="/plans">{t('plans.back')}</Link>
      </p>
      <h1 id="plan-title">
        {t('plans.name', { year: plan.year, version: plan.version })}{' '}
        <Badge kind={plan.status}>
          <span data-testid="plan-status">{label('planStatus', plan.status)}</span>
        </Badge>
      </h1>
      <dl className="facts">
        <Fact term={t('plans.createdBy')} value={`${plan.createdBy} · ${dateTime(plan.createdAt)}`} />
        {plan.submittedBy ? (
          <Fact term={t('plans.submittedBy')} value={`${plan.submittedBy} · ${dateTime(plan.submittedAt)}`} testId="submitted-by" />
        ) : null}
        {plan.approvedBy ? (
          <Fact term={t('plans.approvedBy')} value={`${plan.approvedBy} · ${dateTime(plan.approvedAt)}`} testId="approved-by" />
        ) : null}
        <Fact term={t('plans.revision')} value={String(plan.revision)} />
      </dl>
      {plan.supersededBy ? (
        <p className="notice warn">
          {t('plans.supersededBy')} <Link to={`/plans/${plan.supersededBy}`}>{plan.supersededBy}</Link>
        </p>
      ) : null}

      {coordinator && (plan.status === 'draft' || plan.status === 'submitted') ? (
        <section className="card" aria-labelledby="steps-title">
          <h2 id="steps-title">{t('plans.steps')}</h2>
          {plan.status === 'draft' ? (
            <>
              <p className="muted">{t('plans.submit.hint')}</p>
              <button type="button" className="primary" disabled={busy} onClick={() => act('submit')}>
                {t('plans.submit')}
              </button>
            </>
          ) : (
            <>
              <p data-testid="four-eyes" className={ownSubmission ? 'notice warn' : 'muted'}>
                {ownSubmission ? t('plans.fourEyes.self') : t('plans.fourEyes.other', { who: plan.submittedBy ?? '' })}
              </p>
              <button type="button" className="primary" disabled={busy} onClick={() => act('approve')}>
                {t('plans.approve')}
              </button>
            </>
          )}
          {conflict ? <Conflict problem={problem} reload={loaded.reload} /> : <ProblemNotice problem={problem} />}
        </section>
      ) : null}

      <h2>{t('plans.targets')}</h2>
      {plan.targets.length === 0 ? <p className="muted">{t('plans.noTargets')}</p> : null}
      {coordinator && plan.status === 'draft' ? (
        <AllocationsEditor key={generation} plan={plan} onSaved={setPlan} onConflict={loaded.reload} />
      ) : (
        <ul className="targets" data-testid="targets">
          {plan.targets.map((target) => (
            <TargetCard key={target.id} target={target}>
              <AllocationList allocations={target.allocations} />
            </TargetCard>
          ))}
        </ul>
      )}

      {plan.references?.length ? <References plan={plan} /> : null}

      {contributor && plan.status === 'draft' ? (
        <ContributionEditor key={generation} plan={plan} contributor={contributor} own={own} onSaved={setPlan} onConflict={loaded.reload} />
      ) : null}
      <Contributions contributions={(plan.contributions ?? []).filter((c) => plan.status !== 'draft' || c.agency !== contributor)} />
    </section>
  );
}

function AllocationList({ allocations }: { allocations: readonly Allocation[] }) {
  const { t, label, num } = useI18n();
  if (allocations.length === 0) return <p className="muted small">{t('plans.noAllocations')}</p>;
  return (
    <table className="compact">
      <caption>{t('plans.allocations')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('plans.allocatedTo')}</th>
          <th scope="col" className="num">
            {t('plans.goal')}
          </th>
        </tr>
      </thead>
      <tbody>
        {allocations.map((a) => (
          <tr key={`${a.agency ?? ''}|${a.commune ?? ''}`}>
            <td>{allocationLabel(a, label, t)}</td>
            <td className="num">{num(a.goal)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function References({ plan }: { plan: PlanView }) {
  const { t, lang, label } = useI18n();
  return (
    <section aria-labelledby="refs-title">
      <h2 id="refs-title">{t('plans.references')}</h2>
      <p className="muted">{t('plans.references.hint')}</p>
      <TableScroll label={t('plans.references')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('plans.target')}</th>
              <th scope="col">{t('plans.figure')}</th>
              <th scope="col">{t('plans.period')}</th>
              <th scope="col">{t('plans.source')}</th>
            </tr>
          </thead>
          <tbody>
            {(plan.references ?? []).map((r) => (
              <tr key={r.id}>
                <td>{r.name[lang]}</td>
                <td>
                  {r.figure} {label('kpiUnit', r.unit)}
                </td>
                <td>
                  {r.period.from}–{r.period.to}
                </td>
                <td>
                  {r.source}
                  {r.note ? <div className="muted small">{r.note}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

/** The contributions the caller may see: of a draft, its own (Sở Tài chính: all); of an approved plan, all. */
function Contributions({ contributions }: { contributions: readonly Contribution[] }) {
  const { t, label, num, vnd, dateTime } = useI18n();
  if (contributions.length === 0) return null;
  return (
    <section aria-labelledby="contribs-title" data-testid="contributions">
      <h2 id="contribs-title">{t('plans.contributions')}</h2>
      {contributions.map((c) => (
        <article key={c.agency} className="card" data-contributor={c.agency}>
          <h3>
            {contributorName(c.agency, label, t)} <Badge kind={c.status}>{label('contributionStatus', c.status)}</Badge>
          </h3>
          <p className="muted small">{t('plans.updatedBy', { who: c.updatedBy, when: dateTime(c.updatedAt) })}</p>
          {c.activities.length ? (
            <TableScroll label={t('plans.contribution.activities')}>
              <table>
                <caption>{t('plans.contribution.activities')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('plans.activity.title')}</th>
                    <th scope="col">{t('plans.activity.kind')}</th>
                    <th scope="col">{t('plans.activity.targets')}</th>
                    <th scope="col">{t('plans.activity.months')}</th>
                    <th scope="col" className="num">
                      {t('plans.activity.expected')}
                    </th>
                    <th scope="col" className="num">
                      {t('plans.activity.budget')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {c.activities.map((a) => (
                    <tr key={a.id}>
                      <td>{a.title}</td>
                      <td>{label('activityKind', a.kind)}</td>
                      <td>{(a.targetIds ?? []).join(', ')}</td>
                      <td data-months>{(a.months ?? []).join(', ') || '—'}</td>
                      <td className="num">{num(a.expected)}</td>
                      <td className="num">{a.budgetVnd !== undefined ? vnd(a.budgetVnd) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ) : null}
          {c.allocations.length ? (
            <table className="compact">
              <caption>{t('plans.contribution.shares')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('plans.target')}</th>
                  <th scope="col">{t('plans.commune')}</th>
                  <th scope="col" className="num">
                    {t('plans.goal')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.allocations.map((s) => (
                  <tr key={`${s.targetId}|${s.commune ?? ''}`}>
                    <td>{s.targetId}</td>
                    <td>{s.commune ?? '—'}</td>
                    <td className="num">{num(s.goal)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </article>
      ))}
    </section>
  );
}
