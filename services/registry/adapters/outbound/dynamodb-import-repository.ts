/**
 * Import jobs, chunk markers and rejected rows, in the registry's imports table:
 *   IMP#<id> / JOB            the job, its counters and reading checkpoint; while the job is open it
 *                             carries `openPk`, which puts it in the `openJobs` index the sweep reads
 *   IMP#<id> / CHUNK#<n>      a chunk was handled (applied or failed), with its row range (so a
 *                             redelivery adds nothing, and the sweep can tell which chunks are missing)
 *   IMP#<id> / FAIL#<n>       a chunk that failed every attempt, with its rows and the reason
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
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { batchPutAll } from '../../../../shared/aws/dynamodb.ts';
import type {
  ChunkFailure,
  ChunkResult,
  ImportJob,
  ImportRepository,
  ImportStatus,
  RowRejection,
  TerminalStatus,
} from '../../app/ports.ts';

const pk = (id: string) => `IMP#${id}`;
const JOB = 'JOB';
const pad = (n: number) => String(n).padStart(9, '0');
/** The open-jobs index: a sparse GSI over `openPk`, removed when the job reaches a terminal status. */
export const OPEN_JOBS_INDEX = 'openJobs';
const OPEN = 'OPEN';
const LEASE_ATTRIBUTES = ['readerId', 'readerHeartbeatAt', 'openPk'];

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;
const stripJob = (item: Record<string, unknown>): ImportJob => {
  const copy = { ...item };
  for (const k of ['pk', 'sk', 'openPk']) delete copy[k];
  return copy as unknown as ImportJob;
};

export class DynamoDbImportRepository implements ImportRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(job: ImportJob): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: pk(job.id), sk: JOB, ...job, openPk: OPEN },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string): Promise<ImportJob | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: pk(id), sk: JOB }, ConsistentRead: true }));
    return out.Item ? stripJob(out.Item) : undefined;
  }

  /** An update of the job that is false (not thrown) when its condition does not hold. */
  private async conditional(
    input: Omit<UpdateCommandInput, 'TableName' | 'Key'> & { id: string },
  ): Promise<Record<string, unknown> | false> {
    const { id, ...rest } = input;
    try {
      const out = await this.client.send(new UpdateCommand({ TableName: this.table, Key: { pk: pk(id), sk: JOB }, ...rest }));
      return out.Attributes ?? {};
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async claimForReading(id: string, readerId: string, at: Date, lapsedBefore: Date): Promise<ImportJob | undefined> {
    const out = await this.conditional({
      id,
      UpdateExpression:
        'SET #s = :reading, readerId = :me, readerHeartbeatAt = :at, startedAt = if_not_exists(startedAt, :at), progressAt = if_not_exists(progressAt, :at)',
      ConditionExpression: '#s = :waiting OR (#s = :reading AND (attribute_not_exists(readerHeartbeatAt) OR readerHeartbeatAt < :lapsed))',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':reading': 'reading',
        ':waiting': 'awaiting-upload',
        ':me': readerId,
        ':at': at.toISOString(),
        ':lapsed': lapsedBefore.toISOString(),
      },
      ReturnValues: 'ALL_NEW',
    });
    return out ? stripJob(out) : undefined;
  }

  private held(readerId: string) {
    return { condition: '#s = :reading AND readerId = :me', names: { '#s': 'status' }, values: { ':reading': 'reading', ':me': readerId } };
  }

  async checkpoint(id: string, readerId: string, cp: { chunksSent: number; rowsRead: number }, at: Date): Promise<boolean> {
    const h = this.held(readerId);
    return (
      (await this.conditional({
        id,
        UpdateExpression: 'SET chunksSent = :c, rowsRead = :r, readerHeartbeatAt = :at, progressAt = :at',
        ConditionExpression: h.condition,
        ExpressionAttributeNames: h.names,
        ExpressionAttributeValues: { ...h.values, ':c': cp.chunksSent, ':r': cp.rowsRead, ':at': at.toISOString() },
      })) !== false
    );
  }

  async heartbeat(id: string, readerId: string, at: Date): Promise<boolean> {
    const h = this.held(readerId);
    return (
      (await this.conditional({
        id,
        UpdateExpression: 'SET readerHeartbeatAt = :at',
        ConditionExpression: h.condition,
        ExpressionAttributeNames: h.names,
        ExpressionAttributeValues: { ...h.values, ':at': at.toISOString() },
      })) !== false
    );
  }

  async releaseReading(id: string, readerId: string): Promise<void> {
    const h = this.held(readerId);
    await this.conditional({
      id,
      UpdateExpression: 'REMOVE readerId, readerHeartbeatAt',
      ConditionExpression: h.condition,
      ExpressionAttributeNames: h.names,
      ExpressionAttributeValues: h.values,
    });
  }

  async finishReading(
    id: string,
    readerId: string,
    end: { chunks: number; rowsRead: number },
    at: Date,
    failure?: { error: string },
  ): Promise<boolean> {
    const h = this.held(readerId);
    return (
      (await this.conditional({
        id,
        UpdateExpression:
          `SET chunks = :c, chunksSent = :c, readingDone = :t, rowsRead = :r, #s = :s, progressAt = :at${failure ? ', #e = :e, finishedAt = :at' : ''} ` +
          `REMOVE readerId, readerHeartbeatAt${failure ? ', openPk' : ''}`,
        ConditionExpression: h.condition,
        ExpressionAttributeNames: { ...h.names, ...(failure ? { '#e': 'error' } : {}) },
        ExpressionAttributeValues: {
          ...h.values,
          ':c': end.chunks,
          ':t': true,
          ':r': end.rowsRead,
          ':s': failure ? 'failed' : 'applying',
          ':at': at.toISOString(),
          ...(failure ? { ':e': failure.error } : {}),
        },
      })) !== false
    );
  }

  async recordChunk(id: string, r: ChunkResult, at: Date): Promise<boolean> {
    // Rejections first (idempotent puts keyed by row), then the counters with the chunk marker.
    await batchPutAll(
      this.client,
      this.table,
      r.rejected.map((rej) => ({ pk: pk(id), sk: `REJ#${pad(rej.row)}`, ...rej })),
    );
    return this.handled(
      id,
      { chunk: r.chunk, firstRow: r.firstRow, lastRow: r.lastRow },
      {
        UpdateExpression: 'SET progressAt = :at ADD chunksDone :one, applied :a, stale :s, duplicate :d, rejected :r',
        ExpressionAttributeValues: {
          ':one': 1,
          ':a': r.applied,
          ':s': r.stale,
          ':d': r.duplicate,
          ':r': r.rejected.length,
          ':at': at.toISOString(),
        },
      },
    );
  }

  async recordChunkFailure(id: string, f: ChunkFailure, at: Date): Promise<boolean> {
    return this.handled(
      id,
      { chunk: f.chunk, firstRow: f.firstRow, lastRow: f.lastRow, failed: true },
      {
        UpdateExpression: 'SET progressAt = :at ADD chunksDone :one, chunksFailed :one, rowsFailed :n',
        ExpressionAttributeValues: { ':one': 1, ':n': f.rows, ':at': at.toISOString() },
      },
      { pk: pk(id), sk: `FAIL#${pad(f.chunk)}`, ...f },
    );
  }

  /** The chunk marker (once) with the job's counters, and any extra item, in one transaction. */
  private async handled(
    id: string,
    marker: Record<string, unknown> & { chunk: number },
    update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown> },
    extra?: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { pk: pk(id), sk: `CHUNK#${pad(marker.chunk)}`, ...marker },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Update: { TableName: this.table, Key: { pk: pk(id), sk: JOB }, ...update } },
            ...(extra ? [{ Put: { TableName: this.table, Item: extra } }] : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async recordedChunks(id: string): Promise<{ chunk: number; firstRow: number; lastRow: number }[]> {
    const out: { chunk: number; firstRow: number; lastRow: number }[] = [];
    for await (const item of this.queryAll(id, 'CHUNK#', 'chunk, firstRow, lastRow')) {
      out.push({ chunk: item.chunk as number, firstRow: item.firstRow as number, lastRow: item.lastRow as number });
    }
    return out;
  }

  async failures(id: string, limit: number): Promise<ChunkFailure[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :f)',
        ExpressionAttributeValues: { ':pk': pk(id), ':f': 'FAIL#' },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(
      ({ chunk, firstRow, lastRow, rows, reason }) => ({ chunk, firstRow, lastRow, rows, reason }) as ChunkFailure,
    );
  }

  private async *queryAll(id: string, prefix: string, projection?: string): AsyncIterable<Record<string, unknown>> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          ExpressionAttributeValues: { ':pk': pk(id), ':p': prefix },
          ...(projection ? { ProjectionExpression: projection } : {}),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      yield* out.Items ?? [];
      start = out.LastEvaluatedKey;
    } while (start);
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

  async openJobs(): Promise<ImportJob[]> {
    const jobs: ImportJob[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: OPEN_JOBS_INDEX,
          KeyConditionExpression: 'openPk = :open',
          ExpressionAttributeValues: { ':open': OPEN },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      jobs.push(...(out.Items ?? []).map(stripJob));
      start = out.LastEvaluatedKey;
    } while (start);
    return jobs;
  }

  async rewind(id: string, cp: { chunksSent: number; rowsRead: number }, seenProgressAt: string | undefined, at: Date): Promise<boolean> {
    return (
      (await this.conditional({
        id,
        UpdateExpression:
          'SET #s = :reading, chunksSent = :c, rowsRead = :r, readingDone = :f, progressAt = :at, resumes = if_not_exists(resumes, :zero) + :one ' +
          'REMOVE chunks, readerId, readerHeartbeatAt',
        ConditionExpression: `#s IN (:reading, :applying) AND ${seenProgressAt === undefined ? 'attribute_not_exists(progressAt)' : 'progressAt = :seen'}`,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':reading': 'reading',
          ':applying': 'applying',
          ':c': cp.chunksSent,
          ':r': cp.rowsRead,
          ':f': false,
          ':at': at.toISOString(),
          ':zero': 0,
          ':one': 1,
          ...(seenProgressAt === undefined ? {} : { ':seen': seenProgressAt }),
        },
      })) !== false
    );
  }

  async finish(
    id: string,
    o: { from: ImportStatus; status: TerminalStatus; rejectsKey?: string; error?: string; at: Date },
  ): Promise<boolean> {
    return (
      (await this.conditional({
        id,
        UpdateExpression: `SET #s = :s, finishedAt = :at${o.rejectsKey ? ', rejectsKey = :k' : ''}${o.error ? ', #e = :e' : ''} REMOVE ${LEASE_ATTRIBUTES.join(', ')}`,
        ConditionExpression: '#s = :from',
        ExpressionAttributeNames: { '#s': 'status', ...(o.error ? { '#e': 'error' } : {}) },
        ExpressionAttributeValues: {
          ':s': o.status,
          ':at': o.at.toISOString(),
          ':from': o.from,
          ...(o.rejectsKey ? { ':k': o.rejectsKey } : {}),
          ...(o.error ? { ':e': o.error } : {}),
        },
      })) !== false
    );
  }
}
