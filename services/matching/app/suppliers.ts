/**
 * Supplier profiles: business data an agency keeps about a registered enterprise. Only an
 * enterprise matching knows from the registry, and not a dissolved one, can get a profile; the
 * registry stays the source of its name, status and commune.
 */
import { assertCan, keepUnreadable, shape } from '../../../shared/access/policy.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../../shared/errors.ts';
import type { Contact, SupplierProfile } from '../domain/supplier.ts';
import type { Actor, MatchableProfile, MatchingDeps, ProfileRecord } from './ports.ts';

export interface ProfileInput extends SupplierProfile {
  contacts: Contact[];
}

export const matchableOf = (p: SupplierProfile): MatchableProfile => ({
  processes: p.processes,
  certifications: p.certifications.map((c) => ({ standard: c.standard, validUntil: c.validUntil })),
  monthlyCapacity: p.monthlyCapacity,
  maxPartSizeMm: p.maxPartSizeMm,
  toleranceMm: p.toleranceMm,
  tier: p.tier,
  siteCommune: p.site?.communeCode,
  park: p.site?.park,
  exportExperience: p.exportExperience,
});

export interface ProfileView extends ProfileRecord {
  name: string;
  status: string;
  communeCode: string;
}

/** Fields of a profile guarded by their own policy entry: shown to, and changed by, only who may read them. */
const GUARDED = { contacts: 'supplier-profile.contacts' } as const;

function view(actor: Actor, record: ProfileRecord, registry: { name: string; status: string; communeCode: string }): ProfileView {
  const full: ProfileView = { ...record, name: registry.name, status: registry.status, communeCode: registry.communeCode };
  return shape(actor, { ownerAgency: record.ownerAgency, communeCode: registry.communeCode, taxCode: record.taxCode }, full, GUARDED);
}

export async function putProfile(
  deps: MatchingDeps,
  actor: Actor,
  taxCode: string,
  input: ProfileInput,
  expectedVersion: number | undefined,
): Promise<ProfileView> {
  const supplier = await deps.repo.getSupplier(taxCode);
  const registry = supplier?.registry;
  if (!registry)
    throw new RuleViolationError(
      `The registry has not announced enterprise ${taxCode} to matching (yet): only registered enterprises get a profile`,
    );
  const current = await deps.repo.getProfile(taxCode);
  const ownerAgency = current?.ownerAgency ?? deps.networkAgency;
  // The enterprise itself keeps its own profile (facts: its tax code).
  const facts = { ownerAgency, communeCode: registry.communeCode, taxCode };
  assertCan(actor, 'supplier-profile', 'update', facts, { id: taxCode, label: 'supplier profile' });
  if (registry.status !== 'active')
    throw new RuleViolationError(`Enterprise ${taxCode} is ${registry.status} in the registry: it cannot take part in matching`);
  const version = current?.version ?? 0;
  if (expectedVersion !== undefined && expectedVersion !== version) {
    throw new ConflictError(`Profile of ${taxCode} is at version ${version}, not ${expectedVersion}; reload it and retry`);
  }
  const at = deps.now().toISOString();
  // A caller who may not read the contact persons (a commune committee) sends the profile back
  // without them: they keep their stored value, and one it sends is not taken.
  const { contacts = [], ...profile } = keepUnreadable(actor, facts, input, current, GUARDED);
  const record: ProfileRecord = {
    taxCode,
    profile,
    contacts,
    ownerAgency,
    version: version + 1,
    createdAt: current?.createdAt ?? at,
    updatedAt: at,
    updatedBy: actor.sub,
  };
  await deps.repo.saveProfile(record, matchableOf(profile), current ? version : undefined, at);
  return view(actor, record, registry);
}

export async function getProfile(deps: MatchingDeps, actor: Actor, taxCode: string): Promise<ProfileView> {
  const [supplier, record] = await Promise.all([deps.repo.getSupplier(taxCode), deps.repo.getProfile(taxCode)]);
  if (!supplier?.registry || !record) throw new NotFoundError(`No supplier profile for ${taxCode}`);
  assertCan(
    actor,
    'supplier-profile',
    'read',
    { ownerAgency: record.ownerAgency, communeCode: supplier.registry.communeCode, taxCode },
    { id: taxCode, label: 'supplier profile' },
  );
  return view(actor, record, supplier.registry);
}
