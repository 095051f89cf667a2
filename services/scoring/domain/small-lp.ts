/**
 * Feasibility of a small linear program — is there an x with 0 ≤ x and A x ≥ b? — by the simplex
 * method's first phase on a dense tableau (Bland's rule, so it always ends). The selection uses it
 * as a cheap relaxation with a handful of variables (one per kind of application, not one per
 * application), thousands of times per selection, where a call into the MIP solver would cost more
 * than the answer is worth.
 *
 * Floating point: the answer `infeasible` is given only when the least total violation the method
 * finds is clearly above zero (`tolerance`, with the data scaled to about 1), so a rounding error
 * can make it answer `feasible` for a program that is not (the caller checks its conclusions
 * exactly), never the other way round in practice. `unknown` when the iteration cap is reached.
 */
export type LpAnswer = 'feasible' | 'infeasible' | 'unknown';

export function lpFeasible(a: readonly (readonly number[])[], b: readonly number[], tolerance = 1e-9): LpAnswer {
  const m = a.length;
  if (m === 0) return 'feasible';
  const n = a[0]!.length;
  // Columns: x (n), one surplus per row (m), one artificial per row whose b > 0; then the right-hand side.
  const artificialOf = new Int32Array(m).fill(-1);
  let artificials = 0;
  for (let i = 0; i < m; i++) if (b[i]! > 0) artificialOf[i] = artificials++;
  const cols = n + m + artificials;
  const rhs = cols;
  const t: Float64Array[] = [];
  const basis = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const row = new Float64Array(cols + 1);
    if (artificialOf[i]! >= 0) {
      // a·x − s + art = b (b > 0): the artificial is basic.
      for (let k = 0; k < n; k++) row[k] = a[i]![k]!;
      row[n + i] = -1;
      row[n + m + artificialOf[i]!] = 1;
      row[rhs] = b[i]!;
      basis[i] = n + m + artificialOf[i]!;
    } else {
      // −a·x + s = −b ≥ 0: the surplus is basic.
      for (let k = 0; k < n; k++) row[k] = -a[i]![k]!;
      row[n + i] = 1;
      row[rhs] = -b[i]!;
      basis[i] = n + i;
    }
    t.push(row);
  }
  if (artificials === 0) return 'feasible';
  // Minimise the sum of the artificials: reduced costs are minus the sum of their rows.
  const obj = new Float64Array(cols + 1);
  for (let i = 0; i < m; i++) {
    if (artificialOf[i]! < 0) continue;
    for (let k = 0; k < n + m; k++) obj[k]! -= t[i]![k]!;
    obj[rhs]! -= t[i]![rhs]!;
  }
  const eps = 1e-12;
  const cap = 50 * (m + cols);
  for (let iter = 0; iter < cap; iter++) {
    let enter = -1;
    for (let k = 0; k < n + m; k++) {
      if (obj[k]! < -eps) {
        enter = k;
        break;
      }
    }
    if (enter < 0) return -obj[rhs]! > tolerance ? 'infeasible' : 'feasible';
    let leave = -1;
    let best = Infinity;
    for (let i = 0; i < m; i++) {
      const v = t[i]![enter]!;
      if (v <= eps) continue;
      const ratio = t[i]![rhs]! / v;
      if (ratio < best - eps || (ratio <= best + eps && leave >= 0 && basis[i]! < basis[leave]!)) {
        best = ratio;
        leave = i;
      }
    }
    // Phase one is bounded below by zero, so an entering column always has a leaving row; if
    // rounding says otherwise, give no answer rather than a wrong one.
    if (leave < 0) return 'unknown';
    const pivotRow = t[leave]!;
    const p = pivotRow[enter]!;
    for (let k = 0; k <= cols; k++) pivotRow[k]! /= p;
    for (let i = 0; i < m; i++) {
      if (i === leave) continue;
      const f = t[i]![enter]!;
      if (f === 0) continue;
      const row = t[i]!;
      for (let k = 0; k <= cols; k++) row[k]! -= f * pivotRow[k]!;
    }
    const f = obj[enter]!;
    for (let k = 0; k <= cols; k++) obj[k]! -= f * pivotRow[k]!;
    basis[leave] = enter;
  }
  return 'unknown';
}
