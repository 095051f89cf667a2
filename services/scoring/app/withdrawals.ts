/**
 * An application withdrawn in intake leaves scoring: it is marked `withdrawn`, so it drops out of
 * the programme's ranking (only scored applications are ranked), out of every later selection's
 * candidates, and out of its reviewers' work (a review of it is refused). Its automatic score and
 * any reviews stay on the record as they were.
 *
 * Queues are unordered: a withdrawal may arrive before the submission it withdraws. Scoring then
 * keeps a marker (a withdrawal of an application it has not received), so the submission, when it
 * comes, is stored as withdrawn — never scored, assigned, ranked or selected (app/scoring.ts).
 *
 * Idempotent: a redelivered message, or a second withdrawal of the same application, changes
 * nothing. A withdrawn draft was never submitted, so scoring never receives it: ignored.
 */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { applicationWithdrawn } from '../../../shared/contracts/application.ts';
import type * as z from 'zod';
import type { ScoringDeps } from './ports.ts';
import { retryOnConflict } from './scoring.ts';

export type WithdrawnData = z.infer<typeof applicationWithdrawn.schema>;
/** `kept-for-later`: scoring has not received the submission; the marker makes sure it is never scored. */
export type WithdrawalOutcome = 'withdrawn' | 'kept-for-later' | 'duplicate' | 'not-scored-here';

export async function recordWithdrawal(deps: ScoringDeps, event: Envelope<WithdrawnData>): Promise<WithdrawalOutcome> {
  const d = event.data;
  if (d.previousStatus === 'draft') return 'not-scored-here';
  return retryOnConflict(async () => {
    const app = await deps.repo.getApplication(d.applicationId);
    if (!app) {
      // Not received yet (or never: a programme without a rubric). The marker's write fails if the
      // submission is stored meanwhile, and the retry withdraws it instead.
      const marker = { applicationId: d.applicationId, programmeId: d.programmeId, withdrawnAt: d.withdrawnAt };
      const result = await deps.repo.commit({ messageId: event.id, withdrawals: [marker] });
      return result === 'duplicate' ? 'duplicate' : 'kept-for-later';
    }
    if (app.status === 'withdrawn') return 'duplicate';
    const { unassignable: _u, ...rest } = app;
    const next = { ...rest, status: 'withdrawn' as const, withdrawnAt: d.withdrawnAt, version: app.version + 1 };
    const result = await deps.repo.commit({ messageId: event.id, applications: [{ next, expectedVersion: app.version }] });
    return result === 'duplicate' ? 'duplicate' : 'withdrawn';
  });
}
