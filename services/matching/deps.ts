/** Composition root: config + clients → adapters. Built once per cold start; the index lives as long as the instance. */
import { randomUUID } from 'node:crypto';
import { documentClient, dynamoDbClient } from '../../shared/aws/dynamodb-client.ts';
import { s3Client } from '../../shared/aws/s3-client.ts';
import { once } from '../../shared/config.ts';
import { makeIdempotency } from '../../shared/http/idempotency.ts';
import { loggerFor } from '../../shared/observability.ts';
import { DynamoDbMatchingRepository } from './adapters/outbound/dynamodb-matching-repository.ts';
import { S3IndexSnapshots } from './adapters/outbound/s3-index-snapshots.ts';
import { LiveIndex } from './app/live-index.ts';
import type { MatchingDeps } from './app/ports.ts';
import { config, fairsConfig, MATCHING } from './config.ts';
import { DynamoDbFairRepository } from './adapters/outbound/dynamodb-fair-repository.ts';
import { S3ScheduleStore } from './adapters/outbound/s3-schedule-store.ts';
import type { FairDeps } from './app/fair-ports.ts';
import { now } from '../../shared/time/clock.ts';

export const buildDeps = once((): MatchingDeps => {
  const c = config();
  const repo = new DynamoDbMatchingRepository(documentClient(), c.recordsTable, c.outboxTable);
  const snapshots = new S3IndexSnapshots(s3Client(), c.bucket);
  const logger = loggerFor(MATCHING);
  // The index's marks are on the clock the changes are stamped with (the clock port), not the
  // machine's: locally the runtime's clock is moved (the demo year), and a mark on another clock
  // missed every change stamped on the moved one.
  const index = new LiveIndex(repo, {
    clock: () => now().getTime(),
    snapshots,
    onError: (error, what) => logger.warn(`${what} failed`, { error: error as Error }),
  });
  return { repo, index, snapshots, now, newId: randomUUID, networkAgency: c.networkAgency };
});

export const buildIdempotency = () => makeIdempotency(dynamoDbClient(), config().idempotencyTable);

/** The trade fairs' use cases: matching's deps (the index proposes candidate pairs; the funnel records meetings) and the fairs' stores. */
export const buildFairDeps = once((): FairDeps => {
  const c = config();
  const f = fairsConfig();
  return {
    ...buildDeps(),
    fairs: new DynamoDbFairRepository(documentClient(), f.fairsTable, c.outboxTable),
    schedules: new S3ScheduleStore(s3Client(), f.bucket),
  };
});
