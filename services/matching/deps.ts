/** Composition root: config + clients → adapters. Built once per cold start; the index lives as long as the instance. */
import { randomUUID } from 'node:crypto';
import { clients, makeDynamoDbClient } from '../../shared/aws/clients.ts';
import { once } from '../../shared/config.ts';
import { makeIdempotency } from '../../shared/http/idempotency.ts';
import { loggerFor } from '../../shared/observability.ts';
import { DynamoDbMatchingRepository } from './adapters/outbound/dynamodb-matching-repository.ts';
import { S3IndexSnapshots } from './adapters/outbound/s3-index-snapshots.ts';
import { LiveIndex } from './app/live-index.ts';
import type { MatchingDeps } from './app/ports.ts';
import { config, MATCHING } from './config.ts';

export const buildDeps = once((): MatchingDeps => {
  const c = config();
  const repo = new DynamoDbMatchingRepository(clients.dynamo(), c.recordsTable, c.outboxTable);
  const snapshots = new S3IndexSnapshots(clients.s3(), c.bucket);
  const logger = loggerFor(MATCHING);
  const index = new LiveIndex(repo, { snapshots, onError: (error, what) => logger.warn(`${what} failed`, { error: error as Error }) });
  return { repo, index, snapshots, now: () => new Date(), newId: randomUUID, networkAgency: c.networkAgency };
});

export const buildIdempotency = () => makeIdempotency(makeDynamoDbClient(), config().idempotencyTable);
