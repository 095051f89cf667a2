/**
 * Reporting benchmark: N domain events (default 1,000,000) loaded into the aggregates through the
 * consumer's own use case (`recordEvents`, batches of --batch events as the AWS consumer gets them,
 * --concurrency batches at once) on DynamoDB Local in memory; at each checkpoint (default 100,000
 * and 1,000,000) the annual report is produced from the aggregates and, as the baseline, the same
 * figures computed by scanning the raw events.
 *
 * Also measured in the same run on the same server: the store's raw write rate — the same events
 * written as plain items with BatchWriteItem (25 a request, 16 concurrent) — which is also the raw
 * table the scan baseline reads.
 *
 *   npm run bench:reporting -- [--events 1000000] [--checkpoints 100000,1000000] [--batch 100] [--concurrency 4]
 */
import { parseArgs } from 'node:util';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import '../../shared/contracts/index.ts';
import type { Envelope } from '../../shared/contracts/envelope.ts';
import { DynamoDbAggregateStore } from '../../services/reporting/adapters/outbound/dynamodb-aggregate-store.ts';
import { renderers } from '../../services/reporting/adapters/outbound/render/index.ts';
import { recordEvents } from '../../services/reporting/app/record-events.ts';
import { progressData } from '../../services/reporting/app/report-data.ts';
import type { AggregateStore } from '../../services/reporting/app/ports.ts';
import { planEvent } from '../../services/reporting/domain/measures.ts';
import { FORMATS, type ReportJob } from '../../services/reporting/domain/report.ts';
import { startDynamoDbLocal } from '../../local/runtime/dynamodb-local.ts';
import { freePort } from '../../local/runtime/ports.ts';
import { FakeAggregateStore } from '../unit/services/reporting/fakes.ts';
import { generate } from './reporting-events.ts';
import { machine, printBars, printTable } from './support.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    checkpoints: { type: 'string', default: '100000,1000000' },
    batch: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    seed: { type: 'string', default: '42' },
    'fast-from': { type: 'string', default: '' },
    /** `off`: no raw writes and no scan (only the report from the aggregates is timed). */
    baseline: { type: 'string', default: 'on' },
  },
});
const EVENTS = Number(values.events);
const CHECKPOINTS = values
  .checkpoints!.split(',')
  .map(Number)
  .filter((n) => n > 0 && n <= EVENTS);
if (!CHECKPOINTS.includes(EVENTS)) CHECKPOINTS.push(EVENTS);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);
const NOW = new Date('2026-11-30T03:00:00Z');
/**
 * Past this many events, stop loading through the consumer (too slow on a shared machine for a
 * million) and add the rest up in memory with the same mapping, then write the resulting cells with
 * BatchWriteItem into a fresh table for the report to read: the report's time depends on the
 * cells, not on how they were written. Loading figures are the consumer's only.
 */
const FAST_FROM = values['fast-from'] ? Number(values['fast-from']) : Infinity;
const BASELINE = values.baseline !== 'off';

async function createTable(db: DynamoDBClient, name: string) {
  await db.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}

/** Run `work` over `items` with at most `n` at once. */
async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function rawWrite(doc: DynamoDBDocumentClient, table: string, events: Envelope[]): Promise<void> {
  const requests: Envelope[][] = [];
  for (let i = 0; i < events.length; i += 25) requests.push(events.slice(i, i + 25));
  await pool(requests, 16, async (chunk) => {
    let items: Record<string, unknown>[] | undefined = chunk.map((e) => ({
      PutRequest: { Item: { pk: e.id, sk: 'E', body: JSON.stringify(e) } },
    }));
    while (items?.length) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: items as never } }));
      items = out.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
    }
  });
}

/** The baseline: read every raw event (4 parallel scan segments) and compute the figures from them. */
async function scanReport(doc: DynamoDBDocumentClient, table: string, job: ReportJob) {
  const store = new FakeAggregateStore();
  let scanned = 0;
  await Promise.all(
    [0, 1, 2, 3].map(async (segment) => {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(new ScanCommand({ TableName: table, Segment: segment, TotalSegments: 4, ExclusiveStartKey: start }));
        const plans = (out.Items ?? []).map((i) => planEvent(JSON.parse(i.body as string) as Envelope));
        scanned += plans.length;
        await store.apply(plans);
        start = out.LastEvaluatedKey;
      } while (start);
    }),
  );
  return { data: await progressData(store, job, NOW), scanned };
}

/** The in-memory cells written as items of a fresh aggregates table (what the consumer's ADDs leave). */
async function cellsTable(doc: DynamoDBDocumentClient, db: DynamoDBClient, cells: FakeAggregateStore, name: string) {
  await createTable(db, name);
  const items = [...cells.rows.entries()].map(([k, row]) => {
    const [year, dim] = k.split('|');
    return { pk: `C#${year}#${dim}`, sk: row.value, ...(row.label ? { label: row.label } : {}), ...row.measures };
  });
  const requests: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += 25) requests.push(items.slice(i, i + 25));
  await pool(requests, 8, async (chunk) => {
    let pending: Record<string, unknown>[] | undefined = chunk.map((Item) => ({ PutRequest: { Item } }));
    while (pending?.length) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [name]: pending as never } }));
      pending = out.UnprocessedItems?.[name] as Record<string, unknown>[] | undefined;
    }
  });
  console.log(`  ${fmt(items.length)} cells written to ${name}`);
  return new DynamoDbAggregateStore(doc, name, () => NOW);
}

const annualJob: ReportJob = {
  id: 'annual-2026-bench',
  kind: 'progress',
  period: 'annual',
  from: '2026-01-01',
  to: '2026-12-31',
  language: 'vi',
  trigger: 'request',
  requestedBy: 'bench',
  requestedByAgency: 'so-tai-chinh',
  status: 'running',
  createdAt: NOW.toISOString(),
  files: [],
};

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** A rate, or a dash when nothing was measured (no events through the consumer, or --baseline off). */
const rate = (n: number, ms: number) => (n > 0 && ms > 0 ? fmt((n / ms) * 1000) : '—');

async function main() {
  const port = await freePort();
  const ddb = await startDynamoDbLocal({ port });
  const db = new DynamoDBClient({
    endpoint: ddb.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 10,
  });
  const doc = DynamoDBDocumentClient.from(db, { marshallOptions: { removeUndefinedValues: true } });
  await createTable(db, 'aggregates');
  await createTable(db, 'raw');
  const store = new DynamoDbAggregateStore(doc, 'aggregates', () => NOW);
  console.log(
    `reporting bench: ${fmt(EVENTS)} events, batches of ${BATCH}, ${CONCURRENCY} at once; ${machine()}; DynamoDB Local in memory`,
  );

  const results: {
    at: number;
    aggMs: number;
    rawMs: number;
    reportMs: number;
    renderMs: number;
    scanMs: number;
    scanned: number;
    same: boolean;
    fast: boolean;
  }[] = [];
  let aggMs = 0;
  let rawMs = 0;
  let loaded = 0;
  let consumed = 0;
  const mirror = new FakeAggregateStore();
  const source = generate(EVENTS, Number(values.seed));
  for (const checkpoint of CHECKPOINTS) {
    while (loaded < checkpoint) {
      // Segments of 10,000 events: generated, written raw, then aggregated.
      const segment: Envelope[] = [];
      for (let i = 0; i < 10_000 && loaded + segment.length < checkpoint; i++) segment.push(source.next().value as Envelope);
      let t = performance.now();
      if (BASELINE) {
        await rawWrite(doc, 'raw', segment);
        rawMs += performance.now() - t;
      }
      await mirror.apply(segment.map(planEvent));
      if (loaded < FAST_FROM) {
        const batches: Envelope[][] = [];
        for (let i = 0; i < segment.length; i += BATCH) batches.push(segment.slice(i, i + BATCH));
        t = performance.now();
        await pool(batches, CONCURRENCY, async (b) => void (await recordEvents({ store }, b)));
        aggMs += performance.now() - t;
        consumed += segment.length;
      }
      loaded += segment.length;
      if (loaded % 50_000 === 0 || loaded === checkpoint) {
        console.log(
          `  ${fmt(loaded)} loaded: aggregates ${rate(consumed, aggMs)} events/s (over ${fmt(consumed)}), raw writes ${rate(loaded, rawMs)} items/s`,
        );
      }
    }
    const fast = checkpoint > consumed;
    const cellsStore = fast ? await cellsTable(doc, db, mirror, `aggregates-${checkpoint}`) : store;
    // Count the cells a report reads: what its time depends on.
    let cellsRead = 0;
    const reportStore: AggregateStore = {
      apply: (events) => cellsStore.apply(events),
      cells: async (year, dim, range) => {
        const rows = await cellsStore.cells(year, dim, range);
        cellsRead += rows.length;
        return rows;
      },
    };
    // One untimed run (the first in a process also pays for loading code), then three timed: the median.
    const timings: number[] = [];
    const renderings: number[] = [];
    let data = await progressData(reportStore, annualJob, NOW);
    for (let i = 0; i < 3; i++) {
      let t = performance.now();
      data = await progressData(reportStore, annualJob, NOW);
      timings.push(performance.now() - t);
      t = performance.now();
      await renderers.progress(data, FORMATS);
      renderings.push(performance.now() - t);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const readPerReport = cellsRead / 4;
    const reportMs = median(timings);
    const renderMs = median(renderings);
    const t = performance.now();
    const scan = BASELINE ? await scanReport(doc, 'raw', annualJob) : { data, scanned: 0 };
    const scanMs = performance.now() - t;
    // Same figures both ways, but for two things order decides: the month a distinct SME is
    // counted in is that of the grant processed first (the scan reads in hash order), and the time stamp.
    const strip = (d: typeof data) =>
      JSON.stringify({ ...d, generatedAt: '', trend: d.trend.map((t) => ({ ...t, values: { ...t.values, supportedSmes: 0 } })) });
    results.push({
      at: checkpoint,
      aggMs,
      rawMs,
      reportMs,
      renderMs,
      scanMs,
      scanned: scan.scanned,
      same: strip(scan.data) === strip(data),
      fast,
    });
    console.log(
      `  report at ${fmt(checkpoint)}${fast ? ` (cells of events past ${fmt(consumed)} added up in memory, written by BatchWriteItem)` : ''}: from the aggregates ${secs(reportMs)}, ${fmt(readPerReport)} cells read (+ ${secs(renderMs)} to render JSON, CSV, XLSX, PDF); by a scan of ${fmt(scan.scanned)} raw events ${secs(scanMs)}; same figures: ${results.at(-1)!.same}`,
    );
  }

  const last = results.at(-1)!;
  printTable('Loading', [
    ['events through the consumer', fmt(consumed)],
    ['aggregates (recordEvents)', `${rate(consumed, last.aggMs)} events/s (${secs(last.aggMs)})`],
    ['raw BatchWriteItem, same run', `${rate(last.at, last.rawMs)} items/s (${fmt(BASELINE ? last.at : 0)} items, ${secs(last.rawMs)})`],
    ['ratio', consumed > 0 && BASELINE ? (consumed / last.aggMs / (last.at / last.rawMs)).toFixed(2) : '—'],
    [
      'transactions',
      store.stats.transactions
        ? `${fmt(store.stats.transactions)}, ${(store.stats.items / store.stats.transactions).toFixed(1)} items each, ` +
          `${(store.stats.items / consumed).toFixed(2)} items an event; ${fmt(store.stats.retries)} retried`
        : '—',
    ],
  ]);
  printTable(
    'Annual report',
    results.flatMap(
      (r) =>
        [
          [`${fmt(r.at)} events: from aggregates${r.fast ? '*' : ''}`, `${secs(r.reportMs)} (render ${secs(r.renderMs)})`],
          [`${fmt(r.at)} events: scan of raw records`, `${secs(r.scanMs)}  (same figures: ${r.same})`],
        ] as [string, string][],
    ),
  );
  printBars(
    'Annual report time, seconds',
    results.flatMap(
      (r) =>
        [
          [`aggregates @ ${fmt(r.at)}`, r.reportMs / 1000],
          [`raw scan   @ ${fmt(r.at)}`, r.scanMs / 1000],
        ] as [string, number][],
    ),
    { unit: 's' },
  );
  await ddb.stop();
  db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
