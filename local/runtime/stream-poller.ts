/**
 * Lambda's DynamoDB Streams event source, locally, for the outbox tables: reads each shard in
 * order, hands batches to the relay, retries from the first failed record (with back-off) and,
 * after `maxRetries`, sends the failed records to the DLQ (Lambda's on-failure destination) and
 * moves on — whole, in the same message the handlers' own dead-lettering sends (see
 * shared/messaging/stream-dead-letters.ts), where Lambda would send only a pointer. Positions are checkpointed so a persisted runtime resumes where it stopped, and a
 * crash between a commit and its relay only delays the message.
 */
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type _Record as StreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { setTimeout as delay } from 'node:timers/promises';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { streamDeadLetter } from '../../shared/messaging/stream-dead-letters.ts';

/** `{ [streamArn]: { [shardId]: lastSequenceNumber } }` */
export type Checkpoints = Record<string, Record<string, string>>;

export interface StreamPoller {
  stats: { batches: number; records: number; failedToDlq: number };
  stop(): Promise<void>;
}

export type RelayFn = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/** The pause after an empty read of a shard (Lambda polls a stream's shards four times a second). */
const IDLE_POLL_MS = 250;

/** Wait `ms`, or less if the poller is stopped (no error: the caller checks `signal.aborted`). */
export const sleep = (ms: number, signal: AbortSignal): Promise<void> => delay(ms, undefined, { signal }).catch(() => undefined);

/** A record as DynamoDB Streams returns it, as Lambda hands it to a function. */
export function toLambdaRecord(r: StreamRecord, streamArn: string): DynamoDBRecord {
  const d = r.dynamodb ?? {};
  return {
    eventID: r.eventID ?? '',
    eventName: r.eventName as DynamoDBRecord['eventName'],
    eventVersion: r.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ...(d.ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) } : {}),
      Keys: d.Keys as never,
      ...(d.NewImage ? { NewImage: d.NewImage as never } : {}),
      ...(d.OldImage ? { OldImage: d.OldImage as never } : {}),
      SequenceNumber: d.SequenceNumber ?? '',
      SizeBytes: d.SizeBytes ?? 0,
      StreamViewType: (d.StreamViewType ?? 'NEW_IMAGE') as NonNullable<DynamoDBRecord['dynamodb']>['StreamViewType'],
    },
  };
}

export async function startStreamPoller(opts: {
  db: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  sqs: SQSClient;
  table: string;
  relay: RelayFn;
  dlqUrl: string;
  checkpoints: Checkpoints;
  batchSize?: number;
  maxRetries?: number;
  /** Who the records were for, as written in dead letters (default: the table's name). */
  source?: { functionName: string; service: string };
  /** Deliver only records whose sort key `sk` starts with this (Lambda event filtering). */
  sortKeyPrefix?: string;
  onError: (error: unknown, context: string) => void;
}): Promise<StreamPoller> {
  const stats = { batches: 0, records: 0, failedToDlq: 0 };
  const abort = new AbortController();
  const desc = await opts.db.send(new DescribeTableCommand({ TableName: opts.table }));
  const streamArn = desc.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`${opts.table} has no stream`);
  const positions = (opts.checkpoints[streamArn] ??= {});
  const closed = new Set<string>();
  const maxRetries = opts.maxRetries ?? 5;

  async function iteratorFor(shardId: string, at?: string): Promise<string | undefined> {
    const last = positions[shardId];
    const out = await opts.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(at
          ? { ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: at }
          : last
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: last }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return out.ShardIterator;
  }

  async function deliver(records: StreamRecord[]): Promise<string | undefined> {
    const event: DynamoDBStreamEvent = { Records: records.map((r) => toLambdaRecord(r, streamArn!)) };
    for (let attempt = 0; ; attempt++) {
      let firstFailed: string | undefined;
      try {
        const response = await opts.relay(event);
        firstFailed = response.batchItemFailures[0]?.itemIdentifier;
      } catch (error) {
        if (!abort.signal.aborted) opts.onError(error, `relay of ${opts.table}`);
        firstFailed = records[0]?.dynamodb?.SequenceNumber;
      }
      if (!firstFailed) return undefined;
      if (attempt >= maxRetries) {
        const failedFrom = event.Records.findIndex((r) => r.dynamodb?.SequenceNumber === firstFailed);
        for (const r of event.Records.slice(Math.max(0, failedFrom))) {
          const letter = streamDeadLetter(
            r,
            opts.source ?? { functionName: opts.table, service: opts.table },
            attempt + 1,
            "the poller's retries ran out",
          );
          await opts.sqs.send(new SendMessageCommand({ QueueUrl: opts.dlqUrl, MessageBody: JSON.stringify(letter) }));
          stats.failedToDlq += 1;
        }
        return undefined;
      }
      // Retry from the first failure, like Lambda: earlier records are done.
      const idx = event.Records.findIndex((r) => r.dynamodb?.SequenceNumber === firstFailed);
      event.Records = event.Records.slice(Math.max(0, idx));
      await sleep(Math.min(200 * 2 ** attempt, 5000), abort.signal);
      if (abort.signal.aborted) return firstFailed;
    }
  }

  async function pollShard(shard: Shard): Promise<void> {
    const shardId = shard.ShardId!;
    let iterator = await iteratorFor(shardId);
    while (iterator && !abort.signal.aborted) {
      let out: GetRecordsCommandOutput;
      try {
        out = await opts.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: opts.batchSize ?? 100 }));
      } catch (error) {
        // DynamoDB Local answers TrimmedDataAccessException to a TRIM_HORIZON iterator taken while
        // the shard was still empty; iterators also expire (ExpiredIteratorException, after 15
        // minutes). Either way, take a new one from the last delivered position: nothing is skipped.
        const name = (error as { name?: string }).name;
        if (name !== 'TrimmedDataAccessException' && name !== 'ExpiredIteratorException') throw error;
        await sleep(100, abort.signal);
        iterator = await iteratorFor(shardId);
        continue;
      }
      const records = out.Records ?? [];
      const wanted = opts.sortKeyPrefix ? records.filter((r) => r.dynamodb?.Keys?.sk?.S?.startsWith(opts.sortKeyPrefix!)) : records;
      if (records.length > 0 && wanted.length === 0) positions[shardId] = records[records.length - 1]!.dynamodb!.SequenceNumber!;
      if (wanted.length > 0) {
        stats.batches += 1;
        stats.records += wanted.length;
        const unfinished = await deliver(wanted);
        if (unfinished) {
          // Stopped while retrying: resume from the failed record next time.
          const before = wanted[wanted.findIndex((r) => r.dynamodb?.SequenceNumber === unfinished) - 1];
          if (before?.dynamodb?.SequenceNumber) positions[shardId] = before.dynamodb.SequenceNumber;
          return;
        }
        positions[shardId] = records[records.length - 1]!.dynamodb!.SequenceNumber!;
      }
      iterator = out.NextShardIterator;
      // Lambda reads each shard four times a second: an idle stream is not asked more often.
      if (records.length === 0) await sleep(IDLE_POLL_MS, abort.signal);
    }
    if (!iterator) closed.add(shardId);
  }

  const loop = async () => {
    const active = new Map<string, Promise<void>>();
    while (!abort.signal.aborted) {
      try {
        const d = await opts.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
        for (const shard of d.StreamDescription?.Shards ?? []) {
          const id = shard.ShardId!;
          const parentDone =
            !shard.ParentShardId ||
            closed.has(shard.ParentShardId) ||
            !d.StreamDescription?.Shards?.some((s) => s.ShardId === shard.ParentShardId);
          if (closed.has(id) || active.has(id) || !parentDone) continue;
          active.set(
            id,
            pollShard(shard)
              // While stopping, the servers may already be gone: leave quietly, from the last checkpoint.
              .catch((error: unknown) => void (abort.signal.aborted || opts.onError(error, `stream of ${opts.table}`)))
              .finally(() => active.delete(id)),
          );
        }
      } catch (error) {
        if (!abort.signal.aborted) opts.onError(error, `describe stream of ${opts.table}`);
      }
      await sleep(2000, abort.signal);
    }
    await Promise.all(active.values());
  };

  const running = loop();
  return {
    stats,
    stop: async () => {
      abort.abort();
      await running;
    },
  };
}
