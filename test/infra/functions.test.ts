import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS } from '../../shared/manifest.ts';
import { manifest as wiring } from '../fixtures/wiring/manifest.ts';
import { logicalId, resourceOf, synthesize } from './synth.ts';

const { stateless, statelessTemplate } = synthesize();

/** CDK's BucketDeployment function copies the console files during deployments (ConsoleHosting). */
const isConsoleDeployment = (id: string) => id.startsWith('CustomCDKBucketDeployment');
const everyFunction = Object.entries(statelessTemplate.findResources('AWS::Lambda::Function'));
const functions = everyFunction.filter(([id]) => !isConsoleDeployment(id));
// The services' functions, and the API's authorizer for routes enterprise users may call.
const ours = [...[...stateless.services.values()].flatMap((s) => [...s.functions.values()]), stateless.authorizerFunction];

describe('every function', () => {
  it('is one of the service functions, the authorizer, or the one deploying the console files (no other helper Lambdas sneak in)', () => {
    expect(everyFunction.filter(([id]) => isConsoleDeployment(id))).toHaveLength(1);
    expect(functions.map(([id]) => id).sort()).toEqual(ours.map((fn) => logicalId(fn.fn)).sort());
  });

  it('runs Node.js 22 on arm64', () => {
    for (const [id, fn] of functions) {
      expect(fn.Properties.Runtime, id).toBe('nodejs22.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
    }
  });

  it('runs the ESM bundle with source-mapped stack traces', () => {
    for (const [id, fn] of functions) {
      expect(fn.Properties.Handler, id).toBe('index.handler');
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS, id).toBe('--enable-source-maps');
    }
  });

  it('is traced and logs as its service', () => {
    for (const service of stateless.services.values()) {
      for (const [id, fn] of service.functions) {
        const props = resourceOf(statelessTemplate, fn.fn).Properties;
        expect(props.TracingConfig, id).toEqual({ Mode: 'Active' });
        expect(props.Environment.Variables.POWERTOOLS_SERVICE_NAME, id).toBe(service.node.id.toLowerCase());
      }
    }
  });

  it('logs to its own log group, kept for a month', () => {
    for (const fn of ours) {
      const props = resourceOf(statelessTemplate, fn.fn).Properties;
      expect(props.LoggingConfig.LogGroup).toEqual({ Ref: logicalId(fn.logGroup) });
      expect(resourceOf(statelessTemplate, fn.logGroup).Properties.RetentionInDays).toBe(30);
    }
  });

  it('alarms on any error within five minutes', () => {
    const alarms = Object.values(statelessTemplate.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'Errors' } }));
    for (const fn of ours) {
      const alarm = alarms.find((a) => a.Properties.Dimensions[0].Value.Ref === logicalId(fn.fn));
      expect(alarm?.Properties, fn.node.path).toMatchObject({
        Threshold: 1,
        Period: 300,
        Statistic: 'Sum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });
});

describe('sizing', () => {
  it("takes the manifest's timeout and memory, or the defaults", () => {
    const functions = stateless.services.get(wiring.name)!.functions;
    expect(resourceOf(statelessTemplate, functions.get('ConsumerThingEvents')!.fn).Properties).toMatchObject({
      Timeout: 2,
      MemorySize: DEFAULT_MEMORY_MB,
    });
    expect(resourceOf(statelessTemplate, functions.get('PostThings')!.fn).Properties.Timeout).toBe(DEFAULT_TIMEOUT_SECONDS);
  });
});
