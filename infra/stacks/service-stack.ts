/**
 * One service's code, in a CloudFormation stack of its own nested in the stateless stack: its
 * functions, routes and their integrations, event sources, schedules and alarms
 * ({@link ServiceConstruct}).
 *
 * Why nested stacks, and not one top-level stack per service sharing the API by exports:
 *
 * - CloudFormation counts at most 500 resources per stack, nested stacks each on their own. With
 *   every service in one stack it stood at 481 before the trade-fair routes and the web console;
 *   per service, the largest is well under half of that (test/infra/stack-size.test.ts).
 * - Deploying stays one command with the same stacks as before (`npx cdk deploy --all` deploys
 *   Stateful, then Stateless with its nested stacks); a newcomer never orders service stacks.
 * - What a nested stack takes from the stateless stack (the API id, the authorizer id, the alarm
 *   topic) comes in as stack parameters, and a parameter may change or disappear on any update.
 *   Sibling top-level stacks would take them through exports, which CloudFormation refuses to
 *   change or remove while another stack imports them: replacing the authorizer, or dropping a
 *   value a service no longer uses, would then need a two-step deploy to get out of that deadlock.
 *   (What comes from the stateful stack still arrives by export, as it did before the split.)
 * - The price: a nested stack is updated only through its parent, and a failure in one service's
 *   stack rolls back the whole stateless update. That is the behaviour the single stack had.
 */
import { NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ServiceConstruct, type ServiceConstructProps } from '../constructs/service.ts';
import { pascalCase } from '../names.ts';

export interface ServiceStackProps extends NestedStackProps, ServiceConstructProps {}

export class ServiceStack extends NestedStack {
  readonly service: ServiceConstruct;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, { description: props.description });
    this.service = new ServiceConstruct(this, pascalCase(props.manifest.name), props);
  }
}
