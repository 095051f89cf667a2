/**
 * Baselines the scheduler is compared with, written apart from it (same hard constraints):
 * - round-robin (MeetMax-style): in rounds, each participant in turn (priority first, order reversed
 *   every round) gets its heaviest remaining request that fits, at the earliest common free slot;
 * - weight-sorted greedy: all requests heaviest first, each at the earliest common free slot.
 */
import type { FairInstance } from '../../services/matching/domain/fairs/types.ts';
import { requestedPairs } from '../../services/matching/domain/fairs/weights.ts';

export interface BaselineResult {
  meetings: { slot: number; buyerId: string; exhibitorId: string; weight: number }[];
  totalWeight: number;
  requestingWithoutMeeting: number;
  mustMeetPlaced: number;
  ms: number;
}

function setup(instance: FairInstance) {
  const S = instance.slots.length;
  const ids = new Map(instance.participants.map((p, i) => [p.id, i]));
  const busy = instance.participants.map((p) => new Set((p.blockedSlots ?? []).map((s) => instance.slots.indexOf(s))));
  const count = new Int32Array(instance.participants.length);
  const cap = instance.participants.map((p) => p.cap ?? S);
  const booths = instance.participants.filter((p) => p.fixedTable !== undefined).length;
  const sharedLeft = new Array<number>(S).fill(instance.tables - booths);
  const pairs = requestedPairs(instance)
    .filter((r) => !r.declinedBy)
    .map((r) => ({ ...r, b: ids.get(r.buyerId)!, e: ids.get(r.exhibitorId)!, placed: false }));
  const hasBooth = (b: number, e: number) =>
    instance.participants[b]!.fixedTable !== undefined || instance.participants[e]!.fixedTable !== undefined;
  const meetings: BaselineResult['meetings'] = [];
  const tryPlace = (p: (typeof pairs)[number]): boolean => {
    if (p.placed || count[p.b]! >= cap[p.b]! || count[p.e]! >= cap[p.e]!) return false;
    const booth = hasBooth(p.b, p.e);
    for (let s = 0; s < S; s++) {
      if (busy[p.b]!.has(s) || busy[p.e]!.has(s) || (!booth && sharedLeft[s]! <= 0)) continue;
      busy[p.b]!.add(s);
      busy[p.e]!.add(s);
      count[p.b]!++;
      count[p.e]!++;
      if (!booth) sharedLeft[s]!--;
      p.placed = true;
      meetings.push({ slot: s, buyerId: p.buyerId, exhibitorId: p.exhibitorId, weight: p.weight });
      return true;
    }
    return false;
  };
  const result = (started: number): BaselineResult => {
    const requesting = new Set<number>();
    for (const p of pairs) requesting.add(p.b).add(p.e);
    return {
      meetings,
      totalWeight: Math.round(meetings.reduce((s, m) => s + m.weight, 0) * 100) / 100,
      requestingWithoutMeeting: [...requesting].filter((i) => count[i] === 0).length,
      mustMeetPlaced: pairs.filter((p) => p.placed && p.mustMeet).length,
      ms: performance.now() - started,
    };
  };
  return { pairs, tryPlace, result };
}

export function roundRobin(instance: FairInstance): BaselineResult {
  const started = performance.now();
  const { pairs, tryPlace, result } = setup(instance);
  const mine = instance.participants.map(() => [] as (typeof pairs)[number][]);
  for (const p of pairs) {
    mine[p.b]!.push(p);
    mine[p.e]!.push(p);
  }
  for (const l of mine) l.sort((a, c) => c.weight - a.weight);
  let order = instance.participants.map((_, i) => i).filter((i) => mine[i]!.length > 0);
  order.sort((a, c) => Number(!!instance.participants[c]!.priority) - Number(!!instance.participants[a]!.priority) || a - c);
  for (let progress = true; progress; ) {
    progress = false;
    for (const i of order) {
      for (const p of mine[i]!) {
        if (tryPlace(p)) {
          progress = true;
          break;
        }
      }
    }
    order = [...order].reverse();
  }
  return result(started);
}

export function weightGreedy(instance: FairInstance): BaselineResult {
  const started = performance.now();
  const { pairs, tryPlace, result } = setup(instance);
  for (const p of [...pairs].sort((a, c) => c.weight - a.weight)) tryPlace(p);
  return result(started);
}
