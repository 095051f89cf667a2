/**
 * A withdrawal that arrives before its submission (queues are unordered; issue 18 §3): scoring
 * keeps a marker, and the submission, when it comes, is never scored, assigned, ranked or selected.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../shared/access/policy.ts';
import { setPanel } from '../../../../services/scoring/app/panel.ts';
import { recordProgramme } from '../../../../services/scoring/app/programmes.ts';
import { scoreSubmitted } from '../../../../services/scoring/app/scoring.ts';
import { recordWithdrawal } from '../../../../services/scoring/app/withdrawals.ts';
import { scoringSetup } from './fakes.ts';
import { PROG, programmeAnnounced, SCT, submission, withdrawal } from './events.ts';

const officer: Actor = { sub: 'sct-officer', agency: SCT, roles: ['officer'] };

describe('a withdrawal before its submission', () => {
  it('keeps the application out of scoring when its submission comes later (automatic rubric)', async () => {
    const { repo, deps } = scoringSetup();
    const kept = submission({ rubric: { id: 'cnht', version: 1 } });
    const gone = submission({ rubric: { id: 'cnht', version: 1 } });
    await scoreSubmitted(deps, kept);

    expect(await recordWithdrawal(deps, withdrawal(gone))).toBe('kept-for-later');
    expect(await scoreSubmitted(deps, gone)).toBe('withdrawn');

    expect(repo.applications.get(gone.data.applicationId)).toMatchObject({ status: 'withdrawn', withdrawnAt: '2026-03-25T00:00:00.000Z' });
    expect(repo.outbox.map((e) => (e.data as { applicationId: string }).applicationId)).toEqual([kept.data.applicationId]);
    expect((await repo.candidates(PROG)).map((c) => c.applicationId)).toEqual([kept.data.applicationId]);
    // Redelivered, the submission still changes nothing.
    expect(await scoreSubmitted(deps, gone)).toBe('duplicate');
    expect(await scoreSubmitted(deps, { ...gone, id: 'another-copy' })).toBe('duplicate');
    expect(repo.outbox).toHaveLength(1);
  });

  it('assigns no reviewer to it (panel rubric)', async () => {
    const { repo, deps } = scoringSetup();
    await recordProgramme(deps, programmeAnnounced());
    await setPanel(deps, officer, PROG, { reviewsPerApplication: 1, reviewers: [{ sub: 'r1', declaredInterests: [] }] });
    const gone = submission();
    await recordWithdrawal(deps, withdrawal(gone));
    expect(await scoreSubmitted(deps, gone)).toBe('withdrawn');
    expect(repo.applications.get(gone.data.applicationId)).toMatchObject({ status: 'withdrawn', reviewers: [] });
    expect(repo.assignments.size).toBe(0);
    expect(await repo.awaitingReviewers(PROG, 10)).toEqual([]);
  });

  it('withdraws it as usual when the submission came first, the marker never written', async () => {
    const { repo, deps } = scoringSetup();
    const e = submission({ rubric: { id: 'cnht', version: 1 } });
    await scoreSubmitted(deps, e);
    expect(await recordWithdrawal(deps, withdrawal(e))).toBe('withdrawn');
    expect(repo.withdrawalMarkers.size).toBe(0);
  });
});
