import { describe, expect, it, vi } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { batchPutAll } from '../../../../shared/aws/dynamodb.ts';

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
