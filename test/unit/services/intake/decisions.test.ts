import { describe, it, expect } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, toProblem } from '../../../../shared/errors.ts';
import { decide } from '../../../../services/intake/app/decisions.ts';
import { createApplication, submitApplication } from '../../../../services/intake/app/applications.ts';
import {
  COMMUNE,
  communeCommittee,
  decider,
  enterprise,
  KHCN,
  NOW,
  officer,
  OTHER_TAX_CODE,
  otherAgencyDecider,
  otherAgencyOfficer,
  SCT,
  setup,
  TAX_CODE,
  scoredEvent,
  TODAY_HANOI,
} from './fixtures.ts';
import { recordScore } from '../../../../services/intake/app/events.ts';
import { draftInput, givenEnterprise, givenProgramme, givenScored, givenSubmitted, rejection, type Ctx } from './flows.ts';

const approve = (amountVnd: number, reason?: string) => ({ outcome: 'approved' as const, amountVnd, ...(reason ? { reason } : {}) });
const reject = (reason: string) => ({ outcome: 'rejected' as const, reason });

async function noRubricSubmitted(overrides: Parameters<typeof givenProgramme>[1] = {}) {
  const ctx = setup();
  givenEnterprise(ctx);
  const p = await givenProgramme(ctx, { rubric: null, ...overrides });
  const app = await givenSubmitted(ctx, p.id);
  return { ...ctx, p, app };
}

const eventTypes = (ctx: Ctx) => ctx.repo.outbox.map((e) => e.type);

describe('decide — workflow', () => {
  it('refuses to approve a submitted application of a programme with a rubric until it is scored (409), writing nothing', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const app = await givenSubmitted(ctx, p.id);

    const error = await rejection(decide(ctx.deps, decider, app.id, approve(100_000_000), undefined));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain('it has not been scored yet');
    expect(ctx.repo.grants).toEqual([]);
    expect((await ctx.repo.getProgramme(p.id))!.committedVnd).toBe(0);
    expect((await ctx.repo.getApplication(app.id))!.status).toBe('submitted');
  });

  it('refuses to reject an unscored application of a programme with a rubric (409)', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const app = await givenSubmitted(ctx, p.id);

    await expect(decide(ctx.deps, decider, app.id, reject('incomplete'), undefined)).rejects.toThrow(ConflictError);
  });

  it('approves a scored application of a programme with a rubric', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const app = await givenScored(ctx, p.id);

    await expect(decide(ctx.deps, decider, app.id, approve(100_000_000), app.version)).resolves.toMatchObject({ status: 'approved' });
  });

  it("refuses to approve an application scored below its rubric's pass mark (422 with the score and the mark), writing nothing; it may be rejected", async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const submitted = await givenSubmitted(ctx, p.id);
    expect(await recordScore(ctx.deps, scoredEvent(submitted.id, { totalPoints: 47, passMark: 50 }))).toBe('scored');
    const app = (await ctx.repo.getApplication(submitted.id))!;
    expect(app.score).toMatchObject({ totalPoints: 47, passMark: 50 });

    const error = await rejection(decide(ctx.deps, decider, app.id, approve(100_000_000), app.version));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(toProblem(error)).toMatchObject({
      status: 422,
      totalPoints: 47,
      passMark: 50,
      errors: [{ path: 'score.totalPoints', message: '47 is below the pass mark of 50' }],
    });
    expect(ctx.repo.grants).toEqual([]);
    expect((await ctx.repo.getProgramme(p.id))!.committedVnd).toBe(0);
    expect((await ctx.repo.getApplication(app.id))!.status).toBe('scored');
    await expect(decide(ctx.deps, decider, app.id, reject('below the pass mark'), app.version)).resolves.toMatchObject({
      status: 'rejected',
    });
  });

  it('approves an application scored exactly at the pass mark', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const submitted = await givenSubmitted(ctx, p.id);
    await recordScore(ctx.deps, scoredEvent(submitted.id, { totalPoints: 50, passMark: 50 }));
    await expect(decide(ctx.deps, decider, submitted.id, approve(100_000_000), undefined)).resolves.toMatchObject({ status: 'approved' });
  });

  it('refuses to decide a draft (409)', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx, { rubric: null });
    const draft = await createApplication(ctx.deps, officer, draftInput(p.id));

    await expect(decide(ctx.deps, decider, draft.id, approve(1), undefined)).rejects.toThrow(ConflictError);
  });

  it('refuses a second decision (409)', async () => {
    const { deps, app } = await noRubricSubmitted();
    await decide(deps, decider, app.id, reject('out of scope'), undefined);

    await expect(decide(deps, decider, app.id, approve(1), undefined)).rejects.toThrow(ConflictError);
  });

  it('refuses a stale If-Match version (409)', async () => {
    const { deps, repo, app } = await noRubricSubmitted();

    await expect(decide(deps, decider, app.id, approve(100_000_000), app.version - 1)).rejects.toThrow(ConflictError);
    expect(repo.grants).toEqual([]);
  });

  it.each([
    ['an officer of another agency, who may not even read it (404)', otherAgencyOfficer, NotFoundError],
    ["the enterprise's commune committee, who may read it (403)", communeCommittee, ForbiddenError],
  ])('refuses %s: only the owning agency decides', async (_label, actor, error) => {
    const { deps, repo, app } = await noRubricSubmitted();

    await expect(decide(deps, actor, app.id, approve(100_000_000), undefined)).rejects.toThrow(error);
    expect(repo.grants).toEqual([]);
  });
});

describe('decide — approval', () => {
  it('approves from submitted when the programme has no rubric: decision, grant, budget and events in one write', async () => {
    const ctx = await noRubricSubmitted({ annualTargets: [{ target: 'indirect-support', count: 100 }] });
    const { deps, repo, p, app } = ctx;

    const decided = await decide(deps, decider, app.id, approve(250_000_000, 'meets all criteria'), app.version);

    expect(decided).toMatchObject({
      status: 'approved',
      version: app.version + 1,
      decision: {
        outcome: 'approved',
        amountVnd: 250_000_000,
        reason: 'meets all criteria',
        by: decider.sub,
        at: NOW.toISOString(),
        onTime: true,
      },
    });
    expect(decided.timeline.at(-1)).toEqual({
      at: NOW.toISOString(),
      by: decider.sub,
      action: 'approved',
      from: 'submitted',
      to: 'approved',
      detail: 'meets all criteria',
    });
    expect(await repo.getApplication(app.id)).toEqual(decided);

    const grant = {
      grantId: app.id,
      applicationId: app.id,
      taxCode: TAX_CODE,
      programmeId: p.id,
      programmeCode: 'CNHT-2026',
      agency: SCT,
      category: 'supporting-industry',
      amountVnd: 250_000_000,
      year: 2026,
      grantedOn: TODAY_HANOI,
      contents: ['cnht/technology'],
      period: { from: '2026-01-01', to: '2026-12-31' },
      grantedAmountVnd: 250_000_000,
      status: 'active',
      supersededBy: [],
      adjustments: [],
      version: 1,
    };
    expect(repo.grants).toEqual([grant]);
    expect(repo.slots.get(`${TAX_CODE}#cnht/technology#2026`)).toBe(1);
    expect((await repo.getProgramme(p.id))!.committedVnd).toBe(250_000_000);

    expect(eventTypes(ctx)).toEqual(['application.submitted', 'application.decided', 'support.granted']);
    expect(repo.outbox[1]!.data).toEqual({
      applicationId: app.id,
      programmeId: p.id,
      programmeCode: 'CNHT-2026',
      agency: SCT,
      category: 'supporting-industry',
      taxCode: TAX_CODE,
      communeCode: COMMUNE,
      outcome: 'approved',
      amountVnd: 250_000_000,
      reason: 'meets all criteria',
      decidedAt: NOW.toISOString(),
      dueOn: app.dueOn,
      onTime: true,
      submittedAt: app.submittedAt,
      contactEmail: 'an@cokhibadinh.vn',
    });
    expect(repo.outbox[2]!.data).toEqual({
      grantId: app.id,
      applicationId: app.id,
      programmeId: p.id,
      programmeCode: 'CNHT-2026',
      agency: SCT,
      category: 'supporting-industry',
      taxCode: TAX_CODE,
      communeCode: COMMUNE,
      vsicMain: '2592',
      amountVnd: 250_000_000,
      year: 2026,
      grantedOn: TODAY_HANOI,
      targets: ['indirect-support'],
      contents: ['cnht/technology'],
      period: { from: '2026-01-01', to: '2026-12-31' },
    });
  });

  it('carries the head counts of a training grant in support.granted, and none when they were not given', async () => {
    const a = await noRubricSubmitted();
    await decide(a.deps, decider, a.app.id, { ...approve(1_000_000), workersTrained: 40, ceosTrained: 2 }, undefined);
    expect(a.repo.outbox.at(-1)!.data).toMatchObject({ workersTrained: 40, ceosTrained: 2 });

    const b = await noRubricSubmitted();
    await decide(b.deps, decider, b.app.id, approve(1_000_000), undefined);
    expect(b.repo.outbox.at(-1)!.data).not.toHaveProperty('workersTrained');
    expect(b.repo.outbox.at(-1)!.data).not.toHaveProperty('ceosTrained');
  });

  it('is on time on the due date and late the day after', async () => {
    const a = await noRubricSubmitted({ processingDays: 10 });
    a.setNow(`${a.app.dueOn}T16:59:59Z`); // 23:59:59 in Hanoi
    expect((await decide(a.deps, decider, a.app.id, approve(1), undefined)).decision!.onTime).toBe(true);

    const b = await noRubricSubmitted({ processingDays: 10 });
    b.setNow(`${b.app.dueOn}T17:00:00Z`); // 00:00 the next day in Hanoi
    const late = await decide(b.deps, decider, b.app.id, reject('late anyway'), undefined);
    expect(late.decision!.onTime).toBe(false);
    expect(b.repo.outbox.at(-1)!.data).toMatchObject({ onTime: false, dueOn: b.app.dueOn });
  });

  it("counts the grant in the Hanoi year: 17:30 UTC on 31 December is next year's", async () => {
    const { deps, repo, app, setNow } = await noRubricSubmitted({ processingDays: 365 });
    setNow('2026-12-31T17:30:00Z');

    await decide(deps, decider, app.id, approve(1_000_000), undefined);

    expect(repo.grants[0]).toMatchObject({ year: 2027, grantedOn: '2027-01-01', period: { from: '2027-01-01', to: '2027-12-31' } });
  });

  it('refuses an amount above the one requested (422)', async () => {
    const { deps, repo, app } = await noRubricSubmitted();

    const error = await rejection(decide(deps, decider, app.id, approve(300_000_001), undefined));

    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.errors).toEqual([{ path: 'body.amountVnd', message: 'is above the 300000000 VND requested' }]);
    expect(repo.grants).toEqual([]);
  });

  it("refuses an amount above the programme's remaining budget (422), and accepts exactly the remainder", async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    ctx.repo.putEnterprise(enterprise({ taxCode: OTHER_TAX_CODE }));
    const p = await givenProgramme(ctx, { rubric: null, budgetVnd: 500_000_000, maxAmountVnd: 300_000_000 });
    const first = await givenSubmitted(ctx, p.id);
    const second = await givenSubmitted(ctx, p.id, { taxCode: OTHER_TAX_CODE });
    await decide(ctx.deps, decider, first.id, approve(300_000_000), undefined);

    const error = await rejection(decide(ctx.deps, decider, second.id, approve(200_000_001), undefined));

    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.errors).toEqual([{ path: 'body.amountVnd', message: "is above the programme's remaining budget of 200000000 VND" }]);
    await decide(ctx.deps, decider, second.id, approve(200_000_000), undefined);
    expect((await ctx.repo.getProgramme(p.id))!.committedVnd).toBe(500_000_000);
  });

  it('refuses when the enterprise was suspended since it applied (422)', async () => {
    const { deps, repo, app } = await noRubricSubmitted();
    repo.putEnterprise(enterprise({ status: 'suspended', revision: 4 }));

    const error = await rejection(decide(deps, decider, app.id, approve(100_000_000), undefined));

    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.errors).toEqual([{ path: 'enterprise.status', message: 'the enterprise is suspended in the registry since it applied' }]);
  });

  it('lists every approval problem at once', async () => {
    const { deps, repo, app } = await noRubricSubmitted({ budgetVnd: 1_000_000_000 });
    repo.putEnterprise(enterprise({ status: 'dissolved', revision: 4 }));

    const error = await rejection(decide(deps, decider, app.id, approve(1_000_000_001), undefined));

    expect(error.errors!.map((e) => e.path)).toEqual(['body.amountVnd', 'body.amountVnd', 'enterprise.status']);
  });

  it('still rejects an application of a suspended enterprise', async () => {
    const { deps, repo, app } = await noRubricSubmitted();
    repo.putEnterprise(enterprise({ status: 'suspended', revision: 4 }));

    await expect(decide(deps, decider, app.id, reject('suspended'), undefined)).resolves.toMatchObject({ status: 'rejected' });
  });
});

describe('decide — the support ledger (one grant of a content over one period)', () => {
  /** Two agencies' programmes funding digital software, and an application of the enterprise to each; the first approved. */
  async function twoAgencies(second: Parameters<typeof givenProgramme>[1] = {}) {
    const ctx = setup();
    givenEnterprise(ctx);
    const sct = await givenProgramme(ctx, {
      code: 'CDS-SCT-2026',
      category: 'digital-transformation',
      supportContents: ['digital/software', 'digital/consulting'],
      rubric: null,
    });
    const khcn = await givenProgramme(
      ctx,
      {
        code: 'CDS-KHCN-2026',
        category: 'digital-transformation',
        supportContents: ['digital/software'],
        ownerAgency: KHCN,
        rubric: null,
        ...second,
      },
      otherAgencyOfficer,
    );
    const first = await givenSubmitted(ctx, sct.id);
    const other = await givenSubmitted(ctx, khcn.id, {}, otherAgencyOfficer);
    await decide(ctx.deps, decider, first.id, approve(120_000_000), undefined);
    return { ...ctx, sct, khcn, first, other };
  }

  it('refuses a second grant of the same content over the same year from another agency (422), naming the earlier grant', async () => {
    const { deps, repo, first, other, khcn } = await twoAgencies();
    const earlierGrant = repo.grants[0]!;

    const error = await rejection(decide(deps, otherAgencyDecider, other.id, approve(100_000_000), undefined));

    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.status).toBe(422);
    expect(error.message).toContain(`${TAX_CODE} already holds digital/software`);
    expect(error.message).toContain(
      `programme CDS-SCT-2026 of ${SCT}, 120,000,000 VND granted on ${TODAY_HANOI} (application ${first.id})`,
    );
    expect(error.extensions).toEqual({ earlierGrant, duplicatedContents: ['digital/software'] });
    expect(toProblem(error)).toMatchObject({
      status: 422,
      earlierGrant: { grantId: first.id, agency: SCT, programmeCode: 'CDS-SCT-2026', contents: ['digital/software', 'digital/consulting'] },
    });
    expect(repo.grants).toHaveLength(1);
    expect((await repo.getProgramme(khcn.id))!.committedVnd).toBe(0);
    expect((await repo.getApplication(other.id))!.status).toBe('submitted');
  });

  it('refuses the same content under another category too: the rule is per content', async () => {
    const { deps, other } = await twoAgencies({ category: 'consulting', supportContents: ['consulting/management', 'digital/consulting'] });

    const error = await rejection(decide(deps, otherAgencyDecider, other.id, approve(100_000_000), undefined));

    expect(error.extensions).toMatchObject({ duplicatedContents: ['digital/consulting'] });
  });

  it('allows another content of the same category in the same year (what allowStacking used to say)', async () => {
    const { deps, repo, first, other } = await twoAgencies({ supportContents: ['tech-innovation/equipment'] });

    await decide(deps, otherAgencyDecider, other.id, approve(100_000_000), undefined);

    expect(repo.grants.map((g) => [g.applicationId, g.contents])).toEqual([
      [first.id, ['digital/software', 'digital/consulting']],
      [other.id, ['tech-innovation/equipment']],
    ]);
  });

  it('allows it in the next year', async () => {
    const { deps, repo, other, setNow } = await twoAgencies({ processingDays: 300 });
    setNow('2027-01-05T03:00:00Z');

    await decide(deps, otherAgencyDecider, other.id, approve(100_000_000), undefined);

    expect(repo.grants.map((g) => g.year)).toEqual([2026, 2027]);
  });

  it('judges the periods: one that does not intersect passes, one that reaches into the earlier grant is refused', async () => {
    const a = await twoAgencies({ processingDays: 300 });
    a.setNow('2027-01-05T03:00:00Z');
    const reaching = await rejection(
      decide(
        a.deps,
        otherAgencyDecider,
        a.other.id,
        { ...approve(100_000_000), period: { from: '2026-10-01', to: '2027-09-30' } },
        undefined,
      ),
    );
    expect(reaching.extensions).toMatchObject({ earlierGrant: { grantId: a.first.id } });

    await decide(
      a.deps,
      otherAgencyDecider,
      a.other.id,
      { ...approve(100_000_000), period: { from: '2027-01-01', to: '2027-06-30' } },
      undefined,
    );
    expect(a.repo.grants.map((g) => g.period)).toEqual([
      { from: '2026-01-01', to: '2026-12-31' },
      { from: '2027-01-01', to: '2027-06-30' },
    ]);
    expect([...a.repo.slots.keys()].filter((k) => k.includes('digital/software'))).toEqual([
      `${TAX_CODE}#digital/software#2026`,
      `${TAX_CODE}#digital/software#2027`,
    ]);
  });

  it('refuses a period over more than five calendar years (422)', async () => {
    const { deps, other } = await twoAgencies({ supportContents: ['premises/rent'] });

    const error = await rejection(
      decide(deps, otherAgencyDecider, other.id, { ...approve(1), period: { from: '2026-01-01', to: '2031-01-01' } }, undefined),
    );

    expect(error.errors).toEqual([{ path: 'body.period', message: 'touches 6 calendar years; at most 5' }]);
  });

  it('lets the more favourable level through with mostFavourable: both grants in the ledger, the earlier one superseded for the shared content', async () => {
    const { deps, repo, first, other } = await twoAgencies();

    const decided = await decide(
      deps,
      otherAgencyDecider,
      other.id,
      {
        ...approve(100_000_000),
        mostFavourable: { supersedes: first.id, reason: 'the enterprise chose the Sở KH&CN level: 70 % instead of 50 %' },
      },
      undefined,
    );

    expect(decided.status).toBe('approved');
    const [earlier, later] = [await repo.getGrant(first.id), await repo.getGrant(other.id)];
    expect(later).toMatchObject({
      supersedes: { grantId: first.id, reason: expect.stringContaining('70 %') },
      contents: ['digital/software'],
    });
    expect(earlier).toMatchObject({
      status: 'active',
      amountVnd: 120_000_000,
      version: 2,
      supersededBy: [
        { grantId: other.id, agency: KHCN, programmeCode: 'CDS-KHCN-2026', contents: ['digital/software'], by: otherAgencyDecider.sub },
      ],
    });
  });

  it('refuses a mostFavourable naming a grant of another enterprise, or one that holds none of the contents', async () => {
    const a = await twoAgencies();
    const stranger = await rejection(
      decide(
        a.deps,
        otherAgencyDecider,
        a.other.id,
        { ...approve(1), mostFavourable: { supersedes: '00000000-0000-4000-8000-999999999999', reason: 'r' } },
        undefined,
      ),
    );
    expect(stranger.errors).toEqual([{ path: 'body.mostFavourable.supersedes', message: `is not a grant of ${TAX_CODE}` }]);

    const b = await twoAgencies({ supportContents: ['premises/rent'] });
    const nothing = await rejection(
      decide(b.deps, otherAgencyDecider, b.other.id, { ...approve(1), mostFavourable: { supersedes: b.first.id, reason: 'r' } }, undefined),
    );
    expect(nothing.errors![0]!.path).toBe('body.mostFavourable.supersedes');
    expect(b.repo.grants).toHaveLength(1);
  });

  it('reads a grant stored before contents as its category’s default contents: it still blocks that content', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    ctx.repo.putGrant({
      grantId: 'old-grant',
      applicationId: 'old-grant',
      taxCode: TAX_CODE,
      programmeId: 'p-old',
      programmeCode: 'CDS-OLD',
      agency: SCT,
      category: 'digital-transformation',
      amountVnd: 10_000_000,
      year: 2026,
      grantedOn: '2026-01-15',
      stacking: false,
    });
    const p = await givenProgramme(ctx, {
      code: 'CDS-NEW',
      category: 'digital-transformation',
      supportContents: ['digital/software'],
      rubric: null,
    });
    const app = await givenSubmitted(ctx, p.id);

    const error = await rejection(decide(ctx.deps, decider, app.id, approve(1_000_000), undefined));

    expect(error.extensions).toMatchObject({ earlierGrant: { grantId: 'old-grant' }, duplicatedContents: ['digital/software'] });
  });

  it('still allows rejecting the second application', async () => {
    const { deps, other } = await twoAgencies();

    await expect(decide(deps, otherAgencyDecider, other.id, reject('already supported'), undefined)).resolves.toMatchObject({
      status: 'rejected',
    });
  });

  it('refuses (409) when another approval of the same content committed between the check and the write', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const sct = await givenProgramme(ctx, {
      code: 'CDS-SCT-2026',
      category: 'digital-transformation',
      supportContents: ['digital/software'],
      rubric: null,
    });
    const khcn = await givenProgramme(
      ctx,
      {
        code: 'CDS-KHCN-2026',
        category: 'consulting',
        supportContents: ['digital/software', 'consulting/legal'],
        ownerAgency: KHCN,
        rubric: null,
      },
      otherAgencyOfficer,
    );
    const a = await givenSubmitted(ctx, sct.id);
    const b = await givenSubmitted(ctx, khcn.id, {}, otherAgencyOfficer);
    ctx.repo.interleave(async () => {
      await decide(ctx.deps, otherAgencyDecider, b.id, approve(100_000_000), undefined);
    });

    const error = await rejection(decide(ctx.deps, decider, a.id, approve(100_000_000), undefined));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(`Another grant of digital/software for ${TAX_CODE} over 2026 was approved meanwhile; retry to see it`);
    expect(ctx.repo.grants.map((g) => g.applicationId)).toEqual([b.id]);
    expect((await ctx.repo.getApplication(a.id))!.status).toBe('submitted');
    expect((await ctx.repo.getProgramme(sct.id))!.committedVnd).toBe(0);
    // Retried, it sees the first grant and is refused by the rule, naming it.
    const retried = await rejection(decide(ctx.deps, decider, a.id, approve(100_000_000), undefined));
    expect(retried.extensions).toMatchObject({ earlierGrant: { grantId: b.id } });
  });

  it('does not hold up an approval of another content of the enterprise committed meanwhile', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const sct = await givenProgramme(ctx, {
      code: 'CDS-SCT-2026',
      category: 'digital-transformation',
      supportContents: ['digital/software'],
      rubric: null,
    });
    const khcn = await givenProgramme(
      ctx,
      { code: 'MB-KHCN-2026', category: 'premises-rental', supportContents: ['premises/rent'], ownerAgency: KHCN, rubric: null },
      otherAgencyOfficer,
    );
    const a = await givenSubmitted(ctx, sct.id);
    const b = await givenSubmitted(ctx, khcn.id, {}, otherAgencyOfficer);
    ctx.repo.interleave(async () => {
      await decide(ctx.deps, otherAgencyDecider, b.id, approve(100_000_000), undefined);
    });

    await decide(ctx.deps, decider, a.id, approve(100_000_000), undefined);

    expect(ctx.repo.grants.map((g) => g.applicationId).sort()).toEqual([a.id, b.id].sort());
  });

  it('refuses (409) a supersession when the earlier grant was adjusted between the check and the write', async () => {
    const { deps, repo, first, other } = await twoAgencies();
    repo.interleave(async () => {
      const g = (await repo.getGrant(first.id))!;
      await repo.saveGrant({ ...g, version: g.version + 1 }, g.version, { events: [] });
    });

    const error = await rejection(
      decide(deps, otherAgencyDecider, other.id, { ...approve(1), mostFavourable: { supersedes: first.id, reason: 'r' } }, undefined),
    );

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(`Grant ${first.id} was adjusted or superseded meanwhile; reload it and retry`);
    expect(repo.grants).toHaveLength(1);
  });

  it('refuses (409) when the budget was lowered between the check and the write', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx, { rubric: null, budgetVnd: 1_000_000_000, maxAmountVnd: 800_000_000 });
    const a = await givenSubmitted(ctx, p.id, { requestedAmountVnd: 800_000_000 });
    ctx.repo.interleave(async () => {
      ctx.repo.programmes.get(p.id)!.budgetVnd = 500_000_000;
    });

    const error = await rejection(decide(ctx.deps, decider, a.id, approve(800_000_000), undefined));

    expect(error).toBeInstanceOf(ConflictError);
    expect((await ctx.repo.getProgramme(p.id))!.committedVnd).toBe(0);
    expect(ctx.repo.grants).toEqual([]);
  });

  it('refuses (409) when another approval used the budget between the check and the write', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    ctx.repo.putEnterprise(enterprise({ taxCode: OTHER_TAX_CODE }));
    const p = await givenProgramme(ctx, { rubric: null, budgetVnd: 500_000_000 });
    const a = await givenSubmitted(ctx, p.id);
    const b = await givenSubmitted(ctx, p.id, { taxCode: OTHER_TAX_CODE });
    ctx.repo.interleave(async () => {
      await decide(ctx.deps, decider, b.id, approve(300_000_000), undefined);
    });

    const error = await rejection(decide(ctx.deps, decider, a.id, approve(300_000_000), undefined));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe("The programme's budget was changed or committed meanwhile; 300000000 VND no longer fits");
    expect((await ctx.repo.getProgramme(p.id))!.committedVnd).toBe(300_000_000);
    expect(ctx.repo.grants.map((g) => g.applicationId)).toEqual([b.id]);
  });
});

describe('decide — rejection', () => {
  it('rejects with a reason alone: no grant, no budget, one application.decided event', async () => {
    const ctx = await noRubricSubmitted();
    const { deps, repo, p, app } = ctx;

    const decided = await decide(deps, decider, app.id, reject('the project is outside the programme'), undefined);

    expect(decided).toMatchObject({
      status: 'rejected',
      decision: { outcome: 'rejected', amountVnd: null, reason: 'the project is outside the programme', by: decider.sub, onTime: true },
    });
    expect(repo.grants).toEqual([]);
    expect(repo.slots.size).toBe(0);
    expect((await repo.getProgramme(p.id))!.committedVnd).toBe(0);
    expect(eventTypes(ctx)).toEqual(['application.submitted', 'application.decided']);
    expect(repo.outbox[1]!.data).toMatchObject({ outcome: 'rejected', amountVnd: null, reason: 'the project is outside the programme' });
  });

  it('rejects a scored application', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const app = await givenScored(ctx, p.id);

    await expect(decide(ctx.deps, decider, app.id, reject('too few points'), undefined)).resolves.toMatchObject({ status: 'rejected' });
  });
});

describe('decide — a refused approval', () => {
  it('changes nothing: the application is still submitted, and can be approved with a fitting amount', async () => {
    const { deps, app } = await noRubricSubmitted();
    await rejection(decide(deps, decider, app.id, approve(300_000_001), undefined));

    await expect(submitApplication(deps, officer, app.id, undefined)).rejects.toThrow(ConflictError);
    await expect(decide(deps, decider, app.id, approve(300_000_000), undefined)).resolves.toMatchObject({ status: 'approved' });
  });
});

describe('decide — four eyes', () => {
  it('refuses the officer who created and submitted it (403 with the reason), and accepts a second officer', async () => {
    const { deps, repo, app } = await noRubricSubmitted();

    const error = await rejection(decide(deps, officer, app.id, approve(100_000_000), undefined));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe(`You created application ${app.id}; another officer of the owning agency must decide it`);
    expect(repo.grants).toEqual([]);
    await expect(decide(deps, decider, app.id, approve(100_000_000), undefined)).resolves.toMatchObject({ status: 'approved' });
  });

  it('refuses the officer who only submitted it', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx, { rubric: null });
    const draft = await createApplication(ctx.deps, officer, draftInput(p.id));
    await submitApplication(ctx.deps, decider, draft.id, undefined);

    const error = await rejection(decide(ctx.deps, decider, draft.id, reject('no'), undefined));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toContain('You submitted application');
  });

  it('lets one person approve up to fourEyesAboveVnd, judged on the amount approved', async () => {
    const { deps, app } = await noRubricSubmitted({ fourEyesAboveVnd: 50_000_000 });

    const above = await rejection(decide(deps, officer, app.id, approve(50_000_001), undefined));
    expect(above).toBeInstanceOf(ForbiddenError);
    expect(above.message).toContain('one person may decide up to 50000000 VND under CNHT-2026; this is 50000001 VND');
    await expect(decide(deps, officer, app.id, approve(50_000_000), undefined)).resolves.toMatchObject({ status: 'approved' });
  });

  it('judges a rejection by one person on the amount requested', async () => {
    const small = await noRubricSubmitted({ fourEyesAboveVnd: 300_000_000 });
    await expect(decide(small.deps, officer, small.app.id, reject('outside the programme'), undefined)).resolves.toMatchObject({
      status: 'rejected',
    });

    const large = await noRubricSubmitted({ fourEyesAboveVnd: 299_999_999 });
    await expect(decide(large.deps, officer, large.app.id, reject('outside the programme'), undefined)).rejects.toThrow(ForbiddenError);
  });
});
