/**
 * Which buyer–exhibitor pairs are requested, and the weight the scheduler maximises for each.
 *
 * Weight of a pair = (buyer's side + exhibitor's side) × priority × history, where a side is
 *   must-meet 100, meet 10 (× 1.5 on the buyer's side: buyer-side wishes weigh more), or — only for
 *   a participant who gave no wishes at all — 5 × the matching service's score in [0, 1];
 *   priority ×2 when either participant is a priority (sponsored / hosted) participant;
 *   history ×0.5 when the pair met at an earlier fair.
 * Mutual interest adds (two sides), so a mutual "meet" (25) outranks a one-sided one (10 or 15), and
 * one must-meet (≥ 100) outranks any meet. Weights are rounded to 0.01 so sums re-check exactly.
 * "No thanks" from either side forbids the pair; it stays listed (as declined) when the other side
 * asked for it, so every request gets an answer.
 */
import type { FairInstance, FairParticipant } from './types.ts';

export const FAIR_WEIGHTS = {
  mustMeet: 100,
  meet: 10,
  buyerSide: 1.5,
  candidateMax: 5,
  priority: 2,
  metBefore: 0.5,
} as const;

export interface RequestedPair {
  buyerId: string;
  exhibitorId: string;
  weight: number;
  mustMeet: boolean;
  /** Id of the participant who said "no thanks", when one did. */
  declinedBy?: string;
}

/** Whether a participant named anyone (must meet, meet or no thanks); one who did not gets matching's candidate pairs. */
export function hasWishes(p: Pick<FairParticipant, 'preferences'>): boolean {
  const w = p.preferences;
  return !!w && w.mustMeet.length + w.meet.length + w.noThanks.length > 0;
}

function sideValue(p: FairParticipant, other: string, candidateScore: number | undefined): { value: number; must: boolean } {
  const mult = p.role === 'buyer' ? FAIR_WEIGHTS.buyerSide : 1;
  const w = p.preferences;
  if (w?.mustMeet.includes(other)) return { value: FAIR_WEIGHTS.mustMeet * mult, must: true };
  if (w?.meet.includes(other)) return { value: FAIR_WEIGHTS.meet * mult, must: false };
  if (!hasWishes(p) && candidateScore !== undefined) return { value: FAIR_WEIGHTS.candidateMax * clamp01(candidateScore), must: false };
  return { value: 0, must: false };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

const key = (buyerId: string, exhibitorId: string) => `${buyerId}\u0000${exhibitorId}`;

/** Every requested pair of the fair, in a stable order (buyer id, exhibitor id). */
export function requestedPairs(instance: FairInstance): RequestedPair[] {
  const byId = new Map(instance.participants.map((p) => [p.id, p]));
  const candidate = new Map<string, number>();
  for (const c of instance.candidates ?? []) {
    const k = key(c.buyerId, c.exhibitorId);
    candidate.set(k, Math.max(candidate.get(k) ?? 0, c.score));
  }
  const metBefore = new Set((instance.metBefore ?? []).map((m) => key(m.buyerId, m.exhibitorId)));

  const pairKeys = new Set<string>();
  for (const p of instance.participants) {
    for (const other of [...(p.preferences?.mustMeet ?? []), ...(p.preferences?.meet ?? [])]) {
      const o = byId.get(other);
      if (!o || o.role === p.role) continue;
      pairKeys.add(p.role === 'buyer' ? key(p.id, other) : key(other, p.id));
    }
  }
  for (const k of candidate.keys()) pairKeys.add(k);

  const out: RequestedPair[] = [];
  for (const k of pairKeys) {
    const [buyerId, exhibitorId] = k.split('\u0000') as [string, string];
    const b = byId.get(buyerId);
    const e = byId.get(exhibitorId);
    if (!b || !e || b.role !== 'buyer' || e.role !== 'exhibitor') continue;
    const score = candidate.get(k);
    const bs = sideValue(b, exhibitorId, score);
    const es = sideValue(e, buyerId, score);
    let weight = bs.value + es.value;
    if (weight <= 0) continue;
    if (b.priority || e.priority) weight *= FAIR_WEIGHTS.priority;
    if (metBefore.has(k)) weight *= FAIR_WEIGHTS.metBefore;
    weight = Math.round(weight * 100) / 100;
    if (weight <= 0) continue;
    const pair: RequestedPair = { buyerId, exhibitorId, weight, mustMeet: bs.must || es.must };
    const declinedBy =
      (b.preferences?.noThanks.includes(exhibitorId) ? buyerId : undefined) ??
      (e.preferences?.noThanks.includes(buyerId) ? exhibitorId : undefined);
    if (declinedBy) pair.declinedBy = declinedBy;
    out.push(pair);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  out.sort((x, y) => cmp(x.buyerId, y.buyerId) || cmp(x.exhibitorId, y.exhibitorId));
  return out;
}
