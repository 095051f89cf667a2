/**
 * Small factories for registry unit tests: raw registry events as the feed sends them (api.md,
 * "Registry events"), the validated events and profiles built from them.
 */
import { checkRegistryEvent, type RegistryEvent } from '../../../../services/registry/domain/registry-event.ts';
import { profileFrom, type Enterprise } from '../../../../services/registry/domain/enterprise.ts';
import { personRefOf } from '../../../../services/registry/domain/person-ref.ts';

/** The clock every test runs at: 10:00 in Hanoi on 10 March 2026. */
export const NOW = new Date('2026-03-10T03:00:00.000Z');

/** Head-office codes with a valid check digit (domain.md §3 examples first). */
export const TAX_CODES = {
  thangLong: '0100233488',
  saigon: '0314409058',
  hanoiA: '0100100008',
  hanoiB: '0100100015',
  hanoiC: '0100100022',
} as const;

/** A 12-digit personal id, the tax code of a household business since 1 July 2025. */
export const PERSONAL_ID = '001085012345';

export const ID_HASH = 'ab'.repeat(32);

/** The person-ref key unit tests run with, and the refs it makes. */
export const TEST_PERSON_REF_KEY = 'unit-test-person-ref-key-0123456789';
export const testRefOf = personRefOf(TEST_PERSON_REF_KEY);

export interface RawEnterprise {
  name: string;
  legalForm: string;
  communeCode: string;
  vsic: { version: string; main: string; others: string[] };
  foundedOn: string;
  status: string;
  employees: number;
  revenueVnd: number;
  totalCapitalVnd: number;
  legalRepresentative: { name: string; personalIdHash?: string };
  owners: { name: string; personalIdHash?: string; taxCode: string | null; sharePct: number }[];
  householdTaxCode?: string;
}

export interface RawEvent {
  eventId: string;
  type: string;
  taxCode: string;
  revision: number;
  occurredAt: string;
  enterprise: RawEnterprise;
}

/** The api.md example event: a small precision-engineering LLC in Phường Ba Đình. */
export function rawEvent(top: Partial<Omit<RawEvent, 'enterprise'>> = {}, enterprise: Partial<RawEnterprise> = {}): RawEvent {
  return {
    eventId: 'reg-2026-000001',
    type: 'registered',
    taxCode: TAX_CODES.thangLong,
    revision: 1,
    occurredAt: '2026-03-02T08:00:00+07:00',
    ...top,
    enterprise: {
      name: 'Công ty TNHH Cơ khí Chính xác Thăng Long',
      legalForm: 'llc',
      communeCode: '00004',
      vsic: { version: '2018', main: '2592', others: ['2599'] },
      foundedOn: '2015-03-02',
      status: 'active',
      employees: 45,
      revenueVnd: 40_000_000_000,
      totalCapitalVnd: 15_000_000_000,
      legalRepresentative: { name: 'Nguyễn Văn A', personalIdHash: ID_HASH },
      owners: [{ name: 'Nguyễn Văn A', personalIdHash: ID_HASH, taxCode: null, sharePct: 60 }],
      ...enterprise,
    },
  };
}

/** A raw event run through the domain checks; fails the test if the fixture itself is invalid. */
export function validEvent(top: Partial<Omit<RawEvent, 'enterprise'>> = {}, enterprise: Partial<RawEnterprise> = {}): RegistryEvent {
  const check = checkRegistryEvent(rawEvent(top, enterprise), NOW);
  if (!check.ok) throw new Error(`fixture event is invalid: ${JSON.stringify(check.errors)}`);
  return check.event;
}

/** The profile a valid event produces once applied. */
export function profile(
  top: Partial<Omit<RawEvent, 'enterprise'>> = {},
  enterprise: Partial<RawEnterprise> = {},
  opts: { sourceId?: string; appliedAt?: Date } = {},
): Enterprise {
  const event = validEvent(top, enterprise);
  return profileFrom(event, opts.sourceId ?? event.eventId, opts.appliedAt ?? NOW, testRefOf);
}
