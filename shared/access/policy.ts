/**
 * The one access policy of the system, as data: for each kind of resource and each action, which
 * roles may do it and through which relation to the object (architecture.md, "Access"). Use cases
 * ask {@link decide} / {@link assertCan} with the actor and the loaded object; handlers never
 * compare agencies themselves. The same table shapes responses ({@link shape}): fields a caller may
 * not see are left out, not blanked; and writes ({@link keepUnreadable}): a field a caller may not
 * see keeps its stored value whatever the caller sends, so sending back what it was shown deletes
 * nothing. The authorisation matrix test reads this table and the manifests, so a route without an
 * entry fails before review.
 *
 * Relations:
 * - `owner-agency`: the agency that owns the object (a programme's owner; for an application, the
 *   programme's owner).
 * - `intake-agency`: the agency that took the object in (an application drafted by a commune
 *   committee is taken in by that committee, whose relation is `commune`).
 * - `commune`: a commune committee (a token with a `commune` claim) and an object in its commune.
 *   Such an account never acts through its agency code: every commune committee shares `ubnd-xa`.
 * - `coordinator`: the scheme coordinator (Sở Tài chính, `so-tai-chinh`): reads everything; it writes only
 *   what it leads (the city's annual plan).
 * - `registry-owner`: the agency that owns the registry data (configurable, default the coordinator).
 * - `assigned`: the object names the caller (`sub`) among its assignees (e.g. a reviewer).
 * - `any-agency`: any agency account (not a commune committee unless the object is in its commune):
 *   for public records every agency may read. (Business associations only where the grant admits them.)
 * - `everyone`: any account, commune committees included: for catalogues (programmes) that say
 *   nothing about an enterprise.
 *
 * Business associations (hiệp hội doanh nghiệp, agency codes `hh-…`, e.g. `hh-dnnvv-hn`) are not
 * state agencies: they take part in the annual plan and nothing else (domain.md §1). A grant admits
 * them only when it says `associations: true`; every other grant is closed to them whatever its
 * relations, `any-agency` and `everyone` included — so no registry, ledger, application or
 * matching read reaches them, and a grant added later stays closed unless it opens itself.
 *
 * Enterprise users (role `enterprise`, domain.md §9) are not agency accounts: they act only through
 * `own-enterprise` — an object of an enterprise the person is linked to by a verified, unrevoked
 * link (the actor's `enterprises`, loaded by the service from the registry, never from the token
 * alone) — `legal-representative` (its verified legal representative), `self` (a delegation that
 * is their own) and `everyone` (their own links, on routes about the caller). No other relation
 * holds for them, so every grant that does not name the role refuses
 * them, and a route whose entry has no enterprise grant is closed to them at the gateway.
 *
 * Personal data (Decree 13/2023/NĐ-CP): contacts, people's ids and owners are fields with their own
 * entries, so they are shown only to who needs them.
 */
import { ForbiddenError, NotFoundError } from '../errors.ts';
import type { Role } from '../manifest.ts';

/** Who is asking: the JWT's claims. */
export interface Actor {
  sub: string;
  agency: string;
  roles: readonly Role[];
  /** Commune committees (UBND cấp xã) act only within their commune. */
  commune?: string | undefined;
  /**
   * Enterprise users: the tax codes of the enterprises they are linked to by a verified,
   * unrevoked link, as the registry answered for this request (absent or empty: none).
   */
  enterprises?: readonly string[] | undefined;
}

/** The scheme coordinator: reads everything, changes nothing it does not own or lead. */
export const COORDINATOR_AGENCY = 'so-tai-chinh';

/** Agency codes of business associations start with this (`hh-dnnvv-hn`). */
export const ASSOCIATION_PREFIX = 'hh-';

/** A business association's account (never a commune committee, whose claim is its commune). */
export const isAssociation = (actor: Pick<Actor, 'agency' | 'commune'>): boolean =>
  actor.commune === undefined && actor.agency.startsWith(ASSOCIATION_PREFIX);

/**
 * The agency owning registry data (owners, personal-id pseudonyms, imports). In AWS and locally it
 * is `REGISTRY_OWNER_AGENCY` when set, else the coordinator.
 */
export const registryOwnerAgency = (): string => process.env.REGISTRY_OWNER_AGENCY || COORDINATOR_AGENCY;

export type Relation =
  | 'owner-agency'
  | 'intake-agency'
  | 'commune'
  | 'coordinator'
  | 'registry-owner'
  | 'assigned'
  | 'any-agency'
  | 'everyone'
  | 'own-enterprise'
  | 'legal-representative'
  | 'self';

/** What the policy needs to know of an object to decide. Loaded by the use case, never guessed. */
export interface ResourceFacts {
  ownerAgency?: string | undefined;
  intakeAgency?: string | undefined;
  communeCode?: string | undefined;
  /** `sub`s of users the object is assigned to (reviewers). */
  assignees?: readonly string[] | undefined;
  /** The enterprise the object belongs to (an application's applicant, a ledger's enterprise). */
  taxCode?: string | undefined;
  /** `sub`s of the enterprise's verified legal representatives (a delegation's facts). */
  representatives?: readonly string[] | undefined;
  /** The `sub` of the person the object is about (their own link or delegation). */
  subject?: string | undefined;
}

export interface Grant {
  roles: readonly Role[];
  relations: readonly Relation[];
  /** Business associations may use this grant (through its relations); no other grant admits them. */
  associations?: true;
}

const ALL_ROLES: readonly Role[] = ['admin', 'officer', 'reviewer', 'viewer'];
/** A person acting for an enterprise, on that enterprise's objects only. */
const ownEnterprise: Grant = { roles: ['enterprise'], relations: ['own-enterprise'] };
const STAFF: readonly Role[] = ['admin', 'officer'];
const READERS: readonly Role[] = ['admin', 'officer', 'viewer'];

/** Read access every agency has to a shared catalogue or a public record. */
const anyoneReads: Grant = { roles: ALL_ROLES, relations: ['everyone'] };
/** The coordinator's read of everything (viewer and up). */
const coordinatorReads: Grant = { roles: ALL_ROLES, relations: ['coordinator'] };

/**
 * The policy table: resource kind → action → grants (any one grant allows). Kinds and actions are
 * added with the routes that need them; the matrix test refuses a route naming one that is missing.
 */
export const POLICY = {
  programme: {
    read: [anyoneReads],
    create: [{ roles: STAFF, relations: ['owner-agency'] }],
    update: [{ roles: STAFF, relations: ['owner-agency'] }],
  },
  application: {
    read: [
      { roles: ALL_ROLES, relations: ['owner-agency', 'intake-agency', 'commune'] },
      { roles: ['reviewer'], relations: ['assigned'] },
      coordinatorReads,
      ownEnterprise,
    ],
    create: [{ roles: STAFF, relations: ['owner-agency', 'commune'] }, ownEnterprise],
    submit: [{ roles: STAFF, relations: ['owner-agency', 'intake-agency', 'commune'] }, ownEnterprise],
    withdraw: [{ roles: STAFF, relations: ['owner-agency', 'intake-agency', 'commune'] }, ownEnterprise],
    decide: [{ roles: STAFF, relations: ['owner-agency'] }],
    // A request for supplement (yêu cầu bổ sung hồ sơ): the programme's staff ask; the applicant answers.
    'request-supplement': [{ roles: STAFF, relations: ['owner-agency'] }],
    'answer-supplement': [ownEnterprise],
  },
  'application.internal': {
    // What the agencies keep on a file and the applicant does not see: who of the staff acted, the
    // reviewers assigned, flags, the score's details. Every staff reader of the application.
    read: [
      { roles: ALL_ROLES, relations: ['owner-agency', 'intake-agency', 'commune'] },
      { roles: ['reviewer'], relations: ['assigned'] },
      coordinatorReads,
    ],
  },
  'programme.eligibility': {
    // The programmes open to an enterprise, each pre-checked against its registry record.
    read: [ownEnterprise],
  },
  'application.contact': {
    // The enterprise's contact person: only those who deal with the applicant, and the applicant itself.
    read: [{ roles: STAFF, relations: ['owner-agency', 'intake-agency', 'commune'] }, ownEnterprise],
  },
  document: {
    read: [
      { roles: STAFF, relations: ['owner-agency', 'intake-agency', 'commune'] },
      { roles: ['reviewer'], relations: ['owner-agency', 'assigned'] },
      ownEnterprise,
    ],
    create: [{ roles: STAFF, relations: ['owner-agency', 'intake-agency', 'commune'] }, ownEnterprise],
  },
  ledger: {
    // Support granted to an enterprise: every agency must see it to avoid duplicate support; a
    // commune committee, for the enterprises of its commune.
    read: [{ roles: STAFF, relations: ['any-agency', 'commune'] }, coordinatorReads, ownEnterprise],
  },
  grant: {
    // One grant of the ledger (facts: its agency, its enterprise's commune): read as the ledger;
    // reduced or cancelled only by the agency that made it (its adjustments: proposed by one of
    // its staff, confirmed by another — four eyes, in the use case).
    read: [{ roles: STAFF, relations: ['any-agency', 'commune'] }, coordinatorReads],
    adjust: [{ roles: STAFF, relations: ['owner-agency'] }],
  },
  'application.related-party': {
    // Which related enterprise a related-party flag names (facts: the related grant's agency): the
    // agency that made that grant, and the coordinator; anyone else learns only that one was supported.
    read: [{ roles: ALL_ROLES, relations: ['owner-agency'] }, coordinatorReads],
  },
  'related-party-flag': {
    // The list of related-party flags across agencies: Sở Tài chính, which reviews them.
    read: [{ roles: READERS, relations: ['coordinator'] }],
  },
  enterprise: {
    // The public registration record; a commune committee sees its commune's enterprises only.
    read: [{ roles: READERS, relations: ['any-agency', 'commune'] }],
  },
  'enterprise.history': {
    read: [{ roles: STAFF, relations: ['any-agency', 'commune'] }],
  },
  'enterprise.people': {
    // Owners and personal-id pseudonyms: the registry-owning agency's admins only.
    read: [{ roles: ['admin'], relations: ['registry-owner'] }],
  },
  'enterprise-link': {
    // A person's own links to enterprises (GET /me, POST /me/enterprises): every enterprise user,
    // about themselves only (the routes read and write the caller's own links, nobody else's).
    read: [{ roles: ['enterprise'], relations: ['everyone'] }],
    create: [{ roles: ['enterprise'], relations: ['everyone'] }],
  },
  delegation: {
    // A person's pending or verified delegation to act for an enterprise (facts: the enterprise's
    // commune, its verified legal representatives, the delegate). Approved by a verified legal
    // representative, or by an officer of the enterprise's commune committee or of Sở Tài chính;
    // revoked by the same, or given up by the delegate.
    read: [
      { roles: ['enterprise'], relations: ['legal-representative', 'self'] },
      { roles: STAFF, relations: ['commune', 'coordinator'] },
    ],
    approve: [
      { roles: ['enterprise'], relations: ['legal-representative'] },
      { roles: STAFF, relations: ['commune', 'coordinator'] },
    ],
    revoke: [
      { roles: ['enterprise'], relations: ['legal-representative', 'self'] },
      { roles: STAFF, relations: ['commune', 'coordinator'] },
    ],
  },
  import: {
    create: [{ roles: ['admin'], relations: ['registry-owner'] }],
    // Finishing a multipart upload is part of starting the import.
    complete: [{ roles: ['admin'], relations: ['registry-owner'] }],
    read: [{ roles: ['admin'], relations: ['registry-owner'] }],
  },
  // Scoring (services/scoring).
  rubric: {
    // Rubrics are a shared catalogue; a new version of one is its owning agency's to publish.
    read: [anyoneReads],
    create: [{ roles: STAFF, relations: ['owner-agency'] }],
  },
  score: {
    // The programme's readers and the coordinator's (not its reviewers: a reviewer reads only what
    // is assigned to them, whatever their agency). Matching's quality factor, built from a score,
    // follows this entry too (services/matching/app/score-view.ts).
    read: [
      { roles: READERS, relations: ['owner-agency'] },
      { roles: ['reviewer'], relations: ['assigned'] },
      { roles: READERS, relations: ['coordinator'] },
    ],
  },
  'score.reviews': {
    // Every panel member's marks, and what is computed from them (the panel criteria's points, the
    // total, the rank): the programme's readers and the coordinator's. Never another reviewer, whose
    // judgement must stay independent: a reviewer reads their own review (review · read).
    read: [
      { roles: READERS, relations: ['owner-agency'] },
      { roles: READERS, relations: ['coordinator'] },
    ],
  },
  panel: {
    read: [{ roles: STAFF, relations: ['owner-agency'] }],
    update: [{ roles: STAFF, relations: ['owner-agency'] }],
  },
  review: {
    // One review, or an assignment (facts: assignees = its reviewer): its reviewer's own.
    read: [{ roles: ['reviewer'], relations: ['assigned'] }],
    create: [{ roles: ['reviewer'], relations: ['assigned'] }],
  },
  selection: {
    read: [{ roles: STAFF, relations: ['owner-agency'] }],
    create: [{ roles: STAFF, relations: ['owner-agency'] }],
  },
  // Supporting-industry network (services/matching). A supplier profile's owner is the agency that
  // runs the network (Sở Công Thương by default: the CNHT connection targets are its own); the
  // enterprise's commune committee may keep it too. Every agency reads profiles to refer SMEs.
  // The enterprise keeps its own profile (facts: its tax code), contact persons included.
  'supplier-profile': {
    read: [{ roles: READERS, relations: ['any-agency', 'commune'] }, ownEnterprise],
    update: [{ roles: STAFF, relations: ['owner-agency', 'commune'] }, ownEnterprise],
  },
  'supplier-profile.contacts': {
    // Contact persons on a profile: only the owning agency, which arranges the meetings, and the enterprise itself.
    read: [{ roles: STAFF, relations: ['owner-agency'] }, ownEnterprise],
  },
  buyer: {
    // Owner: the agency that created the buyer.
    create: [{ roles: STAFF, relations: ['any-agency'] }],
    read: [{ roles: STAFF, relations: ['owner-agency'] }, coordinatorReads],
    update: [{ roles: STAFF, relations: ['owner-agency'] }],
  },
  need: {
    create: [{ roles: STAFF, relations: ['owner-agency'] }],
    read: [{ roles: STAFF, relations: ['owner-agency'] }, coordinatorReads],
    // Changing or closing a need: the buyer's owning agency.
    update: [{ roles: STAFF, relations: ['owner-agency'] }],
  },
  match: {
    // Ranked suppliers of a need, and a match's funnel: the need's owning agency.
    read: [{ roles: STAFF, relations: ['owner-agency'] }, coordinatorReads],
    progress: [{ roles: STAFF, relations: ['owner-agency'] }],
  },
  opportunity: {
    // The open needs a supplier fits: any agency (or the supplier's commune committee) advising it,
    // and the supplier itself (facts: its tax code) — without the scores it may not read (score · read).
    read: [{ roles: STAFF, relations: ['any-agency', 'commune'] }, coordinatorReads, ownEnterprise],
  },
  kpi: {
    // Progress against the city's targets: every agency's readers (business associations too); a
    // commune committee its own commune's figures (facts: the commune asked for).
    read: [{ roles: READERS, relations: ['any-agency', 'commune'], associations: true }],
  },
  report: {
    // Whole-city reports (what the city publishes): any agency's readers. Commune committees use
    // GET /kpis for their commune instead.
    create: [{ roles: READERS, relations: ['any-agency'] }],
    read: [{ roles: READERS, relations: ['any-agency'] }],
  },
  'report.agency': {
    // A report narrowed to one agency (facts: ownerAgency = that agency): its own readers, and the
    // coordinator, who reports on every agency.
    create: [{ roles: READERS, relations: ['owner-agency', 'coordinator'] }],
    read: [{ roles: READERS, relations: ['owner-agency', 'coordinator'] }],
  },
  // Trade fairs (services/matching): the agency that creates a fair runs it — participants, wishes,
  // schedule runs; its readers and the coordinator read the schedule and the agendas.
  fair: {
    create: [{ roles: STAFF, relations: ['any-agency'] }],
    read: [{ roles: READERS, relations: ['owner-agency'] }, coordinatorReads],
    update: [{ roles: STAFF, relations: ['owner-agency'] }],
  },
  'fair.open': {
    // Published fairs open to registration, with their buyers and the enterprise's own registration
    // (facts: the enterprise asked about): for an enterprise user, about its own enterprise.
    read: [ownEnterprise],
  },
  'fair.registration': {
    // An enterprise registers itself (facts: its tax code) for a fair open to registration; the
    // fair's staff accept or refuse it (fair · update).
    create: [ownEnterprise],
  },
  'fair.participation': {
    // One participant of a fair (facts: the fair's agency, the participant's tax code): its wishes
    // and its agenda — the fair's staff, the coordinator's readers, and the enterprise itself.
    read: [{ roles: READERS, relations: ['owner-agency'] }, coordinatorReads, ownEnterprise],
    update: [{ roles: STAFF, relations: ['owner-agency'] }, ownEnterprise],
  },
  // The city's annual plan (services/planning), led by the coordinator: its staff draft, consolidate
  // and submit; a different person of it approves (four eyes, in the use case). An approved plan is
  // everyone's to read; a draft (or submitted) plan is read through `plan.draft`.
  plan: {
    read: [{ roles: ALL_ROLES, relations: ['everyone'], associations: true }],
    create: [{ roles: STAFF, relations: ['coordinator'] }],
    update: [{ roles: STAFF, relations: ['coordinator'] }],
    submit: [{ roles: STAFF, relations: ['coordinator'] }],
    approve: [{ roles: STAFF, relations: ['coordinator'] }],
  },
  'plan.draft': {
    // A plan still being drawn up: the coordinator, and the readers of everyone who contributes to it
    // (every department, commune committee and business association) — not outside reviewers.
    read: [coordinatorReads, { roles: READERS, relations: ['everyone'], associations: true }],
  },
  'plan.contribution': {
    // One contributor's part of a draft (facts: the contributor — its agency, or a commune
    // committee's commune): its own staff write it, its readers and the coordinator read it. Once the
    // plan is approved, every contribution is read with the plan.
    read: [coordinatorReads, { roles: READERS, relations: ['owner-agency', 'commune'], associations: true }],
    update: [{ roles: STAFF, relations: ['owner-agency', 'commune'], associations: true }],
  },
  // Activities that are not grants (services/planning): the recording agency (a commune committee:
  // through its commune; a business association: its own) records them; the coordinator reads all.
  activity: {
    create: [{ roles: STAFF, relations: ['owner-agency', 'commune'], associations: true }],
    read: [{ roles: READERS, relations: ['owner-agency', 'commune'], associations: true }, coordinatorReads],
    update: [{ roles: STAFF, relations: ['owner-agency', 'commune'], associations: true }],
    complete: [{ roles: STAFF, relations: ['owner-agency', 'commune'], associations: true }],
  },
  'support-content': {
    // The scheme's support contents: a catalogue, like programmes.
    read: [anyoneReads],
  },
  // A meeting a fair's schedule placed between a match's buyer and supplier, as a fact of the
  // match's funnel (facts: ownerAgency = the fair's agency, which arranged it — whoever owns the
  // match). That agency records `scheduled-at-fair`, and takes it back when a later run removes the
  // meeting (`record`); it records `met` only once the meeting's time has passed and no run removed
  // it (`record-met`: the use case checks both before asking). The match's owner records `met` as any
  // other step (`match.progress`). Recorded by matching itself (fair runs, the fair-meetings-held
  // schedule), on no route.
  'fair-meeting': {
    record: [{ roles: STAFF, relations: ['owner-agency'] }],
    'record-met': [{ roles: STAFF, relations: ['owner-agency'] }],
  },
} as const satisfies Record<string, Record<string, readonly Grant[]>>;

export type Policy = typeof POLICY;
export type ResourceKind = keyof Policy;
export type ActionOf<K extends ResourceKind> = keyof Policy[K] & string;

/**
 * The entry a route names: what it does to which kind of resource. Distributive over the kinds, so
 * `AccessEntry` (no argument) accepts each kind with its own actions, not only those all kinds share.
 */
export type AccessEntry<K extends ResourceKind = ResourceKind> = K extends ResourceKind ? { resource: K; action: ActionOf<K> } : never;

export const grantsFor = (kind: ResourceKind, action: string): readonly Grant[] =>
  ((POLICY as Record<string, Record<string, readonly Grant[]>>)[kind]?.[action] ?? []) as readonly Grant[];

/** Every role any grant of this entry names: what the route lets through to the handler. */
export const rolesFor = (kind: ResourceKind, action: string): Role[] => [...new Set(grantsFor(kind, action).flatMap((g) => g.roles))];

/**
 * A jwt route's `auth` and `access`, both from this table: the gateway lets through exactly the
 * roles some grant of the entry names, and the handler asks the entry with the object.
 */
export const routeAccess = <K extends ResourceKind>(resource: K, action: ActionOf<K>) =>
  ({ auth: { kind: 'jwt', roles: rolesFor(resource, action) }, access: { resource, action } }) as const;

/** Whether `relation` holds between the actor and the object. */
export function holds(relation: Relation, actor: Actor, facts: ResourceFacts): boolean {
  // An enterprise user acts only for its own enterprises and on its own links.
  if (actor.roles.includes('enterprise')) {
    switch (relation) {
      case 'own-enterprise':
        return facts.taxCode !== undefined && (actor.enterprises ?? []).includes(facts.taxCode);
      case 'legal-representative':
        return facts.representatives?.includes(actor.sub) ?? false;
      case 'self':
        return facts.subject !== undefined && facts.subject === actor.sub;
      case 'everyone':
        // Only grants naming the enterprise role reach here: its users' own links.
        return true;
      default:
        return false;
    }
  }
  // A commune committee acts only through its commune: every committee shares one agency code.
  if (actor.commune !== undefined) return relation === 'everyone' || (relation === 'commune' && facts.communeCode === actor.commune);
  switch (relation) {
    case 'owner-agency':
      return facts.ownerAgency !== undefined && facts.ownerAgency === actor.agency;
    case 'intake-agency':
      return facts.intakeAgency !== undefined && facts.intakeAgency === actor.agency;
    case 'coordinator':
      return actor.agency === COORDINATOR_AGENCY;
    case 'registry-owner':
      return actor.agency === registryOwnerAgency();
    case 'assigned':
      return facts.assignees?.includes(actor.sub) ?? false;
    case 'any-agency':
    case 'everyone':
      return true;
    case 'commune':
    case 'own-enterprise':
    case 'legal-representative':
    case 'self':
      return false;
  }
}

export type Decision = { allowed: true; relation: Relation } | { allowed: false };

/** The policy's answer for one action on one object. */
export function decide(actor: Actor, kind: ResourceKind, action: string, facts: ResourceFacts): Decision {
  const association = isAssociation(actor);
  for (const grant of grantsFor(kind, action)) {
    if (association && !grant.associations) continue;
    if (!grant.roles.some((r) => actor.roles.includes(r))) continue;
    const relation = grant.relations.find((rel) => holds(rel, actor, facts));
    if (relation) return { allowed: true, relation };
  }
  return { allowed: false };
}

export const can = (actor: Actor, kind: ResourceKind, action: string, facts: ResourceFacts): boolean =>
  decide(actor, kind, action, facts).allowed;

/**
 * Refuse unless the actor may do `action`. An object the actor may not even read is "not found"
 * (404), so its existence does not leak; one it may read but not change is 403 with the reason.
 * Without `describe` the action is on no existing object (starting an import, creating under a
 * programme anyone may read): a refusal is 403 with the reason, as there is nothing to hide.
 */
export function assertCan(
  actor: Actor,
  kind: ResourceKind,
  action: string,
  facts: ResourceFacts,
  describe?: { id: string; label?: string },
): void {
  if (can(actor, kind, action, facts)) return;
  if (!describe) throw new ForbiddenError(`You may not ${action} ${kind.replace('.', ' ')}: ${whoMay(kind, action)}`);
  const label = describe.label ?? kind;
  if (action !== 'read' && 'read' in POLICY[kind] && can(actor, kind, 'read', facts)) {
    throw new ForbiddenError(`You may not ${action} ${label} ${describe.id}: ${whoMay(kind, action)}`);
  }
  throw new NotFoundError(`No ${label} ${describe.id}`);
}

/** A plain-language statement of who may do it, for 403 answers. */
export function whoMay(kind: ResourceKind, action: string): string {
  const parts = grantsFor(kind, action).map(
    (g) => `${g.roles.join('/')} of the ${g.relations.join(' or ')}${g.associations ? ' (business associations too)' : ''}`,
  );
  return parts.length ? `only ${parts.join('; or ')} may` : 'no one may';
}

/**
 * Leave out the fields the actor may not see. `fields` maps a top-level field of `value` to the
 * policy kind that guards it (e.g. `{ contact: 'application.contact' }`); a field whose read is
 * refused is removed.
 */
export function shape<T extends object>(actor: Actor, facts: ResourceFacts, value: T, fields: Partial<Record<keyof T, ResourceKind>>): T {
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [field, kind] of Object.entries(fields) as [string, ResourceKind][]) {
    if (!can(actor, kind, 'read', facts)) delete out[field];
  }
  return out as T;
}

/**
 * The write side of {@link shape}: a caller never changes a field it may not read. `fields` maps a
 * top-level field to the kind guarding it, as for {@link shape} (use the same map for both). A
 * field whose read the actor is refused takes its `stored` value, whatever `incoming` says — the
 * caller sent back what it was shown, without that field, or a value of its own — and is left out
 * when nothing is stored (a new object): a caller cannot set what it could not read back either.
 */
export function keepUnreadable<T extends object, K extends keyof T & string>(
  actor: Actor,
  facts: ResourceFacts,
  incoming: T,
  stored: Partial<Pick<T, NoInfer<K>>> | undefined,
  fields: Record<K, ResourceKind>,
): Omit<T, K> & Partial<Pick<T, K>> {
  const out: Record<string, unknown> = { ...(incoming as Record<string, unknown>) };
  for (const [field, kind] of Object.entries(fields) as [K, ResourceKind][]) {
    if (can(actor, kind, 'read', facts)) continue;
    if (stored !== undefined && stored[field] !== undefined) out[field] = stored[field];
    else delete out[field];
  }
  return out as Omit<T, K> & Partial<Pick<T, K>>;
}
