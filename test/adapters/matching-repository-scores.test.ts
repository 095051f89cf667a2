/**
 * Matching's DynamoDB repository and scores, against the local runtime's `matching-records` table:
 * the latest score of each agency's programmes is kept beside the others (a later one of the same
 * agency replaces it, an earlier one is stale), a score stored before agencies were kept (`q`) is
 * read as of no known agency, and the application's owner carries the programme's agency. Every
 * test uses its own enterprise codes and application ids (the table is shared).
 */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { makeDocumentClient } from '../../shared/aws/clients.ts';
import { localNames } from '../../shared/manifest.ts';
import { DynamoDbMatchingRepository } from '../../services/matching/adapters/outbound/dynamodb-matching-repository.ts';
import type { QualityRecord } from '../../services/matching/domain/supplier.ts';
import { freshTaxCode } from '../support/registry.ts';

const TABLE = localNames.table('matching', 'records');
const doc = makeDocumentClient({ AWS_ENDPOINT_URL_DYNAMODB: inject('runtime').endpoints.dynamodb, AWS_REGION: 'us-east-1' });
const repo = new DynamoDbMatchingRepository(doc, TABLE, localNames.outboxTable('matching'));
afterAll(() => doc.destroy());

const at = '2026-11-30T03:00:00.000Z';
const score = (agency: string | undefined, ratio: number, scoredAt: string): QualityRecord => ({
  applicationId: randomUUID(),
  ratio,
  totalPoints: ratio * 100,
  maxPoints: 100,
  rubric: 'cnht v1',
  scoredAt,
  ...(agency ? { agency } : {}),
});

describe("matching's repository: scores", () => {
  it("keeps the latest score of each agency's programmes beside the others", async () => {
    const taxCode = freshTaxCode();
    expect(await repo.recordQuality(taxCode, score('so-cong-thuong', 0.6, '2026-06-01T00:00:00Z'), at)).toBe('applied');
    expect(await repo.recordQuality(taxCode, score('so-khcn', 0.4, '2026-05-01T00:00:00Z'), at)).toBe('applied');
    expect(await repo.recordQuality(taxCode, score('so-cong-thuong', 0.8, '2026-07-01T00:00:00Z'), at)).toBe('applied');
    expect(await repo.recordQuality(taxCode, score('so-cong-thuong', 0.1, '2026-04-01T00:00:00Z'), at)).toBe('stale');
    const scores = (await repo.getSupplier(taxCode))!.scores;
    expect(scores.map((q) => [q.agency, q.ratio]).sort()).toEqual([
      ['so-cong-thuong', 0.8],
      ['so-khcn', 0.4],
    ]);
  });

  it('reads a score stored before agencies were kept as of no known agency', async () => {
    const taxCode = freshTaxCode();
    const legacy = score(undefined, 0.7, '2026-03-01T00:00:00Z');
    await doc.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: `SUP#${taxCode}`, sk: 'SUPPLIER' },
        UpdateExpression: 'SET q = :q, taxCode = :t',
        ExpressionAttributeValues: { ':q': legacy, ':t': taxCode },
      }),
    );
    await repo.recordQuality(taxCode, score('so-khcn', 0.5, '2026-02-01T00:00:00Z'), at);
    const scores = (await repo.getSupplier(taxCode))!.scores;
    expect(scores).toEqual(
      expect.arrayContaining([expect.objectContaining({ ratio: 0.7 }), expect.objectContaining({ ratio: 0.5, agency: 'so-khcn' })]),
    );
    expect(scores.find((q) => q.ratio === 0.7)).not.toHaveProperty('agency');
  });

  it('remembers whose application it is and whose programme, and hands back a score that waited', async () => {
    const applicationId = randomUUID();
    const taxCode = freshTaxCode();
    expect(await repo.applicationOwner(applicationId)).toBeUndefined();
    const held = { ...score(undefined, 0.9, '2026-06-01T00:00:00Z'), applicationId };
    await repo.holdScore(held);
    expect(await repo.applicationOwner(applicationId)).toEqual({ taxCode: undefined, agency: undefined });
    expect(await repo.rememberApplication(applicationId, { taxCode, agency: 'so-cong-thuong' })).toMatchObject({ ratio: 0.9 });
    expect(await repo.applicationOwner(applicationId)).toEqual({ taxCode, agency: 'so-cong-thuong' });
  });
});
