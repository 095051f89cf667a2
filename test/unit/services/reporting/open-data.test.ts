import { describe, expect, it } from 'vitest';
import { anonymise, type OpenDataCell } from '../../../../services/reporting/domain/open-data.ts';
import { openDataTable } from '../../../../services/reporting/app/report-data.ts';
import { FakeAggregateStore } from './fakes.ts';

const cell = (commune: string, section: string, n: number): OpenDataCell => ({
  commune,
  section,
  enterprises: n,
  values: { newEnterprises: n },
});

describe('anonymise', () => {
  it('publishes cells of at least five enterprises and withholds smaller ones', () => {
    const t = anonymise([cell('00004', 'C', 12), cell('00004', 'G', 9), cell('00008', 'C', 7), cell('00008', 'G', 30)], ['newEnterprises']);
    expect(t.cells.every((c) => !c.suppressed)).toBe(true);
    expect(t.cells.find((c) => c.commune === '00004' && c.section === 'C')!.values).toEqual({ newEnterprises: 12 });
  });

  it('withholds a second cell in each line so a total cannot give the small one away', () => {
    const t = anonymise(
      [cell('00004', 'C', 2), cell('00004', 'G', 9), cell('00004', 'J', 20), cell('00008', 'C', 7), cell('00008', 'G', 30)],
      ['newEnterprises'],
    );
    const state = Object.fromEntries(t.cells.map((c) => [`${c.commune}/${c.section}`, c.reason ?? 'shown']));
    // 00004/C is small; in its commune row the smallest other (G, 9) goes too; in its section
    // column the only other (00008/C) goes too; then 00008's row has one hidden, so its G goes.
    expect(state).toEqual({
      '00004/C': 'below-threshold',
      '00004/G': 'complementary',
      '00004/J': 'shown',
      '00008/C': 'complementary',
      '00008/G': 'complementary',
    });
    expect(t.cells.find((c) => c.commune === '00004' && c.section === 'C')!.values.newEnterprises).toBeNull();
  });

  it('leaves no row or column with exactly one withheld cell', () => {
    const cells: OpenDataCell[] = [];
    const communes = ['00004', '00008', '00025', '00070'];
    const sections = ['A', 'C', 'F', 'G', 'J'];
    communes.forEach((c, i) => sections.forEach((s, j) => cells.push(cell(c, s, ((i * 7 + j * 3) % 11) + 1))));
    const t = anonymise(cells, ['newEnterprises']);
    for (const line of [
      ...communes.map((c) => t.cells.filter((x) => x.commune === c)),
      ...sections.map((s) => t.cells.filter((x) => x.section === s)),
    ]) {
      expect(line.filter((x) => x.suppressed).length).not.toBe(1);
    }
  });

  it('withholds a total that describes fewer than five enterprises', () => {
    const t = anonymise([cell('00004', 'C', 1), cell('00004', 'G', 2)], ['newEnterprises']);
    expect(t.byCommune).toEqual([{ key: '00004', suppressed: true, values: { newEnterprises: null } }]);
  });
});

describe("the quarter's open-data table", () => {
  it('names only Hanoi communes: a counter keyed by an unknown commune code is left out', async () => {
    const store = new FakeAggregateStore();
    store.rows.set('2026|quarter-cell|Q2#00004#C', { value: 'Q2#00004#C', measures: { newEnterprises: 7 } });
    store.rows.set('2026|quarter-cell|Q2#9999#C', { value: 'Q2#9999#C', measures: { newEnterprises: 7 } });

    const table = await openDataTable(store, 2026, 2);

    expect(table.cells.map((c) => c.commune)).toEqual(['00004']);
  });
});
