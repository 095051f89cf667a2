/**
 * Reviews authorised first, and conflicts of interest found after assignment (issue 18 §2, §3):
 * scoring's copy of the registry lags, so a conflicted reviewer can be assigned. Found at review
 * time or when the registry change arrives, the reviewer is unassigned with a plain refusal, the
 * reason goes to the panel's officers, and the next eligible reviewer takes the place; an
 * application no one can review is listed as unassignable with why.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../shared/access/policy.ts';
import { ForbiddenError, NotFoundError } from '../../../../shared/errors.ts';
import { recordEnterprise } from '../../../../services/scoring/app/enterprises.ts';
import { getPanel, setPanel } from '../../../../services/scoring/app/panel.ts';
import { recordProgramme } from '../../../../services/scoring/app/programmes.ts';
import { myReviews, submitReview } from '../../../../services/scoring/app/reviews.ts';
import { scoreSubmitted } from '../../../../services/scoring/app/scoring.ts';
import { scoringSetup } from './fakes.ts';
import { person, PROG, programmeAnnounced, registryChange, SCT, submission } from './events.ts';

const officer: Actor = { sub: 'sct-officer', agency: SCT, roles: ['officer'] };
const rev = (sub: string): Actor => ({ sub, agency: 'so-khcn', roles: ['reviewer'] });
const marks = (q: number, f: number) => [
  { id: 'proposal-quality', points: q },
  { id: 'feasibility', points: f },
];
const LINKED = '0109999999';

/** A programme announced by intake, with a panel in which r1 declared an interest in LINKED. */
async function world(reviewers = ['r1', 'r2', 'r3'], reviewsPerApplication = 1) {
  const ctx = scoringSetup();
  await recordProgramme(ctx.deps, programmeAnnounced());
  await setPanel(ctx.deps, officer, PROG, {
    reviewsPerApplication,
    reviewers: reviewers.map((sub) => ({ sub, declaredInterests: sub === 'r1' ? [LINKED] : [] })),
  });
  return ctx;
}

describe('a review is authorised before anything else', () => {
  it('answers a panel member never assigned 404, and tells nothing of a conflict', async () => {
    const { repo, deps } = await world(['r1', 'r2'], 1);
    const e = submission({ taxCode: '0101000001' });
    await repo.recordEnterprise({ ...registryChange(LINKED, 1, [person('a')]).data, sizeClass: 'small' } as never);
    await repo.recordEnterprise({
      ...registryChange(e.data.taxCode, 1, [person('a', 'legal-representative')]).data,
      sizeClass: 'small',
    } as never);
    await scoreSubmitted(deps, e);
    expect(repo.applications.get(e.data.applicationId)!.reviewers.map((r) => r.sub)).toEqual(['r2']);

    const refused = await submitReview(deps, rev('r1'), e.data.applicationId, marks(10, 10)).catch((x: unknown) => x);
    expect(refused).toBeInstanceOf(NotFoundError);
    expect(JSON.stringify(refused)).not.toMatch(/share|person|interest/);
    expect((refused as Error).message).toBe(`No application ${e.data.applicationId}`);
    // Nothing was recorded or changed by the refusal.
    expect(repo.applications.get(e.data.applicationId)!.conflicts).toBeUndefined();
  });
});

describe('a conflict of interest found after assignment', () => {
  it('at review time: a plain 403 to the reviewer, the place passed on, the reason to the panel’s officers only', async () => {
    const { repo, deps } = await world();
    const e = submission({ taxCode: '0101000002' });
    await scoreSubmitted(deps, e);
    const id = e.data.applicationId;
    // Least loaded, ties by sub: r1 is assigned before the registry links it to the applicant.
    expect(repo.applications.get(id)!.reviewers.map((r) => r.sub)).toEqual(['r1']);
    // The registry copy catches up (stored without a recheck, as a lagging copy would be).
    await repo.recordEnterprise({ ...registryChange(LINKED, 1, [person('b')]).data, sizeClass: 'small' } as never);
    await repo.recordEnterprise({
      ...registryChange(e.data.taxCode, 1, [person('b', 'legal-representative')]).data,
      sizeClass: 'small',
    } as never);

    const refused = await submitReview(deps, rev('r1'), id, marks(10, 10)).catch((x: unknown) => x);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).message).toBe(
      `You may not review application ${id}: it has been passed to another reviewer. The programme's officers have the reason.`,
    );
    expect(JSON.stringify(refused)).not.toMatch(/share|person|0109999999/);

    const app = repo.applications.get(id)!;
    expect(app.reviewers.map((r) => r.sub)).toEqual(['r2']);
    expect(app.conflicts).toEqual([
      { sub: 'r1', reason: expect.stringContaining('share a person'), foundAt: expect.any(String), foundWhen: 'review' },
    ]);
    expect(repo.programmes.get(PROG)!.loads).toEqual({ r1: 0, r2: 1 });
    expect((await myReviews(deps, rev('r1'), { limit: 20 })).items).toEqual([]);
    expect((await myReviews(deps, rev('r2'), { limit: 20 })).items.map((a) => a.applicationId)).toEqual([id]);
    // r1 is no longer assigned: any further try is a 404.
    await expect(submitReview(deps, rev('r1'), id, marks(10, 10))).rejects.toThrow(NotFoundError);

    const panel = await getPanel(deps, officer, PROG);
    expect(panel.conflicts).toEqual([
      { applicationId: id, sub: 'r1', reason: expect.stringContaining(`share a person`), foundAt: expect.any(String), foundWhen: 'review' },
    ]);
    expect(panel.unassignable).toEqual([]);
    // The application does not wait forever: the new reviewer finishes it.
    expect(await submitReview(deps, rev('r2'), id, marks(20, 10))).toMatchObject({ status: 'scored' });
  });

  it('when a registry change of a declared interest reaches scoring: the reviewer is unassigned before they try', async () => {
    const { repo, deps } = await world();
    const e = submission({ taxCode: '0101000003' });
    await deps.repo.recordEnterprise({ ...registryChange(e.data.taxCode, 1, [person('c')]).data, sizeClass: 'small' } as never);
    await scoreSubmitted(deps, e);
    const id = e.data.applicationId;
    expect(repo.applications.get(id)!.reviewers.map((r) => r.sub)).toEqual(['r1']);

    const r = await recordEnterprise(deps, registryChange(LINKED, 2, [person('c', 'legal-representative')]));
    expect(r).toMatchObject({ outcome: 'applied', rechecked: 1, unassigned: 1 });
    expect(repo.applications.get(id)!.reviewers.map((s) => s.sub)).toEqual(['r2']);
    expect(repo.applications.get(id)!.conflicts).toEqual([expect.objectContaining({ sub: 'r1', foundWhen: 'registry-change' })]);
    // The same change delivered again finds nothing more to do.
    expect(await recordEnterprise(deps, registryChange(LINKED, 2, [person('c', 'legal-representative')]))).toEqual({
      outcome: 'duplicate',
    });
    expect(repo.applications.get(id)!.reviewers.map((s) => s.sub)).toEqual(['r2']);
  });

  it('when a registry change of the applicant reaches scoring, and no one else can review: listed unassignable with why, until the panel changes', async () => {
    const { repo, deps } = await world(['r1'], 1);
    await deps.repo.recordEnterprise({ ...registryChange(LINKED, 1, [person('d')]).data, sizeClass: 'small' } as never);
    const e = submission({ taxCode: '0101000004' });
    await scoreSubmitted(deps, e);
    const id = e.data.applicationId;
    expect(repo.applications.get(id)!.reviewers.map((r) => r.sub)).toEqual(['r1']);

    await recordEnterprise(deps, registryChange(e.data.taxCode, 1, [person('d')]));
    expect(repo.applications.get(id)!.reviewers).toEqual([]);
    const panel = await getPanel(deps, officer, PROG);
    expect(panel.unassignable).toEqual([
      { applicationId: id, reason: expect.stringContaining('needs 1 panel reviewer(s) and has 0'), at: expect.any(String) },
    ]);
    expect(panel.conflicts.map((c) => [c.applicationId, c.sub, c.foundWhen])).toEqual([[id, 'r1', 'registry-change']]);

    const changed = await setPanel(deps, officer, PROG, {
      reviewsPerApplication: 1,
      reviewers: [
        { sub: 'r1', declaredInterests: [LINKED] },
        { sub: 'r4', declaredInterests: [] },
      ],
    });
    expect(changed).toMatchObject({ assigned: 1, unassignable: [] });
    expect(repo.applications.get(id)!.reviewers.map((r) => r.sub)).toEqual(['r4']);
    expect((await getPanel(deps, officer, PROG)).unassignable).toEqual([]);
  });

  it('takes back an extra review asked of a reviewer found conflicted: another is asked, or the score is final with a note', async () => {
    const { repo, deps } = await world(['r1', 'r2', 'r3'], 2);
    const e = submission({ taxCode: '0101000005' });
    await scoreSubmitted(deps, e);
    const id = e.data.applicationId;
    expect(repo.applications.get(id)!.reviewers.map((r) => r.sub)).toEqual(['r1', 'r2']);
    await submitReview(deps, rev('r1'), id, marks(30, 20));
    // Far apart: one more review is asked of r3.
    expect(await submitReview(deps, rev('r2'), id, marks(5, 5))).toMatchObject({ extraReviewRequested: true });
    expect(repo.applications.get(id)!.reviewers.find((r) => r.reason === 'disagreement')!.sub).toBe('r3');

    // r3 turns out to share a person with the applicant; no one else is free.
    await repo.recordEnterprise({ ...registryChange(e.data.taxCode, 1, [person('e')]).data, sizeClass: 'small' } as never);
    await setPanel(deps, officer, PROG, {
      reviewsPerApplication: 2,
      reviewers: [
        { sub: 'r1', declaredInterests: [LINKED] },
        { sub: 'r2', declaredInterests: [] },
        { sub: 'r3', declaredInterests: [e.data.taxCode] },
      ],
    });
    await expect(submitReview(deps, rev('r3'), id, marks(20, 20))).rejects.toThrow(ForbiddenError);
    const app = repo.applications.get(id)!;
    expect(app).toMatchObject({ status: 'scored', final: { note: expect.stringContaining('no other reviewer is free') } });
    expect(repo.outbox.filter((x) => x.type === 'application.scored')).toHaveLength(1);
  });
});
