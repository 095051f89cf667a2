/**
 * `GET /fairs/{id}/schedule` a page at a time, over stored runs as large as the fair limits allow:
 * whole groups within the page's meeting budget, the unscheduled pairs across their stored chunks,
 * a cursor that keeps its run, and a run stored before the parts existed.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../../shared/access/policy.ts';
import { ValidationError } from '../../../../../shared/errors.ts';
import type { FairRun, ScheduleDocument } from '../../../../../services/matching/app/fair-ports.ts';
import { scheduleKeyOf } from '../../../../../services/matching/app/fair-runs.ts';
import {
  getSchedule,
  MAX_PAGE_MEETINGS,
  type ScheduleQuery,
  scheduleParts,
  type SlotGroup,
  UNSCHEDULED_PER_CHUNK,
} from '../../../../../services/matching/app/fair-schedule.ts';
import { createFair } from '../../../../../services/matching/app/fairs.ts';
import type { Fair } from '../../../../../services/matching/domain/fairs/fair.ts';
import type { FairMeeting, UnscheduledPair } from '../../../../../services/matching/domain/fairs/types.ts';
import { fakeFairDeps, type FairTestDeps } from '../fair-fakes.ts';

const officer: Actor = { sub: 'officer-sct', agency: 'so-cong-thuong', roles: ['officer'] };

const id = (kind: 'b' | 'e', i: number) => `${kind === 'b' ? '0b' : '0e'}000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** A finished run of `fair` as executeRun stores it: the document, and its parts unless `legacy`. */
async function stored(deps: FairTestDeps, fair: Fair, run: ScheduleDocument['run'], o: { legacy?: boolean; n?: number } = {}) {
  const runId = `00000000-0000-4000-8000-${String(o.n ?? 1).padStart(12, '0')}`;
  const key = scheduleKeyOf(fair.id, runId);
  const people = new Set(
    run.meetings.flatMap((m) => [m.buyerId, m.exhibitorId]).concat(run.unscheduled.flatMap((u) => [u.buyerId, u.exhibitorId])),
  );
  const doc: ScheduleDocument = {
    fairId: fair.id,
    runId,
    mode: 'initial',
    completedAt: '2026-12-01T00:00:00.000Z',
    slots: fair.slots,
    tables: fair.tables,
    participants: [...people].map((p) => ({ id: p, role: p.startsWith('0b') ? 'buyer' : 'exhibitor', name: `Công ty ${p.slice(-4)}` })),
    input: { slots: fair.slots.map((s) => s.id), tables: fair.tables, participants: [] },
    run,
  };
  await deps.schedules.put(key, doc);
  if (!o.legacy) {
    const parts = scheduleParts(doc);
    await deps.schedules.putParts(key, parts.view, parts.unscheduled);
  }
  const r: FairRun = {
    fairId: fair.id,
    id: runId,
    mode: 'initial',
    status: 'done',
    requestedAt: doc.completedAt,
    requestedBy: officer.sub,
    finishedAt: doc.completedAt,
    scheduleKey: key,
    summary: {
      meetings: run.meetings.length,
      meetingsAdded: run.meetings.length,
      meetingsRemoved: 0,
      totalWeight: run.totalWeight,
      upperBound: run.upperBound,
      boundMethod: run.boundMethod,
      gapPct: run.gapPct,
      unscheduled: run.unscheduled.length,
      released: 0,
      stats: run.stats,
    },
  };
  deps.fairs.runs.set(`${fair.id}|${runId}`, r);
  deps.fairs.fairs.get(fair.id)!.scheduleRunId = runId;
  return r;
}

/** 750 buyers meeting 750 exhibitors in every one of `slots` slots (the most a slot can hold), and `unscheduled` pairs left. */
function fullRun(fair: Fair, unscheduled: number): ScheduleDocument['run'] {
  const meetings: FairMeeting[] = fair.slots.flatMap((s, k) =>
    Array.from({ length: 750 }, (_, i) => ({
      slotId: s.id,
      table: i + 1,
      buyerId: id('b', i),
      exhibitorId: id('e', (i + k) % 750),
      weight: 10,
    })),
  );
  const left: UnscheduledPair[] = Array.from({ length: unscheduled }, (_, i) => ({
    buyerId: id('b', i % 750),
    exhibitorId: id('e', (i * 7) % 750),
    weight: 5,
    mustMeet: false,
    code: 'busy',
    reason: `never free in the same slot: pair ${i}`,
  }));
  return {
    mode: 'initial',
    meetings,
    unscheduled: left,
    released: [],
    totalWeight: meetings.length * 10,
    upperBound: meetings.length * 10 + left.length * 5,
    boundMethod: 'lp',
    gapPct: 1,
    stats: {
      requestedPairs: meetings.length + left.length,
      mustMeetPairs: 0,
      mustMeetPlaced: 0,
      requestingParticipants: 1500,
      requestingWithoutMeeting: 0,
      fairnessCost: 0,
      lpIntegral: true,
      lpMs: 1,
      lpLoadMs: 0,
      lpColumns: 1,
      lpRows: 1,
      totalMs: 1,
      cutShort: [],
    },
  };
}

async function bigFair(deps: FairTestDeps, slots: number) {
  return createFair(deps, officer, {
    name: 'Hội chợ lớn',
    slotMinutes: 20,
    sessions: [{ startsAt: '2026-12-10T08:30:00+07:00', slots }],
    tables: 1000,
  });
}

async function allPages(deps: FairTestDeps, fairId: string, q: Omit<ScheduleQuery, 'cursor'>) {
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = await getSchedule(deps, officer, fairId, { ...q, cursor });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

describe('the schedule, a page at a time', () => {
  it('returns whole slot groups, never more meetings on a page than its budget, and each meeting once', async () => {
    const deps = fakeFairDeps();
    const fair = await bigFair(deps, 8);
    await stored(deps, fair, fullRun(fair, 0));
    const pages = await allPages(deps, fair.id, { part: 'groups', by: 'slot', limit: 100 });
    // 750 meetings a slot: five slots fit in 4,000, the sixth would not.
    expect(pages.map((p) => (p.items as SlotGroup[]).map((g) => g.slotId))).toEqual([
      ['s01', 's02', 's03', 's04', 's05'],
      ['s06', 's07', 's08'],
    ]);
    for (const p of pages) {
      expect((p.items as SlotGroup[]).reduce((n, g) => n + g.meetings.length, 0)).toBeLessThanOrEqual(MAX_PAGE_MEETINGS);
      expect(p.counts).toEqual({ meetings: 6000, unscheduled: 0, released: 0, groups: 8 });
      // The page names the participants its meetings mention, no one else.
      const mentioned = new Set((p.items as SlotGroup[]).flatMap((g) => g.meetings.flatMap((m) => [m.buyerId, m.exhibitorId])));
      expect(new Set(p.participants.map((x) => x.id))).toEqual(mentioned);
    }
    const seen = pages.flatMap((p) => (p.items as SlotGroup[]).flatMap((g) => g.meetings.map((m) => `${g.slotId}|${m.table}`)));
    expect(new Set(seen).size).toBe(6000);
    expect((await getSchedule(deps, officer, fair.id, { part: 'groups', by: 'slot', limit: 2 })).items).toHaveLength(2);
  });

  it('pages the unscheduled pairs on their own, across their stored chunks, in their order', async () => {
    const deps = fakeFairDeps();
    const fair = await bigFair(deps, 1);
    const run = fullRun(fair, UNSCHEDULED_PER_CHUNK * 2 + 345);
    await stored(deps, fair, run);
    const pages = await allPages(deps, fair.id, { part: 'unscheduled', by: 'slot', limit: 100 });
    expect(pages).toHaveLength(24);
    expect(pages.flatMap((p) => p.items)).toEqual(run.unscheduled);
    expect(pages[0]).toMatchObject({ part: 'unscheduled', counts: { meetings: 750, unscheduled: 2345, released: 0 } });
    expect(pages[0]).not.toHaveProperty('by');
  });

  it('reads a run stored before the parts existed from its whole document, the same way', async () => {
    const deps = fakeFairDeps();
    const fair = await bigFair(deps, 3);
    const run = fullRun(fair, 1500);
    await stored(deps, fair, run, { legacy: true });
    const legacy = await allPages(deps, fair.id, { part: 'unscheduled', by: 'slot', limit: 100 });
    expect(legacy.flatMap((p) => p.items)).toEqual(run.unscheduled);
    const groups = await getSchedule(deps, officer, fair.id, { part: 'groups', by: 'table', limit: 3 });
    expect(groups.counts).toEqual({ meetings: 2250, unscheduled: 1500, released: 0, groups: 750 });
    expect(groups.items).toHaveLength(3);
  });

  it('keeps reading the run a cursor started on when another run replaces it, and refuses a cursor of another query', async () => {
    const deps = fakeFairDeps();
    const fair = await bigFair(deps, 4);
    const first = await stored(deps, fair, fullRun(fair, 0));
    const page1 = await getSchedule(deps, officer, fair.id, { part: 'groups', by: 'slot', limit: 2 });
    await stored(deps, fair, fullRun(fair, 10), { n: 2 });
    const page2 = await getSchedule(deps, officer, fair.id, { part: 'groups', by: 'slot', limit: 2, cursor: page1.nextCursor! });
    expect(page2.runId).toBe(first.id);
    expect((page2.items as SlotGroup[]).map((g) => g.slotId)).toEqual(['s03', 's04']);
    expect((await getSchedule(deps, officer, fair.id, { part: 'groups', by: 'slot', limit: 2 })).runId).not.toBe(first.id);
    for (const q of [
      { part: 'groups' as const, by: 'table' as const },
      { part: 'unscheduled' as const, by: 'slot' as const },
    ]) {
      await expect(getSchedule(deps, officer, fair.id, { ...q, limit: 2, cursor: page1.nextCursor! })).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
    await expect(
      getSchedule(deps, officer, fair.id, { part: 'groups', by: 'slot', limit: 2, cursor: 'not-a-cursor' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
