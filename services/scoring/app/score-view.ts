/**
 * An application's score as a caller may see it (shared/access/policy.ts decides each part):
 * per criterion, points, evidence and reason; the total, the rubric version, and the rank within
 * the programme once final. The panel's marks — every review, and what is computed from them: the
 * panel criteria's points and marks, the total, the rank, the note on the reviewers' spread — go
 * to whoever may read every review (`score.reviews`: the programme's readers and the coordinator's).
 * A reviewer sees their own review (`review · read`) and the automatic criteria; the figures
 * combined from the panel's marks are withheld from them, as with two reviewers they would give the
 * other's marks away.
 */
import { assertCan, can } from '../../../shared/access/policy.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import { same } from '../../../shared/i18n/localized.ts';
import { say } from '../../../shared/i18n/messages.ts';
import { type CriterionResult, withReason } from '../domain/criteria.ts';
import { evidenceItems } from '../domain/evidence.ts';
import { nameText } from '../domain/rubric.ts';
import { rankKey } from '../domain/ranking.ts';
import type { Actor, ApplicationRecord, ScoringDeps } from './ports.ts';
import { findRubric } from './rubrics.ts';

/** A panel criterion as shown to a caller who may not read every review. */
export type WithheldCriterion = Omit<CriterionResult, 'status' | 'points'> & { status: 'withheld'; points: null };

const WITHHELD = withReason(say('score.withheld'));

/**
 * Each criterion with its name and reason in both languages and its evidence as labelled figures.
 * A result stored before names were kept in both takes them from its rubric version.
 */
async function inBothLanguages<C extends CriterionResult | WithheldCriterion>(
  deps: ScoringDeps,
  app: ApplicationRecord,
  criteria: readonly C[],
) {
  const rubric = criteria.some((c) => !c.nameText) ? await findRubric(deps, app.rubric.id, app.rubric.version) : undefined;
  return criteria.map((c) => {
    const named = rubric?.criteria.find((r) => r.id === c.id);
    return { ...c, nameText: c.nameText ?? (named ? nameText(named.name) : same(c.name)), evidenceItems: evidenceItems(c) };
  });
}

export async function visibleScore(deps: ScoringDeps, actor: Actor, applicationId: string) {
  const app = await deps.repo.getApplication(applicationId);
  if (!app) throw new NotFoundError(`No score for application ${applicationId}`);
  const facts = { ownerAgency: app.agency, assignees: app.reviewers.map((r) => r.sub) };
  assertCan(actor, 'score', 'read', facts, { id: applicationId, label: 'score of application' });
  const allReviews = can(actor, 'score.reviews', 'read', facts);
  const final = app.final;
  const criteria = final?.criteria ?? app.automatic;
  const fromPanel = (c: CriterionResult) => c.source === 'panel' && c.status !== 'awaiting-panel';
  // Withheld from a reviewer once anything is combined from the panel's marks.
  const withhold = !allReviews && criteria.some(fromPanel);
  const rank = final && !withhold ? await deps.repo.rankOf(app.programmeId, rankKey(rankableOf(app)!)) : undefined;
  return {
    applicationId: app.applicationId,
    programmeId: app.programmeId,
    rubric: app.rubric,
    status: app.status === 'scored' ? ('scored' as const) : ('pending' as const),
    stage: app.status,
    registryRevision: app.enterprise.revision,
    comparedWithRevisions: app.enterprise.historyRevisions.filter((r) => r < app.enterprise.revision),
    criteria: await inBothLanguages(
      deps,
      app,
      withhold
        ? criteria.map((c): CriterionResult | WithheldCriterion =>
            fromPanel(c) ? { ...c, points: null, status: 'withheld', evidence: {}, ...WITHHELD } : c,
          )
        : criteria,
    ),
    automaticPoints: app.automaticPoints,
    reviewers: allReviews
      ? app.reviewers.map((r) => ({ sub: r.sub, reason: r.reason, reviewed: app.reviews.some((v) => v.sub === r.sub) }))
      : undefined,
    reviews: app.reviews.filter((r) => allReviews || can(actor, 'review', 'read', { ownerAgency: app.agency, assignees: [r.sub] })),
    reviewsNeeded: app.reviewsNeeded + (app.extraReviewRequested ? 1 : 0),
    totalPoints: withhold ? null : (final?.totalPoints ?? app.automaticPoints),
    maxPoints: criteria.reduce((s, c) => s + c.maxPoints, 0),
    ...(final?.note && !withhold ? { note: final.note } : {}),
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
