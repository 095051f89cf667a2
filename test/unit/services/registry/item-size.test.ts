/**
 * No accepted event can make an item DynamoDB refuses (400 KB): the largest event the schema
 * accepts is applied through the repository and its change through the change-stream consumer (both
 * against mocked clients), and every item they would write — profile, event-id record, history
 * entry — is measured, as is the enterprise.* message (SQS: 256 KB). When written: profile 150 KB,
 * history entry 293 KB (it holds the owners before and after), event-id record 0.4 KB, message 22 KB.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  TransactWriteCommand,
  type BatchWriteCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeRecordChangesHandler } from '../../../../services/registry/adapters/inbound/record-changes.ts';
import { DynamoDbEnterpriseRepository, itemSize } from '../../../../services/registry/adapters/outbound/dynamodb-enterprise-repository.ts';
import { checkRegistryEvent, LIMITS, type RegistryEvent } from '../../../../services/registry/domain/registry-event.ts';
import { checkDigit } from '../../../../services/registry/domain/tax-code.ts';
import { NOW, testRefOf } from './fixtures.ts';

const ITEM_LIMIT = 400 * 1024;
/** What we keep in hand below the limit, for the estimate's rounding and fields added later. */
const MARGIN = 0.15;
const SQS_LIMIT = 256 * 1024;
/** A character of three UTF-8 bytes (the most any UTF-16 code unit takes). */
const WIDE = 'ệ';

const wide = (n: number, tag: string) => `${tag}${WIDE.repeat(n - tag.length)}`;

/** The largest event the schema and the domain checks accept, every string and array at its bound. */
function largestEvent(variant: string, revision: number): RegistryEvent {
  const nine = '010023348';
  const head = `${nine}${checkDigit(nine)}`;
  const raw = {
    eventId: wide(LIMITS.eventId, `e${variant}`),
    type: 'amended',
    taxCode: `${head}-001`,
    revision,
    occurredAt: '2026-03-02T08:00:00.123456789+07:00',
    enterprise: {
      name: wide(LIMITS.enterpriseName, variant),
      legalForm: 'branch',
      communeCode: '00004',
      vsic: {
        version: '2018',
        main: '25920',
        others: Array.from({ length: LIMITS.vsicOthers }, (_, i) => String((variant === 'a' ? 25_000 : 25_500) + i)),
      },
      foundedOn: '2015-03-02',
      status: 'active',
      employees: 9_999_999,
      revenueVnd: Number.MAX_SAFE_INTEGER,
      totalCapitalVnd: Number.MAX_SAFE_INTEGER,
      legalRepresentative: { name: wide(LIMITS.personName, `r${variant}`), personalIdHash: `${variant}`.padEnd(64, 'f') },
      owners: Array.from({ length: LIMITS.owners }, (_, i) => ({
        name: wide(LIMITS.personName, `${variant}${i}`),
        personalIdHash: `${i}${variant}`.padEnd(64, 'e'),
        taxCode: `${head}-${String(i + 1).padStart(3, '0')}`,
        sharePct: 0.4999999999999999,
      })),
      householdTaxCode: '01234567890123',
    },
  };
  const check = checkRegistryEvent(raw, NOW);
  if (!check.ok) throw new Error(`the largest event is not valid: ${JSON.stringify(check.errors.slice(0, 3))}`);
  return check.event;
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

async function writtenByApply(event: RegistryEvent) {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials }));
  const ddb = mockClient(doc);
  ddb.on(TransactWriteCommand).resolves({});
  await new DynamoDbEnterpriseRepository(doc, 'registry-enterprises', { refOf: async () => testRefOf }, () => NOW).apply(
    [{ sourceId: event.eventId, event }],
    {
      dedupe: 'event-id',
    },
  );
  const items = (ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input as TransactWriteCommandInput).TransactItems!.map(
    (t) => t.Put!.Item!,
  );
  ddb.restore();
  return { profile: items[0]!, eventId: items[1]! };
}

describe('the largest accepted event', () => {
  it('is accepted: every bound is reachable at once', () => {
    expect(largestEvent('a', 2).enterprise.owners).toHaveLength(LIMITS.owners);
  });

  it('makes no item over 400 KB, with a margin: profile, event-id record and history entry', async () => {
    const before = await writtenByApply(largestEvent('a', 1));
    const after = await writtenByApply(largestEvent('b', 2));

    // The history entry of a change that replaced every field: both sides of each one are kept.
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials }));
    const sqsClient = new SQSClient({ region: 'us-east-1', credentials });
    const ddb = mockClient(doc);
    const sqs = mockClient(sqsClient);
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const image = (item: Record<string, unknown>) =>
      marshall(item, { removeUndefinedValues: true }) as NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
    const record: DynamoDBRecord = {
      eventName: 'MODIFY',
      dynamodb: {
        SequenceNumber: '1',
        Keys: image({ pk: after.profile.pk, sk: after.profile.sk }),
        OldImage: image(before.profile),
        NewImage: image(after.profile),
      },
    };
    const handler = makeRecordChangesHandler({
      client: doc,
      sqs: sqsClient,
      table: 'registry-enterprises',
      routes: { 'enterprise.changed': ['https://queue'] },
    });
    expect(await handler({ Records: [record] })).toEqual({ batchItemFailures: [] });
    const history = (ddb.commandCalls(BatchWriteCommand)[0]!.args[0].input as BatchWriteCommandInput).RequestItems![
      'registry-enterprises'
    ]![0]!.PutRequest!.Item!;
    const message = (sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input as SendMessageBatchCommandInput).Entries![0]!.MessageBody!;
    ddb.restore();
    sqs.restore();

    const sizes = { profile: itemSize(after.profile), eventId: itemSize(after.eventId), history: itemSize(history) };
    expect((history.changes as { field: string }[]).map((c) => c.field)).toEqual(
      expect.arrayContaining(['name', 'owners', 'legalRepresentative', 'vsic']),
    );
    for (const size of Object.values(sizes)) expect(size).toBeLessThan(ITEM_LIMIT * (1 - MARGIN));
    // The history entry is the largest: it must still leave the margin.
    expect(sizes.history).toBeGreaterThan(sizes.profile);
    expect(Buffer.byteLength(message)).toBeLessThan(SQS_LIMIT * (1 - MARGIN));
    // Subscribers get refs for the representative and every owner, never a name.
    const data = (JSON.parse(message) as { data: { people: unknown[] } }).data;
    expect(data.people).toHaveLength(LIMITS.owners + 1);
    const people = [largestEvent('b', 2).enterprise.legalRepresentative, ...largestEvent('b', 2).enterprise.owners];
    for (const p of people) {
      expect(message).not.toContain(p.name);
      expect(message).not.toContain(p.personalIdHash!);
    }
  });

  it('is measured as DynamoDB counts: names, UTF-8 bytes, and list and map overheads', () => {
    expect(itemSize({ pk: 'ab' })).toBe(4);
    expect(itemSize({ n: WIDE })).toBe(1 + 3);
    expect(itemSize({ l: ['a', 'b'] })).toBe(1 + 3 + 2 * (1 + 1));
    expect(itemSize({ m: { k: 'v' } })).toBe(1 + 3 + 1 + 1 + 1);
    expect(itemSize({ x: null, y: true })).toBe(2 + 2);
    // Numbers: at most 21 bytes for 38 digits; ours count one byte per two digits, plus two.
    expect(itemSize({ n: Number.MAX_SAFE_INTEGER })).toBeLessThanOrEqual(1 + 21);
  });
});
