/**
 * A supplier as matching sees it: the registry facts it keeps from enterprise.* events, the
 * business profile an agency maintains (processes, products, certifications, capacity, tier,
 * customers, site, export experience, languages), its latest scoring result and its past match
 * outcomes. Contact persons are kept apart from the business profile (personal data).
 */
import type { Certification } from './taxonomy.ts';

export type EnterpriseStatus = 'active' | 'suspended' | 'dissolved';
export type Tier = 1 | 2 | 3;

/** Matching's copy of the registry facts it needs. */
export interface RegistryFacts {
  name: string;
  status: EnterpriseStatus;
  communeCode: string;
  vsicMain: string;
  sizeClass: string;
  revision: number;
}

export interface CertificationHeld {
  standard: Certification;
  /** Last day the certificate is valid (YYYY-MM-DD). */
  validUntil: string;
  certificateNo?: string | undefined;
  issuer?: string | undefined;
}

export interface Product {
  name: string;
  sector?: string | undefined;
  /** HS code: 4, 6 or 8 digits. */
  hsCode?: string | undefined;
}

export interface Customer {
  name: string;
  country?: string | undefined;
}

export interface Contact {
  name: string;
  role?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

/** The business profile (what `PUT /suppliers/{taxCode}/profile` takes), without contacts. */
export interface SupplierProfile {
  processes: string[];
  products: Product[];
  materials: string[];
  certifications: CertificationHeld[];
  /** Units per month the supplier can deliver. */
  monthlyCapacity?: number | undefined;
  maxPartSizeMm?: number | undefined;
  /** The finest tolerance it holds, ± mm. */
  toleranceMm?: number | undefined;
  tier?: Tier | undefined;
  customers: Customer[];
  /** Where it makes things, when not at its registered head office. */
  site?: { communeCode?: string | undefined; park?: string | undefined } | undefined;
  exportExperience?: boolean | undefined;
  exportMarkets: string[];
  languages: string[];
}

/**
 * A scoring result (application.scored) for the quality factor. It is another agency's score, and
 * it tells that the enterprise applied: it is shown only to whom the policy lets read that score
 * (`score.read`: the programme's owning agency, the coordinator), so it carries that agency.
 */
export interface QualityRecord {
  ratio: number;
  totalPoints: number;
  maxPoints: number;
  rubric: string;
  scoredAt: string;
  applicationId: string;
  /**
   * The agency that owns the programme applied to. Undefined only for a score recorded before
   * matching kept it: shown to no one but who reads every score.
   */
  agency?: string | undefined;
}

/** What the index keeps of a score. */
export type QualityFact = Pick<QualityRecord, 'ratio' | 'totalPoints' | 'maxPoints' | 'rubric' | 'scoredAt' | 'agency'>;

export interface Outcomes {
  contracted: number;
  declined: number;
}

/**
 * Everything the scorer needs about one supplier: compact, so the whole network fits in a
 * function's memory (the match index) and loads fast.
 */
export interface SupplierFacts {
  taxCode: string;
  registry: RegistryFacts;
  processes: readonly string[];
  certifications: readonly Pick<CertificationHeld, 'standard' | 'validUntil'>[];
  monthlyCapacity?: number | undefined;
  maxPartSizeMm?: number | undefined;
  toleranceMm?: number | undefined;
  tier?: Tier | undefined;
  siteCommune?: string | undefined;
  park?: string | undefined;
  exportExperience?: boolean | undefined;
  /** The latest score of each agency's programmes (a handful at most): who sees which is the caller's {@link ScoreView}. */
  scores: readonly QualityFact[];
  outcomes: Outcomes;
}

/** Where the supplier makes things: its declared site, else its registered head office. */
export const siteOf = (s: Pick<SupplierFacts, 'registry' | 'siteCommune' | 'park'>) => ({
  communeCode: s.siteCommune ?? s.registry.communeCode,
  park: s.park,
});

/** Only active enterprises take part in matching: a suspended or dissolved one drops out. */
export const isMatchable = (s: Pick<SupplierFacts, 'registry'>): boolean => s.registry.status === 'active';

export function factsOf(
  taxCode: string,
  registry: RegistryFacts,
  profile: SupplierProfile,
  scores: readonly QualityRecord[],
  outcomes: Outcomes,
): SupplierFacts {
  return {
    taxCode,
    registry,
    processes: profile.processes,
    certifications: profile.certifications.map((c) => ({ standard: c.standard, validUntil: c.validUntil })),
    monthlyCapacity: profile.monthlyCapacity,
    maxPartSizeMm: profile.maxPartSizeMm,
    toleranceMm: profile.toleranceMm,
    tier: profile.tier,
    siteCommune: profile.site?.communeCode,
    park: profile.site?.park,
    exportExperience: profile.exportExperience,
    scores: scores.map(qualityFact),
    outcomes,
  };
}

export const qualityFact = (q: QualityFact): QualityFact => ({
  ratio: q.ratio,
  totalPoints: q.totalPoints,
  maxPoints: q.maxPoints,
  rubric: q.rubric,
  scoredAt: q.scoredAt,
  ...(q.agency !== undefined ? { agency: q.agency } : {}),
});

/**
 * Which scores a caller may see, as the policy's `score.read` says (asked by the use case, which
 * knows the caller): every score whatever its programme (the coordinator), or those of the
 * agencies `reads` names (the programme's owning agency).
 */
export interface ScoreView {
  /** Reads a score whatever its programme, one whose agency is unknown included. */
  all: boolean;
  reads(agency: string): boolean;
}

/** Sees no score: the default wherever no caller is known. */
export const NO_SCORES: ScoreView = { all: false, reads: () => false };
export const ALL_SCORES: ScoreView = { all: true, reads: () => true };

/** The latest score the view may see, if any. */
export function visibleScore(scores: readonly QualityFact[], view: ScoreView): QualityFact | undefined {
  let best: QualityFact | undefined;
  for (const q of scores) {
    if (!view.all && (q.agency === undefined || !view.reads(q.agency))) continue;
    if (best === undefined || q.scoredAt > best.scoredAt) best = q;
  }
  return best;
}
