/**
 * Registry feed benchmark: autocannon drives POST /registry/events on the local runtime with
 * signed batches of synthetic events (default 30 s, 50 connections, 100 events a batch) and the
 * run prints p50/p99 latency, requests/s and events/s, then checks that every accepted event was
 * applied exactly once: each applied event id has one `applied` answer and one stored event-id
 * record, and the history holds one entry per applied change.
 *
 * Baseline, measured in the same run: GET /health under the same load (the gateway, auth-free
 * handler path and one DynamoDB call), so the feed's figures can be read against the platform's
 * own floor on this machine.
 *
 *   npx tsx test/bench/registry-feed.ts [--duration 30] [--connections 50] [--batch 100]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { generateEvents, type SyntheticRegistryEvent } from '../../services/registry/domain/synthetic.ts';
import { sign } from '../../services/registry/domain/signature.ts';
import { LOCAL_WEBHOOK_SECRET } from '../../local/runtime/runtime.ts';
import { startRuntimeProcess } from '../support/runtime-process.ts';
import { machine, printBars, printTable } from './support.ts';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '30' }, connections: { type: 'string', default: '50' }, batch: { type: 'string', default: '100' } },
});
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const BATCH = Number(values.batch);

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: true, renderResultsTable: false, renderLatencyTable: false });
  });
}

/** Count items of the registry table by key prefix (a scan: benchmark bookkeeping only). */
async function countItems(endpoint: string): Promise<{ eventIds: number; appliedIds: number; history: number; profiles: number }> {
  const db = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const counts = { eventIds: 0, appliedIds: 0, history: 0, profiles: 0 };
  let start: Record<string, any> | undefined;
  do {
    const out = await db.send(new ScanCommand({ TableName: 'registry-enterprises', ProjectionExpression: 'pk, sk, outcome', ExclusiveStartKey: start }));
    for (const i of out.Items ?? []) {
      const pk = i.pk?.S ?? '';
      const sk = i.sk?.S ?? '';
      if (pk.startsWith('EVT#')) {
        counts.eventIds += 1;
        if (i.outcome?.S === 'applied') counts.appliedIds += 1;
      } else if (sk.startsWith('HIST#')) counts.history += 1;
      else if (sk === 'PROFILE') counts.profiles += 1;
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return counts;
}

async function main() {
  console.log(`machine: ${machine()}`);
  const runtime = await startRuntimeProcess(['--in-memory'], 60_000, { fixtures: false });
  try {
    const url = runtime.info.url;
    console.log(`\nbaseline: GET /health, ${CONNECTIONS} connections, 10 s`);
    const baseline = await run({ url: `${url}/health`, connections: CONNECTIONS, duration: 10 });

    // Second floor: the same request shape and size, every event invalid (a commune outside Hanoi) —
    // signature, parsing and validation of 100 events, nothing stored. An implementation that only
    // accepted batches and applied them later could not answer faster than this.
    const invalid = generateEvents({ count: 1_000_000, seed: 7, eventIdPrefix: 'floor' });
    console.log(`\nfloor: POST /registry/events, ${BATCH} events that all fail validation, ${CONNECTIONS} connections, 10 s`);
    let floorNon2xx = 0;
    const floor = await run({
      url,
      connections: CONNECTIONS,
      duration: 10,
      timeout: 120,
      requests: [
        {
          method: 'POST',
          path: '/registry/events',
          setupRequest: (req) => {
            const events: SyntheticRegistryEvent[] = [];
            for (let i = 0; i < BATCH; i++) {
              const e = invalid.next().value as SyntheticRegistryEvent;
              events.push({ ...e, enterprise: { ...e.enterprise, communeCode: '99999' } });
            }
            const body = JSON.stringify({ events });
            const ts = String(Math.floor(Date.now() / 1000));
            return { ...req, body, headers: { 'content-type': 'application/json', 'x-registry-timestamp': ts, 'x-registry-signature': sign(LOCAL_WEBHOOK_SECRET, ts, body) } };
          },
          onResponse: (status) => {
            if (status !== 202) floorNon2xx += 1;
          },
        },
      ],
    });

    const source: Iterator<SyntheticRegistryEvent> = generateEvents({ count: 5_000_000, seed: 2026, eventIdPrefix: 'bench' });
    const answers = new Map<string, string[]>();
    let sent = 0;
    let non2xx = 0;
    /** Events of requests whose answer was not a 202 (e.g. the function timed out): their fate is unknown to the caller. */
    let unknownFate = 0;

    console.log(`\nfeed: POST /registry/events, batches of ${BATCH}, ${CONNECTIONS} connections, ${DURATION} s`);
    const result = await run({
      url,
      connections: CONNECTIONS,
      duration: DURATION,
      // Long enough that a slow answer is measured as latency, not dropped as a timeout.
      timeout: 120,
      requests: [
        {
          method: 'POST',
          path: '/registry/events',
          setupRequest: (req, context) => {
            const events: SyntheticRegistryEvent[] = [];
            for (let i = 0; i < BATCH; i++) events.push(source.next().value as SyntheticRegistryEvent);
            sent += events.length;
            (context as { batch?: number }).batch = events.length;
            const body = JSON.stringify({ events });
            const ts = String(Math.floor(Date.now() / 1000));
            return {
              ...req,
              body,
              headers: { 'content-type': 'application/json', 'x-registry-timestamp': ts, 'x-registry-signature': sign(LOCAL_WEBHOOK_SECRET, ts, body) },
            };
          },
          onResponse: (status, body, context) => {
            if (status !== 202) {
              non2xx += 1;
              unknownFate += (context as { batch?: number }).batch ?? BATCH;
              return;
            }
            for (const r of (JSON.parse(body) as { results: { eventId: string; outcome: string }[] }).results) {
              const list = answers.get(r.eventId) ?? [];
              list.push(r.outcome);
              answers.set(r.eventId, list);
            }
          },
        },
      ],
    });

    // Exactly once: one answer per event; one stored id per applied event; one history entry each.
    const outcomes: Record<string, number> = {};
    let answeredTwice = 0;
    for (const list of answers.values()) {
      if (list.length > 1) answeredTwice += 1;
      for (const o of list) outcomes[o] = (outcomes[o] ?? 0) + 1;
    }
    const applied = outcomes.applied ?? 0;
    let stored = await countItems(runtime.info.endpoints.dynamodb);
    // History is written from the change stream, behind the feed: wait while it keeps catching up
    // (it stops only when done, or when nothing moved for 30 s).
    let lastMove = Date.now();
    while (stored.history < stored.appliedIds && Date.now() - lastMove < 30_000) {
      await new Promise((r) => setTimeout(r, 2000));
      const now = await countItems(runtime.info.endpoints.dynamodb);
      if (now.history !== stored.history) lastMove = Date.now();
      stored = now;
      process.stdout.write(`\r  history catching up: ${stored.history} / ${stored.appliedIds}`);
    }
    process.stdout.write('\n');
    // Events whose answer was not read — requests still in flight when the run stopped (at most one
    // batch per connection) and requests answered with an error — may have been applied; nothing
    // else may be stored beyond what was answered `applied`.
    const unanswered = stored.appliedIds - applied;
    const exactlyOnce =
      answeredTwice === 0 && stored.history === stored.appliedIds && unanswered >= 0 && unanswered <= CONNECTIONS * BATCH + unknownFate;

    const events = [...answers.values()].length;
    printTable('registry-feed', [
      ['requests (non-2xx, errors, timeouts)', `${result.requests.total} (${non2xx}, ${result.errors}, ${result.timeouts})`],
      ['latency p50 / p99 / max', `${result.latency.p50} / ${result.latency.p99} / ${result.latency.max} ms  (target p99 < 150 ms)`],
      ['requests/s (mean)', result.requests.average.toFixed(1)],
      ['events answered / s', `${(events / DURATION).toFixed(0)}  (${events.toLocaleString()} of ${sent.toLocaleString()} sent)`],
      ['outcomes', Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ')],
      ['stored applied ids / history entries', `${stored.appliedIds} / ${stored.history} (applied without a read answer: ${unanswered}; in error answers: ${unknownFate})`],
      ['exactly once', exactlyOnce ? 'yes' : 'NO'],
      ['baseline GET /health p50 / p99, req/s', `${baseline.latency.p50} / ${baseline.latency.p99} ms, ${baseline.requests.average.toFixed(0)}`],
      ['floor: all-invalid batches p50 / p99, req/s', `${floor.latency.p50} / ${floor.latency.p99} ms, ${floor.requests.average.toFixed(0)} (non-202: ${floorNon2xx})`],
    ]);
    printBars(
      'latency, ms (baseline /health vs. the feed)',
      [
        ['GET /health p50', baseline.latency.p50],
        ['GET /health p99', baseline.latency.p99],
        ['all-invalid batch p50', floor.latency.p50],
        ['all-invalid batch p99', floor.latency.p99],
        ['feed p50', result.latency.p50],
        ['feed p99', result.latency.p99],
      ],
      { unit: 'ms', mark: { at: 150, label: 'target p99 < 150 ms' } },
    );
    if (!exactlyOnce || non2xx > 0 || result.errors > 0) process.exitCode = 1;
  } finally {
    await runtime.stop();
  }
}

await main();
