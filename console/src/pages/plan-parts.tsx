/**
 * Pieces the plan pages share: the call that answers a plan (or throws its problem), the conflict
 * notice with its reload, a target's card, and how allocations and contributors are named.
 */
import type { InputHTMLAttributes, ReactNode } from 'react';
import { ApiError, type Problem } from '../api/problem.ts';
import { Badge } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import type { Allocation, PlanView, Target } from './plan-model.ts';

/** A call that answers the plan, or throws the problem. */
export async function planCall(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<PlanView> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError({ status: response.status, ...(error as object) });
  return data as PlanView;
}

export const problemOfError = (err: unknown): Problem => (err instanceof ApiError ? err.problem : { status: 0, title: String(err) });

export function Fact({ term, value, testId }: { term: string; value: string; testId?: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

export function Conflict({ problem, reload }: { problem: Problem | undefined; reload: () => void }) {
  const { t } = useI18n();
  return (
    <div role="alert" className="notice warn" data-testid="conflict">
      <strong>{t('plans.conflict')}</strong>
      {problem?.detail ? <p>{problem.detail}</p> : null}
      <button type="button" onClick={reload}>
        {t('programme.reload')}
      </button>
    </div>
  );
}

/** One target: what it counts, over which period, its goal and source, and the assumption where there is one. */
export function TargetCard({ target, children }: { target: Target; children?: ReactNode }) {
  const { t, lang, label, num } = useI18n();
  const period =
    target.period.kind === 'annual'
      ? t('dashboard.periodAnnual', { year: target.period.from })
      : t('dashboard.periodCumulative', { from: target.period.from, to: target.period.to });
  return (
    <li className="card target" data-target={target.id}>
      <h3>{target.name[lang]}</h3>
      <dl className="facts">
        <Fact term={t('plans.goal')} value={`${num(target.goal)} ${label('kpiUnit', target.unit)}`} />
        <Fact term={t('plans.period')} value={period} />
        <Fact term={t('plans.source')} value={target.source} />
        <Fact term={t('plans.measures')} value={target.measures.join(', ')} />
      </dl>
      {target.assumption ? (
        <p className="small" data-testid={`assumption-${target.id}`}>
          <Badge kind="assumption">{t('plans.assumption')}</Badge> {target.assumption}
        </p>
      ) : null}
      {children}
    </li>
  );
}

/** Who the plan allocates a target to: an agency, a commune, or an agency within a commune. */
export function allocationLabel(
  a: Pick<Allocation, 'agency' | 'commune'>,
  label: (p: string, v: string) => string,
  t: (k: 'who.commune', v: { code: string }) => string,
): string {
  return [a.agency ? label('agency', a.agency) : '', a.commune ? t('who.commune', { code: a.commune }) : ''].filter(Boolean).join(' · ');
}

export function contributorName(
  contributor: string,
  label: (p: string, v: string) => string,
  t: (k: 'who.commune', v: { code: string }) => string,
) {
  const commune = /^ubnd-xa-(\d{5})$/.exec(contributor)?.[1];
  return commune ? `${label('agency', 'ubnd-xa')} · ${t('who.commune', { code: commune })}` : label('agency', contributor);
}

/** A whole number ≥ 0 (a goal, an expected result): an empty input reads as 0. */
export function CountInput({
  value,
  onCount,
  ...rest
}: { value: number; onCount: (n: number) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'type'>) {
  return (
    <input
      {...rest}
      type="number"
      min={0}
      step={1}
      inputMode="numeric"
      value={value}
      onChange={(e) => onCount(Number(e.target.value || 0))}
    />
  );
}
