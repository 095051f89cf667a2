/**
 * SQS consumers. Each record's body must be a valid envelope whose data matches its registered
 * contract; the handler for its type then runs. A record that fails (bad message or handler
 * error) is reported as a partial batch failure: the rest of the batch completes, and the failed
 * one returns after the visibility timeout — after seconds for a {@link RetrySoonError} — until
 * maxReceiveCount moves it to the DLQ. The reason
 * is logged with the message id each time.
 *
 * Handlers must be idempotent: commit their effects with `UnitOfWork.markProcessed(envelope.id)`.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseEnvelope } from '../contracts/registry.ts';
import type { Envelope } from '../contracts/envelope.ts';
import { DomainError } from '../errors.ts';
import { loggerFor } from '../observability.ts';
import { RetrySoonError } from './retry-soon.ts';

export { RetrySoonError };

export interface MessageContext {
  messageId: string;
  receiveCount: number;
}

export type EventHandlers = Record<string, (event: Envelope, ctx: MessageContext) => Promise<void>>;

export class PoisonMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PoisonMessageError';
  }
}

/** Makes a received message visible again in `seconds` (SQS ChangeMessageVisibility). */
export type RetrySoon = (record: SQSRecord, seconds: number) => Promise<void>;

/**
 * `retrySoon`: how a consumer whose handlers may say "not yet" brings a message back sooner
 * (shared/messaging/sqs-visibility.ts); without it such a message waits for the visibility timeout.
 */
export function eventConsumer(service: string, handlers: EventHandlers, opts: { retrySoon?: RetrySoon } = {}) {
  const logger = loggerFor(service);
  const { retrySoon } = opts;

  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
    let envelope: Envelope;
    try {
      envelope = parseEnvelope(JSON.parse(record.body));
    } catch (error) {
      const errors = error instanceof DomainError ? error.errors : [{ path: 'body', message: 'not JSON' }];
      logger.error('message rejected: it does not match its contract; it will reach the DLQ', {
        messageId: record.messageId,
        receiveCount,
        reason: error instanceof Error ? error.message : String(error),
        errors,
      });
      throw new PoisonMessageError(`message ${record.messageId} is invalid`, { cause: error });
    }
    const handle = handlers[envelope.type];
    if (!handle) {
      logger.error('message rejected: this consumer has no handler for its type', { messageId: record.messageId, type: envelope.type });
      throw new PoisonMessageError(`no handler for ${envelope.type}`);
    }
    logger.appendKeys({ correlationId: envelope.correlationId ?? envelope.id });
    try {
      await handle(envelope, { messageId: record.messageId, receiveCount });
    } catch (error) {
      // Doubling with each receive (10, 20, 40, 80 s … for a 10 s retry; at most 15 min), so the
      // receives before the DLQ still span minutes.
      const soon =
        error instanceof RetrySoonError && retrySoon ? Math.min(900, error.retryAfterSeconds * 2 ** (receiveCount - 1)) : undefined;
      logger.warn(soon === undefined ? 'message handler failed; it will be retried' : `not yet: asked again in ${soon} s`, {
        messageId: record.messageId,
        eventId: envelope.id,
        receiveCount,
        error: error as Error,
      });
      // If the visibility cannot be changed, the message still returns, after the visibility timeout.
      if (soon !== undefined)
        await retrySoon!(record, soon).catch((cause: unknown) =>
          logger.warn('could not bring the message back sooner', { messageId: record.messageId, error: cause as Error }),
        );
      throw error;
    } finally {
      logger.removeKeys(['correlationId']);
    }
  };

  // A processor per invocation: BatchProcessor keeps the batch's successes and failures on itself,
  // and the local runtime runs several invocations of one module at once (Lambda never does in one
  // container). A shared one let a concurrent batch reset another's failures, which were then
  // deleted from the queue as if processed — a poison message vanished instead of reaching the DLQ.
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), { context, throwOnFullBatchFailure: false });
}
