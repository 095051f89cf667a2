/** What intake's use cases need from the outside world. Adapters implement these. */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import type { Application, ApplicationDocument, Status } from '../domain/application.ts';
import type { EnterpriseFacts } from '../domain/eligibility.ts';
import type { Grant } from '../domain/ledger.ts';
import type { Category, Programme } from '../domain/programme.ts';

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

/** What an approval writes besides the application. */
export interface ApprovalWrites {
  grant: Grant;
  /** Claim the (enterprise, year, category) slot: set when no earlier grant holds it. */
  claimSlot: boolean;
  /** Add to the programme's committed amount, refused if it would pass `budgetVnd`. */
  budget: { programmeId: string; amountVnd: number; budgetVnd: number };
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

  grantsOf(taxCode: string, page?: PageRequest): Promise<Page<Grant>>;
  grantsIn(taxCode: string, year: number, category: string): Promise<Grant[]>;
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

export interface IntakeDeps {
  repo: IntakeRepository;
  documents: DocumentStore;
  now: () => Date;
  newId: () => string;
}
