import { describe, expect, it } from 'vitest';
import { seedPlan } from '../../../../services/planning/seed.ts';
import { getPlan, listPlans } from '../../../../services/planning/app/plans.ts';
import { measureUnit } from '../../../../services/planning/domain/measures.ts';
import { fakePlanningDeps } from './fakes.ts';

const anyone = { sub: 'v', agency: 'so-khcn', roles: ['viewer' as const] };

describe('the seeded plan', () => {
  it('is the clock year’s plan, approved by a second seed account, with the scheme’s targets and the older figures as references', async () => {
    const { deps, outbox } = fakePlanningDeps('2027-05-20T10:00:00+07:00');
    expect(await seedPlan(deps)).toBe('the 2027 plan, approved: 12 targets, 6 reference figures of older plans');
    const [plan] = (await listPlans(deps, anyone, { year: 2027, limit: 10 })).items;
    expect(plan).toMatchObject({
      year: 2027,
      version: 1,
      status: 'approved',
      submittedBy: 'seed-planning-drafter',
      approvedBy: 'seed-planning-approver',
    });
    const full = await getPlan(deps, anyone, plan!.id);
    const byId = new Map(full.targets.map((t) => [t.id, t]));
    expect(byId.get('direct-capacity-support')).toMatchObject({
      unit: 'enterprises',
      period: { kind: 'annual', from: '2027', to: '2027' },
      goal: 5_000,
      measures: ['direct-support'],
    });
    expect(byId.get('ceos-trained-2030')).toMatchObject({
      unit: 'people',
      period: { kind: 'cumulative', from: '2026', to: '2030' },
      goal: 5_000,
    });
    expect(byId.get('productivity-quality')).toMatchObject({ goal: 2_250, assumption: expect.stringContaining('1,500 × 1.5') });
    for (const t of full.targets) {
      expect(t.source, t.id).toBeTruthy();
      for (const m of t.measures) expect(measureUnit(m), `${t.id} ${m}`).toBe(t.unit);
    }
    // The 2020–2025 supporting-industry and 2021–2025 key-products figures are history, not targets.
    expect(full.references.map((r) => r.id)).toEqual(expect.arrayContaining(['cnht-connection-2020-2025', 'key-products-2021-2025']));
    expect(full.targets.some((t) => t.measures.includes('cnht-connection') || t.measures.includes('key-products'))).toBe(false);
    expect(outbox.map((e) => e.type)).toEqual(['plan.approved']);
  });

  it('changes nothing when the year has a plan already', async () => {
    const { deps, outbox } = fakePlanningDeps('2026-02-01T10:00:00+07:00');
    await seedPlan(deps);
    expect(await seedPlan(deps)).toBe('the 2026 plan was there already');
    expect(outbox).toHaveLength(1);
  });

  it('leaves the 2026–2030 targets out of a plan for a year outside the scheme', async () => {
    const { deps } = fakePlanningDeps('2031-02-01T10:00:00+07:00');
    await seedPlan(deps);
    const [plan] = (await listPlans(deps, anyone, { year: 2031, limit: 10 })).items;
    expect(plan!.targets.every((t) => t.period.kind === 'annual')).toBe(true);
  });
});
