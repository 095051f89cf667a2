/**
 * In-memory fakes of the registry's ports (services/registry/app/ports.ts). They keep the rules
 * the DynamoDB/S3/SQS adapters enforce — the revision rule, chunk counts recorded once, status
 * transitions guarded — so the use cases can be tested without the network.
 */
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
  Outcome,
  RawRow,
  RowRejection,
  UploadedPart,
} from '../../../../services/registry/app/ports.ts';
import { profileFrom, type Enterprise } from '../../../../services/registry/domain/enterprise.ts';
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
      this.profiles.set(c.event.taxCode, profileFrom(c.event, c.sourceId, this.now(), testRefOf));
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

  async history(_taxCode: string, _limit: number): Promise<Page<HistoryEntry>> {
    return { items: [], nextCursor: null };
  }
}

export class FakeImportRepository implements ImportRepository {
  readonly jobs = new Map<string, ImportJob>();
  readonly rejected = new Map<string, Map<number, RowRejection>>();
  readonly recordedChunks = new Set<string>();
  readonly calls: string[] = [];
  /** Runs after finishReading has updated the job: lets a test interleave a consumer there. */
  onFinishReading?: (id: string) => Promise<void>;

  /** Seed a job (defaults: a job being applied, nothing counted yet). */
  seed(job: Partial<ImportJob> & { id: string }): ImportJob {
    const full: ImportJob = {
      format: 'ndjson',
      status: 'applying',
      createdBy: 'admin-1',
      createdAt: NOW.toISOString(),
      sourceKey: `registry/imports/${job.id}/source.ndjson`,
      rowsRead: 0,
      chunksDone: 0,
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

  async claimForReading(id: string, _at: Date): Promise<boolean> {
    this.calls.push('claimForReading');
    const job = this.jobs.get(id);
    if (!job || job.status !== 'awaiting-upload') return false;
    job.status = 'reading';
    return true;
  }

  async addRowsRead(id: string, rows: number): Promise<void> {
    this.job(id).rowsRead += rows;
  }

  /**
   * `failure` is not in the port yet: it is the fix proposed for a read error racing the last
   * chunk (reading ends and the job fails in one write). Without it the job moves to applying.
   */
  async finishReading(id: string, chunks: number, rowsRead: number, failure?: { error: string; at: Date }): Promise<void> {
    this.calls.push('finishReading');
    Object.assign(this.job(id), { chunks, rowsRead, readingDone: true, status: 'applying' });
    if (failure) Object.assign(this.job(id), { status: 'failed', error: failure.error, finishedAt: failure.at.toISOString() });
    await this.onFinishReading?.(id);
  }

  async recordChunk(id: string, result: ChunkResult): Promise<boolean> {
    const rejections = this.rejected.get(id) ?? new Map<number, RowRejection>();
    for (const r of result.rejected) rejections.set(r.row, r);
    this.rejected.set(id, rejections);
    const marker = `${id}#${result.chunk}`;
    if (this.recordedChunks.has(marker)) return false;
    this.recordedChunks.add(marker);
    const job = this.job(id);
    job.chunksDone += 1;
    job.applied += result.applied;
    job.stale += result.stale;
    job.duplicate += result.duplicate;
    job.rejected += result.rejected.length;
    return true;
  }

  async rejections(id: string, limit: number): Promise<RowRejection[]> {
    return this.sortedRejections(id).slice(0, limit);
  }

  async *allRejections(id: string): AsyncIterable<RowRejection> {
    for (const r of this.sortedRejections(id)) yield r;
  }

  async finish(id: string, outcome: { status: 'completed' | 'failed'; rejectsKey?: string; error?: string; at: Date }): Promise<boolean> {
    this.calls.push(`finish:${outcome.status}`);
    const job = this.job(id);
    // As the DynamoDB adapter: only an applying job finishes, and only once.
    if (job.status !== 'applying') return false;
    job.status = outcome.status;
    job.finishedAt = outcome.at.toISOString();
    if (outcome.rejectsKey) job.rejectsKey = outcome.rejectsKey;
    if (outcome.error) job.error = outcome.error;
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
    return Array.from({ length: parts }, (_, i) => `https://uploads.test/${key}?uploadId=${uploadId}&partNumber=${i + 1}&expires=${expiresInSeconds}`);
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
