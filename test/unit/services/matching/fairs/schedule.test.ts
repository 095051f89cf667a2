import { describe, expect, it } from 'vitest';
import {
  assertWithinBound,
  FAIR_MODEL_LIMITS,
  FairInputError,
  FairTooLargeError,
  SchedulerError,
  scheduleFair,
} from '../../../../../services/matching/domain/fairs/schedule.ts';
import type { FairInstance, FairParticipant, FairScheduleRun } from '../../../../../services/matching/domain/fairs/types.ts';
import { generateFair } from '../../../../bench/fair-instance.ts';
import { checkFairRun, placeableMustMeets } from './checker.ts';

const none = () => ({ mustMeet: [] as string[], meet: [] as string[], noThanks: [] as string[] });
const buyer = (id: string, extra: Partial<FairParticipant> = {}): FairParticipant => ({ id, role: 'buyer', preferences: none(), ...extra });
const exhibitor = (id: string, extra: Partial<FairParticipant> = {}): FairParticipant => ({
  id,
  role: 'exhibitor',
  preferences: none(),
  ...extra,
});
const slots = (n: number) => Array.from({ length: n }, (_, i) => `s${i + 1}`);

async function run(instance: FairInstance): Promise<FairScheduleRun> {
  const result = await scheduleFair(instance);
  expect(checkFairRun(instance, result)).toEqual([]);
  expect(placeableMustMeets(instance, result)).toEqual([]);
  return result;
}
const met = (r: FairScheduleRun) => r.meetings.map((m) => `${m.buyerId}-${m.exhibitorId}`).sort();
const reasonOf = (r: FairScheduleRun, b: string, e: string) => r.unscheduled.find((u) => u.buyerId === b && u.exhibitorId === e);

describe('fair scheduler', () => {
  it('never schedules a pair when either side said no thanks, and lists it as declined', async () => {
    const instance: FairInstance = {
      slots: slots(3),
      tables: 5,
      participants: [
        buyer('B1', { preferences: { mustMeet: [], meet: [], noThanks: ['E1'] } }),
        buyer('B2', { preferences: { mustMeet: ['E2'], meet: [], noThanks: [] } }),
        exhibitor('E1', { preferences: { mustMeet: ['B1'], meet: [], noThanks: [] } }),
        exhibitor('E2', { preferences: { mustMeet: [], meet: [], noThanks: ['B2'] } }),
      ],
    };
    const r = await run(instance);
    expect(r.meetings).toEqual([]);
    expect(reasonOf(r, 'B1', 'E1')).toMatchObject({ code: 'declined', reason: 'declined: B1 said no thanks', weight: 100 });
    expect(reasonOf(r, 'B2', 'E2')).toMatchObject({ code: 'declined', reason: 'declined: E2 said no thanks', weight: 150 });
  });

  it('gives a capped participant only its heaviest meetings and says whose cap stopped the rest', async () => {
    const instance: FairInstance = {
      slots: slots(4),
      tables: 10,
      participants: [
        buyer('B1', { cap: 2, preferences: { mustMeet: ['E1'], meet: ['E2'], noThanks: [] } }),
        exhibitor('E1'),
        exhibitor('E2', { preferences: { mustMeet: [], meet: ['B1'], noThanks: [] } }),
        exhibitor('E3', { preferences: { mustMeet: [], meet: ['B1'], noThanks: [] } }),
        exhibitor('E4', { preferences: { mustMeet: [], meet: ['B1'], noThanks: [] } }),
      ],
    };
    const r = await run(instance);
    expect(met(r)).toEqual(['B1-E1', 'B1-E2']);
    expect(r.totalWeight).toBe(150 + 25);
    expect(reasonOf(r, 'B1', 'E3')).toMatchObject({ code: 'cap-reached' });
    expect(reasonOf(r, 'B1', 'E3')!.reason).toContain('cap reached for B1: 2 meetings, each weighing at least as much');
  });

  it('never uses a blocked slot and explains a pair with no common free slot', async () => {
    const instance: FairInstance = {
      slots: slots(2),
      tables: 10,
      participants: [
        buyer('B1', { blockedSlots: ['s1'], preferences: { mustMeet: [], meet: ['E1', 'E2'], noThanks: [] } }),
        exhibitor('E1', { blockedSlots: ['s2'] }),
        exhibitor('E2'),
      ],
    };
    const r = await run(instance);
    expect(r.meetings).toEqual([{ slotId: 's2', table: 1, buyerId: 'B1', exhibitorId: 'E2', weight: 15 }]);
    expect(reasonOf(r, 'B1', 'E1')).toMatchObject({ code: 'no-common-slot', reason: 'no common free slot: B1 blocked s1; E1 blocked s2' });
  });

  it('holds a booth holder’s meetings at its booth, outside the shared tables, and no one else meets there', async () => {
    const instance: FairInstance = {
      slots: slots(1),
      tables: 2,
      participants: [
        buyer('B1', { fixedTable: 2, preferences: { mustMeet: [], meet: ['E1'], noThanks: [] } }),
        buyer('B2', { preferences: { mustMeet: [], meet: ['E2'], noThanks: [] } }),
        buyer('B3', { preferences: { mustMeet: [], meet: ['E3'], noThanks: [] } }),
        exhibitor('E1'),
        exhibitor('E2'),
        exhibitor('E3'),
      ],
    };
    const r = await run(instance);
    expect(r.meetings.find((m) => m.buyerId === 'B1')).toMatchObject({ table: 2 });
    // One shared table (table 1) for B2 and B3: one of them waits, for want of a table.
    expect(r.meetings).toHaveLength(2);
    const waiting = r.unscheduled.find((u) => u.buyerId === 'B2' || u.buyerId === 'B3')!;
    expect(waiting).toMatchObject({ code: 'no-table' });
    expect(r.meetings.filter((m) => m.table === 2).every((m) => m.buyerId === 'B1')).toBe(true);
  });

  it('refuses two participants claiming the same booth', async () => {
    const instance: FairInstance = {
      slots: slots(1),
      tables: 2,
      participants: [buyer('B1', { fixedTable: 1 }), buyer('B2', { fixedTable: 1 })],
    };
    await expect(scheduleFair(instance)).rejects.toBeInstanceOf(FairInputError);
  });

  it('keeps every confirmed meeting in a top-up run and fills the freed slots', async () => {
    const base = generateFair({ buyers: 20, exhibitors: 40, requests: 200, slots: 6, tables: 12, seed: 7 });
    const first = await run(base);
    const confirmed = first.meetings.filter((_, i) => i % 2 === 0).map(({ weight: _w, ...m }) => m);
    // Half the meetings are confirmed, the others cancelled; a newcomer asks for the busiest buyer.
    const busiest = first.meetings[0]!.buyerId;
    const topUp: FairInstance = {
      ...base,
      participants: [...base.participants, exhibitor('E-new', { preferences: { mustMeet: [busiest], meet: [], noThanks: [] } })],
      confirmed,
    };
    const second = await run(topUp);
    const kept = new Set(second.meetings.map((m) => `${m.slotId}|${m.table}|${m.buyerId}|${m.exhibitorId}`));
    for (const c of confirmed) expect(kept.has(`${c.slotId}|${c.table}|${c.buyerId}|${c.exhibitorId}`)).toBe(true);
    expect(second.released).toEqual([]);
    expect(second.mode).toBe('top-up');
    expect(second.meetings.length).toBeGreaterThan(confirmed.length);
  });

  it('releases, with the reason, a confirmed meeting that the current data forbids', async () => {
    const instance: FairInstance = {
      slots: slots(2),
      tables: 4,
      participants: [buyer('B1', { blockedSlots: ['s1'], preferences: { mustMeet: [], meet: ['E1'], noThanks: [] } }), exhibitor('E1')],
      confirmed: [{ slotId: 's1', table: 1, buyerId: 'B1', exhibitorId: 'E1' }],
    };
    const r = await run(instance);
    expect(r.released).toEqual([
      {
        meeting: instance.confirmed![0],
        reason: 'B1 blocked slot s1',
        reasonText: { vi: 'B1 đã chặn khung giờ s1', en: 'B1 blocked slot s1' },
      },
    ]);
    expect(r.meetings).toEqual([{ slotId: 's2', table: 1, buyerId: 'B1', exhibitorId: 'E1', weight: 15 }]);
  });

  it('releases confirmed meetings a no-thanks or a lowered cap now forbids, and keeps the rest', async () => {
    const instance: FairInstance = {
      slots: slots(3),
      tables: 4,
      participants: [
        buyer('B1', { cap: 1, preferences: { mustMeet: [], meet: ['E1', 'E2'], noThanks: [] } }),
        buyer('B2', { preferences: { mustMeet: [], meet: [], noThanks: ['E3'] } }),
        exhibitor('E1'),
        exhibitor('E2'),
        exhibitor('E3', { preferences: { mustMeet: [], meet: ['B2'], noThanks: [] } }),
      ],
      confirmed: [
        { slotId: 's1', table: 1, buyerId: 'B1', exhibitorId: 'E1' },
        { slotId: 's2', table: 1, buyerId: 'B1', exhibitorId: 'E2' },
        { slotId: 's1', table: 2, buyerId: 'B2', exhibitorId: 'E3' },
      ],
    };
    const r = await run(instance);
    expect(r.meetings).toEqual([{ slotId: 's1', table: 1, buyerId: 'B1', exhibitorId: 'E1', weight: 15 }]);
    expect(r.released.map((x) => x.reason)).toEqual(['cap reached for B1', 'B2 now says no thanks']);
  });

  it('counts a confirmed meeting at a shared table against the shared tables of its slot', async () => {
    const instance: FairInstance = {
      slots: slots(1),
      tables: 1,
      participants: [
        buyer('B1', { preferences: { mustMeet: [], meet: ['E1'], noThanks: [] } }),
        buyer('B2', { preferences: { mustMeet: ['E2'], meet: [], noThanks: [] } }),
        exhibitor('E1'),
        exhibitor('E2'),
      ],
      confirmed: [{ slotId: 's1', table: 1, buyerId: 'B1', exhibitorId: 'E1' }],
    };
    const r = await run(instance);
    // Even a must-meet does not displace a confirmed meeting.
    expect(met(r)).toEqual(['B1-E1']);
    expect(reasonOf(r, 'B2', 'E2')).toMatchObject({ code: 'no-table', mustMeet: true });
  });

  it('holds an exhibitor’s meetings at its booth when the buyer has none', async () => {
    const instance: FairInstance = {
      slots: slots(2),
      tables: 1,
      participants: [
        buyer('B1', { preferences: { mustMeet: [], meet: ['E1'], noThanks: [] } }),
        buyer('B2', { preferences: { mustMeet: [], meet: ['E1'], noThanks: [] } }),
        exhibitor('E1', { fixedTable: 1 }),
      ],
    };
    const r = await run(instance);
    expect(r.meetings.map((m) => [m.slotId, m.table])).toEqual([
      ['s1', 1],
      ['s2', 1],
    ]);
  });

  it('places a must-meet even where the ordinary meetings it displaces weigh more', async () => {
    // One slot. E1's must-meet with B1 weighs 50 (they met before: ×0.5); B1–E2 (mutual meet, 25)
    // and B2–E1 (mutual meet with a priority buyer, 50) together weigh 75.
    const instance: FairInstance = {
      slots: slots(1),
      tables: 5,
      participants: [
        buyer('B1', { preferences: { mustMeet: [], meet: ['E2'], noThanks: [] } }),
        buyer('B2', { priority: true, preferences: { mustMeet: [], meet: ['E1'], noThanks: [] } }),
        exhibitor('E1', { preferences: { mustMeet: ['B1'], meet: ['B2'], noThanks: [] } }),
        exhibitor('E2', { preferences: { mustMeet: [], meet: ['B1'], noThanks: [] } }),
      ],
      metBefore: [{ buyerId: 'B1', exhibitorId: 'E1' }],
    };
    const r = await run(instance);
    expect(met(r)).toEqual(['B1-E1']);
    expect(r.totalWeight).toBe(50);
    expect(r.upperBound).toBe(75);
    expect(r.stats).toMatchObject({ mustMeetPairs: 1, mustMeetPlaced: 1 });
    expect(reasonOf(r, 'B2', 'E1')).toMatchObject({
      code: 'busy',
      reason: 'never free in the same slot: s1: E1 meets B1 (50); displaced by meetings weighing at least as much (≥ 50)',
    });
  });

  it('gives every requesting participant a meeting before maximising weight, and records the cost', async () => {
    // One slot. Max weight alone is B1–E1 (25); covering E2 and B2 instead gives B1–E2 + B2–E1 (20).
    const instance: FairInstance = {
      slots: slots(1),
      tables: 5,
      participants: [
        buyer('B1', { preferences: { mustMeet: [], meet: ['E1'], noThanks: [] } }),
        buyer('B2'),
        exhibitor('E1', { preferences: { mustMeet: [], meet: ['B1', 'B2'], noThanks: [] } }),
        exhibitor('E2', { preferences: { mustMeet: [], meet: ['B1'], noThanks: [] } }),
      ],
    };
    const r = await run(instance);
    expect(met(r)).toEqual(['B1-E2', 'B2-E1']);
    expect(r.totalWeight).toBe(20);
    expect(r.upperBound).toBe(25);
    expect(r.gapPct).toBe(20);
    expect(r.stats).toMatchObject({ requestingWithoutMeeting: 0, fairnessCost: 5 });
  });

  it('bounds the total by the LP optimum, and by the degree bound without the LP', async () => {
    const instance = generateFair({ buyers: 15, exhibitors: 30, requests: 120, slots: 4, tables: 6, seed: 3 });
    const withLp = await run(instance);
    expect(withLp.boundMethod).toBe('lp');
    const without = await scheduleFair(instance, { useLp: false });
    expect(checkFairRun(instance, without)).toEqual([]);
    expect(without.boundMethod).toBe('degree');
    expect(without.upperBound).toBeGreaterThanOrEqual(withLp.upperBound);
  });

  it('refuses, with the reason, a fair with more requested pairs than a run takes on', async () => {
    const instance = generateFair({ buyers: 15, exhibitors: 30, requests: 120, slots: 4, tables: 6, seed: 3 });
    const refused = scheduleFair(instance, { modelLimits: { requestedPairs: 100 } });
    await expect(refused).rejects.toBeInstanceOf(FairTooLargeError);
    await expect(refused).rejects.toThrow(/make 120 requested pairs; a run takes at most 100/);
    // A limit is only ever lowered: asking for more than FAIR_MODEL_LIMITS changes nothing.
    const many = FAIR_MODEL_LIMITS.requestedPairs + 1;
    const lots = Array.from({ length: Math.ceil(many / 300) }, (_, i) => `B${i}`);
    const exhibitors = Array.from({ length: 300 }, (_, i) => exhibitor(`E${i}`));
    const huge: FairInstance = {
      slots: slots(2),
      tables: 2,
      participants: [
        ...lots.map((id) => buyer(id, { preferences: { mustMeet: [], meet: exhibitors.map((e) => e.id), noThanks: [] } })),
        ...exhibitors,
      ],
    };
    await expect(scheduleFair(huge, { modelLimits: { requestedPairs: 10 * many } })).rejects.toBeInstanceOf(FairTooLargeError);
  });

  it('solves the LP over pairs where the (pair, slot) model passes its limit, and still bounds the total', async () => {
    const instance = generateFair({ buyers: 15, exhibitors: 30, requests: 120, slots: 4, tables: 6, seed: 3 });
    const bySlot = await run(instance);
    const byPair = await scheduleFair(instance, { modelLimits: { slotLpColumns: 50 } });
    expect(checkFairRun(instance, byPair)).toEqual([]);
    expect(byPair.boundMethod).toBe('lp-pairs');
    // A column per pair, not per (pair, slot).
    expect(byPair.stats.lpColumns).toBeLessThan(bySlot.stats.lpColumns);
    // The pair model ignores which slots are common: a weaker bound, never below the slot model's.
    expect(byPair.upperBound).toBeGreaterThanOrEqual(bySlot.upperBound);
    expect(byPair.totalWeight).toBeLessThanOrEqual(byPair.upperBound);
  });

  it('stops the fairness phase at its deadline and says so', async () => {
    // The instance of the test above: the fairness phase alone covers E2 and B2.
    const instance: FairInstance = {
      slots: slots(1),
      tables: 5,
      participants: [
        buyer('B1', { preferences: { mustMeet: [], meet: ['E1'], noThanks: [] } }),
        buyer('B2'),
        exhibitor('E1', { preferences: { mustMeet: [], meet: ['B1', 'B2'], noThanks: [] } }),
        exhibitor('E2', { preferences: { mustMeet: [], meet: ['B1'], noThanks: [] } }),
      ],
    };
    const r = await scheduleFair(instance, { fairnessBudgetMs: 0 });
    expect(checkFairRun(instance, r)).toEqual([]);
    expect(met(r)).toEqual(['B1-E1']);
    expect(r.stats).toMatchObject({ requestingWithoutMeeting: 2, fairnessCost: 0, cutShort: ['fairness'] });
    expect((await scheduleFair(instance)).stats.cutShort).toEqual([]);
  });

  it('keeps every phase within the run’s deadline: none left, a valid first-fit schedule with the degree bound', async () => {
    const instance = generateFair({ buyers: 15, exhibitors: 30, requests: 120, slots: 4, tables: 6, seed: 3 });
    const r = await scheduleFair(instance, { deadlineMs: 0 });
    expect(checkFairRun(instance, r)).toEqual([]);
    expect(r.boundMethod).toBe('degree');
    expect(r.stats.lpMs).toBe(0);
    expect(r.stats.cutShort).toEqual(expect.arrayContaining(['lp', 'fairness']));
    expect(r.meetings.length).toBeGreaterThan(0);
  });

  it('fails loudly, never raising the bound, when a schedule would weigh more than its proven bound', () => {
    expect(() => assertWithinBound(100.01, 100, 'lp')).toThrow(SchedulerError);
    expect(() => assertWithinBound(100.01, 100, 'lp')).toThrow(/exceeds its proven upper bound 100 \(lp\)/);
    expect(() => assertWithinBound(100, 100, 'lp')).not.toThrow();
  });

  it('produces schedules that pass every check on generated fairs, table-bound and participant-bound', async () => {
    for (const seed of [1, 2, 3]) {
      const tight = await run(generateFair({ buyers: 30, exhibitors: 70, requests: 500, slots: 8, tables: 10, seed }));
      expect(tight.unscheduled.some((u) => u.code === 'no-table')).toBe(true);
      const loose = await run(generateFair({ buyers: 30, exhibitors: 70, requests: 500, slots: 8, tables: 40, seed }));
      expect(loose.gapPct).toBeLessThan(5);
    }
  }, 60_000);
});

describe('reasons in Vietnamese and English', () => {
  it('says why each pair was not scheduled in both languages, the reason being the English', async () => {
    const tight = await run(generateFair({ buyers: 30, exhibitors: 70, requests: 500, slots: 8, tables: 10, seed: 1 }));
    const codes = new Set(tight.unscheduled.map((u) => u.code));
    expect(codes.size).toBeGreaterThanOrEqual(2);
    for (const u of tight.unscheduled) {
      expect(u.reasonText!.en).toBe(u.reason);
      expect(u.reasonText!.vi, u.reason).not.toBe(u.reason);
    }
  });

  it('names the blocked slots of a pair with no common slot in both languages', async () => {
    const instance: FairInstance = {
      slots: slots(2),
      tables: 10,
      participants: [
        buyer('B1', { blockedSlots: ['s1'], preferences: { mustMeet: [], meet: ['E1'], noThanks: [] } }),
        exhibitor('E1', { blockedSlots: ['s2'] }),
      ],
    };
    expect(reasonOf(await run(instance), 'B1', 'E1')!.reasonText).toEqual({
      vi: 'không có khung giờ trống chung: B1 bận s1; E1 bận s2',
      en: 'no common free slot: B1 blocked s1; E1 blocked s2',
    });
  });
});

describe('the independent checker', () => {
  const instance: FairInstance = {
    slots: slots(2),
    tables: 2,
    participants: [
      buyer('B1', { fixedTable: 2, preferences: { mustMeet: [], meet: ['E1', 'E2'], noThanks: [] } }),
      exhibitor('E1'),
      exhibitor('E2', { blockedSlots: ['s2'] }),
    ],
  };

  it('flags a participant in two meetings at once, a blocked slot, a wrong booth and wrong accounting', async () => {
    const good = await run(instance);
    const bad: FairScheduleRun = {
      ...good,
      meetings: [
        { slotId: 's2', table: 1, buyerId: 'B1', exhibitorId: 'E1', weight: 15 },
        { slotId: 's2', table: 2, buyerId: 'B1', exhibitorId: 'E2', weight: 15 },
      ],
      unscheduled: [],
      totalWeight: 31,
    };
    const v = checkFairRun(instance, bad);
    expect(v).toContain('meeting B1–E2 in s2: B1 has two meetings in the slot');
    expect(v).toContain('meeting B1–E2 in s2: E2 blocked the slot');
    expect(v).toContain('meeting B1–E1 in s2: not at the booth 2 of its host');
    expect(v.some((m) => m.startsWith('totalWeight 31'))).toBe(true);
  });

  it('flags a requested pair missing from the schedule and a false reason', async () => {
    const good = await run(instance);
    const rest = good.meetings.slice(1);
    const dropped: FairScheduleRun = { ...good, meetings: rest, totalWeight: rest.reduce((s, m) => s + m.weight, 0) };
    expect(checkFairRun(instance, dropped).some((m) => m.includes('listed 0 times'))).toBe(true);
    const m = good.meetings[0]!;
    const lying: FairScheduleRun = {
      ...dropped,
      unscheduled: [
        ...good.unscheduled,
        { buyerId: m.buyerId, exhibitorId: m.exhibitorId, weight: m.weight, mustMeet: false, code: 'no-common-slot', reason: 'x' },
      ],
    };
    const violation = `unscheduled ${m.buyerId}|${m.exhibitorId}: reason "no-common-slot" is not true of the schedule`;
    expect(checkFairRun(instance, lying)).toContain(violation);
  });
});
