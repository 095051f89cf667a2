/**
 * Imports over HTTP that must not lose or wipe anything: a CSV snapshot keeps the owners the feed
 * supplied; an import whose runtime is killed (SIGKILL) mid-file completes after a restart with
 * every row applied once; a chunk that fails every attempt ends its job with the reason.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localNames } from '../../shared/manifest.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { freshTaxCode, postSigned, registryEvent } from '../support/registry.ts';
import { startRuntimeProcess, type RuntimeInfo, type RuntimeProcess } from '../support/runtime-process.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const ENTERPRISES = localNames.table('registry', 'enterprises');
const docClient = (info: RuntimeInfo) =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: info.endpoints.dynamodb, region: 'us-east-1', credentials }));

const HEADER =
  'eventId,type,taxCode,revision,occurredAt,name,legalForm,communeCode,vsicVersion,vsicMain,vsicOthers,foundedOn,status,employees,revenueVnd,totalCapitalVnd,legalRepName,legalRepIdHash';
const csvLine = (o: { eventId: string; taxCode: string; revision: number; type?: string; employees?: number }) =>
  [
    o.eventId,
    o.type ?? 'registered',
    o.taxCode,
    o.revision,
    '2026-03-02T08:00:00+07:00',
    'Công ty TNHH Cơ khí Chính xác Thăng Long',
    'llc',
    '00004',
    '2018',
    '2592',
    '2599',
    '2015-03-02',
    'active',
    o.employees ?? 45,
    40_000_000_000,
    15_000_000_000,
    'Nguyễn Văn A',
    '',
  ].join(',');

let admin: string;
beforeAll(async () => {
  admin = await tokenFor({ agency: 'so-tai-chinh', roles: ['admin'] });
});

/** A busy machine can keep DynamoDB Local from answering within the runtime's 30 s: try again. */
async function startPersistent(dataDir: string): Promise<RuntimeProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRuntimeProcess(['--data-dir', dataDir], 120_000);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('did not answer')) throw error;
    }
  }
}

async function importCsv(base: string, csv: string): Promise<string> {
  const started = await call(base, 'POST', '/registry/imports', { token: admin, body: { format: 'csv', fileName: 'snapshot.csv' } });
  expect(started.status).toBe(201);
  const put = await fetch(started.body.uploadUrl, { method: 'PUT', headers: started.body.uploadHeaders, body: csv });
  expect(put.status).toBe(200);
  return started.body.importId as string;
}

const jobOf = async (base: string, id: string) => (await call(base, 'GET', `/registry/imports/${id}`, { token: admin })).body;
const ended = (base: string, id: string, timeoutMs: number) =>
  eventually(
    async () => {
      const job = await jobOf(base, id);
      return ['completed', 'completed-with-errors', 'failed'].includes(job.status) ? job : undefined;
    },
    timeoutMs,
    250,
  );

describe('a CSV snapshot', () => {
  it('keeps the owners the feed supplied (the CSV has no owners column)', async () => {
    const base = inject('runtime').url;
    const taxCode = freshTaxCode();
    const owners = [
      { name: 'Nguyễn Văn A', taxCode: null, sharePct: 60 },
      { name: 'Trần Thị B', taxCode: null, sharePct: 40 },
    ];
    const fed = await postSigned(base, { events: [registryEvent({ taxCode, revision: 1, enterprise: { owners } })] });
    expect(fed.body.results[0].outcome).toBe('applied');

    const id = await importCsv(
      base,
      `${HEADER}\n${csvLine({ eventId: `snap-${taxCode}`, taxCode, revision: 2, type: 'amended', employees: 51 })}\n`,
    );
    const job = await ended(base, id, 30_000);
    expect(job).toMatchObject({ status: 'completed', applied: 1, rejected: 0, createdByAgency: 'so-tai-chinh' });

    const stored = (
      await docClient(inject('runtime')).send(new GetCommand({ TableName: ENTERPRISES, Key: { pk: `ENT#${taxCode}`, sk: 'PROFILE' } }))
    ).Item!;
    expect(stored).toMatchObject({ revision: 2, employees: 51, sourceId: `${id}:1` });
    expect(stored.owners).toEqual(owners);
  });
});

describe('a chunk that fails every attempt', () => {
  it('ends a job whose chunk fails every attempt, with the rows and the reason; the message goes to the DLQ', async () => {
    const base = inject('runtime').url;
    const good = Array.from({ length: 200 }, (_, i) => csvLine({ eventId: `ok-${i}`, taxCode: freshTaxCode(), revision: 1 }));
    const poison = csvLine({ eventId: 'fault:poison', taxCode: freshTaxCode(), revision: 1 });
    const id = await importCsv(base, `${HEADER}\n${[...good, poison].join('\n')}\n`);

    const job = await ended(base, id, 120_000);

    expect(job).toMatchObject({ status: 'completed-with-errors', applied: 200, chunksFailed: 1, rowsFailed: 1, rowsRead: 201 });
    expect(job.error).toContain('1 row(s) in 1 chunk(s) were not applied');
    expect(job.failedChunks).toEqual([
      {
        chunk: 1,
        firstRow: 201,
        lastRow: 201,
        rows: 1,
        reason: expect.stringMatching(/^Failed 5 attempts; last error: Error: fault injected/),
      },
    ]);
    expect(job.progress).toMatchObject({ rowsRead: 201, rowsDone: 201, percent: 100 });

    const sqs = new SQSClient({
      endpoint: inject('runtime').endpoints.sqs,
      region: 'us-east-1',
      credentials,
      useQueueUrlAsEndpoint: false,
    });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: localNames.dlq('registry', 'import-chunks') }));
    await eventually(
      async () => {
        const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
        return Number(out.Attributes?.ApproximateNumberOfMessages) >= 1 ? true : undefined;
      },
      60_000,
      500,
    );
  }, 300_000);
});

describe('an import whose runtime is killed mid-file', () => {
  // 30,000 rows (IMPORT_RECOVERY_ROWS=30000) take minutes on a busy laptop; the default keeps the
  // run short while the kill still lands mid-file, with chunks in flight.
  const ROWS = Number(process.env.IMPORT_RECOVERY_ROWS ?? 4_000);
  let dataDir: string;
  let runtime: RuntimeProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sme-import-'));
    // For this runtime only: the sweep steps in after 20 s without progress (not 10 minutes).
    process.env.REGISTRY_IMPORT_STALL_SECONDS = '20';
  });
  afterAll(async () => {
    delete process.env.REGISTRY_IMPORT_STALL_SECONDS;
    if (runtime) {
      // A runtime stopping waits for running handlers; do not wait for a stuck one for ever.
      const stopped = runtime.stop('SIGTERM');
      const timer = setTimeout(() => void runtime?.stop('SIGKILL'), 30_000);
      await stopped;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('completes after a restart with every row applied once', async () => {
    const first = await startPersistent(dataDir);
    runtime = first;
    const taxCodes = Array.from({ length: ROWS }, () => freshTaxCode());
    const csv = `${HEADER}\n${taxCodes.map((taxCode, i) => csvLine({ eventId: `bulk-${i + 1}`, taxCode, revision: 1 })).join('\n')}\n`;
    const started = Date.now();
    const id = await importCsv(first.info.url, csv);

    const before = await eventually(
      async () => {
        const job = await jobOf(first.info.url, id);
        return job.status === 'reading' && job.rowsRead >= ROWS / 5 ? job : undefined;
      },
      180_000,
      50,
    );
    expect(await first.stop('SIGKILL')).toBeNull();
    runtime = undefined;

    const second = await startPersistent(dataDir);
    runtime = second;
    const restarted = Date.now();
    // The sweep runs every 5 minutes on its own; here it is run every 10 s so that chunk messages
    // the killed runtime had not yet saved are sent again without a long wait.
    const sweeping = setInterval(
      () => void call(second.info.url, 'POST', '/local/schedules/registry/import-sweep').catch(() => undefined),
      10_000,
    );
    let job: Awaited<ReturnType<typeof ended>>;
    try {
      job = await ended(second.info.url, id, 360_000);
    } finally {
      clearInterval(sweeping);
    }
    console.log(
      `[import recovery] killed at row ${before.rowsRead} of ${ROWS} (${before.applied} applied); ` +
        `completed ${Math.round((Date.now() - restarted) / 1000)} s after the restart, ${Math.round((Date.now() - started) / 1000)} s in all; resumes by the sweep: ${job.resumes ?? 0}; status ${job.status}${job.error ? ` (${job.error})` : ''}`,
    );
    expect(job).toMatchObject({
      status: 'completed',
      rowsRead: ROWS,
      chunks: Math.ceil(ROWS / 200),
      chunksFailed: 0,
      rejected: 0,
      stale: 0,
      duplicate: 0,
    });
    expect(job.applied + job.stale + job.duplicate + job.rejected).toBe(ROWS);
    expect(job.applied).toBe(ROWS);

    // Each row's profile was written by that row, once: revision 1, its own source id.
    const checking = Date.now();
    const doc = docClient(second.info);
    const seen = new Map<string, { revision: number; sourceId: string }>();
    for (let i = 0; i < ROWS; i += 100) {
      let keys: Record<string, unknown>[] | undefined = taxCodes.slice(i, i + 100).map((t) => ({ pk: `ENT#${t}`, sk: 'PROFILE' }));
      while (keys?.length) {
        const out = await doc.send(
          new BatchGetCommand({ RequestItems: { [ENTERPRISES]: { Keys: keys, ProjectionExpression: 'taxCode, revision, sourceId' } } }),
        );
        for (const item of out.Responses?.[ENTERPRISES] ?? [])
          seen.set(item.taxCode as string, item as { revision: number; sourceId: string });
        keys = out.UnprocessedKeys?.[ENTERPRISES]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    expect(seen.size).toBe(ROWS);
    const wrong = taxCodes.filter((t, i) => seen.get(t)?.revision !== 1 || seen.get(t)?.sourceId !== `${id}:${i + 1}`);
    expect(wrong).toEqual([]);
    console.log(`[import recovery] ${ROWS} profiles checked in ${Math.round((Date.now() - checking) / 1000)} s`);

    // The sweep leaves a finished job alone.
    const swept = await call(second.info.url, 'POST', '/local/schedules/registry/import-sweep');
    expect(swept.status).toBe(200);
    expect((await jobOf(second.info.url, id)).status).toBe('completed');
  }, 900_000);
});
