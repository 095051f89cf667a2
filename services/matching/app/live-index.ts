/**
 * The match index of one function instance, kept fresh from the table's change feed.
 *
 * Loading: from the latest index snapshot (a compact copy of the index kept in S3, written by the
 * `index-snapshot` schedule, see app/index-snapshot.ts), then the change feed from the snapshot's
 * position; without a usable snapshot, the whole feed (every profiled supplier, need and match
 * step: what made cold starts take minutes at 50,000 suppliers, docs/benchmarks.md), after which
 * the instance writes a snapshot itself so the next cold start has one. Loading starts at init
 * ({@link LiveIndex.warm}); a request waits for it up to `readyWaitMs` and is otherwise refused with
 * {@link IndexNotReadyError} (503 + Retry-After), never a 500 or a timeout.
 *
 * Afterwards, at most every `refreshMs`, it reads what changed since the start of the previous
 * refresh minus `lookbackMs`, and applies what is newer than what it holds (each record carries a
 * change counter) — see {@link LiveIndex.fresh} for when a request waits for that. The look-back
 * absorbs clock skew between writers and the propagation delay of the index the feed is read from
 * (a DynamoDB GSI is eventually consistent); overlapping reads change nothing. The request path
 * never scans the table.
 */
import { ServiceUnavailableError } from '../../../shared/errors.ts';
import { MatchIndex, NeedIndex } from '../domain/match-index.ts';
import { qualityFact, type SupplierFacts } from '../domain/supplier.ts';
import type { Step } from '../domain/funnel.ts';
import type { Need } from '../domain/need.ts';
import type { IndexSnapshot, IndexSnapshotStore, MatchStep, NeedRecord, SupplierRecord } from './ports.ts';

export interface ChangeFeed {
  suppliersChangedSince(since: string | undefined): Promise<SupplierRecord[]>;
  needsChangedSince(since: string | undefined): Promise<NeedRecord[]>;
  matchesChangedSince(since: string | undefined): Promise<MatchStep[]>;
}

export const REFRESH_MS = 1_000;
export const LOOKBACK_MS = 5_000;
/** Older than this, a request waits for the refresh instead of answering from the index as it is. */
export const MAX_STALE_MS = 5_000;
/** How long a request waits for an index still loading before it is told to come back (503). */
export const READY_WAIT_MS = 5_000;

/** The index is still loading: come back after `retryAfterSeconds`. */
export class IndexNotReadyError extends ServiceUnavailableError {}

/** A supplier's facts for the scorer; undefined until both the registry and a profile are known. */
export function factsOfRecord(r: SupplierRecord): SupplierFacts | undefined {
  if (!r.registry || !r.profile) return undefined;
  return {
    ...r.profile,
    taxCode: r.taxCode,
    registry: r.registry,
    scores: r.scores.map(qualityFact),
    outcomes: { contracted: r.contracted, declined: r.declined },
  };
}

export interface Freshness {
  /** When the last refresh started: every change committed before it (and propagated) is in. */
  refreshedAt: string;
  suppliers: number;
  needs: number;
}

export interface LiveIndexOptions {
  clock?: () => number;
  refreshMs?: number;
  lookbackMs?: number;
  maxStaleMs?: number;
  readyWaitMs?: number;
  /** Where snapshots are read from at load (and written to after a load that found none). */
  snapshots?: IndexSnapshotStore | undefined;
  /** Told of what goes wrong behind the answers (a snapshot that could not be read or written). */
  onError?: (error: unknown, what: string) => void;
}

/** How the index was loaded, for logs and the benchmark. */
export interface LoadReport {
  from: 'snapshot' | 'table';
  /** The snapshot's position, when loaded from one. */
  position?: string;
  ms: number;
  /** Records read from the change feed after the snapshot (or in all, from the table). */
  fromFeed: number;
}

export class LiveIndex {
  readonly suppliers = new MatchIndex();
  readonly needs = new NeedIndex();
  /** Needs in full: the request path reads their owner and facts from here. */
  private readonly fullNeeds = new Map<string, Need>();
  /** Funnel step of each match, by need then supplier. */
  private readonly steps = new Map<string, Map<string, { step: Step; version: number }>>();
  private lastRefresh = Number.NEGATIVE_INFINITY;
  private inflight: Promise<number> | undefined;
  private loading: Promise<LoadReport> | undefined;
  private loadingFrom: LoadReport['from'] = 'snapshot';
  /** Set once the first load has completed. */
  loaded: LoadReport | undefined;
  private readonly clock: () => number;
  readonly refreshMs: number;
  readonly lookbackMs: number;
  readonly maxStaleMs: number;
  readonly readyWaitMs: number;

  constructor(
    private readonly feed: ChangeFeed,
    opts: LiveIndexOptions | (() => number) = {},
  ) {
    const o = typeof opts === 'function' ? { clock: opts } : opts;
    this.clock = o.clock ?? Date.now;
    this.refreshMs = o.refreshMs ?? REFRESH_MS;
    this.lookbackMs = o.lookbackMs ?? LOOKBACK_MS;
    this.maxStaleMs = o.maxStaleMs ?? MAX_STALE_MS;
    this.readyWaitMs = o.readyWaitMs ?? READY_WAIT_MS;
    this.snapshots = o.snapshots;
    this.onError = o.onError ?? (() => undefined);
  }

  private readonly snapshots: IndexSnapshotStore | undefined;
  private readonly onError: (error: unknown, what: string) => void;

  /** Start loading (at init), without waiting; a failed load is retried by the next request. */
  warm(): this {
    this.load().catch((error: unknown) => this.onError(error, 'index load'));
    return this;
  }

  /** The first load, shared by every caller; a failed one is forgotten so the next call retries. */
  load(): Promise<LoadReport> {
    this.loading ??= this.loadOnce().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async loadOnce(): Promise<LoadReport> {
    const started = performance.now();
    let snapshot: IndexSnapshot | undefined;
    try {
      snapshot = await this.snapshots?.read();
    } catch (error) {
      // A snapshot is an optimisation: an unreadable one is reported and the table read instead.
      this.onError(error, 'index snapshot read');
    }
    let fromFeed: number;
    if (snapshot) {
      this.restore(snapshot);
      fromFeed = await this.refresh();
    } else {
      this.loadingFrom = 'table';
      fromFeed = await this.refresh();
      // No snapshot yet (or an unreadable one): leave one for the next cold start.
      if (this.snapshots) this.snapshots.write(this.snapshot()).catch((error: unknown) => this.onError(error, 'index snapshot write'));
    }
    this.loaded = {
      from: snapshot ? 'snapshot' : 'table',
      ...(snapshot ? { position: snapshot.position } : {}),
      ms: performance.now() - started,
      fromFeed,
    };
    return this.loaded;
  }

  /**
   * Keep the index fresh without making every request wait for it: once it is `refreshMs` old a
   * refresh starts behind the answer (concurrent callers share it); a request waits only when the
   * index is `maxStaleMs` old (the first request after a pause). With steady traffic a change is
   * visible within `refreshMs` plus one refresh; after a pause, at once. A refresh that fails behind
   * an answer is retried by the next request, and one that a request waits for fails that request.
   * Before the first load completes, a request waits for it up to `readyWaitMs`, then gets
   * {@link IndexNotReadyError}.
   */
  async fresh(): Promise<Freshness> {
    if (!this.loaded) await this.ready();
    const age = this.clock() - this.lastRefresh;
    // A negative age is a clock set back (locally): the index is as stale as it can be.
    if (age >= this.maxStaleMs || age < 0) await this.start();
    else if (age >= this.refreshMs) this.start().catch(() => undefined);
    return { refreshedAt: new Date(this.lastRefresh).toISOString(), suppliers: this.suppliers.size, needs: this.needs.size };
  }

  /**
   * Load if not loaded, then read the feed up to now, whatever the index's age (the snapshot job,
   * a fair's schedule run): a refresh already under way may have started before the caller's
   * changes, so it is awaited and a new one read.
   */
  async catchUp(): Promise<void> {
    await this.load();
    await this.inflight?.catch(() => undefined);
    await this.start();
  }

  private async ready(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'wait'>((resolve) => (timer = setTimeout(() => resolve('wait'), this.readyWaitMs)));
    try {
      const outcome = await Promise.race([this.load(), waited]);
      if (outcome !== 'wait') return;
    } catch (error) {
      throw new IndexNotReadyError('The match index could not be loaded; try again shortly', 5, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    // A snapshot loads in a second or two; the whole table in a minute or more.
    const retryAfter = this.loadingFrom === 'snapshot' ? 2 : 10;
    throw new IndexNotReadyError(
      `The match index is still loading (${this.suppliers.size} suppliers so far); try again after ${retryAfter} s`,
      retryAfter,
    );
  }

  private start(): Promise<number> {
    return (this.inflight ??= this.refresh().finally(() => (this.inflight = undefined)));
  }

  /** Read and apply the feed since the last refresh (all of it the first time); returns how many records came. */
  private async refresh(): Promise<number> {
    const startedAt = this.clock();
    // Everything written before the last refresh started, less the look-back, was seen by it; so
    // read from there. The mark is this reader's clock, not the newest change seen: a burst of
    // changes is read again only while inside the look-back, not on every refresh after it.
    // A clock that went back (set back on a local runtime) would hide every change stamped between
    // its new reading and the last mark: read everything again then (applying is idempotent).
    const since =
      Number.isFinite(this.lastRefresh) && startedAt >= this.lastRefresh
        ? new Date(this.lastRefresh - this.lookbackMs).toISOString()
        : undefined;
    const [suppliers, needs, matches] = await Promise.all([
      this.feed.suppliersChangedSince(since),
      this.feed.needsChangedSince(since),
      this.feed.matchesChangedSince(since),
    ]);
    for (const r of suppliers) {
      const facts = factsOfRecord(r);
      if (facts) this.suppliers.apply(facts, r.v);
    }
    for (const r of needs) this.applyNeed(r.need);
    for (const m of matches) this.applyStep(m.needId, m.taxCode, m.step, m.version);
    this.lastRefresh = startedAt;
    return suppliers.length + needs.length + matches.length;
  }

  private applyNeed(need: Need): void {
    if (this.needs.apply(need, need.version)) this.fullNeeds.set(need.id, need);
  }

  private applyStep(needId: string, taxCode: string, step: Step, version: number): void {
    let byNeed = this.steps.get(needId);
    if (!byNeed) this.steps.set(needId, (byNeed = new Map()));
    const known = byNeed.get(taxCode);
    if (!known || known.version < version) byNeed.set(taxCode, { step, version });
  }

  /**
   * The index as a snapshot. Its position is when the last refresh started: whoever restores it
   * reads the feed from there (less the look-back), as this instance would have.
   */
  snapshot(): IndexSnapshot {
    const steps: IndexSnapshot['steps'] = [];
    for (const [needId, byNeed] of this.steps) for (const [taxCode, s] of byNeed) steps.push([needId, taxCode, s.step, s.version]);
    const suppliers: IndexSnapshot['suppliers'] = [];
    for (const s of this.suppliers.all()) suppliers.push([this.suppliers.versionOf(s.taxCode)!, s]);
    return {
      format: 2,
      position: new Date(this.lastRefresh).toISOString(),
      suppliers,
      needs: [...this.fullNeeds.values()],
      steps,
    };
  }

  private restore(s: IndexSnapshot): void {
    for (const [v, facts] of s.suppliers) this.suppliers.apply(facts, v);
    for (const need of s.needs) this.applyNeed(need);
    for (const [needId, taxCode, step, version] of s.steps) this.applyStep(needId, taxCode, step, version);
    this.lastRefresh = Date.parse(s.position);
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
