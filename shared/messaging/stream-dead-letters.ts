/**
 * Dead letters for DynamoDB Streams consumers (the outbox relays, the registry's record-changes).
 *
 * Lambda's on-failure destination for a stream keeps only a pointer into the stream (shard and
 * sequence numbers): after the stream's 24 h retention the failed records are gone and nothing
 * can replay them. So the handler retries a failing record in-process a few times, then sends the
 * FULL record (keys, NewImage, OldImage) to its dead-letter queue itself (14 days retention) and
 * reports success, so that the shard moves on. The on-failure destination stays as the backstop
 * for what the handler cannot catch (a crash, a timeout, a record too large for SQS, a DLQ that
 * refuses): `npm run redrive` understands both messages (see scripts/redrive.ts).
 *
 * The local runtime's stream poller sends the same full-record message when its own retries run
 * out, so a dead letter looks the same locally and in AWS.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import type { Logger } from '@aws-lambda-powertools/logger';
import { parseEnv, required } from '../config.ts';
import { envNames } from '../manifest.ts';
import { now as clockNow } from '../time/clock.ts';

export type StreamHandler = (event: DynamoDBStreamEvent, context?: Context) => Promise<DynamoDBBatchResponse>;

/** The body of a full-record dead letter: enough to replay the record into its function. */
export const streamDeadLetterSchema = z.object({
  kind: z.literal('stream-record'),
  version: z.literal(1),
  /** The function to invoke again (Lambda function name; the local runtime uses the same names). */
  functionName: z.string().min(1).max(140),
  service: z.string().min(1).max(64),
  failedAt: z.iso.datetime(),
  attempts: z.number().int().min(1).max(1000),
  /** Why the last attempt failed: a short message, never a stack. */
  reason: z.string().max(500),
  record: z.looseObject({
    eventID: z.string().max(200),
    eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
    eventSourceARN: z.string().max(2048).optional(),
    dynamodb: z.looseObject({ SequenceNumber: z.string().max(64) }),
  }),
});
export type StreamDeadLetter = z.infer<typeof streamDeadLetterSchema>;

/** SQS takes at most 256 KiB per message; a DynamoDB item can be 400 KB. */
export const SQS_MAX_MESSAGE_BYTES = 256 * 1024;

export function streamDeadLetter(
  record: DynamoDBRecord,
  source: { functionName: string; service: string },
  attempts: number,
  reason: string,
  now: Date = clockNow(),
): StreamDeadLetter {
  return {
    kind: 'stream-record',
    version: 1,
    functionName: source.functionName,
    service: source.service,
    failedAt: now.toISOString(),
    attempts,
    reason: reason.slice(0, 500),
    record: record as StreamDeadLetter['record'],
  };
}

export interface StreamDeadLetterOptions {
  sqs: SQSClient;
  dlqUrl: string;
  service: string;
  /** Defaults to the invocation's `context.functionName` (always set in Lambda). */
  functionName?: string;
  logger: Logger;
  /** In-process attempts before a record is dead-lettered (default 3). */
  attempts?: number;
  /** Back-off before the second attempt, doubled each time (default 200 ms). */
  backoffMs?: number;
  /**
   * Time to keep for the dead-letter sends: with less than this left, the handler stops retrying
   * and reports the failures, so Lambda retries the batch (and, in the end, its on-failure
   * destination takes over) rather than the function timing out half-way (default 2 s: a DLQ
   * send takes milliseconds, and the relay runs with Lambda's 10 s default timeout).
   */
  reserveMs?: number;
}

const seqOf = (r: DynamoDBRecord) => r.dynamodb?.SequenceNumber ?? '';
const reasonOf = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split('\n')[0]!;

/** Wrap a stream handler so that a record failing `attempts` times goes whole to the DLQ. */
export function withStreamDeadLetters(handler: StreamHandler, opts: StreamDeadLetterOptions): StreamHandler {
  const attempts = opts.attempts ?? 3;
  const backoffMs = opts.backoffMs ?? 200;
  const reserveMs = opts.reserveMs ?? 2_000;

  return async (event, context) => {
    let pending = event.Records;
    let failed = new Set<string>();
    let reason = '';
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await handler({ Records: pending }, context);
        failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
        reason = 'reported as a batch item failure';
      } catch (error) {
        failed = new Set(pending.map(seqOf));
        reason = reasonOf(error);
      }
      if (failed.size === 0) return { batchItemFailures: [] };
      // As Lambda does: a stream is ordered, so the next attempt starts at the first failure.
      const first = pending.findIndex((r) => failed.has(seqOf(r)));
      pending = pending.slice(Math.max(0, first));
      const delay = backoffMs * 2 ** (attempt - 1);
      const timeLeft = context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY;
      if (attempt >= attempts) break;
      if (timeLeft < reserveMs + delay) {
        opts.logger.warn('stream records still failing and time is short: Lambda retries the batch', { failed: failed.size, attempt });
        return { batchItemFailures: pending.filter((r) => failed.has(seqOf(r))).map((r) => ({ itemIdentifier: seqOf(r) })) };
      }
      await new Promise((r) => setTimeout(r, delay));
    }

    const functionName = opts.functionName ?? context?.functionName ?? 'unknown';
    const stillFailing: string[] = [];
    await Promise.all(
      pending
        .filter((r) => failed.has(seqOf(r)))
        .map(async (record) => {
          const body = JSON.stringify(streamDeadLetter(record, { functionName, service: opts.service }, attempts, reason));
          if (Buffer.byteLength(body) > SQS_MAX_MESSAGE_BYTES) {
            opts.logger.error('a failed stream record is too large for its DLQ: left to the on-failure destination', {
              sequence: seqOf(record),
            });
            stillFailing.push(seqOf(record));
            return;
          }
          try {
            await opts.sqs.send(
              new SendMessageCommand({
                QueueUrl: opts.dlqUrl,
                MessageBody: body,
                MessageAttributes: { kind: { DataType: 'String', StringValue: 'stream-record' } },
              }),
            );
            opts.logger.error('stream record dead-lettered after its retries', {
              sequence: seqOf(record),
              eventID: record.eventID,
              reason,
            });
          } catch (error) {
            opts.logger.error('stream record not dead-lettered: Lambda retries it', { sequence: seqOf(record), error: reasonOf(error) });
            stillFailing.push(seqOf(record));
          }
        }),
    );
    // Lambda resumes from the earliest failure reported; records after it that were
    // dead-lettered already may be dead-lettered again (a redrive is idempotent).
    return { batchItemFailures: pending.filter((r) => stillFailing.includes(seqOf(r))).map((r) => ({ itemIdentifier: seqOf(r) })) };
  };
}

/** The DLQ URL CDK (or the local runtime) gives a stream consumer's function. */
export const streamDlqUrlFromEnv = (service: string, consumer: string): string => {
  const name = envNames.streamDlqUrl(service, consumer);
  return parseEnv(z.object({ [name]: required() }))[name] as string;
};
