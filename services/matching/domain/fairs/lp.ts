/**
 * A packing LP (maximise c·x subject to A·x ≤ b, 0 ≤ x ≤ 1, A ≥ 0) solved with HiGHS (WASM, runs
 * offline). The bound reported is recomputed from the duals HiGHS returns, not taken from its
 * objective: for any y ≥ 0, b·y + Σ_j max(0, c_j − (Aᵀy)_j) bounds the LP (weak duality with the
 * x ≤ 1 bounds), so a solver tolerance can never make the bound too small.
 */
import highsModule from 'highs';

// highs ships its types as CommonJS (`export default` seen as the module), while Node's ESM loader
// gets build/highs.mjs, whose default export is the loader function itself.
const loadHighs = highsModule as unknown as typeof highsModule.default;

export interface PackingLp {
  numRows: number;
  rowUpper: Float64Array;
  /** CSC: column j has entries starts[j]..starts[j+1] of rowIndex (all coefficients are 1). */
  starts: Int32Array;
  rowIndex: Int32Array;
  cost: Float64Array;
}

export interface PackingLpResult {
  /** `time-limit`: HiGHS stopped at `timeLimitSec` (the caller falls back to another bound). */
  status: 'optimal' | 'time-limit' | 'failed';
  /** Primal values (length = columns) when optimal. */
  x?: Float64Array;
  /** Dual-certified upper bound on the LP (and on every integral solution). */
  bound?: number;
  /** Wall time, and the part of it spent loading the WASM module (first call only). */
  ms: number;
  loadMs?: number;
}

let highs: ReturnType<typeof loadHighs> | undefined;

export async function solvePackingLp(
  lp: PackingLp,
  /** `start`: columns at 1 in a feasible 0/1 point, installed as the starting basis (all row slacks basic). */
  opts: { timeLimitSec: number; extra?: Record<string, string | number | boolean>; start?: Uint8Array },
): Promise<PackingLpResult> {
  const started = performance.now();
  const numCols = lp.cost.length;
  if (numCols === 0) return { status: 'optimal', x: new Float64Array(0), bound: 0, ms: 0 };
  const h = await (highs ??= loadHighs());
  const loadMs = performance.now() - started;
  const values = new Float64Array(lp.rowIndex.length).fill(1);
  try {
    return h.withModel(
      {
        numCols,
        numRows: lp.numRows,
        sense: h.constants.objectiveSense.maximize,
        colCost: lp.cost,
        colLower: new Float64Array(numCols),
        colUpper: new Float64Array(numCols).fill(1),
        rowLower: new Float64Array(lp.numRows).fill(-h.infinity),
        rowUpper: lp.rowUpper,
        matrix: { format: 'csc', numRows: lp.numRows, numCols, starts: lp.starts, indices: lp.rowIndex, values },
      },
      (model) => {
        // Dual simplex: several times faster than interior point + crossover on this LP (2 s vs 14 s on the
        // benchmark fair, warm), and it gives a vertex, which
        // the rounding wants.
        model.options.set({ output_flag: false, time_limit: opts.timeLimitSec, solver: 'simplex', ...opts.extra });
        if (opts.start) {
          const { lower, upper, basic } = h.constants.basisStatus as unknown as Record<string, number>;
          model.setBasis({
            colStatus: Int32Array.from(opts.start, (v) => (v ? upper! : lower!)),
            rowStatus: new Int32Array(lp.numRows).fill(basic!),
          } as never);
        }
        const run = model.run();
        if (run.modelStatus !== h.constants.modelStatus.optimal) {
          const status = run.modelStatus === h.constants.modelStatus.timeLimit ? ('time-limit' as const) : ('failed' as const);
          return { status, ms: performance.now() - started, loadMs };
        }
        const sol = model.getSolution();
        const x = Float64Array.from(sol.colValue);
        const y = sol.rowDual ? Float64Array.from(sol.rowDual, (v) => Math.abs(v)) : undefined;
        const bound = y ? dualBound(lp, y) : undefined;
        const ms = performance.now() - started;
        return bound === undefined ? { status: 'failed' as const, ms, loadMs } : { status: 'optimal' as const, x, bound, ms, loadMs };
      },
    );
  } catch {
    return { status: 'failed', ms: performance.now() - started };
  }
}

/** b·y + Σ_j max(0, c_j − Σ_{i∈col j} y_i) for y ≥ 0: an upper bound whatever y is. */
export function dualBound(lp: PackingLp, y: Float64Array): number {
  let bound = 0;
  for (let i = 0; i < lp.numRows; i++) bound += lp.rowUpper[i]! * y[i]!;
  for (let j = 0; j < lp.cost.length; j++) {
    let reduced = lp.cost[j]!;
    for (let k = lp.starts[j]!; k < lp.starts[j + 1]!; k++) reduced -= y[lp.rowIndex[k]!]!;
    if (reduced > 0) bound += reduced;
  }
  return bound;
}
