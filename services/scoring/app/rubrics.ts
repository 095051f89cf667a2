/** Rubrics: the built-in ones and those agencies published, each version immutable. */
import { assertCan } from '../../../shared/access/policy.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import { BUILT_IN_RUBRICS } from '../domain/built-in-rubrics.ts';
import { describeCriterion, maxPointsOf, nextVersion, passMarkOf, type Rubric, type rubricInput } from '../domain/rubric.ts';
import type { z } from 'zod';
import type { Actor, ScoringDeps } from './ports.ts';

export async function findRubric(deps: ScoringDeps, id: string, version: number): Promise<Rubric | undefined> {
  return BUILT_IN_RUBRICS.find((r) => r.id === id && r.version === version) ?? deps.repo.getRubric(id, version);
}

async function allRubrics(deps: ScoringDeps): Promise<Rubric[]> {
  const stored = await deps.repo.listRubrics();
  return [...BUILT_IN_RUBRICS, ...stored].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version));
}

export function rubricView(r: Rubric) {
  const total = maxPointsOf(r);
  return {
    id: r.id,
    version: r.version,
    name: r.name,
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

/** The latest version of each rubric, with the list of its versions. */
export async function listRubrics(deps: ScoringDeps) {
  const byId = new Map<string, Rubric[]>();
  for (const r of await allRubrics(deps)) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  return { items: [...byId.values()].map((vs) => ({ ...rubricView(vs[vs.length - 1]!), versions: vs.map((v) => v.version) })) };
}

export async function getRubric(deps: ScoringDeps, id: string, version?: number) {
  const versions = (await allRubrics(deps)).filter((r) => r.id === id);
  const r = version === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === version);
  if (!r) throw new NotFoundError(version === undefined ? `No rubric ${id}` : `No rubric ${id} version ${version}`);
  return { ...rubricView(r), versions: versions.map((v) => v.version) };
}

/** Publish a rubric's next version (or the first of a new id). Earlier versions never change. */
export async function publishRubric(deps: ScoringDeps, actor: Actor, input: z.infer<typeof rubricInput>) {
  const versions = (await allRubrics(deps)).filter((r) => r.id === input.id);
  const latest = versions[versions.length - 1];
  assertCan(actor, 'rubric', 'create', { ownerAgency: latest?.ownerAgency ?? actor.agency }, { id: input.id, label: 'rubric' });
  const next = nextVersion(input, latest, actor, deps.now().toISOString());
  await deps.repo.createRubric(next);
  return { ...rubricView(next), versions: [...versions.map((v) => v.version), next.version] };
}
