/**
 * The person acting for an enterprise (role `enterprise`): their links (GET /me) and the enterprise
 * their pages are about — one of those they act for now (verified, unrevoked links), chosen when
 * there are several and remembered for the tab.
 */
import { type ReactNode, useState } from 'react';
import { ok } from '../api/client.ts';
import type { paths } from '../api/schema';
import { useApp } from '../app-context.tsx';
import { LoadError, Loading } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';

export type MeView = paths['/me']['get']['responses'][200]['content']['application/json'];
export type LinkView = MeView['enterprises'][number];
export type ProgrammeCheck = paths['/me/programmes']['get']['responses'][200]['content']['application/json']['items'][number];

const CHOSEN = 'sme-console.enterprise';

function remembered(): string {
  try {
    return sessionStorage.getItem(CHOSEN) ?? '';
  } catch {
    return '';
  }
}

export function useMe() {
  const ctx = useApp();
  return useAsync(async () => ok(ctx.api.GET('/me')), []);
}

/** The enterprise one of `actingFor` the pages are about: the one chosen before, else the first. */
export const chosenOf = (actingFor: readonly string[], chosen: string): string | undefined =>
  actingFor.includes(chosen) ? chosen : actingFor[0];

/**
 * Renders its children for the enterprise the person acts for (a choice when several); says how to
 * link to one when there is none yet.
 */
export function ForEnterprise({ children }: { children: (taxCode: string, me: MeView) => ReactNode }) {
  const { t } = useI18n();
  const me = useMe();
  const [chosen, setChosen] = useState(remembered);
  if (me.loading && !me.data) return <Loading />;
  if (me.error) return <LoadError error={me.error} />;
  const data = me.data!;
  const taxCode = chosenOf(data.actingFor, chosen);
  if (!taxCode)
    return (
      <p className="notice" data-testid="no-enterprise">
        {t('picker.none')} <Link to="/">{t('nav.myEnterprises')}</Link>
      </p>
    );
  return (
    <>
      {data.actingFor.length > 1 ? (
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('picker.label')}
            <select
              name="enterprise"
              value={taxCode}
              onChange={(e) => {
                setChosen(e.target.value);
                try {
                  sessionStorage.setItem(CHOSEN, e.target.value);
                } catch {
                  // storage unavailable: the choice lasts for this page only
                }
              }}
            >
              {data.actingFor.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </label>
        </form>
      ) : null}
      {children(taxCode, data)}
    </>
  );
}

/** Who did an act on an application, as the applicant's view names them: an agency, the enterprise, the system. */
export function useActorName(): (by: string) => string {
  const { t, label } = useI18n();
  return (by) => (by === 'enterprise' ? t('by.enterprise') : by === 'system' ? t('by.system') : label('agency', by));
}
