/**
 * Enterprises at trade fairs on their own (issue 21): a fair published for registration
 * (`registrationUntil`) is listed to enterprise users with its buyers; an enterprise user registers
 * its own linked enterprise as an exhibitor, with its wishes if it has them; the registration waits
 * until the fair's staff accept or refuse it. Accepted, it takes part like any participant: it is
 * scheduled, and the enterprise keeps its wishes and reads its agenda (fair · participation).
 * Every act records who acted (the enterprise user's `sub`, the officer's).
 */
import { assertCan } from '../../../shared/access/policy.ts';
import { MAX_FAIR_ENTERPRISES } from '../../../shared/contracts/fairs.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../../shared/errors.ts';
import { hanoiDay } from '../../../shared/time/hanoi.ts';
import {
  openForRegistration,
  preferenceProblems,
  takesPart,
  type Fair,
  type FairParticipantRecord,
  type Registration,
} from '../domain/fairs/fair.ts';
import type { FairPreferences } from '../domain/fairs/types.ts';
import type { FairDeps } from './fair-ports.ts';
import { loadFair } from './fairs.ts';
import type { Actor } from './ports.ts';

/** The most fairs looked through for those open to registration (newest first): a city holds tens a year. */
export const OPEN_FAIRS_SCANNED = 500;

const NO_WISHES: FairPreferences = { mustMeet: [], meet: [], noThanks: [] };

export interface OpenFair {
  id: string;
  name: string;
  venue: string | null;
  heldOn: string;
  registrationUntil: string;
  slots: Fair['slots'];
  /** The buyers taking part: whom the enterprise may wish to meet. */
  buyers: { id: string; name: string }[];
  /**
   * The enterprise's own registration or participation in it, if any: its wishes as they stand (the
   * enterprise has no other read of them) and, refused, why.
   */
  registration: {
    participantId: string;
    status: Registration['status'] | 'added-by-staff';
    wishes: FairPreferences;
    reason?: string;
  } | null;
}

/** `GET /me/fairs?taxCode=`: the fairs open to registration, for the caller's own enterprise. */
export async function openFairs(deps: FairDeps, actor: Actor, taxCode: string): Promise<{ items: OpenFair[] }> {
  assertCan(actor, 'fair.open', 'read', { taxCode }, { id: taxCode, label: 'enterprise' });
  const today = hanoiDay(deps.now());
  const open: Fair[] = [];
  let cursor: string | undefined;
  for (let seen = 0; seen < OPEN_FAIRS_SCANNED; ) {
    const page = await deps.fairs.listFairs(undefined, 100, cursor);
    seen += page.items.length;
    open.push(...page.items.filter((f) => openForRegistration(f, today)));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const items = await Promise.all(
    open.map(async (f): Promise<OpenFair> => {
      const participants = await deps.fairs.participants(f.id);
      const own = participants.find((p) => p.taxCode === taxCode && p.role === 'exhibitor');
      return {
        id: f.id,
        name: f.name,
        venue: f.venue ?? null,
        heldOn: f.heldOn,
        registrationUntil: f.registrationUntil!,
        slots: f.slots,
        buyers: participants.filter((p) => p.role === 'buyer' && takesPart(p)).map((p) => ({ id: p.id, name: p.name })),
        registration: own
          ? {
              participantId: own.id,
              status: own.registration?.status ?? 'added-by-staff',
              wishes: own.preferences ?? NO_WISHES,
              ...(own.registration?.reason ? { reason: own.registration.reason } : {}),
            }
          : null,
      };
    }),
  );
  return { items: items.sort((a, b) => a.heldOn.localeCompare(b.heldOn) || a.id.localeCompare(b.id)) };
}

export interface RegistrationInput {
  taxCode: string;
  role: 'exhibitor';
  wishes?: FairPreferences | undefined;
}

/** `POST /fairs/{id}/registrations`: the caller's own enterprise asks to exhibit; pending until the fair's staff answer. */
export async function register(deps: FairDeps, actor: Actor, fairId: string, input: RegistrationInput): Promise<FairParticipantRecord> {
  // Nothing of the enterprise's exists yet: another enterprise's is refused plainly (403).
  assertCan(actor, 'fair.registration', 'create', { taxCode: input.taxCode });
  const fair = await deps.fairs.getFair(fairId);
  const today = hanoiDay(deps.now());
  // A fair not published for registration (or closed to it) is, to an enterprise, no fair at all.
  if (!fair || !openForRegistration(fair, today)) throw new NotFoundError(`No fair ${fairId} open to registration`);
  const registry = (await deps.repo.getSupplier(input.taxCode))?.registry;
  if (!registry)
    throw new RuleViolationError(`The registry has not announced enterprise ${input.taxCode} to matching (yet)`, {
      errors: [{ path: 'body.taxCode', message: 'unknown to the registry' }],
    });
  if (registry.status !== 'active')
    throw new RuleViolationError(`Enterprise ${input.taxCode} is ${registry.status} in the registry`, {
      errors: [{ path: 'body.taxCode', message: `is ${registry.status}` }],
    });
  const id = deps.newId();
  if (input.wishes) {
    const errors = preferenceProblems({ id, role: input.role }, input.wishes, await deps.fairs.participantRoles(fairId)).map((e) => ({
      ...e,
      path: e.path.replace(/^body\./, 'body.wishes.'),
    }));
    if (errors.length) throw new RuleViolationError('The wishes name participants they cannot', { errors });
  }
  const at = deps.now().toISOString();
  const p: FairParticipantRecord = {
    fairId,
    id,
    role: input.role,
    name: registry.name,
    taxCode: input.taxCode,
    enterprise: { communeCode: registry.communeCode, vsicMain: registry.vsicMain, sizeClass: registry.sizeClass },
    blockedSlots: [],
    priority: false,
    ...(input.wishes ? { preferences: input.wishes } : {}),
    registration: { status: 'pending', requestedBy: actor.sub, requestedAt: at },
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await deps.fairs.addParticipant(p, MAX_FAIR_ENTERPRISES, at);
  return p;
}

export interface RegistrationDecision {
  outcome: 'accepted' | 'refused';
  reason?: string | undefined;
}

/** `POST /fairs/{id}/registrations/{pid}/decision`: the fair's staff accept or refuse a pending registration. */
export async function decideRegistration(
  deps: FairDeps,
  actor: Actor,
  fairId: string,
  pid: string,
  d: RegistrationDecision,
): Promise<FairParticipantRecord> {
  await loadFair(deps, actor, fairId, 'update');
  const p = await deps.fairs.getParticipant(fairId, pid);
  if (!p?.registration) throw new NotFoundError(`No registration ${pid} in fair ${fairId}`);
  if (p.registration.status !== 'pending')
    throw new ConflictError(`Registration ${pid} was ${p.registration.status} already (${p.registration.decidedAt ?? ''})`);
  if (d.outcome === 'refused' && !d.reason)
    throw new RuleViolationError('A refusal says why', { errors: [{ path: 'body.reason', message: 'required when refused' }] });
  const at = deps.now().toISOString();
  const next: FairParticipantRecord = {
    ...p,
    registration: { ...p.registration, status: d.outcome, decidedBy: actor.sub, decidedAt: at, ...(d.reason ? { reason: d.reason } : {}) },
    version: p.version + 1,
    updatedAt: at,
  };
  await deps.fairs.saveParticipant(next, p.version);
  return next;
}

/**
 * One participant of a fair the actor may `action` (fair · participation): the fair's staff, or the
 * enterprise itself for its own participation. Another's is not found.
 */
export async function loadParticipation(
  deps: FairDeps,
  actor: Actor,
  fairId: string,
  pid: string,
  action: 'read' | 'update',
): Promise<{ fair: Fair; participant: FairParticipantRecord }> {
  const fair = await deps.fairs.getFair(fairId);
  const participant = fair ? await deps.fairs.getParticipant(fairId, pid) : undefined;
  if (!fair || !participant) throw new NotFoundError(`No participant ${pid} in fair ${fairId}`);
  assertCan(
    actor,
    'fair.participation',
    action,
    { ownerAgency: fair.agency, taxCode: participant.taxCode },
    { id: pid, label: 'participant' },
  );
  return { fair, participant };
}
