/**
 * Local sign-in (the local runtime only): pick an agency, roles and, for a commune committee, the
 * commune; the runtime's dev-only token endpoint signs a token as `npm run token` does.
 */
import { type FormEvent, useState } from 'react';
import { asProblem, fieldErrors, type Problem } from '../api/problem.ts';
import { Field, ProblemNotice } from '../components/ui.tsx';
import type { LocalAuth } from '../config.ts';
import { useI18n } from '../i18n/index.tsx';

export function LocalSignIn({ auth, baseUrl, onToken }: { auth: LocalAuth; baseUrl: string; onToken: (token: string) => void }) {
  const { t, label, lang } = useI18n();
  const [agency, setAgency] = useState(auth.agencies[0] ?? '');
  const [roles, setRoles] = useState<string[]>(['officer']);
  const [commune, setCommune] = useState('');
  const [sub, setSub] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const res = await fetch(`${baseUrl}${auth.tokenUrl}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agency, roles, ...(commune ? { commune } : {}), ...(sub.trim() ? { sub: sub.trim() } : {}) }),
      });
      const body = (await res.json()) as { accessToken?: string };
      if (!res.ok || !body.accessToken) setProblem(asProblem(res.status, body));
      else onToken(body.accessToken);
    } catch (error) {
      setProblem({ status: 0, title: String(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="card form" aria-labelledby="signin-title">
      <h2 id="signin-title">{t('signIn.local.title')}</h2>
      <p className="muted">{t('signIn.local.hint')}</p>
      <Field label={t('signIn.agency')} name="agency" errors={errors}>
        {(p) => (
          <select {...p} value={agency} onChange={(e) => setAgency(e.target.value)}>
            {auth.agencies.map((a) => (
              <option key={a} value={a}>
                {label('agency', a)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className={errors.has('roles') ? 'invalid' : ''}>
        <legend>{t('signIn.roles')}</legend>
        {auth.roles.map((r) => (
          <label key={r} className="check">
            <input
              type="checkbox"
              name="roles"
              value={r}
              checked={roles.includes(r)}
              onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
            />
            {label('role', r)}
          </label>
        ))}
        {errors.get('roles') ? <small className="field-error">{errors.get('roles')!.join('; ')}</small> : null}
      </fieldset>
      <Field label={t('signIn.commune')} name="commune" errors={errors} hint={t('signIn.commune.hint')}>
        {(p) => (
          <select {...p} value={commune} onChange={(e) => setCommune(e.target.value)}>
            <option value="">{t('signIn.commune.none')}</option>
            {auth.communes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} — {lang === 'en' ? c.nameEn : c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('signIn.sub')} name="sub" errors={errors} hint={t('signIn.sub.hint')}>
        {(p) => <input {...p} value={sub} onChange={(e) => setSub(e.target.value)} autoComplete="username" />}
      </Field>
      <ProblemNotice problem={problem} shown={['agency', 'roles', 'commune', 'sub']} />
      <button type="submit" className="primary" disabled={busy}>
        {t('signIn.submit')}
      </button>
    </form>
  );
}
