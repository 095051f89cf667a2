/**
 * The console's shell: sign-in (the local issuer, or Cognito's hosted UI), then a header with the
 * navigation the user's roles may use, the language switch, and the page for the current hash.
 * Pages load on demand (one chunk each), so the first load carries only the shell.
 */
import { lazy, type ReactNode, Suspense, useEffect, useMemo, useState } from 'react';
import { createApi } from './api/client.ts';
import { AppCtx, type AppContext } from './app-context.tsx';
import { completeSignIn, logoutUrl } from './auth/cognito.ts';
import { CognitoSignIn } from './auth/CognitoSignIn.tsx';
import { hasRole, isEnterprise, loadSession, type Session, saveSession, sessionFromToken } from './auth/session.ts';
import { Loading } from './components/ui.tsx';
import type { ConsoleConfig } from './config.ts';
import { useI18n } from './i18n/index.tsx';
import { LocalSignIn } from './pages/LocalSignIn.tsx';
import { isAssociation } from './pages/plan-model.ts';
import { Link, match, useLocation } from './router.tsx';

const Dashboard = lazy(() => import('./pages/Dashboard.tsx'));
const Programmes = lazy(() => import('./pages/Programmes.tsx'));
const ProgrammeForm = lazy(() => import('./pages/ProgrammeForm.tsx'));
const Applications = lazy(() => import('./pages/Applications.tsx'));
const NewApplication = lazy(() => import('./pages/NewApplication.tsx'));
const ApplicationPage = lazy(() => import('./pages/ApplicationPage.tsx'));
const Enterprise = lazy(() => import('./pages/Enterprise.tsx'));
const Matching = lazy(() => import('./pages/Matching.tsx'));
const FairPage = lazy(() => import('./pages/FairPage.tsx'));
const Reports = lazy(() => import('./pages/Reports.tsx'));
const Imports = lazy(() => import('./pages/Imports.tsx'));
const Plans = lazy(() => import('./pages/Plans.tsx'));
const PlanPage = lazy(() => import('./pages/PlanPage.tsx'));
const Activities = lazy(() => import('./pages/Activities.tsx'));
const ActivityPage = lazy(() => import('./pages/ActivityPage.tsx'));
const Mail = lazy(() => import('./pages/Mail.tsx'));
const MyEnterprises = lazy(() => import('./pages/MyEnterprises.tsx'));
const OpenProgrammes = lazy(() => import('./pages/OpenProgrammes.tsx'));
const MyApplications = lazy(() => import('./pages/MyApplications.tsx'));
const MySupport = lazy(() => import('./pages/MySupport.tsx'));
const MyFairs = lazy(() => import('./pages/MyFairs.tsx'));
const SupplierProfile = lazy(() => import('./pages/SupplierProfile.tsx'));

/** Hash path patterns → page; the first that matches wins. */
const ROUTES: [string, (p: Record<string, string>) => ReactNode][] = [
  ['/', () => <Dashboard />],
  ['/programmes', () => <Programmes />],
  ['/programmes/new', () => <ProgrammeForm />],
  ['/programmes/:id', (p) => <ProgrammeForm id={p.id!} />],
  ['/applications', () => <Applications />],
  ['/applications/new', () => <NewApplication />],
  ['/applications/:id', (p) => <ApplicationPage id={p.id!} />],
  ['/enterprises', () => <Enterprise />],
  ['/enterprises/:taxCode', (p) => <Enterprise taxCode={p.taxCode!} />],
  ['/needs', () => <Matching />],
  ['/needs/:id', (p) => <Matching needId={p.id!} />],
  ['/fairs', () => <FairPage />],
  ['/fairs/:id', (p) => <FairPage id={p.id!} />],
  ['/reports', () => <Reports />],
  ['/imports', () => <Imports />],
  ['/imports/:id', (p) => <Imports id={p.id!} />],
  ['/plans', () => <Plans />],
  ['/plans/:id', (p) => <PlanPage id={p.id!} />],
  ['/activities', () => <Activities />],
  ['/activities/:id', (p) => <ActivityPage id={p.id!} />],
  // The local runtime's mail sink; the route answers nothing in AWS, so the page is only linked locally.
  ['/mail', () => <Mail />],
];

/**
 * A person acting for an enterprise (role `enterprise`) has these pages only: their links, the
 * programmes open to their enterprise, its applications (drafted, documented, submitted, answered,
 * withdrawn on the same application pages), its decisions and ledger, the trade fairs open to it
 * (registration, wishes, agenda) and its supplier profile with its opportunities.
 */
const ENTERPRISE_ROUTES: [string, (p: Record<string, string>) => ReactNode][] = [
  ['/', () => <MyEnterprises />],
  ['/programmes', () => <OpenProgrammes />],
  ['/applications', () => <MyApplications />],
  ['/applications/new', () => <NewApplication />],
  ['/applications/:id', (p) => <ApplicationPage id={p.id!} />],
  ['/support', () => <MySupport />],
  ['/fairs', () => <MyFairs />],
  ['/supplier', () => <SupplierProfile />],
];

function NotFound() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
    </section>
  );
}

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <fieldset className="lang">
      <legend className="sr-only">{t('lang.label')}</legend>
      <button type="button" aria-pressed={lang === 'vi'} onClick={() => setLang('vi')} lang="vi">
        Tiếng Việt
      </button>
      <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang('en')} lang="en">
        English
      </button>
    </fieldset>
  );
}

function Shell({ ctx }: { ctx: AppContext }) {
  const { t, label } = useI18n();
  const loc = useLocation();
  const { claims } = ctx.session;
  const staff = hasRole(ctx.session, 'admin', 'officer', 'reviewer');
  // A business association (hh-…) reads approved plans and KPIs and keeps its own contribution and
  // activities: nothing of the registry, ledger, applications or matching.
  const agencyWide = !isAssociation(claims.agency);
  const enterprise = isEnterprise(ctx.session);
  const staffNav: [string, string, boolean][] = [
    ['/', t('nav.dashboard'), true],
    ['/plans', t('nav.plans'), true],
    ['/activities', t('nav.activities'), hasRole(ctx.session, 'admin', 'officer', 'viewer')],
    ['/programmes', t('nav.programmes'), agencyWide],
    ['/applications', t('nav.applications'), staff && agencyWide],
    ['/enterprises', t('nav.enterprises'), agencyWide],
    ['/needs', t('nav.matching'), agencyWide && hasRole(ctx.session, 'admin', 'officer', 'viewer')],
    ['/fairs', t('nav.fairs'), agencyWide && hasRole(ctx.session, 'admin', 'officer', 'viewer')],
    ['/reports', t('nav.reports'), agencyWide],
    ['/imports', t('nav.imports'), hasRole(ctx.session, 'admin')],
    ['/mail', t('nav.mail'), ctx.config.auth.kind === 'local'],
  ];
  const enterpriseNav: [string, string, boolean][] = [
    ['/', t('nav.myEnterprises'), true],
    ['/programmes', t('nav.openProgrammes'), true],
    ['/applications', t('nav.myApplications'), true],
    ['/support', t('nav.mySupport'), true],
    ['/fairs', t('nav.myFairs'), true],
    ['/supplier', t('nav.supplierProfile'), true],
  ];
  const nav = enterprise ? enterpriseNav : staffNav;
  let page: ReactNode = <NotFound />;
  for (const [pattern, render] of enterprise ? ENTERPRISE_ROUTES : ROUTES) {
    const params = match(pattern, loc.path);
    if (params) {
      page = render(params);
      break;
    }
  }
  useEffect(() => {
    document.title = `${t('app.title')}`;
  }, [t]);
  const current = (to: string) => (to === '/' ? loc.path === '/' : loc.path === to || loc.path.startsWith(`${to}/`));
  return (
    <AppCtx.Provider value={ctx}>
      {/* A button, not a link: the hash is the router's. */}
      <button type="button" className="skip" onClick={() => document.getElementById('main')?.focus()}>
        {t('app.skip')}
      </button>
      <header className="top">
        <div className="brand">{t('app.title')}</div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {nav
              .filter(([, , shown]) => shown)
              .map(([to, text]) => (
                <li key={to}>
                  <Link to={to} aria-current={current(to) ? 'page' : undefined}>
                    {text}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="who">
          <span data-testid="who">
            {enterprise ? (
              t('who.enterprise', { sub: claims.sub })
            ) : (
              <>
                {label('agency', claims.agency)} · {claims.roles.map((r) => label('role', r)).join(', ')}
                {claims.commune ? ` · ${t('who.commune', { code: claims.commune })}` : ''}
              </>
            )}
          </span>
          <LanguageSwitch />
          <button type="button" className="link" onClick={ctx.signOut}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>{page}</Suspense>
      </main>
    </AppCtx.Provider>
  );
}

export function App({ config }: { config: ConsoleConfig }) {
  const { t } = useI18n();
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const [error, setError] = useState<string>();
  const [finishing, setFinishing] = useState(config.auth.kind === 'cognito' && new URLSearchParams(location.search).has('code'));

  // Back from Cognito's hosted UI: exchange the code, then drop it from the address bar.
  useEffect(() => {
    if (config.auth.kind !== 'cognito' || !finishing) return;
    completeSignIn(config.auth, location)
      .then((done) => {
        if (done) {
          const s = sessionFromToken(done.accessToken);
          saveSession(s);
          setSession(s);
          history.replaceState(null, '', `${location.pathname}${done.returnTo || '#/'}`);
        }
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setFinishing(false));
  }, [config, finishing]);

  const signOut = useMemo(
    () => () => {
      saveSession(undefined);
      setSession(undefined);
      if (config.auth.kind === 'cognito') location.assign(logoutUrl(config.auth, location));
    },
    [config],
  );
  const ctx = useMemo<AppContext | undefined>(() => {
    if (!session) return undefined;
    const api = createApi({
      baseUrl: config.apiBaseUrl,
      token: () => session.token,
      onUnauthorized: signOut,
      expired: () => session.expiresAt <= Date.now(),
    });
    return { config, api, session, signOut };
  }, [config, session, signOut]);

  if (ctx) return <Shell ctx={ctx} />;
  if (finishing) return <Loading />;
  return (
    <main id="main" className="signin">
      <div className="signin-top">
        <h1>{t('app.title')}</h1>
        <LanguageSwitch />
      </div>
      {error ? (
        <p role="alert" className="notice error">
          {error}
        </p>
      ) : null}
      {config.auth.kind === 'local' ? (
        <LocalSignIn
          auth={config.auth}
          baseUrl={config.apiBaseUrl}
          onToken={(token) => {
            const s = sessionFromToken(token);
            saveSession(s);
            setSession(s);
          }}
        />
      ) : (
        <CognitoSignIn auth={config.auth} />
      )}
    </main>
  );
}
