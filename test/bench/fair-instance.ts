/**
 * A synthetic trade fair for the scheduler's benchmark and tests: participant-bound, not
 * table-bound — buyer popularity is Zipf-like (popular buyers get most requests), caps are well
 * below the requests they receive, participants block slots, a few buyers hold booths or priority.
 */
import type { CandidatePair, FairInstance, FairParticipant } from '../../services/matching/domain/fairs/types.ts';

export interface FairShape {
  buyers: number;
  exhibitors: number;
  /** Distinct requested pairs (wishes from either side, and candidate pairs). */
  requests: number;
  slots: number;
  tables: number;
  seed: number;
}

export const BENCH_FAIR: FairShape = { buyers: 300, exhibitors: 700, requests: 5000, slots: 16, tables: 250, seed: 13 };

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateFair(shape: FairShape): FairInstance {
  const r = rng(shape.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const slots = Array.from({ length: shape.slots }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);
  const blockSome = (max: number): string[] => {
    // 40 % block a half-day (arrive late / leave early), the others up to `max` scattered slots.
    if (r() < 0.4) return r() < 0.5 ? slots.slice(0, shape.slots / 2) : slots.slice(shape.slots / 2);
    const n = Math.min(int(0, max), shape.slots - 1);
    const out = new Set<string>();
    while (out.size < n) out.add(slots[int(0, shape.slots - 1)]!);
    return [...out];
  };
  const booths = Math.round(shape.buyers * 0.12);
  const buyers: FairParticipant[] = Array.from({ length: shape.buyers }, (_, i) => ({
    id: `B${String(i + 1).padStart(4, '0')}`,
    role: 'buyer' as const,
    cap: i < shape.buyers / 6 ? int(9, 12) : int(5, 10),
    blockedSlots: blockSome(8),
    ...(i % 8 === 3 && i / 8 < booths ? { fixedTable: Math.floor(i / 8) + 1 } : {}),
    ...(r() < 0.1 ? { priority: true } : {}),
    preferences: { mustMeet: [], meet: [], noThanks: [] },
  }));
  const exhibitors: FairParticipant[] = Array.from({ length: shape.exhibitors }, (_, i) => ({
    id: `E${String(i + 1).padStart(4, '0')}`,
    role: 'exhibitor' as const,
    cap: int(2, 5),
    blockedSlots: blockSome(8),
    preferences: { mustMeet: [], meet: [], noThanks: [] },
  }));
  // Buyer popularity: weight 1/(rank+1)^1.1, sampled through a cumulative table.
  const cum: number[] = [];
  let total = 0;
  for (let i = 0; i < shape.buyers; i++) cum.push((total += 1 / (i + 1) ** 1.1));
  const popularBuyer = () => {
    const x = r() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // 8 % of exhibitors give no wishes: the matching service proposes candidates for them.
  const silent = new Set<number>();
  while (silent.size < Math.round(shape.exhibitors * 0.08)) silent.add(int(0, shape.exhibitors - 1));
  const pairs = new Set<string>();
  const candidates: CandidatePair[] = [];
  const requestedBy = new Map<number, number[]>();
  const wish = (from: FairParticipant, to: string, must: boolean) => {
    const prefs = from.preferences as { mustMeet: string[]; meet: string[]; noThanks: string[] };
    (must ? prefs.mustMeet : prefs.meet).push(to);
  };
  while (pairs.size < shape.requests) {
    const b = popularBuyer();
    const roll = r();
    let e: number;
    if (roll < 0.06) {
      e = [...silent][int(0, silent.size - 1)]!;
      const k = `${b}/${e}`;
      if (pairs.has(k)) continue;
      pairs.add(k);
      candidates.push({ buyerId: buyers[b]!.id, exhibitorId: exhibitors[e]!.id, score: Math.round((0.05 + 0.95 * r()) * 100) / 100 });
      continue;
    }
    if (roll < 0.72) {
      // An exhibitor asks a buyer (most requests go to popular buyers).
      e = int(0, shape.exhibitors - 1);
      if (silent.has(e) || pairs.has(`${b}/${e}`)) continue;
      pairs.add(`${b}/${e}`);
      wish(exhibitors[e]!, buyers[b]!.id, r() < 0.02);
      requestedBy.set(b, [...(requestedBy.get(b) ?? []), e]);
      // Sometimes the buyer asks back: mutual interest.
      if (r() < 0.3) wish(buyers[b]!, exhibitors[e]!.id, r() < 0.1);
      continue;
    }
    // A buyer asks an exhibitor; buyers are spread more evenly than exhibitors' asks.
    const bb = r() < 0.5 ? b : int(0, shape.buyers - 1);
    e = int(0, shape.exhibitors - 1);
    if (silent.has(e) || pairs.has(`${bb}/${e}`)) continue;
    pairs.add(`${bb}/${e}`);
    wish(buyers[bb]!, exhibitors[e]!.id, r() < 0.05);
  }
  // Popular buyers turn down a few of the exhibitors who asked for them.
  for (const [b, es] of requestedBy) {
    for (const e of es) if (r() < 0.02) (buyers[b]!.preferences!.noThanks as string[]).push(exhibitors[e]!.id);
  }
  return { slots, tables: shape.tables, participants: [...buyers, ...exhibitors], candidates };
}

/** The most participants, slots and tables a fair may have (FAIR_LIMITS, MAX_FAIR_ENTERPRISES) and the most requested pairs a run takes. */
export interface LargestFair {
  instance: FairInstance;
  /** Participant names at their longest (200 characters), as the schedule's pages carry them. */
  names: Map<string, string>;
}

/**
 * The largest fair the limits allow: 750 buyers and 750 exhibitors (1,500 participants), 96 slots,
 * 1,000 tables, exactly `requestedPairs` requested pairs, every wish list within its 300, no meeting
 * caps (each participant may meet in every free slot: the most meetings, the most work), 12 % of
 * buyers with booths, blocked half-days as in {@link generateFair}, a few silent exhibitors with
 * matching's candidate pairs (20 each at most), and 200-character names.
 */
export function largestFair(requestedPairs: number, seed = 13): LargestFair {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const S = 96;
  const slots = Array.from({ length: S }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);
  const blockSome = (): string[] => {
    if (r() < 0.4) return r() < 0.5 ? slots.slice(0, S / 2) : slots.slice(S / 2);
    const out = new Set<string>();
    const n = int(0, 8);
    while (out.size < n) out.add(slots[int(0, S - 1)]!);
    return [...out];
  };
  const uuid = (kind: number, i: number) => `0000000${kind}-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const N = 750;
  const buyers: FairParticipant[] = Array.from({ length: N }, (_, i) => ({
    id: uuid(1, i),
    role: 'buyer' as const,
    blockedSlots: blockSome(),
    ...(i % 8 === 3 ? { fixedTable: Math.floor(i / 8) + 1 } : {}),
    ...(r() < 0.1 ? { priority: true } : {}),
    preferences: { mustMeet: [], meet: [], noThanks: [] },
  }));
  const exhibitors: FairParticipant[] = Array.from({ length: N }, (_, i) => ({
    id: uuid(2, i),
    role: 'exhibitor' as const,
    blockedSlots: blockSome(),
    preferences: { mustMeet: [], meet: [], noThanks: [] },
  }));
  const lists = (p: FairParticipant) => p.preferences as { mustMeet: string[]; meet: string[]; noThanks: string[] };
  const cum: number[] = [];
  let total = 0;
  for (let i = 0; i < N; i++) cum.push((total += 1 / (i + 1) ** 1.1));
  const popularBuyer = () => {
    const x = r() * total;
    let lo = 0;
    let hi = N - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // 8 % of exhibitors give no wishes: matching proposes up to 20 buyers each.
  const silent = new Set<number>();
  while (silent.size < Math.round(N * 0.08)) silent.add(int(0, N - 1));
  const pairs = new Set<string>();
  const candidates: CandidatePair[] = [];
  for (const e of silent) {
    for (let k = 0; k < 20; k++) {
      const b = popularBuyer();
      if (pairs.has(`${b}/${e}`)) continue;
      pairs.add(`${b}/${e}`);
      candidates.push({ buyerId: buyers[b]!.id, exhibitorId: exhibitors[e]!.id, score: Math.round((0.05 + 0.95 * r()) * 100) / 100 });
    }
  }
  const room = (p: FairParticipant, must: boolean) => (must ? lists(p).mustMeet : lists(p).meet).length < 300;
  while (pairs.size < requestedPairs) {
    const e = int(0, N - 1);
    if (silent.has(e)) continue;
    // Exhibitors ask popular buyers; buyers ask exhibitors evenly.
    const byExhibitor = r() < 0.7;
    const b = byExhibitor ? popularBuyer() : int(0, N - 1);
    const k = `${b}/${e}`;
    if (pairs.has(k)) continue;
    const must = r() < 0.02;
    const asker = byExhibitor ? exhibitors[e]! : buyers[b]!;
    if (!room(asker, must)) continue;
    pairs.add(k);
    (must ? lists(asker).mustMeet : lists(asker).meet).push(byExhibitor ? buyers[b]!.id : exhibitors[e]!.id);
    // Sometimes the other side asks back (mutual interest), or, rarely, says no thanks.
    const other = byExhibitor ? buyers[b]! : exhibitors[e]!;
    const otherId = byExhibitor ? exhibitors[e]!.id : buyers[b]!.id;
    const roll = r();
    if (roll < 0.3 && room(other, false)) lists(other).meet.push(otherId);
    else if (roll > 0.99 && lists(other).noThanks.length < 300) lists(other).noThanks.push(otherId);
  }
  const names = new Map<string, string>();
  for (const p of [...buyers, ...exhibitors]) {
    const base = `${p.role === 'buyer' ? 'Công ty TNHH Điện tử' : 'Công ty Cổ phần Cơ khí Chính xác'} ${p.id.slice(-4)} `;
    names.set(p.id, base.repeat(Math.ceil(200 / base.length)).slice(0, 200));
  }
  return { instance: { slots, tables: 1000, participants: [...buyers, ...exhibitors], candidates }, names };
}
