/**
 * The registry's change stream consumer (CDC): every profile write that raised the revision
 * becomes a history entry and an `enterprise.*` event for the subscribed services. The profile
 * write is the single source of both, so neither can be lost or invented; both are keyed by
 * (taxCode, revision), so a retried batch rewrites the same entry and resends the same event id.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchPutAll } from '../../../../shared/aws/dynamodb.ts';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { newEnvelope } from '../../../../shared/contracts/envelope.ts';
import '../../../../shared/contracts/enterprise.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { sendRouted, type OutboxRoutes, type Outgoing } from '../../../../shared/outbox/relay.ts';
import { diffProfiles, publishedType, snapshotOf } from '../../domain/enterprise.ts';
import { enterpriseKey, fromItem, historySk, PROFILE_SK } from '../outbound/dynamodb-enterprise-repository.ts';
import type { HistoryEntry } from '../../app/ports.ts';

export interface RecordChangesDeps {
  client: DynamoDBDocumentClient;
  sqs: SQSClient;
  table: string;
  routes: OutboxRoutes;
}

const logger = loggerFor('registry');

export function makeRecordChangesHandler(deps: RecordChangesDeps) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const history: { key: string; item: Record<string, unknown> }[] = [];
    const outgoing: Outgoing[] = [];
    for (const record of event.Records) {
      const key = record.dynamodb?.SequenceNumber ?? '';
      if (record.eventName === 'REMOVE' || !record.dynamodb?.NewImage) continue;
      const newItem = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
      if (newItem.sk !== PROFILE_SK) continue;
      const after = fromItem(newItem);
      const before = record.dynamodb.OldImage
        ? fromItem(unmarshall(record.dynamodb.OldImage as Record<string, AttributeValue>))
        : undefined;
      if (before && before.revision >= after.revision) continue;

      const changes = diffProfiles(before, after);
      const entry: HistoryEntry = {
        revision: after.revision,
        sourceId: after.sourceId,
        cause: after.cause,
        occurredAt: after.occurredAt,
        appliedAt: after.updatedAt,
        changes,
      };
      history.push({ key, item: { pk: enterpriseKey(after.taxCode).pk, sk: historySk(after.revision), ...entry } });
      const envelope = newEnvelope({
        id: `enterprise:${after.taxCode}:${after.revision}`,
        type: publishedType(before, after),
        source: 'registry',
        occurredAt: new Date(after.occurredAt),
        // The contract: `changed` is empty for a first registration (the history keeps every field).
        data: snapshotOf(after, before ? changes.map((c) => c.field) : []),
      });
      assertMatchesContract(envelope);
      outgoing.push({ key, eventId: envelope.id, type: envelope.type, body: JSON.stringify(envelope) });
    }

    const failed = new Set<string>();
    try {
      // One entry per (taxCode, revision): distinct keys, so the chunks may land in any order.
      await batchPutAll(
        deps.client,
        deps.table,
        history.map((h) => h.item),
        { concurrency: 4 },
      );
    } catch (error) {
      // Keyed by revision, so rewriting the ones that did land is harmless.
      logger.warn('history entries not written; the batch will be retried', { error: error as Error });
      for (const h of history) failed.add(h.key);
    }
    for (const key of await sendRouted({ sqs: deps.sqs, routes: deps.routes, logger }, outgoing)) failed.add(key);
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
