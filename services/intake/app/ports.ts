/** What intake's use cases need from the outside world. Adapters implement these. */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import type { Application, ApplicationDocument, Status } from '../domain/application.ts';
import type { EnterpriseFacts } from '../domain/eligibility.ts';
import type { Grant, Supersession } from '../domain/ledger.ts';
import type { Category, Programme } from '../domain/programme.ts';
import type { Person, RelatedPartyRecord } from '../domain/related-parties.ts';
import type { EnterpriseLinks } from '../../../shared/registry-links/enterprise-links.ts';

/** Who is asking (the JWT's claims): the policy's actor. */
export type { Actor } from '../../../shared/access/policy.ts';

/** Intake's own copy of an enterprise's registry data, kept from enterprise.* events. */
export interface EnterpriseRecord extends EnterpriseFacts {
  name: string;
  revision: number;
  employees: number;
  revenueVnd: number;
  totalCapitalVnd: number;
  sizeClass: { class: string; sectorGroup: string };
  /** Person refs of the legal representative and owners (never shown outside intake: related-party flags compare them). */
  people?: Person[];
  updatedAt: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface ApplicationQuery extends PageRequest {
  programmeId?: string | undefined;
  status?: Status | undefined;
  commune?: string | undefined;
  taxCode?: string | undefined;
  /** Only applications of programmes this agency owns; absent: every agency's (the coordinator). */
  ownerAgency?: string | undefined;
  /** With ownerAgency on a filtered listing: also those assigned to this user (a reviewer). */
  orAssignedTo?: string | undefined;
  /** The agency whose applications are listed when no narrower filter is given. */
  agencyIndex?: string | undefined;
}

export type DocumentPage = Page<ApplicationDocument>;

/** How many index entries one page of a filtered listing examines at most (see listApplications). */
export const MAX_EXAMINED_PER_PAGE = 1000;

/**
 * A ledger slot: a counter per (enterprise, content, year) that every grant of the content over a
 * period touching the year moves on. An approval reads the counters before the grants it checks
 * and commits only if none moved meanwhile, so two approvals of one content racing each other
 * cannot both pass the check (the second is a 409; retried, it sees the first grant).
 */
export interface SlotClaim {
  contentId: string;
  year: number;
  /** The counter as read before the check (0: never claimed). */
  seen: number;
}

export const slotId = (s: Pick<SlotClaim, 'contentId' | 'year'>) => `${s.contentId}#${s.year}`;

/** What an approval writes besides the application. */
export interface ApprovalWrites {
  grant: Grant;
  slots: SlotClaim[];
  /** Add to the programme's committed amount, refused if it would pass `budgetVnd`. */
  budget: { programmeId: string; amountVnd: number; budgetVnd: number };
  /** The earlier grant the enterprise left for this more favourable level: recorded on it, if still at its version. */
  supersede?: { grant: Grant; entry: Supersession };
  /** Rows of Sở Tài chính's related-party list. */
  relatedParties: RelatedPartyRecord[];
}

/** What a decided grant adjustment writes besides the grant. */
export interface AdjustmentWrites {
  events: readonly Envelope[];
  /** Money a confirmed reduction or cancellation gives back to the programme's budget. */
  release?: { programmeId: string; amountVnd: number };
}

export type RecordOutcome = 'applied' | 'stale';

export interface IntakeRepository {
  /** Store a new programme with the events announcing it (same transaction), marking that version announced. */
  createProgramme(p: Programme, events?: readonly Envelope[]): Promise<void>;
  replaceProgramme(next: Programme, expectedVersion: number, events?: readonly Envelope[]): Promise<void>;
  /** Programmes whose current version was never announced (stored before programme.changed existed), at most `limit`. */
  unannouncedProgrammes(limit: number): Promise<Programme[]>;
  /** Announce a programme's current version once: its event and its marker in one transaction; `changed` if it moved on meanwhile. */
  announceProgramme(p: Programme, event: Envelope): Promise<'announced' | 'changed'>;
  getProgramme(id: string): Promise<Programme | undefined>;
  /** Whether any application (in any status) names the programme. */
  hasApplications(programmeId: string): Promise<boolean>;
  listProgrammes(q: PageRequest & { category?: Category | undefined; agency?: string | undefined }): Promise<Page<Programme>>;

  getEnterprise(taxCode: string): Promise<EnterpriseRecord | undefined>;
  /** Keep a newer revision; the same or an older one is `stale` and changes nothing (so redeliveries are harmless). */
  recordEnterprise(e: EnterpriseRecord): Promise<RecordOutcome>;
  openApplicationsOf(taxCode: string): Promise<Application[]>;

  createApplication(app: Application, events?: readonly Envelope[]): Promise<void>;
  getApplication(id: string): Promise<Application | undefined>;
  /**
   * Write the next version of an application if it is still at `expectedVersion` (else 409), with
   * its events in the same transaction; for a consumer, the message's processed marker too.
   */
  saveApplication(
    next: Application,
    expectedVersion: number,
    extra?: { events?: readonly Envelope[]; approval?: ApprovalWrites; messageId?: string },
  ): Promise<'committed' | 'duplicate'>;
  listApplications(q: ApplicationQuery): Promise<Page<Application>>;

  /** Add a document unless the application already has `max` (counted atomically with the write): then 'full'. */
  addDocument(doc: ApplicationDocument, max: number): Promise<'added' | 'full'>;
  getDocument(applicationId: string, documentId: string): Promise<ApplicationDocument | undefined>;
  /** An application's documents, by document id. */
  listDocuments(applicationId: string, page: PageRequest): Promise<DocumentPage>;
  /** Record a verification result; false if the document was already settled. */
  settleDocument(doc: ApplicationDocument): Promise<boolean>;

  /** An enterprise's grants, newest first, a page at a time. */
  grantsOf(taxCode: string, page?: PageRequest): Promise<Page<Grant>>;
  /** Every grant of an enterprise (a handful), newest first, read consistently. */
  allGrantsOf(taxCode: string): Promise<Grant[]>;
  /** The slot counters of an enterprise (consistent reads; absent ones are 0), by slotId. */
  slotCounters(taxCode: string, slots: readonly Pick<SlotClaim, 'contentId' | 'year'>[]): Promise<Map<string, number>>;
  getGrant(grantId: string): Promise<Grant | undefined>;
  /** Write the next version of a grant if it is still at `expectedVersion` (else 409), with its events and budget release. */
  saveGrant(next: Grant, expectedVersion: number, extra: AdjustmentWrites): Promise<void>;

  /**
   * Enterprises that share a person ref (owner or legal representative) with these people, other
   * than `taxCode`, each with its current people (links of people it no longer has are ignored);
   * at most `limit`.
   */
  enterprisesSharing(taxCode: string, people: readonly Person[], limit: number): Promise<{ taxCode: string; people: Person[] }[]>;
  /** Sở Tài chính's related-party list of a year, newest first. */
  relatedPartyRecords(year: number, page: PageRequest): Promise<Page<RelatedPartyRecord>>;
}

export interface UploadTarget {
  url: string;
  headers: Record<string, string>;
}

export interface StoredObject {
  sizeBytes: number;
  sha256: string;
  /** The first bytes, to check the content is of the declared type. */
  head: Uint8Array;
  eTag?: string | undefined;
}

export interface DocumentStore {
  uploadUrl(key: string, contentType: string, sizeBytes: number, expiresInSeconds: number): Promise<UploadTarget>;
  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
  inspect(key: string): Promise<StoredObject | undefined>;
  /** Copy to the verified key (only if the object is still `eTag`, when given), then delete the upload. */
  promote(fromKey: string, toKey: string, eTag?: string): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Whom an enterprise user acts for now: the registry's answer (shared/registry-links/enterprise-links.ts), never a copy. */
export type { EnterpriseLinks };

export interface IntakeDeps {
  repo: IntakeRepository;
  links: EnterpriseLinks;
  documents: DocumentStore;
  now: () => Date;
  newId: () => string;
}
