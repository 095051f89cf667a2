/**
 * Demo data for the local runtime: the plan of the clock's current year, from the scheme's
 * published targets (domain/scheme-targets.ts) with the older plans' figures as reference records,
 * approved — through the same use cases as the API: drafted, its targets set and submitted by one
 * seed account of Sở Tài chính, approved by another (four eyes). A year that has a plan already is
 * left alone, so seeding twice changes nothing.
 */
import type { Actor } from '../../shared/access/policy.ts';
import { COORDINATOR_AGENCY } from '../../shared/access/policy.ts';
import { hanoiDay, yearOf } from '../../shared/time/hanoi.ts';
import { approvePlan, createPlan, putTargets, submitPlan } from './app/plans.ts';
import type { PlanningDeps } from './app/ports.ts';
import { buildDeps } from './deps.ts';
import { HISTORY, schemeTargets } from './domain/scheme-targets.ts';

const drafter: Actor = { sub: 'seed-planning-drafter', agency: COORDINATOR_AGENCY, roles: ['officer'] };
const approver: Actor = { sub: 'seed-planning-approver', agency: COORDINATOR_AGENCY, roles: ['admin'] };

/** Seed the year's approved plan; the summary line says what was done. */
export async function seedPlan(deps: PlanningDeps): Promise<string> {
  const year = yearOf(hanoiDay(deps.now()));
  if (await deps.plans.getYear(year)) return `the ${year} plan was there already`;
  const draft = await createPlan(deps, drafter, { year });
  const targeted = await putTargets(deps, drafter, draft.id, { targets: schemeTargets(year), references: [...HISTORY] }, draft.revision);
  const submitted = await submitPlan(deps, drafter, draft.id, targeted.revision);
  const approved = await approvePlan(deps, approver, draft.id, submitted.revision);
  return `the ${year} plan, approved: ${approved.targets.length} targets, ${approved.references.length} reference figures of older plans`;
}

export const seed = (): Promise<string> => seedPlan(buildDeps());
