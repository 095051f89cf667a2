/**
 * Dead letters keep what failed, and `npm run redrive` replays it, against a runtime of its own
 * (with the test/fixtures/redrive service): a stream record the consumer keeps failing on lands
 * whole in its DLQ, and after the cause is fixed the redrive replays it into the same function;
 * a Lambda-style pointer is read back from the stream while the stream has it, and reported lost
 * when not; a consumer queue's dead letters move back to their queue.
 */
import { execFile } from 'node:child_process';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamDeadLetterSchema } from '../../shared/messaging/stream-dead-letters.ts';
import { ROOT, startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';
import { eventually } from '../support/http.ts';
import { clock } from '../../shared/time/clock.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const TABLE = 'redrive-items';
let runtime: RuntimeProcess;
let doc: DynamoDBDocumentClient;
let db: DynamoDBClient;
let sqs: SQSClient;
let streams: DynamoDBStreamsClient;

beforeAll(async () => {
  runtime = await startRuntimeProcess(['--in-memory', '--extra-manifest', 'test/fixtures/redrive/manifest.ts'], 90_000, {
    fixtures: false,
  });
  const { endpoints } = runtime.info;
  db = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'us-east-1', credentials });
  doc = DynamoDBDocumentClient.from(db);
  streams = new DynamoDBStreamsClient({ endpoint: endpoints.dynamodb, region: 'us-east-1', credentials });
  sqs = new SQSClient({ endpoint: endpoints.sqs, region: 'us-east-1', credentials, useQueueUrlAsEndpoint: false });
}, 120_000);
afterAll(async () => {
  expect(await runtime?.stop('SIGTERM')).toBe(0);
});

const urlOf = async (name: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
const depth = async (url: string) => {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
};

/** `npm run redrive` as an operator runs it. */
function redrive(queue: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'redrive', '--', '--queue', queue, '--local', runtime.info.url],
      { cwd: ROOT },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('a stream record the consumer keeps failing on', () => {
  it('lands whole in the DLQ and is replayed by the redrive once the cause is fixed; a pointer too, while the stream has it', async () => {
    const dlq = await urlOf('redrive-changes-dlq');
    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: 'P1', sk: 'ITEM', name: 'first', poison: true } }));

    const letter = await eventually(async () => {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 1, VisibilityTimeout: 1 }));
      return out.Messages?.[0]?.Body;
    }, 30_000);
    const parsed = streamDeadLetterSchema.parse(JSON.parse(letter));
    // The full record, not a pointer: the item as written is in it.
    expect(parsed).toMatchObject({ kind: 'stream-record', functionName: 'redrive-changes', service: 'redrive' });
    expect(parsed.record.dynamodb).toMatchObject({
      NewImage: { pk: { S: 'P1' }, sk: { S: 'ITEM' }, name: { S: 'first' }, poison: { BOOL: true } },
    });
    expect((await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'P1', sk: 'SEEN' } }))).Item).toBeUndefined();

    // What Lambda's on-failure destination would have sent for the same record, and one for records long gone.
    const sequence = parsed.record.dynamodb.SequenceNumber;
    const streamArn = (await db.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.LatestStreamArn!;
    const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription!.Shards!;
    const shard = shards.find(
      (s) =>
        BigInt(s.SequenceNumberRange!.StartingSequenceNumber!) <= BigInt(sequence) &&
        (!s.SequenceNumberRange!.EndingSequenceNumber || BigInt(s.SequenceNumberRange!.EndingSequenceNumber) >= BigInt(sequence)),
    )!;
    const pointer = (shardId: string) =>
      JSON.stringify({
        requestContext: {
          requestId: 'r-1',
          functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:redrive-changes',
          condition: 'RetryAttemptsExhausted',
        },
        version: '1.0',
        timestamp: clock.now().toISOString(),
        DDBStreamBatchInfo: { shardId, startSequenceNumber: sequence, endSequenceNumber: sequence, batchSize: 1, streamArn },
      });
    await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: pointer(shard.ShardId!) }));
    await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: pointer('shardId-00000000000000000000-00000000') }));

    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: 'P1', sk: 'CURE' } }));
    await new Promise((r) => setTimeout(r, 1100)); // the inspected letter is visible again
    const run = await redrive('redrive-changes-dlq');

    expect(JSON.parse(run.stdout.trim().split('\n').pop()!)).toEqual({ replayed: 2, kept: 1, lost: 1 });
    expect(run.stderr).toMatch(/lost: records .* are no longer in the stream/);
    expect(run.code).toBe(1); // something was kept: a script can tell
    expect((await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'P1', sk: 'SEEN' } }))).Item).toMatchObject({ name: 'first' });
    expect(await depth(dlq)).toBe(1);
  }, 120_000);
});

describe("a consumer queue's dead letters", () => {
  it('move back to their queue and are consumed', async () => {
    const dlq = await urlOf('redrive-work-dlq');
    await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: 'job-1' }));

    const run = await redrive('redrive-work-dlq');

    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').pop()!)).toEqual({ moved: 1, to: 'redrive-work', kept: 0 });
    await eventually(async () => (await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'WORK', sk: 'job-1' } }))).Item, 20_000);
    expect(await depth(dlq)).toBe(0);
  }, 120_000);
});
