/**
 * `Idempotency-Key` on Powertools idempotency against DynamoDB Local, with the Lambda context
 * registered: a request whose function timed out leaves an in-progress record that expires with
 * the function's remaining time, not the 24-hour record TTL, so the client's retry goes through.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/errors.ts';
import { IDEMPOTENCY_TTL_SECONDS, makeIdempotency, type IdempotentRequest } from '../../shared/http/idempotency.ts';
import type { HttpResult } from '../../shared/http/handler.ts';
import { createTable, localClients, uniqueName } from '../support/aws.ts';

const c = localClients();

const request = (key: string, remainingMs: number | undefined): IdempotentRequest => {
  const deadline = Date.now() + (remainingMs ?? 0);
  return {
    headers: { 'idempotency-key': key },
    rawBody: '{"name":"a"}',
    principal: { sub: 'officer-1' },
    event: { routeKey: 'POST /things' },
    ...(remainingMs === undefined ? {} : { context: { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) } }),
  };
};

/** The function never returns: Lambda stops it at its timeout, leaving the record in progress. */
const timesOut = () => new Promise<HttpResult>(() => undefined);
const created: HttpResult = { status: 201, body: { id: 'thing-1' } };

async function records(table: string) {
  const out = await c.doc.send(new ScanCommand({ TableName: table }));
  return (out.Items ?? []) as { status: string; expiration: number; in_progress_expiration?: number }[];
}

describe('an Idempotency-Key whose request timed out', () => {
  it('is in progress (409) until the function would have timed out, then free for the retry', async () => {
    const table = await createTable(c.db, uniqueName('idempotency'), { pk: 'id' });
    const idempotent = makeIdempotency(c.db, table);

    const before = Date.now();
    void idempotent(request('key-1', 1500), timesOut);
    const [record] = await waitForRecord(table);
    expect(record!.status).toBe('INPROGRESS');
    // Expires with the remaining time (ms), not with the record's 24 h TTL.
    expect(record!.in_progress_expiration).toBeGreaterThanOrEqual(before + 1000);
    expect(record!.in_progress_expiration).toBeLessThanOrEqual(Date.now() + 1500);
    expect(record!.expiration).toBeGreaterThan(before / 1000 + IDEMPOTENCY_TTL_SECONDS - 60);

    await expect(idempotent(request('key-1', 10_000), async () => created)).rejects.toBeInstanceOf(ConflictError);

    await new Promise((r) => setTimeout(r, Math.max(0, record!.in_progress_expiration! - Date.now() + 100)));
    await expect(idempotent(request('key-1', 10_000), async () => created)).resolves.toEqual(created);
    // And the completed response is what the next retry gets, without running again.
    await expect(idempotent(request('key-1', 10_000), async () => ({ status: 500 }))).resolves.toEqual(created);
  });

  it('without a registered context stays locked for the record TTL (why the context matters)', async () => {
    const table = await createTable(c.db, uniqueName('idempotency'), { pk: 'id' });
    const idempotent = makeIdempotency(c.db, table);
    const warn = console.warn;
    console.warn = () => undefined; // Powertools warns that it cannot tell the remaining time: that is the point here.
    try {
      void idempotent(request('key-2', undefined), timesOut);
      const [record] = await waitForRecord(table);
      expect(record!.in_progress_expiration).toBeUndefined();
    } finally {
      console.warn = warn;
    }
    await expect(idempotent(request('key-2', 10_000), async () => created)).rejects.toBeInstanceOf(ConflictError);
  });
});

async function waitForRecord(table: string) {
  for (let i = 0; i < 100; i++) {
    const found = await records(table);
    if (found.length > 0) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no idempotency record was written');
}
