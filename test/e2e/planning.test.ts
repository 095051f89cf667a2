/**
 * The annual plan and activities over HTTP on the local runtime: a plan drafted by Sở Tài chính,
 * contributed by two departments and a commune committee, consolidated, submitted and approved by a
 * second person (the submitter refused) → `GET /plans` shows it approved and plan.approved is in the
 * outbox; an activity with an attendance list posted and a CSV uploaded (the personal-id hashes
 * turned into the registry's person refs through its internal function), completed, and its
 * activity.completed parts in the outbox; another agency told a draft's contribution and an
 * activity do not exist.
 */
import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_PERSON_REF_KEY } from '../../local/runtime/runtime.ts';
import { localNames } from '../../shared/manifest.ts';
import { personRefOf } from '../../services/registry/domain/person-ref.ts';
import { schemeTargets } from '../../services/planning/domain/scheme-targets.ts';
import { localClients } from '../support/aws.ts';
import { daysFromToday, thisYear } from '../support/clock.ts';
import { call, eventually, tokenFor } from '../support/http.ts';

const base = inject('runtime').url;
let drafter: string; // Sở Tài chính: drafts, consolidates, submits
let approver: string; // Sở Tài chính: a second person, approves
let sct: string; // Sở Công Thương
let khcn: string; // Sở Khoa học và Công nghệ
let commune: string; // the commune committee of 00004
let association: string; // a business association

beforeAll(async () => {
  drafter = await tokenFor({ agency: 'so-tai-chinh', roles: ['officer'], sub: 'e2e-stc-drafter' });
  approver = await tokenFor({ agency: 'so-tai-chinh', roles: ['officer'], sub: 'e2e-stc-approver' });
  sct = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'e2e-sct' });
  khcn = await tokenFor({ agency: 'so-khcn', roles: ['officer'], sub: 'e2e-khcn' });
  commune = await tokenFor({ agency: 'ubnd-xa', roles: ['officer'], commune: '00004', sub: 'e2e-xa-00004' });
  association = await tokenFor({ agency: 'hh-dnnvv-hn', roles: ['viewer'], sub: 'e2e-hh' });
});

async function outboxEvents(type: string, match: (data: Record<string, unknown>) => boolean) {
  const { doc } = localClients();
  const out: { id: string; type: string; data: Record<string, unknown> }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: localNames.outboxTable('planning'), ExclusiveStartKey: start }));
    for (const i of page.Items ?? []) {
      const e = JSON.parse(i.envelope as string);
      if (e.type === type && match(e.data)) out.push(e);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

const etag = (r: { headers: Headers }) => r.headers.get('etag')!;
const hashOf = (citizenId: string) => createHash('sha256').update(citizenId).digest('hex');

describe('the annual plan', () => {
  it('is drafted, contributed by two agencies and a commune, approved by a second person, and shown approved', async () => {
    // A later year of the scheme than any other test plans for: one draft per year.
    const year = thisYear() + 4;
    const created = await call(base, 'POST', '/plans', { token: drafter, body: { year } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ year, status: 'draft', revision: 1 });
    expect((await call(base, 'POST', '/plans', { token: drafter, body: { year } })).status).toBe(409);
    expect((await call(base, 'POST', '/plans', { token: sct, body: { year } })).status).toBe(403);

    const targets = schemeTargets(year);
    const noIfMatch = await call(base, 'PUT', `/plans/${id}/targets`, { token: drafter, body: { targets } });
    expect(noIfMatch.status).toBe(400);
    expect(noIfMatch.headers.get('content-type')).toContain('application/problem+json');
    let res = await call(base, 'PUT', `/plans/${id}/targets`, {
      token: drafter,
      body: { targets },
      headers: { 'if-match': etag(created) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    const contribute = (token: string, contributor: string, goal: number, ifMatch: string, commune?: string) =>
      call(base, 'PUT', `/plans/${id}/contributions/${contributor}`, {
        token,
        headers: { 'if-match': ifMatch },
        body: {
          activities: [
            {
              id: `${contributor}-1`,
              title: 'Hội thảo hỗ trợ doanh nghiệp',
              kind: 'workshop',
              targetIds: ['indirect-support'],
              expected: goal,
            },
          ],
          allocations: [{ targetId: 'indirect-support', goal, ...(commune ? { commune } : {}) }],
          status: 'submitted',
        },
      });
    res = await contribute(sct, 'so-cong-thuong', 4_000, etag(res));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.contributions.map((c: { agency: string }) => c.agency)).toEqual(['so-cong-thuong']);
    // A stale If-Match (the plan moved on) is a conflict.
    expect((await contribute(khcn, 'so-khcn', 1_500, etag(created))).status).toBe(409);
    res = await contribute(khcn, 'so-khcn', 1_500, etag(res));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    res = await contribute(commune, 'ubnd-xa-00004', 300, etag(res), '00004');
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    // Another agency: a draft's contribution it may not read does not exist for it, to read or to write.
    expect((await call(base, 'GET', `/plans/${id}/contributions/so-cong-thuong`, { token: khcn })).status).toBe(404);
    expect((await contribute(khcn, 'so-cong-thuong', 1, etag(res))).status).toBe(404);
    expect((await call(base, 'GET', `/plans/${id}/contributions/so-cong-thuong`, { token: sct })).status).toBe(200);

    // Sở Tài chính sees every contribution and sets the allocations that count.
    const consolidated = await call(base, 'GET', `/plans/${id}`, { token: drafter });
    expect(consolidated.body.contributions.map((c: { agency: string }) => c.agency)).toEqual([
      'so-cong-thuong',
      'so-khcn',
      'ubnd-xa-00004',
    ]);
    const allocated = targets.map((t) =>
      t.id === 'indirect-support'
        ? {
            ...t,
            allocations: [
              { agency: 'so-cong-thuong', goal: 4_000 },
              { agency: 'so-khcn', goal: 1_500 },
              { commune: '00004', goal: 300 },
            ],
          }
        : t,
    );
    res = await call(base, 'PUT', `/plans/${id}/targets`, {
      token: drafter,
      body: { targets: allocated },
      headers: { 'if-match': etag(consolidated) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    expect((await call(base, 'POST', `/plans/${id}/submit`, { token: drafter })).body.status).toBe('submitted');
    const self = await call(base, 'POST', `/plans/${id}/approve`, { token: drafter });
    expect(self.status).toBe(403);
    expect(self.body.detail).toContain('four eyes');
    const approved = await call(base, 'POST', `/plans/${id}/approve`, { token: approver });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      submittedBy: 'e2e-stc-drafter',
      approvedBy: 'e2e-stc-approver',
      supersedes: null,
    });

    for (const token of [khcn, association]) {
      const listed = await call(base, 'GET', `/plans?year=${year}`, { token });
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([[id, 'approved']]);
    }
    // Approved, every contribution is everyone's to read.
    expect((await call(base, 'GET', `/plans/${id}/contributions/so-cong-thuong`, { token: khcn })).status).toBe(200);

    const [event] = await outboxEvents('plan.approved', (d) => d.planId === id);
    expect(event?.data).toMatchObject({ year, version: 1, approvedBy: 'e2e-stc-approver', supersedes: null });
    const indirect = (event!.data.targets as { id: string; allocations: unknown[]; unit: string; goal: number }[]).find(
      (t) => t.id === 'indirect-support',
    );
    expect(indirect).toMatchObject({ unit: 'enterprises', goal: 40_000 });
    expect(indirect!.allocations).toHaveLength(3);
  });
});

describe('an activity that is not a grant', () => {
  it('takes an attendance list and a CSV, is completed, and publishes activity.completed in parts with person refs only', async () => {
    const created = await call(base, 'POST', '/activities', {
      token: sct,
      body: {
        kind: 'training-course',
        title: 'Đào tạo quản trị cho giám đốc',
        startsOn: daysFromToday(-2),
        endsOn: daysFromToday(-1),
        targetIds: ['ceos-trained'],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect((await call(base, 'GET', `/activities/${id}`, { token: khcn })).status).toBe(404);
    expect((await call(base, 'GET', `/activities/${id}`, { token: association })).status).toBe(404);

    // A list posted as JSON: the registry makes the refs (its internal function, through the runtime's Invoke API).
    const ceo = hashOf('001089012345');
    const posted = await call(base, 'POST', `/activities/${id}/attendance`, {
      token: sct,
      body: {
        rows: [
          { taxCode: '0100233488', personIdHash: ceo, role: 'ceo' },
          {
            organisation: { name: 'Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 1', kind: 'conformity-body' },
            role: 'expert',
            headCount: 2,
          },
        ],
      },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    expect(posted.body.counts).toMatchObject({ enterprises: 1, people: 1, organisations: 1, headCount: 2 });

    // A CSV of 1,200 attendees, each with an enterprise and a person.
    const lines = ['taxCode,organisationName,organisationKind,personIdHash,role,headCount'];
    for (let i = 0; i < 1_200; i++) lines.push(`01${String(i).padStart(8, '0')},,,${hashOf(`0790${String(i).padStart(8, '0')}`)},worker,`);
    lines.push(',,,,worker,25');
    const csv = Buffer.from(`${lines.join('\n')}\n`);
    const asked = await call(base, 'POST', `/activities/${id}/attendance-uploads`, {
      token: sct,
      body: { sizeBytes: csv.length, fileName: 'danh-sach.csv' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const put = await fetch(asked.body.uploadUrl, { method: 'PUT', headers: asked.body.uploadHeaders, body: csv });
    expect(put.status).toBe(200);
    const job = await eventually(
      async () => {
        const r = await call(base, 'GET', `/activities/${id}/attendance-uploads/${asked.body.id}`, { token: sct });
        return ['completed', 'rejected', 'failed'].includes(r.body.status) ? r.body : undefined;
      },
      60_000,
      250,
    );
    expect(job).toMatchObject({ status: 'completed', rows: 1_201, accepted: 1_201 });

    const view = await call(base, 'GET', `/activities/${id}`, { token: sct });
    expect(view.body.counts).toMatchObject({ enterprises: 1_201, people: 1_201, organisations: 1, headCount: 27 });

    const done = await call(base, 'POST', `/activities/${id}/complete`, { token: sct });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', completion: { revision: 1, parts: 3 } });
    expect((await call(base, 'POST', `/activities/${id}/complete`, { token: sct })).status).toBe(409);

    const parts = await outboxEvents('activity.completed', (d) => d.activityId === id);
    expect(parts.map((p) => p.data.part).sort()).toEqual([1, 2, 3]);
    const attendance = parts.map(
      (p) => p.data.attendance as { enterprises: string[]; people: { personRef: string; role: string }[]; headCounts: unknown[] },
    );
    expect(attendance.flatMap((a) => a.enterprises)).toHaveLength(1_201);
    const people = attendance.flatMap((a) => a.people);
    expect(people).toHaveLength(1_201);
    // The ref is the registry's (its key, locally the documented default), and no hash is published.
    expect(people).toContainEqual({ personRef: personRefOf(LOCAL_PERSON_REF_KEY)(ceo), role: 'ceo' });
    expect(JSON.stringify(parts)).not.toContain(ceo);
    expect(attendance.flatMap((a) => a.headCounts)).toEqual([
      { role: 'worker', count: 25 },
      { role: 'expert', count: 2 },
    ]);
  });
});
