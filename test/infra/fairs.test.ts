/** The trade fairs' infrastructure, from matching's manifest: their table, their run queue's function, their events. */
import { describe, expect, it } from 'vitest';
import { services } from '../../services/index.ts';
import { manifest as matching } from '../../services/matching/manifest.ts';
import { subscriptionsByEvent } from '../../shared/manifest.ts';
import { queueKey } from '../../infra/stacks/stateful-stack.ts';
import { importedIds, logicalId, resourceOf, synthesize } from './synth.ts';

const { stateful, stateless, statefulTemplate, statelessTemplate } = synthesize();

describe('trade fairs', () => {
  it('keep their own table, listed by agency and over all agencies', () => {
    const tables = Object.values(statefulTemplate.findResources('AWS::DynamoDB::Table'));
    const fairs = tables.find((t) => {
      const names = (t.Properties.GlobalSecondaryIndexes ?? []).map((g: { IndexName: string }) => g.IndexName).sort();
      return names.join(',') === 'all,byAgency';
    });
    expect(fairs).toBeDefined();
  });

  it('run schedules in a consumer with the time and memory of a 2,000-participant fair', () => {
    const fn = stateless.services.get(matching.name)!.functions.get('ConsumerFairRuns');
    expect(fn).toBeDefined();
    expect(resourceOf(statelessTemplate, fn!.fn).Properties).toMatchObject({ Timeout: 300, MemorySize: 2048 });
  });

  it('settle a run whose attempts are used up: a consumer of the run queue’s DLQ, alarmed on every message it receives', () => {
    const { dlq } = stateful.queues.get(queueKey(matching.name, 'fair-runs'))!;
    const fn = stateless.services.get(matching.name)!.functions.get('ConsumerFairRunsDeadLetters')!;
    expect(fn).toBeDefined();
    const mappings = Object.values(
      statelessTemplate.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: { Ref: logicalId(fn.fn) } } }),
    );
    expect(mappings).toHaveLength(1);
    expect(importedIds(mappings[0]!.Properties.EventSourceArn, statefulTemplate)).toEqual(new Set([logicalId(dlq)]));
    expect(mappings[0]!.Properties).toMatchObject({ BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    // Lambda needs the DLQ to hide a message for at least the function's timeout.
    expect(resourceOf(statefulTemplate, dlq).Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
      resourceOf(statelessTemplate, fn.fn).Properties.Timeout,
    );
    const received = Object.values(
      statelessTemplate.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'NumberOfMessagesReceived' } }),
    ).filter((a) => importedIds(a.Properties.Dimensions, statefulTemplate).has(logicalId(dlq)));
    expect(received.map((a) => a.Properties)).toEqual([expect.objectContaining({ Threshold: 1, Statistic: 'Sum' })]);
  });

  it('sweep the runs past their deadline every five minutes', () => {
    const fn = stateless.services.get(matching.name)!.functions.get('ScheduleFairRunSweep');
    expect(fn).toBeDefined();
    const schedules = Object.values(statelessTemplate.findResources('AWS::Scheduler::Schedule')).filter((s) =>
      JSON.stringify(s.Properties.Target).includes(logicalId(fn!.fn)),
    );
    expect(schedules.map((s) => s.Properties.ScheduleExpression)).toEqual(['rate(5 minutes)']);
  });

  it('hand run requests and finished runs to matching’s own consumers, through the outbox', () => {
    const subs = subscriptionsByEvent(services);
    expect(subs.get('fair.run-requested')).toEqual([{ service: 'matching', consumer: 'fair-runs' }]);
    expect(subs.get('fair.scheduled')).toContainEqual({ service: 'matching', consumer: 'fair-meetings' });
    expect(matching.publishes).toEqual(expect.arrayContaining(['fair.run-requested', 'fair.scheduled']));
  });
});
