/**
 * `Idempotency-Key` for HTTP writes, on Powertools idempotency: the same key and body return the
 * stored response without running the use case again; the same key with another body, or while
 * the first request is still running, is a 409. Keys are scoped to the route and the caller, so
 * two agencies cannot collide or read each other's responses.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { ConflictError, ValidationError } from '../errors.ts';
import type { HttpResult } from './handler.ts';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export interface IdempotentRequest {
  headers: Record<string, string | undefined>;
  rawBody: string;
  principal?: { sub: string } | undefined;
  event: { routeKey: string };
}

export type WithIdempotency = (req: IdempotentRequest, run: () => Promise<HttpResult>) => Promise<HttpResult>;

export function makeIdempotency(client: DynamoDBClient, tableName: string): WithIdempotency {
  const once = makeIdempotent(async (_input: { key: string; body: string }, run: () => Promise<HttpResult>) => run(), {
    persistenceStore: new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client }),
    config: new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      payloadValidationJmesPath: 'body',
      expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
    }),
  });

  return async (req, run) => {
    const key = req.headers['idempotency-key'];
    if (key === undefined) return run();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new ValidationError('Idempotency-Key must be 1–255 visible ASCII characters', {
        errors: [{ path: 'header.idempotency-key', message: 'invalid' }],
      });
    }
    try {
      return await once({ key: `${req.event.routeKey}|${req.principal?.sub ?? '-'}|${key}`, body: req.rawBody }, run);
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        throw new ConflictError('This Idempotency-Key was already used with a different body', { cause: error });
      }
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly', { cause: error });
      }
      throw error;
    }
  };
}
