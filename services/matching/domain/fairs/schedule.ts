/**
 * The B2B meeting scheduler: assigns requested buyer–exhibitor pairs to (slot, table).
 *
 * Hard constraints: one meeting per participant per slot; no meeting in a blocked slot; per-participant
 * caps; at most one meeting per pair; a pair declined by either side never meets; at most `tables`
 * meetings per slot, where a meeting whose buyer (else exhibitor) holds a fixed booth is held at that
 * booth and the others share the remaining tables; a top-up run keeps every confirmed meeting.
 *
 * How (docs/design-notes.md, "Trade-fair scheduler"):
 * 1. LP relaxation over x[pair, slot] (HiGHS, from the weight-sorted first fit's vertex). Its
 *    dual-certified optimum is the run's upper bound.
 * 2. Rounding: LP values ≥ ½ in decreasing order (an integral LP is taken whole), then the rest by
 *    weight, earliest common free slot.
 * 3. Must-meet repair: every unplaced must-meet pair is inserted, displacing the cheapest
 *    non-must-meet meetings it collides with (slot, table, caps), which are then re-placed if they fit.
 * 4. Improvement: ejection moves — insert an unplaced pair, displace what it collides with, re-place
 *    the displaced; kept only if the total weight rises.
 * 5. Fairness ("everyone with requests gets a meeting before anyone gets many"): each requesting
 *    participant still without a meeting, priority participants first, then those with fewest
 *    options, is given the pair that costs least weight, displacing only non-must-meet meetings and
 *    only if everyone who had a meeting still has one — as long as the cost is at most
 *    `firstMeetingValue` (default 15, one buyer-side "meet"). The weight given up is reported
 *    (stats.fairnessCost). Improvement then runs again, never leaving a covered participant without
 *    a meeting.
 * 6. Tables: booths for booth holders, the lowest free shared table otherwise (confirmed keep theirs).
 * 7. Every requested pair not met gets a reason computed against the final schedule.
 *
 * Bounds (docs/design-notes.md, "Trade-fair scheduler: bounded work"): a fair with more requested
 * pairs than FAIR_MODEL_LIMITS.requestedPairs is refused with the reason (FairTooLargeError); where
 * the (pair, slot) LP would have more columns than FAIR_MODEL_LIMITS.slotLpColumns, the LP is solved
 * over pairs alone (each participant's meetings ≤ its cap and its free slots, the shared tables'
 * table-slots) — a weaker but still proven bound, the slots then found by the rounding and the
 * phases after it. Every phase has a deadline within the run's (`deadlineMs`): one that reaches it
 * stops with what it has, and says so (`stats.cutShort`). The bound is never adjusted to the result:
 * a schedule heavier than its proven bound is a defect, and the run fails with SchedulerError.
 */
import { solvePackingLp, type PackingLp } from './lp.ts';
import type { Localized } from '../../../../shared/i18n/localized.ts';
import { joinLocalized, say } from '../../../../shared/i18n/messages.ts';
import type { FairInstance, FairMeeting, FairScheduleRun, ReleasedMeeting, UnscheduledPair } from './types.ts';
import { requestedPairs, type RequestedPair } from './weights.ts';

export class FairInputError extends Error {
  constructor(readonly problems: { field: string; message: string }[]) {
    super(`invalid fair: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'FairInputError';
  }
}

/** The most work one run takes on (see the module comment); the benchmark runs a fair at these limits. */
export const FAIR_MODEL_LIMITS = {
  /** Requested pairs (wishes from either side and matching's candidate pairs, declined ones included). */
  requestedPairs: 100_000,
  /** Columns of the (pair, slot) LP; above, the LP is solved over pairs. */
  slotLpColumns: 300_000,
} as const;

/** A fair larger than the scheduler takes on: the run is refused with the reason, not attempted. */
export class FairTooLargeError extends FairInputError {
  constructor(requested: number, limit: number) {
    super([
      {
        field: 'requestedPairs',
        message:
          `the fair's wishes and candidate pairs make ${requested.toLocaleString('en-US')} requested pairs; ` +
          `a run takes at most ${limit.toLocaleString('en-US')} (fewer must-meet and meet wishes, or split the fair)`,
      },
    ]);
    this.name = 'FairTooLargeError';
  }
}

/** The scheduler broke one of its own guarantees (a schedule heavier than its proven bound): a defect, never retried. */
export class SchedulerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchedulerError';
  }
}

/** The phases that stop at their deadline, as `stats.cutShort` lists them. */
export type SchedulePhase = FairScheduleRun['stats']['cutShort'][number];

/**
 * Refuses a total above the proven upper bound (both rounded to cents as reported): the bound is
 * what the gap is measured against, so it is never raised to fit the result.
 */
export function assertWithinBound(totalWeight: number, upperBound: number, boundMethod: string): void {
  if (totalWeight > upperBound + 1e-6 * Math.max(1, upperBound)) {
    throw new SchedulerError(
      `the schedule's total weight ${totalWeight} exceeds its proven upper bound ${upperBound} (${boundMethod}): a scheduler defect`,
    );
  }
}

export interface ScheduleOptions {
  /**
   * Wall-clock budget of the whole run (ms, default 150 s of the run consumer's 300 s): no phase
   * goes past it. Building the schedule's tables and the reasons after it takes a few seconds more
   * at the model limits (docs/benchmarks.md).
   */
  deadlineMs?: number;
  /** Wall-clock budget for the LP solve (seconds); on timeout the degree bound is used. */
  lpTimeLimitSec?: number;
  /** Budget for the must-meet repair (ms, default 20 s). */
  repairBudgetMs?: number;
  /** Budget for the improvement passes (ms). */
  improveBudgetMs?: number;
  /** Budget for the fairness phase (ms, default 10 s); the participants it did not reach keep no meeting. */
  fairnessBudgetMs?: number;
  /** Lower model limits than FAIR_MODEL_LIMITS (tests of the limits on small fairs); never higher. */
  modelLimits?: Partial<Record<keyof typeof FAIR_MODEL_LIMITS, number>>;
  /** Skip the LP (tests of the combinatorial part); the bound is then the degree bound. */
  useLp?: boolean;
  /**
   * The most total weight the fairness phase may give up to get one participant its first meeting.
   * Default 15, one buyer-side "meet"; Infinity = whenever possible (measured in docs/benchmarks.md).
   */
  firstMeetingValue?: number;
  /**
   * Start the LP's simplex from the vertex of a weight-sorted first fit (default true): fewer
   * iterations than from the all-slack basis (docs/benchmarks.md, "Trade-fair scheduler").
   */
  lpWarmStart?: boolean;
  /** Further HiGHS options (tuning experiments). */
  lpOptions?: Record<string, string | number | boolean>;
}

const EPS = 1e-9;

/** Checks what the domain relies on; the HTTP layer's zod schemas check shapes and bounds. */
export function validateFair(instance: FairInstance): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const slotSet = new Set(instance.slots);
  if (slotSet.size !== instance.slots.length) problems.push({ field: 'slots', message: 'slot ids must be unique' });
  if (!Number.isInteger(instance.tables) || instance.tables < 0) {
    problems.push({ field: 'tables', message: 'must be a non-negative integer' });
  }
  const ids = new Set<string>();
  const booths = new Map<number, string>();
  instance.participants.forEach((p, i) => {
    if (ids.has(p.id)) problems.push({ field: `participants[${i}].id`, message: 'duplicate participant id' });
    ids.add(p.id);
    const field = `participants[${i}]`;
    if (p.cap !== undefined && (!Number.isInteger(p.cap) || p.cap < 0)) {
      problems.push({ field: `${field}.cap`, message: 'must be a non-negative integer' });
    }
    for (const s of p.blockedSlots ?? []) {
      if (!slotSet.has(s)) problems.push({ field: `${field}.blockedSlots`, message: `unknown slot ${s}` });
    }
    if (p.fixedTable !== undefined) {
      if (!Number.isInteger(p.fixedTable) || p.fixedTable < 1 || p.fixedTable > instance.tables) {
        problems.push({ field: `participants[${i}].fixedTable`, message: `must be a table number 1..${instance.tables}` });
      } else if (booths.has(p.fixedTable)) {
        problems.push({ field: `${field}.fixedTable`, message: `table ${p.fixedTable} is already ${booths.get(p.fixedTable)}'s booth` });
      } else booths.set(p.fixedTable, p.id);
    }
  });
  return problems;
}

interface Pair {
  req: RequestedPair | undefined;
  b: number;
  e: number;
  w: number;
  must: boolean;
  /** Booth table the pair meets at, or 0 for a shared table. */
  booth: number;
  /** Slot indices where both are free of blocks (and of confirmed meetings, for new pairs). */
  slots: number[];
  locked: boolean;
}

/** Mutable schedule state with an undo log, so tentative moves can be rolled back. */
class State {
  readonly at: Int32Array;
  readonly cnt: Int32Array;
  readonly slotOf: Int32Array;
  readonly poolUsed: Int32Array;
  readonly slotMeetings: Set<number>[];
  log: [op: 0 | 1, pair: number, slot: number][] | undefined;

  constructor(
    readonly S: number,
    readonly nPart: number,
    readonly pairs: Pair[],
    readonly cap: Int32Array,
    readonly poolCap: number,
  ) {
    this.at = new Int32Array(nPart * S).fill(-1);
    this.cnt = new Int32Array(nPart);
    this.slotOf = new Int32Array(pairs.length).fill(-1);
    this.poolUsed = new Int32Array(S);
    this.slotMeetings = Array.from({ length: S }, () => new Set<number>());
  }

  fits(p: number, s: number): boolean {
    const q = this.pairs[p]!;
    return (
      this.slotOf[p] === -1 &&
      this.at[q.b * this.S + s] === -1 &&
      this.at[q.e * this.S + s] === -1 &&
      this.cnt[q.b]! < this.cap[q.b]! &&
      this.cnt[q.e]! < this.cap[q.e]! &&
      (q.booth > 0 || this.poolUsed[s]! < this.poolCap)
    );
  }

  place(p: number, s: number): void {
    const q = this.pairs[p]!;
    this.at[q.b * this.S + s] = p;
    this.at[q.e * this.S + s] = p;
    this.cnt[q.b]!++;
    this.cnt[q.e]!++;
    this.slotOf[p] = s;
    if (q.booth === 0) this.poolUsed[s]!++;
    this.slotMeetings[s]!.add(p);
    this.log?.push([0, p, s]);
  }

  remove(p: number): void {
    const q = this.pairs[p]!;
    const s = this.slotOf[p]!;
    this.at[q.b * this.S + s] = -1;
    this.at[q.e * this.S + s] = -1;
    this.cnt[q.b]!--;
    this.cnt[q.e]!--;
    this.slotOf[p] = -1;
    if (q.booth === 0) this.poolUsed[s]!--;
    this.slotMeetings[s]!.delete(p);
    this.log?.push([1, p, s]);
  }

  begin(): void {
    this.log = [];
  }

  rollback(): void {
    const log = this.log ?? [];
    this.log = undefined;
    for (let i = log.length - 1; i >= 0; i--) {
      const [op, p, s] = log[i]!;
      if (op === 0) this.remove(p);
      else this.place(p, s);
    }
  }

  commit(): void {
    this.log = undefined;
  }

  firstFit(p: number): number {
    for (const s of this.pairs[p]!.slots) if (this.fits(p, s)) return s;
    return -1;
  }
}

type Protect = (p: number) => boolean;

/**
 * The meetings pair `p` collides with if placed in slot `s`: the two participants' meetings in `s`,
 * the cheapest shared-table meeting of `s` if no shared table is left, and each side's cheapest
 * other meeting if its cap is reached. Undefined if a collision is protected.
 */
function collisions(st: State, p: number, s: number, protect: Protect): number[] | undefined {
  const q = st.pairs[p]!;
  const out: number[] = [];
  for (const i of [q.b, q.e]) {
    const m = st.at[i * st.S + s]!;
    if (m >= 0) {
      if (protect(m)) return undefined;
      out.push(m);
    }
  }
  if (q.booth === 0) {
    let used = st.poolUsed[s]!;
    for (const m of out) if (st.pairs[m]!.booth === 0) used--;
    if (used >= st.poolCap) {
      let best = -1;
      for (const m of st.slotMeetings[s]!) {
        if (st.pairs[m]!.booth !== 0 || out.includes(m) || protect(m)) continue;
        if (best < 0 || st.pairs[m]!.w < st.pairs[best]!.w) best = m;
      }
      if (best < 0) return undefined;
      out.push(best);
    }
  }
  for (const i of [q.b, q.e]) {
    let left = st.cnt[i]!;
    for (const m of out) if (st.pairs[m]!.b === i || st.pairs[m]!.e === i) left--;
    if (left >= st.cap[i]!) {
      if (st.cap[i]! === 0) return undefined;
      let best = -1;
      for (let t = 0; t < st.S; t++) {
        const m = st.at[i * st.S + t]!;
        if (m < 0 || out.includes(m) || protect(m)) continue;
        if (best < 0 || st.pairs[m]!.w < st.pairs[best]!.w) best = m;
      }
      if (best < 0) return undefined;
      out.push(best);
    }
  }
  return out;
}

/**
 * Tries to insert pair p by displacing what it collides with and re-placing the displaced pairs
 * where they fit. Keeps the change if accept(gain) holds, where gain is the net change in total
 * weight (slots tried cheapest collision first); otherwise rolls back. A dry run always rolls back.
 * Returns the gain of the accepted move, or undefined.
 */
function ejectionInsert(
  st: State,
  p: number,
  protect: Protect,
  accept: (gain: number) => boolean,
  cover: Cover,
  dry = false,
  keepCover = true,
): number | undefined {
  const options: { s: number; out: number[]; cost: number }[] = [];
  for (const s of st.pairs[p]!.slots) {
    const out = collisions(st, p, s, protect);
    if (!out) continue;
    let cost = 0;
    for (const m of out) cost += st.pairs[m]!.w;
    options.push({ s, out, cost });
  }
  options.sort((a, b) => a.cost - b.cost || a.s - b.s);
  for (const { s, out } of options) {
    st.begin();
    let gain = st.pairs[p]!.w;
    for (const m of out) {
      st.remove(m);
      gain -= st.pairs[m]!.w;
    }
    st.place(p, s);
    for (const m of out) {
      const t = st.firstFit(m);
      if (t >= 0) {
        st.place(m, t);
        gain += st.pairs[m]!.w;
      }
    }
    gain += recover(st, out, cover);
    if (accept(gain) && (!keepCover || coverKept(st, out, cover.covered))) {
      if (dry) st.rollback();
      else st.commit();
      return gain;
    }
    st.rollback();
  }
  return undefined;
}

/** Coverage to keep: who has a meeting that must not be left without one, and each one's pairs (heaviest first). */
interface Cover {
  covered: Uint8Array;
  pairsOf: number[][];
}

/**
 * Gives each participant that lost a meeting in `out` (and did not get it back) its heaviest other
 * pair that now fits: a displaced participant often has room again (its cap or a slot freed).
 */
function recover(st: State, out: number[], cover: Cover): number {
  let gain = 0;
  for (const m of out) {
    if (st.slotOf[m] !== -1) continue;
    for (const i of [st.pairs[m]!.b, st.pairs[m]!.e]) {
      for (const p of cover.pairsOf[i]!) {
        const t = st.firstFit(p);
        if (t >= 0) {
          st.place(p, t);
          gain += st.pairs[p]!.w;
          break;
        }
      }
    }
  }
  return gain;
}

function coverKept(st: State, out: number[], covered: Uint8Array): boolean {
  for (const m of out) for (const i of [st.pairs[m]!.b, st.pairs[m]!.e]) if (covered[i] && st.cnt[i]! < 1) return false;
  return true;
}

export async function scheduleFair(instance: FairInstance, options: ScheduleOptions = {}): Promise<FairScheduleRun> {
  const started = performance.now();
  const problems = validateFair(instance);
  if (problems.length > 0) throw new FairInputError(problems);

  const S = instance.slots.length;
  const slotIndex = new Map(instance.slots.map((s, i) => [s, i]));
  const parts = instance.participants;
  const partIndex = new Map(parts.map((p, i) => [p.id, i]));
  const blocked = new Uint8Array(parts.length * S);
  parts.forEach((p, i) => {
    for (const s of p.blockedSlots ?? []) blocked[i * S + slotIndex.get(s)!] = 1;
  });
  const cap = Int32Array.from(parts, (p) => Math.min(p.cap ?? S, S));
  const boothOwner = new Map<number, string>();
  for (const p of parts) if (p.fixedTable !== undefined) boothOwner.set(p.fixedTable, p.id);
  const poolTables: number[] = [];
  for (let t = 1; t <= instance.tables; t++) if (!boothOwner.has(t)) poolTables.push(t);
  const boothOf = (b: number, e: number) => parts[b]!.fixedTable ?? parts[e]!.fixedTable ?? 0;

  const requested = requestedPairs(instance);
  const pairs: Pair[] = [];
  const pairKey = new Map<string, number>();
  const limits = {
    requestedPairs: Math.min(options.modelLimits?.requestedPairs ?? Infinity, FAIR_MODEL_LIMITS.requestedPairs),
    slotLpColumns: Math.min(options.modelLimits?.slotLpColumns ?? Infinity, FAIR_MODEL_LIMITS.slotLpColumns),
  };
  if (requested.length > limits.requestedPairs) throw new FairTooLargeError(requested.length, limits.requestedPairs);
  const declined: RequestedPair[] = [];
  const declinedBy = new Map<string, string>();
  for (const r of requested) {
    if (r.declinedBy) {
      declined.push(r);
      declinedBy.set(`${r.buyerId}\u0000${r.exhibitorId}`, r.declinedBy);
      continue;
    }
    const b = partIndex.get(r.buyerId)!;
    const e = partIndex.get(r.exhibitorId)!;
    pairKey.set(`${r.buyerId}\u0000${r.exhibitorId}`, pairs.length);
    pairs.push({ req: r, b, e, w: r.weight, must: r.mustMeet, booth: boothOf(b, e), slots: [], locked: false });
  }

  // Confirmed meetings (top-up): kept unless they break a hard constraint of the current data.
  const released: ReleasedMeeting[] = [];
  const lockedTable = new Map<number, number>();
  const lockedAt = new Set<string>();
  const confirmedPlan: [pair: number, slot: number][] = [];
  {
    const busy = new Set<string>();
    const used = new Set<string>();
    const count = new Int32Array(parts.length);
    const poolBySlot = new Int32Array(S);
    for (const c of instance.confirmed ?? []) {
      const b = partIndex.get(c.buyerId);
      const e = partIndex.get(c.exhibitorId);
      const s = slotIndex.get(c.slotId);
      const release = (text: Localized) => released.push({ meeting: { ...c }, reason: text.en, reasonText: text });
      const slot = c.slotId;
      const table = c.table;
      if (b === undefined || e === undefined || parts[b]!.role !== 'buyer' || parts[e]!.role !== 'exhibitor') {
        release(say('fair.releasedGone'));
        continue;
      }
      if (s === undefined) {
        release(say('fair.releasedSlot', { slot }));
        continue;
      }
      const k = `${c.buyerId}\u0000${c.exhibitorId}`;
      const noThanks =
        declinedBy.get(k) ??
        (parts[b]!.preferences?.noThanks.includes(c.exhibitorId) ? c.buyerId : undefined) ??
        (parts[e]!.preferences?.noThanks.includes(c.buyerId) ? c.exhibitorId : undefined);
      const owner = boothOwner.get(c.table);
      const isPool = owner === undefined;
      if (noThanks) release(say('fair.releasedNoThanks', { who: noThanks }));
      else if (blocked[b * S + s] || blocked[e * S + s]) {
        release(say('fair.releasedBlocked', { who: blocked[b * S + s] ? c.buyerId : c.exhibitorId, slot }));
      } else if (!Number.isInteger(table) || table < 1 || table > instance.tables) release(say('fair.releasedNoSuchTable', { table }));
      else if (owner !== undefined && owner !== c.buyerId && owner !== c.exhibitorId) release(say('fair.releasedBooth', { table, owner }));
      else if (busy.has(`${b}/${s}`) || busy.has(`${e}/${s}`)) release(say('fair.releasedParticipantBusy', { slot }));
      else if (used.has(`${table}/${s}`)) release(say('fair.releasedTableBusy', { table, slot }));
      else if (lockedAt.has(k)) release(say('fair.releasedPairTwice'));
      else if (count[b]! >= cap[b]! || count[e]! >= cap[e]!)
        release(say('fair.releasedCap', { who: count[b]! >= cap[b]! ? c.buyerId : c.exhibitorId }));
      else if (isPool && poolBySlot[s]! >= poolTables.length) release(say('fair.releasedNoPoolTable', { slot }));
      else {
        busy.add(`${b}/${s}`);
        busy.add(`${e}/${s}`);
        used.add(`${c.table}/${s}`);
        lockedAt.add(k);
        count[b]!++;
        count[e]!++;
        if (isPool) poolBySlot[s]!++;
        let p = pairKey.get(k);
        if (p === undefined) {
          p = pairs.length;
          pairKey.set(k, p);
          pairs.push({ req: undefined, b, e, w: 0, must: false, booth: 0, slots: [], locked: true });
        }
        const q = pairs[p]!;
        q.locked = true;
        // The confirmed table decides whether it uses a shared table, whatever booth the pair has now.
        q.booth = isPool ? 0 : c.table;
        lockedTable.set(p, c.table);
        confirmedPlan.push([p, s]);
      }
    }
  }

  const st = new State(S, parts.length, pairs, cap, poolTables.length);
  for (const [p, s] of confirmedPlan) st.place(p, s);
  for (const q of pairs) {
    if (q.locked) continue;
    for (let s = 0; s < S; s++) if (!blocked[q.b * S + s] && !blocked[q.e * S + s]) q.slots.push(s);
  }
  const free = pairs.map((q, p) => (q.locked ? -1 : p)).filter((p) => p >= 0);
  const lockedWeight = confirmedPlan.reduce((sum, [p]) => sum + pairs[p]!.w, 0);

  // Deadlines: the run's, and each phase's within it.
  const runDeadline = started + (options.deadlineMs ?? 150_000);
  const phaseDeadline = (budgetMs: number) => Math.min(performance.now() + budgetMs, runDeadline);
  const cutShort: SchedulePhase[] = [];

  // 1. LP relaxation over x[pair, slot] for the pairs still to place — or over pairs, where that
  // model would pass FAIR_MODEL_LIMITS.slotLpColumns.
  let slotColumns = 0;
  for (const p of free) slotColumns += pairs[p]!.slots.length;
  const pairLevel = slotColumns > limits.slotLpColumns;
  const lp = pairLevel ? buildPairLp(st, free) : buildLp(st, free);
  let upperBound: number;
  let boundMethod: FairScheduleRun['boundMethod'] = 'degree';
  let lpIntegral = false;
  let lpMs = 0;
  let lpLoadMs = 0;
  let x: Float64Array | undefined;
  const lpSeconds = Math.min(options.lpTimeLimitSec ?? 20, Math.max(0, (runDeadline - performance.now()) / 1000));
  if (options.useLp !== false && lpSeconds > 0) {
    let start: Uint8Array | undefined;
    if (options.lpWarmStart !== false) {
      // A weight-sorted first fit is a vertex of the LP (all slacks basic, its columns at their upper
      // bound 1, the others at 0): primal feasible and ≈ 97 % of the optimum, so the simplex starts there.
      const col = new Map<number, number>();
      for (let j = 0; j < lp.colPair.length; j++) col.set(lp.colPair[j]! * S + Math.max(0, lp.colSlot[j]!), j);
      start = new Uint8Array(lp.colPair.length);
      st.begin();
      for (const p of [...free].sort((a, c) => pairs[c]!.w - pairs[a]!.w || a - c)) {
        const s = st.firstFit(p);
        const j = s >= 0 ? col.get(p * S + (pairLevel ? 0 : s)) : undefined;
        if (j !== undefined) {
          st.place(p, s);
          start[j] = 1;
        }
      }
      st.rollback();
    }
    const res = await solvePackingLp(lp.lp, {
      timeLimitSec: lpSeconds,
      extra: options.lpOptions ?? {},
      ...(start ? { start } : {}),
    });
    lpMs = res.ms;
    lpLoadMs = res.loadMs ?? 0;
    if (res.status === 'optimal' && res.bound !== undefined && res.x) {
      x = res.x;
      upperBound = lockedWeight + res.bound;
      boundMethod = pairLevel ? 'lp-pairs' : 'lp';
      lpIntegral = x.every((v) => v < 1e-6 || v > 1 - 1e-6);
    } else {
      if (res.status === 'time-limit') cutShort.push('lp');
      upperBound = lockedWeight + degreeBound(st, free);
    }
  } else {
    if (options.useLp !== false) cutShort.push('lp');
    upperBound = lockedWeight + degreeBound(st, free);
  }

  // 2. Rounding (a pair-level column has no slot: the pair's first free slot).
  if (x) {
    const order = Array.from(x.keys()).filter((j) => x[j]! >= 0.5 - 1e-6);
    order.sort((a, c) => x[c]! - x[a]! || pairs[lp.colPair[c]!]!.w - pairs[lp.colPair[a]!]!.w);
    for (const j of order) {
      const p = lp.colPair[j]!;
      const s = lp.colSlot[j]! >= 0 ? lp.colSlot[j]! : st.firstFit(p);
      if (s >= 0 && st.fits(p, s)) st.place(p, s);
    }
  }
  const byWeight = [...free].sort((a, c) => pairs[c]!.w - pairs[a]!.w || a - c);
  for (const p of byWeight) {
    if (st.slotOf[p] !== -1) continue;
    const s = st.firstFit(p);
    if (s >= 0) st.place(p, s);
  }

  const pairsOf: number[][] = Array.from({ length: parts.length }, () => []);
  for (const p of free) {
    if (pairs[p]!.slots.length === 0) continue;
    pairsOf[pairs[p]!.b]!.push(p);
    pairsOf[pairs[p]!.e]!.push(p);
  }
  for (const l of pairsOf) l.sort((a, c) => pairs[c]!.w - pairs[a]!.w);
  const covered = new Uint8Array(parts.length);
  const cover: Cover = { covered, pairsOf };

  const protectLockedMust: Protect = (m) => pairs[m]!.locked || pairs[m]!.must;
  // 3. Must-meet repair.
  const repairDeadline = phaseDeadline(options.repairBudgetMs ?? 20_000);
  let repaired = false;
  for (const p of byWeight) {
    if (!pairs[p]!.must || st.slotOf[p] !== -1) continue;
    if (performance.now() > repairDeadline) {
      cutShort.push('must-meet repair');
      break;
    }
    if (ejectionInsert(st, p, protectLockedMust, () => true, cover, false, false) !== undefined) repaired = true;
  }

  // 4. Improvement.
  const improveDeadline = phaseDeadline(options.improveBudgetMs ?? 3000);
  const improve = (keepCover: boolean) => {
    for (let pass = 0; pass < 20 && performance.now() < improveDeadline; pass++) {
      let changed = false;
      for (const p of byWeight) {
        if (st.slotOf[p] !== -1 || pairs[p]!.slots.length === 0) continue;
        if (ejectionInsert(st, p, protectLockedMust, (g) => g > EPS, cover, false, keepCover) !== undefined) changed = true;
        if (performance.now() > improveDeadline) break;
      }
      if (!changed) return;
    }
    if (performance.now() >= improveDeadline && !cutShort.includes('improvement')) cutShort.push('improvement');
  };
  // A schedule already at the upper bound (an integral LP optimum taken whole) cannot be improved.
  const atBound = currentWeight(st) >= upperBound - 1e-6 * Math.max(1, upperBound);
  if (repaired || !atBound) improve(false);

  // 5. Fairness: cover requesting participants with no meeting.
  const fairnessDeadline = phaseDeadline(options.fairnessBudgetMs ?? 10_000);
  const firstMeetingValue = options.firstMeetingValue ?? 15;
  const weightBeforeFairness = currentWeight(st);
  const isRequesting = new Uint8Array(parts.length);
  for (const p of free) isRequesting[pairs[p]!.b] = isRequesting[pairs[p]!.e] = 1;
  const requesting = Array.from(isRequesting.keys()).filter((i) => isRequesting[i]);
  for (let i = 0; i < parts.length; i++) if (st.cnt[i]! > 0) covered[i] = 1;
  const uncovered = requesting.filter((i) => !covered[i] && cap[i]! > 0);
  uncovered.sort((a, c) => Number(!!parts[c]!.priority) - Number(!!parts[a]!.priority) || pairsOf[a]!.length - pairsOf[c]!.length || a - c);
  for (const i of uncovered) {
    if (st.cnt[i]! > 0) {
      covered[i] = 1;
      continue;
    }
    if (performance.now() > fairnessDeadline) {
      cutShort.push('fairness');
      break;
    }
    const mine = [...pairsOf[i]!].sort((a, c) => pairs[c]!.w - pairs[a]!.w);
    for (const p of mine) {
      const s = st.firstFit(p);
      if (s >= 0) {
        st.place(p, s);
        break;
      }
    }
    if (st.cnt[i]! === 0) {
      // The cheapest way to cover i: dry-run each of its pairs, apply the best.
      let best: { p: number; gain: number } | undefined;
      for (const p of mine) {
        const gain = ejectionInsert(st, p, protectLockedMust, () => true, cover, true);
        if (gain !== undefined && -gain <= firstMeetingValue + EPS && (!best || gain > best.gain)) best = { p, gain };
      }
      if (best) {
        ejectionInsert(st, best.p, protectLockedMust, () => true, cover);
      }
    }
    if (st.cnt[i]! > 0) covered[i] = 1;
    for (const p of pairsOf[i]!) if (st.slotOf[p] !== -1) covered[pairs[p]!.b] = covered[pairs[p]!.e] = 1;
  }
  improve(true);
  for (const p of byWeight) {
    if (st.slotOf[p] !== -1) continue;
    const s = st.firstFit(p);
    if (s >= 0) st.place(p, s);
  }
  const fairnessCost = Math.max(0, weightBeforeFairness - currentWeight(st));

  // 6. Tables.
  const meetings: FairMeeting[] = [];
  for (let s = 0; s < S; s++) {
    const taken = new Set<number>();
    const here = [...st.slotMeetings[s]!].sort((a, c) => a - c);
    for (const p of here) {
      const t = lockedTable.get(p);
      if (t !== undefined) taken.add(t);
    }
    let next = 0;
    for (const p of here) {
      const q = pairs[p]!;
      let t = lockedTable.get(p);
      if (t === undefined && q.booth > 0) t = q.booth;
      if (t === undefined) {
        while (taken.has(poolTables[next]!)) next++;
        t = poolTables[next++]!;
      }
      taken.add(t);
      meetings.push({ slotId: instance.slots[s]!, table: t, buyerId: parts[q.b]!.id, exhibitorId: parts[q.e]!.id, weight: q.w });
    }
  }

  // 7. Reasons.
  const unscheduled: UnscheduledPair[] = [];
  for (const r of declined) {
    const text = say('fair.declined', { who: r.declinedBy! });
    const pair = { buyerId: r.buyerId, exhibitorId: r.exhibitorId, weight: r.weight, mustMeet: r.mustMeet };
    unscheduled.push({ ...pair, code: 'declined', reason: text.en, reasonText: text });
  }
  for (const p of free) if (st.slotOf[p] === -1) unscheduled.push(explain(st, p, instance, blocked));
  unscheduled.sort((a, c) => c.weight - a.weight || a.buyerId.localeCompare(c.buyerId) || a.exhibitorId.localeCompare(c.exhibitorId));

  const totalWeight = round2(meetings.reduce((sum, m) => sum + m.weight, 0));
  assertWithinBound(totalWeight, round2up(upperBound), boundMethod);
  let mustMeetPairs = 0;
  let mustMeetPlaced = 0;
  for (let p = 0; p < pairs.length; p++) {
    if (!pairs[p]!.must) continue;
    mustMeetPairs++;
    if (st.slotOf[p] !== -1) mustMeetPlaced++;
  }
  return {
    mode: instance.confirmed ? 'top-up' : 'initial',
    meetings,
    unscheduled,
    released,
    totalWeight,
    upperBound: round2up(upperBound),
    boundMethod,
    gapPct: upperBound > 0 ? round2(((upperBound - totalWeight) / upperBound) * 100) : 0,
    stats: {
      requestedPairs: requested.length,
      mustMeetPairs,
      mustMeetPlaced,
      requestingParticipants: requesting.length,
      requestingWithoutMeeting: requesting.filter((i) => st.cnt[i] === 0).length,
      fairnessCost: round2(fairnessCost),
      lpIntegral,
      lpMs: Math.round(lpMs),
      lpLoadMs: Math.round(lpLoadMs),
      lpColumns: lp.lp.cost.length,
      lpRows: lp.lp.numRows,
      totalMs: Math.round(performance.now() - started),
      cutShort,
    },
  };
}

function currentWeight(st: State): number {
  let sum = 0;
  for (let p = 0; p < st.pairs.length; p++) if (st.slotOf[p] !== -1) sum += st.pairs[p]!.w;
  return sum;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const round2up = (v: number) => Math.ceil(v * 100 - 1e-6) / 100;

/**
 * The LP relaxation of the remaining problem: a column per (pair, slot) where both are free; rows
 * only where they can bind — a participant in a slot (≥ 2 columns), a participant's remaining cap
 * (below its number of usable slots), a pair (≥ 2 slots), shared tables in a slot (more candidate
 * columns than tables left).
 */
function buildLp(st: State, free: number[]): { lp: PackingLp; colPair: Int32Array; colSlot: Int32Array } {
  const S = st.S;
  const colPair: number[] = [];
  const colSlot: number[] = [];
  const partSlotUse = new Int32Array(st.nPart * S);
  const poolUse = new Int32Array(S);
  for (const p of free) {
    const q = st.pairs[p]!;
    if (st.cap[q.b]! - st.cnt[q.b]! <= 0 || st.cap[q.e]! - st.cnt[q.e]! <= 0) continue;
    for (const s of q.slots) {
      if (st.at[q.b * S + s] !== -1 || st.at[q.e * S + s] !== -1) continue;
      if (q.booth === 0 && st.poolUsed[s]! >= st.poolCap) continue;
      colPair.push(p);
      colSlot.push(s);
      partSlotUse[q.b * S + s]!++;
      partSlotUse[q.e * S + s]!++;
      if (q.booth === 0) poolUse[s]!++;
    }
  }
  let rows = 0;
  const rowUpper: number[] = [];
  const partSlotRow = new Int32Array(st.nPart * S).fill(-1);
  for (let k = 0; k < partSlotUse.length; k++) {
    if (partSlotUse[k]! >= 2) {
      partSlotRow[k] = rows++;
      rowUpper.push(1);
    }
  }
  const capRow = new Int32Array(st.nPart).fill(-1);
  for (let i = 0; i < st.nPart; i++) {
    let usable = 0;
    for (let s = 0; s < S; s++) if (partSlotUse[i * S + s]! > 0) usable++;
    const left = st.cap[i]! - st.cnt[i]!;
    if (left < usable) {
      capRow[i] = rows++;
      rowUpper.push(left);
    }
  }
  const pairCols = new Map<number, number>();
  for (const p of colPair) pairCols.set(p, (pairCols.get(p) ?? 0) + 1);
  const pairRow = new Map<number, number>();
  for (const [p, n] of pairCols) {
    if (n >= 2) {
      pairRow.set(p, rows++);
      rowUpper.push(1);
    }
  }
  const poolRow = new Int32Array(S).fill(-1);
  for (let s = 0; s < S; s++) {
    const left = st.poolCap - st.poolUsed[s]!;
    if (poolUse[s]! > left) {
      poolRow[s] = rows++;
      rowUpper.push(left);
    }
  }
  const starts = new Int32Array(colPair.length + 1);
  const idx: number[] = [];
  const cost = new Float64Array(colPair.length);
  for (let j = 0; j < colPair.length; j++) {
    const p = colPair[j]!;
    const s = colSlot[j]!;
    const q = st.pairs[p]!;
    cost[j] = q.w;
    const r = [partSlotRow[q.b * S + s]!, partSlotRow[q.e * S + s]!, capRow[q.b]!, capRow[q.e]!];
    r.push(pairRow.get(p) ?? -1, q.booth === 0 ? poolRow[s]! : -1);
    for (const v of r.filter((v) => v >= 0).sort((a, b) => a - b)) idx.push(v);
    starts[j + 1] = idx.length;
  }
  return {
    lp: { numRows: rows, rowUpper: Float64Array.from(rowUpper), starts, rowIndex: Int32Array.from(idx), cost },
    colPair: Int32Array.from(colPair),
    colSlot: Int32Array.from(colSlot),
  };
}

/**
 * The LP over pairs alone, for a fair whose (pair, slot) model is too large: x[pair] ∈ [0, 1] where
 * the pair has a slot both sides have free; each participant meets at most min(cap left, slots
 * where it is free) times; the pairs without a booth use at most the shared table-slots left. Any
 * schedule is a solution of it, so its optimum bounds every schedule (weaker than the slot model:
 * it ignores which slots are common). Columns carry slot -1.
 */
function buildPairLp(st: State, free: number[]): { lp: PackingLp; colPair: Int32Array; colSlot: Int32Array } {
  const S = st.S;
  const colPair: number[] = [];
  for (const p of free) {
    const q = st.pairs[p]!;
    if (st.cap[q.b]! - st.cnt[q.b]! <= 0 || st.cap[q.e]! - st.cnt[q.e]! <= 0) continue;
    if (q.slots.some((s) => st.at[q.b * S + s] === -1 && st.at[q.e * S + s] === -1)) colPair.push(p);
  }
  const degree = new Int32Array(st.nPart);
  let pooled = 0;
  for (const p of colPair) {
    degree[st.pairs[p]!.b]!++;
    degree[st.pairs[p]!.e]!++;
    if (st.pairs[p]!.booth === 0) pooled++;
  }
  let rows = 0;
  const rowUpper: number[] = [];
  const partRow = new Int32Array(st.nPart).fill(-1);
  for (let i = 0; i < st.nPart; i++) {
    let freeSlots = 0;
    for (let s = 0; s < S; s++) if (st.at[i * S + s] === -1) freeSlots++;
    const room = Math.min(st.cap[i]! - st.cnt[i]!, freeSlots);
    if (degree[i]! > room) {
      partRow[i] = rows++;
      rowUpper.push(room);
    }
  }
  let poolLeft = 0;
  for (let s = 0; s < S; s++) poolLeft += st.poolCap - st.poolUsed[s]!;
  const poolRow = pooled > poolLeft ? rows++ : -1;
  if (poolRow >= 0) rowUpper.push(poolLeft);
  const starts = new Int32Array(colPair.length + 1);
  const idx: number[] = [];
  const cost = new Float64Array(colPair.length);
  for (let j = 0; j < colPair.length; j++) {
    const q = st.pairs[colPair[j]!]!;
    cost[j] = q.w;
    const r = [partRow[q.b]!, partRow[q.e]!, q.booth === 0 ? poolRow : -1];
    for (const v of r.filter((v) => v >= 0).sort((a, b) => a - b)) idx.push(v);
    starts[j + 1] = idx.length;
  }
  return {
    lp: { numRows: rows, rowUpper: Float64Array.from(rowUpper), starts, rowIndex: Int32Array.from(idx), cost },
    colPair: Int32Array.from(colPair),
    colSlot: new Int32Array(colPair.length).fill(-1),
  };
}

/**
 * Without the LP: every meeting has one buyer and one exhibitor, and a participant meets at most
 * min(cap left, free slots) times, so the heaviest that many of each buyer's pairs (summed over
 * buyers) bound the total — as do the exhibitors'; the smaller of the two is taken.
 */
function degreeBound(st: State, free: number[]): number {
  const S = st.S;
  const sides = [0, 0];
  for (const side of [0, 1] as const) {
    const lists = new Map<number, number[]>();
    for (const p of free) {
      const q = st.pairs[p]!;
      if (q.slots.length === 0) continue;
      const i = side === 0 ? q.b : q.e;
      let l = lists.get(i);
      if (!l) lists.set(i, (l = []));
      l.push(q.w);
    }
    for (const [i, l] of lists) {
      let freeSlots = 0;
      for (let s = 0; s < S; s++) if (st.at[i * S + s] === -1) freeSlots++;
      const k = Math.min(st.cap[i]! - st.cnt[i]!, freeSlots);
      l.sort((a, b) => b - a);
      for (let t = 0; t < Math.min(k, l.length); t++) sides[side]! += l[t]!;
    }
  }
  return Math.min(sides[0]!, sides[1]!);
}

function listSlots(slots: string[]): Localized {
  if (slots.length === 0) return say('word.none');
  return slots.length <= 6 ? joinLocalized(slots) : say('list.more', { list: joinLocalized(slots.slice(0, 6)), more: slots.length - 6 });
}

/** Why pair p is not in the final schedule, stated against that schedule. */
function explain(st: State, p: number, instance: FairInstance, blocked: Uint8Array): UnscheduledPair {
  const q = st.pairs[p]!;
  const S = st.S;
  const parts = instance.participants;
  const bId = parts[q.b]!.id;
  const eId = parts[q.e]!.id;
  const pair = { buyerId: bId, exhibitorId: eId, weight: q.w, mustMeet: q.must };
  const unscheduled = (code: UnscheduledPair['code'], text: Localized): UnscheduledPair => ({
    ...pair,
    code,
    reason: text.en,
    reasonText: text,
  });
  const slotName = (s: number) => instance.slots[s]!;
  if (q.slots.length === 0) {
    const bb: string[] = [];
    const eb: string[] = [];
    for (let s = 0; s < S; s++) {
      if (blocked[q.b * S + s]) bb.push(slotName(s));
      if (blocked[q.e * S + s]) eb.push(slotName(s));
    }
    const text = say('fair.noCommonSlot', { buyer: bId, buyerBlocked: listSlots(bb), exhibitor: eId, exhibitorBlocked: listSlots(eb) });
    return unscheduled('no-common-slot', text);
  }
  for (const i of [q.b, q.e]) {
    // Only an explicit cap is a reason; a participant full in every slot is "busy" below.
    const explicit = parts[i]!.cap;
    if (explicit !== undefined && st.cnt[i]! >= explicit) {
      const ws: number[] = [];
      for (let s = 0; s < S; s++) if (st.at[i * S + s]! >= 0) ws.push(st.pairs[st.at[i * S + s]!]!.w);
      const min = ws.length ? Math.min(...ws) : 0;
      const who = parts[i]!.id;
      const count = st.cnt[i]!;
      const text =
        st.cap[i]! === 0
          ? say('fair.capNone', { who })
          : min >= q.w
            ? say('fair.capHeavier', { who, count, min, weight: q.w })
            : say('fair.capLighter', { who, count, min });
      return unscheduled('cap-reached', text);
    }
  }
  const noTable: string[] = [];
  const busy: Localized[] = [];
  let minBlocking = Infinity;
  for (const s of q.slots) {
    const mb = st.at[q.b * S + s]!;
    const me = st.at[q.e * S + s]!;
    if (mb < 0 && me < 0) {
      noTable.push(slotName(s));
      continue;
    }
    const with_: Localized[] = [];
    if (mb >= 0) {
      with_.push(say('fair.meets', { who: bId, other: parts[st.pairs[mb]!.e]!.id, weight: st.pairs[mb]!.w }));
      minBlocking = Math.min(minBlocking, st.pairs[mb]!.w);
    }
    if (me >= 0) {
      with_.push(say('fair.meets', { who: eId, other: parts[st.pairs[me]!.b]!.id, weight: st.pairs[me]!.w }));
      minBlocking = Math.min(minBlocking, st.pairs[me]!.w);
    }
    busy.push(say('fair.busySlot', { slot: slotName(s), meetings: joinLocalized(with_) }));
  }
  if (noTable.length > 0) return unscheduled('no-table', say('fair.noTable', { slots: listSlots(noTable) }));
  const slots =
    busy.length <= 4
      ? joinLocalized(busy, '; ')
      : say('fair.moreSlots', { list: joinLocalized(busy.slice(0, 4), '; '), more: busy.length - 4 });
  return unscheduled('busy', minBlocking >= q.w ? say('fair.busyDisplaced', { slots, min: minBlocking }) : say('fair.busy', { slots }));
}
