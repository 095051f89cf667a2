/**
 * Approve or revoke a person's delegation to act for an enterprise (POST / DELETE
 * /enterprises/{taxCode}/delegations/{sub}): on the enterprise's page for an officer of its commune
 * committee or of Sở Tài chính, and on "My enterprises" for its verified legal representative. The
 * policy decides; the page shows its answer.
 */
import { type FormEvent, useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { Field, ProblemNotice } from '../components/ui.tsx';
import { useAction } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import type { LinkView } from './enterprise-model.tsx';

export function DelegationForm({ taxCode, onDone }: { taxCode: string; onDone?: (link: LinkView) => void }) {
  const ctx = useApp();
  const { t, label } = useI18n();
  const [sub, setSub] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<LinkView>();
  const { busy, problem, errors, run } = useAction();

  const act = (action: 'approve' | 'revoke') =>
    run(async () => {
      setDone(undefined);
      const path = { taxCode, sub: sub.trim() };
      const link =
        action === 'approve'
          ? await ok(ctx.api.POST('/enterprises/{taxCode}/delegations/{sub}', { params: { path } }))
          : await ok(
              ctx.api.DELETE('/enterprises/{taxCode}/delegations/{sub}', {
                params: { path, query: reason.trim() ? { reason: reason.trim() } : {} },
              }),
            );
      setDone(link);
      onDone?.(link);
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act('approve');
  };

  return (
    <section className="card" aria-labelledby={`deleg-${taxCode}`} data-testid="delegations">
      <h2 id={`deleg-${taxCode}`}>{t('delegation.title')}</h2>
      <p className="muted small">{t('delegation.hint')}</p>
      <form onSubmit={submit} className="form" noValidate>
        <Field label={t('delegation.sub')} name="sub" errors={errors}>
          {(p) => <input {...p} value={sub} maxLength={200} onChange={(e) => setSub(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label={t('delegation.reason')} name="reason" errors={errors}>
          {(p) => <input {...p} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !sub.trim()}>
            {t('delegation.approve')}
          </button>
          <button type="button" disabled={busy || !sub.trim()} onClick={() => void act('revoke')}>
            {t('delegation.revoke')}
          </button>
        </div>
        {done ? (
          <p role="status" className="notice" data-testid="delegation-result" data-status={done.status}>
            {t('delegation.done', { sub: done.sub, status: label('linkStatus', done.status) })}
          </p>
        ) : null}
        <ProblemNotice problem={problem} shown={['sub', 'reason']} />
      </form>
    </section>
  );
}
