/**
 * The CDK app (`npx cdk synth`; cdk.json runs it with tsx). The stage comes from context:
 * `npx cdk synth -c stage=prod`; so, optionally, does the address alarms are mailed to:
 * `-c alarmEmail=ops@example.gov.vn` (without it, synthesis warns that alarms reach no one).
 * cdk-nag's AwsSolutions pack runs on every synthesis and stops it on any finding not
 * acknowledged in code.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { services } from '../services/index.ts';
import { buildApp } from './compose.ts';

const app = new App();
const stage: unknown = app.node.tryGetContext('stage');
if (typeof stage !== 'string' || !/^[a-z][a-z0-9-]*$/.test(stage)) {
  throw new Error(`context "stage" must be a lower-case name such as dev or prod, got ${JSON.stringify(stage)}`);
}

const alarmEmail: unknown = app.node.tryGetContext('alarmEmail');
if (alarmEmail !== undefined && typeof alarmEmail !== 'string') {
  throw new Error(`context "alarmEmail" must be an e-mail address, got ${JSON.stringify(alarmEmail)}`);
}

buildApp(app, services, stage, { alarmEmail });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
