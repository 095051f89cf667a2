/**
 * Shared fixtures for intake's unit tests: a fixed clock, deterministic ids, actors, a programme
 * input, an enterprise, and file bytes of each accepted kind.
 */
import { newEnvelope, type Envelope } from '../../../../shared/contracts/envelope.ts';
import type { EnterpriseSnapshot } from '../../../../shared/contracts/enterprise.ts';
import type { ScoredData } from '../../../../services/intake/app/events.ts';
import type { Actor, EnterpriseRecord, IntakeDeps } from '../../../../services/intake/app/ports.ts';
import { FakeEnterpriseLinks } from '../../support/enterprise-links.ts';
import { programmeInput, type ProgrammeInput } from '../../../../services/intake/domain/programme.ts';
import { FakeDocumentStore, FakeIntakeRepository } from './fakes.ts';

/** 01:30 on 11 March 2026 in Hanoi, still 10 March in UTC: a Hanoi day differs from the UTC one. */
export const NOW = new Date('2026-03-10T18:30:00Z');
export const TODAY_HANOI = '2026-03-11';

export const TAX_CODE = '0101234567';
export const OTHER_TAX_CODE = '0109876543';
/** Phường Ba Đình, and Phường Hoàn Kiếm. */
export const COMMUNE = '00004';
export const OTHER_COMMUNE = '00070';

export const SCT = 'so-cong-thuong';
export const KHCN = 'so-khcn';

export const officer: Actor = { sub: 'officer-sct', agency: SCT, roles: ['officer'] };
export const otherAgencyOfficer: Actor = { sub: 'officer-khcn', agency: KHCN, roles: ['officer'] };
/** Second officers of the same agencies: four eyes — who created or submitted an application does not decide it. */
export const decider: Actor = { sub: 'officer-sct-2', agency: SCT, roles: ['officer'] };
export const otherAgencyDecider: Actor = { sub: 'officer-khcn-2', agency: KHCN, roles: ['officer'] };
export const communeCommittee: Actor = { sub: 'ubnd-ba-dinh', agency: 'ubnd-ba-dinh', roles: ['officer'], commune: COMMUNE };
export const otherCommuneCommittee: Actor = { sub: 'ubnd-hoan-kiem', agency: 'ubnd-hoan-kiem', roles: ['officer'], commune: OTHER_COMMUNE };

/** Ids shaped like the UUIDs the service uses (idsOfIncomingKey expects them), in sequence. */
export function sequentialIds(prefix = '00000000-0000-4000-8000-'): () => string {
  let n = 0;
  return () => `${prefix}${String(++n).padStart(12, '0')}`;
}

/** A programme input as the route would have parsed it (defaults applied). */
export function programme(overrides: Partial<Record<keyof ProgrammeInput, unknown>> = {}): ProgrammeInput {
  return programmeInput.parse({
    code: 'CNHT-2026',
    name: 'Supporting-industry development programme 2026',
    category: 'supporting-industry',
    ownerAgency: SCT,
    opensOn: '2026-01-01',
    closesOn: '2026-12-31',
    budgetVnd: 1_000_000_000,
    processingDays: 30,
    requiredDocuments: [],
    eligibility: { requireActive: true },
    rubric: { id: 'cnht-general', version: 1 },
    questions: [
      { id: 'labourProductivityGrowthPct', label: 'Labour productivity improvement', type: 'percent', required: true },
      { id: 'qualitySystem', label: 'Quality management system', type: 'choice', required: false, options: ['none', 'ISO 9001'] },
    ],
    annualTargets: [{ target: 'direct-capacity-support', count: 10 }],
    supportContents: ['cnht/technology'],
    maxAmountVnd: 500_000_000,
    ...overrides,
  });
}

export function enterprise(overrides: Partial<EnterpriseRecord> = {}): EnterpriseRecord {
  return {
    taxCode: TAX_CODE,
    name: 'Công ty TNHH Cơ khí Ba Đình',
    legalForm: 'llc',
    communeCode: COMMUNE,
    status: 'active',
    foundedOn: '2020-05-15',
    vsic: { version: '2018', main: '2592', others: ['4651'] },
    employees: 45,
    revenueVnd: 30_000_000_000,
    totalCapitalVnd: 12_000_000_000,
    sizeClass: { class: 'small', sectorGroup: 'industry-construction' },
    revision: 3,
    updatedAt: '2026-02-01T00:00:00.000Z',
    ...overrides,
  };
}

export const contact = { name: 'Nguyễn Văn An', phone: '0912345678', email: 'an@cokhibadinh.vn' };

export function setup(start: Date = NOW) {
  const repo = new FakeIntakeRepository();
  const documents = new FakeDocumentStore();
  let now = start;
  const links = new FakeEnterpriseLinks(TAX_CODE, OTHER_TAX_CODE);
  const deps: IntakeDeps = { repo, documents, links, now: () => now, newId: sequentialIds() };
  return {
    repo,
    documents,
    links,
    deps,
    setNow(at: Date | string) {
      now = typeof at === 'string' ? new Date(at) : at;
    },
  };
}

export function scoredEvent(applicationId: string, overrides: Partial<ScoredData> = {}, id = 'msg-scored-1'): Envelope<ScoredData> {
  return newEnvelope({
    id,
    type: 'application.scored',
    source: 'scoring',
    occurredAt: NOW,
    data: {
      applicationId,
      rubric: { id: 'cnht-general', version: 1 },
      totalPoints: 72,
      maxPoints: 100,
      scoredAt: NOW.toISOString(),
      ...overrides,
    },
  });
}

/** A registry event about the enterprise at `revision` (event id as the registry makes it). */
export function enterpriseEvent(
  revision: number,
  overrides: Partial<EnterpriseSnapshot> = {},
  type = 'enterprise.changed',
): Envelope<EnterpriseSnapshot> {
  const e = enterprise();
  const data: EnterpriseSnapshot = {
    taxCode: e.taxCode,
    revision,
    name: e.name,
    legalForm: e.legalForm,
    communeCode: e.communeCode,
    vsic: e.vsic,
    status: 'active',
    foundedOn: e.foundedOn,
    employees: e.employees,
    revenueVnd: e.revenueVnd,
    totalCapitalVnd: e.totalCapitalVnd,
    sizeClass: { class: 'small', sectorGroup: 'industry-construction' },
    cause: 'enterprise.amended',
    changed: [],
    occurredAt: '2026-03-09T08:00:00.000Z',
    ...overrides,
  };
  return newEnvelope({ id: `enterprise:${data.taxCode}:${revision}`, type, source: 'registry', occurredAt: NOW, data });
}

/** Files of each accepted kind: the right leading bytes, then filler. */
export const FILES = {
  pdf: Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.alloc(200, 0x20), Buffer.from('\n%%EOF\n', 'latin1')]),
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 2)]),
  zip: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 3)]),
};
