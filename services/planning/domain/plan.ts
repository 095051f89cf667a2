/**
 * The city's annual plan (kế hoạch hằng năm, domain.md §1): a plan per year in versions. Sở Tài
 * chính drafts a version, sets its targets — unit, period, goal, source, the measures that count
 * toward each, and the allocations per agency and commune — and every department, commune
 * committee and business association writes its own contribution (its activities and the share of
 * the targets it proposes) while the version is a draft. Sở Tài chính submits it; a different
 * person of it approves it (four eyes); the approved version supersedes the year's earlier
 * approved one, which is kept. The older plans' figures are reference records, never targets.
 */
import * as z from 'zod';
import type { FieldError } from '../../../shared/errors.ts';
import {
  ACTIVITY_KINDS,
  allocationSchema,
  measureIdSchema,
  PERIOD_KINDS,
  PLAN_LIMITS,
  TARGET_UNITS,
  targetIdSchema,
} from '../../../shared/contracts/planning.ts';
import { agencyCodeSchema } from '../../../shared/reference/agency.ts';
import { measureMismatch } from './measures.ts';

export type PlanStatus = 'draft' | 'submitted' | 'approved' | 'superseded';
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'superseded'] as const satisfies readonly PlanStatus[];

/** Plans exist for these years. */
export const MIN_YEAR = 2020;
export const MAX_YEAR = 2100;
/** A cumulative period spans at most this many years (the scheme's is five). */
const MAX_PERIOD_YEARS = 10;

/** Bounds of contributions: each at most 20,000 bytes of JSON, at most 250 per plan (a plan's answer stays ~5 MB at most). */
export const CONTRIBUTION_LIMITS = {
  activities: 40,
  allocations: 200,
  bytes: 20_000,
  perPlan: 250,
  references: 20,
} as const;

/** A commune committee contributes as `ubnd-xa-<commune code>`; every committee shares the agency code `ubnd-xa`. */
export const COMMUNE_COMMITTEE_AGENCY = 'ubnd-xa';
const COMMUNE_CONTRIBUTOR = /^ubnd-xa-(\d{5})$/;

const text = (max: number) => z.string().trim().min(1).max(max);
const name = z.strictObject({ vi: text(PLAN_LIMITS.nameChars), en: text(PLAN_LIMITS.nameChars) });
const year = z.string().regex(/^\d{4}$/, 'a year, YYYY');

export const targetInput = z.strictObject({
  id: targetIdSchema,
  name,
  unit: z.enum(TARGET_UNITS),
  period: z.strictObject({ kind: z.enum(PERIOD_KINDS), from: year, to: year }),
  goal: z.number().int().min(0).max(1_000_000_000),
  source: text(PLAN_LIMITS.sourceChars),
  measures: z.array(measureIdSchema).min(1).max(PLAN_LIMITS.measuresPerTarget),
  allocations: z.array(allocationSchema.strict()).max(PLAN_LIMITS.allocationsPerTarget).default([]),
  /** Where the target or its measures are our reading rather than a published fact: why. */
  assumption: text(300).optional(),
});

/** A figure of an older plan, kept for reference: never a target, never counted. */
export const referenceInput = z.strictObject({
  id: targetIdSchema,
  name,
  /** As published: "~700", "100–120". */
  figure: text(40),
  unit: z.enum(TARGET_UNITS),
  period: z.strictObject({ from: year, to: year }),
  source: text(PLAN_LIMITS.sourceChars),
  /** What would count toward it, should a plan adopt it as a target. */
  measures: z.array(measureIdSchema).max(PLAN_LIMITS.measuresPerTarget).optional(),
  note: text(300).optional(),
});

export const targetsInput = z.strictObject({
  targets: z.array(targetInput).max(PLAN_LIMITS.targets),
  references: z.array(referenceInput).max(CONTRIBUTION_LIMITS.references).optional(),
});

/** Planned activities a contributor lists (kinds: those of activities, and its programmes, fairs, other work). */
export const PLANNED_KINDS = [...ACTIVITY_KINDS, 'programme', 'trade-fair', 'other'] as const;

export const contributionInput = z.strictObject({
  activities: z
    .array(
      z.strictObject({
        id: z
          .string()
          .min(1)
          .max(64)
          .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-"'),
        title: text(200),
        kind: z.enum(PLANNED_KINDS),
        targetIds: z.array(targetIdSchema).max(10).default([]),
        /** What it is expected to achieve, in the unit of its targets (enterprises, people, events…). */
        expected: z.number().int().min(0).max(1_000_000_000),
        budgetVnd: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
        months: z.array(z.number().int().min(1).max(12)).max(12).optional(),
      }),
    )
    .max(CONTRIBUTION_LIMITS.activities)
    .default([]),
  allocations: z
    .array(
      z.strictObject({
        targetId: targetIdSchema,
        goal: z.number().int().min(0).max(1_000_000_000),
        commune: z
          .string()
          .regex(/^\d{5}$/)
          .optional(),
      }),
    )
    .max(CONTRIBUTION_LIMITS.allocations)
    .default([]),
  /** `submitted`: the contributor considers its part done (it may still change it while the plan is a draft). */
  status: z.enum(['open', 'submitted']).default('open'),
});

export type Target = z.infer<typeof targetInput>;
export type ReferenceRecord = z.infer<typeof referenceInput>;
export type ContributionInput = z.infer<typeof contributionInput>;
export type Allocation = Target['allocations'][number];

export interface Contribution extends ContributionInput {
  /** The contributor: an agency code, or `ubnd-xa-<commune>` for a commune committee. */
  agency: string;
  updatedBy: string;
  updatedAt: string;
}

export interface Plan {
  id: string;
  year: number;
  /** The version within its year: 1, 2, … */
  version: number;
  /** Bumped by every change (targets, a contribution, submission, approval): the ETag. */
  revision: number;
  status: PlanStatus;
  targets: Target[];
  references: ReferenceRecord[];
  /** How many contributions it has (≤ CONTRIBUTION_LIMITS.perPlan). */
  contributors: number;
  basedOn?: string | undefined;
  /** Set on approval: the year's earlier approved version it replaced (null: none). */
  supersedes?: string | null | undefined;
  supersededBy?: string | undefined;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  submittedBy?: string | undefined;
  submittedAt?: string | undefined;
  approvedBy?: string | undefined;
  approvedAt?: string | undefined;
}

/** The year's versions as the repository keeps them: the last version number, the open draft, the approved one. */
export interface PlanYear {
  year: number;
  lastVersion: number;
  /** The draft or submitted version, if any: one at a time. */
  openPlanId?: string | undefined;
  approvedPlanId?: string | undefined;
}

export const isDraftLike = (p: Pick<Plan, 'status'>): boolean => p.status === 'draft' || p.status === 'submitted';

/** The contributor id an account writes as. */
export const contributorOf = (actor: { agency: string; commune?: string | undefined }): string =>
  actor.commune !== undefined ? `${COMMUNE_COMMITTEE_AGENCY}-${actor.commune}` : actor.agency;

/** What the policy decides a contribution by: its agency, or its commune for a commune committee. */
export function contributorFacts(contributor: string): { ownerAgency?: string; communeCode?: string } {
  const m = COMMUNE_CONTRIBUTOR.exec(contributor);
  return m ? { communeCode: m[1]! } : { ownerAgency: contributor };
}

/** A path's contributor id: an agency code, or `ubnd-xa-<commune>` (never bare `ubnd-xa`). */
export const contributorSchema = agencyCodeSchema.refine(
  (c) => c !== COMMUNE_COMMITTEE_AGENCY,
  'a commune committee contributes as ubnd-xa-<commune code>',
);

const allocationKey = (a: Allocation) => `${a.agency ?? ''}|${a.commune ?? ''}`;

/** Everything wrong with a set of targets for a plan of `year`, each with its path. */
export function targetProblems(targets: readonly Target[], year: number): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  let allocations = 0;
  targets.forEach((t, i) => {
    const at = `body.targets.${i}`;
    if (seen.has(t.id)) errors.push({ path: `${at}.id`, message: `target ${t.id} is listed twice` });
    seen.add(t.id);
    errors.push(...periodProblems(t.period, year, `${at}.period`));
    t.measures.forEach((m, j) => {
      const mismatch = measureMismatch(m, t.unit);
      if (mismatch) errors.push({ path: `${at}.measures.${j}`, message: mismatch });
    });
    if (new Set(t.measures).size !== t.measures.length) errors.push({ path: `${at}.measures`, message: 'a measure is listed twice' });
    const keys = new Set<string>();
    t.allocations.forEach((a, j) => {
      if (a.agency === undefined && a.commune === undefined)
        errors.push({ path: `${at}.allocations.${j}`, message: 'name an agency, a commune, or both' });
      if (keys.has(allocationKey(a))) errors.push({ path: `${at}.allocations.${j}`, message: 'the same agency and commune twice' });
      keys.add(allocationKey(a));
    });
    allocations += t.allocations.length;
  });
  if (allocations > PLAN_LIMITS.allocations)
    errors.push({ path: 'body.targets', message: `at most ${PLAN_LIMITS.allocations} allocations in all (${allocations} given)` });
  return errors;
}

/** Annual: the plan's own year. Cumulative: a span of years that holds the plan's year. */
export function periodProblems(p: Target['period'], year: number, at: string): FieldError[] {
  const from = Number(p.from);
  const to = Number(p.to);
  if (p.kind === 'annual') {
    return from === year && to === year ? [] : [{ path: at, message: `an annual target of the ${year} plan runs from ${year} to ${year}` }];
  }
  if (from > to) return [{ path: at, message: 'from must not be after to' }];
  if (to - from + 1 > MAX_PERIOD_YEARS) return [{ path: at, message: `a period spans at most ${MAX_PERIOD_YEARS} years` }];
  if (from > year || to < year) return [{ path: at, message: `a cumulative target of the ${year} plan covers ${year}` }];
  return [];
}

/** A contribution's allocations must name targets of the plan; its size is bounded. */
export function contributionProblems(input: ContributionInput, targets: readonly Target[]): FieldError[] {
  const errors: FieldError[] = [];
  const ids = new Set(targets.map((t) => t.id));
  input.allocations.forEach((a, i) => {
    if (!ids.has(a.targetId)) errors.push({ path: `body.allocations.${i}.targetId`, message: `the plan has no target ${a.targetId}` });
  });
  const keys = new Set<string>();
  input.allocations.forEach((a, i) => {
    const key = `${a.targetId}|${a.commune ?? ''}`;
    if (keys.has(key)) errors.push({ path: `body.allocations.${i}`, message: 'the same target and commune twice' });
    keys.add(key);
  });
  const activityIds = new Set<string>();
  input.activities.forEach((a, i) => {
    if (activityIds.has(a.id)) errors.push({ path: `body.activities.${i}.id`, message: `activity ${a.id} is listed twice` });
    activityIds.add(a.id);
    a.targetIds.forEach((t, j) => {
      if (!ids.has(t)) errors.push({ path: `body.activities.${i}.targetIds.${j}`, message: `the plan has no target ${t}` });
    });
  });
  const bytes = Buffer.byteLength(JSON.stringify(input), 'utf8');
  if (bytes > CONTRIBUTION_LIMITS.bytes)
    errors.push({ path: 'body', message: `a contribution is at most ${CONTRIBUTION_LIMITS.bytes} bytes of JSON (${bytes} given)` });
  return errors;
}

/**
 * A new version's targets copied from another plan: the same targets, annual ones moved to the new
 * year; cumulative ones kept (their span must still hold the new year, or they are left out).
 */
export function targetsFor(year: number, from: readonly Target[]): Target[] {
  return from.flatMap((t) => {
    if (t.period.kind === 'annual') return [{ ...t, period: { ...t.period, from: String(year), to: String(year) } }];
    return periodProblems(t.period, year, '').length === 0 ? [t] : [];
  });
}
