/**
 * An attacker's audit of a published open-data table, by linear programming (HiGHS, as scoring and
 * matching use it): what can a reader work out about each withheld figure from everything
 * published? The reader knows every published figure, that each commune's cells add up to its
 * total, each section's to its total, the communes' and the sections' totals to the city's, that
 * figures are ≥ 0, and that a commune × section not listed is 0. For each withheld figure, the
 * least and the greatest value it can take under all that is its protection interval; where the
 * two meet, the figure is given away (some combination of published figures equals it).
 */
import highsModule from 'highs';
import { TOTAL, type OpenDataCell, type OpenDataTable } from '../../../../services/reporting/domain/open-data.ts';

const loadHighs = highsModule as unknown as typeof highsModule.default;
let highs: ReturnType<typeof loadHighs> | undefined;

export interface Interval {
  /** `commune/section`, `commune/*`, `*\/section` or `*\/*`. */
  entry: string;
  measure: string;
  truth: number;
  min: number;
  max: number;
}

/**
 * The protection interval of every withheld non-zero figure. A table without a published city
 * total (`table.total` absent) is audited with that total unknown.
 */
export async function protectionIntervals(input: readonly OpenDataCell[], table: OpenDataTable): Promise<Interval[]> {
  const h = await (highs ??= loadHighs());
  const listed = input.filter((c) => table.measures.some((m) => (c.values[m] ?? 0) > 0));
  const communes = [...new Set(listed.map((c) => c.commune))];
  const sections = [...new Set(listed.map((c) => c.section))];
  const published = new Map<string, Record<string, number | null> | undefined>();
  const key = (row: string, col: string) => `${row}/${col}`;
  for (const c of table.cells) published.set(key(c.commune, c.section), c.suppressed ? undefined : c.values);
  for (const t of table.byCommune) published.set(key(t.key, TOTAL), t.suppressed ? undefined : t.values);
  for (const t of table.bySection) published.set(key(TOTAL, t.key), t.suppressed ? undefined : t.values);
  const total = (table as Partial<OpenDataTable>).total;
  published.set(key(TOTAL, TOTAL), total && !total.suppressed ? total.values : undefined);

  // The true figures of every entry, cells and totals.
  const truth = new Map<string, Record<string, number>>();
  const add = (k: string, values: Record<string, number>) => {
    const t = truth.get(k) ?? truth.set(k, {}).get(k)!;
    for (const m of table.measures) t[m] = (t[m] ?? 0) + (values[m] ?? 0);
  };
  for (const c of listed) {
    for (const k of [key(c.commune, c.section), key(c.commune, TOTAL), key(TOTAL, c.section), key(TOTAL, TOTAL)]) add(k, c.values);
  }

  // Each line: its members (+1) and its total (−1) add up to 0.
  const lines: { plus: string[]; minus: string }[] = [
    ...communes.map((r) => ({ plus: listed.filter((c) => c.commune === r).map((c) => key(r, c.section)), minus: key(r, TOTAL) })),
    ...sections.map((s) => ({ plus: listed.filter((c) => c.section === s).map((c) => key(c.commune, s)), minus: key(TOTAL, s) })),
    ...(listed.length
      ? [
          { plus: communes.map((r) => key(r, TOTAL)), minus: key(TOTAL, TOTAL) },
          { plus: sections.map((s) => key(TOTAL, s)), minus: key(TOTAL, TOTAL) },
        ]
      : []),
  ];
  const hidden = [...truth.keys()].filter((k) => published.get(k) === undefined);
  if (hidden.length === 0) return [];
  const col = new Map(hidden.map((k, i) => [k, i]));

  const out: Interval[] = [];
  for (const m of table.measures) {
    // Rows: each line as  Σ hidden ± … = − Σ published ± … ; columns: the hidden entries.
    const rows: { indices: number[]; values: number[]; rhs: number }[] = [];
    for (const line of lines) {
      const indices: number[] = [];
      const values: number[] = [];
      let rhs = 0;
      for (const [k, coef] of [...line.plus.map((k) => [k, 1] as const), [line.minus, -1] as const]) {
        const j = col.get(k);
        if (j === undefined) rhs -= coef * (published.get(k)![m] ?? 0);
        else {
          indices.push(j);
          values.push(coef);
        }
      }
      if (indices.length) rows.push({ indices, values, rhs });
    }
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const r of rows) {
      indices.push(...r.indices);
      values.push(...r.values);
      starts.push(indices.length);
    }
    // One model per measure; each withheld figure's min and max by changing the objective.
    const wanted = [...col].filter(([k]) => (truth.get(k)![m] ?? 0) > 0);
    if (wanted.length === 0) continue;
    h.withModel(
      {
        numCols: hidden.length,
        numRows: rows.length,
        sense: h.constants.objectiveSense.minimize,
        colCost: new Float64Array(hidden.length),
        colLower: new Float64Array(hidden.length),
        colUpper: new Float64Array(hidden.length).fill(h.infinity),
        rowLower: Float64Array.from(rows, (r) => r.rhs),
        rowUpper: Float64Array.from(rows, (r) => r.rhs),
        matrix: { format: 'csr', numRows: rows.length, numCols: hidden.length, starts, indices, values },
      },
      (model) => {
        model.options.set({ output_flag: false });
        const S = h.constants.modelStatus;
        const solve = (sense: 'min' | 'max'): number => {
          model.changeObjectiveSense(sense === 'min' ? h.constants.objectiveSense.minimize : h.constants.objectiveSense.maximize);
          // From scratch each time: a warm start after an unbounded run can end "unknown".
          model.clearSolver();
          const run = model.run();
          if (run.modelStatus === S.optimal) return model.getObjectiveValue();
          // The true figures satisfy every row, so the model is feasible: not optimal is unbounded.
          if (run.modelStatus === S.unbounded || run.modelStatus === S.unboundedOrInfeasible) return Infinity;
          throw new Error(`the audit LP ended ${String(run.modelStatus)}`);
        };
        for (const [k, j] of wanted) {
          model.changeColCost(j, 1);
          out.push({ entry: k, measure: m, truth: truth.get(k)![m]!, min: solve('min'), max: solve('max') });
          model.changeColCost(j, 0);
        }
      },
    );
  }
  return out;
}

/** The withheld figures a reader can work out exactly: their interval is a single value. */
export const givenAway = (intervals: readonly Interval[]) => intervals.filter((i) => i.max - i.min < 0.5);
