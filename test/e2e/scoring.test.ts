/**
 * Scoring over HTTP on the local runtime: an application submitted through intake is scored
 * automatically within seconds against the `cnht` rubric, explained per criterion (registry growth
 * from scoring's own history of the enterprise), and intake takes the score; a re-delivered
 * submission changes nothing; a review panel is balanced and refuses a conflicted reviewer; a
 * selection's what-if commits nothing, and a committed one funds what fits and goes through intake's
 * decision rules, a refusal recorded on the selection; a withdrawn application leaves the ranking.
 */
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localNames } from '../../shared/manifest.ts';
import { localClients } from '../support/aws.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { freshTaxCode } from '../support/registry.ts';
import { createProgramme, queueUrl, register, registryEvent, scoreOf, submitted } from '../support/scoring.ts';

const base = inject('runtime').url;
const BN = 1_000_000_000;
const M = 1_000_000;
let intakeOfficer: string; // Sở Công Thương officer who takes applications in
let selector: string; // another Sở Công Thương officer, who commits selections (four eyes)
let khcn: string;
const reviewer = (sub: string) => tokenFor({ agency: 'so-cong-thuong', roles: ['reviewer'], sub });

beforeAll(async () => {
  intakeOfficer = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'sct-intake' });
  selector = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'sct-selector' });
  khcn = await tokenFor({ agency: 'so-khcn', roles: ['officer'], sub: 'khcn-officer' });
});

describe('rubrics', () => {
  it('lists the supporting-industry rubric with 7 general and 2 priority criteria, and a generic one', async () => {
    const res = await call(base, 'GET', '/rubrics', { token: khcn });
    expect(res.status).toBe(200);
    const cnht = res.body.items.find((r: { id: string }) => r.id === 'cnht');
    expect(cnht.criteria.filter((c: { group: string }) => c.group === 'general')).toHaveLength(7);
    expect(cnht.criteria.filter((c: { group: string }) => c.group === 'priority')).toHaveLength(2);
    expect(cnht.maxPoints).toBe(100);
    // The pass mark belongs to the rubric version: 50 for cnht (Guidance 3844/HD-SCT); generic's is an assumption.
    expect(cnht.passMark).toBe(50);
    expect(res.body.items.find((r: { id: string }) => r.id === 'generic')).toMatchObject({ passMark: 50 });
    expect((await call(base, 'GET', '/rubrics/cnht', { token: khcn })).body).toMatchObject({ id: 'cnht', passMark: 50 });
  });

  it('publishes a change as a new version and leaves the old one as it was', async () => {
    const v1 = (await call(base, 'GET', '/rubrics/cnht?version=1', { token: khcn })).body;
    const id = `test-${randomUUID().slice(0, 8)}`;
    const body = {
      id,
      name: 'Test rubric',
      combination: v1.combination,
      criteria: [
        {
          id: 'exports',
          name: 'Exports',
          group: 'general',
          maxPoints: 10,
          computation: { kind: 'answer-boolean', answer: 'exports', yes: 10, no: 0 },
        },
      ],
    };
    expect((await call(base, 'POST', '/rubrics', { token: khcn, body })).body).toMatchObject({
      id,
      version: 1,
      ownerAgency: 'so-khcn',
      passMark: 0,
    });
    // A pass mark above the rubric's points could never be reached.
    const unreachable = await call(base, 'POST', '/rubrics', { token: khcn, body: { ...body, passMark: 11 } });
    expect(unreachable.status).toBe(400);
    expect(unreachable.body.errors).toEqual([{ path: 'body.passMark', message: "11 is above the rubric's 10 points" }]);
    const second = await call(base, 'POST', '/rubrics', { token: khcn, body: { ...body, name: 'Test rubric, revised', passMark: 6 } });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ version: 2, versions: [1, 2], passMark: 6 });
    expect((await call(base, 'GET', `/rubrics/${id}?version=1`, { token: khcn })).body.name).toBe('Test rubric');
    // Another agency cannot publish a version of it.
    expect((await call(base, 'POST', '/rubrics', { token: intakeOfficer, body })).status).toBe(403);
  });
});

describe('automatic scoring', () => {
  it('scores a submitted application within seconds, per criterion with evidence, and intake takes the score', async () => {
    const p = await createProgramme(base, intakeOfficer);
    const taxCode = freshTaxCode();
    await register(base, [
      registryEvent({ taxCode, revision: 1, occurredAt: '2025-03-02T08:00:00+07:00', enterprise: { employees: 40, revenueVnd: 30 * BN } }),
      registryEvent({
        taxCode,
        revision: 2,
        type: 'amended',
        occurredAt: '2026-03-02T08:00:00+07:00',
        enterprise: { employees: 45, revenueVnd: 40 * BN },
      }),
    ]);
    const answers = {
      qualitySystem: 'ISO 9001',
      profitMarginPct: 8,
      technologyInvestmentVnd: 1_200_000_000,
      exportSharePct: 35,
      trainedWorkersPct: 25,
      producesPriorityCnhtProduct: true,
      producesKeyIndustrialProduct: false,
    };
    // Intake freezes the registry revision it knows at submission; wait until it knows revision 2.
    const app = await eventually(
      async () => {
        const a = await submitted(base, intakeOfficer, p.id, taxCode, answers);
        if (a.snapshotRevision === 2) return a;
        await call(base, 'POST', `/applications/${a.id}/withdraw`, { token: intakeOfficer, body: {} });
        return undefined;
      },
      30_000,
      500,
    );
    const started = Date.now();

    const score = await scoreOf(base, intakeOfficer, app.id);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(score).toMatchObject({
      rubric: { id: 'cnht', version: 1 },
      registryRevision: 2,
      comparedWithRevisions: [1],
      maxPoints: 100,
      rank: 1,
      rankedAmong: 1,
    });
    const byId = Object.fromEntries(score.criteria.map((c: { id: string }) => [c.id, c]));
    // 30 bn / 40 staff = 750 M per employee a year before; 40 bn / 45 = 888.9 M now: +18.52 %.
    expect(byId['labour-productivity']).toMatchObject({
      points: 15,
      status: 'scored',
      evidence: { growthPct: 18.52, base: { revision: 1 }, current: { revision: 2 } },
    });
    expect(byId['technology-innovation']).toMatchObject({ points: 7, evidence: { sharePct: 3, revenueVnd: 40 * BN } });
    expect(byId['environment-clean-technology']).toMatchObject({
      points: 0,
      status: 'missing',
      reason: expect.stringContaining('not answered'),
    });
    expect(byId['key-industrial-product']).toMatchObject({ points: 0, status: 'scored' });
    expect(score.totalPoints).toBe(15 + 10 + 7 + 7 + 0 + 10 + 7 + 10 + 0);

    const inIntake = await eventually(
      async () => {
        const r = await call(base, 'GET', `/applications/${app.id}`, { token: intakeOfficer });
        return r.body.status === 'scored' ? r.body : undefined;
      },
      15_000,
      100,
    );
    expect(inIntake.score).toMatchObject({ totalPoints: 66, maxPoints: 100, rubric: { id: 'cnht', version: 1 } });

    // Another agency's score does not exist for it.
    expect((await call(base, 'GET', `/applications/${app.id}/score`, { token: khcn })).status).toBe(404);
  });

  it('ignores a re-delivered submission: the score and intake stay as they were', async () => {
    const p = await createProgramme(base, intakeOfficer);
    const taxCode = freshTaxCode();
    await register(base, [registryEvent({ taxCode })]);
    const app = await submitted(base, intakeOfficer, p.id, taxCode, { qualitySystem: 'IATF 16949' });
    const first = await scoreOf(base, intakeOfficer, app.id);

    const { doc, sqs } = localClients();
    const outbox = await doc.send(
      new ScanCommand({
        TableName: localNames.outboxTable('intake'),
        FilterExpression: '#t = :t AND contains(envelope, :id)',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':t': 'application.submitted', ':id': app.id },
      }),
    );
    const envelope = JSON.parse(outbox.Items![0]!.envelope as string);
    const url = await queueUrl('scoring', 'submissions');
    // The same message again, and the same application announced under a new message id with other answers.
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(envelope) }));
    const resent = { ...envelope, id: randomUUID(), data: { ...envelope.data, answers: { qualitySystem: 'none' } } };
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(resent) }));
    // Other test files feed the same queue (and some of their messages wait for a retry), so it
    // may not be empty for minutes: a marker message sent after the two is waited for instead.
    const marker = { ...envelope, id: randomUUID(), data: { ...envelope.data, applicationId: randomUUID() } };
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(marker) }));
    await scoreOf(base, intakeOfficer, marker.data.applicationId);

    const again = (await call(base, 'GET', `/applications/${app.id}/score`, { token: intakeOfficer })).body;
    // The marker application joins the programme's ranking (and may tie ahead of it); everything
    // else must be as it was.
    const { rank: _rankWas, rankedAmong: _was, ...firstRest } = first;
    const { rank: _rankIs, rankedAmong: _is, ...againRest } = again;
    expect(againRest).toEqual(firstRest);
    const timeline = (await call(base, 'GET', `/applications/${app.id}`, { token: intakeOfficer })).body.timeline;
    expect(timeline.filter((t: { action: string }) => t.action === 'scored')).toHaveLength(1);
    // Other test files submit to the same queue at the same time: draining it may take a while.
  }, 180_000);
});

describe('withdrawal', () => {
  it('takes a withdrawn application out of scoring: its score shows the stage, and a what-if no longer ranks it', async () => {
    const p = await createProgramme(base, intakeOfficer);
    const taxCode = freshTaxCode();
    await register(base, [registryEvent({ taxCode, revision: 1, enterprise: { employees: 30, revenueVnd: 20 * BN } })]);
    const app = await submitted(base, intakeOfficer, p.id, taxCode, { qualitySystem: 'ISO 9001' });
    await scoreOf(base, intakeOfficer, app.id);
    const whatIf = async () =>
      (await call(base, 'POST', `/programmes/${p.id}/selections?dryRun=true`, { token: selector, body: { budgetVnd: 10 * BN } })).body;
    const ids = (s: {
      funded?: { applicationId: string }[];
      waitlisted?: { applicationId: string }[];
      notFunded?: { applicationId: string }[];
    }) => [...(s.funded ?? []), ...(s.waitlisted ?? []), ...(s.notFunded ?? [])].map((e) => e.applicationId);
    expect(ids(await whatIf())).toContain(app.id);

    const w = await call(base, 'POST', `/applications/${app.id}/withdraw`, { token: intakeOfficer, body: { reason: 'changed plans' } });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    const score = await eventually(
      async () => {
        const r = await call(base, 'GET', `/applications/${app.id}/score`, { token: intakeOfficer });
        return r.body.stage === 'withdrawn' ? r.body : undefined;
      },
      30_000,
      200,
    );
    expect(score.stage).toBe('withdrawn');
    expect(ids(await whatIf())).not.toContain(app.id);
  });
});

describe('review panels', () => {
  it('assigns balanced reviewers, never a conflicted one, answers the unassigned 404, and finalises by the rubric rule', async () => {
    const p = await createProgramme(base, intakeOfficer, { rubric: { id: 'generic', version: 1 } });
    const [t1, t2, t3] = [freshTaxCode(), freshTaxCode(), freshTaxCode()];
    const panel = {
      reviewsPerApplication: 2,
      reviewers: [{ sub: 'rev-conflicted', declaredInterests: [t1] }, { sub: 'rev-b' }, { sub: 'rev-c' }],
    };
    // Scoring learns the programme and its owner from intake (programme.changed): no one claims it.
    const set = await eventually(
      async () => {
        const r = await call(base, 'PUT', `/programmes/${p.id}/panel`, { token: intakeOfficer, body: panel });
        return r.status === 404 ? undefined : r;
      },
      30_000,
      200,
    );
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.ownerKnownFrom).toBe('programme-events');
    expect((await call(base, 'PUT', `/programmes/${p.id}/panel`, { token: khcn, body: panel })).status).toBe(404);

    await register(base, [registryEvent({ taxCode: t1 }), registryEvent({ taxCode: t2 }), registryEvent({ taxCode: t3 })]);
    const apps: { id: string }[] = [];
    // One after another: reviewers are assigned online, in the order scoring receives applications, so
    // the loads this test expects are those of this order (the queue does not keep submission order).
    for (const t of [t1, t2, t3]) {
      const app = await submitted(base, intakeOfficer, p.id, t, { technologyInvestmentVnd: 2 * BN });
      await scoreOf(base, intakeOfficer, app.id, 'pending');
      apps.push(app);
    }
    const first = await scoreOf(base, intakeOfficer, apps[0]!.id, 'pending');
    expect(first.reviewers.map((r: { sub: string }) => r.sub).sort()).toEqual(['rev-b', 'rev-c']);
    const loads = (await call(base, 'GET', `/programmes/${p.id}/panel`, { token: intakeOfficer })).body.loads;
    // 6 assignments over 3 reviewers, the conflicted one excluded from the first application: 2 each.
    expect(loads).toEqual({ 'rev-b': 2, 'rev-c': 2, 'rev-conflicted': 2 });

    const conflicted = await call(base, 'POST', `/applications/${apps[0]!.id}/reviews`, {
      token: await reviewer('rev-conflicted'),
      body: {
        criteria: [
          { id: 'proposal-quality', points: 30 },
          { id: 'feasibility', points: 20 },
        ],
      },
    });
    // Authorised first: never assigned, so a 404 that tells nothing of the declared interest.
    expect(conflicted.status).toBe(404);
    expect(JSON.stringify(conflicted.body)).not.toContain(t1);
    expect((await call(base, 'GET', `/applications/${apps[0]!.id}/score`, { token: await reviewer('rev-conflicted') })).status).toBe(404);
    expect(
      (
        await call(base, 'POST', `/applications/${apps[0]!.id}/reviews`, {
          token: await reviewer('rev-outsider'),
          body: { criteria: [{ id: 'feasibility', points: 1 }] },
        })
      ).status,
    ).toBe(404);

    const mine = await call(base, 'GET', '/reviews/mine', { token: await reviewer('rev-b') });
    expect(mine.body.items.map((a: { applicationId: string }) => a.applicationId)).toContain(apps[0]!.id);

    const revB = await call(base, 'POST', `/applications/${apps[0]!.id}/reviews`, {
      token: await reviewer('rev-b'),
      body: {
        criteria: [
          { id: 'proposal-quality', points: 24 },
          { id: 'feasibility', points: 16 },
        ],
      },
    });
    expect(revB.status, JSON.stringify(revB.body)).toBe(201);
    // A reviewer sees their own marks only.
    const seenByC = (await call(base, 'GET', `/applications/${apps[0]!.id}/score`, { token: await reviewer('rev-c') })).body;
    expect(seenByC.reviews).toEqual([]);
    await call(base, 'POST', `/applications/${apps[0]!.id}/reviews`, {
      token: await reviewer('rev-c'),
      body: {
        criteria: [
          { id: 'proposal-quality', points: 20 },
          { id: 'feasibility', points: 14 },
        ],
      },
    });

    const final = await scoreOf(base, intakeOfficer, apps[0]!.id);
    const byId = Object.fromEntries(final.criteria.map((c: { id: string }) => [c.id, c]));
    expect(byId['proposal-quality']).toMatchObject({ points: 22, evidence: { marks: [24, 20], aggregate: 'mean' } });
    expect(byId['feasibility']).toMatchObject({ points: 15 });
    expect(final.totalPoints).toBe(final.automaticPoints + 37);
    expect(final.reviews).toHaveLength(2);
    // A reviewer sees their own review, not the others' marks nor what is combined from them.
    const seenByB = (await call(base, 'GET', `/applications/${apps[0]!.id}/score`, { token: await reviewer('rev-b') })).body;
    expect(seenByB.reviews.map((r: { sub: string }) => r.sub)).toEqual(['rev-b']);
    expect(seenByB.totalPoints).toBeNull();
    expect(JSON.stringify(seenByB)).not.toContain('"marks"');
    await eventually(
      async () =>
        (await call(base, 'GET', `/applications/${apps[0]!.id}`, { token: intakeOfficer })).body.status === 'scored' ? true : undefined,
      15_000,
      100,
    );
  });
});

describe('the pass mark', () => {
  it("holds on a plain decision: intake refuses to approve an application scored below its rubric's pass mark (422 with the score and the mark)", async () => {
    const p = await createProgramme(base, intakeOfficer);
    const taxCode = freshTaxCode();
    await register(base, [registryEvent({ taxCode })]);
    // ISO 9001 10 + margin 7 + exports 10 + trained workers 10 + priority product 10 = 47 (issue 18's example).
    const answers = {
      qualitySystem: 'ISO 9001',
      profitMarginPct: 8,
      exportSharePct: 35,
      trainedWorkersPct: 60,
      producesPriorityCnhtProduct: true,
      producesKeyIndustrialProduct: false,
    };
    const app = await submitted(base, intakeOfficer, p.id, taxCode, answers);
    expect((await scoreOf(base, intakeOfficer, app.id)).totalPoints).toBe(47);
    const inIntake = await eventually(
      async () => {
        const r = await call(base, 'GET', `/applications/${app.id}`, { token: intakeOfficer });
        return r.body.status === 'scored' ? r.body : undefined;
      },
      15_000,
      100,
    );
    expect(inIntake.score).toMatchObject({ totalPoints: 47, passMark: 50 });
    // Another officer (four eyes) approves it: refused, with the score and the mark.
    const approve = await call(base, 'POST', `/applications/${app.id}/decision`, {
      token: selector,
      body: { outcome: 'approved', amountVnd: 50 * M },
    });
    expect(approve.status, JSON.stringify(approve.body)).toBe(422);
    expect(approve.body).toMatchObject({
      totalPoints: 47,
      passMark: 50,
      errors: [{ path: 'score.totalPoints', message: '47 is below the pass mark of 50' }],
    });
    expect((await call(base, 'GET', `/programmes/${p.id}`, { token: intakeOfficer })).body.committedVnd).toBe(0);
    // Rejecting it is allowed.
    const reject = await call(base, 'POST', `/applications/${app.id}/decision`, {
      token: selector,
      body: { outcome: 'rejected', reason: 'below the pass mark' },
    });
    expect(reject.status, JSON.stringify(reject.body)).toBe(200);
  });
});

describe('selection', () => {
  it("answers a what-if without committing anything, then commits: funds what fits and records intake's refusals", async () => {
    // Intake's budget for the programme is 400 M; the selection will try to allocate more.
    const p = await createProgramme(base, intakeOfficer, { budgetVnd: 400 * M });
    const strong = {
      qualitySystem: 'IATF 16949',
      profitMarginPct: 12,
      technologyInvestmentVnd: 2_400_000_000,
      environmentalStandard: 'ISO 14001',
      exportSharePct: 40,
      trainedWorkersPct: 60,
      producesPriorityCnhtProduct: true,
      producesKeyIndustrialProduct: true,
    };
    const middling = {
      qualitySystem: 'ISO 9001',
      profitMarginPct: 6,
      technologyInvestmentVnd: 600_000_000,
      environmentalStandard: 'cleaner-production',
      exportSharePct: 15,
      trainedWorkersPct: 25,
      producesPriorityCnhtProduct: true,
    };
    const weak = { qualitySystem: 'none' };
    const [ta, tb, tc] = [freshTaxCode(), freshTaxCode(), freshTaxCode()];
    await register(base, [registryEvent({ taxCode: ta }), registryEvent({ taxCode: tb }), registryEvent({ taxCode: tc })]);
    const a = await submitted(base, intakeOfficer, p.id, ta, strong, 300 * M);
    const b = await submitted(base, intakeOfficer, p.id, tb, middling, 200 * M);
    const c = await submitted(base, intakeOfficer, p.id, tc, weak, 100 * M);
    // A rank is the application's place among the programme's scores at the time of reading: read
    // the ranks once all three are scored (reading them as each score lands can see 1, 1, 3).
    await Promise.all([a, b, c].map((x) => scoreOf(base, intakeOfficer, x.id)));
    const scores = await Promise.all([a, b, c].map((x) => scoreOf(base, intakeOfficer, x.id)));
    expect(scores.map((s) => s.totalPoints)).toEqual([85, 52, 0]);
    expect(scores.map((s) => s.rank)).toEqual([1, 2, 3]);
    for (const x of [a, b, c])
      await eventually(
        async () =>
          (await call(base, 'GET', `/applications/${x.id}`, { token: intakeOfficer })).body.status === 'scored' ? true : undefined,
        15_000,
        100,
      );

    const whatIf = await call(base, 'POST', `/programmes/${p.id}/selections?dryRun=true`, {
      token: selector,
      body: { budgetVnd: 350 * M },
    });
    expect(whatIf.status, JSON.stringify(whatIf.body)).toBe(200);
    expect(whatIf.body).toMatchObject({
      dryRun: true,
      method: 'merit-order',
      exact: true,
      passMark: 50,
      totalVnd: 300 * M,
      budgetVnd: 350 * M,
    });
    expect(whatIf.body.funded.map((e: { applicationId: string }) => e.applicationId)).toEqual([a.id]);
    expect(whatIf.body.waitlisted.map((e: { applicationId: string }) => e.applicationId)).toEqual([b.id]);
    expect(whatIf.body.waitlisted[0].reason).toContain('the budget has 50000000 VND left of the 200000000 requested');
    // Below the rubric's pass mark (cnht: 50): not eligible.
    expect(whatIf.body.notFunded).toEqual([
      expect.objectContaining({ applicationId: c.id, reason: '0 points is below the pass mark of 50' }),
    ]);
    // A what-if with a share quota: merit order would give micro firms nothing, so the one that
    // cannot be funded with a micro firm is passed over, naming the quota.
    const quota = await call(base, 'POST', `/programmes/${p.id}/selections?dryRun=true`, {
      token: selector,
      body: { budgetVnd: 350 * M, quotas: [{ kind: 'min-share-of-funds', where: { sizeClasses: ['micro'] }, pct: 30 }] },
    });
    expect(quota.status, JSON.stringify(quota.body)).toBe(200);
    expect(quota.body).toMatchObject({ method: 'lexicographic', exact: true, funded: [], totalVnd: 0 });
    expect(quota.body.waitlisted).toEqual([
      expect.objectContaining({
        applicationId: a.id,
        reason: 'passed over: at least 30 % of funds to micro enterprises',
        passedOverFor: ['at least 30 % of funds to micro enterprises'],
      }),
      expect.objectContaining({ applicationId: b.id, reason: 'passed over: at least 30 % of funds to micro enterprises' }),
    ]);
    expect(quota.body.comparison).toMatchObject({
      meritOrder: { funded: 1, violations: ['at least 30 % of funds to micro enterprises: 0.00 %'] },
      departures: [{ quota: 'at least 30 % of funds to micro enterprises', passedOver: 2 }],
    });
    // A selection may raise the pass mark, never lower it.
    const lower = await call(base, 'POST', `/programmes/${p.id}/selections?dryRun=true`, {
      token: selector,
      body: { budgetVnd: 600 * M, passMark: 10 },
    });
    expect(lower.status).toBe(400);
    expect(lower.body.errors).toEqual([{ path: 'body.passMark', message: 'is below the pass mark of 50 that rubric cnht v1 sets' }]);
    // Nothing was committed: intake has no decision and no money committed.
    expect((await call(base, 'GET', `/applications/${a.id}`, { token: intakeOfficer })).body.status).toBe('scored');
    expect((await call(base, 'GET', `/programmes/${p.id}`, { token: intakeOfficer })).body.committedVnd).toBe(0);
    // Another agency may not run it.
    expect(
      (await call(base, 'POST', `/programmes/${p.id}/selections?dryRun=true`, { token: khcn, body: { budgetVnd: 350 * M } })).status,
    ).toBe(404);

    const committed = await call(base, 'POST', `/programmes/${p.id}/selections`, {
      token: selector,
      body: { budgetVnd: 600 * M },
    });
    expect(committed.status, JSON.stringify(committed.body)).toBe(202);
    expect(committed.body.funded.map((e: { applicationId: string; amountVnd: number }) => [e.applicationId, e.amountVnd])).toEqual([
      [a.id, 300 * M],
      [b.id, 200 * M],
    ]);
    expect(committed.body.notFunded).toEqual([
      expect.objectContaining({ applicationId: c.id, reason: '0 points is below the pass mark of 50' }),
    ]);

    const sel = await eventually(
      async () => {
        const r = await call(base, 'GET', `/selections/${committed.body.id}`, { token: selector });
        return r.body.decisions?.applied + r.body.decisions?.refused === 3 ? r.body : undefined;
      },
      30_000,
      200,
    );
    expect(sel.decisions).toEqual({ expected: 3, applied: 2, refused: 1 });
    expect(sel.funded[0].decision).toEqual({ status: 'applied' });
    // 300 M + 200 M would pass intake's 400 M budget: intake refuses the second, and says why.
    expect(sel.funded[1].decision).toMatchObject({ status: 'refused', detail: expect.stringContaining('remaining budget') });
    expect(sel.notFunded[0].decision).toEqual({ status: 'applied' });

    expect((await call(base, 'GET', `/applications/${a.id}`, { token: intakeOfficer })).body).toMatchObject({
      status: 'approved',
      decision: { amountVnd: 300 * M, by: 'sct-selector' },
    });
    expect((await call(base, 'GET', `/applications/${b.id}`, { token: intakeOfficer })).body.status).toBe('scored');
    expect((await call(base, 'GET', `/applications/${c.id}`, { token: intakeOfficer })).body).toMatchObject({ status: 'rejected' });
    expect((await call(base, 'GET', `/programmes/${p.id}`, { token: intakeOfficer })).body.committedVnd).toBe(300 * M);
    // Another agency cannot read it.
    expect((await call(base, 'GET', `/selections/${committed.body.id}`, { token: khcn })).status).toBe(404);
  });
});
