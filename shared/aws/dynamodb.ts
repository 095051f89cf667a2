/** DynamoDB helpers every adapter needs. */
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

const BATCH = 25;
const MAX_ATTEMPTS = 8;

/**
 * Put `items` with BatchWriteItem, 25 at a time, retrying what DynamoDB leaves unprocessed with
 * exponential back-off (it does so under throttling). Throws if items stay unprocessed.
 * `concurrency` chunks are written at once (default one after another); only for items whose keys
 * are all distinct, since chunks written at once land in no set order.
 */
export async function batchPutAll(
  client: DynamoDBDocumentClient,
  table: string,
  items: Record<string, unknown>[],
  opts: { concurrency?: number } = {},
): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH) chunks.push(items.slice(i, i + BATCH));
  const writeChunk = async (chunk: Record<string, unknown>[]) => {
    let requests = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
      if (requests.length === 0) break;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`${requests.length} items stayed unprocessed in ${table}`);
      await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) await writeChunk(chunks[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 1, chunks.length)) }, worker));
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
 * Every item a query matches, following `LastEvaluatedKey` page after page. Only for queries whose
 * result is bounded by the data model (one partition of known size); a listing for callers pages.
 */
export async function queryAll(
  client: DynamoDBDocumentClient,
  table: string,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await client.send(new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
