/**
 * Replays what a dead-letter queue holds, locally or in AWS:
 *
 *   npm run redrive -- --queue <name or URL> [--local [http://127.0.0.1:3000]] [--max 1000] [--dry-run]
 *
 * - A consumer's DLQ (some queue's RedrivePolicy points at it): its messages move back to that
 *   source queue, body and attributes unchanged (receive, send, delete; SQS's own
 *   StartMessageMoveTask does the same in AWS, the local server lacks it).
 * - A stream consumer's or outbox relay's DLQ: each full-record dead letter (see
 *   shared/messaging/stream-dead-letters.ts) is replayed into the function it names, as a stream
 *   event. A pointer that Lambda's on-failure destination sent (shard and sequence numbers) is
 *   read back from the stream while the stream still has it (24 h), else reported as lost and kept.
 *
 * A message is deleted only once its replay succeeded; what is kept is visible again at the end.
 * Replays are safe to repeat: consumers and stream handlers are idempotent.
 * With `--local` the runtime started by `npm start` is asked where its servers are; without it the
 * SDK's usual credentials and region (AWS_PROFILE, AWS_REGION) are used.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { z } from 'zod';
import { streamDeadLetterSchema } from '../shared/messaging/stream-dead-letters.ts';
import { toLambdaRecord } from '../local/runtime/stream-poller.ts';

export interface RedriveClients {
  sqs: SQSClient;
  lambda: LambdaClient;
  streams: DynamoDBStreamsClient;
}

export interface RedriveSummary {
  mode: 'move' | 'replay';
  /** Queue the messages moved back to (move mode). */
  target?: string;
  replayed: number;
  kept: number;
  lost: number;
  notes: string[];
}

/** What Lambda's on-failure destination sends for a DynamoDB stream batch: a pointer, no data. */
const pointerSchema = z.object({
  requestContext: z.object({ functionArn: z.string().min(1).max(2048) }),
  DDBStreamBatchInfo: z.object({
    shardId: z.string().min(1).max(200),
    startSequenceNumber: z.string().min(1).max(64),
    endSequenceNumber: z.string().min(1).max(64),
    streamArn: z.string().min(1).max(2048),
  }),
});

async function queueUrlOf(sqs: SQSClient, queue: string): Promise<string> {
  if (/^https?:\/\//.test(queue)) return queue;
  const out = await sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
  return out.QueueUrl!;
}

const nameOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

/** The queues whose RedrivePolicy sends their dead letters to `dlqArn`. */
async function sourceQueuesOf(sqs: SQSClient, dlqArn: string): Promise<string[]> {
  const sources: string[] = [];
  let token: string | undefined;
  do {
    const page = await sqs.send(new ListQueuesCommand({ NextToken: token, MaxResults: 1000 }));
    for (const url of page.QueueUrls ?? []) {
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }));
      const policy = attrs.Attributes?.RedrivePolicy;
      if (policy && (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn === dlqArn) sources.push(url);
    }
    token = page.NextToken;
  } while (token);
  return sources;
}

/** Records [start, end] of one shard, if the stream still has all of them. */
async function readBack(
  streams: DynamoDBStreamsClient,
  info: z.infer<typeof pointerSchema>['DDBStreamBatchInfo'],
): Promise<DynamoDBRecord[] | undefined> {
  const start = BigInt(info.startSequenceNumber);
  const end = BigInt(info.endSequenceNumber);
  const found: DynamoDBRecord[] = [];
  try {
    let iterator = (
      await streams.send(
        new GetShardIteratorCommand({
          StreamArn: info.streamArn,
          ShardId: info.shardId,
          ShardIteratorType: 'AT_SEQUENCE_NUMBER',
          SequenceNumber: info.startSequenceNumber,
        }),
      )
    ).ShardIterator;
    for (let empty = 0; iterator && empty < 5; ) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      const records = out.Records ?? [];
      empty = records.length === 0 ? empty + 1 : 0;
      for (const r of records) {
        const seq = BigInt(r.dynamodb?.SequenceNumber ?? '0');
        if (seq > end) return found;
        if (seq >= start) found.push(toLambdaRecord(r, info.streamArn));
      }
      if (found.length > 0 && BigInt(found[found.length - 1]!.dynamodb!.SequenceNumber!) === end) return found;
      iterator = out.NextShardIterator;
    }
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TrimmedDataAccessException' || name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
  // Closed shard, or nothing more to read: complete only if the last record is there.
  return found.some((r) => r.dynamodb?.SequenceNumber === info.endSequenceNumber) ? found : undefined;
}

/** Invoke a stream function with `records`; the sequence numbers it still reports failed. */
async function replay(lambda: LambdaClient, functionName: string, records: DynamoDBRecord[]): Promise<Set<string>> {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify({ Records: records })) }),
  );
  if (out.FunctionError) return new Set(records.map((r) => r.dynamodb?.SequenceNumber ?? ''));
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : 'null';
  const response = JSON.parse(text || 'null') as DynamoDBBatchResponse | null;
  return new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
}

export async function redriveQueue(
  clients: RedriveClients,
  opts: { queue: string; max?: number; dryRun?: boolean; log?: (line: string) => void },
): Promise<RedriveSummary> {
  const log = opts.log ?? (() => undefined);
  const max = opts.max ?? 1000;
  const dlqUrl = await queueUrlOf(clients.sqs, opts.queue);
  const dlqArn = (await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes
    ?.QueueArn;
  if (!dlqArn) throw new Error(`${opts.queue}: no such queue`);
  const sources = await sourceQueuesOf(clients.sqs, dlqArn);
  if (sources.length > 1)
    throw new Error(`${nameOf(dlqUrl)} is the DLQ of several queues (${sources.map(nameOf).join(', ')}): move its messages by hand`);
  const target = sources[0];
  const summary: RedriveSummary = {
    mode: target ? 'move' : 'replay',
    ...(target ? { target: nameOf(target) } : {}),
    replayed: 0,
    kept: 0,
    lost: 0,
    notes: [],
  };
  const kept: Message[] = [];
  const keep = (m: Message, note?: string) => {
    kept.push(m);
    summary.kept += 1;
    if (note) summary.notes.push(note);
  };

  for (let seen = 0; seen < max; ) {
    const out = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: Math.min(10, max - seen),
        WaitTimeSeconds: 1,
        VisibilityTimeout: 120,
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) break;
    seen += messages.length;
    const done: Message[] = [];

    if (opts.dryRun) {
      for (const m of messages) keep(m);
    } else if (target) {
      const sent = await clients.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: target,
          Entries: messages.map((m, i) => ({
            Id: String(i),
            MessageBody: m.Body ?? '',
            ...(m.MessageAttributes && Object.keys(m.MessageAttributes).length ? { MessageAttributes: m.MessageAttributes } : {}),
          })),
        }),
      );
      const failedIds = new Set((sent.Failed ?? []).map((f) => Number(f.Id)));
      messages.forEach((m, i) => (failedIds.has(i) ? keep(m, `not moved: ${m.MessageId}`) : done.push(m)));
    } else {
      for (const m of messages) {
        let body: unknown;
        try {
          body = JSON.parse(m.Body ?? '');
        } catch {
          body = undefined;
        }
        const letter = streamDeadLetterSchema.safeParse(body);
        const pointer = pointerSchema.safeParse(body);
        let functionName: string;
        let records: DynamoDBRecord[];
        if (letter.success) {
          functionName = letter.data.functionName;
          records = [letter.data.record as unknown as DynamoDBRecord];
        } else if (pointer.success) {
          const info = pointer.data.DDBStreamBatchInfo;
          const back = await readBack(clients.streams, info);
          if (!back) {
            summary.lost += 1;
            keep(
              m,
              `lost: records ${info.startSequenceNumber}…${info.endSequenceNumber} of ${info.shardId} are no longer in the stream (24 h retention); message ${m.MessageId} is kept`,
            );
            continue;
          }
          functionName = pointer.data.requestContext.functionArn;
          records = back;
        } else {
          keep(m, `not a stream dead letter, kept: ${m.MessageId}`);
          continue;
        }
        try {
          const failed = await replay(clients.lambda, functionName, records);
          if (failed.size === 0) done.push(m);
          else keep(m, `${functionName} failed again on ${failed.size} record(s) of ${m.MessageId}`);
        } catch (error) {
          keep(m, `${functionName} could not be invoked for ${m.MessageId}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }

    if (done.length > 0) {
      await clients.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: dlqUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
      summary.replayed += done.length;
      log(`${target ? 'moved' : 'replayed'} ${summary.replayed} so far`);
    }
  }

  // What stays is visible again at once, for the next attempt or for a person to look at.
  for (let i = 0; i < kept.length; i += 10) {
    await clients.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: dlqUrl,
        Entries: kept.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })),
      }),
    );
  }
  return summary;
}

const HELP = `Usage: npm run redrive -- --queue <name or URL> [options]
  --queue Q        the dead-letter queue (name or URL)
  --local [URL]    the local runtime (default http://127.0.0.1:3000); without it, AWS
  --max N          handle at most N messages (default 1000)
  --dry-run        look, replay nothing (messages become visible again)`;

async function main(): Promise<void> {
  // `--local` without a URL means the default one.
  const args = process.argv.slice(2);
  const at = args.indexOf('--local');
  if (at >= 0 && (at === args.length - 1 || args[at + 1]!.startsWith('--'))) args.splice(at + 1, 0, 'http://127.0.0.1:3000');
  const { values } = parseArgs({
    args,
    options: {
      queue: { type: 'string' },
      local: { type: 'string' },
      max: { type: 'string', default: '1000' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  if (values.help || !values.queue) {
    console.log(HELP);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const max = Number(values.max);
  if (!Number.isInteger(max) || max < 1 || max > 100_000) throw new Error('--max must be a whole number from 1 to 100000');

  let clients: RedriveClients;
  if (values.local !== undefined) {
    const url = values.local;
    const res = await fetch(`${url}/local/endpoints`).catch(() => undefined);
    if (!res?.ok) throw new Error(`no local runtime answers at ${url} (start it with npm start)`);
    const endpoints = (await res.json()) as { sqs: string; dynamodb: string };
    const local = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    clients = {
      sqs: new SQSClient({ ...local, endpoint: endpoints.sqs, useQueueUrlAsEndpoint: false }),
      streams: new DynamoDBStreamsClient({ ...local, endpoint: endpoints.dynamodb }),
      lambda: new LambdaClient({ ...local, endpoint: url }),
    };
  } else {
    clients = { sqs: new SQSClient({}), streams: new DynamoDBStreamsClient({}), lambda: new LambdaClient({}) };
  }
  const summary = await redriveQueue(clients, { queue: values.queue, max, dryRun: values['dry-run'], log: (l) => console.error(l) });
  for (const note of summary.notes) console.error(note);
  console.log(
    JSON.stringify(
      summary.mode === 'move'
        ? { moved: summary.replayed, to: summary.target, kept: summary.kept }
        : { replayed: summary.replayed, kept: summary.kept, lost: summary.lost },
    ),
  );
  if (summary.kept > 0 && !values['dry-run']) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`redrive: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
