import { describe, expect, it } from 'vitest';
import { dualBound, solvePackingLp, type PackingLp } from '../../../../../services/matching/domain/fairs/lp.ts';

// max 3a + 2b + 2c  s.t.  a + b ≤ 1,  a + c ≤ 1,  0 ≤ a, b, c ≤ 1  — optimum 4 (b = c = 1).
const lp: PackingLp = {
  numRows: 2,
  rowUpper: Float64Array.from([1, 1]),
  starts: Int32Array.from([0, 2, 3, 4]),
  rowIndex: Int32Array.from([0, 1, 0, 1]),
  cost: Float64Array.from([3, 2, 2]),
};

describe('packing LP', () => {
  it('solves to the optimum and certifies it from the duals', async () => {
    const res = await solvePackingLp(lp, { timeLimitSec: 5 });
    expect(res.status).toBe('optimal');
    expect(Array.from(res.x!)).toEqual([0, 1, 1]);
    expect(res.bound).toBeCloseTo(4, 9);
  });

  it('reaches the same optimum from a greedy starting vertex (a = 1, the heaviest column first)', async () => {
    const res = await solvePackingLp(lp, { timeLimitSec: 5, start: Uint8Array.from([1, 0, 0]) });
    expect(res.status).toBe('optimal');
    expect(Array.from(res.x!, (v) => v + 0)).toEqual([0, 1, 1]);
    expect(res.bound).toBeCloseTo(4, 9);
  });

  it('bounds the optimum from above whatever non-negative duals it is given', () => {
    expect(dualBound(lp, Float64Array.from([0, 0]))).toBe(7);
    expect(dualBound(lp, Float64Array.from([5, 5]))).toBe(10);
    expect(dualBound(lp, Float64Array.from([1.5, 1.5]))).toBe(4);
  });
});
