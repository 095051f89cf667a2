/**
 * Scoring an application again when the applicant answered a request for supplement with changed
 * answers or documents (intake's `application.supplement-answered`, whose `rescore` carries what
 * `application.submitted` carries, with the answers as they are now). Intake waits for the new
 * score before a decision (the file is `submitted` again).
 *
 * - The automatic criteria are computed again from the new answers and scoring's registry history,
 *   on the registry revision intake judged the file on now.
 * - Panel reviews stand (a reviewer's marks are theirs; the panel criteria do not read answers): a
 *   complete panel gives a new final score at once; a panel still reviewing gives it when done.
 * - A new `application.scored` leaves through the outbox, its id numbered by the re-score, and
 *   `rescored: true` so reporting does not count the application as scored twice.
 * - Idempotent: the commit carries the message id, so a redelivery changes nothing; an answer older
 *   than the one already scored (queues are unordered) changes nothing either. A withdrawn
 *   application stays withdrawn. When the submission itself has not reached scoring yet, the
 *   answered file is scored as a submission (the later submission is then a duplicate).
 */
import type * as z from 'zod';
import type { applicationSupplementAnswered } from '../../../shared/contracts/application.ts';
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import { PoisonMessageError } from '../../../shared/messaging/consumer.ts';
import { scoreAutomatic } from '../domain/criteria.ts';
import { finalScore } from '../domain/panel.ts';
import { hasPanelCriteria } from '../domain/rubric.ts';
import type { ApplicationRecord, ScoringDeps } from './ports.ts';
import { findRubric } from './rubrics.ts';
import { retryOnConflict, scoredEvent, scoreSubmitted, type ScoreOutcome, type SubmittedData } from './scoring.ts';

export type SupplementAnsweredData = z.infer<typeof applicationSupplementAnswered.schema>;

/** `unchanged`: nothing scoring reads changed; `stale`: a later answer was scored already. */
export type RescoreOutcome = 'rescored' | 'awaiting-review' | 'unchanged' | 'stale' | ScoreOutcome;

const round2 = (n: number) => Math.round(n * 100) / 100;

export async function rescoreAnswered(deps: ScoringDeps, event: Envelope<SupplementAnsweredData>): Promise<RescoreOutcome> {
  const r = event.data.rescore;
  if (!r) return 'unchanged';
  if (!r.rubric) return 'no-rubric';
  const submitted: SubmittedData = { ...r, rubric: r.rubric };
  const rubric = await findRubric(deps, r.rubric.id, r.rubric.version);
  if (!rubric)
    throw new PoisonMessageError(
      `application ${r.applicationId} names rubric ${r.rubric.id} v${r.rubric.version}, which scoring does not have`,
    );

  return retryOnConflict(async (): Promise<RescoreOutcome> => {
    const app = await deps.repo.getApplication(r.applicationId);
    // Its submission has not arrived (queues are unordered): score the file as it is now.
    if (!app) return scoreSubmitted(deps, { ...event, type: 'application.submitted', data: submitted });
    if (app.status === 'withdrawn') return 'withdrawn';
    if (app.answersAsOf !== undefined && app.answersAsOf >= event.data.answeredAt) return 'stale';

    const history = await deps.repo.history(r.taxCode);
    const judged = history.find((h) => h.revision === r.enterprise.revision);
    const automatic = scoreAutomatic(rubric, {
      answers: r.answers,
      current: {
        revision: r.enterprise.revision,
        occurredAt: judged?.occurredAt,
        employees: r.enterprise.employees,
        revenueVnd: r.enterprise.revenueVnd,
      },
      history,
      submittedAt: r.submittedAt,
    });
    const at = deps.now().toISOString();
    const rescores = (app.rescores ?? 0) + 1;
    const { final: _old, scoredAt: _when, ...rest } = app;
    const base: ApplicationRecord = {
      ...rest,
      answers: r.answers,
      enterprise: {
        revision: r.enterprise.revision,
        employees: r.enterprise.employees,
        revenueVnd: r.enterprise.revenueVnd,
        historyRevisions: history.map((h) => h.revision),
      },
      automatic,
      automaticPoints: round2(automatic.reduce((s, c) => s + (c.points ?? 0), 0)),
      answersAsOf: event.data.answeredAt,
      rescores,
      version: app.version + 1,
    };
    // Final now when no panel is needed or the panel has finished; otherwise when its reviews are in.
    const finalNow = !hasPanelCriteria(rubric) || app.status === 'scored';
    const final = finalNow ? finalScore(automatic, app.reviews, rubric.combination, app.final?.note) : undefined;
    const next: ApplicationRecord = final ? { ...base, status: 'scored', final, scoredAt: at } : base;
    const result = await deps.repo.commit({
      messageId: event.id,
      applications: [{ next, expectedVersion: app.version }],
      ...(final ? { events: [scoredEvent(next, final, at, rescores)] } : {}),
    });
    if (result === 'duplicate') return 'duplicate';
    return final ? 'rescored' : 'awaiting-review';
  });
}
