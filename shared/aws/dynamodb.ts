/** DynamoDB helpers every adapter needs. */
import {
  BatchGetCommand,
  BatchWriteCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { forEachLimit } from '../concurrency.ts';

const BATCH = 25;
const MAX_ATTEMPTS = 8;

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/**
 * Write `requests` with BatchWriteItem, 25 at a time, retrying what DynamoDB leaves unprocessed
 * with exponential back-off (it does so under throttling). Throws if requests stay unprocessed.
 * `concurrency` chunks are written at once (default one after another); only for requests whose
 * keys are all distinct, since chunks written at once land in no set order.
 */
async function batchWriteAll(
  client: DynamoDBDocumentClient,
  table: string,
  requests: WriteRequest[],
  opts: { concurrency?: number },
): Promise<void> {
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += BATCH) chunks.push(requests.slice(i, i + BATCH));
  await forEachLimit(chunks, opts.concurrency ?? 1, async (chunk) => {
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] ?? []) as WriteRequest[];
      if (pending.length === 0) break;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`${pending.length} items stayed unprocessed in ${table}`);
      await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    }
  });
}

/** Put `items` with BatchWriteItem ({@link batchWriteAll}). */
export async function batchPutAll(
  client: DynamoDBDocumentClient,
  table: string,
  items: Record<string, unknown>[],
  opts: { concurrency?: number } = {},
): Promise<void> {
  await batchWriteAll(
    client,
    table,
    items.map((Item) => ({ PutRequest: { Item } })),
    opts,
  );
}

/** Delete the items of `keys` with BatchWriteItem ({@link batchWriteAll}); a key without an item is no error. */
export async function batchDeleteAll(
  client: DynamoDBDocumentClient,
  table: string,
  keys: Record<string, unknown>[],
  opts: { concurrency?: number } = {},
): Promise<void> {
  await batchWriteAll(
    client,
    table,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
    opts,
  );
}

/** BatchGetItem's most keys a call. */
const GET_BATCH = 100;

/**
 * Get the items of `keys` with BatchGetItem, 100 keys a call (the calls at once), retrying what
 * DynamoDB leaves unprocessed with exponential back-off. The items found, in no set order; a key
 * without an item is simply absent. `read` carries the call's other settings (consistency,
 * projection). Throws if keys stay unprocessed.
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  table: string,
  keys: readonly Record<string, unknown>[],
  read: { ConsistentRead?: boolean; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < keys.length; i += GET_BATCH) chunks.push(keys.slice(i, i + GET_BATCH));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: Record<string, unknown>[] = chunk;
      for (let attempt = 1; pending.length > 0; attempt++) {
        const out = await client.send(new BatchGetCommand({ RequestItems: { [table]: { ...read, Keys: pending } } }));
        found.push(...(out.Responses?.[table] ?? []));
        pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
        if (pending.length === 0) break;
        if (attempt >= MAX_ATTEMPTS) throw new Error(`${pending.length} keys stayed unprocessed in ${table}`);
        await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      }
    }),
  );
  return found;
}

/** Key attributes of a table and of its indexes in this system: `pk`, `sk`, `gsi<n>pk`, `gsi<n>sk`. */
const KEY_ATTRIBUTE = /^(?:pk|sk|gsi\d+(?:pk|sk))$/;

/**
 * The stored record without its key attributes (and any `extra` attribute kept only for an index),
 * as a repository hands it to the use cases.
 */
export function withoutKeys<T>(item: Record<string, unknown>, extra: readonly string[] = []): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTE.test(k) && !extra.includes(k))) as T;
}

/**
 * Every item a query matches, following `LastEvaluatedKey` page after page (a page stops at 1 MB
 * read, or at `Limit` items), or only the first `most`. Only for queries whose result is bounded by
 * the data model (one partition of known size) or by `most`; a listing for callers pages.
 */
export async function queryAll(
  client: DynamoDBDocumentClient,
  table: string,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  opts: { most?: number } = {},
): Promise<Record<string, unknown>[]> {
  const most = opts.most ?? Infinity;
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = Math.min(input.Limit ?? Infinity, most - items.length);
    const out = await client.send(
      new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: start, ...(page < Infinity ? { Limit: page } : {}) }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start && items.length < most);
  return items;
}
