/** Composition root: config + clients → adapters. Built once per cold start. */
import { randomUUID } from 'node:crypto';
import { clients, makeDynamoDbClient } from '../../shared/aws/clients.ts';
import { makeIdempotency } from '../../shared/http/idempotency.ts';
import { now } from '../../shared/time/clock.ts';
import { DynamoDbPlanningRepository } from './adapters/outbound/dynamodb-planning-repository.ts';
import { LambdaPersonRefs } from './adapters/outbound/lambda-person-refs.ts';
import { S3AttendanceFiles } from './adapters/outbound/s3-attendance-files.ts';
import type { PlanningDeps } from './app/ports.ts';
import { config, personRefsFunction } from './config.ts';

export function buildDeps(): PlanningDeps {
  const c = config();
  const repo = new DynamoDbPlanningRepository(clients.dynamo(), c.recordsTable, c.outboxTable);
  return {
    plans: repo,
    activities: repo,
    files: new S3AttendanceFiles(clients.s3(), c.bucket),
    personRefs: new LambdaPersonRefs(clients.lambda(), personRefsFunction),
    now,
    newId: randomUUID,
  };
}

export const buildIdempotency = () => makeIdempotency(makeDynamoDbClient(), config().idempotencyTable);
