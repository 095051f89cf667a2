/**
 * The whole deployment of one stage, as a function so the tests build exactly what `cdk synth`
 * builds, from whichever manifests they choose.
 */
import type { App } from 'aws-cdk-lib';
import type { ServiceManifest } from '../shared/manifest.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack, type StatelessStackProps } from './stacks/stateless-stack.ts';

export interface SmeSupportStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

export interface DeployOptions {
  /** Who receives the alarms (context `alarmEmail`); see {@link StatelessStackProps.alarmEmail}. */
  readonly alarmEmail?: string;
}

export function buildApp(app: App, services: ServiceManifest[], stage: string, options: DeployOptions = {}): SmeSupportStacks {
  const prefix = `SmeSupport-${stage}`;
  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    services,
    stage,
    description: `SME support (${stage}): tables, queues, documents bucket, user pool`,
    terminationProtection: stage === 'prod',
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    services,
    stage,
    resources: stateful,
    alarmEmail: options.alarmEmail,
    description: `SME support (${stage}): API, functions, schedules, alarms`,
  });
  // Stated, not left to the cross-stack references: data first, whatever the services reference.
  stateless.addStackDependency(stateful);
  return { stateful, stateless };
}
