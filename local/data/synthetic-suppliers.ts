/**
 * A synthetic supplier network for tests and the benchmark: suppliers with a realistic spread of
 * processes (two to four, clustered by sector), certificates (most hold ISO 9001, few IATF 16949,
 * some lapsing), capacities, tiers and sites; needs from OEMs, FDI manufacturers and tier-1s.
 * Deterministic for a given seed.
 */
import { HANOI_COMMUNES } from '../../shared/reference/hanoi-communes.ts';
import { BUYER_KINDS, type NeedFacts } from '../../services/matching/domain/need.ts';
import { INDUSTRIAL_PARKS } from '../../services/matching/domain/places.ts';
import type { SupplierFacts, Tier } from '../../services/matching/domain/supplier.ts';
import { CERTIFICATIONS, PROCESS_IDS, type Certification } from '../../services/matching/domain/taxonomy.ts';

/** mulberry32: small, fast, good enough to spread synthetic data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLUSTERS: readonly (readonly string[])[] = [
  ['cnc-machining', 'heat-treatment', 'anodising', 'plating', 'mould-die-making'],
  ['stamping-deep-drawing', 'sheet-metal-welding', 'painting', 'powder-coating'],
  ['casting', 'forging', 'heat-treatment', 'cnc-machining'],
  ['plastic-injection', 'rubber-moulding', 'mould-die-making', 'painting'],
  ['pcb-fabrication', 'pcb-assembly', 'cable-harness', 'box-build-assembly'],
  ['packaging-printing', 'box-build-assembly'],
];

const pick = <T>(r: () => number, a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
const day = (r: () => number, from: string, spanDays: number) =>
  new Date(Date.parse(from) + Math.floor(r() * spanDays) * 86_400_000).toISOString().slice(0, 10);

function processes(r: () => number): string[] {
  const cluster = pick(r, CLUSTERS);
  const out = new Set<string>();
  const n = 2 + Math.floor(r() * 3);
  while (out.size < n) out.add(r() < 0.85 ? pick(r, cluster) : pick(r, PROCESS_IDS));
  return [...out];
}

/** Agencies whose programmes scored the synthetic suppliers. */
export const SCORING_AGENCIES = ['so-cong-thuong', 'so-khcn', 'so-nong-nghiep'] as const;

/** A valid-looking 10-digit code (synthetic: no check digit needed by matching). */
export const syntheticTaxCode = (i: number): string => `09${String(i).padStart(8, '0')}`;

export function syntheticSupplier(i: number, r: () => number): SupplierFacts {
  const certs: { standard: Certification; validUntil: string }[] = [];
  if (r() < 0.7) certs.push({ standard: 'ISO 9001', validUntil: day(r, '2026-06-01', 1100) });
  if (r() < 0.08) certs.push({ standard: 'IATF 16949', validUntil: day(r, '2026-06-01', 1100) });
  if (r() < 0.25) certs.push({ standard: 'ISO 14001', validUntil: day(r, '2026-06-01', 1100) });
  if (r() < 0.15) certs.push({ standard: pick(r, CERTIFICATIONS), validUntil: day(r, '2026-06-01', 1100) });
  const park = r() < 0.3 ? pick(r, INDUSTRIAL_PARKS) : undefined;
  const contracted = r() < 0.1 ? Math.floor(r() * 4) : 0;
  const declined = r() < 0.15 ? Math.floor(r() * 4) : 0;
  return {
    taxCode: syntheticTaxCode(i),
    registry: {
      name: `Synthetic supplier ${i}`,
      status: 'active',
      communeCode: pick(r, HANOI_COMMUNES).code,
      vsicMain: pick(r, ['2592', '2599', '2220', '2610', '2740', '2930', '1811']),
      sizeClass: pick(r, ['micro', 'small', 'small', 'medium']),
      revision: 1,
    },
    processes: processes(r),
    certifications: certs,
    monthlyCapacity: r() < 0.85 ? Math.round(500 + r() * 50_000) : undefined,
    maxPartSizeMm: r() < 0.6 ? Math.round(50 + r() * 1500) : undefined,
    toleranceMm: r() < 0.6 ? pick(r, [0.005, 0.01, 0.02, 0.05, 0.1, 0.2]) : undefined,
    tier: r() < 0.9 ? (pick(r, [1, 2, 2, 2, 3, 3]) as Tier) : undefined,
    siteCommune: park?.communeCode,
    park: park?.id,
    exportExperience: r() < 0.3,
    // A third of suppliers scored, in one of three agencies' programmes (by index: the random
    // sequence, and so every other field, stays that of the seed).
    scores:
      r() < 0.3
        ? [
            {
              ratio: Math.round(r() * 100) / 100,
              totalPoints: 0,
              maxPoints: 100,
              rubric: 'cnht v1',
              scoredAt: '2026-05-01T00:00:00.000Z',
              agency: SCORING_AGENCIES[i % SCORING_AGENCIES.length]!,
            },
          ]
        : [],
    outcomes: { contracted, declined },
  };
}

export function syntheticNeed(id: string, r: () => number): Omit<NeedFacts, 'buyerId' | 'buyerName'> {
  const cluster = pick(r, CLUSTERS);
  const procs = new Set<string>();
  const n = Math.min(cluster.length, 1 + Math.floor(r() * 3));
  while (procs.size < n) procs.add(pick(r, cluster));
  const certs = new Set<Certification>();
  if (r() < 0.5) certs.add('ISO 9001');
  if (r() < 0.1) certs.add('IATF 16949');
  if (r() < 0.1) certs.add('ISO 14001');
  return {
    id,
    buyerKind: pick(r, BUYER_KINDS),
    title: `Synthetic need ${id}`,
    processes: [...procs],
    certifications: [...certs],
    volumePerMonth: r() < 0.8 ? Math.round(1000 + r() * 40_000) : undefined,
    toleranceMm: r() < 0.3 ? pick(r, [0.01, 0.02, 0.05, 0.1]) : undefined,
    partSizeMm: r() < 0.3 ? Math.round(50 + r() * 800) : undefined,
    communes: r() < 0.4 ? [pick(r, HANOI_COMMUNES).code] : [],
    parks: r() < 0.3 ? [pick(r, INDUSTRIAL_PARKS).id] : [],
    tier: r() < 0.3 ? (pick(r, [1, 2, 3]) as Tier) : undefined,
    deadline: day(r, '2027-01-01', 365),
  };
}
