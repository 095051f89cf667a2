import { describe, expect, it } from 'vitest';
import { queueKey } from '../../infra/stacks/stateful-stack.ts';
import { envNames } from '../../shared/manifest.ts';
import { feed } from './feed-manifest.ts';
import { actionsOf, importedIds, logicalId, resourceOf, statementsOf, synthesize } from './synth.ts';

const { stateful, stateless, statefulTemplate, statelessTemplate } = synthesize();

const feedFunctions = stateless.services.get(feed.name)!.functions;
const changes = feedFunctions.get('StreamChanges')!;
const queueOf = (consumer: string) => stateful.queues.get(queueKey(feed.name, consumer))!.queue;
const streamDlq = stateful.streamDlqs.get(queueKey(feed.name, 'changes'))!;
const mappingOf = (fn: typeof changes) =>
  Object.values(
    statelessTemplate.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: { Ref: logicalId(fn.fn) } } }),
  )[0]!.Properties;
const sendTargets = (fn: typeof changes) =>
  new Set(
    statementsOf(statelessTemplate, fn)
      .filter((s) => actionsOf(s).includes('sqs:SendMessage'))
      .flatMap((s) => [...importedIds(s.Resource, statefulTemplate)]),
  );
const envOf = (fn: typeof changes): Record<string, unknown> => resourceOf(statelessTemplate, fn.fn).Properties.Environment.Variables;

describe('a table declared with a stream', () => {
  it('streams the images the manifest asks for', () => {
    expect(resourceOf(statefulTemplate, stateful.tables.get(feed.name)!.get('items')!).Properties.StreamSpecification).toEqual({
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
  });
});

describe('a stream consumer', () => {
  it("reads its table's stream from the start, in batches of the manifest size, reporting partial failures", () => {
    const mapping = mappingOf(changes);
    expect(importedIds(mapping.EventSourceArn, statefulTemplate)).toEqual(
      new Set([logicalId(stateful.tables.get(feed.name)!.get('items')!)]),
    );
    expect(mapping).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 4,
    });
  });

  it('is invoked only for items whose sort key starts with the manifest prefix', () => {
    expect(JSON.parse(mappingOf(changes).FilterCriteria.Filters[0].Pattern)).toEqual({
      dynamodb: { Keys: { sk: { S: [{ prefix: 'PROFILE' }] } } },
    });
  });

  it('sends records it keeps failing on to its own DLQ, which alarms', () => {
    expect(importedIds(mappingOf(changes).DestinationConfig.OnFailure.Destination, statefulTemplate)).toEqual(
      new Set([logicalId(streamDlq)]),
    );
    const alarms = Object.values(
      statelessTemplate.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ApproximateNumberOfMessagesVisible' } }),
    );
    expect(alarms.some((a) => importedIds(a.Properties.Dimensions, statefulTemplate).has(logicalId(streamDlq)))).toBe(true);
  });

  it('sends the full records it keeps failing on to that DLQ itself (the on-failure pointer expires with the stream)', () => {
    expect(importedIds(envOf(changes)[envNames.streamDlqUrl(feed.name, 'changes')], statefulTemplate)).toEqual(
      new Set([logicalId(streamDlq)]),
    );
    expect(sendTargets(changes).has(logicalId(streamDlq))).toBe(true);
    expect(resourceOf(statefulTemplate, streamDlq).Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('uses the tables of its service like any of its functions', () => {
    expect(Object.keys(envOf(changes))).toContain(envNames.table(feed.name, 'items'));
  });
});

describe('a service that publishes from its stream', () => {
  it('has no outbox and no relay', () => {
    expect(stateful.outboxTables.has(feed.name)).toBe(false);
    expect(feedFunctions.has('OutboxRelay')).toBe(false);
  });

  it('gives its stream consumer the queue URL of every subscriber of each event it publishes', () => {
    const parts = ((envOf(changes)[envNames.eventRoutes(feed.name)] as any)['Fn::Join'][1] as unknown[]).map((part) =>
      typeof part === 'string' ? part : [...importedIds(part, statefulTemplate)][0],
    );
    expect(JSON.parse(parts.join(''))).toEqual({ 'feed.changed': [logicalId(queueOf('echoes'))] });
  });

  it('lets the stream consumer send to the subscribers, and its other functions not', () => {
    expect(sendTargets(changes).has(logicalId(queueOf('echoes')))).toBe(true);
    const route = feedFunctions.get('GetFeed')!;
    expect(sendTargets(route).has(logicalId(queueOf('echoes')))).toBe(false);
    expect(Object.keys(envOf(route))).not.toContain(envNames.eventRoutes(feed.name));
  });
});

describe("a service's own work queues (consumers of no event)", () => {
  it('are named to, and writable by, every function of the service', () => {
    for (const [id, fn] of feedFunctions) {
      const env = envOf(fn);
      for (const consumer of ['chunks', 'uploads']) {
        expect(importedIds(env[envNames.consumerQueueUrl(feed.name, consumer)], statefulTemplate), `${id} ${consumer}`).toEqual(
          new Set([logicalId(queueOf(consumer))]),
        );
        expect(sendTargets(fn).has(logicalId(queueOf(consumer))), `${id} ${consumer}`).toBe(true);
      }
      expect(Object.keys(env), id).not.toContain(envNames.consumerQueueUrl(feed.name, 'echoes'));
    }
  });

  it("are out of reach of other services' functions", () => {
    const own = new Set(['chunks', 'uploads'].map((c) => logicalId(queueOf(c))));
    for (const [service, construct] of stateless.services) {
      if (service === feed.name) continue;
      for (const [id, fn] of construct.functions) {
        expect(
          [...sendTargets(fn)].filter((target) => own.has(target)),
          `${service}/${id}`,
        ).toEqual([]);
      }
    }
  });

  it('are drained with the concurrency cap the manifest sets', () => {
    expect(mappingOf(feedFunctions.get('ConsumerChunks')!).ScalingConfig).toEqual({ MaximumConcurrency: 3 });
    expect(mappingOf(feedFunctions.get('ConsumerUploads')!).ScalingConfig).toBeUndefined();
  });
});

describe('upload notifications', () => {
  it("announce files created under the service's prefix to the consumer's queue", () => {
    const [notifications] = Object.values(statefulTemplate.findResources('Custom::S3BucketNotifications'));
    expect(notifications!.Properties.BucketName).toEqual({ Ref: logicalId(stateful.bucket) });
    expect(notifications!.Properties.NotificationConfiguration.QueueConfigurations).toEqual(
      expect.arrayContaining([
        {
          Events: ['s3:ObjectCreated:*'],
          QueueArn: { 'Fn::GetAtt': [logicalId(queueOf('uploads')), 'Arn'] },
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'feed/inbox/' }] } },
        },
      ]),
    );
  });

  it('may be sent to the queue by this bucket only', () => {
    const policies = Object.values(statefulTemplate.findResources('AWS::SQS::QueuePolicy')).filter((p) =>
      (p.Properties.Queues as unknown[]).some((q) => JSON.stringify(q) === JSON.stringify({ Ref: logicalId(queueOf('uploads')) })),
    );
    const fromS3 = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => s.Principal?.Service === 's3.amazonaws.com');
    expect(fromS3).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId(stateful.bucket), 'Arn'] } } },
      }),
    ]);
  });
});

describe('intake documents', () => {
  const intakeQueue = (consumer: string) => stateful.queues.get(queueKey('intake', consumer))!.queue;

  it('announce each upload under intake/documents/incoming/ to the verify-documents queue', () => {
    const [notifications] = Object.values(statefulTemplate.findResources('Custom::S3BucketNotifications'));
    expect(notifications!.Properties.NotificationConfiguration.QueueConfigurations).toEqual(
      expect.arrayContaining([
        {
          Events: ['s3:ObjectCreated:*'],
          QueueArn: { 'Fn::GetAtt': [logicalId(intakeQueue('verify-documents')), 'Arn'] },
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'intake/documents/incoming/' }] } },
        },
      ]),
    );
  });

  it('are verified by a function that may read, copy and delete under intake/ only', () => {
    const verify = [...stateless.services.get('intake')!.functions.entries()].find(([id]) => id === 'ConsumerVerifyDocuments')?.[1];
    expect(verify).toBeDefined();
    const objectStatements = statementsOf(statelessTemplate, verify!).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('s3:') && a !== 's3:ListBucket'),
    );
    const actions = objectStatements.flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']));
    for (const s of objectStatements) expect(JSON.stringify(s.Resource)).toMatch(/"\/intake\/\*"\]\]\}$/);
  });
});
