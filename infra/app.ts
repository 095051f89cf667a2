/**
 * The CDK app (`npx cdk synth`; cdk.json runs it with tsx). The stage comes from context:
 * `npx cdk synth -c stage=prod`; so, optionally, does the address alarms are mailed to:
 * `-c alarmEmail=ops@example.gov.vn` (without it, synthesis warns that alarms reach no one), and
 * the agency owning registry data: `-c registryOwnerAgency=so-tai-chinh` (the default), and the
 * sender of e-mails to enterprises: `-c mailFrom=no-reply@sme.hanoi.gov.vn` (with `-c mailIdentity=`
 * when the SES identity is not the address's domain; without a sender, synthesis warns), and the
 * national identity provider enterprises sign in with: `-c enterpriseOidcIssuer=… -c
 * enterpriseOidcClientId=… -c enterpriseOidcClientSecret=<Secrets Manager secret name> -c
 * enterpriseOidcPersonIdHashClaim=…` and optionally `-c enterpriseOidcOrganisationClaim=…`
 * (infra/enterprise-identity.ts; without them, synthesis warns that nobody can sign in as an
 * enterprise). The web
 * console is built first when console/dist is missing or older than its sources, so `npx cdk
 * synth` works on a clean checkout.
 * cdk-nag's AwsSolutions pack runs on every synthesis and stops it on any finding not
 * acknowledged in code.
 */
import { execFileSync } from 'node:child_process';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { services } from '../services/index.ts';
import { consoleState } from '../scripts/console-freshness.ts';
import { buildApp, CONSOLE_DIST } from './compose.ts';
import { REPO_ROOT } from './paths.ts';
import { requireBuiltConsole } from './constructs/console-hosting.ts';
import { enterpriseIdentityFromContext } from './enterprise-identity.ts';

const app = new App();
const stage: unknown = app.node.tryGetContext('stage');
if (typeof stage !== 'string' || !/^[a-z][a-z0-9-]*$/.test(stage)) {
  throw new Error(`context "stage" must be a lower-case name such as dev or prod, got ${JSON.stringify(stage)}`);
}

const alarmEmail: unknown = app.node.tryGetContext('alarmEmail');
if (alarmEmail !== undefined && typeof alarmEmail !== 'string') {
  throw new Error(`context "alarmEmail" must be an e-mail address, got ${JSON.stringify(alarmEmail)}`);
}

const registryOwnerAgency: unknown = app.node.tryGetContext('registryOwnerAgency');
if (registryOwnerAgency !== undefined && (typeof registryOwnerAgency !== 'string' || !/^[a-z0-9-]+$/.test(registryOwnerAgency))) {
  throw new Error(`context "registryOwnerAgency" must be an agency code such as so-tai-chinh, got ${JSON.stringify(registryOwnerAgency)}`);
}

const mailFrom: unknown = app.node.tryGetContext('mailFrom');
const mailIdentity: unknown = app.node.tryGetContext('mailIdentity');
for (const [name, value] of [
  ['mailFrom', mailFrom],
  ['mailIdentity', mailIdentity],
] as const) {
  if (value !== undefined && typeof value !== 'string') throw new Error(`context "${name}" must be a string, got ${JSON.stringify(value)}`);
}

let enterpriseIdentity: ReturnType<typeof enterpriseIdentityFromContext>;
try {
  enterpriseIdentity = enterpriseIdentityFromContext((key) => app.node.tryGetContext(key));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

// A clean checkout has no console/dist: build it (on stderr; stdout is the CDK's), and say
// plainly, without a stack trace, if that fails — the first thing a newcomer's deploy may hit.
const state = consoleState(REPO_ROOT);
if (state !== 'fresh') {
  console.error(`Building the web console first (${state === 'missing' ? 'console/dist is missing' : 'its sources changed'})…`);
  try {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-console.ts', '--no-typecheck'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 2, 2],
    });
  } catch {
    console.error('The web console could not be built; run `npm run build:console` to see why, then synthesise again.');
    process.exit(1);
  }
}
try {
  requireBuiltConsole(CONSOLE_DIST);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

buildApp(app, services, stage, {
  alarmEmail,
  registryOwnerAgency,
  enterpriseIdentity,
  ...(typeof mailFrom === 'string' ? { mail: { fromAddress: mailFrom, identity: mailIdentity as string | undefined } } : {}),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
