import { App, Stack, Validations } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ServiceFunction } from '../../infra/constructs/service-function.ts';
import { RELAY_ENTRY } from '../../infra/paths.ts';
import { routes as platformRoutes } from '../../services/platform/routes.ts';
import { TEST_MANIFESTS, actionsOf, statementsOf, synthesize, type Statement } from './synth.ts';

const { stateless, statelessTemplate } = synthesize();

/** What every function may do on `*` without declaring it: active tracing, and stream reading. */
const BASELINE_UNSCOPED = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'dynamodb:ListStreams']);

const isUnscoped = (s: Statement) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*'));
const unscopedActions = (fn: ServiceFunction) => statementsOf(statelessTemplate, fn).filter(isUnscoped).flatMap(actionsOf).sort();

const platform = stateless.services.get('platform')!;
const health = platform.functions.get('GetHealth')!;
const openapi = platform.functions.get('GetOpenapiJson')!;

describe('a grant declared in a manifest', () => {
  it('gives the health function list-tables and list-queues on *, and nothing else on * beyond tracing', () => {
    expect(unscopedActions(health)).toEqual(['dynamodb:ListTables', 'sqs:ListQueues', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('is a policy of its own, on the function role, acknowledged for cdk-nag with the grant reason', () => {
    const [grant] = platformRoutes.health.grants;
    expect(health.unscopedGrants).toHaveLength(1);
    const acknowledged = health.unscopedGrants[0]!.node.metadata.filter(
      (entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
    ).flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    expect(acknowledged).toEqual([[expect.stringMatching(/AwsSolutions-IAM5\[Resource::\*\]$/), grant.reason]]);
  });

  it('is in place before the function is created', () => {
    expect(health.fn.node.dependencies).toContain(health.unscopedGrants[0]);
  });
});

describe('a function without grants', () => {
  it('gets nothing on * beyond tracing: the OpenAPI route of the same service', () => {
    expect(openapi.unscopedGrants).toEqual([]);
    expect(unscopedActions(openapi)).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('gets nothing on * beyond tracing and stream reading, in any service', () => {
    for (const [service, construct] of stateless.services) {
      for (const [id, fn] of construct.functions) {
        if (fn.unscopedGrants.length > 0) continue;
        expect(
          unscopedActions(fn).filter((a) => !BASELINE_UNSCOPED.has(a)),
          `${service}/${id}`,
        ).toEqual([]);
      }
    }
  });

  it('is all there is: one policy per declared grant, across every service', () => {
    const declared = TEST_MANIFESTS.flatMap((m) => [...m.routes, ...m.consumers, ...m.schedules]).flatMap((spec) => spec.grants ?? []);
    const built = [...stateless.services.values()].flatMap((s) => [...s.functions.values()]).flatMap((fn) => fn.unscopedGrants);
    expect(built).toHaveLength(declared.length);
  });
});

describe('grantUnscoped', () => {
  const freshFunction = () =>
    new ServiceFunction(new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Probe'), 'Fn', {
      service: 'probe',
      entry: RELAY_ENTRY,
      description: 'probe',
    });

  it.each([['s3:*'], ['dynamodb:List*'], ['*'], ['ListTables']])('refuses %o, which is not a single action', (action) => {
    expect(() => freshFunction().grantUnscoped({ actions: [action], reason: 'because' })).toThrow(/not a single IAM action/);
  });

  it('refuses a grant without a reason', () => {
    expect(() => freshFunction().grantUnscoped({ actions: ['dynamodb:ListTables'], reason: ' ' })).toThrow(/needs a reason/);
  });
});
