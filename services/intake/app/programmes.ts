/** The programme catalogue. */
import { NotFoundError, RuleViolationError } from '../../../shared/errors.ts';
import type { Programme, ProgrammeInput } from '../domain/programme.ts';
import { assertOwns } from './access.ts';
import type { Actor, IntakeDeps } from './ports.ts';

export async function createProgramme(deps: IntakeDeps, actor: Actor, input: ProgrammeInput): Promise<Programme> {
  assertOwns(actor, input, 'create');
  const at = deps.now().toISOString();
  const programme: Programme = { ...input, id: deps.newId(), committedVnd: 0, version: 1, createdAt: at, createdBy: actor.sub, updatedAt: at };
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
  assertOwns(actor, current, 'change');
  if (input.ownerAgency !== current.ownerAgency) assertOwns(actor, input, 'hand over');
  if (input.budgetVnd < current.committedVnd) {
    throw new RuleViolationError(`The budget cannot go below the ${current.committedVnd} VND already committed to approvals`, {
      errors: [{ path: 'body.budgetVnd', message: `must be at least ${current.committedVnd}` }],
    });
  }
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
