/**
 * Reviews by panel members. A reviewer reviews only what is assigned to them; one with a conflict
 * of interest is refused (403, with the reason) even if it arose after assignment (the registry
 * may since have linked a person). When the reviews are in, a disagreement beyond the rubric's
 * threshold asks for one more review; then the final score is computed by the rubric's rule and
 * `application.scored` leaves through the outbox.
 */
import { assertCan, can } from '../../../shared/access/policy.ts';
import { ConflictError, NotFoundError } from '../../../shared/errors.ts';
import { assertNoConflict, assertReview, conflictOf, finalScore, panelState, type ReviewMark } from '../domain/panel.ts';
import { findRubric } from './rubrics.ts';
import { assignReviewers, retryOnConflict, scoredEvent } from './scoring.ts';
import type { Actor, ApplicationRecord, Assignment, ScoringDeps, Write } from './ports.ts';

const assigneesOf = (app: ApplicationRecord) => app.reviewers.map((r) => r.sub);

export async function submitReview(deps: ScoringDeps, actor: Actor, applicationId: string, marks: ReviewMark[]) {
  return retryOnConflict(async () => {
    const app = await deps.repo.getApplication(applicationId);
    if (!app) throw new NotFoundError(`No application ${applicationId}`);
    const programme = await deps.repo.getProgramme(app.programmeId);
    const member = programme?.panel?.reviewers.find((r) => r.sub === actor.sub);
    if (member && actor.roles.includes('reviewer')) {
      const people = await deps.repo.peopleOf([app.taxCode, ...member.declaredInterests]);
      assertNoConflict(conflictOf(member, app.taxCode, people));
    }
    assertCan(
      actor,
      'review',
      'create',
      { ownerAgency: app.agency, assignees: assigneesOf(app) },
      { id: applicationId, label: 'application' },
    );
    if (app.reviews.some((r) => r.sub === actor.sub)) throw new ConflictError(`You have already reviewed application ${applicationId}`);
    if (app.status === 'scored') throw new ConflictError(`Application ${applicationId} already has its final score`);
    if (app.status === 'withdrawn') throw new ConflictError(`Application ${applicationId} was withdrawn by the applicant`);
    const rubric = await findRubric(deps, app.rubric.id, app.rubric.version);
    if (!rubric) throw new Error(`rubric ${app.rubric.id} v${app.rubric.version} of a stored application is missing`);
    assertReview(rubric, marks);

    const at = deps.now().toISOString();
    const panelIds = new Set(rubric.criteria.filter((c) => c.computation.kind === 'panel').map((c) => c.id));
    const review = {
      sub: actor.sub,
      criteria: marks,
      panelPoints: marks.filter((m) => panelIds.has(m.id)).reduce((s, m) => s + m.points, 0),
      submittedAt: at,
    };
    let next: ApplicationRecord = { ...app, reviews: [...app.reviews, review], version: app.version + 1 };
    const assignments: Assignment[] = [
      {
        sub: actor.sub,
        applicationId,
        programmeId: app.programmeId,
        assignedAt: app.reviewers.find((r) => r.sub === actor.sub)!.assignedAt,
        reason: app.reviewers.find((r) => r.sub === actor.sub)!.reason,
        status: 'reviewed',
      },
    ];
    const w: Write = { assignments };

    let state = panelState(next.reviews, next.reviewsNeeded, next.extraReviewRequested, rubric.combination);
    let note: string | undefined;
    if (state.kind === 'needs-extra-review' && programme) {
      const extra = await assignReviewers(deps, next, programme, 1, 'disagreement', at);
      if (extra.assignments.length) {
        next = { ...extra.app, extraReviewRequested: true };
        assignments.push(...extra.assignments);
        w.programme = { next: { ...extra.programme, version: programme.version + 1 }, expectedVersion: programme.version };
      } else {
        note = `reviewers differ by ${state.spread} panel points (threshold ${rubric.combination.disagreementThresholdPoints}) and no other reviewer is free for an extra review`;
        state = { kind: 'complete' };
      }
    }
    if (state.kind === 'complete') {
      const final = finalScore(next.automatic, next.reviews, rubric.combination, note ?? ('note' in state ? state.note : undefined));
      next = { ...next, status: 'scored', final, scoredAt: at };
      w.events = [scoredEvent(next, final, at)];
    }
    w.applications = [{ next, expectedVersion: app.version }];
    await deps.repo.commit(w);
    return {
      applicationId,
      status: next.status,
      reviews: next.reviews.length,
      reviewsNeeded: next.reviewsNeeded + (next.extraReviewRequested ? 1 : 0),
      extraReviewRequested: next.extraReviewRequested,
      review,
    };
  });
}

export async function myReviews(deps: ScoringDeps, actor: Actor, page: { limit: number; cursor?: string | undefined }) {
  const out = await deps.repo.assignmentsOf(actor.sub, page);
  // The caller is the assignee of each item by construction; the policy still says so explicitly.
  return { items: out.items.filter((a) => can(actor, 'review', 'read', { assignees: [a.sub] })), nextCursor: out.nextCursor };
}
