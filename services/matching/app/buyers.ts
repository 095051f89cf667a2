/** Buyers and their sourcing needs. The agency that creates a buyer owns it and its needs. */
import { assertCan } from '../../../shared/access/policy.ts';
import { NotFoundError, RuleViolationError } from '../../../shared/errors.ts';
import type { Buyer, BuyerKind, Need, PriceBand } from '../domain/need.ts';
import type { Site } from '../domain/places.ts';
import { parkOf } from '../domain/places.ts';
import type { Tier } from '../domain/supplier.ts';
import type { Certification } from '../domain/taxonomy.ts';
import { hanoiToday } from './dates.ts';
import type { Actor, MatchingDeps } from './ports.ts';

export interface BuyerInput {
  name: string;
  kind: BuyerKind;
  taxCode?: string | undefined;
  country?: string | undefined;
  site?: { communeCode?: string | undefined; park?: string | undefined } | undefined;
  sectors: string[];
}

export async function createBuyer(deps: MatchingDeps, actor: Actor, input: BuyerInput): Promise<Buyer> {
  // Nothing exists yet, so nothing to hide: a refusal is 403 with the reason (no `describe`).
  assertCan(actor, 'buyer', 'create', { ownerAgency: actor.agency });
  let site: Site | undefined;
  const park = input.site?.park;
  const communeCode = input.site?.communeCode ?? (park ? parkOf(park)?.communeCode : undefined);
  if (input.taxCode) {
    // A registered enterprise buying for itself: the registry vouches for it and gives its place.
    const registry = (await deps.repo.getSupplier(input.taxCode))?.registry;
    if (!registry) throw new RuleViolationError(`The registry has not announced enterprise ${input.taxCode} to matching (yet)`);
    if (registry.status === 'dissolved') throw new RuleViolationError(`Enterprise ${input.taxCode} is dissolved in the registry`);
    site = { communeCode: communeCode ?? registry.communeCode, park };
  } else if (communeCode) site = { communeCode, park };
  const buyer: Buyer = {
    id: deps.newId(),
    name: input.name,
    kind: input.kind,
    taxCode: input.taxCode,
    country: input.country ?? (input.taxCode ? 'VN' : undefined),
    site,
    sectors: input.sectors,
    ownerAgency: actor.agency,
    createdAt: deps.now().toISOString(),
    createdBy: actor.sub,
  };
  await deps.repo.createBuyer(buyer);
  return buyer;
}

export async function getBuyer(deps: MatchingDeps, actor: Actor, id: string): Promise<Buyer> {
  const buyer = await deps.repo.getBuyer(id);
  if (!buyer) throw new NotFoundError(`No buyer ${id}`);
  assertCan(actor, 'buyer', 'read', { ownerAgency: buyer.ownerAgency }, { id, label: 'buyer' });
  return buyer;
}

export interface NeedInput {
  title: string;
  part?: string | undefined;
  description?: string | undefined;
  sector?: string | undefined;
  processes: string[];
  certifications: Certification[];
  volumePerMonth?: number | undefined;
  toleranceMm?: number | undefined;
  partSizeMm?: number | undefined;
  priceBand?: PriceBand | undefined;
  communes: string[];
  industrialParks: string[];
  tier?: Tier | undefined;
  deadline: string;
}

export async function createNeed(deps: MatchingDeps, actor: Actor, buyerId: string, input: NeedInput): Promise<Need> {
  const buyer = await getBuyer(deps, actor, buyerId);
  assertCan(actor, 'need', 'create', { ownerAgency: buyer.ownerAgency }, { id: buyerId, label: 'buyer' });
  const now = deps.now();
  if (input.deadline < hanoiToday(now)) throw new RuleViolationError(`The deadline ${input.deadline} has passed`);
  const need: Need = {
    id: deps.newId(),
    buyerId,
    buyerName: buyer.name,
    buyerKind: buyer.kind,
    buyerSite: buyer.site,
    title: input.title,
    part: input.part,
    description: input.description,
    sector: input.sector,
    processes: input.processes,
    certifications: input.certifications,
    volumePerMonth: input.volumePerMonth,
    toleranceMm: input.toleranceMm,
    partSizeMm: input.partSizeMm,
    priceBand: input.priceBand,
    communes: input.communes,
    parks: input.industrialParks,
    tier: input.tier,
    deadline: input.deadline,
    ownerAgency: buyer.ownerAgency,
    createdAt: now.toISOString(),
    createdBy: actor.sub,
    version: 1,
  };
  await deps.repo.createNeed(need);
  return need;
}

export async function getNeed(deps: MatchingDeps, actor: Actor, id: string, action: 'read' | 'progress' = 'read'): Promise<Need> {
  const need = await deps.repo.getNeed(id);
  if (!need) throw new NotFoundError(`No need ${id}`);
  assertCan(actor, action === 'read' ? 'need' : 'match', action, { ownerAgency: need.ownerAgency }, { id, label: 'need' });
  return need;
}
