/**
 * Selection: rank the scored applications of a programme and allocate a budget, under the
 * programme's policy as data — a pass mark, whether a grant may be partly funded, and quotas:
 *
 * - `min-share-of-funds` / `max-share-of-funds`: at least / at most `pct` % of the funds granted go
 *   to the applications matching `where` (e.g. at least 30 % to micro enterprises);
 * - `max-grants-per`: at most `count` grants per commune (or size class, or VSIC division).
 *
 * Without quotas the merit order — down the ranking, funding each application that still fits the
 * budget — is the rule and is optimal for it: no application is ever passed over for one ranked
 * below it. With quotas, merit order may break a quota or leave money that a quota-respecting
 * choice could use, so the selection is an integer program solved exactly: maximise the merit
 * funded (Σ points × VND granted, see {@link meritOf}) subject to the budget and every quota. The merit-order greedy
 * (which reserves the quotas' shares of the budget and then repairs what is still broken) is
 * computed beside it and its gap to the optimum reported.
 */
import { z } from 'zod';
import { compareMerit, type Rankable } from './ranking.ts';

const agencyish = z.string().min(1).max(64);
export const filterSchema = z
  .strictObject({
    sizeClasses: z
      .array(z.enum(['micro', 'small', 'medium', 'not-sme']))
      .min(1)
      .max(4)
      .optional(),
    communes: z
      .array(z.string().regex(/^\d{5}$/))
      .min(1)
      .max(200)
      .optional(),
    vsicDivisions: z
      .array(z.string().regex(/^\d{2}$/))
      .min(1)
      .max(100)
      .optional(),
  })
  .refine((f) => Object.keys(f).length > 0, 'name at least one of sizeClasses, communes, vsicDivisions');

export const quotaSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('min-share-of-funds'),
    where: filterSchema,
    pct: z.number().gt(0).max(100),
    label: agencyish.optional(),
  }),
  z.strictObject({
    kind: z.literal('max-share-of-funds'),
    where: filterSchema,
    pct: z.number().min(0).lt(100),
    label: agencyish.optional(),
  }),
  z.strictObject({
    kind: z.literal('max-grants-per'),
    groupBy: z.enum(['commune', 'sizeClass', 'vsicDivision']),
    count: z.number().int().min(0).max(100_000),
    label: agencyish.optional(),
  }),
]);
export type Quota = z.infer<typeof quotaSchema>;
type Filter = z.infer<typeof filterSchema>;

export const policySchema = z.strictObject({
  /** The money to allocate in this round (intake's budget rule still holds when it is committed). */
  budgetVnd: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** Below this total an application is not funded. */
  passMark: z.number().min(0).max(1000).default(0),
  /** Whether a grant may be less than requested (the marginal one, or where a quota needs it). */
  partialFunding: z.boolean().default(false),
  /** A partial grant below this share of the request is not made. */
  minPartialPct: z.number().min(1).max(100).default(50),
  quotas: z.array(quotaSchema).max(10).default([]),
  /**
   * Most seconds the integer program may take. A run that reaches it keeps its best allocation (it
   * keeps every quota) and reports the bound it proved and the gap to it, instead of claiming optimality.
   */
  solverTimeLimitSeconds: z.number().min(0.5).max(20).default(3),
});
export type Policy = z.infer<typeof policySchema>;

export interface Candidate extends Rankable {
  taxCode: string;
  sizeClass: string;
  communeCode: string;
  vsicMain: string;
}

export interface Entry {
  applicationId: string;
  taxCode: string;
  rank: number;
  totalPoints: number;
  requestedAmountVnd: number;
  amountVnd: number;
  reason: string;
}

export interface Allocation {
  /** Share funded (0–1) per candidate index, in merit order. */
  shares: number[];
  /** Why each unfunded one was not funded (greedy only; the exact solver explains by comparison). */
  why: (string | undefined)[];
}

export const matches = (f: Filter, c: Candidate): boolean =>
  (!f.sizeClasses || f.sizeClasses.includes(c.sizeClass as never)) &&
  (!f.communes || f.communes.includes(c.communeCode)) &&
  (!f.vsicDivisions || f.vsicDivisions.includes(c.vsicMain.slice(0, 2)));

export const groupOf = (by: 'commune' | 'sizeClass' | 'vsicDivision', c: Candidate): string =>
  by === 'commune' ? c.communeCode : by === 'sizeClass' ? c.sizeClass : c.vsicMain.slice(0, 2);

export function describeQuota(q: Quota): string {
  const where = (f: Filter) =>
    [
      f.sizeClasses && `size ${f.sizeClasses.join('/')}`,
      f.communes && `commune ${f.communes.join('/')}`,
      f.vsicDivisions && `VSIC ${f.vsicDivisions.join('/')}`,
    ]
      .filter(Boolean)
      .join(', ');
  if (q.kind === 'max-grants-per') return q.label ?? `at most ${q.count} grants per ${q.groupBy}`;
  return q.label ?? `${q.kind === 'min-share-of-funds' ? 'at least' : 'at most'} ${q.pct} % of funds to ${where(q.where)}`;
}

/** Amount granted for a share of a request: whole VND, never above it. */
export const amountFor = (c: Candidate, share: number): number =>
  share >= 1 ? c.requestedAmountVnd : Math.floor(c.requestedAmountVnd * share);

/**
 * Merit funded: Σ points × amount granted (in millions of VND) — every VND weighted by the points of
 * the application it goes to; what both methods maximise. Unlike Σ points it does not favour
 * cheap requests over better ones: without quotas, funding down the ranking maximises it (exactly
 * with partial funding; without, up to the remainder too small for the next request).
 */
export const meritOf = (cands: readonly Candidate[], shares: readonly number[]): number =>
  Math.round(cands.reduce((s, c, i) => s + c.totalPoints * (amountFor(c, shares[i] ?? 0) / 1e6), 0) * 100) / 100;

/** Quota problems of an allocation, each in words; empty when it keeps every quota and the budget. */
export function violations(cands: readonly Candidate[], shares: readonly number[], policy: Policy): string[] {
  const out: string[] = [];
  const amounts = cands.map((c, i) => amountFor(c, shares[i] ?? 0));
  const total = amounts.reduce((a, b) => a + b, 0);
  if (total > policy.budgetVnd) out.push(`${total} VND granted is above the budget of ${policy.budgetVnd}`);
  for (const q of policy.quotas) {
    if (q.kind === 'max-grants-per') {
      const counts = new Map<string, number>();
      cands.forEach((c, i) =>
        amounts[i]! > 0 ? counts.set(groupOf(q.groupBy, c), (counts.get(groupOf(q.groupBy, c)) ?? 0) + 1) : undefined,
      );
      for (const [g, n] of counts) if (n > q.count) out.push(`${describeQuota(q)}: ${g} has ${n}`);
    } else {
      const inSet = cands.reduce((s, c, i) => s + (matches(q.where, c) ? amounts[i]! : 0), 0);
      // 1 VND of slack per grant: amounts are whole VND, shares are not.
      const slack = cands.length;
      if (q.kind === 'min-share-of-funds' && inSet * 100 + slack * 100 < q.pct * total)
        out.push(`${describeQuota(q)}: ${((inSet / (total || 1)) * 100).toFixed(2)} %`);
      if (q.kind === 'max-share-of-funds' && inSet * 100 > q.pct * total + slack * 100)
        out.push(`${describeQuota(q)}: ${((inSet / (total || 1)) * 100).toFixed(2)} %`);
    }
  }
  return out;
}

/**
 * Merit order: down the ranking, fund what still fits. With partial funding the first request that
 * no longer fits gets what is left (if at least `minPartialPct` of it). Quotas are kept greedily: a
 * share quota reserves its part of the budget (a min-share caps everyone else's spending at the rest,
 * a max-share caps its own set's), a per-group cap skips the group once full; whatever is still
 * broken at the end (a min-share whose set ran short) is repaired by dropping the lowest-ranked
 * grants outside its set until it holds.
 */
export function meritOrder(cands: readonly Candidate[], policy: Policy): Allocation {
  const shares = cands.map(() => 0);
  const why: (string | undefined)[] = cands.map(() => undefined);
  let left = policy.budgetVnd;
  const capsOutside = policy.quotas.flatMap((q) =>
    q.kind === 'min-share-of-funds' ? [{ q, cap: Math.floor(policy.budgetVnd * (1 - q.pct / 100)), spent: 0 }] : [],
  );
  const capsInside = policy.quotas.flatMap((q) =>
    q.kind === 'max-share-of-funds' ? [{ q, cap: Math.floor(policy.budgetVnd * (q.pct / 100)), spent: 0 }] : [],
  );
  const perGroup = policy.quotas.flatMap((q) => (q.kind === 'max-grants-per' ? [{ q, counts: new Map<string, number>() }] : []));

  cands.forEach((c, i) => {
    if (c.totalPoints < policy.passMark) return;
    const full = perGroup.find((g) => (g.counts.get(groupOf(g.q.groupBy, c)) ?? 0) >= g.q.count);
    if (full) return void (why[i] = `${describeQuota(full.q)}: ${groupOf(full.q.groupBy, c)} already has ${full.q.count}`);
    let room = left;
    let limiting = 'the budget';
    for (const cap of capsOutside)
      if (!matches(cap.q.where, c) && cap.cap - cap.spent < room)
        [room, limiting] = [cap.cap - cap.spent, `the reserve for "${describeQuota(cap.q)}"`];
    for (const cap of capsInside)
      if (matches(cap.q.where, c) && cap.cap - cap.spent < room) [room, limiting] = [cap.cap - cap.spent, `"${describeQuota(cap.q)}"`];
    let share = 0;
    if (c.requestedAmountVnd <= room) share = 1;
    else if (policy.partialFunding && room > 0 && (room / c.requestedAmountVnd) * 100 >= policy.minPartialPct)
      share = room / c.requestedAmountVnd;
    if (share === 0) return void (why[i] = `${limiting} has ${Math.max(0, room)} VND left of the ${c.requestedAmountVnd} requested`);
    const amount = amountFor(c, share);
    shares[i] = share;
    left -= amount;
    for (const cap of capsOutside) if (!matches(cap.q.where, c)) cap.spent += amount;
    for (const cap of capsInside) if (matches(cap.q.where, c)) cap.spent += amount;
    for (const g of perGroup) g.counts.set(groupOf(g.q.groupBy, c), (g.counts.get(groupOf(g.q.groupBy, c)) ?? 0) + 1);
  });

  // Repair: a min-share whose own set could not use its reserve still fails on the actual total:
  // drop the lowest-ranked grants outside its set until it holds (totals kept as it goes: O(n)).
  for (const q of policy.quotas) {
    if (q.kind !== 'min-share-of-funds') continue;
    let total = 0;
    let inSet = 0;
    cands.forEach((c, j) => {
      const a = amountFor(c, shares[j]!);
      total += a;
      if (matches(q.where, c)) inSet += a;
    });
    for (let i = cands.length - 1; i >= 0 && inSet * 100 < q.pct * total; i--) {
      if (shares[i]! > 0 && !matches(q.where, cands[i]!)) {
        total -= amountFor(cands[i]!, shares[i]!);
        shares[i] = 0;
        why[i] = `dropped so that "${describeQuota(q)}" holds`;
      }
    }
  }
  return { shares, why };
}

/** A mixed-integer program in the shape a solver takes (rows as sparse lists). */
export interface MipModel {
  numCols: number;
  /** Objective coefficients (maximised). */
  cost: number[];
  lower: number[];
  upper: number[];
  integer: boolean[];
  rows: { lower: number; upper: number; indices: number[]; values: number[]; name: string }[];
}

export interface MipSolution {
  status: 'optimal' | 'time-limit' | 'infeasible' | 'error';
  values: number[];
  objective: number;
  /** Best bound proved (for a time-limited run), and the relative gap between them. */
  bound?: number | undefined;
  gapPct?: number | undefined;
  timeMs: number;
}

export interface MipSolver {
  solve(model: MipModel, options: { timeLimitSeconds: number; start?: number[] | undefined }): Promise<MipSolution>;
}

/**
 * The selection as an integer program. Column i (in merit order) is the share of application i
 * funded: binary without partial funding; with it, a share in [0, 1] tied to a binary "funded"
 * column n + i (share ≤ funded, share ≥ minPartial × funded) that the per-group caps count.
 * Money is in millions of VND to keep coefficients well scaled.
 */
export function selectionModel(cands: readonly Candidate[], policy: Policy): MipModel {
  const n = cands.length;
  const eligible = cands.map((c) => c.totalPoints >= policy.passMark);
  const partial = policy.partialFunding;
  const numCols = partial ? 2 * n : n;
  const millions = (v: number) => v / 1e6;
  const cost = [...cands.map((c) => c.totalPoints * millions(c.requestedAmountVnd)), ...(partial ? cands.map(() => 0) : [])];
  const upper = [...eligible.map((e) => (e ? 1 : 0)), ...(partial ? eligible.map((e) => (e ? 1 : 0)) : [])];
  const lower = Array.from({ length: numCols }, () => 0);
  const integer = [...cands.map(() => !partial), ...(partial ? cands.map(() => true) : [])];
  const rows: MipModel['rows'] = [];
  const all = cands.map((_, i) => i);
  rows.push({
    name: 'budget',
    lower: -Infinity,
    upper: millions(policy.budgetVnd),
    indices: all,
    values: cands.map((c) => millions(c.requestedAmountVnd)),
  });
  policy.quotas.forEach((q, k) => {
    if (q.kind === 'max-grants-per') {
      const groups = new Map<string, number[]>();
      cands.forEach((c, i) => {
        if (!eligible[i]) return;
        const g = groupOf(q.groupBy, c);
        const members = groups.get(g);
        if (members) members.push(i);
        else groups.set(g, [i]);
      });
      for (const [g, members] of groups) {
        if (members.length <= q.count) continue;
        rows.push({
          name: `q${k}_${g}`,
          lower: -Infinity,
          upper: q.count,
          indices: members.map((i) => (partial ? n + i : i)),
          values: members.map(() => 1),
        });
      }
    } else {
      // Σ (inSet − pct) · amount · share ≥ 0 (min) or ≤ 0 (max): the share of funds, kept linear.
      const values = cands.map((c) => millions(c.requestedAmountVnd) * ((matches(q.where, c) ? 1 : 0) - q.pct / 100));
      rows.push(
        q.kind === 'min-share-of-funds'
          ? { name: `q${k}`, lower: 0, upper: Infinity, indices: all, values }
          : { name: `q${k}`, lower: -Infinity, upper: 0, indices: all, values },
      );
    }
  });
  if (partial) {
    const min = policy.minPartialPct / 100;
    cands.forEach((_, i) => {
      rows.push({ name: `link${i}`, lower: -Infinity, upper: 0, indices: [i, n + i], values: [1, -1] });
      rows.push({ name: `min${i}`, lower: 0, upper: Infinity, indices: [i, n + i], values: [1, -min] });
    });
  }
  return { numCols, cost, lower, upper, integer, rows };
}

export interface SelectionOutcome {
  method: 'merit-order' | 'integer-program';
  ranked: Candidate[];
  funded: Entry[];
  waitlisted: Entry[];
  notFunded: Entry[];
  totalVnd: number;
  budgetVnd: number;
  merit: number;
  /** With quotas: the merit-order greedy beside the exact optimum. */
  comparison?: {
    greedyMerit: number;
    /** Merit of the allocation the solver found: the optimum when `solver.status` is `optimal`. */
    optimalMerit: number;
    /** How far merit order falls below it, in % (0 when it is as good). */
    gapPct: number;
    /** …and below the best bound the solver proved (the same as gapPct when optimal). */
    gapToBoundPct: number;
    greedyFunded: number;
    greedyViolations: string[];
    solver: { status: MipSolution['status']; timeMs: number; bound?: number | undefined; gapPct?: number | undefined };
  };
}

const r2 = (n: number) => Math.round(n * 100) / 100;
const r4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** Rank and allocate. Candidates in any order; the result lists every one with its reason. */
export async function select(candidates: readonly Candidate[], policy: Policy, solver: MipSolver): Promise<SelectionOutcome> {
  const ranked = [...candidates].sort(compareMerit);
  const greedy = meritOrder(ranked, policy);
  let shares = greedy.shares;
  let method: SelectionOutcome['method'] = 'merit-order';
  let comparison: SelectionOutcome['comparison'];
  if (policy.quotas.length > 0 && ranked.length > 0) {
    const model = selectionModel(ranked, policy);
    const greedyViolations = violations(ranked, greedy.shares, policy);
    const start =
      greedyViolations.length === 0
        ? policy.partialFunding
          ? [...greedy.shares, ...greedy.shares.map((s) => (s > 0 ? 1 : 0))]
          : greedy.shares
        : undefined;
    const sol = await solver.solve(model, { timeLimitSeconds: policy.solverTimeLimitSeconds, start });
    if (sol.status === 'optimal' || sol.status === 'time-limit') {
      // Snap solver noise: a share within 1e-6 of 0 or 1 is that.
      shares = ranked.map((_, i) => {
        const v = sol.values[i] ?? 0;
        return v < 1e-6 ? 0 : v > 1 - 1e-6 ? 1 : v;
      });
      method = 'integer-program';
    }
    const optimal = meritOf(ranked, shares);
    const greedyMerit = greedyViolations.length === 0 ? meritOf(ranked, greedy.shares) : 0;
    const bound = sol.bound !== undefined && Number.isFinite(sol.bound) ? sol.bound : optimal;
    comparison = {
      greedyMerit,
      optimalMerit: optimal,
      gapPct: optimal > 0 ? r4(((optimal - greedyMerit) / optimal) * 100) : 0,
      gapToBoundPct: bound > 0 ? r4(((bound - greedyMerit) / bound) * 100) : 0,
      greedyFunded: greedy.shares.filter((s) => s > 0).length,
      greedyViolations,
      solver: { status: sol.status, timeMs: Math.round(sol.timeMs), bound: sol.bound, gapPct: sol.gapPct },
    };
  }
  return {
    ...explain(ranked, shares, method === 'merit-order' ? greedy.why : undefined, policy),
    method,
    merit: meritOf(ranked, shares),
    ...(comparison ? { comparison } : {}),
  };
}

function explain(
  ranked: readonly Candidate[],
  shares: readonly number[],
  why: readonly (string | undefined)[] | undefined,
  policy: Policy,
) {
  const funded: Entry[] = [];
  const waitlisted: Entry[] = [];
  const notFunded: Entry[] = [];
  let totalVnd = 0;
  ranked.forEach((c, i) => {
    const base = {
      applicationId: c.applicationId,
      taxCode: c.taxCode,
      rank: i + 1,
      totalPoints: c.totalPoints,
      requestedAmountVnd: c.requestedAmountVnd,
    };
    const share = shares[i] ?? 0;
    if (share > 0) {
      const amountVnd = amountFor(c, share);
      totalVnd += amountVnd;
      funded.push({
        ...base,
        amountVnd,
        reason:
          share >= 1
            ? `rank ${i + 1}, ${c.totalPoints} points: funded in full`
            : `rank ${i + 1}: funded ${r2(share * 100)} % of the request (partial funding)`,
      });
    } else if (c.totalPoints < policy.passMark) {
      notFunded.push({ ...base, amountVnd: 0, reason: `${c.totalPoints} points is below the pass mark of ${policy.passMark}` });
    } else {
      const reason = why?.[i] ?? "an allocation that keeps every quota funds more merit without it (the integer program's optimum)";
      waitlisted.push({ ...base, amountVnd: 0, reason: `not funded in this round: ${reason}` });
    }
  });
  return { ranked: [...ranked], funded, waitlisted, notFunded, totalVnd, budgetVnd: policy.budgetVnd };
}
