import { describe, expect, it, vi } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { batchDeleteAll, batchGetAll, batchPutAll } from '../../../../shared/aws/dynamodb.ts';

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ pk: `P#${i}`, sk: 'S' }));
const client = () =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));

describe('batchPutAll', () => {
  it('writes 25 items per call', async () => {
    const doc = client();
    const mock = mockClient(doc);
    mock.on(BatchWriteCommand).resolves({});

    await batchPutAll(doc, 't', items(60));

    expect(mock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems?.t?.length)).toEqual([25, 25, 10]);
  });

  it('writes up to `concurrency` chunks at once, and every chunk', async () => {
    const doc = client();
    const mock = mockClient(doc);
    let inFlight = 0;
    let most = 0;
    mock.on(BatchWriteCommand).callsFake(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      return {};
    });

    await batchPutAll(doc, 't', items(130), { concurrency: 3 });

    expect(most).toBe(3);
    const written = mock.commandCalls(BatchWriteCommand).flatMap((c) => c.args[0].input.RequestItems?.t ?? []);
    expect(new Set(written.map((r) => r.PutRequest?.Item?.pk)).size).toBe(130);
  });

  it('retries exactly the items DynamoDB left unprocessed', async () => {
    vi.useFakeTimers();
    const doc = client();
    const mock = mockClient(doc);
    const leftOver = [{ PutRequest: { Item: { pk: 'P#3', sk: 'S' } } }];
    mock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { t: leftOver } })
      .resolves({});

    const done = batchPutAll(doc, 't', items(5));
    await vi.runAllTimersAsync();
    await done;

    expect(mock.commandCalls(BatchWriteCommand)[1]?.args[0].input.RequestItems?.t).toEqual(leftOver);
    vi.useRealTimers();
  });

  it('gives up with an error when items stay unprocessed', async () => {
    vi.useFakeTimers();
    const doc = client();
    const mock = mockClient(doc);
    mock.on(BatchWriteCommand).resolves({ UnprocessedItems: { t: [{ PutRequest: { Item: { pk: 'P#0', sk: 'S' } } }] } });

    const outcome = expect(batchPutAll(doc, 't', items(1))).rejects.toThrow(/1 items stayed unprocessed in t/);
    await vi.runAllTimersAsync();
    await outcome;
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(8);
    vi.useRealTimers();
  });
});

describe('batchDeleteAll', () => {
  it('deletes 25 keys per call', async () => {
    const doc = client();
    const mock = mockClient(doc);
    mock.on(BatchWriteCommand).resolves({});

    await batchDeleteAll(doc, 't', items(30));

    const calls = mock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems?.t ?? []);
    expect(calls.map((c) => c.length)).toEqual([25, 5]);
    expect(calls[1]?.[0]).toEqual({ DeleteRequest: { Key: { pk: 'P#25', sk: 'S' } } });
  });
});

describe('batchGetAll', () => {
  it('asks 100 keys per call with the read settings given, and returns every item found', async () => {
    const doc = client();
    const mock = mockClient(doc);
    mock.on(BatchGetCommand).callsFake(async (input) => ({ Responses: { t: input.RequestItems.t.Keys.slice(0, 2) } }));

    const found = await batchGetAll(doc, 't', items(150), { ConsistentRead: true });

    const calls = mock.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.t);
    expect(calls.map((c) => c?.Keys?.length)).toEqual([100, 50]);
    expect(calls.every((c) => c?.ConsistentRead === true)).toBe(true);
    expect(found.map((i) => i.pk).sort()).toEqual(['P#0', 'P#1', 'P#100', 'P#101']);
  });

  it('asks again for exactly the keys DynamoDB left unprocessed', async () => {
    vi.useFakeTimers();
    const doc = client();
    const mock = mockClient(doc);
    mock
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { t: [{ pk: 'P#0', sk: 'S' }] }, UnprocessedKeys: { t: { Keys: [{ pk: 'P#2', sk: 'S' }] } } })
      .resolves({ Responses: { t: [{ pk: 'P#2', sk: 'S' }] } });

    const done = batchGetAll(doc, 't', items(3));
    await vi.runAllTimersAsync();
    const found = await done;

    expect(mock.commandCalls(BatchGetCommand)[1]?.args[0].input.RequestItems?.t?.Keys).toEqual([{ pk: 'P#2', sk: 'S' }]);
    expect(found.map((i) => i.pk)).toEqual(['P#0', 'P#2']);
    vi.useRealTimers();
  });

  it('gives up with an error when keys stay unprocessed', async () => {
    vi.useFakeTimers();
    const doc = client();
    const mock = mockClient(doc);
    mock.on(BatchGetCommand).resolves({ UnprocessedKeys: { t: { Keys: [{ pk: 'P#0', sk: 'S' }] } } });

    const outcome = expect(batchGetAll(doc, 't', items(1))).rejects.toThrow(/1 keys stayed unprocessed in t/);
    await vi.runAllTimersAsync();
    await outcome;
    vi.useRealTimers();
  });
});
