/**
 * Bulk snapshot imports. A file of hundreds of thousands of rows is read as a stream (never whole
 * in memory), cut into chunks sent over SQS, and each chunk is applied by the same rules as the
 * feed. Progress lives on the job; rejected rows are kept with their reasons and written to a
 * rejects file when the job completes.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, RuleViolationError } from '../../../shared/errors.ts';
import { checkRegistryEvent } from '../domain/registry-event.ts';
import type { Change, ChunkQueue, EnterpriseRepository, ImportFiles, ImportFormat, ImportJob, ImportRepository, RawRow, RowRejection, UploadedPart } from './ports.ts';

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
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Files above this go up in parts: S3 takes one PUT of up to 5 GB, but parts can be retried one by
 * one, and the local S3 server accepts at most 11 MiB per request.
 */
export const SINGLE_PUT_MAX_BYTES = 8 * 1024 * 1024;
export const PART_BYTES = 8 * 1024 * 1024;
/** S3's own limit on the number of parts. */
export const MAX_PARTS = 10_000;

export async function startImport(deps: ImportDeps, cmd: { format: ImportFormat; fileName?: string; sizeBytes?: number; by: string }) {
  const id = randomUUID();
  const now = deps.now();
  const multipart = cmd.sizeBytes !== undefined && cmd.sizeBytes > SINGLE_PUT_MAX_BYTES;
  const parts = multipart ? Math.ceil(cmd.sizeBytes! / PART_BYTES) : 0;
  if (parts > MAX_PARTS) throw new RuleViolationError(`A file of ${cmd.sizeBytes} bytes needs more than ${MAX_PARTS} parts of ${PART_BYTES} bytes`);
  const job: ImportJob = {
    id,
    format: cmd.format,
    ...(cmd.fileName ? { fileName: cmd.fileName } : {}),
    status: 'awaiting-upload',
    createdBy: cmd.by,
    createdAt: now.toISOString(),
    sourceKey: sourceKey(id, cmd.format),
    rowsRead: 0,
    chunksDone: 0,
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
    return { importId: id, uploadUrl: await deps.files.uploadUrl(job.sourceKey, contentType, UPLOAD_URL_SECONDS), uploadHeaders: { 'content-type': contentType }, expiresAt };
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
    throw new RuleViolationError('S3 did not accept these parts: upload every part, and send each part number with the ETag its PUT returned');
  }
  return { status: 'uploaded' };
}

/** The import id of an uploaded source file's key, or undefined for any other object. */
export function importIdOfKey(key: string): string | undefined {
  return /^registry\/imports\/([0-9a-f-]{36})\/source\.(csv|ndjson)$/.exec(key)?.[1];
}

/** Read an uploaded file and fan it out in chunks. A second notification for it does nothing. */
export async function readImportFile(deps: ImportDeps, importId: string): Promise<void> {
  const job = await deps.imports.get(importId);
  if (!job || !(await deps.imports.claimForReading(importId, deps.now()))) return;
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));

  let chunk = 0;
  let rows = 0;
  let buffer: RawRow[] = [];
  let bytes = 0;
  const flush = async () => {
    if (buffer.length === 0) return;
    // Back-pressure: wait while too many chunks are queued and not yet applied.
    for (;;) {
      const current = await deps.imports.get(importId);
      if (!current || chunk - current.chunksDone < MAX_CHUNKS_IN_FLIGHT) break;
      await sleep(100);
    }
    await deps.chunks.send({ importId, chunk, rows: buffer });
    await deps.imports.addRowsRead(importId, buffer.length);
    chunk += 1;
    buffer = [];
    bytes = 0;
  };
  try {
    for await (const row of deps.files.rows(job.sourceKey, job.format)) {
      const size = Buffer.byteLength(JSON.stringify(row));
      if (bytes + size > CHUNK_BYTES) await flush();
      buffer.push(row);
      bytes += size;
      rows += 1;
      if (buffer.length >= CHUNK_ROWS) await flush();
    }
    await flush();
  } catch (error) {
    const failure = { error: `The file could not be read after row ${rows}: ${(error as Error).message}`, at: deps.now() };
    await deps.imports.finishReading(importId, chunk, rows, failure);
    return;
  }
  await deps.imports.finishReading(importId, chunk, rows);
  await finishIfDone(deps, importId);
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
      vsic: { version: r.vsicVersion, main: r.vsicMain, others: r.vsicOthers ? r.vsicOthers.split(';').filter(Boolean) : [] },
      foundedOn: r.foundedOn,
      status: r.status,
      employees: num(r.employees),
      revenueVnd: num(r.revenueVnd),
      totalCapitalVnd: num(r.totalCapitalVnd),
      legalRepresentative: { name: r.legalRepName, ...(r.legalRepIdHash ? { personalIdHash: r.legalRepIdHash } : {}) },
      owners: [],
      ...(r.householdTaxCode ? { householdTaxCode: r.householdTaxCode } : {}),
    },
  };
}

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
    else changes.push({ sourceId: `${msg.importId}:${r.row}`, event: check.event });
  }
  const outcomes = await deps.enterprises.apply(changes, { dedupe: 'profile' });
  const count = (o: string) => [...outcomes.values()].filter((v) => v.outcome === o).length;
  for (const r of msg.rows) {
    const o = outcomes.get(`${msg.importId}:${r.row}`);
    if (o?.outcome === 'rejected') rejected.push({ row: r.row, eventId: null, errors: o.errors });
  }
  await deps.imports.recordChunk(msg.importId, { chunk: msg.chunk, applied: count('applied'), stale: count('stale'), duplicate: count('duplicate'), rejected });
  await finishIfDone(deps, msg.importId);
}

/** When every chunk is applied: write the rejects file and complete the job (once). */
export async function finishIfDone(deps: ImportDeps, importId: string): Promise<void> {
  const job = await deps.imports.get(importId);
  if (!job || job.status !== 'applying' || !job.readingDone || job.chunks === undefined || job.chunksDone < job.chunks) return;
  const key = rejectsKey(importId);
  if (job.rejected > 0) await deps.files.writeRejects(key, deps.imports.allRejections(importId));
  await deps.imports.finish(importId, { status: 'completed', ...(job.rejected > 0 ? { rejectsKey: key } : {}), at: deps.now() });
}

export async function getImport(deps: ImportDeps, id: string) {
  const job = await deps.imports.get(id);
  if (!job) throw new NotFoundError(`No import ${id}`);
  const total = job.applied + job.stale + job.duplicate + job.rejected;
  return {
    ...job,
    progress: { rowsRead: job.rowsRead, rowsDone: total, percent: job.readingDone && job.rowsRead > 0 ? Math.floor((100 * total) / job.rowsRead) : null },
    rejections: await deps.imports.rejections(id, 50),
    ...(job.rejectsKey ? { rejectsUrl: await deps.files.downloadUrl(job.rejectsKey, 3600) } : {}),
  };
}
