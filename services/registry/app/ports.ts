import type { EnterpriseLink } from '../domain/link.ts';
import type { FieldError } from '../../../shared/errors.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import type { Enterprise, FieldChange } from '../domain/enterprise.ts';
import type { PersonRefOf } from '../domain/person-ref.ts';
import type { RegistryEvent } from '../domain/registry-event.ts';
import type { SizeClass } from '../domain/size-class.ts';

export type Outcome = 'applied' | 'duplicate' | 'stale' | 'rejected';

/** One validated change to apply; `sourceId` is the registry's event id or `<importId>:<row>`. */
export interface Change {
  sourceId: string;
  event: RegistryEvent;
  /**
   * Fields the source did not carry (a snapshot column that does not exist, an empty optional
   * cell): the stored profile's values are kept for them instead of the defaults (import rows).
   */
  keep?: readonly AbsentField[];
}

/** Optional profile fields a snapshot row may leave out; see app/imports.ts `absentFields`. */
export const ABSENT_FIELDS = ['owners', 'legalRepresentative.personalIdHash', 'householdTaxCode', 'vsic.others'] as const;
export type AbsentField = (typeof ABSENT_FIELDS)[number];

export interface EnterpriseSearch {
  commune?: string;
  vsic?: string;
  sizeClass?: SizeClass;
  status?: 'active' | 'suspended' | 'dissolved';
  q?: string;
  limit: number;
  cursor?: string;
}

export interface HistoryEntry {
  revision: number;
  sourceId: string;
  cause: string;
  occurredAt: string;
  appliedAt: string;
  changes: FieldChange[];
}

/** What became of one change: `rejected` only when the store refused its item (the errors say why). */
export type ChangeOutcome = { outcome: Exclude<Outcome, 'rejected'> } | { outcome: 'rejected'; errors: FieldError[] };

export interface EnterpriseRepository {
  /**
   * Apply changes with the revision rule: a profile is replaced only by a higher revision. With
   * `dedupe: 'event-id'` each source id is remembered, so a resend is a duplicate, not stale.
   * Every personalIdHash is stored as a person ref (domain/person-ref.ts). A change whose item
   * the store refuses is `rejected` and the others still apply. Returns each outcome by source id.
   */
  apply(changes: Change[], opts: { dedupe: 'event-id' | 'profile' }): Promise<Map<string, ChangeOutcome>>;
  get(taxCode: string): Promise<Enterprise | undefined>;
  search(query: EnterpriseSearch): Promise<Page<Enterprise>>;
  history(taxCode: string, limit: number, cursor?: string): Promise<Page<HistoryEntry>>;
}

export interface WebhookSecret {
  /** The shared HMAC secret (cached; in AWS read from Secrets Manager). */
  get(): Promise<string>;
}

/**
 * The key person refs are made with (cached; in AWS read from Secrets Manager). It must not change
 * while refs are in use: a new key gives every person a new ref.
 */
export interface PersonRefKey {
  refOf(): Promise<PersonRefOf>;
}

export interface EventResult {
  eventId: string | null;
  outcome: Outcome;
  errors: FieldError[];
}

export interface RegistryDeps {
  enterprises: EnterpriseRepository;
  now: () => Date;
}

export type ImportFormat = 'csv' | 'ndjson';
/**
 * `completed-with-errors`: every chunk was handled, but some chunks exhausted their retries (their
 * rows are listed in `failedChunks`); `failed`: the file could not be read to the end, it was never
 * uploaded, or the work stopped and could not be resumed (`error` says which).
 */
export type ImportStatus = 'awaiting-upload' | 'reading' | 'applying' | 'completed' | 'completed-with-errors' | 'failed';
export const OPEN_STATUSES = ['awaiting-upload', 'reading', 'applying'] as const satisfies readonly ImportStatus[];
export type TerminalStatus = Exclude<ImportStatus, (typeof OPEN_STATUSES)[number]>;

export interface ImportJob {
  id: string;
  format: ImportFormat;
  fileName?: string;
  status: ImportStatus;
  /** Who started it: the user's `sub` and agency (imports are the registry-owning agency's). */
  createdBy: string;
  /** The agency of whoever started it. */
  createdByAgency?: string;
  createdAt: string;
  sourceKey: string;
  /**
   * The reading checkpoint: `chunksSent` chunks are safely on the queue and `rowsRead` is the last
   * row in them. Chunks are cut only by the rows, so reading again from here yields the same chunks.
   */
  rowsRead: number;
  chunksSent: number;
  /** Chunks sent for applying; known once reading is done. */
  chunks?: number;
  /** Chunks handled: applied, or failed after their last attempt. */
  chunksDone: number;
  chunksFailed: number;
  rowsFailed: number;
  applied: number;
  stale: number;
  duplicate: number;
  rejected: number;
  readingDone: boolean;
  rejectsKey?: string;
  error?: string;
  finishedAt?: string;
  /** Set when the file is uploaded in parts. */
  uploadId?: string;
  /** Last time rows were handed off or a chunk was handled: what the sweep measures a stall by. */
  progressAt?: string;
  /** The reader holding the lease, and its last heartbeat (the lease lapses READER_LEASE_MS later). */
  readerId?: string;
  readerHeartbeatAt?: string;
  /** Times the sweep resumed the job after a stall. */
  resumes?: number;
}

/** A chunk that exhausted its retries: its rows were not applied (the message is in the DLQ). */
export interface ChunkFailure {
  chunk: number;
  firstRow: number;
  lastRow: number;
  rows: number;
  reason: string;
}

export interface RowRejection {
  row: number;
  eventId: string | null;
  errors: FieldError[];
}

export interface ChunkResult {
  chunk: number;
  /** The chunk's first and last row numbers (0 for an empty chunk). */
  firstRow: number;
  lastRow: number;
  applied: number;
  stale: number;
  duplicate: number;
  rejected: RowRejection[];
}

export interface ImportRepository {
  create(job: ImportJob): Promise<void>;
  get(id: string): Promise<ImportJob | undefined>;
  /**
   * Take the reader's lease: awaiting-upload → reading, or a reading job whose lease is free or
   * lapsed (its last heartbeat before `lapsedBefore`). Returns the job as claimed, with its
   * checkpoint; undefined when the job is not there to be read or another reader holds it.
   */
  claimForReading(id: string, readerId: string, at: Date, lapsedBefore: Date): Promise<ImportJob | undefined>;
  /**
   * Move the checkpoint forward (and renew the lease) after chunks were sent; false when this
   * reader no longer holds the lease or the job left reading (it must stop).
   */
  checkpoint(id: string, readerId: string, cp: { chunksSent: number; rowsRead: number }, at: Date): Promise<boolean>;
  /** Renew the lease while waiting; false as for checkpoint. */
  heartbeat(id: string, readerId: string, at: Date): Promise<boolean>;
  /** Give the lease up (the reader stops early; a continuation takes over). */
  releaseReading(id: string, readerId: string): Promise<void>;
  /**
   * reading → applying with the final counts; with `failure`, reading → failed in the same write,
   * so a chunk applied meanwhile cannot complete a job whose file was not read to the end. False
   * when this reader lost the lease.
   */
  finishReading(
    id: string,
    readerId: string,
    end: { chunks: number; rowsRead: number },
    at: Date,
    failure?: { error: string },
  ): Promise<boolean>;
  /** Record a chunk's counts once; false when this chunk was already recorded (applied or failed). */
  recordChunk(id: string, result: ChunkResult, at: Date): Promise<boolean>;
  /** Record a chunk that exhausted its retries, once: it counts as handled, its rows as failed. */
  recordChunkFailure(id: string, failure: ChunkFailure, at: Date): Promise<boolean>;
  /** The chunks recorded so far (applied or failed), in order, with their row ranges. */
  recordedChunks(id: string): Promise<{ chunk: number; firstRow: number; lastRow: number }[]>;
  failures(id: string, limit: number): Promise<ChunkFailure[]>;
  rejections(id: string, limit: number): Promise<RowRejection[]>;
  allRejections(id: string): AsyncIterable<RowRejection>;
  /** Jobs not yet in a terminal state (an index of open jobs, not a scan). */
  openJobs(): Promise<ImportJob[]>;
  /**
   * The sweep's resume: back to reading from this checkpoint, the lease taken from whoever held
   * it, `resumes` counted — only if the job made no progress since `seenProgressAt`.
   */
  rewind(id: string, cp: { chunksSent: number; rowsRead: number }, seenProgressAt: string | undefined, at: Date): Promise<boolean>;
  /** from → a terminal status, once; leaves the open-jobs index. */
  finish(
    id: string,
    outcome: { from: ImportStatus; status: TerminalStatus; rejectsKey?: string; error?: string; at: Date },
  ): Promise<boolean>;
}

/** Rows read from an uploaded file, in order, as raw events (not yet validated). */
export interface RawRow {
  row: number;
  raw: unknown;
  /** A row the file format itself could not yield (bad CSV, bad JSON line). */
  error?: string;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
}

export interface ImportFiles {
  uploadUrl(key: string, contentType: string, expiresInSeconds: number): Promise<string>;
  /** Multipart upload for large files: start it, presign a URL per part, complete it. */
  startMultipart(key: string, contentType: string): Promise<string>;
  partUrls(key: string, uploadId: string, parts: number, expiresInSeconds: number): Promise<string[]>;
  /** False when S3 refuses the parts (missing, wrong ETag, too small). */
  completeMultipart(key: string, uploadId: string, parts: UploadedPart[]): Promise<boolean>;
  downloadUrl(key: string, expiresInSeconds: number): Promise<string>;
  rows(key: string, format: ImportFormat): AsyncIterable<RawRow>;
  writeRejects(key: string, rejections: AsyncIterable<RowRejection>): Promise<void>;
}

export interface ChunkQueue {
  send(message: { importId: string; chunk: number; rows: RawRow[] }): Promise<void>;
}

/** "Continue reading this import" messages on the reader's own queue (import-files). */
export interface ReadQueue {
  continueReading(importId: string, opts: { delaySeconds: number; retry: boolean }): Promise<void>;
}

/** People's links to enterprises (domain/link.ts), kept by the registry, which alone makes person refs. */
export interface LinkRepository {
  get(sub: string, taxCode: string): Promise<EnterpriseLink | undefined>;
  /** A person's links (at most {@link MAX_LINKS_PER_PERSON}), by tax code. */
  linksOf(sub: string): Promise<EnterpriseLink[]>;
  /** Write the link if it is still at `expectedVersion` (0: not stored yet), else 409. */
  save(next: EnterpriseLink, expectedVersion: number): Promise<void>;
  /** The links of people to one enterprise (every status), as their mirrors keep them: sub, status, account. */
  linksTo(taxCode: string): Promise<Pick<EnterpriseLink, 'sub' | 'taxCode' | 'status' | 'account'>[]>;
}

/** Enterprises one person may be linked to (a consultant acting for several is a handful). */
export const MAX_LINKS_PER_PERSON = 50;

export interface LinkDeps {
  enterprises: Pick<EnterpriseRepository, 'get'>;
  links: LinkRepository;
  personRefKey: PersonRefKey;
  now: () => Date;
}
