/**
 * The annual plan's use cases (docs/api.md, "Annual plan"). Who may do what is the policy's
 * (`plan`, `plan.draft`, `plan.contribution`); what a version may go through is here: one open
 * version (draft or submitted) per year, targets and contributions change only while it is a draft,
 * every change moves its revision (the ETag, checked against If-Match), the submitter never
 * approves (four eyes), and an approval supersedes the year's earlier approved version.
 */
import { assertCan, can, type ResourceKind } from '../../../shared/access/policy.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../../shared/errors.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import {
  CONTRIBUTION_LIMITS,
  contributionProblems,
  contributorFacts,
  isDraftLike,
  targetProblems,
  targetsFor,
  type Contribution,
  type ContributionInput,
  type Plan,
  type ReferenceRecord,
  type Target,
} from '../domain/plan.ts';
import { planApprovedEvent } from './events.ts';
import type { Actor, PageRequest, PlanningDeps } from './ports.ts';

/** The policy kind a plan is read through: a draft (or submitted) plan is not yet everyone's. */
export const readKindOf = (p: Pick<Plan, 'status'>): ResourceKind => (isDraftLike(p) ? 'plan.draft' : 'plan');

export interface PlanView extends Plan {
  contributions: Contribution[];
}

/** Load a plan the actor may read, for `action` (another's draft it may not read: not found). */
async function loadPlan(deps: PlanningDeps, actor: Actor, id: string, action: 'read' | 'update' | 'submit' | 'approve'): Promise<Plan> {
  const plan = await deps.plans.getPlan(id);
  if (!plan) throw new NotFoundError(`No plan ${id}`);
  if (!can(actor, readKindOf(plan), 'read', {})) throw new NotFoundError(`No plan ${id}`);
  if (action !== 'read') assertCan(actor, 'plan', action, {}, { id, label: 'plan' });
  return plan;
}

function requireDraft(plan: Plan, what: string): void {
  if (plan.status !== 'draft') throw new ConflictError(`Plan ${plan.id} is ${plan.status}: ${what} only while it is a draft`);
}

/** If-Match is required on a plan's changes: they replace what the caller read. */
function requireRevision(plan: Plan, expected: number | undefined): number {
  if (expected === undefined)
    throw new ValidationError('Send If-Match with the plan revision you read (its ETag)', {
      errors: [{ path: 'header.if-match', message: 'required' }],
    });
  if (expected !== plan.revision)
    throw new ConflictError(`Plan ${plan.id} is at revision ${plan.revision}, not ${expected}: reload and retry`);
  return expected;
}

/** The contributions the actor may see: every one of an approved plan; of a draft, its own (all, for the coordinator). */
function visibleContributions(actor: Actor, plan: Plan, all: readonly Contribution[]): Contribution[] {
  if (!isDraftLike(plan)) return [...all];
  return all.filter((c) => can(actor, 'plan.contribution', 'read', contributorFacts(c.agency)));
}

export async function createPlan(
  deps: PlanningDeps,
  actor: Actor,
  input: { year: number; basedOn?: string | undefined },
): Promise<PlanView> {
  // Nothing exists yet: a refusal is a 403 with who may.
  assertCan(actor, 'plan', 'create', {});
  const base = input.basedOn ? await loadPlan(deps, actor, input.basedOn, 'read') : undefined;
  const year = await deps.plans.getYear(input.year);
  if (year?.openPlanId)
    throw new ConflictError(`${input.year} already has a plan being drawn up (${year.openPlanId}): one draft per year`, {
      extensions: { openPlanId: year.openPlanId },
    });
  const at = deps.now().toISOString();
  const id = deps.newId();
  const lastVersion = year?.lastVersion ?? 0;
  // A revision of the same year keeps its contributions (their contributors may go on changing them).
  const contributions: Contribution[] =
    base && base.year === input.year ? (await deps.plans.contributions(base.id)).map((c) => ({ ...c, status: 'open' as const })) : [];
  const plan: Plan = {
    id,
    year: input.year,
    version: lastVersion + 1,
    revision: 1,
    status: 'draft',
    targets: base ? targetsFor(input.year, base.targets) : [],
    references: base?.references ?? [],
    contributors: contributions.length,
    ...(base ? { basedOn: base.id } : {}),
    createdBy: actor.sub,
    createdAt: at,
    updatedBy: actor.sub,
    updatedAt: at,
  };
  await deps.plans.createPlan(plan, contributions, lastVersion);
  return { ...plan, contributions: visibleContributions(actor, plan, contributions) };
}

export async function getPlan(deps: PlanningDeps, actor: Actor, id: string): Promise<PlanView> {
  const plan = await loadPlan(deps, actor, id, 'read');
  return { ...plan, contributions: visibleContributions(actor, plan, await deps.plans.contributions(id)) };
}

/** A year's versions (or every year's), newest first, without their contributions; drafts only to who may read them. */
export async function listPlans(deps: PlanningDeps, actor: Actor, q: PageRequest & { year?: number | undefined }): Promise<Page<Plan>> {
  const page = await deps.plans.listPlans(q.year, q);
  return { ...page, items: page.items.filter((p) => can(actor, readKindOf(p), 'read', {})) };
}

export async function putTargets(
  deps: PlanningDeps,
  actor: Actor,
  id: string,
  input: { targets: Target[]; references?: ReferenceRecord[] | undefined },
  expectedRevision: number | undefined,
): Promise<PlanView> {
  const plan = await loadPlan(deps, actor, id, 'update');
  requireDraft(plan, 'its targets change');
  const revision = requireRevision(plan, expectedRevision);
  const errors = targetProblems(input.targets, plan.year);
  if (errors.length) throw new RuleViolationError(`The targets do not fit the ${plan.year} plan`, { errors });
  const next: Plan = {
    ...plan,
    targets: input.targets,
    ...(input.references ? { references: input.references } : {}),
    revision: revision + 1,
    updatedBy: actor.sub,
    updatedAt: deps.now().toISOString(),
  };
  await deps.plans.savePlan(next, revision);
  return { ...next, contributions: visibleContributions(actor, next, await deps.plans.contributions(id)) };
}

/** Load a contribution's plan for the actor: a contribution the actor may not read is not found, whatever the plan. */
async function contributionPlan(deps: PlanningDeps, actor: Actor, planId: string, contributor: string, action: 'read' | 'update') {
  const plan = await deps.plans.getPlan(planId);
  const facts = contributorFacts(contributor);
  const readable = plan && (isDraftLike(plan) ? can(actor, 'plan.contribution', 'read', facts) : can(actor, 'plan', 'read', {}));
  if (!plan || !readable) throw new NotFoundError(`No contribution of ${contributor} to plan ${planId}`);
  if (action === 'update')
    assertCan(actor, 'plan.contribution', 'update', facts, { id: `${planId}/${contributor}`, label: 'contribution' });
  return plan;
}

export async function getContribution(deps: PlanningDeps, actor: Actor, planId: string, contributor: string): Promise<Contribution> {
  await contributionPlan(deps, actor, planId, contributor, 'read');
  const c = await deps.plans.getContribution(planId, contributor);
  if (!c) throw new NotFoundError(`No contribution of ${contributor} to plan ${planId}`);
  return c;
}

export async function putContribution(
  deps: PlanningDeps,
  actor: Actor,
  planId: string,
  contributor: string,
  input: ContributionInput,
  expectedRevision: number | undefined,
): Promise<PlanView> {
  // The policy lets a contributor's own staff write it: an agency's, or a commune committee's of that commune.
  const plan = await contributionPlan(deps, actor, planId, contributor, 'update');
  requireDraft(plan, 'contributions change');
  const revision = requireRevision(plan, expectedRevision);
  const errors = contributionProblems(input, plan.targets);
  if (errors.length) throw new RuleViolationError(`The contribution does not fit plan ${planId}`, { errors });
  const existing = await deps.plans.getContribution(planId, contributor);
  if (!existing && plan.contributors >= CONTRIBUTION_LIMITS.perPlan)
    throw new RuleViolationError(`Plan ${planId} already has ${CONTRIBUTION_LIMITS.perPlan} contributions, the most a plan takes`);
  const at = deps.now().toISOString();
  const contribution: Contribution = { ...input, agency: contributor, updatedBy: actor.sub, updatedAt: at };
  const next: Plan = {
    ...plan,
    revision: revision + 1,
    contributors: plan.contributors + (existing ? 0 : 1),
    updatedBy: actor.sub,
    updatedAt: at,
  };
  await deps.plans.saveContribution(next, contribution, revision);
  const all = (await deps.plans.contributions(planId)).filter((c) => c.agency !== contributor);
  return { ...next, contributions: visibleContributions(actor, next, [...all, contribution].sort(byAgency)) };
}

const byAgency = (a: Contribution, b: Contribution) => (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0);

export async function submitPlan(deps: PlanningDeps, actor: Actor, id: string, expectedRevision: number | undefined): Promise<PlanView> {
  const plan = await loadPlan(deps, actor, id, 'submit');
  requireDraft(plan, 'it is submitted');
  if (expectedRevision !== undefined && expectedRevision !== plan.revision)
    throw new ConflictError(`Plan ${id} is at revision ${plan.revision}, not ${expectedRevision}: reload and retry`);
  if (plan.targets.length === 0)
    throw new RuleViolationError(`Plan ${id} has no targets: set them before submitting`, {
      errors: [{ path: 'targets', message: 'at least one target' }],
    });
  const at = deps.now().toISOString();
  const next: Plan = {
    ...plan,
    status: 'submitted',
    revision: plan.revision + 1,
    submittedBy: actor.sub,
    submittedAt: at,
    updatedBy: actor.sub,
    updatedAt: at,
  };
  await deps.plans.savePlan(next, plan.revision);
  return { ...next, contributions: visibleContributions(actor, next, await deps.plans.contributions(id)) };
}

export async function approvePlan(deps: PlanningDeps, actor: Actor, id: string, expectedRevision: number | undefined): Promise<PlanView> {
  const plan = await loadPlan(deps, actor, id, 'approve');
  if (plan.status !== 'submitted') throw new ConflictError(`Plan ${id} is ${plan.status}: only a submitted plan is approved`);
  // Four eyes: the person who submitted the plan does not approve it.
  if (plan.submittedBy === actor.sub)
    throw new ForbiddenError(`You submitted plan ${id}: another officer of the coordinator approves it (four eyes)`);
  if (expectedRevision !== undefined && expectedRevision !== plan.revision)
    throw new ConflictError(`Plan ${id} is at revision ${plan.revision}, not ${expectedRevision}: reload and retry`);
  const year = await deps.plans.getYear(plan.year);
  const previous = year?.approvedPlanId ? await deps.plans.getPlan(year.approvedPlanId) : undefined;
  const now = deps.now();
  const at = now.toISOString();
  const next: Plan = {
    ...plan,
    status: 'approved',
    revision: plan.revision + 1,
    approvedBy: actor.sub,
    approvedAt: at,
    supersedes: previous?.id ?? null,
    updatedBy: actor.sub,
    updatedAt: at,
  };
  await deps.plans.approve(next, previous, planApprovedEvent(next, now), plan.revision);
  return { ...next, contributions: await deps.plans.contributions(id) };
}
