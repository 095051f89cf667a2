import { beforeEach, describe, it, expect } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { RequestThrottled, SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { makeRelayHandler, type OutboxRoutes } from '../../../../shared/outbox/relay.ts';

type StreamImage = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

const SCORING_QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/scoring-applications';
const REPORTING_QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/reporting-kpi';

const sqsClient = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const sqs = mockClient(sqsClient);

beforeEach(() => {
  sqs.reset();
});

const relay = (routes: OutboxRoutes = { 'application.submitted': [SCORING_QUEUE, REPORTING_QUEUE] }) =>
  makeRelayHandler({ sqs: sqsClient, routes, service: 'applications' });

const envelopeJson = (n: number, type: string) =>
  JSON.stringify({ id: `evt-${n}`, type, version: 1, occurredAt: '2026-03-10T00:00:00.000Z', source: 'applications', data: { n } });

/** A stream record as DynamoDB Streams delivers an outbox write (NEW_IMAGE). */
function outboxRecord(
  n: number,
  overrides: { eventName?: DynamoDBRecord['eventName']; type?: string; newImage?: StreamImage | null } = {},
): DynamoDBRecord {
  const type = overrides.type ?? 'application.submitted';
  const image = marshall({ id: `evt-${n}`, type, envelope: envelopeJson(n, type), expiresAt: 1_773_700_000 }) as StreamImage;
  return {
    eventID: `event-${n}`,
    eventName: overrides.eventName ?? 'INSERT',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      Keys: marshall({ id: `evt-${n}` }) as StreamImage,
      SequenceNumber: `seq-${n}`,
      StreamViewType: 'NEW_IMAGE',
      ...(overrides.newImage === null ? {} : { NewImage: overrides.newImage ?? image }),
    },
  };
}

const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const sentTo = (queueUrl: string): SendMessageBatchCommandInput[] =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .map((c) => c.args[0].input)
    .filter((input) => input.QueueUrl === queueUrl);

const failures = (response: { batchItemFailures: { itemIdentifier: string }[] }) =>
  response.batchItemFailures.map((f) => f.itemIdentifier).sort();

describe('outbox relay', () => {
  it('sends each new outbox record to every route queue, ten per SendMessageBatch', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });

    const response = await relay()(streamEvent(...range(1, 12).map((n) => outboxRecord(n))));

    expect(response.batchItemFailures).toEqual([]);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 4);
    for (const queue of [SCORING_QUEUE, REPORTING_QUEUE]) {
      const calls = sentTo(queue);
      expect(calls.map((c) => c.Entries?.length)).toEqual([10, 2]);
      expect(calls.flatMap((c) => c.Entries!.map((e) => e.MessageBody))).toEqual(
        range(1, 12).map((n) => envelopeJson(n, 'application.submitted')),
      );
    }
  });

  it('sends the envelope JSON as the body with its type as a message attribute', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });

    await relay({ 'application.submitted': [SCORING_QUEUE] })(streamEvent(outboxRecord(1)));

    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: SCORING_QUEUE,
      Entries: [
        {
          Id: '0',
          MessageBody: envelopeJson(1, 'application.submitted'),
          MessageAttributes: { eventType: { DataType: 'String', StringValue: 'application.submitted' } },
        },
      ],
    });
  });

  it('ignores REMOVE records (TTL expiry)', async () => {
    const response = await relay()(streamEvent(outboxRecord(1, { eventName: 'REMOVE', newImage: null })));

    expect(response.batchItemFailures).toEqual([]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('sends nothing for an event type that has no route', async () => {
    const response = await relay({ 'application.submitted': [SCORING_QUEUE], 'application.withdrawn': [] })(
      streamEvent(outboxRecord(1, { type: 'application.withdrawn' }), outboxRecord(2, { type: 'grant.approved' })),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('reports exactly the record SQS refused as a batch item failure', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [
        { Id: '0', MessageId: 'm0', MD5OfMessageBody: 'x' },
        { Id: '2', MessageId: 'm2', MD5OfMessageBody: 'x' },
      ],
      Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError' }],
    });

    const response = await relay({ 'application.submitted': [SCORING_QUEUE] })(
      streamEvent(outboxRecord(1), outboxRecord(2), outboxRecord(3)),
    );

    expect(failures(response)).toEqual(['seq-2']);
  });

  it('reports exactly the records of a SendMessageBatch call that threw', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Successful: [], Failed: [] })
      .rejectsOnce(new RequestThrottled({ message: 'Request is throttled.', $metadata: { httpStatusCode: 400 } }));

    const response = await relay({ 'application.submitted': [SCORING_QUEUE] })(streamEvent(...range(1, 12).map((n) => outboxRecord(n))));

    expect(failures(response)).toEqual(['seq-11', 'seq-12']);
  });

  it('reports a record once when it fails on one of its queues only', async () => {
    sqs.on(SendMessageBatchCommand, { QueueUrl: SCORING_QUEUE }).resolves({ Successful: [], Failed: [] });
    sqs.on(SendMessageBatchCommand, { QueueUrl: REPORTING_QUEUE }).rejects(new Error('socket hang up'));

    const response = await relay()(streamEvent(outboxRecord(1), outboxRecord(2)));

    expect(failures(response)).toEqual(['seq-1', 'seq-2']);
    expect(sentTo(SCORING_QUEUE)).toHaveLength(1);
  });

  it('reports a record without a NewImage as failed and still sends the others', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });

    const response = await relay({ 'application.submitted': [SCORING_QUEUE] })(
      streamEvent(outboxRecord(1), outboxRecord(2, { newImage: null }), outboxRecord(3)),
    );

    expect(failures(response)).toEqual(['seq-2']);
    expect(sentTo(SCORING_QUEUE)[0]!.Entries!.map((e) => e.MessageBody)).toEqual([
      envelopeJson(1, 'application.submitted'),
      envelopeJson(3, 'application.submitted'),
    ]);
  });

  it('reports a record whose image lacks the envelope as failed', async () => {
    const response = await relay()(
      streamEvent(outboxRecord(1, { newImage: marshall({ id: 'evt-1', type: 'application.submitted' }) as StreamImage })),
    );

    expect(failures(response)).toEqual(['seq-1']);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });
});
