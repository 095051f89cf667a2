/**
 * Import jobs, chunk markers and rejected rows, in the registry's imports table:
 *   IMP#<id> / JOB            the job and its counters
 *   IMP#<id> / CHUNK#<n>      a chunk's counts were recorded (so a redelivery adds nothing)
 *   IMP#<id> / REJ#<row>      a rejected row with its reasons
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { batchPutAll } from '../../../../shared/aws/dynamodb.ts';
import type { ChunkResult, ImportJob, ImportRepository, RowRejection } from '../../app/ports.ts';

const pk = (id: string) => `IMP#${id}`;
const JOB = 'JOB';
const pad = (n: number) => String(n).padStart(9, '0');

export class DynamoDbImportRepository implements ImportRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(job: ImportJob): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.table, Item: { pk: pk(job.id), sk: JOB, ...job }, ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async get(id: string): Promise<ImportJob | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: pk(id), sk: JOB }, ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...job } = out.Item;
    return job as ImportJob;
  }

  async claimForReading(id: string, at: Date): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(id), sk: JOB },
          UpdateExpression: 'SET #s = :reading, startedAt = :at',
          ConditionExpression: '#s = :waiting',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':reading': 'reading', ':waiting': 'awaiting-upload', ':at': at.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async addRowsRead(id: string, rows: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({ TableName: this.table, Key: { pk: pk(id), sk: JOB }, UpdateExpression: 'ADD rowsRead :n', ExpressionAttributeValues: { ':n': rows } }),
    );
  }

  async finishReading(id: string, chunks: number, rowsRead: number, failure?: { error: string; at: Date }): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: pk(id), sk: JOB },
        UpdateExpression: `SET chunks = :c, readingDone = :t, rowsRead = :r, #s = :s${failure ? ', #e = :e, finishedAt = :at' : ''}`,
        ExpressionAttributeNames: { '#s': 'status', ...(failure ? { '#e': 'error' } : {}) },
        ExpressionAttributeValues: {
          ':c': chunks,
          ':t': true,
          ':r': rowsRead,
          ':s': failure ? 'failed' : 'applying',
          ...(failure ? { ':e': failure.error, ':at': failure.at.toISOString() } : {}),
        },
      }),
    );
  }

  async recordChunk(id: string, r: ChunkResult): Promise<boolean> {
    // Rejections first (idempotent puts keyed by row), then the counters with the chunk marker.
    await batchPutAll(this.client, this.table, r.rejected.map((rej) => ({ pk: pk(id), sk: `REJ#${pad(rej.row)}`, ...rej })));
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: { pk: pk(id), sk: `CHUNK#${pad(r.chunk)}` }, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: this.table,
                Key: { pk: pk(id), sk: JOB },
                UpdateExpression: 'ADD chunksDone :one, applied :a, stale :s, duplicate :d, rejected :r',
                ExpressionAttributeValues: { ':one': 1, ':a': r.applied, ':s': r.stale, ':d': r.duplicate, ':r': r.rejected.length },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async rejections(id: string, limit: number): Promise<RowRejection[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
        ExpressionAttributeValues: { ':pk': pk(id), ':r': 'REJ#' },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(({ row, eventId, errors }) => ({ row, eventId, errors }) as RowRejection);
  }

  async *allRejections(id: string): AsyncIterable<RowRejection> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
          ExpressionAttributeValues: { ':pk': pk(id), ':r': 'REJ#' },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const { row, eventId, errors } of out.Items ?? []) yield { row, eventId, errors } as RowRejection;
      start = out.LastEvaluatedKey;
    } while (start);
  }

  async finish(id: string, o: { status: 'completed' | 'failed'; rejectsKey?: string; error?: string; at: Date }): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(id), sk: JOB },
          UpdateExpression: `SET #s = :s, finishedAt = :at${o.rejectsKey ? ', rejectsKey = :k' : ''}${o.error ? ', #e = :e' : ''}`,
          ConditionExpression: '#s = :applying',
          ExpressionAttributeNames: { '#s': 'status', ...(o.error ? { '#e': 'error' } : {}) },
          ExpressionAttributeValues: {
            ':s': o.status,
            ':at': o.at.toISOString(),
            ':applying': 'applying',
            ...(o.rejectsKey ? { ':k': o.rejectsKey } : {}),
            ...(o.error ? { ':e': o.error } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
