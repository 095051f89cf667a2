/**
 * The match index of one function instance, kept fresh from the table's change feed. On first
 * use it loads every profiled supplier and every need (a cold start: measured in
 * docs/benchmarks.md); afterwards, at most every `refreshMs`, a request first reads what changed
 * since the newest change it has seen minus `lookbackMs`, and applies what is newer than what it
 * holds (each record carries a change counter). The look-back absorbs clock skew between writers
 * and the propagation delay of the index the feed is read from (a DynamoDB GSI is eventually
 * consistent); overlapping reads change nothing. So a change is visible to a query within
 * `refreshMs` plus that delay; the request path never scans the table.
 */
import { MatchIndex, NeedIndex } from '../domain/match-index.ts';
import type { SupplierFacts } from '../domain/supplier.ts';
import type { NeedRecord, SupplierRecord } from './ports.ts';

export interface ChangeFeed {
  suppliersChangedSince(since: string | undefined): Promise<SupplierRecord[]>;
  needsChangedSince(since: string | undefined): Promise<NeedRecord[]>;
}

export const REFRESH_MS = 1_000;
export const LOOKBACK_MS = 5_000;

/** A supplier's facts for the scorer; undefined until both the registry and a profile are known. */
export function factsOfRecord(r: SupplierRecord): SupplierFacts | undefined {
  if (!r.registry || !r.profile) return undefined;
  return { ...r.profile, taxCode: r.taxCode, registry: r.registry, quality: r.quality, outcomes: { contracted: r.contracted, declined: r.declined } };
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
  private supplierMark: string | undefined;
  private needMark: string | undefined;
  private lastRefresh = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly clock: () => number = Date.now,
    readonly refreshMs = REFRESH_MS,
    readonly lookbackMs = LOOKBACK_MS,
  ) {}

  /** Make sure the index is no older than `refreshMs`; concurrent callers share one refresh. */
  async fresh(): Promise<Freshness> {
    if (this.clock() - this.lastRefresh >= this.refreshMs) {
      this.inflight ??= this.refresh().finally(() => (this.inflight = undefined));
      await this.inflight;
    }
    return { refreshedAt: new Date(this.lastRefresh).toISOString(), suppliers: this.suppliers.size, needs: this.needs.size };
  }

  private since(mark: string | undefined): string | undefined {
    return mark === undefined ? undefined : new Date(Date.parse(mark) - this.lookbackMs).toISOString();
  }

  private async refresh(): Promise<void> {
    const startedAt = this.clock();
    const [suppliers, needs] = await Promise.all([
      this.feed.suppliersChangedSince(this.since(this.supplierMark)),
      this.feed.needsChangedSince(this.since(this.needMark)),
    ]);
    for (const r of suppliers) {
      const facts = factsOfRecord(r);
      if (facts) this.suppliers.apply(facts, r.v);
      if (this.supplierMark === undefined || r.changedAt > this.supplierMark) this.supplierMark = r.changedAt;
    }
    for (const r of needs) {
      this.needs.apply(r.need, r.need.version);
      if (this.needMark === undefined || r.changedAt > this.needMark) this.needMark = r.changedAt;
    }
    // Nothing seen yet: start the next look-back from this refresh, not from the beginning of time.
    const startIso = new Date(startedAt).toISOString();
    this.supplierMark ??= startIso;
    this.needMark ??= startIso;
    this.lastRefresh = startedAt;
  }
}
