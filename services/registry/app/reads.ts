/**
 * Reads of the register, as the access policy (shared/access/policy.ts) shapes them. Every agency
 * reads the public registration record — name, legal form, commune, business lines, status, dates,
 * size and size class with its reasons, the legal representative's name. Personal data (owners,
 * people's id pseudonyms and references, a household's personal tax code) only the registry-owning
 * agency's admins see ('enterprise.people'). The record is built from a list of public fields, not
 * by removing known personal ones, so a field the registry adds later stays private until it is
 * listed here. A commune committee reads only its commune's enterprises.
 */
import { assertCan, can, type Actor } from '../../../shared/access/policy.ts';
import { ForbiddenError, NotFoundError } from '../../../shared/errors.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import type { Enterprise, FieldChange } from '../domain/enterprise.ts';
import type { EnterpriseSearch, HistoryEntry, RegistryDeps } from './ports.ts';

/** Fields of a profile every reader sees, as stored. */
const PUBLIC_FIELDS = [
  'taxCode',
  'taxCodeKind',
  'name',
  'legalForm',
  'communeCode',
  'vsic',
  'foundedOn',
  'status',
  'employees',
  'revenueVnd',
  'totalCapitalVnd',
  'sizeClass',
  'revision',
  'cause',
  'occurredAt',
  'updatedAt',
] as const;

/** Tracked fields whose values are public in the history; `legalRepresentative` shows its name only. */
const PUBLIC_HISTORY_FIELDS: ReadonlySet<string> = new Set(PUBLIC_FIELDS);

/** The most profiles one search page gives a caller who does not see personal data. */
export const PUBLIC_SEARCH_MAX = 50;

const representative = (value: unknown): unknown =>
  value && typeof value === 'object' && 'name' in value ? { name: (value as { name: unknown }).name } : null;

export type PublicProfile = Pick<Enterprise, (typeof PUBLIC_FIELDS)[number]> & { legalRepresentative?: { name: string } };

export const seesPeople = (actor: Actor, e: Pick<Enterprise, 'communeCode'>): boolean =>
  can(actor, 'enterprise.people', 'read', { communeCode: e.communeCode });

/** The profile as the actor may see it: whole for the registry owner's admins, the public record for others. */
export function profileFor(actor: Actor, e: Enterprise): Enterprise | PublicProfile {
  if (seesPeople(actor, e)) return e;
  const out: Record<string, unknown> = {};
  for (const f of PUBLIC_FIELDS) if (e[f] !== undefined) out[f] = e[f];
  if (e.legalRepresentative) out.legalRepresentative = representative(e.legalRepresentative);
  return out as PublicProfile;
}

/**
 * A history entry as the actor may see it: a change to a non-public field is listed as changed,
 * without its values, for whoever does not see personal data.
 */
export function historyFor(actor: Actor, e: Pick<Enterprise, 'communeCode'>, entry: HistoryEntry): HistoryEntry {
  if (seesPeople(actor, e)) return entry;
  const changes = entry.changes.map((c): FieldChange | { field: FieldChange['field']; redacted: true } => {
    if (PUBLIC_HISTORY_FIELDS.has(c.field)) return c;
    if (c.field === 'legalRepresentative') return { field: c.field, from: representative(c.from), to: representative(c.to) };
    return { field: c.field, redacted: true };
  });
  return { ...entry, changes: changes as FieldChange[] };
}

const withoutCode = (e: Enterprise | PublicProfile): PublicProfile => {
  const { taxCode: _taxCode, ...rest } = e;
  return rest as PublicProfile;
};

/** A profile the actor may read, or 404. */
export async function readableEnterprise(
  deps: RegistryDeps,
  actor: Actor,
  taxCode: string,
  kind: 'enterprise' | 'enterprise.history' = 'enterprise',
) {
  const found = await deps.enterprises.get(taxCode);
  if (!found) throw new NotFoundError(`No enterprise ${taxCode}`);
  assertCan(actor, kind, 'read', { communeCode: found.communeCode }, { id: taxCode, label: 'enterprise' });
  return found;
}

export async function getEnterprise(deps: RegistryDeps, actor: Actor, taxCode: string) {
  return profileFor(actor, await readableEnterprise(deps, actor, taxCode));
}

export async function getHistory(
  deps: RegistryDeps,
  actor: Actor,
  taxCode: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<HistoryEntry>> {
  const e = await readableEnterprise(deps, actor, taxCode, 'enterprise.history');
  const page = await deps.enterprises.history(taxCode, limit, cursor);
  return { ...page, items: page.items.map((entry) => historyFor(actor, e, entry)) };
}

/**
 * A search, confined to what the actor may read: a commune committee its commune (another commune
 * is 403, said plainly). A page holds at most PUBLIC_SEARCH_MAX profiles for whoever does not see
 * personal data — a bulk copy of the register is the registry owner's to make.
 */
export async function searchEnterprises(deps: RegistryDeps, actor: Actor, q: EnterpriseSearch): Promise<Page<Enterprise | PublicProfile>> {
  const { commune, ...rest } = q;
  const own = actor.commune;
  if (own && commune && commune !== own) throw new ForbiddenError(`This account sees only commune ${own}`);
  const scoped = own ?? commune;
  const owner = can(actor, 'enterprise.people', 'read', {});
  const limit = owner ? q.limit : Math.min(q.limit, PUBLIC_SEARCH_MAX);
  const page = await deps.enterprises.search({ ...rest, limit, ...(scoped ? { commune: scoped } : {}) });
  const items = page.items.filter((e) => can(actor, 'enterprise', 'read', { communeCode: e.communeCode })).map((e) => profileFor(actor, e));
  // A household business's code is its owner's personal id: a search does not hand it out in bulk.
  // Whoever already has the code reads the record by it.
  return { ...page, items: owner ? items : items.map((e) => (e.taxCodeKind === 'personal' ? withoutCode(e) : e)) };
}
