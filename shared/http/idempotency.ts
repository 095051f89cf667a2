/**
 * `Idempotency-Key` for HTTP writes, on Powertools idempotency: the same key and body return the
 * stored response without running the use case again; the same key with another body, or while
 * the first request is still running, is a 409. Keys are scoped to the route and the caller, so
 * two agencies cannot collide or read each other's responses.
 *
 * The Lambda context is registered on every request, as Powertools prescribes: the in-progress
 * record then expires when the function's time runs out, so a request that timed out (or whose
 * function was killed) frees its key for a retry at once instead of answering 409 for 24 h.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
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
  /** The invocation's context: its remaining time bounds how long the key stays "in progress". */
  context?: Pick<Context, 'getRemainingTimeInMillis'> | undefined;
}

export type WithIdempotency = (req: IdempotentRequest, run: () => Promise<HttpResult>) => Promise<HttpResult>;

export function makeIdempotency(client: DynamoDBClient, tableName: string): WithIdempotency {
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client });
  // A config per request: locally every function shares one process and runs requests
  // concurrently, and the registered context is read when the in-progress record is written.
  const onceFor = (context: IdempotentRequest['context']) => {
    const config = new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      payloadValidationJmesPath: 'body',
      expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
    });
    if (context) config.registerLambdaContext(context as Context);
    return makeIdempotent(async (_input: { key: string; body: string }, run: () => Promise<HttpResult>) => run(), {
      persistenceStore,
      config,
    });
  };

  return async (req, run) => {
    const key = req.headers['idempotency-key'];
    if (key === undefined) return run();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new ValidationError('Idempotency-Key must be 1–255 visible ASCII characters', {
        errors: [{ path: 'header.idempotency-key', message: 'invalid' }],
      });
    }
    try {
      return await onceFor(req.context)({ key: `${req.event.routeKey}|${req.principal?.sub ?? '-'}|${key}`, body: req.rawBody }, run);
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
