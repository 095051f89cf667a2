/**
 * `npm run demo`: a year of the scheme's work, acted through the running local runtime's API.
 *
 *   npm run demo -- [--year Y] [--until YYYY-MM-DD] [--seed N] [--url http://127.0.0.1:3000]
 *                   [--applications N] [--concurrency N] [--state FILE]
 *
 * By default the current year (the runtime's clock) up to today. Deterministic: the same seed and
 * dates make the same year. The progress is kept after each day (`--state FILE`, by default
 * `demo-year-<Y>.json` in the runtime's data folder), so a run that was stopped resumes from the day
 * it stopped on (`npm start` seeds the demo year this way); a state that is complete makes the
 * command say so and do nothing.
 *
 * At the end it prints how many objects of each kind it made, how long it took, and the runtime's
 * peak resident memory (GET /local/status).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../runtime/aws-emulator.ts';
import { hanoiDay } from '../../shared/time/hanoi.ts';
import { type DemoState, runDemo } from './run.ts';

const root = resolve(import.meta.dirname, '../..');

const HELP = `Usage: npm run demo -- [options]
  --year Y            the year to act (default: the runtime's current year)
  --until DATE        the last day acted on, YYYY-MM-DD (default: today on the runtime's clock, or 31 Dec of a past year)
  --seed N            the seed of the year's draw (default 2026)
  --url URL           the runtime (default http://127.0.0.1:3000)
  --applications N    applications over a whole year (default 2400)
  --concurrency N     acts at once (default 12)
  --state FILE        keep progress there; resume from it after an interruption
                      (default: <the runtime's data dir>/demo-year-<Y>.json; none in memory)`;

interface StateFile {
  done: boolean;
  state: DemoState;
  summary?: string;
}

export function summary(counts: Record<string, number>, elapsedMs: number, peakRssBytes: number, requests: number): string {
  const width = Math.max(...Object.keys(counts).map((k) => k.length));
  const lines = Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `  ${k.padEnd(width)}  ${v.toLocaleString('en')}`);
  const [one, five] = loadavg();
  return [
    'Made:',
    ...lines,
    `Took ${(elapsedMs / 1000).toFixed(0)} s (${requests.toLocaleString('en')} HTTP requests; load average ${one!.toFixed(2)}, ${five!.toFixed(2)} over 1 and 5 min)`,
    `Runtime peak RSS ${(peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      year: { type: 'string' },
      until: { type: 'string' },
      seed: { type: 'string', default: '2026' },
      url: { type: 'string', default: process.env.DEMO_URL ?? 'http://127.0.0.1:3000' },
      applications: { type: 'string' },
      concurrency: { type: 'string' },
      state: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const int = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${v}"`);
    return n;
  };
  const base = values.url!.replace(/\/$/, '');
  const clock = await fetch(`${base}/local/clock`).catch(() => undefined);
  if (!clock?.ok) throw new Error(`no local runtime answers at ${base} (start it with \`npm start\`, or give --url)`);
  const today = hanoiDay(new Date(((await clock.json()) as { now: string }).now));
  const year = int('year', values.year) ?? Number(today.slice(0, 4));
  const until = values.until ?? (year === Number(today.slice(0, 4)) ? today : `${year}-12-31`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) throw new Error(`--until must be YYYY-MM-DD, got "${until}"`);

  // The progress is kept beside the runtime's data by default (one file a year), so a second run
  // on the same data resumes or says it is done instead of acting the year again.
  const dataDir = ((await (await fetch(`${base}/local/status`)).json()) as { dataDir?: string | null }).dataDir ?? null;
  const stateFile = values.state ? resolve(values.state) : dataDir ? resolve(dataDir, `demo-year-${year}.json`) : undefined;
  if (!stateFile)
    console.error('[demo] the runtime keeps its data in memory and no --state was given: running this again acts the year again');
  let resume: DemoState | undefined;
  if (stateFile && existsSync(stateFile)) {
    const kept = JSON.parse(await readFile(stateFile, 'utf8')) as StateFile;
    if (kept.done) {
      console.error(`[demo] the demo year ${kept.state.options.year} is loaded already (${stateFile})`);
      return;
    }
    resume = kept.state;
    console.error(`[demo] resuming the demo year ${resume.options.year} after ${resume.lastDay ?? 'its start'}`);
  }
  const options = resume?.options ?? {
    year,
    until,
    seed: int('seed', values.seed)!,
    ...(values.applications ? { applicationsPerYear: int('applications', values.applications)! } : {}),
  };
  console.error(`[demo] acting ${options.year} from 1 January to ${options.until} (seed ${options.seed}) on ${base}`);
  const result = await runDemo({
    ...options,
    base,
    root,
    ...(values.concurrency ? { concurrency: int('concurrency', values.concurrency)! } : {}),
    ...(resume ? { resume } : {}),
    progress: (line) => console.error(`[demo] ${line}`),
    ...(stateFile ? { checkpoint: (state) => writeFileAtomic(stateFile, JSON.stringify({ done: false, state } satisfies StateFile)) } : {}),
  });
  const text = summary(result.state.counts, result.elapsedMs, result.peakRssBytes, result.state.requests);
  const failed = result.state.log.filter((l) => !l.ok);
  if (stateFile) await writeFileAtomic(stateFile, JSON.stringify({ done: true, state: result.state, summary: text } satisfies StateFile));
  console.log(text);
  if (failed.length > 0) {
    const byKind = new Map<string, number>();
    for (const f of failed) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
    console.log(`Refused or not done (as a real year has them): ${[...byKind.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
}

main().catch((error: unknown) => {
  console.error(`[demo] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
