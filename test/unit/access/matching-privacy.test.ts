/**
 * Issue 18's privacy cases of matching, beside the matrix: every role in every placement calls the
 * real handler, and what it sees — another agency's score in the quality factor, the contact
 * persons after its profile write — must be what the hand-written table of each case says. The
 * table is not derived from the policy, so a policy that drifted from the issue fails here.
 */
import { describe, expect, it } from 'vitest';
import { actorFor, ENTERPRISE_PLACEMENTS, enterpriseActorFor, PLACEMENTS, ROLES } from './harness.ts';
import { matchingPrivacyCases } from './scenarios/matching.ts';

describe('matching keeps scores and contact persons to whom the issue says', () => {
  it.each(matchingPrivacyCases.map((c) => [c.route, c] as const))('%s', async (_route, c) => {
    const mismatches: string[] = [];
    for (const placement of PLACEMENTS) {
      for (const role of ROLES) {
        const { outcome, body } = await c.run(actorFor(role, placement));
        const expected = c.expected[placement][role];
        if (outcome !== expected) mismatches.push(`${role} of ${placement}: expected ${expected}, saw ${outcome}`);
        // Whoever is not shown the score finds no trace of it anywhere in the answer.
        if (expected !== 'score shown' && body.includes('100 of 100'))
          mismatches.push(`${role} of ${placement}: the score is in the answer`);
      }
    }
    // Enterprise users (issue 21): the supplier itself, another enterprise, a pending or revoked delegation.
    for (const placement of ENTERPRISE_PLACEMENTS) {
      const { outcome, body } = await c.run(enterpriseActorFor(placement, undefined));
      if (outcome !== c.enterprise[placement]) mismatches.push(`${placement}: expected ${c.enterprise[placement]}, saw ${outcome}`);
      if (body.includes('100 of 100')) mismatches.push(`${placement}: the score is in the answer`);
    }
    expect(mismatches).toEqual([]);
  });
});
