/**
 * Bulk import benchmark: a synthetic snapshot of N rows (default 200,000; 1 % bad) imported end
 * to end on the local runtime — upload, streamed read, chunks over SQS, conditional writes — timed
 * from the upload until the job reports completed.
 *
 * Baseline, measured in the same run on the same DynamoDB Local: raw BatchWriteItem (25 items,
 * 16 concurrent) of the same profile items into a table with the same keys and indexes. The ratio
 * rows/s ÷ raw items/s says how close the pipeline comes to the store's own write limit.
 *
 *   npx tsx test/bench/registry-import.ts [--rows 200000] [--baseline-items 40000]
 */
import { createWriteStream } from 'node:fs';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { manifest as registry } from '../../services/registry/manifest.ts';
import { toItem } from '../../services/registry/adapters/outbound/dynamodb-enterprise-repository.ts';
import { profileFrom } from '../../services/registry/domain/enterprise.ts';
import { personRefOf } from '../../services/registry/domain/person-ref.ts';
import { LOCAL_PERSON_REF_KEY } from '../../local/runtime/runtime.ts';
import { checkRegistryEvent } from '../../services/registry/domain/registry-event.ts';
import { CSV_HEADER, generateEvents, latestStates, makeInvalid, mulberry32, toCsvRow } from '../../local/data/synthetic-enterprises.ts';
import { startRuntimeProcess } from '../support/runtime-process.ts';
import { tokenFor } from '../support/http.ts';
import { awsServerPid, javaPid, machine, peakSampler, printBars, printTable } from './support.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '200000' }, 'baseline-items': { type: 'string', default: '40000' } },
});
const ROWS = Number(values.rows);
const BASELINE_ITEMS = Number(values['baseline-items']);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

async function writeSnapshot(file: string): Promise<{ bytes: number; bad: number }> {
  const out = createWriteStream(file);
  const rng = mulberry32(7);
  let bad = 0;
  out.write(`${CSV_HEADER}\r\n`);
  for (const event of latestStates(generateEvents({ count: ROWS, seed: 42 }))) {
    let row = event;
    if (rng() < 0.01) {
      row = makeInvalid(event, rng).event;
      bad += 1;
    }
    if (!out.write(`${toCsvRow(row)}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { bytes: (await stat(file)).size, bad };
}

/** Raw BatchWriteItem of real profile items into a table shaped like the registry's. */
async function rawBaseline(endpoint: string): Promise<number> {
  const db = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials });
  const spec = registry.tables.find((t) => t.name === 'enterprises')!;
  const attrs = new Map<string, string>([
    [spec.partitionKey.name, 'S'],
    [spec.sortKey!.name, 'S'],
  ]);
  for (const g of spec.globalIndexes ?? []) [g.partitionKey, g.sortKey].forEach((k) => k && attrs.set(k.name, k.type));
  const table = `bench-baseline-${Date.now()}`;
  await db.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attrs].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType: AttributeType as 'S' })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: (spec.globalIndexes ?? []).map((g) => ({
        IndexName: g.name,
        KeySchema: [
          { AttributeName: g.partitionKey.name, KeyType: 'HASH' as const },
          { AttributeName: g.sortKey!.name, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'ALL' as const },
      })),
    }),
  );
  const now = new Date();
  const items: Record<string, unknown>[] = [];
  for (const e of latestStates(generateEvents({ count: BASELINE_ITEMS, seed: 99, eventIdPrefix: 'base' }))) {
    const check = checkRegistryEvent(e, now);
    if (check.ok) items.push(toItem(profileFrom(check.event, e.eventId, now, personRefOf(LOCAL_PERSON_REF_KEY))));
  }
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const batch = items.slice(next, (next += 25));
      let requests = batch.map((Item) => ({ PutRequest: { Item: marshall(Item, { removeUndefinedValues: true }) } }));
      while (requests.length) {
        const out = await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
        requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return items.length / ((performance.now() - started) / 1000);
}

/** Upload as the API says: one PUT, or each part then the completion with the parts' ETags. */
async function uploadFile(
  base: string,
  auth: Record<string, string>,
  file: string,
  bytes: number,
  started: {
    importId: string;
    uploadUrl?: string;
    uploadHeaders?: Record<string, string>;
    multipart?: { partSize: number; parts: { partNumber: number; url: string }[]; completePath: string };
  },
): Promise<void> {
  if (started.uploadUrl) {
    const put = await fetch(started.uploadUrl, { method: 'PUT', headers: started.uploadHeaders, body: await readFile(file) });
    if (put.status !== 200) throw new Error(`upload failed: ${put.status}`);
    return;
  }
  const m = started.multipart!;
  const handle = await open(file);
  const parts: { partNumber: number; etag: string }[] = [];
  try {
    for (const p of m.parts) {
      const length = Math.min(m.partSize, bytes - (p.partNumber - 1) * m.partSize);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, (p.partNumber - 1) * m.partSize);
      const put = await fetch(p.url, { method: 'PUT', body: buffer });
      if (put.status !== 200) throw new Error(`part ${p.partNumber} failed: ${put.status}`);
      parts.push({ partNumber: p.partNumber, etag: put.headers.get('etag') ?? '' });
    }
  } finally {
    await handle.close();
  }
  const done = await fetch(`${base}${m.completePath}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ parts }),
  });
  if (done.status !== 200) throw new Error(`completing the upload failed: ${done.status} ${await done.text()}`);
}

async function main() {
  const file = join(tmpdir(), `registry-bench-${ROWS}.csv`);
  console.log(`machine: ${machine()}`);
  console.log(`generating ${ROWS.toLocaleString()} rows…`);
  const { bytes, bad } = await writeSnapshot(file);

  const runtime = await startRuntimeProcess(['--in-memory'], 60_000, { fixtures: false });
  const pid = runtime.child.pid!;
  const java = javaPid(pid);
  const aws = awsServerPid(pid);
  const sampler = peakSampler(() => [pid, ...(java ? [java] : []), ...(aws ? [aws] : [])]);
  try {
    console.log(`raw baseline: BatchWriteItem of ${BASELINE_ITEMS.toLocaleString()} profile items, 25 per call, 16 concurrent…`);
    const rawItemsPerSecond = await rawBaseline(runtime.info.endpoints.dynamodb);
    console.log(`  ${rawItemsPerSecond.toFixed(0)} items/s`);

    const admin = await tokenFor({ agency: 'so-tai-chinh', roles: ['admin'] });
    const auth = { authorization: `Bearer ${admin}` };
    const started = (await (
      await fetch(`${runtime.info.url}/registry/imports`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ format: 'csv', fileName: 'bench.csv', sizeBytes: bytes }),
      })
    ).json()) as {
      importId: string;
      uploadUrl?: string;
      uploadHeaders?: Record<string, string>;
      multipart?: { partSize: number; parts: { partNumber: number; url: string }[]; completePath: string };
    };

    const t0 = performance.now();
    await uploadFile(runtime.info.url, auth, file, bytes, started);
    console.log(`uploaded ${(bytes / 2 ** 20).toFixed(1)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s; importing…`);

    let job: Record<string, any> = {};
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      job = (await (await fetch(`${runtime.info.url}/registry/imports/${started.importId}`, { headers: auth })).json()) as Record<
        string,
        any
      >;
      const done = job.applied + job.stale + job.duplicate + job.rejected;
      const secs = (performance.now() - t0) / 1000;
      process.stdout.write(
        `\r  ${job.status.padEnd(10)} read ${String(job.rowsRead).padStart(7)}  done ${String(done).padStart(7)}  ${(done / secs).toFixed(0).padStart(5)} rows/s  ${secs.toFixed(0)} s`,
      );
      if (job.status === 'completed' || job.status === 'failed') break;
    }
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write('\n');
    const peaks = sampler.stop();
    const rowsPerSecond = ROWS / seconds;

    printTable('registry-import', [
      ['rows (bad)', `${ROWS.toLocaleString()} (${bad.toLocaleString()})`],
      ['file', `${(bytes / 2 ** 20).toFixed(1)} MiB CSV`],
      ['status', job.status],
      ['applied / stale / rejected', `${job.applied} / ${job.stale} / ${job.rejected}`],
      ['elapsed (upload → completed)', `${seconds.toFixed(1)} s`],
      ['throughput', `${rowsPerSecond.toFixed(0)} rows/s`],
      ['raw BatchWriteItem (same run)', `${rawItemsPerSecond.toFixed(0)} items/s`],
      ['ratio to raw', `${(rowsPerSecond / rawItemsPerSecond).toFixed(2)}  (target ≥ 0.5)`],
      ['peak RSS, runtime: gateway + handlers (node)', `${(peaks.get(pid) ?? 0).toFixed(0)} MB  (target < 300 MB)`],
      ...(aws
        ? ([['peak RSS, local SQS/S3 server (holds the file)', `${(peaks.get(aws) ?? 0).toFixed(0)} MB`]] as [string, string][])
        : []),
      ...(java ? ([['peak RSS, DynamoDB Local (java)', `${(peaks.get(java) ?? 0).toFixed(0)} MB`]] as [string, string][]) : []),
    ]);
    printBars(
      'throughput (same run)',
      [
        ['raw BatchWriteItem, items/s', rawItemsPerSecond],
        ['import, rows/s', rowsPerSecond],
      ],
      { unit: '/s', mark: { at: rawItemsPerSecond / 2, label: 'target: ≥ 0.5 of raw' } },
    );
    printBars(
      'peak RSS, MB',
      [...peaks].map(
        ([p, mb]) =>
          [p === pid ? 'runtime (node)' : p === aws ? 'SQS/S3 server' : p === java ? 'DynamoDB Local' : String(p), mb] as [string, number],
      ),
      {
        unit: 'MB',
        mark: { at: 300, label: 'target for the runtime: < 300 MB' },
      },
    );
    if (job.status !== 'completed' || job.applied + job.rejected + job.stale !== ROWS) process.exitCode = 1;
  } finally {
    sampler.stop();
    await runtime.stop();
    await rm(file, { force: true });
  }
}

await main();
