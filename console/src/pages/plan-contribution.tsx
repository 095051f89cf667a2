/**
 * A contributor's own part of a draft plan (`PUT /plans/{id}/contributions/{contributor}`): a
 * department, a commune committee (as `ubnd-xa-<commune>`) or a business association lists the
 * activities it will carry out and proposes its share of the targets; it may mark its part done.
 * Sở Tài chính then takes the proposals into the targets' allocations. If-Match carries the plan's
 * revision; the API's errors sit under the inputs they name (`activities.0.title`).
 */
import { type FormEvent, useState } from 'react';
import { fieldErrors, type Problem } from '../api/problem.ts';
import { useApp } from '../app-context.tsx';
import { Field, ProblemNotice } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Conflict, CountInput, contributorName, planCall, problemOfError } from './plan-parts.tsx';
import {
  type Contribution,
  contributionInputOf,
  nextActivityId,
  PLANNED_KINDS,
  type PlannedActivity,
  type PlanView,
  type ProposedShare,
  rowKey,
} from './plan-model.ts';

type Share = ProposedShare & { key?: string };
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
type Draft = Pick<Contribution, 'activities' | 'status'> & { allocations: Share[] };

export function ContributionEditor({
  plan,
  contributor,
  own,
  onSaved,
  onConflict,
}: {
  plan: PlanView;
  contributor: string;
  own: Contribution | undefined;
  onSaved: (p: PlanView) => void;
  onConflict: () => void;
}) {
  const ctx = useApp();
  const { t, label, lang } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => ({
    activities: own?.activities ?? [],
    allocations: (own?.allocations ?? []).map((s) => ({ ...s, key: rowKey() })),
    status: own?.status ?? 'open',
  }));
  const [problem, setProblem] = useState<Problem>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const commune = /^ubnd-xa-\d{5}$/.test(contributor);
  const monthFormat = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { month: 'short', timeZone: 'UTC' });
  const monthName = (m: number) => monthFormat.format(new Date(Date.UTC(2026, m - 1, 15)));

  const update = (next: (d: Draft) => Draft) => {
    setSaved(false);
    setDraft(next);
  };
  const setActivity = (i: number, patch: Partial<PlannedActivity>) =>
    update((d) => ({ ...d, activities: d.activities.map((a, j) => (j === i ? { ...a, ...patch } : a)) }));
  const setShare = (i: number, patch: Partial<ProposedShare>) =>
    update((d) => ({ ...d, allocations: d.allocations.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));

  async function save(e: FormEvent) {
    e.preventDefault();
    setProblem(undefined);
    setBusy(true);
    try {
      const next = await planCall(
        ctx.api.PUT('/plans/{id}/contributions/{contributor}', {
          params: { path: { id: plan.id, contributor } },
          body: contributionInputOf(draft),
          headers: { 'If-Match': `"${plan.revision}"` },
        }),
      );
      setSaved(true);
      onSaved(next);
    } catch (err) {
      setProblem(problemOfError(err));
    } finally {
      setBusy(false);
    }
  }

  const shown: string[] = ['status'];
  const conflict = problem?.status === 409 || problem?.status === 412;
  return (
    <form onSubmit={save} className="card form" aria-labelledby="contrib-title" noValidate data-testid="contribution-editor">
      <h2 id="contrib-title">{t('plans.contribution.title', { who: contributorName(contributor, label, t) })}</h2>
      <p className="muted">{t('plans.contribution.hint')}</p>

      <fieldset>
        <legend>{t('plans.contribution.activities')}</legend>
        {draft.activities.length === 0 ? <p className="muted small">{t('plans.contribution.noActivities')}</p> : null}
        {draft.activities.map((a, i) => {
          const at = `activities.${i}`;
          shown.push(at, `${at}.title`, `${at}.kind`, `${at}.expected`, `${at}.budgetVnd`, `${at}.targetIds`, `${at}.months`);
          return (
            <div key={a.id} className="card row-card" data-planned-activity={a.id}>
              <Field label={t('plans.activity.title')} name={`${at}.title`} errors={errors}>
                {(p) => <input {...p} value={a.title} maxLength={200} onChange={(e) => setActivity(i, { title: e.target.value })} />}
              </Field>
              <Field label={t('plans.activity.kind')} name={`${at}.kind`} errors={errors}>
                {(p) => (
                  <select {...p} value={a.kind} onChange={(e) => setActivity(i, { kind: e.target.value as PlannedActivity['kind'] })}>
                    {PLANNED_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {label('activityKind', k)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('plans.activity.expected')} name={`${at}.expected`} errors={errors} hint={t('plans.activity.expectedHint')}>
                {(p) => <CountInput {...p} value={a.expected} onCount={(n) => setActivity(i, { expected: n })} />}
              </Field>
              <Field label={t('plans.activity.budget')} name={`${at}.budgetVnd`} errors={errors}>
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    min={0}
                    inputMode="numeric"
                    value={a.budgetVnd ?? ''}
                    onChange={(e) => {
                      const v = e.target.value;
                      update((d) => ({
                        ...d,
                        activities: d.activities.map((x, j) => {
                          if (j !== i) return x;
                          const { budgetVnd: _, ...rest } = x;
                          return v === '' ? rest : { ...rest, budgetVnd: Number(v) };
                        }),
                      }));
                    }}
                  />
                )}
              </Field>
              <fieldset className={errors.has(`${at}.months`) ? 'invalid' : ''}>
                <legend>{t('plans.activity.months')}</legend>
                {MONTHS.map((m) => (
                  <label key={m} className="check">
                    <input
                      type="checkbox"
                      value={m}
                      checked={(a.months ?? []).includes(m)}
                      onChange={(e) => {
                        const months = e.target.checked
                          ? [...(a.months ?? []), m].sort((x, y) => x - y)
                          : (a.months ?? []).filter((x) => x !== m);
                        update((d) => ({
                          ...d,
                          activities: d.activities.map((x, j) => {
                            if (j !== i) return x;
                            const { months: _, ...rest } = x;
                            return months.length ? { ...rest, months } : rest;
                          }),
                        }));
                      }}
                    />
                    {monthName(m)}
                  </label>
                ))}
              </fieldset>
              <fieldset className={errors.has(`${at}.targetIds`) ? 'invalid' : ''}>
                <legend>{t('plans.activity.targets')}</legend>
                {plan.targets.map((target) => (
                  <label key={target.id} className="check">
                    <input
                      type="checkbox"
                      value={target.id}
                      checked={(a.targetIds ?? []).includes(target.id)}
                      onChange={(e) =>
                        setActivity(i, {
                          targetIds: e.target.checked
                            ? [...(a.targetIds ?? []), target.id]
                            : (a.targetIds ?? []).filter((x) => x !== target.id),
                        })
                      }
                    />
                    {target.name[lang]}
                  </label>
                ))}
              </fieldset>
              <button
                type="button"
                className="link start"
                aria-label={t('plans.contribution.removeActivity', { n: i + 1 })}
                onClick={() => update((d) => ({ ...d, activities: d.activities.filter((_, j) => j !== i) }))}
              >
                {t('plans.remove')}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          onClick={() =>
            update((d) => ({
              ...d,
              activities: [...d.activities, { id: nextActivityId(d.activities), title: '', kind: 'workshop', targetIds: [], expected: 0 }],
            }))
          }
        >
          {t('plans.contribution.addActivity')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('plans.contribution.shares')}</legend>
        <p className="muted small">{t('plans.contribution.sharesHint')}</p>
        {draft.allocations.map((s, i) => {
          const at = `allocations.${i}`;
          shown.push(at, `${at}.targetId`, `${at}.goal`, `${at}.commune`);
          const rowErrors = errors.get(at) ?? [];
          return (
            <div key={s.key ?? i} className="alloc-row" data-share={s.targetId}>
              <Field label={t('plans.target')} name={`${at}.targetId`} errors={errors}>
                {(p) => (
                  <select {...p} value={s.targetId} onChange={(e) => setShare(i, { targetId: e.target.value })}>
                    {plan.targets.map((target) => (
                      <option key={target.id} value={target.id}>
                        {target.name[lang]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('plans.goal')} name={`${at}.goal`} errors={errors}>
                {(p) => <CountInput {...p} value={s.goal} onCount={(n) => setShare(i, { goal: n })} />}
              </Field>
              {commune ? null : (
                <Field label={t('plans.communeOptional')} name={`${at}.commune`} errors={errors}>
                  {(p) => (
                    <input
                      {...p}
                      inputMode="numeric"
                      maxLength={5}
                      value={s.commune ?? ''}
                      onChange={(e) => {
                        const v = e.target.value.replace(/\D/g, '');
                        update((d) => ({
                          ...d,
                          allocations: d.allocations.map((x, j) => {
                            if (j !== i) return x;
                            const { commune: _, ...rest } = x;
                            return v ? { ...rest, commune: v } : rest;
                          }),
                        }));
                      }}
                    />
                  )}
                </Field>
              )}
              <button
                type="button"
                className="link start"
                aria-label={t('plans.contribution.removeShare', { n: i + 1 })}
                onClick={() => update((d) => ({ ...d, allocations: d.allocations.filter((_, j) => j !== i) }))}
              >
                {t('plans.remove')}
              </button>
              {rowErrors.length ? (
                <p className="field-error alloc-error" data-field-error={at}>
                  {rowErrors.join('; ')}
                </p>
              ) : null}
            </div>
          );
        })}
        <button
          type="button"
          disabled={plan.targets.length === 0}
          onClick={() =>
            update((d) => ({ ...d, allocations: [...d.allocations, { targetId: plan.targets[0]?.id ?? '', goal: 0, key: rowKey() }] }))
          }
        >
          {t('plans.contribution.addShare')}
        </button>
      </fieldset>

      <label className="check">
        <input
          type="checkbox"
          name="status"
          checked={draft.status === 'submitted'}
          onChange={(e) => update((d) => ({ ...d, status: e.target.checked ? 'submitted' : 'open' }))}
        />
        {t('plans.contribution.done')}
      </label>
      <div className="actions">
        {conflict ? <Conflict problem={problem} reload={onConflict} /> : <ProblemNotice problem={problem} shown={shown} />}
        {saved ? (
          <p role="status" className="notice ok">
            {t('plans.contribution.saved')}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('plans.contribution.save')}
        </button>
      </div>
    </form>
  );
}
