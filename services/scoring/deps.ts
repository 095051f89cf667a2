/** Composition root: config + clients → adapters. Built once per cold start. */
import { randomUUID } from 'node:crypto';
import { documentClient, dynamoDbClient } from '../../shared/aws/dynamodb-client.ts';
import { makeIdempotency } from '../../shared/http/idempotency.ts';
import { DynamoDbScoringRepository } from './adapters/outbound/dynamodb-scoring-repository.ts';
import { HighsSolver } from './adapters/outbound/highs-solver.ts';
import type { ScoringDeps } from './app/ports.ts';
import { config } from './config.ts';
import { now } from '../../shared/time/clock.ts';

export function buildDeps(): ScoringDeps {
  const c = config();
  return {
    repo: new DynamoDbScoringRepository(documentClient(), c.recordsTable, c.outboxTable),
    solver: new HighsSolver(),
    now,
    newId: randomUUID,
  };
}

export const buildIdempotency = () => makeIdempotency(dynamoDbClient(), config().idempotencyTable);
