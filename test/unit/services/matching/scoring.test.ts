import { describe, expect, it } from 'vitest';
import {
  capabilityPoints,
  capacityPoints,
  historyPoints,
  MAX_POINTS,
  QUALITY_NOT_AVAILABLE,
  QUALITY_NOT_AVAILABLE_TEXT,
  qualityPoints,
  scorePair,
  tierPoints,
  type FactorId,
  type PairScore,
} from '../../../../services/matching/domain/scoring.ts';
import { ALL_SCORES, NO_SCORES, type ScoreView } from '../../../../services/matching/domain/supplier.ts';
import { need, supplier } from './fixtures.ts';

const factor = (r: PairScore, id: FactorId) => r.factors.find((f) => f.factor === id)!;

describe('the factors', () => {
  it('gives at most 100 points in all', () => {
    expect(Object.values(MAX_POINTS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('scores capability coverage in proportion and names what is missing', () => {
    expect(capabilityPoints(2, 3)).toBe(23.3);
    const r = scorePair(
      supplier({ processes: ['cnc-machining', 'heat-treatment'] }),
      need({ processes: ['cnc-machining', 'heat-treatment', 'plating'] }),
    );
    expect(factor(r, 'capability')).toMatchObject({ points: 23.3, reason: expect.stringContaining('lacks Plating') });
    expect(r.eligible).toBe(true);
  });

  it('lets a narrower process cover its parent (anodising covers surface treatment), not the reverse', () => {
    const covered = scorePair(supplier({ processes: ['anodising'] }), need({ processes: ['surface-treatment'] }));
    expect(factor(covered, 'capability').points).toBe(35);
    const notCovered = scorePair(supplier({ processes: ['surface-treatment'] }), need({ processes: ['anodising'] }));
    expect(notCovered.candidate).toBe(false);
  });

  it('gives full certification points when every required certificate is valid at the deadline', () => {
    const r = scorePair(
      supplier({ certifications: [{ standard: 'IATF 16949', validUntil: '2027-03-31' }] }),
      need({ certifications: ['IATF 16949'] }),
    );
    expect(r.eligible).toBe(true);
    expect(factor(r, 'certifications')).toMatchObject({ points: 15, reason: expect.stringContaining('IATF 16949 (until 2027-03-31)') });
  });

  it('without required certificates, rewards a quality system valid at the deadline over none', () => {
    expect(factor(scorePair(supplier(), need()), 'certifications').points).toBe(15);
    const lapsed = scorePair(supplier({ certifications: [{ standard: 'ISO 9001', validUntil: '2027-01-01' }] }), need());
    expect(factor(lapsed, 'certifications')).toMatchObject({
      points: 5,
      reason: expect.stringContaining('holds no quality-management certificate'),
    });
  });

  it('scores capacity against the monthly volume, neutral-low when undeclared', () => {
    expect(capacityPoints(undefined, undefined)).toBe(15);
    expect(capacityPoints(10_000, 4_000)).toBe(6);
    expect(capacityPoints(10_000, 20_000)).toBe(15);
    expect(capacityPoints(10_000, undefined)).toBe(5);
    const r = scorePair(supplier({ monthlyCapacity: 4_000 }), need({ volumePerMonth: 10_000 }));
    expect(factor(r, 'capacity').reason).toBe('can make 4000 a month, 40 % of the 10000 needed');
  });

  it('scores distance by the proxy and says it is a proxy', () => {
    const sameCommune = scorePair(supplier(), need({ communes: ['00004'] }));
    expect(factor(sameCommune, 'distance')).toMatchObject({ points: 10, reason: expect.stringContaining('proxy for distance') });
    const samePark = scorePair(supplier({ siteCommune: '08974', park: 'quang-minh' }), need({ parks: ['quang-minh'] }));
    expect(factor(samePark, 'distance').reason).toContain('same industrial park');
    const across = scorePair(supplier(), need({ communes: ['10441'] }));
    expect(factor(across, 'distance').points).toBe(0);
    const noPreference = scorePair(supplier(), need());
    expect(factor(noPreference, 'distance')).toMatchObject({ points: 10, reason: expect.stringContaining('no location preference') });
  });

  it("falls back to the buyer's own site when the need names no place", () => {
    const r = scorePair(supplier({ siteCommune: '00454' }), need({ buyerSite: { communeCode: '00493', park: 'thang-long' } }));
    expect(factor(r, 'distance')).toMatchObject({ points: 7, reason: expect.stringContaining('Đông Anh') });
  });

  it('scores tier fit: same tier best, a step up next, far below least', () => {
    expect(tierPoints(1, 1)).toBe(10);
    expect(tierPoints(2, 1)).toBe(8);
    expect(tierPoints(1, 2)).toBe(6);
    expect(tierPoints(1, 3)).toBe(2);
    expect(tierPoints(1, undefined)).toBe(4);
    // An FDI buyer wants tier 1 unless the need says otherwise; a tier-1 buyer wants tier 2.
    expect(factor(scorePair(supplier({ tier: 2 }), need({ buyerKind: 'tier1' })), 'tier').points).toBe(10);
    expect(factor(scorePair(supplier({ tier: 2 }), need({ buyerKind: 'fdi', tier: 2 })), 'tier').points).toBe(10);
  });

  it('scores quality from the latest scored application the caller may see, neutral without one', () => {
    expect(qualityPoints(undefined)).toBe(5);
    expect(qualityPoints(0.72)).toBe(7.2);
    const scored = supplier({
      scores: [
        { ratio: 0.8, totalPoints: 80, maxPoints: 100, rubric: 'cnht v1', scoredAt: '2026-05-02T00:00:00Z', agency: 'so-cong-thuong' },
        { ratio: 0.3, totalPoints: 30, maxPoints: 100, rubric: 'generic v1', scoredAt: '2026-04-01T00:00:00Z', agency: 'so-khcn' },
      ],
    });
    // Who reads every score: the latest of all.
    expect(factor(scorePair(scored, need(), ALL_SCORES), 'quality')).toEqual({
      factor: 'quality',
      points: 8,
      maxPoints: 10,
      reason: 'latest scored application: 80 of 100 points (rubric cnht v1, 2026-05-02)',
      reasonText: {
        vi: 'hồ sơ được chấm điểm gần nhất: 80/100 điểm (bộ tiêu chí cnht v1, 02/05/2026)',
        en: 'latest scored application: 80 of 100 points (rubric cnht v1, 2026-05-02)',
      },
    });
    // An agency: its own programmes' score only, though another agency's is newer.
    const khcn: ScoreView = { all: false, reads: (a) => a === 'so-khcn' };
    expect(factor(scorePair(scored, need(), khcn), 'quality')).toMatchObject({
      points: 3,
      reason: 'latest scored application you may see: 30 of 100 points (rubric generic v1, 2026-04-01)',
    });
    expect(factor(scorePair(supplier(), need(), ALL_SCORES), 'quality')).toMatchObject({
      points: 5,
      reason: 'no scored application on record (neutral)',
    });
  });

  it('tells a caller who may not read the score nothing: the same neutral points and words as a supplier never scored', () => {
    const scored = supplier({
      scores: [
        { ratio: 0.9, totalPoints: 90, maxPoints: 100, rubric: 'cnht v1', scoredAt: '2026-05-02T00:00:00Z', agency: 'so-cong-thuong' },
      ],
    });
    const other: ScoreView = { all: false, reads: (a) => a === 'so-khcn' };
    for (const view of [NO_SCORES, other]) {
      const seen = scorePair(scored, need(), view);
      expect(factor(seen, 'quality')).toEqual({
        factor: 'quality',
        points: 5,
        maxPoints: 10,
        reason: QUALITY_NOT_AVAILABLE,
        reasonText: QUALITY_NOT_AVAILABLE_TEXT,
      });
      expect(seen).toEqual({ ...scorePair(supplier(), need(), view), taxCode: scored.taxCode });
    }
    // A score of an agency matching never learnt (recorded before it kept agencies): only who reads every score.
    const legacy = supplier({
      scores: [{ ratio: 0.9, totalPoints: 90, maxPoints: 100, rubric: 'cnht v1', scoredAt: '2026-05-02T00:00:00Z' }],
    });
    expect(factor(scorePair(legacy, need(), other), 'quality').reason).toBe(QUALITY_NOT_AVAILABLE);
    expect(factor(scorePair(legacy, need(), ALL_SCORES), 'quality').points).toBe(9);
    // No caller named: nothing shown.
    expect(factor(scorePair(scored, need()), 'quality').reason).toBe(QUALITY_NOT_AVAILABLE);
  });

  it('scores past funnel outcomes, neutral without any', () => {
    expect(historyPoints(0, 0)).toBe(2.5);
    expect(historyPoints(3, 1)).toBe(3.8);
    expect(factor(scorePair(supplier({ outcomes: { contracted: 2, declined: 2 } }), need()), 'history').reason).toBe(
      'past matches: 2 contracted, 2 declined',
    );
  });

  it('adds the factors up to the score', () => {
    const r = scorePair(supplier(), need());
    expect(r.score).toBe(Math.round(r.factors.reduce((s, f) => s + f.points, 0) * 10) / 10);
    expect(r.factors.map((f) => f.factor)).toEqual(['capability', 'certifications', 'capacity', 'distance', 'tier', 'quality', 'history']);
  });
});

describe('the hard constraints', () => {
  it('excludes a supplier without a required certificate and points to productivity & quality programmes', () => {
    const r = scorePair(supplier(), need({ certifications: ['IATF 16949'] }));
    expect(r).toMatchObject({ candidate: true, eligible: false });
    expect(r.lacking.map((l) => l.what)).toEqual(['no IATF 16949 certificate']);
    expect(r.programmes).toEqual([{ category: 'productivity-quality', link: '/programmes?category=productivity-quality' }]);
  });

  it('excludes a supplier whose certificate expires before the deadline, and says so', () => {
    const r = scorePair(
      supplier({ certifications: [{ standard: 'ISO 9001', validUntil: '2027-03-30' }] }),
      need({ certifications: ['ISO 9001'] }),
    );
    expect(r.eligible).toBe(false);
    expect(r.lacking[0]!.what).toBe('ISO 9001 expires on 2027-03-30, before the deadline 2027-03-31');
    expect(r.factors.find((f) => f.factor === 'certifications')).toMatchObject({
      points: 0,
      reason: expect.stringContaining('hard constraint not met'),
    });
  });

  it('excludes a supplier that cannot hold the tolerance or make a part that large', () => {
    const r = scorePair(supplier({ toleranceMm: 0.05, maxPartSizeMm: 300 }), need({ toleranceMm: 0.01, partSizeMm: 500 }));
    expect(r.eligible).toBe(false);
    expect(r.lacking.map((l) => l.gap.kind)).toEqual(['tolerance', 'part-size']);
    expect(r.programmes.map((p) => p.category)).toEqual(['technology-innovation', 'credit-access']);
  });

  it('does not exclude on what the supplier has not declared', () => {
    expect(scorePair(supplier({ toleranceMm: undefined }), need({ toleranceMm: 0.01 })).eligible).toBe(true);
  });

  it('maps environmental declarations to green-economy programmes', () => {
    const r = scorePair(supplier(), need({ certifications: ['RoHS', 'ISO 14001'] }));
    expect(r.programmes.map((p) => p.category)).toEqual(['green-circular', 'productivity-quality']);
  });

  it('leaves out a supplier that covers none of the processes, or is no longer active', () => {
    expect(scorePair(supplier({ processes: ['forging'] }), need()).candidate).toBe(false);
    const dissolved = supplier({ registry: { ...supplier().registry, status: 'dissolved' } });
    expect(scorePair(dissolved, need()).candidate).toBe(false);
    const suspended = supplier({ registry: { ...supplier().registry, status: 'suspended' } });
    expect(scorePair(suspended, need()).candidate).toBe(false);
  });
});

describe('reasons in Vietnamese and English', () => {
  it('gives every factor and every gap its reason in both languages, the old fields being the English', () => {
    const pairs = [
      scorePair(supplier(), need()),
      scorePair(
        supplier({ certifications: [], toleranceMm: 0.5, maxPartSizeMm: 10 }),
        need({ certifications: ['IATF 16949'], toleranceMm: 0.01, partSizeMm: 500 }),
      ),
      scorePair(supplier({ monthlyCapacity: 10, tier: 3, outcomes: { contracted: 1, declined: 2 } }), need({ volumePerMonth: 1000 })),
    ];
    for (const r of pairs) {
      for (const f of r.factors) {
        expect(f.reasonText.en, f.factor).toBe(f.reason);
        expect(f.reasonText.vi, f.factor).not.toBe(f.reasonText.en);
      }
      for (const l of r.lacking) {
        expect(l.whatText.en).toBe(l.what);
        expect(l.whatText.vi).not.toBe(l.what);
      }
    }
    expect(pairs[1]!.lacking.length).toBeGreaterThanOrEqual(3);
  });

  it('names processes in Vietnamese in the Vietnamese reason', () => {
    const r = scorePair(supplier({ processes: ['cnc-machining'] }), need({ processes: ['cnc-machining', 'plating'] }));
    expect(factor(r, 'capability').reasonText).toEqual({
      vi: 'đáp ứng 1/2 công đoạn yêu cầu (Gia công CNC); thiếu Mạ',
      en: 'covers 1 of 2 required processes (CNC machining); lacks Plating',
    });
  });
});
