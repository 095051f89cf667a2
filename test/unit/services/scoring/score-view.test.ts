/**
 * Who sees the panel's marks (issue 18 §2): a reviewer sees their own review, whatever their
 * agency — the coordinator's included — and not the figures combined from the others' marks; the
 * programme's officers (and readers) and the coordinator's see every review.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../shared/access/policy.ts';
import { NotFoundError } from '../../../../shared/errors.ts';
import { setPanel } from '../../../../services/scoring/app/panel.ts';
import { recordProgramme } from '../../../../services/scoring/app/programmes.ts';
import { submitReview } from '../../../../services/scoring/app/reviews.ts';
import { visibleScore } from '../../../../services/scoring/app/score-view.ts';
import { scoreSubmitted } from '../../../../services/scoring/app/scoring.ts';
import type { CriterionResult } from '../../../../services/scoring/domain/criteria.ts';
import { scoringSetup } from './fakes.ts';
import { PROG, programmeAnnounced, SCT, submission } from './events.ts';

const STC = 'so-tai-chinh';
const ownerOfficer: Actor = { sub: 'sct-officer', agency: SCT, roles: ['officer'] };
const ownerViewer: Actor = { sub: 'sct-viewer', agency: SCT, roles: ['viewer'] };
const coordinatorOfficer: Actor = { sub: 'stc-officer', agency: STC, roles: ['officer'] };
/** An outside expert, and a reviewer of the coordinator's agency: both on the panel. */
const expert: Actor = { sub: 'expert', agency: 'so-khcn', roles: ['reviewer'] };
const stcReviewer: Actor = { sub: 'stc-reviewer', agency: STC, roles: ['reviewer'] };
const stcOtherReviewer: Actor = { sub: 'stc-reviewer-2', agency: STC, roles: ['reviewer'] };
const ownerReviewer: Actor = { sub: 'sct-reviewer', agency: SCT, roles: ['reviewer'] };

async function scoredByTwo() {
  const { deps } = scoringSetup();
  await recordProgramme(deps, programmeAnnounced());
  await setPanel(deps, ownerOfficer, PROG, {
    reviewsPerApplication: 2,
    reviewers: [
      { sub: expert.sub, declaredInterests: [] },
      { sub: stcReviewer.sub, declaredInterests: [] },
    ],
  });
  const e = submission();
  await scoreSubmitted(deps, e);
  const id = e.data.applicationId;
  await submitReview(deps, expert, id, [
    { id: 'proposal-quality', points: 24, comment: 'clear plan' },
    { id: 'feasibility', points: 16 },
  ]);
  return { deps, id };
}

const panelCriteria = (view: Awaited<ReturnType<typeof visibleScore>>) =>
  view.criteria.filter((c) => c.id === 'proposal-quality' || c.id === 'feasibility');

describe('the score as each caller sees it', () => {
  it('shows a reviewer their own review only, before and after the score is final, and withholds what is combined from the marks', async () => {
    const { deps, id } = await scoredByTwo();
    expect((await visibleScore(deps, stcReviewer, id)).reviews).toEqual([]);
    await submitReview(deps, stcReviewer, id, [
      { id: 'proposal-quality', points: 20 },
      { id: 'feasibility', points: 14 },
    ]);

    for (const [who, own] of [
      [expert, 'expert'],
      [stcReviewer, 'stc-reviewer'],
    ] as const) {
      const view = await visibleScore(deps, who, id);
      expect(view.status).toBe('scored');
      expect(view.reviews.map((r) => r.sub)).toEqual([own]);
      expect(view.reviewers).toBeUndefined();
      // With two reviewers the mean and one's own mark would give the other's away.
      expect(panelCriteria(view).map((c) => [c.points, c.status, c.evidence])).toEqual([
        [null, 'withheld', {}],
        [null, 'withheld', {}],
      ]);
      expect(view.totalPoints).toBeNull();
      expect(view).not.toHaveProperty('rank');
      expect(JSON.stringify(view)).not.toContain('"marks"');
    }
  });

  it('shows the programme’s officers and readers and the coordinator’s every review and the combined figures', async () => {
    const { deps, id } = await scoredByTwo();
    await submitReview(deps, stcReviewer, id, [
      { id: 'proposal-quality', points: 20 },
      { id: 'feasibility', points: 14 },
    ]);
    for (const who of [ownerOfficer, ownerViewer, coordinatorOfficer]) {
      const view = await visibleScore(deps, who, id);
      expect(view.reviews.map((r) => r.sub).sort()).toEqual(['expert', 'stc-reviewer']);
      expect(panelCriteria(view).map((c) => [c.points, c.evidence])).toEqual([
        [22, { marks: [24, 20], aggregate: 'mean' }],
        [15, { marks: [16, 14], aggregate: 'mean' }],
      ]);
      expect(view.totalPoints).toBe(view.automaticPoints + 37);
      expect(view.rank).toBe(1);
    }
  });

  it('is a 404 to a reviewer not assigned, whatever their agency, the coordinator’s and the owner’s included', async () => {
    const { deps, id } = await scoredByTwo();
    for (const who of [stcOtherReviewer, ownerReviewer]) await expect(visibleScore(deps, who, id)).rejects.toThrow(NotFoundError);
  });
});

describe('the score in both languages', () => {
  it('gives each criterion its name, reason and evidence in both languages, and a reviewer the withheld reason in both', async () => {
    const { deps, id } = await scoredByTwo();
    const view = await visibleScore(deps, ownerOfficer, id);
    for (const c of view.criteria) {
      expect(c.nameText.vi, c.id).not.toBe(c.nameText.en);
      expect(c.reasonText, c.id).toBeDefined();
      expect(Array.isArray(c.evidenceItems)).toBe(true);
    }
    await submitReview(deps, stcReviewer, id, [
      { id: 'proposal-quality', points: 20 },
      { id: 'feasibility', points: 14 },
    ]);
    const seen = await visibleScore(deps, expert, id);
    expect(seen.criteria.find((c) => c.id === 'proposal-quality')!.reasonText!.vi).toMatch(/^tổng hợp từ điểm của hội đồng/);
  });

  it('names the criteria of a score stored before names were kept in both languages from its rubric', async () => {
    const { deps, id } = await scoredByTwo();
    const stored = (deps.repo as ReturnType<typeof scoringSetup>['repo']).applications.get(id)!;
    stored.automatic = stored.automatic.map(({ nameText: _n, ...c }: CriterionResult) => c);
    const view = await visibleScore(deps, ownerOfficer, id);
    expect(view.criteria.find((c) => c.id === 'labour-productivity')!.nameText.vi).toBe(
      'Cải thiện năng suất lao động (doanh thu trên mỗi lao động, theo dữ liệu đăng ký)',
    );
  });
});
