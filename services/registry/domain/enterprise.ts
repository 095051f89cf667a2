/**
 * The registry's view of one enterprise: the state the highest applied revision carried, with
 * its Decree 80 size class. Profiles are only ever replaced by a higher revision.
 */
import type { EnterpriseSnapshot } from '../../../shared/contracts/enterprise.ts';
import { storedPerson, type PersonRefOf, type StoredPerson } from './person-ref.ts';
import type { EnterpriseState, RegistryEvent, RegistryEventType } from './registry-event.ts';
import { classifySize, type SizeClassResult } from './size-class.ts';
import type { TaxCodeKind } from './tax-code.ts';

type ReceivedOwner = EnterpriseState['owners'][number];

/** People as stored: a person ref (person-ref.ts) in place of the received personalIdHash. */
export interface Enterprise extends Omit<EnterpriseState, 'legalRepresentative' | 'owners'> {
  legalRepresentative: StoredPerson;
  owners: (Omit<ReceivedOwner, 'personalIdHash'> & StoredPerson)[];
  taxCode: string;
  taxCodeKind: TaxCodeKind;
  revision: number;
  sizeClass: SizeClassResult;
  /** The registry event (or import row) that set this revision. */
  sourceId: string;
  cause: RegistryEventType;
  occurredAt: string;
  updatedAt: string;
}

/** The profile an event sets; every personalIdHash is re-keyed to a person ref on the way in. */
export function profileFrom(event: RegistryEvent, sourceId: string, appliedAt: Date, refOf: PersonRefOf): Enterprise {
  const e = event.enterprise;
  return {
    ...e,
    legalRepresentative: storedPerson(e.legalRepresentative, refOf),
    owners: e.owners.map((o) => storedPerson(o, refOf)),
    taxCode: event.taxCode,
    taxCodeKind: event.taxCodeKind,
    revision: event.revision,
    sizeClass: classifySize({
      mainVsic: e.vsic.main,
      employees: e.employees,
      revenueVnd: e.revenueVnd,
      totalCapitalVnd: e.totalCapitalVnd,
    }),
    sourceId,
    cause: event.type,
    occurredAt: event.occurredAt,
    updatedAt: appliedAt.toISOString(),
  };
}

/** Fields whose change is recorded in the history and announced to subscribers. */
export const TRACKED_FIELDS = [
  'name',
  'legalForm',
  'communeCode',
  'vsic',
  'foundedOn',
  'status',
  'employees',
  'revenueVnd',
  'totalCapitalVnd',
  'legalRepresentative',
  'owners',
  'sizeClass',
] as const;

export interface FieldChange {
  field: (typeof TRACKED_FIELDS)[number];
  from: unknown;
  to: unknown;
}

/** Key order is not part of a value: DynamoDB does not keep the order of a map's keys. */
const canonical = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(canonical)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, x]) => [k, canonical(x)]),
        )
      : v;
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

export function diffProfiles(before: Enterprise | undefined, after: Enterprise): FieldChange[] {
  return TRACKED_FIELDS.flatMap((field) => {
    const from = before?.[field];
    const to = field === 'sizeClass' ? after.sizeClass.class : after[field];
    const was = field === 'sizeClass' ? before?.sizeClass.class : from;
    return before && same(was, to) ? [] : [{ field, from: was ?? null, to }];
  });
}

export type PublishedType = 'enterprise.registered' | 'enterprise.changed' | 'enterprise.closed';

/** Which event a profile change announces: first sight, closure, or any other change. */
export function publishedType(before: Enterprise | undefined, after: Enterprise): PublishedType {
  if (!before) return 'enterprise.registered';
  if (after.status === 'dissolved' && before.status !== 'dissolved') return 'enterprise.closed';
  return 'enterprise.changed';
}

export function snapshotOf(p: Enterprise, changed: string[]): EnterpriseSnapshot {
  return {
    taxCode: p.taxCode,
    revision: p.revision,
    name: p.name,
    legalForm: p.legalForm,
    communeCode: p.communeCode,
    vsic: { version: p.vsic.version, main: p.vsic.main, others: p.vsic.others },
    status: p.status,
    foundedOn: p.foundedOn,
    employees: p.employees,
    revenueVnd: p.revenueVnd,
    totalCapitalVnd: p.totalCapitalVnd,
    sizeClass: { class: p.sizeClass.class, sectorGroup: p.sizeClass.sectorGroup },
    people: peopleOf(p),
    cause: p.cause,
    changed,
    occurredAt: p.occurredAt,
  };
}

type Person = NonNullable<EnterpriseSnapshot['people']>[number];

/**
 * The people of a profile as subscribers see them: role and ref only, never a name. Owners that
 * are enterprises have no ref; a profile stored before refs existed has none either.
 */
export function peopleOf(p: Enterprise): Person[] {
  const ref = (x: StoredPerson | undefined) => (typeof x?.personRef === 'string' ? x.personRef : undefined);
  const people: Person[] = [];
  const rep = ref(p.legalRepresentative);
  if (rep) people.push({ role: 'legal-representative', personRef: rep });
  for (const o of p.owners ?? []) {
    const r = ref(o);
    if (r) people.push({ role: 'owner', personRef: r });
  }
  return people;
}

// Sole-owner forms first: the company alternative is all optional and matches the empty string,
// so it must not be tried before them. Each word ends at a word boundary ("CPT" is not "CP" + "T").
const LEGAL_FORM_WORDS =
  /^(?:doanh nghiep tu nhan|ho kinh doanh|dntn|hkd)\b|^(?:chi nhanh )?(?:cong ty )?(?:(?:tnhh|trach nhiem huu han|co phan|cp|hop danh)\b)?(?: (?:mot|hai) thanh vien(?: tro len)?\b)?/;

/**
 * A name key for prefix search: lower case, no diacritics (đ → d), legal-form words
 * ("Công ty TNHH", "Hộ kinh doanh", …) dropped, so "co khi" (or "Cơ khí") finds
 * "Công ty TNHH Cơ khí Chính xác Thăng Long" by the start of its distinctive name.
 */
export function searchName(name: string): string {
  const plain = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const distinctive = plain.replace(LEGAL_FORM_WORDS, '').trim();
  return distinctive || plain;
}
