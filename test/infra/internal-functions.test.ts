/**
 * Internal functions (manifest `functions`): the registry's person-refs function, which only the
 * planning functions that declare `invokes` may call — each gets the function's name and
 * `lambda:InvokeFunction` on that function's ARN alone, across the nested service stacks; no other
 * function of any service gets either. And uploads a manifest says are not to be kept expire.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { services } from '../../services/index.ts';
import { envNames } from '../../shared/manifest.ts';
import { actionsOf, logicalId, resourceOf, statementsOf, synthesize } from './synth.ts';

const { stateless, statefulTemplate, statelessTemplate } = synthesize(services);
const ENV = envNames.internalFunction('registry', 'person-refs');
const personRefs = stateless.services.get('registry')!.internalFunctions.get('person-refs')!;
const allFunctions = [...stateless.services.entries()].flatMap(([service, s]) =>
  [...s.functions.entries()].map(([id, fn]) => [`${service}/${id}`, fn] as const),
);

/** What a `Fn::GetAtt` of a nested stack's output stands for in that stack. */
function nestedOutput(value: unknown): unknown {
  const [resource, attribute] = (value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
  for (const stack of stateless.serviceStacks.values()) {
    if (stateless.getLogicalId(stack.nestedStackResource as CfnElement) !== resource) continue;
    return Template.fromStack(stack).toJSON().Outputs[attribute.replace(/^Outputs\./, '')].Value;
  }
  throw new Error(`${resource} is no service stack`);
}

const invokeStatements = (fn: (typeof allFunctions)[number][1]) =>
  statementsOf(statelessTemplate, fn).filter((s) => actionsOf(s).some((a) => a.startsWith('lambda:')));

const ENTERPRISE_LINKS_ENV = envNames.internalFunction('registry', 'enterprise-links');
const enterpriseLinks = stateless.services.get('registry')!.internalFunctions.get('enterprise-links')!;
const envOf = (fn: (typeof allFunctions)[number][1]): Record<string, unknown> =>
  resourceOf(statelessTemplate, fn.fn).Properties.Environment?.Variables ?? {};

describe('the registry person-refs function', () => {
  it('is invoked by the attendance route and the attendance-upload consumer of planning, and by nothing else', () => {
    const named = allFunctions.filter(([, fn]) => ENV in envOf(fn)).map(([id]) => id);
    expect(named.sort()).toEqual(['planning/ConsumerAttendanceUploads', 'planning/PostActivitiesIdAttendance']);
  });

  it('is invoked by intake and matching functions serving enterprise users (enterprise-links), and every invoker is named one function', () => {
    const invokers = allFunctions.filter(([, fn]) => invokeStatements(fn).length > 0).map(([id]) => id);
    const named = allFunctions.filter(([, fn]) => ENV in envOf(fn) || ENTERPRISE_LINKS_ENV in envOf(fn)).map(([id]) => id);
    expect(named.sort()).toEqual(invokers.sort());
    expect(invokers.filter((id) => !id.startsWith('planning/') && !id.startsWith('intake/') && !id.startsWith('matching/'))).toEqual([]);
  });

  it('may be invoked, by name, on its own ARN only: no version or alias wildcard, no other action', () => {
    for (const [name, fn] of allFunctions.filter(([, f]) => invokeStatements(f).length > 0)) {
      const [env, target] = ENV in envOf(fn) ? [ENV, personRefs] : [ENTERPRISE_LINKS_ENV, enterpriseLinks];
      const id = logicalId(target.fn);
      const statements = invokeStatements(fn);
      expect(
        statements.map((s) => [s.Effect, actionsOf(s)]),
        name,
      ).toEqual([['Allow', ['lambda:InvokeFunction']]]);
      expect(nestedOutput(statements[0]!.Resource), name).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
      expect(nestedOutput(envOf(fn)[env]), name).toEqual({ Ref: id });
    }
  });
});

describe('attendance uploads', () => {
  it('expire from the documents bucket a day after they land, older versions a day later', () => {
    const bucket = Object.values(statefulTemplate.findResources('AWS::S3::Bucket')).find((b) =>
      JSON.stringify(b.Properties.LifecycleConfiguration ?? {}).includes('planning/attendance-uploads/'),
    );
    const rule = bucket!.Properties.LifecycleConfiguration.Rules.find(
      (r: { Prefix?: string }) => r.Prefix === 'planning/attendance-uploads/',
    );
    expect(rule).toMatchObject({ ExpirationInDays: 1, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' });
  });
});
