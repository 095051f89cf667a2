/**
 * A fair's meetings in the matching funnel: `scheduled-at-fair` recorded by the fair's agency when a
 * run places the meeting — on a match another agency owns — and taken back when a later run removes
 * it; `met` only once the meeting's time has passed and no run removed it; events of runs applied in
 * any order.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../../shared/access/policy.ts';
import { ForbiddenError, RuleViolationError } from '../../../../../shared/errors.ts';
import { createBuyer, createNeed } from '../../../../../services/matching/app/buyers.ts';
import {
  applyFairMeeting,
  recordFairMeetings,
  recordHeldMeetings,
  recordMetAtFair,
} from '../../../../../services/matching/app/fair-funnel.ts';
import { executeRun } from '../../../../../services/matching/app/fair-runs.ts';
import { addParticipant, createFair, requestRun, setPreferences } from '../../../../../services/matching/app/fairs.ts';
import { recordStep } from '../../../../../services/matching/app/funnel.ts';
import { putProfile } from '../../../../../services/matching/app/suppliers.ts';
import { matchIdOf } from '../../../../../services/matching/domain/funnel.ts';
import { fakeFairDeps, type FairTestDeps } from '../fair-fakes.ts';

/** The need's owner: Sở Công Thương's officer, who keeps the buyer and its match. */
const owner: Actor = { sub: 'officer-sct', agency: 'so-cong-thuong', roles: ['officer'] };
/** The fair's organiser: the coordinator's officer (it reads every agency's buyers, so it may link them). */
const organiser: Actor = { sub: 'officer-stc', agency: 'so-tai-chinh', roles: ['officer'] };
const none = { mustMeet: [], meet: [], noThanks: [] };

/** A match of Sở Công Thương at `contacted`, and a fair of the coordinator where its buyer and supplier meet (slot s01 ends 01:50Z). */
async function world() {
  const deps = fakeFairDeps();
  const taxCode = '0100233488';
  await deps.repo.recordRegistry(
    taxCode,
    { name: 'Cơ khí Thăng Long', status: 'active', communeCode: '00004', vsicMain: '2592', sizeClass: 'small', revision: 1 },
    deps.now().toISOString(),
  );
  await putProfile(
    deps,
    owner,
    taxCode,
    {
      processes: ['cnc-machining'],
      products: [],
      materials: [],
      certifications: [],
      customers: [],
      exportMarkets: [],
      languages: [],
      contacts: [],
    },
    undefined,
  );
  const buyer = await createBuyer(deps, owner, { name: 'Canon Vietnam', kind: 'fdi', sectors: [] });
  const need = await createNeed(deps, owner, buyer.id, {
    title: 'Machined brackets',
    processes: ['cnc-machining'],
    certifications: [],
    communes: [],
    industrialParks: [],
    deadline: '2027-03-31',
  });
  const matchId = matchIdOf(need.id, taxCode);
  await recordStep(deps, owner, matchId, { step: 'contacted' });
  const fair = await createFair(deps, organiser, {
    name: 'Hội chợ CNHT',
    slotMinutes: 20,
    sessions: [{ startsAt: '2026-12-10T08:30:00+07:00', slots: 1 }],
    tables: 2,
  });
  const b = await addParticipant(deps, organiser, fair.id, { role: 'buyer', buyerId: buyer.id, blockedSlots: [], priority: false });
  const e = await addParticipant(deps, organiser, fair.id, { role: 'exhibitor', taxCode, blockedSlots: [], priority: false });
  await setPreferences(deps, organiser, fair.id, b.id, { ...none, mustMeet: [e.id] }, undefined);
  return { deps, fair, need, taxCode, matchId, b, e };
}

async function run(deps: FairTestDeps, fairId: string, mode: 'initial' | 'top-up' = 'initial') {
  const r = await requestRun(deps, organiser, fairId, mode);
  expect(await executeRun(deps, { fairId, runId: r.id }, { useLp: false })).toBe('done');
  return r;
}

const eventsOf = (deps: FairTestDeps, type: string) => deps.repo.outbox.filter((x) => x.type === type);

describe('fair meetings in the funnel', () => {
  it('records scheduled-at-fair by the fair’s agency on another agency’s match, and met only once the meeting is over', async () => {
    const { deps, fair, need, taxCode, matchId } = await world();
    const r = await run(deps, fair.id);
    expect(await recordFairMeetings(deps, { fairId: fair.id, runId: r.id })).toBe(1);
    let match = (await deps.repo.getMatch(need.id, taxCode))!;
    expect(match.step).toBe('scheduled-at-fair');
    expect(match.ownerAgency).toBe('so-cong-thuong');
    expect(match.history.at(-1)).toMatchObject({
      step: 'scheduled-at-fair',
      agency: 'so-tai-chinh',
      by: `fair-run:${r.id}`,
      fairId: fair.id,
    });
    expect(eventsOf(deps, 'match.progressed').at(-1)!.data).toMatchObject({
      matchId,
      step: 'scheduled-at-fair',
      previousStep: 'contacted',
      agency: 'so-cong-thuong',
      byAgency: 'so-tai-chinh',
    });

    // Before the meeting: nothing is met, however often the sweep looks.
    deps.clock.now = Date.parse('2026-12-10T01:49:59Z');
    expect(await recordHeldMeetings(deps)).toBe(0);
    expect((await deps.repo.getMatch(need.id, taxCode))!.step).toBe('scheduled-at-fair');
    // Once it is over (s01 ends 08:50 in Hanoi, 01:50Z), the fair's agency records met.
    deps.clock.now = Date.parse('2026-12-10T02:00:00Z');
    expect(await recordHeldMeetings(deps)).toBe(1);
    match = (await deps.repo.getMatch(need.id, taxCode))!;
    expect(match.step).toBe('met');
    expect(match.history.at(-1)).toMatchObject({ step: 'met', agency: 'so-tai-chinh', by: `fair:${fair.id}`, fairId: fair.id });
    expect(eventsOf(deps, 'match.progressed').at(-1)!.data).toMatchObject({
      step: 'met',
      previousStep: 'scheduled-at-fair',
      byAgency: 'so-tai-chinh',
    });
    // Looked at again, or the run's event delivered again: nothing more.
    const outbox = deps.repo.outbox.length;
    expect(await recordHeldMeetings(deps)).toBe(0);
    expect(await recordFairMeetings(deps, { fairId: fair.id, runId: r.id })).toBe(0);
    expect(deps.repo.outbox.length).toBe(outbox);
  });

  it('takes scheduled-at-fair back when a top-up removes the meeting, and never records met for it', async () => {
    const { deps, fair, need, taxCode, b, e } = await world();
    const first = await run(deps, fair.id);
    await recordFairMeetings(deps, { fairId: fair.id, runId: first.id });
    const scheduledAt = (await deps.repo.getMatch(need.id, taxCode))!.history.at(-1)!.at;
    // The buyer now says no thanks: the top-up releases the confirmed meeting.
    deps.clock.now += 60_000;
    await setPreferences(deps, organiser, fair.id, b.id, { ...none, noThanks: [e.id] }, undefined);
    const topUp = await run(deps, fair.id, 'top-up');
    expect(await recordFairMeetings(deps, { fairId: fair.id, runId: topUp.id })).toBe(1);
    const match = (await deps.repo.getMatch(need.id, taxCode))!;
    expect(match.step).toBe('contacted');
    expect(match.history.at(-1)).toMatchObject({ step: 'contacted', undoes: 'scheduled-at-fair', agency: 'so-tai-chinh' });
    expect(match.history.at(-1)!.reason).toContain(`removed by schedule run ${topUp.id}`);
    expect(eventsOf(deps, 'match.step-undone').map((x) => x.data)).toEqual([
      expect.objectContaining({
        step: 'scheduled-at-fair',
        stepAt: scheduledAt,
        stepAfter: 'contacted',
        agency: 'so-cong-thuong',
        byAgency: 'so-tai-chinh',
      }),
    ]);
    deps.clock.now = Date.parse('2026-12-10T02:00:00Z');
    expect(await recordHeldMeetings(deps)).toBe(0);
    expect((await deps.repo.getMatch(need.id, taxCode))!.step).toBe('contacted');
  });

  it('applies runs’ events in any order: an older run never overrides a newer one', async () => {
    const { deps, fair, need, taxCode } = await world();
    const r1 = await run(deps, fair.id);
    const match = (await deps.repo.getMatch(need.id, taxCode))!;
    const registry = (await deps.repo.getSupplier(taxCode))!.registry!;
    const ctx = { at: deps.now().toISOString(), by: 'fair-run', need, registry };
    const meeting = { buyerId: need.buyerId, taxCode, slotId: 's01', table: 1, endsAt: fair.slots[0]!.endsAt };
    const r2 = { id: 'r2', requestedAt: '2026-12-01T00:00:00.000Z' };
    const placed = applyFairMeeting(match, fair, r1, { kind: 'stands', meeting }, ctx)!;
    const removed = applyFairMeeting(placed.match, fair, r2, { kind: 'removed' }, ctx)!;
    expect(removed.match.step).toBe('contacted');
    // R1's word arriving again after R2's changes nothing.
    expect(applyFairMeeting(removed.match, fair, r1, { kind: 'stands', meeting }, ctx)).toBeUndefined();
  });

  it('refuses met for the fair’s meeting to anyone but the fair’s agency’s staff, and before its time', async () => {
    const { deps, fair, need, taxCode } = await world();
    const r = await run(deps, fair.id);
    await recordFairMeetings(deps, { fairId: fair.id, runId: r.id });
    const ref = { needId: need.id, taxCode };
    // The match's own agency records met through its funnel (match.progress), not as the fair.
    await expect(recordMetAtFair(deps, owner, fair, ref)).rejects.toBeInstanceOf(ForbiddenError);
    deps.clock.now = Date.parse('2026-12-10T01:40:00Z');
    expect(await recordMetAtFair(deps, organiser, fair, ref)).toBe(false);
    deps.clock.now = Date.parse('2026-12-10T01:50:00Z');
    expect(await recordMetAtFair(deps, organiser, fair, ref)).toBe(true);
  });

  it('is never recorded by hand', async () => {
    const { deps, matchId } = await world();
    await expect(recordStep(deps, owner, matchId, { step: 'scheduled-at-fair' })).rejects.toBeInstanceOf(RuleViolationError);
  });
});
