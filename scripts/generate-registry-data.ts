/**
 * Writes a synthetic enterprise-registry file for bulk imports and load tests, streaming (constant
 * memory, write-stream backpressure via stream.pipeline).
 *
 *   npx tsx scripts/generate-registry-data.ts --count 200000 --format csv --seed 42 --out registry.csv [--bad-rate 0.01]
 *
 * --count N        enterprises (default 1000)
 * --format F       csv (RFC 4180, CRLF, header line) | ndjson (one event per line, owners included)
 * --seed S         PRNG seed (default 42); the same seed and options give the same bytes
 * --out FILE       output path (required)
 * --bad-rate R     share of rows replaced by an invalid variant (default 0), from a separate stream,
 *                  so the good rows are the same with or without bad ones
 * --mode M         snapshot (default: one row per enterprise, its latest state — N rows) |
 *                  events (every event: registered, amended, suspended, resumed, dissolved)
 * --as-of DATE     nothing is founded or occurs after DATE (default 2026-11-01)
 * --classify-all   classify every good row for the size-class summary; by default a systematic
 *                  sample of about 5,000 rows (classifySize costs 100–200 µs a call: it formats
 *                  its reasons with toLocaleString, so all 200,000 rows would add ~30 s)
 *
 * Prints rows written, bad rows (by variant), bytes, seconds and the size-class distribution.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { classifySize, type SizeClass } from '../services/registry/domain/size-class.ts';
import {
  CSV_EOL,
  CSV_HEADER,
  DEFAULT_AS_OF,
  generateEvents,
  latestStates,
  makeInvalid,
  mulberry32,
  toCsvRow,
  toNdjsonLine,
  type InvalidVariant,
  type SyntheticRegistryEvent,
} from '../local/data/synthetic-enterprises.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    format: { type: 'string', default: 'csv' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
    'bad-rate': { type: 'string', default: '0' },
    mode: { type: 'string', default: 'snapshot' },
    'as-of': { type: 'string', default: DEFAULT_AS_OF },
    'classify-all': { type: 'boolean', default: false },
  },
  strict: true,
});

function fail(message: string): never {
  console.error(`generate-registry-data: ${message}`);
  process.exit(2);
}

const count = Number(values.count);
const seed = Number(values.seed);
const badRate = Number(values['bad-rate']);
const format = values.format;
const mode = values.mode;
const asOf = values['as-of'];
if (!Number.isSafeInteger(count) || count < 0) fail(`--count must be a non-negative integer, got ${values.count}`);
if (!Number.isSafeInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
if (!(badRate >= 0 && badRate <= 1)) fail(`--bad-rate must be in [0, 1], got ${values['bad-rate']}`);
if (format !== 'csv' && format !== 'ndjson') fail(`--format must be csv or ndjson, got ${format}`);
if (mode !== 'snapshot' && mode !== 'events') fail(`--mode must be snapshot or events, got ${mode}`);
if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) fail(`--as-of must be YYYY-MM-DD, got ${asOf}`);
if (!values.out) fail('--out FILE is required');
const out = values.out;

const SAMPLE = 5_000;
const classifyEvery = values['classify-all'] ? 1 : Math.max(1, Math.ceil(count / SAMPLE));

const stats = {
  rows: 0,
  bad: 0,
  badByVariant: {} as Partial<Record<InvalidVariant, number>>,
  bytes: 0,
  classified: 0,
  sizeClasses: { micro: 0, small: 0, medium: 0, 'not-sme': 0 } as Record<SizeClass, number>,
};

/** Rows batched into ~64 KiB strings: fewer, larger writes; pipeline pauses the generator on backpressure. */
function* chunks(): Generator<string> {
  const events = generateEvents({ count, seed, asOf });
  const rows: Iterable<SyntheticRegistryEvent> = mode === 'snapshot' ? latestStates(events) : events;
  const badRng = mulberry32((seed ^ 0x5bd1e995) >>> 0);
  const serialise = format === 'csv' ? toCsvRow : toNdjsonLine;
  const eol = format === 'csv' ? CSV_EOL : '\n';
  let buffer = format === 'csv' ? `${CSV_HEADER}${eol}` : '';
  let good = 0;
  for (const event of rows) {
    let row = event;
    if (badRate > 0 && badRng() < badRate) {
      const bad = makeInvalid(event, badRng);
      row = bad.event;
      stats.bad++;
      stats.badByVariant[bad.variant] = (stats.badByVariant[bad.variant] ?? 0) + 1;
    } else if (good++ % classifyEvery === 0) {
      const e = event.enterprise;
      stats.sizeClasses[
        classifySize({ mainVsic: e.vsic.main, employees: e.employees, revenueVnd: e.revenueVnd, totalCapitalVnd: e.totalCapitalVnd }).class
      ]++;
      stats.classified++;
    }
    buffer += serialise(row) + eol;
    stats.rows++;
    if (buffer.length >= 65_536) {
      stats.bytes += Buffer.byteLength(buffer);
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) {
    stats.bytes += Buffer.byteLength(buffer);
    yield buffer;
  }
}

const started = performance.now();
await pipeline(Readable.from(chunks()), createWriteStream(out));
const seconds = (performance.now() - started) / 1000;

const pct = (n: number, of: number) => (of === 0 ? '–' : `${((100 * n) / of).toFixed(1)} %`);
console.log(`wrote ${out} (${format}, ${mode}, seed ${seed}, as of ${asOf})`);
console.log(`  rows       ${stats.rows.toLocaleString('en-US')}${format === 'csv' ? ' (+ header)' : ''}`);
console.log(
  `  bad rows   ${stats.bad.toLocaleString('en-US')} (${pct(stats.bad, stats.rows)})${stats.bad ? ` ${JSON.stringify(stats.badByVariant)}` : ''}`,
);
console.log(`  bytes      ${stats.bytes.toLocaleString('en-US')} (${(stats.bytes / 1024 / 1024).toFixed(1)} MiB)`);
console.log(`  seconds    ${seconds.toFixed(2)}`);
console.log(
  `  size classes (classifySize on ${classifyEvery === 1 ? 'every good row' : `every ${classifyEvery}th good row`}, n = ${stats.classified.toLocaleString('en-US')}):`,
);
for (const [cls, n] of Object.entries(stats.sizeClasses))
  console.log(`    ${cls.padEnd(8)} ${String(n).padStart(7)}  ${pct(n, stats.classified)}`);
