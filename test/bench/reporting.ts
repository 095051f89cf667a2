/**
 * Reporting benchmark: N domain events (default 1,000,000) loaded into the aggregates through the
 * consumer's own path — `recordEvents` → the DynamoDB store's `apply`, batches of --batch events as
 * the AWS consumer gets them, --concurrency batches at once — every one of them; at each checkpoint
 * (default 100,000 and 1,000,000) the annual report is produced from the aggregates and, as the
 * baseline, the same figures computed by scanning the raw events. The loading time includes the
 * fold: `apply` folds pending deltas into the cells as they pile up, and at each checkpoint the
 * deltas still pending are folded until none is left, timed with the loading.
 *
 * Also measured in the same run on the same server: the store's raw write rate — the same events
 * written as plain items with BatchWriteItem (25 a request, 16 concurrent) — which is also the raw
 * table the scan baseline reads.
 *
 * A million events through the consumer take hours on a shared machine, so a run can be cut into
 * parts: with --data-dir, DynamoDB Local keeps its tables on disk and the run's progress (events
 * loaded, times, counters) in `bench-state.json` beside them; --minutes ends a part after that long
 * (at a segment boundary), and the next run with the same --data-dir goes on from there.
 *
 *   npm run bench:reporting -- [--events 1000000] [--checkpoints 100000,1000000] [--batch 100] [--concurrency 4]
 *                              [--data-dir DIR] [--minutes M] [--segment 10000] [--baseline off]
 */
import { forEachLimit } from '../../shared/concurrency.ts';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import '../../shared/contracts/index.ts';
import type { Envelope } from '../../shared/contracts/envelope.ts';
import { DynamoDbAggregateStore, newStats } from '../../services/reporting/adapters/outbound/dynamodb-aggregate-store.ts';
import { renderers } from '../../services/reporting/adapters/outbound/render/index.ts';
import { recordEvents } from '../../services/reporting/app/record-events.ts';
import { progressData } from '../../services/reporting/app/report-data.ts';
import type { AggregateStore } from '../../services/reporting/app/ports.ts';
import { planEvent } from '../../services/reporting/domain/measures.ts';
import { FORMATS, type ReportJob } from '../../services/reporting/domain/report.ts';
import { startDynamoDbLocal } from '../../local/runtime/dynamodb-local.ts';
import { freePort } from '../../local/runtime/ports.ts';
import { FakeAggregateStore, FakePlans } from '../unit/services/reporting/fakes.ts';
import { generate } from './reporting-events.ts';
import { machine, printBars, printTable } from './support.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    checkpoints: { type: 'string', default: '100000,1000000' },
    batch: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    seed: { type: 'string', default: '42' },
    /** Events generated, written raw and loaded at a time (progress is printed and saved after each). */
    segment: { type: 'string', default: '10000' },
    /** Keep the tables and the run's progress on disk here, and go on from where the last run stopped. */
    'data-dir': { type: 'string', default: '' },
    /** End this part of the run after about this many minutes of loading (0: no limit). */
    minutes: { type: 'string', default: '0' },
    /** `off`: no raw writes and no scan (only the report from the aggregates is timed). */
    baseline: { type: 'string', default: 'on' },
    /** `apply` folds at this many pending deltas (default: the store's own). */
    'fold-at': { type: 'string', default: '' },
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
const BASELINE = values.baseline !== 'off';
const DATA_DIR = values['data-dir'] || undefined;
const MINUTES = Number(values.minutes);
const SEGMENT = Number(values.segment);

/** What a run has done so far: saved after each segment when the tables are on disk. */
interface Progress {
  events: number;
  seed: number;
  loaded: number;
  aggMs: number;
  rawMs: number;
  stats: DynamoDbAggregateStore['stats'];
  results: Result[];
}
interface Result {
  at: number;
  aggMs: number;
  rawMs: number;
  reportMs: number;
  renderMs: number;
  scanMs: number;
  scanned: number;
  cellsRead: number;
  same: boolean;
}
const stateFile = DATA_DIR ? join(DATA_DIR, 'bench-state.json') : undefined;
function loadProgress(): Progress {
  const fresh: Progress = {
    events: EVENTS,
    seed: Number(values.seed),
    loaded: 0,
    aggMs: 0,
    rawMs: 0,
    stats: newStats(),
    results: [],
  };
  if (!stateFile || !existsSync(stateFile)) return fresh;
  const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as Progress;
  if (saved.events !== fresh.events || saved.seed !== fresh.seed)
    throw new Error(`${stateFile} is a run of ${saved.events} events (seed ${saved.seed}): use another --data-dir`);
  return saved;
}
const saveProgress = (p: Progress) => stateFile && writeFileSync(stateFile, JSON.stringify(p, null, 2));

async function createTable(db: DynamoDBClient, name: string) {
  const { TableNames = [] } = await db.send(new ListTablesCommand({}));
  if (TableNames.includes(name)) return;
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

async function rawWrite(doc: DynamoDBDocumentClient, table: string, events: Envelope[]): Promise<void> {
  const requests: Envelope[][] = [];
  for (let i = 0; i < events.length; i += 25) requests.push(events.slice(i, i + 25));
  await forEachLimit(requests, 16, async (chunk) => {
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
  return { data: await progressData({ store, plans: new FakePlans() }, job, NOW), scanned };
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
  if (DATA_DIR) mkdirSync(DATA_DIR, { recursive: true });
  const progress = loadProgress();
  const port = await freePort();
  const ddb = await startDynamoDbLocal({ port, ...(DATA_DIR ? { dataDir: DATA_DIR } : {}) });
  const db = new DynamoDBClient({
    endpoint: ddb.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 10,
  });
  const doc = DynamoDBDocumentClient.from(db, { marshallOptions: { removeUndefinedValues: true } });
  await createTable(db, 'aggregates');
  await createTable(db, 'raw');
  const store = new DynamoDbAggregateStore(doc, 'aggregates', () => NOW, values['fold-at'] ? { foldAt: Number(values['fold-at']) } : {});
  Object.assign(store.stats, progress.stats, {
    kinds: { ...store.stats.kinds, ...progress.stats.kinds },
    fold: { ...store.stats.fold, ...progress.stats.fold },
    ms: { ...store.stats.ms, ...progress.stats.ms },
  });
  console.log(
    `reporting bench: ${fmt(EVENTS)} events, batches of ${BATCH}, ${CONCURRENCY} at once; ${machine()}; ` +
      `DynamoDB Local ${DATA_DIR ? `on disk (${DATA_DIR})` : 'in memory'}` +
      (progress.loaded ? `; going on from ${fmt(progress.loaded)} events loaded before` : ''),
  );

  const source = generate(EVENTS, progress.seed);
  // The generator is seeded: the events loaded before are the first ones it gives again.
  for (let i = 0; i < progress.loaded; i++) source.next();
  const started = performance.now();
  const deadline = MINUTES > 0 ? started + MINUTES * 60_000 : Infinity;
  for (const checkpoint of CHECKPOINTS) {
    if (progress.results.some((r) => r.at === checkpoint)) continue;
    while (progress.loaded < checkpoint) {
      if (performance.now() > deadline) {
        saveProgress(progress);
        console.log(`  stopped after ${MINUTES} min at ${fmt(progress.loaded)} events; run again with --data-dir ${DATA_DIR} to go on`);
        await ddb.stop();
        db.destroy();
        return;
      }
      // Segments of 10,000 events: generated, written raw, then every one through the consumer's path.
      const segment: Envelope[] = [];
      for (let i = 0; i < SEGMENT && progress.loaded + segment.length < checkpoint; i++) segment.push(source.next().value as Envelope);
      let t = performance.now();
      if (BASELINE) {
        await rawWrite(doc, 'raw', segment);
        progress.rawMs += performance.now() - t;
      }
      const batches: Envelope[][] = [];
      for (let i = 0; i < segment.length; i += BATCH) batches.push(segment.slice(i, i + BATCH));
      t = performance.now();
      await forEachLimit(batches, CONCURRENCY, async (b) => void (await recordEvents({ store, plans: new FakePlans() }, b)));
      const segmentMs = performance.now() - t;
      progress.aggMs += segmentMs;
      progress.loaded += segment.length;
      progress.stats = { ...store.stats, kinds: { ...store.stats.kinds }, fold: { ...store.stats.fold }, ms: { ...store.stats.ms } };
      saveProgress(progress);
      const left = EVENTS - progress.loaded;
      const perEvent = progress.aggMs / progress.loaded;
      console.log(
        `  ${fmt(progress.loaded)} / ${fmt(EVENTS)} through the consumer: ${rate(segment.length, segmentMs)} events/s this segment, ` +
          `${rate(progress.loaded, progress.aggMs)} overall; raw writes ${rate(progress.loaded, progress.rawMs)} items/s; ` +
          `${(store.stats.items / progress.loaded).toFixed(2)} items an event; ~${Math.round((left * perEvent) / 60_000)} min of loading left`,
      );
    }
    // The deltas still pending are folded into the cells, timed as loading: the cells hold every event then.
    const t0 = performance.now();
    for (let i = 0; ; i++) {
      const out = await store.fold();
      if (!out.busy && out.deltas === 0) break;
      if (out.busy) await new Promise((r) => setTimeout(r, 100));
      if (i > 10_000) throw new Error('the deltas could not be folded');
    }
    progress.aggMs += performance.now() - t0;
    progress.stats = { ...store.stats, kinds: { ...store.stats.kinds }, fold: { ...store.stats.fold }, ms: { ...store.stats.ms } };
    saveProgress(progress);
    console.log(
      `  ${fmt(checkpoint)} events folded: ${secs(performance.now() - t0)} for the last deltas; ` +
        `${rate(progress.loaded, progress.aggMs)} events/s overall`,
    );
    // Count the cells a report reads: what its time depends on.
    let cellsRead = 0;
    const reportStore: AggregateStore = {
      apply: (events) => store.apply(events),
      cells: async (year, dim, range) => {
        const rows = await store.cells(year, dim, range);
        cellsRead += rows.length;
        return rows;
      },
    };
    // One untimed run (the first in a process also pays for loading code), then three timed: the median.
    const timings: number[] = [];
    const renderings: number[] = [];
    let data = await progressData({ store: reportStore, plans: new FakePlans() }, annualJob, NOW);
    for (let i = 0; i < 3; i++) {
      let t = performance.now();
      data = await progressData({ store: reportStore, plans: new FakePlans() }, annualJob, NOW);
      timings.push(performance.now() - t);
      t = performance.now();
      await renderers.progress(data, FORMATS);
      renderings.push(performance.now() - t);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const t = performance.now();
    const scan = BASELINE ? await scanReport(doc, 'raw', annualJob) : { data, scanned: 0 };
    const scanMs = performance.now() - t;
    // Distinct counts are per cell, so the order the scan reads events in changes nothing: only the time stamp differs.
    const strip = (d: typeof data) => JSON.stringify({ ...d, generatedAt: '' });
    const result: Result = {
      at: checkpoint,
      aggMs: progress.aggMs,
      rawMs: progress.rawMs,
      reportMs: median(timings),
      renderMs: median(renderings),
      scanMs,
      scanned: scan.scanned,
      cellsRead: cellsRead / 4,
      same: strip(scan.data) === strip(data),
    };
    progress.results.push(result);
    saveProgress(progress);
    console.log(
      `  report at ${fmt(checkpoint)}: from the aggregates ${secs(result.reportMs)}, ${fmt(result.cellsRead)} cells read (+ ${secs(result.renderMs)} to render JSON, CSV, XLSX, PDF); by a scan of ${fmt(scan.scanned)} raw events ${secs(scanMs)}; same figures: ${result.same}`,
    );
  }

  const results = progress.results;
  const consumed = progress.loaded;
  const fold = store.stats.fold;
  const foldWrites = fold.cells + fold.done + fold.deletes + fold.control;
  printTable('Loading', [
    ['events through the consumer', fmt(consumed)],
    ['aggregates (recordEvents → apply)', `${rate(consumed, progress.aggMs)} events/s (${secs(progress.aggMs)})`],
    [
      'raw BatchWriteItem, same run',
      `${rate(consumed, progress.rawMs)} items/s (${fmt(BASELINE ? consumed : 0)} items, ${secs(progress.rawMs)})`,
    ],
    ['ratio', consumed > 0 && BASELINE ? (consumed / progress.aggMs / (consumed / progress.rawMs)).toFixed(2) : '—'],
    [
      'transactions',
      store.stats.transactions
        ? `${fmt(store.stats.transactions)}, ${(store.stats.items / store.stats.transactions).toFixed(1)} items each, ` +
          `${(store.stats.items / consumed).toFixed(2)} items an event; ${fmt(store.stats.retries)} retried`
        : '—',
    ],
    [
      'items an event, by kind',
      consumed
        ? `${Object.entries(store.stats.kinds)
            .map(([kind, n]) => `${kind} ${(n / consumed).toFixed(2)}`)
            .join(', ')} (processed markers, distinct markers, state items, deltas)`
        : '—',
    ],
    [
      'fold: rounds, deltas, cells',
      `${fmt(fold.rounds)} rounds, ${fmt(fold.deltas)} deltas (${(fold.deltas / Math.max(1, fold.rounds)).toFixed(1)} a round), ` +
        `${fmt(fold.cells)} cell updates (${(fold.cells / Math.max(1, fold.rounds)).toFixed(0)} a round; ${fmt(fold.done)} found done); ` +
        `${fmt(fold.failures)} failed`,
    ],
    [
      'deltas',
      `${fmt(store.stats.kinds.delta)} written, ${fmt(store.stats.deltaBytes / Math.max(1, store.stats.kinds.delta))} bytes each on average; ` +
        `time in transactions ${secs(store.stats.ms.transactions)}, in folds within apply ${secs(store.stats.ms.fold)} (summed over the ${CONCURRENCY} consumers)`,
    ],
    [
      'fold: items an event',
      consumed
        ? `${(foldWrites / consumed).toFixed(2)}: cell updates ${((fold.cells + fold.done) / consumed).toFixed(2)} ` +
          `(in ${fmt(fold.writes)} transactions of ${((fold.cells + fold.done) / Math.max(1, fold.writes)).toFixed(0)}), ` +
          `delta deletes ${(fold.deletes / consumed).toFixed(2)}, control ${(fold.control / consumed).toFixed(3)}`
        : '—',
    ],
  ]);
  printTable(
    'Annual report',
    results.flatMap(
      (r) =>
        [
          [`${fmt(r.at)} events: from aggregates`, `${secs(r.reportMs)}, ${fmt(r.cellsRead)} cells (render ${secs(r.renderMs)})`],
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
