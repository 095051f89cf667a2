/**
 * In-memory fakes of the registry's ports (services/registry/app/ports.ts). They keep the rules
 * the DynamoDB/S3/SQS adapters enforce — the revision rule, chunk counts recorded once, status
 * transitions guarded — so the use cases can be tested without the network.
 */
import {
  OPEN_STATUSES,
  type ChunkFailure,
  type ImportStatus,
  type ReadQueue,
  type TerminalStatus,
} from '../../../../services/registry/app/ports.ts';
import type {
  Change,
  ChangeOutcome,
  ChunkQueue,
  ChunkResult,
  EnterpriseRepository,
  EnterpriseSearch,
  HistoryEntry,
  ImportFiles,
  ImportFormat,
  ImportJob,
  ImportRepository,
  LinkRepository,
  Outcome,
  RawRow,
  RowRejection,
  UploadedPart,
} from '../../../../services/registry/app/ports.ts';
import { profileFrom, type Enterprise } from '../../../../services/registry/domain/enterprise.ts';
import type { EnterpriseLink } from '../../../../services/registry/domain/link.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import { keepStoredFields } from '../../../../services/registry/domain/keep-stored.ts';
import type { Page } from '../../../../shared/http/pagination.ts';
import { NOW, testRefOf } from './fixtures.ts';

type Applied = Exclude<Outcome, 'rejected'>;

export class FakeEnterpriseRepository implements EnterpriseRepository {
  readonly profiles = new Map<string, Enterprise>();
  readonly seenEventIds = new Set<string>();
  readonly applyCalls: { changes: Change[]; opts: { dedupe: 'event-id' | 'profile' } }[] = [];
  /** Outcomes to report as is for these source ids, whatever the state (to test pass-through). */
  readonly forcedOutcomes = new Map<string, Applied | ChangeOutcome>();

  constructor(private readonly now: () => Date = () => NOW) {}

  /** Seed a stored profile. */
  put(p: Enterprise): this {
    this.profiles.set(p.taxCode, p);
    return this;
  }

  async apply(changes: Change[], opts: { dedupe: 'event-id' | 'profile' }): Promise<Map<string, ChangeOutcome>> {
    this.applyCalls.push({ changes: [...changes], opts });
    const outcomes = new Map<string, ChangeOutcome>();
    for (const c of changes) {
      const forced = this.forcedOutcomes.get(c.sourceId);
      if (forced) {
        outcomes.set(c.sourceId, typeof forced === 'string' ? { outcome: forced } : forced);
        continue;
      }
      if (opts.dedupe === 'event-id') {
        if (this.seenEventIds.has(c.sourceId)) {
          outcomes.set(c.sourceId, { outcome: 'duplicate' });
          continue;
        }
        this.seenEventIds.add(c.sourceId);
      }
      const current = this.profiles.get(c.event.taxCode);
      if (current && current.revision >= c.event.revision) {
        // As the DynamoDB adapter: an import row finding its own earlier write was applied.
        outcomes.set(c.sourceId, { outcome: opts.dedupe === 'profile' && current.sourceId === c.sourceId ? 'applied' : 'stale' });
        continue;
      }
      this.profiles.set(c.event.taxCode, keepStoredFields(profileFrom(c.event, c.sourceId, this.now(), testRefOf), c.keep, current));
      outcomes.set(c.sourceId, { outcome: 'applied' });
    }
    return outcomes;
  }

  async get(taxCode: string): Promise<Enterprise | undefined> {
    return this.profiles.get(taxCode);
  }

  async search(query: EnterpriseSearch): Promise<Page<Enterprise>> {
    const items = [...this.profiles.values()].filter((p) => !query.commune || p.communeCode === query.commune).slice(0, query.limit);
    return { items, nextCursor: null };
  }

  /** History entries by tax code, newest first, as seeded with putHistory. */
  readonly histories = new Map<string, HistoryEntry[]>();

  putHistory(taxCode: string, entry: HistoryEntry): this {
    this.histories.set(taxCode, [entry, ...(this.histories.get(taxCode) ?? [])]);
    return this;
  }

  async history(taxCode: string, limit: number): Promise<Page<HistoryEntry>> {
    return { items: (this.histories.get(taxCode) ?? []).slice(0, limit), nextCursor: null };
  }
}

export class FakeImportRepository implements ImportRepository {
  readonly jobs = new Map<string, ImportJob>();
  readonly rejected = new Map<string, Map<number, RowRejection>>();
  /** Chunk markers by `<id>#<chunk>`, as the adapter's CHUNK# items. */
  readonly markers = new Map<string, { chunk: number; firstRow: number; lastRow: number; failure?: ChunkFailure }>();
  readonly calls: string[] = [];
  /** Runs after finishReading has updated the job: lets a test interleave a consumer there. */
  onFinishReading?: (id: string) => Promise<void>;
  /** Runs after each checkpoint is recorded (e.g. to kill the reader right there). */
  onCheckpoint?: (id: string, cp: { chunksSent: number; rowsRead: number }) => Promise<void> | void;

  /** Seed a job (defaults: a job being applied, nothing counted yet). */
  seed(job: Partial<ImportJob> & { id: string }): ImportJob {
    const full: ImportJob = {
      format: 'ndjson',
      status: 'applying',
      createdBy: 'admin-1',
      createdAt: NOW.toISOString(),
      sourceKey: `registry/imports/${job.id}/source.ndjson`,
      rowsRead: 0,
      chunksSent: 0,
      chunksDone: 0,
      chunksFailed: 0,
      rowsFailed: 0,
      applied: 0,
      stale: 0,
      duplicate: 0,
      rejected: 0,
      readingDone: false,
      ...job,
    };
    this.jobs.set(full.id, full);
    return full;
  }

  job(id: string): ImportJob {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`no job ${id}`);
    return job;
  }

  /** What the consumers would do: mark chunks applied. */
  completeChunks(id: string, n: number): void {
    this.job(id).chunksDone += n;
  }

  async create(job: ImportJob): Promise<void> {
    this.calls.push('create');
    if (this.jobs.has(job.id)) throw new Error(`job ${job.id} exists`);
    this.jobs.set(job.id, { ...job });
  }

  async get(id: string): Promise<ImportJob | undefined> {
    const job = this.jobs.get(id);
    return job ? structuredClone(job) : undefined;
  }

  async claimForReading(id: string, readerId: string, at: Date, lapsedBefore: Date): Promise<ImportJob | undefined> {
    this.calls.push('claimForReading');
    const job = this.jobs.get(id);
    if (!job) return undefined;
    const free = job.readerHeartbeatAt === undefined || Date.parse(job.readerHeartbeatAt) < lapsedBefore.getTime();
    if (!(job.status === 'awaiting-upload' || (job.status === 'reading' && free))) return undefined;
    Object.assign(job, {
      status: 'reading',
      readerId,
      readerHeartbeatAt: at.toISOString(),
      progressAt: job.progressAt ?? at.toISOString(),
    });
    return structuredClone(job);
  }

  private holds(id: string, readerId: string): ImportJob | undefined {
    const job = this.jobs.get(id);
    return job && job.status === 'reading' && job.readerId === readerId ? job : undefined;
  }

  async checkpoint(id: string, readerId: string, cp: { chunksSent: number; rowsRead: number }, at: Date): Promise<boolean> {
    const job = this.holds(id, readerId);
    if (!job) return false;
    Object.assign(job, cp, { readerHeartbeatAt: at.toISOString(), progressAt: at.toISOString() });
    await this.onCheckpoint?.(id, cp);
    return true;
  }

  async heartbeat(id: string, readerId: string, at: Date): Promise<boolean> {
    const job = this.holds(id, readerId);
    if (!job) return false;
    job.readerHeartbeatAt = at.toISOString();
    return true;
  }

  async releaseReading(id: string, readerId: string): Promise<void> {
    this.calls.push('releaseReading');
    const job = this.holds(id, readerId);
    if (!job) return;
    delete job.readerId;
    delete job.readerHeartbeatAt;
  }

  async finishReading(
    id: string,
    readerId: string,
    end: { chunks: number; rowsRead: number },
    at: Date,
    failure?: { error: string },
  ): Promise<boolean> {
    this.calls.push('finishReading');
    const job = this.holds(id, readerId);
    if (!job) return false;
    Object.assign(job, {
      chunks: end.chunks,
      chunksSent: end.chunks,
      rowsRead: end.rowsRead,
      readingDone: true,
      status: 'applying',
      progressAt: at.toISOString(),
    });
    delete job.readerId;
    delete job.readerHeartbeatAt;
    if (failure) Object.assign(job, { status: 'failed', error: failure.error, finishedAt: at.toISOString() });
    await this.onFinishReading?.(id);
    return true;
  }

  async recordChunk(id: string, result: ChunkResult, at: Date): Promise<boolean> {
    const rejections = this.rejected.get(id) ?? new Map<number, RowRejection>();
    for (const r of result.rejected) rejections.set(r.row, r);
    this.rejected.set(id, rejections);
    const marker = `${id}#${result.chunk}`;
    if (this.markers.has(marker)) return false;
    this.markers.set(marker, { chunk: result.chunk, firstRow: result.firstRow, lastRow: result.lastRow });
    const job = this.job(id);
    job.chunksDone += 1;
    job.applied += result.applied;
    job.stale += result.stale;
    job.duplicate += result.duplicate;
    job.rejected += result.rejected.length;
    job.progressAt = at.toISOString();
    return true;
  }

  async recordChunkFailure(id: string, failure: ChunkFailure, at: Date): Promise<boolean> {
    this.calls.push(`recordChunkFailure:${failure.chunk}`);
    const marker = `${id}#${failure.chunk}`;
    if (this.markers.has(marker)) return false;
    this.markers.set(marker, { chunk: failure.chunk, firstRow: failure.firstRow, lastRow: failure.lastRow, failure });
    const job = this.job(id);
    job.chunksDone += 1;
    job.chunksFailed += 1;
    job.rowsFailed += failure.rows;
    job.progressAt = at.toISOString();
    return true;
  }

  async recordedChunks(id: string): Promise<{ chunk: number; firstRow: number; lastRow: number }[]> {
    return [...this.markers.entries()]
      .filter(([k]) => k.startsWith(`${id}#`))
      .map(([, { chunk, firstRow, lastRow }]) => ({ chunk, firstRow, lastRow }))
      .sort((a, b) => a.chunk - b.chunk);
  }

  async failures(id: string, limit: number): Promise<ChunkFailure[]> {
    return [...this.markers.entries()]
      .filter(([k, m]) => k.startsWith(`${id}#`) && m.failure)
      .map(([, m]) => m.failure!)
      .sort((a, b) => a.chunk - b.chunk)
      .slice(0, limit);
  }

  async rejections(id: string, limit: number): Promise<RowRejection[]> {
    return this.sortedRejections(id).slice(0, limit);
  }

  async *allRejections(id: string): AsyncIterable<RowRejection> {
    for (const r of this.sortedRejections(id)) yield r;
  }

  async openJobs(): Promise<ImportJob[]> {
    return [...this.jobs.values()].filter((j) => (OPEN_STATUSES as readonly string[]).includes(j.status)).map((j) => structuredClone(j));
  }

  async rewind(id: string, cp: { chunksSent: number; rowsRead: number }, seenProgressAt: string | undefined, at: Date): Promise<boolean> {
    this.calls.push(`rewind:${cp.chunksSent}`);
    const job = this.job(id);
    if ((job.status !== 'reading' && job.status !== 'applying') || job.progressAt !== seenProgressAt) return false;
    Object.assign(job, cp, { status: 'reading', readingDone: false, resumes: (job.resumes ?? 0) + 1, progressAt: at.toISOString() });
    delete job.chunks;
    delete job.readerId;
    delete job.readerHeartbeatAt;
    return true;
  }

  async finish(
    id: string,
    outcome: { from: ImportStatus; status: TerminalStatus; rejectsKey?: string; error?: string; at: Date },
  ): Promise<boolean> {
    this.calls.push(`finish:${outcome.status}`);
    const job = this.job(id);
    // As the DynamoDB adapter: only from the status the caller saw, and only once.
    if (job.status !== outcome.from) return false;
    job.status = outcome.status;
    job.finishedAt = outcome.at.toISOString();
    if (outcome.rejectsKey) job.rejectsKey = outcome.rejectsKey;
    if (outcome.error) job.error = outcome.error;
    delete job.readerId;
    delete job.readerHeartbeatAt;
    return true;
  }

  private sortedRejections(id: string): RowRejection[] {
    return [...(this.rejected.get(id)?.values() ?? [])].sort((a, b) => a.row - b.row);
  }
}

export class FakeImportFiles implements ImportFiles {
  readonly files = new Map<string, RawRow[]>();
  readonly written = new Map<string, RowRejection[]>();
  readonly uploadUrlCalls: { key: string; contentType: string; expiresInSeconds: number }[] = [];
  readonly rowsCalls: { key: string; format: ImportFormat }[] = [];
  /** Throw this error after yielding that many rows of the file. */
  failAfter?: { rows: number; error: Error };

  async uploadUrl(key: string, contentType: string, expiresInSeconds: number): Promise<string> {
    this.uploadUrlCalls.push({ key, contentType, expiresInSeconds });
    return `https://uploads.test/${key}?expires=${expiresInSeconds}`;
  }

  async downloadUrl(key: string, expiresInSeconds: number): Promise<string> {
    return `https://downloads.test/${key}?expires=${expiresInSeconds}`;
  }

  /** Multipart uploads by id: the key and the parts that were completed (if any). */
  readonly multipart = new Map<string, { key: string; completed?: UploadedPart[] }>();
  /** Part numbers completeMultipart accepts; anything else is refused as S3 would. */
  acceptParts?: (parts: UploadedPart[]) => boolean;

  async startMultipart(key: string): Promise<string> {
    const id = `upload-${this.multipart.size + 1}`;
    this.multipart.set(id, { key });
    return id;
  }

  async partUrls(key: string, uploadId: string, parts: number, expiresInSeconds: number): Promise<string[]> {
    return Array.from(
      { length: parts },
      (_, i) => `https://uploads.test/${key}?uploadId=${uploadId}&partNumber=${i + 1}&expires=${expiresInSeconds}`,
    );
  }

  async completeMultipart(key: string, uploadId: string, parts: UploadedPart[]): Promise<boolean> {
    const upload = this.multipart.get(uploadId);
    if (!upload || upload.key !== key || (this.acceptParts && !this.acceptParts(parts))) return false;
    upload.completed = parts;
    return true;
  }

  async *rows(key: string, format: ImportFormat): AsyncIterable<RawRow> {
    this.rowsCalls.push({ key, format });
    const rows = this.files.get(key);
    if (!rows) throw new Error(`NoSuchKey: ${key}`);
    let n = 0;
    for (const row of rows) {
      if (this.failAfter && n === this.failAfter.rows) throw this.failAfter.error;
      yield row;
      n += 1;
    }
    if (this.failAfter && n === this.failAfter.rows) throw this.failAfter.error;
  }

  async writeRejects(key: string, rejections: AsyncIterable<RowRejection>): Promise<void> {
    const all: RowRejection[] = [];
    for await (const r of rejections) all.push(r);
    this.written.set(key, all);
  }
}

export interface ChunkMessage {
  importId: string;
  chunk: number;
  rows: RawRow[];
}

export class FakeChunkQueue implements ChunkQueue {
  readonly sent: ChunkMessage[] = [];
  /** Runs for every message after it is queued (e.g. to observe the job, or to apply it). */
  onSend?: (message: ChunkMessage) => Promise<void> | void;

  async send(message: ChunkMessage): Promise<void> {
    this.sent.push(message);
    await this.onSend?.(message);
  }
}

export interface ContinueMessage {
  importId: string;
  delaySeconds: number;
  retry: boolean;
}

export class FakeReadQueue implements ReadQueue {
  readonly sent: ContinueMessage[] = [];

  async continueReading(importId: string, opts: { delaySeconds: number; retry: boolean }): Promise<void> {
    this.sent.push({ importId, ...opts });
  }
}

/** People's links in memory, with the version condition the DynamoDB adapter writes with. */
export class FakeLinkRepository implements LinkRepository {
  readonly links = new Map<string, EnterpriseLink>();

  async get(sub: string, taxCode: string): Promise<EnterpriseLink | undefined> {
    return this.links.get(`${sub}|${taxCode}`);
  }

  async linksOf(sub: string): Promise<EnterpriseLink[]> {
    return [...this.links.values()].filter((l) => l.sub === sub).sort((a, b) => a.taxCode.localeCompare(b.taxCode));
  }

  async save(next: EnterpriseLink, expectedVersion: number): Promise<void> {
    const stored = this.links.get(`${next.sub}|${next.taxCode}`);
    if ((stored?.version ?? 0) !== expectedVersion) throw new ConflictError(`The link of ${next.sub} to ${next.taxCode} changed meanwhile`);
    this.links.set(`${next.sub}|${next.taxCode}`, structuredClone(next));
  }

  async linksTo(taxCode: string): Promise<EnterpriseLink[]> {
    return [...this.links.values()].filter((l) => l.taxCode === taxCode).map((l) => structuredClone(l));
  }
}
