/**
 * Which scoring results a caller may see in matching, as the one policy says (`score.read`): a
 * score is the programme-owning agency's, and it tells that the enterprise applied. The index and
 * the pair scorer take the answer as a {@link ScoreView}; they never ask the policy themselves.
 * Matching knows a score's agency from intake's submission (or the score's event); it does not know
 * a score's assigned reviewers, so a reviewer sees no score here (none reads matches anyway).
 */
import { can, type Actor } from '../../../shared/access/policy.ts';
import type { ScoreView } from '../domain/supplier.ts';

export function scoreViewOf(actor: Actor): ScoreView {
  const asked = new Map<string, boolean>();
  return {
    // A score of no known agency: only a grant that holds whatever the programme's owner allows it.
    all: can(actor, 'score', 'read', {}),
    reads(agency: string): boolean {
      let yes = asked.get(agency);
      if (yes === undefined) asked.set(agency, (yes = can(actor, 'score', 'read', { ownerAgency: agency })));
      return yes;
    },
  };
}
