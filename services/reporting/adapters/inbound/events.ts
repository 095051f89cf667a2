/**
 * The events consumer. Unlike the per-message consumers of other services it takes the batch as a
 * whole: the valid envelopes are added up and written together (one transaction or a few for up to
 * 100 events), which is what makes the counters cheap. A message that does not match its contract,
 * or whose event the counters cannot take (recordEvents checks each event on its own), is reported
 * as a failure on its own and reaches the DLQ; the others are written. If the write fails, every
 * message written in it is retried (each one's processed marker makes the retry count it at most
 * once).
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
// The contracts it parses, registered in this bundle (the counter table imports their types only).
import '../../../../shared/contracts/index.ts';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { parseEnvelope } from '../../../../shared/contracts/registry.ts';
import { DomainError } from '../../../../shared/errors.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { recordEvents } from '../../app/record-events.ts';
import type { AggregateStore } from '../../app/ports.ts';
import { REPORTING } from '../../config.ts';
import { SUBSCRIBED_EVENTS } from '../../domain/measures.ts';

const logger = loggerFor(REPORTING);
const SUBSCRIBED = new Set(SUBSCRIBED_EVENTS);

export function makeEventsHandler(deps: { store: AggregateStore }) {
  return async (event: SQSEvent, _context?: Context): Promise<SQSBatchResponse> => {
    const failures: string[] = [];
    const valid: { messageId: string; envelope: Envelope }[] = [];
    for (const record of event.Records) {
      try {
        const envelope = parseEnvelope(JSON.parse(record.body));
        if (!SUBSCRIBED.has(envelope.type)) throw new Error(`no counters for ${envelope.type}`);
        valid.push({ messageId: record.messageId, envelope });
      } catch (error) {
        logger.error('message rejected: it does not match its contract; it will reach the DLQ', {
          messageId: record.messageId,
          receiveCount: Number(record.attributes.ApproximateReceiveCount ?? '1'),
          reason: error instanceof Error ? error.message : String(error),
          errors: error instanceof DomainError ? error.errors : [],
        });
        failures.push(record.messageId);
      }
    }
    if (valid.length) {
      try {
        const outcome = await recordEvents(
          deps,
          valid.map((v) => v.envelope),
        );
        const rejected = new Set(outcome.rejected.map((r) => r.id));
        for (const r of outcome.rejected) {
          logger.error('event rejected: the counters cannot take it; it will reach the DLQ', {
            messageIds: valid.filter((v) => v.envelope.id === r.id).map((v) => v.messageId),
            eventId: r.id,
            reason: r.reason,
          });
        }
        if (outcome.duplicates.length) logger.info('re-delivered events not counted again', { eventIds: outcome.duplicates });
        failures.push(...valid.filter((v) => rejected.has(v.envelope.id)).map((v) => v.messageId));
      } catch (error) {
        logger.warn('counters not written; the batch will be retried', { error: error as Error, messages: valid.length });
        failures.push(...valid.map((v) => v.messageId));
      }
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
