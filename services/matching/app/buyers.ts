/** Buyers and their sourcing needs. The agency that creates a buyer owns it and its needs. */
import { assertCan, can } from '../../../shared/access/policy.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../../shared/errors.ts';
import { defaultMakesFinishedProducts, type Buyer, type BuyerKind, type Need, type NeedStatus, type PriceBand } from '../domain/need.ts';
import type { Site } from '../domain/places.ts';
import { parkOf } from '../domain/places.ts';
import type { Tier } from '../domain/supplier.ts';
import type { Certification } from '../domain/taxonomy.ts';
import { hanoiDay } from '../../../shared/time/hanoi.ts';
import type { Actor, MatchingDeps, Page, PageRequest } from './ports.ts';

export interface BuyerInput {
  name: string;
  kind: BuyerKind;
  /** Absent: by its kind (an OEM does; the others do not until said). */
  makesFinishedProducts?: boolean | undefined;
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
    version: 1,
    name: input.name,
    kind: input.kind,
    makesFinishedProducts: input.makesFinishedProducts ?? defaultMakesFinishedProducts(input.kind),
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
  if (input.deadline < hanoiDay(now)) throw new RuleViolationError(`The deadline ${input.deadline} has passed`);
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
    status: 'open',
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

/** A write sent with If-Match must find the version it read (design-notes.md: optimistic concurrency). */
function assertVersion(what: string, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new ConflictError(`${what} is at version ${current}, not ${expected}: reload it and retry`, {
      extensions: { currentVersion: current },
    });
  }
}

/** What an agency's officer may change of a buyer: not its kind or tax code (a different buyer); whether it makes finished products, yes. */
export interface BuyerPatch {
  name?: string | undefined;
  makesFinishedProducts?: boolean | undefined;
  country?: string | null | undefined;
  site?: { communeCode?: string | undefined; park?: string | undefined } | null | undefined;
  sectors?: string[] | undefined;
}

/**
 * Change a buyer. Its needs keep the buyer's name, kind and site as they were when each was
 * created (what the ranking of that need used); change a need's location with PATCH /needs/{id}.
 */
export async function updateBuyer(
  deps: MatchingDeps,
  actor: Actor,
  id: string,
  patch: BuyerPatch,
  expectedVersion: number | undefined,
): Promise<Buyer> {
  const buyer = await getBuyer(deps, actor, id);
  assertCan(actor, 'buyer', 'update', { ownerAgency: buyer.ownerAgency }, { id, label: 'buyer' });
  assertVersion(`Buyer ${id}`, buyer.version, expectedVersion);
  const next: Buyer = { ...buyer, version: buyer.version + 1, updatedAt: deps.now().toISOString(), updatedBy: actor.sub };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.makesFinishedProducts !== undefined) next.makesFinishedProducts = patch.makesFinishedProducts;
  if (patch.country !== undefined) next.country = patch.country ?? undefined;
  if (patch.sectors !== undefined) next.sectors = patch.sectors;
  if (patch.site !== undefined) {
    const park = patch.site?.park;
    const communeCode = patch.site?.communeCode ?? (park ? parkOf(park)?.communeCode : undefined);
    // A registered enterprise's site falls back to its registered office, as when it was created.
    const registered = buyer.taxCode && !communeCode ? (await deps.repo.getSupplier(buyer.taxCode))?.registry?.communeCode : undefined;
    const commune = communeCode ?? registered;
    next.site = commune ? { communeCode: commune, park } : undefined;
  }
  await deps.repo.updateBuyer(next, buyer.version);
  return next;
}

export interface ListBuyersQuery extends PageRequest {
  /** Whose buyers; the caller's agency by default. */
  agency?: string | undefined;
}

/** An agency's buyers, newest first; another agency's only to who may read them (the coordinator). */
export async function listBuyers(deps: MatchingDeps, actor: Actor, q: ListBuyersQuery): Promise<Page<Buyer>> {
  const agency = q.agency ?? actor.agency;
  // All of one agency's buyers share the fact the policy decides by: one decision for the page.
  if (!can(actor, 'buyer', 'read', { ownerAgency: agency })) return { items: [], nextCursor: null };
  return deps.repo.listBuyers(agency, { limit: q.limit, cursor: q.cursor });
}

/** A buyer's needs, newest first (open and closed). */
export async function needsOfBuyer(deps: MatchingDeps, actor: Actor, buyerId: string, page: PageRequest): Promise<Page<Need>> {
  const buyer = await getBuyer(deps, actor, buyerId);
  assertCan(actor, 'need', 'read', { ownerAgency: buyer.ownerAgency }, { id: buyerId, label: 'buyer' });
  return deps.repo.needsOfBuyer(buyerId, page);
}

/** A change to a need: any field of a new one, `null` to clear an optional one, and `status`. */
export interface NeedPatch {
  title?: string | undefined;
  part?: string | null | undefined;
  description?: string | null | undefined;
  sector?: string | null | undefined;
  processes?: string[] | undefined;
  certifications?: Certification[] | undefined;
  volumePerMonth?: number | null | undefined;
  toleranceMm?: number | null | undefined;
  partSizeMm?: number | null | undefined;
  priceBand?: PriceBand | null | undefined;
  communes?: string[] | undefined;
  industrialParks?: string[] | undefined;
  tier?: Tier | null | undefined;
  deadline?: string | undefined;
  status?: NeedStatus | undefined;
}

const OPTIONAL_FIELDS = ['part', 'description', 'sector', 'volumePerMonth', 'toleranceMm', 'partSizeMm', 'priceBand', 'tier'] as const;

/**
 * Change a need or close it. A closed need drops out of every supplier's opportunities (and its
 * matches say `open: false`); its matches and their funnel stay. Reopening needs a deadline still
 * ahead. The live indexes take the change from the change feed, like any other.
 */
export async function updateNeed(
  deps: MatchingDeps,
  actor: Actor,
  id: string,
  patch: NeedPatch,
  expectedVersion: number | undefined,
): Promise<Need> {
  const need = await getNeed(deps, actor, id);
  assertCan(actor, 'need', 'update', { ownerAgency: need.ownerAgency }, { id, label: 'need' });
  assertVersion(`Need ${id}`, need.version, expectedVersion);
  const now = deps.now();
  const next: Need = { ...need };
  if (patch.title !== undefined) next.title = patch.title;
  if (patch.processes !== undefined) next.processes = patch.processes;
  if (patch.certifications !== undefined) next.certifications = patch.certifications;
  if (patch.communes !== undefined) next.communes = patch.communes;
  if (patch.industrialParks !== undefined) next.parks = patch.industrialParks;
  if (patch.deadline !== undefined) next.deadline = patch.deadline;
  for (const field of OPTIONAL_FIELDS) {
    const value = patch[field];
    if (value !== undefined) (next as unknown as Record<string, unknown>)[field] = value ?? undefined;
  }
  const status = patch.status ?? need.status ?? 'open';
  if (status !== (need.status ?? 'open')) {
    next.status = status;
    next.closedAt = status === 'closed' ? now.toISOString() : undefined;
    next.closedBy = status === 'closed' ? actor.sub : undefined;
  }
  if (status === 'open' && (patch.deadline !== undefined || patch.status === 'open') && next.deadline < hanoiDay(now)) {
    throw new RuleViolationError(`The deadline ${next.deadline} has passed: set a later one to keep the need open`);
  }
  // Sending what is already there changes nothing (and no version).
  if (JSON.stringify(next) === JSON.stringify(need)) return need;
  next.version = need.version + 1;
  next.updatedAt = now.toISOString();
  next.updatedBy = actor.sub;
  await deps.repo.updateNeed(next, need.version, next.updatedAt);
  return next;
}
