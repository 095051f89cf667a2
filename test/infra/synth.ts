/**
 * Builds the stacks the way `cdk synth` does (same composition, same cdk.json feature flags) but
 * without bundling, and reads the templates back in terms of the constructs that made them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, NestedStack, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildApp, type DeployOptions } from '../../infra/compose.ts';
import type { ServiceFunction } from '../../infra/constructs/service-function.ts';
import type { StatefulStack } from '../../infra/stacks/stateful-stack.ts';
import type { StatelessStack } from '../../infra/stacks/stateless-stack.ts';
import type { ServiceManifest } from '../../shared/manifest.ts';
import { services } from '../../services/index.ts';
import { manifest as wiring } from '../fixtures/wiring/manifest.ts';
import { feed } from './feed-manifest.ts';
import { ledger } from './ledger-manifest.ts';

/**
 * The fixture service, a second service to check isolation against, a third that publishes from
 * a stream, and every real service.
 */
const FIXTURES: readonly ServiceManifest[] = [wiring, ledger, feed];
export const TEST_MANIFESTS: ServiceManifest[] = [...FIXTURES, ...services];

export interface Synthesized {
  app: App;
  stateful: StatefulStack;
  stateless: StatelessStack;
  statefulTemplate: Template;
  statelessTemplate: Template;
}

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** Stands in for console/dist, which only `npm run build:console` makes. */
export const CONSOLE_FIXTURE = fileURLToPath(new URL('./fixtures/console', import.meta.url));

export function synthesize(manifests: ServiceManifest[] = TEST_MANIFESTS, options: DeployOptions = {}): Synthesized {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const { stateful, stateless } = buildApp(app, manifests, 'test', { consoleAssets: CONSOLE_FIXTURE, ...options });
  return {
    app,
    stateful,
    stateless,
    statefulTemplate: Template.fromStack(stateful),
    statelessTemplate: withNestedStacks(stateless),
  };
}

/**
 * The stateless stack and its nested service stacks as one template: the nested stacks' resources
 * beside the parent's, each parameter a nested stack takes replaced by the value the parent passes
 * it (a `Ref` or `Fn::GetAtt` of the parent's resources, or an `Fn::ImportValue`). It reads as the
 * single stack did; {@link stackTemplates} gives each CloudFormation stack on its own.
 */
function withNestedStacks(parent: Stack): Template {
  const merged = structuredClone(Template.fromStack(parent).toJSON()) as Json;
  for (const nested of parent.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c))) {
    const resource = nested.nestedStackResource;
    if (!resource) throw new Error(`${nested.node.path} has no stack resource in its parent`);
    const passed: Json = merged.Resources[parent.getLogicalId(resource as CfnElement)].Properties.Parameters ?? {};
    const template = Template.fromStack(nested).toJSON() as Json;
    const substitute = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(substitute);
      if (!node || typeof node !== 'object') return node;
      const ref = (node as Json).Ref;
      if (typeof ref === 'string' && ref in (template.Parameters ?? {})) {
        if (!(ref in passed)) throw new Error(`${nested.node.path}: parameter ${ref} is not passed by the parent`);
        return passed[ref];
      }
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substitute(v)]));
    };
    for (const [id, value] of Object.entries(template.Resources as Json)) {
      if (id in merged.Resources) throw new Error(`logical id ${id} of ${nested.node.path} is also in its parent`);
      merged.Resources[id] = substitute(value);
    }
  }
  return Template.fromJSON(merged);
}

/** Every CloudFormation stack of the app, nested ones included, by construct path. */
export function stackTemplates(app: App): Map<string, Template> {
  const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  return new Map(stacks.map((stack) => [stack.node.path, Template.fromStack(stack)]));
}

/** The logical id of an L2 construct's CloudFormation resource. */
export const logicalId = (construct: IConstruct): string => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

type Json = Record<string, any>;

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
}

/** Every IAM statement of the policies attached to this function's role. */
export function statementsOf(template: Template, fn: ServiceFunction): Statement[] {
  const roleId = logicalId(fn.role);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as Json[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

export const actionsOf = (statement: Statement): string[] => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);

/**
 * The stateful resources (logical ids) that a value in the stateless template imports: each
 * `Fn::ImportValue` is traced back through the stateful stack's exports.
 */
export function importedIds(value: unknown, statefulTemplate: Template): Set<string> {
  const exported = new Map<string, string>();
  for (const output of Object.values(statefulTemplate.toJSON().Outputs ?? {}) as Json[]) {
    const target: Json = output.Value;
    const id = target.Ref ?? target['Fn::GetAtt']?.[0];
    if (output.Export?.Name && typeof id === 'string') exported.set(output.Export.Name, id);
  }

  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const name = (node as Json)['Fn::ImportValue'];
      if (typeof name === 'string') {
        const id = exported.get(name);
        if (!id) throw new Error(`import ${name} matches no export of the stateful stack`);
        ids.add(id);
      } else Object.values(node).forEach(visit);
    }
  };
  visit(value);
  return ids;
}

/** The template resource of a construct. */
export function resourceOf(template: Template, construct: IConstruct): Json {
  const resource = template.toJSON().Resources[logicalId(construct)];
  if (!resource) throw new Error(`${construct.node.path} is not in this template`);
  return resource as Json;
}
