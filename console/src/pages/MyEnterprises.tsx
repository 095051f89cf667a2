/**
 * "My enterprises" (the enterprise role's home): the person's links to enterprises — verified,
 * pending or revoked, on what basis, with each act and who did it (an agency, or a person by their
 * account id) — a form to link to another (POST /me/enterprises), and for an enterprise whose
 * verified legal representative they are, the delegations they may approve or revoke.
 */
import { type FormEvent, useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { Badge, Field, LoadError, Loading, ProblemNotice } from '../components/ui.tsx';
import { useAction } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { DelegationForm } from './delegation-form.tsx';
import { type LinkView, useMe } from './enterprise-model.tsx';

export default function MyEnterprises() {
  const ctx = useApp();
  const { t, label } = useI18n();
  const me = useMe();
  const [taxCode, setTaxCode] = useState('');
  const [linked, setLinked] = useState<LinkView>();
  const { busy, problem, errors, run } = useAction();

  const link = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      setLinked(undefined);
      setLinked(await ok(ctx.api.POST('/me/enterprises', { body: { taxCode: taxCode.trim() } })));
      setTaxCode('');
      me.reload();
    });
  };

  return (
    <section aria-labelledby="me-title">
      <h1 id="me-title">{t('me.title')}</h1>
      <p className="muted" data-testid="my-account">
        {t('me.account', { sub: ctx.session.claims.sub })}
      </p>
      <form onSubmit={link} className="card form" noValidate aria-labelledby="link-title">
        <h2 id="link-title">{t('me.link.title')}</h2>
        <p className="muted small">{t('me.link.hint')}</p>
        <Field label={t('newApplication.taxCode')} name="taxCode" errors={errors} hint={t('newApplication.taxCode.hint')}>
          {(p) => <input {...p} value={taxCode} inputMode="numeric" maxLength={14} onChange={(e) => setTaxCode(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !taxCode.trim()}>
            {t('me.link.submit')}
          </button>
        </div>
        {linked ? (
          <p role="status" className="notice">
            {t('me.link.done', { taxCode: linked.taxCode, status: label('linkStatus', linked.status) })}
          </p>
        ) : null}
        <ProblemNotice problem={problem} shown={['taxCode']} />
      </form>
      {me.loading && !me.data ? <Loading /> : null}
      {me.error ? <LoadError error={me.error} /> : null}
      {me.data && me.data.enterprises.length === 0 ? <p className="muted">{t('me.none')}</p> : null}
      <ul className="links" data-testid="links">
        {(me.data?.enterprises ?? []).map((l) => (
          <li key={l.taxCode} className="card" data-link={l.taxCode} data-status={l.status} data-basis={l.basis}>
            <LinkCard link={l} />
            {l.status === 'verified' && l.basis === 'legal-representative' ? (
              <DelegationForm taxCode={l.taxCode} onDone={me.reload} />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function LinkCard({ link }: { link: LinkView }) {
  const { t, label, dateTime } = useI18n();
  return (
    <>
      <div className="page-head">
        <h2>{link.taxCode}</h2>
        <Badge kind={link.status}>
          <span data-testid="link-status">{label('linkStatus', link.status)}</span>
        </Badge>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('me.basis')}</dt>
          <dd data-testid="link-basis">{label('basis', link.basis)}</dd>
        </div>
        <div>
          <dt>{t('support.date')}</dt>
          <dd>{t('me.since', { when: dateTime(link.createdAt) })}</dd>
        </div>
      </dl>
      <details>
        <summary>{t('me.acts')}</summary>
        <ol className="timeline">
          {link.acts.map((a) => (
            <li key={`${a.at}-${a.action}`}>
              <time dateTime={a.at}>{dateTime(a.at)}</time> <strong>{label('linkAction', a.action)}</strong>{' '}
              <span className="muted">
                {t('application.by', {
                  who: a.by.agency ? label('agency', a.by.agency) : t('me.actBy.person', { sub: a.by.sub ?? '' }),
                })}
              </span>
              {a.detail ? <div className="small">{a.detail}</div> : null}
            </li>
          ))}
        </ol>
      </details>
    </>
  );
}
