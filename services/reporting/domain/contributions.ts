/**
 * Counts that can go down again: what a grant holds until it is cancelled, the head counts of an
 * activity until a correction replaces them. A distinct marker (`Effect.once`) can only add; these
 * keep, in one state item (one enterprise's grants over a five-year period, one activity's head
 * counts), what each contributor adds — and the counters hold the state's value. A new
 * contribution changes the state; the counters get the difference between the state's value after
 * and before. Pure functions, so the DynamoDB store and the unit tests' fake apply them alike.
 *
 * - A member in mode `any` counts once however many contributors hold it: an enterprise granted
 *   two direct contents by two grants is one direct-support enterprise, and stays one when one
 *   grant is cancelled; when the last is, it drops out. A member whose `key` spans years (distinct
 *   over the five-year period) counts in the earliest year among its holders, so the cumulative
 *   figure of a year includes exactly the enterprises some grant of that year or before holds.
 * - A member in mode `sum` adds each contributor's amount (head counts, participations).
 * - A contributor's members are replaced by a higher revision (an activity corrected and completed
 *   again); a lower or equal one changes nothing (a re-delivery, an old revision arriving late).
 * - `keep` (an adjustment) restricts a contributor to the measures it still holds; it applies to
 *   members that arrive after it too (a cancellation delivered before its grant), and the latest
 *   adjustment (highest revision) decides.
 */
import type { Cell } from './measures.ts';

export interface Member {
  /** The catalogue measure it belongs to (what `keep` names). */
  id: string;
  /** The counter it adds to. */
  counter: string;
  cell: Cell;
  amount: number;
  mode: 'any' | 'sum';
  /** `any`: what makes two members the same (default: counter and cell, year included). */
  key?: string;
}

export type Contribution =
  | { item: string; from: string; revision: number; members: Member[] }
  | { item: string; from: string; revision: number; keep: string[] };

interface Contributor {
  r?: number;
  m?: Member[];
  kr?: number;
  keep?: string[];
}

/** A state item: its contributors by id. */
export type ItemState = Record<string, Contributor>;

export interface CellAdd {
  cell: Cell;
  counter: string;
  amount: number;
}

export const cellId = (c: Cell): string => `${c.year}|${c.dim}|${c.value}`;

/** The state after a contribution (a new object; `state` is left as it was). */
export function contribute(state: ItemState, c: Contribution): ItemState {
  const next: ItemState = { ...state };
  const was = state[c.from] ?? {};
  if ('keep' in c) {
    if (was.kr === undefined || c.revision > was.kr) next[c.from] = { ...was, kr: c.revision, keep: [...c.keep] };
  } else if (was.r === undefined || c.revision > was.r) {
    next[c.from] = { ...was, r: c.revision, m: c.members };
  }
  return next;
}

/** What a state adds to the counters: cell → counter → amount. */
export function stateValue(state: ItemState): Map<string, CellAdd> {
  const out = new Map<string, CellAdd>();
  const put = (cell: Cell, counter: string, amount: number) => {
    const k = `${cellId(cell)}|${counter}`;
    const entry = out.get(k) ?? out.set(k, { cell, counter, amount: 0 }).get(k)!;
    entry.amount += amount;
  };
  const held = new Map<string, Member>();
  for (const id of Object.keys(state).sort()) {
    const c = state[id]!;
    const keep = c.keep ? new Set(c.keep) : undefined;
    for (const m of c.m ?? []) {
      if (keep && !keep.has(m.id)) continue;
      if (m.mode === 'sum') {
        put(m.cell, m.counter, m.amount);
        continue;
      }
      const key = m.key ?? `${m.counter}|${cellId(m.cell)}`;
      const first = held.get(key);
      // The earliest year among the holders (ties: the first contributor in id order), whatever order they arrived in.
      if (!first || m.cell.year < first.cell.year) held.set(key, m);
    }
  }
  for (const m of held.values()) put(m.cell, m.counter, m.amount);
  return out;
}

/** The counter changes that take the value of `before` to that of `after` (zeros left out). */
export function difference(before: ItemState, after: ItemState): CellAdd[] {
  const a = stateValue(before);
  const b = stateValue(after);
  const adds: CellAdd[] = [];
  for (const [k, v] of b) {
    const amount = v.amount - (a.get(k)?.amount ?? 0);
    if (amount !== 0) adds.push({ cell: v.cell, counter: v.counter, amount });
  }
  for (const [k, v] of a) if (!b.has(k) && v.amount !== 0) adds.push({ cell: v.cell, counter: v.counter, amount: -v.amount });
  return adds;
}

/** Every cell a state's members name (what a write of it may touch). */
export const cellsOf = (state: ItemState): Cell[] => Object.values(state).flatMap((c) => (c.m ?? []).map((m) => m.cell));

/**
 * A state as stored: compact (each member a tuple), so an enterprise's five years of grants stay
 * a few tens of kilobytes.
 */
type StoredMember = [id: string, counter: string, year: number, dim: string, value: string, amount: number, mode: 'a' | 's', key?: string];
type StoredContributor = { r?: number; m?: StoredMember[]; kr?: number; k?: string[] };

export function serialise(state: ItemState): string {
  const out: Record<string, StoredContributor> = {};
  for (const [id, c] of Object.entries(state)) {
    out[id] = {
      ...(c.r !== undefined ? { r: c.r } : {}),
      ...(c.m
        ? {
            m: c.m.map((m): StoredMember => {
              const t: StoredMember = [m.id, m.counter, m.cell.year, m.cell.dim, m.cell.value, m.amount, m.mode === 'any' ? 'a' : 's'];
              if (m.key !== undefined) t.push(m.key);
              return t;
            }),
          }
        : {}),
      ...(c.kr !== undefined ? { kr: c.kr } : {}),
      ...(c.keep ? { k: c.keep } : {}),
    };
  }
  return JSON.stringify(out);
}

export function deserialise(text: string | undefined): ItemState {
  if (!text) return {};
  const stored = JSON.parse(text) as Record<string, StoredContributor>;
  const state: ItemState = {};
  for (const [id, c] of Object.entries(stored)) {
    state[id] = {
      ...(c.r !== undefined ? { r: c.r } : {}),
      ...(c.m
        ? {
            m: c.m.map(([mid, counter, year, dim, value, amount, mode, key]) => ({
              id: mid,
              counter,
              cell: { year, dim: dim as Cell['dim'], value },
              amount,
              mode: mode === 'a' ? ('any' as const) : ('sum' as const),
              ...(key !== undefined ? { key } : {}),
            })),
          }
        : {}),
      ...(c.kr !== undefined ? { kr: c.kr } : {}),
      ...(c.k ? { keep: c.k } : {}),
    };
  }
  return state;
}
