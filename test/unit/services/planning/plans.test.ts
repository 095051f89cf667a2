import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../shared/access/policy.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../../../shared/errors.ts';
import {
  approvePlan,
  createPlan,
  getContribution,
  getPlan,
  listPlans,
  putContribution,
  putTargets,
  submitPlan,
} from '../../../../services/planning/app/plans.ts';
import type { PlanningDeps } from '../../../../services/planning/app/ports.ts';
import type { ContributionInput, Target } from '../../../../services/planning/domain/plan.ts';
import { HISTORY, schemeTargets } from '../../../../services/planning/domain/scheme-targets.ts';
import { fakePlanningDeps } from './fakes.ts';

const stc = (sub: string, role: 'officer' | 'admin' | 'viewer' = 'officer'): Actor => ({ sub, agency: 'so-tai-chinh', roles: [role] });
const drafter = stc('stc-drafter');
const approver = stc('stc-approver', 'admin');
const sct: Actor = { sub: 'sct-officer', agency: 'so-cong-thuong', roles: ['officer'] };
const khcn: Actor = { sub: 'khcn-officer', agency: 'so-khcn', roles: ['officer'] };
const commune4: Actor = { sub: 'xa-4', agency: 'ubnd-xa', roles: ['officer'], commune: '00004' };
const association: Actor = { sub: 'hh-officer', agency: 'hh-dnnvv-hn', roles: ['officer'] };
const reviewer: Actor = { sub: 'expert', agency: 'so-khcn', roles: ['reviewer'] };

const part = (goal: number, extra: Partial<ContributionInput> = {}): ContributionInput => ({
  activities: [{ id: 'a1', title: 'Hội thảo', kind: 'workshop', targetIds: ['indirect-support'], expected: goal }],
  allocations: [{ targetId: 'indirect-support', goal }],
  status: 'open',
  ...extra,
});

/** A 2026 draft with the scheme's targets. */
async function draft(deps: PlanningDeps, year = 2026) {
  const p = await createPlan(deps, drafter, { year });
  return putTargets(deps, drafter, p.id, { targets: schemeTargets(year), references: [...HISTORY] }, p.revision);
}

async function approved(deps: PlanningDeps, year = 2026) {
  const p = await draft(deps, year);
  const s = await submitPlan(deps, drafter, p.id, p.revision);
  return approvePlan(deps, approver, p.id, s.revision);
}

describe('plan versions', () => {
  it('numbers the versions of a year and allows one draft per year until it is approved', async () => {
    const { deps } = fakePlanningDeps();
    const first = await draft(deps);
    expect(first).toMatchObject({ year: 2026, version: 1, status: 'draft', revision: 2 });
    await expect(createPlan(deps, drafter, { year: 2026 })).rejects.toThrow(ConflictError);
    // Another year is another sequence.
    expect((await createPlan(deps, drafter, { year: 2027 })).version).toBe(1);
    const s = await submitPlan(deps, drafter, first.id, first.revision);
    // Submitted is still being drawn up.
    await expect(createPlan(deps, drafter, { year: 2026 })).rejects.toThrow(ConflictError);
    await approvePlan(deps, approver, first.id, s.revision);
    expect((await createPlan(deps, drafter, { year: 2026 })).version).toBe(2);
  });

  it('is drafted, set, submitted by Sở Tài chính only', async () => {
    const { deps } = fakePlanningDeps();
    await expect(createPlan(deps, sct, { year: 2026 })).rejects.toThrow(ForbiddenError);
    await expect(createPlan(deps, stc('stc-viewer', 'viewer'), { year: 2026 })).rejects.toThrow(ForbiddenError);
    const p = await draft(deps);
    await expect(putTargets(deps, sct, p.id, { targets: [] }, p.revision)).rejects.toThrow(ForbiddenError);
    await expect(submitPlan(deps, sct, p.id, p.revision)).rejects.toThrow(ForbiddenError);
  });

  it('needs If-Match on a change of targets, and refuses a stale one', async () => {
    const { deps } = fakePlanningDeps();
    const p = await draft(deps);
    await expect(putTargets(deps, drafter, p.id, { targets: schemeTargets(2026) }, undefined)).rejects.toThrow(ValidationError);
    await expect(putTargets(deps, drafter, p.id, { targets: schemeTargets(2026) }, p.revision - 1)).rejects.toThrow(ConflictError);
    const next = await putTargets(deps, drafter, p.id, { targets: schemeTargets(2026).slice(0, 2) }, p.revision);
    expect(next.revision).toBe(p.revision + 1);
    expect(next.targets.map((t) => t.id)).toEqual(['direct-capacity-support', 'indirect-support']);
  });

  it('refuses targets whose period, measures or allocations do not fit, with every reason', async () => {
    const { deps } = fakePlanningDeps();
    const p = await createPlan(deps, drafter, { year: 2026 });
    const [direct, indirect] = schemeTargets(2026) as [Target, Target];
    const bad: Target[] = [
      { ...direct, period: { kind: 'annual', from: '2027', to: '2027' } },
      {
        ...indirect,
        measures: ['workers-trained', 'no-such-measure'],
        allocations: [{ goal: 3 }, { agency: 'so-khcn', goal: 1 }, { agency: 'so-khcn', goal: 2 }],
      },
      { ...indirect },
      { ...direct, id: 'later', period: { kind: 'cumulative', from: '2027', to: '2030' } },
    ];
    const error = await putTargets(deps, drafter, p.id, { targets: bad }, p.revision).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuleViolationError);
    expect((error as RuleViolationError).errors.map((e) => e.path)).toEqual([
      'body.targets.0.period',
      'body.targets.1.measures.0',
      'body.targets.1.measures.1',
      'body.targets.1.allocations.0',
      'body.targets.1.allocations.2',
      'body.targets.2.id',
      'body.targets.3.period',
    ]);
    expect((error as RuleViolationError).errors[1]!.message).toBe('workers-trained counts people, the target counts enterprises');
  });

  it('keeps the older plans’ figures as reference records, not as targets', async () => {
    const { deps } = fakePlanningDeps();
    const p = await draft(deps);
    expect(p.references.map((r) => r.id)).toContain('cnht-connection-2020-2025');
    expect(p.targets.map((t) => t.id)).not.toContain('cnht-connection-2020-2025');
    expect(p.targets.map((t) => t.id)).not.toContain('cnht-connection');
  });
});

describe('contributions', () => {
  it('are written by the contributor itself: an agency, a commune committee as ubnd-xa-<commune>, an association', async () => {
    const { deps } = fakePlanningDeps();
    let p = await draft(deps);
    p = await putContribution(deps, sct, p.id, 'so-cong-thuong', part(4_000), p.revision);
    p = await putContribution(
      deps,
      commune4,
      p.id,
      'ubnd-xa-00004',
      part(300, { allocations: [{ targetId: 'indirect-support', goal: 300, commune: '00004' }] }),
      p.revision,
    );
    p = await putContribution(deps, association, p.id, 'hh-dnnvv-hn', part(500), p.revision);
    expect(p.contributors).toBe(3);
    // Another agency's (or commune's) contribution: it cannot even be seen while the plan is a draft.
    await expect(putContribution(deps, khcn, p.id, 'so-cong-thuong', part(1), p.revision)).rejects.toThrow(NotFoundError);
    await expect(putContribution(deps, commune4, p.id, 'ubnd-xa-00070', part(1), p.revision)).rejects.toThrow(NotFoundError);
    await expect(putContribution(deps, sct, p.id, 'ubnd-xa-00004', part(1), p.revision)).rejects.toThrow(NotFoundError);
    await expect(putContribution(deps, association, p.id, 'hh-other', part(1), p.revision)).rejects.toThrow(NotFoundError);
    // The coordinator reads every contribution but writes only its own.
    await expect(putContribution(deps, drafter, p.id, 'so-cong-thuong', part(1), p.revision)).rejects.toThrow(ForbiddenError);
    await expect(putContribution(deps, { ...sct, roles: ['viewer'] }, p.id, 'so-cong-thuong', part(1), p.revision)).rejects.toThrow(
      ForbiddenError,
    );
  });

  it('change only while the plan is a draft', async () => {
    const { deps } = fakePlanningDeps();
    let p = await draft(deps);
    p = await putContribution(deps, sct, p.id, 'so-cong-thuong', part(4_000), p.revision);
    p = await submitPlan(deps, drafter, p.id, p.revision);
    await expect(putContribution(deps, sct, p.id, 'so-cong-thuong', part(5_000), p.revision)).rejects.toThrow(
      `Plan ${p.id} is submitted: contributions change only while it is a draft`,
    );
    await expect(putTargets(deps, drafter, p.id, { targets: [] }, p.revision)).rejects.toThrow(ConflictError);
  });

  it('of a draft are seen by their contributor and Sở Tài chính; of an approved plan by everyone', async () => {
    const { deps } = fakePlanningDeps();
    let p = await draft(deps);
    p = await putContribution(deps, sct, p.id, 'so-cong-thuong', part(4_000), p.revision);
    p = await putContribution(deps, commune4, p.id, 'ubnd-xa-00004', part(300), p.revision);
    const seenBy = async (a: Actor) => (await getPlan(deps, a, p.id)).contributions.map((c) => c.agency);
    expect(await seenBy(sct)).toEqual(['so-cong-thuong']);
    expect(await seenBy(commune4)).toEqual(['ubnd-xa-00004']);
    expect(await seenBy(khcn)).toEqual([]);
    expect(await seenBy(stc('stc-viewer', 'viewer'))).toEqual(['so-cong-thuong', 'ubnd-xa-00004']);
    await expect(getContribution(deps, khcn, p.id, 'so-cong-thuong')).rejects.toThrow(NotFoundError);
    await expect(getPlan(deps, reviewer, p.id)).rejects.toThrow(NotFoundError);

    const s = await submitPlan(deps, drafter, p.id, p.revision);
    await approvePlan(deps, approver, p.id, s.revision);
    expect(await seenBy(khcn)).toEqual(['so-cong-thuong', 'ubnd-xa-00004']);
    expect((await getContribution(deps, association, p.id, 'so-cong-thuong')).allocations).toEqual([
      { targetId: 'indirect-support', goal: 4_000 },
    ]);
    expect((await getPlan(deps, reviewer, p.id)).status).toBe('approved');
  });

  it('name the plan’s targets and stay within their bounds', async () => {
    const { deps } = fakePlanningDeps();
    const p = await draft(deps);
    const wrong = part(1, {
      allocations: [{ targetId: 'no-such-target', goal: 1 }],
      activities: [{ id: 'x', title: 'x', kind: 'outreach', targetIds: ['nor-this'], expected: 1 }],
    });
    const error = await putContribution(deps, sct, p.id, 'so-cong-thuong', wrong, p.revision).catch((e: unknown) => e);
    expect((error as RuleViolationError).errors.map((e) => e.path)).toEqual([
      'body.allocations.0.targetId',
      'body.activities.0.targetIds.0',
    ]);
    const long = part(1, {
      activities: Array.from({ length: 40 }, (_, i) => ({
        id: `a${i}`,
        title: 'Ệ'.repeat(200),
        kind: 'workshop' as const,
        targetIds: [],
        expected: 1,
      })),
    });
    await expect(putContribution(deps, sct, p.id, 'so-cong-thuong', long, p.revision)).rejects.toMatchObject({
      errors: [{ path: 'body', message: expect.stringContaining('at most 20000 bytes') }],
    });
  });
});

describe('submission and approval (four eyes)', () => {
  it('refuses to submit a plan without targets', async () => {
    const { deps } = fakePlanningDeps();
    const p = await createPlan(deps, drafter, { year: 2026 });
    await expect(submitPlan(deps, drafter, p.id, p.revision)).rejects.toThrow(RuleViolationError);
  });

  it('is refused to whoever submitted the plan (403), and done by another person of Sở Tài chính', async () => {
    const { deps, outbox } = fakePlanningDeps();
    const p = await draft(deps);
    const s = await submitPlan(deps, drafter, p.id, p.revision);
    await expect(approvePlan(deps, { ...drafter, roles: ['admin'] }, p.id, s.revision)).rejects.toThrow(ForbiddenError);
    await expect(approvePlan(deps, sct, p.id, s.revision)).rejects.toThrow(ForbiddenError);
    expect(outbox).toEqual([]);
    const a = await approvePlan(deps, approver, p.id, s.revision);
    expect(a).toMatchObject({ status: 'approved', approvedBy: 'stc-approver', submittedBy: 'stc-drafter', supersedes: null });
    await expect(approvePlan(deps, stc('third'), p.id, a.revision)).rejects.toThrow(ConflictError);
  });

  it('publishes plan.approved with each target’s unit, period, goal, source, measures and allocations', async () => {
    const { deps, outbox } = fakePlanningDeps();
    let p = await draft(deps);
    const targets = schemeTargets(2026).map((t) =>
      t.id === 'indirect-support'
        ? {
            ...t,
            allocations: [
              { agency: 'so-cong-thuong', goal: 4_000 },
              { commune: '00004', goal: 300 },
            ],
          }
        : t,
    );
    p = await putTargets(deps, drafter, p.id, { targets }, p.revision);
    const s = await submitPlan(deps, drafter, p.id, p.revision);
    await approvePlan(deps, approver, p.id, s.revision);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ type: 'plan.approved', version: 1, id: `plan.approved:${p.id}` });
    const data = outbox[0]!.data as { targets: Target[]; version: number; year: number; approvedBy: string };
    expect(data).toMatchObject({ year: 2026, version: 1, approvedBy: 'stc-approver' });
    expect(data.targets.find((t) => t.id === 'indirect-support')).toEqual({
      id: 'indirect-support',
      name: { vi: 'DNNVV được hỗ trợ gián tiếp', en: 'SMEs supported indirectly' },
      unit: 'enterprises',
      period: { kind: 'annual', from: '2026', to: '2026' },
      goal: 40_000,
      source: expect.stringContaining('Decision 5418/QĐ-UBND'),
      measures: ['indirect-support'],
      allocations: [
        { agency: 'so-cong-thuong', goal: 4_000 },
        { commune: '00004', goal: 300 },
      ],
    });
    expect(data.targets.find((t) => t.id === 'ceos-trained-2030')?.period).toEqual({ kind: 'cumulative', from: '2026', to: '2030' });
    // Assumptions stay with the plan; the event carries the contract's fields only.
    expect(JSON.stringify(data)).not.toContain('assumption');
  });

  it('supersedes the year’s earlier approved version, keeping it, when a later one is approved', async () => {
    const { deps, outbox } = fakePlanningDeps();
    const v1 = await approved(deps);
    await putContribution(deps, sct, v1.id, 'so-cong-thuong', part(1), v1.revision).catch(() => undefined);
    let v2 = await createPlan(deps, drafter, { year: 2026, basedOn: v1.id });
    expect(v2).toMatchObject({ version: 2, basedOn: v1.id, status: 'draft' });
    expect(v2.targets).toEqual(v1.targets);
    v2 = await putTargets(
      deps,
      drafter,
      v2.id,
      { targets: v2.targets.map((t) => (t.id === 'new-smes' ? { ...t, goal: 42_000 } : t)) },
      v2.revision,
    );
    const s = await submitPlan(deps, drafter, v2.id, v2.revision);
    const a = await approvePlan(deps, approver, v2.id, s.revision);
    expect(a.supersedes).toBe(v1.id);
    expect(await getPlan(deps, khcn, v1.id)).toMatchObject({ status: 'superseded', supersededBy: v2.id });
    expect((await listPlans(deps, khcn, { year: 2026, limit: 10 })).items.map((p) => [p.version, p.status])).toEqual([
      [2, 'approved'],
      [1, 'superseded'],
    ]);
    expect(outbox.map((e) => (e.data as { version: number; supersedes: string | null }).supersedes)).toEqual([null, v1.id]);
  });

  it('copies a plan’s contributions into a new version of the same year, and only its targets into another year', async () => {
    const { deps } = fakePlanningDeps();
    let v1 = await draft(deps);
    v1 = await putContribution(deps, sct, v1.id, 'so-cong-thuong', part(4_000, { status: 'submitted' }), v1.revision);
    const s = await submitPlan(deps, drafter, v1.id, v1.revision);
    await approvePlan(deps, approver, v1.id, s.revision);
    const v2 = await createPlan(deps, drafter, { year: 2026, basedOn: v1.id });
    expect(v2.contributions).toEqual([
      expect.objectContaining({ agency: 'so-cong-thuong', status: 'open', allocations: [{ targetId: 'indirect-support', goal: 4_000 }] }),
    ]);
    expect(v2.contributors).toBe(1);
    const next = await createPlan(deps, drafter, { year: 2027, basedOn: v1.id });
    expect(next.contributions).toEqual([]);
    expect(next.targets.find((t) => t.id === 'new-smes')?.period).toEqual({ kind: 'annual', from: '2027', to: '2027' });
    expect(next.targets.find((t) => t.id === 'conferences')?.period).toEqual({ kind: 'cumulative', from: '2026', to: '2030' });
  });

  it('lists drafts only to who may read them', async () => {
    const { deps } = fakePlanningDeps();
    await approved(deps);
    await createPlan(deps, drafter, { year: 2026 });
    expect((await listPlans(deps, reviewer, { year: 2026, limit: 10 })).items.map((p) => p.status)).toEqual(['approved']);
    expect((await listPlans(deps, association, { year: 2026, limit: 10 })).items.map((p) => p.status)).toEqual(['draft', 'approved']);
  });
});
