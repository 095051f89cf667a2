/**
 * Reviews by panel members. The caller is authorised first: only a reviewer assigned to the
 * application may review it (anyone else gets 404: nothing about it, or about its applicant, is
 * told). An assigned reviewer found to have a conflict of interest — scoring's copy of the registry
 * may have linked a person since the assignment — is refused with a plain 403, unassigned, and the
 * next eligible panel member takes the place (app/conflicts.ts); the reason, which may name the
 * person link, is kept for the panel's officers (GET /programmes/{id}/panel). When the reviews are
 * in, a disagreement beyond the rubric's threshold asks for one more review; then the final score
 * is computed by the rubric's rule and `application.scored` leaves through the outbox.
 */
import { assertCan, can } from '../../../shared/access/policy.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../shared/errors.ts';
import { assertReview, conflictOf, type ReviewMark } from '../domain/panel.ts';
import { unassignConflicted } from './conflicts.ts';
import { findRubric } from './rubrics.ts';
import { peopleWith, retryOnConflict, settle } from './scoring.ts';
import type { Actor, ApplicationRecord, Assignment, ScoringDeps, Write } from './ports.ts';

const assigneesOf = (app: ApplicationRecord) => app.reviewers.map((r) => r.sub);

/** The refusal an assigned reviewer with a conflict of interest gets: without the reason, which goes to the panel's officers. */
export const conflictRefusal = (applicationId: string) =>
  new ForbiddenError(
    `You may not review application ${applicationId}: it has been passed to another reviewer. The programme's officers have the reason.`,
  );

export async function submitReview(deps: ScoringDeps, actor: Actor, applicationId: string, marks: ReviewMark[]) {
  let conflicted = false;
  const out = await retryOnConflict(async () => {
    const app = await deps.repo.getApplication(applicationId);
    if (!app) throw new NotFoundError(`No application ${applicationId}`);
    // Authorise first: whoever is not assigned learns nothing more, not even of a conflict.
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
    const programme = await deps.repo.getProgramme(app.programmeId);
    const member = programme?.panel?.reviewers.find((r) => r.sub === actor.sub);
    if (member) {
      const people = await peopleWith(deps, [app.taxCode, ...member.declaredInterests]);
      if (conflictOf(member, app.taxCode, people).conflicted) {
        conflicted = true;
        return undefined;
      }
    }
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
    const slot = app.reviewers.find((r) => r.sub === actor.sub)!;
    const assignments: Assignment[] = [
      { sub: actor.sub, applicationId, programmeId: app.programmeId, assignedAt: slot.assignedAt, reason: slot.reason, status: 'reviewed' },
    ];
    const settled = await settle(deps, { ...app, reviews: [...app.reviews, review], version: app.version + 1 }, programme, rubric, at);
    const next = settled.app;
    assignments.push(...settled.assignments);
    const w: Write = { assignments, reviews: [{ applicationId, review }], events: settled.events };
    if (settled.programme && programme)
      w.programme = { next: { ...settled.programme, version: programme.version + 1 }, expectedVersion: programme.version };
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
  if (conflicted || !out) {
    // Unassign them and pass the place on, then refuse: the reason stays with the panel's officers.
    await unassignConflicted(deps, applicationId, 'review', { only: actor.sub });
    throw conflictRefusal(applicationId);
  }
  return out;
}

export async function myReviews(deps: ScoringDeps, actor: Actor, page: { limit: number; cursor?: string | undefined }) {
  const out = await deps.repo.assignmentsOf(actor.sub, page);
  // The caller is the assignee of each item by construction; the policy still says so explicitly.
  return { items: out.items.filter((a) => can(actor, 'review', 'read', { assignees: [a.sub] })), nextCursor: out.nextCursor };
}
