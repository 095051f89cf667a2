/**
 * GET /kpis from the approved plan: goals, units and periods as the plan gives them; distinct
 * enterprises vs participations vs people (with head counts apart); annual vs cumulative; an
 * agency's or a commune's goal only where the plan allocates one; no plan, no goals.
 */
import { describe, expect, it } from 'vitest';
import { getKpis } from '../../../../services/reporting/app/kpis.ts';
import { recordEvents } from '../../../../services/reporting/app/record-events.ts';
import { TARGETS } from '../../../../shared/reference/targets.ts';
import { ForbiddenError, ValidationError } from '../../../../shared/errors.ts';
import { activity, adjusted, granted, person, planApproved, type PlanTarget } from './events.ts';
import { NOW, setup } from './fakes.ts';
import { defaultProfile, monthsElapsed, profileFrom, project } from '../../../../services/reporting/domain/projection.ts';

const viewer = { sub: 'u1', agency: 'so-cong-thuong', roles: ['viewer'] as const };
const committee = (code: string) => ({ sub: 'c1', agency: 'ubnd-xa', roles: ['viewer'] as const, commune: code });
type Out = Awaited<ReturnType<typeof getKpis>>;
const item = (out: Out, target: string) => out.items.find((i) => i.target === target)!;

const DIRECT: PlanTarget = { id: 'direct-capacity-support', goal: 5000, measures: ['direct-support'] };

describe('a year without an approved plan', () => {
  it("shows the default targets' actuals, with unit and period, and no goal at all", async () => {
    const { deps } = setup();
    await recordEvents(deps, [granted('g1'), granted('g2', { taxCode: '0314409058' })]);
    const out = await getKpis(deps, viewer, { year: 2026 });
    expect(out.plan).toBeNull();
    expect(out.items.map((i) => i.target)).toEqual(TARGETS.map((t) => t.id));
    for (const i of out.items) expect([i.goal, i.pct, i.expectedByNow, i.status]).toEqual([undefined, undefined, undefined, undefined]);
    expect(item(out, 'direct-capacity-support')).toMatchObject({
      actual: 2,
      unit: 'enterprises',
      period: { kind: 'annual', from: '2026', to: '2026' },
      label: 'SMEs given direct capacity support',
    });
    expect(item(out, 'ceos-trained-2030')).toMatchObject({ unit: 'people', period: { kind: 'cumulative', from: '2026', to: '2030' } });
  });
});

describe('a year with an approved plan', () => {
  it("judges each target against the plan's goal, with the pace by today and the status, in the reader's language", async () => {
    const { deps } = setup();
    await recordEvents(deps, [planApproved('p1', { targets: [DIRECT] }), granted('g1'), granted('g2', { taxCode: '0314409058' })]);
    const out = await getKpis(deps, viewer, { year: 2026, language: 'vi' });
    expect(out.plan).toEqual({ id: 'plan-2026-v1', version: 1, approvedAt: '2026-01-10T02:00:00Z' });
    // The plan's targets only, in its order.
    expect(out.items.map((i) => i.target)).toEqual(['direct-capacity-support']);
    // 30 Nov 10:00 in Hanoi: 333 days and 10 hours of 365 have passed.
    const elapsed = (Date.parse('2026-11-30T10:00:00+07:00') - Date.parse('2026-01-01T00:00:00+07:00')) / (365 * 86_400_000);
    expect(item(out, 'direct-capacity-support')).toMatchObject({
      label: 'Chỉ tiêu direct-capacity-support',
      unit: 'enterprises',
      period: { kind: 'annual', from: '2026', to: '2026' },
      source: 'scheme (000)',
      goal: 5000,
      actual: 2,
      pct: 0,
      expectedByNow: Math.round(5000 * elapsed),
      status: 'behind',
    });
    expect(out.asOf).toBe(NOW.toISOString());
  });

  it('keeps the highest approved version of a year, whatever order versions arrive in, and a re-delivery changes nothing', async () => {
    const { deps } = setup();
    await recordEvents(deps, [planApproved('p2', { version: 2, targets: [{ ...DIRECT, goal: 4000 }] })]);
    await recordEvents(deps, [planApproved('p1', { version: 1, targets: [DIRECT] })]);
    await recordEvents(deps, [planApproved('p2', { version: 2, targets: [{ ...DIRECT, goal: 4000 }] })]);
    const out = await getKpis(deps, viewer, { year: 2026 });
    expect(out.plan?.version).toBe(2);
    expect(item(out, 'direct-capacity-support').goal).toBe(4000);
    // Another year's plan is not this year's.
    expect((await getKpis(deps, viewer, { year: 2027 })).plan).toBeNull();
  });

  it('counts an annual target in its year and a cumulative one over 2026–2030 so far, each enterprise or person once', async () => {
    const { deps } = setup();
    const ceos = (y: number): PlanTarget[] => [
      { id: 'ceos-trained', unit: 'people', goal: 1000, measures: ['ceos-trained'], period: { kind: 'annual', from: `${y}`, to: `${y}` } },
      { id: 'ceos-2030', unit: 'people', goal: 5000, measures: ['ceos-trained'], period: { kind: 'cumulative', from: '2026', to: '2030' } },
    ];
    await recordEvents(deps, [
      planApproved('p26', { year: 2026, targets: ceos(2026) }),
      planApproved('p27', { year: 2027, targets: ceos(2027) }),
      // Two CEOs trained in 2026; one of them again in 2027, with a new one.
      activity('a1', {
        activityId: 'c-2026',
        attendance: {
          people: [
            { personRef: person(1), role: 'ceo' },
            { personRef: person(2), role: 'ceo' },
          ],
        },
      }),
      activity('a2', {
        activityId: 'c-2027',
        endsOn: '2027-03-10',
        attendance: {
          people: [
            { personRef: person(1), role: 'ceo' },
            { personRef: person(3), role: 'ceo' },
          ],
        },
      }),
    ]);
    const at2027 = await getKpis({ ...deps, now: () => new Date('2027-06-01T00:00:00Z') }, viewer, { year: 2027 });
    expect(item(at2027, 'ceos-trained')).toMatchObject({ actual: 2, byHeadCount: 0 });
    expect(item(at2027, 'ceos-2030')).toMatchObject({ actual: 3, byHeadCount: 0 });
    expect(item(at2027, 'ceos-2030').expectedByNow).toBe(
      Math.round(
        (5000 * (Date.parse('2027-06-01T00:00:00Z') - Date.parse('2026-01-01T00:00:00+07:00'))) /
          (Date.parse('2031-01-01T00:00:00+07:00') - Date.parse('2026-01-01T00:00:00+07:00')),
      ),
    );
    const at2026 = await getKpis({ ...deps, now: () => new Date('2027-06-01T00:00:00Z') }, viewer, { year: 2026 });
    expect(item(at2026, 'ceos-2030').actual).toBe(2);
  });

  it('counts the same measure as distinct enterprises for an enterprises target and as participations for a participations one', async () => {
    const { deps } = setup();
    const measures = ['content:consulting/management'];
    await recordEvents(deps, [
      planApproved('p1', {
        targets: [
          { id: 'consulted-enterprises', goal: 100, measures },
          { id: 'consulting-participations', unit: 'participations', goal: 500, measures },
        ],
      }),
      granted('g1', { contents: ['consulting/management'] }),
      granted('g2', { contents: ['consulting/management'], on: '2026-12-01' }),
      granted('g3', { contents: ['consulting/management'], taxCode: '0314409058' }),
    ]);
    const out = await getKpis(deps, viewer, { year: 2026 });
    expect(item(out, 'consulted-enterprises').actual).toBe(2);
    expect(item(out, 'consulting-participations').actual).toBe(3);
  });

  it('counts people as distinct person refs, with the head counts of rows without a person kept apart', async () => {
    const { deps } = setup();
    await recordEvents(deps, [
      planApproved('p1', { targets: [{ id: 'workers-trained', unit: 'people', goal: 15000, measures: ['workers-trained'] }] }),
      activity('a1', {
        attendance: {
          people: [
            { personRef: person(1), role: 'worker' },
            { personRef: person(2), role: 'worker' },
          ],
          headCounts: [{ role: 'worker', count: 25 }],
        },
      }),
      // The same worker at another course: one person.
      activity('a2', { activityId: 'act-2', attendance: { people: [{ personRef: person(1), role: 'worker' }] } }),
      // A training grant's head count.
      granted('g1', { contents: ['training/workforce'], workers: 10 }),
    ]);
    expect(item(await getKpis(deps, viewer, { year: 2026 }), 'workers-trained')).toMatchObject({ actual: 37, byHeadCount: 35 });
  });

  it("gives an agency or a commune the plan's allocation as its goal, and no goal where the plan allocates none", async () => {
    const { deps } = setup();
    await recordEvents(deps, [
      planApproved('p1', {
        targets: [
          {
            ...DIRECT,
            allocations: [
              { agency: 'so-khcn', goal: 40 },
              { commune: '00008', goal: 3 },
            ],
          },
          { id: 'indirect-support', goal: 40000, measures: ['indirect-support'] },
        ],
      }),
      granted('g1', { agency: 'so-khcn', commune: '00008' }),
      granted('g2', { taxCode: '0314409058' }),
    ]);
    const byAgency = await getKpis(deps, viewer, { year: 2026, agency: 'so-khcn' });
    expect(item(byAgency, 'direct-capacity-support')).toMatchObject({ goal: 40, actual: 1, status: 'behind' });
    expect(Object.keys(item(byAgency, 'indirect-support')).sort()).toEqual([
      'actual',
      'label',
      'period',
      'projection',
      'source',
      'target',
      'unit',
    ]);
    const byCommune = await getKpis(deps, committee('00008'), { year: 2026 });
    expect(byCommune.commune).toBe('00008');
    expect(item(byCommune, 'direct-capacity-support')).toMatchObject({ goal: 3, actual: 1 });
    // Another agency's or commune's allocation is not this one's; the city keeps the target's goal.
    expect(item(await getKpis(deps, viewer, { year: 2026, agency: 'so-cong-thuong' }), 'direct-capacity-support').goal).toBeUndefined();
    expect(item(await getKpis(deps, viewer, { year: 2026, commune: '00004' }), 'direct-capacity-support').goal).toBeUndefined();
    expect(item(await getKpis(deps, viewer, { year: 2026 }), 'direct-capacity-support')).toMatchObject({ goal: 5000, actual: 2 });
  });

  it('follows a cancelled grant out of the KPI', async () => {
    const { deps } = setup();
    await recordEvents(deps, [planApproved('p1', { targets: [DIRECT] }), granted('g1'), granted('g2', { taxCode: '0314409058' })]);
    await recordEvents(deps, [adjusted('a1', { grantOf: 'g2', taxCode: '0314409058' })]);
    expect(item(await getKpis(deps, viewer, { year: 2026 }), 'direct-capacity-support').actual).toBe(1);
  });

  it("shows a commune committee its own commune's figures, and refuses another commune", async () => {
    const { deps } = setup();
    await recordEvents(deps, [granted('g1', { commune: '00008' }), granted('g2', { taxCode: '0314409058' })]);
    const own = await getKpis(deps, committee('00008'), { year: 2026 });
    expect(item(own, 'direct-capacity-support').actual).toBe(1);
    await expect(getKpis(deps, committee('00008'), { year: 2026, commune: '00004' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getKpis(deps, committee('00008'), { year: 2026, agency: 'so-khcn' })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses two filters at once', async () => {
    const { deps } = setup();
    await expect(getKpis(deps, viewer, { year: 2026, agency: 'so-khcn', commune: '00004' })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("a target's projection (domain/projection.ts)", () => {
  const projection = (observed: number, profile = defaultProfile(), window: { priorYears?: number; futureYears?: number } = {}) =>
    project({ observed, elapsed: monthsElapsed(2026, NOW), profile, ...window });
  const grants = (n: number, o: { year?: number; on?: (i: number) => string } = {}) =>
    Array.from({ length: n }, (_, i) =>
      granted(`p${o.year ?? 2026}-${i}`, {
        taxCode: String(100_000_0000 + i),
        ...(o.year ? { year: o.year } : {}),
        ...(o.on ? { on: o.on(i) } : {}),
      }),
    );

  it('projects the running year from its actual, with the default profile when no earlier year has months, and flags a goal out of reach', async () => {
    const { deps } = setup();
    await recordEvents(deps, [planApproved('p1', { targets: [DIRECT] }), ...grants(40)]);
    const direct = item(await getKpis(deps, viewer, { year: 2026 }), 'direct-capacity-support');
    expect(direct.actual).toBe(40);
    expect(direct.projection).toEqual(projection(40));
    expect(direct.projection).toMatchObject({
      coverage: 0.8,
      method: 'seasonal-negative-binomial',
      profile: { source: 'default', years: [] },
    });
    const p = direct.projection!;
    expect(p.low).toBeLessThanOrEqual(p.expected);
    expect(p.expected).toBeLessThanOrEqual(p.high);
    // 40 by the end of November cannot reach 5,000: even the interval's top is under the goal.
    expect(direct.atRisk).toBe(true);
  });

  it('is not at risk when the interval reaches the goal', async () => {
    const { deps } = setup();
    await recordEvents(deps, [planApproved('p1', { targets: [{ ...DIRECT, goal: 40 }] }), ...grants(38)]);
    const direct = item(await getKpis(deps, viewer, { year: 2026 }), 'direct-capacity-support');
    expect(direct.projection!.high).toBeGreaterThanOrEqual(40);
    expect(direct.atRisk).toBe(false);
  });

  it('projects a distinct target from its distinct count: an enterprise granted twice is one', async () => {
    const { deps } = setup();
    await recordEvents(deps, [planApproved('p1', { targets: [DIRECT] }), granted('g1'), granted('g2', { on: '2026-11-26' })]);
    const direct = item(await getKpis(deps, viewer, { year: 2026 }), 'direct-capacity-support');
    expect(direct.actual).toBe(1);
    expect(direct.projection).toEqual(projection(1));
  });

  it("learns the seasonal profile from the earlier year's months, counted in the city's month cells", async () => {
    const { deps, store } = setup();
    // 2025: 60 grants, all in March and December.
    const earlier = grants(60, { year: 2025, on: (i) => (i < 20 ? '2025-03-10' : '2025-12-05') });
    await recordEvents(deps, [planApproved('p1', { targets: [DIRECT] }), ...earlier, ...grants(30)]);
    const months = await store.cells(2025, 'month');
    expect(months.map((r) => [r.value, r.measures['m:direct-support']])).toEqual([
      ['2025-03', 20],
      ['2025-12', 40],
    ]);
    // The five-year period's count is not kept by month.
    expect(months.some((r) => 'm:direct-support@P' in r.measures)).toBe(false);
    const direct = item(await getKpis(deps, viewer, { year: 2026 }), 'direct-capacity-support');
    const shares = Array.from({ length: 12 }, (_, m) => (m === 2 ? 20 : m === 11 ? 40 : 0));
    expect(direct.projection).toEqual(projection(30, profileFrom([{ year: 2025, months: shares }])));
    expect(direct.projection!.profile).toEqual({ source: 'history', years: [2025] });
  });

  it('projects a cumulative target to the end of its period', async () => {
    const { deps } = setup();
    const period = { kind: 'cumulative' as const, from: '2026', to: '2030' };
    await recordEvents(deps, [planApproved('p1', { targets: [{ ...DIRECT, id: 'direct-2030', goal: 1000, period }] }), ...grants(50)]);
    const out = item(await getKpis(deps, viewer, { year: 2026 }), 'direct-2030');
    expect(out.projection).toEqual(projection(50, defaultProfile(), { priorYears: 0, futureYears: 4 }));
    expect(out.projection!.expected).toBeGreaterThan(200);
  });

  it('projects nothing for a year that is over, a year not begun, or a year without data', async () => {
    const { deps } = setup();
    await recordEvents(deps, [
      planApproved('p1', { targets: [DIRECT] }),
      planApproved('p0', { year: 2025, targets: [DIRECT] }),
      ...grants(5, { year: 2025, on: () => '2025-06-01' }),
    ]);
    const over = await getKpis(deps, viewer, { year: 2025 });
    expect(item(over, 'direct-capacity-support')).toMatchObject({ actual: 5, projection: null });
    expect(item(over, 'direct-capacity-support').atRisk).toBeUndefined();
    // 2026 has a plan but nothing counted yet; 2027 has not begun.
    for (const year of [2026, 2027]) for (const i of (await getKpis(deps, viewer, { year })).items) expect(i.projection).toBeNull();
  });
});
