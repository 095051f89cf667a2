/**
 * The counters of the other services' events: the match funnel and direct suppliers (to makers and
 * assemblers of finished products only), fair meetings by difference and fair participations once
 * per enterprise per fair, completed activities (indirect support, people trained, experts,
 * conformity bodies, conferences and publications; parts and re-deliveries counted once),
 * trainees from training grants, and withdrawn applications.
 */
import { describe, expect, it } from 'vitest';
import { recordEvents } from '../../../../services/reporting/app/record-events.ts';
import { ALL, counters, funnelMeasure, M, planEvent, SUBSCRIBED_EVENTS } from '../../../../services/reporting/domain/measures.ts';
import { activity, fairScheduled, granted, person, progressed, proposed, submitted, withdrawn } from './events.ts';
import { setup } from './fakes.ts';

const DIRECT = counters.year('direct-suppliers');
const DIRECT_P = counters.period('direct-suppliers');
const CONNECTION = counters.year('cnht-connection');

describe('the match funnel', () => {
  it('subscribes to matching and fair events, and not to selections (their decisions arrive as application.decided)', () => {
    expect(SUBSCRIBED_EVENTS).toEqual(
      expect.arrayContaining(['match.proposed', 'match.progressed', 'fair.scheduled', 'application.withdrawn']),
    );
    expect(SUBSCRIBED_EVENTS).not.toContain('selection.completed');
    expect(SUBSCRIBED_EVENTS).not.toContain('selection.applied');
  });

  it('counts each step by year, month, agency, commune and section of the supplier', () => {
    const plan = planEvent(progressed('p1', 'met', { at: '2026-10-31T18:00:00Z', commune: '00007' }));
    const step = plan.effects.find((e) => e.measure === funnelMeasure('met'))!;
    expect(step.cells.map((c) => `${c.year}:${c.dim}=${c.value}`).sort()).toEqual(
      ['2026:agency=so-cong-thuong', '2026:all=*', '2026:commune=00007', '2026:month=2026-11', '2026:section=C'].sort(),
    );
  });

  it('moves the funnel counters step by step and counts a contracted supplier once over 2026–2030, re-deliveries included', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [
      proposed('m1'),
      progressed('m2', 'contacted'),
      progressed('m3', 'contracted', { previous: 'contacted' }),
      // The same supplier contracted on another need, next year: still one direct supplier over the period.
      proposed('m4', { needId: 'need-2', at: '2027-01-05T02:00:00Z' }),
      progressed('m5', 'contracted', { needId: 'need-2', at: '2027-03-01T02:00:00Z' }),
      progressed('m6', 'declined', { taxCode: '0314409058' }),
    ]);
    await recordEvents(deps, [progressed('m3', 'contracted', { previous: 'contacted' })]);
    expect(store.measure(2026, 'all', ALL, funnelMeasure('proposed'))).toBe(1);
    expect(store.measure(2026, 'all', ALL, funnelMeasure('contacted'))).toBe(1);
    expect(store.measure(2026, 'all', ALL, funnelMeasure('contracted'))).toBe(1);
    expect(store.measure(2026, 'all', ALL, funnelMeasure('declined'))).toBe(1);
    expect(store.measure(2027, 'all', ALL, funnelMeasure('contracted'))).toBe(1);
    expect(store.measure(2026, 'all', ALL, DIRECT_P) + store.measure(2027, 'all', ALL, DIRECT_P)).toBe(1);
    expect(store.measure(2026, 'commune', '00004', DIRECT)).toBe(1);
    expect(store.measure(2026, 'agency', 'so-cong-thuong', DIRECT)).toBe(1);
  });

  it('counts a direct supplier only for a contract with a buyer that makes or assembles finished products', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [
      // A tier-1 buyer, or a trader that assembles nothing: the funnel moves, no direct supplier.
      progressed('m1', 'contracted', { taxCode: '0100233488', buyerKind: 'tier1', assembler: false }),
      progressed('m2', 'contracted', { taxCode: '0314409058', buyerKind: 'enterprise', assembler: false }),
      // An FDI manufacturer whose buyer record says it assembles finished products.
      progressed('m3', 'contracted', { taxCode: '0100000001', buyerKind: 'fdi', assembler: true }),
      // Messages from before matching said: an OEM does, anything else does not.
      progressed('m4', 'contracted', { taxCode: '0100000002', buyerKind: 'oem', assembler: null }),
      progressed('m5', 'contracted', { taxCode: '0100000003', buyerKind: 'fdi', assembler: null }),
    ]);
    expect(store.measure(2026, 'all', ALL, funnelMeasure('contracted'))).toBe(5);
    expect(store.measure(2026, 'all', ALL, DIRECT)).toBe(2);
  });

  it('no longer counts a grant that names the direct-suppliers target as a direct supplier', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [granted('g1', { targets: ['cnht-direct-suppliers'], contents: ['value-chain/supplier-readiness'] })]);
    expect(store.measure(2026, 'all', ALL, DIRECT)).toBe(0);
  });

  it('counts a proposal as a connection participation once per supplier and buyer', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [
      proposed('m1', { needId: 'need-1' }),
      proposed('m2', { needId: 'need-2' }),
      proposed('m3', { needId: 'need-3', buyerId: 'buyer-2' }),
    ]);
    expect(store.measure(2026, 'all', ALL, funnelMeasure('proposed'))).toBe(3);
    expect(store.measure(2026, 'all', ALL, CONNECTION)).toBe(2);
  });
});

describe('fair meetings', () => {
  const a = { taxCode: '0100233488', commune: '00004', vsic: '2592' };
  const b = { taxCode: '0314409058', commune: '00007', vsic: '6201' };

  it('adds each run’s meetings added minus removed, in the month the fair is held, never twice', async () => {
    const { deps, store } = setup();
    const initial = fairScheduled('f1', {
      added: 10,
      removed: 0,
      meetings: 10,
      enterprises: [
        { ...a, added: 6, removed: 0 },
        { ...b, added: 4, removed: 0 },
      ],
    });
    const topUp = fairScheduled('f2', {
      added: 3,
      removed: 2,
      meetings: 11,
      enterprises: [
        { ...a, added: 1, removed: 2 },
        { ...b, added: 2, removed: 0 },
      ],
    });
    await recordEvents(deps, [initial]);
    await recordEvents(deps, [topUp, initial]);
    await recordEvents(deps, [topUp]);
    expect(store.measure(2026, 'all', ALL, M.fairMeetings)).toBe(11);
    expect(store.measure(2026, 'month', '2026-12', M.fairMeetings)).toBe(11);
    expect(store.measure(2026, 'agency', 'so-cong-thuong', M.fairMeetings)).toBe(11);
    expect(store.measure(2026, 'commune', '00004', M.fairMeetings)).toBe(5);
    expect(store.measure(2026, 'commune', '00007', M.fairMeetings)).toBe(6);
    expect(store.measure(2026, 'section', 'J', M.fairMeetings)).toBe(6);
  });

  it('plans an enterprise with no change, or without a commune, into no commune cell', () => {
    const plan = planEvent(
      fairScheduled('f1', {
        added: 2,
        removed: 0,
        meetings: 2,
        enterprises: [
          { ...a, added: 0, removed: 0 },
          { ...b, commune: '', added: 2, removed: 0 },
        ],
      }),
    );
    expect(plan.effects.flatMap((e) => e.cells).filter((c) => c.dim === 'commune')).toEqual([]);
  });

  it('counts a connection participation once per enterprise per fair, however many runs place it', async () => {
    const { deps, store } = setup();
    const run = (id: string, fairId: string, added: number) =>
      fairScheduled(id, {
        fairId,
        added,
        removed: 0,
        meetings: added,
        enterprises: [
          { ...a, added, removed: 0 },
          { ...b, added, removed: 0 },
        ],
      });
    await recordEvents(deps, [run('r1', 'fair-1', 4), run('r2', 'fair-1', 2), run('r3', 'fair-2', 3)]);
    await recordEvents(deps, [run('r2', 'fair-1', 2)]);
    // Two enterprises at two fairs: four participations.
    expect(store.measure(2026, 'all', ALL, CONNECTION)).toBe(4);
    expect(store.measure(2026, 'commune', '00004', CONNECTION)).toBe(2);
    expect(store.measure(2026, 'agency', 'so-cong-thuong', CONNECTION)).toBe(4);
  });
});

describe('completed activities', () => {
  const enterprises = ['0100233488', '0314409058', '0100000001'];

  it('counts attending enterprises toward indirect support once, however often a part is delivered', async () => {
    const { deps, store } = setup();
    const part1 = activity('p1', { kind: 'information-session', part: 1, parts: 2, attendance: { enterprises: enterprises.slice(0, 2) } });
    const part2 = activity('p2', { kind: 'information-session', part: 2, parts: 2, attendance: { enterprises: enterprises.slice(2) } });
    await recordEvents(deps, [part1, part2]);
    await recordEvents(deps, [part2, part1]);
    // Completed again after a correction (a new event, revision 2): nobody counts twice.
    await recordEvents(deps, [
      activity('p1r2', { kind: 'information-session', revision: 2, part: 1, parts: 1, attendance: { enterprises } }),
    ]);
    expect(store.measure(2026, 'all', ALL, counters.year('indirect-support'))).toBe(3);
    expect(store.measure(2026, 'all', ALL, counters.occurrences('indirect-support'))).toBe(3);
    expect(store.measure(2026, 'agency', 'so-khcn', counters.year('indirect-support'))).toBe(3);
    // Another activity with one of them: still three distinct enterprises, four participations.
    await recordEvents(deps, [activity('x1', { activityId: 'act-2', kind: 'workshop', attendance: { enterprises: ['0100233488'] } })]);
    expect(store.measure(2026, 'all', ALL, counters.year('indirect-support'))).toBe(3);
    expect(store.measure(2026, 'all', ALL, counters.occurrences('indirect-support'))).toBe(4);
  });

  it('counts trainees once per person at training courses only, and head counts by their latest revision', async () => {
    const { deps, store } = setup();
    const people = [
      { personRef: person(1), role: 'worker' as const },
      { personRef: person(2), role: 'ceo' as const },
    ];
    const heads = (count: number) => [{ role: 'worker' as const, count }];
    await recordEvents(deps, [activity('t1', { attendance: { people, headCounts: heads(20) } })]);
    await recordEvents(deps, [activity('t1', { attendance: { people, headCounts: heads(20) } })]);
    expect(store.measure(2026, 'all', ALL, counters.year('workers-trained'))).toBe(1);
    expect(store.measure(2026, 'all', ALL, counters.year('ceos-trained'))).toBe(1);
    expect(store.measure(2026, 'all', ALL, counters.heads('workers-trained'))).toBe(20);
    // A correction: 18 heads, not 20 + 18; revision 1 sent again later (a new message) changes nothing.
    await recordEvents(deps, [activity('t1r2', { revision: 2, attendance: { people, headCounts: heads(18) } })]);
    await recordEvents(deps, [activity('t1-late', { attendance: { people, headCounts: heads(20) } })]);
    expect(store.measure(2026, 'all', ALL, counters.heads('workers-trained'))).toBe(18);
    // A conference's audience is no training.
    await recordEvents(deps, [
      activity('c1', { activityId: 'conf-1', kind: 'conference', attendance: { people: [{ personRef: person(3), role: 'worker' }] } }),
    ]);
    expect(store.measure(2026, 'all', ALL, counters.year('workers-trained'))).toBe(1);
  });

  it('counts conformity bodies and certified experts from attendance, each once over the period', async () => {
    const { deps, store } = setup();
    const attendance = {
      organisations: [
        { key: 'name:0123456789abcdef0123456789abcdef', kind: 'conformity-body' as const },
        { key: 'name:fedcba9876543210fedcba9876543210', kind: 'lab' as const },
      ],
      people: [{ personRef: person(7), role: 'expert' as const }],
    };
    await recordEvents(deps, [
      activity('w1', { activityId: 'ws-1', kind: 'workshop', attendance }),
      activity('w2', { activityId: 'ws-2', kind: 'consulting-round', endsOn: '2027-04-01', attendance }),
    ]);
    expect(store.measure(2026, 'all', ALL, counters.period('conformity-bodies'))).toBe(1);
    expect(store.measure(2027, 'all', ALL, counters.period('conformity-bodies'))).toBe(0);
    expect(store.measure(2026, 'all', ALL, counters.period('certified-experts'))).toBe(1);
    expect(store.measure(2027, 'all', ALL, counters.year('certified-experts'))).toBe(1);
  });

  it('counts a conference or a publication once, in its agency and commune', async () => {
    const { deps, store } = setup();
    const conference = { activityId: 'conf-1', kind: 'conference' as const, agency: 'ubnd-xa', commune: '00004' };
    await recordEvents(deps, [
      activity('c1', { ...conference, part: 1, parts: 2 }),
      activity('c2', { ...conference, part: 2, parts: 2 }),
      activity('c3', { ...conference, revision: 2 }),
      activity('b1', { activityId: 'white-book', kind: 'publication', agency: 'so-tai-chinh' }),
    ]);
    expect(store.measure(2026, 'all', ALL, counters.year('conferences'))).toBe(1);
    expect(store.measure(2026, 'commune', '00004', counters.year('conferences'))).toBe(1);
    expect(store.measure(2026, 'all', ALL, counters.year('publications'))).toBe(1);
  });
});

describe('trainees of training grants', () => {
  it('counts the head counts a training grant recorded, as head counts of the trainee measures', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [
      granted('g1', { contents: ['training/workforce'], workers: 40, ceos: 2 }),
      granted('g2', { contents: ['training/ceo'], taxCode: '0314409058', workers: 25, ceos: 0 }),
    ]);
    expect(store.measure(2026, 'all', ALL, counters.heads('workers-trained'))).toBe(65);
    expect(store.measure(2026, 'all', ALL, counters.heads('ceos-trained'))).toBe(2);
    expect(store.measure(2026, 'all', ALL, M.workersTrained)).toBe(65);
    expect(store.measure(2026, 'commune', '00004', M.ceosTrained)).toBe(2);
    expect(store.measure(2026, 'programme', 'prog-1', M.workersTrained)).toBe(65);
  });

  it('counts no trainee for a grant recorded without a head count (no more one per grant)', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [granted('g1', { contents: ['training/workforce'] })]);
    expect(store.measure(2026, 'all', ALL, counters.heads('workers-trained'))).toBe(0);
    expect(store.measure(2026, 'all', ALL, counters.year('workers-trained'))).toBe(0);
  });
});

describe('withdrawn applications', () => {
  it('counts a withdrawn application once, on the day it was withdrawn and among the files of the day it was received', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [submitted('s1'), submitted('s2')]);
    await recordEvents(deps, [withdrawn('w1', { from: 'scored' }), withdrawn('w1', { from: 'scored' })]);
    await recordEvents(deps, [withdrawn('w1', { from: 'scored' })]);
    expect(store.measure(2026, 'all', ALL, M.withdrawn)).toBe(1);
    expect(store.measure(2026, 'month', '2026-11', M.withdrawn)).toBe(1);
    expect(store.measure(2026, 'day-agency', '2026-11-20#so-cong-thuong', M.receivedWithdrawn)).toBe(1);
  });

  it('counts nothing for a draft withdrawn (it was never received)', () => {
    expect(planEvent(withdrawn('w1', { from: 'draft' })).effects).toEqual([]);
  });
});
