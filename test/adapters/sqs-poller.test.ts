/**
 * The local runtime's SQS event source against the SQS server it runs with: a consumer with a
 * batching window (batches above 10, as Lambda requires) gets the messages that arrive within a
 * second of the first in one batch; one without gets what a receive brings (at most 10). Every
 * message is handled and deleted, and pollers of one queue sharing a turn never lose one.
 */
import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { receiveTurn, startSqsPoller, type SqsPoller } from '../../local/runtime/sqs-poller.ts';
import type { ConsumerSpec } from '../../shared/manifest.ts';
import { createQueue, localClients, uniqueName } from '../support/aws.ts';

const c = localClients();
const handlerPath = new URL('../unit/local/runtime/fixtures/batch-recorder.ts', import.meta.url).pathname;
const g = globalThis as { __batches?: number[] };
const pollers: SqsPoller[] = [];

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
  g.__batches = [];
});

const consumer = (batchSize: number): ConsumerSpec => ({
  name: 'test',
  handler: 'x',
  events: [],
  batchSize,
  maxReceiveCount: 3,
  visibilityTimeoutSeconds: 30,
});

async function send(queueUrl: string, n: number, from = 0) {
  for (let i = 0; i < n; i += 10)
    await c.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Array.from({ length: Math.min(10, n - i) }, (_, j) => ({ Id: String(j), MessageBody: `m${from + i + j}` })),
      }),
    );
}

async function start(batchSize: number, count = 1) {
  const name = uniqueName('poller');
  const queueUrl = await createQueue(c.sqs, name);
  const turn = receiveTurn();
  for (let i = 0; i < count; i++)
    pollers.push(
      startSqsPoller({
        sqs: c.sqs,
        queueUrl,
        queueName: name,
        consumer: consumer(batchSize),
        modulePath: handlerPath,
        functionName: name,
        onError: (error) => {
          throw error;
        },
        turn,
      }),
    );
  return queueUrl;
}

async function until(check: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const handled = () => (g.__batches ?? []).reduce((a, b) => a + b, 0);
const left = async (queueUrl: string) => {
  const out = await c.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(out.Attributes?.ApproximateNumberOfMessages) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible);
};

describe('SQS poller (local event source)', () => {
  it('gathers what arrives within the batching window into one batch (batch size above 10)', async () => {
    const queueUrl = await start(100);
    await send(queueUrl, 20);
    await new Promise((r) => setTimeout(r, 300));
    await send(queueUrl, 25, 20);
    await until(() => handled() === 45);
    expect(g.__batches).toEqual([45]);
    await until(async () => (await left(queueUrl)) === 0);
  });

  it('hands a consumer without a window what one receive brings, ten at most', async () => {
    const queueUrl = await start(10);
    await send(queueUrl, 35);
    await until(() => handled() === 35);
    expect(Math.max(...g.__batches!)).toBeLessThanOrEqual(10);
    await until(async () => (await left(queueUrl)) === 0);
  });

  it('loses no message while two pollers of a queue take turns', async () => {
    const queueUrl = await start(100, 2);
    for (let round = 0; round < 5; round++) await send(queueUrl, 30, round * 30);
    await until(() => handled() === 150);
    expect(g.__batches!.every((n) => n <= 100)).toBe(true);
    await until(async () => (await left(queueUrl)) === 0);
  });
});
