/**
 * Bulk snapshot imports. A file of hundreds of thousands of rows is read as a stream (never whole
 * in memory), cut into chunks sent over SQS, and each chunk is applied by the same rules as the
 * feed. Progress lives on the job; rejected rows are kept with their reasons and written to a
 * rejects file when the job completes. Work that stops — a reader killed or timed out, chunk
 * messages lost, a chunk failing every attempt — is resumed or ends the job with its reason
 * (readImportFile's checkpoint and lease, failChunk, sweepImports).
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, RuleViolationError } from '../../../shared/errors.ts';
import { checkRegistryEvent } from '../domain/registry-event.ts';
import type {
  AbsentField,
  Change,
  ChunkQueue,
  EnterpriseRepository,
  ImportFiles,
  ImportFormat,
  ImportJob,
  ImportRepository,
  RawRow,
  ReadQueue,
  RowRejection,
  UploadedPart,
} from './ports.ts';

export const CHUNK_ROWS = 200;
/** SQS takes 256 KiB per message: a chunk is cut earlier when its rows are large. */
export const CHUNK_BYTES = 200 * 1024;
/** Chunks sent but not yet applied, at most: bounds queue depth and the reader's lead. */
export const MAX_CHUNKS_IN_FLIGHT = 40;
const UPLOAD_URL_SECONDS = 3600;
export const sourceKey = (id: string, format: ImportFormat) => `registry/imports/${id}/source.${format}`;
export const rejectsKey = (id: string) => `registry/imports/${id}/rejects.ndjson`;
export const CONTENT_TYPES: Record<ImportFormat, string> = { csv: 'text/csv', ndjson: 'application/x-ndjson' };

export interface ImportDeps {
  imports: ImportRepository;
  enterprises: EnterpriseRepository;
  files: ImportFiles;
  chunks: ChunkQueue;
  reads: ReadQueue;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** No progress for this long and the sweep steps in (default STALL_MS). */
  stallMs?: number;
}

/** A reader's lease on its job lapses this long after its last checkpoint or heartbeat. */
export const READER_LEASE_MS = 30_000;
const HEARTBEAT_EVERY_MS = 10_000;
/** The reader stops this long before its invocation's time runs out, and a continuation goes on. */
export const TIME_RESERVE_MS = 60_000;
/**
 * The sweep resumes a job after this long without progress. Longer than a chunk's whole retry
 * span (5 attempts, backing off up to 2 minutes), so a chunk still being retried is not "lost".
 */
export const STALL_MS = 10 * 60_000;
export const MAX_RESUMES = 5;
/** Upload URLs are valid one hour; a job still waiting for its file after two is abandoned. */
export const UPLOAD_GRACE_MS = 2 * 3_600_000;

/**
 * Files above this go up in parts: S3 takes one PUT of up to 5 GB, but parts can be retried one by
 * one, and the local S3 server accepts at most 11 MiB per request.
 */
export const SINGLE_PUT_MAX_BYTES = 8 * 1024 * 1024;
export const PART_BYTES = 8 * 1024 * 1024;
/** S3's own limit on the number of parts. */
export const MAX_PARTS = 10_000;

export async function startImport(
  deps: ImportDeps,
  cmd: { format: ImportFormat; fileName?: string; sizeBytes?: number; by: string; agency: string },
) {
  const id = randomUUID();
  const now = deps.now();
  const multipart = cmd.sizeBytes !== undefined && cmd.sizeBytes > SINGLE_PUT_MAX_BYTES;
  const parts = multipart ? Math.ceil(cmd.sizeBytes! / PART_BYTES) : 0;
  if (parts > MAX_PARTS)
    throw new RuleViolationError(`A file of ${cmd.sizeBytes} bytes needs more than ${MAX_PARTS} parts of ${PART_BYTES} bytes`);
  const job: ImportJob = {
    id,
    format: cmd.format,
    ...(cmd.fileName ? { fileName: cmd.fileName } : {}),
    status: 'awaiting-upload',
    createdBy: cmd.by,
    createdByAgency: cmd.agency,
    createdAt: now.toISOString(),
    sourceKey: sourceKey(id, cmd.format),
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
  };
  const contentType = CONTENT_TYPES[cmd.format];
  const expiresAt = new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString();
  if (!multipart) {
    await deps.imports.create(job);
    return {
      importId: id,
      uploadUrl: await deps.files.uploadUrl(job.sourceKey, contentType, UPLOAD_URL_SECONDS),
      uploadHeaders: { 'content-type': contentType },
      expiresAt,
    };
  }
  const uploadId = await deps.files.startMultipart(job.sourceKey, contentType);
  await deps.imports.create({ ...job, uploadId });
  const urls = await deps.files.partUrls(job.sourceKey, uploadId, parts, UPLOAD_URL_SECONDS);
  return {
    importId: id,
    expiresAt,
    multipart: {
      partSize: PART_BYTES,
      parts: urls.map((url, i) => ({ partNumber: i + 1, url })),
      completePath: `/registry/imports/${id}/upload-complete`,
    },
  };
}

/** Finish a multipart upload with the parts' ETags; S3 then announces the file like a single PUT. */
export async function completeUpload(deps: ImportDeps, id: string, parts: UploadedPart[]): Promise<{ status: string }> {
  const job = await deps.imports.get(id);
  if (!job) throw new NotFoundError(`No import ${id}`);
  if (!job.uploadId) throw new ConflictError('This import takes a single PUT to its uploadUrl, not parts');
  if (job.status !== 'awaiting-upload') throw new ConflictError(`The upload is already complete (status ${job.status})`);
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  if (!(await deps.files.completeMultipart(job.sourceKey, job.uploadId, sorted))) {
    throw new RuleViolationError(
      'S3 did not accept these parts: upload every part, and send each part number with the ETag its PUT returned',
    );
  }
  return { status: 'uploaded' };
}

/** The import id of an uploaded source file's key, or undefined for any other object. */
export function importIdOfKey(key: string): string | undefined {
  return /^registry\/imports\/([0-9a-f-]{36})\/source\.(csv|ndjson)$/.exec(key)?.[1];
}

export type ReadResult = 'finished' | 'paused' | 'busy' | 'superseded' | 'closed' | 'failed';

/**
 * Read an uploaded file and fan it out in chunks, from the job's checkpoint: a new import starts
 * at row 1, a resumed one after the last row it handed off. One reader at a time holds the job's
 * lease (renewed at every checkpoint); a crashed reader's lease lapses and the next delivery, a
 * continuation or the sweep takes over. Chunks are cut by the rows alone (CHUNK_ROWS, CHUNK_BYTES)
 * and numbered on from the checkpoint, so a chunk sent again after a crash is the same chunk with
 * the same rows, and the chunk consumer counts it once.
 *
 * `remainingMs` is the invocation's time left (Lambda's context): the reader stops at a chunk
 * boundary TIME_RESERVE_MS before it and hands the rest to a new invocation.
 */
export async function readImportFile(
  deps: ImportDeps,
  importId: string,
  opts: { remainingMs?: () => number; retry?: boolean } = {},
): Promise<ReadResult> {
  const job = await deps.imports.get(importId);
  if (!job || (job.status !== 'awaiting-upload' && job.status !== 'reading')) return 'closed';
  const readerId = randomUUID();
  const claimedAt = deps.now();
  const claimed = await deps.imports.claimForReading(importId, readerId, claimedAt, new Date(claimedAt.getTime() - READER_LEASE_MS));
  if (!claimed) {
    // Another reader holds the lease. If it died, the lease lapses: look once more after that
    // (a redelivery after a crash arrives while the dead reader's lease still runs).
    if (job.status === 'reading' && !opts.retry)
      await deps.reads.continueReading(importId, { delaySeconds: Math.ceil(READER_LEASE_MS / 1000) + 5, retry: true });
    return 'busy';
  }
  try {
    const result = await readFrom(deps, claimed, readerId, opts.remainingMs ?? (() => Number.POSITIVE_INFINITY));
    if (result === 'paused') {
      await deps.imports.releaseReading(importId, readerId);
      await deps.reads.continueReading(importId, { delaySeconds: 0, retry: false });
    }
    if (result === 'finished') await finishIfDone(deps, importId);
    return result;
  } catch (error) {
    // Not the file's fault (the queue or the table failed): free the lease at once, so the
    // redelivered message resumes from the checkpoint.
    await deps.imports.releaseReading(importId, readerId).catch(() => undefined);
    throw error;
  }
}

async function readFrom(deps: ImportDeps, job: ImportJob, readerId: string, remainingMs: () => number): Promise<ReadResult> {
  const importId = job.id;
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const from = job.rowsRead;
  // Jobs started before checkpoints existed have none: they start over, from chunk 0.
  let chunk = job.chunksSent ?? 0;
  let handedOff = job.rowsRead;
  let lastSeen = from;
  let buffer: RawRow[] = [];
  let bytes = 0;
  let beatAt = deps.now().getTime();

  const flush = async (): Promise<ReadResult | undefined> => {
    if (buffer.length === 0) return undefined;
    // Back-pressure: wait while too many chunks are queued and not yet applied.
    for (;;) {
      const current = await deps.imports.get(importId);
      if (!current || current.status !== 'reading' || current.readerId !== readerId) return 'superseded';
      if (chunk - current.chunksDone < MAX_CHUNKS_IN_FLIGHT) break;
      // The unsent rows are read again by the continuation: nothing after the checkpoint is lost.
      if (remainingMs() < TIME_RESERVE_MS) return 'paused';
      if (deps.now().getTime() - beatAt >= HEARTBEAT_EVERY_MS) {
        if (!(await deps.imports.heartbeat(importId, readerId, deps.now()))) return 'superseded';
        beatAt = deps.now().getTime();
      }
      await sleep(100);
    }
    const last = buffer[buffer.length - 1]!.row;
    await deps.chunks.send({ importId, chunk, rows: buffer });
    // The checkpoint follows the send: a crash in between sends this chunk again, unchanged.
    if (!(await deps.imports.checkpoint(importId, readerId, { chunksSent: chunk + 1, rowsRead: last }, deps.now()))) return 'superseded';
    beatAt = deps.now().getTime();
    chunk += 1;
    handedOff = last;
    buffer = [];
    bytes = 0;
    return undefined;
  };

  const rows = deps.files.rows(job.sourceKey, job.format)[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<RawRow>;
      try {
        next = await rows.next();
      } catch (error) {
        const failure = { error: `The file could not be read after row ${lastSeen}: ${(error as Error).message}`.slice(0, 500) };
        return (await deps.imports.finishReading(importId, readerId, { chunks: chunk, rowsRead: handedOff }, deps.now(), failure))
          ? 'failed'
          : 'superseded';
      }
      if (next.done) break;
      const row = next.value;
      lastSeen = row.row;
      if (row.row <= from) continue;
      const size = Buffer.byteLength(JSON.stringify(row));
      if (bytes + size > CHUNK_BYTES) {
        const stop = await flush();
        if (stop) return stop;
      }
      buffer.push(row);
      bytes += size;
      if (buffer.length >= CHUNK_ROWS) {
        const stop = await flush();
        if (stop) return stop;
        if (remainingMs() < TIME_RESERVE_MS) return 'paused';
      }
    }
    const stop = await flush();
    if (stop) return stop;
  } finally {
    await rows.return?.();
  }
  return (await deps.imports.finishReading(importId, readerId, { chunks: chunk, rowsRead: handedOff }, deps.now()))
    ? 'finished'
    : 'superseded';
}

/** Map a CSV record (by header name) to a raw registry event. */
export function csvRecordToEvent(r: Record<string, string>): unknown {
  const num = (v: string | undefined) => (v !== undefined && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v);
  return {
    eventId: r.eventId,
    type: r.type,
    taxCode: r.taxCode,
    revision: num(r.revision),
    occurredAt: r.occurredAt,
    enterprise: {
      name: r.name,
      legalForm: r.legalForm,
      communeCode: r.communeCode,
      // A file without the vsicOthers column leaves them absent (kept from the profile); an empty cell is none.
      vsic: {
        version: r.vsicVersion,
        main: r.vsicMain,
        ...(r.vsicOthers !== undefined ? { others: r.vsicOthers.split(';').filter(Boolean) } : {}),
      },
      foundedOn: r.foundedOn,
      status: r.status,
      employees: num(r.employees),
      revenueVnd: num(r.revenueVnd),
      totalCapitalVnd: num(r.totalCapitalVnd),
      legalRepresentative: { name: r.legalRepName, ...(r.legalRepIdHash ? { personalIdHash: r.legalRepIdHash } : {}) },
      // No owners column: owners stay as the feed set them (see absentFields).
      ...(r.householdTaxCode ? { householdTaxCode: r.householdTaxCode } : {}),
    },
  };
}

/**
 * The optional fields a raw row leaves out (before the schema fills in its defaults): applying the
 * row keeps the stored profile's values for them (domain/keep-stored.ts).
 */
export function absentFields(raw: unknown): AbsentField[] {
  const e = (raw as { enterprise?: unknown } | null | undefined)?.enterprise;
  if (!e || typeof e !== 'object') return [];
  const ent = e as { owners?: unknown; legalRepresentative?: unknown; householdTaxCode?: unknown; vsic?: unknown };
  const absent: AbsentField[] = [];
  if (ent.owners === undefined) absent.push('owners');
  const rep = ent.legalRepresentative as { personalIdHash?: unknown } | undefined;
  if (rep && typeof rep === 'object' && rep.personalIdHash === undefined) absent.push('legalRepresentative.personalIdHash');
  if (ent.householdTaxCode === undefined) absent.push('householdTaxCode');
  const vsic = ent.vsic as { others?: unknown } | undefined;
  if (vsic && typeof vsic === 'object' && vsic.others === undefined) absent.push('vsic.others');
  return absent;
}

const rowRange = (rows: RawRow[]) => ({ firstRow: rows[0]?.row ?? 0, lastRow: rows[rows.length - 1]?.row ?? 0 });

/** Apply one chunk with the feed's rules; its counts are recorded once even if redelivered. */
export async function applyChunk(deps: ImportDeps, msg: { importId: string; chunk: number; rows: RawRow[] }): Promise<void> {
  const now = deps.now();
  const rejected: RowRejection[] = [];
  const changes: Change[] = [];
  for (const r of msg.rows) {
    if (r.error) {
      rejected.push({ row: r.row, eventId: null, errors: [{ path: 'row', message: r.error }] });
      continue;
    }
    const check = checkRegistryEvent(r.raw, now);
    if (!check.ok) rejected.push({ row: r.row, eventId: check.eventId ?? null, errors: check.errors });
    else {
      const keep = absentFields(r.raw);
      changes.push({ sourceId: `${msg.importId}:${r.row}`, event: check.event, ...(keep.length ? { keep } : {}) });
    }
  }
  const outcomes = await deps.enterprises.apply(changes, { dedupe: 'profile' });
  const count = (o: string) => [...outcomes.values()].filter((v) => v.outcome === o).length;
  for (const r of msg.rows) {
    const o = outcomes.get(`${msg.importId}:${r.row}`);
    if (o?.outcome === 'rejected') rejected.push({ row: r.row, eventId: null, errors: o.errors });
  }
  await deps.imports.recordChunk(
    msg.importId,
    { chunk: msg.chunk, ...rowRange(msg.rows), applied: count('applied'), stale: count('stale'), duplicate: count('duplicate'), rejected },
    deps.now(),
  );
  await finishIfDone(deps, msg.importId);
}

/**
 * The chunk's last attempt failed: its rows are recorded as failed, with the reason, so the job
 * can end (`completed-with-errors`) instead of waiting for it forever. The message itself still
 * goes to the dead-letter queue, where it can be redriven.
 */
export async function failChunk(deps: ImportDeps, msg: { importId: string; chunk: number; rows: RawRow[] }, reason: string): Promise<void> {
  await deps.imports.recordChunkFailure(
    msg.importId,
    { chunk: msg.chunk, ...rowRange(msg.rows), rows: msg.rows.length, reason: reason.slice(0, 500) },
    deps.now(),
  );
  await finishIfDone(deps, msg.importId);
}

/** When every chunk is handled: write the rejects file and complete the job (once). */
export async function finishIfDone(deps: ImportDeps, importId: string): Promise<void> {
  const job = await deps.imports.get(importId);
  if (!job || job.status !== 'applying' || !job.readingDone || job.chunks === undefined || job.chunksDone < job.chunks) return;
  const key = rejectsKey(importId);
  if (job.rejected > 0) await deps.files.writeRejects(key, deps.imports.allRejections(importId));
  const failed = (job.chunksFailed ?? 0) > 0;
  await deps.imports.finish(importId, {
    from: 'applying',
    status: failed ? 'completed-with-errors' : 'completed',
    ...(job.rejected > 0 ? { rejectsKey: key } : {}),
    ...(failed
      ? {
          error: `${job.rowsFailed} row(s) in ${job.chunksFailed} chunk(s) were not applied: their chunks failed every attempt (see failedChunks)`,
        }
      : {}),
    at: deps.now(),
  });
}

export interface SweepReport {
  resumed: string[];
  failed: string[];
  completed: string[];
}

/**
 * The backstop for work that stopped: every open job (from the open-jobs index, not a scan) is
 * looked at. An upload never made fails; a job that made no progress for `stallMs` (reader dead,
 * chunk messages lost) is resumed from the first chunk that was never handled — reading again
 * from there, the chunks already handled counted once — or, after MAX_RESUMES, fails with why.
 */
export async function sweepImports(deps: ImportDeps): Promise<SweepReport> {
  const report: SweepReport = { resumed: [], failed: [], completed: [] };
  const now = deps.now();
  const stallMs = deps.stallMs ?? STALL_MS;
  for (const job of await deps.imports.openJobs()) {
    if (job.status === 'awaiting-upload') {
      if (now.getTime() - Date.parse(job.createdAt) < UPLOAD_GRACE_MS) continue;
      const error = `The file was not uploaded within ${UPLOAD_GRACE_MS / 3_600_000} hours`;
      if (await deps.imports.finish(job.id, { from: 'awaiting-upload', status: 'failed', error, at: now })) report.failed.push(job.id);
      continue;
    }
    const progressAt = Date.parse(job.progressAt ?? job.createdAt);
    if (now.getTime() - progressAt < stallMs) continue;
    if (job.status === 'applying' && job.chunks !== undefined && job.chunksDone >= job.chunks) {
      // Every chunk is handled; only the completion itself was lost.
      await finishIfDone(deps, job.id);
      report.completed.push(job.id);
      continue;
    }
    const sent = job.chunks ?? job.chunksSent ?? 0;
    const recorded = await deps.imports.recordedChunks(job.id);
    const lastRowOf = new Map(recorded.map((c) => [c.chunk, c.lastRow]));
    const missing = Array.from({ length: sent }, (_, i) => i).filter((i) => !lastRowOf.has(i));
    const minutes = Math.round(stallMs / 60_000);
    if ((job.resumes ?? 0) >= MAX_RESUMES) {
      const which = missing.length ? `; chunks never handled: ${listOf(missing)}` : '';
      const error = `No progress for ${minutes} minute(s) after ${MAX_RESUMES} resumes, stopped at row ${job.rowsRead}${which}`;
      if (await deps.imports.finish(job.id, { from: job.status, status: 'failed', error, at: now })) report.failed.push(job.id);
      continue;
    }
    // Resume from the first chunk never handled (its messages were lost), else from the checkpoint.
    const first = missing[0];
    const cp =
      first === undefined
        ? { chunksSent: job.chunksSent, rowsRead: job.rowsRead }
        : { chunksSent: first, rowsRead: first === 0 ? 0 : lastRowOf.get(first - 1)! };
    if (!(await deps.imports.rewind(job.id, cp, job.progressAt, now))) continue;
    await deps.reads.continueReading(job.id, { delaySeconds: 0, retry: false });
    report.resumed.push(job.id);
  }
  return report;
}

const listOf = (chunks: number[]) =>
  chunks.length > 20 ? `${chunks.slice(0, 20).join(', ')} and ${chunks.length - 20} more` : chunks.join(', ');

export async function getImport(deps: ImportDeps, id: string) {
  const job = await deps.imports.get(id);
  if (!job) throw new NotFoundError(`No import ${id}`);
  const total = job.applied + job.stale + job.duplicate + job.rejected + (job.rowsFailed ?? 0);
  // The lease is the reader's business, not the caller's.
  const { readerId: _reader, readerHeartbeatAt: _beat, ...view } = job;
  return {
    ...view,
    progress: {
      rowsRead: job.rowsRead,
      rowsDone: total,
      percent: job.readingDone && job.rowsRead > 0 ? Math.floor((100 * total) / job.rowsRead) : null,
    },
    rejections: await deps.imports.rejections(id, 50),
    failedChunks: (job.chunksFailed ?? 0) > 0 ? await deps.imports.failures(id, 100) : [],
    ...(job.rejectsKey ? { rejectsUrl: await deps.files.downloadUrl(job.rejectsKey, 3600) } : {}),
  };
}
