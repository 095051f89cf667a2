/**
 * Sign-in in AWS: agency staff through their hosted UI, and, when the deployment federates with the
 * national identity provider, people acting for enterprises through the enterprises' hosted UI
 * (VNeID organisation account).
 */
import type { CognitoAuth } from '../config.ts';
import { useI18n } from '../i18n/index.tsx';
import { authorizeUrl, type SignInKind } from './cognito.ts';

export function CognitoSignIn({ auth }: { auth: CognitoAuth }) {
  const { t } = useI18n();
  const go = (kind: SignInKind) => void authorizeUrl(auth, location, sessionStorage, kind).then((url) => location.assign(url));
  return (
    <>
      <p>
        <button type="button" className="primary" onClick={() => go('staff')}>
          {t('signIn.cognito')}
        </button>
      </p>
      {auth.enterprise ? (
        <>
          <p>
            <button type="button" className="primary" onClick={() => go('enterprise')}>
              {t('signIn.cognito.enterprise')}
            </button>
          </p>
          <p className="muted">{t('signIn.cognito.enterprise.hint')}</p>
        </>
      ) : null}
    </>
  );
}
