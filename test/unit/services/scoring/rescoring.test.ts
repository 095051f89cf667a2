/**
 * Scoring again after a supplement (issue 21): intake's application.supplement-answered carries the
 * file as it is now when answers or documents changed; scoring recomputes the automatic criteria,
 * keeps the panel's reviews, and announces the new score once, under a new id.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../shared/access/policy.ts';
import { newEnvelope, type Envelope } from '../../../../shared/contracts/envelope.ts';
import { setPanel } from '../../../../services/scoring/app/panel.ts';
import { recordProgramme } from '../../../../services/scoring/app/programmes.ts';
import { rescoreAnswered, type SupplementAnsweredData } from '../../../../services/scoring/app/rescoring.ts';
import { submitReview } from '../../../../services/scoring/app/reviews.ts';
import { scoreSubmitted, type SubmittedData } from '../../../../services/scoring/app/scoring.ts';
import { recordWithdrawal } from '../../../../services/scoring/app/withdrawals.ts';
import { scoringSetup } from './fakes.ts';
import { PROG, programmeAnnounced, SCT, submission, withdrawal } from './events.ts';

const CNHT = { id: 'cnht', version: 1 };

/** The applicant's answer to a request for supplement; `rescore` null when nothing scoring reads changed. */
function answered(e: Envelope<SubmittedData>, answers: Record<string, unknown> | null, answeredAt = '2026-03-27T02:00:00.000Z') {
  const d = e.data;
  return newEnvelope({
    type: 'application.supplement-answered',
    source: 'intake',
    data: {
      applicationId: d.applicationId,
      programmeId: d.programmeId,
      agency: SCT,
      taxCode: d.taxCode,
      answeredAt,
      dueOn: '2026-04-24',
      pausedWorkingDays: 4,
      changed: answers !== null,
      rescore: answers === null ? null : { ...d, answers },
    } as SupplementAnsweredData,
  }) as Envelope<SupplementAnsweredData>;
}

const scored = (outbox: Envelope[]) => outbox.filter((e) => e.type === 'application.scored');

describe('a supplement answered with changed answers', () => {
  it('scores the application again from the new answers and announces the new score once', async () => {
    const { repo, deps } = scoringSetup();
    const e = submission({ rubric: CNHT, answers: { qualitySystem: 'none' } });
    expect(await scoreSubmitted(deps, e)).toBe('scored');
    const before = repo.applications.get(e.data.applicationId)!.final!.totalPoints;

    const answer = answered(e, { qualitySystem: 'IATF 16949' });
    expect(await rescoreAnswered(deps, answer)).toBe('rescored');

    const app = repo.applications.get(e.data.applicationId)!;
    expect(app.final!.totalPoints).toBe(before + 15);
    expect(app.final!.criteria.find((c) => c.id === 'product-quality')?.points).toBe(15);
    expect(app).toMatchObject({
      status: 'scored',
      answers: { qualitySystem: 'IATF 16949' },
      answersAsOf: answer.data.answeredAt,
      rescores: 1,
    });
    const events = scored(repo.outbox);
    expect(events.map((x) => x.id)).toEqual([
      `application.scored:${e.data.applicationId}`,
      `application.scored:${e.data.applicationId}:rescore-1`,
    ]);
    expect(events[1]!.data).toMatchObject({ totalPoints: before + 15, rescored: true, agency: SCT });
    expect(events[0]!.data).not.toHaveProperty('rescored');

    // Redelivered: the answer is already the one scored, nothing changes.
    expect(await rescoreAnswered(deps, answer)).toBe('stale');
    expect(scored(repo.outbox)).toHaveLength(2);
    expect(repo.applications.get(e.data.applicationId)!.rescores).toBe(1);
  });

  it('changes nothing when intake says nothing scoring reads changed', async () => {
    const { repo, deps } = scoringSetup();
    const e = submission({ rubric: CNHT, answers: { qualitySystem: 'ISO 9001' } });
    await scoreSubmitted(deps, e);
    expect(await rescoreAnswered(deps, answered(e, null))).toBe('unchanged');
    expect(scored(repo.outbox)).toHaveLength(1);
    expect(repo.applications.get(e.data.applicationId)!.version).toBe(1);
  });

  it('ignores an earlier answer that arrives after a later one was scored (queues are unordered)', async () => {
    const { repo, deps } = scoringSetup();
    const e = submission({ rubric: CNHT, answers: { qualitySystem: 'none' } });
    await scoreSubmitted(deps, e);
    const first = answered(e, { qualitySystem: 'other' }, '2026-03-27T02:00:00.000Z');
    const second = answered(e, { qualitySystem: 'ISO 9001' }, '2026-04-02T02:00:00.000Z');
    expect(await rescoreAnswered(deps, second)).toBe('rescored');
    expect(await rescoreAnswered(deps, first)).toBe('stale');
    expect(repo.applications.get(e.data.applicationId)!.answers).toEqual({ qualitySystem: 'ISO 9001' });
    expect(scored(repo.outbox)).toHaveLength(2);
  });

  it('scores the answered file when its submission has not reached scoring yet; the submission is then a duplicate', async () => {
    const { repo, deps } = scoringSetup();
    const e = submission({ rubric: CNHT, answers: { qualitySystem: 'none' } });
    expect(await rescoreAnswered(deps, answered(e, { qualitySystem: 'ISO 9001' }))).toBe('scored');
    expect(await scoreSubmitted(deps, e)).toBe('duplicate');
    expect(repo.applications.get(e.data.applicationId)!.answers).toEqual({ qualitySystem: 'ISO 9001' });
    expect(scored(repo.outbox)).toHaveLength(1);
  });

  it('leaves a withdrawn application withdrawn', async () => {
    const { repo, deps } = scoringSetup();
    const e = submission({ rubric: CNHT, answers: { qualitySystem: 'none' } });
    await scoreSubmitted(deps, e);
    await recordWithdrawal(deps, withdrawal(e));
    expect(await rescoreAnswered(deps, answered(e, { qualitySystem: 'ISO 9001' }))).toBe('withdrawn');
    expect(repo.applications.get(e.data.applicationId)!.status).toBe('withdrawn');
    expect(scored(repo.outbox)).toHaveLength(1);
  });

  it('keeps the panel: reviews stand, a finished panel gives the new final score at once, a reviewing one when done', async () => {
    const { repo, deps } = scoringSetup();
    const officer: Actor = { sub: 'sct-officer', agency: SCT, roles: ['officer'] };
    await recordProgramme(deps, programmeAnnounced());
    await setPanel(deps, officer, PROG, { reviewsPerApplication: 1, reviewers: [{ sub: 'r1', declaredInterests: [] }] });
    const reviewer: Actor = { sub: 'r1', agency: SCT, roles: ['reviewer'] };
    const marks = [
      { id: 'proposal-quality', points: 20 },
      { id: 'feasibility', points: 10 },
    ];
    // Reviewing: the automatic part changes now, the final score when the review is in.
    const waiting = submission({ requestedAmountVnd: 1_000_000_000, answers: { technologyInvestmentVnd: 0 } });
    expect(await scoreSubmitted(deps, waiting)).toBe('awaiting-review');
    expect(await rescoreAnswered(deps, answered(waiting, { technologyInvestmentVnd: 4_000_000_000 }))).toBe('awaiting-review');
    expect(repo.applications.get(waiting.data.applicationId)).toMatchObject({ status: 'awaiting-review', automaticPoints: 15 });
    expect(scored(repo.outbox)).toHaveLength(0);
    await submitReview(deps, reviewer, waiting.data.applicationId, marks);
    expect(repo.applications.get(waiting.data.applicationId)!.final!.totalPoints).toBe(45);

    // Reviewed: the reviews stand and the new final score is announced.
    const done = submission({ answers: { technologyInvestmentVnd: 0 } });
    await scoreSubmitted(deps, done);
    await submitReview(deps, reviewer, done.data.applicationId, marks);
    expect(repo.applications.get(done.data.applicationId)!.final!.totalPoints).toBe(30);
    expect(await rescoreAnswered(deps, answered(done, { technologyInvestmentVnd: 4_000_000_000 }))).toBe('rescored');
    const app = repo.applications.get(done.data.applicationId)!;
    expect(app.final!.totalPoints).toBe(45);
    expect(app.reviews.map((r) => r.sub)).toEqual(['r1']);
    expect(scored(repo.outbox).map((x) => x.id)).toContain(`application.scored:${done.data.applicationId}:rescore-1`);
  });
});
