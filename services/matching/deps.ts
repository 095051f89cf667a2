/** Composition root: config + clients → adapters. Built once per cold start; the index lives as long as the instance. */
import { randomUUID } from 'node:crypto';
import { clients, makeDynamoDbClient } from '../../shared/aws/clients.ts';
import { once } from '../../shared/config.ts';
import { makeIdempotency } from '../../shared/http/idempotency.ts';
import { DynamoDbMatchingRepository } from './adapters/outbound/dynamodb-matching-repository.ts';
import { LiveIndex } from './app/live-index.ts';
import type { MatchingDeps } from './app/ports.ts';
import { config } from './config.ts';

export const buildDeps = once((): MatchingDeps => {
  const c = config();
  const repo = new DynamoDbMatchingRepository(clients.dynamo(), c.recordsTable, c.outboxTable);
  return { repo, index: new LiveIndex(repo), now: () => new Date(), newId: randomUUID, networkAgency: c.networkAgency };
});

export const buildIdempotency = () => makeIdempotency(makeDynamoDbClient(), config().idempotencyTable);
