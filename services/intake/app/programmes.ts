/**
 * The programme catalogue. Every stored version of a programme is announced to the other services
 * (`programme.changed`, shared/contracts/programme.ts) through the outbox, in the same transaction:
 * scoring learns programmes and their owners from it. Programmes stored before the event existed
 * are announced once by {@link announceProgrammes} (the `announce-programmes` schedule).
 */
import { assertCan } from '../../../shared/access/policy.ts';
import { newEnvelope, type Envelope } from '../../../shared/contracts/envelope.ts';
import { programmeChangedId, type ProgrammeChanged } from '../../../shared/contracts/programme.ts';
import { NotFoundError, RuleViolationError, ValidationError, type FieldError } from '../../../shared/errors.ts';
import type { Programme, ProgrammeInput } from '../domain/programme.ts';
import { programmeFacts } from './access.ts';
import type { Actor, IntakeDeps } from './ports.ts';

/** The announcement of one version of a programme. */
export function programmeChangedEvent(p: Programme, change: ProgrammeChanged['change'], at: Date): Envelope<ProgrammeChanged> {
  return newEnvelope({
    type: 'programme.changed',
    source: 'intake',
    id: programmeChangedId(p.id, p.version),
    occurredAt: at,
    data: {
      programmeId: p.id,
      code: p.code,
      name: p.name,
      category: p.category,
      ownerAgency: p.ownerAgency,
      rubric: p.rubric,
      version: p.version,
      change,
      changedAt: p.updatedAt,
    },
  });
}

export async function createProgramme(deps: IntakeDeps, actor: Actor, input: ProgrammeInput): Promise<Programme> {
  // A programme is created for the agency it names: only that agency's staff may.
  assertCan(actor, 'programme', 'create', programmeFacts(input));
  const at = deps.now().toISOString();
  const programme: Programme = {
    ...input,
    id: deps.newId(),
    committedVnd: 0,
    version: 1,
    createdAt: at,
    createdBy: actor.sub,
    updatedAt: at,
  };
  await deps.repo.createProgramme(programme, [programmeChangedEvent(programme, 'created', deps.now())]);
  return programme;
}

export async function getProgramme(deps: Pick<IntakeDeps, 'repo'>, id: string): Promise<Programme> {
  const p = await deps.repo.getProgramme(id);
  if (!p) throw new NotFoundError(`No programme ${id}`);
  return p;
}

export async function updateProgramme(
  deps: IntakeDeps,
  actor: Actor,
  id: string,
  input: ProgrammeInput,
  expectedVersion: number | undefined,
): Promise<Programme> {
  const current = await getProgramme(deps, id);
  // The owning agency may change anything, including handing the programme to another agency
  // while it has no applications yet. The catalogue is public: a refusal is 403, not 404 (but 404
  // to a business association, which does not read the catalogue).
  assertCan(actor, 'programme', 'update', programmeFacts(current), { id, label: 'programme' });
  const problems: FieldError[] = [];
  if (input.budgetVnd < current.committedVnd) {
    problems.push({ path: 'body.budgetVnd', message: `must be at least the ${current.committedVnd} VND already committed to approvals` });
  }
  // Applications are judged and recorded by these: they may not change under applications in flight.
  // The owner is who may read and decide them (access policy): handing it over would strand them.
  const frozen = (['category', 'rubric', 'supportContents', 'ownerAgency'] as const).filter(
    (k) => JSON.stringify(input[k]) !== JSON.stringify(current[k]),
  );
  if (frozen.length && (await deps.repo.hasApplications(id))) {
    for (const k of frozen)
      problems.push({ path: `body.${k}`, message: 'cannot change once the programme has applications; define a new programme' });
  }
  if (problems.length) throw new RuleViolationError(`Programme ${current.code} cannot be changed that way`, { errors: problems });
  const next: Programme = {
    ...input,
    id,
    committedVnd: current.committedVnd,
    version: current.version + 1,
    createdAt: current.createdAt,
    createdBy: current.createdBy,
    updatedAt: deps.now().toISOString(),
  };
  await deps.repo.replaceProgramme(next, expectedVersion ?? current.version, [programmeChangedEvent(next, 'updated', deps.now())]);
  return next;
}

/** Programmes announced per run of the backfill; the next run (or call) goes on with the rest. */
export const ANNOUNCE_PER_RUN = 500;

/**
 * The backfill: announce, once, each programme whose current version was never announced — those
 * stored before `programme.changed` existed. Each announcement is the event and the programme's
 * marker in one transaction, so a programme is announced once however often this runs, and a run
 * that dies half-way is finished by the next. Once every programme is announced a run reads the
 * catalogue and writes nothing.
 */
export async function announceProgrammes(deps: IntakeDeps): Promise<{
  announced: number;
  changedMeanwhile: number;
  failed: { programmeId: string; reason: string }[];
  more: boolean;
}> {
  const pending = await deps.repo.unannouncedProgrammes(ANNOUNCE_PER_RUN + 1);
  let announced = 0;
  let changedMeanwhile = 0;
  const failed: { programmeId: string; reason: string }[] = [];
  for (const p of pending.slice(0, ANNOUNCE_PER_RUN)) {
    try {
      const outcome = await deps.repo.announceProgramme(p, programmeChangedEvent(p, 'announced', deps.now()));
      if (outcome === 'announced') announced++;
      else changedMeanwhile++;
    } catch (error) {
      // One programme the contract refuses (a record from long ago) must not hold the others up:
      // it is reported, and tried again by every run until it is fixed.
      if (!(error instanceof ValidationError)) throw error;
      failed.push({ programmeId: p.id, reason: error.message });
    }
  }
  return { announced, changedMeanwhile, failed, more: pending.length > ANNOUNCE_PER_RUN };
}
