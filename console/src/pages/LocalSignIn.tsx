/**
 * Local sign-in (the local runtime only): pick an agency, roles and, for a commune committee, the
 * commune; or sign in as a person acting for an enterprise, the runtime playing VNeID (domain.md
 * §9): a user id, the citizen id — hashed here with SHA-256 (WebCrypto), so only the hash leaves
 * the browser; a 64-hex hash is taken as it is — and optionally the organisation's tax code. The
 * runtime's dev-only token endpoint signs a token as `npm run token` does.
 */
import { type FormEvent, useState } from 'react';
import { asProblem, fieldErrors, type Problem } from '../api/problem.ts';
import { Field, ProblemNotice } from '../components/ui.tsx';
import type { LocalAuth } from '../config.ts';
import { useI18n } from '../i18n/index.tsx';

/** The SHA-256 (lower-case hex) of a citizen id, as the identity provider asserts it; a hash already given is kept. */
export async function personIdHashOf(citizenId: string): Promise<string> {
  const value = citizenId.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase();
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

type Kind = 'staff' | 'enterprise';

export function LocalSignIn({ auth, baseUrl, onToken }: { auth: LocalAuth; baseUrl: string; onToken: (token: string) => void }) {
  const { t, label, lang } = useI18n();
  const [agency, setAgency] = useState(auth.agencies[0] ?? '');
  const [roles, setRoles] = useState<string[]>(['officer']);
  const [commune, setCommune] = useState('');
  const [sub, setSub] = useState('');
  const [kind, setKind] = useState<Kind>('staff');
  const [enterpriseUser, setEnterpriseUser] = useState('');
  const [citizenId, setCitizenId] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const request =
        kind === 'enterprise'
          ? {
              enterpriseUser: enterpriseUser.trim(),
              personIdHash: citizenId.trim() ? await personIdHashOf(citizenId) : '',
              ...(organisation.trim() ? { organisation: organisation.trim() } : {}),
            }
          : { agency, roles, ...(commune ? { commune } : {}), ...(sub.trim() ? { sub: sub.trim() } : {}) };
      const res = await fetch(`${baseUrl}${auth.tokenUrl}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
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
      <fieldset>
        <legend>{t('signIn.kind')}</legend>
        {(['staff', 'enterprise'] as const).map((k) => (
          <label key={k} className="check">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            {t(`signIn.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      {kind === 'enterprise' ? <p className="muted">{t('signIn.enterprise.hint')}</p> : null}
      {kind === 'staff' ? (
        <>
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
        </>
      ) : (
        <>
          <Field label={t('signIn.enterpriseUser')} name="enterpriseUser" errors={errors}>
            {(p) => <input {...p} value={enterpriseUser} onChange={(e) => setEnterpriseUser(e.target.value)} autoComplete="username" />}
          </Field>
          <Field label={t('signIn.citizenId')} name="personIdHash" errors={errors} hint={t('signIn.citizenId.hint')}>
            {(p) => <input {...p} value={citizenId} onChange={(e) => setCitizenId(e.target.value)} autoComplete="off" spellCheck={false} />}
          </Field>
          <Field label={t('signIn.organisation')} name="organisation" errors={errors} hint={t('signIn.organisation.hint')}>
            {(p) => <input {...p} value={organisation} inputMode="numeric" onChange={(e) => setOrganisation(e.target.value)} />}
          </Field>
        </>
      )}
      <ProblemNotice problem={problem} shown={['agency', 'roles', 'commune', 'sub', 'enterpriseUser', 'personIdHash', 'organisation']} />
      <button type="submit" className="primary" disabled={busy}>
        {t('signIn.submit')}
      </button>
    </form>
  );
}
