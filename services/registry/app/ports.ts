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
}

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
export type ImportStatus = 'awaiting-upload' | 'reading' | 'applying' | 'completed' | 'failed';

export interface ImportJob {
  id: string;
  format: ImportFormat;
  fileName?: string;
  status: ImportStatus;
  createdBy: string;
  createdAt: string;
  sourceKey: string;
  rowsRead: number;
  /** Chunks sent for applying; known once reading is done. */
  chunks?: number;
  chunksDone: number;
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
}

export interface RowRejection {
  row: number;
  eventId: string | null;
  errors: FieldError[];
}

export interface ChunkResult {
  chunk: number;
  applied: number;
  stale: number;
  duplicate: number;
  rejected: RowRejection[];
}

export interface ImportRepository {
  create(job: ImportJob): Promise<void>;
  get(id: string): Promise<ImportJob | undefined>;
  /** Move awaiting-upload → reading; false when another delivery already did. */
  claimForReading(id: string, at: Date): Promise<boolean>;
  addRowsRead(id: string, rows: number): Promise<void>;
  /**
   * reading → applying with the final counts; with `failure`, reading → failed in the same write,
   * so a chunk applied meanwhile cannot complete a job whose file was not read to the end.
   */
  finishReading(id: string, chunks: number, rowsRead: number, failure?: { error: string; at: Date }): Promise<void>;
  /** Record a chunk's counts once; false when this chunk was already recorded. */
  recordChunk(id: string, result: ChunkResult): Promise<boolean>;
  rejections(id: string, limit: number): Promise<RowRejection[]>;
  allRejections(id: string): AsyncIterable<RowRejection>;
  /** applying → completed|failed, once. */
  finish(id: string, outcome: { status: 'completed' | 'failed'; rejectsKey?: string; error?: string; at: Date }): Promise<boolean>;
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
