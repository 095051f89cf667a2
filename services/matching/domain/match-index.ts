/**
 * The match index: every matchable supplier's facts in memory, with a posting list per process
 * (a supplier is listed under each process it covers, parents included). Ranking a need touches
 * only the suppliers listed under its processes, counts how many of them each covers in one pass,
 * scores those candidates with the numeric point functions of scoring.ts (no words), keeps the
 * best few, and writes reasons only for what it returns — with {@link scorePair}, so the words and
 * points shown are exactly those of the pure pair scorer. {@link rankByScan} is the brute-force
 * baseline: the pair scorer over every supplier; both rank with {@link byScore}.
 *
 * The index is pure (no I/O): app/live-index.ts fills it from the table and keeps it fresh.
 */
import { proximityPoints, type Site } from './places.ts';
import { targetSites, wantedTier, type NeedFacts } from './need.ts';
import {
  byScore,
  capabilityPoints,
  capacityPoints,
  certificationPoints,
  historyPoints,
  parkCommune,
  qualityPoints,
  scorePair,
  tierPoints,
  total,
  type PairScore,
} from './scoring.ts';
import { isMatchable, type SupplierFacts } from './supplier.ts';
import { coveredProcesses, QUALITY_SYSTEMS } from './taxonomy.ts';

export interface RankOptions {
  limit: number;
  nearMissLimit: number;
}

export interface Ranking {
  matches: PairScore[];
  nearMisses: PairScore[];
  /** Suppliers that cover at least one required process (matches + near-misses, before the limits). */
  candidates: number;
}

interface Scored {
  score: number;
  taxCode: string;
  slot: number;
}

/** Keep the best `k` in order (k is small: a sorted insert beats a heap here). */
function offer(top: Scored[], k: number, item: Scored): void {
  if (k === 0) return;
  if (top.length === k && byScore(item, top[k - 1]!) >= 0) return;
  let i = top.length < k ? top.length : k - 1;
  if (top.length < k) top.push(item);
  while (i > 0 && byScore(item, top[i - 1]!) < 0) {
    top[i] = top[i - 1]!;
    i--;
  }
  top[i] = item;
}

export class MatchIndex {
  private readonly slots: (SupplierFacts | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  /** Latest version applied per supplier (matchable or not), so older reads never win. */
  private readonly versions = new Map<string, number>();
  private readonly postings = new Map<string, Set<number>>();
  private readonly free: number[] = [];
  private counts = new Uint8Array(1024);

  /** Matchable suppliers listed. */
  get size(): number {
    return this.slotOf.size;
  }

  get(taxCode: string): SupplierFacts | undefined {
    const slot = this.slotOf.get(taxCode);
    return slot === undefined ? undefined : this.slots[slot];
  }

  versionOf(taxCode: string): number | undefined {
    return this.versions.get(taxCode);
  }

  *all(): IterableIterator<SupplierFacts> {
    for (const s of this.slots) if (s) yield s;
  }

  /**
   * Apply a supplier's state at `version`; an older or equal version changes nothing (reads of
   * the change feed overlap). A supplier that is no longer active drops out.
   */
  apply(facts: SupplierFacts, version: number): boolean {
    const known = this.versions.get(facts.taxCode);
    if (known !== undefined && known >= version) return false;
    this.versions.set(facts.taxCode, version);
    this.unlist(facts.taxCode);
    if (isMatchable(facts)) this.list(facts);
    return true;
  }

  private list(facts: SupplierFacts): void {
    const slot = this.free.pop() ?? this.slots.length;
    this.slots[slot] = facts;
    this.slotOf.set(facts.taxCode, slot);
    if (slot >= this.counts.length) {
      const grown = new Uint8Array(Math.max(this.counts.length * 2, slot + 1));
      grown.set(this.counts);
      this.counts = grown;
    }
    for (const p of coveredProcesses(facts.processes)) {
      let set = this.postings.get(p);
      if (!set) this.postings.set(p, (set = new Set()));
      set.add(slot);
    }
  }

  private unlist(taxCode: string): void {
    const slot = this.slotOf.get(taxCode);
    if (slot === undefined) return;
    for (const p of coveredProcesses(this.slots[slot]!.processes)) this.postings.get(p)?.delete(slot);
    this.slots[slot] = undefined;
    this.slotOf.delete(taxCode);
    this.free.push(slot);
  }

  /** The best matches of a need and its best near-misses, with reasons. */
  rank(need: NeedFacts, opts: RankOptions): Ranking {
    const required = [...new Set(need.processes)];
    const counts = this.counts;
    const touched: number[] = [];
    for (const p of required) {
      const set = this.postings.get(p);
      if (!set) continue;
      for (const slot of set) {
        const c = counts[slot]!;
        counts[slot] = c + 1;
        if (c === 0) touched.push(slot);
      }
    }

    const want = wantedTier(need);
    const targets = targetSites(need, parkCommune);
    const distanceCache = new Map<string, number>();
    const distance = (site: Site): number => {
      if (targets.length === 0) return 10;
      const key = site.park ? `${site.communeCode}|${site.park}` : site.communeCode;
      let d = distanceCache.get(key);
      if (d === undefined) {
        d = 0;
        for (const t of targets) d = Math.max(d, proximityPoints(site, t));
        distanceCache.set(key, d);
      }
      return d;
    };

    const matches: Scored[] = [];
    const near: Scored[] = [];
    const n = required.length;
    const reqCerts = need.certifications;
    for (const slot of touched) {
      const covered = counts[slot]!;
      counts[slot] = 0;
      const s = this.slots[slot]!;
      let ok = true;
      for (const standard of reqCerts) {
        let valid = false;
        for (const c of s.certifications) if (c.standard === standard && c.validUntil >= need.deadline) valid = true;
        if (!valid) ok = false;
      }
      let physicalOk = true;
      if (need.toleranceMm !== undefined && s.toleranceMm !== undefined && s.toleranceMm > need.toleranceMm) physicalOk = false;
      if (need.partSizeMm !== undefined && s.maxPartSizeMm !== undefined && s.maxPartSizeMm < need.partSizeMm) physicalOk = false;
      let qs = false;
      if (ok && reqCerts.length === 0) for (const c of s.certifications) if (c.validUntil >= need.deadline && QUALITY_SYSTEMS.includes(c.standard)) qs = true;
      const score = total([
        capabilityPoints(covered, n),
        ok ? certificationPoints(reqCerts.length, qs) : 0,
        capacityPoints(need.volumePerMonth, s.monthlyCapacity),
        distance({ communeCode: s.siteCommune ?? s.registry.communeCode, park: s.park }),
        tierPoints(want, s.tier),
        qualityPoints(s.quality?.ratio),
        historyPoints(s.outcomes.contracted, s.outcomes.declined),
      ]);
      offer(ok && physicalOk ? matches : near, ok && physicalOk ? opts.limit : opts.nearMissLimit, { score, taxCode: s.taxCode, slot });
    }
    const explain = (x: Scored) => scorePair(this.slots[x.slot]!, need);
    return { matches: matches.map(explain), nearMisses: near.map(explain), candidates: touched.length };
  }
}

/** The brute-force baseline: the pair scorer over every supplier, then a sort. */
export function rankByScan(suppliers: Iterable<SupplierFacts>, need: NeedFacts, opts: RankOptions): Ranking {
  const matches: PairScore[] = [];
  const near: PairScore[] = [];
  for (const s of suppliers) {
    const r = scorePair(s, need);
    if (!r.candidate) continue;
    (r.eligible ? matches : near).push(r);
  }
  matches.sort(byScore);
  near.sort(byScore);
  return { matches: matches.slice(0, opts.limit), nearMisses: near.slice(0, opts.nearMissLimit), candidates: matches.length + near.length };
}

/**
 * Open needs in memory, listed per process, for the other direction: which needs a supplier fits.
 * A few thousand open needs at most, so each candidate is scored in full.
 */
export class NeedIndex {
  private readonly needs = new Map<string, { need: NeedFacts; version: number }>();
  private readonly postings = new Map<string, Set<string>>();

  get size(): number {
    return this.needs.size;
  }

  apply(need: NeedFacts, version: number): boolean {
    const known = this.needs.get(need.id);
    if (known && known.version >= version) return false;
    if (known) for (const p of known.need.processes) this.postings.get(p)?.delete(need.id);
    this.needs.set(need.id, { need, version });
    for (const p of need.processes) {
      let set = this.postings.get(p);
      if (!set) this.postings.set(p, (set = new Set()));
      set.add(need.id);
    }
    return true;
  }

  /** Open needs the supplier covers at least one process of, ranked; and those it nearly fits. */
  opportunities(s: SupplierFacts, today: string, opts: RankOptions): { matches: PairScore[]; nearMisses: PairScore[] } {
    const seen = new Set<string>();
    const matches: PairScore[] = [];
    const near: PairScore[] = [];
    for (const p of coveredProcesses(s.processes)) {
      for (const id of this.postings.get(p) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const need = this.needs.get(id)!.need;
        if (need.deadline < today) continue;
        const r = scorePair(s, need);
        if (r.candidate) (r.eligible ? matches : near).push(r);
      }
    }
    const order = (a: PairScore, b: PairScore) => b.score - a.score || (a.needId < b.needId ? -1 : a.needId > b.needId ? 1 : 0);
    return { matches: matches.sort(order).slice(0, opts.limit), nearMisses: near.sort(order).slice(0, opts.nearMissLimit) };
  }

  get(id: string): NeedFacts | undefined {
    return this.needs.get(id)?.need;
  }
}
