/**
 * Selection: rank a programme's scored applications and allocate a budget, by the city's rule for
 * supporting-industry support (Sở Công Thương Guidance 3844/HD-SCT, 2020; docs/domain.md §1): only
 * applications with at least the pass mark are eligible, and they are selected **from the highest
 * total down** until the budget is used; equal totals are ordered by the priority-criteria points,
 * then by submission time (domain/ranking.ts). The programme's policy is data:
 *
 * - the pass mark is the rubric version's (`passMark`); a selection may raise it, never lower it;
 * - `partialFunding`: the first application the budget stops may be funded in part (at least
 *   `minPartialPct` of its request) with what is left, and that closes the round;
 * - quotas: `max-grants-per` (at most `count` grants per commune, size class or VSIC division) and
 *   `min-share-of-funds` / `max-share-of-funds` (at least / at most `pct` % of the funds granted go
 *   to the applications matching `where`).
 *
 * Without share quotas the answer is merit order: down the ranking, fund each application that still
 * fits the budget (and its group's cap); one that does not is skipped with the reason and the next
 * is tried. Budget and caps only get tighter as grants are added, so that walk is exact.
 *
 * With share quotas, the answer is the lexicographically best allocation in merit order that keeps
 * every quota: walking down the ranks, an application is funded if some allocation keeping every
 * quota still funds it together with those already funded (full grants of applications further
 * down complete it), and is skipped — "passed over", naming the quota — otherwise. No weighted
 * objective is involved (rank weights in one objective are not exact in floating point). The walk
 * decides each rank by exact checks in integers where it can: the funded set already keeps every
 * quota, or it does with a known completion (a witness); a relaxation over a few kinds of
 * application (a tiny LP: which quotas an application counts towards) proves that no completion
 * exists. It runs ahead optimistically where the relaxation allows, and only if the allocation it
 * reaches breaks a quota does it ask the solver (HiGHS, a feasibility MIP) — binary search over the
 * optimistic grants for the first one that cannot be completed. Every allocation it returns is
 * checked exactly; a rank the solver could not decide in time is skipped, named as undecided, and
 * the selection is marked inexact (it cannot be committed).
 */
import * as z from 'zod';
import { compareMerit, type Rankable } from './ranking.ts';
import { lpFeasible } from './small-lp.ts';

/** A quota's name as the selection shows it beside each departure ("at least 30 % to micro enterprises"). */
const quotaLabel = z.string().min(1).max(64);
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
    label: quotaLabel.optional(),
  }),
  z.strictObject({
    kind: z.literal('max-share-of-funds'),
    where: filterSchema,
    pct: z.number().min(0).lt(100),
    label: quotaLabel.optional(),
  }),
  z.strictObject({
    kind: z.literal('max-grants-per'),
    groupBy: z.enum(['commune', 'sizeClass', 'vsicDivision']),
    count: z.number().int().min(0).max(100_000),
    label: quotaLabel.optional(),
  }),
]);
export type Quota = z.infer<typeof quotaSchema>;
type Filter = z.infer<typeof filterSchema>;

export const policySchema = z.strictObject({
  /** The money to allocate in this round (intake's budget rule still holds when it is committed). */
  budgetVnd: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /**
   * A higher pass mark than the rubric's for this selection. The rubric version's pass mark always
   * holds: a lower one is refused (400).
   */
  passMark: z.number().min(0).max(1000).optional(),
  /** Whether the first application the budget stops may be funded in part with what is left (closing the round). */
  partialFunding: z.boolean().default(false),
  /** A partial grant below this share of the request is not made. */
  minPartialPct: z.number().min(1).max(100).default(50),
  quotas: z.array(quotaSchema).max(10).default([]),
  /**
   * Most seconds the solver may take in all, over the ranks it is asked about. A rank it cannot
   * decide in time is skipped as undecided, and the selection is inexact: shown, never committed.
   */
  solverTimeLimitSeconds: z.number().min(0.5).max(20).default(3),
});
export type Policy = z.infer<typeof policySchema>;

export interface Candidate extends Rankable {
  taxCode: string;
  sizeClass: string;
  communeCode: string;
  vsicMain: string;
  /** The rubric version it was scored by (absent on ranking rows stored before it was kept there). */
  rubric?: { id: string; version: number } | undefined;
}

export interface Entry {
  applicationId: string;
  taxCode: string;
  rank: number;
  totalPoints: number;
  requestedAmountVnd: number;
  amountVnd: number;
  reason: string;
  /** For an application passed over for a quota: the quota(s) that forced it, as described in `reason`. */
  passedOverFor?: string[] | undefined;
}

export const matches = (f: Filter, c: Candidate): boolean =>
  (!f.sizeClasses || f.sizeClasses.includes(c.sizeClass as never)) &&
  (!f.communes || f.communes.includes(c.communeCode)) &&
  (!f.vsicDivisions || f.vsicDivisions.includes(c.vsicMain.slice(0, 2)));

export const groupOf = (by: 'commune' | 'sizeClass' | 'vsicDivision', c: Candidate): string =>
  by === 'commune' ? c.communeCode : by === 'sizeClass' ? c.sizeClass : c.vsicMain.slice(0, 2);

const SIZE_WORDS: Record<string, string> = { micro: 'micro', small: 'small', medium: 'medium', 'not-sme': 'non-SME' };

/** The set a share quota is about, in words: "micro enterprises", "small or medium enterprises in commune 00004". */
function describeSet(f: Filter): string {
  const who = f.sizeClasses ? `${f.sizeClasses.map((s) => SIZE_WORDS[s]).join(' or ')} enterprises` : 'enterprises';
  const where = [
    f.communes && `in commune${f.communes.length > 1 ? 's' : ''} ${f.communes.join(', ')}`,
    f.vsicDivisions && `in VSIC division${f.vsicDivisions.length > 1 ? 's' : ''} ${f.vsicDivisions.join(', ')}`,
  ].filter(Boolean);
  return [who, ...where].join(' ');
}

/** A quota in words (its `label` if it has one): "at least 30 % of funds to micro enterprises". */
export function describeQuota(q: Quota): string {
  if (q.label) return q.label;
  if (q.kind === 'max-grants-per') return `at most ${q.count} grants per ${q.groupBy === 'vsicDivision' ? 'VSIC division' : q.groupBy}`;
  return `${q.kind === 'min-share-of-funds' ? 'at least' : 'at most'} ${q.pct} % of funds to ${describeSet(q.where)}`;
}

/** A decimal as written (its shortest round-trip form) as an exact fraction: 33.5 → 335/10. */
export function exactFraction(x: number): { num: bigint; den: bigint } {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) throw new Error(`${x} is not a non-negative decimal`);
  const fraction = m[2] ?? '';
  let num = BigInt(m[1]! + fraction);
  let den = 10n ** BigInt(fraction.length);
  const e = Number(m[3] ?? 0);
  if (e > 0) num *= 10n ** BigInt(e);
  else if (e < 0) den *= 10n ** BigInt(-e);
  return { num, den };
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a <= 0n ? -(-a / b) : (a + b - 1n) / b); // b > 0

/**
 * Quota problems of an allocation (amount granted per candidate, same order), each in words; empty
 * when it keeps the budget and every quota. Exact: whole VND and the percentages as written, in integers.
 */
export function violations(
  cands: readonly Candidate[],
  amounts: readonly number[],
  policy: Pick<Policy, 'budgetVnd' | 'quotas'>,
): string[] {
  const out: string[] = [];
  const total = amounts.reduce((s, a) => s + BigInt(a), 0n);
  if (total > BigInt(policy.budgetVnd)) out.push(`${total} VND granted is above the budget of ${policy.budgetVnd}`);
  for (const q of policy.quotas) {
    if (q.kind === 'max-grants-per') {
      const counts = new Map<string, number>();
      cands.forEach((c, i) => {
        if ((amounts[i] ?? 0) > 0) counts.set(groupOf(q.groupBy, c), (counts.get(groupOf(q.groupBy, c)) ?? 0) + 1);
      });
      for (const [g, n] of counts) if (n > q.count) out.push(`${describeQuota(q)}: ${g} has ${n}`);
    } else {
      const inSet = cands.reduce((s, c, i) => s + (matches(q.where, c) ? BigInt(amounts[i] ?? 0) : 0n), 0n);
      const { num, den } = exactFraction(q.pct);
      const broken = q.kind === 'min-share-of-funds' ? 100n * den * inSet < num * total : 100n * den * inSet > num * total;
      if (broken) out.push(`${describeQuota(q)}: ${total === 0n ? '0.00' : ((Number(inSet) / Number(total)) * 100).toFixed(2)} %`);
    }
  }
  return out;
}

/** A mixed-integer program in the shape a solver takes (rows as sparse lists). */
export interface MipModel {
  numCols: number;
  /** Objective coefficients (maximised; all zero for a feasibility question). */
  cost: number[];
  lower: number[];
  upper: number[];
  integer: boolean[];
  rows: { lower: number; upper: number; indices: number[]; values: number[]; name: string }[];
}

export interface MipSolution {
  /** `optimal`: a solution was found (for a feasibility question, any solution is optimal). */
  status: 'optimal' | 'time-limit' | 'infeasible' | 'error';
  values: number[];
  objective: number;
  bound?: number | undefined;
  gapPct?: number | undefined;
  timeMs: number;
}

export interface MipSolver {
  solve(model: MipModel, options: { timeLimitSeconds: number; start?: number[] | undefined }): Promise<MipSolution>;
}

// ---------------------------------------------------------------------------------------------
// The walk's model: eligible applications in merit order, each share quota as Σ e · amount ≥ 0 in
// integers (e = ±(100·den·[in set] − num) for pct = num/den), caps as counts per group.

interface ShareRow {
  quota: number;
  min: boolean;
  num: bigint;
  hundredDen: bigint;
  /** The share as a number, for the relaxation: pct / 100. */
  p: number;
}
interface CapRow {
  quota: number;
  by: 'commune' | 'sizeClass' | 'vsicDivision';
  count: number;
}
interface Item {
  pos: number;
  c: Candidate;
  r: number;
  /** Per share row: e per VND, and e × the full request. */
  coef: bigint[];
  e: bigint[];
  /** Bit k set: in share row k's set. */
  type: number;
  groups: string[];
}
interface Ctx {
  items: Item[];
  /** Per kind of application: bit k set when funding one raises share row k's slack. */
  helps: Map<number, number>;
  shares: ShareRow[];
  caps: CapRow[];
  policy: Policy;
  minPartial: { num: bigint; den: bigint };
}
interface State {
  left: number;
  slack: bigint[];
  counts: Map<string, number>[];
}
/** A completion known to keep every quota together with the state it belongs to, and its totals. */
interface Witness {
  set: Set<number>;
  used: number;
  slack: bigint[];
  counts: Map<string, number>[];
}

function context(eligible: readonly Candidate[], policy: Policy): Ctx {
  const shares: ShareRow[] = [];
  const caps: CapRow[] = [];
  policy.quotas.forEach((q, i) => {
    if (q.kind === 'max-grants-per') caps.push({ quota: i, by: q.groupBy, count: q.count });
    else {
      const { num, den } = exactFraction(q.pct);
      shares.push({ quota: i, min: q.kind === 'min-share-of-funds', num, hundredDen: 100n * den, p: q.pct / 100 });
    }
  });
  const items = eligible.map((c, pos): Item => {
    let type = 0;
    const coef = shares.map((s, k) => {
      const q = policy.quotas[s.quota] as Extract<Quota, { where: Filter }>;
      const inSet = matches(q.where, c);
      if (inSet) type |= 1 << k;
      const e = (inSet ? s.hundredDen : 0n) - s.num;
      return s.min ? e : -e;
    });
    const r = BigInt(c.requestedAmountVnd);
    return { pos, c, r: c.requestedAmountVnd, coef, e: coef.map((x) => x * r), type, groups: caps.map((k) => groupOf(k.by, c)) };
  });
  const helps = new Map<number, number>();
  for (const it of items)
    if (!helps.has(it.type))
      helps.set(
        it.type,
        it.coef.reduce((m, c, k) => (c > 0n ? m | (1 << k) : m), 0),
      );
  return { items, helps, shares, caps, policy, minPartial: exactFraction(policy.minPartialPct) };
}

const emptyState = (ctx: Ctx, left: number): State => ({
  left,
  slack: ctx.shares.map(() => 0n),
  counts: ctx.caps.map(() => new Map()),
});
const cloneState = (s: State): State => ({ left: s.left, slack: [...s.slack], counts: s.counts.map((m) => new Map(m)) });
const keepsAll = (slack: readonly bigint[]): boolean => slack.every((v) => v >= 0n);

function apply(ctx: Ctx, s: State, it: Item, amount = it.r): void {
  s.left -= amount;
  for (let k = 0; k < ctx.shares.length; k++) s.slack[k]! += amount === it.r ? it.e[k]! : it.coef[k]! * BigInt(amount);
  ctx.caps.forEach((_, m) => s.counts[m]!.set(it.groups[m]!, (s.counts[m]!.get(it.groups[m]!) ?? 0) + 1));
}

/** The first cap already full for this application's group, or −1. */
function fullCap(ctx: Ctx, s: State, it: Item, extra?: Witness): number {
  for (let m = 0; m < ctx.caps.length; m++) {
    const g = it.groups[m]!;
    if ((s.counts[m]!.get(g) ?? 0) + (extra ? (extra.counts[m]!.get(g) ?? 0) : 0) >= ctx.caps[m]!.count) return m;
  }
  return -1;
}

const emptyWitness = (ctx: Ctx): Witness => ({
  set: new Set(),
  used: 0,
  slack: ctx.shares.map(() => 0n),
  counts: ctx.caps.map(() => new Map()),
});
const cloneWitness = (w: Witness): Witness => ({
  set: new Set(w.set),
  used: w.used,
  slack: [...w.slack],
  counts: w.counts.map((m) => new Map(m)),
});
function witnessOf(ctx: Ctx, positions: Iterable<number>): Witness {
  const w = emptyWitness(ctx);
  for (const pos of positions) {
    const it = ctx.items[pos]!;
    w.set.add(pos);
    w.used += it.r;
    for (let k = 0; k < ctx.shares.length; k++) w.slack[k]! += it.e[k]!;
    ctx.caps.forEach((_, m) => w.counts[m]!.set(it.groups[m]!, (w.counts[m]!.get(it.groups[m]!) ?? 0) + 1));
  }
  return w;
}
function takeFromWitness(ctx: Ctx, w: Witness, it: Item): void {
  w.set.delete(it.pos);
  w.used -= it.r;
  for (let k = 0; k < ctx.shares.length; k++) w.slack[k]! -= it.e[k]!;
  ctx.caps.forEach((_, m) => w.counts[m]!.set(it.groups[m]!, w.counts[m]!.get(it.groups[m]!)! - 1));
}
/** Does the state with this application and the witness's completion keep the budget, caps and quotas? */
function fitsWith(ctx: Ctx, s: State, it: Item, w: Witness): boolean {
  if (it.r + w.used > s.left || fullCap(ctx, s, it, w) >= 0) return false;
  for (let k = 0; k < ctx.shares.length; k++) if (s.slack[k]! + it.e[k]! + w.slack[k]! < 0n) return false;
  return true;
}

/** Every kind together, in {@link Availability}. */
const ALL = -1;

/**
 * Requests still available per kind of application (share-quota membership) and in all, sorted by
 * size in Fenwick trees of counts and sums: "the sum of the largest R requests of at most X VND".
 */
class Availability {
  private readonly byKey = new Map<number, { rs: number[]; sum: Float64Array; cnt: Float64Array }>();
  private readonly slot = new Map<number, [number, number]>();
  constructor(items: readonly Item[]) {
    const lists = new Map<number, Item[]>([[ALL, [...items]]]);
    for (const it of items) {
      const g = lists.get(it.type);
      if (g) g.push(it);
      else lists.set(it.type, [it]);
    }
    for (const [key, list] of lists) {
      list.sort((a, b) => a.r - b.r || a.pos - b.pos);
      const sum = new Float64Array(list.length + 1);
      const cnt = new Float64Array(list.length + 1);
      list.forEach((it, i) => {
        if (key === ALL) this.slot.set(it.pos, [i, -1]);
        else this.slot.get(it.pos)![1] = i;
        for (let j = i + 1; j <= list.length; j += j & -j) {
          sum[j]! += it.r;
          cnt[j]! += 1;
        }
      });
      this.byKey.set(key, { rs: list.map((it) => it.r), sum, cnt });
    }
  }
  remove(it: Item): void {
    const at = this.slot.get(it.pos);
    if (!at) return;
    this.slot.delete(it.pos);
    for (const [key, i] of [
      [ALL, at[0]],
      [it.type, at[1]],
    ] as const) {
      const { sum, cnt } = this.byKey.get(key)!;
      for (let j = i + 1; j < sum.length; j += j & -j) {
        sum[j]! -= it.r;
        cnt[j]! -= 1;
      }
    }
  }
  types(): number[] {
    return [...this.byKey.keys()].filter((k) => k !== ALL);
  }
  /** Sum of the `most` largest remaining requests of this kind (or ALL) that are at most `cap`. */
  top(key: number, cap: number, most = Infinity): number {
    const t = this.byKey.get(key);
    if (!t || most <= 0) return 0;
    let lo = 0;
    let hi = t.rs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t.rs[mid]! <= cap) lo = mid + 1;
      else hi = mid;
    }
    const prefix = (tree: Float64Array, i: number) => {
      let v = 0;
      for (let j = i; j > 0; j -= j & -j) v += tree[j]!;
      return v;
    };
    const count = Math.round(prefix(t.cnt, lo));
    const total = Math.max(0, prefix(t.sum, lo));
    if (most >= count) return total;
    // Leave out the smallest count − most: the first position whose prefix count reaches it.
    let target = count - most;
    let pos = 0;
    for (let step = 1 << Math.floor(Math.log2(t.rs.length || 1)); step > 0; step >>= 1) {
      if (pos + step <= t.rs.length && t.cnt[pos + step]! < target - 0.5) {
        pos += step;
        target -= t.cnt[pos]!;
      }
    }
    return Math.max(0, total - prefix(t.sum, pos + 1));
  }
}

/** What later applications can still supply: per kind, and in all (each bounded by the budget and caps). */
interface Supply {
  types: readonly number[];
  amount: (type: number) => number;
  total: number;
}

type Relaxed = { feasible: true } | { feasible: false; blame: number[] };

/**
 * Can the share quotas, broken by `slack`, still be repaired with `left` VND of later requests, if
 * requests could be funded fractionally (within what `supply` says each kind and all together can
 * give)? A `false` is a proof that no completion exists; a `true` proves nothing. `blame`: the
 * share rows that make it impossible.
 */
function relaxation(ctx: Ctx, slack: readonly bigint[], left: number, supply: Supply, it: Item | undefined): Relaxed {
  const broken = slack.flatMap((v, k) => (v < 0n ? [k] : []));
  if (broken.length === 0) return { feasible: true };
  const blameOf = (): number[] => {
    const hurt = broken.filter((k) => it && it.coef[k]! < 0n);
    return hurt.length ? hurt : broken;
  };
  const capacity = Math.min(left, supply.total);
  if (capacity <= 0) return { feasible: false, blame: blameOf() };
  const sigma = slack.map((v, k) => Number(v) / Number(ctx.shares[k]!.hundredDen)); // VND of slack
  const types = supply.types;
  const u = new Map(types.map((t) => [t, Math.min(supply.amount(t), capacity)]));
  const inSet = (t: number, k: number) => (t >> k) & 1;
  // Each quota alone: the most it can gain per VND is the same for every kind that helps it.
  for (const k of broken) {
    const s = ctx.shares[k]!;
    const helps = types.filter((t) => (s.min ? inSet(t, k) === 1 : inSet(t, k) === 0));
    const perVnd = s.min ? 1 - s.p : s.p;
    const gain =
      perVnd *
      Math.min(
        capacity,
        helps.reduce((a, t) => a + u.get(t)!, 0),
      );
    if (gain + 1 + 1e-9 * Math.max(left, -sigma[k]!) < -sigma[k]!) return { feasible: false, blame: [k] };
  }
  if (ctx.shares.length === 1) return { feasible: true };
  // All quotas together: variables are the amounts per kind, scaled by the capacity.
  const used = types.filter((t) => u.get(t)! > 0);
  if (used.length === 0) return { feasible: false, blame: blameOf() };
  const a: number[][] = [used.map(() => -1)];
  const b: number[] = [-1];
  ctx.shares.forEach((s, k) => {
    a.push(used.map((t) => (s.min ? inSet(t, k) - s.p : s.p - inSet(t, k))));
    b.push(-sigma[k]! / capacity);
  });
  used.forEach((t, i) => {
    if (u.get(t)! < capacity) {
      a.push(used.map((_, j) => (j === i ? -1 : 0)));
      b.push(-u.get(t)! / capacity);
    }
  });
  return lpFeasible(a, b, 1e-9) === 'infeasible' ? { feasible: false, blame: blameOf() } : { feasible: true };
}

/** The most a partial grant to this application can be (whole VND) keeping every quota, or undefined. */
function partialAmount(ctx: Ctx, s: State, it: Item): number | undefined {
  if (s.left <= 0 || fullCap(ctx, s, it) >= 0) return undefined;
  const r = BigInt(it.r);
  let lo = ceilDiv(ctx.minPartial.num * r, 100n * ctx.minPartial.den);
  if (lo < 1n) lo = 1n;
  let hi = BigInt(Math.min(s.left, it.r - 1));
  for (let k = 0; k < ctx.shares.length; k++) {
    const c = it.coef[k]!;
    const v = s.slack[k]!;
    if (c > 0n) {
      if (v < 0n) {
        const need = ceilDiv(-v, c);
        if (need > lo) lo = need;
      }
    } else if (c < 0n) {
      if (v < 0n) return undefined;
      const most = v / -c;
      if (most < hi) hi = most;
    } else if (v < 0n) return undefined;
  }
  return lo <= hi ? Number(hi) : undefined;
}

/**
 * How many more grants the caps allow among the applications ahead: per cap, the sum over its
 * groups of min(room left in the group, applications of the group still ahead); the least over caps.
 */
class Rooms {
  private readonly ahead: Map<string, number>[];
  private readonly total: number[];
  constructor(
    private readonly ctx: Ctx,
    private readonly s: State,
    items: readonly Item[],
  ) {
    this.ahead = ctx.caps.map((_, m) => {
      const counts = new Map<string, number>();
      for (const it of items) counts.set(it.groups[m]!, (counts.get(it.groups[m]!) ?? 0) + 1);
      return counts;
    });
    this.total = ctx.caps.map((_, m) => [...this.ahead[m]!].reduce((a, [g, n]) => a + Math.min(this.room(m, g), n), 0));
  }
  private room(m: number, g: string): number {
    return Math.max(0, this.ctx.caps[m]!.count - (this.s.counts[m]!.get(g) ?? 0));
  }
  /** An application is no longer ahead (call before deciding it). */
  passed(it: Item): void {
    this.ctx.caps.forEach((_, m) => {
      const g = it.groups[m]!;
      const n = this.ahead[m]!.get(g)!;
      if (this.room(m, g) >= n) this.total[m]! -= 1;
      this.ahead[m]!.set(g, n - 1);
    });
  }
  /** How many grants the caps allow ahead if this application is granted now (it has passed). */
  mostWith(it: Item): number {
    let most = Infinity;
    this.ctx.caps.forEach((_, m) => {
      const g = it.groups[m]!;
      most = Math.min(most, this.total[m]! - (this.room(m, g) <= this.ahead[m]!.get(g)! ? 1 : 0));
    });
    return most;
  }
  /** Call with the state's count before the grant is applied to it. */
  granting(it: Item): void {
    this.ctx.caps.forEach((_, m) => {
      const g = it.groups[m]!;
      if (this.room(m, g) <= this.ahead[m]!.get(g)!) this.total[m]! -= 1;
    });
  }
}

/** How far down the ranking the walk looks for a cheap completion before running ahead optimistically. */
const AHEAD = 1000;

type Skip =
  | { kind: 'budget'; left: number }
  | { kind: 'cap'; cap: number; group: string }
  | { kind: 'share'; rows: number[] }
  | { kind: 'undecided' }
  | { kind: 'ended' };
type Decision = { pos: number; amount: number; partial?: boolean } | { pos: number; skip: Skip };

interface Run {
  decisions: Decision[];
  /** The full grants, in order, and where each is in `decisions`. */
  adds: { pos: number; at: number }[];
  /** Index in `adds` of the last grant known to be completable (−1: none since the start). */
  lastCertain: number;
  /** A completion of the state after `adds[0..lastCertain]`. */
  witnessAtLastCertain: Witness;
  outcome: 'done' | 'broken' | { partialAt: number; amount: number };
}

/**
 * A cheap try at a completion: down the ranking from `from` (at most `limit` places), within the
 * budget and caps, take first each application that helps every broken share quota and breaks
 * none, then each that shrinks their total shortfall, until every quota holds. The positions taken, or undefined if it did not get there.
 */
function greedyCompletion(ctx: Ctx, s: State, extra: Item | undefined, from: number, limit = Infinity): number[] | undefined {
  let left = s.left - (extra?.r ?? 0);
  const slack = s.slack.map((v, k) => v + (extra ? extra.e[k]! : 0n));
  let broken = slack.reduce((m, v, k) => (v < 0n ? m | (1 << k) : m), 0);
  if (broken === 0) return [];
  const added = ctx.caps.map(() => new Map<string, number>());
  const bump = (it: Item) => ctx.caps.forEach((_, m) => added[m]!.set(it.groups[m]!, (added[m]!.get(it.groups[m]!) ?? 0) + 1));
  if (extra) bump(extra);
  const taken: number[] = [];
  const takenSet = new Set<number>();
  const end = Math.min(ctx.items.length, from + limit);
  // First only what helps every broken quota and breaks none; then whatever shrinks the shortfall.
  for (const strict of [true, false]) {
    for (let pos = from; pos < end; pos++) {
      const it = ctx.items[pos]!;
      const helps = ctx.helps.get(it.type)!;
      if (it.r > left || (helps & broken) === 0 || (strict && (helps & broken) !== broken) || takenSet.has(pos)) continue;
      let room = true;
      for (let m = 0; m < ctx.caps.length && room; m++) {
        const g = it.groups[m]!;
        room = (s.counts[m]!.get(g) ?? 0) + (added[m]!.get(g) ?? 0) < ctx.caps[m]!.count;
      }
      if (!room) continue;
      let before = 0;
      let after = 0;
      let breaks = false;
      for (let k = 0; k < slack.length; k++) {
        const d = Number(ctx.shares[k]!.hundredDen);
        if (slack[k]! < 0n) before -= Number(slack[k]!) / d;
        const v = slack[k]! + it.e[k]!;
        if (v < 0n) {
          after -= Number(v) / d;
          if (slack[k]! >= 0n) breaks = true;
        }
      }
      if (after >= before || (strict && breaks)) continue;
      left -= it.r;
      for (let k = 0; k < slack.length; k++) slack[k]! += it.e[k]!;
      bump(it);
      taken.push(pos);
      takenSet.add(pos);
      broken = slack.reduce((m, v, k) => (v < 0n ? m | (1 << k) : m), 0);
      if (broken === 0) return taken.sort((a, b) => a - b);
    }
  }
  return undefined;
}

/**
 * Walk down from `start`: grant what is known completable (the state keeps every quota, or does with
 * the witness, or with a completion found cheaply), skip where the relaxation proves no completion
 * exists, and otherwise grant optimistically; skips for the budget and caps are exact. With `safe`
 * (once the solver's time is spent, or it could not answer) there is no optimism: a rank neither
 * known completable nor proved impossible is skipped as undecided.
 */
function runAhead(ctx: Ctx, start: number, base: State, witness: Witness, safe: boolean): Run {
  const s = cloneState(base);
  let w: Witness | null = cloneWitness(witness);
  let witnessAtLastCertain = w;
  let lastCertain = -1;
  const avail = ctx.shares.length ? new Availability(ctx.items.slice(start)) : undefined;
  // A group whose cap is full stays full: its applications leave the relaxation's supply.
  const members = avail
    ? ctx.caps.map((_, m) => {
        const byGroup = new Map<string, Item[]>();
        for (const it of ctx.items.slice(start)) {
          const list = byGroup.get(it.groups[m]!);
          if (list) list.push(it);
          else byGroup.set(it.groups[m]!, [it]);
        }
        return byGroup;
      })
    : [];
  const rooms = avail && ctx.caps.length ? new Rooms(ctx, s, ctx.items.slice(start)) : undefined;
  /** Grant it in full: the state, and what lies ahead for the relaxation. */
  const grant = (it: Item) => {
    rooms?.granting(it);
    apply(ctx, s, it);
    ctx.caps.forEach((c, m) => {
      // A full group stays full: its applications leave the supply.
      if (avail && s.counts[m]!.get(it.groups[m]!) === c.count) for (const other of members[m]!.get(it.groups[m]!)!) avail.remove(other);
    });
  };
  const decisions: Decision[] = [];
  const adds: Run['adds'] = [];
  const n = ctx.items.length;
  let wait = 0;
  let backoff = 0;
  for (let pos = start; pos < n; pos++) {
    const it = ctx.items[pos]!;
    avail?.remove(it);
    rooms?.passed(it);
    if (it.r > s.left) {
      const x = ctx.policy.partialFunding ? partialAmount(ctx, s, it) : undefined;
      if (x !== undefined) {
        if (!w) return { decisions, adds, lastCertain, witnessAtLastCertain, outcome: { partialAt: pos, amount: x } };
        decisions.push({ pos, amount: x, partial: true });
        for (let p = pos + 1; p < n; p++) decisions.push({ pos: p, skip: { kind: 'ended' } });
        return { decisions, adds, lastCertain, witnessAtLastCertain, outcome: 'done' };
      }
      decisions.push({ pos, skip: { kind: 'budget', left: s.left } });
      continue;
    }
    const cap = fullCap(ctx, s, it);
    if (cap >= 0) {
      decisions.push({ pos, skip: { kind: 'cap', cap, group: it.groups[cap]! } });
      continue;
    }
    const after = s.slack.map((v, k) => v + it.e[k]!);
    let certain = true;
    if (w?.set.has(pos)) takeFromWitness(ctx, w, it);
    else if (keepsAll(after)) w = emptyWitness(ctx);
    else if (!(w && fitsWith(ctx, s, it, w))) {
      // After a failed try, the next ones wait (twice as long each time): deep in the part where no
      // cheap completion exists, trying at every rank would cost more than it finds.
      const found = wait-- > 0 ? undefined : greedyCompletion(ctx, s, it, pos + 1, AHEAD);
      if (found) wait = backoff = 0;
      else if (wait < 0) wait = backoff = Math.max(1, 2 * backoff);
      if (found) {
        w = witnessOf(ctx, found);
        grant(it);
        decisions.push({ pos, amount: it.r });
        adds.push({ pos, at: decisions.length - 1 });
        lastCertain = adds.length - 1;
        witnessAtLastCertain = w;
        continue;
      }
      const rest = s.left - it.r;
      const most = rooms ? rooms.mostWith(it) : Infinity;
      const supply: Supply = { types: avail!.types(), amount: (t) => avail!.top(t, rest, most), total: avail!.top(ALL, rest, most) };
      const rel = relaxation(ctx, after, rest, supply, it);
      if (!rel.feasible) {
        decisions.push({ pos, skip: { kind: 'share', rows: rel.blame } });
        continue;
      }
      if (safe) {
        decisions.push({ pos, skip: { kind: 'undecided' } });
        continue;
      }
      certain = false;
      w = null;
    }
    grant(it);
    decisions.push({ pos, amount: it.r });
    adds.push({ pos, at: decisions.length - 1 });
    if (certain) {
      lastCertain = adds.length - 1;
      witnessAtLastCertain = w!;
    }
  }
  return { decisions, adds, lastCertain, witnessAtLastCertain, outcome: keepsAll(s.slack) ? 'done' : 'broken' };
}

function replay(ctx: Ctx, base: State, positions: readonly { pos: number }[]): State {
  const s = cloneState(base);
  for (const { pos } of positions) apply(ctx, s, ctx.items[pos]!);
  return s;
}

/** Does this completion keep the budget, caps and quotas with the state? Exact. */
function verifies(ctx: Ctx, st: State, positions: readonly number[]): boolean {
  const s = cloneState(st);
  for (const pos of positions) {
    const it = ctx.items[pos]!;
    if (it.r > s.left || fullCap(ctx, s, it) >= 0) return false;
    apply(ctx, s, it);
  }
  return keepsAll(s.slack);
}

export interface SolverStats {
  calls: number;
  timeMs: number;
  undecided: number;
}

/**
 * What `free` can supply, bounded by the caps: in a group with room for k more grants at most its k
 * largest requests (of a kind, or of any kind) can be funded.
 */
function supplyOf(ctx: Ctx, st: State, free: readonly Item[]): Supply {
  const u = new Map<number, number>();
  let total = 0;
  for (const it of free) {
    u.set(it.type, (u.get(it.type) ?? 0) + it.r);
    total += it.r;
  }
  ctx.caps.forEach((c, m) => {
    const byGroup = new Map<string, Item[]>();
    for (const it of free) {
      const list = byGroup.get(it.groups[m]!);
      if (list) list.push(it);
      else byGroup.set(it.groups[m]!, [it]);
    }
    const bound = new Map<number, number>();
    let all = 0;
    for (const [group, list] of byGroup) {
      const room = Math.max(0, c.count - (st.counts[m]!.get(group) ?? 0));
      list.sort((a, b) => b.r - a.r);
      all += list.slice(0, room).reduce((a, it) => a + it.r, 0);
      const perType = new Map<number, number>();
      for (const it of list) {
        const n = perType.get(it.type) ?? 0;
        if (n >= room) continue;
        perType.set(it.type, n + 1);
        bound.set(it.type, (bound.get(it.type) ?? 0) + it.r);
      }
    }
    for (const [t, v] of u) u.set(t, Math.min(v, bound.get(t) ?? 0));
    total = Math.min(total, all);
  });
  return { types: [...u.keys()], amount: (t) => u.get(t) ?? 0, total };
}

type Completable = { ok: true; witness: Witness } | { ok: false; why: 'proof' | 'undecided' };

/** Can full grants of applications after `after` complete this state so that it keeps every quota? */
async function completable(
  ctx: Ctx,
  st: State,
  after: number,
  solver: MipSolver,
  stats: SolverStats,
  budgetMs: number,
): Promise<Completable> {
  if (keepsAll(st.slack)) return { ok: true, witness: emptyWitness(ctx) };
  const free = ctx.items.slice(after + 1).filter((it) => it.r <= st.left && fullCap(ctx, st, it) < 0);
  if (free.length === 0) return { ok: false, why: 'proof' };
  if (!relaxation(ctx, st.slack, st.left, supplyOf(ctx, st, free), undefined).feasible) return { ok: false, why: 'proof' };
  const taken = greedyCompletion(ctx, st, undefined, after + 1);
  if (taken) return { ok: true, witness: witnessOf(ctx, taken) };
  for (const margin of [0, 1e-6]) {
    if (stats.timeMs >= budgetMs) return { ok: false, why: 'undecided' };
    const model = completionModel(ctx, st, free, margin);
    stats.calls++;
    // No one question may take more than half of what is left, so one hard rank does not starve the rest.
    const sol = await solver.solve(model, { timeLimitSeconds: Math.max(0.05, (budgetMs - stats.timeMs) / 2000) });
    stats.timeMs += sol.timeMs;
    if (sol.status === 'infeasible') return { ok: false, why: 'proof' };
    if (sol.status !== 'optimal') return { ok: false, why: 'undecided' };
    const chosen = free.filter((_, i) => (sol.values[i] ?? 0) > 0.5).map((it) => it.pos);
    if (verifies(ctx, st, chosen)) return { ok: true, witness: witnessOf(ctx, chosen) };
    // The solver's tolerance let a row slip by a fraction of a VND: ask again with a margin.
  }
  return { ok: false, why: 'undecided' };
}

/** The feasibility MIP: one binary column per free application; budget, share quotas and caps as rows (money in millions). */
function completionModel(ctx: Ctx, st: State, free: readonly Item[], margin: number): MipModel {
  const M = 1e6;
  const all = free.map((_, i) => i);
  const rows: MipModel['rows'] = [
    { name: 'budget', lower: -Infinity, upper: st.left / M - margin, indices: all, values: free.map((it) => it.r / M) },
  ];
  ctx.shares.forEach((s, k) => {
    const d = Number(s.hundredDen);
    rows.push({
      name: `q${s.quota}`,
      lower: -Number(st.slack[k]!) / d / M + margin,
      upper: Infinity,
      indices: all,
      values: free.map((it) => Number(it.e[k]!) / d / M),
    });
  });
  ctx.caps.forEach((c, m) => {
    const members = new Map<string, number[]>();
    free.forEach((it, i) => {
      const g = it.groups[m]!;
      const list = members.get(g);
      if (list) list.push(i);
      else members.set(g, [i]);
    });
    for (const [g, list] of members) {
      const room = c.count - (st.counts[m]!.get(g) ?? 0);
      if (list.length > room)
        rows.push({ name: `cap${c.quota}_${g}`, lower: -Infinity, upper: room, indices: list, values: list.map(() => 1) });
    }
  });
  return {
    numCols: free.length,
    cost: free.map(() => 0),
    lower: free.map(() => 0),
    upper: free.map(() => 1),
    integer: free.map(() => true),
    rows,
  };
}

/**
 * The lexicographic walk (merit order when there are no share quotas). Returns one decision per
 * eligible application, in merit order.
 */
async function walk(ctx: Ctx, solver: MipSolver, stats: SolverStats): Promise<Decision[]> {
  const budgetMs = ctx.policy.solverTimeLimitSeconds * 1000;
  const decided: Decision[] = [];
  let start = 0;
  let base = emptyState(ctx, ctx.policy.budgetVnd);
  let witness = emptyWitness(ctx);
  let safe = false;
  while (start < ctx.items.length) {
    const run = runAhead(ctx, start, base, witness, safe);
    if (run.outcome === 'done') {
      decided.push(...run.decisions);
      return decided;
    }
    if (safe) throw new Error('selection: a walk that grants only completable applications broke a quota');
    let hi = run.adds.length;
    let why: 'proof' | 'undecided' = 'proof';
    if (typeof run.outcome === 'object') {
      // A partial grant here would close the round: it stands if the grants so far can be completed.
      const { partialAt, amount } = run.outcome;
      const r = await completable(ctx, replay(ctx, base, run.adds), partialAt, solver, stats, budgetMs);
      if (r.ok) {
        decided.push(...run.decisions, { pos: partialAt, amount, partial: true });
        for (let p = partialAt + 1; p < ctx.items.length; p++) decided.push({ pos: p, skip: { kind: 'ended' } });
        return decided;
      }
      why = r.why;
    }
    // The first optimistic grant that cannot be completed: completable prefixes come first. Look
    // just past the last known-completable grant first (where a cheap completion is most likely),
    // doubling the step, then halve the interval that holds it.
    let lo = run.lastCertain + 1;
    let loWitness = run.witnessAtLastCertain;
    const probe = async (k: number) => {
      const r = await completable(ctx, replay(ctx, base, run.adds.slice(0, k)), run.adds[k - 1]!.pos, solver, stats, budgetMs);
      if (r.ok) {
        lo = k;
        loWitness = r.witness;
      } else {
        hi = k;
        why = r.why;
      }
      return r.ok;
    };
    for (let step = 1; lo + step < hi && (await probe(lo + step)); step *= 2);
    while (hi - lo > 1) await probe((lo + hi) >> 1);
    const passed = run.adds[hi - 1]!;
    decided.push(...run.decisions.slice(0, passed.at));
    base = replay(ctx, base, run.adds.slice(0, hi - 1));
    if (why === 'undecided') {
      decided.push({ pos: passed.pos, skip: { kind: 'undecided' } });
    } else {
      const it = ctx.items[passed.pos]!;
      const after = base.slack.map((v, k) => v + it.e[k]!);
      const broken = after.flatMap((v, k) => (v < 0n ? [k] : []));
      const hurt = broken.filter((k) => it.coef[k]! < 0n);
      decided.push({
        pos: passed.pos,
        skip: { kind: 'share', rows: hurt.length ? hurt : broken.length ? broken : ctx.shares.map((_, k) => k) },
      });
    }
    witness = loWitness;
    start = passed.pos + 1;
    if (why === 'undecided' || stats.timeMs >= budgetMs) safe = true;
  }
  return decided;
}

export interface SelectionOutcome {
  /** `merit-order`: no share quotas, so merit order with skipping is the answer; `lexicographic`: with share quotas. */
  method: 'merit-order' | 'lexicographic';
  /** False when a rank could not be decided in the solver's time: the selection is shown, never committed. */
  exact: boolean;
  /** The pass mark applied: the rubric's, or the selection's if higher. */
  passMark: number;
  ranked: Candidate[];
  funded: Entry[];
  waitlisted: Entry[];
  notFunded: Entry[];
  totalVnd: number;
  budgetVnd: number;
  /** With quotas: plain merit order (budget and caps only) beside the answer, and the departures from it. */
  comparison?: {
    meritOrder: { funded: number; totalVnd: number; violations: string[] };
    /** Applications funded by one and not the other. */
    changed: number;
    /** Applications passed over for a quota, and how many each quota forced (one may name several). */
    passedOver: number;
    departures: { quota: string; passedOver: number }[];
    solver: SolverStats;
  };
}

const noSolver: MipSolver = { solve: () => Promise.reject(new Error('merit order needs no solver')) };

/**
 * Rank and allocate. Candidates in any order; the result lists every one with its reason.
 * `rubricPassMark`: the pass mark of the rubric version the applications were scored by.
 */
export async function select(
  candidates: readonly Candidate[],
  policy: Policy,
  solver: MipSolver,
  options: { rubricPassMark?: number | undefined } = {},
): Promise<SelectionOutcome> {
  const ranked = [...candidates].sort(compareMerit);
  const passMark = Math.max(policy.passMark ?? 0, options.rubricPassMark ?? 0);
  const eligible = ranked.filter((c) => c.totalPoints >= passMark);
  const ctx = context(eligible, policy);
  const stats: SolverStats = { calls: 0, timeMs: 0, undecided: 0 };
  const decisions = await walk(ctx, solver, stats);
  stats.undecided = decisions.filter((d) => 'skip' in d && d.skip.kind === 'undecided').length;
  const out = explain(ranked, eligible, decisions, ctx, passMark);
  let comparison: SelectionOutcome['comparison'];
  if (policy.quotas.length > 0) {
    const plainPolicy = { ...policy, quotas: policy.quotas.filter((q) => q.kind === 'max-grants-per') };
    const plain = await walk(context(eligible, plainPolicy), noSolver, { calls: 0, timeMs: 0, undecided: 0 });
    const plainAmount = new Map(plain.flatMap((d) => ('amount' in d ? [[eligible[d.pos]!.applicationId, d.amount] as const] : [])));
    const amount = new Map(out.funded.map((e) => [e.applicationId, e.amountVnd]));
    const passedOver = [...out.waitlisted].filter((e) => e.passedOverFor);
    comparison = {
      meritOrder: {
        funded: plainAmount.size,
        totalVnd: [...plainAmount.values()].reduce((a, b) => a + b, 0),
        violations: violations(
          ranked,
          ranked.map((c) => plainAmount.get(c.applicationId) ?? 0),
          policy,
        ),
      },
      changed:
        [...amount.keys()].filter((id) => !plainAmount.has(id)).length + [...plainAmount.keys()].filter((id) => !amount.has(id)).length,
      passedOver: passedOver.length,
      departures: policy.quotas.map((q) => ({
        quota: describeQuota(q),
        passedOver: passedOver.filter((e) => e.passedOverFor!.includes(describeQuota(q))).length,
      })),
      solver: { calls: stats.calls, timeMs: Math.round(stats.timeMs), undecided: stats.undecided },
    };
  }
  return {
    method: ctx.shares.length ? 'lexicographic' : 'merit-order',
    exact: stats.undecided === 0,
    passMark,
    ranked,
    ...out,
    budgetVnd: policy.budgetVnd,
    ...(comparison ? { comparison } : {}),
  };
}

const r2 = (n: number) => Math.round(n * 100) / 100;

function explain(ranked: readonly Candidate[], eligible: readonly Candidate[], decisions: readonly Decision[], ctx: Ctx, passMark: number) {
  const byId = new Map(eligible.map((c, pos) => [c.applicationId, decisions[pos]!]));
  const partial = decisions.find((d) => 'partial' in d && d.partial);
  const partialRank = partial ? ranked.indexOf(eligible[partial.pos]!) + 1 : 0;
  const funded: Entry[] = [];
  const waitlisted: Entry[] = [];
  const notFunded: Entry[] = [];
  let totalVnd = 0;
  ranked.forEach((c, i) => {
    const rank = i + 1;
    const base = {
      applicationId: c.applicationId,
      taxCode: c.taxCode,
      rank,
      totalPoints: c.totalPoints,
      requestedAmountVnd: c.requestedAmountVnd,
    };
    const d = byId.get(c.applicationId);
    if (!d) {
      notFunded.push({ ...base, amountVnd: 0, reason: `${c.totalPoints} points is below the pass mark of ${passMark}` });
      return;
    }
    if ('amount' in d) {
      totalVnd += d.amount;
      funded.push({
        ...base,
        amountVnd: d.amount,
        reason: d.partial
          ? `rank ${rank}: funded ${r2((d.amount / c.requestedAmountVnd) * 100)} % of the request (partial funding, closing the round)`
          : `rank ${rank}, ${c.totalPoints} points: funded in full`,
      });
      return;
    }
    const s = d.skip;
    const wait = (reason: string, passedOverFor?: string[]) =>
      waitlisted.push({ ...base, amountVnd: 0, reason, ...(passedOverFor ? { passedOverFor } : {}) });
    if (s.kind === 'budget') wait(`not funded in this round: the budget has ${s.left} VND left of the ${c.requestedAmountVnd} requested`);
    else if (s.kind === 'ended')
      wait(`not funded in this round: the budget is used up (rank ${partialRank} was funded in part with what was left)`);
    else if (s.kind === 'undecided')
      wait('not funded in this round: undecided — the solver did not answer within its time limit, so this selection cannot be committed');
    else if (s.kind === 'cap') {
      const q = ctx.policy.quotas[ctx.caps[s.cap]!.quota]!;
      wait(`passed over: ${describeQuota(q)} (${s.group} already has ${ctx.caps[s.cap]!.count})`, [describeQuota(q)]);
    } else {
      const names = s.rows.map((k) => describeQuota(ctx.policy.quotas[ctx.shares[k]!.quota]!));
      wait(`passed over: ${names.length === 1 ? names[0] : `${names.join(' and ')}, together`}`, names);
    }
  });
  return { funded, waitlisted, notFunded, totalVnd };
}

/**
 * Why an outcome may not be committed (empty: it may): every rank decided, the budget and every
 * quota kept, nothing funded below the pass mark — checked again, exactly, before anything is sent.
 */
export function commitProblems(outcome: SelectionOutcome, policy: Policy): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!outcome.exact)
    problems.push({
      path: 'body.solverTimeLimitSeconds',
      message: 'the solver did not decide every rank within its time limit; allow it more time',
    });
  const amount = new Map(outcome.funded.map((e) => [e.applicationId, e.amountVnd]));
  for (const v of violations(
    outcome.ranked,
    outcome.ranked.map((c) => amount.get(c.applicationId) ?? 0),
    policy,
  ))
    problems.push({ path: 'body.quotas', message: `the allocation breaks ${v}` });
  for (const e of outcome.funded)
    if (e.totalPoints < outcome.passMark)
      problems.push({ path: 'body.passMark', message: `${e.applicationId} is funded with ${e.totalPoints} points, below the pass mark` });
  return problems;
}
