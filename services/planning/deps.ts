/** Composition root: config + clients → adapters. Built once per cold start. */
import { randomUUID } from 'node:crypto';
import { documentClient, dynamoDbClient } from '../../shared/aws/dynamodb-client.ts';
import { lambdaClient } from '../../shared/aws/lambda-client.ts';
import { s3Client } from '../../shared/aws/s3-client.ts';
import { lazily } from '../../shared/config.ts';
import { makeIdempotency } from '../../shared/http/idempotency.ts';
import { now } from '../../shared/time/clock.ts';
import { DynamoDbPlanningRepository } from './adapters/outbound/dynamodb-planning-repository.ts';
import { LambdaPersonRefs } from './adapters/outbound/lambda-person-refs.ts';
import { S3AttendanceFiles } from './adapters/outbound/s3-attendance-files.ts';
import type { PlanningDeps } from './app/ports.ts';
import { config, personRefsFunction } from './config.ts';

export function buildDeps(): PlanningDeps {
  const c = config();
  const repo = new DynamoDbPlanningRepository(documentClient(), c.recordsTable, c.outboxTable);
  // Built on first use: most planning functions never call S3 or the registry's Lambda.
  return lazily<PlanningDeps>({
    plans: () => repo,
    activities: () => repo,
    files: () => new S3AttendanceFiles(s3Client(), c.bucket),
    personRefs: () => new LambdaPersonRefs(lambdaClient(), personRefsFunction),
    now: () => now,
    newId: () => randomUUID,
  });
}

export const buildIdempotency = () => makeIdempotency(dynamoDbClient(), config().idempotencyTable);
