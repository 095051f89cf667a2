import { describe, expect, it } from 'vitest';
import { recordEvents } from '../../../../services/reporting/app/record-events.ts';
import { ALL, counters, EVENT_MEASURES, M, planEvent, SUBSCRIBED_EVENTS } from '../../../../services/reporting/domain/measures.ts';
import { adjusted, decided, granted, registered, submitted, withdrawn } from './events.ts';
import { setup } from './fakes.ts';

const DIRECT = counters.year('direct-support');
const DIRECT_P = counters.period('direct-support');
const DIRECT_N = counters.occurrences('direct-support');

describe('the counter table', () => {
  it('subscribes to exactly the event types it maps, and to approved plans', () => {
    expect([...SUBSCRIBED_EVENTS].sort()).toEqual([...Object.keys(EVENT_MEASURES), 'plan.approved'].sort());
    expect(SUBSCRIBED_EVENTS).toEqual(
      expect.arrayContaining([
        'application.submitted',
        'application.decided',
        'support.granted',
        'grant.adjusted',
        'enterprise.registered',
        'activity.completed',
        'plan.approved',
      ]),
    );
  });

  it('counts a submitted application in every dimension it names, in Hanoi time', () => {
    // 17:30 UTC on 31 Oct is 00:30 on 1 Nov in Hanoi.
    const plan = planEvent(submitted('e1', { at: '2026-10-31T17:30:00Z' }));
    const received = plan.effects.find((e) => e.measure === M.received)!;
    expect(received.cells.map((c) => `${c.dim}=${c.value}`).sort()).toEqual(
      [
        'agency=so-cong-thuong',
        'all=*',
        'category=supporting-industry',
        'commune=00004',
        'day-agency=2026-11-01#so-cong-thuong',
        'month=2026-11',
        'programme=prog-1',
        'section=C',
        'size=small',
      ].sort(),
    );
    expect(plan.labels).toEqual([{ cell: { year: 2026, dim: 'programme', value: 'prog-1' }, text: 'CNHT-2026' }]);
  });

  it('counts an application scored once, not again when it is scored again after a supplement', () => {
    const scored = (id: string, rescored?: boolean) => ({
      id,
      type: 'application.scored',
      version: 1,
      occurredAt: '2026-05-04T03:00:00Z',
      source: 'scoring',
      data: {
        applicationId: 'a-1',
        rubric: { id: 'cnht', version: 1 },
        totalPoints: 60,
        maxPoints: 100,
        scoredAt: '2026-05-04T03:00:00Z',
        ...(rescored ? { rescored } : {}),
      },
    });
    expect(planEvent(scored('s1')).effects.map((e) => e.measure)).toEqual([M.scored]);
    expect(planEvent(scored('s2', true)).effects).toEqual([]);
  });

  it('counts a household conversion as a new enterprise and a conversion', () => {
    const plan = planEvent(registered('r1', { cause: 'converted-from-household' }));
    const measures = new Set(plan.effects.map((e) => e.measure));
    for (const m of [M.newEnterprises, M.householdConversions, counters.year('new-enterprises'), counters.year('household-conversions')])
      expect(measures).toContain(m);
  });

  it('counts no household business and no branch as a new enterprise, whatever its size', () => {
    expect(planEvent(registered('h1', { legalForm: 'household', taxCode: '001088012345' })).effects).toEqual([]);
    expect(planEvent(registered('h2', { taxCode: '001088012345' })).effects).toEqual([]);
    expect(planEvent(registered('b1', { legalForm: 'branch', taxCode: '0100233488-001' })).effects).toEqual([]);
    expect(planEvent(registered('b2', { taxCode: '0100233488-002' })).effects).toEqual([]);
    // An enterprise above SME size is still a new enterprise (the scheme counts new enterprises).
    expect(planEvent(registered('r2', { size: 'not-sme' })).effects.map((e) => e.measure)).toContain(counters.year('new-enterprises'));
  });

  it('does not count an amendment', () => {
    expect(planEvent(registered('r1', { cause: 'amended' })).effects).toEqual([]);
  });

  it('counts a new enterprise in the year it was founded, not the year the registry reported it', () => {
    const plan = planEvent(registered('r1', { foundedOn: '2015-06-01' }));
    expect(plan.effects.flatMap((e) => e.cells).every((c) => c.year === 2015)).toBe(true);
  });
});

describe('recordEvents', () => {
  it('plans and checks each event on its own: one it cannot count is rejected with its reason, the rest written together', async () => {
    const { deps, store } = setup();
    const writes: string[][] = [];
    const apply = store.apply.bind(store);
    store.apply = async (events) => {
      writes.push(events.map((e) => e.id));
      return apply(events);
    };
    // Envelopes that got past (or around) the contract: a date that is not one, a day that does
    // not exist, an agency code no counter key can hold.
    const badDate = { ...submitted('bad-date'), data: { ...(submitted('x').data as object), submittedAt: 'yesterday' } };
    const noSuchDay = { ...granted('no-such-day'), data: { ...(granted('y').data as object), grantedOn: '2026-02-30' } };
    const longAgency = { ...submitted('long-agency'), data: { ...(submitted('z').data as object), agency: 'a'.repeat(2_000) } };

    const out = await recordEvents(deps, [submitted('e1'), badDate, noSuchDay, longAgency, submitted('e2')]);

    expect(out.rejected.map((r) => r.id)).toEqual(['bad-date', 'no-such-day', 'long-agency']);
    expect(out.rejected[0]!.reason).toMatch(/not a date/);
    expect(out.rejected[1]!.reason).toMatch(/not a date/);
    expect(out.rejected[2]!.reason).toMatch(/agency: a value of 2000 bytes/);
    expect(out.applied).toEqual(['e1', 'e2']);
    expect(writes).toEqual([['e1', 'e2']]);
    expect(store.measure(2026, 'all', ALL, M.received)).toBe(2);
    expect(store.measure(2026, 'agency', 'a'.repeat(2_000), M.received)).toBe(0);
  });

  it('counts a re-delivered event once', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [submitted('e1'), submitted('e2')]);
    const again = await recordEvents(deps, [submitted('e1'), submitted('e1')]);
    expect(again.duplicates).toEqual(['e1']);
    expect(store.measure(2026, 'all', ALL, M.received)).toBe(2);
  });
});

describe('direct support (distinct enterprises granted a direct content)', () => {
  it('counts an enterprise supported twice in a year once, and both grants as participations', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [
      granted('g1', { amount: 10 }),
      granted('g2', { amount: 20, on: '2026-12-01' }),
      granted('g3', { taxCode: '0314409058' }),
    ]);
    expect(store.measure(2026, 'all', ALL, DIRECT)).toBe(2);
    expect(store.measure(2026, 'all', ALL, DIRECT_N)).toBe(3);
    expect(store.measure(2026, 'all', ALL, M.supportedSmes)).toBe(2);
    expect(store.measure(2026, 'all', ALL, M.grants)).toBe(3);
    expect(store.measure(2026, 'all', ALL, M.supportVnd)).toBe(50_000_030);
    // Each month counts the enterprises supported in it: the one supported twice counts in both.
    expect(store.measure(2026, 'month', '2026-11', M.supportedSmes)).toBe(2);
    expect(store.measure(2026, 'month', '2026-12', M.supportedSmes)).toBe(1);
  });

  it('gives the same distinct counts in every cell whatever order the events arrive in', async () => {
    const events = [
      granted('g1', { amount: 10 }),
      granted('g2', { amount: 20, on: '2026-12-01', agency: 'so-khcn' }),
      granted('g3', { taxCode: '0314409058', on: '2026-12-02' }),
    ];
    const inOrder = setup();
    await recordEvents(inOrder.deps, events);
    const reversed = setup();
    await recordEvents(reversed.deps, [...events].reverse());
    for (const [dim, value] of [
      ['month', '2026-11'],
      ['month', '2026-12'],
      ['agency', 'so-khcn'],
      ['all', ALL],
    ] as const) {
      expect(reversed.store.measure(2026, dim, value, M.supportedSmes)).toBe(inOrder.store.measure(2026, dim, value, M.supportedSmes));
      expect(reversed.store.measure(2026, dim, value, DIRECT)).toBe(inOrder.store.measure(2026, dim, value, DIRECT));
    }
    expect(reversed.store.measure(2026, 'month', '2026-12', M.supportedSmes)).toBe(2);
  });

  it('counts an SME in each quarter cell it was supported in, whatever order the grants arrive in', async () => {
    const events = [granted('g1', { commune: '00004' }), granted('g2', { commune: '00007', on: '2026-11-28' })];
    const inOrder = setup();
    await recordEvents(inOrder.deps, events);
    const reversed = setup();
    await recordEvents(reversed.deps, [...events].reverse());
    for (const { store } of [inOrder, reversed]) {
      expect(store.measure(2026, 'quarter-cell', 'Q4#00004#C', M.supportedSmes)).toBe(1);
      expect(store.measure(2026, 'quarter-cell', 'Q4#00007#C', M.supportedSmes)).toBe(1);
    }
  });

  it('counts an SME supported by two agencies once for the city and once for each agency', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [granted('g1', { agency: 'so-cong-thuong' }), granted('g2', { agency: 'so-khcn' })]);
    expect(store.measure(2026, 'all', ALL, DIRECT)).toBe(1);
    expect(store.measure(2026, 'agency', 'so-cong-thuong', DIRECT)).toBe(1);
    expect(store.measure(2026, 'agency', 'so-khcn', DIRECT)).toBe(1);
  });

  it('counts the same enterprise again in a new year, but once over 2026–2030, in the earliest year', async () => {
    const { deps, store } = setup();
    // Delivered out of order: the 2027 grant first.
    await recordEvents(deps, [granted('g2', { year: 2027, on: '2027-02-01' })]);
    await recordEvents(deps, [granted('g1')]);
    expect(store.measure(2026, 'all', ALL, DIRECT)).toBe(1);
    expect(store.measure(2027, 'all', ALL, DIRECT)).toBe(1);
    expect(store.measure(2026, 'all', ALL, DIRECT_P)).toBe(1);
    expect(store.measure(2027, 'all', ALL, DIRECT_P)).toBe(0);
    // A new five-year period counts it afresh.
    await recordEvents(deps, [granted('g3', { year: 2031, on: '2031-03-01' })]);
    expect(store.measure(2031, 'all', ALL, DIRECT_P)).toBe(1);
  });

  it('counts trade promotion and joining value chains as direct support, and training or consulting not', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [
      granted('g1', { taxCode: '0100233488', contents: ['trade-promotion/fair-booth'] }),
      granted('g2', { taxCode: '0314409058', contents: ['value-chain/business-matching'] }),
      granted('g3', { taxCode: '0100000001', contents: ['training/workforce'], workers: 30 }),
      granted('g4', { taxCode: '0100000002', contents: ['consulting/management'] }),
    ]);
    expect(store.measure(2026, 'all', ALL, DIRECT)).toBe(2);
    expect(store.measure(2026, 'all', ALL, counters.year('content:training/workforce'))).toBe(1);
    expect(store.measure(2026, 'all', ALL, counters.year('content-group:consulting'))).toBe(1);
    expect(store.measure(2026, 'all', ALL, counters.year('content-group:trade-promotion'))).toBe(1);
  });

  it("reads a grant sent before grants carried contents as its category's default contents", async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [
      granted('g1', { contents: null, category: 'trade-promotion' }),
      granted('g2', { contents: null, category: 'worker-training', taxCode: '0314409058' }),
    ]);
    expect(store.measure(2026, 'all', ALL, DIRECT)).toBe(1);
    expect(store.measure(2026, 'all', ALL, counters.year('content:trade-promotion/fair-booth'))).toBe(1);
    expect(store.measure(2026, 'all', ALL, counters.year('content:training/workforce'))).toBe(1);
  });

  it('counts key industrial products as participations: each grant of cnht/key-products', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [
      granted('g1', { contents: ['cnht/key-products'] }),
      granted('g2', { contents: ['cnht/key-products'] }),
      granted('g3', { contents: ['cnht/technology'] }),
    ]);
    expect(store.measure(2026, 'all', ALL, counters.year('key-products'))).toBe(2);
  });
});

describe('a grant adjusted', () => {
  it('takes a cancelled grant out of direct support only when no other grant keeps the enterprise in', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [granted('g1'), granted('g2', { on: '2026-12-01', agency: 'so-khcn' })]);
    await recordEvents(deps, [adjusted('a1', { grantOf: 'g1' })]);
    // g2 keeps it in the city and in so-khcn's figure; so-cong-thuong's only grant was g1.
    expect(store.measure(2026, 'all', ALL, DIRECT)).toBe(1);
    expect(store.measure(2026, 'agency', 'so-khcn', DIRECT)).toBe(1);
    expect(store.measure(2026, 'agency', 'so-cong-thuong', DIRECT)).toBe(0);
    expect(store.measure(2026, 'all', ALL, DIRECT_N)).toBe(1);
    await recordEvents(deps, [adjusted('a2', { grantOf: 'g2', agency: 'so-khcn' })]);
    expect(store.measure(2026, 'all', ALL, DIRECT)).toBe(0);
    expect(store.measure(2026, 'all', ALL, DIRECT_P)).toBe(0);
    expect(store.measure(2026, 'commune', '00004', DIRECT)).toBe(0);
    // Re-delivered: nothing moves again.
    await recordEvents(deps, [adjusted('a2', { grantOf: 'g2', agency: 'so-khcn' }), granted('g1')]);
    expect(store.measure(2026, 'all', ALL, DIRECT)).toBe(0);
  });

  it('keeps a grant cancelled when the cancellation arrives before the grant', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [adjusted('a1', { grantOf: 'g1' })]);
    await recordEvents(deps, [granted('g1')]);
    expect(store.measure(2026, 'all', ALL, DIRECT)).toBe(0);
    expect(store.measure(2026, 'all', ALL, counters.year('content:tech-innovation/equipment'))).toBe(0);
  });

  it('moves the period count to the year of the grant that still holds the enterprise', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [granted('g1'), granted('g2', { year: 2027, on: '2027-02-01' })]);
    await recordEvents(deps, [adjusted('a1', { grantOf: 'g1' })]);
    expect(store.measure(2026, 'all', ALL, DIRECT_P)).toBe(0);
    expect(store.measure(2027, 'all', ALL, DIRECT_P)).toBe(1);
  });

  it('keeps only the contents a reduced grant still holds; the latest adjustment decides', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [granted('g1', { contents: ['trade-promotion/fair-booth', 'training/workforce'], workers: 12 })]);
    await recordEvents(deps, [
      adjusted('a2', { grantOf: 'g1', cancelled: false, contents: ['training/workforce'], at: '2026-12-02T02:00:00Z' }),
      adjusted('a1', { grantOf: 'g1', cancelled: false, contents: ['trade-promotion/fair-booth', 'training/workforce'] }),
    ]);
    expect(store.measure(2026, 'all', ALL, DIRECT)).toBe(0);
    expect(store.measure(2026, 'all', ALL, counters.year('content:training/workforce'))).toBe(1);
    expect(store.measure(2026, 'all', ALL, counters.heads('workers-trained'))).toBe(12);
    await recordEvents(deps, [adjusted('a3', { grantOf: 'g1', at: '2026-12-05T02:00:00Z' })]);
    expect(store.measure(2026, 'all', ALL, counters.heads('workers-trained'))).toBe(0);
  });
});

describe('weekly file counts (day the file was received)', () => {
  it('counts a decision in the cell of the day its file was received, and a withdrawal too; none by due day', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [
      submitted('s1', { at: '2026-11-20T02:00:00Z' }),
      submitted('s2', { at: '2026-11-20T03:00:00Z' }),
      submitted('s3', { at: '2026-11-20T04:00:00Z' }),
      decided('d1', { submittedAt: '2026-11-20T02:00:00Z', at: '2026-11-27T02:00:00Z' }),
      withdrawn('w1'),
    ]);
    const day = '2026-11-20#so-cong-thuong';
    expect(store.measure(2026, 'day-agency', day, M.received)).toBe(3);
    expect(store.measure(2026, 'day-agency', day, M.receivedCompleted)).toBe(1);
    expect(store.measure(2026, 'day-agency', day, M.receivedWithdrawn)).toBe(1);
    // The decision day's cell holds no completion: a week counts its own files.
    expect(store.measure(2026, 'day-agency', '2026-11-27#so-cong-thuong', M.receivedCompleted)).toBe(0);
    // Decisions still count in the month they were made.
    expect(store.measure(2026, 'month', '2026-11', M.completed)).toBe(1);
  });

  it('counts a decision sent without submittedAt in the cell of the day it was made', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [decided('d1', { submittedAt: null, at: '2026-11-25T02:00:00Z' })]);
    expect(store.measure(2026, 'day-agency', '2026-11-25#so-cong-thuong', M.receivedCompleted)).toBe(1);
  });
});
