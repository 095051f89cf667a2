/**
 * Trade fairs over HTTP: a fair and its slots, its participants and their wishes, schedule runs
 * (asked for here, executed by the run queue: app/fair-runs.ts), the schedule and each
 * participant's agenda. The agency that creates a fair runs it; the coordinator reads it; another
 * agency is told it does not exist.
 */
import { assertCan, can } from '../../../shared/access/policy.ts';
import { MAX_FAIR_ENTERPRISES } from '../../../shared/contracts/fairs.ts';
import { newEnvelope } from '../../../shared/contracts/envelope.ts';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../../../shared/errors.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import { hanoiDate } from '../../../shared/time/hanoi.ts';
import { MATCHING } from '../config.ts';
import {
  participantProblems,
  preferenceProblems,
  slotsOf,
  takesPart,
  type Fair,
  type FairParticipantRecord,
  type FairSession,
} from '../domain/fairs/fair.ts';
import type { FairPreferences, FairRole } from '../domain/fairs/types.ts';
import type { FairDeps, FairRun } from './fair-ports.ts';
import { loadParticipation } from './fair-registrations.ts';
import type { Actor } from './ports.ts';

/**
 * A run's deadline, from its request: the run queue's three attempts, each hidden for 360 s, end
 * within 18 minutes (a unit test holds the manifest to it). A run not finished by then is failed by
 * the `fair-run-sweep` schedule, and no longer keeps another run of its fair from starting.
 */
export const RUN_DEADLINE_MS = 20 * 60_000;

export interface FairInput {
  name: string;
  venue?: string | undefined;
  slotMinutes: number;
  sessions: FairSession[];
  tables: number;
  registrationUntil?: string | undefined;
}

export interface ParticipantInput {
  role: FairRole;
  name?: string | undefined;
  taxCode?: string | undefined;
  buyerId?: string | undefined;
  maxMeetings?: number | undefined;
  blockedSlots: string[];
  fixedTable?: number | undefined;
  priority: boolean;
}

const facts = (f: Pick<Fair, 'agency'>) => ({ ownerAgency: f.agency });

export async function createFair(deps: FairDeps, actor: Actor, input: FairInput): Promise<Fair> {
  // Nothing exists yet: a refusal is a 403 with who may.
  assertCan(actor, 'fair', 'create', { ownerAgency: actor.agency });
  const { slots, problems } = slotsOf(input.sessions, input.slotMinutes);
  if (problems.length)
    throw new ValidationError('The sessions do not make a schedule', {
      errors: problems.map((message) => ({ path: 'body.sessions', message })),
    });
  const heldOn = hanoiDate(slots[0]!.startsAt);
  if (input.registrationUntil !== undefined && input.registrationUntil > heldOn)
    throw new ValidationError('Registration closes by the day the fair is held', {
      errors: [{ path: 'body.registrationUntil', message: `must be on or before ${heldOn}` }],
    });
  const now = deps.now().toISOString();
  const fair: Fair = {
    id: deps.newId(),
    name: input.name,
    agency: actor.agency,
    ...(input.venue ? { venue: input.venue } : {}),
    slotMinutes: input.slotMinutes,
    sessions: input.sessions,
    slots,
    tables: input.tables,
    heldOn,
    ...(input.registrationUntil !== undefined ? { registrationUntil: input.registrationUntil } : {}),
    participants: 0,
    version: 1,
    createdAt: now,
    createdBy: actor.sub,
    updatedAt: now,
  };
  await deps.fairs.createFair(fair);
  return fair;
}

/** Load a fair the actor may `action`; another agency's fair is not found. */
export async function loadFair(deps: FairDeps, actor: Actor, id: string, action: 'read' | 'update'): Promise<Fair> {
  const fair = await deps.fairs.getFair(id);
  if (!fair) throw new NotFoundError(`No fair ${id}`);
  assertCan(actor, 'fair', action, facts(fair), { id, label: 'fair' });
  return fair;
}

export const getFair = (deps: FairDeps, actor: Actor, id: string) => loadFair(deps, actor, id, 'read');

/** The caller's agency's fairs, newest first (the coordinator's: every agency's). */
export async function listFairs(deps: FairDeps, actor: Actor, q: { limit: number; cursor?: string | undefined }): Promise<Page<Fair>> {
  const coordinator = can(actor, 'fair', 'read', { ownerAgency: undefined });
  // A commune committee owns no fairs and reads none: an empty page, no query.
  if (!coordinator && actor.commune !== undefined) return { items: [], nextCursor: null };
  const page = await deps.fairs.listFairs(coordinator ? undefined : actor.agency, q.limit, q.cursor);
  return { ...page, items: page.items.filter((f) => can(actor, 'fair', 'read', facts(f))) };
}

export async function addParticipant(
  deps: FairDeps,
  actor: Actor,
  fairId: string,
  input: ParticipantInput,
): Promise<FairParticipantRecord> {
  const fair = await loadFair(deps, actor, fairId, 'update');
  const errors = participantProblems(fair, input);
  if (input.role === 'exhibitor' && input.buyerId) errors.push({ path: 'body.buyerId', message: 'an exhibitor is linked by its tax code' });
  if (input.taxCode && input.buyerId) errors.push({ path: 'body.buyerId', message: 'give a tax code or a buyer, not both' });
  if (errors.length) throw new RuleViolationError('The participant does not fit the fair', { errors });

  let name = input.name;
  let taxCode = input.taxCode;
  let enterprise: FairParticipantRecord['enterprise'];
  if (input.buyerId) {
    const buyer = await deps.repo.getBuyer(input.buyerId);
    // A buyer the caller may not read is, to the caller, no buyer at all.
    if (!buyer || !can(actor, 'buyer', 'read', { ownerAgency: buyer.ownerAgency }))
      throw new RuleViolationError(`No buyer ${input.buyerId}`, { errors: [{ path: 'body.buyerId', message: 'no such buyer' }] });
    name ??= buyer.name;
    taxCode = buyer.taxCode;
  }
  if (taxCode) {
    const registry = (await deps.repo.getSupplier(taxCode))?.registry;
    if (!registry)
      throw new RuleViolationError(`The registry has not announced enterprise ${taxCode} to matching (yet)`, {
        errors: [{ path: 'body.taxCode', message: 'unknown to the registry' }],
      });
    if (registry.status !== 'active')
      throw new RuleViolationError(`Enterprise ${taxCode} is ${registry.status} in the registry`, {
        errors: [{ path: 'body.taxCode', message: `is ${registry.status}` }],
      });
    name ??= registry.name;
    enterprise = { communeCode: registry.communeCode, vsicMain: registry.vsicMain, sizeClass: registry.sizeClass };
  }
  if (!name)
    throw new RuleViolationError('A participant not linked to an enterprise or a buyer needs a name', {
      errors: [{ path: 'body.name', message: 'required' }],
    });

  const now = deps.now().toISOString();
  const p: FairParticipantRecord = {
    fairId,
    id: deps.newId(),
    role: input.role,
    name,
    ...(taxCode ? { taxCode } : {}),
    ...(enterprise ? { enterprise } : {}),
    ...(input.buyerId ? { buyerId: input.buyerId } : {}),
    ...(input.maxMeetings !== undefined ? { maxMeetings: input.maxMeetings } : {}),
    blockedSlots: input.blockedSlots,
    ...(input.fixedTable !== undefined ? { fixedTable: input.fixedTable } : {}),
    priority: input.priority,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await deps.fairs.addParticipant(p, MAX_FAIR_ENTERPRISES, now);
  return p;
}

export async function listParticipants(
  deps: FairDeps,
  actor: Actor,
  fairId: string,
  q: { limit: number; cursor?: string | undefined },
): Promise<Page<FairParticipantRecord>> {
  await loadFair(deps, actor, fairId, 'read');
  return deps.fairs.listParticipants(fairId, q.limit, q.cursor);
}

export async function getParticipant(deps: FairDeps, actor: Actor, fairId: string, pid: string): Promise<FairParticipantRecord> {
  await loadFair(deps, actor, fairId, 'read');
  const p = await deps.fairs.getParticipant(fairId, pid);
  if (!p) throw new NotFoundError(`No participant ${pid} in fair ${fairId}`);
  return p;
}

/**
 * A participant's wishes, set by the fair's staff or by the enterprise itself for its own
 * participation (fair · participation); a registration not yet accepted (or refused) keeps the
 * wishes it was sent with.
 */
export async function setPreferences(
  deps: FairDeps,
  actor: Actor,
  fairId: string,
  pid: string,
  prefs: FairPreferences,
  expectedVersion: number | undefined,
): Promise<FairParticipantRecord> {
  const { participant: p } = await loadParticipation(deps, actor, fairId, pid, 'update');
  if (expectedVersion !== undefined && expectedVersion !== p.version)
    throw new ConflictError(`Participant ${pid} is at version ${p.version}, not ${expectedVersion}: reload and retry`);
  if (!takesPart(p))
    throw new ConflictError(
      `Participant ${pid} registered and is ${p.registration?.status}: wishes change once the fair's staff accept it`,
    );
  const errors = preferenceProblems(p, prefs, await deps.fairs.participantRoles(fairId));
  if (errors.length) throw new RuleViolationError('The wishes name participants they cannot', { errors });
  const next: FairParticipantRecord = { ...p, preferences: prefs, version: p.version + 1, updatedAt: deps.now().toISOString() };
  await deps.fairs.saveParticipant(next, p.version);
  return next;
}

export async function requestRun(deps: FairDeps, actor: Actor, fairId: string, mode: FairRun['mode']): Promise<FairRun> {
  const fair = await loadFair(deps, actor, fairId, 'update');
  if (mode === 'top-up' && !fair.scheduleRunId)
    throw new RuleViolationError(`Fair ${fairId} has no schedule to top up: run an initial schedule first`, {
      errors: [{ path: 'body.mode', message: 'no schedule yet' }],
    });
  if (fair.participants === 0) throw new RuleViolationError(`Fair ${fairId} has no participants yet`);
  const now = deps.now();
  const run: FairRun = {
    fairId,
    id: deps.newId(),
    mode,
    status: 'running',
    requestedAt: now.toISOString(),
    requestedBy: actor.sub,
    ...(fair.scheduleRunId ? { previousRunId: fair.scheduleRunId } : {}),
    deadline: new Date(now.getTime() + RUN_DEADLINE_MS).toISOString(),
  };
  const event = newEnvelope({ type: 'fair.run-requested', source: MATCHING, data: { fairId, runId: run.id, mode }, occurredAt: now });
  await deps.fairs.startRun(run, event, new Date(now.getTime() - RUN_DEADLINE_MS).toISOString());
  return run;
}

export async function getRun(deps: FairDeps, actor: Actor, fairId: string, runId: string) {
  await loadFair(deps, actor, fairId, 'read');
  const run = await deps.fairs.getRun(fairId, runId);
  if (!run) throw new NotFoundError(`No run ${runId} of fair ${fairId}`);
  return runView(run);
}

export function runView(run: FairRun) {
  const s = run.summary;
  return {
    id: run.id,
    fairId: run.fairId,
    mode: run.mode,
    status: run.status,
    requestedAt: run.requestedAt,
    requestedBy: run.requestedBy,
    previousRunId: run.previousRunId ?? null,
    finishedAt: run.finishedAt ?? null,
    ...(run.deadline ? { deadline: run.deadline } : {}),
    ...(run.attempts ? { attempts: run.attempts } : {}),
    ...(run.error ? { error: run.error } : {}),
    ...(s
      ? {
          meetings: s.meetings,
          meetingsAdded: s.meetingsAdded,
          meetingsRemoved: s.meetingsRemoved,
          totalWeight: s.totalWeight,
          upperBound: s.upperBound,
          boundMethod: s.boundMethod,
          gapPct: s.gapPct,
          unscheduled: s.unscheduled,
          released: s.released,
          stats: s.stats,
        }
      : {}),
  };
}
