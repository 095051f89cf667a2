import { describe, expect, it } from 'vitest';
import { openDataJson } from '../../../../services/reporting/adapters/outbound/render/open-data.ts';
import { openDataTable } from '../../../../services/reporting/app/report-data.ts';
import { anonymise, type OpenDataCell, type OpenDataTable } from '../../../../services/reporting/domain/open-data.ts';
import { givenAway, protectionIntervals } from './disclosure.ts';
import { FakeAggregateStore } from './fakes.ts';

const MEASURES = ['newEnterprises', 'householdConversions', 'supportedSmes'];
const cell = (commune: string, section: string, n: number): OpenDataCell => ({ commune, section, values: { newEnterprises: n } });
const stateOf = (t: OpenDataTable) => Object.fromEntries(t.cells.map((c) => [`${c.commune}/${c.section}`, c.reason ?? 'shown']));

/** A small deterministic generator (mulberry32), so a failing table can be reproduced from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A quarter's table as the counters give it: sparse, many small counts, conversions rare. */
function randomTable(seed: number, maxCommunes: number, maxSections: number): OpenDataCell[] {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const communes = Array.from({ length: int(1, maxCommunes) }, (_, i) => String(10_000 + i * 7).padStart(5, '0'));
  const sections = 'ABCFGHJKLMN'.slice(0, int(1, maxSections)).split('');
  const cells: OpenDataCell[] = [];
  for (const commune of communes) {
    for (const section of sections) {
      if (r() < 0.35) continue;
      const small = () => (r() < 0.5 ? int(0, 4) : int(5, 40));
      const newEnterprises = small();
      const values = {
        newEnterprises,
        householdConversions: r() < 0.6 ? 0 : int(0, newEnterprises),
        supportedSmes: r() < 0.4 ? 0 : small(),
      };
      if (Object.values(values).some((v) => v > 0)) cells.push({ commune, section, values });
    }
  }
  return cells;
}

describe('anonymise', () => {
  it('publishes cells of at least five enterprises and withholds smaller ones', () => {
    const t = anonymise([cell('00004', 'C', 12), cell('00004', 'G', 9), cell('00008', 'C', 7), cell('00008', 'G', 30)], ['newEnterprises']);
    expect(t.cells.every((c) => !c.suppressed)).toBe(true);
    expect(t.cells.find((c) => c.commune === '00004' && c.section === 'C')!.values).toEqual({ newEnterprises: 12 });
    expect(t.total).toEqual({ key: '*', suppressed: false, values: { newEnterprises: 58 } });
  });

  it('withholds a rectangle of cells around a small one, so its commune and section totals cannot give it away', () => {
    const t = anonymise(
      [cell('00004', 'C', 2), cell('00004', 'G', 9), cell('00004', 'J', 20), cell('00008', 'C', 7), cell('00008', 'G', 30)],
      ['newEnterprises'],
    );
    // 00004/C is small; the cheapest rectangle through it is 00004/G, 00008/G and 00008/C (cells
    // only: a published total is worth more than a cell). Every total stays published.
    expect(stateOf(t)).toEqual({
      '00004/C': 'below-threshold',
      '00004/G': 'complementary',
      '00004/J': 'shown',
      '00008/C': 'complementary',
      '00008/G': 'complementary',
    });
    expect(t.cells.find((c) => c.commune === '00004' && c.section === 'C')!.values.newEnterprises).toBeNull();
    expect([...t.byCommune, ...t.bySection, t.total].every((x) => !x.suppressed)).toBe(true);
  });

  it('withholds a total that describes fewer than five enterprises', () => {
    const t = anonymise([cell('00004', 'C', 1), cell('00004', 'G', 2)], ['newEnterprises']);
    expect(t.byCommune).toEqual([{ key: '00004', suppressed: true, reason: 'below-threshold', values: { newEnterprises: null } }]);
  });

  it('withholds the totals of a small cell alone in its commune, since its commune total would be the cell itself', () => {
    const t = anonymise(
      [cell('00004', 'C', 3), cell('00008', 'C', 40), cell('00008', 'G', 25), cell('00025', 'G', 30)],
      ['newEnterprises'],
    );
    expect(stateOf(t)['00004/C']).toBe('below-threshold');
    expect(t.byCommune.find((x) => x.key === '00004')!.suppressed).toBe(true);
  });

  it('publishes nothing a reader can subtract a withheld figure back out of: the old rule’s leaks', async () => {
    // A complementary cell alone in its section (J) gave its value away as the section's total,
    // and the small cell beside it followed by subtraction from its commune's total.
    const lonely = [cell('00004', 'C', 2), cell('00004', 'J', 6), cell('00008', 'C', 7), cell('00008', 'G', 30)];
    // Two hidden rectangles joined by one hidden cell (a bridge): every line had two hidden cells,
    // but the bridge is the difference of two lines' sums.
    const bridged = [
      ...['00004', '00008'].flatMap((r) => ['A', 'C'].map((s) => cell(r, s, r === '00004' && s === 'A' ? 1 : 9))),
      ...['00025', '00070'].flatMap((r) => ['F', 'G'].map((s) => cell(r, s, r === '00025' && s === 'F' ? 2 : 8))),
      cell('00008', 'F', 6),
      cell('00004', 'M', 50),
      cell('00070', 'M', 50),
    ];
    for (const input of [lonely, bridged]) {
      const t = anonymise(input, ['newEnterprises']);
      expect(givenAway(await protectionIntervals(input, t))).toEqual([]);
    }
  });

  it('lets no withheld figure be worked out from the published ones, in random tables of three measures', async () => {
    let audited = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const input = randomTable(seed, seed % 3 === 0 ? 9 : 5, seed % 3 === 0 ? 7 : 4);
      const t = anonymise(input, MEASURES);
      const intervals = await protectionIntervals(input, t);
      audited += intervals.length;
      // Each interval holds the truth, and is more than one value.
      for (const i of intervals) expect(i.min <= i.truth + 1e-6 && i.truth <= i.max + 1e-6, `seed ${seed} ${i.entry}`).toBe(true);
      expect(givenAway(intervals), `seed ${seed}`).toEqual([]);
      // Everything published is as counted; every figure below the threshold is withheld.
      for (const c of t.cells.filter((x) => !x.suppressed)) {
        const truth = input.find((x) => x.commune === c.commune && x.section === c.section)!;
        for (const m of MEASURES) {
          expect(c.values[m]).toBe(truth.values[m] ?? 0);
          expect(c.values[m] === 0 || c.values[m]! >= 5).toBe(true);
        }
      }
    }
    expect(audited).toBeGreaterThan(1_000);
  }, 60_000);
});

describe("the quarter's open-data table", () => {
  it('names only Hanoi communes: a counter keyed by an unknown commune code is left out', async () => {
    const store = new FakeAggregateStore();
    store.rows.set('2026|quarter-cell|Q2#00004#C', { value: 'Q2#00004#C', measures: { newEnterprises: 7 } });
    store.rows.set('2026|quarter-cell|Q2#9999#C', { value: 'Q2#9999#C', measures: { newEnterprises: 7 } });

    const table = await openDataTable(store, 2026, 2);

    expect(table.cells.map((c) => c.commune)).toEqual(['00004']);
  });

  it('publishes the city total and no reason for a withheld cell', () => {
    const t = anonymise([cell('00004', 'C', 2), cell('00004', 'G', 9), cell('00008', 'C', 7), cell('00008', 'G', 30)], MEASURES);
    const doc = openDataJson(t, { year: 2026, quarter: 2, generatedAt: '2026-07-01T00:00:00.000Z' });
    expect(doc.cells.every((c) => !('reason' in c))).toBe(true);
    expect(doc.cells.filter((c) => c.suppressed)).toHaveLength(4);
    expect(doc.totals.all).toEqual({ suppressed: false, values: { newEnterprises: 48, householdConversions: 0, supportedSmes: 0 } });
  });
});
