/**
 * What matching takes in from other services: registry facts (enterprise.*) and scoring results
 * (application.scored, with application.submitted to learn whose application it was, and whose
 * programme, when the score does not say). A score is kept with the agency whose programme it was
 * for — only who may read that score sees it in a match — so it waits (held) until matching knows
 * both. Each write is conditional on a revision or a time, so a redelivered or late message changes
 * nothing: no processed-message marker is needed.
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
  /** The programme's owning agency (optional in the contract: older messages lack it). */
  agency?: string | undefined;
  rubric: { id: string; version: number };
  totalPoints: number;
  maxPoints: number;
  scoredAt: string;
}

export interface SubmittedData {
  applicationId: string;
  taxCode: string;
  /** The programme's owning agency. */
  agency: string;
}

const qualityOf = (d: ScoredData): QualityRecord => ({
  applicationId: d.applicationId,
  agency: d.agency,
  ratio: d.totalPoints / d.maxPoints,
  totalPoints: d.totalPoints,
  maxPoints: d.maxPoints,
  rubric: `${d.rubric.id} v${d.rubric.version}`,
  scoredAt: d.scoredAt,
});

export type ScoreOutcome = RecordOutcome | 'held';

export async function recordScore(deps: MatchingDeps, event: Envelope<ScoredData>): Promise<ScoreOutcome> {
  const q = qualityOf(event.data);
  const known = event.data.taxCode && event.data.agency ? undefined : await deps.repo.applicationOwner(q.applicationId);
  const taxCode = event.data.taxCode ?? known?.taxCode;
  const agency = event.data.agency ?? known?.agency;
  // Known without its agency: the submission reached matching before agencies were kept. The
  // score is kept as of an unknown agency, which only who reads every score sees.
  const legacy = known?.taxCode !== undefined && known.agency === undefined;
  if (!taxCode || (!agency && !legacy)) {
    // The submission has not reached matching yet (queues do not keep order between services).
    await deps.repo.holdScore(q);
    return 'held';
  }
  return deps.repo.recordQuality(taxCode, { ...q, agency }, deps.now().toISOString());
}

export async function recordSubmitted(deps: MatchingDeps, event: Envelope<SubmittedData>): Promise<ScoreOutcome | 'remembered'> {
  const { applicationId, taxCode, agency } = event.data;
  const held = await deps.repo.rememberApplication(applicationId, { taxCode, agency });
  return held ? deps.repo.recordQuality(taxCode, { ...held, agency: held.agency ?? agency }, deps.now().toISOString()) : 'remembered';
}
