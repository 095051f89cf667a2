/** An in-memory MatchingRepository with the same conditions as the DynamoDB one, and a clock. */
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import { LiveIndex } from '../../../../services/matching/app/live-index.ts';
import type {
  ApplicationOwner,
  MatchableProfile,
  Match,
  MatchStep,
  MatchingDeps,
  MatchingRepository,
  NeedRecord,
  Page,
  PageRequest,
  ProfileRecord,
  RecordOutcome,
  SupplierRecord,
} from '../../../../services/matching/app/ports.ts';
import type { Buyer, Need } from '../../../../services/matching/domain/need.ts';
import type { QualityRecord, RegistryFacts } from '../../../../services/matching/domain/supplier.ts';
import { FakeEnterpriseLinks } from '../../support/enterprise-links.ts';
import { supplier } from './fixtures.ts';

const clone = <T>(x: T): T => structuredClone(x);

export class FakeRepository implements MatchingRepository {
  suppliers = new Map<string, SupplierRecord>();
  profiles = new Map<string, ProfileRecord>();
  buyers = new Map<string, Buyer>();
  needs = new Map<string, { need: Need; changedAt: string }>();
  matches = new Map<string, Match>();
  apps = new Map<string, { taxCode?: string; agency?: string; held?: QualityRecord }>();
  outbox: Envelope[] = [];

  private touch(taxCode: string, at: string): SupplierRecord {
    const r = this.suppliers.get(taxCode) ?? { taxCode, scores: [], contracted: 0, declined: 0, v: 0, changedAt: at };
    r.v += 1;
    r.changedAt = at;
    this.suppliers.set(taxCode, r);
    return r;
  }

  async getSupplier(taxCode: string) {
    const r = this.suppliers.get(taxCode);
    return r && clone(r);
  }
  async getProfile(taxCode: string) {
    const p = this.profiles.get(taxCode);
    return p && clone(p);
  }
  async saveProfile(p: ProfileRecord, matchable: MatchableProfile, expectedVersion: number | undefined, at: string) {
    const current = this.profiles.get(p.taxCode);
    if (expectedVersion === undefined ? current : current?.version !== expectedVersion) throw new ConflictError('changed meanwhile');
    this.profiles.set(p.taxCode, clone(p));
    this.touch(p.taxCode, at).profile = clone(matchable);
  }
  async recordRegistry(taxCode: string, facts: RegistryFacts, at: string): Promise<RecordOutcome> {
    const r = this.suppliers.get(taxCode);
    if (r?.registry && r.registry.revision >= facts.revision) return 'stale';
    this.touch(taxCode, at).registry = clone(facts);
    return 'applied';
  }
  async recordQuality(taxCode: string, q: QualityRecord, at: string): Promise<RecordOutcome> {
    // One per agency (and one of an unknown agency), the latest kept.
    const same = this.suppliers.get(taxCode)?.scores.find((s) => s.agency === q.agency);
    if (same && same.scoredAt >= q.scoredAt) return 'stale';
    const r = this.touch(taxCode, at);
    r.scores = [...r.scores.filter((s) => s.agency !== q.agency), clone(q)];
    return 'applied';
  }
  async rememberApplication(applicationId: string, owner: ApplicationOwner) {
    const a = this.apps.get(applicationId) ?? {};
    a.taxCode = owner.taxCode;
    a.agency = owner.agency;
    this.apps.set(applicationId, a);
    return a.held;
  }
  async applicationOwner(applicationId: string) {
    const a = this.apps.get(applicationId);
    return a && { taxCode: a.taxCode, agency: a.agency };
  }
  async holdScore(q: QualityRecord) {
    const a = this.apps.get(q.applicationId) ?? {};
    if (!a.held || a.held.scoredAt < q.scoredAt) a.held = q;
    this.apps.set(q.applicationId, a);
  }
  async createBuyer(b: Buyer) {
    this.buyers.set(b.id, clone(b));
  }
  async getBuyer(id: string) {
    const b = this.buyers.get(id);
    return b && clone(b);
  }
  async updateBuyer(b: Buyer, expectedVersion: number) {
    if (this.buyers.get(b.id)?.version !== expectedVersion) throw new ConflictError('changed meanwhile');
    this.buyers.set(b.id, clone(b));
  }
  async listBuyers(agency: string, page: PageRequest): Promise<Page<Buyer>> {
    const all = [...this.buyers.values()].filter((b) => b.ownerAgency === agency).reverse();
    return this.page(all, page);
  }
  async createNeed(n: Need) {
    this.needs.set(n.id, { need: clone(n), changedAt: n.createdAt });
  }
  async updateNeed(n: Need, expectedVersion: number, at: string) {
    if (this.needs.get(n.id)?.need.version !== expectedVersion) throw new ConflictError('changed meanwhile');
    this.needs.set(n.id, { need: clone(n), changedAt: at });
  }
  async needsOfBuyer(buyerId: string, page: PageRequest): Promise<Page<Need>> {
    const all = [...this.needs.values()]
      .map((n) => n.need)
      .filter((n) => n.buyerId === buyerId)
      .reverse();
    return this.page(all, page);
  }
  /** Pages over a list; the cursor is the offset. */
  private page<T>(all: T[], page: PageRequest): Page<T> {
    const from = page.cursor ? Number(page.cursor) : 0;
    const next = from + page.limit;
    return { items: all.slice(from, next).map(clone), nextCursor: next < all.length ? String(next) : null };
  }
  async getNeed(id: string) {
    const n = this.needs.get(id);
    return n && clone(n.need);
  }
  async getMatch(needId: string, taxCode: string) {
    const m = this.matches.get(`${needId}_${taxCode}`);
    return m && clone(m);
  }
  async matchesOfNeed(needId: string) {
    return [...this.matches.values()].filter((m) => m.needId === needId).map(clone);
  }
  async saveMatch(
    m: Match,
    expectedVersion: number,
    events: readonly Envelope[],
    outcome: 'contracted' | 'declined' | undefined,
    at: string,
  ) {
    const current = this.matches.get(m.id);
    if ((current?.version ?? 0) !== expectedVersion) throw new ConflictError('changed meanwhile');
    this.matches.set(m.id, clone(m));
    this.matchChanges.set(m.id, at);
    this.outbox.push(...events);
    if (outcome) {
      const r = this.touch(m.taxCode, at);
      if (outcome === 'contracted') r.contracted += 1;
      else r.declined += 1;
    }
  }
  async suppliersChangedSince(since: string | undefined) {
    return [...this.suppliers.values()].filter((r) => r.profile && (since === undefined || r.changedAt > since)).map(clone);
  }
  matchChanges = new Map<string, string>();
  async matchesChangedSince(since: string | undefined): Promise<MatchStep[]> {
    return [...this.matches.values()]
      .map((m) => ({ needId: m.needId, taxCode: m.taxCode, step: m.step, version: m.version, changedAt: this.matchChanges.get(m.id)! }))
      .filter((m) => since === undefined || m.changedAt > since);
  }
  async needsChangedSince(since: string | undefined): Promise<NeedRecord[]> {
    return [...this.needs.values()].filter((n) => since === undefined || n.changedAt > since).map(clone);
  }
}

export interface TestDeps extends MatchingDeps {
  repo: FakeRepository;
  clock: { now: number };
}

export function fakeDeps(start = Date.parse('2026-11-30T03:00:00Z')): TestDeps {
  const repo = new FakeRepository();
  const clock = { now: start };
  let n = 0;
  return {
    repo,
    clock,
    index: new LiveIndex(repo, () => clock.now),
    now: () => new Date(clock.now),
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    networkAgency: 'so-cong-thuong',
  };
}

/** Whom the matrix's enterprise users act for: the own enterprise is the fixtures' supplier. */
export const enterpriseLinks = () => new FakeEnterpriseLinks(supplier().taxCode, OTHER_ENTERPRISE);

/** An enterprise other than the fixtures' supplier, which the matrix's `other enterprise` user acts for. */
export const OTHER_ENTERPRISE = '0109999999';
