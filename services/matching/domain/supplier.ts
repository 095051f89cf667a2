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

/** Latest scoring result (application.scored) for the quality factor. */
export interface QualityRecord {
  ratio: number;
  totalPoints: number;
  maxPoints: number;
  rubric: string;
  scoredAt: string;
  applicationId: string;
}

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
  quality?: Pick<QualityRecord, 'ratio' | 'totalPoints' | 'maxPoints' | 'rubric' | 'scoredAt'> | undefined;
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
  quality: QualityRecord | undefined,
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
    quality: quality && {
      ratio: quality.ratio,
      totalPoints: quality.totalPoints,
      maxPoints: quality.maxPoints,
      rubric: quality.rubric,
      scoredAt: quality.scoredAt,
    },
    outcomes,
  };
}
