/**
 * The selection's feasibility questions (can these grants still be completed so that every quota
 * holds?), solved with HiGHS (npm `highs`: the solver compiled to WebAssembly, so it runs offline and
 * inside a Lambda with no native binary). The model is passed as sparse arrays, not LP text: parsing
 * 10,000 columns of text cost as much as solving them. With an objective of zeros the first
 * solution found is optimal; the caller checks every solution exactly (in whole VND).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import highsModule from 'highs';
import type { MipModel, MipSolution, MipSolver } from '../../domain/selection.ts';

// The package is CommonJS with ESM builds: its types describe the namespace, Node's ESM import
// yields the loader itself as the default export.
type Loader = typeof highsModule.default;
const highsLoader: Loader = typeof highsModule === 'function' ? (highsModule as unknown as Loader) : highsModule.default;
type Highs = Awaited<ReturnType<Loader>>;
let loading: Promise<Highs> | undefined;
/** In a Lambda bundle the binary is copied beside the handler (the route's `bundleFiles`); locally the package finds its own. */
const beside = join(dirname(fileURLToPath(import.meta.url)), 'highs.wasm');
const highs = () => (loading ??= highsLoader(existsSync(beside) ? { locateFile: () => beside } : undefined));

export class HighsSolver implements MipSolver {
  async solve(model: MipModel, options: { timeLimitSeconds: number; start?: number[] | undefined }): Promise<MipSolution> {
    const h = await highs();
    // The time includes building the model in the solver: the caller budgets by it.
    const t0 = performance.now();
    const inf = (v: number) => (v === Infinity ? h.infinity : v === -Infinity ? -h.infinity : v);
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const r of model.rows) {
      for (let k = 0; k < r.indices.length; k++) {
        if (r.values[k] === 0) continue;
        indices.push(r.indices[k]!);
        values.push(r.values[k]!);
      }
      starts.push(indices.length);
    }
    const m = h.createModel({
      numCols: model.numCols,
      numRows: model.rows.length,
      sense: h.constants.objectiveSense.maximize,
      colCost: model.cost,
      colLower: model.lower,
      colUpper: model.upper,
      rowLower: model.rows.map((r) => inf(r.lower)),
      rowUpper: model.rows.map((r) => inf(r.upper)),
      matrix: { format: 'csr', numRows: model.rows.length, numCols: model.numCols, starts, indices, values },
      integrality: model.integer.map((i) => (i ? h.constants.variableType.integer : h.constants.variableType.continuous)),
    });
    try {
      m.options.set({ output_flag: false, time_limit: options.timeLimitSeconds, mip_rel_gap: 1e-9, mip_abs_gap: 0.005 });
      if (options.start) m.setSolution({ colValue: options.start });
      m.run();
      const status = m.getModelStatus();
      const timeMs = performance.now() - t0;
      const S = h.constants.modelStatus;
      const bound = Number(m.info.get('mip_dual_bound'));
      const gap = Number(m.info.get('mip_gap'));
      if (status === S.optimal)
        return {
          status: 'optimal',
          values: [...m.getSolution().colValue],
          objective: m.getObjectiveValue(),
          bound,
          gapPct: gap * 100,
          timeMs,
        };
      if (status === S.timeLimit) {
        const found = Number.isFinite(m.getObjectiveValue());
        return {
          status: 'time-limit',
          values: found ? [...m.getSolution().colValue] : [],
          objective: found ? m.getObjectiveValue() : 0,
          bound,
          gapPct: gap * 100,
          timeMs,
        };
      }
      // Binary columns cannot be unbounded: "infeasible or unbounded" is infeasible.
      if (status === S.infeasible || status === S.unboundedOrInfeasible) return { status: 'infeasible', values: [], objective: 0, timeMs };
      return { status: 'error', values: [], objective: 0, timeMs };
    } finally {
      m.dispose();
    }
  }
}
