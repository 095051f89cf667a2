/**
 * `queryAll` (shared/aws/dynamodb.ts), which the matching and scoring repositories use for
 * partitions they read whole, against DynamoDB Local: it follows every page, and keeps the
 * query's conditions and index.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { batchPutAll, queryAll } from '../../shared/aws/dynamodb.ts';
import { createTable, localClients, uniqueName } from '../support/aws.ts';

const c = localClients();
let table: string;

beforeAll(async () => {
  table = await createTable(c.db, uniqueName('query-all'), { sortKey: true });
  const items = Array.from({ length: 23 }, (_, i) => ({ pk: 'P#1', sk: `S#${String(i).padStart(2, '0')}`, n: i }));
  await batchPutAll(c.doc, table, [...items, { pk: 'P#2', sk: 'S#00', n: 100 }]);
});

describe('queryAll', () => {
  it('returns every item of the partition across pages, in key order', async () => {
    // Limit 5 makes DynamoDB answer in five pages, each with a LastEvaluatedKey to follow.
    const items = await queryAll(c.doc, table, {
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': 'P#1' },
      Limit: 5,
    });
    expect(items.map((i) => i.n)).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it('keeps the key condition: a narrower range returns only that range', async () => {
    const items = await queryAll(c.doc, table, {
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':p': 'P#1', ':a': 'S#10', ':b': 'S#14' },
      Limit: 2,
    });
    expect(items.map((i) => i.n)).toEqual([10, 11, 12, 13, 14]);
  });

  it('stops at `most` items, across pages', async () => {
    const items = await queryAll(
      c.doc,
      table,
      { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'P#1' }, Limit: 5 },
      { most: 12 },
    );
    expect(items.map((i) => i.n)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('returns nothing for an empty partition', async () => {
    expect(await queryAll(c.doc, table, { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'P#none' } })).toEqual([]);
  });
});
