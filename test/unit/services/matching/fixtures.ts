/** Small factories for matching's unit tests. */
import type { NeedFacts } from '../../../../services/matching/domain/need.ts';
import type { SupplierFacts } from '../../../../services/matching/domain/supplier.ts';

export function supplier(o: Partial<SupplierFacts> & { taxCode?: string } = {}): SupplierFacts {
  return {
    taxCode: '0100233488',
    registry: { name: 'Cơ khí Thăng Long', status: 'active', communeCode: '00004', vsicMain: '2592', sizeClass: 'small', revision: 1 },
    processes: ['cnc-machining'],
    certifications: [{ standard: 'ISO 9001', validUntil: '2028-12-31' }],
    monthlyCapacity: 10_000,
    tier: 1,
    scores: [],
    outcomes: { contracted: 0, declined: 0 },
    ...o,
  };
}

export function need(o: Partial<NeedFacts> = {}): NeedFacts {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    buyerId: '22222222-2222-4222-8222-222222222222',
    buyerName: 'Canon Vietnam',
    buyerKind: 'fdi',
    title: 'Machined brackets',
    processes: ['cnc-machining'],
    certifications: [],
    communes: [],
    parks: [],
    deadline: '2027-03-31',
    ...o,
  };
}
