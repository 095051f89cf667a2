/**
 * Applications: drafted for a registered enterprise and an open programme, submitted through the
 * eligibility screen with the registry data frozen into them, scored, then decided.
 */
import { newEnvelope } from '../../../shared/contracts/envelope.ts';
import { assertCan, can } from '../../../shared/access/policy.ts';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError, type FieldError } from '../../../shared/errors.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import type { Localized } from '../../../shared/i18n/localized.ts';
import { say } from '../../../shared/i18n/messages.ts';
import { checkAnswers, missingAnswers } from '../domain/answers.ts';
import {
  assertTransition,
  assertVersion,
  evolve,
  mailFields,
  type Application,
  type Contact,
  type RegistrySnapshot,
} from '../domain/application.ts';
import { hanoiDay } from '../../../shared/time/hanoi.ts';
import { addWorkingDays, incompleteCaveat } from '../../../shared/time/working-days.ts';
import { yearPeriod } from '../domain/ledger.ts';
import { mergeFlags } from '../domain/related-parties.ts';
import { screen } from '../domain/eligibility.ts';
import { windowOpen, type Programme } from '../domain/programme.ts';
import { applicationFacts, assertMayApplication, programmeFacts } from './access.ts';
import { relatedPartyCheck } from './ledger.ts';
import { getProgramme } from './programmes.ts';
import type { Actor, ApplicationQuery, DocumentPage, EnterpriseRecord, IntakeDeps } from './ports.ts';

export const INTAKE_SOURCE = 'intake';

/** A timeline entry's mark for an act of the applicant itself (an enterprise user), shown as "enterprise". */
export const viaOf = (actor: Actor): { via?: 'enterprise' } => (actor.roles.includes('enterprise') ? { via: 'enterprise' } : {});

export interface DraftInput {
  programmeId: string;
  taxCode: string;
  requestedAmountVnd: number;
  answers: Record<string, unknown>;
  contact: Contact;
}

export function registered(e: EnterpriseRecord | undefined, taxCode: string): EnterpriseRecord {
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
  // Both in one read (one round trip); the checks still run in a fixed order.
  const { programme, enterprise: found } = await deps.repo.programmeAndEnterprise(input.programmeId, input.taxCode);
  if (!programme) {
    throw new RuleViolationError(`No programme ${input.programmeId}`, {
      errors: [{ path: 'body.programmeId', message: 'no such programme' }],
    });
  }
  const enterprise = registered(found, input.taxCode);
  // The programme is in the public catalogue and the enterprise in the public register: a refusal hides nothing (403).
  assertCan(actor, 'application', 'create', {
    ...programmeFacts(programme),
    communeCode: enterprise.communeCode,
    taxCode: enterprise.taxCode,
  });
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
    // An enterprise user's own application is taken in online, by no agency: the programme's agency handles it.
    ...(actor.agency ? { intakeAgency: actor.agency } : {}),
    ...(actor.commune ? { intakeCommune: actor.commune } : {}),
    assignees: [],
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
    timeline: [{ at, by: actor.sub, action: 'created', to: 'draft', ...viaOf(actor) }],
  };
  await deps.repo.createApplication(app);
  return app;
}

/** An application the actor may see, or 404. */
export async function visibleApplication(deps: Pick<IntakeDeps, 'repo'>, actor: Actor, id: string): Promise<Application> {
  const app = await deps.repo.getApplication(id);
  if (!app) throw new NotFoundError(`No application ${id}`);
  assertMayApplication(actor, app, 'read');
  return app;
}

export type ListInput = Omit<ApplicationQuery, 'ownerAgency' | 'agencyIndex'>;

const EMPTY: Page<Application> = { items: [], nextCursor: null };

/**
 * Applications the actor may read, by the filters asked. The query is chosen so that its index
 * key already confines it to what the policy lets the caller read, so a page is never a filtered-
 * out remainder of someone else's applications:
 * - the coordinator reads every application: any index, no filter (by default its own agency's);
 * - a commune committee: its commune's index (another commune is 403, said plainly);
 * - an agency: its own applications — the agency index, or the programme's index when the
 *   programme is its own (another agency's programme lists nothing, without a query); by
 *   enterprise or commune, that index filtered to the agency. An enterprise has a handful of
 *   applications; a commune many, so the repository keeps reading until the page is full or it has
 *   examined a bounded number of entries — a page is short (even empty) only then, and its cursor
 *   moves past everything examined, so following cursors always ends.
 * An agency's applications are those of its programmes: applications are taken in by the owning
 * agency or a commune committee (application.create), so an agency's intake-agency applications are
 * among its owner-agency ones. A reviewer's filtered listing also holds what is assigned to it; its
 * unfiltered one is its agency's (scoring's "assigned to me" lists assignments).
 * Every item is still put to the policy, so a query that ever let one through would drop it.
 */
export async function listApplications(deps: IntakeDeps, actor: Actor, q: ListInput): Promise<Page<Application>> {
  let query: ApplicationQuery;
  if (actor.roles.includes('enterprise')) {
    // An enterprise user's own applications (`mine`): those of the enterprise asked, or of the one it acts for.
    const mine = actor.enterprises ?? [];
    const taxCode = q.taxCode ?? (mine.length === 1 ? mine[0] : undefined);
    if (q.taxCode === undefined && mine.length > 1) {
      throw new ValidationError('You act for several enterprises: say which', {
        errors: [{ path: 'query.taxCode', message: `one of ${mine.join(', ')}` }],
      });
    }
    if (!taxCode || !mine.includes(taxCode)) return EMPTY;
    query = { ...q, taxCode, commune: undefined };
  } else if (actor.commune) {
    if (q.commune && q.commune !== actor.commune) throw new ForbiddenError(`This account sees only commune ${actor.commune}`);
    query = { ...q, commune: actor.commune };
  } else if (can(actor, 'application', 'read', {})) {
    // Allowed with no facts about the object at all: a relation that holds for every application (the coordinator).
    query = { ...q, agencyIndex: actor.agency };
  } else {
    // Whether the actor reads applications assigned to it (a reviewer): then a filtered listing includes those too.
    const readsAssigned = can(actor, 'application', 'read', { assignees: [actor.sub] });
    if (q.programmeId && !q.commune && !q.taxCode && !readsAssigned) {
      const programme = await deps.repo.getProgramme(q.programmeId);
      if (!programme || !can(actor, 'application', 'read', programmeFacts(programme))) return EMPTY;
    }
    query = { ...q, ownerAgency: actor.agency, agencyIndex: actor.agency, ...(readsAssigned ? { orAssignedTo: actor.sub } : {}) };
  }
  const page = await deps.repo.listApplications(query);
  return { ...page, items: page.items.filter((app) => can(actor, 'application', 'read', applicationFacts(app))) };
}

/** Every document of an application (at most MAX_DOCUMENTS, so a few pages at most). */
export async function allDocuments(deps: Pick<IntakeDeps, 'repo'>, applicationId: string): Promise<DocumentPage['items']> {
  const all: DocumentPage['items'] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.repo.listDocuments(applicationId, { limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

function snapshotOf(e: EnterpriseRecord, at: string): RegistrySnapshot {
  // Person refs stay in intake's registry copy: the policy shows them to the registry owner only.
  const { taxCode: _taxCode, updatedAt: _updatedAt, people: _people, ...facts } = e;
  return { ...facts, takenAt: at };
}

export async function submitApplication(
  deps: IntakeDeps,
  actor: Actor,
  id: string,
  expectedVersion: number | undefined,
): Promise<Application> {
  const app = await visibleApplication(deps, actor, id);
  assertMayApplication(actor, app, 'submit');
  const { programme: stored, enterprise: found } = await deps.repo.programmeAndEnterprise(app.programmeId, app.taxCode);
  if (!stored) throw new NotFoundError(`No programme ${app.programmeId}`);
  const programme = stored;
  assertVersion(app, expectedVersion);
  assertTransition(app, 'submitted', programme);

  const now = deps.now();
  const today = hanoiDay(now);
  const enterprise = registered(found, app.taxCode);
  const said = (path: string, text: Localized): FieldError => ({ path, message: text.en, messageText: text });
  const reasons: FieldError[] = screen(programme.eligibility, enterprise, today).map((r) => said(`eligibility.${r.rule}`, r.messageText));
  if (!windowOpen(programme, today)) {
    const dates = { opens: { date: programme.opensOn }, closes: { date: programme.closesOn }, today: { date: today } };
    reasons.push(said('programme.window', say('submit.window', { code: programme.code, ...dates })));
  }
  for (const q of missingAnswers(programme.questions, app.answers)) reasons.push(said(`answers.${q}`, say('submit.answerRequired')));
  // The programme may have changed since the draft: its answers and amount are checked again.
  reasons.push(...checkAnswers(programme.questions, app.answers));
  const tooMuch = amountProblem(programme, app.requestedAmountVnd, 'requestedAmountVnd');
  if (tooMuch) reasons.push(tooMuch);
  const verified = new Set(
    programme.requiredDocuments.length ? (await allDocuments(deps, app.id)).filter((d) => d.status === 'verified').map((d) => d.type) : [],
  );
  for (const type of programme.requiredDocuments) {
    if (!verified.has(type)) reasons.push(said(`documents.${type}`, say('submit.documentRequired')));
  }
  if (reasons.length) {
    throw new RuleViolationError(`Application ${app.id} cannot be submitted: ${reasons.length} problem(s)`, { errors: reasons });
  }

  const at = now.toISOString();
  // Administrative deadlines are working days (public holidays and Tết excluded); a year whose
  // holidays are not in the data yet is counted without them, and the application says so.
  const due = addWorkingDays(today, programme.processingDays);
  const dueOn = due.date;
  const dueOnCaveat = incompleteCaveat(due);
  const snapshot = snapshotOf(enterprise, at);
  // Related enterprises already supported for these contents this year: flagged for the officer who decides.
  const relatedFlags = await relatedPartyCheck(
    deps,
    enterprise,
    { agency: programme.ownerAgency, contents: programme.supportContents, period: yearPeriod(Number(today.slice(0, 4))) },
    at,
  );
  const next = evolve(
    app,
    {
      status: 'submitted',
      submittedAt: at,
      dueOn,
      ...(dueOnCaveat ? { dueOnCaveat } : {}),
      snapshot,
      flags: mergeFlags(app.flags, relatedFlags),
    },
    { at, by: actor.sub, action: 'submitted', from: app.status, to: 'submitted', ...viaOf(actor) },
  );
  const event = newEnvelope({
    type: 'application.submitted',
    source: INTAKE_SOURCE,
    data: submittedData({ ...app, answers: app.answers }, programme, enterprise, at, dueOn),
  });
  await deps.repo.saveApplication(next, app.version, { events: [event] });
  return next;
}

/** What application.submitted carries (and a re-score after a supplement: shared/contracts/application.ts). */
export function submittedData(app: Application, programme: Programme, enterprise: EnterpriseRecord, submittedAt: string, dueOn: string) {
  return {
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
    submittedAt,
    dueOn,
    ...mailFields(app.contact),
    enterprise: {
      revision: enterprise.revision,
      sizeClass: enterprise.sizeClass.class,
      vsicMain: enterprise.vsic.main,
      employees: enterprise.employees,
      revenueVnd: enterprise.revenueVnd,
    },
  };
}

export async function withdrawApplication(
  deps: IntakeDeps,
  actor: Actor,
  id: string,
  reason: string | undefined,
  expectedVersion: number | undefined,
): Promise<Application> {
  const app = await visibleApplication(deps, actor, id);
  assertMayApplication(actor, app, 'withdraw');
  const programme = await getProgramme(deps, app.programmeId);
  assertVersion(app, expectedVersion);
  assertTransition(app, 'withdrawn', programme);
  const at = deps.now().toISOString();
  const next = evolve(
    app,
    { status: 'withdrawn' },
    { at, by: actor.sub, action: 'withdrawn', from: app.status, to: 'withdrawn', ...(reason ? { detail: reason } : {}), ...viaOf(actor) },
  );
  // Through the outbox with the change: reporting takes a submitted application off the open count.
  const event = newEnvelope({
    type: 'application.withdrawn',
    source: INTAKE_SOURCE,
    data: {
      applicationId: app.id,
      programmeId: programme.id,
      programmeCode: programme.code,
      agency: programme.ownerAgency,
      category: programme.category,
      taxCode: app.taxCode,
      communeCode: app.communeCode,
      // A file awaiting a supplement was received already: for the counts it is what it was before the request.
      previousStatus: (app.status === 'awaiting-supplement' ? (app.supplement?.previousStatus ?? 'submitted') : app.status) as
        | 'draft'
        | 'submitted'
        | 'scored',
      submittedAt: app.submittedAt ?? null,
      dueOn: app.dueOn ?? null,
      withdrawnAt: at,
      ...mailFields(app.contact),
    },
  });
  await deps.repo.saveApplication(next, app.version, { events: [event] });
  return next;
}
