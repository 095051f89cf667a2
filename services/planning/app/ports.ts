/** What planning's use cases need: its repository, the attendance upload store, the registry's person refs, a clock. */
import type { Actor } from '../../../shared/access/policy.ts';
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import type { Activity, StoredRow } from '../domain/activity.ts';
import type { Contribution, Plan, PlanYear } from '../domain/plan.ts';
import type { AttendanceUpload } from '../domain/upload.ts';

export type { Actor };

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface PlanRepository {
  getYear(year: number): Promise<PlanYear | undefined>;
  /**
   * Store a new version with the contributions it starts with, as the year's open plan — unless
   * the year already has one, or another version was created since `expectedLastVersion` was read
   * (409 either way).
   */
  createPlan(plan: Plan, contributions: readonly Contribution[], expectedLastVersion: number): Promise<void>;
  getPlan(id: string): Promise<Plan | undefined>;
  /** Versions newest first: of one year, or of every year. */
  listPlans(year: number | undefined, page: PageRequest): Promise<Page<Plan>>;
  contributions(planId: string): Promise<Contribution[]>;
  getContribution(planId: string, contributor: string): Promise<Contribution | undefined>;
  /** Replace the plan if it is still at `expectedRevision` and a draft (409 otherwise). */
  savePlan(next: Plan, expectedRevision: number): Promise<void>;
  /** Write a contribution with the plan's next revision, if the plan is still at `expectedRevision` and a draft. */
  saveContribution(next: Plan, contribution: Contribution, expectedRevision: number): Promise<void>;
  /**
   * Approve a submitted version at `expectedRevision`: it becomes the year's approved plan and the
   * earlier approved one (`previous`) superseded; `event` goes to the outbox — one transaction.
   */
  approve(next: Plan, previous: Plan | undefined, event: Envelope, expectedRevision: number): Promise<void>;
}

export interface ActivityListQuery extends PageRequest {
  /** The recording agency (`ubnd-xa` with `commune` for a commune committee); undefined: every agency's. */
  owner?: { agency: string; commune?: string | undefined } | undefined;
  year?: number | undefined;
  kind?: Activity['kind'] | undefined;
}

export interface ActivityRepository {
  createActivity(a: Activity): Promise<void>;
  getActivity(id: string): Promise<Activity | undefined>;
  /** Newest first (by start date). */
  listActivities(q: ActivityListQuery): Promise<Page<Activity>>;
  /**
   * Add a list of rows as batch `batchId` (written once) if the activity is still at
   * `expectedVersion` (409 otherwise); `next` is the activity with its counters moved on.
   */
  addAttendance(next: Activity, batchId: string, rows: readonly StoredRow[], expectedVersion: number): Promise<void>;
  hasBatch(activityId: string, batchId: string): Promise<boolean>;
  /** Every row recorded for the activity. */
  attendance(activityId: string): Promise<StoredRow[]>;
  /** Record a completion, with its events in the outbox, if the activity is still at `expectedVersion` — one transaction. */
  complete(next: Activity, events: readonly Envelope[], expectedVersion: number): Promise<void>;
  createUpload(u: AttendanceUpload): Promise<void>;
  getUpload(activityId: string, uploadId: string): Promise<AttendanceUpload | undefined>;
  saveUpload(u: AttendanceUpload): Promise<void>;
}

export interface UploadTarget {
  url: string;
  /** Headers the PUT must send exactly (they are signed). */
  headers: Record<string, string>;
}

/** Attendance lists uploaded as CSV (S3). */
export interface AttendanceFiles {
  uploadUrl(key: string, contentType: string, sizeBytes: number, expiresInSeconds: number): Promise<UploadTarget>;
  /** The file's text; `undefined` when it is not (or no longer) there; `tooLarge` above `maxBytes` (not read further). */
  read(key: string, maxBytes: number): Promise<string | { tooLarge: true } | undefined>;
  remove(key: string): Promise<void>;
}

/** The registry's person refs for personal-id hashes (shared/contracts/person-refs.ts), in order. */
export interface PersonRefs {
  refsOf(hashes: readonly string[]): Promise<string[]>;
}

export interface PlanningDeps {
  plans: PlanRepository;
  activities: ActivityRepository;
  files: AttendanceFiles;
  personRefs: PersonRefs;
  now: () => Date;
  newId: () => string;
}
