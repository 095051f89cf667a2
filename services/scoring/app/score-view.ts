/**
 * An application's score as a caller may see it: per criterion, points, evidence and reason; the
 * reviewers' marks (every reviewer's to the owning agency and the coordinator, only their own to a
 * reviewer); the total, the rubric version, and the rank within the programme once final.
 */
import { assertCan, can } from '../../../shared/access/policy.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import { rankKey } from '../domain/ranking.ts';
import type { Actor, ApplicationRecord, ScoringDeps } from './ports.ts';

export async function visibleScore(deps: ScoringDeps, actor: Actor, applicationId: string) {
  const app = await deps.repo.getApplication(applicationId);
  if (!app) throw new NotFoundError(`No score for application ${applicationId}`);
  const facts = { ownerAgency: app.agency, assignees: app.reviewers.map((r) => r.sub) };
  assertCan(actor, 'score', 'read', facts, { id: applicationId, label: 'score of application' });
  const allReviews = can(actor, 'score.reviews', 'read', facts);
  const final = app.final;
  const rank = final ? await deps.repo.rankOf(app.programmeId, rankKey(rankableOf(app)!)) : undefined;
  return {
    applicationId: app.applicationId,
    programmeId: app.programmeId,
    rubric: app.rubric,
    status: app.status === 'scored' ? ('scored' as const) : ('pending' as const),
    stage: app.status,
    registryRevision: app.enterprise.revision,
    comparedWithRevisions: app.enterprise.historyRevisions.filter((r) => r < app.enterprise.revision),
    criteria: final?.criteria ?? app.automatic,
    automaticPoints: app.automaticPoints,
    reviewers: allReviews
      ? app.reviewers.map((r) => ({ sub: r.sub, reason: r.reason, reviewed: app.reviews.some((v) => v.sub === r.sub) }))
      : undefined,
    reviews: app.reviews.filter((r) => allReviews || r.sub === actor.sub),
    reviewsNeeded: app.reviewsNeeded + (app.extraReviewRequested ? 1 : 0),
    totalPoints: final?.totalPoints ?? app.automaticPoints,
    maxPoints: (final?.criteria ?? app.automatic).reduce((s, c) => s + c.maxPoints, 0),
    ...(final?.note ? { note: final.note } : {}),
    ...(rank ? { rank: rank.rank, rankedAmong: rank.of } : {}),
    scoredAt: app.scoredAt ?? null,
  };
}

export function rankableOf(app: ApplicationRecord) {
  if (!app.final) return undefined;
  return {
    applicationId: app.applicationId,
    totalPoints: app.final.totalPoints,
    priorityPoints: app.final.priorityPoints,
    submittedAt: app.submittedAt,
    requestedAmountVnd: app.requestedAmountVnd,
  };
}
