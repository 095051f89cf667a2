/**
 * Scoring's DynamoDB repository against the local runtime's own records table (`scoring-records`),
 * as the deployed handlers use it. Other tests share that table: every test makes its own ids and
 * tax codes. Its outbox is a table of its own, with no stream, so nothing written here is relayed.
 *
 * The size case of issue 18 §4: six reviews of 30 marks, each with a 2,000-character Vietnamese
 * comment, are ~510 KB — more than one item may hold (400 KB). Kept in one item, the last review
 * failed, and every retry with it (a 500 forever); each in its own item, all six are stored.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import '../../shared/contracts/index.ts';
import { makeDocumentClient } from '../../shared/aws/clients.ts';
import { ConflictError } from '../../shared/errors.ts';
import { localNames } from '../../shared/manifest.ts';
import { DynamoDbScoringRepository } from '../../services/scoring/adapters/outbound/dynamodb-scoring-repository.ts';
import { WITHDRAWN_BEFORE_ARRIVAL, type ApplicationRecord } from '../../services/scoring/app/ports.ts';
import type { Review } from '../../services/scoring/domain/panel.ts';
import type { Rubric } from '../../services/scoring/domain/rubric.ts';
import { createTable, localClients, uniqueName } from '../support/aws.ts';

const TABLE = localNames.table('scoring', 'records');
const OUTBOX = uniqueName('scoring-repository-outbox');
const doc = makeDocumentClient({ AWS_ENDPOINT_URL_DYNAMODB: inject('runtime').endpoints.dynamodb, AWS_REGION: 'us-east-1' });
const repo = new DynamoDbScoringRepository(doc, TABLE, OUTBOX);

beforeAll(async () => {
  await createTable(localClients().db, OUTBOX, { pk: 'id' });
});
afterAll(() => doc.destroy());

const taxCode = () => String(randomInt(1_000_000_000, 9_999_999_999));

function application(o: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return {
    applicationId: randomUUID(),
    programmeId: randomUUID(),
    programmeCode: 'CNHT-2026',
    agency: 'so-cong-thuong',
    taxCode: taxCode(),
    communeCode: '00004',
    sizeClass: 'small',
    vsicMain: '2592',
    requestedAmountVnd: 100_000_000,
    submittedAt: '2026-03-20T00:00:00.000Z',
    answers: {},
    enterprise: { revision: 1, employees: 45, revenueVnd: 40_000_000_000, historyRevisions: [1] },
    rubric: { id: 'generic', version: 1 },
    status: 'awaiting-review',
    automatic: [],
    automaticPoints: 0,
    reviewsNeeded: 6,
    reviewers: [],
    reviews: [],
    extraReviewRequested: false,
    createdAt: '2026-03-20T00:00:01.000Z',
    version: 1,
    ...o,
  };
}

/** A reviewer's 30 marks, each with a 2,000-character comment in Vietnamese (3 bytes a character for most). */
function heavyReview(sub: string, at: string): Review {
  const sentence = 'Đề xuất có kế hoạch đầu tư rõ ràng, nhưng cần làm rõ nguồn vốn đối ứng và tiến độ triển khai. ';
  const comment = sentence.repeat(Math.ceil(2000 / sentence.length)).slice(0, 2000);
  const criteria = Array.from({ length: 30 }, (_, i) => ({ id: `criterion-${i + 1}`, points: 7, comment }));
  return { sub, criteria, panelPoints: 210, submittedAt: at };
}

describe('reviews', () => {
  it('stores six reviews of 30 marks with 2,000-character Vietnamese comments, each in its own item, and reads them all back', async () => {
    const subs = ['rev-1', 'rev-2', 'rev-3', 'rev-4', 'rev-5', 'rev-6'];
    let app = application({ reviewers: subs.map((sub) => ({ sub, assignedAt: '2026-03-20T00:00:02.000Z', reason: 'panel' as const })) });
    await repo.commit({ applications: [{ next: app, expectedVersion: null }] });
    for (const [i, sub] of subs.entries()) {
      const review = heavyReview(sub, `2026-03-2${i}T00:00:00.000Z`);
      const next = { ...app, reviews: [...app.reviews, review], version: app.version + 1 };
      expect(
        await repo.commit({
          applications: [{ next, expectedVersion: app.version }],
          reviews: [{ applicationId: app.applicationId, review }],
        }),
      ).toBe('committed');
      app = next;
    }
    const bytes = Buffer.byteLength(JSON.stringify(app.reviews));
    // What one item would have had to hold: well past DynamoDB's 400 KB.
    expect(bytes).toBeGreaterThan(400 * 1024);

    const back = (await repo.getApplication(app.applicationId))!;
    expect(back.reviews.map((r) => r.sub)).toEqual(subs);
    expect(back.reviews.map((r) => r.criteria[29]!.comment!.length)).toEqual(subs.map(() => 2000));
    expect(back.reviews[5]).toEqual(app.reviews[5]);
    expect(back.version).toBe(7);
    // The application's own item carries no review.
    const item = await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `APP#${app.applicationId}`, sk: 'APP' } }));
    expect(item.Item).not.toHaveProperty('reviews');
  });

  it('refuses a second review by the same reviewer', async () => {
    const app = application({ reviewers: [{ sub: 'rev-1', assignedAt: '2026-03-20T00:00:02.000Z', reason: 'panel' }] });
    await repo.commit({ applications: [{ next: app, expectedVersion: null }] });
    const review = heavyReview('rev-1', '2026-03-21T00:00:00.000Z');
    await repo.commit({
      applications: [{ next: { ...app, reviews: [review], version: 2 }, expectedVersion: 1 }],
      reviews: [{ applicationId: app.applicationId, review }],
    });
    await expect(
      repo.commit({
        applications: [{ next: { ...app, reviews: [review, review], version: 3 }, expectedVersion: 2 }],
        reviews: [{ applicationId: app.applicationId, review }],
      }),
    ).rejects.toThrow(`rev-1 has already reviewed application ${app.applicationId}`);
  });

  it('reads an item stored with its reviews inline (before this change), and moves them to their own items', async () => {
    const app = application();
    const inline = [heavyReview('old-1', '2026-03-21T00:00:00.000Z'), heavyReview('old-2', '2026-03-22T00:00:00.000Z')].map((r) => ({
      ...r,
      criteria: r.criteria.slice(0, 3),
    }));
    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: `APP#${app.applicationId}`, sk: 'APP', ...app, reviews: inline } }));

    expect((await repo.getApplication(app.applicationId))!.reviews).toEqual(inline);
    const items = await doc.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `APP#${app.applicationId}` },
      }),
    );
    expect(items.Items!.map((i) => i.sk).sort()).toEqual(['APP', 'REVIEW#old-1', 'REVIEW#old-2']);
    expect(items.Items!.find((i) => i.sk === 'APP')).not.toHaveProperty('reviews');
    expect((await repo.getApplication(app.applicationId))!.reviews).toEqual(inline);
  });
});

describe('a withdrawal before its submission', () => {
  it('keeps a marker that refuses the submission, which may only be stored as withdrawn', async () => {
    const app = application({ reviewsNeeded: 0 });
    await repo.commit({
      withdrawals: [{ applicationId: app.applicationId, programmeId: app.programmeId, withdrawnAt: '2026-03-25T00:00:00.000Z' }],
    });
    expect(await repo.withdrawnBeforeArrival(app.programmeId, app.applicationId)).toBe('2026-03-25T00:00:00.000Z');

    await expect(repo.commit({ applications: [{ next: app, expectedVersion: null }] })).rejects.toThrow(
      new ConflictError(WITHDRAWN_BEFORE_ARRIVAL),
    );
    expect(await repo.getApplication(app.applicationId)).toBeUndefined();
    await repo.commit({
      applications: [{ next: { ...app, status: 'withdrawn', withdrawnAt: '2026-03-25T00:00:00.000Z' }, expectedVersion: null }],
    });
    expect(await repo.getApplication(app.applicationId)).toMatchObject({ status: 'withdrawn' });
    expect(await repo.awaitingReviewers(app.programmeId, 10)).toEqual([]);
  });

  it('refuses the marker once the application is stored', async () => {
    const app = application();
    await repo.commit({ applications: [{ next: app, expectedVersion: null }] });
    await expect(
      repo.commit({
        withdrawals: [{ applicationId: app.applicationId, programmeId: app.programmeId, withdrawnAt: '2026-03-25T00:00:00.000Z' }],
      }),
    ).rejects.toThrow(ConflictError);
  });
});

describe('what a registry change rechecks', () => {
  it('finds the waiting applications of an enterprise and the panel members who declared it, and their pending places', async () => {
    const app = application({ reviewers: [{ sub: `rev-${randomUUID()}`, assignedAt: '2026-03-20T00:00:02.000Z', reason: 'panel' }] });
    const declared = taxCode();
    const sub = app.reviewers[0]!.sub;
    await repo.watchInterests(app.programmeId, [{ sub, declaredInterests: [declared, declared] }]);
    await repo.commit({
      applications: [{ next: app, expectedVersion: null }],
      assignments: [
        {
          sub,
          applicationId: app.applicationId,
          programmeId: app.programmeId,
          assignedAt: '2026-03-20T00:00:02.000Z',
          reason: 'panel',
          status: 'pending',
        },
      ],
    });
    expect(await repo.watchersOf(app.taxCode)).toEqual({ applications: [app.applicationId], panelMembers: [] });
    expect(await repo.watchersOf(declared)).toEqual({ applications: [], panelMembers: [{ programmeId: app.programmeId, sub }] });
    expect(await repo.pendingAssignments(sub, app.programmeId)).toEqual([app.applicationId]);

    // Unassigned, and the application listed as no one can review it, for the panel's officers.
    const next: ApplicationRecord = {
      ...app,
      reviewers: [],
      conflicts: [{ sub, reason: 'shares a person', foundAt: '2026-03-21T00:00:00.000Z', foundWhen: 'registry-change' }],
      unassignable: { reason: 'needs 6 panel reviewer(s) and has 0', at: '2026-03-21T00:00:00.000Z' },
      version: 2,
    };
    await repo.commit({ applications: [{ next, expectedVersion: 1 }], unassignments: [{ sub, applicationId: app.applicationId }] });
    expect(await repo.pendingAssignments(sub, app.programmeId)).toEqual([]);
    expect(await repo.panelIssues(app.programmeId, 10)).toEqual({
      unassignable: [{ applicationId: app.applicationId, reason: 'needs 6 panel reviewer(s) and has 0', at: '2026-03-21T00:00:00.000Z' }],
      conflicts: [
        {
          applicationId: app.applicationId,
          sub,
          reason: 'shares a person',
          foundAt: '2026-03-21T00:00:00.000Z',
          foundWhen: 'registry-change',
        },
      ],
    });
    // Final: it no longer waits, so a change of its applicant rechecks nothing.
    await repo.commit({ applications: [{ next: { ...next, status: 'withdrawn', version: 3 }, expectedVersion: 2 }] });
    expect((await repo.watchersOf(app.taxCode)).applications).toEqual([]);
  });
});

describe('rubric pages', () => {
  it('gives every version of the next ids in id order, an id that is a prefix of another first', async () => {
    const p = `zq-${randomUUID().slice(0, 8)}`;
    const rubric = (id: string, version: number): Rubric => ({
      id,
      version,
      name: `Rubric ${id}`,
      criteria: [
        { id: 'exports', name: 'Exports', group: 'general', maxPoints: 10, computation: { kind: 'panel' }, whenMissing: { points: 0 } },
      ],
      combination: { panelAggregate: 'mean', disagreementThresholdPoints: 10 },
      passMark: 0,
      ownerAgency: 'so-khcn',
      createdAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'test',
      builtIn: false,
    });
    for (const [id, v] of [
      [`${p}-ab`, 1],
      [`${p}-a`, 1],
      [`${p}-a-b`, 1],
      [`${p}-a`, 2],
    ] as const)
      await repo.createRubric(rubric(id, v));
    const page = await repo.rubricPage(p, 2);
    expect(page.map((r) => `${r.id}@${r.version}`)).toEqual([`${p}-a@1`, `${p}-a@2`, `${p}-a-b@1`]);
    expect((await repo.rubricPage(`${p}-a-b`, 5)).slice(0, 1).map((r) => r.id)).toEqual([`${p}-ab`]);
    expect((await repo.rubricVersions(`${p}-a`)).map((r) => r.version)).toEqual([1, 2]);
  });
});
