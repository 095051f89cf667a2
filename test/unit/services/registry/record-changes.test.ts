import { beforeEach, describe, it, expect } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { makeRecordChangesHandler } from '../../../../services/registry/adapters/inbound/record-changes.ts';
import { toItem } from '../../../../services/registry/adapters/outbound/dynamodb-enterprise-repository.ts';
import { snapshotOf, type Enterprise } from '../../../../services/registry/domain/enterprise.ts';
import { profile, TAX_CODES } from './fixtures.ts';

type StreamImage = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

const TABLE = 'registry-enterprises-test';
const SUPPORT_QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/support-enterprises';
const REPORTING_QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/reporting-enterprises';
const ROUTES = {
  'enterprise.registered': [SUPPORT_QUEUE],
  'enterprise.changed': [SUPPORT_QUEUE],
  'enterprise.closed': [SUPPORT_QUEUE, REPORTING_QUEUE],
};

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const docClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials }));
const sqsClient = new SQSClient({ region: 'us-east-1', credentials });
const ddb = mockClient(docClient);
const sqs = mockClient(sqsClient);

beforeEach(() => {
  ddb.reset();
  sqs.reset();
  ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

const handler = () => makeRecordChangesHandler({ client: docClient, sqs: sqsClient, table: TABLE, routes: ROUTES });

const image = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true }) as StreamImage;

/** A change-stream record (NEW_AND_OLD_IMAGES) of a write to the enterprises table. */
function streamRecord(
  seq: string,
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  images: { newItem?: Record<string, unknown>; oldItem?: Record<string, unknown> },
): DynamoDBRecord {
  const keyOf = images.newItem ?? images.oldItem ?? {};
  return {
    eventID: `event-${seq}`,
    eventName,
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      Keys: image({ pk: keyOf.pk, sk: keyOf.sk }),
      SequenceNumber: seq,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      ...(images.newItem ? { NewImage: image(images.newItem) } : {}),
      ...(images.oldItem ? { OldImage: image(images.oldItem) } : {}),
    },
  };
}

const inserted = (seq: string, p: Enterprise) => streamRecord(seq, 'INSERT', { newItem: toItem(p) });
const modified = (seq: string, before: Enterprise, after: Enterprise) =>
  streamRecord(seq, 'MODIFY', { oldItem: toItem(before), newItem: toItem(after) });
const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

const historyWrites = () =>
  ddb
    .commandCalls(BatchWriteCommand)
    .flatMap((c) => (c.args[0].input as BatchWriteCommandInput).RequestItems?.[TABLE] ?? [])
    .map((r) => r.PutRequest?.Item);

const sentTo = (queueUrl: string) =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .map((c) => c.args[0].input as SendMessageBatchCommandInput)
    .filter((input) => input.QueueUrl === queueUrl)
    .flatMap((input) => input.Entries ?? []);

const envelopesSentTo = (queueUrl: string) =>
  sentTo(queueUrl).map(
    (e) => JSON.parse(e.MessageBody!) as { id: string; type: string; data: { changed: string[] } & Record<string, unknown> },
  );

const registeredProfile = () => profile({ eventId: 'reg-2026-000001', revision: 1 });
const amendedProfile = (enterprise: Parameters<typeof profile>[1], top: Parameters<typeof profile>[0] = {}) =>
  profile({ eventId: 'reg-2026-000002', type: 'amended', revision: 2, occurredAt: '2026-03-05T09:00:00+07:00', ...top }, enterprise, {
    appliedAt: new Date('2026-03-05T02:00:01.000Z'),
  });

describe('record-changes — a first registration (PROFILE INSERT)', () => {
  it('writes one history entry, HIST#0000000001, under the enterprise', async () => {
    const p = registeredProfile();

    const response = await handler()(streamEvent(inserted('seq-1', p)));

    expect(response.batchItemFailures).toEqual([]);
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, 1);
    const items = historyWrites();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      pk: `ENT#${TAX_CODES.thangLong}`,
      sk: 'HIST#0000000001',
      revision: 1,
      sourceId: 'reg-2026-000001',
      cause: 'registered',
      occurredAt: '2026-03-02T08:00:00+07:00',
      appliedAt: p.updatedAt,
    });
  });

  it('sends one enterprise.registered envelope, id enterprise:<taxCode>:1, to the routed queue', async () => {
    const p = registeredProfile();

    await handler()(streamEvent(inserted('seq-1', p)));

    expect(sentTo(REPORTING_QUEUE)).toEqual([]);
    const entries = sentTo(SUPPORT_QUEUE);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.MessageAttributes).toEqual({ eventType: { DataType: 'String', StringValue: 'enterprise.registered' } });
    const { changed: _changed, ...snapshot } = snapshotOf(p, []);
    expect(JSON.parse(entries[0]!.MessageBody!)).toMatchObject({
      id: `enterprise:${TAX_CODES.thangLong}:1`,
      type: 'enterprise.registered',
      version: 1,
      source: 'registry',
      occurredAt: '2026-03-02T01:00:00.000Z',
      data: snapshot,
    });
  });

  it('announces a first registration with an empty changed list, as the enterprise contract says', async () => {
    await handler()(streamEvent(inserted('seq-1', registeredProfile())));

    expect(envelopesSentTo(SUPPORT_QUEUE)[0]!.data.changed).toEqual([]);
  });
});

describe('record-changes — a later revision (PROFILE MODIFY)', () => {
  it('announces a raised revision as enterprise.changed listing exactly the changed fields', async () => {
    const before = registeredProfile();
    const after = amendedProfile({ name: 'Công ty TNHH Cơ khí Thăng Long', employees: 60 });

    const response = await handler()(streamEvent(modified('seq-2', before, after)));

    expect(response.batchItemFailures).toEqual([]);
    const [envelope] = envelopesSentTo(SUPPORT_QUEUE);
    expect(envelope).toMatchObject({ id: `enterprise:${TAX_CODES.thangLong}:2`, type: 'enterprise.changed' });
    expect(envelope!.data.changed).toEqual(['name', 'employees']);
  });

  it('records the changes, from and to, in history entry HIST#0000000002', async () => {
    const before = registeredProfile();
    const after = amendedProfile({ employees: 150 });

    await handler()(streamEvent(modified('seq-2', before, after)));

    expect(historyWrites()).toEqual([
      {
        pk: `ENT#${TAX_CODES.thangLong}`,
        sk: 'HIST#0000000002',
        revision: 2,
        sourceId: 'reg-2026-000002',
        cause: 'amended',
        occurredAt: '2026-03-05T09:00:00+07:00',
        appliedAt: '2026-03-05T02:00:01.000Z',
        changes: [
          { field: 'employees', from: 45, to: 150 },
          { field: 'sizeClass', from: 'small', to: 'medium' },
        ],
      },
    ]);
  });

  it('announces a move to dissolved as enterprise.closed on every routed queue', async () => {
    const before = registeredProfile();
    const after = amendedProfile({ status: 'dissolved' }, { type: 'dissolved', eventId: 'reg-2026-000009' });

    await handler()(streamEvent(modified('seq-3', before, after)));

    for (const queue of [SUPPORT_QUEUE, REPORTING_QUEUE]) {
      const [envelope] = envelopesSentTo(queue);
      expect(envelope).toMatchObject({
        id: `enterprise:${TAX_CODES.thangLong}:2`,
        type: 'enterprise.closed',
        data: { status: 'dissolved', cause: 'dissolved' },
      });
      expect(envelope!.data.changed).toEqual(['status']);
    }
  });

  it('does nothing for a write that did not raise the revision', async () => {
    const before = registeredProfile();
    const rewritten = { ...registeredProfile(), updatedAt: '2026-03-11T00:00:00.000Z' };

    const response = await handler()(streamEvent(modified('seq-4', before, rewritten)));

    expect(response.batchItemFailures).toEqual([]);
    expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });
});

describe('record-changes — other records', () => {
  it('ignores history entries, event-id markers and removals', async () => {
    const p = registeredProfile();
    const historyItem = { pk: `ENT#${p.taxCode}`, sk: 'HIST#0000000001', revision: 1, changes: [] };
    const eventIdItem = { pk: 'EVT#reg-2026-000001', sk: 'EVT', outcome: 'applied', taxCode: p.taxCode, revision: 1 };

    const response = await handler()(
      streamEvent(
        streamRecord('seq-1', 'INSERT', { newItem: historyItem }),
        streamRecord('seq-2', 'INSERT', { newItem: eventIdItem }),
        streamRecord('seq-3', 'REMOVE', { oldItem: eventIdItem }),
        streamRecord('seq-4', 'REMOVE', { oldItem: toItem(p) }),
      ),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });
});

describe('record-changes — failures', () => {
  it('reports the sequence number of the record whose event SQS refused', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: '0', MessageId: 'm0', MD5OfMessageBody: 'x' }],
      Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError' }],
    });
    const a = profile({ eventId: 'reg-a', taxCode: TAX_CODES.hanoiA });
    const b = profile({ eventId: 'reg-b', taxCode: TAX_CODES.hanoiB });

    const response = await handler()(streamEvent(inserted('seq-1', a), inserted('seq-2', b)));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'seq-2' }]);
  });

  it('reports every record of an SQS call that threw', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('socket hang up'));
    const a = profile({ eventId: 'reg-a', taxCode: TAX_CODES.hanoiA });
    const b = profile({ eventId: 'reg-b', taxCode: TAX_CODES.hanoiB });

    const response = await handler()(streamEvent(inserted('seq-1', a), inserted('seq-2', b)));

    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['seq-1', 'seq-2']);
  });

  it('reports the records whose history entries could not be written', async () => {
    ddb.on(BatchWriteCommand).rejects(new Error('ProvisionedThroughputExceededException'));

    const response = await handler()(streamEvent(inserted('seq-1', registeredProfile())));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'seq-1' }]);
  });
});
