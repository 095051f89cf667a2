/**
 * Lambda's SQS event source, locally: long-polls a queue, hands batches of up to `batchSize`
 * records to the consumer, deletes the records that succeeded and leaves the ones reported in
 * `batchItemFailures` (or the whole batch, if the handler throws) to reappear after the visibility
 * timeout. The queue's redrive policy moves a message to its DLQ after maxReceiveCount receives.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { batchingWindowSeconds, DEFAULT_TIMEOUT_SECONDS, type ConsumerSpec } from '../../shared/manifest.ts';
import { invoke } from './invoke.ts';
import { sleep } from './stream-poller.ts';

export interface PollerStats {
  batches: number;
  received: number;
  succeeded: number;
  failed: number;
}

export interface SqsPoller {
  stats: PollerStats;
  stop(): Promise<void>;
}

function toRecord(m: Message, queueArn: string): SQSRecord {
  const attrs = m.Attributes ?? {};
  return {
    messageId: m.MessageId ?? '',
    receiptHandle: m.ReceiptHandle ?? '',
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attrs.ApproximateReceiveCount ?? '1',
      SentTimestamp: attrs.SentTimestamp ?? String(Date.now()),
      SenderId: attrs.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attrs.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
        k,
        { dataType: v.DataType ?? 'String', ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}) },
      ]),
    ),
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  };
}

/**
 * One receive at a time among a queue's pollers. SQS wakes every waiting long poll when a message
 * arrives, so two idle pollers of one queue made two receives for each message, one of them empty;
 * with the turn, the others wait here (no request) while one polls, and take the next turn as
 * soon as it has its batch — the handlers still run side by side, up to the consumer's concurrency.
 */
export function receiveTurn(): <T>(receive: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(receive: () => Promise<T>) => {
    const mine = last.then(receive, receive);
    last = mine.catch(() => undefined);
    return mine;
  };
}

/** While a batching window is open, an empty queue is asked again after this pause. */
const WINDOW_POLL_MS = 100;

export function startSqsPoller(opts: {
  sqs: SQSClient;
  queueUrl: string;
  queueName: string;
  consumer: ConsumerSpec;
  modulePath: string;
  functionName: string;
  onError: (error: unknown, context: string) => void;
  /** Shared by the pollers of one queue ({@link receiveTurn}); alone, a poller needs none. */
  turn?: ReturnType<typeof receiveTurn>;
}): SqsPoller {
  const turn = opts.turn ?? receiveTurn();
  const stats: PollerStats = { batches: 0, received: 0, succeeded: 0, failed: 0 };
  const abort = new AbortController();
  const queueArn = `arn:aws:sqs:us-east-1:000000000000:${opts.queueName}`;

  const receive = (max: number, waitSeconds: number) =>
    opts.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: opts.queueUrl,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
  const windowMs = batchingWindowSeconds(opts.consumer) * 1000;

  /**
   * One batch, as Lambda's poller gathers it: a long poll (20 s, the longest SQS allows, so an idle
   * queue costs a receive every 20 s); then, for a consumer with a batching window, more receives
   * until the batch is full or the window since the first message has passed.
   */
  const gather = async (): Promise<Message[]> => {
    const messages = (await receive(opts.consumer.batchSize, 20)).Messages ?? [];
    if (!messages.length || !windowMs) return messages;
    const until = Date.now() + windowMs;
    while (messages.length < opts.consumer.batchSize && Date.now() < until && !abort.signal.aborted) {
      const more = (await receive(opts.consumer.batchSize - messages.length, 0)).Messages ?? [];
      messages.push(...more);
      if (!more.length) await sleep(Math.min(WINDOW_POLL_MS, until - Date.now()), abort.signal);
    }
    return messages;
  };
  const loop = async () => {
    while (!abort.signal.aborted) {
      let messages: Message[] = [];
      try {
        messages = await turn(gather);
      } catch (error) {
        // Stopping: the servers may go at any moment; a poller leaves without a word.
        if (abort.signal.aborted) break;
        opts.onError(error, `receive from ${opts.queueName}`);
        await sleep(500, abort.signal);
        continue;
      }
      if (messages.length === 0) continue;
      stats.batches += 1;
      stats.received += messages.length;
      const event: SQSEvent = { Records: messages.map((m) => toRecord(m, queueArn)) };
      let failedIds: Set<string>;
      try {
        const response = (await invoke(
          opts.modulePath,
          opts.functionName,
          event,
          opts.consumer.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
        )) as SQSBatchResponse | undefined;
        failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        if (!abort.signal.aborted) opts.onError(error, `${opts.functionName} failed a whole batch`);
        failedIds = new Set(messages.map((m) => m.MessageId ?? ''));
      }
      const done = messages.filter((m) => !failedIds.has(m.MessageId ?? ''));
      stats.failed += messages.length - done.length;
      stats.succeeded += done.length;
      // SQS deletes ten at a time. Not deleted while stopping: the message comes back after its
      // visibility timeout (consumers deduplicate).
      for (let i = 0; i < done.length; i += 10) {
        await opts.sqs
          .send(
            new DeleteMessageBatchCommand({
              QueueUrl: opts.queueUrl,
              Entries: done.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle ?? '' })),
            }),
          )
          .catch((error: unknown) => abort.signal.aborted || opts.onError(error, `delete from ${opts.queueName}`));
      }
    }
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
