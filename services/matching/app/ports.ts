/** What matching's use cases need from the outside world. Adapters implement these. */
import type { Actor } from '../../../shared/access/policy.ts';
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import type { FairMeetingFact, StepRecord, Step } from '../domain/funnel.ts';
import type { Buyer, Need } from '../domain/need.ts';
import type { Contact, QualityRecord, RegistryFacts, SupplierFacts, SupplierProfile } from '../domain/supplier.ts';
import type { LiveIndex } from './live-index.ts';

export type { Actor, Page };

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** The profile facts the scorer uses, stored compactly beside the registry facts. */
export type MatchableProfile = Omit<SupplierFacts, 'taxCode' | 'registry' | 'scores' | 'outcomes'>;

/**
 * One supplier's compact record: what the match index holds. `v` grows with every change from
 * any writer (registry, profile, scores, funnel), so the index keeps the newest of overlapping reads.
 */
export interface SupplierRecord {
  taxCode: string;
  registry?: RegistryFacts | undefined;
  profile?: MatchableProfile | undefined;
  /** The latest score of each agency's programmes (and one of unknown agency, recorded before agencies were kept). */
  scores: QualityRecord[];
  contracted: number;
  declined: number;
  v: number;
  changedAt: string;
}

/** The full business profile, with its contact persons kept beside it (personal data). */
export interface ProfileRecord {
  taxCode: string;
  profile: SupplierProfile;
  contacts: Contact[];
  ownerAgency: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** Whose an application is (the enterprise) and whose programme it was for (the agency that may read its score). */
export interface ApplicationOwner {
  taxCode: string;
  agency: string;
}

export interface NeedRecord {
  need: Need;
  changedAt: string;
}

export interface Match {
  id: string;
  needId: string;
  taxCode: string;
  buyerId: string;
  ownerAgency: string;
  step: Step;
  scoreAtProposal: number;
  history: StepRecord[];
  /** Trade fairs' meetings of the pair (app/fair-funnel.ts); absent on a match no fair scheduled. */
  fairMeetings?: FairMeetingFact[] | undefined;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type RecordOutcome = 'applied' | 'stale';

export interface MatchingRepository {
  getSupplier(taxCode: string): Promise<SupplierRecord | undefined>;
  getProfile(taxCode: string): Promise<ProfileRecord | undefined>;
  /**
   * Write the profile (new when `expectedVersion` is undefined, else only if still at that
   * version: 409) and the supplier's matchable facts, in one transaction.
   */
  saveProfile(p: ProfileRecord, matchable: MatchableProfile, expectedVersion: number | undefined, at: string): Promise<void>;
  /** Keep a newer registry revision; the same or an older one is `stale` and changes nothing. */
  recordRegistry(taxCode: string, facts: RegistryFacts, at: string): Promise<RecordOutcome>;
  /** Keep a later score of the same agency's programmes (`q.agency`); an earlier or equal one is `stale`. */
  recordQuality(taxCode: string, q: QualityRecord, at: string): Promise<RecordOutcome>;
  /**
   * Remember whose an application is and whose programme it was for; returns a score that arrived
   * before it, if one waits.
   */
  rememberApplication(applicationId: string, owner: ApplicationOwner): Promise<QualityRecord | undefined>;
  /** What is known of an application: undefined before its submission reached matching. */
  applicationOwner(applicationId: string): Promise<Partial<ApplicationOwner> | undefined>;
  /** Keep a score whose application matching has not heard of yet. */
  holdScore(q: QualityRecord): Promise<void>;

  createBuyer(b: Buyer): Promise<void>;
  getBuyer(id: string): Promise<Buyer | undefined>;
  /** Replace a buyer if still at `expectedVersion` (else 409). */
  updateBuyer(b: Buyer, expectedVersion: number): Promise<void>;
  /** An agency's buyers, newest first. */
  listBuyers(agency: string, page: PageRequest): Promise<Page<Buyer>>;
  createNeed(n: Need): Promise<void>;
  getNeed(id: string): Promise<Need | undefined>;
  /** Replace a need if still at `expectedVersion` (else 409); it moves in the change feed at `at`. */
  updateNeed(n: Need, expectedVersion: number, at: string): Promise<void>;
  /** A buyer's needs, newest first. */
  needsOfBuyer(buyerId: string, page: PageRequest): Promise<Page<Need>>;

  getMatch(needId: string, taxCode: string): Promise<Match | undefined>;
  matchesOfNeed(needId: string): Promise<Match[]>;
  /**
   * Write a match's next state if still at `expectedVersion` (0: new) with its events, and, when
   * the step ends it, the supplier's outcome counters — one transaction.
   */
  saveMatch(
    m: Match,
    expectedVersion: number,
    events: readonly Envelope[],
    outcome: 'contracted' | 'declined' | undefined,
    at: string,
  ): Promise<void>;

  /** The change feed the index follows: suppliers with a profile changed after `since` (all when undefined). */
  suppliersChangedSince(since: string | undefined): Promise<SupplierRecord[]>;
  needsChangedSince(since: string | undefined): Promise<NeedRecord[]>;
  /** Funnel steps recorded after `since`, for the matches listed with a need. */
  matchesChangedSince(since: string | undefined): Promise<MatchStep[]>;
}

export interface MatchStep {
  needId: string;
  taxCode: string;
  step: Step;
  version: number;
  changedAt: string;
}

/**
 * A compact copy of a live index (app/live-index.ts): every matchable supplier's facts with its
 * change counter, every need, every match's step; and the position in the change feed it is
 * complete up to (the start of the refresh that last fed it), from which a restored index reads on.
 */
export interface IndexSnapshot {
  /** 2: suppliers carry `scores` with their agencies (a format-1 snapshot is not read: the table is). */
  format: 2;
  position: string;
  suppliers: [v: number, facts: SupplierFacts][];
  needs: Need[];
  steps: [needId: string, taxCode: string, step: Step, version: number][];
}

/** Where the latest index snapshot is kept (S3 in AWS and locally). */
export interface IndexSnapshotStore {
  /** The latest snapshot; undefined if none was written yet. */
  read(): Promise<IndexSnapshot | undefined>;
  /** Replace the latest snapshot (whole: a reader never sees half of one). */
  write(s: IndexSnapshot): Promise<{ bytes: number }>;
}

export interface MatchingDeps {
  repo: MatchingRepository;
  index: LiveIndex;
  /** The latest index snapshot (written by the `index-snapshot` schedule). */
  snapshots?: IndexSnapshotStore | undefined;
  now: () => Date;
  newId: () => string;
  /** The agency that runs the supplier network and owns its profiles (Sở Công Thương by default). */
  networkAgency: string;
}
