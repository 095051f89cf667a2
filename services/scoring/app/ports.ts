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

/**
 * Where scoring learnt a programme's owner: `programme-events` from intake's `programme.changed`;
 * `applications` from an `application.submitted` (intake stamps the programme's owner on it, and
 * refuses to hand a programme with applications to another agency, so this is final);
 * `panel-claim` only on records written before programmes were announced, when the first caller to
 * set a panel stated the owner — unconfirmed: such a programme is treated as unknown until intake
 * announces it.
 */
export type OwnerSource = 'programme-events' | 'applications' | 'panel-claim';

/** What scoring knows of a programme: its owner (from intake's events) and its panel. */
export interface ProgrammeRecord {
  programmeId: string;
  programmeCode?: string | undefined;
  ownerAgency: string;
  ownerKnownFrom: OwnerSource;
  /** The programme's version in intake as last announced: an older or repeated announcement changes nothing. */
  announcedVersion?: number | undefined;
  panel?: (Panel & { updatedAt: string; updatedBy: string }) | undefined;
  /** A panel set under an owner the programme no longer has (handed to another agency): discarded. */
  voidedPanel?: { setBy: string; ownerAgency: string; at: string } | undefined;
  /** Assignments so far per reviewer: what balancing evens out. */
  loads: Record<string, number>;
  /** Committed selections, oldest first. */
  selections: string[];
  version: number;
}

/** A programme whose owner scoring knows from intake (not from a caller's claim). */
export const ownerConfirmed = (p: ProgrammeRecord | undefined): p is ProgrammeRecord =>
  p !== undefined && p.ownerKnownFrom !== 'panel-claim';

export interface ReviewerSlot {
  sub: string;
  assignedAt: string;
  reason: 'panel' | 'disagreement';
}

/** `withdrawn`: the applicant withdrew it in intake; it leaves the ranking, the selections and the reviews. */
export type ApplicationStatus = 'awaiting-review' | 'scored' | 'withdrawn';

/**
 * A conflict of interest found after the reviewer was assigned (scoring's copy of the registry
 * lagged): when they tried to review, or when a registry change reached scoring. The reviewer was
 * unassigned; the reason (which may name a person link) is shown to the panel's officers only.
 */
export interface LateConflict {
  sub: string;
  reason: string;
  foundAt: string;
  foundWhen: 'review' | 'registry-change';
}

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
  /** Reviewers unassigned for a conflict found after their assignment, oldest first (at most one per panel member). */
  conflicts?: LateConflict[] | undefined;
  /** Why it lacks reviewers (every remaining panel member conflicted or already assigned); cleared once it has them. */
  unassignable?: { reason: string; at: string } | undefined;
  /** When the answers scored were given: the latest supplement answered (absent: as submitted). */
  answersAsOf?: string | undefined;
  /** How many times it was scored again after a supplement (absent: never). */
  rescores?: number | undefined;
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

/**
 * One all-or-nothing write: state, the events it causes and (for a consumer) the message's marker.
 * A new application (expected version null) is refused with {@link WITHDRAWN_BEFORE_ARRIVAL} when a
 * withdrawal of it arrived first — unless it is written as withdrawn.
 */
export interface Write {
  applications?: { next: ApplicationRecord; expectedVersion: number | null }[];
  /** Reviews this write adds, each stored on its own (an application's reviews would not fit one item). */
  reviews?: { applicationId: string; review: Review }[];
  programme?: { next: ProgrammeRecord; expectedVersion: number | null };
  assignments?: Assignment[];
  /** Assignments taken back (a conflict of interest found late). */
  unassignments?: { sub: string; applicationId: string }[];
  /** Withdrawals of applications scoring has not received yet: kept, so their submission is never scored. */
  withdrawals?: WithdrawalMarker[];
  events?: Envelope[];
  messageId?: string;
}

export interface WithdrawalMarker {
  applicationId: string;
  programmeId: string;
  withdrawnAt: string;
}

/** The conflict a new application's write fails with when its withdrawal arrived first. */
export const WITHDRAWN_BEFORE_ARRIVAL = 'The application was withdrawn before its submission reached scoring';

/** Where a registry change of one enterprise may create a conflict of interest. */
export interface Watchers {
  /** Applications of that enterprise that were waiting for reviews when they were stored. */
  applications: string[];
  /** Panel members (per programme) who declared an interest in it. */
  panelMembers: { programmeId: string; sub: string }[];
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
  /** Every stored version of one rubric, oldest first. */
  rubricVersions(id: string): Promise<Rubric[]>;
  /**
   * Every stored version of the first `ids` rubric ids (in id order) after `afterId`: one page of
   * the catalogue. Fewer ids than asked: there are no more.
   */
  rubricPage(afterId: string | undefined, ids: number): Promise<Rubric[]>;
  /** Store a new version; ConflictError if that version exists (versions are never overwritten). */
  createRubric(r: Rubric): Promise<void>;

  /** Keep a revision (a redelivery changes nothing) and, if newest, the enterprise's latest people. */
  recordEnterprise(rev: EnterpriseRevision): Promise<'applied' | 'duplicate'>;
  history(taxCode: string): Promise<EnterpriseRevision[]>;
  /** Latest known owners / legal representative of each tax code (absent: none known). */
  peopleOf(taxCodes: readonly string[]): Promise<Map<string, PersonRef[]>>;
  /** The newest revision recorded of an enterprise's people. */
  latestPeople(taxCode: string): Promise<{ revision: number; people: PersonRef[] } | undefined>;
  /** What a change of this enterprise's people may affect (see {@link Watchers}). */
  watchersOf(taxCode: string): Promise<Watchers>;
  /** Remember that these panel members declared these interests (for {@link watchersOf}). */
  watchInterests(programmeId: string, members: readonly { sub: string; declaredInterests: readonly string[] }[]): Promise<void>;
  /** A reviewer's assignments of one programme not reviewed yet. */
  pendingAssignments(sub: string, programmeId: string): Promise<string[]>;
  /** When a withdrawal of an application scoring has not received arrived (its marker), if one did. */
  withdrawnBeforeArrival(programmeId: string, applicationId: string): Promise<string | undefined>;
  /** A programme's applications lacking reviewers, and the conflicts found late, for its panel's officers (at most `limit` of each). */
  panelIssues(
    programmeId: string,
    limit: number,
  ): Promise<{
    unassignable: { applicationId: string; reason: string; at: string }[];
    conflicts: (LateConflict & { applicationId: string })[];
  }>;

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
