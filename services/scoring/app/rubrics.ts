/** Rubrics: the built-in ones and those agencies published, each version immutable. */
import { assertCan } from '../../../shared/access/policy.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import { decodeCursor, encodeCursor } from '../../../shared/http/pagination.ts';
import { BUILT_IN_RUBRICS } from '../domain/built-in-rubrics.ts';
import {
  describeCriterion,
  maxPointsOf,
  nameString,
  nameText,
  nextVersion,
  passMarkOf,
  type Rubric,
  type rubricInput,
} from '../domain/rubric.ts';
import type * as z from 'zod';
import type { Actor, ScoringDeps } from './ports.ts';

export async function findRubric(deps: ScoringDeps, id: string, version: number): Promise<Rubric | undefined> {
  return BUILT_IN_RUBRICS.find((r) => r.id === id && r.version === version) ?? deps.repo.getRubric(id, version);
}

const byIdThenVersion = (a: Rubric, b: Rubric) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version);

/** Every version of one rubric, built-in and stored, oldest first. */
async function versionsOf(deps: ScoringDeps, id: string): Promise<Rubric[]> {
  return [...BUILT_IN_RUBRICS.filter((r) => r.id === id), ...(await deps.repo.rubricVersions(id))].sort(byIdThenVersion);
}

export function rubricView(r: Rubric) {
  const total = maxPointsOf(r);
  return {
    id: r.id,
    version: r.version,
    name: nameString(r.name),
    nameText: nameText(r.name),
    ...(r.description ? { description: r.description } : {}),
    ownerAgency: r.ownerAgency,
    builtIn: r.builtIn,
    createdAt: r.createdAt,
    maxPoints: total,
    passMark: passMarkOf(r),
    combination: r.combination,
    criteria: r.criteria.map((c) => describeCriterion(c, total)),
  };
}

/**
 * One page of the catalogue: the latest version of each rubric, with the list of its versions, in
 * id order. The cursor names the last id of the page.
 */
export async function listRubrics(deps: ScoringDeps, page: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(page.cursor, ['after'])?.after;
  // One id more than the page: if the store has more, the page's ids are all before it.
  const stored = await deps.repo.rubricPage(after, page.limit + 1);
  const byId = new Map<string, Rubric[]>();
  for (const r of [...BUILT_IN_RUBRICS.filter((b) => after === undefined || b.id > after), ...stored].sort(byIdThenVersion))
    byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  const ids = [...byId.keys()];
  const shown = ids.slice(0, page.limit);
  return {
    items: shown.map((id) => {
      const vs = byId.get(id)!;
      return { ...rubricView(vs[vs.length - 1]!), versions: vs.map((v) => v.version) };
    }),
    nextCursor: ids.length > page.limit ? encodeCursor({ after: shown[shown.length - 1] }) : null,
  };
}

export async function getRubric(deps: ScoringDeps, id: string, version?: number) {
  const versions = await versionsOf(deps, id);
  const r = version === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === version);
  if (!r) throw new NotFoundError(version === undefined ? `No rubric ${id}` : `No rubric ${id} version ${version}`);
  return { ...rubricView(r), versions: versions.map((v) => v.version) };
}

/** Publish a rubric's next version (or the first of a new id). Earlier versions never change. */
export async function publishRubric(deps: ScoringDeps, actor: Actor, input: z.infer<typeof rubricInput>) {
  const versions = await versionsOf(deps, input.id);
  const latest = versions[versions.length - 1];
  assertCan(actor, 'rubric', 'create', { ownerAgency: latest?.ownerAgency ?? actor.agency }, { id: input.id, label: 'rubric' });
  const next = nextVersion(input, latest, actor, deps.now().toISOString());
  await deps.repo.createRubric(next);
  return { ...rubricView(next), versions: [...versions.map((v) => v.version), next.version] };
}
