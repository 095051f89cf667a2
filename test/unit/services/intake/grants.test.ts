/**
 * The ledger's use cases beyond the approval: grant adjustments (proposed by one officer of the
 * grant's agency, confirmed by another, followed by the ledger, the budget and grant.adjusted),
 * and related-party flags (on the application, what another agency sees, Sở Tài chính's list).
 */
import { describe, expect, it } from 'vitest';
import '../../../../shared/contracts/index.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../../shared/errors.ts';
import type { Actor } from '../../../../shared/access/policy.ts';
import { viewOf } from '../../../../services/intake/app/access.ts';
import { decide } from '../../../../services/intake/app/decisions.ts';
import { decideGrantAdjustment, listRelatedPartyFlags, proposeGrantAdjustment } from '../../../../services/intake/app/ledger.ts';
import type { RelatedPartyFlag } from '../../../../services/intake/domain/application.ts';
import {
  communeCommittee,
  decider,
  enterprise,
  KHCN,
  officer,
  OTHER_TAX_CODE,
  otherAgencyDecider,
  otherAgencyOfficer,
  SCT,
  setup,
  TAX_CODE,
} from './fixtures.ts';
import { givenEnterprise, givenProgramme, givenSubmitted, rejection } from './flows.ts';

const approve = (amountVnd: number) => ({ outcome: 'approved' as const, amountVnd });
const coordinator: Actor = { sub: 'stc-viewer', agency: 'so-tai-chinh', roles: ['viewer'] };
const thirdAgency: Actor = { sub: 'officer-nv', agency: 'so-noi-vu', roles: ['officer'] };

/** An approved grant of Sở Công Thương (officer drafted, decider approved) for 200 M VND. */
async function approvedGrant() {
  const ctx = setup();
  givenEnterprise(ctx);
  const p = await givenProgramme(ctx, { rubric: null, supportContents: ['digital/software'], category: 'digital-transformation' });
  const app = await givenSubmitted(ctx, p.id);
  await decide(ctx.deps, decider, app.id, approve(200_000_000), undefined);
  return { ...ctx, p, grantId: app.id };
}

describe('grant adjustments', () => {
  it('proposes a reduction: recorded on the grant, nothing else changes yet', async () => {
    const { deps, repo, p, grantId } = await approvedGrant();

    const { adjustment, grant } = await proposeGrantAdjustment(deps, officer, grantId, {
      amountVnd: 50_000_000,
      reason: 'superseded in part',
    });

    expect(adjustment).toMatchObject({
      kind: 'reduce',
      fromAmountVnd: 200_000_000,
      toAmountVnd: 50_000_000,
      status: 'proposed',
      proposedBy: officer.sub,
    });
    expect(grant).toMatchObject({ amountVnd: 200_000_000, version: 2 });
    expect((await repo.getGrant(grantId))!.adjustments).toEqual([adjustment]);
    expect((await repo.getProgramme(p.id))!.committedVnd).toBe(200_000_000);
    expect(repo.outbox.map((e) => e.type)).not.toContain('grant.adjusted');
  });

  it('four eyes: the proposer cannot confirm (403); a second officer confirms, the ledger and the budget follow, grant.adjusted is published', async () => {
    const { deps, repo, p, grantId } = await approvedGrant();
    const { adjustment } = await proposeGrantAdjustment(deps, officer, grantId, { amountVnd: 50_000_000, reason: 'superseded in part' });

    const alone = await rejection(decideGrantAdjustment(deps, officer, grantId, adjustment.adjustmentId, { outcome: 'confirmed' }));
    expect(alone).toBeInstanceOf(ForbiddenError);
    expect(alone.message).toBe(`You proposed adjustment ${adjustment.adjustmentId}; another officer of ${SCT} must confirm it`);
    expect((await repo.getGrant(grantId))!.amountVnd).toBe(200_000_000);

    const { grant } = await decideGrantAdjustment(deps, decider, grantId, adjustment.adjustmentId, { outcome: 'confirmed' });

    expect(grant).toMatchObject({ amountVnd: 50_000_000, grantedAmountVnd: 200_000_000, status: 'active' });
    expect(await repo.getGrant(grantId)).toEqual(grant);
    expect((await repo.getProgramme(p.id))!.committedVnd).toBe(50_000_000);
    const event = repo.outbox.at(-1)!;
    expect(event.type).toBe('grant.adjusted');
    expect(event.data).toEqual({
      grantId,
      adjustmentId: adjustment.adjustmentId,
      taxCode: TAX_CODE,
      agency: SCT,
      programmeId: p.id,
      contents: ['digital/software'],
      year: 2026,
      previousAmountVnd: 200_000_000,
      amountVnd: 50_000_000,
      cancelled: false,
      adjustedAt: deps.now().toISOString(),
    });
  });

  it('a confirmed cancellation frees the content: the enterprise may be granted it again', async () => {
    const ctx = await approvedGrant();
    const { deps, repo, grantId, p } = ctx;
    const { adjustment } = await proposeGrantAdjustment(deps, officer, grantId, { cancel: true, reason: 'granted in error' });
    await decideGrantAdjustment(deps, decider, grantId, adjustment.adjustmentId, { outcome: 'confirmed' });
    expect(repo.outbox.at(-1)!.data).toMatchObject({ cancelled: true, amountVnd: 0 });
    expect((await repo.getProgramme(p.id))!.committedVnd).toBe(0);

    const again = await givenSubmitted(ctx, p.id);
    await expect(decide(deps, decider, again.id, approve(10_000_000), undefined)).resolves.toMatchObject({ status: 'approved' });
  });

  it('the proposer may withdraw it (reject); nothing is published and a new proposal may follow', async () => {
    const { deps, repo, grantId } = await approvedGrant();
    const { adjustment } = await proposeGrantAdjustment(deps, officer, grantId, { cancel: true, reason: 'r' });
    await expect(proposeGrantAdjustment(deps, decider, grantId, { cancel: true, reason: 'again' })).rejects.toThrow(ConflictError);

    await decideGrantAdjustment(deps, officer, grantId, adjustment.adjustmentId, { outcome: 'rejected', reason: 'proposed in error' });

    expect((await repo.getGrant(grantId))!).toMatchObject({ status: 'active', amountVnd: 200_000_000 });
    expect(repo.outbox.map((e) => e.type)).not.toContain('grant.adjusted');
    await expect(proposeGrantAdjustment(deps, decider, grantId, { amountVnd: 1, reason: 'again' })).resolves.toBeDefined();
  });

  it("only the grant's own agency adjusts it: 403 to another agency (which may read the ledger) and to the commune committee, 404 for no grant", async () => {
    const { deps, grantId } = await approvedGrant();
    await expect(proposeGrantAdjustment(deps, otherAgencyOfficer, grantId, { cancel: true, reason: 'r' })).rejects.toThrow(ForbiddenError);
    await expect(proposeGrantAdjustment(deps, communeCommittee, grantId, { cancel: true, reason: 'r' })).rejects.toThrow(ForbiddenError);
    await expect(
      proposeGrantAdjustment(deps, officer, '00000000-0000-4000-8000-999999999999', { cancel: true, reason: 'r' }),
    ).rejects.toThrow(NotFoundError);
  });

  it('refuses (409) a decision on a grant changed between read and write', async () => {
    const { deps, repo, grantId } = await approvedGrant();
    const { adjustment } = await proposeGrantAdjustment(deps, officer, grantId, { cancel: true, reason: 'r' });
    repo.interleave(async () => {
      await decideGrantAdjustment(deps, officer, grantId, adjustment.adjustmentId, { outcome: 'rejected', reason: 'withdrawn' });
    });

    await expect(decideGrantAdjustment(deps, decider, grantId, adjustment.adjustmentId, { outcome: 'confirmed' })).rejects.toThrow(
      ConflictError,
    );
    expect((await repo.getGrant(grantId))!.status).toBe('active');
  });
});

describe('mostFavourable, then the earlier agency adjusts its grant', () => {
  it('both grants stand in the ledger; once the earlier one is cancelled, it no longer blocks anything', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const sct = await givenProgramme(ctx, {
      code: 'CDS-SCT',
      category: 'digital-transformation',
      supportContents: ['digital/software'],
      rubric: null,
    });
    const khcn = await givenProgramme(
      ctx,
      { code: 'CDS-KHCN', category: 'digital-transformation', supportContents: ['digital/software'], ownerAgency: KHCN, rubric: null },
      otherAgencyOfficer,
    );
    const first = await givenSubmitted(ctx, sct.id);
    const second = await givenSubmitted(ctx, khcn.id, {}, otherAgencyOfficer);
    await decide(ctx.deps, decider, first.id, approve(100_000_000), undefined);
    await decide(
      ctx.deps,
      otherAgencyDecider,
      second.id,
      { ...approve(150_000_000), mostFavourable: { supersedes: first.id, reason: 'higher level' } },
      undefined,
    );

    const superseded = (await ctx.repo.getGrant(first.id))!;
    expect(superseded.supersededBy.map((s) => s.grantId)).toEqual([second.id]);
    const { adjustment } = await proposeGrantAdjustment(ctx.deps, officer, first.id, {
      cancel: true,
      reason: `superseded by ${second.id}`,
    });
    await decideGrantAdjustment(ctx.deps, decider, first.id, adjustment.adjustmentId, { outcome: 'confirmed' });

    const ledger = (await ctx.repo.grantsOf(TAX_CODE)).items;
    expect(ledger.map((g) => [g.grantId, g.status, g.amountVnd])).toEqual(
      expect.arrayContaining([
        [first.id, 'cancelled', 0],
        [second.id, 'active', 150_000_000],
      ]),
    );
  });
});

describe('related-party flags', () => {
  const shared = 'a'.repeat(64);
  /** Two enterprises with one owner; the related one (OTHER_TAX_CODE) granted digital software by Sở KH&CN. */
  async function related() {
    const ctx = setup();
    givenEnterprise(ctx, {
      people: [
        { role: 'owner', personRef: shared },
        { role: 'legal-representative', personRef: 'b'.repeat(64) },
      ],
    });
    await ctx.repo.recordEnterprise(enterprise({ taxCode: OTHER_TAX_CODE, revision: 1, people: [{ role: 'owner', personRef: shared }] }));
    // The first enterprise's links, as the registry feed would have recorded them.
    await ctx.repo.recordEnterprise(
      enterprise({
        revision: 4,
        people: [
          { role: 'owner', personRef: shared },
          { role: 'legal-representative', personRef: 'b'.repeat(64) },
        ],
      }),
    );
    const khcn = await givenProgramme(
      ctx,
      { code: 'CDS-KHCN', category: 'digital-transformation', supportContents: ['digital/software'], ownerAgency: KHCN, rubric: null },
      otherAgencyOfficer,
    );
    const relatedApp = await givenSubmitted(ctx, khcn.id, { taxCode: OTHER_TAX_CODE }, otherAgencyOfficer);
    await decide(ctx.deps, otherAgencyDecider, relatedApp.id, approve(80_000_000), undefined);
    const sct = await givenProgramme(ctx, {
      code: 'CDS-SCT',
      category: 'digital-transformation',
      supportContents: ['digital/software', 'premises/rent'],
      rubric: null,
    });
    return { ...ctx, sct, relatedGrantId: relatedApp.id };
  }

  it('flags the application at submission, and approves it (a flag, not a refusal), listing it for Sở Tài chính', async () => {
    const ctx = await related();
    const app = await givenSubmitted(ctx, ctx.sct.id);

    const flag: RelatedPartyFlag = {
      kind: 'related-party-support',
      contentId: 'digital/software',
      sameAgency: false,
      year: 2026,
      at: ctx.deps.now().toISOString(),
      detail:
        'An enterprise sharing an owner or legal representative with this one was supported for Renting or buying digital solutions and software (digital/software) in 2026',
      related: { taxCode: OTHER_TAX_CODE, grantId: ctx.relatedGrantId, agency: KHCN, sharedRoles: ['owner'] },
    };
    expect(app.flags).toEqual([flag]);

    const approved = await decide(ctx.deps, decider, app.id, approve(100_000_000), undefined);
    expect(approved.status).toBe('approved');
    expect(approved.flags).toEqual([flag]);
    const list = await listRelatedPartyFlags(ctx.deps, coordinator, 2026, { limit: 10 });
    expect(list.items).toEqual([
      {
        year: 2026,
        contentId: 'digital/software',
        applicationId: app.id,
        grantId: app.id,
        taxCode: TAX_CODE,
        agency: SCT,
        relatedTaxCode: OTHER_TAX_CODE,
        relatedGrantId: ctx.relatedGrantId,
        relatedAgency: KHCN,
        sameAgency: false,
        sharedRoles: ['owner'],
        flaggedAt: ctx.deps.now().toISOString(),
      },
    ]);
    expect((await listRelatedPartyFlags(ctx.deps, coordinator, 2025, { limit: 10 })).items).toEqual([]);
  });

  it('another agency’s officer sees only that a related enterprise was supported; the related grant’s agency and Sở Tài chính see which', async () => {
    const ctx = await related();
    const app = await givenSubmitted(ctx, ctx.sct.id);

    const own = viewOf(decider, app).flags[0]!;
    expect(own).not.toHaveProperty('related');
    expect(own).toMatchObject({ kind: 'related-party-support', contentId: 'digital/software', sameAgency: false });
    expect(JSON.stringify(viewOf(decider, app))).not.toContain(OTHER_TAX_CODE);
    expect(viewOf(communeCommittee, app).flags[0]).not.toHaveProperty('related');
    expect(viewOf(coordinator, app).flags[0]).toMatchObject({ related: { taxCode: OTHER_TAX_CODE } });
    expect(viewOf(otherAgencyOfficer, app).flags[0]).toMatchObject({ related: { taxCode: OTHER_TAX_CODE, agency: KHCN } });
    expect(viewOf(thirdAgency, app).flags[0]).not.toHaveProperty('related');
  });

  it('does not flag another content, another year, or an enterprise that no longer shares the person', async () => {
    const ctx = await related();
    const rentOnly = await givenProgramme(ctx, {
      code: 'MB-SCT',
      category: 'premises-rental',
      supportContents: ['premises/rent'],
      rubric: null,
    });
    expect((await givenSubmitted(ctx, rentOnly.id)).flags).toEqual([]);

    await ctx.repo.recordEnterprise(
      enterprise({ taxCode: OTHER_TAX_CODE, revision: 2, people: [{ role: 'owner', personRef: 'c'.repeat(64) }] }),
    );
    expect((await givenSubmitted(ctx, ctx.sct.id)).flags).toEqual([]);
  });

  it('lists flags for Sở Tài chính only (403 to anyone else)', async () => {
    const { deps } = await related();
    await expect(listRelatedPartyFlags(deps, officer, 2026, { limit: 10 })).rejects.toThrow(ForbiddenError);
    await expect(listRelatedPartyFlags(deps, communeCommittee, 2026, { limit: 10 })).rejects.toThrow(ForbiddenError);
  });
});
