import { describe, it, expect } from 'vitest';
import {
  absentFields,
  applyChunk,
  completeUpload,
  CHUNK_BYTES,
  CHUNK_ROWS,
  csvRecordToEvent,
  finishIfDone,
  getImport,
  importIdOfKey,
  MAX_CHUNKS_IN_FLIGHT,
  readImportFile,
  rejectsKey,
  sourceKey,
  startImport,
  type ImportDeps,
} from '../../../../services/registry/app/imports.ts';
import type { ImportFormat, RawRow, RowRejection } from '../../../../services/registry/app/ports.ts';
import { checkRegistryEvent } from '../../../../services/registry/domain/registry-event.ts';
import { ConflictError, RuleViolationError } from '../../../../shared/errors.ts';
import { FakeChunkQueue, FakeEnterpriseRepository, FakeImportFiles, FakeImportRepository, FakeReadQueue } from './fakes.ts';
import { ID_HASH, NOW, profile, rawEvent, TAX_CODES } from './fixtures.ts';

const IMPORT_ID = '3f1c9a52-8d4e-4b7a-9c0e-5a6b7c8d9e0f';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function setup() {
  const imports = new FakeImportRepository();
  const enterprises = new FakeEnterpriseRepository();
  const files = new FakeImportFiles();
  const chunks = new FakeChunkQueue();
  const reads = new FakeReadQueue();
  const sleeps: number[] = [];
  const clock = { now: NOW };
  const deps: ImportDeps = {
    imports,
    enterprises,
    files,
    chunks,
    reads,
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return { imports, enterprises, files, chunks, reads, sleeps, clock, deps };
}
type Harness = ReturnType<typeof setup>;
const importDepsForMultipart = () => setup().deps;

/** A job whose source file has been uploaded with these rows. */
function uploaded(h: Harness, rows: RawRow[], format: ImportFormat = 'ndjson') {
  const key = sourceKey(IMPORT_ID, format);
  h.imports.seed({ id: IMPORT_ID, status: 'awaiting-upload', format, sourceKey: key });
  h.files.files.set(key, rows);
}

/** Small placeholder rows: reading does not look inside them. */
const rowsOf = (n: number): RawRow[] => Array.from({ length: n }, (_, i) => ({ row: i + 1, raw: { eventId: `reg-${i + 1}` } }));

const bytesOf = (rows: RawRow[]) => rows.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)), 0);

describe('startImport', () => {
  it('creates a job awaiting upload whose source key is under its id', async () => {
    const h = setup();

    const started = await startImport(h.deps, { format: 'csv', fileName: 'snapshot-2026-03.csv', by: 'admin-1', agency: 'so-tai-chinh' });

    expect(started.importId).toMatch(UUID);
    expect(h.imports.job(started.importId)).toEqual({
      id: started.importId,
      format: 'csv',
      fileName: 'snapshot-2026-03.csv',
      status: 'awaiting-upload',
      createdBy: 'admin-1',
      createdByAgency: 'so-tai-chinh',
      createdAt: NOW.toISOString(),
      sourceKey: `registry/imports/${started.importId}/source.csv`,
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
    });
  });

  it('returns an upload URL for the source key, signed for its content type, valid one hour', async () => {
    const h = setup();

    const started = await startImport(h.deps, { format: 'ndjson', by: 'admin-1', agency: 'so-tai-chinh' });

    const key = `registry/imports/${started.importId}/source.ndjson`;
    expect(h.files.uploadUrlCalls).toEqual([{ key, contentType: 'application/x-ndjson', expiresInSeconds: 3600 }]);
    expect(started).toEqual({
      importId: started.importId,
      uploadUrl: `https://uploads.test/${key}?expires=3600`,
      uploadHeaders: { 'content-type': 'application/x-ndjson' },
      expiresAt: new Date(NOW.getTime() + 3600_000).toISOString(),
    });
  });

  it('leaves fileName out when none is given', async () => {
    const h = setup();

    const { importId } = await startImport(h.deps, { format: 'csv', by: 'admin-1', agency: 'so-tai-chinh' });

    expect(h.imports.job(importId)).not.toHaveProperty('fileName');
  });

  it('gives each import its own id', async () => {
    const h = setup();

    const a = await startImport(h.deps, { format: 'csv', by: 'admin-1', agency: 'so-tai-chinh' });
    const b = await startImport(h.deps, { format: 'csv', by: 'admin-1', agency: 'so-tai-chinh' });

    expect(a.importId).not.toBe(b.importId);
  });
});

describe('importIdOfKey', () => {
  it('finds the id in the key of an uploaded CSV or NDJSON source', () => {
    expect(importIdOfKey(`registry/imports/${IMPORT_ID}/source.csv`)).toBe(IMPORT_ID);
    expect(importIdOfKey(`registry/imports/${IMPORT_ID}/source.ndjson`)).toBe(IMPORT_ID);
  });

  it('finds the id of a key startImport made', async () => {
    const h = setup();
    const { importId } = await startImport(h.deps, { format: 'csv', by: 'admin-1', agency: 'so-tai-chinh' });

    expect(importIdOfKey(h.imports.job(importId).sourceKey)).toBe(importId);
  });

  it.each([
    ['the rejects file', `registry/imports/${IMPORT_ID}/rejects.ndjson`],
    ['another extension', `registry/imports/${IMPORT_ID}/source.json`],
    ['another file name', `registry/imports/${IMPORT_ID}/upload.csv`],
    ['another prefix', `documents/imports/${IMPORT_ID}/source.csv`],
    ['a leading slash', `/registry/imports/${IMPORT_ID}/source.csv`],
    ['a nested folder', `registry/imports/${IMPORT_ID}/x/source.csv`],
    ['a short id', 'registry/imports/3f1c9a52/source.csv'],
    ['an upper-case id', `registry/imports/${IMPORT_ID.toUpperCase()}/source.csv`],
    ['a trailing suffix', `registry/imports/${IMPORT_ID}/source.csv.bak`],
  ])('ignores %s', (_label, key) => {
    expect(importIdOfKey(key)).toBeUndefined();
  });
});

describe('readImportFile', () => {
  it('sends the rows in order, in chunks of at most CHUNK_ROWS, numbered from 0', async () => {
    const h = setup();
    const rows = rowsOf(2 * CHUNK_ROWS + 50);
    uploaded(h, rows);

    await readImportFile(h.deps, IMPORT_ID);

    expect(h.chunks.sent.map((m) => [m.importId, m.chunk, m.rows.length])).toEqual([
      [IMPORT_ID, 0, CHUNK_ROWS],
      [IMPORT_ID, 1, CHUNK_ROWS],
      [IMPORT_ID, 2, 50],
    ]);
    expect(h.chunks.sent.flatMap((m) => m.rows)).toEqual(rows);
  });

  it('reads the job’s own source key in its format', async () => {
    const h = setup();
    uploaded(h, rowsOf(3), 'csv');

    await readImportFile(h.deps, IMPORT_ID);

    expect(h.files.rowsCalls).toEqual([{ key: sourceKey(IMPORT_ID, 'csv'), format: 'csv' }]);
  });

  it('records the rows read and the number of chunks, and moves the job to applying', async () => {
    const h = setup();
    uploaded(h, rowsOf(450));

    await readImportFile(h.deps, IMPORT_ID);

    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'applying', readingDone: true, rowsRead: 450, chunks: 3, chunksDone: 0 });
  });

  it('cuts a chunk early so its rows stay within CHUNK_BYTES (measured in UTF-8 bytes)', async () => {
    const h = setup();
    // 20,000 'ệ' are 60,000 bytes in UTF-8 but 20,000 characters.
    const rows: RawRow[] = Array.from({ length: 10 }, (_, i) => ({
      row: i + 1,
      raw: { eventId: `reg-${i + 1}`, note: 'ệ'.repeat(20_000) },
    }));
    uploaded(h, rows);

    await readImportFile(h.deps, IMPORT_ID);

    expect(h.chunks.sent.length).toBeGreaterThan(1);
    for (const m of h.chunks.sent) {
      expect(bytesOf(m.rows)).toBeLessThanOrEqual(CHUNK_BYTES);
      expect(Buffer.byteLength(JSON.stringify(m))).toBeLessThanOrEqual(256 * 1024);
    }
    expect(h.chunks.sent.flatMap((m) => m.rows)).toEqual(rows);
  });

  it(`keeps at most MAX_CHUNKS_IN_FLIGHT (${MAX_CHUNKS_IN_FLIGHT}) chunks unapplied, waiting for the consumers`, async () => {
    const h = setup();
    const chunkCount = MAX_CHUNKS_IN_FLIGHT + 10;
    uploaded(h, rowsOf(chunkCount * CHUNK_ROWS));
    const inFlight: number[] = [];
    h.chunks.onSend = (m) => {
      inFlight.push(m.chunk + 1 - h.imports.job(IMPORT_ID).chunksDone);
    };
    // Each wait, the consumers finish one more chunk.
    h.deps.sleep = async (ms) => {
      h.sleeps.push(ms);
      h.imports.completeChunks(IMPORT_ID, 1);
    };

    await readImportFile(h.deps, IMPORT_ID);

    expect(h.chunks.sent).toHaveLength(chunkCount);
    expect(Math.max(...inFlight)).toBe(MAX_CHUNKS_IN_FLIGHT);
    expect(h.sleeps.length).toBeGreaterThan(0);
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ chunks: chunkCount, rowsRead: chunkCount * CHUNK_ROWS });
  });

  it('does not wait while fewer than MAX_CHUNKS_IN_FLIGHT chunks are unapplied', async () => {
    const h = setup();
    uploaded(h, rowsOf(MAX_CHUNKS_IN_FLIGHT * CHUNK_ROWS));

    await readImportFile(h.deps, IMPORT_ID);

    expect(h.chunks.sent).toHaveLength(MAX_CHUNKS_IN_FLIGHT);
    expect(h.sleeps).toEqual([]);
  });

  it('does nothing on a second notification for the same upload', async () => {
    const h = setup();
    uploaded(h, rowsOf(5));
    await readImportFile(h.deps, IMPORT_ID);

    await readImportFile(h.deps, IMPORT_ID);

    expect(h.files.rowsCalls).toHaveLength(1);
    expect(h.chunks.sent).toHaveLength(1);
    expect(h.imports.job(IMPORT_ID).rowsRead).toBe(5);
  });

  it('does nothing for an unknown import', async () => {
    const h = setup();

    await readImportFile(h.deps, IMPORT_ID);

    expect(h.imports.calls).toEqual([]);
    expect(h.files.rowsCalls).toEqual([]);
  });

  it('marks the job failed, with the row count, when the file cannot be read to the end', async () => {
    const h = setup();
    uploaded(h, rowsOf(1000));
    h.files.failAfter = { rows: 250, error: new Error('socket hang up') };

    await readImportFile(h.deps, IMPORT_ID);

    expect(h.imports.job(IMPORT_ID)).toMatchObject({
      status: 'failed',
      error: 'The file could not be read after row 250: socket hang up',
      readingDone: true,
      finishedAt: NOW.toISOString(),
    });
    expect(h.chunks.sent.map((m) => m.rows.length)).toEqual([CHUNK_ROWS]);
  });

  it('keeps a failed read failed even when the last sent chunk is applied at that moment', async () => {
    const h = setup();
    uploaded(h, rowsOf(1000));
    h.files.failAfter = { rows: 250, error: new Error('socket hang up') };
    // The chunk consumer applies the one chunk sent while the reader records the end of reading.
    h.imports.onFinishReading = async () => {
      for (const m of h.chunks.sent) await applyChunk(h.deps, m);
    };

    await readImportFile(h.deps, IMPORT_ID);

    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'failed', error: expect.stringContaining('after row 250') });
  });

  it('completes an empty file at once', async () => {
    const h = setup();
    uploaded(h, []);

    await readImportFile(h.deps, IMPORT_ID);

    expect(h.chunks.sent).toEqual([]);
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'completed', rowsRead: 0, chunks: 0 });
  });

  it('completes the job itself when every chunk was applied before reading ended', async () => {
    const h = setup();
    uploaded(
      h,
      [1, 2, 3].map((n) => ({ row: n, raw: rawEvent({ eventId: `reg-${n}`, revision: n, type: n === 1 ? 'registered' : 'amended' }) })),
    );
    h.chunks.onSend = (m) => applyChunk(h.deps, m);

    await readImportFile(h.deps, IMPORT_ID);

    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'completed', applied: 3, rejected: 0 });
    expect(h.imports.job(IMPORT_ID)).not.toHaveProperty('rejectsKey');
  });
});

describe('applyChunk', () => {
  const stored = () => profile({ eventId: 'reg-0', taxCode: TAX_CODES.saigon, revision: 5 });
  const chunk = (rows: RawRow[], n = 0) => ({ importId: IMPORT_ID, chunk: n, rows });
  const mixedRows = (): RawRow[] => [
    { row: 1, raw: rawEvent({ eventId: 'reg-1', taxCode: TAX_CODES.hanoiA }) },
    { row: 2, raw: rawEvent({ eventId: 'reg-2', taxCode: TAX_CODES.saigon, revision: 2, type: 'amended' }) },
    { row: 3, raw: rawEvent({ eventId: 'reg-3', taxCode: '0100233480' }) },
    { row: 4, raw: undefined, error: 'not valid JSON' },
  ];

  it('counts applied, stale and rejected rows on the job', async () => {
    const h = setup();
    h.enterprises.put(stored());
    h.imports.seed({ id: IMPORT_ID, status: 'reading' });

    await applyChunk(h.deps, chunk(mixedRows()));

    expect(h.imports.job(IMPORT_ID)).toMatchObject({ chunksDone: 1, applied: 1, stale: 1, duplicate: 0, rejected: 2 });
  });

  it('keeps each rejected row with its reasons; a row the format could not yield is rejected at path "row"', async () => {
    const h = setup();
    h.imports.seed({ id: IMPORT_ID, status: 'reading' });

    await applyChunk(h.deps, chunk(mixedRows()));

    expect(await h.imports.rejections(IMPORT_ID, 10)).toEqual([
      { row: 3, eventId: 'reg-3', errors: [{ path: 'taxCode', message: expect.stringContaining('check digit') }] },
      { row: 4, eventId: null, errors: [{ path: 'row', message: 'not valid JSON' }] },
    ]);
  });

  it('applies valid rows by profile with the source id <importId>:<row>', async () => {
    const h = setup();
    h.imports.seed({ id: IMPORT_ID, status: 'reading' });

    await applyChunk(h.deps, chunk(mixedRows()));

    expect(h.enterprises.applyCalls).toHaveLength(1);
    expect(h.enterprises.applyCalls[0]!.opts).toEqual({ dedupe: 'profile' });
    expect(h.enterprises.applyCalls[0]!.changes.map((c) => c.sourceId)).toEqual([`${IMPORT_ID}:1`, `${IMPORT_ID}:2`]);
    expect(h.enterprises.profiles.get(TAX_CODES.hanoiA)?.sourceId).toBe(`${IMPORT_ID}:1`);
  });

  it('counts a redelivered chunk once', async () => {
    const h = setup();
    h.enterprises.put(stored());
    h.imports.seed({ id: IMPORT_ID, status: 'reading' });

    await applyChunk(h.deps, chunk(mixedRows()));
    await applyChunk(h.deps, chunk(mixedRows()));

    expect(h.imports.job(IMPORT_ID)).toMatchObject({ chunksDone: 1, applied: 1, stale: 1, rejected: 2 });
  });

  it('completes the job when it applies the last chunk after reading ended', async () => {
    const h = setup();
    h.imports.seed({ id: IMPORT_ID, status: 'applying', readingDone: true, chunks: 2, chunksDone: 1, applied: 200 });

    await applyChunk(h.deps, chunk([{ row: 201, raw: rawEvent({ eventId: 'reg-201', taxCode: TAX_CODES.hanoiB }) }], 1));

    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'completed', chunksDone: 2, applied: 201 });
  });

  it('leaves the job applying while other chunks are outstanding', async () => {
    const h = setup();
    h.imports.seed({ id: IMPORT_ID, status: 'applying', readingDone: true, chunks: 3, chunksDone: 1 });

    await applyChunk(h.deps, chunk(rowsOf(0), 1));

    expect(h.imports.job(IMPORT_ID).status).toBe('applying');
  });
});

describe('finishIfDone', () => {
  const rejection = (row: number): RowRejection => ({ row, eventId: `reg-${row}`, errors: [{ path: 'taxCode', message: 'bad' }] });

  it('completes the job when reading is done and every chunk is applied, without a rejects file when nothing was rejected', async () => {
    const h = setup();
    h.imports.seed({ id: IMPORT_ID, status: 'applying', readingDone: true, chunks: 3, chunksDone: 3, applied: 600 });

    await finishIfDone(h.deps, IMPORT_ID);

    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'completed', finishedAt: NOW.toISOString() });
    expect(h.imports.job(IMPORT_ID)).not.toHaveProperty('rejectsKey');
    expect(h.files.written.size).toBe(0);
  });

  it('writes every rejection, in row order, to the rejects file and links it from the job', async () => {
    const h = setup();
    h.imports.seed({ id: IMPORT_ID, status: 'applying', readingDone: true, chunks: 2, chunksDone: 2, applied: 398, rejected: 2 });
    h.imports.rejected.set(
      IMPORT_ID,
      new Map([
        [310, rejection(310)],
        [7, rejection(7)],
      ]),
    );

    await finishIfDone(h.deps, IMPORT_ID);

    const key = rejectsKey(IMPORT_ID);
    expect(key).toBe(`registry/imports/${IMPORT_ID}/rejects.ndjson`);
    expect(h.files.written.get(key)).toEqual([rejection(7), rejection(310)]);
    expect(h.imports.job(IMPORT_ID)).toMatchObject({ status: 'completed', rejectsKey: key });
  });

  it('waits while chunks are still being applied', async () => {
    const h = setup();
    h.imports.seed({ id: IMPORT_ID, status: 'applying', readingDone: true, chunks: 3, chunksDone: 2 });

    await finishIfDone(h.deps, IMPORT_ID);

    expect(h.imports.job(IMPORT_ID).status).toBe('applying');
  });

  it('waits while the file is still being read, even if every chunk sent so far is applied', async () => {
    const h = setup();
    h.imports.seed({ id: IMPORT_ID, status: 'reading', readingDone: false, chunksDone: 4 });

    await finishIfDone(h.deps, IMPORT_ID);

    expect(h.imports.job(IMPORT_ID).status).toBe('reading');
    expect(h.imports.calls).not.toContain('finish:completed');
  });

  it('does nothing to a job already finished', async () => {
    const h = setup();
    h.imports.seed({ id: IMPORT_ID, status: 'failed', readingDone: true, chunks: 1, chunksDone: 1, rejected: 1 });

    await finishIfDone(h.deps, IMPORT_ID);

    expect(h.imports.job(IMPORT_ID).status).toBe('failed');
    expect(h.files.written.size).toBe(0);
  });
});

describe('getImport', () => {
  it('reports progress as a percentage of the rows read once reading is done', async () => {
    const h = setup();
    h.imports.seed({
      id: IMPORT_ID,
      status: 'applying',
      readingDone: true,
      rowsRead: 400,
      chunks: 2,
      chunksDone: 1,
      applied: 150,
      stale: 30,
      rejected: 20,
    });

    const view = await getImport(h.deps, IMPORT_ID);

    expect(view.progress).toEqual({ rowsRead: 400, rowsDone: 200, percent: 50 });
  });
});

describe('csvRecordToEvent', () => {
  const record = (overrides: Record<string, string> = {}): Record<string, string> => ({
    eventId: 'reg-2026-000001',
    type: 'registered',
    taxCode: '0100233488',
    revision: '3',
    occurredAt: '2026-03-02T08:00:00+07:00',
    name: 'Công ty TNHH Cơ khí Chính xác Thăng Long',
    legalForm: 'llc',
    communeCode: '00004',
    vsicVersion: '2018',
    vsicMain: '2592',
    vsicOthers: '2599;2511',
    foundedOn: '2015-03-02',
    status: 'active',
    employees: '45',
    revenueVnd: '40000000000',
    totalCapitalVnd: '15000000000',
    legalRepName: 'Nguyễn Văn A',
    legalRepIdHash: ID_HASH,
    ...overrides,
  });

  it('maps a CSV record to a registry event, numbers as numbers and codes as strings', () => {
    expect(csvRecordToEvent(record())).toEqual({
      eventId: 'reg-2026-000001',
      type: 'registered',
      taxCode: '0100233488',
      revision: 3,
      occurredAt: '2026-03-02T08:00:00+07:00',
      enterprise: {
        name: 'Công ty TNHH Cơ khí Chính xác Thăng Long',
        legalForm: 'llc',
        communeCode: '00004',
        vsic: { version: '2018', main: '2592', others: ['2599', '2511'] },
        foundedOn: '2015-03-02',
        status: 'active',
        employees: 45,
        revenueVnd: 40_000_000_000,
        totalCapitalVnd: 15_000_000_000,
        legalRepresentative: { name: 'Nguyễn Văn A', personalIdHash: ID_HASH },
      },
    });
  });

  it('leaves owners out (no such column) and vsic.others out when the file has no vsicOthers column', () => {
    const { vsicOthers: _dropped, ...withoutColumn } = record();
    const event = csvRecordToEvent(withoutColumn) as { enterprise: { vsic: Record<string, unknown> } & Record<string, unknown> };

    expect(event.enterprise).not.toHaveProperty('owners');
    expect(event.enterprise.vsic).not.toHaveProperty('others');
    expect(absentFields(event)).toEqual(['owners', 'householdTaxCode', 'vsic.others']);
  });

  it('yields an event that passes the registry checks', () => {
    expect(checkRegistryEvent(csvRecordToEvent(record()), NOW).ok).toBe(true);
  });

  it.each([
    ['an empty list', '', []],
    ['one code', '2599', ['2599']],
    ['empty items between semicolons', ';2599;;2511;', ['2599', '2511']],
  ])('splits vsicOthers by ";" (%s)', (_label, vsicOthers, expected) => {
    const event = csvRecordToEvent(record({ vsicOthers })) as { enterprise: { vsic: { others: string[] } } };

    expect(event.enterprise.vsic.others).toEqual(expected);
  });

  it('leaves a value that is not a number as text, for the checks to reject', () => {
    const event = csvRecordToEvent(record({ employees: '45 người' }));

    const check = checkRegistryEvent(event, NOW);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.errors.map((e) => e.path)).toEqual(['enterprise.employees']);
  });

  it('includes householdTaxCode and the representative’s id hash only when the columns have values', () => {
    const without = csvRecordToEvent(record({ legalRepIdHash: '' })) as { enterprise: Record<string, unknown> };
    const withCode = csvRecordToEvent(record({ householdTaxCode: '001085012345' })) as { enterprise: Record<string, unknown> };

    expect(without.enterprise).not.toHaveProperty('householdTaxCode');
    expect(without.enterprise.legalRepresentative).toEqual({ name: 'Nguyễn Văn A' });
    expect(withCode.enterprise.householdTaxCode).toBe('001085012345');
  });
});

describe('multipart uploads of large files', () => {
  it('answers a file above 8 MiB with one presigned URL per 8 MiB part and a completion path', async () => {
    const deps = importDepsForMultipart();

    const started = await startImport(deps, { format: 'csv', sizeBytes: 20 * 1024 * 1024, by: 'admin-1', agency: 'so-tai-chinh' });

    expect(started.uploadUrl).toBeUndefined();
    expect(started.multipart?.parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
    expect(started.multipart?.completePath).toBe(`/registry/imports/${started.importId}/upload-complete`);
    expect((await deps.imports.get(started.importId))?.uploadId).toBe('upload-1');
  });

  it('keeps a single PUT for a file of 8 MiB or less', async () => {
    const deps = importDepsForMultipart();
    const started = await startImport(deps, { format: 'csv', sizeBytes: 8 * 1024 * 1024, by: 'admin-1', agency: 'so-tai-chinh' });
    expect(started.uploadUrl).toBeDefined();
    expect(started.multipart).toBeUndefined();
  });

  it('completes the upload with the parts in order', async () => {
    const deps = importDepsForMultipart();
    const { importId } = await startImport(deps, { format: 'csv', sizeBytes: 20 * 1024 * 1024, by: 'admin-1', agency: 'so-tai-chinh' });

    await completeUpload(deps, importId, [
      { partNumber: 2, etag: '"b"' },
      { partNumber: 1, etag: '"a"' },
      { partNumber: 3, etag: '"c"' },
    ]);

    expect((deps.files as FakeImportFiles).multipart.get('upload-1')?.completed?.map((p) => p.partNumber)).toEqual([1, 2, 3]);
  });

  it('refuses parts S3 does not accept with 422, and a second completion with 409', async () => {
    const deps = importDepsForMultipart();
    const files = deps.files as FakeImportFiles;
    const { importId } = await startImport(deps, { format: 'csv', sizeBytes: 20 * 1024 * 1024, by: 'admin-1', agency: 'so-tai-chinh' });
    files.acceptParts = (parts) => parts.length === 3;

    await expect(completeUpload(deps, importId, [{ partNumber: 1, etag: '"a"' }])).rejects.toBeInstanceOf(RuleViolationError);
    await deps.imports.claimForReading(importId, 'reader-1', NOW, NOW);
    await expect(completeUpload(deps, importId, [{ partNumber: 1, etag: '"a"' }])).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses to complete a single-PUT import', async () => {
    const deps = importDepsForMultipart();
    const { importId } = await startImport(deps, { format: 'csv', by: 'admin-1', agency: 'so-tai-chinh' });
    await expect(completeUpload(deps, importId, [{ partNumber: 1, etag: '"a"' }])).rejects.toBeInstanceOf(ConflictError);
  });
});
