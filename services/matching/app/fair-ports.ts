/** What the trade-fair use cases need beyond matching's own ports: the fairs table and the schedule store. */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import type { Fair, FairParticipantRecord } from '../domain/fairs/fair.ts';
import type { FairInstance, FairMeeting, FairRole, FairScheduleRun, ReleasedMeeting, UnscheduledPair } from '../domain/fairs/types.ts';
import type { MatchingDeps } from './ports.ts';

export type RunStatus = 'running' | 'done' | 'failed';

/** The figures of a finished run (the whole schedule is in the schedule store). */
export interface RunSummary {
  meetings: number;
  meetingsAdded: number;
  meetingsRemoved: number;
  totalWeight: number;
  upperBound: number;
  boundMethod: FairScheduleRun['boundMethod'];
  gapPct: number;
  unscheduled: number;
  released: number;
  stats: FairScheduleRun['stats'];
}

export interface FairRun {
  fairId: string;
  id: string;
  mode: 'initial' | 'top-up';
  status: RunStatus;
  requestedAt: string;
  requestedBy: string;
  /** The run whose schedule this one replaces (top-up keeps its meetings). */
  previousRunId?: string | undefined;
  startedAt?: string | undefined;
  finishedAt?: string | undefined;
  error?: string | undefined;
  /**
   * When the run is failed by the `fair-run-sweep` schedule if it has not finished (requestedAt +
   * RUN_DEADLINE_MS); runs recorded before deadlines existed have none.
   */
  deadline?: string | undefined;
  /** Attempts of the run queue's consumer started so far (each counted as it starts). */
  attempts?: number | undefined;
  /** The error the latest attempt that reported one ended with; the run stays running meanwhile (the queue retries). */
  lastError?: { attempt: number; message: string; at: string } | undefined;
  summary?: RunSummary | undefined;
  /** Where the full schedule document is (schedule store key). */
  scheduleKey?: string | undefined;
}

/** The full schedule of a run as stored (S3): the scheduler's input and output, so anyone can re-check it. */
export interface ScheduleDocument {
  fairId: string;
  runId: string;
  mode: 'initial' | 'top-up';
  completedAt: string;
  slots: Fair['slots'];
  tables: number;
  participants: { id: string; role: string; name: string; taxCode?: string | undefined; buyerId?: string | undefined }[];
  input: FairInstance;
  run: FairScheduleRun;
}

export interface FairRepository {
  createFair(f: Fair): Promise<void>;
  getFair(id: string): Promise<Fair | undefined>;
  /** Fairs newest first: one agency's, or every agency's when `agency` is undefined. */
  listFairs(agency: string | undefined, limit: number, cursor: string | undefined): Promise<Page<Fair>>;
  /**
   * Add a participant if the fair has fewer than `max`, no other participant holds the same tax
   * code or buyer, and its booth is free — one transaction; 409 with the reason otherwise.
   */
  addParticipant(p: FairParticipantRecord, max: number, at: string): Promise<void>;
  getParticipant(fairId: string, id: string): Promise<FairParticipantRecord | undefined>;
  participants(fairId: string): Promise<FairParticipantRecord[]>;
  /** One page of the fair's participants, in id order. */
  listParticipants(fairId: string, limit: number, cursor: string | undefined): Promise<Page<FairParticipantRecord>>;
  /** The id and role of every participant taking part (not a pending or refused registration), without the rest: wishes are checked against them. */
  participantRoles(fairId: string): Promise<Map<string, FairParticipantRecord['role']>>;
  /** Write the participant if still at `expectedVersion` (409 otherwise). */
  saveParticipant(p: FairParticipantRecord, expectedVersion: number): Promise<void>;
  /**
   * Record a new run and the event that starts it, and mark it the fair's active run — unless
   * another run is active and started after `staleBefore` (409).
   */
  startRun(run: FairRun, event: Envelope, staleBefore: string): Promise<void>;
  getRun(fairId: string, runId: string): Promise<FairRun | undefined>;
  /** A run's meetings, kept in chunks beside the run (idempotent: the same run writes the same items). */
  putMeetings(fairId: string, runId: string, meetings: readonly FairMeeting[]): Promise<void>;
  meetingsOf(fairId: string, runId: string): Promise<FairMeeting[]>;
  /**
   * Finish a running run: the run done, its schedule the fair's current one, the active run
   * cleared, the fair listed among those whose meetings fall due from `meetingsDueFrom` (the end of
   * its first slot), the event in the outbox — one transaction. `false` if the run was no longer running.
   */
  completeRun(run: FairRun, event: Envelope, at: string, meetingsDueFrom: string): Promise<boolean>;
  /** Fairs with meetings that ended by `now` and were not yet looked at, at most `limit`; `heldUpTo`: when they last were. */
  fairsWithMeetingsDue(now: string, limit: number): Promise<{ fairId: string; heldUpTo?: string | undefined }[]>;
  /** The fair's meetings were looked at up to `upTo`; the next fall due at `next` (none: the fair is over). */
  markMeetingsHeld(fairId: string, upTo: string, next: string | undefined): Promise<void>;
  /** Mark a running run failed and clear it as the fair's active run. */
  failRun(fairId: string, runId: string, error: string, at: string): Promise<void>;
  /** Count an attempt of a running run as it starts: the attempt's number, or undefined when the run no longer runs. */
  startAttempt(fairId: string, runId: string, at: string): Promise<number | undefined>;
  /** Keep the error an attempt ended with on a run that is still running. */
  noteAttemptError(fairId: string, runId: string, error: NonNullable<FairRun['lastError']>): Promise<void>;
  /** Running runs whose deadline is before `now`, earliest deadline first, at most `limit` (across all fairs). */
  overdueRuns(now: string, limit: number): Promise<FairRun[]>;
}

/**
 * The part of a run's schedule its answers page through (app/fair-schedule.ts), kept beside the
 * whole document: every meeting in compact form and who is who, and how many unscheduled pairs
 * there are (kept apart, in chunks).
 */
export interface ScheduleView {
  format: 1;
  participants: { id: string; role: FairRole; name: string }[];
  /** [slot index in the fair, table, buyer index, exhibitor index in `participants`, weight], by slot then table. */
  meetings: [slot: number, table: number, buyer: number, exhibitor: number, weight: number][];
  released: ReleasedMeeting[];
  unscheduled: number;
}

export interface ScheduleStore {
  /** The whole run: what the download link gives, and what anyone re-checks the bound with. */
  put(key: string, doc: ScheduleDocument): Promise<void>;
  get(key: string): Promise<ScheduleDocument | undefined>;
  /** Keep the run's view and its unscheduled pairs in chunks (`unscheduled[n]` is chunk n) beside the document. */
  putParts(key: string, view: ScheduleView, unscheduled: readonly UnscheduledPair[][]): Promise<void>;
  /** The run's view; undefined for a run stored before views existed (its document has it all). */
  getView(key: string): Promise<ScheduleView | undefined>;
  getUnscheduled(key: string, chunk: number): Promise<UnscheduledPair[] | undefined>;
  /** A short-lived link to download the document as it is stored. */
  downloadUrl(key: string, expiresInSeconds: number): Promise<string>;
}

export interface FairDeps extends MatchingDeps {
  fairs: FairRepository;
  schedules: ScheduleStore;
}
