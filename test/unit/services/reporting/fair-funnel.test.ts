/**
 * The funnel step of a fair's meeting: `scheduled-at-fair` counts like any step reached, and its undo
 * (`match.step-undone`, a later run removed the meeting) takes the count back from the cells it went
 * into — those of the day the step was recorded, even when the undo comes in another month or year.
 */
import { describe, expect, it } from 'vitest';
import '../../../../shared/contracts/index.ts';
import { newEnvelope } from '../../../../shared/contracts/envelope.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';
import { recordEvents } from '../../../../services/reporting/app/record-events.ts';
import { ALL, funnelMeasure, SUBSCRIBED_EVENTS } from '../../../../services/reporting/domain/measures.ts';
import { setup } from './fakes.ts';

const facts = {
  matchId: 'need-1_0100233488',
  needId: 'need-1',
  buyerId: 'buyer-1',
  buyerKind: 'fdi' as const,
  taxCode: '0100233488',
  agency: 'so-cong-thuong',
  communeCode: '00004',
  vsicMain: '2592',
  sizeClass: 'small',
};

const scheduled = (id: string, at: string) => {
  const e = newEnvelope({
    id,
    type: 'match.progressed',
    source: 'matching',
    data: {
      ...facts,
      step: 'scheduled-at-fair',
      previousStep: 'contacted',
      reason: null,
      at,
      by: 'fair-run:r1',
      targets: [],
      byAgency: 'so-tai-chinh',
    },
  });
  assertMatchesContract(e);
  return e;
};

const undone = (id: string, stepAt: string, at: string) => {
  const e = newEnvelope({
    id,
    type: 'match.step-undone',
    source: 'matching',
    data: {
      ...facts,
      step: 'scheduled-at-fair',
      stepAt,
      stepAfter: 'contacted',
      reason: 'The meeting at trade fair "Hội chợ" was removed by schedule run r2',
      at,
      by: 'fair-run:r2',
      byAgency: 'so-tai-chinh',
    },
  });
  assertMatchesContract(e);
  return e;
};

const STEP = funnelMeasure('scheduled-at-fair');

describe('a fair meeting in the match funnel', () => {
  it('counts scheduled-at-fair, and takes it back in the month and year it was counted', async () => {
    expect(SUBSCRIBED_EVENTS).toContain('match.step-undone');
    const { deps, store } = setup();
    await recordEvents(deps, [scheduled('s1', '2026-12-20T02:00:00Z')]);
    expect(store.measure(2026, 'all', ALL, STEP)).toBe(1);
    expect(store.measure(2026, 'month', '2026-12', STEP)).toBe(1);
    expect(store.measure(2026, 'agency', 'so-cong-thuong', STEP)).toBe(1);
    // Removed by a top-up in January: December 2026 loses it, January 2027 never had it.
    await recordEvents(deps, [undone('u1', '2026-12-20T02:00:00Z', '2027-01-05T02:00:00Z')]);
    expect(store.measure(2026, 'all', ALL, STEP)).toBe(0);
    expect(store.measure(2026, 'month', '2026-12', STEP)).toBe(0);
    expect(store.measure(2026, 'commune', '00004', STEP)).toBe(0);
    expect(store.measure(2027, 'all', ALL, STEP)).toBe(0);
    // Delivered again: counted once.
    await recordEvents(deps, [undone('u1', '2026-12-20T02:00:00Z', '2027-01-05T02:00:00Z')]);
    expect(store.measure(2026, 'all', ALL, STEP)).toBe(0);
  });
});
