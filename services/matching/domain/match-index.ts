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
import { INDUSTRIAL_PARKS, proximityPoints } from './places.ts';
import { isOpen, targetSites, wantedTier, type NeedFacts } from './need.ts';
import { HANOI_COMMUNES } from '../../../shared/reference/hanoi-communes.ts';
import {
  byScore,
  capabilityPoints,
  capacityPoints,
  certificationPoints,
  historyPoints,
  MAX_POINTS,
  parkCommune,
  qualityPoints,
  scorePair,
  tierPoints,
  total7,
  type PairScore,
} from './scoring.ts';
import { ALL_SCORES, isMatchable, NO_SCORES, visibleScore, type ScoreView, type SupplierFacts } from './supplier.ts';
import { CERTIFICATIONS, coveredProcesses, QUALITY_SYSTEMS } from './taxonomy.ts';

export interface RankOptions {
  limit: number;
  nearMissLimit: number;
  /**
   * The scores the caller may see (the policy's `score.read`): a score it may not see counts as
   * none (neutral points), so two callers may get different orders. None unless said.
   */
  scores?: ScoreView | undefined;
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

const COMMUNE_CODES = HANOI_COMMUNES.map((c) => c.code);
const communeIdx = new Map(COMMUNE_CODES.map((c, i) => [c, i]));
const PARKS: readonly string[] = INDUSTRIAL_PARKS.map((p) => p.id);
const parkIdx = new Map(PARKS.map((p, i) => [p, i]));
const CERT_COUNT = CERTIFICATIONS.length;
const certIdx = new Map<string, number>(CERTIFICATIONS.map((c, i) => [c, i]));
const QS_IDX = QUALITY_SYSTEMS.map((c) => certIdx.get(c)!);
/** Days since 1970-01-01 of a YYYY-MM-DD date; certificate validity compares these. */
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

const NEUTRAL_QUALITY = qualityPoints(undefined);

/**
 * Columns per slot (a supplier's place in the arrays): what the score needs, as numbers, so a
 * candidate is scored without touching its object. NaN / -1 / 0 mark "not declared".
 *
 * Quality points depend on who asks (a score is shown only to who may read it): one column for a
 * caller who reads every score (the latest of all), one per agency that owns a score (the latest
 * of its programmes', else neutral), and one all neutral for a caller who reads none. A ranking
 * picks its column once, so the hot loop is the same for every caller.
 */
class Columns {
  capacity = new Float64Array(0);
  tolerance = new Float64Array(0);
  maxPart = new Float64Array(0);
  tier = new Int8Array(0);
  commune = new Int16Array(0);
  park = new Int8Array(0);
  qualityAll = new Float64Array(0);
  qualityNone = new Float64Array(0);
  readonly qualityOf = new Map<string, Float64Array>();
  history = new Float64Array(0);
  /** Latest validity day per (slot, certification); 0: none held. */
  certDay = new Int32Array(0);
  counts = new Uint8Array(0);

  grow(n: number): void {
    if (n <= this.counts.length) return;
    const old = this.counts.length;
    const size = Math.max(n, old * 2, 1024);
    const g = <A extends Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array>(a: A, per = 1): A => {
      const b = new (a.constructor as new (n: number) => A)(size * per);
      b.set(a);
      return b;
    };
    this.capacity = g(this.capacity);
    this.tolerance = g(this.tolerance);
    this.maxPart = g(this.maxPart);
    this.tier = g(this.tier);
    this.commune = g(this.commune);
    this.park = g(this.park);
    this.qualityAll = g(this.qualityAll);
    this.qualityNone = g(this.qualityNone).fill(NEUTRAL_QUALITY, old);
    for (const [agency, col] of this.qualityOf) this.qualityOf.set(agency, g(col).fill(NEUTRAL_QUALITY, old));
    this.history = g(this.history);
    this.certDay = g(this.certDay, CERT_COUNT);
    this.counts = g(this.counts);
  }

  set(slot: number, s: SupplierFacts): void {
    this.capacity[slot] = s.monthlyCapacity ?? Number.NaN;
    this.tolerance[slot] = s.toleranceMm ?? Number.NaN;
    this.maxPart[slot] = s.maxPartSizeMm ?? Number.NaN;
    this.tier[slot] = s.tier ?? 0;
    this.commune[slot] = communeIdx.get(s.siteCommune ?? s.registry.communeCode) ?? -1;
    this.park[slot] = s.park === undefined ? -1 : (parkIdx.get(s.park) ?? -1);
    this.qualityAll[slot] = qualityPoints(visibleScore(s.scores, ALL_SCORES)?.ratio);
    for (const col of this.qualityOf.values()) col[slot] = NEUTRAL_QUALITY;
    for (const q of s.scores) {
      if (q.agency === undefined) continue;
      let col = this.qualityOf.get(q.agency);
      if (!col) this.qualityOf.set(q.agency, (col = new Float64Array(this.counts.length).fill(NEUTRAL_QUALITY)));
      // The latest of this agency's (the index keeps one per agency; should it be given more, the latest wins).
      if (visibleScore(s.scores, { all: false, reads: (a) => a === q.agency }) === q) col[slot] = qualityPoints(q.ratio);
    }
    this.history[slot] = historyPoints(s.outcomes.contracted, s.outcomes.declined);
    const base = slot * CERT_COUNT;
    this.certDay.fill(0, base, base + CERT_COUNT);
    for (const c of s.certifications) {
      const i = certIdx.get(c.standard);
      if (i !== undefined) this.certDay[base + i] = Math.max(this.certDay[base + i]!, dayOf(c.validUntil));
    }
  }
}

export class MatchIndex {
  private readonly slots: (SupplierFacts | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  /** Latest version applied per supplier (matchable or not), so older reads never win. */
  private readonly versions = new Map<string, number>();
  private readonly postings = new Map<string, Set<number>>();
  /**
   * Each posting list as a packed array, rebuilt on the first ranking after it changed: iterating a
   * typed array is several times faster than a Set, and changes are rare next to queries.
   */
  private readonly packed = new Map<string, Int32Array>();
  private readonly free: number[] = [];
  private readonly cols = new Columns();
  /** The slots a ranking touches (reused: no garbage per query). */
  private touched = new Int32Array(1024);
  /** Quality points of the touched slots for a caller no column serves (reused). */
  private scratch = new Float64Array(0);

  private postingsOf(process: string): Int32Array {
    let packed = this.packed.get(process);
    if (!packed) {
      packed = Int32Array.from(this.postings.get(process) ?? []);
      this.packed.set(process, packed);
    }
    return packed;
  }

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
    this.cols.grow(slot + 1);
    this.cols.set(slot, facts);
    for (const p of coveredProcesses(facts.processes)) {
      let set = this.postings.get(p);
      if (!set) this.postings.set(p, (set = new Set()));
      set.add(slot);
      this.packed.delete(p);
    }
  }

  private unlist(taxCode: string): void {
    const slot = this.slotOf.get(taxCode);
    if (slot === undefined) return;
    for (const p of coveredProcesses(this.slots[slot]!.processes)) {
      this.postings.get(p)?.delete(slot);
      this.packed.delete(p);
    }
    this.slots[slot] = undefined;
    this.slotOf.delete(taxCode);
    this.free.push(slot);
  }

  /**
   * The quality points each slot has for this caller: its column, or (a caller who reads several
   * agencies' scores but not all — none under today's policy) a scratch column filled for the
   * touched slots.
   */
  private qualityColumn(view: ScoreView, touched: Int32Array, nTouched: number): Float64Array {
    if (view.all) return this.cols.qualityAll;
    const readable = [...this.cols.qualityOf.keys()].filter((a) => view.reads(a));
    if (readable.length === 0) return this.cols.qualityNone;
    if (readable.length === 1) return this.cols.qualityOf.get(readable[0]!)!;
    if (this.scratch.length < this.slots.length) this.scratch = new Float64Array(Math.max(this.slots.length, this.scratch.length * 2));
    for (let t = 0; t < nTouched; t++) {
      const slot = touched[t]!;
      this.scratch[slot] = qualityPoints(visibleScore(this.slots[slot]!.scores, view)?.ratio);
    }
    return this.scratch;
  }

  /** The best matches of a need and its best near-misses, with reasons. */
  rank(need: NeedFacts, opts: RankOptions): Ranking {
    const required = [...new Set(need.processes)];
    const view = opts.scores ?? NO_SCORES;
    const { counts, capacity, tolerance, maxPart, tier, commune, park, history, certDay } = this.cols;
    if (this.touched.length < this.slots.length) this.touched = new Int32Array(Math.max(this.slots.length, this.touched.length * 2));
    const touched = this.touched;
    let nTouched = 0;
    for (const p of required) {
      const list = this.postingsOf(p);
      for (let i = 0; i < list.length; i++) {
        const slot = list[i]!;
        const c = counts[slot]!;
        counts[slot] = c + 1;
        if (c === 0) touched[nTouched++] = slot;
      }
    }

    const quality = this.qualityColumn(view, touched, nTouched);

    // Per need: points of every capability count, of every commune and park, and the certificate columns to check.
    const n = required.length;
    const capPts = Array.from({ length: n + 1 }, (_, k) => (k === 0 ? 0 : capabilityPoints(k, n)));
    const want = wantedTier(need);
    const tierPts = [tierPoints(want, undefined), tierPoints(want, 1), tierPoints(want, 2), tierPoints(want, 3)];
    const targets = targetSites(need, parkCommune);
    const communePts = COMMUNE_CODES.map((code) =>
      targets.length === 0 ? 10 : Math.max(...targets.map((t) => proximityPoints({ communeCode: code }, t))),
    );
    const parkPts = PARKS.map((p) => (targets.some((t) => t.park === p) ? 10 : 0));
    const deadline = dayOf(need.deadline);
    const reqCerts = need.certifications.map((c) => certIdx.get(c)!);
    const fullCerts = certificationPoints(reqCerts.length, true);
    const noQs = certificationPoints(reqCerts.length, false);
    const volume = need.volumePerMonth;
    const capacityOf = (slot: number) => {
      const c = capacity[slot]!;
      return capacityPoints(volume, Number.isNaN(c) ? undefined : c);
    };
    const needTol = need.toleranceMm;
    const needPart = need.partSizeMm;

    const matches: Scored[] = [];
    const near: Scored[] = [];
    // The most a candidate can score beyond its capability, quality and history points (+ 0.1 for
    // the rounding of the total): once both lists are full, one whose bound is below both of
    // their last scores cannot enter either, and is not scored at all. Ties are still scored.
    const OTHERS_MAX = MAX_POINTS.certifications + MAX_POINTS.capacity + MAX_POINTS.distance + MAX_POINTS.tier + 0.1;
    for (let t = 0; t < nTouched; t++) {
      const slot = touched[t]!;
      const covered = counts[slot]!;
      counts[slot] = 0;
      if (matches.length === opts.limit && near.length === opts.nearMissLimit) {
        const bound = capPts[covered]! + quality[slot]! + history[slot]! + OTHERS_MAX;
        const lastMatch = opts.limit === 0 ? Number.POSITIVE_INFINITY : matches[opts.limit - 1]!.score;
        const lastNear = opts.nearMissLimit === 0 ? Number.POSITIVE_INFINITY : near[opts.nearMissLimit - 1]!.score;
        if (bound < lastMatch && bound < lastNear) continue;
      }
      const base = slot * CERT_COUNT;
      let certsOk = true;
      for (const c of reqCerts) if (certDay[base + c]! < deadline) certsOk = false;
      let eligible = certsOk;
      if (needTol !== undefined && tolerance[slot]! > needTol) eligible = false; // NaN (undeclared) compares false
      if (needPart !== undefined && maxPart[slot]! < needPart) eligible = false;
      let certPts = 0;
      if (certsOk) {
        let qs = false;
        if (reqCerts.length === 0) for (const q of QS_IDX) if (certDay[base + q]! >= deadline) qs = true;
        certPts = qs ? fullCerts : noQs;
      }
      const ci = commune[slot]!;
      const pi = park[slot]!;
      let dist: number;
      if (ci >= 0) dist = pi >= 0 ? Math.max(communePts[ci]!, parkPts[pi]!) : communePts[ci]!;
      else {
        const s = this.slots[slot]!;
        const site = { communeCode: s.siteCommune ?? s.registry.communeCode, park: s.park };
        dist = targets.length === 0 ? 10 : Math.max(...targets.map((t) => proximityPoints(site, t)));
      }
      const score = total7(capPts[covered]!, certPts, capacityOf(slot), dist, tierPts[tier[slot]!]!, quality[slot]!, history[slot]!);
      if (eligible) {
        if (matches.length < opts.limit || (opts.limit > 0 && score >= matches[matches.length - 1]!.score))
          offer(matches, opts.limit, { score, taxCode: this.slots[slot]!.taxCode, slot });
      } else if (near.length < opts.nearMissLimit || (opts.nearMissLimit > 0 && score >= near[near.length - 1]!.score)) {
        offer(near, opts.nearMissLimit, { score, taxCode: this.slots[slot]!.taxCode, slot });
      }
    }
    const explain = (x: Scored) => scorePair(this.slots[x.slot]!, need, view);
    return { matches: matches.map(explain), nearMisses: near.map(explain), candidates: nTouched };
  }
}

/** The brute-force baseline: the pair scorer over every supplier, then a sort. */
export function rankByScan(suppliers: Iterable<SupplierFacts>, need: NeedFacts, opts: RankOptions): Ranking {
  const matches: PairScore[] = [];
  const near: PairScore[] = [];
  for (const s of suppliers) {
    const r = scorePair(s, need, opts.scores);
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
        if (!isOpen(need, today)) continue;
        const r = scorePair(s, need, opts.scores);
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
