/**
 * Buyers (OEMs, FDI manufacturers, tier-1s — often without a Vietnamese tax code — and registered
 * enterprises looking for suppliers of their own) and their sourcing needs.
 */
import type { Certification } from './taxonomy.ts';
import type { Site } from './places.ts';
import type { Tier } from './supplier.ts';

export const BUYER_KINDS = ['oem', 'fdi', 'tier1', 'enterprise'] as const;
export type BuyerKind = (typeof BUYER_KINDS)[number];

/**
 * Whether a buyer of a kind makes or assembles finished products, when nobody said: an OEM does; a
 * tier-1 supplies modules to one and does not; an FDI manufacturer or an enterprise may or may not,
 * so it counts as not until its officer says so. Reporting counts a supplier's first contract with a
 * buyer that does as a direct supplier (the scheme's suppliers to makers and assemblers of
 * finished products).
 */
export const defaultMakesFinishedProducts = (kind: BuyerKind): boolean => kind === 'oem';

export interface Buyer {
  id: string;
  /** Grows with every change (If-Match / ETag). */
  version: number;
  name: string;
  kind: BuyerKind;
  /** Makes or assembles finished products (default by kind: {@link defaultMakesFinishedProducts}). */
  makesFinishedProducts: boolean;
  taxCode?: string | undefined;
  country?: string | undefined;
  site?: Site | undefined;
  sectors: string[];
  ownerAgency: string;
  createdAt: string;
  createdBy: string;
  updatedAt?: string | undefined;
  updatedBy?: string | undefined;
}

export interface PriceBand {
  minVnd?: number | undefined;
  maxVnd?: number | undefined;
  /** What the price is for: a piece, a kg, a set. */
  per?: string | undefined;
}

/** A buyer closes a need when it found its supplier or gave up: it then drops out of opportunities. */
export const NEED_STATUSES = ['open', 'closed'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** What the scorer needs of a need. */
export interface NeedFacts {
  id: string;
  /** Absent on needs stored before needs could be closed: open. */
  status?: NeedStatus | undefined;
  buyerId: string;
  buyerName: string;
  buyerKind: BuyerKind;
  /** The buyer's own site, when known: the default location preference. */
  buyerSite?: Site | undefined;
  title: string;
  processes: readonly string[];
  certifications: readonly Certification[];
  volumePerMonth?: number | undefined;
  toleranceMm?: number | undefined;
  partSizeMm?: number | undefined;
  /** Preferred locations: communes and industrial parks. */
  communes: readonly string[];
  parks: readonly string[];
  /** The tier the supplier would take; by default from the buyer's kind. */
  tier?: Tier | undefined;
  /** YYYY-MM-DD: certificates must be valid on it; the need is open until it passes. */
  deadline: string;
}

export interface Need extends NeedFacts {
  part?: string | undefined;
  description?: string | undefined;
  sector?: string | undefined;
  priceBand?: PriceBand | undefined;
  ownerAgency: string;
  createdAt: string;
  createdBy: string;
  updatedAt?: string | undefined;
  updatedBy?: string | undefined;
  closedAt?: string | undefined;
  closedBy?: string | undefined;
  version: number;
}

/** OEMs and FDI assemblers buy from tier 1; a tier-1 buys from tier 2; an enterprise's own suppliers sit a tier below its usual place, tier 2. */
export const defaultTier = (kind: BuyerKind): Tier => (kind === 'tier1' || kind === 'enterprise' ? 2 : 1);

export const wantedTier = (n: Pick<NeedFacts, 'tier' | 'buyerKind'>): Tier => n.tier ?? defaultTier(n.buyerKind);

/** Open until closed or its deadline has passed (dates compared in Hanoi's calendar by the caller). */
export const isOpen = (n: Pick<NeedFacts, 'deadline' | 'status'>, today: string): boolean => n.status !== 'closed' && n.deadline >= today;

/** The places the buyer wants its suppliers near: the stated ones, else its own site. */
export function targetSites(
  n: Pick<NeedFacts, 'communes' | 'parks' | 'buyerSite'>,
  parkCommune: (park: string) => string | undefined,
): Site[] {
  const sites: Site[] = [
    ...n.communes.map((communeCode) => ({ communeCode })),
    ...n.parks.flatMap((park) => {
      const communeCode = parkCommune(park);
      return communeCode ? [{ communeCode, park }] : [];
    }),
  ];
  if (sites.length === 0 && n.buyerSite) sites.push(n.buyerSite);
  return sites;
}
