/**
 * An application withdrawn in intake leaves scoring: it is marked `withdrawn`, so it drops out of
 * the programme's ranking (only scored applications are ranked), out of every later selection's
 * candidates, and out of its reviewers' work (a review of it is refused). Its automatic score and
 * any reviews stay on the record as they were.
 *
 * Idempotent: a redelivered message, or a second withdrawal of the same application, changes
 * nothing. A withdrawal scoring never saw the submission of — a draft, or a programme without a
 * rubric, which scoring does not keep — is ignored.
 */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { applicationWithdrawn } from '../../../shared/contracts/application.ts';
import type { z } from 'zod';
import type { ScoringDeps } from './ports.ts';
import { retryOnConflict } from './scoring.ts';

export type WithdrawnData = z.infer<typeof applicationWithdrawn.schema>;
export type WithdrawalOutcome = 'withdrawn' | 'duplicate' | 'not-scored-here';

export async function recordWithdrawal(deps: ScoringDeps, event: Envelope<WithdrawnData>): Promise<WithdrawalOutcome> {
  const d = event.data;
  if (d.previousStatus === 'draft') return 'not-scored-here';
  return retryOnConflict(async () => {
    const app = await deps.repo.getApplication(d.applicationId);
    if (!app) return 'not-scored-here';
    if (app.status === 'withdrawn') return 'duplicate';
    const next = { ...app, status: 'withdrawn' as const, withdrawnAt: d.withdrawnAt, version: app.version + 1 };
    const result = await deps.repo.commit({ messageId: event.id, applications: [{ next, expectedVersion: app.version }] });
    return result === 'duplicate' ? 'duplicate' : 'withdrawn';
  });
}
