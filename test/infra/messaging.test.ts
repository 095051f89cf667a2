import { describe, expect, it } from 'vitest';
import { queueKey } from '../../infra/stacks/stateful-stack.ts';
import { envNames } from '../../shared/manifest.ts';
import { manifest as wiring } from '../fixtures/wiring/manifest.ts';
import { ledger } from './ledger-manifest.ts';
import { TEST_MANIFESTS, actionsOf, importedIds, logicalId, resourceOf, statementsOf, synthesize } from './synth.ts';

const { stateful, stateless, statefulTemplate, statelessTemplate } = synthesize();

const consumerQueues = TEST_MANIFESTS.flatMap((m) =>
  m.consumers.map((c) => ({ key: queueKey(m.name, c.name), spec: c, ...stateful.queues.get(queueKey(m.name, c.name))! })),
);
const dlqIds = new Set([
  ...consumerQueues.map(({ dlq }) => logicalId(dlq)),
  ...[...stateful.relayDlqs.values()].map(logicalId),
  ...[...stateful.streamDlqs.values()].map(logicalId),
]);
const queueId = (service: string, consumer: string) => logicalId(stateful.queues.get(queueKey(service, consumer))!.queue);

describe('consumer queues', () => {
  it("redrive to their DLQ after the manifest's maxReceiveCount", () => {
    for (const { key, spec, queue, dlq } of consumerQueues) {
      expect(resourceOf(statefulTemplate, queue).Properties.RedrivePolicy, key).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(dlq), 'Arn'] },
        maxReceiveCount: spec.maxReceiveCount,
      });
    }
  });

  it('leave no queue that is neither a DLQ nor redriven to one', () => {
    const queues = Object.entries(statefulTemplate.findResources('AWS::SQS::Queue'));
    expect(queues.length).toBe(consumerQueues.length * 2 + stateful.relayDlqs.size + stateful.streamDlqs.size);
    for (const [id, queue] of queues) {
      if (!dlqIds.has(id)) expect(queue.Properties.RedrivePolicy?.maxReceiveCount, id).toBeGreaterThan(0);
    }
  });

  it("hide a message for the manifest's visibility timeout", () => {
    for (const { key, spec, queue } of consumerQueues) {
      expect(resourceOf(statefulTemplate, queue).Properties.VisibilityTimeout, key).toBe(spec.visibilityTimeoutSeconds);
    }
  });

  it('keep dead letters for 14 days', () => {
    for (const id of dlqIds) {
      expect(statefulTemplate.toJSON().Resources[id].Properties.MessageRetentionPeriod, id).toBe(14 * 24 * 3600);
    }
  });

  it('feed their consumer in batches of the manifest size, reporting partial failures', () => {
    const consumer = stateless.services.get(ledger.name)!.functions.get('ConsumerThingCopies')!;
    statelessTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(consumer.fn) },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('dead-letter alarms', () => {
  it('fire on the first message in any DLQ and notify operations', () => {
    const alarms = Object.values(
      statelessTemplate.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ApproximateNumberOfMessagesVisible' } }),
    );
    for (const id of dlqIds) {
      const alarm = alarms.find((a) => importedIds(a.Properties.Dimensions, statefulTemplate).has(id));
      expect(alarm, `alarm on ${id}`).toBeDefined();
      expect(alarm!.Properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: logicalId(stateless.alarmTopic) }],
      });
    }
  });
});

describe('the outbox relay', () => {
  const relay = stateless.services.get(wiring.name)!.functions.get('OutboxRelay')!;
  const mapping = () =>
    Object.values(
      statelessTemplate.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: { Ref: logicalId(relay.fn) } } }),
    )[0]!.Properties;

  it("reads its service's outbox stream from the start, reporting partial failures", () => {
    expect(importedIds(mapping().EventSourceArn, statefulTemplate)).toEqual(new Set([logicalId(stateful.outboxTables.get(wiring.name)!)]));
    expect(mapping()).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
    });
  });

  it('is invoked for inserts only', () => {
    expect(mapping().FilterCriteria).toEqual({ Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] });
  });

  it('sends a batch that keeps failing to its DLQ', () => {
    expect(importedIds(mapping().DestinationConfig.OnFailure.Destination, statefulTemplate)).toEqual(
      new Set([logicalId(stateful.relayDlqs.get(wiring.name)!)]),
    );
  });

  it('routes each published event to the queue URL of every subscribed consumer', () => {
    const env = resourceOf(statelessTemplate, relay.fn).Properties.Environment.Variables;
    const parts = (env[envNames.outboxRoutes]['Fn::Join'][1] as unknown[]).map((part) =>
      typeof part === 'string' ? part : [...importedIds(part, statefulTemplate)][0],
    );
    expect(JSON.parse(parts.join(''))).toEqual({
      'thing.created': [queueId(wiring.name, 'thing-events'), queueId(ledger.name, 'thing-copies')],
    });
  });

  it('may send only to the subscribed queues and its own DLQ', () => {
    const sendTargets = new Set(
      statementsOf(statelessTemplate, relay)
        .filter((s) => actionsOf(s).includes('sqs:SendMessage'))
        .flatMap((s) => [...importedIds(s.Resource, statefulTemplate)]),
    );
    expect(sendTargets).toEqual(
      new Set([
        queueId(wiring.name, 'thing-events'),
        queueId(ledger.name, 'thing-copies'),
        logicalId(stateful.relayDlqs.get(wiring.name)!),
      ]),
    );
  });

  it('is given its DLQ to send the full records it keeps failing on (the on-failure pointer expires with the stream)', () => {
    const env = resourceOf(statelessTemplate, relay.fn).Properties.Environment.Variables;
    expect(importedIds(env[envNames.outboxRelayDlqUrl], statefulTemplate)).toEqual(
      new Set([logicalId(stateful.relayDlqs.get(wiring.name)!)]),
    );
  });

  it('exists only for services that publish', () => {
    expect(stateless.services.get(ledger.name)!.functions.has('OutboxRelay')).toBe(false);
    expect(stateful.outboxTables.has(ledger.name)).toBe(false);
  });
});
