/**
 * Draft an application: programme, enterprise (tax code), amount, contact and the programme's
 * questions. Every error the API names is shown next to its input. A person acting for an
 * enterprise drafts for that enterprise only (its tax code is the linked one, not typed), among
 * the programmes open to it (GET /me/programmes); `?programmeId=&taxCode=` preselects.
 */
import { type FormEvent, useState } from 'react';
import { ok } from '../api/client.ts';
import { ApiError, fieldErrors, type Problem } from '../api/problem.ts';
import { useApp } from '../app-context.tsx';
import { Field, ProblemNotice, problemOf } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { isEnterprise } from '../auth/session.ts';
import { navigate, useLocation } from '../router.tsx';
import { ForEnterprise } from './enterprise-model.tsx';
import type { ProgrammeView } from './programme-model.ts';

interface Question {
  id: string;
  label: string;
  type: string;
  required?: boolean;
  options?: string[];
  unit?: string;
}

export default function NewApplication() {
  const ctx = useApp();
  const { query } = useLocation();
  const asked = query.get('taxCode') ?? '';
  if (!isEnterprise(ctx.session)) return <DraftForm programmeId={query.get('programmeId') ?? ''} />;
  return (
    <ForEnterprise>
      {(chosen, me) => (
        <DraftForm programmeId={query.get('programmeId') ?? ''} enterprise={me.actingFor.includes(asked) ? asked : chosen} />
      )}
    </ForEnterprise>
  );
}

/** `enterprise`: the one an enterprise user drafts for (fixed); staff type the tax code. */
function DraftForm({ programmeId: preselected, enterprise }: { programmeId: string; enterprise?: string }) {
  const ctx = useApp();
  const { t, vnd } = useI18n();
  const programmes = useAsync(async () => {
    if (enterprise === undefined)
      return (await ok(ctx.api.GET('/programmes', { params: { query: { limit: 100 } } }))) as unknown as { items: ProgrammeView[] };
    const open = await ok(ctx.api.GET('/me/programmes', { params: { query: { taxCode: enterprise } } }));
    return { items: open.items.filter((c) => c.eligible).map((c) => c.programme as unknown as ProgrammeView) };
  }, [enterprise]);
  const [programmeId, setProgrammeId] = useState(preselected);
  const [taxCode, setTaxCode] = useState(enterprise ?? '');
  const [amount, setAmount] = useState('');
  const [contact, setContact] = useState({ name: '', phone: '', email: '' });
  const [answers, setAnswers] = useState<Record<string, string | number | boolean>>({});
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const programme = programmes.data?.items.find((p) => p.id === programmeId);
  const questions = ((programme?.questions ?? []) as unknown as Question[]).slice(0, 50);
  const shown = [
    'programmeId',
    'taxCode',
    'requestedAmountVnd',
    'contact.name',
    'contact.phone',
    'contact.email',
    ...questions.map((q) => `answers.${q.id}`),
  ];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const created = await ok(
        ctx.api.POST('/applications', {
          body: { programmeId, taxCode: taxCode.trim(), requestedAmountVnd: Number(amount), answers, contact },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      navigate(`/applications/${created.id}`);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { status: 0, title: String(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="na-title">
      <h1 id="na-title">{t('newApplication.title')}</h1>
      {enterprise !== undefined ? <p className="muted">{t('newApplication.forEnterprise', { taxCode: enterprise })}</p> : null}
      {enterprise !== undefined && programmes.data?.items.length === 0 ? <p className="notice">{t('newApplication.noProgramme')}</p> : null}
      {programmes.error ? <ProblemNotice problem={problemOf(programmes.error)} /> : null}
      <form onSubmit={submit} className="card form grid2" noValidate>
        <Field label={t('applications.programme')} name="programmeId" errors={errors}>
          {(p) => (
            <select {...p} value={programmeId} onChange={(e) => setProgrammeId(e.target.value)} required>
              <option value="">{t('newApplication.choose')}</option>
              {(programmes.data?.items ?? []).map((pr) => (
                <option key={pr.id} value={pr.id}>
                  {pr.code} — {pr.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('newApplication.taxCode')} name="taxCode" errors={errors} hint={t('newApplication.taxCode.hint')}>
          {(p) => (
            <input
              {...p}
              value={taxCode}
              inputMode="numeric"
              readOnly={enterprise !== undefined}
              onChange={(e) => setTaxCode(e.target.value)}
              required
            />
          )}
        </Field>
        <Field
          label={t('applications.requested')}
          name="requestedAmountVnd"
          errors={errors}
          hint={amount ? vnd(Number(amount)) : undefined}
        >
          {(p) => <input {...p} type="number" min={1} step={1} value={amount} onChange={(e) => setAmount(e.target.value)} required />}
        </Field>
        <Field label={t('newApplication.contactName')} name="contact.name" errors={errors}>
          {(p) => (
            <input {...p} value={contact.name} autoComplete="name" onChange={(e) => setContact({ ...contact, name: e.target.value })} />
          )}
        </Field>
        <Field label={t('newApplication.contactPhone')} name="contact.phone" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="tel"
              value={contact.phone}
              autoComplete="tel"
              onChange={(e) => setContact({ ...contact, phone: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('newApplication.contactEmail')} name="contact.email" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="email"
              value={contact.email}
              autoComplete="email"
              onChange={(e) => setContact({ ...contact, email: e.target.value })}
            />
          )}
        </Field>
        {questions.map((q) => (
          <Field
            key={q.id}
            label={`${q.label}${q.unit ? ` (${q.unit})` : ''}${q.required ? ' *' : ''}`}
            name={`answers.${q.id}`}
            errors={errors}
          >
            {(p) =>
              q.type === 'boolean' ? (
                <select
                  {...p}
                  value={String(answers[q.id] ?? '')}
                  onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value === 'true' })}
                >
                  <option value="">—</option>
                  <option value="true">{t('common.yes')}</option>
                  <option value="false">{t('common.no')}</option>
                </select>
              ) : q.options?.length ? (
                <select {...p} value={String(answers[q.id] ?? '')} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })}>
                  <option value="">—</option>
                  {q.options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : q.type === 'text' ? (
                <textarea
                  {...p}
                  maxLength={2000}
                  value={String(answers[q.id] ?? '')}
                  onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })}
                />
              ) : (
                <input
                  {...p}
                  type="number"
                  value={String(answers[q.id] ?? '')}
                  onChange={(e) => setAnswers({ ...answers, [q.id]: Number(e.target.value) })}
                />
              )
            }
          </Field>
        ))}
        <div className="actions">
          <ProblemNotice problem={problem} shown={shown} />
          <button type="submit" className="primary" disabled={busy}>
            {t('newApplication.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
