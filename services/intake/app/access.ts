/**
 * Intake asks the one access policy (shared/access/policy.ts) with the facts of the object it
 * loaded; nothing here compares agencies itself. An application's facts: its programme's owning
 * agency, who took it in, the enterprise's commune and the reviewers assigned to it.
 */
import { assertCan, can, shape, type Actor, type ResourceFacts } from '../../../shared/access/policy.ts';
import { ForbiddenError } from '../../../shared/errors.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import type { Application, ApplicationDocument, Flag } from '../domain/application.ts';
import { withoutRelated } from '../domain/related-parties.ts';
import type { Programme } from '../domain/programme.ts';
import type { Principal } from '../../../shared/http/auth.ts';
import { actorOf as linkedActor } from '../../../shared/registry-links/enterprise-links.ts';
import type { IntakeDeps } from './ports.ts';

export const applicationFacts = (
  app: Pick<Application, 'agency' | 'intakeAgency' | 'communeCode' | 'assignees' | 'taxCode'>,
): ResourceFacts => ({
  ownerAgency: app.agency,
  intakeAgency: app.intakeAgency,
  communeCode: app.communeCode,
  assignees: app.assignees ?? [],
  taxCode: app.taxCode,
});

/**
 * The actor of a request: an enterprise user with the enterprises the registry says they act for
 * now (verified, unrevoked links), asked on every request so a revocation takes effect at once;
 * a staff account as its token says.
 */
export const actorOf = (deps: Pick<IntakeDeps, 'links'>, principal: Principal): Promise<Actor> => linkedActor(deps.links, principal);

export const programmeFacts = (p: Pick<Programme, 'ownerAgency'>): ResourceFacts => ({ ownerAgency: p.ownerAgency });

export type ApplicationAction = 'read' | 'submit' | 'withdraw' | 'decide' | 'request-supplement' | 'answer-supplement';

/** 404 when the actor may not read the application, 403 (with who may) when it may read but not do this. */
export function assertMayApplication(actor: Actor, app: Application, action: ApplicationAction): void {
  assertCan(actor, 'application', action, applicationFacts(app), { id: app.id, label: 'application' });
}

/** Documents of an application the actor may read: 404 for one it may not, 403 for the documents of one it may. */
export function assertMayDocuments(actor: Actor, app: Application, action: 'read' | 'create'): void {
  const facts = applicationFacts(app);
  if (can(actor, 'document', action, facts)) return;
  assertCan(actor, 'application', 'read', facts, { id: app.id, label: 'application' });
  assertCan(actor, 'document', action, facts);
}

/**
 * Four eyes: whoever created or submitted an application does not decide it, unless the programme
 * lets one person decide small amounts (`fourEyesAboveVnd`). An approval is judged on the amount
 * approved (the money at stake); a rejection on the amount requested, as refusing is deciding on
 * that request — so a programme that trusts one officer with 50 million VND trusts them to refuse
 * requests up to 50 million too, and no further.
 */
export function assertFourEyes(
  actor: Actor,
  app: Application,
  programme: Pick<Programme, 'code' | 'fourEyesAboveVnd'>,
  decision: { outcome: 'approved'; amountVnd: number } | { outcome: 'rejected' },
): void {
  const submittedBy = app.timeline.find((t) => t.action === 'submitted')?.by;
  const role = actor.sub === app.createdBy ? 'created' : actor.sub === submittedBy ? 'submitted' : undefined;
  if (!role) return;
  const stake = decision.outcome === 'approved' ? decision.amountVnd : app.requestedAmountVnd;
  const alone = programme.fourEyesAboveVnd;
  if (alone !== undefined && stake <= alone) return;
  const limit = alone === undefined ? '' : ` (one person may decide up to ${alone} VND under ${programme.code}; this is ${stake} VND)`;
  throw new ForbiddenError(`You ${role} application ${app.id}; another officer of the owning agency must decide it${limit}`);
}

export interface ApplicationView extends Application {
  documents?: ApplicationDocument[];
  documentsNextCursor?: string | null;
}

/**
 * A related-party flag names the related enterprise only to the coordinator and to the agency that
 * made the related grant; to anyone else it says that a related enterprise was supported, not which.
 */
export const flagsFor = (actor: Actor, flags: readonly Flag[]): Flag[] =>
  flags.map((f) =>
    f.kind === 'related-party-support' && f.related && !can(actor, 'application.related-party', 'read', { ownerAgency: f.related.agency })
      ? withoutRelated(f)
      : f,
  );

/** A document as the applicant sees it: without the staff account that declared it. */
const documentForApplicant = ({ requestedBy: _by, ...d }: ApplicationDocument) => d;

/**
 * What an applicant (an enterprise user) sees of its own file: status, due date, its answers,
 * contact and documents, its decision, and the timeline with each act shown by who acted as an
 * institution — the programme's agency, or the enterprise itself — never a staff user id. Built
 * from a list of fields, so a field added to applications later stays internal until listed here:
 * no assignees, flags, score details, snapshot reasons or internal notes.
 */
export function applicantViewOf(app: Application, documents?: Page<ApplicationDocument>) {
  const byWhom = (t: Application['timeline'][number]) =>
    t.via === 'enterprise'
      ? 'enterprise'
      : t.by.startsWith('system:')
        ? 'system'
        : t.action === 'created' || t.action === 'submitted'
          ? (app.intakeAgency ?? app.agency)
          : app.agency;
  return {
    id: app.id,
    programmeId: app.programmeId,
    programmeCode: app.programmeCode,
    agency: app.agency,
    category: app.category,
    taxCode: app.taxCode,
    enterpriseName: app.enterpriseName,
    requestedAmountVnd: app.requestedAmountVnd,
    answers: app.answers,
    contact: app.contact,
    status: app.status,
    version: app.version,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
    ...(app.submittedAt ? { submittedAt: app.submittedAt } : {}),
    ...(app.dueOn ? { dueOn: app.dueOn } : {}),
    ...(app.supplement ? { supplement: supplementForApplicant(app.supplement) } : {}),
    ...(app.decision
      ? { decision: { outcome: app.decision.outcome, amountVnd: app.decision.amountVnd, reason: app.decision.reason, at: app.decision.at } }
      : {}),
    timeline: app.timeline
      .filter((t) => t.action !== 'flagged')
      .map((t) => ({
        at: t.at,
        action: t.action,
        by: byWhom(t),
        ...(t.from ? { from: t.from } : {}),
        ...(t.to ? { to: t.to } : {}),
        ...(t.action === 'supplement-requested' || t.action === 'supplement-answered' || t.action === 'withdrawn' || t.action === 'rejected'
          ? t.detail
            ? { detail: t.detail }
            : {}
          : {}),
      })),
    ...(documents ? { documents: documents.items.map(documentForApplicant), documentsNextCursor: documents.nextCursor } : {}),
  };
}

/** The open or last request for supplement, as the applicant sees it (without who of the staff asked). */
const supplementForApplicant = ({ requestedBy: _by, ...s }: NonNullable<Application['supplement']>) => s;

/** Documents as the actor sees them: an applicant without the staff account that declared each. */
export const documentsFor = (actor: Actor, docs: ApplicationDocument[]) =>
  actor.roles.includes('enterprise') ? docs.map(documentForApplicant) : docs;

/**
 * What the actor sees of an application: contact details, documents, related-party names and the
 * score summary (computed from every panel member's marks: `score.reviews`, not an assigned reviewer
 * or a commune committee) only if the policy lets it.
 */
export function viewOf(actor: Actor, app: Application, documents?: Page<ApplicationDocument>): ApplicationView {
  // An applicant reads its own file without what the agencies keep internal (application.internal).
  if (actor.roles.includes('enterprise') && !can(actor, 'application.internal', 'read', applicationFacts(app)))
    return applicantViewOf(app, documents) as unknown as ApplicationView;
  const shown = { ...app, flags: flagsFor(actor, app.flags) };
  const value: ApplicationView = documents ? { ...shown, documents: documents.items, documentsNextCursor: documents.nextCursor } : shown;
  const facts = applicationFacts(app);
  const shaped = shape(actor, facts, value, {
    contact: 'application.contact',
    notifications: 'application.contact',
    documents: 'document',
    score: 'score.reviews',
  });
  if (!('documents' in shaped)) delete shaped.documentsNextCursor;
  return shaped;
}
