import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { loggerFor } from '../../../../shared/observability.ts';
import {
  SQS_MAX_MESSAGE_BYTES,
  streamDeadLetterSchema,
  withStreamDeadLetters,
  type StreamHandler,
} from '../../../../shared/messaging/stream-dead-letters.ts';

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

const DLQ = 'https://sqs.us-east-1.amazonaws.com/123456789012/registry-record-changes-dlq';
const sqsClient = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const sqs = mockClient(sqsClient);
beforeEach(() => sqs.reset());

const record = (n: number, extra: Record<string, unknown> = {}): DynamoDBRecord => ({
  eventID: `event-${n}`,
  eventName: 'MODIFY',
  eventSource: 'aws:dynamodb',
  awsRegion: 'us-east-1',
  eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/enterprises/stream/2026-11-01T00:00:00.000',
  dynamodb: {
    Keys: marshall({ pk: `E#${n}`, sk: 'PROFILE' }) as Image,
    NewImage: marshall({ pk: `E#${n}`, sk: 'PROFILE', revision: 2, name: `Enterprise ${n}`, ...extra }) as Image,
    OldImage: marshall({ pk: `E#${n}`, sk: 'PROFILE', revision: 1, name: `Old ${n}` }) as Image,
    SequenceNumber: `${100 + n}`,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
});
const event = (...ns: number[]): DynamoDBStreamEvent => ({ Records: ns.map((n) => record(n)) });
const context = (remainingMs: number) =>
  ({ functionName: 'sme-registry-StreamRecordChanges-abc', getRemainingTimeInMillis: () => remainingMs }) as Context;

/** A handler that fails the records whose sequence numbers are in `poison`, every time. */
function failing(poison: Set<string>, calls: string[][] = []): StreamHandler {
  return async (e) => {
    calls.push(e.Records.map((r) => r.dynamodb!.SequenceNumber!));
    return {
      batchItemFailures: e.Records.filter((r) => poison.has(r.dynamodb!.SequenceNumber!)).map((r) => ({
        itemIdentifier: r.dynamodb!.SequenceNumber!,
      })),
    };
  };
}

const wrap = (handler: StreamHandler, extra: { attempts?: number; reserveMs?: number } = {}) =>
  withStreamDeadLetters(handler, {
    sqs: sqsClient,
    dlqUrl: DLQ,
    service: 'registry',
    logger: loggerFor('registry'),
    backoffMs: 1,
    ...extra,
  });

const dlqBodies = () =>
  sqs.commandCalls(SendMessageCommand).map((c) => {
    expect(c.args[0].input.QueueUrl).toBe(DLQ);
    return streamDeadLetterSchema.parse(JSON.parse(c.args[0].input.MessageBody!));
  });

describe('a stream handler with dead letters', () => {
  it('passes a batch that succeeds through, sending nothing', async () => {
    const calls: string[][] = [];
    expect(await wrap(failing(new Set(), calls))(event(1, 2, 3), context(60_000))).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([['101', '102', '103']]);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('retries from the first failure, then sends the whole failing record to the DLQ and reports success', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const calls: string[][] = [];
    const response = await wrap(failing(new Set(['102']), calls), { attempts: 3 })(event(1, 2, 3), context(60_000));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([
      ['101', '102', '103'],
      ['102', '103'],
      ['102', '103'],
    ]);
    const [letter, ...more] = dlqBodies();
    expect(more).toEqual([]);
    // The full record: keys, both images, sequence number — replayable after the stream forgot it.
    expect(letter).toMatchObject({
      kind: 'stream-record',
      version: 1,
      functionName: 'sme-registry-StreamRecordChanges-abc',
      service: 'registry',
      attempts: 3,
    });
    expect(letter!.record).toEqual(record(2));
  });

  it('dead-letters every record of a batch whose handler throws, with a one-line reason', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const handler: StreamHandler = async () => {
      throw new Error('ProvisionedThroughputExceeded\n    at stack line');
    };
    expect(await wrap(handler)(event(1, 2), context(60_000))).toEqual({ batchItemFailures: [] });
    const letters = dlqBodies();
    expect(letters.map((l) => l.record.dynamodb.SequenceNumber).sort()).toEqual(['101', '102']);
    expect(letters[0]!.reason).toBe('Error: ProvisionedThroughputExceeded');
  });

  it('leaves a record the DLQ refused to Lambda (reported as failed), so that nothing is dropped', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('AccessDenied'));
    const response = await wrap(failing(new Set(['102'])))(event(1, 2, 3), context(60_000));
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '102' }] });
  });

  it('leaves a record too large for SQS to Lambda and its on-failure destination', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const big: StreamHandler = async (e) => ({
      batchItemFailures: e.Records.map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })),
    });
    const huge: DynamoDBStreamEvent = { Records: [record(1, { notes: 'x'.repeat(SQS_MAX_MESSAGE_BYTES) })] };
    expect(await wrap(big)(huge, context(60_000))).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('dead-letters within the 10 s a relay function has by default', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const handler = withStreamDeadLetters(failing(new Set(['101'])), {
      sqs: sqsClient,
      dlqUrl: DLQ,
      service: 'registry',
      logger: loggerFor('registry'),
    });
    expect(await handler(event(1), context(9_800))).toEqual({ batchItemFailures: [] });
    expect(dlqBodies()).toHaveLength(1);
  });

  it('stops retrying when the function is about to time out and lets Lambda retry the batch', async () => {
    const calls: string[][] = [];
    const response: DynamoDBBatchResponse = await wrap(failing(new Set(['102']), calls), { attempts: 5, reserveMs: 10_000 })(
      event(1, 2, 3),
      context(5_000),
    );
    expect(calls).toHaveLength(1);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '102' }] });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
