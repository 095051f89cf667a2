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

export const applicationFacts = (app: Pick<Application, 'agency' | 'intakeAgency' | 'communeCode' | 'assignees'>): ResourceFacts => ({
  ownerAgency: app.agency,
  intakeAgency: app.intakeAgency,
  communeCode: app.communeCode,
  assignees: app.assignees ?? [],
});

export const programmeFacts = (p: Pick<Programme, 'ownerAgency'>): ResourceFacts => ({ ownerAgency: p.ownerAgency });

export type ApplicationAction = 'read' | 'submit' | 'withdraw' | 'decide';

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

/** What the actor sees of an application: contact details, documents and related-party names only if the policy lets it. */
export function viewOf(actor: Actor, app: Application, documents?: Page<ApplicationDocument>): ApplicationView {
  const shown = { ...app, flags: flagsFor(actor, app.flags) };
  const value: ApplicationView = documents ? { ...shown, documents: documents.items, documentsNextCursor: documents.nextCursor } : shown;
  const facts = applicationFacts(app);
  const shaped = shape(actor, facts, value, {
    contact: 'application.contact',
    notifications: 'application.contact',
    documents: 'document',
  });
  if (!('documents' in shaped)) delete shaped.documentsNextCursor;
  return shaped;
}
