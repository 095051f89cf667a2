/**
 * The access matrix for the policy entry decided on no route, `fair-meeting`: every role × placement
 * through the use case itself (recordMetAtFair), against expectations written by hand
 * (scenarios/fair-meetings.ts), not derived from decide().
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/access/policy.ts';
import { ForbiddenError } from '../../../shared/errors.ts';
import { recordMetAtFair } from '../../../services/matching/app/fair-funnel.ts';
import { actorFor, OWNER, PLACEMENTS, ROLES } from './harness.ts';
import { fairMeetingWorld, RECORD_MET_AFTER_THE_MEETING, RECORD_SCHEDULED } from './scenarios/fair-meetings.ts';

describe('fair-meeting: who records a fair’s meeting in another agency’s match funnel', () => {
  it('records met only for the fair’s agency’s staff, once the meeting is over', async () => {
    const mismatches: string[] = [];
    for (const role of ROLES) {
      for (const placement of PLACEMENTS) {
        const actor = actorFor(role, placement);
        const expected = RECORD_MET_AFTER_THE_MEETING[placement][role];
        const { deps, fair, ref, endsAt } = await fairMeetingWorld();
        const attempt = () =>
          recordMetAtFair(deps, actor, fair, ref).catch((e: unknown) => (e instanceof ForbiddenError ? 'refused' : Promise.reject(e)));
        // Before the meeting is over, no one records met: refused, or nothing to record yet.
        deps.clock.now = Date.parse(endsAt) - 60_000;
        const early = await attempt();
        if (early !== (expected === 'met' ? false : 'refused')) mismatches.push(`${role} of ${placement} before the meeting: ${early}`);
        deps.clock.now = Date.parse(endsAt);
        const after = await attempt();
        if ((after === true ? 'met' : after) !== expected) mismatches.push(`${role} of ${placement}: ${after}, expected ${expected}`);
        const step = (await deps.repo.getMatch(ref.needId, ref.taxCode))!.step;
        if (step !== (expected === 'met' ? 'met' : 'scheduled-at-fair')) mismatches.push(`${role} of ${placement}: match at ${step}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('lets only the fair’s agency’s staff record scheduled-at-fair and its undo', () => {
    const mismatches: string[] = [];
    for (const role of ROLES) {
      for (const placement of PLACEMENTS) {
        const allowed = decide(actorFor(role, placement), 'fair-meeting', 'record', { ownerAgency: OWNER }).allowed;
        if (allowed !== RECORD_SCHEDULED[placement][role]) mismatches.push(`${role} of ${placement}: ${allowed}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
