/**
 * The plan pages' rules before they call the API: who contributes as whom, how the contributions'
 * proposals become the targets' allocations (the ones the KPIs use), and what a PUT carries (the
 * routes are strict: a field read back but not an input would be refused).
 */
import { describe, expect, it } from 'vitest';
import { allocatedScopes } from '../src/pages/kpi-breakdown.tsx';
import {
  allocationsFromProposals,
  type Contribution,
  consolidates,
  contributionInputOf,
  contributorOf,
  nextActivityId,
  type Target,
  targetInputOf,
} from '../src/pages/plan-model.ts';

const target = (id: string, allocations: Target['allocations'] = []): Target => ({
  id,
  name: { vi: id, en: id },
  unit: 'enterprises',
  period: { kind: 'annual', from: '2027', to: '2027' },
  goal: 1000,
  source: 'QĐ 1234/QĐ-UBND',
  measures: ['indirect-support'],
  allocations,
});
const contribution = (agency: string, allocations: Contribution['allocations']): Contribution => ({
  agency,
  status: 'submitted',
  activities: [],
  allocations,
  updatedBy: 'x',
  updatedAt: '2026-12-01T00:00:00Z',
});

describe('who writes what', () => {
  it('makes Sở Tài chính’s staff the consolidators, and nobody else', () => {
    expect(consolidates({ agency: 'so-tai-chinh', roles: ['officer'], sub: 'a' })).toBe(true);
    expect(consolidates({ agency: 'so-tai-chinh', roles: ['viewer'], sub: 'a' })).toBe(false);
    expect(consolidates({ agency: 'so-cong-thuong', roles: ['admin'], sub: 'a' })).toBe(false);
  });

  it('has a department, an association and a commune committee contribute as themselves; the coordinator and viewers not at all', () => {
    expect(contributorOf({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'a' })).toBe('so-cong-thuong');
    expect(contributorOf({ agency: 'hh-dnnvv-hn', roles: ['admin'], sub: 'a' })).toBe('hh-dnnvv-hn');
    expect(contributorOf({ agency: 'ubnd-xa', roles: ['officer'], commune: '00004', sub: 'a' })).toBe('ubnd-xa-00004');
    expect(contributorOf({ agency: 'so-tai-chinh', roles: ['officer'], sub: 'a' })).toBeUndefined();
    expect(contributorOf({ agency: 'so-cong-thuong', roles: ['viewer'], sub: 'a' })).toBeUndefined();
  });
});

describe('allocations from the proposals', () => {
  it('lands a department’s share on the agency, per commune where it says so, and a commune committee’s on its commune', () => {
    const [t] = allocationsFromProposals(
      [target('indirect-support')],
      [
        contribution('so-cong-thuong', [
          { targetId: 'indirect-support', goal: 300 },
          { targetId: 'indirect-support', goal: 40, commune: '00008' },
          { targetId: 'other', goal: 9 },
        ]),
        contribution('ubnd-xa-00004', [{ targetId: 'indirect-support', goal: 25 }]),
      ],
    );
    expect(t!.allocations).toEqual([
      { commune: '00004', goal: 25 },
      { agency: 'so-cong-thuong', goal: 300 },
      { agency: 'so-cong-thuong', commune: '00008', goal: 40 },
    ]);
  });

  it('replaces the allocation of the same agency and commune and keeps those nobody proposed', () => {
    const [t] = allocationsFromProposals(
      [
        target('indirect-support', [
          { agency: 'so-cong-thuong', goal: 100 },
          { agency: 'so-khcn', goal: 50 },
        ]),
      ],
      [contribution('so-cong-thuong', [{ targetId: 'indirect-support', goal: 320 }])],
    );
    expect(t!.allocations).toEqual([
      { agency: 'so-cong-thuong', goal: 320 },
      { agency: 'so-khcn', goal: 50 },
    ]);
  });

  it('lists who the approved plan allocates to, for the dashboard’s breakdown', () => {
    expect(
      allocatedScopes({
        targets: [
          target('a', [
            { agency: 'so-cong-thuong', goal: 1 },
            { commune: '00004', goal: 2 },
          ]),
          target('b', [{ agency: 'so-cong-thuong', commune: '00008', goal: 3 }]),
        ],
      }),
    ).toEqual(['agency:so-cong-thuong', 'commune:00004', 'commune:00008']);
    expect(allocatedScopes(undefined)).toEqual([]);
  });
});

describe('what a PUT carries', () => {
  it('sends a target’s input fields only, with the allocations’ empty parts and row keys left out', () => {
    const read = {
      ...target('ceos-trained', [{ agency: 'so-noi-vu', commune: '', goal: 5, key: 'r1' } as Target['allocations'][number]]),
      assumption: 'head counts shown apart',
      extra: 'read back only',
    } as Target;
    const input = targetInputOf(read);
    expect(Object.keys(input).sort()).toEqual(['allocations', 'assumption', 'goal', 'id', 'measures', 'name', 'period', 'source', 'unit']);
    expect(input.allocations).toEqual([{ agency: 'so-noi-vu', goal: 5 }]);
  });

  it('sends a contribution without its bookkeeping, and new planned activities get ids of their own', () => {
    const body = contributionInputOf({
      status: 'open',
      activities: [{ id: 'a1', title: 'Hội thảo', kind: 'workshop', targetIds: ['indirect-support'], expected: 80, months: [] }],
      allocations: [{ targetId: 'indirect-support', goal: 80, key: 'r9' } as Contribution['allocations'][number]],
    });
    expect(body).toEqual({
      status: 'open',
      activities: [{ id: 'a1', title: 'Hội thảo', kind: 'workshop', targetIds: ['indirect-support'], expected: 80 }],
      allocations: [{ targetId: 'indirect-support', goal: 80 }],
    });
    expect(nextActivityId([{ id: 'a1' }, { id: 'a3' }])).toBe('a4');
    expect(nextActivityId([{ id: 'a2' }])).toBe('a3');
    expect(nextActivityId([])).toBe('a1');
  });
});
