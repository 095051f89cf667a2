/**
 * The match index of one function instance, kept fresh from the table's change feed. On first
 * use it loads every profiled supplier, need and match step (a cold start: measured in
 * docs/benchmarks.md); afterwards, at most every `refreshMs`, it reads what changed since the
 * start of the previous refresh minus `lookbackMs`, and applies what is newer than what it holds (each
 * record carries a change counter) — see {@link LiveIndex.fresh} for when a request waits for that. The look-back absorbs clock skew between writers
 * and the propagation delay of the index the feed is read from (a DynamoDB GSI is eventually
 * consistent); overlapping reads change nothing. The request path never scans the table.
 */
import { MatchIndex, NeedIndex } from '../domain/match-index.ts';
import type { SupplierFacts } from '../domain/supplier.ts';
import type { Step } from '../domain/funnel.ts';
import type { Need } from '../domain/need.ts';
import type { MatchStep, NeedRecord, SupplierRecord } from './ports.ts';

export interface ChangeFeed {
  suppliersChangedSince(since: string | undefined): Promise<SupplierRecord[]>;
  needsChangedSince(since: string | undefined): Promise<NeedRecord[]>;
  matchesChangedSince(since: string | undefined): Promise<MatchStep[]>;
}

export const REFRESH_MS = 1_000;
export const LOOKBACK_MS = 5_000;
/** Older than this, a request waits for the refresh instead of answering from the index as it is. */
export const MAX_STALE_MS = 5_000;

/** A supplier's facts for the scorer; undefined until both the registry and a profile are known. */
export function factsOfRecord(r: SupplierRecord): SupplierFacts | undefined {
  if (!r.registry || !r.profile) return undefined;
  return {
    ...r.profile,
    taxCode: r.taxCode,
    registry: r.registry,
    quality: r.quality,
    outcomes: { contracted: r.contracted, declined: r.declined },
  };
}

export interface Freshness {
  /** When the last refresh started: every change committed before it (and propagated) is in. */
  refreshedAt: string;
  suppliers: number;
  needs: number;
}

export class LiveIndex {
  readonly suppliers = new MatchIndex();
  readonly needs = new NeedIndex();
  /** Needs in full (immutable once created): the request path reads its owner and facts from here. */
  private readonly fullNeeds = new Map<string, Need>();
  /** Funnel step of each match, by need then supplier. */
  private readonly steps = new Map<string, Map<string, { step: Step; version: number }>>();
  private lastRefresh = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly clock: () => number = Date.now,
    readonly refreshMs = REFRESH_MS,
    readonly lookbackMs = LOOKBACK_MS,
    readonly maxStaleMs = MAX_STALE_MS,
  ) {}

  /**
   * Keep the index fresh without making every request wait for it: once it is `refreshMs` old a
   * refresh starts behind the answer (concurrent callers share it); a request waits only when the
   * index is `maxStaleMs` old or was never loaded (the first request, or the first after a pause).
   * With steady traffic a change is visible within `refreshMs` plus one refresh; after a pause,
   * at once. A refresh that fails behind an answer is retried by the next request, and one that a
   * request waits for fails that request.
   */
  async fresh(): Promise<Freshness> {
    const age = this.clock() - this.lastRefresh;
    if (age >= this.maxStaleMs) await this.start();
    else if (age >= this.refreshMs) this.start().catch(() => undefined);
    return { refreshedAt: new Date(this.lastRefresh).toISOString(), suppliers: this.suppliers.size, needs: this.needs.size };
  }

  private start(): Promise<void> {
    return (this.inflight ??= this.refresh().finally(() => (this.inflight = undefined)));
  }

  private async refresh(): Promise<void> {
    const startedAt = this.clock();
    // Everything written before the last refresh started, less the look-back, was seen by it; so
    // read from there. The mark is this reader's clock, not the newest change seen: a burst of
    // changes is read again only while inside the look-back, not on every refresh after it.
    const since = Number.isFinite(this.lastRefresh) ? new Date(this.lastRefresh - this.lookbackMs).toISOString() : undefined;
    const [suppliers, needs, matches] = await Promise.all([
      this.feed.suppliersChangedSince(since),
      this.feed.needsChangedSince(since),
      this.feed.matchesChangedSince(since),
    ]);
    for (const r of suppliers) {
      const facts = factsOfRecord(r);
      if (facts) this.suppliers.apply(facts, r.v);
    }
    for (const r of needs) if (this.needs.apply(r.need, r.need.version)) this.fullNeeds.set(r.need.id, r.need);
    for (const m of matches) {
      let byNeed = this.steps.get(m.needId);
      if (!byNeed) this.steps.set(m.needId, (byNeed = new Map()));
      const known = byNeed.get(m.taxCode);
      if (!known || known.version < m.version) byNeed.set(m.taxCode, { step: m.step, version: m.version });
    }
    this.lastRefresh = startedAt;
  }

  /** A need as of the last refresh (undefined if created since: read it from the table then). */
  need(id: string): Need | undefined {
    return this.fullNeeds.get(id);
  }

  /** Funnel steps of a need's matches as of the last refresh. */
  stepsOf(needId: string): ReadonlyMap<string, { step: Step }> {
    return this.steps.get(needId) ?? new Map();
  }
}
