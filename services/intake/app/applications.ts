/**
 * Applications: drafted for a registered enterprise and an open programme, submitted through the
 * eligibility screen with the registry data frozen into them, scored, then decided.
 */
import { newEnvelope } from '../../../shared/contracts/envelope.ts';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError, type FieldError } from '../../../shared/errors.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import { checkAnswers, missingAnswers } from '../domain/answers.ts';
import { assertTransition, assertVersion, evolve, type Application, type Contact, type RegistrySnapshot } from '../domain/application.ts';
import { addDays, hanoiDay } from '../domain/dates.ts';
import { screen } from '../domain/eligibility.ts';
import { windowOpen, type Programme } from '../domain/programme.ts';
import { assertSees, assertTakesIn } from './access.ts';
import { getProgramme } from './programmes.ts';
import type { Actor, ApplicationQuery, EnterpriseRecord, IntakeDeps } from './ports.ts';

export const INTAKE_SOURCE = 'intake';

export interface DraftInput {
  programmeId: string;
  taxCode: string;
  requestedAmountVnd: number;
  answers: Record<string, unknown>;
  contact: Contact;
}

function registered(e: EnterpriseRecord | undefined, taxCode: string): EnterpriseRecord {
  if (!e) {
    throw new RuleViolationError(`No enterprise ${taxCode} in the registry`, {
      errors: [{ path: 'body.taxCode', message: 'is not registered (or the registry has not announced it yet)' }],
    });
  }
  return e;
}

/** The programme's per-application cap, as a field problem when the amount passes it. */
function amountProblem(programme: Programme, amount: number, path: string): FieldError | undefined {
  const cap = programme.maxAmountVnd ?? programme.budgetVnd;
  return amount > cap ? { path, message: `is above the ${cap} VND ${programme.code} grants per application` } : undefined;
}

export async function createApplication(deps: IntakeDeps, actor: Actor, input: DraftInput): Promise<Application> {
  // Both reads at once (one round trip of latency); the checks still run in a fixed order.
  const [programme, found] = await Promise.all([deps.repo.getProgramme(input.programmeId), deps.repo.getEnterprise(input.taxCode)]);
  if (!programme) {
    throw new RuleViolationError(`No programme ${input.programmeId}`, { errors: [{ path: 'body.programmeId', message: 'no such programme' }] });
  }
  const enterprise = registered(found, input.taxCode);
  assertTakesIn(actor, programme, enterprise.communeCode);
  const answerErrors = checkAnswers(programme.questions, input.answers, 'body.answers');
  if (answerErrors.length) throw new ValidationError(`${answerErrors.length} answer(s) are invalid`, { errors: answerErrors });
  const tooMuch = amountProblem(programme, input.requestedAmountVnd, 'body.requestedAmountVnd');
  if (tooMuch) throw new RuleViolationError(`${programme.code} grants less per application`, { errors: [tooMuch] });
  const at = deps.now().toISOString();
  const app: Application = {
    id: deps.newId(),
    programmeId: programme.id,
    programmeCode: programme.code,
    agency: programme.ownerAgency,
    category: programme.category,
    taxCode: enterprise.taxCode,
    enterpriseName: enterprise.name,
    communeCode: enterprise.communeCode,
    requestedAmountVnd: input.requestedAmountVnd,
    answers: input.answers,
    contact: input.contact,
    status: 'draft',
    version: 1,
    createdAt: at,
    createdBy: actor.sub,
    updatedAt: at,
    flags: [],
    timeline: [{ at, by: actor.sub, action: 'created', to: 'draft' }],
  };
  await deps.repo.createApplication(app);
  return app;
}

/** An application the actor may see, or 404. */
export async function visibleApplication(deps: Pick<IntakeDeps, 'repo'>, actor: Actor, id: string): Promise<Application> {
  const app = await deps.repo.getApplication(id);
  if (!app) throw new NotFoundError(`No application ${id}`);
  assertSees(actor, app);
  return app;
}

export async function listApplications(deps: IntakeDeps, actor: Actor, q: Omit<ApplicationQuery, 'agency'>): Promise<Page<Application>> {
  if (actor.commune && q.commune && q.commune !== actor.commune) {
    throw new ForbiddenError(`This account sees only commune ${actor.commune}`);
  }
  return deps.repo.listApplications({ ...q, commune: actor.commune ?? q.commune, agency: actor.agency });
}

function snapshotOf(e: EnterpriseRecord, at: string): RegistrySnapshot {
  const { taxCode: _taxCode, updatedAt: _updatedAt, ...facts } = e;
  return { ...facts, takenAt: at };
}

export async function submitApplication(deps: IntakeDeps, actor: Actor, id: string, expectedVersion: number | undefined): Promise<Application> {
  const app = await visibleApplication(deps, actor, id);
  const [programme, found] = await Promise.all([getProgramme(deps, app.programmeId), deps.repo.getEnterprise(app.taxCode)]);
  assertTakesIn(actor, programme, app.communeCode);
  assertVersion(app, expectedVersion);
  assertTransition(app, 'submitted', programme);

  const now = deps.now();
  const today = hanoiDay(now);
  const enterprise = registered(found, app.taxCode);
  const reasons = screen(programme.eligibility, enterprise, today).map((r) => ({ path: `eligibility.${r.rule}`, message: r.message }));
  if (!windowOpen(programme, today)) {
    reasons.push({ path: 'programme.window', message: `${programme.code} takes applications from ${programme.opensOn} to ${programme.closesOn}; today is ${today}` });
  }
  for (const q of missingAnswers(programme.questions, app.answers)) reasons.push({ path: `answers.${q}`, message: 'is required before submission' });
  // The programme may have changed since the draft: its answers and amount are checked again.
  reasons.push(...checkAnswers(programme.questions, app.answers));
  const tooMuch = amountProblem(programme, app.requestedAmountVnd, 'requestedAmountVnd');
  if (tooMuch) reasons.push(tooMuch);
  const verified = new Set(
    programme.requiredDocuments.length ? (await deps.repo.listDocuments(app.id)).filter((d) => d.status === 'verified').map((d) => d.type) : [],
  );
  for (const type of programme.requiredDocuments) {
    if (!verified.has(type)) reasons.push({ path: `documents.${type}`, message: 'a verified document of this type is required' });
  }
  if (reasons.length) {
    throw new RuleViolationError(`Application ${app.id} cannot be submitted: ${reasons.length} problem(s)`, { errors: reasons });
  }

  const at = now.toISOString();
  const dueOn = addDays(today, programme.processingDays);
  const snapshot = snapshotOf(enterprise, at);
  const next = evolve(app, { status: 'submitted', submittedAt: at, dueOn, snapshot }, { at, by: actor.sub, action: 'submitted', from: app.status, to: 'submitted' });
  const event = newEnvelope({
    type: 'application.submitted',
    source: INTAKE_SOURCE,
    data: {
      applicationId: app.id,
      programmeId: programme.id,
      programmeCode: programme.code,
      agency: programme.ownerAgency,
      category: programme.category,
      taxCode: app.taxCode,
      communeCode: app.communeCode,
      rubric: programme.rubric,
      answers: app.answers,
      requestedAmountVnd: app.requestedAmountVnd,
      submittedAt: at,
      dueOn,
      enterprise: {
        revision: enterprise.revision,
        sizeClass: enterprise.sizeClass.class,
        vsicMain: enterprise.vsic.main,
        employees: enterprise.employees,
        revenueVnd: enterprise.revenueVnd,
      },
    },
  });
  await deps.repo.saveApplication(next, app.version, { events: [event] });
  return next;
}

export async function withdrawApplication(
  deps: IntakeDeps,
  actor: Actor,
  id: string,
  reason: string | undefined,
  expectedVersion: number | undefined,
): Promise<Application> {
  const app = await visibleApplication(deps, actor, id);
  const programme = await getProgramme(deps, app.programmeId);
  assertTakesIn(actor, programme, app.communeCode);
  assertVersion(app, expectedVersion);
  assertTransition(app, 'withdrawn', programme);
  const at = deps.now().toISOString();
  const next = evolve(app, { status: 'withdrawn' }, { at, by: actor.sub, action: 'withdrawn', from: app.status, to: 'withdrawn', ...(reason ? { detail: reason } : {}) });
  await deps.repo.saveApplication(next, app.version);
  return next;
}
