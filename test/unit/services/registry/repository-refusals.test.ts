/**
 * How apply() isolates a change DynamoDB refuses, for the refusal shapes DynamoDB Local does not
 * produce: a cancelled transaction naming the item (ValidationError, ItemCollectionSizeLimitExceeded),
 * and a request refused as a whole (ValidationException). The oversize case itself runs against
 * DynamoDB Local in test/adapters/registry-enterprise-repository.test.ts.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient, TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbEnterpriseRepository } from '../../../../services/registry/adapters/outbound/dynamodb-enterprise-repository.ts';
import type { Change } from '../../../../services/registry/app/ports.ts';
import { NOW, TAX_CODES, testRefOf, validEvent } from './fixtures.ts';

const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
);
const ddb = mockClient(doc);
const repo = new DynamoDbEnterpriseRepository(doc, 'registry-enterprises', { refOf: async () => testRefOf }, () => NOW);

const change = (n: number, taxCode: string): Change => ({ sourceId: `reg-${n}`, event: validEvent({ eventId: `reg-${n}`, taxCode }) });
const changes = [change(1, TAX_CODES.thangLong), change(2, TAX_CODES.hanoiA), change(3, TAX_CODES.hanoiB)];

/** The source ids of the profiles a transaction writes. */
const sourcesIn = (input: TransactWriteCommandInput) =>
  (input.TransactItems ?? []).map((t) => t.Put?.Item?.sourceId).filter((s): s is string => typeof s === 'string');

const cancelled = (reasons: CancellationReason[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: reasons });

const validationException = (message: string) => Object.assign(new Error(message), { name: 'ValidationException', $metadata: {} });

beforeEach(() => ddb.reset());

describe('a change the store refuses', () => {
  it('is rejected alone when the cancellation names it (item too large), and the others are retried and applied', async () => {
    ddb.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
      const sources = sourcesIn(input);
      if (!sources.includes('reg-2')) return {};
      // Profile + event-id record per change; the second change's profile is too large.
      throw cancelled(
        sources.flatMap((s) =>
          s === 'reg-2'
            ? [{ Code: 'ValidationError', Message: 'Item size has exceeded the maximum allowed size' }, { Code: 'None' }]
            : [{ Code: 'None' }, { Code: 'None' }],
        ),
      );
    });

    const outcomes = await repo.apply(changes, { dedupe: 'event-id' });

    expect(outcomes.get('reg-1')).toEqual({ outcome: 'applied' });
    expect(outcomes.get('reg-3')).toEqual({ outcome: 'applied' });
    expect(outcomes.get('reg-2')).toEqual({
      outcome: 'rejected',
      errors: [{ path: 'enterprise', message: "the enterprise's profile would exceed the store's 400 KB item limit" }],
    });
    expect(ddb.commandCalls(TransactWriteCommand).map((c) => sourcesIn(c.args[0].input as TransactWriteCommandInput))).toEqual([
      ['reg-1', 'reg-2', 'reg-3'],
      ['reg-1', 'reg-3'],
    ]);
  });

  it('is rejected alone for any other per-item refusal (item collection too large), without DynamoDB’s own text', async () => {
    ddb.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
      const sources = sourcesIn(input);
      if (!sources.includes('reg-3')) return {};
      throw cancelled(
        sources.map((s) => (s === 'reg-3' ? { Code: 'ItemCollectionSizeLimitExceeded', Message: 'internal detail' } : { Code: 'None' })),
      );
    });

    const outcomes = await repo.apply(changes, { dedupe: 'profile' });

    expect(outcomes.get('reg-3')).toEqual({
      outcome: 'rejected',
      errors: [{ path: 'enterprise', message: 'the store refused this event' }],
    });
    expect(JSON.stringify(outcomes.get('reg-3'))).not.toContain('internal detail');
    expect(outcomes.get('reg-1')).toEqual({ outcome: 'applied' });
    expect(outcomes.get('reg-2')).toEqual({ outcome: 'applied' });
  });

  it('is found by halving when DynamoDB refuses the whole request (ValidationException), and the rest applies', async () => {
    ddb.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
      if (sourcesIn(input).includes('reg-1'))
        throw validationException('One or more parameter values were invalid: Type mismatch for Index Key');
      return {};
    });

    const outcomes = await repo.apply(changes, { dedupe: 'event-id' });

    expect(outcomes.get('reg-1')).toEqual({
      outcome: 'rejected',
      errors: [{ path: 'enterprise', message: 'the store refused this event' }],
    });
    expect(outcomes.get('reg-2')).toEqual({ outcome: 'applied' });
    expect(outcomes.get('reg-3')).toEqual({ outcome: 'applied' });
    // Every applied change was written exactly once.
    const written = ddb.commandCalls(TransactWriteCommand).map((c) => sourcesIn(c.args[0].input as TransactWriteCommandInput));
    const succeeded = written.filter((s) => !s.includes('reg-1')).flat();
    expect(succeeded.sort()).toEqual(['reg-2', 'reg-3']);
  });

  it('still fails the call for errors that are not about an item (the batch is then retried whole)', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(Object.assign(new Error('We encountered an internal error'), { name: 'InternalServerError', $metadata: {} }));

    await expect(repo.apply(changes, { dedupe: 'event-id' })).rejects.toThrow('internal error');
  });
});

describe('transactions of large profiles', () => {
  it('stay under 4 MB: fewer changes go in each', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const wide = (i: number) => `${i}`.padEnd(200, 'ệ');
    const big = (n: number): Change => {
      const taxCode = `${'0100100'}${String(n).padStart(3, '0')}`;
      return {
        sourceId: `big-${n}`,
        event: {
          ...validEvent({ eventId: `big-${n}` }),
          taxCode,
          enterprise: {
            ...validEvent().enterprise,
            owners: Array.from({ length: 200 }, (_, i) => ({
              name: wide(i),
              personalIdHash: 'ab'.repeat(32),
              taxCode: null,
              sharePct: 0.5,
            })),
          },
        },
      };
    };

    const outcomes = await repo.apply(
      Array.from({ length: 50 }, (_, n) => big(n)),
      { dedupe: 'event-id' },
    );

    expect([...outcomes.values()].every((o) => o.outcome === 'applied')).toBe(true);
    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls.length).toBeGreaterThan(1);
    for (const c of calls) expect(Buffer.byteLength(JSON.stringify(c.args[0].input))).toBeLessThan(4 * 1024 * 1024);
  });
});
