/**
 * The programmes taking applications today, for the enterprise the person acts for (GET
 * /me/programmes?taxCode=): each pre-checked against its registry record — eligible, with a link to
 * apply, or every reason it is not, in the reader's language.
 */
import { ok } from '../api/client.ts';
import { ApiError } from '../api/problem.ts';
import { useApp } from '../app-context.tsx';
import { Badge, LoadError, Loading } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { ForEnterprise, type ProgrammeCheck } from './enterprise-model.tsx';
import type { ProgrammeView } from './programme-model.ts';

export default function OpenProgrammes() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="open-title">
      <h1 id="open-title">{t('open.title')}</h1>
      <p className="muted">{t('open.hint')}</p>
      <ForEnterprise>{(taxCode) => <Checks taxCode={taxCode} />}</ForEnterprise>
    </section>
  );
}

function Checks({ taxCode }: { taxCode: string }) {
  const ctx = useApp();
  const { t } = useI18n();
  const checks = useAsync(async () => {
    try {
      return (await ok(ctx.api.GET('/me/programmes', { params: { query: { taxCode } } }))).items;
    } catch (e) {
      // The registry has not announced the enterprise to intake yet: say so, not an error.
      if (e instanceof ApiError && e.status === 422) return 'not-yet' as const;
      throw e;
    }
  }, [taxCode]);
  if (checks.loading && !checks.data) return <Loading />;
  if (checks.error) return <LoadError error={checks.error} />;
  if (checks.data === 'not-yet')
    return (
      <div role="status" className="notice" data-testid="not-yet">
        <p>{t('open.notYet')}</p>
        <button type="button" onClick={checks.reload}>
          {t('mail.refresh')}
        </button>
      </div>
    );
  const items = checks.data ?? [];
  if (items.length === 0) return <p className="muted">{t('open.none')}</p>;
  return (
    <ul className="programme-checks" data-testid="programme-checks">
      {items.map((c) => (
        <ProgrammeCard key={c.programme.id} check={c} taxCode={taxCode} />
      ))}
    </ul>
  );
}

function ProgrammeCard({ check, taxCode }: { check: ProgrammeCheck; taxCode: string }) {
  const { t, label, vnd, date, text } = useI18n();
  const p = check.programme as unknown as ProgrammeView;
  const headingId = `prog-${p.id}`;
  return (
    <li className="card" data-programme={p.code} data-eligible={check.eligible}>
      <div className="page-head">
        <h2 id={headingId}>
          {p.code} — {p.name}
        </h2>
        <Badge kind={check.eligible ? 'eligible' : 'not-eligible'}>{check.eligible ? t('open.eligible') : t('open.notEligible')}</Badge>
      </div>
      <p className="muted small">
        {label('category', p.category)} · {label('agency', p.ownerAgency)} · {t('open.window', { date: date(p.closesOn) })} ·{' '}
        {t('open.remaining', { amount: vnd(Math.max(0, p.budgetVnd - p.committedVnd)) })}
      </p>
      {check.eligible ? (
        <Link to={`/applications/new?programmeId=${p.id}&taxCode=${taxCode}`} className="button primary" aria-describedby={headingId}>
          {t('open.apply')}
        </Link>
      ) : (
        <div data-testid="reasons">
          <strong>{t('open.reasons')}</strong>
          <ul>
            {check.reasons.map((r) => (
              <li key={r.rule} data-rule={r.rule}>
                {text(r.messageText, r.message)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}
