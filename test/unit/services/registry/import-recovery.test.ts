/**
 * Imports that stop half-way: a reader killed or out of time resumes from its checkpoint with the
 * same chunks; a chunk that fails its last attempt ends the job with its rows listed; the sweep
 * resumes or ends stalled jobs; and fields a snapshot row does not carry keep the stored values.
 */
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  makeApplyChunkHandler,
  makeReadImportFileHandler,
  makeSweepImportsHandler,
} from '../../../../services/registry/adapters/inbound/imports.ts';
import {
  applyChunk,
  CHUNK_ROWS,
  failChunk,
  getImport,
  MAX_CHUNKS_IN_FLIGHT,
  MAX_RESUMES,
  READER_LEASE_MS,
  readImportFile,
  sourceKey,
  STALL_MS,
  sweepImports,
  TIME_RESERVE_MS,
  UPLOAD_GRACE_MS,
  type ImportDeps,
} from '../../../../services/registry/app/imports.ts';
import type { RawRow } from '../../../../services/registry/app/ports.ts';
import { keepStoredFields } from '../../../../services/registry/domain/keep-stored.ts';
import { checkDigit } from '../../../../services/registry/domain/tax-code.ts';
import {
  FakeChunkQueue,
  FakeEnterpriseRepository,
  FakeImportFiles,
  FakeImportRepository,
  FakeReadQueue,
  type ChunkMessage,
} from './fakes.ts';
import { ID_HASH, NOW, profile, rawEvent, TAX_CODES, testRefOf, validEvent } from './fixtures.ts';
import { profileFrom } from '../../../../services/registry/domain/enterprise.ts';

const IMPORT_ID = '7a1c9a52-8d4e-4b7a-9c0e-5a6b7c8d9e0f';

function setup() {
  const imports = new FakeImportRepository();
  const enterprises = new FakeEnterpriseRepository();
  const files = new FakeImportFiles();
  const chunks = new FakeChunkQueue();
  const reads = new FakeReadQueue();
  const clock = { now: NOW };
  const deps: ImportDeps = { imports, enterprises, files, chunks, reads, now: () => clock.now, sleep: async () => undefined };
  const advance = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
  return { imports, enterprises, files, chunks, reads, clock, advance, deps };
}
type Harness = ReturnType<typeof setup>;

function uploaded(h: Harness, rows: RawRow[]) {
  const key = sourceKey(IMPORT_ID, 'ndjson');
  h.imports.seed({ id: IMPORT_ID, status: 'awaiting-upload', sourceKey: key, progressAt: NOW.toISOString() });
  h.files.files.set(key, rows);
}

/** Valid 10-digit enterprise codes, distinct, with their check digits. */
function taxCodes(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const nine = `01${String(2_000_000 + i).padStart(7, '0')}`;
    const check = checkDigit(nine);
    if (check !== undefined) out.push(`${nine}${check}`);
  }
  return out;
}

/** Rows of valid registrations, one enterprise each. */
const validRows = (n: number): RawRow[] =>
  taxCodes(n).map((taxCode, i) => ({ row: i + 1, raw: rawEvent({ eventId: `reg-${i + 1}`, taxCode }) }));

/** Kill the reader (no clean-up runs) right after chunk `n` is sent, before its checkpoint. */
function killAfterSending(h: Harness, n: number) {
  const release = h.imports.releaseReading.bind(h.imports);
  h.imports.releaseReading = async () => undefined;
  h.chunks.onSend = (m) => {
    if (m.chunk === n) {
      h.chunks.onSend = undefined;
      throw new Error('killed');
    }
  };
  return () => {
    h.imports.releaseReading = release;
  };
}

/** Apply every distinct chunk message sent so far, redeliveries included, in order. */
async function applyAll(h: Harness, messages: ChunkMessage[] = h.chunks.sent) {
  for (const m of messages) await applyChunk(h.deps, m);
}

describe('reading resumes from its checkpoint', () => {
  it('after a crash, a redelivery sends the unconfirmed chunk again unchanged and numbers the rest on', async () => {
    const h = setup();
    const rows = validRows(5 * CHUNK_ROWS + 30);
    uploaded(h, rows);
    const revive = killAfterSending(h, 3);

    await expect(readImportFile(h.deps, IMPORT_ID)).rejects.toThrow('killed');
    revive();
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'reading', chunksSent: 3, rowsRead: 3 * CHUNK_ROWS });
    const firstRun = h.chunks.sent.length;
    // The dead reader's lease lapses; the file notification is delivered again.
    h.advance(READER_LEASE_MS + 1);

    expect(await readImportFile(h.deps, IMPORT_ID)).toBe('finished');

    const resent = h.chunks.sent.slice(firstRun);
    expect(resent.map((m) => m.chunk)).toEqual([3, 4, 5]);
    expect(resent[0]).toEqual(h.chunks.sent[3]);
    expect(h.files.rowsCalls).toHaveLength(2);
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'applying', chunks: 6, rowsRead: rows.length });

    await applyAll(h);
    const job = h.imports.job(IMPORT_ID);
    expect(job).toMatchObject({ status: 'completed', chunksDone: 6, applied: rows.length, stale: 0, rejected: 0 });
    // Every row was written once, by its own source id.
    expect(h.enterprises.profiles.size).toBe(rows.length);
  });

  it('cuts the same chunks on resume as in one go, byte limits included', async () => {
    const rows: RawRow[] = Array.from({ length: 40 }, (_, i) => ({
      row: i + 1,
      raw: { eventId: `reg-${i + 1}`, note: 'ệ'.repeat(i % 3 === 0 ? 30_000 : 10) },
    }));
    const once = setup();
    uploaded(once, rows);
    await readImportFile(once.deps, IMPORT_ID);

    const resumed = setup();
    uploaded(resumed, rows);
    const revive = killAfterSending(resumed, 2);
    await expect(readImportFile(resumed.deps, IMPORT_ID)).rejects.toThrow('killed');
    revive();
    resumed.advance(READER_LEASE_MS + 1);
    await readImportFile(resumed.deps, IMPORT_ID);

    const distinct = [...new Map(resumed.chunks.sent.map((m) => [m.chunk, m])).values()];
    expect(distinct).toEqual(once.chunks.sent);
  });

  it('leaves a job to the live reader holding the lease, and looks once more after the lease would lapse', async () => {
    const h = setup();
    uploaded(h, validRows(3));
    await h.imports.claimForReading(IMPORT_ID, 'live-reader', NOW, NOW);

    expect(await readImportFile(h.deps, IMPORT_ID)).toBe('busy');
    expect(h.reads.sent).toEqual([{ importId: IMPORT_ID, delaySeconds: READER_LEASE_MS / 1000 + 5, retry: true }]);

    // The second look, the reader still alive: dropped, no third message.
    expect(await readImportFile(h.deps, IMPORT_ID, { retry: true })).toBe('busy');
    expect(h.reads.sent).toHaveLength(1);
    expect(h.files.rowsCalls).toEqual([]);
  });

  it('takes over when the second look finds the lease lapsed', async () => {
    const h = setup();
    uploaded(h, validRows(3));
    await h.imports.claimForReading(IMPORT_ID, 'dead-reader', NOW, NOW);
    h.advance(READER_LEASE_MS + 1);

    expect(await readImportFile(h.deps, IMPORT_ID, { retry: true })).toBe('finished');
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'applying', rowsRead: 3 });
  });

  it('stops at a chunk boundary before its time runs out and hands the rest to a continuation', async () => {
    const h = setup();
    const rows = validRows(4 * CHUNK_ROWS);
    uploaded(h, rows);
    let left = TIME_RESERVE_MS + 1;
    const remainingMs = () => left--;

    expect(await readImportFile(h.deps, IMPORT_ID, { remainingMs })).toBe('paused');

    expect(h.chunks.sent.length).toBeGreaterThan(0);
    expect(h.chunks.sent.length).toBeLessThan(4);
    const job = h.imports.job(IMPORT_ID);
    expect(job).toMatchObject({ status: 'reading', chunksSent: h.chunks.sent.length, rowsRead: h.chunks.sent.length * CHUNK_ROWS });
    expect(job).not.toHaveProperty('readerId');
    expect(h.reads.sent).toEqual([{ importId: IMPORT_ID, delaySeconds: 0, retry: false }]);

    // The continuation: no waiting for a lease, and the chunks go on from where the first stopped.
    expect(await readImportFile(h.deps, IMPORT_ID, { remainingMs: () => 900_000 })).toBe('finished');
    expect(h.chunks.sent.map((m) => m.chunk)).toEqual([0, 1, 2, 3]);
    expect(h.chunks.sent.flatMap((m) => m.rows)).toEqual(rows);
  });

  it('pauses while waiting for the consumers when time runs short, without sending the rows it holds', async () => {
    const h = setup();
    uploaded(h, validRows((MAX_CHUNKS_IN_FLIGHT + 2) * CHUNK_ROWS));
    let left = 10 * TIME_RESERVE_MS;
    // Nobody applies chunks; time passes while the reader waits.
    h.deps.sleep = async () => {
      left -= TIME_RESERVE_MS;
    };

    expect(await readImportFile(h.deps, IMPORT_ID, { remainingMs: () => left })).toBe('paused');

    expect(h.chunks.sent).toHaveLength(MAX_CHUNKS_IN_FLIGHT);
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ chunksSent: MAX_CHUNKS_IN_FLIGHT, rowsRead: MAX_CHUNKS_IN_FLIGHT * CHUNK_ROWS });
  });

  it('a reader whose lease was taken sends nothing more', async () => {
    const h = setup();
    uploaded(h, validRows(3 * CHUNK_ROWS));
    h.imports.onCheckpoint = (id, cp) => {
      // The sweep takes the job over after the first chunk.
      if (cp.chunksSent === 1) h.imports.job(id).readerId = 'another-reader';
    };

    expect(await readImportFile(h.deps, IMPORT_ID)).toBe('superseded');
    expect(h.chunks.sent).toHaveLength(1);
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ chunksSent: 1, readerId: 'another-reader' });
  });

  it('frees its lease when the queue fails, so the redelivery resumes at once', async () => {
    const h = setup();
    uploaded(h, validRows(3 * CHUNK_ROWS));
    h.chunks.onSend = (m) => {
      if (m.chunk === 1) throw new Error('SQS unavailable');
    };

    await expect(readImportFile(h.deps, IMPORT_ID)).rejects.toThrow('SQS unavailable');
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'reading', chunksSent: 1 });
    expect(h.imports.job(IMPORT_ID)).not.toHaveProperty('readerId');

    h.chunks.onSend = undefined;
    expect(await readImportFile(h.deps, IMPORT_ID)).toBe('finished');
    expect(h.chunks.sent.map((m) => m.chunk)).toEqual([0, 1, 1, 2]);
  });
});

describe('a chunk that fails its last attempt', () => {
  it('is recorded with its rows and the reason, and the job ends completed-with-errors', async () => {
    const h = setup();
    const rows = validRows(3 * CHUNK_ROWS);
    uploaded(h, rows);
    await readImportFile(h.deps, IMPORT_ID);
    const [first, poison, last] = h.chunks.sent;

    await applyChunk(h.deps, first!);
    await failChunk(h.deps, poison!, 'Failed 5 attempts; last error: ValidationException: Item size has exceeded the maximum allowed size');
    expect(h.imports.job(IMPORT_ID).status).toBe('applying');
    await applyChunk(h.deps, last!);

    const job = h.imports.job(IMPORT_ID);
    expect(job).toMatchObject({
      status: 'completed-with-errors',
      chunksDone: 3,
      chunksFailed: 1,
      rowsFailed: CHUNK_ROWS,
      applied: 2 * CHUNK_ROWS,
    });
    expect(job.error).toContain(`${CHUNK_ROWS} row(s) in 1 chunk(s) were not applied`);
    const view = await getImport(h.deps, IMPORT_ID);
    expect(view.failedChunks).toEqual([
      {
        chunk: 1,
        firstRow: CHUNK_ROWS + 1,
        lastRow: 2 * CHUNK_ROWS,
        rows: CHUNK_ROWS,
        reason: expect.stringContaining('Item size has exceeded'),
      },
    ]);
    expect(view.progress).toEqual({ rowsRead: rows.length, rowsDone: rows.length, percent: 100 });
    expect(view).not.toHaveProperty('readerId');
  });

  it('is not counted twice, nor after the chunk was applied', async () => {
    const h = setup();
    uploaded(h, validRows(2 * CHUNK_ROWS));
    await readImportFile(h.deps, IMPORT_ID);
    const [a, b] = h.chunks.sent;

    await applyChunk(h.deps, a!);
    await failChunk(h.deps, a!, 'late failure of an applied chunk');
    await failChunk(h.deps, b!, 'failed');
    await failChunk(h.deps, b!, 'failed again');

    expect(h.imports.job(IMPORT_ID)).toMatchObject({
      chunksDone: 2,
      chunksFailed: 1,
      rowsFailed: CHUNK_ROWS,
      status: 'completed-with-errors',
    });
  });
});

describe('the chunk consumer', () => {
  const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
  const record = (body: unknown, receiveCount: number): SQSRecord =>
    ({
      messageId: 'm-1',
      receiptHandle: 'rh-1',
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: String(receiveCount) },
    }) as unknown as SQSRecord;
  const sqsCalls: unknown[] = [];
  const sqs = { send: async (cmd: { input: unknown }) => sqsCalls.push(cmd.input) } as never;

  it('retries a failed chunk after a short back-off, and records it failed on its last attempt, still failing the message', async () => {
    const h = setup();
    uploaded(h, validRows(2));
    await readImportFile(h.deps, IMPORT_ID);
    const handler = makeApplyChunkHandler(h.deps, { maxReceiveCount: 5, queueUrl: 'q', sqs, fault: () => true });
    sqsCalls.length = 0;

    const early = await handler({ Records: [record(h.chunks.sent[0], 2)] } as SQSEvent, context).catch((e: unknown) => e);
    expect(h.imports.job(IMPORT_ID).chunksFailed).toBe(0);
    expect(sqsCalls).toEqual([{ QueueUrl: 'q', ReceiptHandle: 'rh-1', VisibilityTimeout: 4 }]);

    const last = await handler({ Records: [record(h.chunks.sent[0], 5)] } as SQSEvent, context).catch((e: unknown) => e);
    // Powertools fails the whole (one-record) batch: the message stays, and SQS moves it to the DLQ.
    expect(early).toBeInstanceOf(Error);
    expect(last).toBeInstanceOf(Error);
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'completed-with-errors', chunksFailed: 1, rowsFailed: 2 });
    expect((await h.imports.failures(IMPORT_ID, 10))[0]?.reason).toMatch(/^Failed 5 attempts; last error: Error: fault injected/);
  });

  it('applies a good chunk whatever the attempt', async () => {
    const h = setup();
    uploaded(h, validRows(2));
    await readImportFile(h.deps, IMPORT_ID);
    const handler = makeApplyChunkHandler(h.deps, { maxReceiveCount: 5, queueUrl: 'q', sqs });

    expect(await handler({ Records: [record(h.chunks.sent[0], 5)] } as SQSEvent, context)).toEqual({ batchItemFailures: [] });
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'completed', applied: 2 });
  });
});

describe('the reader’s queue', () => {
  it('takes continuations as well as upload notifications, with the invocation’s remaining time', async () => {
    const h = setup();
    uploaded(h, validRows(2 * CHUNK_ROWS));
    const handler = makeReadImportFileHandler(h.deps);
    const short = { getRemainingTimeInMillis: () => TIME_RESERVE_MS - 1 } as unknown as Context;
    const key = sourceKey(IMPORT_ID, 'ndjson');
    const notification = { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { object: { key } } }] };

    await handler({ Records: [{ messageId: 'a', body: JSON.stringify(notification) }] } as SQSEvent, short);
    expect(h.chunks.sent).toHaveLength(1);
    expect(h.reads.sent).toEqual([{ importId: IMPORT_ID, delaySeconds: 0, retry: false }]);

    const long = { getRemainingTimeInMillis: () => 900_000 } as unknown as Context;
    await handler({ Records: [{ messageId: 'b', body: JSON.stringify({ continueReading: IMPORT_ID, retry: false }) }] } as SQSEvent, long);
    expect(h.chunks.sent.map((m) => m.chunk)).toEqual([0, 1]);
    expect(h.imports.job(IMPORT_ID).status).toBe('applying');
  });
});

describe('the sweep', () => {
  it('leaves jobs that are making progress alone', async () => {
    const h = setup();
    h.imports.seed({ id: IMPORT_ID, status: 'applying', readingDone: true, chunks: 3, chunksDone: 1, progressAt: NOW.toISOString() });
    h.advance(STALL_MS - 1);

    expect(await sweepImports(h.deps)).toEqual({ resumed: [], failed: [], completed: [] });
    expect(h.reads.sent).toEqual([]);
  });

  it('resumes a reading job whose reader died, from its checkpoint', async () => {
    const h = setup();
    const rows = validRows(3 * CHUNK_ROWS);
    uploaded(h, rows);
    const revive = killAfterSending(h, 2);
    await expect(readImportFile(h.deps, IMPORT_ID)).rejects.toThrow('killed');
    revive();
    await applyAll(h, h.chunks.sent.slice(0, 2));
    h.advance(STALL_MS + 1);

    expect(await sweepImports(h.deps)).toEqual({ resumed: [IMPORT_ID], failed: [], completed: [] });
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'reading', chunksSent: 2, rowsRead: 2 * CHUNK_ROWS, resumes: 1 });
    expect(h.reads.sent).toEqual([{ importId: IMPORT_ID, delaySeconds: 0, retry: false }]);

    expect(await readImportFile(h.deps, IMPORT_ID)).toBe('finished');
    await applyAll(h, h.chunks.sent.slice(2));
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'completed', applied: rows.length, chunksDone: 3 });
  });

  it('resends from the first chunk never handled when chunk messages were lost, counting the others once', async () => {
    const h = setup();
    const rows = validRows(5 * CHUNK_ROWS);
    uploaded(h, rows);
    await readImportFile(h.deps, IMPORT_ID);
    const [c0, c1, , c3, c4] = h.chunks.sent;
    // Chunk 2 was lost on the way (a local queue not yet saved when the process was killed).
    await applyAll(h, [c0!, c1!, c3!, c4!]);
    h.advance(STALL_MS + 1);

    expect((await sweepImports(h.deps)).resumed).toEqual([IMPORT_ID]);
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'reading', chunksSent: 2, rowsRead: 2 * CHUNK_ROWS, readingDone: false });
    expect(h.imports.job(IMPORT_ID)).not.toHaveProperty('chunks');

    const before = h.chunks.sent.length;
    await readImportFile(h.deps, IMPORT_ID);
    const resent = h.chunks.sent.slice(before);
    expect(resent.map((m) => m.chunk)).toEqual([2, 3, 4]);
    expect(resent[0]).toEqual(h.chunks.sent[2]);
    await applyAll(h, resent);

    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'completed', chunksDone: 5, applied: rows.length, stale: 0 });
  });

  it('takes a job from a reader stuck waiting on lost chunks', async () => {
    const h = setup();
    uploaded(h, validRows(2 * CHUNK_ROWS));
    await h.imports.claimForReading(IMPORT_ID, 'stuck-reader', NOW, NOW);
    await h.imports.checkpoint(IMPORT_ID, 'stuck-reader', { chunksSent: 2, rowsRead: 2 * CHUNK_ROWS }, NOW);
    h.advance(STALL_MS + 1);
    // Heartbeats keep its lease, but nothing moves.
    await h.imports.heartbeat(IMPORT_ID, 'stuck-reader', h.clock.now);

    expect((await sweepImports(h.deps)).resumed).toEqual([IMPORT_ID]);
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'reading', chunksSent: 0, rowsRead: 0 });
    expect(await h.imports.checkpoint(IMPORT_ID, 'stuck-reader', { chunksSent: 3, rowsRead: 600 }, h.clock.now)).toBe(false);
  });

  it(`fails a job that stalls again after ${MAX_RESUMES} resumes, naming the chunks never handled`, async () => {
    const h = setup();
    h.imports.seed({
      id: IMPORT_ID,
      status: 'applying',
      readingDone: true,
      chunks: 3,
      chunksSent: 3,
      rowsRead: 600,
      chunksDone: 1,
      resumes: MAX_RESUMES,
      progressAt: NOW.toISOString(),
    });
    await h.imports.recordChunk(
      IMPORT_ID,
      { chunk: 0, firstRow: 1, lastRow: 200, applied: 200, stale: 0, duplicate: 0, rejected: [] },
      NOW,
    );
    h.advance(STALL_MS + 1);

    expect((await sweepImports(h.deps)).failed).toEqual([IMPORT_ID]);
    expect(h.imports.job(IMPORT_ID)).toMatchObject({
      status: 'failed',
      error: `No progress for 10 minute(s) after ${MAX_RESUMES} resumes, stopped at row 600; chunks never handled: 1, 2`,
    });
    expect(await h.imports.openJobs()).toEqual([]);
  });

  it('completes a job whose chunks were all handled but whose completion was lost', async () => {
    const h = setup();
    h.imports.seed({
      id: IMPORT_ID,
      status: 'applying',
      readingDone: true,
      chunks: 2,
      chunksDone: 2,
      applied: 400,
      progressAt: NOW.toISOString(),
    });
    h.advance(STALL_MS + 1);

    expect((await sweepImports(h.deps)).completed).toEqual([IMPORT_ID]);
    expect(h.imports.job(IMPORT_ID).status).toBe('completed');
  });

  it('fails a job whose file never came, after the upload URLs expired', async () => {
    const h = setup();
    h.imports.seed({ id: IMPORT_ID, status: 'awaiting-upload' });
    h.advance(UPLOAD_GRACE_MS - 1000);
    await sweepImports(h.deps);
    expect(h.imports.job(IMPORT_ID).status).toBe('awaiting-upload');

    h.advance(2000);
    expect((await makeSweepImportsHandler(h.deps)()).failed).toEqual([IMPORT_ID]);
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'failed', error: 'The file was not uploaded within 2 hours' });
  });

  it('does not rewind a job that moved between the look and the write', async () => {
    const h = setup();
    h.imports.seed({
      id: IMPORT_ID,
      status: 'applying',
      readingDone: true,
      chunks: 2,
      chunksSent: 2,
      chunksDone: 0,
      progressAt: NOW.toISOString(),
    });
    h.advance(STALL_MS + 1);
    const openJobs = h.imports.openJobs.bind(h.imports);
    h.imports.openJobs = async () => {
      const jobs = await openJobs();
      // A chunk is applied just after the sweep looked.
      await h.imports.recordChunk(
        IMPORT_ID,
        { chunk: 0, firstRow: 1, lastRow: 200, applied: 200, stale: 0, duplicate: 0, rejected: [] },
        h.clock.now,
      );
      return jobs;
    };

    expect((await sweepImports(h.deps)).resumed).toEqual([]);
    expect(h.imports.job(IMPORT_ID).status).toBe('applying');
  });
});

describe('fields a snapshot row does not carry', () => {
  const stored = () =>
    profile(
      { eventId: 'feed-1', taxCode: TAX_CODES.thangLong, revision: 3 },
      {
        owners: [{ name: 'Trần Thị B', personalIdHash: 'cd'.repeat(32), taxCode: null, sharePct: 70 }],
        vsic: { version: '2018', main: '2592', others: ['2599', '2511'] },
      },
    );
  /** A CSV-like row: no owners, no id hash, no other VSIC codes. */
  const bareRow = (row: number, revision: number, repName = 'Nguyễn Văn A') => {
    const e = rawEvent(
      { eventId: `snap-${row}`, taxCode: TAX_CODES.thangLong, revision, type: 'amended' },
      { employees: 50, legalRepresentative: { name: repName } },
    );
    const { owners: _o, ...enterprise } = e.enterprise;
    return { row, raw: { ...e, enterprise: { ...enterprise, vsic: { version: '2018', main: '2592' } } } };
  };

  it('keep the stored owners, id hash and VSIC codes when a newer row is applied; the row’s own fields win', async () => {
    const h = setup();
    h.enterprises.put(stored());
    h.imports.seed({ id: IMPORT_ID, status: 'reading' });

    await applyChunk(h.deps, { importId: IMPORT_ID, chunk: 0, rows: [bareRow(1, 4)] });

    const p = h.enterprises.profiles.get(TAX_CODES.thangLong)!;
    expect(p).toMatchObject({ revision: 4, employees: 50, sourceId: `${IMPORT_ID}:1` });
    expect(p.owners).toEqual(stored().owners);
    expect(p.legalRepresentative).toEqual({ name: 'Nguyễn Văn A', personRef: testRefOf(ID_HASH) });
    expect(p.vsic.others).toEqual(['2599', '2511']);
    expect(h.enterprises.applyCalls[0]!.changes[0]!.keep).toEqual([
      'owners',
      'legalRepresentative.personalIdHash',
      'householdTaxCode',
      'vsic.others',
    ]);
  });

  it('do not give a new representative the previous one’s id', async () => {
    const h = setup();
    h.enterprises.put(stored());
    h.imports.seed({ id: IMPORT_ID, status: 'reading' });

    await applyChunk(h.deps, { importId: IMPORT_ID, chunk: 0, rows: [bareRow(1, 4, 'Lê Văn C')] });

    expect(h.enterprises.profiles.get(TAX_CODES.thangLong)!.legalRepresentative).toEqual({ name: 'Lê Văn C' });
  });

  it('change nothing when the row is not newer (the revision rule still decides)', async () => {
    const h = setup();
    h.enterprises.put(stored());
    h.imports.seed({ id: IMPORT_ID, status: 'reading' });

    await applyChunk(h.deps, { importId: IMPORT_ID, chunk: 0, rows: [bareRow(1, 3)] });

    expect(h.imports.job(IMPORT_ID)).toMatchObject({ applied: 0, stale: 1 });
    expect(h.enterprises.profiles.get(TAX_CODES.thangLong)).toEqual(stored());
  });

  it('are empty for a first registration, and a row that does carry owners replaces them, even with none', async () => {
    const h = setup();
    h.imports.seed({ id: IMPORT_ID, status: 'reading' });
    await applyChunk(h.deps, { importId: IMPORT_ID, chunk: 0, rows: [bareRow(1, 1)] });
    expect(h.enterprises.profiles.get(TAX_CODES.thangLong)!.owners).toEqual([]);

    h.enterprises.put(stored());
    const explicit = rawEvent({ eventId: 'snap-2', taxCode: TAX_CODES.thangLong, revision: 4, type: 'amended' }, { owners: [] });
    await applyChunk(h.deps, { importId: IMPORT_ID, chunk: 1, rows: [{ row: 2, raw: explicit }] });
    expect(h.enterprises.profiles.get(TAX_CODES.thangLong)!.owners).toEqual([]);
  });

  it('keep other VSIC codes only within the same VSIC version, and a household code only when stored', () => {
    const event = validEvent({ revision: 4 }, { vsic: { version: '2025', main: '2592', others: [] } });

    const merged = keepStoredFields(profileFrom(event, 'snap-4', NOW, testRefOf), ['vsic.others', 'householdTaxCode'], stored());

    expect(merged.vsic.others).toEqual([]);
    expect(merged).not.toHaveProperty('householdTaxCode');
  });
});
