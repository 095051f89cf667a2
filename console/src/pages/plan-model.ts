/**
 * The annual plan as the console shows and edits it (docs/api.md, "Annual plan"): the input shapes
 * are the contract's (schema.d.ts, so a change to the routes breaks `tsc` here); what a plan reads
 * back is typed from the service's answer (services/planning/app/plans.ts, PlanView), which the
 * contract leaves open. The rules the pages apply before calling — who contributes as whom, how
 * the proposals become the targets' allocations, what a PUT may carry — are pure functions here.
 */
import type { paths } from '../api/schema';
import { ACTIVITY_KINDS } from './activity-model.ts';

export type TargetsInput = NonNullable<paths['/plans/{id}/targets']['put']['requestBody']>['content']['application/json'];
export type TargetInput = TargetsInput['targets'][number];
export type Allocation = NonNullable<TargetInput['allocations']>[number];
export type ReferenceRecord = NonNullable<TargetsInput['references']>[number];
export type ContributionInput = NonNullable<
  paths['/plans/{id}/contributions/{contributor}']['put']['requestBody']
>['content']['application/json'];
export type PlannedActivity = NonNullable<ContributionInput['activities']>[number];
export type ProposedShare = NonNullable<ContributionInput['allocations']>[number];
export type PlanStatus = paths['/plans/{id}']['get']['responses'][200]['content']['application/json']['status'];

export interface Target extends TargetInput {
  allocations: Allocation[];
}

export interface Contribution {
  /** The contributor: an agency code, or `ubnd-xa-<commune>` for a commune committee. */
  agency: string;
  status: 'open' | 'submitted';
  activities: PlannedActivity[];
  allocations: ProposedShare[];
  updatedBy: string;
  updatedAt: string;
}

/** A plan version as `GET /plans/{id}` answers it (a listing's items lack `contributions`). */
export interface PlanView {
  id: string;
  year: number;
  version: number;
  revision: number;
  status: PlanStatus;
  targets: Target[];
  references?: ReferenceRecord[];
  contributions?: Contribution[];
  contributors?: number;
  basedOn?: string;
  supersedes?: string | null;
  supersededBy?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  submittedBy?: string;
  submittedAt?: string;
  approvedBy?: string;
  approvedAt?: string;
}

export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'superseded'] as const satisfies readonly PlanStatus[];

/** What a contributor plans: activities of the kinds recorded later, and its programmes, fairs and other work. */
export const PLANNED_KINDS = [...ACTIVITY_KINDS, 'programme', 'trade-fair', 'other'] as const satisfies readonly PlannedActivity['kind'][];

/** Sở Tài chính: drafts, consolidates, submits and approves (shared/access/policy.ts COORDINATOR_AGENCY). */
export const COORDINATOR_AGENCY = 'so-tai-chinh';
/** Business associations' agency codes start so (`hh-dnnvv-hn`). */
export const ASSOCIATION_PREFIX = 'hh-';
const COMMUNE_CONTRIBUTOR = /^ubnd-xa-(\d{5})$/;

export interface Claims {
  agency: string;
  roles: string[];
  commune?: string | undefined;
  sub: string;
}

const writes = (c: Claims) => c.roles.includes('admin') || c.roles.includes('officer');

/** The coordinator's staff: they draft, consolidate, submit and approve. */
export const consolidates = (c: Claims): boolean => c.agency === COORDINATOR_AGENCY && writes(c);

export const isAssociation = (agency: string): boolean => agency.startsWith(ASSOCIATION_PREFIX);

/** Who the caller contributes as: its agency, or `ubnd-xa-<commune>` for a commune committee; the coordinator does not contribute. */
export function contributorOf(c: Claims): string | undefined {
  if (!writes(c) || c.agency === COORDINATOR_AGENCY) return undefined;
  return c.commune !== undefined ? `ubnd-xa-${c.commune}` : c.agency;
}

/** A contributor as the allocation it proposes lands: a commune committee's is the commune's, an agency's the agency's. */
export function allocationOf(contributor: string, share: ProposedShare): Allocation {
  const commune = COMMUNE_CONTRIBUTOR.exec(contributor)?.[1];
  if (commune) return { commune, goal: share.goal };
  return { agency: contributor, ...(share.commune ? { commune: share.commune } : {}), goal: share.goal };
}

export const allocationKey = (a: Pick<Allocation, 'agency' | 'commune'>) => `${a.agency ?? ''}|${a.commune ?? ''}`;

/**
 * The targets' allocations set from the contributions' proposals: each proposal replaces the
 * allocation of the same agency and commune; allocations nobody proposed stay as they are.
 */
export function allocationsFromProposals(targets: readonly Target[], contributions: readonly Contribution[]): Target[] {
  return targets.map((t) => {
    const byKey = new Map(t.allocations.map((a) => [allocationKey(a), a]));
    for (const c of contributions)
      for (const share of c.allocations)
        if (share.targetId === t.id) {
          const a = allocationOf(c.agency, share);
          byKey.set(allocationKey(a), a);
        }
    return { ...t, allocations: [...byKey.values()].sort((a, b) => allocationKey(a).localeCompare(allocationKey(b))) };
  });
}

/** A target as `PUT /plans/{id}/targets` takes it: the input fields only (the route refuses others). */
export function targetInputOf(t: Target): TargetInput {
  return {
    id: t.id,
    name: { vi: t.name.vi, en: t.name.en },
    unit: t.unit,
    period: { kind: t.period.kind, from: t.period.from, to: t.period.to },
    goal: t.goal,
    source: t.source,
    measures: [...t.measures],
    allocations: t.allocations.map((a) => ({
      ...(a.agency ? { agency: a.agency } : {}),
      ...(a.commune ? { commune: a.commune } : {}),
      goal: a.goal,
    })),
    ...(t.assumption ? { assumption: t.assumption } : {}),
  };
}

/** A contribution as the PUT takes it. */
export function contributionInputOf(c: Pick<Contribution, 'activities' | 'allocations' | 'status'>): ContributionInput {
  return {
    activities: c.activities.map((a) => ({
      id: a.id,
      title: a.title,
      kind: a.kind,
      targetIds: [...(a.targetIds ?? [])],
      expected: a.expected,
      ...(a.budgetVnd !== undefined ? { budgetVnd: a.budgetVnd } : {}),
      ...(a.months?.length ? { months: [...a.months] } : {}),
    })),
    allocations: c.allocations.map((s) => ({ targetId: s.targetId, goal: s.goal, ...(s.commune ? { commune: s.commune } : {}) })),
    status: c.status,
  };
}

/** An id for a new planned activity that none of `existing` has (`a1`, `a2`, …). */
export function nextActivityId(existing: readonly { id: string }[]): string {
  const ids = new Set(existing.map((a) => a.id));
  let n = existing.length + 1;
  while (ids.has(`a${n}`)) n++;
  return `a${n}`;
}

let rowSeq = 0;
/** A key for a row being edited (React's list key: stable while rows are added and removed). */
export const rowKey = (): string => `r${++rowSeq}`;
