/** What scoring's use cases need from the outside world. Adapters implement these. */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { Actor } from '../../../shared/access/policy.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import type { CriterionResult } from '../domain/criteria.ts';
import type { FinalScore, Panel, PersonRef, Review } from '../domain/panel.ts';
import type { Rubric } from '../domain/rubric.ts';
import type { Candidate, Entry, MipSolver, Policy, SelectionOutcome } from '../domain/selection.ts';

export type { Actor };

/** Scoring's copy of one registry revision of an enterprise, from enterprise.* events. */
export interface EnterpriseRevision {
  taxCode: string;
  revision: number;
  occurredAt: string;
  employees: number;
  revenueVnd: number;
  totalCapitalVnd: number;
  sizeClass: string;
  status: string;
  /** Owners and legal representative as pseudonymous ids (absent in events from before they were added). */
  people?: PersonRef[] | undefined;
}

/** What scoring knows of a programme: its owner (from its applications, or claimed with a panel) and its panel. */
export interface ProgrammeRecord {
  programmeId: string;
  programmeCode?: string | undefined;
  ownerAgency: string;
  /** `applications`: confirmed by application.submitted; `panel-claim`: stated by whoever set the panel first. */
  ownerKnownFrom: 'applications' | 'panel-claim';
  panel?: (Panel & { updatedAt: string; updatedBy: string }) | undefined;
  /** A panel set under an owner that the programme's applications then contradicted: discarded. */
  voidedPanel?: { claimedBy: string; ownerAgency: string; at: string } | undefined;
  /** Assignments so far per reviewer: what balancing evens out. */
  loads: Record<string, number>;
  /** Committed selections, oldest first. */
  selections: string[];
  version: number;
}

export interface ReviewerSlot {
  sub: string;
  assignedAt: string;
  reason: 'panel' | 'disagreement';
}

/** `withdrawn`: the applicant withdrew it in intake; it leaves the ranking, the selections and the reviews. */
export type ApplicationStatus = 'awaiting-review' | 'scored' | 'withdrawn';

export interface ApplicationRecord {
  applicationId: string;
  programmeId: string;
  programmeCode: string;
  /** The programme's owning agency, as intake announced it. */
  agency: string;
  taxCode: string;
  communeCode: string;
  sizeClass: string;
  vsicMain: string;
  requestedAmountVnd: number;
  submittedAt: string;
  answers: Record<string, unknown>;
  /** The registry revision the application was judged on, and the earlier ones scoring compared it with. */
  enterprise: { revision: number; employees: number; revenueVnd: number; historyRevisions: number[] };
  rubric: { id: string; version: number };
  /** The rubric version's pass mark, kept so `application.scored` carries it (absent on records from before it was kept). */
  passMark?: number | undefined;
  status: ApplicationStatus;
  automatic: CriterionResult[];
  automaticPoints: number;
  reviewsNeeded: number;
  reviewers: ReviewerSlot[];
  reviews: Review[];
  extraReviewRequested: boolean;
  final?: FinalScore | undefined;
  scoredAt?: string | undefined;
  withdrawnAt?: string | undefined;
  createdAt: string;
  version: number;
}

export interface Assignment {
  sub: string;
  applicationId: string;
  programmeId: string;
  assignedAt: string;
  reason: 'panel' | 'disagreement';
  status: 'pending' | 'reviewed';
}

/** One all-or-nothing write: state, the events it causes and (for a consumer) the message's marker. */
export interface Write {
  applications?: { next: ApplicationRecord; expectedVersion: number | null }[];
  programme?: { next: ProgrammeRecord; expectedVersion: number | null };
  assignments?: Assignment[];
  events?: Envelope[];
  messageId?: string;
}

export type Decision = { status: 'pending' } | { status: 'applied' | 'refused'; detail?: string | undefined };

export type SelectionList = 'funded' | 'waitlisted' | 'notFunded';

export interface SelectionRecord {
  id: string;
  programmeId: string;
  agency: string;
  committedBy: string;
  committedAt: string;
  policy: Policy;
  /** `integer-program`: selections committed before the lexicographic rule (they kept `merit` and an older comparison). */
  method: SelectionOutcome['method'] | 'integer-program';
  /** The pass mark applied (absent on selections committed before it was recorded). */
  passMark?: number | undefined;
  merit?: number | undefined;
  totalVnd: number;
  budgetVnd: number;
  comparison?: SelectionOutcome['comparison'] | Record<string, unknown> | undefined;
  entries: (Entry & { list: SelectionList })[];
  parts: number;
}

export interface ScoringRepository {
  /** Stored (not built-in) rubric versions. */
  getRubric(id: string, version: number): Promise<Rubric | undefined>;
  listRubrics(): Promise<Rubric[]>;
  /** Store a new version; ConflictError if that version exists (versions are never overwritten). */
  createRubric(r: Rubric): Promise<void>;

  /** Keep a revision (a redelivery changes nothing) and, if newest, the enterprise's latest people. */
  recordEnterprise(rev: EnterpriseRevision): Promise<'applied' | 'duplicate'>;
  history(taxCode: string): Promise<EnterpriseRevision[]>;
  /** Latest known owners / legal representative of each tax code (absent: none known). */
  peopleOf(taxCodes: readonly string[]): Promise<Map<string, PersonRef[]>>;

  getProgramme(id: string): Promise<ProgrammeRecord | undefined>;
  getApplication(id: string): Promise<ApplicationRecord | undefined>;
  /** Ids of a programme's applications still waiting for panel reviewers (fewer assigned than needed), oldest first. */
  awaitingReviewers(programmeId: string, limit: number): Promise<string[]>;
  commit(w: Write): Promise<'committed' | 'duplicate'>;

  /** 1 + the number of scored applications of the programme ranked above `rankKey`, and how many are scored. */
  rankOf(programmeId: string, rankKey: string): Promise<{ rank: number; of: number }>;
  /** Every scored application of a programme, as selection needs it. */
  candidates(programmeId: string): Promise<Candidate[]>;
  assignmentsOf(sub: string, page: { limit: number; cursor?: string | undefined }): Promise<Page<Assignment>>;

  /** Store a committed selection with its events, if the programme is still at `expectedVersion`. */
  saveSelection(sel: SelectionRecord, programme: { next: ProgrammeRecord; expectedVersion: number }, events: Envelope[]): Promise<void>;
  getSelection(id: string): Promise<(SelectionRecord & { decisions: Map<string, Decision> }) | undefined>;
  /** Record intake's answer for one part of a selection (idempotent by message id). */
  recordSelectionResults(
    selectionId: string,
    part: number,
    results: { applicationId: string; status: 'applied' | 'refused'; detail?: string | undefined }[],
    messageId: string,
  ): Promise<'committed' | 'duplicate'>;
}

export interface ScoringDeps {
  repo: ScoringRepository;
  solver: MipSolver;
  now: () => Date;
  newId: () => string;
}
