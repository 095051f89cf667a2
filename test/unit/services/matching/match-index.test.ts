import { describe, expect, it } from 'vitest';
import { MatchIndex, NeedIndex, rankByScan } from '../../../../services/matching/domain/match-index.ts';
import { rng, syntheticNeed, syntheticSupplier } from '../../../../local/data/synthetic-suppliers.ts';
import { ALL_SCORES, NO_SCORES, type ScoreView } from '../../../../services/matching/domain/supplier.ts';
import { need, supplier } from './fixtures.ts';

const opts = { limit: 20, nearMissLimit: 10 };
const summary = (rs: { taxCode: string; score: number }[]) => rs.map((r) => `${r.taxCode}:${r.score}`);

describe('the match index', () => {
  it('ranks exactly as the brute-force scan, matches and near-misses, on a generated network', () => {
    const r = rng(7);
    const suppliers = Array.from({ length: 2000 }, (_, i) => syntheticSupplier(i, r));
    const index = new MatchIndex();
    for (const s of suppliers) index.apply(s, 1);
    for (let i = 0; i < 60; i++) {
      const n = { ...syntheticNeed(`need-${i}`, r), buyerId: 'b', buyerName: 'B' };
      const fast = index.rank(n, opts);
      const scan = rankByScan(suppliers, n, opts);
      expect(summary(fast.matches)).toEqual(summary(scan.matches));
      expect(summary(fast.nearMisses)).toEqual(summary(scan.nearMisses));
      expect(fast.candidates).toBe(scan.candidates);
      expect(fast.matches).toEqual(scan.matches);
    }
  }, 60_000);

  it('ranks exactly as the scan with short lists, where most candidates are left unscored by their bound', () => {
    const r = rng(11);
    const suppliers = Array.from({ length: 1500 }, (_, i) => syntheticSupplier(i, r));
    const index = new MatchIndex();
    for (const s of suppliers) index.apply(s, 1);
    for (const short of [
      { limit: 1, nearMissLimit: 1 },
      { limit: 3, nearMissLimit: 0 },
      { limit: 0, nearMissLimit: 2 },
    ]) {
      for (let i = 0; i < 30; i++) {
        const n = { ...syntheticNeed(`need-${i}`, r), buyerId: 'b', buyerName: 'B' };
        const fast = index.rank(n, short);
        const scan = rankByScan(suppliers, n, short);
        expect(summary(fast.matches)).toEqual(summary(scan.matches));
        expect(summary(fast.nearMisses)).toEqual(summary(scan.nearMisses));
        expect(fast.candidates).toBe(scan.candidates);
      }
    }
  }, 60_000);

  it('ranks exactly as the scan for every caller, with the scores each may see: all, none, one agency, several', () => {
    const r = rng(13);
    const at = (d: number) => `2026-0${1 + (d % 9)}-01T00:00:00.000Z`;
    const suppliers = Array.from({ length: 1500 }, (_, i) => {
      const s = syntheticSupplier(i, r);
      // Beside the synthetic scores: a second agency's (newer or older), and some of no known agency.
      const extra = [
        ...(i % 5 === 0
          ? [{ ratio: (i % 97) / 97, totalPoints: 1, maxPoints: 100, rubric: 'generic v1', scoredAt: at(i), agency: 'so-xay-dung' }]
          : []),
        ...(i % 11 === 0 ? [{ ratio: (i % 89) / 89, totalPoints: 1, maxPoints: 100, rubric: 'cnht v1', scoredAt: at(i + 3) }] : []),
      ];
      return { ...s, scores: [...s.scores, ...extra] };
    });
    const index = new MatchIndex();
    // Listed in two passes, so agency columns are created after slots exist and grown after.
    for (const s of suppliers.slice(0, 700)) index.apply({ ...s, scores: [] }, 1);
    for (const s of suppliers) index.apply(s, 2);
    const views: ScoreView[] = [
      ALL_SCORES,
      NO_SCORES,
      { all: false, reads: (a) => a === 'so-khcn' },
      { all: false, reads: (a) => a === 'so-khcn' || a === 'so-xay-dung' },
      { all: false, reads: (a) => a === 'so-nobody' },
    ];
    let differ = 0;
    for (let i = 0; i < 25; i++) {
      const n = { ...syntheticNeed(`need-${i}`, r), buyerId: 'b', buyerName: 'B' };
      const seen = views.map((scores) => {
        const fast = index.rank(n, { ...opts, scores });
        const scan = rankByScan(suppliers, n, { ...opts, scores });
        expect(fast.matches).toEqual(scan.matches);
        expect(fast.nearMisses).toEqual(scan.nearMisses);
        return summary(fast.matches).join();
      });
      // Who sees no score ranks as if none existed.
      const unscored = suppliers.map((s) => ({ ...s, scores: [] }));
      expect(seen[1]).toBe(summary(rankByScan(unscored, n, { ...opts, scores: ALL_SCORES }).matches).join());
      expect(seen[4]).toBe(seen[1]);
      if (new Set(seen).size > 1) differ++;
    }
    // The views do change orders (else this test would prove nothing).
    expect(differ).toBeGreaterThan(0);
  }, 60_000);

  it('drops a supplier once the registry says it is dissolved, and takes it back when active again', () => {
    const index = new MatchIndex();
    index.apply(supplier(), 1);
    expect(index.rank(need(), opts).matches).toHaveLength(1);
    index.apply(supplier({ registry: { ...supplier().registry, status: 'dissolved', revision: 2 } }), 2);
    expect(index.rank(need(), opts).matches).toHaveLength(0);
    expect(index.size).toBe(0);
    index.apply(supplier({ registry: { ...supplier().registry, revision: 3 } }), 3);
    expect(index.rank(need(), opts).matches).toHaveLength(1);
  });

  it('ignores an older or repeated version of a supplier', () => {
    const index = new MatchIndex();
    index.apply(supplier({ processes: ['forging'] }), 5);
    expect(index.apply(supplier({ processes: ['cnc-machining'] }), 4)).toBe(false);
    expect(index.apply(supplier({ processes: ['cnc-machining'] }), 5)).toBe(false);
    expect(index.rank(need(), opts).matches).toHaveLength(0);
  });

  it('re-lists a supplier under its new processes when its profile changes', () => {
    const index = new MatchIndex();
    index.apply(supplier({ processes: ['forging'] }), 1);
    index.apply(supplier({ processes: ['cnc-machining'] }), 2);
    expect(index.rank(need({ processes: ['forging'] }), opts).candidates).toBe(0);
    expect(index.rank(need(), opts).candidates).toBe(1);
  });

  it('lists near-misses apart from matches, ranked by what they would score', () => {
    const index = new MatchIndex();
    index.apply(supplier({ taxCode: '0100000001', monthlyCapacity: 1_000 }), 1);
    index.apply(supplier({ taxCode: '0100000002', certifications: [{ standard: 'IATF 16949', validUntil: '2027-01-01' }] }), 1);
    const r = index.rank(need({ certifications: ['IATF 16949'], volumePerMonth: 10_000 }), opts);
    expect(r.matches).toHaveLength(0);
    expect(r.nearMisses.map((n) => n.taxCode)).toEqual(['0100000002', '0100000001']);
    expect(r.nearMisses[0]!.lacking[0]!.what).toContain('expires on 2027-01-01');
  });
});

describe('the need index (opportunities)', () => {
  it('ranks the open needs a supplier fits and leaves out closed ones and ones it covers nothing of', () => {
    const needs = new NeedIndex();
    needs.apply(need({ id: 'a', processes: ['cnc-machining'], volumePerMonth: 50_000 }), 1);
    needs.apply(need({ id: 'b', processes: ['cnc-machining'] }), 1);
    needs.apply(need({ id: 'c', processes: ['cnc-machining'], deadline: '2026-01-01' }), 1);
    needs.apply(need({ id: 'd', processes: ['forging'] }), 1);
    needs.apply(need({ id: 'e', processes: ['cnc-machining'], certifications: ['IATF 16949'] }), 1);
    const r = needs.opportunities(supplier(), '2026-11-30', opts);
    expect(r.matches.map((m) => m.needId)).toEqual(['b', 'a']);
    expect(r.nearMisses.map((m) => m.needId)).toEqual(['e']);
    expect(r.nearMisses[0]!.programmes[0]!.category).toBe('productivity-quality');
  });
});
