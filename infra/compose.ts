/**
 * The whole deployment of one stage, as a function so the tests build exactly what `cdk synth`
 * builds, from whichever manifests they choose.
 */
import path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { COORDINATOR_AGENCY } from '../shared/access/policy.ts';
import type { ServiceManifest } from '../shared/manifest.ts';
import { REPO_ROOT } from './paths.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack, type StatelessStackProps } from './stacks/stateless-stack.ts';

export interface SmeSupportStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

export interface DeployOptions {
  /** Who receives the alarms (context `alarmEmail`); see {@link StatelessStackProps.alarmEmail}. */
  readonly alarmEmail?: string;
  /**
   * The agency owning registry data (context `registryOwnerAgency`); default the coordinator,
   * Sở Tài chính, as locally. See {@link StatelessStackProps.registryOwnerAgency}.
   */
  readonly registryOwnerAgency?: string;
  /** The sender of e-mails to enterprises (context `mailFrom`, `mailIdentity`); see {@link StatelessStackProps.mail}. */
  readonly mail?: StatelessStackProps['mail'];
  /**
   * The national identity provider the enterprises' user pool federates with (context
   * `enterpriseOidc…`, infra/enterprise-identity.ts); see {@link StatelessStackProps.enterpriseIdentity}.
   */
  readonly enterpriseIdentity?: StatelessStackProps['enterpriseIdentity'];
  /** The built web console; default `console/dist` (`npm run build:console`). Tests pass a fixture. */
  readonly consoleAssets?: string;
}

/** Where `npm run build:console` writes the web console. */
export const CONSOLE_DIST = path.join(REPO_ROOT, 'console/dist');

export function buildApp(app: App, services: ServiceManifest[], stage: string, options: DeployOptions = {}): SmeSupportStacks {
  const prefix = `SmeSupport-${stage}`;
  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    services,
    stage,
    description: `SME support (${stage}): tables, queues, documents bucket, user pools`,
    terminationProtection: stage === 'prod',
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    services,
    stage,
    resources: stateful,
    alarmEmail: options.alarmEmail,
    mail: options.mail,
    enterpriseIdentity: options.enterpriseIdentity,
    registryOwnerAgency: options.registryOwnerAgency ?? COORDINATOR_AGENCY,
    consoleAssets: options.consoleAssets ?? CONSOLE_DIST,
    description: `SME support (${stage}): API, web console, alarms; one nested stack per service (functions, routes, schedules)`,
  });
  // Stated, not left to the cross-stack references: data first, whatever the services reference.
  stateless.addStackDependency(stateful);
  return { stateful, stateless };
}
