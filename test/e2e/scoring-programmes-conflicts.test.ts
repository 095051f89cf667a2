/**
 * Across services on the local runtime (issue 18 §2, §3):
 * - scoring learns programmes and their owners from intake's programme.changed — a new one, the
 *   seeded ones, and one stored before the event existed, announced by intake's backfill schedule —
 *   and no other agency can take a programme's panel;
 * - a registry change that links an assigned reviewer to the applicant reaches scoring: the
 *   reviewer is unassigned and the next eligible one assigned, the reason shown to the panel's
 *   officers only;
 * - a withdrawal delivered before its submission keeps the application out of scoring.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import '../../shared/contracts/index.ts';
import { newEnvelope } from '../../shared/contracts/envelope.ts';
import { envNames, localNames } from '../../shared/manifest.ts';
import { localClients } from '../support/aws.ts';
import { daysFromToday, instantFromNow, nowIso, thisYear } from '../support/clock.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { programmeBody } from '../support/intake.ts';
import { freshTaxCode } from '../support/registry.ts';
import { createProgramme, queueUrl, register, registryEvent, scoreOf, submitted } from '../support/scoring.ts';

const base = inject('runtime').url;
let sct: string;
let khcn: string;
const reviewer = (sub: string) => tokenFor({ agency: 'so-khcn', roles: ['reviewer'], sub });

beforeAll(async () => {
  sct = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'sct-panel-officer' });
  khcn = await tokenFor({ agency: 'so-khcn', roles: ['officer'], sub: 'khcn-panel-officer' });
});

/** The programme's panel once scoring knows the programme (404 until intake's announcement arrives). */
const panelOnceKnown = (programmeId: string, token: string) =>
  eventually(
    async () => {
      const r = await call(base, 'GET', `/programmes/${programmeId}/panel`, { token });
      return r.status === 404 ? undefined : r;
    },
    30_000,
    200,
  );

describe('programmes reach scoring from intake', () => {
  it('a new programme: its owner sets the panel, another agency gets 404 and cannot claim it', async () => {
    const p = await createProgramme(base, sct, { rubric: { id: 'generic', version: 1 } });
    const known = await panelOnceKnown(p.id, sct);
    expect(known.status).toBe(200);
    expect(known.body).toMatchObject({ ownerAgency: 'so-cong-thuong', ownerKnownFrom: 'programme-events', reviewers: [] });
    const body = { reviewsPerApplication: 1, reviewers: [{ sub: 'khcn-expert' }] };
    expect((await call(base, 'PUT', `/programmes/${p.id}/panel`, { token: khcn, body })).status).toBe(404);
    expect((await call(base, 'GET', `/programmes/${p.id}/panel`, { token: khcn })).status).toBe(404);
    // The claim of old is refused outright.
    const claim = await call(base, 'PUT', `/programmes/${p.id}/panel`, { token: sct, body: { ...body, ownerAgency: 'so-cong-thuong' } });
    expect(claim.status).toBe(400);
    expect((await call(base, 'PUT', `/programmes/${p.id}/panel`, { token: sct, body })).status).toBe(200);
  });

  it('the seeded programmes are known to scoring with their owners', async () => {
    // This run's runtime starts without demo data: load it as `npm start` does (services/intake/seed.ts),
    // against the runtime's own tables, so its outbox relay carries the announcements.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: inject('runtime').endpoints.dynamodb,
      AWS_REGION: 'us-east-1',
      [envNames.table('intake', 'records')]: localNames.table('intake', 'records'),
      [envNames.outboxTable('intake')]: localNames.outboxTable('intake'),
      [envNames.idempotencyTable('intake')]: localNames.idempotencyTable('intake'),
      [envNames.bucket]: 'unused-by-the-seed',
    });
    const { seed } = await import('../../services/intake/seed.ts');
    expect(await seed()).toMatch(/demo programmes/);
    const seeded = await eventually(
      async () => {
        const r = await call(base, 'GET', '/programmes?agency=so-khcn&limit=100', { token: sct });
        return r.body.items?.find((x: { code: string }) => x.code === `NSCL-${thisYear()}`);
      },
      30_000,
      500,
    );
    const khcnPanel = await panelOnceKnown(seeded.id, khcn);
    expect(khcnPanel.body).toMatchObject({ ownerAgency: 'so-khcn', ownerKnownFrom: 'programme-events' });
    expect((await call(base, 'GET', `/programmes/${seeded.id}/panel`, { token: sct })).status).toBe(404);
  });

  it('a programme stored before programmes were announced is announced once by the backfill schedule', async () => {
    const id = randomUUID();
    const at = nowIso();
    const input = programmeBody({ ownerAgency: 'so-khcn', rubric: { id: 'generic', version: 1 } });
    // As the code before this change stored it: no announcement, no marker.
    await localClients().doc.send(
      new PutCommand({
        TableName: localNames.table('intake', 'records'),
        Item: {
          pk: `PROG#${id}`,
          sk: 'PROG',
          gsi1pk: 'PROGRAMMES',
          gsi1sk: input.code,
          ...input,
          eligibility: { ...input.eligibility, requireActive: true },
          id,
          committedVnd: 0,
          version: 2,
          createdAt: at,
          createdBy: 'before-the-change',
          updatedAt: at,
        },
      }),
    );
    expect((await call(base, 'GET', `/programmes/${id}/panel`, { token: khcn })).status).toBe(404);
    const run = await call(base, 'POST', '/local/schedules/intake/announce-programmes');
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect((await panelOnceKnown(id, khcn)).body).toMatchObject({ ownerAgency: 'so-khcn' });
    const item = await localClients().doc.send(
      new GetCommand({ TableName: localNames.table('intake', 'records'), Key: { pk: `PROG#${id}`, sk: 'PROG' } }),
    );
    expect(item.Item!.announcedVersion).toBe(2);
    // Its API answer does not show the marker.
    expect((await call(base, 'GET', `/programmes/${id}`, { token: khcn })).body).not.toHaveProperty('announcedVersion');
  });
});

describe('a conflict of interest the registry reveals after assignment', () => {
  it('unassigns the reviewer and assigns the next eligible one; the reason goes to the panel’s officers', async () => {
    const suffix = randomUUID().slice(0, 8);
    const [late, other] = [`a-late-${suffix}`, `b-other-${suffix}`];
    const [applicant, declared] = [freshTaxCode(), freshTaxCode()];
    const shared = 'c'.repeat(64);
    await register(base, [
      registryEvent({ taxCode: applicant, enterprise: { legalRepresentative: { name: 'Lê Văn Chung', personalIdHash: shared } } }),
      registryEvent({ taxCode: declared, enterprise: { legalRepresentative: { name: 'Phạm Thị Khác', personalIdHash: 'd'.repeat(64) } } }),
    ]);
    const p = await createProgramme(base, sct, { rubric: { id: 'generic', version: 1 } });
    await panelOnceKnown(p.id, sct);
    const set = await call(base, 'PUT', `/programmes/${p.id}/panel`, {
      token: sct,
      body: { reviewsPerApplication: 1, reviewers: [{ sub: late, declaredInterests: [declared] }, { sub: other }] },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const app = await submitted(base, sct, p.id, applicant, {});
    const assignedTo = async () => ((await scoreOf(base, sct, app.id, 'pending')).reviewers as { sub: string }[]).map((r) => r.sub);
    // No link known yet: the least loaded (ties by sub) is the late one.
    expect(await assignedTo()).toEqual([late]);

    // The declared enterprise's new legal representative is the applicant's.
    await register(base, [
      registryEvent({
        taxCode: declared,
        revision: 2,
        type: 'amended',
        occurredAt: nowIso(),
        enterprise: { legalRepresentative: { name: 'Lê Văn Chung', personalIdHash: shared } },
      }),
    ]);
    await eventually(async () => ((await assignedTo()).join() === other ? true : undefined), 30_000, 200);

    const officerView = (await call(base, 'GET', `/programmes/${p.id}/panel`, { token: sct })).body;
    expect(officerView.conflicts).toEqual([
      expect.objectContaining({
        applicationId: app.id,
        sub: late,
        foundWhen: 'registry-change',
        reason: expect.stringContaining('share a person'),
      }),
    ]);
    const tried = await call(base, 'POST', `/applications/${app.id}/reviews`, {
      token: await reviewer(late),
      body: {
        criteria: [
          { id: 'proposal-quality', points: 10 },
          { id: 'feasibility', points: 10 },
        ],
      },
    });
    expect(tried.status).toBe(404);
    expect(JSON.stringify(tried.body)).not.toMatch(/share|person|interest/);
    expect((await call(base, 'GET', '/reviews/mine', { token: await reviewer(late) })).body.items).toEqual([]);

    const done = await call(base, 'POST', `/applications/${app.id}/reviews`, {
      token: await reviewer(other),
      body: {
        criteria: [
          { id: 'proposal-quality', points: 20 },
          { id: 'feasibility', points: 12 },
        ],
      },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    await eventually(
      async () => ((await call(base, 'GET', `/applications/${app.id}`, { token: sct })).body.status === 'scored' ? true : undefined),
      30_000,
      200,
    );
  });
});

describe('a withdrawal delivered before its submission', () => {
  it('keeps the application out of scoring: stored as withdrawn, never scored', async () => {
    const p = await createProgramme(base, sct);
    const applicationId = randomUUID();
    const taxCode = freshTaxCode();
    // Submitted now, due in a month, withdrawn an hour later: on the runtime's clock.
    const submittedAt = nowIso();
    const dueOn = daysFromToday(30);
    const common = {
      applicationId,
      programmeId: p.id,
      agency: 'so-cong-thuong',
      category: 'supporting-industry',
      taxCode,
      communeCode: '00004',
    };
    const { sqs, doc } = localClients();
    const url = await queueUrl('scoring', 'submissions');
    const withdrawn = newEnvelope({
      type: 'application.withdrawn',
      source: 'intake',
      data: {
        ...common,
        previousStatus: 'submitted',
        submittedAt,
        dueOn,
        withdrawnAt: instantFromNow(3_600_000),
      },
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(withdrawn) }));
    const records = localNames.table('scoring', 'records');
    await eventually(
      async () =>
        (await doc.send(new GetCommand({ TableName: records, Key: { pk: `PROG#${p.id}`, sk: `APP#${applicationId}` } }))).Item
          ?.withdrawnBeforeArrival
          ? true
          : undefined,
      30_000,
      200,
    );

    const submission = newEnvelope({
      type: 'application.submitted',
      source: 'intake',
      data: {
        ...common,
        programmeCode: p.code,
        rubric: { id: 'cnht', version: 1 },
        answers: { qualitySystem: 'IATF 16949' },
        requestedAmountVnd: 100_000_000,
        submittedAt,
        dueOn,
        enterprise: { revision: 1, sizeClass: 'small', vsicMain: '2592', employees: 45, revenueVnd: 40_000_000_000 },
      },
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(submission) }));
    const score = await eventually(
      async () => {
        const r = await call(base, 'GET', `/applications/${applicationId}/score`, { token: sct });
        return r.status === 200 ? r.body : undefined;
      },
      30_000,
      200,
    );
    expect(score).toMatchObject({ stage: 'withdrawn', status: 'pending', scoredAt: null });
    const scored = await doc.send(
      new GetCommand({ TableName: localNames.outboxTable('scoring'), Key: { id: `application.scored:${applicationId}` } }),
    );
    expect(scored.Item).toBeUndefined();
    const whatIf = await call(base, 'POST', `/programmes/${p.id}/selections?dryRun=true`, {
      token: await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'sct-selector-2' }),
      body: { budgetVnd: 1_000_000_000 },
    });
    expect(JSON.stringify(whatIf.body)).not.toContain(applicationId);
  });
});
