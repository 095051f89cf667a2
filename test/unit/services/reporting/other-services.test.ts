/**
 * The counters of the other services' events: the match funnel and direct suppliers, fair
 * meetings by difference, trainees from training grants, and withdrawn applications.
 */
import { describe, expect, it } from 'vitest';
import { recordEvents } from '../../../../services/reporting/app/record-events.ts';
import { ALL, funnelMeasure, M, planEvent, SUBSCRIBED_EVENTS, targetMeasure } from '../../../../services/reporting/domain/measures.ts';
import { fairScheduled, granted, progressed, proposed, submitted, withdrawn } from './events.ts';
import { setup } from './fakes.ts';

const DIRECT = targetMeasure('cnht-direct-suppliers');
const CONNECTION = targetMeasure('cnht-connection');

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
      // The same supplier contracted on another need, next year: still one direct supplier.
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
    expect(store.measure(2026, 'all', ALL, DIRECT) + store.measure(2027, 'all', ALL, DIRECT)).toBe(1);
    expect(store.measure(2026, 'commune', '00004', DIRECT)).toBe(1);
    expect(store.measure(2026, 'agency', 'so-cong-thuong', DIRECT)).toBe(1);
  });

  it('counts a supplier contracted through a match and granted toward the same target once', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [progressed('m1', 'contracted'), granted('g1', { targets: ['cnht-direct-suppliers'] })]);
    expect(store.measure(2026, 'all', ALL, DIRECT)).toBe(1);
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
});

describe('trainees', () => {
  it('counts the head counts a training grant recorded toward the trainee targets and measures', async () => {
    const { deps, store } = setup();
    const targets = ['workers-trained', 'ceos-trained'];
    await recordEvents(deps, [
      granted('g1', { targets, workers: 40, ceos: 2 }),
      granted('g2', { targets, taxCode: '0314409058', workers: 25, ceos: 0 }),
    ]);
    expect(store.measure(2026, 'all', ALL, targetMeasure('workers-trained'))).toBe(65);
    expect(store.measure(2026, 'all', ALL, targetMeasure('ceos-trained'))).toBe(2);
    expect(store.measure(2026, 'all', ALL, M.workersTrained)).toBe(65);
    expect(store.measure(2026, 'commune', '00004', M.ceosTrained)).toBe(2);
    expect(store.measure(2026, 'programme', 'prog-1', M.workersTrained)).toBe(65);
  });

  it('counts a trainee grant recorded without a head count as one, as before head counts existed', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [granted('g1', { targets: ['workers-trained'] })]);
    expect(store.measure(2026, 'all', ALL, targetMeasure('workers-trained'))).toBe(1);
    expect(store.measure(2026, 'all', ALL, M.workersTrained)).toBe(0);
  });
});

describe('withdrawn applications', () => {
  it('takes a withdrawn application off the open count of its due day and counts it withdrawn', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [submitted('s1'), submitted('s2')]);
    await recordEvents(deps, [withdrawn('w1', { from: 'scored' }), withdrawn('w1', { from: 'scored' })]);
    await recordEvents(deps, [withdrawn('w1', { from: 'scored' })]);
    expect(store.measure(2026, 'due', '2026-12-10#so-cong-thuong', M.open)).toBe(1);
    expect(store.measure(2026, 'all', ALL, M.withdrawn)).toBe(1);
    expect(store.measure(2026, 'day-agency', '2026-11-22#so-cong-thuong', M.withdrawn)).toBe(1);
  });

  it('counts nothing for a draft withdrawn (it was never received)', () => {
    expect(planEvent(withdrawn('w1', { from: 'draft' })).effects).toEqual([]);
  });
});
