/** The programme catalogue. */
import { assertCan } from '../../../shared/access/policy.ts';
import { NotFoundError, RuleViolationError, type FieldError } from '../../../shared/errors.ts';
import type { Programme, ProgrammeInput } from '../domain/programme.ts';
import { programmeFacts } from './access.ts';
import type { Actor, IntakeDeps } from './ports.ts';

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
  await deps.repo.createProgramme(programme);
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
  const frozen = (['category', 'rubric', 'allowStacking', 'ownerAgency'] as const).filter(
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
  await deps.repo.replaceProgramme(next, expectedVersion ?? current.version);
  return next;
}
