/**
 * Sở Tài chính consolidates a draft: each target's goal and its allocations per agency and commune
 * (the ones the KPIs use), set by hand or taken from the contributions' proposals in one step, then
 * saved with `PUT /plans/{id}/targets` and If-Match. The API's errors sit under the inputs they name
 * (`targets.2.allocations.0.goal`); a row the API refuses whole (an allocation naming neither agency
 * nor commune, or one named twice) says so under the row.
 */
import { type FormEvent, useState } from 'react';
import { fieldErrors, type Problem } from '../api/problem.ts';
import { useApp } from '../app-context.tsx';
import { Field, ProblemNotice } from '../components/ui.tsx';
import { catalogues, useI18n } from '../i18n/index.tsx';
import { HANOI_COMMUNES } from '../../../shared/reference/hanoi-communes.ts';
import { Conflict, CountInput, planCall, problemOfError, TargetCard } from './plan-parts.tsx';
import { type Allocation, allocationsFromProposals, type PlanView, rowKey, type Target, targetInputOf } from './plan-model.ts';

type Row = Allocation & { key?: string };
/** Every allocation with a row key (those it had keep theirs). */
const keyed = (targets: readonly Target[]): Target[] =>
  targets.map((t) => ({ ...t, allocations: t.allocations.map((a: Row) => (a.key ? a : { ...a, key: rowKey() })) }));

/** Agency codes the console knows by name (the catalogue's `agency.*` labels), for the agency input's suggestions. */
const KNOWN_AGENCIES = Object.keys(catalogues.vi)
  .filter((k) => k.startsWith('agency.'))
  .map((k) => k.slice('agency.'.length));

export function AllocationsEditor({
  plan,
  onSaved,
  onConflict,
}: {
  plan: PlanView;
  onSaved: (p: PlanView) => void;
  onConflict: () => void;
}) {
  const ctx = useApp();
  const { t, label, lang } = useI18n();
  const [targets, setTargets] = useState<Target[]>(() => keyed(plan.targets));
  const [problem, setProblem] = useState<Problem>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const proposals = (plan.contributions ?? []).filter((c) => c.allocations.length > 0);

  const change = (i: number, next: (t: Target) => Target) => {
    setSaved(false);
    setTargets((all) => all.map((x, j) => (j === i ? next(x) : x)));
  };
  const setAllocation = (i: number, j: number, patch: Partial<Allocation>) =>
    change(i, (x) => ({ ...x, allocations: x.allocations.map((a, k) => (k === j ? stripEmpty({ ...a, ...patch }) : a)) }));

  async function save(e: FormEvent) {
    e.preventDefault();
    setProblem(undefined);
    setBusy(true);
    try {
      const next = await planCall(
        ctx.api.PUT('/plans/{id}/targets', {
          params: { path: { id: plan.id } },
          body: { targets: targets.map(targetInputOf) },
          headers: { 'If-Match': `"${plan.revision}"` },
        }),
      );
      setTargets(keyed(next.targets));
      setSaved(true);
      onSaved(next);
    } catch (err) {
      setProblem(problemOfError(err));
    } finally {
      setBusy(false);
    }
  }

  const shown: string[] = [];
  const conflict = problem?.status === 409 || problem?.status === 412;
  return (
    <form onSubmit={save} className="form" aria-labelledby="alloc-title" noValidate data-testid="allocations-editor">
      <h3 id="alloc-title" className="sr-only">
        {t('plans.allocations.edit')}
      </h3>
      <div className="card">
        <p className="muted">{t('plans.allocations.hint')}</p>
        <button
          type="button"
          disabled={proposals.length === 0}
          onClick={() => {
            setSaved(false);
            setTargets((all) => keyed(allocationsFromProposals(all, proposals)));
          }}
        >
          {t('plans.allocations.fromProposals', { n: proposals.length })}
        </button>
      </div>
      <datalist id="agency-codes">
        {[...new Set([...KNOWN_AGENCIES, ...(plan.contributions ?? []).map((c) => c.agency)])].map((a) => (
          <option key={a} value={a}>
            {label('agency', a)}
          </option>
        ))}
      </datalist>
      <datalist id="commune-codes">
        {HANOI_COMMUNES.map((c) => (
          <option key={c.code} value={c.code}>
            {lang === 'vi' ? c.name : c.nameEn}
          </option>
        ))}
      </datalist>
      <ul className="targets" data-testid="targets">
        {targets.map((target, i) => {
          const at = `targets.${i}`;
          shown.push(`${at}.goal`);
          return (
            <TargetCard key={target.id} target={target}>
              <Field label={t('plans.goalFor', { name: target.name[lang] })} name={`${at}.goal`} errors={errors}>
                {(p) => <CountInput {...p} value={target.goal} onCount={(n) => change(i, (x) => ({ ...x, goal: n }))} />}
              </Field>
              <fieldset className="allocations">
                <legend>{t('plans.allocations')}</legend>
                {target.allocations.length === 0 ? <p className="muted small">{t('plans.noAllocations')}</p> : null}
                {target.allocations.map((a: Row, j) => {
                  const row = `${at}.allocations.${j}`;
                  shown.push(row, `${row}.agency`, `${row}.commune`, `${row}.goal`);
                  const rowErrors = errors.get(row) ?? [];
                  return (
                    <div key={a.key ?? j} className="alloc-row" data-allocation={`${a.agency ?? ''}|${a.commune ?? ''}`}>
                      <Field label={t('plans.agency')} name={`${row}.agency`} errors={errors}>
                        {(p) => (
                          <input
                            {...p}
                            list="agency-codes"
                            value={a.agency ?? ''}
                            onChange={(e) => setAllocation(i, j, { agency: e.target.value.trim() })}
                          />
                        )}
                      </Field>
                      <Field label={t('plans.commune')} name={`${row}.commune`} errors={errors}>
                        {(p) => (
                          <input
                            {...p}
                            list="commune-codes"
                            inputMode="numeric"
                            maxLength={5}
                            value={a.commune ?? ''}
                            onChange={(e) => setAllocation(i, j, { commune: e.target.value.replace(/\D/g, '') })}
                          />
                        )}
                      </Field>
                      <Field label={t('plans.goal')} name={`${row}.goal`} errors={errors}>
                        {(p) => <CountInput {...p} value={a.goal} onCount={(n) => setAllocation(i, j, { goal: n })} />}
                      </Field>
                      <button
                        type="button"
                        className="link start"
                        aria-label={t('plans.allocations.removeOf', { name: target.name[lang], n: j + 1 })}
                        onClick={() => change(i, (x) => ({ ...x, allocations: x.allocations.filter((_, k) => k !== j) }))}
                      >
                        {t('plans.remove')}
                      </button>
                      {rowErrors.length ? (
                        <p className="field-error alloc-error" data-field-error={row}>
                          {rowErrors.join('; ')}
                        </p>
                      ) : null}
                    </div>
                  );
                })}
                <button
                  type="button"
                  className="start"
                  aria-label={t('plans.allocations.addTo', { name: target.name[lang] })}
                  onClick={() => change(i, (x) => ({ ...x, allocations: [...x.allocations, { goal: 0, key: rowKey() }] }))}
                >
                  {t('plans.allocations.add')}
                </button>
              </fieldset>
            </TargetCard>
          );
        })}
      </ul>
      <div className="actions sticky-actions">
        {conflict ? <Conflict problem={problem} reload={onConflict} /> : <ProblemNotice problem={problem} shown={shown} />}
        {saved ? (
          <p role="status" className="notice ok">
            {t('plans.allocations.saved', { revision: plan.revision })}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('plans.allocations.save')}
        </button>
      </div>
    </form>
  );
}

/** An allocation without the empty agency or commune a cleared input leaves. */
function stripEmpty(a: Row): Row {
  return {
    ...(a.key ? { key: a.key } : {}),
    ...(a.agency ? { agency: a.agency } : {}),
    ...(a.commune ? { commune: a.commune } : {}),
    goal: a.goal,
  };
}
