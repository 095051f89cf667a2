/**
 * Planning's DynamoDB repository against the local runtime's own table (`planning-records`), driven
 * through the use cases, with an outbox of its own (events read back from it). Other tests share
 * the table: these use years no other test plans for, and agencies of their own.
 */
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import '../../shared/contracts/index.ts';
import type { Actor } from '../../shared/access/policy.ts';
import { makeDocumentClient } from '../../shared/aws/clients.ts';
import { ConflictError } from '../../shared/errors.ts';
import { localNames } from '../../shared/manifest.ts';
import { chunkRows, DynamoDbPlanningRepository } from '../../services/planning/adapters/outbound/dynamodb-planning-repository.ts';
import { addAttendance, completeActivity, createActivity, listActivities } from '../../services/planning/app/activities.ts';
import { approvePlan, createPlan, getPlan, listPlans, putContribution, putTargets, submitPlan } from '../../services/planning/app/plans.ts';
import type { PlanningDeps } from '../../services/planning/app/ports.ts';
import type { StoredRow } from '../../services/planning/domain/activity.ts';
import { schemeTargets } from '../../services/planning/domain/scheme-targets.ts';
import { FakeFiles, FakePersonRefs } from '../unit/services/planning/fakes.ts';
import { createTable, localClients, uniqueName } from '../support/aws.ts';

const OUTBOX = uniqueName('planning-outbox');
const doc = makeDocumentClient({ AWS_ENDPOINT_URL_DYNAMODB: inject('runtime').endpoints.dynamodb, AWS_REGION: 'us-east-1' });
const repo = new DynamoDbPlanningRepository(doc, localNames.table('planning', 'records'), OUTBOX);
const deps: PlanningDeps = {
  plans: repo,
  activities: repo,
  files: new FakeFiles(),
  personRefs: new FakePersonRefs(),
  now: () => new Date('2026-06-15T10:00:00+07:00'),
  newId: randomUUID,
};
const { db } = localClients();

beforeAll(async () => {
  await createTable(db, OUTBOX, { pk: 'id' });
});
afterAll(() => doc.destroy());

const drafter: Actor = { sub: 'drafter', agency: 'so-tai-chinh', roles: ['officer'] };
const approver: Actor = { sub: 'approver', agency: 'so-tai-chinh', roles: ['admin'] };

async function events(type: string) {
  const out = await doc.send(new ScanCommand({ TableName: OUTBOX }));
  return (out.Items ?? []).map((i) => JSON.parse(i.envelope as string)).filter((e) => e.type === type);
}

async function approvedVersion(year: number, basedOn?: string) {
  let p = await createPlan(deps, drafter, { year, ...(basedOn ? { basedOn } : {}) });
  p = await putTargets(deps, drafter, p.id, { targets: schemeTargets(year) }, p.revision);
  p = await submitPlan(deps, drafter, p.id, p.revision);
  return approvePlan(deps, approver, p.id, p.revision);
}

describe('plans in DynamoDB', () => {
  it('keeps one open version a year, numbers versions, and supersedes the earlier approved one in the approving transaction', async () => {
    const year = 2091;
    const v1 = await approvedVersion(year);
    const draft = await createPlan(deps, drafter, { year, basedOn: v1.id });
    await expect(createPlan(deps, drafter, { year })).rejects.toThrow(ConflictError);
    const withPart = await putContribution(
      deps,
      { sub: 'o', agency: 'so-test-a', roles: ['officer'] },
      draft.id,
      'so-test-a',
      { activities: [], allocations: [{ targetId: 'indirect-support', goal: 7 }], status: 'open' },
      draft.revision,
    );
    // A stale revision loses: the plan item is the unit of concurrency.
    await expect(putTargets(deps, drafter, draft.id, { targets: [] }, draft.revision)).rejects.toThrow(ConflictError);
    const submitted = await submitPlan(deps, drafter, draft.id, withPart.revision);
    const v2 = await approvePlan(deps, approver, draft.id, submitted.revision);
    expect(v2).toMatchObject({ version: 2, status: 'approved', supersedes: v1.id, contributors: 1 });
    expect(await getPlan(deps, drafter, v1.id)).toMatchObject({ status: 'superseded', supersededBy: v2.id });
    expect((await listPlans(deps, drafter, { year, limit: 10 })).items.map((p) => [p.version, p.status])).toEqual([
      [2, 'approved'],
      [1, 'superseded'],
    ]);
    expect((await repo.getYear(year))?.approvedPlanId).toBe(v2.id);
    expect((await repo.getYear(year))?.openPlanId).toBeUndefined();
    const approvals = (await events('plan.approved')).filter((e) => e.data.year === year);
    expect(approvals.map((e) => [e.data.version, e.data.supersedes])).toEqual(
      expect.arrayContaining([
        [1, null],
        [2, v1.id],
      ]),
    );
    // The new version starts from the previous one's contributions.
    const v3 = await createPlan(deps, drafter, { year, basedOn: v2.id });
    expect(v3.contributors).toBe(1);
    expect((await repo.contributions(v3.id)).map((c) => c.agency)).toEqual(['so-test-a']);
  });
});

describe('activities in DynamoDB', () => {
  const agency = `so-test-${randomUUID().slice(0, 6)}`;
  const officer: Actor = { sub: 'o', agency, roles: ['officer'] };

  it('keeps a long attendance list in several items, reads it back whole, and completes with every part in the outbox', async () => {
    const a = await createActivity(deps, officer, { kind: 'information-session', title: 'Phổ biến chính sách', startsOn: '2026-06-01' });
    const rows = Array.from({ length: 1_000 }, (_, i) => ({
      taxCode: `02${String(i).padStart(8, '0')}`,
      organisation: { name: `${'Trung tâm thử nghiệm và kiểm định chất lượng '.repeat(4)}${i}`, kind: 'lab' as const },
      role: 'staff' as const,
    }));
    await addAttendance(deps, officer, a.id, rows);
    expect((await repo.attendance(a.id)).length).toBe(1_000);
    const done = await completeActivity(deps, officer, a.id);
    expect(done.completion?.parts).toBe(3);
    const parts = (await events('activity.completed')).filter((e) => e.data.activityId === a.id);
    expect(parts.map((e) => e.data.part).sort()).toEqual([1, 2, 3]);
    // Completing again with nothing changed is refused by the version the write is conditional on.
    await expect(completeActivity(deps, officer, a.id)).rejects.toThrow(ConflictError);
  });

  it('cuts rows into items under the item limit', () => {
    const row: StoredRow = {
      taxCode: '0100233488',
      organisation: { key: `name:${'0'.repeat(32)}`, kind: 'lab', name: 'Ệ'.repeat(200) },
      role: 'staff',
      headCount: 1,
    };
    const chunks = chunkRows(Array.from({ length: 1_000 }, () => row));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(Buffer.byteLength(JSON.stringify(c))).toBeLessThan(310_000);
    expect(chunks.flat()).toHaveLength(1_000);
  });

  it('lists an agency’s activities newest first, by year and kind, a page at a time', async () => {
    for (const [kind, startsOn] of [
      ['conference', '2025-11-02'],
      ['workshop', '2026-02-03'],
      ['conference', '2026-05-04'],
      ['conference', '2026-04-05'],
    ] as const)
      await createActivity(deps, officer, { kind, title: `${kind} ${startsOn}`, startsOn });
    const first = await listActivities(deps, officer, { year: 2026, kind: 'conference', limit: 1 });
    const seen = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await listActivities(deps, officer, { year: 2026, kind: 'conference', limit: 1, cursor });
      seen.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(seen.map((a) => a.startsOn)).toEqual(['2026-05-04', '2026-04-05']);
    const all = await listActivities(deps, { ...officer, agency: 'so-tai-chinh' }, { agency, limit: 100 });
    expect(all.items.map((a) => a.startsOn)).toEqual(['2026-06-01', '2026-05-04', '2026-04-05', '2026-02-03', '2025-11-02']);
  });
});
