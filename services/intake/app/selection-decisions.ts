/**
 * Decisions from a committed selection (scoring's `selection.completed`, in parts): each is applied
 * through the same `decide()` an officer's call goes through, acting as the officer who committed
 * the selection — so the support ledger, the budget, duplicate support and four eyes all hold. A
 * decision intake's rules refuse is not lost: every result, refusals with their reason, goes back
 * to scoring in `selection.applied`, committed with the message's processed marker.
 *
 * A redelivery after a crash part-way re-runs the part: a decision already applied by this officer
 * to this outcome is recognised and reported as applied, not refused as "already decided".
 */
import { newEnvelope, type Envelope } from '../../../shared/contracts/envelope.ts';
import type { SelectionApplied, SelectionCompleted } from '../../../shared/contracts/scoring.ts';
import { DomainError } from '../../../shared/errors.ts';
import { INTAKE_SOURCE } from './applications.ts';
import { decide } from './decisions.ts';
import type { Actor, IntakeDeps } from './ports.ts';

/** Commits the answer event together with the message's processed marker (one transaction). */
export type PublishOnce = (events: Envelope[], messageId: string) => Promise<'committed' | 'duplicate'>;

export async function applySelectionPart(
  deps: IntakeDeps,
  publish: PublishOnce,
  event: Envelope<SelectionCompleted>,
): Promise<SelectionApplied['results']> {
  const d = event.data;
  const actor: Actor = { sub: d.decidedBy.sub, agency: d.decidedBy.agency, roles: ['officer'] };
  const results: SelectionApplied['results'] = [];
  for (const dec of d.decisions) {
    const app = await deps.repo.getApplication(dec.applicationId);
    if (app?.decision && app.status === dec.outcome && app.decision.by === actor.sub && app.decision.outcome === dec.outcome) {
      results.push({ applicationId: dec.applicationId, outcome: dec.outcome, status: 'applied' });
      continue;
    }
    try {
      const input =
        dec.outcome === 'approved'
          ? { outcome: 'approved' as const, amountVnd: dec.amountVnd!, reason: dec.reason }
          : { outcome: 'rejected' as const, reason: dec.reason };
      await decide(deps, actor, dec.applicationId, input, undefined);
      results.push({ applicationId: dec.applicationId, outcome: dec.outcome, status: 'applied' });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error; // infrastructure: retry the message
      const fields = error.errors.map((e) => `${e.path} ${e.message}`).join('; ');
      results.push({
        applicationId: dec.applicationId,
        outcome: dec.outcome,
        status: 'refused',
        detail: `${error.status} ${error.message}${fields ? ` (${fields})` : ''}`.slice(0, 2000),
      });
    }
  }
  await publish(
    [
      newEnvelope({
        type: 'selection.applied',
        source: INTAKE_SOURCE,
        id: `selection.applied:${d.selectionId}:${d.part}`,
        data: { selectionId: d.selectionId, programmeId: d.programmeId, part: d.part, results },
      }),
    ],
    event.id,
  );
  return results;
}
