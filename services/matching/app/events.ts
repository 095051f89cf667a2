/**
 * What matching takes in from other services: registry facts (enterprise.*) and scoring results
 * (application.scored, with application.submitted to learn whose application it was when the
 * score does not say). Each write is conditional on a revision or a time, so a redelivered or late
 * message changes nothing: no processed-message marker is needed.
 */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { EnterpriseSnapshot } from '../../../shared/contracts/enterprise.ts';
import type { QualityRecord, RegistryFacts } from '../domain/supplier.ts';
import type { MatchingDeps, RecordOutcome } from './ports.ts';

export function registryFactsOf(e: EnterpriseSnapshot): RegistryFacts {
  return {
    name: e.name,
    status: e.status,
    communeCode: e.communeCode,
    vsicMain: e.vsic.main,
    sizeClass: e.sizeClass.class,
    revision: e.revision,
  };
}

export const recordEnterprise = (deps: MatchingDeps, event: Envelope<EnterpriseSnapshot>): Promise<RecordOutcome> =>
  deps.repo.recordRegistry(event.data.taxCode, registryFactsOf(event.data), deps.now().toISOString());

export interface ScoredData {
  applicationId: string;
  taxCode?: string | undefined;
  rubric: { id: string; version: number };
  totalPoints: number;
  maxPoints: number;
  scoredAt: string;
}

export interface SubmittedData {
  applicationId: string;
  taxCode: string;
}

const qualityOf = (d: ScoredData): QualityRecord => ({
  applicationId: d.applicationId,
  ratio: d.totalPoints / d.maxPoints,
  totalPoints: d.totalPoints,
  maxPoints: d.maxPoints,
  rubric: `${d.rubric.id} v${d.rubric.version}`,
  scoredAt: d.scoredAt,
});

export type ScoreOutcome = RecordOutcome | 'held';

export async function recordScore(deps: MatchingDeps, event: Envelope<ScoredData>): Promise<ScoreOutcome> {
  const q = qualityOf(event.data);
  const taxCode = event.data.taxCode ?? (await deps.repo.applicationOwner(q.applicationId));
  if (!taxCode) {
    // The submission has not reached matching yet (queues do not keep order between services).
    await deps.repo.holdScore(q);
    return 'held';
  }
  return deps.repo.recordQuality(taxCode, q, deps.now().toISOString());
}

export async function recordSubmitted(deps: MatchingDeps, event: Envelope<SubmittedData>): Promise<ScoreOutcome | 'remembered'> {
  const held = await deps.repo.rememberApplication(event.data.applicationId, event.data.taxCode);
  return held ? deps.repo.recordQuality(event.data.taxCode, held, deps.now().toISOString()) : 'remembered';
}
