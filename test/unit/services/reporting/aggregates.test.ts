import { describe, expect, it } from 'vitest';
import { recordEvents } from '../../../../services/reporting/app/record-events.ts';
import { getKpis } from '../../../../services/reporting/app/kpis.ts';
import { ALL, EVENT_MEASURES, M, planEvent, SUBSCRIBED_EVENTS, targetMeasure } from '../../../../services/reporting/domain/measures.ts';
import { ForbiddenError, ValidationError } from '../../../../shared/errors.ts';
import { decided, granted, registered, submitted } from './events.ts';
import { NOW, setup } from './fakes.ts';

const viewer = { sub: 'u1', agency: 'so-cong-thuong', roles: ['viewer'] as const };
const commune = (code: string) => ({ sub: 'c1', agency: 'ubnd-xa', roles: ['viewer'] as const, commune: code });

describe('the counter table', () => {
  it('subscribes to exactly the event types it maps', () => {
    expect(SUBSCRIBED_EVENTS.sort()).toEqual(Object.keys(EVENT_MEASURES).sort());
    expect(SUBSCRIBED_EVENTS).toEqual(
      expect.arrayContaining(['application.submitted', 'application.decided', 'support.granted', 'enterprise.registered']),
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
        'division=25',
        'month=2026-11',
        'programme=prog-1',
        'section=C',
        'size=small',
      ].sort(),
    );
    expect(plan.labels).toEqual([{ cell: { year: 2026, dim: 'programme', value: 'prog-1' }, text: 'CNHT-2026' }]);
  });

  it('counts a household conversion as a new enterprise and a conversion, and new SMEs toward their target', () => {
    const plan = planEvent(registered('r1', { cause: 'converted-from-household' }));
    expect(plan.effects.map((e) => e.measure).sort()).toEqual([M.householdConversions, M.newEnterprises, targetMeasure('new-smes')].sort());
  });

  it('does not count an amendment, or an enterprise above SME size toward the new-SME target', () => {
    expect(planEvent(registered('r1', { cause: 'amended' })).effects).toEqual([]);
    expect(planEvent(registered('r2', { size: 'not-sme' })).effects.map((e) => e.measure)).not.toContain(targetMeasure('new-smes'));
  });

  it('counts a new enterprise in the year it was founded, not the year the registry reported it', () => {
    const plan = planEvent(registered('r1', { foundedOn: '2015-06-01' }));
    expect(plan.effects[0]!.cells.every((c) => c.year === 2015)).toBe(true);
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

  it('counts an enterprise supported twice in a year once toward the distinct-SME target, and both grants', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [
      granted('g1', { amount: 10 }),
      granted('g2', { amount: 20, on: '2026-12-01' }),
      granted('g3', { taxCode: '0314409058' }),
    ]);
    expect(store.measure(2026, 'all', ALL, targetMeasure('direct-capacity-support'))).toBe(2);
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
    expect(store.measure(2026, 'all', ALL, targetMeasure('direct-capacity-support'))).toBe(1);
    expect(store.measure(2026, 'agency', 'so-cong-thuong', targetMeasure('direct-capacity-support'))).toBe(1);
    expect(store.measure(2026, 'agency', 'so-khcn', targetMeasure('direct-capacity-support'))).toBe(1);
  });

  it('counts the same enterprise again in a new year for a yearly target, but once over the period for a 2026–2030 one', async () => {
    const { deps, store } = setup();
    const targets = ['direct-capacity-support', 'cnht-direct-suppliers'];
    await recordEvents(deps, [granted('g1', { targets }), granted('g2', { targets, year: 2027, on: '2027-02-01' })]);
    expect(store.measure(2027, 'all', ALL, targetMeasure('direct-capacity-support'))).toBe(1);
    expect(store.measure(2026, 'all', ALL, targetMeasure('cnht-direct-suppliers'))).toBe(1);
    expect(store.measure(2027, 'all', ALL, targetMeasure('cnht-direct-suppliers'))).toBe(0);
  });

  it('keeps open applications by due day: submitted adds one, decided takes it away', async () => {
    const { deps, store } = setup();
    await recordEvents(deps, [submitted('s1'), submitted('s2', { dueOn: '2026-11-28' }), decided('d1')]);
    expect(store.measure(2026, 'due', '2026-12-10#so-cong-thuong', M.open)).toBe(0);
    expect(store.measure(2026, 'due', '2026-11-28#so-cong-thuong', M.open)).toBe(1);
  });
});

describe('getKpis', () => {
  it('gives each target its actual, share, pace by today and status', async () => {
    const { deps } = setup();
    await recordEvents(deps, [granted('g1'), granted('g2', { taxCode: '0314409058' })]);
    const out = await getKpis(deps, viewer, { year: 2026 });
    const direct = out.items.find((i) => i.target === 'direct-capacity-support')!;
    // 30 Nov 10:00 in Hanoi: 333 days and 10 hours of 365 have passed.
    const elapsed = (Date.parse('2026-11-30T10:00:00+07:00') - Date.parse('2026-01-01T00:00:00+07:00')) / (365 * 86_400_000);
    expect(direct).toMatchObject({ goal: 5000, actual: 2, pct: 0, expectedByNow: Math.round(5000 * elapsed), status: 'behind' });
    expect(out.asOf).toBe(NOW.toISOString());
    expect(out.items).toHaveLength(14);
  });

  it('sums a 2026–2030 target over the years so far, against the pace of the whole period', async () => {
    const { deps } = setup();
    await recordEvents(deps, [
      granted('g1', { targets: ['cnht-connection'] }),
      granted('g2', { targets: ['cnht-connection'], year: 2027, on: '2027-01-05' }),
    ]);
    const out = await getKpis({ ...deps, now: () => new Date('2027-06-01T00:00:00Z') }, viewer, { year: 2027 });
    const item = out.items.find((i) => i.target === 'cnht-connection')!;
    expect(item.actual).toBe(2);
    expect(item.expectedByNow).toBe(
      Math.round(
        (700 * (Date.parse('2027-06-01T00:00:00Z') - Date.parse('2026-01-01T00:00:00+07:00'))) /
          (Date.parse('2031-01-01T00:00:00+07:00') - Date.parse('2026-01-01T00:00:00+07:00')),
      ),
    );
  });

  it('says met once the goal is reached, and judges a past year against its whole goal', async () => {
    const { deps } = setup();
    const out = await getKpis({ ...deps, now: () => new Date('2028-03-01T00:00:00Z') }, viewer, { year: 2026 });
    expect(out.items.find((i) => i.target === 'direct-capacity-support')).toMatchObject({ expectedByNow: 5000, status: 'behind' });
  });

  it('filters by agency and by commune', async () => {
    const { deps } = setup();
    await recordEvents(deps, [granted('g1', { agency: 'so-khcn', commune: '00008' }), granted('g2', { taxCode: '0314409058' })]);
    const byAgency = await getKpis(deps, viewer, { year: 2026, agency: 'so-khcn' });
    const byCommune = await getKpis(deps, viewer, { year: 2026, commune: '00004' });
    expect(byAgency.items.find((i) => i.target === 'direct-capacity-support')!.actual).toBe(1);
    expect(byCommune.items.find((i) => i.target === 'direct-capacity-support')!.actual).toBe(1);
  });

  it('judges an agency or a commune only against the goal the plan allocates to it: without one, the actual and no goal', async () => {
    const { deps, allocations } = setup();
    await recordEvents(deps, [granted('g1', { agency: 'so-khcn', commune: '00008' }), granted('g2', { taxCode: '0314409058' })]);
    const target = (out: Awaited<ReturnType<typeof getKpis>>) => out.items.find((i) => i.target === 'direct-capacity-support')!;

    // No plan allocates anything (as today): the actual alone, never the whole city's 5,000.
    for (const scoped of [
      await getKpis(deps, viewer, { year: 2026, agency: 'so-khcn' }),
      await getKpis(deps, viewer, { year: 2026, commune: '00008' }),
      await getKpis(deps, commune('00008'), { year: 2026 }),
    ]) {
      expect(scoped.items).toHaveLength(14);
      for (const item of scoped.items) expect(Object.keys(item).sort()).toEqual(['actual', 'label', 'per', 'target', 'unit']);
      expect(target(scoped).actual).toBe(1);
    }
    // The city keeps its goal.
    expect(target(await getKpis(deps, viewer, { year: 2026 }))).toMatchObject({ goal: 5000, actual: 2, status: 'behind' });

    // A plan's allocation to the agency is its goal, with pace and status; other targets stay without one.
    allocations.allocate(2026, { dim: 'agency', value: 'so-khcn' }, { 'direct-capacity-support': 1 });
    const allocated = await getKpis(deps, viewer, { year: 2026, agency: 'so-khcn' });
    expect(target(allocated)).toMatchObject({ goal: 1, actual: 1, pct: 100, expectedByNow: 1, status: 'met' });
    expect(allocated.items.filter((i) => i.goal !== undefined).map((i) => i.target)).toEqual(['direct-capacity-support']);
    // Another commune's or agency's allocation is not this one's.
    expect(target(await getKpis(deps, viewer, { year: 2026, commune: '00008' })).goal).toBeUndefined();
  });

  it("shows a commune committee its own commune's figures, and refuses another commune", async () => {
    const { deps } = setup();
    await recordEvents(deps, [granted('g1', { commune: '00008' }), granted('g2', { taxCode: '0314409058' })]);
    const own = await getKpis(deps, commune('00008'), { year: 2026 });
    expect(own.commune).toBe('00008');
    expect(own.items.find((i) => i.target === 'direct-capacity-support')!.actual).toBe(1);
    await expect(getKpis(deps, commune('00008'), { year: 2026, commune: '00004' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getKpis(deps, commune('00008'), { year: 2026, agency: 'so-khcn' })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses two filters at once', async () => {
    const { deps } = setup();
    await expect(getKpis(deps, viewer, { year: 2026, agency: 'so-khcn', commune: '00004' })).rejects.toBeInstanceOf(ValidationError);
  });
});
